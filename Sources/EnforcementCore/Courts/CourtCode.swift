/// A court's code as used in case numbers: the province abbreviation (high court), plus 2 digits
/// (intermediate court) or 4 digits (basic court: last four digits of the county-level division code).
public struct CourtCode: Hashable, Comparable, ValidatedString, Sendable, CustomStringConvertible {
    public let value: String

    /// The abbreviations of China's provincial-level divisions.
    public static let provinceAbbreviations: Set<Character> = Set("京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川贵云藏陕甘青宁新兵")

    public init(_ raw: String, field: String = "court_code") throws(EnforcementError) {
        guard let first = raw.first, Self.provinceAbbreviations.contains(first) else {
            throw .invalid(field, "a court code starts with a province abbreviation such as 沪, got '\(raw)'")
        }
        let digits = raw.dropFirst()
        guard [0, 2, 4].contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw .invalid(field, "a court code is a province abbreviation plus 0, 2 or 4 digits, got '\(raw)'")
        }
        value = raw
    }

    /// The province abbreviation, e.g. `沪`.
    public var province: Character {
        // Validated non-empty in init.
        value.first!
    }

    public static func < (lhs: CourtCode, rhs: CourtCode) -> Bool { lhs.value < rhs.value }

    public var description: String { value }

    public init(validating text: String) throws(EnforcementError) { try self.init(text) }

    public var stringValue: String { value }
}
