import Foundation
import Support
import Testing

struct SHA256Tests {
    @Test func matchesTheStandardVectors() {
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            SHA256.hex(Array(String(repeating: "a", count: 1000).utf8))
                == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
        // 56 bytes: the padding spills into a second block.
        #expect(
            SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    /// Every length around the block and padding boundaries, and some long ones, against coreutils' sha256sum.
    @Test func agreesWithSha256sumAtEveryBoundary() throws {
        let directory = NSTemporaryDirectory() + "passlab-sha256-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var generator = SystemRandomNumberGenerator()
        let lengths = Array(0...130) + [191, 192, 193, 1023, 1024, 1025, 65_536, 1_000_003]
        var expected: [String] = []
        var paths: [String] = []
        var messages: [[UInt8]] = []
        for length in lengths {
            let message = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let path = "\(directory)/\(length).bin"
            try Data(message).write(to: URL(fileURLWithPath: path))
            paths.append(path)
            messages.append(message)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = paths
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        expected = text.split(separator: "\n").map { String($0.prefix(64)) }
        #expect(expected.count == lengths.count)
        for (index, message) in messages.enumerated() where index < expected.count {
            #expect(SHA256.hex(message) == expected[index], "\(lengths[index]) bytes")
        }
    }
}

struct StatisticsTests {
    @Test func theMedianIsTheMiddleOrTheMeanOfTheTwoMiddleOnes() {
        #expect(Statistics.median([3, 1, 2]) == 2)
        #expect(Statistics.median([4, 1, 3, 2]) == 2.5)
        #expect(Statistics.median([7]) == 7)
        #expect(Statistics.median([]) == nil)
    }
}

struct StableHashTests {
    /// FNV-1a 64 reference values (the offset basis, "a", "foobar").
    @Test func isFNV1a() {
        #expect("".hashValueStable == 0xcbf2_9ce4_8422_2325)
        #expect("a".hashValueStable == 0xaf63_dc4c_8601_ec8c)
        #expect("foobar".hashValueStable == 0x8594_4171_f739_67e8)
    }

    @Test func combiningInPiecesIsCombiningTheWhole() {
        var pieces = StableHash()
        pieces.combine(Array("foo".utf8))
        pieces.combine(Array("bar".utf8)[...])
        #expect(pieces.value == "foobar".hashValueStable)
    }
}

struct ParallelResultsTests {
    /// Results come back in index order whatever the order they finish in,
    /// with more threads than items and fewer.
    @Test func resultsAreInIndexOrder() {
        for width in [1, 3, 64] {
            let values = ParallelResults<Int>.compute(count: 40, width: width) { index in
                usleep(UInt32((40 - index) * 200))
                return index * index
            }
            #expect(values == (0..<40).map { $0 * $0 }, "width \(width)")
        }
        #expect(ParallelResults<Int>.compute(count: 0, width: 4) { $0 }.isEmpty)
    }
}

struct UserFacingErrorTests {
    struct Missing: UserFacingError, CustomStringConvertible {
        var description: String { "x.c: no such file; give a .c, .cpp, .ll or .bc file" }
        var exitCode: Int32 { 64 }
    }

    @Test func theMessageIsTheDescriptionUnlessGiven() {
        let error: any Error = Missing()
        let facing = error as? any UserFacingError
        #expect(facing?.userMessage == "x.c: no such file; give a .c, .cpp, .ll or .bc file")
        #expect(facing?.exitCode == 64)
    }
}
