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

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.fen < rhs.fen }

    /// `1234.56` style, with the sign.
    public var description: String {
        let sign = fen < 0 ? "-" : ""
        let magnitude = fen.magnitude
        let cents = magnitude % 100
        return "\(sign)\(magnitude / 100).\(cents < 10 ? "0" : "")\(cents)"
    }
}
