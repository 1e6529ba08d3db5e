public import EnforcementCore
public import Foundation
public import SwiftProtobuf

// Deterrence measures, the dishonest-list feed, disclosure and notifications.


extension Enforcement_V1_BoundPerson {
    public init(_ person: BoundPerson) {
        self.init()
        role = person.role.proto()
        name = person.name
        idNumber = person.idNumber.value
    }
}

extension Enforcement_V1_Measure {
    public init(_ measure: Measure) {
        self.init()
        id = measure.id
        caseNumber = measure.caseNumber.description
        kind = measure.kind.proto()
        debtorIndex = Int32(measure.debtorIndex)
        debtorName = measure.debtorName
        debtorIDNumber = measure.debtorIDNumber
        boundPersons = measure.boundPersons.map(Enforcement_V1_BoundPerson.init)
        imposedBy = measure.imposedBy
        imposedAt = Google_Protobuf_Timestamp(date: measure.imposedAt)
        document = measure.document
        startOn = measure.startOn.description
        endOn = measure.endOn?.description ?? ""
        status = measure.status.proto()
        ground = Int32(measure.ground?.rawValue ?? 0)
        termYears = Int32(measure.termYears ?? 0)
        fineFen = measure.fine?.fen ?? 0
        detentionDays = Int32(measure.detentionDays ?? 0)
        if let due = measure.familyNoticeDueBy { familyNoticeDueBy = Google_Protobuf_Timestamp(date: due) }
        if let told = measure.familyNotifiedAt { familyNotifiedAt = Google_Protobuf_Timestamp(date: told) }
        reviewRequestBy = measure.reviewRequestBy?.description ?? ""
        reviewRequestedOn = measure.reviewRequestedOn?.description ?? ""
        reviewDecideBy = measure.reviewDecideBy?.description ?? ""
        reviewDecidedOn = measure.reviewDecidedOn?.description ?? ""
        removalEvent = measure.removal.map { $0.event.proto() } ?? .unspecified
        removalDueOn = measure.removal?.dueOn.description ?? ""
        removalOverdue = measure.removal?.overdueFlaggedOn != nil
        if let lifted = measure.liftedAt { liftedAt = Google_Protobuf_Timestamp(date: lifted) }
        liftReason = measure.liftReason ?? ""
        linkedMeasureID = measure.linkedMeasureID ?? ""
        note = measure.note ?? ""
        steps = measure.steps.map { step in
            var proto = Enforcement_V1_MeasureStep()
            proto.kind = step.kind.rawValue
            proto.at = Google_Protobuf_Timestamp(date: step.at)
            proto.by = step.by
            proto.document = step.document ?? ""
            proto.note = step.note ?? ""
            return proto
        }
    }
}

extension ImposeMeasure {
    public init(_ request: Enforcement_V1_ImposeMeasureRequest) {
        self.init(
            caseNumber: request.caseNumber, kind: MeasureKind(proto: request.kind), debtorIndex: Int(request.debtorIndex),
            document: request.document, ground: request.ground == 0 ? nil : Int(request.ground),
            termYears: request.termYears == 0 ? nil : Int(request.termYears), seizedAssetsValueFen: request.seizedAssetsValueFen,
            securityGiven: request.securityGiven, fineFen: request.fineFen == 0 ? nil : request.fineFen,
            detentionDays: request.detentionDays == 0 ? nil : Int(request.detentionDays),
            boundPersons: request.boundPersons.map { BoundPersonInput(role: BoundPerson.Role(proto: $0.role) ?? .legalRepresentative, name: $0.name, idNumber: $0.idNumber) },
            startOn: request.startOn, endOn: request.endOn, note: request.note)
    }
}

extension Enforcement_V1_DishonestRecord {
    public init(_ record: DishonestRecord) {
        self.init()
        measureID = record.measureID
        name = record.name
        idNumber = record.idNumber
        isPerson = record.isPerson
        legalRepresentative = record.legalRepresentative ?? ""
        courtCode = record.courtCode
        courtName = record.courtName
        caseNumber = record.caseNumber
        basisDocument = record.basisDocument
        obligation = record.obligation
        performance = record.performance.rawValue
        behaviour = record.behaviour
        ground = Int32(record.ground)
        decisionDocument = record.decisionDocument
        publishedOn = record.publishedOn.description
        endsOn = record.endsOn?.description ?? ""
        removedOn = record.removedOn?.description ?? ""
        removalReason = record.removalReason ?? ""
    }
}

