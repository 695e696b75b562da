// LlamaTokenizer.swift — Foundation only.
//
// Llama / Llama 2 / Code Llama SentencePiece-BPE tokenizer that reads its vocabulary
// (tokens, scores, token types) straight from a GGUF file such as llama.cpp's
// `models/ggml-vocab-llama-spm.gguf` (shipped in the llama-cpp-python sdist on PyPI).
//
// The algorithm follows llama.cpp's `llm_tokenizer_spm_session` (src/llama-vocab.cpp):
//   1. prepend " " (add_space_prefix), replace every " " by U+2581 "▁" (3 bytes E2 96 81)
//   2. split into UTF-8 characters (length from the lead byte's high nibble, clamped at the end)
//   3. seed a max-heap with every adjacent pair whose concatenation is a vocab token,
//      keyed by the token's score (ties: leftmost pair first)
//   4. pop pairs; skip stale ones; merge; push the new neighbouring pairs
//   5. each final symbol is a vocab token, or else is emitted as its bytes <0xXX>
//   BOS (id 1) is prepended when `addBOS` is true. No special-token parsing is done
//   (llama.cpp's parse_special=false / SentencePiece `encode`): "<s>" in text is plain text.
//
// Symbols are always contiguous byte ranges of the normalized buffer, so vocab look-ups hash
// a byte range directly (open addressing, FNV-1a) without building strings.

import Foundation

/// The Llama / Llama 2 / Code Llama SentencePiece (BPE) tokenizer, read
/// from a GGUF vocabulary and matching llama.cpp's `llama_tokenize` token
/// for token: PassLab's exact prompt-token counter for the LLM Compiler
/// models. Immutable after `init`, so one instance serves every thread.
public final class LlamaSPMTokenizer: Sendable {
    /// SentencePiece token types as GGUF's `tokenizer.ggml.token_type`
    /// stores them: `normal` pieces, `unknown` (`<unk>`), `control` (`<s>`,
    /// `</s>`: they decode to nothing), `userDefined`, `unused`, and `byte`
    /// (`<0xXX>`: they decode to their byte).
    public enum TokenType: Int32 { case normal = 1, unknown = 2, control = 3, userDefined = 4, unused = 5, byte = 6 }

    /// Each token's text as UTF-8 bytes, indexed by token id; a space is
    /// U+2581 ("▁") in them.
    public let tokens: [[UInt8]]
    /// Each token's merge score, indexed by id: of two mergeable pairs, the
    /// one whose merged token scores higher merges first.
    public let scores: [Float]
    /// Each token's `TokenType` raw value, indexed by id (all `normal` when
    /// the file has no token types).
    public let types: [Int32]
    /// The beginning-of-sequence token id (1 in Llama 2's vocabulary),
    /// prepended when `addBOS` is true.
    public let bosID: Int32
    /// The end-of-sequence token id (2 in Llama 2's vocabulary); never
    /// emitted by `encode`.
    public let eosID: Int32
    /// Whether a "▁" is prepended to the text before tokenizing (and one
    /// leading space dropped by `decode`), as SentencePiece's
    /// add_space_prefix; true for Llama.
    public let addSpacePrefix: Bool
    /// True when no token contains "\n" and no token has a "▁" after a non-"▁" character
    /// (true for the Llama 2 and Code Llama vocabularies). Then no merge can cross a newline
    /// or the start of a "▁" run, the text splits into independent pieces ("words"), and
    /// each distinct word is tokenized once per call. Otherwise the whole text is one piece.
    public let segmentable: Bool

    // Open-addressing hash table: slot -> token id (or -1).
    private let table: [Int32]
    private let mask: Int
    // Token bytes in one pool for fast comparison.
    private let pool: [UInt8]
    private let poolStart: [Int32]
    private let byteToken: [Int32]  // 256 entries

    /// Tokens in the vocabulary (32,000 for Llama 2's `ggml-vocab-llama-spm.gguf`).
    public var vocabularySize: Int { tokens.count }

