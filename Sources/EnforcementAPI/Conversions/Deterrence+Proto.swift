public import EnforcementCore
public import Foundation
public import SwiftProtobuf

// Deterrence measures, the dishonest-list feed, disclosure and notifications.

extension MeasureKind: ProtoMirroredEnum {}
extension MeasureStatus: ProtoMirroredEnum {}
extension RemovalEvent: ProtoMirroredEnum {}
extension BoundPerson.Role: ProtoMirroredEnum {}
extension RecordMeasureStep.Step: ProtoMirroredEnum {}
extension DishonestChange: ProtoMirroredEnum {}
extension Delivery.Status: ProtoMirroredEnum {}

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
