import CodeSize
import Foundation
import Pipelines

/// `--json` of a command whose output type carries no provenance: the
/// object with `provenance` added (protocol keys null when `measurementProtocol` is nil).
func printJSON<T: Encodable>(_ value: T, measuredUnder measurementProtocol: MeasurementProtocol?) throws {
    try printJSON(WithProvenance(value, provenance: Provenance(measurementProtocol, llvmVersion: PassCatalog.llvmVersion)))
}
