import CodeSize
import Foundation
import LLVMBridge

/// The observation spaces of `session.observe` (CompilerGym's names where
/// it has them). Those that need the IR parse the state's bitcode in the
/// server process, once per request: parsing what a worker's LLVM wrote
/// runs no pass, so it cannot meet the crashes workers exist for.
enum ObservationSpace: String, CaseIterable, Sendable {
    case ir = "Ir"
    case irInstructionCount = "IrInstructionCount"
    case instCount = "InstCount"
    case instCountNames = "InstCountNames"
    case instCountVector = "InstCountVector"
    case autophase = "Autophase"
    case binarySize = "BinarySize"
    case sections = "Sections"
    case baselines = "Baselines"
    case actions = "Actions"
    /// The opt -p text of each step applied (catalog steps included).
    case pipelines = "Pipelines"

    /// Names of the InstCount vector: CompilerGym's three totals, then every opcode.
    static let instCountVectorNames = ["TotalInsts", "TotalBlocks", "TotalFuncs"] + InstructionCounts.opcodeNames

    var needsIR: Bool { [.ir, .instCount, .instCountVector, .autophase].contains(self) }

    static func parse(_ names: [String], field: String) throws(ServiceError) -> [ObservationSpace] {
        var spaces: [ObservationSpace] = []
        for (index, name) in names.enumerated() {
            guard let space = ObservationSpace(rawValue: name) else {
                throw .invalidParams(
                    "\(field)[\(index)]",
                    "\(name.debugDescription) is not an observation space; give one of "
                        + allCases.map(\.rawValue).joined(separator: ", "))
            }
            spaces.append(space)
        }
        return spaces
    }

    /// The observations of `state`, by space name.
    static func observe(
        _ spaces: [ObservationSpace], state: SessionState, session: Session
    ) throws(ServiceError) -> JSONValue {
        var module: Module?
        if spaces.contains(where: \.needsIR) {
            do {
                module = try Context().parseIR(state.module.bytes, name: session.name)
            } catch {
                throw ServiceError(.internal, "\(session.name): the session's state does not parse back: \(error)")
            }
        }
        var result: [String: JSONValue] = [:]
        for space in spaces {
            result[space.rawValue] = value(of: space, state: state, session: session, module: module)
        }
        return .object(result)
    }

    private static func value(
        of space: ObservationSpace, state: SessionState, session: Session, module: Module?
    ) -> JSONValue {
        switch space {
        case .ir:
            // With use-list order: parsed back (by opt-19 or PassLab) it is this very state, sizes included.
            return .string(module!.printIRPreservingUseListOrder())
        case .irInstructionCount:
            return .int(state.measurement.instructionCount)
        case .instCount:
            let counts = module!.instructionCounts
            var object = counts.byOpcode.mapValues { JSONValue.int($0) }
            object["TotalInsts"] = .int(counts.instructions)
            object["TotalBlocks"] = .int(counts.blocks)
            object["TotalFuncs"] = .int(counts.functions)
            return .object(object)
        case .instCountNames:
            return .array(instCountVectorNames.map { .string($0) })
        case .instCountVector:
            let counts = module!.instructionCounts
            return .array(([counts.instructions, counts.blocks, counts.functions] + counts.perOpcode).map { .int($0) })
        case .autophase:
            let features = module!.features
            return [
                "names": .array(IRFeatures.names.map { .string($0) }),
                "values": .array(features.counts.map { .int(Int($0)) }),
            ]
        case .binarySize:
            return .int(state.measurement.binarySize)
        case .sections:
            // Comdat groups can repeat a section name: their sizes add up.
            let sizes = Dictionary(state.measurement.sections.map { ($0.name, $0.size) }, uniquingKeysWith: +)
            return .object(sizes.mapValues { .int($0) })
        case .baselines:
            return ["oz": .int(session.baselines.oz), "unoptimized": .int(session.baselines.unoptimized)]
        case .actions:
            return .array(state.actions.map { .int($0) })
        case .pipelines:
            return .array(state.pipelines.map { .string($0.text) })
        }
    }
}
