/// A unified social credit code (统一社会信用代码), 18 characters with a GB 32100 check character.
public struct CreditCode: Hashable, Codable, Sendable, CustomStringConvertible {
    public let value: String

    /// The 31 characters of the code (no I, O, Z, S, V).
    static let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    public init(_ raw: String, field: String = "id_number") throws(EnforcementError) {
        let chars = Array(raw.uppercased())
        guard chars.count == 18 else {
            throw .invalid(field, "a unified social credit code has 18 characters (GB 32100), got \(chars.count)", reason: "INVALID_CREDIT_CODE")
        }
        var values: [Int] = []
        for char in chars {
            guard let index = Self.alphabet.firstIndex(of: char) else {
                throw .invalid(field, "'\(char)' is not allowed in a unified social credit code (GB 32100)", reason: "INVALID_CREDIT_CODE")
            }
            values.append(index)
        }
        let sum = zip(values.prefix(17), Self.weights).reduce(0) { $0 + $1.0 * $1.1 }
        let check = (31 - sum % 31) % 31
        guard values[17] == check else {
            throw .invalid(field, "check character of the unified social credit code is wrong (GB 32100): expected \(Self.alphabet[check])", reason: "INVALID_CREDIT_CODE")
        }
        value = String(chars)
    }

    public var description: String { value }
}
