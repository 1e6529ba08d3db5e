public import ArgumentParser
public import EnforcementCore

extension PartyInput: ArgumentParser.ExpressibleByArgument {
    /// `person:NAME:ID[:PHONE]` or `org:NAME:CREDIT_CODE[:PHONE]`.
    public init?(argument: String) {
        let parts = argument.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard (3...4).contains(parts.count), ["person", "org"].contains(parts[0]) else { return nil }
        self.init(isPerson: parts[0] == "person", name: parts[1], idNumber: parts[2], phone: parts.count == 4 ? parts[3] : "")
    }
}

/// An amount in yuan such as `12345.67`, read exactly into fen (no floating point).
struct Yuan: ExpressibleByArgument {
    var fen: Int64

    init?(argument: String) {
        guard let money = Money(yuan: argument) else { return nil }
        fen = money.fen
    }
}

extension CaseType: ExpressibleByArgument {}
extension ClosingMode: ExpressibleByArgument {}
extension CaseStatus: ExpressibleByArgument {}
extension TitleKind: ExpressibleByArgument {}
extension AssetKind: ExpressibleByArgument {}
extension PayoutPurpose: ExpressibleByArgument {}
extension ApprovalStage: ExpressibleByArgument {}
extension PayoutHoldReason: ExpressibleByArgument {}
extension Payout.Status: ExpressibleByArgument {}
extension Receipt.Status: ExpressibleByArgument {}
extension DelegationKind: ExpressibleByArgument {}
extension DelegationStatus: ExpressibleByArgument {}
extension MeasureKind: ExpressibleByArgument {}
extension MeasureStatus: ExpressibleByArgument {}
extension RemovalEvent: ExpressibleByArgument {}
extension Delivery.Status: ExpressibleByArgument {}
extension RecordMeasureStep.Step: ExpressibleByArgument {}
