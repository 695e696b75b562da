import Foundation
import Reports
import Store

/// `passlab cc --report`: the last build(s) seen by `passlab cc`, per object
/// and in total: clang-19's own size (-Oz/-Os, as the build asked), PassLab's,
/// the reduction, the time spent, cache hits and fallbacks.
public struct BuildReport: Codable, Sendable {
    /// One compilation of a size-level object: a row of the report.
    public struct Object: Codable, Sendable {
        /// The build's id: PASSLAB_BUILD_ID, or the ISO 8601 start of its first
        /// step.
        public var build: String
        /// The object's absolute path.
        public var object: String
        /// The source file as the command named it.
        public var source: String
        /// tuned, cacheHit or fallback.
        public var outcome: String
        /// The size level without its dash: "Oz" or "Os".
        public var optimization: String
        /// Berkeley text+data of clang-19's object; nil when unknown (the compile failed).
        public var clangBinarySize: Int?
        /// Berkeley text+data of the object the build got; nil when unknown
        /// (the compile failed).
        public var binarySize: Int?
        /// Percent smaller than clang-19's object.
        public var reduction: Double?
        /// Seconds spent in `passlab cc` for this object, fallback included.
        public var seconds: Double
        /// The winning pass list ("clang-19 -Oz" or "clang-19 -Os" when the
        /// backup won); nil for a fallback.
        public var pipeline: String?
        /// Why the build's own compile ran instead; nil unless the outcome is
        /// fallback.
        public var fallbackReason: String?
    }

    /// One build's sums (or, as `all`, every object's latest compile once).
    public struct Totals: Codable, Sendable {
        /// The build's id, or "all".
        public var build: String
        /// Compilations counted, fallbacks included.
        public var objects: Int
        /// Sums over the objects whose sizes are known.
        public var clangBinarySize: Int
        /// Sum of PassLab's sizes over the same objects as `clangBinarySize`.
        public var binarySize: Int
        /// Percent smaller than the clang-19 sum; 0 when no size is known.
        public var reduction: Double
        /// Seconds spent in `passlab cc`, summed over objects (CPU-bound work: a
        /// build with -jN takes about this over N).
        public var seconds: Double
        /// First start to last finish.
        public var wallSeconds: Double
        /// Objects tuned now.
        public var tuned: Int
        /// Objects copied from the cache.
        public var cacheHits: Int
        /// Objects the build's own compiler made (declined, or PassLab failed).
        public var fallbacks: Int
        /// Objects smaller than clang-19's.
        public var improved: Int
        /// The PASSLAB_BUDGET every compile had; nil when they differ.
        public var budget: Int?
        /// The build's directory (nil for `all`).
        public var directory: String?
        /// When its first step started (ISO 8601, UTC).
        public var startedAt: String?
        /// Bytes saved against clang-19's objects by objects tuned in this
        /// build, and by objects this build copied from the cache (tuned by
        /// an earlier build: a warm rebuild's savings are its own, never
        /// added to the cold build's).
        public var tunedSavings: Int
        /// Bytes saved by objects copied from the cache (see `tunedSavings`).
        public var cacheHitSavings: Int
        /// What passlab cc said to this build once (e.g. a compiler other than clang-19, with the fix).
        public var notices: [String]
        /// Programs and libraries the build linked.
        public var products: [Product]
    }

    /// A linked product of a build.
    public struct Product: Codable, Sendable {
        /// The product's absolute path.
        public var output: String
        /// Berkeley text+data of the product.
        public var binarySize: Int
        /// ELF objects linked, and those passlab cc made.
        public var objects: Int
        /// Of `objects`, those `passlab cc` made (found by the hash of their
        /// bytes).
        public var passlabObjects: Int
        /// What passlab cc's objects saved against clang-19's, summed over the objects (before linking).
        public var objectSavings: Int
        /// The same link with clang-19's own objects; nil when not measured (`plainNote` says why).
        public var plainBinarySize: Int?
        /// Why `plainBinarySize` is nil (a link with side effects, clang-19's
        /// objects missing from the cache, another compiler); nil when
        /// measured.
        public var plainNote: String?
        /// Percent smaller than the plain clang-19 product.
        public var reduction: Double?
    }

