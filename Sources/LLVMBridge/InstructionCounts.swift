internal import CLLVM

/// Instructions per opcode, with totals: CompilerGym's `InstCount`
/// observation (what `opt -passes=instcount` reports), over every opcode of
/// LLVM 19 in a fixed order so that it is a fixed-length vector for a learner.
/// `IRFeatures` has opcode counts too, but only for the opcodes a size
/// predictor needs; this one leaves none out.
public struct InstructionCounts: Sendable, Hashable {
    /// Opcode names as LLVM prints them (`getelementptr`, `va_arg`), in `perOpcode` order.
    public static let opcodeNames: [String] = opcodes.map(\.name)

    /// Functions with a body (declarations not counted).
    public var functions: Int
    /// Basic blocks over every function body.
    public var blocks: Int
    /// Instructions over every function body: `Module.instructionCount`, and the sum of `perOpcode`.
    public var instructions: Int
    /// One count per `opcodeNames` entry.
    public var perOpcode: [Int]

    /// Opcode name -> count (zeros included).
    public var byOpcode: [String: Int] {
        Dictionary(uniqueKeysWithValues: zip(Self.opcodeNames, perOpcode))
    }

    static let opcodes: [(name: String, opcode: LLVMOpcode)] = [
        ("ret", LLVMRet), ("br", LLVMBr), ("switch", LLVMSwitch), ("indirectbr", LLVMIndirectBr),
        ("invoke", LLVMInvoke),
        ("resume", LLVMResume), ("unreachable", LLVMUnreachable), ("cleanupret", LLVMCleanupRet),
        ("catchret", LLVMCatchRet), ("catchswitch", LLVMCatchSwitch), ("callbr", LLVMCallBr), ("fneg", LLVMFNeg),
        ("add", LLVMAdd), ("fadd", LLVMFAdd), ("sub", LLVMSub), ("fsub", LLVMFSub), ("mul", LLVMMul),
        ("fmul", LLVMFMul),
        ("udiv", LLVMUDiv), ("sdiv", LLVMSDiv), ("fdiv", LLVMFDiv), ("urem", LLVMURem), ("srem", LLVMSRem),
        ("frem", LLVMFRem), ("shl", LLVMShl), ("lshr", LLVMLShr), ("ashr", LLVMAShr), ("and", LLVMAnd), ("or", LLVMOr),
        ("xor", LLVMXor), ("alloca", LLVMAlloca), ("load", LLVMLoad), ("store", LLVMStore),
        ("getelementptr", LLVMGetElementPtr), ("fence", LLVMFence), ("cmpxchg", LLVMAtomicCmpXchg),
        ("atomicrmw", LLVMAtomicRMW), ("trunc", LLVMTrunc), ("zext", LLVMZExt), ("sext", LLVMSExt),
        ("fptoui", LLVMFPToUI), ("fptosi", LLVMFPToSI), ("uitofp", LLVMUIToFP), ("sitofp", LLVMSIToFP),
        ("fptrunc", LLVMFPTrunc), ("fpext", LLVMFPExt), ("ptrtoint", LLVMPtrToInt), ("inttoptr", LLVMIntToPtr),
        ("bitcast", LLVMBitCast), ("addrspacecast", LLVMAddrSpaceCast), ("cleanuppad", LLVMCleanupPad),
        ("catchpad", LLVMCatchPad), ("icmp", LLVMICmp), ("fcmp", LLVMFCmp), ("phi", LLVMPHI), ("call", LLVMCall),
        ("select", LLVMSelect), ("va_arg", LLVMVAArg), ("extractelement", LLVMExtractElement),
        ("insertelement", LLVMInsertElement), ("shufflevector", LLVMShuffleVector),
        ("extractvalue", LLVMExtractValue), ("insertvalue", LLVMInsertValue), ("landingpad", LLVMLandingPad),
        ("freeze", LLVMFreeze),
    ]
}

extension Module {
    /// The module's `InstructionCounts`, in one walk over its functions.
    public var instructionCounts: InstructionCounts {
        var index = [UInt32: Int]()
        for (position, entry) in InstructionCounts.opcodes.enumerated() { index[entry.opcode.rawValue] = position }
        var counts = InstructionCounts(
            functions: 0, blocks: 0, instructions: 0,
            perOpcode: [Int](repeating: 0, count: InstructionCounts.opcodes.count))
        var function = LLVMGetFirstFunction(ref)
        while let f = function {
            defer { function = LLVMGetNextFunction(f) }
            guard LLVMIsDeclaration(f) == 0 else { continue }
            counts.functions += 1
            var block = LLVMGetFirstBasicBlock(f)
            while let b = block {
                counts.blocks += 1
                var instruction = LLVMGetFirstInstruction(b)
                while let i = instruction {
                    counts.instructions += 1
                    if let position = index[LLVMGetInstructionOpcode(i).rawValue] { counts.perOpcode[position] += 1 }
                    instruction = LLVMGetNextInstruction(i)
                }
                block = LLVMGetNextBasicBlock(b)
            }
        }
        return counts
    }
}
