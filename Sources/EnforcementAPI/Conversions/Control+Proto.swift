public import EnforcementCore
public import Foundation
import SwiftProtobuf

// Network asset control: enums, requests, answers, reminders, institutions, both directions.

extension Enforcement_V1_ControlAction {
    public init(_ action: ControlAction) {
        self = switch action {
        case .query: .query
        case .freeze: .freeze
        case .renew: .renew
        case .release: .release
        case .deduct: .deduct
        }
    }
}

extension ControlAction {
    public init?(_ proto: Enforcement_V1_ControlAction) {
        switch proto {
        case .query: self = .query
        case .freeze: self = .freeze
        case .renew: self = .renew
        case .release: self = .release
        case .deduct: self = .deduct
        case .unspecified, .UNRECOGNIZED: return nil
        }
    }
}

extension Enforcement_V1_AssetKind {
    public init(_ kind: AssetKind) {
        self = switch kind {
        case .deposit: .deposit
        case .movable: .movable
        case .realEstate: .realEstate
        case .otherRight: .otherRight
        }
    }
}

extension AssetKind {
    public init?(_ proto: Enforcement_V1_AssetKind) {
        switch proto {
        case .deposit: self = .deposit
        case .movable: self = .movable
        case .realEstate: self = .realEstate
        case .otherRight: self = .otherRight
        case .unspecified, .UNRECOGNIZED: return nil
        }
    }
}

extension Enforcement_V1_ControlStatus {
    public init(_ status: ControlStatus) {
        self = switch status {
        case .active: .active
        case .waiting: .waiting
        case .released: .released
        case .lapsed: .lapsed
        case .exhausted: .exhausted
        case .nothingControlled: .nothingControlled
        }
    }
}

extension ControlStatus {
    public init?(_ proto: Enforcement_V1_ControlStatus) {
        switch proto {
        case .active: self = .active
        case .waiting: self = .waiting
        case .released: self = .released
        case .lapsed: self = .lapsed
        case .exhausted: self = .exhausted
        case .nothingControlled: self = .nothingControlled
        case .unspecified, .UNRECOGNIZED: return nil
        }
    }
}

extension Enforcement_V1_ReminderKind {
    public init(_ kind: Reminder.Kind) {
        self = switch kind {
        case .answerOverdue: .answerOverdue
        case .freezeExpiring: .freezeExpiring
        case .freezeLapsed: .freezeLapsed
        case .deductionNotReceived: .deductionNotReceived
        }
    }
}

extension Reminder.Kind {
    public init?(_ proto: Enforcement_V1_ReminderKind) {
        switch proto {
        case .answerOverdue: self = .answerOverdue
        case .freezeExpiring: self = .freezeExpiring
        case .freezeLapsed: self = .freezeLapsed
        case .deductionNotReceived: self = .deductionNotReceived
        case .unspecified, .UNRECOGNIZED: return nil
        }
    }
}

// MARK: Requests to the domain (server side) and back (client side)

extension LaunchQuery {
    public init(_ request: Enforcement_V1_LaunchQueryRequest) {
        self.init(caseNumber: request.caseNumber, institutionID: request.institutionID.isEmpty ? nil : request.institutionID,
                  documentNumber: request.documentNumber)
    }
}

extension Enforcement_V1_LaunchQueryRequest {
    public init(_ command: LaunchQuery, requestID: String) {
        self.init()
        self.requestID = requestID
        caseNumber = command.caseNumber
        institutionID = command.institutionID ?? ""
        documentNumber = command.documentNumber
    }
}

extension FreezeAsset {
    public init(_ request: Enforcement_V1_FreezeRequest) {
        self.init(caseNumber: request.caseNumber, institutionID: request.institutionID, assetKind: AssetKind(request.asset.kind),
                  assetIdentifier: request.asset.identifier, amountFen: request.amountFen, endOn: request.endOn,
                  documentNumber: request.documentNumber, statedValueFen: request.statedValueFen)
    }
}