    /// Path of the `cc.sqlite` the report was read from.
    public var cache: String
    /// Every compilation of the builds, oldest build first, in the order they
    /// finished.
    public var objects: [Object]
    /// One per build, oldest first, then (with several builds) `all`.
    public var totals: [Totals]

    /// The report of the `builds` most recent builds in `cache`. Builds are
    /// told apart by build directory and time (`BuildCache.build`); `all`
    /// counts each object once (its latest compilation), so a cold build
    /// and its warm rebuild are never added up.
    public static func make(cache: BuildCache, builds: Int) throws -> BuildReport {
        let recent = try cache.recentBuilds(limit: max(1, builds)).reversed()
        let ids = recent.map(\.id)
        let records = try cache.compilations(builds: ids)
        let notices = try cache.notices(builds: ids)
        let products = try cache.products(builds: ids)
        let objects = records.map { record in
            Object(
                build: record.buildID, object: record.output, source: record.source, outcome: record.outcome.rawValue,
                optimization: record.optimization, clangBinarySize: record.referenceBinarySize,
                binarySize: record.binarySize,
                reduction: reduction(record.referenceBinarySize, record.binarySize), seconds: record.seconds,
                pipeline: record.pipeline,
                fallbackReason: record.fallbackReason)
        }
        var totals = recent.map { build in
            var total = summarize(
                build.id, records.filter { $0.buildID == build.id },
                wallSeconds: build.finishedAt.timeIntervalSince(build.startedAt))
            total.directory = build.directory
            total.startedAt = ISO8601DateFormatter().string(from: build.startedAt)
            total.notices = notices.filter { $0.buildID == build.id }.map(\.message)
            total.products = products.filter { $0.buildID == build.id }.map { product in
                Product(
                    output: product.output, binarySize: product.binarySize, objects: product.objects,
                    passlabObjects: product.passlabObjects, objectSavings: product.objectSavings,
                    plainBinarySize: product.plainBinarySize, plainNote: product.plainNote,
                    reduction: reduction(product.plainBinarySize, product.binarySize))
            }
            return total
        }
        if totals.count > 1 {
            var latest: [String: CompilationRecord] = [:]
            for record in records { latest[record.output] = record }
            totals.append(
                summarize(
                    "all", records.filter { latest[$0.output]?.id == $0.id },
                    wallSeconds: totals.map(\.wallSeconds).reduce(0, +)))
        }
        return BuildReport(cache: cache.path, objects: objects, totals: totals)
    }

    static func reduction(_ clang: Int?, _ passlab: Int?) -> Double? {
        guard let clang, let passlab, clang > 0 else { return nil }
        return 100 * (1 - Double(passlab) / Double(clang))
    }

    static func summarize(_ build: String, _ records: [CompilationRecord], wallSeconds: Double) -> Totals {
        let sized = records.filter { $0.referenceBinarySize != nil && $0.binarySize != nil }
        let clang = sized.map { $0.referenceBinarySize! }.reduce(0, +)
        let passlab = sized.map { $0.binarySize! }.reduce(0, +)
        let budgets = Set(records.map(\.budget))
        func savings(_ outcome: CompilationRecord.Outcome) -> Int {
            sized.filter { $0.outcome == outcome }.map { $0.referenceBinarySize! - $0.binarySize! }.reduce(0, +)
        }
        return Totals(
            build: build, objects: records.count, clangBinarySize: clang, binarySize: passlab,
            reduction: reduction(clang, passlab) ?? 0, seconds: records.map(\.seconds).reduce(0, +),
            wallSeconds: wallSeconds,
            tuned: records.filter { $0.outcome == .tuned }.count,
            cacheHits: records.filter { $0.outcome == .cacheHit }.count,
            fallbacks: records.filter { $0.outcome == .fallback }.count,
            improved: sized.filter { $0.binarySize! < $0.referenceBinarySize! }.count,
            budget: budgets.count == 1 ? budgets.first : nil, tunedSavings: savings(.tuned),
            cacheHitSavings: savings(.cacheHit), notices: [], products: [])
    }

