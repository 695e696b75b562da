import Foundation
import Support

/// Expands files and directories into the programs PassLab can measure.
public enum ProgramDiscovery {
    /// Extensions (lower-cased) taken from directories: C and C++ (those `SourceLanguage` knows) and LLVM IR.
    /// Files named directly are taken whatever their extension.
    public static let extensions: Set<String> = ["c", "cc", "cpp", "cxx", "c++", "cp", "ll", "bc"]

    /// An input path that does not exist: a user mistake (64).
    public struct MissingInput: UserFacingError, CustomStringConvertible {
        /// The path as given.
        public var path: String
        /// "PATH: no such file or directory".
        public var description: String { "\(path): no such file or directory" }
        /// 64, a user mistake.
        public var exitCode: Int32 { 64 }
    }

    /// Files as given; directories searched recursively, sorted for determinism.
    public static func programs(in paths: [String]) throws -> [String] {
        var found: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw MissingInput(path: path)
            }
            if !isDirectory.boolValue {
                found.append(path)
                continue
            }
            let enumerator = FileManager.default.enumerator(atPath: path)
            var inDirectory: [String] = []
            while let relative = enumerator?.nextObject() as? String {
                if extensions.contains((relative as NSString).pathExtension.lowercased()) {
                    inDirectory.append((path as NSString).appendingPathComponent(relative))
                }
            }
            found += inDirectory.sorted()
        }
        return found
    }
}
