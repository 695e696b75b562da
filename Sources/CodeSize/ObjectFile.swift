/// One section of an object file and how `llvm-size` (Berkeley format)
/// classifies it.
public struct Section: Sendable, Codable, Hashable {
    /// The Berkeley column a section's bytes are added to (the raw value is what JSON and text output show).
    public enum Category: String, Sendable, Codable {
        /// Allocated and executable or read-only: Berkeley "text".
        case text
        /// Allocated, writable, with file contents: Berkeley "data".
        case data
        /// Allocated, writable, no file contents: Berkeley "bss".
        case bss
        /// Not allocated (symbols, relocations, debug info): not counted.
        case other
    }

    /// The section's name from the section-header string table (".text", ".rodata.str1.1"; "" if unnamed).
    public var name: String
    /// `sh_size` in bytes (for `.bss`-like sections, memory the section occupies, not file bytes).
    public var size: Int
    /// Which Berkeley total the section counts in, or `other` when none.
    public var category: Category

    /// A section as given; `ELFObject.sizes(of:)` makes these from an object's headers.
    public init(name: String, size: Int, category: Category) {
        self.name = name
        self.size = size
        self.category = category
    }
}

/// The sizes `llvm-size` reports for an object file.
public struct ObjectSizes: Sendable, Codable, Hashable {
    /// Bytes of the sections in the `text` category (code and read-only data), as llvm-size's "text".
    public var text: Int
    /// Bytes of the sections in the `data` category (writable data with contents), as llvm-size's "data".
    public var data: Int
    /// Bytes of the sections in the `bss` category (zero-initialised, no file contents), as llvm-size's "bss".
    public var bss: Int
    /// Every section, in file order (allocated ones carry a category).
    public var sections: [Section]

    /// The paper's "binary size": Berkeley text + data (.bss excluded).
    public var binarySize: Int { text + data }

    /// Totals computed from `sections`: each category's sizes summed; `other` sections are kept, not counted.
    public init(sections: [Section]) {
        self.sections = sections
        text = sections.filter { $0.category == .text }.reduce(0) { $0 + $1.size }
        data = sections.filter { $0.category == .data }.reduce(0) { $0 + $1.size }
        bss = sections.filter { $0.category == .bss }.reduce(0) { $0 + $1.size }
    }
}

/// Errors reading an object file.
public enum ObjectFileError: Error, CustomStringConvertible, Equatable {
    /// The bytes do not start with the ELF magic (or are shorter than an ELF identification); `magic`
    /// holds up to the first four bytes (e.g. a Mach-O or COFF object from a non-ELF triple).
    case notELF(magic: [UInt8])
    /// A header, the section header table or a symbol table runs past the end of the bytes; `what`
    /// names the part.
    case truncated(what: String)

    /// The message a user sees: what is wrong with the object and which objects PassLab can measure.
    public var description: String {
        switch self {
        case .notELF(let magic):
            let hex = magic.map { String($0, radix: 16) }.joined(separator: " ")
            return
                "the object is not ELF (magic bytes \(hex)); PassLab measures ELF objects (Linux, bare-metal *-none-eabi/*-elf triples)"
        case .truncated(let what):
            return "the ELF object is truncated or corrupt (\(what))"
        }
    }
}

/// A minimal ELF reader: enough of the section header table to reproduce
/// `llvm-size`'s Berkeley numbers exactly, for 32/64-bit, little/big endian.
public enum ELFObject {
    static let shfWrite: UInt64 = 0x1
    static let shfAlloc: UInt64 = 0x2
    static let shfExecInstr: UInt64 = 0x4
    static let shtNoBits: UInt32 = 8

    /// Parses the section headers and classifies each section exactly as
    /// LLVM's `ELFObjectFile::isBerkeleyText/isBerkeleyData/isSectionBSS`.
    public static func sizes(of bytes: [UInt8]) throws(ObjectFileError) -> ObjectSizes {
        let file = try ELFFile(bytes)
        // Index 0 is the null section; llvm-size skips nothing else.
        let sections = file.headers.dropFirst().map { header in
            let alloc = header.flags & shfAlloc != 0
            let isText = alloc && (header.flags & shfExecInstr != 0 || header.flags & shfWrite == 0)
            let isData = !isText && header.type != shtNoBits && alloc
            let isBSS = header.flags & (shfAlloc | shfWrite) != 0 && header.type == shtNoBits
            let category: Section.Category = isText ? .text : isData ? .data : isBSS ? .bss : .other
            return Section(name: file.name(of: header), size: header.size, category: category)
        }
        return ObjectSizes(sections: sections)
    }

