import CProcess
import CodeSize
import Foundation
import Pipelines

/// What an evaluation should return besides sizes.
///
/// Ask for one kind: an evaluation returns a single payload, and with several
/// kinds set the last the worker makes wins (function sizes, then the object,
/// then assembly, then bitcode, then exact IR text, then IR text).
public struct OutputKinds: OptionSet, Sendable, Codable, Hashable {
    /// The bits of the kinds asked for (1 IR text, 2 bitcode, 4 object, 8
    /// assembly, 16 exact IR text, 32 function sizes).
    public let rawValue: Int
    /// The kinds whose bits are set in `rawValue`.
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// Textual IR after the pipeline.
    public static let irText = OutputKinds(rawValue: 1)
    /// Bitcode after the pipeline.
    public static let bitcode = OutputKinds(rawValue: 2)
    /// The object file measured.
    public static let object = OutputKinds(rawValue: 4)
    /// Assembly text, as `llc -filetype=asm` at the protocol's codegen level.
    public static let assembly = OutputKinds(rawValue: 8)
    /// Textual IR after the pipeline with `uselistorder` directives: parsed
    /// back (by opt-19, llc-19 or PassLab), it gives the sizes measured.
    public static let exactIRText = OutputKinds(rawValue: 16)
    /// Each defined function's size in the object measured
    /// (`ELFObject.functionSizes`), as JSON `{"name": bytes}`.
    public static let functionSizes = OutputKinds(rawValue: 32)
}

/// A list's object as far as choosing a per-function composition needs it:
/// its size and each function's (sent with a compose request when the
/// engine measured them already, so the worker does not compile it again).
public struct MeasuredObject: Codable, Sendable, Hashable {
    /// Bytes of Berkeley text + data of the list's whole object.
    public var binarySize: Int
    /// Each defined function's symbol size in that object, in bytes, by name.
    public var functions: [String: Int]

    /// An object of `binarySize` bytes with these function sizes.
    public init(binarySize: Int, functions: [String: Int]) {
        self.binarySize = binarySize
        self.functions = functions
    }
}

/// A request from the engine to a worker. Sent as a frame: little-endian
/// UInt32 header length, UInt32 payload length, JSON header, raw payload.
enum WorkerRequest: Codable {
    /// Payload: IR text or bitcode. The worker parses it once and keeps it.
    case load(moduleID: String, name: String)
    case evaluate(moduleID: String, pipeline: String, measurementProtocol: MeasurementProtocol, outputs: OutputKinds)
    case unload(moduleID: String)
    /// A fresh worker (`EngineConfiguration.freshWorkers`) drops the module
    /// it holds: it replies `recycled` and returns to the state it started
    /// in, ready to load another.
    case recycle
    /// Per-function pass lists (`FunctionComposition`): with `functions`,
    /// that composition; without, the worker chooses one from `lists`, using
    /// `measured[i]` for list i where given instead of compiling it.
    case compose(
        moduleID: String, lists: [Pipeline], functions: [String: Int]?, measured: [MeasuredObject?]?,
        measurementProtocol: MeasurementProtocol, outputs: OutputKinds)
}

/// Why a worker could not produce a measurement without dying.
public struct WorkerFailure: Codable, Sendable, Hashable, Error, CustomStringConvertible {
    /// What went wrong, for callers that react by kind (`ProgramMeasurer` makes
    /// `invalidPipeline` and `unknownTarget` usage errors).
    public enum Kind: String, Codable, Sendable {
        /// `malformedIR`: the IR does not parse (also a worker that died while
        /// parsing it); `newerLLVM`: IR from a newer LLVM than 19;
        /// `unreadable`: the bytes cannot be read, or the worker cannot be
        /// started; `invalidPipeline`: LLVM's pass builder rejects the pipeline
        /// text; `unknownTarget`: LLVM 19 has no target for the triple;
        /// `emitFailed`: code generation or a per-function transplant failed;
        /// `notELF`: the object could not be read as ELF; `unknownModule`: the
        /// module is not loaded (unregistered), or the worker's reply made no
        /// sense.
        case malformedIR, newerLLVM, unreadable, invalidPipeline, unknownTarget, emitFailed, notELF, unknownModule
        /// The pipeline left a module LLVM's verifier rejects (the engine
        /// makes it `EvaluationOutcome.brokenModule`).
        case brokenModule
    }

    /// The class of failure.
    public var kind: Kind
    /// LLVM's or PassLab's message, naming the module or pipeline.
    public var message: String

    /// `message`, as is.
    public var description: String { message }
}

/// A worker's answer. Payload: the requested output bytes, if any.
enum WorkerReply: Codable {
    case loaded(instructionCount: Int, triple: String)
    case measured(SizeMeasurement)
    case failed(WorkerFailure)
    case unloaded
    case recycled
    /// The composition measured (the one applied: refused transplants left out).
    case composed(SizeMeasurement, FunctionComposition)
}

/// Reads and writes frames on raw file descriptors (blocking).
struct FrameChannel {
    let input: Int32
    let output: Int32

    /// Sorted keys: the same request is the same bytes. Foundation's
    /// encoder otherwise orders keys by a dictionary's per-instance seed, and
    /// the worker, decoding them in another order, laid out its heap
    /// differently: passes that visit values in address order (the
    /// Attributor) then named values differently for the same request.
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }()
    static let decoder = JSONDecoder()

    func send<T: Encodable>(_ header: T, payload: [UInt8] = []) throws {
        let headerBytes = [UInt8](try Self.encoder.encode(header))
        var frame = [UInt8]()
        frame.reserveCapacity(8 + headerBytes.count + payload.count)
        withUnsafeBytes(of: UInt32(headerBytes.count).littleEndian) { frame.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt32(payload.count).littleEndian) { frame.append(contentsOf: $0) }
        frame += headerBytes
        frame += payload
        try writeAll(frame)
    }

    /// Returns nil at end of file (the other side is gone).
    func receive<T: Decodable>(_ type: T.Type) throws -> (T, [UInt8])? {
        guard let lengths = try readExactly(8) else { return nil }
        let headerLength = Int(
            UInt32(lengths[0]) | UInt32(lengths[1]) << 8 | UInt32(lengths[2]) << 16 | UInt32(lengths[3]) << 24)
        let payloadLength = Int(
            UInt32(lengths[4]) | UInt32(lengths[5]) << 8 | UInt32(lengths[6]) << 16 | UInt32(lengths[7]) << 24)
        guard let header = try readExactly(headerLength), let payload = try readExactly(payloadLength) else {
            return nil
        }
        return (try Self.decoder.decode(T.self, from: Data(header)), payload)
    }

    private func writeAll(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(output, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw ChannelError.closed
            }
            offset += written
        }
    }

    private func readExactly(_ count: Int) throws -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: count)
        var offset = 0
        while offset < count {
            let got = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress! + offset, count - offset) }
            if got == 0 { return nil }
            if got < 0 {
                if errno == EINTR { continue }
                return nil
            }
            offset += got
        }
        return buffer
    }
}

enum ChannelError: Error {
    case closed
}

extension WorkerRequest {
    /// How a fresh worker's child exits after serving this request
    /// (`WorkerServer.serveFresh`): back to the first fork server after a
    /// `recycle`, else the next child from the same state.
    var status: Int32 {
        if case .recycle = self { return PASSLAB_RECYCLE_EXIT }
        return PASSLAB_FORK_AGAIN_EXIT
    }
}
