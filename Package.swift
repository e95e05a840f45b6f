// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Samrad",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "samrad", targets: ["samrad"]),
        .library(name: "SamradCore", targets: ["SamradCore"]),
        .library(name: "SamradStore", targets: ["SamradStore"]),
        .library(name: "SamradNet", targets: ["SamradNet"]),
        .library(name: "SamradMail", targets: ["SamradMail"]),
        .library(name: "SamradImport", targets: ["SamradImport"]),
        .library(name: "SamradReport", targets: ["SamradReport"]),
        .library(name: "SamradApp", targets: ["SamradApp"]),
        .library(name: "SamradPortal", targets: ["SamradPortal"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.9.0"..<"5.0.0"),
    ],
    targets: [
        // Domain values, validation, the registry and round readers. No database, no network, no files.
        .target(
            name: "SamradCore",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        // libcurl, for SMTP and IMAP, opened with dlopen on first use (a start does not pay for it), and typed shims
        // over its variadic calls. Only SamradNet uses it. Builds with the headers of libcurl4-openssl-dev.
        .target(name: "CCurl", dependencies: ["CDynamicLibrary"]),
        // dlopen and the look-up of a library's functions, which CCurl and CPoppler share.
        .target(name: "CDynamicLibrary"),
        // Talking to servers: the settings SMTP and IMAP share (URL, TLS, login, password file, CA file,
        // timeouts) and libcurl's easy handle. No C type leaves it.
        .target(name: "SamradNet", dependencies: ["SamradCore", "CCurl"]),
        // GMime 3, the MIME parser imported mail is read with.
        .systemLibrary(name: "CGMime", pkgConfig: "gmime-3.0", providers: [.apt(["libgmime-3.0-dev"])]),
        // poppler's GLib API, the text of attached PDFs is read with, opened with dlopen when the first PDF is read.
        // Needs no poppler header to build; libpoppler-glib8 at run time.
        .target(name: "CPoppler", dependencies: ["CDynamicLibrary"]),
        // The database: one migrator, records and transactions named for their intent.
        .target(
            name: "SamradStore",
            dependencies: ["SamradCore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // The store on a PostgreSQL server, through postgres-nio: its own migrations, claims with FOR UPDATE SKIP LOCKED,
        // register numbers from a row lock, an audit trail a trigger keeps append-only; and `db copy` from a SQLite
        // file (GRDB), verified by a SHA-256 per table (swift-crypto, which postgres-nio already builds).
        .target(
            name: "SamradStorePostgres",
            dependencies: [
                "SamradCore", "SamradStore", "SamradNet", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Writing mail: the MIME writer, message templates and the transports.
        .target(
            name: "SamradMail",
            dependencies: ["SamradCore", "SamradNet", .product(name: "Mustache", package: "swift-mustache")],
            resources: [.copy("Templates")]
        ),
        // Reading what comes back: mail files, mailboxes, IMAP, CSV exports of forms and Excel, and the
        // text of attached documents (PDF, DOCX, ODT).
        .target(
            name: "SamradImport",
            dependencies: [
                "SamradCore", "SamradNet", "CGMime", "CPoppler", .product(name: "CSV", package: "CSV.swift"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"), .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The compilation of a round as Markdown, HTML, CSV and JSON.
        .target(
            name: "SamradReport",
            dependencies: ["SamradCore", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        // The use cases each command calls: load the registry, add a round, send, status, demo.
        .target(
            name: "SamradApp",
            dependencies: ["SamradCore", "SamradStore", "SamradStorePostgres", "SamradMail", "SamradImport", "SamradReport"],
            resources: [.copy("Demo")]
        ),
        // The answer portal and the coordinator's pages: Hummingbird routes, pages, sessions.
        .target(
            name: "SamradPortal",
            dependencies: [
                "SamradApp", "SamradCore", "SamradStore", "SamradReport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            ],
            resources: [.copy("Static")]
        ),
        // The command line: parses arguments, builds live dependencies, calls SamradApp.
        .target(
            name: "SamradCLI",
            dependencies: [
                "SamradApp", "SamradCore", "SamradReport", "SamradPortal", "SamradStorePostgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "samrad", dependencies: ["SamradCLI"]),

        .target(name: "SamradTestSupport", dependencies: ["SamradCore", "SamradMail"], path: "Tests/SamradTestSupport"),
        .testTarget(name: "SamradCoreTests", dependencies: ["SamradCore", "SamradTestSupport"]),
        .testTarget(name: "SamradStoreTests", dependencies: ["SamradStore", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(
            name: "SamradStorePostgresTests",
            dependencies: [
                "SamradStore", "SamradStorePostgres", "SamradNet", "SamradTestSupport", "samrad",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(name: "SamradNetTests", dependencies: ["SamradNet", "SamradMail", "SamradImport", "SamradTestSupport"]),
        .testTarget(name: "SamradMailTests", dependencies: ["SamradMail", "SamradTestSupport"]),
        .testTarget(name: "SamradImportTests", dependencies: ["SamradImport", "SamradTestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "SamradReportTests", dependencies: ["SamradReport", "SamradTestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "SamradAppTests", dependencies: ["SamradApp", "SamradImport", "SamradTestSupport"]),
        .testTarget(name: "SamradCLITests", dependencies: ["samrad", "SamradTestSupport"]),
        .testTarget(
            name: "SamradPortalTests",
            dependencies: [
                "SamradPortal", "SamradTestSupport", .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
    ]
)
