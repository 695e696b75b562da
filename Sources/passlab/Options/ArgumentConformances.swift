import ArgumentParser
import Cluster
import CodeSize
import Engine
import Foundation
import Models
import Pipelines
import Predictor
import Service
import Store
import Support
import Toolchain
import Validation

extension ProtocolName: ExpressibleByArgument {}

extension CodeGenLevel: ExpressibleByArgument {}

extension RelocationModel: ExpressibleByArgument {}

extension PromptFormat.Task: ExpressibleByArgument {}
