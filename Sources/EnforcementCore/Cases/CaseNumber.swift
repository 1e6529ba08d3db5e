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
    public init(parsing input: String, field: String = "case_number") throws(EnforcementError) {
        // A case number is short; an error repeats at most 40 characters of what was given.
        // (At most 40 bytes are at most 40 characters: the characters are counted only past that.)
        let long = input.utf8.count > 40 && input.count > 40
        let raw = long ? String(input.prefix(40)) + "…" : input
        guard !long else { throw .invalid(field, "a case number looks like （2026）沪0105执1234号, got '\(raw)' (\(input.count) characters)") }
        let text = input.trimmingWhitespace.replacingASCIIParentheses
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

    /// The first case number written inside a free text (a payment reference such as
    /// `（2026）沪0105执7号案款`), if any. Reads at most the first 200 characters.
    public static func first(in text: String) -> CaseNumber? {
        let characters = Array(String(text.prefix(200)).replacingASCIIParentheses)
        for (start, character) in characters.enumerated() where character == "（" {
            guard let end = characters[start...].firstIndex(of: "号"), end - start <= 40 else { continue }
            if let number = try? CaseNumber(parsing: String(characters[start...end])) { return number }
        }
        return nil
    }

    public init(validating text: String) throws(EnforcementError) { try self.init(parsing: text) }

    public var stringValue: String { description }
}

extension String {
    var replacingASCIIParentheses: String {
        guard utf8.contains(where: { $0 == UInt8(ascii: "(") || $0 == UInt8(ascii: ")") }) else { return self }
        return String(map { $0 == "(" ? "（" : $0 == ")" ? "）" : $0 })
    }
}
