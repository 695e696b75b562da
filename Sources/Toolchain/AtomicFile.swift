#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Support

/// Writing an output file as a compiler does. A regular file (or a path
/// that does not exist yet) is replaced atomically: a temporary file in the
/// same directory, then rename(2), so readers see the old file or the new
/// one, never half of one; an existing file keeps its permissions (and,
/// for root, its owner). Anything else is written through, as clang does:
/// `-o /dev/null` must not replace the system's /dev/null with a regular
/// file, a FIFO's reader must get the bytes, and a symbolic link stays a
/// link (its target gets the content, by the same rules).
public enum AtomicFile {
    /// Why an output could not be written; exit status 73 (EX_CANTCREAT).
    public enum Error: UserFacingError, CustomStringConvertible, Equatable {
        /// `path` (as the caller named it, before links are followed) could not
        /// be created, written, renamed into place or followed; `errno` says
        /// why.
        case cannotWrite(path: String, errno: Int32)

        /// EX_CANTCREAT: every command reports an output it cannot write the same way.
        public var exitCode: Int32 { 73 }

        /// "cannot write PATH: REASON", with strerror's text, and what to
        /// check.
        public var description: String {
            switch self {
            case let .cannotWrite(path, code):
                return "cannot write \(path): \(Self.reason(code)); check that its directory exists and is writable"
            }
        }

        /// strerror's text, lower-cased as in the rest of a message ("permission denied").
        static func reason(_ code: Int32) -> String {
            let text = String(cString: strerror(code))
            return text.prefix(1).lowercased() + text.dropFirst()
        }
    }

    /// Writes `bytes` to `path` (a new file gets 0666 less the umask, as a
    /// compiler creates its outputs).
    public static func write(_ bytes: [UInt8], to path: String) throws(Error) {
        let target = try resolvedTarget(path)
        if let existing = target.status, (existing.st_mode & S_IFMT) != S_IFREG {
            try writeThrough(bytes, to: target.path, reportedAs: path)
            return
        }
        let temporary = temporaryPath(for: target.path)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw .cannotWrite(path: path, errno: errno) }
        var failure = writeAll(bytes, to: descriptor)
        if failure == 0, let existing = target.status { keepAttributes(existing, of: descriptor) }
        if close(descriptor) != 0 && failure == 0 { failure = errno }
        if failure == 0 && rename(temporary, target.path) != 0 { failure = errno }
        if failure != 0 {
            unlink(temporary)
            throw .cannotWrite(path: path, errno: failure)
        }
    }

    /// Writes `data` to `path` by the same rules as the byte-array form.
    public static func write(_ data: Data, to path: String) throws(Error) {
        try write([UInt8](data), to: path)
    }

    /// Writes `text` as UTF-8 to `path` by the same rules as the byte-array
    /// form.
    public static func write(_ text: String, to path: String) throws(Error) {
        try write(Array(text.utf8), to: path)
    }

    /// Puts a finished file at `path` by the same rules: renamed over a
    /// regular file (keeping its permissions), copied into anything else
    /// (a device, a FIFO) and then removed. For outputs written
    /// incrementally, such as a dataset's `.partial` file.
    public static func install(_ finished: String, at path: String) throws(Error) {
        let target = try resolvedTarget(path)
        if let existing = target.status, (existing.st_mode & S_IFMT) != S_IFREG {
            guard let data = FileManager.default.contents(atPath: finished) else {
                throw .cannotWrite(path: path, errno: errno)
            }
            try writeThrough([UInt8](data), to: target.path, reportedAs: path)
            unlink(finished)
            return
        }
        if let existing = target.status { chmod(finished, existing.st_mode & 0o7777) }
        guard rename(finished, target.path) == 0 else { throw .cannotWrite(path: path, errno: errno) }
    }

    /// The file `path` names once symbolic links are followed (at most 40,
    /// as the kernel allows), and its status when it exists. A dangling
    /// link resolves to the path it points to, which is then created.
    static func resolvedTarget(_ path: String) throws(Error) -> (path: String, status: stat?) {
        var current = path
        for _ in 0..<40 {
            var status = stat()
            guard lstat(current, &status) == 0 else {
                guard errno == ENOENT else { throw .cannotWrite(path: path, errno: errno) }
                return (current, nil)
            }
            if (status.st_mode & S_IFMT) == S_IFDIR { throw .cannotWrite(path: path, errno: EISDIR) }
            guard (status.st_mode & S_IFMT) == S_IFLNK else { return (current, status) }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let count = readlink(current, &buffer, buffer.count - 1)
            guard count >= 0 else { throw .cannotWrite(path: path, errno: errno) }
            let link = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let directory = (current as NSString).deletingLastPathComponent
            current = link.hasPrefix("/") || directory.isEmpty ? link : directory + "/" + link
        }
        throw .cannotWrite(path: path, errno: ELOOP)
    }

    private static func temporaryPath(for path: String) -> String {
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let unique = "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        return (directory.isEmpty ? "" : directory + "/") + ".\(name).passlab-\(unique)"
    }

    /// Opens an existing non-regular file for writing (no O_CREAT: it is
    /// there) and writes everything; a FIFO blocks here until it has a reader.
    private static func writeThrough(_ bytes: [UInt8], to target: String, reportedAs path: String) throws(Error) {
        let descriptor = open(target, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .cannotWrite(path: path, errno: errno) }
        var failure = writeAll(bytes, to: descriptor)
        if close(descriptor) != 0 && failure == 0 { failure = errno }
        if failure != 0 { throw .cannotWrite(path: path, errno: failure) }
    }

    /// The errno of the first failed write(2), or 0.
    static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Int32 {
        bytes.withUnsafeBytes { buffer in
            var written = 0
            while written < buffer.count {
                let count = Glibc.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if count < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                written += count
            }
            return 0
        }
    }

    /// A replacement keeps the replaced file's mode and, where allowed, its owner.
    private static func keepAttributes(_ existing: stat, of descriptor: Int32) {
        _ = fchown(descriptor, existing.st_uid, existing.st_gid)
        fchmod(descriptor, existing.st_mode & 0o7777)
    }
}
