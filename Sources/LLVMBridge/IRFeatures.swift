internal import CLLVM

/// Cheap static counts over a module's IR, in the spirit of Autophase
/// (Haj-Ali et al., 2020): control-flow shape (blocks by predecessor and
/// successor count, edges, critical edges), values (phi nodes and their
/// arguments, constant operands), calls, and one count for each of 56
/// common opcodes (`InstructionCounts` has all 65). Computed in one walk over the module, no pass run, so a
/// predictor can describe a program before compiling it even once.
public struct IRFeatures: Sendable, Hashable, Codable {
    /// Feature names, in `counts` order; the same for every module.
    public static let names: [String] = structureNames + opcodes.map { "op." + $0.name }

    /// One count per name, in `names` order: structural counts, then one per opcode (`op.add`, ...).
    public var counts: [Double]

    /// Features from stored counts (a training matrix row), in `names` order. Traps unless there is
    /// exactly one count per name.
    public init(counts: [Double]) {
        precondition(counts.count == Self.names.count)
        self.counts = counts
    }

    /// The count named `name` (nil for an unknown name).
    public subscript(name: String) -> Double? {
        Self.names.firstIndex(of: name).map { counts[$0] }
    }

    static let structureNames = [
        "functions", "declarations", "globals", "blocks", "instructions", "edges", "criticalEdges",
        "blocksOneSuccessor", "blocksTwoSuccessors", "blocksManySuccessors",
        "blocksNoPredecessor", "blocksOnePredecessor", "blocksTwoPredecessors", "blocksManyPredecessors",
        "blocksOnePredOneSucc", "phiArguments", "constantIntOperands", "constantZeroOperands",
        "callsToDefined", "callsToDeclared", "indirectCalls", "intrinsicCalls", "maxBlockInstructions",
        "maxFunctionBlocks",
    ]

    static let opcodes: [(name: String, opcode: LLVMOpcode)] = [
        ("ret", LLVMRet), ("br", LLVMBr), ("switch", LLVMSwitch), ("indirectbr", LLVMIndirectBr),
        ("invoke", LLVMInvoke),
        ("unreachable", LLVMUnreachable), ("fneg", LLVMFNeg), ("add", LLVMAdd), ("fadd", LLVMFAdd), ("sub", LLVMSub),
        ("fsub", LLVMFSub), ("mul", LLVMMul), ("fmul", LLVMFMul), ("udiv", LLVMUDiv), ("sdiv", LLVMSDiv),
        ("fdiv", LLVMFDiv), ("urem", LLVMURem), ("srem", LLVMSRem), ("frem", LLVMFRem), ("shl", LLVMShl),
        ("lshr", LLVMLShr), ("ashr", LLVMAShr), ("and", LLVMAnd), ("or", LLVMOr), ("xor", LLVMXor),
        ("alloca", LLVMAlloca), ("load", LLVMLoad), ("store", LLVMStore), ("getelementptr", LLVMGetElementPtr),
        ("trunc", LLVMTrunc), ("zext", LLVMZExt), ("sext", LLVMSExt), ("fptoui", LLVMFPToUI), ("fptosi", LLVMFPToSI),
        ("uitofp", LLVMUIToFP), ("sitofp", LLVMSIToFP), ("fptrunc", LLVMFPTrunc), ("fpext", LLVMFPExt),
        ("ptrtoint", LLVMPtrToInt), ("inttoptr", LLVMIntToPtr), ("bitcast", LLVMBitCast), ("icmp", LLVMICmp),
        ("fcmp", LLVMFCmp), ("phi", LLVMPHI), ("call", LLVMCall), ("select", LLVMSelect),
        ("extractvalue", LLVMExtractValue), ("insertvalue", LLVMInsertValue), ("extractelement", LLVMExtractElement),
        ("insertelement", LLVMInsertElement), ("shufflevector", LLVMShuffleVector), ("landingpad", LLVMLandingPad),
        ("atomic", LLVMAtomicRMW), ("cmpxchg", LLVMAtomicCmpXchg), ("fence", LLVMFence), ("vaarg", LLVMVAArg),
    ]
}

