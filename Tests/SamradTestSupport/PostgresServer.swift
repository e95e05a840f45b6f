import Foundation

/// A PostgreSQL cluster of the test's own: `initdb` in a temporary folder, `pg_ctl start` on a free port on
/// 127.0.0.1 (as the unprivileged user `samrad-pg` when the tests run as root, since the server refuses to run as
/// root), ready when `pg_ctl start -w` returns and `pg_isready` agrees, and stopped by `stop()` with `pg_ctl stop` on its own data folder.
///
/// Logins over TCP need a password (scram-sha-256), the one the cluster was made with, so the store's password-file
/// reading is what lets it in. The Unix socket in the folder (trust) is for `psql`, which the tests use to look
/// under the store's API.
public final class PostgresServer: @unchecked Sendable {
    /// Debian's `postgresql` installs the server's programs here, one folder per major version.
    public static let debianRoot = "/usr/lib/postgresql"
    public static let package = "postgresql"
    public static let user = "samrad-pg"
    public static let superuser = "samrad"

    public let folder: URL
    public let port: Int
    public let password: String
    public let passwordFile: String
    private let bin: String
    private var running = false

    /// The folder of the newest version's programs, or a failure that names the package.
    public static func binaries() throws -> String {
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: debianRoot)) ?? []).compactMap(Int.init).sorted()
        for version in versions.reversed() {
            let bin = "\(debianRoot)/\(version)/bin"
            if FileManager.default.isExecutableFile(atPath: "\(bin)/initdb") { return bin }
        }
        throw TestSetupError(
            "no PostgreSQL server programs under \(debianRoot)/*/bin (initdb, pg_ctl): install Debian's \(package) "
                + "(apt-get install \(package); Scripts/test installs it)")
    }

    /// Makes and starts a cluster.
    public init() throws {
        bin = try Self.binaries()
        for tool in ["initdb", "pg_ctl", "pg_isready", "psql"] {
            try TestTools.require("\(bin)/\(tool)", package: Self.package)
        }
        folder = try TestTools.temporaryFolder("pg")
        port = try TestTools.freePort()
        password = "pw-" + UUID().uuidString
        let asRoot = getuid() == 0
        if asRoot { try Self.ensureUser() }
        // The password file the store reads: only its owner (the test's user) may read it.
        passwordFile = folder.appendingPathComponent("password").path
        try (password + "\n").write(toFile: passwordFile, atomically: true, encoding: .utf8)
        chmod(passwordFile, 0o600)
        // initdb's copy, for the server's user.
        let serverPasswordFile = folder.appendingPathComponent("initdb-password").path
        try password.write(toFile: serverPasswordFile, atomically: true, encoding: .utf8)
        if asRoot {
            try TestTools.run("/usr/bin/chown", [Self.user, folder.path, serverPasswordFile])
            chmod(folder.path, 0o755)
        }
        chmod(serverPasswordFile, 0o600)
        try serverRun(
            "\(bin)/initdb",
            [
                "-D", dataFolder, "-U", Self.superuser, "--pwfile=\(serverPasswordFile)", "--auth-local=trust",
                "--auth-host=scram-sha-256", "--encoding=UTF8", "--locale=C", "--no-sync",
            ])
        // Listen on 127.0.0.1 only, with the socket in the test's folder; fsync off, as nothing here must survive a crash.
        let options = "-c listen_addresses=127.0.0.1 -p \(port) -k \(folder.path) -c fsync=off -c max_connections=60"
        try serverRun("\(bin)/pg_ctl", ["-D", dataFolder, "-l", logFile, "-o", options, "-w", "-t", "60", "start"])
        running = true
        try checkReady()
    }

    public var dataFolder: String { folder.appendingPathComponent("data").path }
    public var logFile: String { folder.appendingPathComponent("server.log").path }

    /// `SAMRAD_DB` for a database of this cluster.
    public func url(database: String) -> String {
        "postgres://\(Self.superuser)@127.0.0.1:\(port)/\(database)?sslmode=disable"
    }

    /// Creates an empty database and returns its name.
    public func createDatabase() throws -> String {
        let name = "samrad_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(12)
        _ = try psql(database: "postgres", "CREATE DATABASE \(name)")
        return name
    }

    /// Runs SQL with psql over the cluster's socket and returns its output (unaligned, tuples only); throws with the
    /// server's error when psql fails.
    @discardableResult
    public func psql(database: String, as user: String = PostgresServer.superuser, _ sql: String) throws -> String {
        try serverRun(
            "\(bin)/psql",
            [
                "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-h", folder.path, "-p", "\(port)", "-U", user, "-d", database, "-c",
                sql,
            ])
    }

    /// Copies a database into a new one with `pg_dump --format=custom` and `pg_restore --no-owner`, as docs/deploy.md
    /// tells an installation to back up and restore; returns the new database's name.
    public func dumpAndRestore(_ database: String) throws -> String {
        let dump = folder.appendingPathComponent("\(database).dump").path
        let connection = ["-h", folder.path, "-p", "\(port)", "-U", Self.superuser]
        try serverRun("\(bin)/pg_dump", connection + ["--format=custom", "--file=\(dump)", database])
        let restored = try createDatabase()
        try serverRun("\(bin)/pg_restore", connection + ["--no-owner", "--exit-on-error", "--dbname=\(restored)", dump])
        return restored
    }

    /// Stops the cluster this object started (`pg_ctl stop` on its data folder) and removes its folder.
    public func stop() {
        if running {
            _ = try? serverRun("\(bin)/pg_ctl", ["-D", dataFolder, "-m", "fast", "-w", "-t", "60", "stop"])
            running = false
        }
        try? FileManager.default.removeItem(at: folder)
    }

    deinit {
        stop()
    }

    /// Checks with `pg_isready` that the server accepts connections on 127.0.0.1; `pg_ctl start -w` has already
    /// waited for it to say so, so a server not ready here is a failure, shown with its log.
    private func checkReady() throws {
        let (status, _) = try spawn("\(bin)/pg_isready", ["-q", "-h", "127.0.0.1", "-p", "\(port)", "-t", "10"])
        guard status == 0 else {
            let log = (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? ""
            throw TestSetupError(
                "the PostgreSQL server on 127.0.0.1:\(port) is not ready after pg_ctl start -w (pg_isready exited \(status)); its log:\n\(log)"
            )
        }
    }

    /// Runs a program as the server's user when the tests run as root, else as the test's own user; throws with its
    /// output when it fails.
    @discardableResult
    private func serverRun(_ executable: String, _ arguments: [String]) throws -> String {
        let command = getuid() == 0 ? ["/usr/sbin/runuser", "-u", Self.user, "--", executable] + arguments : [executable] + arguments
        let (status, output) = try spawn(command[0], Array(command.dropFirst()))
        guard status == 0 else {
            throw TestSetupError("\(command.joined(separator: " ")) exited with \(status): \(output)")
        }
        return output
    }

    /// Runs a program to its end with its output in a file, and returns its exit status and output.
    ///
    /// Not Foundation's `Process`: `pg_ctl start` leaves the server running as a daemon, and `Process` was seen
    /// never to notice the end of the `runuser` that started it. `posix_spawn` and `waitpid` on the child's own pid
    /// have no such trouble.
    private func spawn(_ executable: String, _ arguments: [String]) throws -> (Int32, String) {
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("samrad-pg-out-\(UUID().uuidString)").path
        defer { unlink(outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // In the cluster's folder, which the server's user can enter (the test's own folder may not be).
        let argv = (["/usr/bin/env", "-C", folder.path, executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/usr/bin/env", &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw TestSetupError("cannot run \(executable): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw TestSetupError("waitpid for \(executable) failed: \(String(cString: strerror(errno)))") }
        }
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        // WIFEXITED / WEXITSTATUS, which Swift does not import as functions.
        let exited = status & 0x7f == 0
        return (exited ? (status >> 8) & 0xff : 128 + (status & 0x7f), output)
    }

    /// Creates the unprivileged user the server runs as, once.
    private static func ensureUser() throws {
        if getpwnam(user) != nil { return }
        do {
            try TestTools.run("/usr/sbin/useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", user])
        } catch {
            // Another test process may have made it in the meantime.
            if getpwnam(user) == nil { throw error }
        }
    }
}
