import CodeSize
import DropInPlanning
import Foundation
import Store
import Support
import Toolchain

/// What a build's link step made: the product's size, the objects in it
/// that `passlab cc` made (found by the SHA-256 of their bytes, directly or
/// as archive members) with clang-19's sizes for them, and the same link
/// with clang-19's own objects (kept in the cache) in place of PassLab's,
/// so the product can be compared with a plain clang-19 build's.
struct LinkMeasurement {
    let step: LinkStep
    let invocation: CompilerInvocation
    let cache: BuildCache

    /// One ELF object the link read: which input, and which archive member.
    struct LinkedObject {
        var input: Int
        var member: Int?
        var bytes: [UInt8]
    }

    /// An object of the link that `passlab cc` made.
    struct Match {
        var object: LinkedObject
        var clangSize: Int
        var ownSize: Int
        /// clang-19's object when PassLab's differs from it.
        var clang: [UInt8]?
        /// PassLab's object differs, and clang-19's is not in the cache.
        var missing: Bool
        var output: String
    }

    /// Measures the product the link just wrote. Archive members count only
    /// when the linker took them (its --trace of the second link tells).
    func measure(started: Date, buildDirectory: String) throws -> LinkedProduct {
        let output = absolute(step.output)
        let size = try ProductSize.binarySize(of: output)
        var objects: [LinkedObject] = []
        var archives: [Int: [ArchiveMember]] = [:]
        for (input, path) in step.inputs.enumerated() {
            guard let data = FileManager.default.contents(atPath: absolute(path)) else { continue }
            let bytes = [UInt8](data)
            if bytes.starts(with: ArchiveMember.magic) {
                let members = try ArchiveMember.read(bytes, path: path)
                archives[input] = members
                for (index, member) in members.enumerated() where member.isELF {
                    objects.append(LinkedObject(input: input, member: index, bytes: member.data))
                }
            } else if bytes.starts(with: [0x7f, 0x45, 0x4c, 0x46]) {
                objects.append(LinkedObject(input: input, member: nil, bytes: bytes))
            }
        }
        let hashes = objects.map { SHA256.hex($0.bytes) }
        let records = try cache.compilations(objectHashes: Set(hashes))
        var matches: [Match] = []
        for (object, hash) in zip(objects, hashes) {
            guard let record = records[hash], record.outcome != .fallback, let clangSize = record.referenceBinarySize,
                let ownSize = record.binarySize
            else { continue }
            var match = Match(
                object: object, clangSize: clangSize, ownSize: ownSize, clang: nil, missing: false,
                output: record.output)
            if let key = record.cacheKey, let cached = try? cache.object(forKey: key) {
                if cached.tuned {
                    match.clang = cached.referenceObject.map { [UInt8]($0) }
                    match.missing = match.clang == nil
                }
            } else {
                match.missing = clangSize != ownSize
            }
            matches.append(match)
        }

        var plainSize: Int?
        var note: String?
        var loaded: Set<String>?
        let missing = matches.filter(\.missing)
        let replacements = missing.isEmpty ? matches.filter { $0.clang != nil } : []
        if !replacements.isEmpty || matches.contains(where: { $0.object.member != nil }) {
            do {
                let relinked = try relink(replacing: replacements, archives: archives)
                loaded = relinked.loaded
                plainSize = relinked.size
            } catch {
                note = "\(error); archive members counted whether or not linked"
            }
        } else {
            // No object of PassLab's differs from clang-19's: this link is the plain one.
            plainSize = size
        }
        if let first = missing.first {
            plainSize = nil
            note = "clang-19's objects for \(missing.count) of PassLab's are not in the cache (e.g. \(first.output))"
        }
        if !invocation.compilerIsClang19 {
            plainSize = nil
            note = "the build's compiler \(invocation.compiler) is not clang-19"
        }
        func linked(_ object: LinkedObject) -> Bool {
            guard let member = object.member, let loaded else { return true }
            return loaded.contains("\(object.input)/\(member)")
        }
        let counted = matches.filter { linked($0.object) }
        return LinkedProduct(
            buildDirectory: buildDirectory, startedAt: started, finishedAt: Date(), output: output,
            binarySize: size, objects: objects.filter(linked).count, passlabObjects: counted.count,
            clangObjectsSize: counted.map(\.clangSize).reduce(0, +),
            passlabObjectsSize: counted.map(\.ownSize).reduce(0, +), plainBinarySize: plainSize,
            plainNote: note)
    }