extension Enforcement_V1_DishonestFeedEntry {
    public init(_ entry: DishonestFeedEntry) {
        self.init()
        position = entry.position
        change = entry.change.proto()
        at = Google_Protobuf_Timestamp(date: entry.at)
        record = Enforcement_V1_DishonestRecord(entry.record)
    }
}

extension Enforcement_V1_PublicCaseView {
    public init(_ view: PublicCaseView) {
        self.init()
        caseNumber = view.caseNumber
        court = view.court
        status = view.status.rawValue
        filedOn = view.filedOn.description
        dueOn = view.dueOn?.description ?? ""
        amountSoughtFen = view.amountSought.fen
        titleDocument = view.titleDocument
        handlingJudge = view.handlingJudge ?? ""
        func party(_ party: PublicParty) -> Enforcement_V1_PublicParty {
            var proto = Enforcement_V1_PublicParty()
            proto.role = party.role
            proto.name = party.name
            proto.idNumber = party.idNumber
            proto.phone = party.phone ?? ""
            proto.isCaller = party.isCaller
            return proto
        }
        applicants = view.applicants.map(party)
        debtors = view.debtors.map(party)
        nodes = view.nodes.map { node in
            var proto = Enforcement_V1_PublicNode()
            proto.code = node.code
            proto.nameZh = node.nameZh
            proto.occurredOn = node.occurredOn.description
            proto.document = node.document ?? ""
            return proto
        }
        measures = view.measures.map { measure in
            var proto = Enforcement_V1_PublicMeasure()
            proto.id = measure.id
            proto.kind = measure.kind.rawValue
            proto.nameZh = measure.nameZh
            proto.debtorName = measure.debtorName
            proto.document = measure.document
            proto.startOn = measure.startOn.description
            proto.endOn = measure.endOn?.description ?? ""
            proto.status = measure.status.rawValue
            proto.liftedOn = measure.liftedOn?.description ?? ""
            return proto
        }
        control = view.control.map { count in
            var proto = Enforcement_V1_PublicControlCount()
            proto.key = count.key
            proto.count = Int32(count.count)
            return proto
        }
        funds = view.funds.map { movement in
            var proto = Enforcement_V1_PublicMovement()
            proto.kind = movement.kind
            proto.on = movement.on.description
            proto.amountFen = movement.amount.fen
            return proto
        }
        closingMode = view.closing?.mode.rawValue ?? ""
        closedOn = view.closing?.on.description ?? ""
        closingDocument = view.closing?.documentNumber ?? ""
        controlRecords = view.controlRecords.map { record in
            var proto = Enforcement_V1_PublicControlRecord()
            proto.action = record.action.rawValue
            proto.court = record.court
            proto.handlingJudge = record.handlingJudge
            proto.servedOn = record.servedOn.description
            proto.documentNumber = record.documentNumber
            proto.institution = record.institution
            proto.status = record.status.rawValue
            proto.amountFen = record.amount?.fen ?? 0
            proto.note = record.note ?? ""
            return proto
        }
    }
}

extension Enforcement_V1_OutboxEntry {
    public init(_ item: OutboxItem) {
        self.init()
        let message = item.message
        sequence = message.sequence
        caseNumber = message.caseNumber.description
        recipient = message.recipient.rawValue
        name = message.name
        template = message.template
        text = message.text
        reference = message.reference
        createdAt = Google_Protobuf_Timestamp(date: message.createdAt)
        status = item.status.proto()
        if let delivery = item.delivery {
            channel = delivery.channel?.rawValue ?? ""
            address = delivery.address.map { delivery.channel == .webhook || delivery.channel == .email ? $0 : Party.maskPhone($0) } ?? ""
            attempts = Int32(delivery.attempts)
            nextAttemptAt = Google_Protobuf_Timestamp(date: delivery.nextAttemptAt)
            lastError = delivery.lastError ?? ""
            if let at = delivery.deliveredAt { deliveredAt = Google_Protobuf_Timestamp(date: at) }
        }
    }
}

extension Enforcement_V1_DeliveryLogEntry {
    public init(_ attempt: DeliveryAttempt) {
        self.init()
        sequence = attempt.sequence
        messageSequence = attempt.outboxSequence
        self.attempt = Int32(attempt.attempt)
        at = Google_Protobuf_Timestamp(date: attempt.at)
        channel = attempt.channel?.rawValue ?? ""
        address = attempt.address ?? ""
        outcome = attempt.outcome.rawValue
        detail = attempt.detail ?? ""
    }
}

// MARK: Back to the domain (the client library)

