import CodeSize
import Foundation
import Testing
import TestSupport
import Toolchain

/// The ELF reader against `llvm-size-19` on real objects: 64- and 32-bit,
/// little- and big-endian, with .data, .bss, .rodata and .data.rel.ro.
@Suite struct ObjectFileTests {
    static let source = """
        int counter;                 // bss
        int table[4] = {1, 2, 3, 4}; // data
        static const char *names[] = {"a", "b", "c"};  // .data.rel.ro under PIC
        const int squares[5] = {0, 1, 4, 9, 16};        // rodata
        int get(int i) { counter++; return table[i & 3] + squares[i % 5] + names[i % 3][0]; }
        """

    @Test(arguments: [
        "x86_64-unknown-linux-gnu", "i686-linux-gnu", "aarch64-linux-gnu", "thumbv7em-none-eabi",
        "riscv32-unknown-elf", "powerpc-unknown-linux-gnu", "mips-unknown-linux-gnu",
    ])
    func berkeleySizesEqualLLVMSize(triple: String) throws {
        let toolchain = try Toolchain.find()
        let directory = Fixtures.temporaryDirectory("elf")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Self.source.write(toFile: directory + "/t.c", atomically: true, encoding: .utf8)
        for flags in [["-O0"], ["-Oz", "-fPIC"], ["-O2", "-ffunction-sections", "-fdata-sections"]] {
            let object = directory + "/t.o"
            let compile = try ProcessRunner.run(
                ProcessRequest(
                    toolchain.clang,
                    ["--target=\(triple)", "-ffreestanding", "-c", directory + "/t.c", "-o", object] + flags))
            #expect(compile.termination.succeeded, "\(compile.stderrText)")
            let sizes = try ELFObject.sizes(of: [UInt8](try Data(contentsOf: URL(fileURLWithPath: object))))
            let reference = try ProcessRunner.run(ProcessRequest(toolchain.llvmSize, ["-B", object]))
            let fields = reference.stdoutText.split(separator: "\n")[1].split(whereSeparator: {
                $0 == " " || $0 == "\t"
            }).compactMap { Int($0) }
            #expect([sizes.text, sizes.data, sizes.bss] == Array(fields.prefix(3)), "\(triple) \(flags)")
            #expect(sizes.binarySize == fields[0] + fields[1])
            #expect(sizes.bss > 0, "counter lands in .bss")
        }
    }

