import CodeSize
import Foundation
import Store
import Toolchain

/// How to build and test a code base with its own build system, whatever
/// compiler it is given.
public struct BuildRecipe: Sendable {
    /// The code base's name in the table ("Lua 5.4 (make -j4)").
    public var name: String
    /// The pristine source tree; every build works on its own copy.
    public var source: String
    /// The build command; `{CC}` stands for the compiler command (one word
    /// per argument: `make` splits `CC=passlab cc` itself).
    public var build: [String]
    /// Removes the objects and products (the tree stays configured).
    public var clean: [String]
    /// Products whose size is the product's size: static libraries (their
    /// members) and executables, relative to the tree.
    public var products: [String]
    /// The code base's own tests, run in `testDirectory` of a tree; exit 0 passes.
    public var test: [String]
    /// Where `test` runs, relative to a tree.
    public var testDirectory: String
    /// Seconds each build or clean command may take (the tests get 600 s).
    public var timeout: Double
    /// Variables set for every build, plain and PassLab's alike.
    public var environment: [String: String] = [:]

    /// Lua 5.4 (the copy in the corpus's lupa archive: its makefile, its
    /// `testes` suite): liblua.a and the `lua` interpreter at -Oz, with
    /// dependency files (-MMD), tested with `lua -e_U=true all.lua`.
    public static func lua54(source: String, jobs: Int, level: String = "-Oz") -> BuildRecipe {
        BuildRecipe(
            name: "Lua 5.4 (make -j\(jobs))", source: source,
            build: [
                "make", "-s", "-j\(jobs)", "CC={CC}",
                "CFLAGS=\(level) -MMD -Wall -std=c99 -DLUA_USE_LINUX -fno-stack-protector -fno-common",
                "MYLIBS=-ldl",
            ],
            clean: ["make", "-s", "clean"], products: ["liblua.a", "lua"], test: ["../lua", "-e_U=true", "all.lua"],
            testDirectory: "testes",
            timeout: 1800)
    }

    /// giflib 5.2.1 (the corpus's Debian source, the third held-out set's):
    /// its makefile at -Oz builds libgif and libutil (`-c` compiles) and 14
    /// utilities, each compiled and linked in one command by the makefile's
    /// own rule; tested with `make check` (every utility against its
    /// expected output). SOURCE_DATE_EPOCH fixes the `__DATE__` and
    /// `__TIME__` the utilities print, so that builds are reproducible.
    public static func giflib(source: String, jobs: Int, level: String = "-Oz") -> BuildRecipe {
        let utilities = [
            "gif2rgb", "gifbuild", "giffix", "giftext", "giftool", "gifclrmp", "gifbg", "gifcolor", "gifecho",
            "giffilter", "gifhisto", "gifinto", "gifsponge", "gifwedge",
        ]
        return BuildRecipe(
            name: "giflib 5.2.1 (make -j\(jobs))", source: source,
            build: ["make", "-s", "-j\(jobs)", "CC={CC}", "OFLAGS=\(level)", "libgif.so", "libutil.so"] + utilities,
            clean: ["make", "-s", "clean"], products: ["libgif.so", "libutil.so"] + utilities,
            test: ["make", "-s", "-C", "tests"], testDirectory: ".", timeout: 1800,
            environment: ["SOURCE_DATE_EPOCH": "1700000000"])
    }
}

extension BuildRecipe {
    /// A code base `passlab bench cc` builds, by its name in the corpus spec.
    public enum CodeBase: String, CaseIterable, Sendable {
        case lua, giflib

        /// Where its makefile is in the unpacked archive (relative to the spec's root).
        public var treeSubdirectory: String { self == .lua ? "lua54" : "" }

        /// Its recipe for the tree at `source`, built with make -j`jobs`.
        public func recipe(source: String, jobs: Int) -> BuildRecipe {
            switch self {
            case .lua: BuildRecipe.lua54(source: source, jobs: jobs)
            case .giflib: BuildRecipe.giflib(source: source, jobs: jobs)
            }
        }
    }
}

/// One build of a recipe.
public struct BuildRun: Codable, Sendable {
    /// "plain", "cold" or "warm".
    public var label: String
    /// Wall-clock seconds of the build command.
    public var seconds: Double
    /// Berkeley text+data per product (a library: summed over its members).
    public var productSizes: [String: Int]
    /// Sum of `productSizes`: every product, in bytes of text+data.
    public var productSize: Int { productSizes.values.reduce(0, +) }
    /// Whether the code base's tests passed on this build; nil when not run
    /// (the warm build's products are compared instead).
    public var testPassed: Bool?
    /// From passlab cc's records of this build (nil for plain clang).
    public var tuned: Int?
    /// Compiles copied from the cache in this build (nil for plain clang).
    public var cacheHits: Int?
    /// Compiles the build's own compiler made (nil for plain clang).
    public var fallbacks: Int?
}