struct MalformedAnswer: Error, CustomStringConvertible {
    var description: String
}

func day(_ text: String, _ field: String) throws -> CalendarDate {
    guard let date = CalendarDate(stored: text) else { throw MalformedAnswer(description: "\(field): not a date: '\(text)'") }
    return date
}

func optionalDay(_ text: String, _ field: String) throws -> CalendarDate? {
    text.isEmpty ? nil : try day(text, field)
}

extension Measure {
    public init(_ proto: Enforcement_V1_Measure) throws {
        guard let kind = MeasureKind(proto: proto.kind), let status = MeasureStatus(proto: proto.status) else {
            throw MalformedAnswer(description: "measure \(proto.id): unknown kind or status")
        }
        self.init(
            id: proto.id, caseNumber: try CaseNumber(parsing: proto.caseNumber), kind: kind, debtorIndex: Int(proto.debtorIndex),
            debtorName: proto.debtorName, debtorIDNumber: proto.debtorIDNumber, debtorIsPerson: proto.debtorIDNumber.count == 18 && (try? PersonID(proto.debtorIDNumber)) != nil,
            boundPersons: try proto.boundPersons.map { BoundPerson(role: BoundPerson.Role(proto: $0.role) ?? .legalRepresentative, name: $0.name, idNumber: try PersonID($0.idNumber)) },
            imposedBy: proto.imposedBy, imposedAt: proto.imposedAt.date, document: proto.document, startOn: try day(proto.startOn, "start_on"),
            endOn: try optionalDay(proto.endOn, "end_on"), status: status, ground: ListingGround(rawValue: Int(proto.ground)),
            termYears: proto.termYears == 0 ? nil : Int(proto.termYears), fine: proto.fineFen == 0 ? nil : Money(fen: proto.fineFen),
            detentionDays: proto.detentionDays == 0 ? nil : Int(proto.detentionDays),
            familyNoticeDueBy: proto.hasFamilyNoticeDueBy ? proto.familyNoticeDueBy.date : nil,
            reviewRequestBy: try optionalDay(proto.reviewRequestBy, "review_request_by"),
            linkedMeasureID: proto.linkedMeasureID.isEmpty ? nil : proto.linkedMeasureID, note: proto.note.isEmpty ? nil : proto.note,
            steps: proto.steps.map { MeasureStep(kind: MeasureStep.Kind(rawValue: $0.kind) ?? .imposed, at: $0.at.date, by: $0.by,
                                                 document: $0.document.isEmpty ? nil : $0.document, note: $0.note.isEmpty ? nil : $0.note) })
        familyNotifiedAt = proto.hasFamilyNotifiedAt ? proto.familyNotifiedAt.date : nil
        reviewRequestedOn = try optionalDay(proto.reviewRequestedOn, "review_requested_on")
        reviewDecideBy = try optionalDay(proto.reviewDecideBy, "review_decide_by")
        reviewDecidedOn = try optionalDay(proto.reviewDecidedOn, "review_decided_on")
        if let event = RemovalEvent(proto: proto.removalEvent), let due = try optionalDay(proto.removalDueOn, "removal_due_on") {
            removal = RemovalDue(event: event, recordedAt: imposedAt, dueOn: due, document: nil)
        }
        liftedAt = proto.hasLiftedAt ? proto.liftedAt.date : nil
        liftReason = proto.liftReason.isEmpty ? nil : proto.liftReason
    }
}

extension DishonestFeedEntry {
    public init(_ proto: Enforcement_V1_DishonestFeedEntry) throws {
        guard let change = DishonestChange(proto: proto.change) else { throw MalformedAnswer(description: "feed entry \(proto.position): unknown change") }
        let r = proto.record
        self.init(position: proto.position, change: change, at: proto.at.date, record: DishonestRecord(
            measureID: r.measureID, name: r.name, idNumber: r.idNumber, isPerson: r.isPerson,
            legalRepresentative: r.legalRepresentative.isEmpty ? nil : r.legalRepresentative, courtCode: r.courtCode, courtName: r.courtName,
            caseNumber: r.caseNumber, basisDocument: r.basisDocument, obligation: r.obligation,
            performance: PerformanceStatus(rawValue: r.performance) ?? .notPerformed, behaviour: r.behaviour, ground: Int(r.ground),
            decisionDocument: r.decisionDocument, publishedOn: try day(r.publishedOn, "published_on"), endsOn: try optionalDay(r.endsOn, "ends_on"),
            removedOn: try optionalDay(r.removedOn, "removed_on"), removalReason: r.removalReason.isEmpty ? nil : r.removalReason))
    }
}