    /// The lines under the table for one build: where and when, what it
    /// saved (tuned now / from the cache), what passlab cc told it, what it linked.
    func buildLines(_ total: Totals) -> [String] {
        var lines: [String] = []
        var head = "build \(total.build)"
        if let directory = total.directory { head += " in \(directory)" }
        head +=
            String(format: ": %.1f s from first step to last", total.wallSeconds)
            + (total.budget.map { ", budget \($0)" } ?? "")
        if total.objects > 0 {
            head +=
                "; saved \(total.tunedSavings + total.cacheHitSavings) bytes against clang-19's objects: "
                + "\(total.tunedSavings) by \(total.tuned) objects tuned now, "
                + "\(total.cacheHitSavings) by \(total.cacheHits) cache hits"
        }
        lines.append(head)
        for notice in total.notices { lines.append("  warning: \(notice)") }
        for product in total.products { lines.append("  " + Self.productLine(product)) }
        return lines
    }

    static func productLine(_ product: Product) -> String {
        var line =
            "linked \(product.output): \(product.binarySize) bytes text+data; "
            + "\(product.passlabObjects) of \(product.objects) objects by passlab cc, "
            + "\(product.objectSavings) bytes smaller than clang-19's objects"
        if let plain = product.plainBinarySize {
            line += "; plain clang-19 link \(plain) bytes (\(percent(product.reduction)) smaller)"
        } else {
            line += "; plain clang-19 link not measured (\(product.plainNote ?? "unknown"))"
        }
        return line
    }

    /// The directory all objects share ("" when none but /), to shorten names.
    var commonPrefix: String { CommonDirectory.prefix(of: objects.map(\.object)) }

    func shortName(_ path: String) -> String {
        CommonDirectory.strip(commonPrefix, from: path)
    }

    /// What the "clang" sizes are.
    static let referenceMeaning =
        "what the build gets without PassLab: clang-19 at the build's -Oz/-Os "
        + "(for a fallback, the object of the build's own compiler, which may be another one)"

    static func size(_ value: Int?) -> String { value.map(String.init) ?? "-" }
    static func percent(_ value: Double?) -> String { value.map { String(format: "%.2f%%", $0) } ?? "-" }

