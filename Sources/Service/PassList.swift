import Pipelines

/// Pass lists as requests give them: catalog indices (the action space of
/// `step`), catalog names ("gvn", or the exact catalog text
/// "function(gvn)" where a name is ambiguous), or `opt -p` pipeline text.
enum PassList {
    /// First catalog index of each name and of each catalog text.
    static let indexByName: [String: Int] = {
        var index: [String: Int] = [:]
        for (position, entry) in PassCatalog.entries.enumerated() {
            if index[entry.name] == nil { index[entry.name] = position }
            if index[entry.pipeline] == nil { index[entry.pipeline] = position }
        }
        return index
    }()

    /// The catalog index an element names (an integer index or a name).
    static func catalogIndex(_ value: JSONValue, field: String) throws(ServiceError) -> Int {
        switch value {
        case .int(let index):
            guard PassCatalog.entries.indices.contains(index) else {
                throw .invalidParams(
                    field,
                    "action \(index) is not in the catalog (0...\(PassCatalog.entries.count - 1)); "
                        + "the passes method lists it")
            }
            return index
        case .string(let name):
            guard let index = indexByName[name] else {
                let suggestions = PassCatalog.suggestions(for: name).filter { indexByName[$0] != nil }
                throw .invalidParams(
                    field,
                    "\(name.debugDescription) is not a catalog pass"
                        + (suggestions.isEmpty ? "" : " (did you mean \(suggestions.joined(separator: ", "))?)")
                        + "; the passes method lists them")
            }
            return index
        default:
            throw .invalidParams(field, "expected a catalog index or pass name, got \(value.compactText)")
        }
    }

    static func catalogIndices(_ value: JSONValue, field: String, limits: ServiceLimits) throws(ServiceError) -> [Int] {
        guard case .array(let items) = value else {
            throw .invalidParams(field, "expected an array of catalog indices or names, got \(value.compactText)")
        }
        try checkLength(items.count, field: field, limits: limits)
        var indices: [Int] = []
        for (position, item) in items.enumerated() {
            indices.append(try catalogIndex(item, field: "\(field)[\(position)]"))
        }
        return indices
    }

    static func checkLength(_ count: Int, field: String, limits: ServiceLimits) throws(ServiceError) {
        guard count <= limits.maxListLength else {
            throw ServiceError(
                .limitExceeded,
                "params.\(field) has \(count) passes, over the server's --max-list-length "
                    + "\(limits.maxListLength); send a shorter list or start the server with a larger limit")
        }
    }

    /// The pipeline of catalog entries applied in order.
    static func pipeline(_ indices: [Int]) -> Pipeline {
        PassCatalog.pipeline(ofEntries: indices)
    }

    /// One list of `evaluate`/`validate`: an array of catalog entries, or
    /// pipeline text (aliases such as clang-Oz included). Text that does not
    /// parse is not a request error: it is the list's `invalid_pipeline` outcome.
    static func resolve(
        _ value: JSONValue, field: String, limits: ServiceLimits
    ) throws(ServiceError) -> Result<Pipeline, PipelineError> {
        switch value {
        case .array:
            return .success(pipeline(try catalogIndices(value, field: field, limits: limits)))
        case .string(let text):
            let parsed: Pipeline
            do {
                parsed = try PassCatalog.parse(text)
            } catch {
                return .failure(error)
            }
            try checkLength(parsed.elements.count, field: field, limits: limits)
            return .success(parsed)
        default:
            throw .invalidParams(
                field, "expected an array of catalog passes or a pipeline string, got \(value.compactText)")
        }
    }
}
