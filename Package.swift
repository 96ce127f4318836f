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
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
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
            dependencies: ["CLibZip", "SystemText"],
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"])]
        ),

        // The domain: plan, indicators, submissions, anomalies. No I/O.
        .target(name: "PerformanceModel"),
        // System error numbers in Italian, for every module that reports a failed system call.
        .target(name: "SystemText"),

        // score: the rules of DESIGN §5 and the weighted means. No I/O.
        .target(
            name: "Scoring",
            dependencies: ["PerformanceModel"]
        ),

        // normalize: plan and monitoring workbooks → model + anomalies.
        .target(
            name: "Ingest",
            dependencies: ["PerformanceModel", "XLSXReader"]
        ),

        // Writing workbooks: a thin, deterministic layer over libxlsxwriter.
        .target(
            name: "XLSXWriter",
            dependencies: ["CXlsxWriter", "PerformanceModel", "SystemText"]
        ),

        // report: the plan workbook, monitoring templates, consolidated outputs.
        .target(
            name: "Reports",
            dependencies: ["XLSXWriter", "PerformanceModel", "Ingest", "Scoring", "SystemText"]
        ),

        // store: the SQLite history (GRDB), schema by append-only migrations.
        .target(
            name: "Store",
            dependencies: ["PerformanceModel", "Reports", .product(name: "GRDB", package: "GRDB.swift")]
        ),

        // Configuration, stages, lock, archive.
        .target(
            name: "Pipeline",
            dependencies: ["XLSXReader", "PerformanceModel", "Scoring", "Ingest", "Reports", "Store", "SystemText",
                           .product(name: "Crypto", package: "swift-crypto")]
        ),

        // The command-line tool.
        .executableTarget(
            name: "piao",
            dependencies: [
                "XLSXReader",
                "Pipeline",
                "Ingest",
                "Reports",
                "PerformanceModel",
                "Scoring",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Benchmark helper (not shipped): generates large workbooks with
        // libxlsxwriter and times our reader on them.
        .executableTarget(
            name: "piao-bench",
            dependencies: ["XLSXReader", "CXlsxWriter", "Reports", "Ingest", "PerformanceModel", "XLSXWriter", "Scoring", "Store", "Pipeline"],
            swiftSettings: [.swiftLanguageMode(.v5)]
        ),

        // Shared by the test targets: LibreOffice as a settore's office suite.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(
            name: "XLSXReaderTests",
            dependencies: ["XLSXReader", "CXlsxWriter"]
        ),
        .testTarget(
            name: "IngestTests",
            dependencies: ["Ingest", "Reports", "XLSXWriter", "PerformanceModel", "XLSXReader", "TestSupport"]
        ),
        .testTarget(
            name: "ScoringTests",
            dependencies: ["Scoring", "Ingest", "PerformanceModel"]
        ),
        .testTarget(
            name: "ReportsTests",
            dependencies: ["Reports", "Pipeline", "Ingest", "Scoring", "PerformanceModel", "XLSXReader", "XLSXWriter", "TestSupport"]
        ),
        .testTarget(
            name: "PiaoCommandTests",
            dependencies: ["piao", "Pipeline", "XLSXReader", "Store", "PerformanceModel", "Reports", "TestSupport"]
        ),
    ]
)
