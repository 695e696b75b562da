import CodeSize
import Foundation
import Toolchain

extension PredictorModel {
    /// The model's file as format 1 wrote it: each program's `features` and
    /// `gains` as arrays of numbers (null where a list failed). PassLab
    /// still reads such files (trained by an earlier PassLab); this is what
    /// `PredictorLoadBenchmark` compares the current format with, and how
    /// the tests check that format 1 still loads.
    public func encodedAsFormat1() throws -> Data {
        guard var object = try JSONSerialization.jsonObject(with: encoded()) as? [String: Any],
            let programs = object["programs"] as? [[String: Any]]
        else { throw PredictorDataError.unreadable(what: "predictor", path: "(encoded)", reason: "not a JSON object") }
        object["formatVersion"] = 1
        object["programs"] = zip(programs, self.programs).map { entry, program -> [String: Any] in
            var entry = entry
            entry["features"] = program.features
            entry["gains"] = program.gains.map { $0.map { $0 as Any } ?? NSNull() }
            return entry
        }
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
    }
}

/// `passlab bench predictor-load`: what loading a shipped predictor costs
/// (read, decode, check against the catalog), in the format this PassLab
/// writes beside the same model in format 1, loads of the two alternating
/// in one run so that the machine's drift falls on both.
///
/// Every `tune` and every file `passlab cc` compiles loads the model once
/// before anything is compiled: at budget 1 it was about half of a small
/// module's time in format 1.
public struct PredictorLoadBenchmark {
    /// One protocol's model in one format.
    public struct Row: Codable, Sendable {
        /// The protocol the model was trained for (`shipping`, `paper`).
        public var protocolName: String
        /// The file's format version.
        public var formatVersion: Int
        /// The file's size, bytes.
        public var bytes: Int
        /// Loads timed.
        public var loads: Int
        /// Median wall-clock milliseconds per `PredictorModel.load`.
        public var medianMilliseconds: Double
        /// The fastest load, milliseconds.
        public var minimumMilliseconds: Double
    }

    /// Both formats of every shipped model.
    public struct Report: Codable, Sendable {
        /// Format 1, then the current format, per protocol.
        public var rows: [Row]
        /// Per protocol: the current format's median over format 1's.
        public var currentOverFormat1: [String: Double]
        /// Per protocol: median milliseconds of `PredictorModel.bundled`, as `tune` loads the shipped model
        /// (the current format, edit actions applied when proposed rather than all checked), timed in the same
        /// alternation.
        public var bundledMedianMilliseconds: [String: Double] = [:]
    }

    /// Loads per protocol and format (`--loads`).
    public var loads: Int

    /// A benchmark of `loads` loads per protocol and format.
    public init(loads: Int = 20) {
        self.loads = max(1, loads)
    }

    /// Writes each shipped model in format 1 to a scratch directory, then
    /// loads the two files alternately; checks that both give the same model.
    public func run() throws -> Report {
        let scratch = try ScratchDirectory.create(purpose: "predictor-load")
        defer { ScratchDirectory.remove(scratch) }
        var rows: [Row] = []
        var ratios: [String: Double] = [:], bundled: [String: Double] = [:]
        for protocolName in ProtocolName.allCases {
            let current = try PredictorModel.bundledPath(protocolName)
            let model = try PredictorModel.load(path: current)
            let old = scratch + "/predictor-\(protocolName.rawValue)-format1.json"
            try model.encodedAsFormat1().write(to: URL(fileURLWithPath: old))
            let paths = [old, current], expected = try model.encoded()
            // Format 1, the current format checked in full, then the current format as `tune` loads it.
            let loaders: [(path: String, load: () throws -> PredictorModel)] = [
                (old, { try PredictorModel.load(path: old) }), (current, { try PredictorModel.load(path: current) }),
                (current, { try PredictorModel.bundled(protocolName) }),
            ]
            var times: [[Double]] = loaders.map { _ in [] }
            for _ in 0..<loads {
                for (index, loader) in loaders.enumerated() {
                    let started = DispatchTime.now().uptimeNanoseconds
                    let loaded = try loader.load()
                    times[index].append(Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6)
                    guard try loaded.encoded() == expected else {
                        throw PredictorDataError.incompatible(
                            what: "predictor", path: loader.path, reason: "it loads as another model than \(current)")
                    }
                }
            }
            bundled[protocolName.rawValue] = times[2].sorted()[times[2].count / 2]
            for (index, path) in paths.enumerated() {
                let sorted = times[index].sorted()
                rows.append(
                    Row(
                        protocolName: protocolName.rawValue,
                        formatVersion: index == 0 ? 1 : PredictorModel.formatVersion,
                        bytes: (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0,
                        loads: loads, medianMilliseconds: sorted[sorted.count / 2], minimumMilliseconds: sorted[0]))
            }
            ratios[protocolName.rawValue] =
                rows[rows.count - 1].medianMilliseconds / rows[rows.count - 2].medianMilliseconds
        }
        return Report(rows: rows, currentOverFormat1: ratios, bundledMedianMilliseconds: bundled)
    }

    /// The report as a table.
    public static func text(_ report: Report) -> String {
        var lines = ["protocol  format      bytes  loads  median ms  fastest ms"]
        for row in report.rows {
            let name = row.protocolName.padding(toLength: 8, withPad: " ", startingAt: 0)
            lines.append(
                name
                    + String(
                        format: "  %6d  %9d  %5d  %9.1f  %10.1f", row.formatVersion, row.bytes, row.loads,
                        row.medianMilliseconds, row.minimumMilliseconds))
        }
        for (name, ratio) in report.currentOverFormat1.sorted(by: { $0.key < $1.key }) {
            lines.append(
                "\(name): format \(PredictorModel.formatVersion) loads in "
                    + String(format: "%.2f", ratio) + " of format 1's time (median over median)")
        }
        for (name, milliseconds) in report.bundledMedianMilliseconds.sorted(by: { $0.key < $1.key }) {
            lines.append(
                "\(name): as tune loads it (edit actions applied when proposed): "
                    + String(format: "%.1f", milliseconds) + " ms median")
        }
        return lines.joined(separator: "\n")
    }
}
