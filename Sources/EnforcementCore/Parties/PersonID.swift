/// A resident identity number (居民身份证号码), 18 characters with a GB 11643 check digit.
public struct PersonID: Hashable, Codable, Sendable, CustomStringConvertible {
    public let value: String

    /// Weights of the first 17 characters under GB 11643.
    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    /// Check character for each remainder mod 11.
    static let checkTable = Array("10X98765432")

    /// Validates length, digits, birth date and check digit; a lower-case `x` is accepted and upper-cased.
    public init(_ raw: String, field: String = "id_number") throws(EnforcementError) {
        let text = raw.uppercased()
        let chars = Array(text)
        guard chars.count == 18 else {
            throw .invalid(field, "a resident ID number has 18 characters (GB 11643), got \(chars.count)", reason: "INVALID_ID_NUMBER")
        }
        var digits: [Int] = []
        for char in chars.prefix(17) {
            guard let digit = char.wholeNumberValue, char.isASCII else {
                throw .invalid(field, "the first 17 characters of a resident ID number must be digits (GB 11643)", reason: "INVALID_ID_NUMBER")
            }
            digits.append(digit)
        }
        guard CalendarDate(iso: "\(text.dropFirst(6).prefix(4))-\(text.dropFirst(10).prefix(2))-\(text.dropFirst(12).prefix(2))") != nil
        else { throw .invalid(field, "characters 7-14 of a resident ID number must be a valid birth date", reason: "INVALID_ID_NUMBER") }
        let sum = zip(digits, Self.weights).reduce(0) { $0 + $1.0 * $1.1 }
        let expected = Self.checkTable[sum % 11]
        guard chars[17] == expected else {
            throw .invalid(field, "check digit of the resident ID number is wrong (GB 11643): expected \(expected)", reason: "INVALID_ID_NUMBER")
        }
        value = text
    }

    /// The birth date encoded in characters 7-14.
    public var birthDate: CalendarDate {
        // Validated in init.
        CalendarDate(iso: "\(value.dropFirst(6).prefix(4))-\(value.dropFirst(10).prefix(2))-\(value.dropFirst(12).prefix(2))")!
    }

    /// Age in whole years on a date.
    public func age(on date: CalendarDate) -> Int {
        let birth = birthDate
        var years = date.year - birth.year
        if (date.month, date.day) < (birth.month, birth.day) { years -= 1 }
        return years
    }

    /// Public form: characters 1-10 and 15-18, birth month and day masked (`3423011964****3224`).
    public var masked: String {
        String(value.prefix(10)) + "****" + String(value.suffix(4))
    }

    public var description: String { value }
}
