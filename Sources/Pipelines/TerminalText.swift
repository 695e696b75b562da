extension String {
    /// The text with every control character made visible, for quoting
    /// untrusted text (a model's answer, a user's pass name, a file's
    /// contents) in a message that reaches a terminal: `ESC ] 0 ; ... BEL`
    /// could retitle the window, `ESC [ 2 J` clear it, a CR overwrite the
    /// line. C0 and C1 controls and DEL become `\e`, `\a`, `\r`, ... or
    /// `\u{9B}`; newlines and tabs stay unless `keepingLines` is false.
    /// Idempotent (the escapes are printable), so a message may be escaped
    /// again where it is printed.
    public func escapedForTerminal(keepingLines: Bool = true) -> String {
        guard unicodeScalars.contains(where: { Self.isControl($0, keepingLines: keepingLines) }) else { return self }
        var result = ""
        result.reserveCapacity(utf8.count + 8)
        for scalar in unicodeScalars {
            guard Self.isControl(scalar, keepingLines: keepingLines) else {
                result.unicodeScalars.append(scalar)
                continue
            }
            switch scalar.value {
            case 0x1B: result += "\\e"
            case 0x07: result += "\\a"
            case 0x08: result += "\\b"
            case 0x0D: result += "\\r"
            case 0x0A: result += "\\n"
            case 0x09: result += "\\t"
            case 0x00: result += "\\0"
            default: result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            }
        }
        return result
    }

    private static func isControl(_ scalar: Unicode.Scalar, keepingLines: Bool) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: !keepingLines
        case 0x00...0x1F, 0x7F...0x9F: true
        default: false
        }
    }
}
