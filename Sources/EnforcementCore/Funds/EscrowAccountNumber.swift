/// The number of a case's escrow sub-account (一案一人一账号): what a payer writes on a bank
/// transfer so that the money lands in exactly that case.
///
/// Sixteen digits: the region prefix `31`, a 13-digit sequence, and a Damm check digit. The Damm
/// check catches every single wrong digit and every swap of two neighbouring digits, so such a
/// typo never names another case's account: the receipt goes to suspense instead.
public struct EscrowAccountNumber: Hashable, Codable, Sendable, CustomStringConvertible, Comparable {
    public let digits: String

    static let prefix = "31"
    static let sequenceDigits = 13

    /// The quasigroup of order 10 of Damm's algorithm (totally anti-symmetric, zero diagonal).
    static let table: [[Int]] = [
        [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
        [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
        [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
        [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
        [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
        [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
        [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
        [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
        [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
        [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
    ]

    /// The Damm check digit of a string of decimal digits.
    static func checkDigit(_ body: some Sequence<Character>) -> Int {
        body.reduce(0) { interim, digit in table[interim][digit.wholeNumberValue ?? 0] }
    }

    /// The number allocated for a sequence value (1, 2, …).
    public init(sequence: Int64) {
        precondition(sequence > 0 && sequence < 10_000_000_000_000, "escrow sequence out of range")
        let padded = String(sequence)
        let body = Self.prefix + String(repeating: "0", count: Self.sequenceDigits - padded.count) + padded
        digits = body + String(Self.checkDigit(body))
    }

    /// Reads a number as written by a payer (spaces and hyphens ignored); nil when it is not a
    /// well-formed number with a correct check digit.
    public init?(written: String) {
        let compact = written.filter { $0 != " " && $0 != "-" }
        guard compact.count == 16, compact.hasPrefix(Self.prefix), compact.allSatisfy({ $0.isASCII && $0.isNumber }),
              Self.checkDigit(compact) == 0
        else { return nil }
        digits = compact
    }

    /// Parses a number given in a request; a bad number is an invalid argument.
    public init(parsing text: String, field: String) throws(EnforcementError) {
        guard let number = EscrowAccountNumber(written: text) else {
            throw .invalid(field, "'\(text)' is not an escrow account number (16 digits starting 31, with a valid check digit)", reason: "INVALID_ESCROW_ACCOUNT")
        }
        self = number
    }

    public var description: String { digits }

    public static func < (lhs: EscrowAccountNumber, rhs: EscrowAccountNumber) -> Bool { lhs.digits < rhs.digits }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let number = EscrowAccountNumber(written: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad escrow account number \(text)"))
        }
        self = number
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(digits)
    }
}
