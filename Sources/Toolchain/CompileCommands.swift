import Foundation
import Support

/// A compilation database (`compile_commands.json`) turned into frontend
/// invocations that keep each translation unit's own flags.
///
/// Each unit is compiled as the build compiled it: in the entry's
/// `directory`, with the source argument as the command wrote it (so
/// `__FILE__` and the module's name are the build's, whatever directory the
/// tree was checked out in), and with the build's flags minus those that
/// choose outputs, optimisation, debug info or dependency files.
public struct CompileCommands: Sendable {
    /// One .ll to make: the clang-19 run for a unit and where its IR goes.
    public struct Entry: Sendable {
        /// The frontend run: the source as the command wrote it, in the entry's
        /// directory, with the build's kept flags (no triple: `emitIR` may set
        /// one).
        public var invocation: FrontendInvocation
        /// Where the IR goes, relative to the output directory.
        public var relativeOutput: String
        /// The unit's source, absolute, for messages.
        public var unit: String
    }

    /// A unit that could not be made, and clang's reason.
    public struct Failure: Sendable, CustomStringConvertible {
        /// The unit's source path, absolute.
        public var unit: String
        /// clang's diagnostics, or the error that stopped the unit (time-out,
        /// write failure).
        public var reason: String
        /// "UNIT: REASON", for the terminal.
        public var description: String { "\(unit): \(reason)" }
    }

    /// One IR file per distinct (unit, flags) pair, in database order.
    public var entries: [Entry]
    /// clang's internal `-cc1` runs: Bear records them next to the driver's
    /// command when clang compiles and links in one step; the driver's entry
    /// is the build's compile.
    public var skippedInternal = 0
    /// Entries that compile something other than C or C++ (assembly, ...).
    public var skippedOther = 0
    /// Entries that list a unit again with the same flags: made once.
    public var duplicates = 0
    /// Units listed with different flags, each flag set in its own file
    /// (`stem.<hash of the flags>.ll`), by the unit's output stem.
    public var variants: [String: [String]] = [:]