extension Enforcement_V1_FreezeRequest {
    public init(_ command: FreezeAsset, requestID: String) {
        self.init()
        self.requestID = requestID
        caseNumber = command.caseNumber
        institutionID = command.institutionID
        asset.kind = command.assetKind.map(Enforcement_V1_AssetKind.init) ?? .unspecified
        asset.identifier = command.assetIdentifier
        amountFen = command.amountFen
        endOn = command.endOn
        documentNumber = command.documentNumber
        statedValueFen = command.statedValueFen
    }
}

extension RenewFreeze {
    public init(_ request: Enforcement_V1_RenewRequest) {
        self.init(freezeRequestID: request.freezeRequestID, endOn: request.endOn, documentNumber: request.documentNumber)
    }
}

extension Enforcement_V1_RenewRequest {
    public init(_ command: RenewFreeze, requestID: String) {
        self.init()
        self.requestID = requestID
        freezeRequestID = command.freezeRequestID
        endOn = command.endOn
        documentNumber = command.documentNumber
    }
}

extension ReleaseFreeze {
    public init(_ request: Enforcement_V1_ReleaseRequest) {
        self.init(freezeRequestID: request.freezeRequestID, documentNumber: request.documentNumber, amountFen: request.amountFen)
    }
}

extension Enforcement_V1_ReleaseRequest {
    public init(_ command: ReleaseFreeze, requestID: String) {
        self.init()
        self.requestID = requestID
        freezeRequestID = command.freezeRequestID
        documentNumber = command.documentNumber
        amountFen = command.amountFen
    }
}

extension DeductFrozen {
    public init(_ request: Enforcement_V1_DeductRequest) {
        self.init(freezeRequestID: request.freezeRequestID, amountFen: request.amountFen, documentNumber: request.documentNumber,
                  escrowAccount: request.escrowAccount, dependants: Int(request.dependants), months: Int(request.months))
    }
}

extension Enforcement_V1_DeductRequest {
    public init(_ command: DeductFrozen, requestID: String) {
        self.init()
        self.requestID = requestID
        freezeRequestID = command.freezeRequestID
        amountFen = command.amountFen
        documentNumber = command.documentNumber
        escrowAccount = command.escrowAccount
        dependants = Int32(clamping: command.dependants)
        months = Int32(clamping: command.months)
    }
}

extension HoldingInput {
    public init(_ proto: Enforcement_V1_Holding) {
        self.init(
            assetKind: AssetKind(proto.asset.kind), identifier: proto.asset.identifier, type: proto.type, status: proto.status,
            branch: proto.branch, balanceFen: proto.balanceFen, availableFen: proto.availableFen,
            existingFreezes: proto.existingFreezes.map {
                FreezeInput(authority: $0.authority, documentNumber: $0.documentNumber, amountFen: $0.amountFen, endOn: $0.endOn)
            }, ownerIDNumber: proto.ownerIDNumber)
    }
}

extension Enforcement_V1_Holding {
    public init(_ input: HoldingInput) {
        self.init()
        asset.kind = input.assetKind.map(Enforcement_V1_AssetKind.init) ?? .unspecified
        asset.identifier = input.identifier
        type = input.type
        status = input.status
        branch = input.branch
        balanceFen = input.balanceFen
        availableFen = input.availableFen
        existingFreezes = input.existingFreezes.map { freeze in
            var proto = Enforcement_V1_ExistingFreeze()
            proto.authority = freeze.authority
            proto.documentNumber = freeze.documentNumber
            proto.amountFen = freeze.amountFen
            proto.endOn = freeze.endOn
            return proto
        }
        ownerIDNumber = input.ownerIDNumber
    }

    public init(_ holding: Holding) {
        self.init(HoldingInput(holding))
    }
}

