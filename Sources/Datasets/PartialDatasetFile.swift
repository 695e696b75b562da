import Foundation
import Toolchain

/// A dataset being written: `OUT.partial` (the JSONL lines so far),
/// `OUT.partial.json` (the settings it is made with) and `OUT.partial.done`
/// (one JSON line per finished module: how many lines it wrote, where the
/// file ended after it, what it skipped). Renamed to `OUT` when complete.
///
/// Resuming keeps the modules whose lines are all in `OUT.partial` (in input
/// order) and cuts anything after them: a module half-written by a killed
/// run, or a file someone truncated, is made again. Modules are written in
/// input order, each line ends with a newline, and the settings must be
/// equal, so a resumed file is byte-identical to one made in one go.
final class PartialDatasetFile {
    struct FinishedModule: Codable, Sendable {
        var index: Int
        var input: String
        var lines: Int
        /// Size of `OUT.partial` after this module's lines.
        var endOffset: UInt64
        var skipped: [DatasetSkipReason: Int]
        var unvalidatedBetter: Int
        var notes: [String]
    }

    let output: String
    let settings: PromptDatasetSettings
    private(set) var finished: [FinishedModule] = []
    /// Modules found complete when the file was opened.
    private(set) var resumed = 0
    /// A partial file of these settings was there to continue.
    private(set) var continuesEarlierRun = false
    private var data: FileHandle?
    private var progress: FileHandle?
    private var offset: UInt64 = 0

    var partialPath: String { output + ".partial" }
    var settingsPath: String { output + ".partial.json" }
    var progressPath: String { output + ".partial.done" }

    /// Opens `OUT.partial`, resuming it when its settings are these, and
    /// refusing it (with the fix) when they are not.
    init(output: String, settings: PromptDatasetSettings) throws {
        self.output = output
        self.settings = settings
        let manager = FileManager.default
        let directory = (output as NSString).deletingLastPathComponent
        if !directory.isEmpty, !manager.fileExists(atPath: directory) {
            throw PromptDatasetError.cannotWrite(.cannotWrite(path: output, errno: ENOENT))
        }
        if manager.fileExists(atPath: settingsPath) {
            try resume()
        } else {
            if manager.fileExists(atPath: partialPath) {
                throw PromptDatasetError.usage(
                    "\(partialPath) exists but \(settingsPath) does not, so it cannot be resumed safely; delete \(partialPath) to start over"
                )
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            do {
                try AtomicFile.write(try encoder.encode(settings), to: settingsPath)
                try AtomicFile.write([], to: partialPath)
                try AtomicFile.write([], to: progressPath)
            } catch let error as AtomicFile.Error {
                throw PromptDatasetError.cannotWrite(error)
            }
        }
        guard let data = FileHandle(forWritingAtPath: partialPath),
            let progress = FileHandle(forWritingAtPath: progressPath)
        else {
            throw PromptDatasetError.usage("cannot open \(partialPath) for writing; choose another path with -o")
        }
        self.data = data
        self.progress = progress
        try data.truncate(atOffset: offset)
        try data.seekToEnd()
        try progress.seekToEnd()
    }

    private func resume() throws {
        let decoder = JSONDecoder()
        let stored: PromptDatasetSettings
        do {
            stored = try decoder.decode(
                PromptDatasetSettings.self, from: Data(contentsOf: URL(fileURLWithPath: settingsPath)))
        } catch {
            throw PromptDatasetError.usage(
                "\(settingsPath) is unreadable (\(error.localizedDescription)); delete \(partialPath) and \(settingsPath) to start over"
            )
        }
        let differences = settings.differences(from: stored)
        guard differences.isEmpty else {
            throw PromptDatasetError.usage(
                "\(partialPath) was started with other options (\(differences.joined(separator: "; "))). Run the "
                    + "command with the options it was started with to resume it, or delete \(partialPath) and \(settingsPath) to start over."
            )
        }
        let size =
            ((try? FileManager.default.attributesOfItem(atPath: partialPath))?[.size] as? NSNumber)?.uint64Value ?? 0
        let lines = (try? String(contentsOfFile: progressPath, encoding: .utf8))?.split(separator: "\n") ?? []
        var kept: [FinishedModule] = []
        var end: UInt64 = 0
        for line in lines {
            // A line torn by a kill does not decode; nothing after it counts.
            guard let entry = try? decoder.decode(FinishedModule.self, from: Data(line.utf8)),
                entry.index == kept.count,
                entry.index < settings.inputs.count, entry.input == settings.inputs[entry.index],
                entry.endOffset >= end,
                entry.endOffset <= size
            else { break }
            kept.append(entry)
            end = entry.endOffset
        }
        finished = kept
        resumed = kept.count
        continuesEarlierRun = true
        offset = end
        // The progress file is rewritten to exactly what was kept.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var text = Data()
        for entry in kept {
            text.append(try encoder.encode(entry))
            text.append(UInt8(ascii: "\n"))
        }
        try text.write(to: URL(fileURLWithPath: progressPath), options: .atomic)
        if !FileManager.default.fileExists(atPath: partialPath) {
            try Data().write(to: URL(fileURLWithPath: partialPath))
        }
    }

    /// Appends a finished module: its lines, then the note that it is done
    /// (so a kill between the two makes the module again, never twice).
    func append(_ module: ModuleExamples, index: Int) throws {
        precondition(index == finished.count, "modules are written in input order")
        var bytes: [UInt8] = []
        for record in module.records { bytes += try record.jsonLine() }
        do {
            try data?.write(contentsOf: bytes)
            offset += UInt64(bytes.count)
            let entry = FinishedModule(
                index: index, input: module.input, lines: module.records.count, endOffset: offset,
                skipped: module.skipped,
                unvalidatedBetter: module.unvalidatedBetter, notes: module.notes)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            try progress?.write(contentsOf: Array(try encoder.encode(entry)) + [UInt8(ascii: "\n")])
            finished.append(entry)
        } catch {
            throw PromptDatasetError.badData(
                "cannot write \(partialPath): \(error.localizedDescription) (disk full?); free space and run the same command again to resume"
            )
        }
    }

    /// All modules are in: `OUT.partial` becomes `OUT` (one rename, or
    /// copied into a device or FIFO; see `AtomicFile`), the resume files go.
    func finish() throws {
        try data?.synchronize()
        try data?.close()
        try progress?.close()
        data = nil
        progress = nil
        do {
            try AtomicFile.install(partialPath, at: output)
        } catch {
            throw PromptDatasetError.cannotWrite(error)
        }
        try? FileManager.default.removeItem(atPath: settingsPath)
        try? FileManager.default.removeItem(atPath: progressPath)
    }

    /// Leaves the files for a later resume.
    func close() {
        try? data?.synchronize()
        try? data?.close()
        try? progress?.close()
        data = nil
        progress = nil
    }
}
