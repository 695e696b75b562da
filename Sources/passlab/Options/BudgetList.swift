import Foundation

/// `--budgets 1,10,100`: positive whole numbers separated by commas, each kept once in the order given;
/// nil when any part is not one (the command's `validate()` says so).
func budgetList(_ text: String) -> [Int]? {
    let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        .map { Int($0.trimmingCharacters(in: .whitespaces)) }
    guard !parts.isEmpty, parts.allSatisfy({ ($0 ?? 0) >= 1 }) else { return nil }
    var seen = Set<Int>()
    return parts.compactMap { $0 }.filter { seen.insert($0).inserted }
}

/// The message for a `--budgets` value `budgetList` refuses.
func badBudgets(_ text: String) -> String {
    "--budgets must be positive whole numbers separated by commas (e.g. 1,10,100), not '\(text)'"
}