    /// The table on a terminal.
    public var text: String {
        guard !totals.isEmpty else {
            return
                "passlab cc: no compilations recorded in \(cache) yet. Build with CC=\"passlab cc\" and CFLAGS with -Oz or -Os.\n"
        }
        guard !objects.isEmpty else {
            let head = "passlab cc report (\(cache)): no size-level compiles in these builds"
            return ([head] + totals.flatMap(buildLines))
                .joined(separator: "\n") + "\n"
        }
        var lines: [String] = []
        let severalBuilds = totals.count > 1
        let prefix = commonPrefix
        lines.append("passlab cc report (\(cache))" + (prefix.isEmpty ? "" : ", objects under \(prefix)"))
        let header = ["object", "clang bytes", "passlab bytes", "reduction", "seconds", "how", "pipeline / reason"]
        var rows: [[String]] = []
        for object in objects {
            let how = object.outcome == "cacheHit" ? "cache hit" : object.outcome
            let detail = object.fallbackReason ?? object.pipeline ?? ""
            rows.append([
                (severalBuilds ? "[\(object.build)] " : "") + shortName(object.object),
                Self.size(object.clangBinarySize),
                Self.size(object.binarySize), Self.percent(object.reduction), String(format: "%.2f", object.seconds),
                how,
                detail.count > 60 ? String(detail.prefix(57)) + "..." : detail,
            ])
        }
        for total in totals {
            let label =
                total.build == "all"
                ? "total, all builds, each object once (its latest compile)"
                : "total" + (severalBuilds ? " [\(total.build)]" : "")
            rows.append([
                label,
                String(total.clangBinarySize), String(total.binarySize), Self.percent(total.reduction),
                String(format: "%.2f", total.seconds),
                "\(total.tuned) tuned, \(total.cacheHits) hits, \(total.fallbacks) fallbacks",
                "\(total.improved) of \(total.objects) smaller",
            ])
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                column == 0 || column >= 5
                    ? cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[column] - cell.count) + cell
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        lines.append(line(header))
        for (index, row) in rows.enumerated() {
            if index == objects.count {
                lines.append(String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1)))
            }
            lines.append(line(row))
        }
        for total in totals where total.build != "all" { lines += buildLines(total) }
        lines.append("Sizes are Berkeley text+data of each object; clang = " + Self.referenceMeaning + ".")
        return lines.joined(separator: "\n") + "\n"
    }

    /// One self-contained page in the shared report style: totals per build,
    /// a chart of each object's reduction (named bars), a row per object.
    public var html: String {
        var page = ReportPage(title: "passlab cc report")
        let prefix = commonPrefix
        page.paragraph(
            html: "Cache <code>\(ReportPage.escape(cache))</code>"
                + (prefix.isEmpty ? "" : ", objects under <code>\(ReportPage.escape(prefix))</code>")
                + ". Sizes are Berkeley text + data of each object; clang = \(ReportPage.escape(Self.referenceMeaning)); "
                + "a reduction is how much smaller PassLab's object is.")
        guard !objects.isEmpty else {
            page.paragraph("No compilations recorded yet. Build with CC=\"passlab cc\" and CFLAGS with -Oz or -Os.")
            return page.html
        }
        page.append(
            HTMLTable(
                header: [
                    "build", "objects", "clang bytes", "passlab bytes", "reduction", "smaller", "tuned", "cache hits",
                    "fallbacks", "seconds (sum)", "wall seconds",
                ],
                rows: totals.map { total in
                    [
                        .init(total.build), .number(total.objects), .number(total.clangBinarySize),
                        .number(total.binarySize),
                        .number(Self.percent(total.reduction)), .number(total.improved), .number(total.tuned),
                        .number(total.cacheHits), .number(total.fallbacks),
                        .number(String(format: "%.2f", total.seconds)),
                        .number(String(format: "%.1f", total.wallSeconds)),
                    ]
                }))
        for total in totals where total.build != "all" {
            let lines = buildLines(total)
            page.paragraph(lines[0])
            let items = lines.dropFirst().map {
                "<li>\(ReportPage.escape($0.trimmingCharacters(in: .whitespaces)))</li>"
            }
            if !items.isEmpty { page.append(html: "<ul>" + items.joined() + "</ul>") }
        }
        let severalBuilds = totals.count > 1
        func name(_ object: Object) -> String { (severalBuilds ? "[\(object.build)] " : "") + shortName(object.object) }
        func how(_ object: Object) -> String { object.outcome == "cacheHit" ? "cache hit" : object.outcome }
        page.heading("Reduction per object")
        page.append(
            BarChart(
                bars: objects.map { object in
                    .init(
                        label: name(object), value: object.reduction,
                        detail: "clang \(Self.size(object.clangBinarySize)) bytes, "
                            + "passlab \(Self.size(object.binarySize)) bytes, \(how(object))")
                },
                categoryTitle: "object", valueTitle: "reduction in text+data vs clang-19 (%)",
                caption: "\(objects.count) objects in build order"
                    + (objects.contains { $0.reduction == nil } ? "; n/a: size unknown (the compile failed)." : ".")))
        page.heading("Objects")
        page.append(
            HTMLTable(
                header: ["object", "clang bytes", "passlab bytes", "reduction", "seconds", "how", "pipeline / reason"],
                rows: objects.map { object in
                    [
                        .init(name(object)), .number(Self.size(object.clangBinarySize)),
                        .number(Self.size(object.binarySize)),
                        .number(Self.percent(object.reduction)), .number(String(format: "%.2f", object.seconds)),
                        .init(how(object)), .code(object.fallbackReason ?? object.pipeline ?? ""),
                    ]
                }))
        return page.html
    }
}
