import DropInPlanning
import Foundation
import Toolchain

extension DropInCompiler {
    /// A program compiled and linked in one command (`passlab cc -Oz a.c
    /// b.c -o prog`): each source is compiled on its own into a temporary
    /// directory, tuned as its `-c` compile would be (or compiled by clang-19
    /// as asked, recorded as a fallback), then the command links those objects
    /// in the sources' places, as clang's driver does with its own temporary
    /// objects; the program is measured against the same link of clang-19's
    /// objects. Several sources with -c (`passlab cc -Oz -c a.c b.c`) are
    /// compiled the same way, each to the object clang would write, with no
    /// link. Whatever goes wrong before the link (a source that does not
    /// compile, no temporary directory) runs the command as asked, so the
    /// build sees clang-19's own diagnostics and exit status.
    func build(_ invocation: CompilerInvocation, _ build: OneStepBuild, started: Date) -> Int32 {
        guard settings.problems.isEmpty else {
            log.write(
                "\(build.output ?? "objects"): built by \(invocation.compiler) as asked: "
                    + DropInError.badSettings(settings.problems).description)
            return passthrough(invocation)
        }
        let scratch: String
        do {
            scratch = try ScratchDirectory.create(purpose: "cc-build")
        } catch {
            log.write(
                "\(build.output ?? "objects"): built by \(invocation.compiler) as asked: no temporary directory: \(error)"
            )
            return passthrough(invocation)
        }
        defer { ScratchDirectory.remove(scratch) }
        fallBackOnCrash(
            invocation, started: started,
            what:
                "building \(build.output ?? build.sources.map(\.path).joined(separator: " ")); \(invocation.compiler) built it instead"
        )
        let directory = invocation.workingDirectory
        let stems = build.sources.map { ($0.path as NSString).lastPathComponent as NSString }.map {
            $0.deletingPathExtension
        }
        var objects: [String] = []
        for (number, source) in build.sources.enumerated() {
            let stem = stems[number]
            // With -c, each object where clang puts it; else in the scratch directory.
            let object =
                build.output == nil
                ? CompilePlanner.defaultObject(for: source.path) : "\(scratch)/\(number)-\(stem).o"
            let compile = CompilerInvocation(
                compiler: invocation.compiler, arguments: build.compileArguments(source: number, object: object),
                compilerIsClang19: invocation.compilerIsClang19, workingDirectory: directory)
            // A program's object is named as a member of it, as `ar` names
            // archive members (by the source's path when two share a stem).
            let member = stems.filter { $0 == stem }.count > 1 ? source.path : "\(stem).o"
            let recorded =
                build.output.map { "\(absolute($0, in: directory))(\(member))" } ?? absolute(object, in: directory)
            let compileStarted = Date()
            var reason: String
            switch CompilePlanner.plan(compile, optimizeForSize: settings.optimizeForSize) {
            case .tune(let plan):
                do {
                    try tune(plan, directory: directory, started: compileStarted, recordedOutput: recorded)
                    objects.append(object)
                    continue
                } catch {
                    reason = error.description
                }
            case .declined(let declined): reason = declined.reason
            case .passthrough(let why): reason = why
            case .build: reason = "a compile planned as a build"
            }
            guard
                compileAsAsked(
                    compile, object: object, recordedOutput: recorded, source: source.path, level: build.level,
                    reason: reason,
                    started: compileStarted)
            else {
                return runAsAsked(invocation).map(AttachedProcess.exitStatus) ?? 127
            }
            objects.append(object)
        }
        guard build.output != nil else { return 0 }
        let link = CompilerInvocation(
            compiler: invocation.compiler, arguments: build.linkArguments(objects: objects),
            compilerIsClang19: invocation.compilerIsClang19, workingDirectory: directory)
        guard let step = CompilePlanner.link(link) else {
            return runAsAsked(invocation).map(AttachedProcess.exitStatus) ?? 127
        }
        return self.link(link, step: step, started: started)
    }

    /// One source of a one-step build compiled by clang-19 as the build's
    /// flags ask, its warnings printed and the fallback recorded; false when
    /// it fails (its errors are not printed: the whole command then runs as
    /// asked and prints clang's own).
    private func compileAsAsked(
        _ compile: CompilerInvocation, object: String, recordedOutput: String, source: String, level: SizeLevel,
        reason: String, started: Date
    ) -> Bool {
        log.write("fallback to \(compile.compiler) for \(recordedOutput) (\(source)): \(reason)")
        guard
            let result = try? ProcessRunner.run(
                ProcessRequest(compile.compiler, compile.arguments, timeout: 24 * 3600)),
            result.termination.succeeded, !result.timedOut
        else {
            return false
        }
        if !result.standardError.isEmpty { FileHandle.standardError.write(Data(result.standardError)) }
        recordFallback(
            directory: compile.workingDirectory, output: recordedOutput, object: object, source: source, level: level,
            reason: reason, started: started)
        return true
    }
}
