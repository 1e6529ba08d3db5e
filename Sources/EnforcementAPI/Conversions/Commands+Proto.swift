public import EnforcementCore

/// Requests → domain commands (unvalidated: the workflow validates and names the fields).
extension FileCase {
    public init(_ request: Enforcement_V1_FileCaseRequest) {
        self.init(
            caseType: CaseType(request.caseType), titleKind: TitleKind(request.titleKind), titleDocument: request.titleDocument,
            applicants: request.applicants.map(\.input), debtors: request.debtors.map(\.input),
            amountSoughtFen: request.amountSoughtFen, handlingJudge: request.handlingJudge.isEmpty ? nil : request.handlingJudge,
            resumedFrom: request.resumedFrom.isEmpty ? nil : request.resumedFrom, causeTags: request.causeTags)
    }
}

extension Enforcement_V1_FileCaseRequest {
    public init(_ command: FileCase, requestID: String) {
        self.init()
        self.requestID = requestID
        caseType = command.caseType.map(Enforcement_V1_CaseType.init) ?? .unspecified
        titleKind = command.titleKind.map(Enforcement_V1_TitleKind.init) ?? .unspecified
        titleDocument = command.titleDocument
        applicants = command.applicants.map(Enforcement_V1_Party.init)
        debtors = command.debtors.map(Enforcement_V1_Party.init)
        amountSoughtFen = command.amountSoughtFen
        handlingJudge = command.handlingJudge ?? ""
        resumedFrom = command.resumedFrom ?? ""
        causeTags = command.causeTags ?? []
    }
}

extension AssignJudge {
    public init(_ request: Enforcement_V1_AssignJudgeRequest) {
        self.init(caseNumber: request.caseNumber, handlingJudge: request.handlingJudge)
    }
}

extension RecordNode {
    public init(_ request: Enforcement_V1_RecordNodeRequest) {
        self.init(
            caseNumber: request.caseNumber, nodeCode: request.nodeCode,
            documentNumber: request.documentNumber.isEmpty ? nil : request.documentNumber,
            note: request.note.isEmpty ? nil : request.note)
    }
}

extension SuspendCase {
    public init(_ request: Enforcement_V1_SuspendCaseRequest) {
        self.init(caseNumber: request.caseNumber, reason: request.reason, documentNumber: request.documentNumber)
    }
}

extension ResumeCase {
    public init(_ request: Enforcement_V1_ResumeCaseRequest) {
        self.init(caseNumber: request.caseNumber, documentNumber: request.documentNumber)
    }
}

extension ExtendLimit {
    public init(_ request: Enforcement_V1_ExtendLimitRequest) {
        self.init(caseNumber: request.caseNumber, months: Int(request.months), reason: request.reason)
    }
}

extension DecideExtension {
    public init(_ request: Enforcement_V1_DecideExtensionRequest) {
        self.init(caseNumber: request.caseNumber, approve: request.approve, documentNumber: request.documentNumber, reason: request.reason)
    }
}

extension CloseCase {
    public init(_ request: Enforcement_V1_CloseCaseRequest) {
        self.init(
            caseNumber: request.caseNumber, mode: ClosingMode(request.mode), documentNumber: request.documentNumber,
            debtorMeetsListingConditions: request.debtorMeetsListingConditions)
    }
}

/// Domain commands → requests, for clients: the same fields as above, the other way.
extension Enforcement_V1_AssignJudgeRequest {
    public init(_ command: AssignJudge, requestID: String) {
        self.init()
        self.requestID = requestID
        caseNumber = command.caseNumber
        handlingJudge = command.handlingJudge
    }
}

extension Enforcement_V1_RecordNodeRequest {
    public init(_ command: RecordNode, requestID: String) {
        self.init()
        self.requestID = requestID
        caseNumber = command.caseNumber
        nodeCode = command.nodeCode
        documentNumber = command.documentNumber ?? ""
        note = command.note ?? ""
    }
}

extension Enforcement_V1_SuspendCaseRequest {
    public init(_ command: SuspendCase, requestID: String) {
        self.init()
        self.requestID = requestID
        caseNumber = command.caseNumber
        reason = command.reason
        documentNumber = command.documentNumber
    }
}

extension Enforcement_V1_ResumeCaseRequest {
    public init(_ command: ResumeCase, requestID: String) {
        self.init()
        self.requestID = requestID
        caseNumber = command.caseNumber
        documentNumber = command.documentNumber
    }
}

extension Enforcement_V1_ExtendLimitRequest {
    public init(_ command: ExtendLimit, requestID: String) {
        self.init()
        self.requestID = requestID
        caseNumber = command.caseNumber
        months = Int32(clamping: command.months)
        reason = command.reason
    }
}

extension Enforcement_V1_DecideExtensionRequest {
    public init(_ command: DecideExtension, requestID: String) {
        self.init()
        self.requestID = requestID
        caseNumber = command.caseNumber
        approve = command.approve
        documentNumber = command.documentNumber
        reason = command.reason
    }
}

extension Enforcement_V1_CloseCaseRequest {
    public init(_ command: CloseCase, requestID: String) {
        self.init()
        self.requestID = requestID
        caseNumber = command.caseNumber
        mode = command.mode.map(Enforcement_V1_ClosingMode.init) ?? .unspecified
        documentNumber = command.documentNumber
        debtorMeetsListingConditions = command.debtorMeetsListingConditions
    }
}
