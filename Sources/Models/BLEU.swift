/// BLEU-4 (Papineni et al. 2002) between a candidate text and one
/// reference, as the paper reports round-trip BLEU of disassembly: the
/// n-gram precisions for n = 1...4 with uniform weights, the brevity
/// penalty, and "method 1" smoothing (a zero count becomes 0.1) so a short
/// or partial answer scores a small number, not 0. Identical texts of at
/// least four tokens score exactly 1 (shorter ones less: an order they are
/// too short for counts as precision 0.1).
public enum BLEU {
    /// Tokens of code: runs of letters, digits, `_`, `.`, `$`, `%`, `@`
    /// (names such as `%rax`, `.LBB0_1`, `@main` stay whole), and every
    /// other non-space character alone.
    public static func tokens(_ text: String) -> [Substring] {
        var tokens: [Substring] = []
        var start: String.Index?
        var index = text.startIndex
        func isWord(_ character: Character) -> Bool {
            character.isLetter || character.isNumber || character == "_" || character == "." || character == "$"
                || character == "%" || character == "@"
        }
        while index < text.endIndex {
            let character = text[index]
            if isWord(character) {
                if start == nil { start = index }
            } else {
                if let begun = start { tokens.append(text[begun..<index]); start = nil }
                if !character.isWhitespace { tokens.append(text[index...index]) }
            }
            index = text.index(after: index)
        }
        if let begun = start { tokens.append(text[begun...]) }
        return tokens
    }

    /// Sentence BLEU-4 of `candidate` against `reference`, in [0, 1].
    public static func score(candidate: String, reference: String) -> Double {
        score(candidate: tokens(candidate), reference: tokens(reference))
    }

    /// Sentence BLEU of two token sequences, in [0, 1], with n-grams up to
    /// `maxOrder`: 1 when both are empty, 0 when only one is; an order the
    /// candidate is too short for counts as precision 0.1.
    public static func score<T: Hashable>(candidate: [T], reference: [T], maxOrder: Int = 4) -> Double {
        guard !candidate.isEmpty, !reference.isEmpty else { return candidate.isEmpty && reference.isEmpty ? 1 : 0 }
        var logPrecision = 0.0
        for order in 1...maxOrder {
            let candidateGrams = ngrams(candidate, order)
            let referenceGrams = ngrams(reference, order)
            let total = max(0, candidate.count - order + 1)
            guard total > 0 else {
                logPrecision += log(0.1 / 1)
                continue
            }
            var matched = 0
            for (gram, count) in candidateGrams { matched += min(count, referenceGrams[gram] ?? 0) }
            logPrecision += log(matched == 0 ? 0.1 / Double(total) : Double(matched) / Double(total))
        }
        let brevity =
            candidate.count >= reference.count ? 1 : exp(1 - Double(reference.count) / Double(candidate.count))
        return min(1, brevity * exp(logPrecision / Double(maxOrder)))
    }

    private static func ngrams<T: Hashable>(_ tokens: [T], _ order: Int) -> [[T]: Int] {
        var counts: [[T]: Int] = [:]
        guard tokens.count >= order else { return counts }
        for start in 0...(tokens.count - order) { counts[Array(tokens[start..<(start + order)]), default: 0] += 1 }
        return counts
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
