import Foundation
import SamradTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The test servers themselves: each one is known to hold the port the tests use.
@Suite("Test servers")
struct TestServerTests {
    /// A listening socket on 127.0.0.1, on a port the kernel chose.
    final class Listener {
        let descriptor: Int32
        let port: Int

        init() throws {
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            self.descriptor = descriptor
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(descriptor, $0, length) == 0 && listen(descriptor, 4) == 0 && getsockname(descriptor, $0, &length) == 0
                }
            }
            guard descriptor >= 0, bound else { throw TestSetupError("cannot listen on 127.0.0.1: \(String(cString: strerror(errno)))") }
            port = Int(UInt16(bigEndian: address.sin_port))
        }

        deinit {
            close(descriptor)
        }
    }

    @Test func listeningPortsAreReadFromProc() throws {
        let listener = try Listener()
        #expect(TestTools.listeningPorts(of: getpid()).contains(listener.port))
    }

    /// Between choosing a free port and binding it another process may take it: the sink then
    /// starts again on a fresh one, and is known to hold the port it reports.
    @Test func theSinkStartsAgainOnAFreshPortWhenItsFirstIsTaken() throws {
        let taken = try Listener()
        var offered = [taken.port]
        let sink = try SMTPSink(ports: { offered.isEmpty ? try TestTools.freePort() : offered.removeFirst() })
        defer { sink.stop() }
        #expect(offered.isEmpty)
        #expect(sink.port != taken.port)
        #expect(TestTools.listeningPorts(of: sink.pid).contains(sink.port))
        #expect(!TestTools.listeningPorts(of: sink.pid).contains(taken.port))
    }

    @Test func aiosmtpdReportsThePortItBound() throws {
        let server = try AiosmtpdServer()
        defer { server.stop() }
        #expect(server.port > 0)
        #expect(TestTools.accepts(port: server.port))
    }
}