extension HoldingInput {
    /// A validated holding as it travels on the wire.
    public init(_ holding: Holding) {
        self.init(
            assetKind: holding.asset.kind, identifier: holding.asset.identifier, type: holding.type, status: holding.status,
            branch: holding.branch, balanceFen: holding.balance.fen, availableFen: holding.available.fen,
            existingFreezes: holding.existingFreezes.map {
                FreezeInput(authority: $0.authority, documentNumber: $0.documentNumber, amountFen: $0.amount.fen, endOn: $0.endOn?.description ?? "")
            }, ownerIDNumber: holding.ownerIDNumber ?? "")
    }
}

extension AnswerQuery {
    public init(_ request: Enforcement_V1_AnswerQueryRequest) {
        self.init(controlRequestID: request.controlRequestID, holdings: request.result.holdings.map(HoldingInput.init))
    }
}

extension Enforcement_V1_AnswerQueryRequest {
    public init(_ command: AnswerQuery, requestID: String) {
        self.init()
        self.requestID = requestID
        controlRequestID = command.controlRequestID
        result.holdings = command.holdings.map(Enforcement_V1_Holding.init)
    }
}

extension AnswerControl {
    public init(_ request: Enforcement_V1_AnswerControlRequest) {
        self.init(controlRequestID: request.controlRequestID, controlledFen: request.result.controlledFen, reason: request.result.reason,
                  startOn: request.result.startOn, endOn: request.result.endOn)
    }
}

extension Enforcement_V1_AnswerControlRequest {
    public init(_ command: AnswerControl, requestID: String) {
        self.init()
        self.requestID = requestID
        controlRequestID = command.controlRequestID
        result.controlledFen = command.controlledFen
        result.reason = command.reason
        result.startOn = command.startOn
        result.endOn = command.endOn
    }
}

extension AnswerDeduction {
    public init(_ request: Enforcement_V1_AnswerDeductionRequest) {
        self.init(controlRequestID: request.controlRequestID, movedFen: request.result.movedFen, reason: request.result.reason,
                  wholeAssetDisposed: request.result.wholeAssetDisposed, transferReference: request.result.transferReference)
    }
}

extension Enforcement_V1_AnswerDeductionRequest {
    public init(_ command: AnswerDeduction, requestID: String) {
        self.init()
        self.requestID = requestID
        controlRequestID = command.controlRequestID
        result.movedFen = command.movedFen
        result.reason = command.reason
        result.wholeAssetDisposed = command.wholeAssetDisposed
        result.transferReference = command.transferReference
    }
}

// MARK: Views

extension Enforcement_V1_ControlRequest {
    public init(_ request: ControlRequest) {
        self.init()
        id = request.id
        // The delivery order, given as the write commits: 0 in the answer of the write that made it.
        cursor = request.feedPosition ?? 0
        caseNumber = request.caseNumber.description
        courtCode = request.caseNumber.court.value
        institutionID = request.institution
        action = .init(request.action)
        status = request.status == .pending ? .pending : .answered
        debtors = request.debtors.map(Enforcement_V1_Party.init)
        documentNumber = request.documentNumber
        handlingJudge = request.handlingJudge
        servedAt = Google_Protobuf_Timestamp(date: request.servedAt)
        answerDueAt = Google_Protobuf_Timestamp(date: request.answerDueAt)
        if let asset = request.asset {
            self.asset.kind = .init(asset.kind)
            self.asset.identifier = asset.identifier
        }
        amountFen = request.amount?.fen ?? 0
        endOn = request.endOn?.description ?? ""
        freezeRequestID = request.freezeRequestID ?? ""
        note = request.note ?? ""
        switch request.answer {
        case .query(let holdings)?:
            var result = Enforcement_V1_QueryResult()
            result.holdings = holdings.map(Enforcement_V1_Holding.init)
            answer = .queryResult(result)
        case .control(let controlled, let reason, let startOn, let endOn)?:
            var result = Enforcement_V1_ControlResult()
            result.controlledFen = controlled.fen
            result.reason = reason ?? ""
            result.startOn = startOn?.description ?? ""
            result.endOn = endOn?.description ?? ""
            answer = .controlResult(result)
        case .deduction(let moved, let reason, let wholeAssetDisposed)?:
            var result = Enforcement_V1_DeductionResult()
            result.movedFen = moved.fen
            result.reason = reason ?? ""
            result.wholeAssetDisposed = wholeAssetDisposed
            result.transferReference = request.transferReference ?? ""
            answer = .deductionResult(result)
        case nil:
            break
        }
        if let answeredAt = request.answeredAt { self.answeredAt = Google_Protobuf_Timestamp(date: answeredAt) }
        if let state = request.control {
            control.status = .init(state.status)
            control.controlledFen = state.controlled.fen
            control.deductedFen = state.deducted.fen
            control.startOn = state.startOn?.description ?? ""
            control.endOn = state.endOn?.description ?? ""
        }
        statedValueFen = request.statedValue?.fen ?? 0
        askedFen = request.askedAmount?.fen ?? 0
        escrowAccount = request.escrowAccount?.description ?? ""
        transferReference = request.transferReference ?? ""
        receiptID = request.receiptID ?? ""
        automatic = request.automatic ?? false
        ownerIDNumber = request.ownerIDNumber ?? ""
    }
}

