public import EnforcementCore
public import Foundation
import SwiftProtobuf

/// Conversions between the `enforcement.v1` messages and the domain; the only place that knows both.
extension Enforcement_V1_Case {
    public init(_ summary: CaseSummary) {
        self.init()
        caseNumber = summary.number.description
        courtCode = summary.court.value
        caseType = .init(summary.number.type)
        titleKind = .init(summary.titleKind)
        titleDocument = summary.titleDocument
        applicants = summary.applicants.map(Enforcement_V1_Party.init)
        debtors = summary.debtors.map(Enforcement_V1_Party.init)
        amountSoughtFen = summary.amountSought.fen
        handlingJudge = summary.handlingJudge ?? ""
        status = .init(summary.status)
        filedOn = summary.filedOn.description
        dueOn = summary.dueOn?.description ?? ""
        suspendedDays = Int32(clamping: summary.suspendedDays)
        extensionMonths = Int32(clamping: summary.extensionMonths)
        overdue = summary.overdue
        closingMode = summary.closingMode.map(Enforcement_V1_ClosingMode.init) ?? .unspecified
        closedOn = summary.closedOn?.description ?? ""
        resumedFrom = summary.resumedFrom?.description ?? ""
        enforcementFeeFen = summary.enforcementFee.fen
        filedAt = Google_Protobuf_Timestamp(date: summary.filedAt)
        if let asked = summary.extensionRequest {
            extensionRequestedMonths = Int32(clamping: asked.months)
            extensionRequestedBy = asked.requestedBy
            extensionReason = asked.reason
        }
        causeTags = summary.causeTags ?? []
    }
}

extension CaseSummary {
    /// Reads a case answered by the server; a malformed answer is an error, never a guess.
    public init(_ proto: Enforcement_V1_Case) throws {
        guard let titleKind = TitleKind(proto.titleKind), let status = CaseStatus(proto.status) else {
            throw EnforcementError(.internalError, "server answered a case without title kind or status")
        }
        let date = CalendarDate.answered
        guard let filedOn = try date(proto.filedOn) else { throw EnforcementError(.internalError, "server answered no filing date") }
        self.init(
            number: try CaseNumber(parsing: proto.caseNumber), titleKind: titleKind, titleDocument: proto.titleDocument,
            applicants: try proto.applicants.enumerated().map { try Party($1, field: "applicants[\($0)]") },
            debtors: try proto.debtors.enumerated().map { try Party($1, field: "debtors[\($0)]") },
            amountSought: Money(fen: proto.amountSoughtFen), handlingJudge: proto.handlingJudge.isEmpty ? nil : proto.handlingJudge,
            status: status, filedOn: filedOn, filedAt: proto.filedAt.date, dueOn: try date(proto.dueOn),
            suspendedDays: Int(proto.suspendedDays), extensionMonths: Int(proto.extensionMonths), overdue: proto.overdue,
            closingMode: ClosingMode(proto.closingMode), closedOn: try date(proto.closedOn),
            resumedFrom: proto.resumedFrom.isEmpty ? nil : try CaseNumber(parsing: proto.resumedFrom),
            enforcementFee: Money(fen: proto.enforcementFeeFen))
        if proto.extensionRequestedMonths > 0 {
            extensionRequest = ExtensionRequest(
                months: Int(proto.extensionRequestedMonths), reason: proto.extensionReason, requestedBy: proto.extensionRequestedBy,
                requestedByName: proto.extensionRequestedBy, at: proto.filedAt.date)
        }
        causeTags = proto.causeTags.isEmpty ? nil : proto.causeTags
    }
}

extension Enforcement_V1_Party {
    public init(_ party: Party) {
        self.init()
        kind = party.isPerson ? .person : .organisation
        name = party.name
        idNumber = party.idNumber
        phone = party.phone ?? ""
    }

