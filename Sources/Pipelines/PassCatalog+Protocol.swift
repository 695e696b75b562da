import CodeSize

extension PassCatalog {
    /// The -Oz reference of a protocol: what clang-19 -Oz ships (shipping), or
    /// the paper's `opt -p 'module(default<Oz>)'` (paper). Sizes, prompts and
    /// datasets compare with this pipeline under each protocol.
    public static func ozPipeline(for measurementProtocol: MeasurementProtocol) -> Pipeline {
        measurementProtocol.name == .shipping ? clangOz : paperOz
    }

    /// clang-19's -Oz pipeline (`clangOzPipeline`) as a value, parsed once.
    public static let clangOz = Pipeline(stringLiteral: clangOzPipeline)

    /// The paper's -Oz reference, `module(default<Oz>)`.
    public static let paperOz: Pipeline = "module(default<Oz>)"

    /// Each catalog entry's pipeline, parsed once, in `entries` order.
    public static let entryPipelines: [Pipeline] = entries.map { Pipeline(stringLiteral: $0.pipeline) }

    /// The pipeline of an entry's text: parsed once for the catalog's own entries (`entryPipelines`), parsed here
    /// for any other (an entry of an older or hand-made catalog); throws on text that does not parse.
    public static func pipeline(of entry: CatalogEntry) throws(PipelineError) -> Pipeline {
        if let known = entryPipelineByText[entry.pipeline] { return known }
        return try Pipeline(parsing: entry.pipeline)
    }

    private static let entryPipelineByText = Dictionary(
        zip(entries.map(\.pipeline), entryPipelines), uniquingKeysWith: { first, _ in first })

    /// The pipeline of catalog entries applied in order (each carries its adaptor, so any
    /// concatenation is valid); `indices` must be indices of `entries`.
    public static func pipeline(ofEntries indices: [Int]) -> Pipeline {
        Pipeline(elements: indices.flatMap { entryPipelines[$0].elements })
    }

    /// How text output names a pipeline (see `displayName(of:)` for text): `clang -Oz` for clang's
    /// -Oz pipeline, "(no passes)" for the empty one, anything else as its text.
    public static func displayName(of pipeline: Pipeline) -> String {
        pipeline.isEmpty ? "(no passes)" : pipeline == clangOz ? "clang -Oz" : pipeline.text
    }
}
