import Foundation
import Testing
import TestSupport
import Toolchain

/// `AtomicFile` itself: the rules every output follows (see OutputSafetyTests for the commands).
@Suite struct AtomicFileTests {
    /// glibc's makedev (a macro Swift cannot see), for small numbers.
    static func device(_ major: dev_t, _ minor: dev_t) -> dev_t { (major << 8) | minor }

    static func fileType(_ path: String) -> mode_t {
        var status = stat()
        return lstat(path, &status) == 0 ? status.st_mode & S_IFMT : 0
    }

    @Test func aRegularFileIsReplacedWholeKeepingItsMode() throws {
        let directory = Fixtures.temporaryDirectory("atomic-regular")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/out.o"
        try AtomicFile.write([1, 2, 3], to: path)
        #expect(FileManager.default.contents(atPath: path) == Data([1, 2, 3]))
        chmod(path, 0o640)
        try AtomicFile.write([4], to: path)
        var status = stat()
        stat(path, &status)
        #expect(status.st_mode & 0o777 == 0o640)
        #expect(FileManager.default.contents(atPath: path) == Data([4]))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["out.o"], "no temporary file left")
    }

    @Test(.enabled(if: getuid() == 0, "mknod needs root: run as root to check writing through a device node"))
    func aDeviceIsWrittenThrough() throws {
        let directory = Fixtures.temporaryDirectory("atomic-device")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let node = directory + "/null"
        try #require(mknod(node, S_IFCHR | 0o666, Self.device(1, 3)) == 0)
        try AtomicFile.write(Array(repeating: 7, count: 100_000), to: node)
        #expect(Self.fileType(node) == S_IFCHR)
        let finished = directory + "/finished"
        try AtomicFile.write([1, 2], to: finished)
        try AtomicFile.install(finished, at: node)
        #expect(Self.fileType(node) == S_IFCHR)
        #expect(!FileManager.default.fileExists(atPath: finished))
        let full = directory + "/full"
        try #require(mknod(full, S_IFCHR | 0o666, Self.device(1, 7)) == 0)
        #expect(throws: AtomicFile.Error.cannotWrite(path: full, errno: ENOSPC)) { try AtomicFile.write([1], to: full) }
        #expect(Self.fileType(full) == S_IFCHR)
    }

    @Test func installKeepsTheReplacedFilesModeAndFollowsLinks() throws {
        let directory = Fixtures.temporaryDirectory("atomic-install")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try AtomicFile.write([0], to: directory + "/target")
        chmod(directory + "/target", 0o600)
        try FileManager.default.createSymbolicLink(atPath: directory + "/link", withDestinationPath: "target")
        try AtomicFile.write([9, 9], to: directory + "/partial")
        try AtomicFile.install(directory + "/partial", at: directory + "/link")
        #expect(Self.fileType(directory + "/link") == S_IFLNK)
        #expect(FileManager.default.contents(atPath: directory + "/target") == Data([9, 9]))
        var status = stat()
        stat(directory + "/target", &status)
        #expect(status.st_mode & 0o777 == 0o600)
    }

    @Test func errorsNameThePathAndTheReason() throws {
        let directory = Fixtures.temporaryDirectory("atomic-errors")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let error = AtomicFile.Error.cannotWrite(path: "/x/out.ll", errno: EACCES)
        #expect(error.description.hasPrefix("cannot write /x/out.ll: permission denied"))
        #expect(error.exitCode == 73)
        #expect(throws: AtomicFile.Error.cannotWrite(path: directory, errno: EISDIR)) {
            try AtomicFile.write([1], to: directory)
        }
        try FileManager.default.createSymbolicLink(atPath: directory + "/loop", withDestinationPath: "loop")
        #expect(throws: AtomicFile.Error.cannotWrite(path: directory + "/loop", errno: ELOOP)) {
            try AtomicFile.write([1], to: directory + "/loop")
        }
    }
}
