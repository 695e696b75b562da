// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "PassLab",
    platforms: [.macOS(.v14)],
    products: [
        // What users run: a C entry point that becomes passlab-dropin for a compiler's command line and
        // passlab-core for everything else.
        .executable(name: "passlab", targets: ["PassLabEntry"]),
        // `passlab cc`'s command lines: runs those PassLab only passes through itself (no libLLVM), hands the
        // rest to passlab-core.
        .executable(name: "passlab-dropin", targets: ["PassLabDropIn"]),
        // PassLab itself: every subcommand, the engine's workers, `passlab cc`'s tuning.
        .executable(name: "passlab-core", targets: ["passlab"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        // The HTTP transport of `passlab serve`.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // The PostgreSQL results store.
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
        // The served models' HTTP client (Hummingbird's tests already bring it; URLSession would link libcurl into
        // every PassLab process).
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.30.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
    ],
    targets: [
        // C view of LLVM 19's llvm-c API. `include/` holds symlinks to the
        // Debian llvm-19-dev headers, so every target that depends on this one
        // sees them without unsafe flags; `shim.c` holds the few helpers that
        // are static inline in the headers, `emit.cpp` code generation as
        // llc/clang do it (the C API lacks TargetLibraryInfo there).
        .target(
            name: "CLLVM",
            path: "Sources/CLLVM",
            linkerSettings: [.linkedLibrary("LLVM-19")]
        ),
        // The only importer of CLLVM: owning wrappers around LLVM handles.
        .target(name: "LLVMBridge", dependencies: ["CLLVM", "CodeSize"]),
        // Pass catalog and the `Pipeline` value; each protocol's -Oz reference. Pure Swift, no LLVM link.
        .target(name: "Pipelines", dependencies: ["CodeSize", "Support"]),
        // Object-file parsing and the measurement protocol. Pure Swift.
        .target(name: "CodeSize"),
        // The HTML report style every report shares: page, tables, charts with round ticks. Pure Swift.
        .target(name: "Reports"),
        // External tools (clang-19, opt-19, ...) and bounded subprocesses.
        .target(name: "CProcess"),
        // Small utilities with no domain knowledge: SHA-256, stable hashing, ordered parallel results.
        .target(name: "Support"),
        .target(name: "Toolchain", dependencies: ["CodeSize", "CProcess", "Support"]),
        // The worker-process engine: crash and time-out containment.
        .target(
            name: "Engine", dependencies: ["LLVMBridge", "Pipelines", "CodeSize", "Toolchain", "Support", "CProcess"]),
        // PassListEval: test suites (HumanEval-X, csmith), sandboxed runs, verdicts.
        .target(
            name: "Validation", dependencies: ["Support", "Engine", "Pipelines", "CodeSize", "Store", "Toolchain"]),
        // The results store: SQLite through GRDB (WAL) or PostgreSQL through postgres-nio; migrations.
        .target(
            name: "Store",
            dependencies: [
                "CodeSize", "Pipelines", "Support", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]),
        // Search strategies against an abstract objective; no LLVM.
        .target(name: "Search", dependencies: ["Pipelines"]),
        // The autotuner: search over the real compiler, results in the store.
        .target(
            name: "Autotune",
            dependencies: [
                "Support", "Engine", "Pipelines", "Search", "Store", "CodeSize", "Toolchain", "Validation",
                "Reports",
            ]),
        // Flag tuning: the embedded predictor (learned from autotuning), tune and its evaluation.
        .target(
            name: "Predictor",
            dependencies: [
                "Support", "Models", "Autotune", "Engine", "LLVMBridge", "Pipelines", "Search", "Store", "CodeSize",
                "Toolchain", "Validation", "Reports",
            ],
            resources: [.copy("Resources")]),
        // The served LLM Compiler models: prompt formats, answers, the OpenAI-compatible client.
        .target(
            name: "Models",
            dependencies: [
                "Pipelines", "Support", .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
            ]),
        // The paper's model tasks end to end: lifting with round trips, the disassembly and emulation evaluations.
        .target(name: "ModelTasks", dependencies: ["Models", "LLVMBridge", "Toolchain", "CodeSize"]),
        // Corpus building from pinned sources; later, prompt-format datasets.
        .target(
            name: "Datasets",
            dependencies: [
                "Support", "Toolchain", "Validation", "Models", "Engine", "Store", "Pipelines", "CodeSize",
                "LLVMBridge",
            ]),
        // `passlab cc`'s command lines: which compiler, what the command is (plan), the settings. No LLVM: the
        // launcher uses it.
        .target(name: "DropInPlanning", dependencies: ["Toolchain"]),
        // `passlab cc`: a drop-in clang-19 that tunes size-level compiles of a real build, with a cache.
        .target(
            name: "CompilerWrapper",
            dependencies: [
                "DropInPlanning", "Support", "Predictor", "Engine", "LLVMBridge", "Pipelines", "Store", "CodeSize",
                "Toolchain", "Reports",
            ]),
        // `passlab serve`: sessions, batch evaluation, validation and tuning over JSON lines and HTTP.
        .target(
            name: "Service",
            dependencies: [
                "Support", "Engine", "LLVMBridge", "Pipelines", "CodeSize", "Toolchain", "Validation",
                "Predictor", "Store", .product(name: "Hummingbird", package: "hummingbird"),
            ]),
        // Benchmarks and the catalog generator: built on the engine.
        .target(
            name: "Benchmarks",
            dependencies: [
                "Support", "Engine", "Pipelines", "CodeSize", "Toolchain", "Autotune",
                "Search", "Store", "Validation",
            ]),
        // Sharded autotuning on a Slurm cluster: job scripts, submission, status. No LLVM.
        .target(name: "Cluster", dependencies: ["Store", "Toolchain", "Support"]),
        .executableTarget(
            name: "passlab",
            dependencies: [
                "Cluster", "Support", "Engine", "Pipelines", "CodeSize", "Toolchain", "Benchmarks", "Autotune", "Store",
                "Datasets", "Validation", "Predictor", "Models", "ModelTasks",
                "CompilerWrapper", "DropInPlanning", "Service",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // `passlab` itself (C: starts in well under a millisecond) and passlab-dropin (Foundation, no libLLVM: a
        // few milliseconds), so that the commands of a build that `passlab cc` only passes through cost what the
        // compiler costs.
        .executableTarget(name: "PassLabEntry"),
        .executableTarget(name: "PassLabDropIn", dependencies: ["DropInPlanning", "Toolchain"]),

        .target(name: "TestSupport", dependencies: ["Toolchain", "CodeSize"], path: "Tests/TestSupport"),
        .testTarget(name: "SupportTests", dependencies: ["Support"]),
        .testTarget(name: "PipelinesTests", dependencies: ["Pipelines"]),
        .testTarget(name: "ToolchainTests", dependencies: ["Toolchain", "TestSupport"]),
        .testTarget(name: "BenchmarksTests", dependencies: ["Benchmarks", "CodeSize", "TestSupport"]),
        .testTarget(
            name: "ModelTasksTests", dependencies: ["ModelTasks", "Models", "CodeSize", "Toolchain", "TestSupport"]),
        .testTarget(
            name: "ModelsTests", dependencies: ["Models", "Pipelines", "Toolchain", "CodeSize", "TestSupport"]),
        .testTarget(name: "SearchTests", dependencies: ["Search", "Pipelines"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "CodeSize", "Pipelines", "TestSupport"]),
        .testTarget(
            name: "AutotuneTests",
            dependencies: [
                "Support", "Autotune", "Store", "Engine", "CodeSize", "Toolchain", "Validation", "Pipelines",
                "TestSupport",
            ]),
        .testTarget(
            name: "PredictorTests",
            dependencies: [
                "Support", "Predictor", "Models", "Benchmarks", "Autotune", "Store", "Engine", "LLVMBridge", "CodeSize",
                "Toolchain", "Validation", "Pipelines", "Datasets", "TestSupport",
            ]),
        .testTarget(
            name: "DatasetsTests",
            dependencies: [
                "Support", "Datasets", "Models", "Engine", "Store", "Pipelines", "Autotune", "CodeSize", "Toolchain",
                "TestSupport",
            ]),
        .testTarget(name: "CodeSizeTests", dependencies: ["CodeSize", "Toolchain", "TestSupport"]),
        .testTarget(name: "LLVMBridgeTests", dependencies: ["LLVMBridge", "CodeSize", "Toolchain", "TestSupport"]),
        .testTarget(
            name: "EngineTests",
            dependencies: [
                "Engine", "LLVMBridge", "Pipelines", "CodeSize", "Toolchain",
                "TestSupport",
            ]),
        .testTarget(
            name: "ValidationTests",
            dependencies: [
                "Support", "Validation", "Engine", "Store", "CodeSize", "Pipelines", "Toolchain", "TestSupport",
            ]),
        .testTarget(
            name: "CompilerWrapperTests",
            dependencies: [
                "Support", "CompilerWrapper", "DropInPlanning", "Store", "Datasets", "CodeSize", "Toolchain",
                "Pipelines",
                "TestSupport",
            ]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Toolchain", "TestSupport"]),
        .testTarget(
            name: "ClusterTests", dependencies: ["Support", "Cluster", "Autotune", "Store", "Toolchain", "TestSupport"]),
        .testTarget(
            name: "ServiceTests",
            dependencies: [
                "Support", "Service", "Engine", "LLVMBridge", "Pipelines", "CodeSize", "Toolchain",
                "TestSupport",
            ]),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "Support", "Toolchain", "CodeSize", "Pipelines", "Engine", "Benchmarks", "Validation",
                "LLVMBridge", "TestSupport",
            ]),
    ],
    swiftLanguageModes: [.v6],
    cxxLanguageStandard: .cxx17
)
