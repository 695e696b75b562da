import Foundation

/// The directory a set of paths share, so reports can name files by what
/// differs ("alpha/09_bits.c") instead of repeating a long temporary prefix.
public enum CommonDirectory {
    /// The shared directory with a trailing "/", or "" when only "/" is shared.
    public static func prefix(of paths: [String]) -> String {
        let directories = paths.map { ($0 as NSString).deletingLastPathComponent }
        guard var prefix = directories.first else { return "" }
        for directory in directories {
            while !(directory == prefix || directory.hasPrefix(prefix + "/")) {
                prefix = (prefix as NSString).deletingLastPathComponent
                if prefix == "/" || prefix.isEmpty { return "" }
            }
        }
        return prefix == "/" || prefix.isEmpty ? "" : prefix + "/"
    }

    /// `path` without `prefix` (as returned by `prefix(of:)`).
    public static func strip(_ prefix: String, from path: String) -> String {
        prefix.isEmpty || !path.hasPrefix(prefix) ? path : String(path.dropFirst(prefix.count))
    }
}
