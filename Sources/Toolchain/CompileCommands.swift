import Foundation

/// A compilation database (`compile_commands.json`) turned into frontend
/// invocations that keep each translation unit's own flags.
public struct CompileCommands: Sendable {
    public struct Entry: Sendable {
        public var invocation: FrontendInvocation
        /// Where the IR goes, relative to the output directory.
        public var relativeOutput: String
    }

    public var entries: [Entry]

    /// Parses the database. Entries that are not C/C++ compilations are skipped.
    public static func load(_ path: String) throws(FrontendError) -> CompileCommands {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .badCompileCommands(file: path, reason: "cannot read the file")
        }
        guard let array = (try? JSONSerialization.jsonObject(with: data)) as? [[String: Any]] else {
            throw .badCompileCommands(file: path, reason: "expected a JSON array of objects")
        }
        let base = (path as NSString).deletingLastPathComponent
        var raw: [(source: String, language: SourceLanguage, flags: [String], directory: String)] = []
        for (index, object) in array.enumerated() {
            guard let file = object["file"] as? String else {
                throw .badCompileCommands(file: path, reason: "entry \(index) has no \"file\"")
            }
            let directory = (object["directory"] as? String) ?? base
            let arguments: [String]
            if let list = object["arguments"] as? [String] {
                arguments = list
            } else if let command = object["command"] as? String {
                arguments = shellSplit(command)
            } else {
                throw .badCompileCommands(file: path, reason: "entry \(index) has neither \"arguments\" nor \"command\"")
            }
            let source = file.hasPrefix("/") ? file : (directory as NSString).appendingPathComponent(file)
            guard let language = SourceLanguage.of(path: source) else { continue }
            raw.append((source: (source as NSString).standardizingPath, language: language,
                        flags: buildFlags(Array(arguments.dropFirst()), source: file), directory: directory))
        }
        let root = commonDirectory(raw.map { $0.source })
        let entries = raw.map { item -> Entry in
            var relative = String(item.source.dropFirst(root.count)).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            relative = (relative as NSString).deletingPathExtension + ".ll"
            return Entry(invocation: FrontendInvocation(source: item.source, language: item.language, extraArguments: item.flags,
                                                        workingDirectory: item.directory),
                         relativeOutput: relative)
        }
        return CompileCommands(entries: entries)
    }

    /// Keeps the flags that change the meaning of the code (-I, -D, -std,
    /// --target, -f..., -m...) and drops those that choose outputs,
    /// optimisation, dependency files or warnings.
    static func buildFlags(_ arguments: [String], source: String) -> [String] {
        var kept: [String] = []
        var index = 0
        let dropWithValue: Set<String> = ["-o", "-MF", "-MT", "-MQ", "-Xclang"]
        while index < arguments.count {
            let argument = arguments[index]
            defer { index += 1 }
            if dropWithValue.contains(argument) { index += 1; continue }
            if argument == source || argument.hasSuffix("/" + source) || SourceLanguage.of(path: argument) != nil && !argument.hasPrefix("-") { continue }
            if ["-c", "-S", "-E", "-MD", "-MMD", "-MP", "-M", "-MM", "-emit-llvm", "-g", "-pipe"].contains(argument) { continue }
            if argument.hasPrefix("-O") || argument.hasPrefix("-W") || argument.hasPrefix("-g") || argument.hasPrefix("-o") { continue }
            if argument.hasPrefix("-MF") || argument.hasPrefix("-MT") || argument.hasPrefix("-MQ") { continue }
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
    /// Makes one .ll per translation unit under `directory`, `jobs` clang-19
    /// processes at a time. Returns the errors of the units that failed.
    public func emitIR(into directory: String, toolchain: Toolchain, jobs: Int, triple: String? = nil) -> [String] {
        let results = ParallelResults<String?>(count: entries.count)
        DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, entries.count))) { _ in
            while let index = results.claim() {
                var invocation = entries[index].invocation
                if let triple { invocation.triple = triple }
                let destination = (directory as NSString).appendingPathComponent(entries[index].relativeOutput)
                do {
                    let ir = try Frontend.emitIR(invocation, toolchain: toolchain)
                    try FileManager.default.createDirectory(atPath: (destination as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                    try AtomicFile.write(ir, to: destination)
                    results.store(nil, at: index)
                } catch {
                    results.store("\(error)", at: index)
                }
            }
        }
        return results.values.compactMap { $0 }
    }
}