extension ControlRequest {
    /// Reads a request answered by the server; a malformed one is an error, never a guess.
    public init(_ proto: Enforcement_V1_ControlRequest) throws {
        guard let action = ControlAction(proto.action) else {
            throw EnforcementError(.internalError, "server answered a request without an action")
        }
        let date = CalendarDate.answered
        self.init(
            id: proto.id, position: Int64(proto.id.dropFirst(2)) ?? 0, caseNumber: try CaseNumber(parsing: proto.caseNumber), institution: proto.institutionID,
            action: action, debtors: try proto.debtors.enumerated().map { try Party($1, field: "debtors[\($0)]") },
            documentNumber: proto.documentNumber, handlingJudge: proto.handlingJudge, requestedBy: "",
            servedAt: proto.servedAt.date, answerDueAt: proto.answerDueAt.date,
            asset: proto.hasAsset ? AssetKind(proto.asset.kind).map { AssetRef(kind: $0, identifier: proto.asset.identifier) } : nil,
            amount: proto.amountFen == 0 ? nil : Money(fen: proto.amountFen), endOn: try date(proto.endOn),
            freezeRequestID: proto.freezeRequestID.isEmpty ? nil : proto.freezeRequestID, note: proto.note.isEmpty ? nil : proto.note)
        status = proto.status == .answered ? .answered : .pending
        feedPosition = proto.cursor == 0 ? nil : proto.cursor
        switch proto.answer {
        case .queryResult(let result)?:
            answer = .query(holdings: try result.holdings.enumerated().map { index, holding in
                guard let kind = AssetKind(holding.asset.kind) else { throw EnforcementError(.internalError, "holding \(index) has no asset kind") }
                return Holding(
                    asset: AssetRef(kind: kind, identifier: holding.asset.identifier), type: holding.type, status: holding.status,
                    branch: holding.branch, balance: Money(fen: holding.balanceFen), available: Money(fen: holding.availableFen),
                    existingFreezes: try holding.existingFreezes.map {
                        ExistingFreeze(authority: $0.authority, documentNumber: $0.documentNumber, amount: Money(fen: $0.amountFen), endOn: try date($0.endOn))
                    }, ownerIDNumber: holding.ownerIDNumber.isEmpty ? nil : holding.ownerIDNumber)
            })
        case .controlResult(let result)?:
            answer = .control(controlled: Money(fen: result.controlledFen), reason: result.reason.isEmpty ? nil : result.reason,
                              startOn: try date(result.startOn), endOn: try date(result.endOn))
        case .deductionResult(let result)?:
            answer = .deduction(moved: Money(fen: result.movedFen), reason: result.reason.isEmpty ? nil : result.reason,
                                wholeAssetDisposed: result.wholeAssetDisposed)
            transferReference = result.transferReference.isEmpty ? nil : result.transferReference
        case nil:
            answer = nil
        }
        answeredAt = proto.hasAnsweredAt ? proto.answeredAt.date : nil
        if proto.hasControl, let status = ControlStatus(proto.control.status) {
            control = ControlState(status: status, controlled: Money(fen: proto.control.controlledFen), deducted: Money(fen: proto.control.deductedFen),
                                   startOn: try date(proto.control.startOn), endOn: try date(proto.control.endOn), termDays: 0)
        }
        statedValue = proto.statedValueFen == 0 ? nil : Money(fen: proto.statedValueFen)
        askedAmount = proto.askedFen == 0 ? nil : Money(fen: proto.askedFen)
        escrowAccount = proto.escrowAccount.isEmpty ? nil : try EscrowAccountNumber(parsing: proto.escrowAccount, field: "escrow_account")
        if !proto.transferReference.isEmpty { transferReference = proto.transferReference }
        receiptID = proto.receiptID.isEmpty ? nil : proto.receiptID
        automatic = proto.automatic ? true : nil
        ownerIDNumber = proto.ownerIDNumber.isEmpty ? nil : proto.ownerIDNumber
    }
}

