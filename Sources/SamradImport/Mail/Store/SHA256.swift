internal import CGMime
import Foundation

/// SHA-256 through GLib's checksum functions.
public enum SHA256 {
    /// The digest of `data` as 64 lower-case hex digits.
    public static func hex(_ data: Data) -> String {
        data.withUnsafeBytes { raw in
            let digest = cgmime_sha256_hex(raw.baseAddress?.assumingMemoryBound(to: guchar.self), gsize(raw.count))
            return String(takingGLibString: digest) ?? ""
        }
    }
}
