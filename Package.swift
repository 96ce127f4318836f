// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "piao",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "piao", targets: ["piao"]),
        .library(name: "XLSXReader", targets: ["XLSXReader"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // System libraries (Debian: libzip-dev, libxlsxwriter-dev).
        .systemLibrary(
            name: "CLibZip",
            pkgConfig: "libzip",
            providers: [.apt(["libzip-dev"])]
        ),
        .systemLibrary(
            name: "CXlsxWriter",
            pkgConfig: "xlsxwriter",
            providers: [.apt(["libxlsxwriter-dev"])]
        ),

        // extract: ZIP container → OOXML parts → streaming typed cells.
        .target(
            name: "XLSXReader",
            dependencies: ["CLibZip"],
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"])]
        ),

        // Configuration, stages, lock, archive.
        .target(
            name: "Pipeline",
            dependencies: ["XLSXReader"]
        ),

        // The command-line tool.
        .executableTarget(
            name: "piao",
            dependencies: [
                "XLSXReader",
                "Pipeline",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Benchmark helper (not shipped): generates large workbooks with
        // libxlsxwriter and times our reader on them.
        .executableTarget(
            name: "piao-bench",
            dependencies: ["XLSXReader", "CXlsxWriter"],
            swiftSettings: [.swiftLanguageMode(.v5)]
        ),

        .testTarget(
            name: "XLSXReaderTests",
            dependencies: ["XLSXReader", "CXlsxWriter"]
        ),
        .testTarget(
            name: "PiaoCommandTests",
            dependencies: ["piao", "Pipeline", "XLSXReader"]
        ),
    ]
)