    /// Loads the vocabulary from a GGUF file (`tokenizer.ggml.model` must be "llama").
    public convenience init(ggufPath: String, splitIntoWords: Bool = true) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: ggufPath))
        try self.init(ggufBytes: [UInt8](data), splitIntoWords: splitIntoWords)
    }

    /// Loads the vocabulary from a GGUF file's bytes; throws `GGUFError` when
    /// they are not a llama vocabulary. `splitIntoWords: false` tokenizes the
    /// whole text as one piece (same tokens, slower).
    public convenience init(ggufBytes: [UInt8], splitIntoWords: Bool = true) throws {
        var reader = GGUFMetadataReader(bytes: ggufBytes)
        let md = try reader.readMetadata()
        if case .string(let m)? = md["tokenizer.ggml.model"], String(decoding: m, as: UTF8.self) != "llama" {
            throw GGUFError.badValue(
                "tokenizer.ggml.model (want \"llama\", got \"\(String(decoding: m, as: UTF8.self))\")")
        }
        guard let t = md["tokenizer.ggml.tokens"] else { throw GGUFError.missingKey("tokenizer.ggml.tokens") }
        guard case .stringArray(let toks) = t else { throw GGUFError.badValue("tokenizer.ggml.tokens") }
        guard let s = md["tokenizer.ggml.scores"] else { throw GGUFError.missingKey("tokenizer.ggml.scores") }
        guard case .floatArray(let scores) = s, scores.count == toks.count else {
            throw GGUFError.badValue("tokenizer.ggml.scores")
        }
        var types = [Int32](repeating: TokenType.normal.rawValue, count: toks.count)
        if case .intArray(let tt)? = md["tokenizer.ggml.token_type"], tt.count == toks.count {
            types = tt.map { Int32(truncatingIfNeeded: $0) }
        }
        func intKey(_ k: String, _ d: Int32) -> Int32 {
            switch md[k] {
            case .int(let v)?: return Int32(truncatingIfNeeded: v)
            case .uint(let v)?: return Int32(truncatingIfNeeded: v)
            default: return d
            }
        }
        var addSpace = true
        if case .bool(let b)? = md["tokenizer.ggml.add_space_prefix"] { addSpace = b }
        self.init(
            tokens: toks, scores: scores, types: types,
            bosID: intKey("tokenizer.ggml.bos_token_id", 1), eosID: intKey("tokenizer.ggml.eos_token_id", 2),
            addSpacePrefix: addSpace, splitIntoWords: splitIntoWords)
    }

    /// A tokenizer over an explicit vocabulary: `tokens`, `scores` and
    /// `types` are parallel arrays indexed by token id. A duplicate token
    /// text maps to its last id, as in llama.cpp.
    public init(
        tokens: [[UInt8]], scores: [Float], types: [Int32], bosID: Int32 = 1, eosID: Int32 = 2,
        addSpacePrefix: Bool = true,
        splitIntoWords: Bool = true
    ) {
        self.tokens = tokens
        self.scores = scores
        self.types = types
        self.bosID = bosID
        self.eosID = eosID
        self.addSpacePrefix = addSpacePrefix

        var pool: [UInt8] = []
        var starts: [Int32] = []
        starts.reserveCapacity(tokens.count + 1)
        for t in tokens { starts.append(Int32(pool.count)); pool.append(contentsOf: t) }
        starts.append(Int32(pool.count))
        self.pool = pool
        self.poolStart = starts

        var cap = 1
        while cap < tokens.count * 4 { cap <<= 1 }
        var table = [Int32](repeating: -1, count: cap)
        let mask = cap - 1
        // llama.cpp's token_to_id map keeps the last id for a duplicate text; SentencePiece rejects
        // duplicates. Insert in order, overwriting, to mirror llama.cpp.
        for (id, t) in tokens.enumerated() {
            var h = Int(truncatingIfNeeded: LlamaSPMTokenizer.fnv1a(t, 0, t.count)) & mask
            while true {
                let cur = table[h]
                if cur < 0 { table[h] = Int32(id); break }
                if tokens[Int(cur)] == t { table[h] = Int32(id); break }
                h = (h + 1) & mask
            }
        }
        self.table = table
        self.mask = mask

        var bt = [Int32](repeating: -1, count: 256)
        let hex: [UInt8] = Array("0123456789ABCDEF".utf8)
        for b in 0..<256 {
            let name: [UInt8] = [0x3C, 0x30, 0x78, hex[b >> 4], hex[b & 15], 0x3E]  // "<0xXX>"
            var h = Int(truncatingIfNeeded: LlamaSPMTokenizer.fnv1a(name, 0, 6)) & mask
            while table[h] >= 0 {
                if tokens[Int(table[h])] == name { bt[b] = table[h]; break }
                h = (h + 1) & mask
            }
            if bt[b] < 0 {  // llama.cpp: fall back to the single byte as a token text
                var h2 = Int(truncatingIfNeeded: LlamaSPMTokenizer.fnv1a([UInt8(b)], 0, 1)) & mask
                while table[h2] >= 0 {
                    if tokens[Int(table[h2])] == [UInt8(b)] { bt[b] = table[h2]; break }
                    h2 = (h2 + 1) & mask
                }
            }
        }
        self.byteToken = bt

        var seg = true
        let sp: [UInt8] = [0xE2, 0x96, 0x81]
        outer: for t in tokens {
            if t.contains(0x0A) { seg = false; break }
            var i = 0
            while i + 3 <= t.count && Array(t[i..<i + 3]) == sp { i += 3 }  // leading "▁" run
            var j = i
            while j + 3 <= t.count {
                if t[j] == 0xE2 && t[j + 1] == 0x96 && t[j + 2] == 0x81 { seg = false; break outer }
                j += 1
            }
        }
        // splitIntoWords: false runs the merge loop over the whole text, exactly as llama.cpp does
        // (same output, slower; kept to check the split).
        self.segmentable = seg && splitIntoWords
    }

    @inline(__always)
    static func fnv1a(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ n: Int) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        var i = start
        let end = start + n
        while i < end { h = (h ^ UInt64(p[i])) &* 0x100_0000_01b3; i += 1 }
        return h
    }

    static func fnv1a(_ a: [UInt8], _ start: Int, _ n: Int) -> UInt64 {
        a.withUnsafeBufferPointer { fnv1a($0, start, n) }
    }

    /// Token id of the byte range buf[start..<start+n], or -1.
    @inline(__always)
    private func lookup(
        _ buf: UnsafeBufferPointer<UInt8>, _ start: Int, _ n: Int,
        _ tab: UnsafeBufferPointer<Int32>, _ pl: UnsafeBufferPointer<UInt8>,
        _ ps: UnsafeBufferPointer<Int32>
    ) -> Int32 {
        var h = Int(truncatingIfNeeded: LlamaSPMTokenizer.fnv1a(buf, start, n)) & mask
        while true {
            let id = tab[h]
            if id < 0 { return -1 }
            let s = Int(ps[Int(id)]), e = Int(ps[Int(id) + 1])
            if e - s == n {
                var k = 0
                while k < n && pl[s + k] == buf[start + k] { k += 1 }
                if k == n { return id }
            }
            h = (h + 1) & mask
        }
    }

    /// Tokenizes `text` like llama.cpp `llama_tokenize(text, add_special: addBOS, parse_special: false)`.
    public func encode(_ text: String, addBOS: Bool = true) -> [Int32] {
        encode(utf8: Array(text.utf8), addBOS: addBOS)
    }

    /// Number of tokens (including BOS when `addBOS`).
    public func count(_ text: String, addBOS: Bool = true) -> Int {
        encode(text, addBOS: addBOS).count
    }

    private struct Bigram {
        var score: Float
        var left: Int32
        var right: Int32
        var size: Int32
    }

    /// true if `a` must be merged before `b`: higher score first, then the leftmost pair
    /// (llama.cpp's comparator, used here for a max-heap).
    @inline(__always)
    private static func better(_ a: Bigram, _ b: Bigram) -> Bool {
        a.score > b.score || (a.score == b.score && a.left < b.left)
    }

    /// Scratch space for one piece: symbol list and pair heap, grown on demand.
    private struct Work {
        var cap = 0
        var symStart = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
        var symLen = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
        var prev = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
        var next = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
        var heap = UnsafeMutablePointer<Bigram>.allocate(capacity: 1)
        mutating func ensure(_ n: Int) {
            if n <= cap { return }
            free()
            cap = max(n, 256)
            symStart = .allocate(capacity: cap); symLen = .allocate(capacity: cap)
            prev = .allocate(capacity: cap); next = .allocate(capacity: cap)
            // The seed pushes at most n-1 pairs and each merge at most 2: 3n bounds the heap.
            heap = .allocate(capacity: 3 * cap)
        }
        func free() {
            symStart.deallocate(); symLen.deallocate(); prev.deallocate(); next.deallocate(); heap.deallocate()
        }
    }

    /// llama.cpp `llm_tokenizer_spm_session::tokenize` on the normalized bytes b[from..<to].
    @inline(__always)
    private func tokenizePiece(
        _ b: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int, _ w: inout Work,
        _ tab: UnsafeBufferPointer<Int32>, _ pl: UnsafeBufferPointer<UInt8>,
        _ ps: UnsafeBufferPointer<Int32>, _ sc: UnsafeBufferPointer<Float>,
        _ out: inout [Int32]
    ) {
        // Single character: a token, or its bytes.
        w.ensure(to - from)
        let symStart = w.symStart, symLen = w.symLen, prev = w.prev, next = w.next, heap = w.heap
        var nsym = 0
        var off = from
        while off < to {
            let l: Int
            switch b[off] >> 4 {
            case 0xC, 0xD: l = 2;
            case 0xE: l = 3;
            case 0xF: l = 4;
            default: l = 1
            }
            let n = min(l, to - off)
            symStart[nsym] = Int32(off)
            symLen[nsym] = Int32(n)
            prev[nsym] = Int32(nsym - 1)
            next[nsym] = Int32(nsym + 1)
            nsym += 1
            off += n
        }
        next[nsym - 1] = -1

        var hn = 0
        @inline(__always) func push(_ x: Bigram) {
            var i = hn
            hn += 1
            while i > 0 {
                let p = (i - 1) >> 1
                if LlamaSPMTokenizer.better(x, heap[p]) { heap[i] = heap[p]; i = p } else { break }
            }
            heap[i] = x
        }
        @inline(__always) func popTop() -> Bigram {
            let top = heap[0]
            hn -= 1
            if hn > 0 {
                let x = heap[hn]
                var i = 0
                while true {
                    let l = 2 * i + 1
                    if l >= hn { break }
                    var m = l
                    if l + 1 < hn && LlamaSPMTokenizer.better(heap[l + 1], heap[l]) { m = l + 1 }
                    if LlamaSPMTokenizer.better(heap[m], x) { heap[i] = heap[m]; i = m } else { break }
                }
                heap[i] = x
            }
            return top
        }
        @inline(__always) func tryAdd(_ left: Int32, _ right: Int32) {
            if left < 0 || right < 0 { return }
            let s = Int(symStart[Int(left)])
            let n = Int(symLen[Int(left)] &+ symLen[Int(right)])
            let id = lookup(b, s, n, tab, pl, ps)
            if id < 0 { return }
            push(Bigram(score: sc[Int(id)], left: left, right: right, size: Int32(n)))
        }

        var i = 1
        while i < nsym { tryAdd(Int32(i - 1), Int32(i)); i += 1 }
        while hn > 0 {
            let bg = popTop()
            let li = Int(bg.left), ri = Int(bg.right)
            let ll = symLen[li], rl = symLen[ri]
            if ll == 0 || rl == 0 || ll + rl != bg.size { continue }
            symLen[li] = ll + rl
            symLen[ri] = 0
            let nr = next[ri]
            next[li] = nr
            if nr >= 0 { prev[Int(nr)] = bg.left }
            tryAdd(prev[li], bg.left)
            tryAdd(bg.left, nr)
        }
        var k: Int32 = 0
        while k != -1 {
            let s = Int(symStart[Int(k)]), n = Int(symLen[Int(k)])
            let id = lookup(b, s, n, tab, pl, ps)
            if id >= 0 {
                out.append(id)
            } else {
                for j in 0..<n { out.append(byteToken[Int(b[s + j])]) }  // byte fallback <0xXX>
            }
            k = next[Int(k)]
        }
    }

    /// Token ids of UTF-8 bytes (the work behind `encode(_:addBOS:)`): each
    /// space becomes "▁", and a character with no token is emitted as its
    /// `<0xXX>` byte tokens. Empty input gives only BOS (or nothing).
    public func encode(utf8 input: [UInt8], addBOS: Bool = true) -> [Int32] {
        var out: [Int32] = []
        if addBOS { out.append(bosID) }
        if input.isEmpty { return out }
        out.reserveCapacity(input.count / 2 + 2)

        // Normalize: optional leading space, then " " -> "▁".
        var buf: [UInt8] = []
        buf.reserveCapacity(input.count + input.count / 2 + 3)
        if addSpacePrefix { buf.append(0xE2); buf.append(0x96); buf.append(0x81) }
        for c in input {
            if c == 0x20 { buf.append(0xE2); buf.append(0x96); buf.append(0x81) } else { buf.append(c) }
        }
        let total = buf.count

        var w = Work()
        defer { w.free() }
        buf.withUnsafeBufferPointer { b in
            table.withUnsafeBufferPointer { tab in
                pool.withUnsafeBufferPointer { pl in
                    poolStart.withUnsafeBufferPointer { ps in
                        scores.withUnsafeBufferPointer { sc in
                            if !segmentable {
                                tokenizePiece(b, 0, total, &w, tab, pl, ps, sc, &out)
                                return
                            }
                            // Memo of pieces seen in this call: key = byte range of its first
                            // occurrence in `buf`, value = range in `memoIDs`.
                            var memoCap = 1024
                            var memoKeyStart = [Int32](repeating: -1, count: memoCap)
                            var memoKeyLen = [Int32](repeating: 0, count: memoCap)
                            var memoValStart = [Int32](repeating: 0, count: memoCap)
                            var memoValLen = [Int32](repeating: 0, count: memoCap)
                            var memoCount = 0
                            var memoIDs: [Int32] = []

                            func emit(_ from: Int, _ to: Int) {
                                let n = to - from
                                if n > 64 { tokenizePiece(b, from, to, &w, tab, pl, ps, sc, &out); return }
                                let h = LlamaSPMTokenizer.fnv1a(b, from, n)
                                var slot = Int(truncatingIfNeeded: h) & (memoCap - 1)
                                while true {
                                    let ks = Int(memoKeyStart[slot])
                                    if ks < 0 { break }
                                    if Int(memoKeyLen[slot]) == n {
                                        var k = 0
                                        while k < n && b[ks + k] == b[from + k] { k += 1 }
                                        if k == n {
                                            let vs = Int(memoValStart[slot])
                                            for j in vs..<vs + Int(memoValLen[slot]) { out.append(memoIDs[j]) }
                                            return
                                        }
                                    }
                                    slot = (slot + 1) & (memoCap - 1)
                                }
                                let before = out.count
                                tokenizePiece(b, from, to, &w, tab, pl, ps, sc, &out)
                                memoKeyStart[slot] = Int32(from)
                                memoKeyLen[slot] = Int32(n)
                                memoValStart[slot] = Int32(memoIDs.count)
                                memoValLen[slot] = Int32(out.count - before)
                                memoIDs.append(contentsOf: out[before...])
                                memoCount += 1
                                if memoCount * 2 > memoCap {  // grow and rehash
                                    let oks = memoKeyStart, okl = memoKeyLen, ovs = memoValStart, ovl = memoValLen
                                    memoCap *= 2
                                    memoKeyStart = [Int32](repeating: -1, count: memoCap)
                                    memoKeyLen = [Int32](repeating: 0, count: memoCap)
                                    memoValStart = [Int32](repeating: 0, count: memoCap)
                                    memoValLen = [Int32](repeating: 0, count: memoCap)
                                    for o in 0..<oks.count where oks[o] >= 0 {
                                        var s2 =
                                            Int(
                                                truncatingIfNeeded: LlamaSPMTokenizer.fnv1a(b, Int(oks[o]), Int(okl[o]))
                                            ) & (memoCap - 1)
                                        while memoKeyStart[s2] >= 0 { s2 = (s2 + 1) & (memoCap - 1) }
                                        memoKeyStart[s2] = oks[o]; memoKeyLen[s2] = okl[o]
                                        memoValStart[s2] = ovs[o]; memoValLen[s2] = ovl[o]
                                    }
                                }
                            }

                            // Split points: before and after "\n", and where a "▁" follows a non-"▁".
                            var pieceStart = 0
                            var off = 0
                            var prevSpace = false, prevNL = false
                            while off < total {
                                let c = b[off]
                                let l: Int
                                switch c >> 4 {
                                case 0xC, 0xD: l = 2;
                                case 0xE: l = 3;
                                case 0xF: l = 4;
                                default: l = 1
                                }
                                let n = min(l, total - off)
                                let isNL = c == 0x0A
                                let isSpace = n == 3 && c == 0xE2 && b[off + 1] == 0x96 && b[off + 2] == 0x81
                                if off > pieceStart && (isNL || prevNL || (isSpace && !prevSpace)) {
                                    emit(pieceStart, off)
                                    pieceStart = off
                                }
                                prevSpace = isSpace
                                prevNL = isNL
                                off += n
                            }
                            if total > pieceStart { emit(pieceStart, total) }
                        }
                    }
                }
            }
        }
        return out
    }

    /// Concatenated token texts with "▁" turned back into spaces (byte tokens decoded).
    public func decode(_ ids: [Int32]) -> String {
        var bytes: [UInt8] = []
        for id in ids {
            let i = Int(id)
            guard i >= 0 && i < tokens.count else { continue }
            if types[i] == TokenType.control.rawValue { continue }
            if types[i] == TokenType.byte.rawValue, tokens[i].count == 6,
                let v = UInt8(String(decoding: tokens[i][3..<5], as: UTF8.self), radix: 16)
            {
                bytes.append(v)
                continue
            }
            bytes.append(contentsOf: tokens[i])
        }
        var s = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\u{2581}", with: " ")
        if addSpacePrefix && s.hasPrefix(" ") { s.removeFirst() }
        return s
    }
}
