/// A case number (案号): `（YEAR）COURT TYPE SEQ号`, e.g. `（2026）沪0105执1234号`.
public struct CaseNumber: Hashable, ValidatedString, Sendable, CustomStringConvertible {
    public let year: Int
    public let court: CourtCode
    public let type: CaseType
    public let sequence: Int

    public init(year: Int, court: CourtCode, type: CaseType, sequence: Int) {
        self.year = year
        self.court = court
        self.type = type
        self.sequence = sequence
    }

    /// Parses a case number; ASCII parentheses are accepted and normalised to full-width.
    public init(parsing raw: String, field: String = "case_number") throws(EnforcementError) {
        let text = raw.trimmingWhitespace.replacingASCIIParentheses
        let rule = "a case number looks like （2026）沪0105执1234号"
        guard text.hasPrefix("（"), text.hasSuffix("号"), let close = text.firstIndex(of: "）") else {
            throw .invalid(field, "\(rule), got '\(raw)'")
        }
        let yearText = text[text.index(after: text.startIndex)..<close]
        guard yearText.count == 4, let year = Int(yearText), (1990...2999).contains(year) else {
            throw .invalid(field, "\(rule): the year must be 4 digits, got '\(raw)'")
        }
        let body = text[text.index(after: close)..<text.index(before: text.endIndex)]
        guard let typeStart = body.firstIndex(of: "执") else {
            throw .invalid(field, "\(rule): no enforcement type (执, 执恢, 执保, 执异, 执复, 执监, 执协), got '\(raw)'")
        }
        let court = try CourtCode(String(body[..<typeStart]), field: field)
        let rest = body[typeStart...]
        let digitsStart = rest.firstIndex(where: { $0.isASCII && $0.isNumber }) ?? rest.endIndex
        guard let type = CaseType(rawValue: String(rest[..<digitsStart])) else {
            throw .invalid(field, "\(rule): unknown enforcement type '\(rest[..<digitsStart])'")
        }
        let seqText = rest[digitsStart...]
        guard !seqText.isEmpty, seqText.count <= 9, seqText.first != "0", seqText.allSatisfy({ $0.isASCII && $0.isNumber }),
            let sequence = Int(seqText)
        else {
            throw .invalid(field, "\(rule): the sequence must be a number from 1, got '\(raw)'")
        }
        self.init(year: year, court: court, type: type, sequence: sequence)
    }

    public var description: String { "（\(year)）\(court)\(type.rawValue)\(sequence)号" }

    public init(validating text: String) throws(EnforcementError) { try self.init(parsing: text) }

    public var stringValue: String { description }
}

extension String {
    var replacingASCIIParentheses: String {
        String(map { $0 == "(" ? "（" : $0 == ")" ? "）" : $0 })
    }
}
