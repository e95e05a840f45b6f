internal import CGMime

/// GMime's one-time set-up and the conversions of C strings that every wrapper needs.
enum GMimeLibrary {
    /// True once `g_mime_init()` has run; Swift initialises a static `let` exactly once, thread-safely.
    private static let initialized: Bool = {
        g_mime_init()
        return true
    }()

    /// Runs `g_mime_init()` on first use; call before any other GMime function.
    static func ensureInitialized() {
        _ = initialized
    }
}

extension String {
    /// Takes a newly allocated C string from GLib, frees it and returns its text (invalid UTF-8 repaired).
    init?(takingGLibString pointer: UnsafeMutablePointer<CChar>?) {
        guard let pointer else { return nil }
        defer { cgmime_free(pointer) }
        self.init(cString: pointer)
    }

    /// Copies a C string that GMime keeps; nil for a NULL pointer.
    init?(borrowingCString pointer: UnsafePointer<CChar>?) {
        guard let pointer else { return nil }
        self.init(cString: pointer)
    }
}

extension Array where Element == UInt8 {
    /// The bytes of a NUL-terminated C string, without the NUL.
    init(cStringBytes pointer: UnsafePointer<CChar>) {
        let count = strlen(pointer)
        self = pointer.withMemoryRebound(to: UInt8.self, capacity: count) { Array(UnsafeBufferPointer(start: $0, count: count)) }
    }
}
