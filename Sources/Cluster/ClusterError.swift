import Foundation
import Support

/// What can go wrong writing, submitting or watching a Slurm campaign.
public enum ClusterError: UserFacingError, CustomStringConvertible, Equatable {
    /// A bad option value (names the option, the value and the fix).
    case usage(String)
    /// A Slurm command is not on PATH.
    case toolMissing(tool: String, hint: String)
    /// A Slurm command ran and failed (the scheduler refused or is down).
    case schedulerFailed(command: String, message: String)
    /// A job script could not be written.
    case cannotWrite(path: String, reason: String)

    /// 64 usage, 69 the scheduler is unavailable, 74 I/O.
    public var exitCode: Int32 {
        switch self {
        case .usage: 64
        case .toolMissing, .schedulerFailed: 69
        case .cannotWrite: 74
        }
    }

    /// The message `passlab slurm` prints: what failed, with the option, value or Slurm check that fixes it.
    public var description: String {
        switch self {
        case .usage(let message):
            return message
        case .toolMissing(let tool, let hint):
            return "\(tool) not found on PATH: \(hint)"
        case .schedulerFailed(let command, let message):
            return "`\(command)` failed: \(message.trimmingCharacters(in: .whitespacesAndNewlines)); "
                + "check that the Slurm controller answers (sinfo) and that SLURM_CONF names its configuration"
        case .cannotWrite(let path, let reason):
            return "cannot write \(path): \(reason); give --out a writable directory"
        }
    }
}
