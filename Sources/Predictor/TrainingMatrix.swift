import Autotune
import CodeSize
import Foundation
import LLVMBridge
import Pipelines
import Toolchain

/// What the predictor learns from, kept apart from any model: for every
/// training example (a corpus unit, or one function split from it), its IR
/// feature counts, its -Oz size and the size under every action (a catalog
/// list or an edit of -Oz). Committed compressed
/// (`data/training/matrix-<protocol>.json.gz`), so a model can be retrained
/// (`passlab predictor train --matrix`) without compiling anything;
/// `passlab predictor matrix` (run by `scripts/train-predictor`) regenerates it.
public struct TrainingMatrix: Codable, Sendable {
    /// The format this PassLab reads and writes; `load` refuses a file of any other version.
    public static let formatVersion = 1

    /// One row: a training example's features, its -Oz size and its size under each action.
    public struct Example: Codable, Sendable {
        /// `codeBase/unit.ll`, plus `#function` for a function split from the unit.
        public var name: String
        /// The unit's code base (parent directory): cross-validation holds a code base out together.
        public var codeBase: String
        /// The function, for an example split from its unit (nil: the whole unit).
        public var function: String?
        /// Raw IR feature counts (`IRFeatures.names` order).
        public var features: [Double]
        /// Bytes (Berkeley text + data) of the example at the -Oz reference (`ozPipeline`).
        public var oz: Int
        /// Binary size per action (nil: the action failed on it).
        public var sizes: [Int?]

        /// A row as given; `TrainingMatrix.load` checks its counts against the matrix.
        public init(name: String, codeBase: String, function: String?, features: [Double], oz: Int, sizes: [Int?]) {
            self.name = name
            self.codeBase = codeBase
            self.function = function
            self.features = features
            self.oz = oz
            self.sizes = sizes
        }
    }

    /// The file's format version (must equal `TrainingMatrix.formatVersion` to load).
    public var formatVersion: Int
    /// `ProtocolName` raw value the sizes were measured under.
    public var protocolName: String
    /// `MeasurementProtocol.storeKey` of that protocol (codegen level, relocation model and triple included).
    public var protocolKey: String
    /// LLVM version of the catalog and of the compilations.
    public var llvmVersion: String
    /// `PassLabVersion.current` of the PassLab that measured it.
    public var passlabVersion: String
    /// What edit actions change (clang's -Oz under shipping).
    public var editBase: Pipeline?
    /// The -Oz reference every gain is measured against.
    public var ozPipeline: Pipeline
    /// `IRFeatures.names` in feature order; `load` refuses a matrix whose names differ from this PassLab's.
    public var featureNames: [String]
    /// The actions measured, in the order of each example's `sizes`.
    public var actions: [PassAction]
    /// The rows: every unit and, when measured with `--split-functions`, each of its functions.
    public var examples: [Example]
    /// How it was made: inputs, command, machine.
    public var provenance: String
    /// Wall seconds the compilations took and the worker processes that ran
    /// them (CPU-seconds are at most their product); sizes read back from a
    /// store cost nothing and are not counted.
    public var compileSeconds: Double
    /// Worker processes that ran the compilations (`EngineConfiguration.jobs`).
    public var jobs: Int

    /// What `load` and `compressed` throw.
    public typealias MatrixError = PredictorDataError

    /// Reads a matrix (`.json.gz`, or plain `.json`) and checks it.
    public static func load(path: String) throws -> TrainingMatrix {
        guard let raw = FileManager.default.contents(atPath: path) else {
            throw MatrixError.unreadable(what: "training matrix", path: path, reason: "no such file or not readable")
        }
        var bytes = [UInt8](raw)
        if bytes.starts(with: [0x1f, 0x8b]) {
            let result = try ProcessRunner.run(
                ProcessRequest("gzip", ["-dc"], standardInput: bytes, timeout: 120, outputLimit: 1 << 30))
            guard result.termination.succeeded, !result.outputTruncated else {
                throw MatrixError.unreadable(what: "training matrix", path: path, reason: "gzip: \(result.stderrText)")
            }
            bytes = result.standardOutput
        }
        let matrix: TrainingMatrix
        do {
            matrix = try JSONDecoder().decode(TrainingMatrix.self, from: Data(bytes))
        } catch {
            throw MatrixError.unreadable(what: "training matrix", path: path, reason: "\(error)")
        }
        guard matrix.formatVersion == formatVersion else {
            throw MatrixError.incompatible(
                what: "training matrix", path: path,
                reason: "format version \(matrix.formatVersion), this PassLab reads \(formatVersion)")
        }
        // Sizes and catalog lists of another LLVM mean nothing to this one (the predictor file checks the same).
        guard matrix.llvmVersion == PassCatalog.llvmVersion else {
            throw MatrixError.incompatible(
                what: "training matrix", path: path,
                reason:
                    "measured with LLVM \(matrix.llvmVersion), this PassLab's catalog is LLVM \(PassCatalog.llvmVersion)"
            )
        }
        guard matrix.featureNames == IRFeatures.names else {
            throw MatrixError.incompatible(
                what: "training matrix", path: path, reason: "its features differ from this PassLab's")
        }
        guard
            matrix.examples.allSatisfy({
                $0.sizes.count == matrix.actions.count && $0.features.count == matrix.featureNames.count
            })
        else {
            throw MatrixError.incompatible(
                what: "training matrix", path: path,
                reason: "an example's row does not match the action and feature counts")
        }
        return matrix
    }

    /// The file's bytes: JSON with sorted keys, gzip-compressed (`gzip -9n`: no name or time stamp, so equal matrices are equal files).
    public func compressed() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = [UInt8](try encoder.encode(self))
        let result = try ProcessRunner.run(
            ProcessRequest("gzip", ["-9n", "-c"], standardInput: json, timeout: 300, outputLimit: 1 << 30))
        guard result.termination.succeeded else {
            throw MatrixError.unreadable(what: "training matrix", path: "(gzip)", reason: result.stderrText)
        }
        return result.standardOutput
    }

    /// Training data for the trainer: whole units, or units and functions.
    public func trainingData(includingFunctions: Bool = false) throws -> TrainingData {
        let chosen = examples.filter { includingFunctions || $0.function == nil }
        let programs = chosen.map { example in
            TrainingData.Program(
                name: example.name, codeBase: example.codeBase, features: IRFeatures(counts: example.features),
                oz: example.oz, sizes: example.sizes)
        }
        let pipelines = try actions.map { try $0.pipeline(editBase: editBase) }
        return TrainingData(
            programs: programs, pool: actions, pipelines: pipelines, editBase: editBase,
            origins: actions.map { _ in [] })
    }
}
