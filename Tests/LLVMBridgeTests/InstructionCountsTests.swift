import LLVMBridge
import Testing

/// CompilerGym's InstCount: every opcode, totals over defined functions only.
@Suite struct InstructionCountsTests {
    @Test func countsEveryOpcodeAndTheTotals() throws {
        let ir = """
            declare void @external(i32)
            define i32 @f(i32 %a, i1 %c) {
            entry:
              %x = add i32 %a, 1
              %y = freeze i32 %x
              br i1 %c, label %then, label %done
            then:
              call void @external(i32 %y)
              br label %done
            done:
              %r = phi i32 [ %x, %entry ], [ %y, %then ]
              ret i32 %r
            }
            """
        let counts = try Context().parseIR(Array(ir.utf8), name: "counts.ll").instructionCounts
        #expect(counts.functions == 1, "the declaration has no body")
        #expect(counts.blocks == 3)
        #expect(counts.instructions == 7)
        let byOpcode = counts.byOpcode
        #expect(byOpcode["add"] == 1 && byOpcode["freeze"] == 1 && byOpcode["br"] == 2 && byOpcode["call"] == 1)
        #expect(byOpcode["phi"] == 1 && byOpcode["ret"] == 1 && byOpcode["mul"] == 0)
        #expect(counts.perOpcode.reduce(0, +) == counts.instructions, "no opcode is left out")
        #expect(InstructionCounts.opcodeNames.count == 65)
        #expect(Set(InstructionCounts.opcodeNames).count == 65)
    }
}