/// `passlab bench cc`: the same code base built side by side with plain
/// clang-19, with `passlab cc` on a cold cache and again on the warm one;
/// times, product sizes and the code base's own tests.
public struct BuildComparison: Codable, Sendable {
    /// The recipe's name.
    public var codeBase: String
    /// PASSLAB_BUDGET of the PassLab builds.
    public var budget: Int
    /// The build with clang-19 itself.
    public var plain: BuildRun
    /// `passlab cc` on an empty cache: tunes every unit.
    public var cold: BuildRun
    /// `passlab cc` again after a clean, on the cold build's cache.
    public var warm: BuildRun
    /// The warm build's products are the cold build's, byte for byte.
    public var warmProductsIdentical: Bool
    /// The dependency files of the PassLab build are clang's (same names,
    /// same text); nil when the build writes none.
    public var dependencyFilesIdentical: Bool?

    /// Cold build time over plain build time.
    public var coldRatio: Double { cold.seconds / plain.seconds }
    /// Warm build time over plain build time.
    public var warmRatio: Double { warm.seconds / plain.seconds }
    /// Percent smaller than the plain build (all products).
    public var productReduction: Double { 100 * (1 - Double(cold.productSize) / Double(max(1, plain.productSize))) }

    /// Why the benchmark stopped.
    public enum Error: Swift.Error, CustomStringConvertible {
        /// The `label` build (or clean) `command` failed or timed out; `output`
        /// is its standard error and output.
        case buildFailed(label: String, command: String, output: String)

        /// The message a user sees, with the last 3000 characters of the
        /// output.
        public var description: String {
            switch self {
            case let .buildFailed(label, command, output):
                return "the \(label) build failed (\(command)):\n\(output.suffix(3000))"
            }
        }
    }

    /// Runs the three builds in `scratch` (created; left for inspection).
    /// `passlab`: the passlab executable; `compiler`: clang-19.
    public static func run(
        _ recipe: BuildRecipe, passlab: String, compiler: String, budget: Int, scratch: String,
        progress: (String) -> Void = { _ in }
    ) throws -> BuildComparison {
        let fileManager = FileManager.default
        try fileManager.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        let plainTree = scratch + "/plain", passlabTree = scratch + "/passlab", cache = scratch + "/cache"
        for tree in [plainTree, passlabTree, cache] { try? fileManager.removeItem(atPath: tree) }
        try fileManager.copyItem(atPath: recipe.source, toPath: plainTree)
        try fileManager.copyItem(atPath: recipe.source, toPath: passlabTree)

        var environment = ProcessInfo.processInfo.environment.merging(recipe.environment) { $1 }
        for name in ["PASSLAB_VERBOSE", "PASSLAB_OPTIMIZE", "PASSLAB_DISABLE"] { environment[name] = nil }
        environment["PASSLAB_CACHE_DIR"] = cache
        environment["PASSLAB_BUDGET"] = String(budget)

        progress("plain clang-19 build of \(recipe.name)...")
        var plain = try build(recipe, tree: plainTree, compiler: compiler, environment: environment, label: "plain")
        progress(String(format: "  %.1f s; passlab cc build, cold cache...", plain.seconds))
        let coldID = "bench-cold-\(getpid())", warmID = "bench-warm-\(getpid())"
        environment["PASSLAB_BUILD_ID"] = coldID
        var cold = try build(
            recipe, tree: passlabTree, compiler: passlab + " cc", environment: environment, label: "cold")
        let coldProducts = recipe.products.map { fileManager.contents(atPath: passlabTree + "/" + $0) }
        let plainDependencies = dependencyFiles(in: plainTree)
        let dependenciesIdentical =
            plainDependencies.isEmpty ? nil : dependencyFiles(in: passlabTree) == plainDependencies
        progress(String(format: "  %.1f s; running the tests...", cold.seconds))
        cold.testPassed = try runTests(recipe, tree: passlabTree, environment: environment)
        plain.testPassed = try runTests(recipe, tree: plainTree, environment: environment)
        progress("passlab cc build again, warm cache...")
        try runChecked(recipe.clean, in: passlabTree, environment: environment, timeout: recipe.timeout, label: "clean")
        environment["PASSLAB_BUILD_ID"] = warmID
        var warm = try build(
            recipe, tree: passlabTree, compiler: passlab + " cc", environment: environment, label: "warm")
        let warmProducts = recipe.products.map { fileManager.contents(atPath: passlabTree + "/" + $0) }
        progress(String(format: "  %.1f s", warm.seconds))

        let records = try BuildCache(path: cache + "/cc.sqlite")
        func outcomes(_ build: String) throws -> (Int, Int, Int) {
            let compilations = try records.compilations(builds: [build])
            return (
                compilations.filter { $0.outcome == .tuned }.count,
                compilations.filter { $0.outcome == .cacheHit }.count,
                compilations.filter { $0.outcome == .fallback }.count
            )
        }
        (cold.tuned, cold.cacheHits, cold.fallbacks) = try outcomes(coldID)
        (warm.tuned, warm.cacheHits, warm.fallbacks) = try outcomes(warmID)
        return BuildComparison(
            codeBase: recipe.name, budget: budget, plain: plain, cold: cold, warm: warm,
            warmProductsIdentical: coldProducts == warmProducts && !coldProducts.contains(nil),
            dependencyFilesIdentical: dependenciesIdentical)
    }