extension Enforcement_V1_Reminder {
    public init(_ reminder: Reminder) {
        self.init()
        sequence = reminder.sequence
        kind = .init(reminder.kind)
        caseNumber = reminder.caseNumber.description
        institutionID = reminder.institution
        handlingJudge = reminder.handlingJudge
        requestID = reminder.requestID
        at = Google_Protobuf_Timestamp(date: reminder.at)
        daysLeft = Int32(clamping: reminder.daysLeft ?? 0)
        message = reminder.message
    }
}

extension Reminder {
    public init(_ proto: Enforcement_V1_Reminder) throws {
        guard let kind = Reminder.Kind(proto.kind) else { throw EnforcementError(.internalError, "server answered a reminder without a kind") }
        self.init(sequence: proto.sequence, kind: kind, caseNumber: try CaseNumber(parsing: proto.caseNumber), institution: proto.institutionID,
                  handlingJudge: proto.handlingJudge, requestID: proto.requestID, at: proto.at.date,
                  daysLeft: kind == .freezeExpiring ? Int(proto.daysLeft) : nil, message: proto.message)
    }
}

extension Enforcement_V1_Institution {
    public init(_ institution: Institution) {
        self.init()
        id = institution.id
        name = institution.name
        kind = institution.kind.rawValue
        assetKinds = institution.assetKinds.map(Enforcement_V1_AssetKind.init)
        actions = institution.actions.map(Enforcement_V1_ControlAction.init)
        connected = institution.connected
        queryAnswerHours = Int32(institution.answerHours.query)
        controlAnswerHours = Int32(institution.answerHours.control)
        deductionAnswerHours = Int32(institution.answerHours.deduction)
    }
}

extension Institution {
    public init(_ proto: Enforcement_V1_Institution) throws {
        guard let kind = Institution.Kind(rawValue: proto.kind) else {
            throw EnforcementError(.internalError, "server answered an unknown institution kind '\(proto.kind)'")
        }
        self.init(id: proto.id, name: proto.name, kind: kind, assetKinds: proto.assetKinds.compactMap(AssetKind.init),
                  actions: proto.actions.compactMap(ControlAction.init), connected: proto.connected,
                  answerHours: .init(query: Int(proto.queryAnswerHours), control: Int(proto.controlAnswerHours), deduction: Int(proto.deductionAnswerHours)))
    }
}

// MARK: Standing orders and the control log

extension Enforcement_V1_StandingOrderStatus {
    public init(_ status: StandingFreezeOrder.Status) {
        self = switch status {
        case .active: .active
        case .filled: .filled
        case .cancelled: .cancelled
        case .expired: .expired
        }
    }
}

