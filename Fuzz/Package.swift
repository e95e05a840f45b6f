// swift-tools-version: 6.0
import PackageDescription

// Coverage-guided fuzz targets (libFuzzer) over Samråd's readers of outside input.
// Built by Scripts/fuzz with -sanitize=fuzzer,address; every target is a plain executable whose
// LLVMFuzzerTestOneInput reads one input and must neither crash nor hang.
let package = Package(
    name: "SamradFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "Samrad", path: "..")],
    targets: [
        // What the targets share: the sample round and registry the readers are run against.
        .target(name: "FuzzSupport", dependencies: [.product(name: "SamradCore", package: "Samrad")]),
        .executableTarget(name: "FuzzMIME", dependencies: ["FuzzSupport", .product(name: "SamradImport", package: "Samrad")]),
        .executableTarget(name: "FuzzMbox", dependencies: ["FuzzSupport", .product(name: "SamradImport", package: "Samrad")]),
        .executableTarget(
            name: "FuzzCSV", dependencies: ["FuzzSupport", .product(name: "SamradImport", package: "Samrad")]),
        .executableTarget(name: "FuzzYAML", dependencies: ["FuzzSupport", .product(name: "SamradCore", package: "Samrad")]),
        .executableTarget(name: "FuzzReply", dependencies: ["FuzzSupport", .product(name: "SamradCore", package: "Samrad")]),
    ]
)