    /// Parses the database; `extraArguments` (after `--` on the command
    /// line) are added to every entry's flags, after the build's own.
    public static func load(_ path: String, extraArguments: [String] = []) throws(FrontendError) -> CompileCommands {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .badCompileCommands(file: path, reason: "cannot read the file")
        }
        guard let array = (try? JSONSerialization.jsonObject(with: data)) as? [[String: Any]] else {
            throw .badCompileCommands(file: path, reason: "expected a JSON array of objects")
        }
        let base = (path as NSString).deletingLastPathComponent
        var commands = CompileCommands(entries: [])
        var units: [Unit] = []
        var seen = Set<Unit.Key>()
        for (index, object) in array.enumerated() {
            guard let file = object["file"] as? String else {
                throw .badCompileCommands(file: path, reason: "entry \(index) has no \"file\"")
            }
            var directory = (object["directory"] as? String) ?? base
            if !directory.hasPrefix("/") { directory = (base as NSString).appendingPathComponent(directory) }
            let arguments: [String]
            if let list = object["arguments"] as? [String] {
                arguments = list
            } else if let command = object["command"] as? String {
                arguments = shellSplit(command)
            } else {
                throw .badCompileCommands(
                    file: path, reason: "entry \(index) has neither \"arguments\" nor \"command\"")
            }
            if arguments.contains(where: { $0 == "-cc1" || $0 == "-cc1as" }) {
                commands.skippedInternal += 1
                continue
            }
            let source = resolve(file, in: directory)
            guard let language = SourceLanguage.of(path: source) else {
                commands.skippedOther += 1
                continue
            }
            let compilerArguments = Array(arguments.dropFirst())
            let written = sourceArgument(compilerArguments, source: source, directory: directory) ?? file
            let unit = Unit(
                source: source, written: written, language: language, directory: directory,
                flags: buildFlags(compilerArguments) + extraArguments)
            guard seen.insert(unit.key).inserted else {
                commands.duplicates += 1
                continue
            }
            units.append(unit)
        }
        try commands.name(units, database: path)
        return commands
    }

    /// One unit as the build compiled it.
    struct Unit {
        struct Key: Hashable {
            var source: String
            var written: String
            var flags: [String]
        }

        var source: String
        /// The source argument as the command wrote it (relative or absolute).
        var written: String
        var language: SourceLanguage
        var directory: String
        var flags: [String]

        var key: Key { Key(source: source, written: written, flags: flags) }

        /// A short hash of what makes this unit's IR differ from another
        /// listing of the same source (never the directory: names must not
        /// depend on where the tree is).
        var flagHash: String {
            String(SHA256.hex(Array(([written] + flags).joined(separator: "\u{0}").utf8)).prefix(8))
        }
    }

    /// Output names: the source's path under the units' common directory,
    /// with `.ll`; a source listed with several flag sets gets the hash of
    /// each set in its name. Two units that would still share a file are an
    /// error, never an overwrite.
    mutating func name(_ units: [Unit], database: String) throws(FrontendError) {
        let root = Self.commonDirectory(units.map(\.source))
        let stems = units.map { unit -> String in
            let relative = String(unit.source.dropFirst(root.count))
                .trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            return (relative as NSString).deletingPathExtension
        }
        var sourcesByStem: [String: Set<String>] = [:]
        var listingsBySource: [String: Int] = [:]
        for (unit, stem) in zip(units, stems) {
            sourcesByStem[stem, default: []].insert(unit.source)
            listingsBySource[unit.source, default: 0] += 1
        }
        var owners: [String: String] = [:]
        for (unit, stem) in zip(units, stems) {
            // a.c and a.cpp side by side keep their extensions apart.
            var name = sourcesByStem[stem]!.count > 1 ? stem + "." + (unit.source as NSString).pathExtension : stem
            if listingsBySource[unit.source]! > 1 {
                name += "." + unit.flagHash
                variants[stem, default: []].append(name + ".ll")
            }
            name += ".ll"
            if let owner = owners[name] {
                throw .badCompileCommands(
                    file: database,
                    reason: "\(owner) and \(unit.source) would both be written to \(name)")
            }
            owners[name] = unit.source
            let invocation = FrontendInvocation(
                source: unit.written, language: unit.language,
                extraArguments: unit.flags, workingDirectory: unit.directory)
            entries.append(Entry(invocation: invocation, relativeOutput: name, unit: unit.source))
        }
    }

    static func resolve(_ path: String, in directory: String) -> String {
        let joined = path.hasPrefix("/") ? path : (directory as NSString).appendingPathComponent(path)
        return (joined as NSString).standardizingPath
    }

    /// The argument that names `source`, as the command wrote it.
    static func sourceArgument(_ arguments: [String], source: String, directory: String) -> String? {
        arguments.first { argument in
            !argument.hasPrefix("-") && SourceLanguage.of(path: argument) != nil
                && resolve(argument, in: directory) == source
        }
    }

    /// Keeps the flags that change the meaning of the code (-I, -D, -std,
    /// --target, -f..., -m...) and the diagnostics flags (-W..., -w,
    /// -pedantic: without the build's -Wno-error=... old C fails where the
    /// build succeeded), and drops those that choose outputs, optimisation,
    /// debug info or dependency files, and the sources (added back one per
    /// unit). -Werror, -Werror=... and -pedantic-errors go too: they never
    /// change the IR, and a build made by gcc would fail on clang's own
    /// warnings (an unknown -Wno-maybe-uninitialized) where it succeeded.
    static func buildFlags(_ arguments: [String]) -> [String] {
        var kept: [String] = []
        var index = 0
        let dropWithValue: Set<String> = ["-o", "-MF", "-MT", "-MQ", "-MJ", "-Xclang"]
        let dropped: Set<String> = ["-c", "-S", "-E", "-MD", "-MMD", "-MP", "-M", "-MM", "-MG", "-emit-llvm", "-pipe"]
        while index < arguments.count {
            let argument = arguments[index]
            defer { index += 1 }
            if dropWithValue.contains(argument) { index += 1; continue }
            if !argument.hasPrefix("-") && SourceLanguage.of(path: argument) != nil { continue }
            if dropped.contains(argument) { continue }
            if argument.hasPrefix("-O") || argument.hasPrefix("-g") || argument.hasPrefix("-o") { continue }
            if ["-MF", "-MT", "-MQ", "-MJ"].contains(where: { argument.hasPrefix($0) }) { continue }
            // The linker's and assembler's flags do nothing here; the
            // preprocessor's are kept unless they write dependency files.
            if argument.hasPrefix("-Wl,") || argument.hasPrefix("-Wa,") { continue }
            if argument.hasPrefix("-Wp,") && argument.contains(",-M") { continue }
            if argument == "-Werror" || argument.hasPrefix("-Werror=") || argument == "-pedantic-errors" { continue }
            kept.append(argument)
        }
        return kept
    }

    static func commonDirectory(_ paths: [String]) -> String {
        guard var prefix = paths.first.map({ ($0 as NSString).deletingLastPathComponent }) else { return "" }
        for path in paths.dropFirst() {
            while !(path.hasPrefix(prefix + "/") || prefix.isEmpty) {
                prefix = (prefix as NSString).deletingLastPathComponent
                if prefix == "/" { return "/" }
            }
        }
        return prefix
    }

    /// POSIX-shell-style word splitting with quotes and backslashes, enough
    /// for the `command` strings CMake and Bear write.
    static func shellSplit(_ command: String) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escape = false
        for character in command {
            if escape { current.append(character); escape = false; inWord = true; continue }
            if character == "\\" && quote != "'" { escape = true; continue }
            if let q = quote {
                if character == q { quote = nil } else { current.append(character) }
                continue
            }
            if character == "\"" || character == "'" { quote = character; inWord = true; continue }
            if character.isWhitespace {
                if inWord { words.append(current); current = ""; inWord = false }
                continue
            }
            current.append(character)
            inWord = true
        }
        if inWord { words.append(current) }
        return words
    }
}

