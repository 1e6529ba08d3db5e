public import EnforcementCore
public import Foundation
public import SwiftProtobuf

// Delegated enforcement: tasks, requests and the report, both directions.


extension Enforcement_V1_Document {
    public init(_ document: DocumentRef) {
        self.init()
        name = document.name
        sha256 = document.sha256
    }
}

extension DocumentRef {
    public init(_ proto: Enforcement_V1_Document) { self.init(name: proto.name, sha256: proto.sha256) }
}

extension Enforcement_V1_DelegatedTask {
    public init(_ task: DelegationTask) {
        self.init()
        id = task.id
        caseNumber = task.caseNumber
        sender = task.sender.value
        receiver = task.receiver.value
        kind = task.kind.proto()
        debtorName = task.debtorName
        debtorID = task.debtorID ?? ""
        asset = task.asset ?? ""
        location = task.location
        documents = task.documents.map(Enforcement_V1_Document.init)
        legalBasis = task.legalBasis
        status = task.status.proto()
        if let routing = task.routing {
            var proto = Enforcement_V1_TaskRouting()
            proto.automatic = routing.automatic
            proto.district = routing.district ?? ""
            proto.court = routing.court.value
            proto.by = routing.by
            proto.at = Google_Protobuf_Timestamp(date: routing.at)
            proto.reason = routing.reason ?? ""
            self.routing = proto
        }
        sentAt = Google_Protobuf_Timestamp(date: task.sentAt)
        dueOn = task.dueOn.description
        lastProgressOn = task.lastProgressOn?.description ?? ""
        resultSummary = task.result?.summary ?? ""
        resultAssets = task.result?.assets ?? []
        resultAttachments = (task.result?.attachments ?? []).map(Enforcement_V1_Document.init)
        rejectionReason = task.rejectionReason ?? ""
        papersLate = task.papersLate
        steps = task.steps.map { step in
            var proto = Enforcement_V1_TaskStep()
            proto.kind = step.kind.rawValue
            proto.at = Google_Protobuf_Timestamp(date: step.at)
            proto.by = step.by
            proto.note = step.note ?? ""
            return proto
        }
    }
}

extension DelegationTask {
    public init(_ proto: Enforcement_V1_DelegatedTask) throws {
        guard let kind = DelegationKind(proto: proto.kind), let status = DelegationStatus(proto: proto.status),
              let dueOn = CalendarDate(stored: proto.dueOn)
        else { throw EnforcementError(.internalError, "the server sent a task without kind, status or due date") }
        let routing: Routing? = proto.hasRouting
            ? Routing(automatic: proto.routing.automatic, district: proto.routing.district.isEmpty ? nil : proto.routing.district,
                      court: try CourtCode(proto.routing.court), by: proto.routing.by, at: proto.routing.at.date,
                      reason: proto.routing.reason.isEmpty ? nil : proto.routing.reason)
            : nil
        self.init(
            caseNumber: proto.caseNumber, sender: try CourtCode(proto.sender), receiver: try CourtCode(proto.receiver), kind: kind,
            debtorName: proto.debtorName, debtorID: proto.debtorID.isEmpty ? nil : proto.debtorID, asset: proto.asset.isEmpty ? nil : proto.asset,
            location: proto.location, documents: proto.documents.map(DocumentRef.init), legalBasis: proto.legalBasis, status: status,
            routing: routing, sentAt: proto.sentAt.date, dueOn: dueOn, papersLate: proto.papersLate,
            steps: try proto.steps.map { step in
                guard let kind = DelegationStep.Kind(rawValue: step.kind) else {
                    throw EnforcementError(.internalError, "the server sent a step of unknown kind '\(step.kind)'")
                }
                return DelegationStep(kind: kind, at: step.at.date, by: step.by, note: step.note.isEmpty ? nil : step.note)
            })
        id = proto.id
        lastProgressOn = CalendarDate(stored: proto.lastProgressOn)
        rejectionReason = proto.rejectionReason.isEmpty ? nil : proto.rejectionReason
        if status == .completed {
            result = DelegationResult(summary: proto.resultSummary, assets: proto.resultAssets, attachments: proto.resultAttachments.map(DocumentRef.init))
        }
    }
}

extension Enforcement_V1_DelegationReport {
    public init(_ report: DelegationReport) {
        self.init()
        from = report.from.description
        to = report.to.description
        counts = report.counts.map { count in
            var proto = Enforcement_V1_DelegationCount()
            proto.court = count.court.value
            proto.sent = Int32(clamping: count.sent)
            proto.received = Int32(clamping: count.received)
            return proto
        }
        inbound = Int32(clamping: report.inbound)
        outbound = Int32(clamping: report.outbound)
        overdue = report.overdue.map(Enforcement_V1_DelegatedTask.init)
        routed = report.routed.map(Enforcement_V1_DelegatedTask.init)
    }
}

extension DelegationReport {
    public init(_ proto: Enforcement_V1_DelegationReport) throws {
        guard let from = CalendarDate(stored: proto.from), let to = CalendarDate(stored: proto.to) else {
            throw EnforcementError(.internalError, "the server sent a report without its period")
        }
        self.init(from: from, to: to,
                  counts: try proto.counts.map { DelegationCount(court: try CourtCode($0.court), sent: Int($0.sent), received: Int($0.received)) },
                  inbound: Int(proto.inbound), outbound: Int(proto.outbound),
                  overdue: try proto.overdue.map(DelegationTask.init), routed: try proto.routed.map(DelegationTask.init))
    }
}

// MARK: Requests

extension SendDelegation {
    public init(_ request: Enforcement_V1_SendTaskRequest) {
        self.init(caseNumber: request.caseNumber, receiver: request.receiver, kind: DelegationKind(proto: request.kind),
                  debtorName: request.debtorName, debtorID: request.debtorID, asset: request.asset, location: request.location,
                  documents: request.documents.map(DocumentRef.init), legalBasis: request.legalBasis)
    }
}

extension Enforcement_V1_SendTaskRequest {
    public init(_ command: SendDelegation, requestID: String) {
        self.init()
        self.requestID = requestID
        caseNumber = command.caseNumber
        receiver = command.receiver
        kind = command.kind.map { $0.proto() } ?? .unspecified
        debtorName = command.debtorName
        debtorID = command.debtorID
        asset = command.asset
        location = command.location
        documents = command.documents.map(Enforcement_V1_Document.init)
        legalBasis = command.legalBasis
    }
}

extension RouteDelegation {
    public init(_ request: Enforcement_V1_RouteTaskRequest) {
        self.init(taskID: request.taskID, court: request.court, reason: request.reason)
    }
}

extension Enforcement_V1_RouteTaskRequest {
    public init(_ command: RouteDelegation, requestID: String) {
        self.init()
        self.requestID = requestID
        taskID = command.taskID
        court = command.court
        reason = command.reason
    }
}

extension AnswerDelegation {
    /// Nil when the step is unspecified.
    public init?(_ request: Enforcement_V1_AnswerTaskRequest) {
        guard let step = AnswerDelegation.Step(proto: request.step) else { return nil }
        self.init(taskID: request.taskID, step: step, note: request.note, assets: request.assets,
                  attachments: request.attachments.map(DocumentRef.init))
    }
}

extension Enforcement_V1_AnswerTaskRequest {
    public init(_ command: AnswerDelegation, requestID: String) {
        self.init()
        self.requestID = requestID
        taskID = command.taskID
        step = command.step.proto()
        note = command.note
        assets = command.assets
        attachments = command.attachments.map(Enforcement_V1_Document.init)
    }
}
