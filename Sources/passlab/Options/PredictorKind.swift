import ArgumentParser
import Autotune
import CodeSize
import Engine
import Foundation
import Models
import Pipelines
import Predictor
import Store
import Toolchain
import Validation

/// The predictor that proposes pass lists.
enum PredictorKind: String, ExpressibleByArgument, CaseIterable {
    /// The model shipped with PassLab (or `--predictor-file FILE`).
    case embedded
    /// A served LLM Compiler FTD model (`--model-url`, `--model`).
    case llm
}