    /// The size in bytes of each function the object defines (`STT_FUNC`
    /// symbols of the symbol table with their `st_size`, as `nm -S` shows
    /// them; local functions included). Padding between functions is in no
    /// symbol, so the sum can be a little below the text size.
    public static func functionSizes(of bytes: [UInt8]) throws(ObjectFileError) -> [String: Int] {
        let file = try ELFFile(bytes)
        var sizes: [String: Int] = [:]
        for table in file.headers where table.type == 2 && table.link < file.headers.count {
            let strings = file.headers[table.link]
            let entrySize = file.is64 ? 24 : 16
            guard table.offset + table.size <= bytes.count else { throw .truncated(what: "symbol table") }
            for base in stride(
                from: table.offset + entrySize, to: table.offset + table.size - entrySize + 1, by: entrySize)
            {
                let nameOffset = Int(file.reader.u32(base))
                let info = file.is64 ? bytes[base + 4] : bytes[base + 12]
                let sectionIndex = file.is64 ? file.reader.u16(base + 6) : file.reader.u16(base + 14)
                let size = file.is64 ? Int(file.reader.u64(base + 16)) : Int(file.reader.u32(base + 8))
                guard info & 0xf == 2, sectionIndex != 0, strings.offset + nameOffset < bytes.count else { continue }
                let name = file.reader.cString(at: strings.offset + nameOffset, limit: strings.offset + strings.size)
                sizes[name, default: 0] += size
            }
        }
        return sizes
    }
}

/// The section header table of an ELF file.
struct ELFFile {
    struct Header {
        var nameOffset: Int; var type: UInt32; var flags: UInt64; var offset: Int; var size: Int; var link: Int
    }

    let reader: ByteReader
    let is64: Bool
    let headers: [Header]
    private let stringTable: Header?

    init(_ bytes: [UInt8]) throws(ObjectFileError) {
        guard bytes.count >= 16, bytes[0] == 0x7f, bytes[1] == 0x45, bytes[2] == 0x4c, bytes[3] == 0x46 else {
            throw .notELF(magic: Array(bytes.prefix(4)))
        }
        is64 = bytes[4] == 2
        reader = ByteReader(bytes: bytes, littleEndian: bytes[5] == 1)
        var shoff: Int, shentsize: Int, shnum: Int, shstrndx: Int
        if is64 {
            guard bytes.count >= 64 else { throw .truncated(what: "ELF header") }
            shoff = Int(reader.u64(0x28))
            shentsize = Int(reader.u16(0x3A))
            shnum = Int(reader.u16(0x3C))
            shstrndx = Int(reader.u16(0x3E))
        } else {
            guard bytes.count >= 52 else { throw .truncated(what: "ELF header") }
            shoff = Int(reader.u32(0x20))
            shentsize = Int(reader.u16(0x2E))
            shnum = Int(reader.u16(0x30))
            shstrndx = Int(reader.u16(0x32))
        }
        // Extended numbering (an object with 0xff00 sections or more): the header's count is 0 and the real one is
        // section 0's size; a string table index of SHN_XINDEX (0xffff) is in section 0's link.
        if shoff > 0, shnum == 0 || shstrndx == 0xffff {
            guard shoff + shentsize <= bytes.count else { throw .truncated(what: "section header table") }
            let first = Self.header(reader, is64: is64, at: shoff)
            if shnum == 0 { shnum = first.size }
            if shstrndx == 0xffff { shstrndx = first.link }
        }
        guard shnum == 0 || (shentsize > 0 && shnum <= (bytes.count - min(shoff, bytes.count)) / shentsize) else {
            throw .truncated(what: "section header table")
        }
        headers = (0..<shnum).map { [reader, is64] index in
            Self.header(reader, is64: is64, at: shoff + index * shentsize)
        }
        stringTable = shstrndx < headers.count ? headers[shstrndx] : nil
    }

    /// The section header at `base` (section 0's size and link also hold the extended section count and string
    /// table index).
    static func header(_ reader: ByteReader, is64: Bool, at base: Int) -> Header {
        if is64 {
            Header(
                nameOffset: Int(reader.u32(base)), type: reader.u32(base + 4), flags: reader.u64(base + 8),
                offset: Int(reader.u64(base + 0x18)), size: Int(reader.u64(base + 0x20)),
                link: Int(reader.u32(base + 0x28)))
        } else {
            Header(
                nameOffset: Int(reader.u32(base)), type: reader.u32(base + 4), flags: UInt64(reader.u32(base + 8)),
                offset: Int(reader.u32(base + 0x10)), size: Int(reader.u32(base + 0x14)),
                link: Int(reader.u32(base + 0x18)))
        }
    }

    func name(of header: Header) -> String {
        guard let stringTable, stringTable.offset + header.nameOffset < reader.bytes.count else { return "" }
        return reader.cString(at: stringTable.offset + header.nameOffset, limit: stringTable.offset + stringTable.size)
    }
}

struct ByteReader {
    let bytes: [UInt8]
    let littleEndian: Bool

    func u16(_ offset: Int) -> UInt16 { UInt16(truncatingIfNeeded: value(offset, 2)) }
    func u32(_ offset: Int) -> UInt32 { UInt32(truncatingIfNeeded: value(offset, 4)) }
    func u64(_ offset: Int) -> UInt64 { value(offset, 8) }

    private func value(_ offset: Int, _ width: Int) -> UInt64 {
        guard offset >= 0, offset + width <= bytes.count else { return 0 }
        var result: UInt64 = 0
        for index in 0..<width {
            let byte = UInt64(bytes[offset + (littleEndian ? width - 1 - index : index)])
            result = (result << 8) | byte
        }
        return result
    }

    func cString(at offset: Int, limit: Int) -> String {
        var end = offset
        let stop = min(limit, bytes.count)
        while end < stop, bytes[end] != 0 { end += 1 }
        return String(decoding: bytes[offset..<end], as: UTF8.self)
    }
}