    /// Function sizes (for per-function pass lists) equal `llvm-nm-19 -S`'s
    /// function symbols, local ones included, 64- and 32-bit.
    @Test(arguments: ["x86_64-unknown-linux-gnu", "i686-linux-gnu", "thumbv7em-none-eabi"])
    func functionSizesEqualLLVMNm(triple: String) throws {
        let toolchain = try Toolchain.find()
        let directory = Fixtures.temporaryDirectory("elf-functions")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let source =
            Self.source + """

                __attribute__((noinline)) static int twice(int x) { return 2 * x + counter; }
                int use(int x) { return twice(x) + twice(x + 1) + get(x); }
                """
        try source.write(toFile: directory + "/t.c", atomically: true, encoding: .utf8)
        let object = directory + "/t.o"
        let compile = try ProcessRunner.run(
            ProcessRequest(
                toolchain.clang,
                [
                    "--target=\(triple)", "-ffreestanding", "-Oz", "-c",
                    directory + "/t.c", "-o", object,
                ]))
        #expect(compile.termination.succeeded, "\(compile.stderrText)")
        let sizes = try ELFObject.functionSizes(of: [UInt8](try Data(contentsOf: URL(fileURLWithPath: object))))
        let nm = try ProcessRunner.run(
            ProcessRequest(
                try Toolchain.findTool("llvm-nm-19", bare: "llvm-nm"),
                ["-S", "--defined-only", object]))
        var reference: [String: Int] = [:]
        for line in nm.stdoutText.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 4, ["t", "T"].contains(fields[2]), let size = Int(fields[1], radix: 16) else {
                continue
            }
            reference[String(fields[3])] = size
        }
        #expect(sizes == reference, "\(triple)")
        #expect(Set(sizes.keys) == ["get", "use", "twice"])
        #expect(sizes.values.allSatisfy { $0 > 0 })
    }

    /// An object with 0xff00 sections or more uses ELF's extended numbering: the header's section count is 0 (the
    /// count is section 0's size) and its string table index SHN_XINDEX (the index is section 0's link). The same
    /// object rewritten that way, 64- and 32-bit, has the same sizes; llvm-size-19 agrees. (It read as no sections.)
    @Test(arguments: ["x86_64-unknown-linux-gnu", "i686-linux-gnu"])
    func extendedSectionNumberingIsRead(triple: String) throws {
        let toolchain = try Toolchain.find()
        let directory = Fixtures.temporaryDirectory("elf-extended")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Self.source.write(toFile: directory + "/t.c", atomically: true, encoding: .utf8)
        let object = directory + "/t.o"
        let compile = try ProcessRunner.run(
            ProcessRequest(
                toolchain.clang,
                [
                    "--target=\(triple)", "-ffreestanding", "-O2", "-ffunction-sections", "-c", directory + "/t.c",
                    "-o",
                    object,
                ]))
        #expect(compile.termination.succeeded, "\(compile.stderrText)")
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: object)))
        var rewritten = bytes
        let is64 = bytes[4] == 2
        func field(_ offset: Int, _ width: Int) -> Int {
            (0..<width).reduce(0) { $0 | Int(bytes[offset + $1]) << (8 * $1) }
        }
        func write(_ value: Int, at offset: Int, _ width: Int) {
            for index in 0..<width { rewritten[offset + index] = UInt8((value >> (8 * index)) & 0xff) }
        }
        let (shoffAt, shnumAt, shstrndxAt) = is64 ? (0x28, 0x3C, 0x3E) : (0x20, 0x30, 0x32)
        let shoff = field(shoffAt, is64 ? 8 : 4)
        let (count, stringIndex) = (field(shnumAt, 2), field(shstrndxAt, 2))
        write(0, at: shnumAt, 2)
        write(0xffff, at: shstrndxAt, 2)
        write(count, at: shoff + (is64 ? 0x20 : 0x14), is64 ? 8 : 4)  // section 0's size
        write(stringIndex, at: shoff + (is64 ? 0x28 : 0x18), 4)  // section 0's link
        let extended = directory + "/extended.o"
        try Data(rewritten).write(to: URL(fileURLWithPath: extended))
        let original = try ELFObject.sizes(of: bytes), parsed = try ELFObject.sizes(of: rewritten)
        #expect(parsed.sections.count == count - 1 && parsed.sections.map(\.name) == original.sections.map(\.name))
        #expect(parsed.text == original.text && parsed.data == original.data && parsed.bss == original.bss)
        #expect(try ELFObject.functionSizes(of: rewritten) == (try ELFObject.functionSizes(of: bytes)))
        let reference = try ProcessRunner.run(ProcessRequest(toolchain.llvmSize, ["-B", extended]))
        let fields = reference.stdoutText.split(separator: "\n")[1].split(whereSeparator: { $0 == " " || $0 == "\t" })
            .compactMap { Int($0) }
        #expect([parsed.text, parsed.data, parsed.bss] == Array(fields.prefix(3)), "\(reference.stdoutText)")
    }

    @Test func rejectsNonELFWithAClearMessage() {
        #expect(throws: ObjectFileError.notELF(magic: [0x4d, 0x5a, 0x90, 0x00])) {
            try ELFObject.sizes(of: [0x4d, 0x5a, 0x90, 0x00, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
        }
        var truncated: [UInt8] = [0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0] + Array(repeating: 0, count: 56)
        truncated[0x28] = 0xff  // section headers far past the end
        truncated[0x3C] = 3
        truncated[0x3A] = 64
        #expect(throws: ObjectFileError.self) { try ELFObject.sizes(of: truncated) }
    }

    @Test func protocolsCarryTheirLowering() {
        #expect(MeasurementProtocol.shipping.codeGen == .O2)
        #expect(MeasurementProtocol.paper.codeGen == .O0)
        #expect(MeasurementProtocol.shipping.reloc == .pic && MeasurementProtocol.paper.reloc == .pic)
        #expect(
            MeasurementProtocol.paper.passRelocationModel == .default,
            "the paper ran opt with its default target machine")
        #expect(MeasurementProtocol.shipping.passRelocationModel == .pic, "clang optimizes with the PIC target machine")
        #expect(MeasurementProtocol.paper.runsClangO0Pipeline && !MeasurementProtocol.shipping.runsClangO0Pipeline)
        #expect(MeasurementProtocol(.paper, codeGen: .O2).codeGen == .O2)
    }
}
