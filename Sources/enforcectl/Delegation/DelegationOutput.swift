import ArgumentParser
import EnforcementCore

extension Output {
    static func tasks(_ tasks: [DelegationTask]) {
        table(["id", "case", "from", "to", "kind", "status", "location", "due", "routing"], tasks.map {
            [$0.id, $0.caseNumber, $0.sender.value, $0.receiver.value, $0.kind.rawValue, $0.status.rawValue, $0.location, $0.dueOn.description,
             $0.routing.map { $0.automatic ? "auto (\($0.district ?? ""))" : "manual: \($0.reason ?? "")" } ?? "-"]
        })
    }

    static func task(_ task: DelegationTask) {
        tasks([task])
        if task.papersLate { print("papers sent more than 1 month after filing") }
        if let result = task.result {
            print("result: \(result.summary)")
            for asset in result.assets { print("  asset: \(asset)") }
            for attachment in result.attachments { print("  attachment: \(attachment.name) sha256:\(attachment.sha256)") }
        }
        if let reason = task.rejectionReason { print("rejected: \(reason)") }
        table(["step", "at", "by", "note"], task.steps.map { [$0.kind.rawValue, timestamp($0.at), $0.by, $0.note ?? ""] })
    }
}

enum Delegation {
    /// `NAME:SHA256` of a document.
    static func document(_ text: String) throws -> DocumentRef {
        guard let colon = text.lastIndex(of: ":") else { throw ValidationError("a document is NAME:SHA256, got '\(text)'") }
        return DocumentRef(name: String(text[..<colon]), sha256: String(text[text.index(after: colon)...]))
    }
}