    public init(_ input: PartyInput) {
        self.init()
        kind = input.isPerson.map { $0 ? .person : .organisation } ?? .unspecified
        name = input.name
        idNumber = input.idNumber
        phone = input.phone
    }

    /// The party as a request input, validated later by the workflow.
    public var input: PartyInput {
        PartyInput(isPerson: kind == .person ? true : kind == .organisation ? false : nil, name: name, idNumber: idNumber, phone: phone)
    }
}

extension Party {
    public init(_ proto: Enforcement_V1_Party, field: String) throws {
        let input = proto.input
        self = try Party.validated(isPerson: input.isPerson, name: input.name, idNumber: input.idNumber, phone: input.phone, field: field)
    }
}

extension Enforcement_V1_NodeEvent {
    public init(_ event: NodeEvent, catalogue: ProcessNodeCatalogue) {
        self.init()
        sequence = event.sequence
        caseNumber = event.caseNumber.description
        nodeCode = event.nodeCode
        nodeName = catalogue.node(event.nodeCode)?.nameZh ?? event.nodeCode
        occurredAt = Google_Protobuf_Timestamp(date: event.occurredAt)
        occurredOn = event.occurredOn.description
        recordedBy = event.recordedBy
        documentNumber = event.documentNumber ?? ""
        note = event.note ?? ""
        dueOn = event.dueOn?.description ?? ""
        late = event.late
        pushedToParties = catalogue.node(event.nodeCode)?.pushedToParties ?? false
    }
}

extension NodeEvent {
    public init(_ proto: Enforcement_V1_NodeEvent) throws {
        guard let occurredOn = CalendarDate(stored: proto.occurredOn) else {
            throw EnforcementError(.internalError, "server answered a bad node date '\(proto.occurredOn)'")
        }
        self.init(
            sequence: proto.sequence, caseNumber: try CaseNumber(parsing: proto.caseNumber), nodeCode: proto.nodeCode,
            occurredAt: proto.occurredAt.date, occurredOn: occurredOn, recordedBy: proto.recordedBy,
            documentNumber: proto.documentNumber.isEmpty ? nil : proto.documentNumber,
            note: proto.note.isEmpty ? nil : proto.note, dueOn: CalendarDate(stored: proto.dueOn))
    }
}

extension Enforcement_V1_ProcessNode {
    public init(_ node: ProcessNode) {
        self.init()
        code = node.code
        nameZh = node.nameZh
        nameEn = node.nameEn
        pushedToParties = node.pushedToParties
        deadlineRule = node.deadline?.description ?? ""
        deadlineApplies = node.deadline != nil
        deadlineMonths = Int32(clamping: node.deadline?.months ?? 0)
        deadlineDays = Int32(clamping: node.deadline?.days ?? 0)
        recordedByOwnCall = node.viaOwnCall == true
    }
}

extension ProcessNode {
    public init(_ proto: Enforcement_V1_ProcessNode) {
        self.init(
            code: proto.code, nameZh: proto.nameZh, nameEn: proto.nameEn, pushedToParties: proto.pushedToParties,
            deadline: proto.deadlineApplies ? Self.deadline(months: Int(proto.deadlineMonths), days: Int(proto.deadlineDays)) : nil,
            viaOwnCall: proto.recordedByOwnCall ? true : nil)
    }

    /// The catalogue's form of a rule: a month rule has no day part, a day rule (even "0 days") no month part.
    static func deadline(months: Int, days: Int) -> Deadline {
        Deadline(days: months == 0 || days != 0 ? days : nil, months: months == 0 ? nil : months)
    }
}

extension CalendarDate {
    /// A date in a server's answer: empty is nil, anything else must be `YYYY-MM-DD`.
    static func answered(_ text: String) throws -> CalendarDate? {
        if text.isEmpty { return nil }
        guard let date = CalendarDate(stored: text) else { throw EnforcementError(.internalError, "server answered a bad date '\(text)'") }
        return date
    }
}
