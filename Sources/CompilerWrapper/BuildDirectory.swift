import Foundation

/// The directory a compile's build runs in, to tell builds apart: two
/// builds at the same time in different trees are two builds, and a build
/// whose compiles run in subdirectories (CMake's Makefiles, recursive make)
/// is one.
enum BuildDirectory {
    /// Files that mark the top of a configured build tree.
    static let markers = ["CMakeCache.txt", "build.ninja", "meson-private"]
    static let makefiles = ["GNUmakefile", "makefile", "Makefile"]

    /// The nearest directory at or above `workingDirectory` holding a build
    /// tree's marker (CMake, Ninja, Meson); else the highest directory of
    /// the unbroken chain of directories with makefiles that starts at
    /// `workingDirectory` (recursive make); else `workingDirectory`.
    static func of(_ workingDirectory: String) -> String {
        let start = (workingDirectory as NSString).standardizingPath
        let fileManager = FileManager.default
        func has(_ names: [String], in directory: String) -> Bool {
            names.contains { fileManager.fileExists(atPath: (directory as NSString).appendingPathComponent($0)) }
        }
        var directory = start
        while true {
            if has(markers, in: directory) { return directory }
            let parent = (directory as NSString).deletingLastPathComponent
            if parent == directory || parent.isEmpty { break }
            directory = parent
        }
        var top = start
        while has(makefiles, in: top) {
            let parent = (top as NSString).deletingLastPathComponent
            guard parent != top, !parent.isEmpty, has(makefiles, in: parent) else { break }
            top = parent
        }
        return top
    }
}
