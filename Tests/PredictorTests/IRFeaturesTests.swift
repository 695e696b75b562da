import LLVMBridge
import TestSupport
import Testing

@Suite struct IRFeaturesTests {
    @Test func countsMatchTheIR() throws {
        let ir = """
            define i32 @f(i32 %a) {
            entry:
              %c = icmp eq i32 %a, 0
              br i1 %c, label %then, label %done
            then:
              %x = add i32 %a, 1
              %y = call i32 @g(i32 %x)
              br label %done
            done:
              %r = phi i32 [ 0, %entry ], [ %y, %then ]
              ret i32 %r
            }
            declare i32 @g(i32)
            @v = global i32 7
            """
        let features = try Context().parseIR(Array(ir.utf8), name: "f.ll").features
        #expect(IRFeatures.names.count == features.counts.count)
        #expect(features["functions"] == 1)
        #expect(features["declarations"] == 1)
        #expect(features["globals"] == 1)
        #expect(features["blocks"] == 3)
        #expect(features["instructions"] == 7)
        #expect(features["edges"] == 3)
        // entry -> done: entry has 2 successors, done has 2 predecessors.
        #expect(features["criticalEdges"] == 1)
        #expect(features["blocksTwoPredecessors"] == 1)
        #expect(features["blocksNoPredecessor"] == 1)
        #expect(features["phiArguments"] == 2)
        #expect(features["callsToDeclared"] == 1)
        #expect(features["op.phi"] == 1)
        #expect(features["op.icmp"] == 1)
        #expect(features["op.br"] == 2)
        #expect(features["constantZeroOperands"] == 2)
    }
}
