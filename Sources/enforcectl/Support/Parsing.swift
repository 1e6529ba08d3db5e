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
        let parts = argument.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = Int64(parts[0]) else { return nil }
        var cents: Int64 = 0
        if parts.count == 2 {
            guard (1...2).contains(parts[1].count), parts[1].allSatisfy(\.isNumber), let value = Int64(parts[1]) else { return nil }
            cents = parts[1].count == 1 ? value * 10 : value
        }
        let (scaled, overflow) = whole.multipliedReportingOverflow(by: 100)
        guard !overflow else { return nil }
        fen = whole < 0 ? scaled - cents : scaled + cents
    }
}

extension CaseType: ExpressibleByArgument {}
extension ClosingMode: ExpressibleByArgument {}
extension CaseStatus: ExpressibleByArgument {}
extension TitleKind: ExpressibleByArgument {}
extension AssetKind: ExpressibleByArgument {}
