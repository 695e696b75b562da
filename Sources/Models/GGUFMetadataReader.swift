// GGUFMetadataReader.swift — Foundation only.
//
// The part of the GGUF format (llama.cpp's model files) the tokenizer needs: the key-value
// metadata block, where the vocabulary lives. Tensors are never read.

import Foundation

/// Why a GGUF vocabulary file could not be read; `LlamaTokenCount` then
/// falls back to the digit-aware estimate.
public enum GGUFError: Error, CustomStringConvertible {
    /// `badMagic`: the file does not start with "GGUF"; `unsupportedVersion`:
    /// not GGUF v2 or v3; `truncated`: a value runs past the end;
    /// `badType`: an unknown value type code; `missingKey`: a required
    /// tokenizer key is absent; `badValue`: a key has the wrong type (or
    /// `tokenizer.ggml.model` is not "llama").
    case badMagic, unsupportedVersion(UInt32), truncated, badType(UInt32), missingKey(String), badValue(String)
    /// The reason in words ("not a GGUF file", "GGUF key missing: KEY", ...).
    public var description: String {
        switch self {
        case .badMagic: return "not a GGUF file"
        case .unsupportedVersion(let v): return "unsupported GGUF version \(v) (need 2 or 3)"
        case .truncated: return "GGUF file truncated"
        case .badType(let t): return "unknown GGUF value type \(t)"
        case .missingKey(let k): return "GGUF key missing: \(k)"
        case .badValue(let k): return "GGUF key has unexpected type: \(k)"
        }
    }
}

/// Minimal reader of the GGUF key/value section (v2/v3, little-endian). Tensor infos are not read.
struct GGUFMetadataReader {
    enum Value {
        case int(Int64), uint(UInt64), float(Double), bool(Bool), string([UInt8])
        case stringArray([[UInt8]]), floatArray([Float]), intArray([Int64])
        case other
    }

    private let bytes: [UInt8]
    private var pos = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    private mutating func need(_ n: Int) throws { if pos + n > bytes.count { throw GGUFError.truncated } }
    private mutating func u8() throws -> UInt8 { try need(1); defer { pos += 1 }; return bytes[pos] }
    /// A little-endian unsigned integer of `T`'s width.
    private mutating func little<T: FixedWidthInteger & UnsignedInteger>(_: T.Type) throws -> T {
        let width = T.bitWidth / 8
        try need(width)
        var v: T = 0
        for i in 0..<width { v |= T(bytes[pos + i]) << (8 * i) }
        pos += width
        return v
    }
    private mutating func u32() throws -> UInt32 { try little(UInt32.self) }
    private mutating func u64() throws -> UInt64 { try little(UInt64.self) }
    private mutating func str() throws -> [UInt8] {
        let n = Int(try u64())
        try need(n)
        defer { pos += n }
        return Array(bytes[pos..<pos + n])
    }
    private mutating func skipScalar(_ type: UInt32) throws {
        switch type {
        case 0, 1, 7: pos += 1
        case 2, 3: pos += 2
        case 4, 5, 6: pos += 4
        case 10, 11, 12: pos += 8
        case 8: let n = Int(try u64()); pos += n
        default: throw GGUFError.badType(type)
        }
        if pos > bytes.count { throw GGUFError.truncated }
    }
    private mutating func scalar(_ type: UInt32) throws -> Value {
        switch type {
        case 0: return .uint(UInt64(try u8()))
        case 1: return .int(Int64(Int8(bitPattern: try u8())))
        case 2: let lo = UInt16(try u8()), hi = UInt16(try u8()); return .uint(UInt64(lo | hi << 8))
        case 3: let lo = UInt16(try u8()), hi = UInt16(try u8()); return .int(Int64(Int16(bitPattern: lo | hi << 8)))
        case 4: return .uint(UInt64(try u32()))
        case 5: return .int(Int64(Int32(bitPattern: try u32())))
        case 6: return .float(Double(Float(bitPattern: try u32())))
        case 7: return .bool(try u8() != 0)
        case 8: return .string(try str())
        case 10: return .uint(try u64())
        case 11: return .int(Int64(bitPattern: try u64()))
        case 12: return .float(Double(bitPattern: try u64()))
        default: throw GGUFError.badType(type)
        }
    }

    /// Reads all key/value pairs. Arrays of strings, floats (f32) and integers are materialised;
    /// other arrays are skipped.
    mutating func readMetadata() throws -> [String: Value] {
        pos = 0
        guard try u32() == 0x4655_4747 else { throw GGUFError.badMagic }  // "GGUF"
        let version = try u32()
        guard version == 2 || version == 3 else { throw GGUFError.unsupportedVersion(version) }
        _ = try u64()  // tensor_count
        let kvCount = try u64()
        var out: [String: Value] = [:]
        for _ in 0..<kvCount {
            let key = String(decoding: try str(), as: UTF8.self)
            let type = try u32()
            if type == 9 {
                let elemType = try u32()
                let count = Int(try u64())
                switch elemType {
                case 8:
                    var a: [[UInt8]] = []
                    a.reserveCapacity(count)
                    for _ in 0..<count { a.append(try str()) }
                    out[key] = .stringArray(a)
                case 6:
                    var a: [Float] = []
                    a.reserveCapacity(count)
                    for _ in 0..<count { a.append(Float(bitPattern: try u32())) }
                    out[key] = .floatArray(a)
                case 0, 1, 2, 3, 4, 5, 10, 11:
                    var a: [Int64] = []
                    a.reserveCapacity(count)
                    for _ in 0..<count {
                        switch try scalar(elemType) {
                        case .int(let v): a.append(v)
                        case .uint(let v): a.append(Int64(bitPattern: v))
                        default: throw GGUFError.badType(elemType)
                        }
                    }
                    out[key] = .intArray(a)
                default:
                    for _ in 0..<count { try skipScalar(elemType) }
                    out[key] = .other
                }
            } else {
                out[key] = try scalar(type)
            }
        }
        return out
    }
}