extension StandingFreezeOrder.Status {
    public init?(_ proto: Enforcement_V1_StandingOrderStatus) {
        switch proto {
        case .active: self = .active
        case .filled: self = .filled
        case .cancelled: self = .cancelled
        case .expired: self = .expired
        case .unspecified, .UNRECOGNIZED: return nil
        }
    }
}

extension CreateStandingOrder {
    public init(_ request: Enforcement_V1_CreateStandingOrderRequest) {
        self.init(caseNumber: request.caseNumber, documentNumber: request.documentNumber, endsOn: request.endsOn)
    }
}

extension Enforcement_V1_CreateStandingOrderRequest {
    public init(_ command: CreateStandingOrder, requestID: String) {
        self.init()
        self.requestID = requestID
        caseNumber = command.caseNumber
        documentNumber = command.documentNumber
        endsOn = command.endsOn
    }
}

extension CancelStandingOrder {
    public init(_ request: Enforcement_V1_CancelStandingOrderRequest) {
        self.init(orderID: request.orderID, note: request.note)
    }
}

extension Enforcement_V1_CancelStandingOrderRequest {
    public init(_ command: CancelStandingOrder, requestID: String) {
        self.init()
        self.requestID = requestID
        orderID = command.orderID
        note = command.note
    }
}

extension Enforcement_V1_StandingOrder {
    public init(_ order: StandingFreezeOrder) {
        self.init()
        id = order.id
        caseNumber = order.caseNumber.description
        documentNumber = order.documentNumber
        status = .init(order.status)
        createdBy = order.createdBy
        createdAt = Google_Protobuf_Timestamp(date: order.createdAt)
        endsOn = order.endsOn.description
        freezeRequestIds = order.freezes
        closedBy = order.closedBy ?? ""
        if let closedAt = order.closedAt { self.closedAt = Google_Protobuf_Timestamp(date: closedAt) }
        closingNote = order.closingNote ?? ""
    }
}

extension StandingFreezeOrder {
    /// Reads an order answered by the server; a malformed one is an error, never a guess.
    public init(_ proto: Enforcement_V1_StandingOrder) throws {
        guard let status = StandingFreezeOrder.Status(proto.status), let endsOn = CalendarDate(stored: proto.endsOn) else {
            throw EnforcementError(.internalError, "server answered standing order \(proto.id) without a status or an end")
        }
        self.init(id: proto.id, caseNumber: try CaseNumber(parsing: proto.caseNumber), documentNumber: proto.documentNumber, status: status,
                  createdBy: proto.createdBy, createdAt: proto.createdAt.date, endsOn: endsOn)
        freezes = proto.freezeRequestIds
        closedBy = proto.closedBy.isEmpty ? nil : proto.closedBy
        closedAt = proto.hasClosedAt ? proto.closedAt.date : nil
        closingNote = proto.closingNote.isEmpty ? nil : proto.closingNote
    }
}

extension Enforcement_V1_Room {
    public init(_ room: ControlRoom, caseNumber: String) {
        self.init()
        self.caseNumber = caseNumber
        soughtFen = room.sought.fen
        feeFen = room.fee.fen
        interestFen = room.interest.fen
        creditedFen = room.credited.fen
        outstandingFen = room.outstanding.fen
        heldFen = room.held.fen
        inTransitFen = room.inTransit.fen
        roomFen = room.room.fen
        excessFen = room.excess.fen
    }
}

extension ControlRoom {
    /// Reads a room answered by the server (what answered freezes of money hold is derived from the excess).
    public init(_ proto: Enforcement_V1_Room) {
        self.init(sought: Money(fen: proto.soughtFen), fee: Money(fen: proto.feeFen), interest: Money(fen: proto.interestFen),
                  credited: Money(fen: proto.creditedFen), outstanding: Money(fen: proto.outstandingFen), held: Money(fen: proto.heldFen),
                  inTransit: Money(fen: proto.inTransitFen),
                  answeredMoney: Money(fen: proto.excessFen > 0 ? proto.outstandingFen + proto.excessFen : 0))
    }
}