    enum Failure: Error, CustomStringConvertible {
        case sideEffects(String)
        case relinkFailed(String)

        var description: String {
            switch self {
            case .sideEffects(let flag): return "not relinked: \(flag) writes files besides the product"
            case .relinkFailed(let detail): return "relinking with clang-19's objects failed: \(detail)"
            }
        }
    }

    /// Flags of a link that write more than the product; such a link is not
    /// run a second time.
    static let sideEffectFlags = [
        "-Map", "--Map", "-MD", "-MMD", "-MF", "--dependency-file", "-save-temps",
        "--out-implib", "-fprofile", "--coverage", "-ftime-trace", "--print-map", "-Wl,-M",
    ]

    /// The link again, in a scratch directory, with clang-19's objects in
    /// place of PassLab's (archives rebuilt with them, then indexed by
    /// llvm-ranlib-19) and the linker's --trace: the product's size and the
    /// archive members the linker took ("input/member").
    func relink(
        replacing replacements: [Match], archives: [Int: [ArchiveMember]]
    ) throws
        -> (size: Int, loaded: Set<String>)
    {
        let writesMore = { (argument: String) in Self.sideEffectFlags.contains { argument.contains($0) } }
        if let flag = invocation.arguments.first(where: writesMore) {
            throw Failure.sideEffects(flag)
        }
        // A registered scratch directory: removed on a crash or signal too, and swept if the process dies.
        let scratch = try ScratchDirectory.create(purpose: "link")
        defer { ScratchDirectory.remove(scratch) }
        var arguments = invocation.arguments
        for input in Set(replacements.map(\.object.input)) {
            let path = scratch + "/\(input)-" + (step.inputs[input] as NSString).lastPathComponent
            if var members = archives[input] {
                for replacement in replacements where replacement.object.input == input {
                    if let member = replacement.object.member, let clang = replacement.clang {
                        members[member].data = clang
                    }
                }
                try Data(ArchiveMember.write(members)).write(to: URL(fileURLWithPath: path))
                let ranlib = try Toolchain.findTool("llvm-ranlib-19", bare: "llvm-ranlib")
                let index = try ProcessRunner.run(ProcessRequest(ranlib, [path], timeout: 120))
                guard index.termination.succeeded else {
                    throw Failure.relinkFailed("llvm-ranlib-19 \(path): \(index.stderrText)")
                }
            } else if let clang = replacements.first(where: { $0.object.input == input })?.clang {
                try Data(clang).write(to: URL(fileURLWithPath: path))
            }
            arguments[step.inputIndices[input]] = path
        }
        // The product goes to the scratch directory, not over the build's.
        var relinked: [String] = []
        var index = 0
        while index < arguments.count {
            if arguments[index] == "-o" { index += 2; continue }
            if arguments[index].hasPrefix("-o") && arguments[index].count > 2 { index += 1; continue }
            relinked.append(arguments[index])
            index += 1
        }
        let product = scratch + "/product"
        let result = try ProcessRunner.run(
            ProcessRequest(
                invocation.compiler,
                relinked + ["-Wl,--trace,--trace", "-o", product],
                workingDirectory: invocation.workingDirectory, timeout: 600))
        guard result.termination.succeeded, !result.timedOut else {
            throw Failure.relinkFailed("\(result.termination): \(result.stderrText.suffix(500))")
        }
        var loaded = Set<String>()
        for line in result.stdoutText.split(separator: "\n") {
            guard let (archive, member) = Self.traceMember(String(line)) else { continue }
            for (input, members) in archives
            where arguments[step.inputIndices[input]] == archive
                || absolute(arguments[step.inputIndices[input]]) == absolute(archive)
            {
                let names = ArchiveMember.names(members)
                if let position = names.firstIndex(of: member) { loaded.insert("\(input)/\(position)") }
            }
        }
        return (try ProductSize.binarySize(of: product), loaded)
    }

