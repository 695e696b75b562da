import Foundation
import Toolchain

/// Links test programs by running the linker command the compiler driver
/// would run, without the driver.
///
/// Why: validation links every test program once per pass list, and the
/// clang++-19 driver (a large binary) costs as much CPU as ld.lld itself
/// (measured on a HumanEval-X object: ~55 ms through the driver, ~28 ms
/// direct). The driver's command is asked once per kind of link with
/// `-###` on a placeholder object and output, then replayed with the real
/// paths, so the link is byte for byte the one the driver makes. Anything
/// unexpected in the driver's answer (no single linker job, placeholders
/// not found) falls back to the driver for that kind of link.
final class LinkCommands: @unchecked Sendable {
    /// A linker invocation with the places of the object and the output.
    struct Command: Equatable {
        var tool: String
        var arguments: [String]
        var objectIndex: Int
        var outputIndex: Int
    }

    private struct Key: Hashable {
        var compiler: String
        var flags: [String]
    }

    /// Every link through the driver (what validation did before; `bench validation` compares).
    let throughDriver: Bool
    private let lock = NSLock()
    /// nil value: the driver's answer could not be used; link through it.
    private var commands: [Key: Command?] = [:]

    init(throughDriver: Bool = false) {
        self.throughDriver = throughDriver
    }

    /// Links `object` into `output` as `compiler object -o output flags...`
    /// would; returns the failure message, nil on success.
    func attempt(
        _ compiler: String, object: String, output: String, flags: [String], timeout: Double = 120
    ) throws -> String? {
        guard !throughDriver, let command = try command(compiler, flags: flags) else {
            return try Linker.attempt(compiler, [object, "-o", output] + flags, timeout: timeout)
        }
        var arguments = command.arguments
        arguments[command.objectIndex] = object
        arguments[command.outputIndex] = output
        return try Linker.attempt(command.tool, arguments, timeout: timeout)
    }

    /// The driver's linker command for this compiler and these flags (asked once).
    func command(_ compiler: String, flags: [String]) throws -> Command? {
        let key = Key(compiler: compiler, flags: flags)
        lock.lock()
        if let known = commands[key] {
            lock.unlock()
            return known
        }
        lock.unlock()
        let planned = try Self.plan(compiler, flags: flags)
        lock.lock()
        commands[key] = planned
        lock.unlock()
        return planned
    }

    /// Asks the driver (`-###`) for its jobs on a placeholder object; nil
    /// unless it answers with exactly one job naming both placeholders once.
    static func plan(_ compiler: String, flags: [String]) throws -> Command? {
        let scratch = try ScratchDirectory.create(purpose: "link-plan")
        defer { ScratchDirectory.remove(scratch) }
        let object = "\(scratch)/placeholder-object.o", output = "\(scratch)/placeholder-output"
        // The driver drops inputs that do not exist from the command it prints.
        guard FileManager.default.createFile(atPath: object, contents: Data()) else { return nil }
        let result = try ProcessRunner.run(
            ProcessRequest(
                compiler, ["-###", object, "-o", output] + flags, timeout: 60,
                outputLimit: 1 << 20))
        guard !result.timedOut, result.termination.succeeded else { return nil }
        let jobs = result.stderrText.split(separator: "\n").filter { $0.hasPrefix(" \"") }
        guard jobs.count == 1, let words = parseQuoted(String(jobs[0])), let tool = words.first,
            words.filter({ $0 == object }).count == 1, words.filter({ $0 == output }).count == 1,
            let objectIndex = words.firstIndex(of: object), let outputIndex = words.firstIndex(of: output)
        else {
            return nil
        }
        return Command(
            tool: tool, arguments: Array(words.dropFirst()), objectIndex: objectIndex - 1,
            outputIndex: outputIndex - 1)
    }

    /// Splits a `-###` job line: every word is double-quoted, with `\` escaping
    /// the next character. nil for anything else.
    static func parseQuoted(_ line: String) -> [String]? {
        var words: [String] = []
        var current = ""
        var inWord = false, escaped = false
        for character in line {
            if !inWord {
                if character == "\"" {
                    inWord = true
                    current = ""
                } else if character != " " {
                    return nil
                }
            } else if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                words.append(current)
                inWord = false
            } else {
                current.append(character)
            }
        }
        return inWord || words.isEmpty ? nil : words
    }
}
