/// A pass list: indices into a catalog of `Objective.passCount` passes.
///
/// The module knows nothing of LLVM: a pass is only a number, and the caller
/// maps numbers to pass names. Every index must lie in `0..<passCount`; the
/// empty list (no optimisation) is a valid list.
public typealias PassList = [Int]
