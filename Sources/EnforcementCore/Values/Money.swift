/// An amount of money as an integer count of fen (0.01 RMB). Never a floating-point value.
public struct Money: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public var fen: Int64

    /// The largest amount the system accepts in one field: 10 trillion RMB. Keeps every
    /// computation on amounts (fees, interest, sums of a case) far from `Int64` overflow.
    public static let maximum = Money(fen: 1_000_000_000_000_000)

    public init(fen: Int64) { self.fen = fen }

    /// Validates an amount coming from a request: positive and at most ``maximum``.
    public static func positive(fen: Int64, field: String) throws(EnforcementError) -> Money {
        guard fen > 0 else { throw .invalid(field, "amount must be a positive number of fen, got \(fen)") }
        guard fen <= maximum.fen else {
            throw .invalid(field, "amount \(fen) fen exceeds the maximum of \(maximum.fen) fen")
        }
        return Money(fen: fen)
    }

    /// Reads `1234`, `1234.5` or `-1234.56` yuan exactly into fen (no floating point); nil for
    /// anything else or an overflow.
    public init?(yuan text: some StringProtocol) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts[0].allSatisfy({ $0.isASCII }), let whole = Int64(parts[0]) else { return nil }
        var cents: Int64 = 0
        if parts.count == 2 {
            guard (1...2).contains(parts[1].count), parts[1].allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int64(parts[1]) else { return nil }
            cents = parts[1].count == 1 ? value * 10 : value
        }
        let (scaled, overflow) = whole.multipliedReportingOverflow(by: 100)
        guard !overflow else { return nil }
        let negative = parts[0].hasPrefix("-")
        let (total, overflow2) = negative ? scaled.subtractingReportingOverflow(cents) : scaled.addingReportingOverflow(cents)
        guard !overflow2 else { return nil }
        self.init(fen: total)
    }

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.fen < rhs.fen }

    /// `1234.56` style, with the sign.
    public var description: String {
        let sign = fen < 0 ? "-" : ""
        let magnitude = fen.magnitude
        let cents = magnitude % 100
        return "\(sign)\(magnitude / 100).\(cents < 10 ? "0" : "")\(cents)"
    }
}
