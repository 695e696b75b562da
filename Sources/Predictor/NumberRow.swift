import Foundation

/// A row of numbers as a predictor file keeps it from format 2 on: one JSON
/// string, the numbers in their shortest decimal form separated by single
/// spaces, `x` for a missing one (`"0.1116 -0.0121 x 0"`).
///
/// Format 1 wrote each row as a JSON array, and decoding 497 programs x 362
/// gains through `JSONDecoder`, one `Double?` at a time, was most of what
/// loading the shipped model cost, paid by every `tune` and every file
/// `passlab cc` compiles. A row is one string to the decoder; `decode` reads
/// its numbers with the exact fast path of decimal conversion (an integer
/// significand of at most 15 digits divided by a power of ten of at most
/// 22, both exact in a `Double`, so the one rounding of the division gives
/// the nearest `Double`, as `strtod` does) and falls back to the standard
/// library for anything else (an exponent, more digits).
enum NumberRow {
    /// The row's text; `decode` gives back the same values, bit for bit.
    static func encode(_ values: [Double?]) -> String {
        values.map { $0.map(text) ?? "x" }.joined(separator: " ")
    }

    /// The values of a row, or nil when a field is not a number or `x`.
    static func decode(_ text: String) -> [Double?]? {
        if text.isEmpty { return [] }
        var values: [Double?] = []
        var text = text
        let parsed: Bool = text.withUTF8 { bytes in
            values.reserveCapacity(bytes.count / 4 + 1)
            var start = 0
            while start <= bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != UInt8(ascii: " ") { end += 1 }
                let field = UnsafeBufferPointer(rebasing: bytes[start..<end])
                if field.count == 1, field[0] == UInt8(ascii: "x") {
                    values.append(nil)
                } else if let value = number(field) {
                    values.append(value)
                } else {
                    return false
                }
                start = end + 1
            }
            return true
        }
        return parsed ? values : nil
    }

    /// A number as the row writes it: an integral value without a fraction
    /// (as JSON wrote it), any other in Swift's shortest round-trip form.
    private static func text(_ value: Double) -> String {
        if value == 0, value.sign == .minus { return "-0" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return value.description
    }

    /// 10^0 ... 10^22, each exact (5^22 < 2^53), so each product is too.
    private static let powersOfTen: [Double] = (1...22).reduce(into: [1]) { powers, _ in
        powers.append(powers.last! * 10)
    }

    /// One field: `-?digits(.digits)?` by the fast path, anything else by `Double(String)`.
    private static func number(_ field: UnsafeBufferPointer<UInt8>) -> Double? {
        guard !field.isEmpty else { return nil }
        var index = 0, negative = false
        if field[0] == UInt8(ascii: "-") {
            negative = true
            index = 1
        }
        var significand: Int64 = 0, digits = 0, fractionDigits = 0, seenPoint = false, fast = index < field.count
        while index < field.count, fast {
            let byte = field[index]
            if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                significand = significand * 10 + Int64(byte - UInt8(ascii: "0"))
                digits += 1
                if seenPoint { fractionDigits += 1 }
            } else if byte == UInt8(ascii: "."), !seenPoint, digits > 0 {
                seenPoint = true
            } else {
                fast = false
            }
            index += 1
        }
        if fast, digits > 0, digits <= 15, field.last != UInt8(ascii: ".") {
            let magnitude = Double(significand) / powersOfTen[fractionDigits]
            return negative ? -magnitude : magnitude
        }
        return Double(String(decoding: field, as: UTF8.self))
    }
}
