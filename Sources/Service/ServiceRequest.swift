import Foundation

/// One request of the protocol, checked: an id (int or string), a method
/// name and the params object (empty when absent).
struct ServiceRequest: Sendable {
    var id: JSONValue
    var method: String
    var params: Params

    /// Decodes one line (or HTTP body). Throws `parse_error` for text that is
    /// not JSON, `invalid_request` for JSON that is no request; `id` is the
    /// request's id when it could be read (for the error response).
    static func decode(_ bytes: [UInt8], id: inout JSONValue) throws(ServiceError) -> ServiceRequest {
        let value: JSONValue
        do {
            value = try JSONValue.decoder.decode(JSONValue.self, from: Data(bytes))
        } catch {
            let preview = String(decoding: bytes.prefix(60), as: UTF8.self)
            throw ServiceError(
                .parseError,
                "the request is not JSON (it starts \(preview.debugDescription)); "
                    + "send one JSON object per line: {\"id\":1,\"method\":\"hello\"}")
        }
        guard case .object(let object) = value else {
            throw ServiceError(
                .invalidRequest, "a request is a JSON object, not \(value.typeName): {\"id\":1,\"method\":\"hello\"}")
        }
        switch object["id"] {
        case .some(.int), .some(.string): id = object["id"]!
        case .none: throw ServiceError(.invalidRequest, "the request has no \"id\"; give an integer or a string")
        case .some(let other):
            throw ServiceError(.invalidRequest, "\"id\" must be an integer or a string, not \(other.typeName)")
        }
        guard case .string(let method) = object["method"] else {
            let found = object["method"].map { "is \($0.typeName)" } ?? "is missing"
            throw ServiceError(.invalidRequest, "\"method\" \(found); give a method name such as \"hello\"")
        }
        switch object["params"] {
        case .none, .some(.null): return ServiceRequest(id: id, method: method, params: Params([:]))
        case .some(.object(let params)): return ServiceRequest(id: id, method: method, params: Params(params))
        case .some(let other):
            throw ServiceError(.invalidRequest, "\"params\" must be an object, not \(other.typeName)")
        }
    }
}

/// A request's params with typed accessors: a wrong type or value is an
/// `invalid_params` error that names the field and quotes the value.
struct Params: Sendable {
    let values: [String: JSONValue]

    init(_ values: [String: JSONValue]) { self.values = values }

    subscript(key: String) -> JSONValue? {
        if case .null = values[key] { return nil }
        return values[key]
    }

    func string(_ key: String) throws(ServiceError) -> String? {
        guard let value = self[key] else { return nil }
        guard case .string(let text) = value else {
            throw .invalidParams(key, "expected a string, got \(value.compactText)")
        }
        return text
    }

    func requiredString(_ key: String) throws(ServiceError) -> String {
        guard let text = try string(key) else { throw .invalidParams(key, "missing; give a string") }
        return text
    }

    func int(_ key: String) throws(ServiceError) -> Int? {
        guard let value = self[key] else { return nil }
        switch value {
        case .int(let number): return number
        case .double(let number) where number.rounded() == number && abs(number) < 1e15: return Int(number)
        default: throw .invalidParams(key, "expected an integer, got \(value.compactText)")
        }
    }

    func stringArray(_ key: String) throws(ServiceError) -> [String]? {
        guard let value = self[key] else { return nil }
        guard case .array(let items) = value else {
            throw .invalidParams(key, "expected an array of strings, got \(value.compactText)")
        }
        var strings: [String] = []
        for (index, item) in items.enumerated() {
            guard case .string(let text) = item else {
                throw .invalidParams("\(key)[\(index)]", "expected a string, got \(item.compactText)")
            }
            strings.append(text)
        }
        return strings
    }

    /// Checks that no unknown field was sent (a misspelt "sesion" is an
    /// error, not silently ignored).
    func allowOnly(_ keys: Set<String>) throws(ServiceError) {
        if let unknown = values.keys.sorted().first(where: { !keys.contains($0) }) {
            throw .invalidParams(
                unknown, "unknown parameter; this method takes \(keys.sorted().joined(separator: ", "))")
        }
    }
}