extension Module {
    /// The module's `IRFeatures`.
    public var features: IRFeatures {
        var structure = [String: Double]()
        var opcodeIndex = [UInt32: Int]()
        for (index, entry) in IRFeatures.opcodes.enumerated() { opcodeIndex[entry.opcode.rawValue] = index }
        var opcodeCounts = [Double](repeating: 0, count: IRFeatures.opcodes.count)
        func add(_ name: String, _ amount: Double = 1) { structure[name, default: 0] += amount }

        var global = LLVMGetFirstGlobal(ref)
        while let g = global {
            add("globals")
            global = LLVMGetNextGlobal(g)
        }
        var function = LLVMGetFirstFunction(ref)
        while let f = function {
            defer { function = LLVMGetNextFunction(f) }
            if LLVMIsDeclaration(f) != 0 {
                add("declarations")
                continue
            }
            add("functions")
            // Predecessor counts come from the successors of every block.
            var predecessors = [LLVMBasicBlockRef: Int]()
            var successors = [LLVMBasicBlockRef: [LLVMBasicBlockRef]]()
            var blocks: [LLVMBasicBlockRef] = []
            var block = LLVMGetFirstBasicBlock(f)
            while let b = block {
                blocks.append(b)
                var size = 0.0
                var instruction = LLVMGetFirstInstruction(b)
                while let i = instruction {
                    size += 1
                    let opcode = LLVMGetInstructionOpcode(i)
                    if let index = opcodeIndex[opcode.rawValue] { opcodeCounts[index] += 1 }
                    countOperands(i, add)
                    if opcode == LLVMPHI { add("phiArguments", Double(LLVMCountIncoming(i))) }
                    if opcode == LLVMCall || opcode == LLVMInvoke { countCall(i, add) }
                    instruction = LLVMGetNextInstruction(i)
                }
                add("instructions", size)
                structure["maxBlockInstructions"] = max(structure["maxBlockInstructions"] ?? 0, size)
                if let terminator = LLVMGetBasicBlockTerminator(b) {
                    let targets = (0..<LLVMGetNumSuccessors(terminator)).compactMap { LLVMGetSuccessor(terminator, $0) }
                    successors[b] = targets
                    for target in targets { predecessors[target, default: 0] += 1 }
                }
                block = LLVMGetNextBasicBlock(b)
            }
            add("blocks", Double(blocks.count))
            structure["maxFunctionBlocks"] = max(structure["maxFunctionBlocks"] ?? 0, Double(blocks.count))
            for b in blocks {
                let out = successors[b]?.count ?? 0
                let into = predecessors[b] ?? 0
                add("edges", Double(out))
                switch out {
                case 0: break
                case 1: add("blocksOneSuccessor")
                case 2: add("blocksTwoSuccessors")
                default: add("blocksManySuccessors")
                }
                switch into {
                case 0: add("blocksNoPredecessor")
                case 1: add("blocksOnePredecessor")
                case 2: add("blocksTwoPredecessors")
                default: add("blocksManyPredecessors")
                }
                if into == 1 && out == 1 { add("blocksOnePredOneSucc") }
                // An edge from a block with several successors to one with several predecessors.
                if out > 1 {
                    for target in successors[b] ?? [] where (predecessors[target] ?? 0) > 1 { add("criticalEdges") }
                }
            }
        }
        return IRFeatures(counts: IRFeatures.structureNames.map { structure[$0] ?? 0 } + opcodeCounts)
    }
}

private func countOperands(_ instruction: LLVMValueRef, _ add: (String, Double) -> Void) {
    for index in 0..<max(0, LLVMGetNumOperands(instruction)) {
        guard let operand = LLVMGetOperand(instruction, UInt32(index)), LLVMIsAConstantInt(operand) != nil else {
            continue
        }
        add("constantIntOperands", 1)
        if LLVMGetIntTypeWidth(LLVMTypeOf(operand)) <= 64 && LLVMConstIntGetZExtValue(operand) == 0 {
            add("constantZeroOperands", 1)
        }
    }
}

private func countCall(_ instruction: LLVMValueRef, _ add: (String, Double) -> Void) {
    guard let callee = LLVMGetCalledValue(instruction), LLVMIsAFunction(callee) != nil else {
        add("indirectCalls", 1)
        return
    }
    if LLVMGetIntrinsicID(callee) != 0 {
        add("intrinsicCalls", 1)
    } else if LLVMIsDeclaration(callee) != 0 {
        add("callsToDeclared", 1)
    } else {
        add("callsToDefined", 1)
    }
}