    static func build(
        _ recipe: BuildRecipe, tree: String, compiler: String, environment: [String: String], label: String
    ) throws -> BuildRun {
        let command = recipe.build.map { $0.replacingOccurrences(of: "{CC}", with: compiler) }
        let started = Date()
        try runChecked(command, in: tree, environment: environment, timeout: recipe.timeout, label: label)
        let seconds = Date().timeIntervalSince(started)
        var sizes: [String: Int] = [:]
        for product in recipe.products {
            sizes[product] = try ProductSize.binarySize(of: tree + "/" + product)
        }
        return BuildRun(label: label, seconds: seconds, productSizes: sizes)
    }

    static func runChecked(
        _ command: [String], in directory: String, environment: [String: String], timeout: Double, label: String
    ) throws {
        let result = try ProcessRunner.run(
            ProcessRequest(
                command[0], Array(command.dropFirst()), workingDirectory: directory,
                environment: environment, timeout: timeout))
        guard result.termination.succeeded, !result.timedOut else {
            throw Error.buildFailed(
                label: label, command: command.joined(separator: " "),
                output: result.timedOut ? "timed out after \(Int(timeout)) s" : result.stderrText + result.stdoutText)
        }
    }

    static func runTests(_ recipe: BuildRecipe, tree: String, environment: [String: String]) throws -> Bool {
        let result = try ProcessRunner.run(
            ProcessRequest(
                recipe.test[0], Array(recipe.test.dropFirst()),
                workingDirectory: tree + "/" + recipe.testDirectory, environment: environment, timeout: 600))
        return result.termination.succeeded && !result.timedOut
    }

    /// The .d files of a tree, by name, with their text.
    static func dependencyFiles(in tree: String) -> [String: String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: tree)) ?? []
        var files: [String: String] = [:]
        for name in names where name.hasSuffix(".d") {
            files[name] = try? String(contentsOfFile: tree + "/" + name, encoding: .utf8)
        }
        return files
    }

    /// The side-by-side table.
    public var text: String {
        func row(_ run: BuildRun, _ note: String) -> String {
            let products = run.productSizes.keys.sorted().map { "\($0) \(run.productSizes[$0]!)" }.joined(
                separator: ", ")
            return String(
                format: "  %-6@ %8.1f s   %@  (total %d)%@%@", run.label as NSString, run.seconds, products as NSString,
                run.productSize,
                run.testPassed.map { $0 ? "; tests pass" : "; TESTS FAIL" } ?? "", note)
        }
        func counts(_ run: BuildRun) -> String {
            "; \(run.tuned ?? 0) tuned, \(run.cacheHits ?? 0) cache hits, \(run.fallbacks ?? 0) fallbacks"
        }
        return """
            \(codeBase), passlab cc budget \(budget); sizes are Berkeley text+data (libraries: summed over members)
            \(row(plain, ""))
            \(row(cold, counts(cold)))
            \(row(warm, counts(warm)))
              cold / plain \(String(format: "%.2f", coldRatio))x, warm / plain \(String(format: "%.2f", warmRatio))x; \
            products \(String(format: "%.2f", productReduction))% smaller than clang-19 \(cold.productSize < plain.productSize ? "" : "(not smaller)")
              warm products identical to cold: \(warmProductsIdentical)\(dependencyFilesIdentical.map { "; dependency files identical to clang's: \($0)" } ?? "")

            """
    }
}

/// Berkeley text+data of a product: an ELF object or executable, or a static
/// library (`ar` archive: summed over its ELF members).
public enum ProductSize {
    /// Why a product could not be measured.
    public enum Error: Swift.Error, CustomStringConvertible {
        /// `path` is missing, not ELF, or a malformed archive.
        case unreadable(path: String, reason: String)

        /// "PATH: cannot measure it: REASON".
        public var description: String {
            switch self {
            case let .unreadable(path, reason): return "\(path): cannot measure it: \(reason)"
            }
        }
    }

    /// Berkeley text+data of the file at `path`: an ELF object or executable,
    /// or an archive summed over its ELF members.
    public static func binarySize(of path: String) throws -> Int {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Error.unreadable(path: path, reason: "no such file")
        }
        let bytes = [UInt8](data)
        if bytes.starts(with: Array("!<arch>\n".utf8)) {
            return try archiveMembers(bytes, path: path).map { try ELFObject.sizes(of: $0).binarySize }.reduce(0, +)
        }
        do {
            return try ELFObject.sizes(of: bytes).binarySize
        } catch {
            throw Error.unreadable(path: path, reason: "\(error)")
        }
    }

    /// The members of a System V / GNU `ar` archive that are ELF files.
    static func archiveMembers(_ bytes: [UInt8], path: String) throws -> [[UInt8]] {
        try ArchiveMember.read(bytes, path: path).filter(\.isELF).map(\.data)
    }
}
