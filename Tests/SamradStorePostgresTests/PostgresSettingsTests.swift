import Foundation
import SamradStorePostgres
import SamradTestSupport
import Testing

/// `SAMRAD_DB=postgres://…` and its companions: what is read, and what is refused with a sentence that says what to do.
@Suite("PostgreSQL connection settings")
struct PostgresSettingsTests {
    @Test func aURLGivesHostPortUserAndDatabaseWithTLSVerifyFullByDefault() throws {
        let settings = try PostgresSettings(url: "postgres://samrad@db.kommun.example:6432/samrad_vaxjo", passwordFile: nil, caFile: nil)
        #expect(settings.host == "db.kommun.example")
        #expect(settings.port == 6432)
        #expect(settings.user == "samrad")
        #expect(settings.database == "samrad_vaxjo")
        #expect(settings.security == .verifyFull(caFile: nil))
        #expect(settings.description == "postgres://samrad@db.kommun.example:6432/samrad_vaxjo, TLS verify-full")

        let defaults = try PostgresSettings(url: "postgresql://samrad@DB.kommun.example/samrad", passwordFile: nil, caFile: nil)
        #expect(defaults.port == 5432)
        #expect(defaults.host == "db.kommun.example")
        #expect(PostgresSettings.isPostgresURL("postgres://x@y/z"))
        #expect(!PostgresSettings.isPostgresURL("/srv/samrad/samrad.sqlite"))
    }

    @Test func anIPv6HostAndPercentEncodedNamesAreRead() throws {
        let settings = try PostgresSettings(
            url: "postgres://sam%40rad@[::1]:5433/ett%20namn?sslmode=disable", passwordFile: nil, caFile: nil)
        #expect(settings.host == "::1")
        #expect(settings.port == 5433)
        #expect(settings.user == "sam@rad")
        #expect(settings.database == "ett namn")
        #expect(settings.security == .disabled)
        #expect(settings.description == "postgres://sam@rad@[::1]:5433/ett namn, TLS off (this machine)")
    }

    @Test(arguments: ["127.0.0.1", "localhost", "[::1]", "127.0.0.2"])
    func sslmodeDisableIsAcceptedOnLoopback(_ host: String) throws {
        let settings = try PostgresSettings(url: "postgres://samrad@\(host):5432/samrad?sslmode=disable", passwordFile: nil, caFile: nil)
        #expect(settings.security == .disabled)
    }

    @Test(arguments: ["db.kommun.example", "10.0.0.5", "[fe80::1]", "127.0.0.1.kommun.example"])
    func sslmodeDisableIsRefusedBeyondThisMachine(_ host: String) throws {
        let error = try #require(throws: PostgresSettingsError.self) {
            try PostgresSettings(url: "postgres://samrad@\(host)/samrad?sslmode=disable", passwordFile: nil, caFile: nil)
        }
        #expect(error.variable == "SAMRAD_DB")
        #expect(error.description.contains("not this machine"))
        #expect(error.description.contains("SAMRAD_DB_CA_FILE"))
    }

    @Test(arguments: [
        ("postgres://samrad:hemligt@db.kommun.example/samrad", "password"),
        ("mysql://samrad@db.kommun.example/samrad", "must start with postgres://"),
        ("postgres://db.kommun.example/samrad", "names no user"),
        ("postgres://samrad@db.kommun.example", "names no database"),
        ("postgres://samrad@db.kommun.example/", "one database name"),
        ("postgres://samrad@db.kommun.example/a/b", "one database name"),
        ("postgres://samrad@db.kommun.example:99999/samrad", "port"),
        ("postgres://samrad@:5432/samrad", "names no host"),
        ("postgres://samrad@db.kommun.example/samrad?sslmode=require", "verify-full"),
        ("postgres://samrad@db.kommun.example/samrad?sslmode=prefer", "verify-full"),
        ("postgres://samrad@db.kommun.example/samrad?application_name=x", "only one is sslmode"),
        ("postgres://samrad@db.kommun.example/sam rad", "U+20"),
    ])
    func aURLSamradCannotUseIsRefusedWithWhatToDo(_ url: String, _ expected: String) throws {
        let error = try #require(throws: PostgresSettingsError.self) {
            try PostgresSettings(url: url, passwordFile: nil, caFile: nil)
        }
        #expect(error.variable == "SAMRAD_DB")
        #expect(error.description.contains(expected), "\(error.description)")
        #expect(!error.description.contains("hemligt"))
    }

    @Test func thePasswordComesFromAFileOnlyItsOwnerCanRead() throws {
        let folder = try TestTools.temporaryFolder("pg-settings")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("db-password").path
        try "hemligt\n".write(toFile: file, atomically: true, encoding: .utf8)
        chmod(file, 0o600)
        let settings = try PostgresSettings(
            environment: ["SAMRAD_DB": "postgres://samrad@127.0.0.1/samrad?sslmode=disable", "SAMRAD_DB_PASSWORD_FILE": file])
        #expect(settings.port == 5432)
        #expect(!String(reflecting: settings).contains("hemligt"))
        #expect(!settings.description.contains("hemligt"))

        chmod(file, 0o640)
        let open = try #require(throws: PostgresSettingsError.self) {
            try PostgresSettings(url: "postgres://samrad@127.0.0.1/samrad?sslmode=disable", passwordFile: file, caFile: nil)
        }
        #expect(open.variable == "SAMRAD_DB_PASSWORD_FILE")
        #expect(open.description.contains("chmod 600"))

        let missing = try #require(throws: PostgresSettingsError.self) {
            try PostgresSettings(
                url: "postgres://samrad@127.0.0.1/samrad?sslmode=disable", passwordFile: folder.appendingPathComponent("nej").path,
                caFile: nil)
        }
        #expect(missing.variable == "SAMRAD_DB_PASSWORD_FILE")
        #expect(missing.isMissingInput)
    }

    @Test func theCAFileMustBeAFileAndGoesOnlyWithTLS() throws {
        let folder = try TestTools.temporaryFolder("pg-settings")
        defer { try? FileManager.default.removeItem(at: folder) }
        let ca = folder.appendingPathComponent("ca.pem").path
        try "-----BEGIN CERTIFICATE-----\n".write(toFile: ca, atomically: true, encoding: .utf8)
        let settings = try PostgresSettings(url: "postgres://samrad@db.kommun.example/samrad", passwordFile: nil, caFile: ca)
        #expect(settings.security == .verifyFull(caFile: ca))

        let missing = try #require(throws: PostgresSettingsError.self) {
            try PostgresSettings(url: "postgres://samrad@db.kommun.example/samrad", passwordFile: nil, caFile: folder.path + "/nej.pem")
        }
        #expect(missing.variable == "SAMRAD_DB_CA_FILE")
        #expect(missing.isMissingInput)

        let both = try #require(throws: PostgresSettingsError.self) {
            try PostgresSettings(url: "postgres://samrad@127.0.0.1/samrad?sslmode=disable", passwordFile: nil, caFile: ca)
        }
        #expect(both.variable == "SAMRAD_DB_CA_FILE")

        let unset = try #require(throws: PostgresSettingsError.self) { try PostgresSettings(environment: [:]) }
        #expect(unset.variable == "SAMRAD_DB")
    }
}
