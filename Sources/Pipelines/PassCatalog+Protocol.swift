import CodeSize

extension PassCatalog {
    /// The -Oz reference of a protocol: what clang-19 -Oz ships (shipping), or
    /// the paper's `opt -p 'module(default<Oz>)'` (paper). Sizes, prompts and
    /// datasets compare with this pipeline under each protocol.
    public static func ozPipeline(for measurementProtocol: MeasurementProtocol) -> String {
        measurementProtocol.name == .shipping ? clangOzPipeline : "module(default<Oz>)"
    }
}

extension Pipeline {
    /// The top-level passes of a pipeline's text (as stored), none when it
    /// does not parse: a list's length for ordering and reports.
    public static func passes(of text: String) -> [String] {
        (try? Pipeline(parsing: text))?.elements.map(\.text) ?? []
    }
}