extension PublicCaseView {
    public init(_ proto: Enforcement_V1_PublicCaseView) throws {
        func party(_ p: Enforcement_V1_PublicParty) -> PublicParty {
            var party = PublicParty(role: p.role, name: p.name, idNumber: p.idNumber, phone: p.phone.isEmpty ? nil : p.phone)
            party.isCaller = p.isCaller
            return party
        }
        var closing: Closing?
        if let mode = ClosingMode(rawValue: proto.closingMode) {
            closing = Closing(mode: mode, on: try day(proto.closedOn, "closed_on"), documentNumber: proto.closingDocument)
        }
        self.init(
            caseNumber: proto.caseNumber, court: proto.court, status: CaseStatus(rawValue: proto.status) ?? .pending,
            filedOn: try day(proto.filedOn, "filed_on"), dueOn: try optionalDay(proto.dueOn, "due_on"), amountSought: Money(fen: proto.amountSoughtFen),
            titleDocument: proto.titleDocument, handlingJudge: proto.handlingJudge.isEmpty ? nil : proto.handlingJudge,
            applicants: proto.applicants.map(party), debtors: proto.debtors.map(party),
            nodes: try proto.nodes.map { PublicNode(code: $0.code, nameZh: $0.nameZh, occurredOn: try day($0.occurredOn, "occurred_on"),
                                                    document: $0.document.isEmpty ? nil : $0.document) },
            measures: try proto.measures.map { m in
                PublicMeasure(id: m.id, kind: MeasureKind(rawValue: m.kind) ?? .publicExposure, nameZh: m.nameZh, debtorName: m.debtorName, document: m.document,
                              startOn: try day(m.startOn, "start_on"), endOn: try optionalDay(m.endOn, "end_on"),
                              status: MeasureStatus(rawValue: m.status) ?? .inForce, liftedOn: try optionalDay(m.liftedOn, "lifted_on"))
            },
            control: proto.control.map { PublicControlCount(key: $0.key, count: Int($0.count)) },
            funds: try proto.funds.map { PublicMovement(kind: $0.kind, on: try day($0.on, "on"), amount: Money(fen: $0.amountFen)) },
            closing: closing)
        controlRecords = try proto.controlRecords.map { r in
            guard let action = ControlAction(rawValue: r.action), let status = ControlRequest.Status(rawValue: r.status) else {
                throw EnforcementError(.internalError, "server answered a control record without an action or a status")
            }
            return PublicControlRecord(action: action, court: r.court, handlingJudge: r.handlingJudge, servedOn: try day(r.servedOn, "served_on"),
                                       documentNumber: r.documentNumber, institution: r.institution, status: status,
                                       amount: r.amountFen == 0 ? nil : Money(fen: r.amountFen), note: r.note.isEmpty ? nil : r.note)
        }
    }
}

extension OutboxItem {
    public init(_ proto: Enforcement_V1_OutboxEntry) throws {
        let message = OutboxMessage(
            sequence: proto.sequence, caseNumber: try CaseNumber(parsing: proto.caseNumber),
            recipient: OutboxMessage.Recipient(rawValue: proto.recipient) ?? .applicant, name: proto.name, template: proto.template,
            text: proto.text, reference: proto.reference, createdAt: proto.createdAt.date)
        let status = Delivery.Status(proto: proto.status) ?? .pending
        let delivery = proto.attempts == 0 && status == .pending ? nil : Delivery(
            outboxSequence: proto.sequence, channel: ChannelKind(rawValue: proto.channel), address: proto.address.isEmpty ? nil : proto.address,
            status: status, attempts: Int(proto.attempts), nextAttemptAt: proto.nextAttemptAt.date,
            lastError: proto.lastError.isEmpty ? nil : proto.lastError, deliveredAt: proto.hasDeliveredAt ? proto.deliveredAt.date : nil)
        self.init(message: message, delivery: delivery)
    }
}

extension DeliveryAttempt {
    public init(_ proto: Enforcement_V1_DeliveryLogEntry) {
        self.init(sequence: proto.sequence, outboxSequence: proto.messageSequence, attempt: Int(proto.attempt), at: proto.at.date,
                  channel: ChannelKind(rawValue: proto.channel), address: proto.address.isEmpty ? nil : proto.address,
                  outcome: DeliveryAttempt.Outcome(rawValue: proto.outcome) ?? .failed, detail: proto.detail.isEmpty ? nil : proto.detail)
    }
}