    /// An archive member in the linker's --trace --trace: lld writes
    /// ARCHIVE(MEMBER), GNU ld (ARCHIVE)MEMBER, the archive as given.
    static func traceMember(_ line: String) -> (archive: String, member: String)? {
        if line.hasPrefix("("), let close = line.firstIndex(of: ")") {
            return (String(line[line.index(after: line.startIndex)..<close]), String(line[line.index(after: close)...]))
        }
        guard line.hasSuffix(")"), let open = line.lastIndex(of: "(") else { return nil }
        return (String(line[..<open]), String(line[line.index(after: open)..<line.index(before: line.endIndex)]))
    }

    func absolute(_ path: String) -> String {
        guard !path.hasPrefix("/") else { return path }
        return ((invocation.workingDirectory as NSString).appendingPathComponent(path) as NSString).standardizingPath
    }
}

/// A member of a System V / GNU `ar` archive: its 60-byte header as
/// written and its bytes.
struct ArchiveMember {
    static let magic = Array("!<arch>\n".utf8)

    var header: [UInt8]
    var data: [UInt8]

    var name: String { String(decoding: header[0..<16], as: UTF8.self).trimmingCharacters(in: .whitespaces) }
    /// The symbol index ("/" or "/SYM64/"), rebuilt by ranlib.
    var isIndex: Bool { name == "/" || name == "/SYM64/" }
    var isELF: Bool { !isIndex && data.starts(with: [0x7f, 0x45, 0x4c, 0x46]) }

    /// Each member's file name: short names end in "/", long ones ("/OFFSET")
    /// are in the "//" member, each ended by "/\n".
    static func names(_ members: [ArchiveMember]) -> [String] {
        let table = members.first { $0.name == "//" }?.data ?? []
        return members.map { member in
            let name = member.name
            if name.hasPrefix("/"), let offset = Int(name.dropFirst()), offset < table.count {
                let rest = table[offset...]
                let end = rest.firstIndex(of: UInt8(ascii: "\n")) ?? table.endIndex
                var long = String(decoding: table[offset..<end], as: UTF8.self)
                if long.hasSuffix("/") { long.removeLast() }
                return long
            }
            return name.hasSuffix("/") && name != "/" && name != "//" ? String(name.dropLast()) : name
        }
    }

    static func read(_ bytes: [UInt8], path: String) throws(ProductSize.Error) -> [ArchiveMember] {
        var members: [ArchiveMember] = []
        var offset = magic.count
        while offset + 60 <= bytes.count {
            let sizeField = String(decoding: bytes[(offset + 48)..<(offset + 58)], as: UTF8.self)
                .trimmingCharacters(in: .whitespaces)
            guard let size = Int(sizeField) else {
                throw .unreadable(path: path, reason: "a malformed archive member header at byte \(offset)")
            }
            let start = offset + 60
            guard start + size <= bytes.count else {
                throw .unreadable(path: path, reason: "a truncated archive member at byte \(offset)")
            }
            members.append(
                ArchiveMember(
                    header: Array(bytes[offset..<start]),
                    data: Array(bytes[start..<start + size])))
            offset = start + size + (size % 2)
        }
        return members
    }

    /// The archive without its symbol index (long names kept: members refer
    /// to them by offset), each header's size updated.
    static func write(_ members: [ArchiveMember]) -> [UInt8] {
        var bytes = magic
        for member in members where !member.isIndex {
            var header = member.header
            let size = Array(String(member.data.count).utf8)
            header.replaceSubrange(48..<58, with: size + Array(repeating: UInt8(ascii: " "), count: 10 - size.count))
            bytes += header + member.data
            if member.data.count % 2 == 1 { bytes.append(UInt8(ascii: "\n")) }
        }
        return bytes
    }
}
