import EnforcementCore
import Foundation

/// Tables for people, JSON for scripts.
enum Output {
    static func json(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    static func error(_ error: EnforcementError) {
        let text = "error (\(error.code)): \(error.description)\n"
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Prints rows under a header, columns padded to their widest cell (CJK characters count double).
    static func table(_ header: [String], _ rows: [[String]]) {
        func width(_ text: String) -> Int { text.unicodeScalars.reduce(0) { $0 + ($1.value > 0x2E80 ? 2 : 1) } }
        let widths = header.indices.map { column in ([header] + rows).map { width($0[column]) }.max() ?? 0 }
        for row in [header] + rows {
            let cells = row.enumerated().map { index, cell in cell + String(repeating: " ", count: widths[index] - width(cell)) }
            print(cells.joined(separator: "  ").trimmingCharacters(in: .whitespaces))
        }
    }

    static func summary(_ summary: CaseSummary) {
        let lines: [(String, String)] = [
            ("案号 case number", summary.number.description),
            ("status", summary.status.rawValue + (summary.closingMode.map { " (\($0.rawValue))" } ?? "")),
            ("handling judge", summary.handlingJudge ?? "-"),
            ("title", "\(summary.titleDocument) (\(summary.titleKind.rawValue))"),
            ("applicants", summary.applicants.map { "\($0.name) \($0.idNumber)" }.joined(separator: "; ")),
            ("debtors", summary.debtors.map { "\($0.name) \($0.idNumber)" }.joined(separator: "; ")),
            ("amount sought", "¥\(summary.amountSought)"),
            ("enforcement fee", "¥\(summary.enforcementFee)"),
            ("filed on", summary.filedOn.description),
            ("due on", summary.dueOn?.description ?? "-" ) ,
            ("suspended days", String(summary.suspendedDays)),
            ("extension", summary.extensionMonths == 0 ? "-" : "\(summary.extensionMonths) months"),
            ("overdue", summary.overdue ? "YES" : "no"),
        ] + (summary.resumedFrom.map { [("resumes", $0.description)] } ?? [])
            + (summary.closedOn.map { [("closed on", $0.description)] } ?? [])
        table(["field", "value"], lines.map { [$0.0, $0.1] })
    }

    static func caseOrJSON(_ summary: CaseSummary, json: Bool) throws {
        if json { try Output.json(summary) } else { Output.summary(summary) }
    }
}
