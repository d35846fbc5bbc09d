// swift-tools-version:6.1
// Backstop: the emergency payments pipeline. Layout and dependencies: ../shared/DESIGN.md sections 9 and 10.
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
]

let package = Package(
    name: "Backstop",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "backstop", targets: ["backstop"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        // C libraries, found through pkg-config. Nothing but Kafka and Store imports them.
        .systemLibrary(name: "CRdKafka", pkgConfig: "rdkafka", providers: [.apt(["librdkafka-dev"])]),
        .systemLibrary(name: "CRocksDB", pkgConfig: "rocksdb", providers: [.apt(["librocksdb-dev"])]),

        .target(
            name: "Kafka",
            dependencies: ["CRdKafka", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        .target(
            name: "Store",
            dependencies: ["CRocksDB", "Entitlements", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict),
        .target(
            name: "Entitlements",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict),
        .target(
            name: "Bacs",
            dependencies: ["Entitlements", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict),
        .target(
            name: "Control",
            dependencies: ["Entitlements", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict),
        .target(
            name: "Simulation",
            dependencies: ["Entitlements"],
            swiftSettings: strict),
        .target(
            name: "Pipeline",
            dependencies: [
                "Kafka", "Store", "Entitlements", "Bacs", "Control", "Simulation",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "backstop",
            dependencies: [
                "Pipeline", "Kafka", "Entitlements", "Bacs", "Control", "Simulation", "Store",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),

        .executableTarget(
            name: "backstop-bench",
            dependencies: ["Kafka", "CRdKafka", "Entitlements", "Bacs", "Pipeline", "Store", "Control", "Simulation", "TestSupport", .product(name: "Logging", package: "swift-log"), .product(name: "Metrics", package: "swift-metrics")],
            path: "benchmarks/Sources/backstop-bench",
            swiftSettings: strict),

        // What every test target shares: child processes, built products, temporary folders.
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: strict),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "Kafka", "Store", "Entitlements", "Control", "Simulation", "Bacs", "TestSupport", .product(name: "MetricsTestKit", package: "swift-metrics"), .product(name: "Logging", package: "swift-log"), .product(name: "Yams", package: "Yams")], exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(name: "KafkaTests", dependencies: ["Kafka", "Pipeline", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "StoreTests", dependencies: ["Store", "Entitlements", "TestSupport"], exclude: ["CrashWriter"], swiftSettings: strict),
        // Child process of the store's durability test: writes synced batches until it is killed.
        .executableTarget(
            name: "store-crash-writer", dependencies: ["Store"], path: "Tests/StoreTests/CrashWriter",
            swiftSettings: strict),
        .testTarget(name: "EntitlementsTests", dependencies: ["Entitlements", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "ControlTests", dependencies: ["Control", "Entitlements", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "SimulationTests", dependencies: ["Simulation", "Entitlements", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "BacsTests", dependencies: ["Bacs", "Entitlements", "TestSupport"], exclude: ["Fixtures"], swiftSettings: strict),
    ]
)