extension CompileCommands {
    /// Makes one .ll per entry under `directory`, `jobs` clang-19 processes
    /// at a time. Returns the units that failed, with clang's reasons.
    public func emitIR(into directory: String, toolchain: Toolchain, jobs: Int, triple: String? = nil) -> [Failure] {
        let results = ParallelResults<Failure?>(count: entries.count)
        DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, entries.count))) { _ in
            while let index = results.claim() {
                let entry = entries[index]
                var invocation = entry.invocation
                if let triple { invocation.triple = triple }
                let destination = (directory as NSString).appendingPathComponent(entry.relativeOutput)
                do {
                    let ir = try Frontend.emitIR(invocation, toolchain: toolchain)
                    try FileManager.default.createDirectory(
                        atPath: (destination as NSString).deletingLastPathComponent,
                        withIntermediateDirectories: true)
                    try AtomicFile.write(ir, to: destination)
                    results.store(nil, at: index)
                } catch {
                    results.store(Failure(unit: entry.unit, reason: "\(error)"), at: index)
                }
            }
        }
        return results.values.compactMap { $0 }
    }

    /// What a run did, for the terminal: units written, entries skipped and
    /// why, duplicates, units with several flag sets.
    public func summary(written: Int, into directory: String) -> String {
        func plural(_ count: Int, _ word: String) -> String {
            count == 1 ? "1 \(word)" : "\(count) " + (word == "entry" ? "entries" : word + "s")
        }
        var lines = ["wrote \(written) of \(plural(entries.count, "translation unit")) to \(directory)"]
        if skippedInternal > 0 {
            let verb = skippedInternal == 1 ? "is" : "are"
            lines.append(
                "skipped \(plural(skippedInternal, "entry")) that \(verb) clang's internal -cc1 run "
                    + "(its driver command is the build's compile)")
        }
        if skippedOther > 0 { lines.append("skipped \(plural(skippedOther, "entry")) that compile neither C nor C++") }
        if duplicates > 0 {
            lines.append("\(plural(duplicates, "entry")) listed a unit again with the same flags: made once")
        }
        for stem in variants.keys.sorted() {
            lines.append(
                "\(stem) is listed with \(variants[stem]!.count) flag sets: "
                    + variants[stem]!.joined(separator: ", "))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
