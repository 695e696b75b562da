import Foundation

/// Any JSON value, typed: requests arrive as one (their params are free-form
/// objects whose fields the methods check one by one, so that a wrong field
/// is named in `invalid_params`) and results are built as one.
public enum JSONValue: Sendable, Hashable, Codable {
    /// JSON null: a param given as null counts as absent, and the response to a request whose id could not be read has
    /// a null id.
    case null
    /// A JSON boolean (validate's "stopAtFirstFailure", for one).
    case bool(Bool)
    /// A JSON number read as an `Int` (tried before `Double`): catalog indices, sizes, budgets.
    case int(Int)
    /// Any other JSON number; encoded as 0 when not finite (JSON has no NaN or infinity).
    case double(Double)
    /// A JSON string: pass names, `opt -p` text, IR, paths, session ids.
    case string(String)
    /// A JSON array, in order.
    case array([JSONValue])
    /// A JSON object; encoded with its keys sorted.
    case object([String: JSONValue])

    /// Decodes any JSON value, trying null, boolean, integer, double, string, array, then object: 1 is `.int`, 1.5
    /// `.double`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// Encodes the JSON value; a non-finite double becomes 0.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value.isFinite ? value : 0)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// The member `key` of an object; nil when it has none or the value is no object.
    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    /// The element at `index` of an array; nil out of range or when the value is no array.
    public subscript(index: Int) -> JSONValue? {
        if case .array(let array) = self, array.indices.contains(index) { return array[index] }
        return nil
    }

    /// How messages name a value's type ("a string", "an array").
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .int, .double: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// The value as compact JSON text (for quoting it in a message).
    var compactText: String {
        guard let data = try? JSONValue.encoder.encode(self) else { return "?" }
        let text = String(decoding: data, as: UTF8.self)
        return text.count > 80 ? String(text.prefix(77)) + "..." : text
    }

    /// Any Encodable value (a report, a tune result) as a JSON value.
    static func encoding<T: Encodable>(_ value: T) throws -> JSONValue {
        try decoder.decode(JSONValue.self, from: try encoder.encode(value))
    }

    /// Compact, keys sorted: one response per line, stable for tests.
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static let decoder = JSONDecoder()
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    /// `.double`, from a float literal (`"rewardOz": 0.5`).
    public init(floatLiteral value: Double) { self = .double(value) }
    /// `.string`, from a string literal (`"outcome": "ok"`).
    public init(stringLiteral value: String) { self = .string(value) }
    /// `.int`, from an integer literal (`"protocolVersion": 1`).
    public init(integerLiteral value: Int) { self = .int(value) }
    /// `.bool`, from `true` or `false`.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// `.array`, from an array literal of JSON values.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// `.object`, from a dictionary literal; a repeated key keeps its last value.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

extension JSONValue {
    /// The integer of `.int`; nil otherwise, `.double` included even when integral.
    public var intValue: Int? { if case .int(let value) = self { value } else { nil } }
    /// The number of `.int` or `.double` as a `Double`; nil for anything else.
    public var doubleValue: Double? {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        default: nil
        }
    }
    /// The text of `.string`; nil otherwise.
    public var stringValue: String? { if case .string(let value) = self { value } else { nil } }
    /// The flag of `.bool`; nil otherwise (no truthiness: 0 and "" give nil).
    public var boolValue: Bool? { if case .bool(let value) = self { value } else { nil } }
    /// The elements of `.array`; nil otherwise.
    public var arrayValue: [JSONValue]? { if case .array(let value) = self { value } else { nil } }
    /// The members of `.object`; nil otherwise.
    public var objectValue: [String: JSONValue]? { if case .object(let value) = self { value } else { nil } }
}
