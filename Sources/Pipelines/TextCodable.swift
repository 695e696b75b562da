/// A value whose JSON form is its text: a string that `init(parsing:)` reads back, `description` writes.
/// Pipelines, actions and edits are stored and exchanged this way, so files hold what a user would type.
public protocol TextCodable: Codable, CustomStringConvertible {
    /// Parses the text form; throws `PipelineError` on text that is not one.
    init(parsing text: String) throws(PipelineError)
}

extension TextCodable {
    /// Decodes the text form from a JSON string; text that does not parse is `dataCorrupted`, with the parser's
    /// message.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            try self.init(parsing: text)
        } catch {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    /// Encodes the text form (`description`) as a JSON string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
