import EnforcementAPI
import EnforcementCore
import Testing

@Suite("proto ⇄ domain conversions")
struct ConversionTests {
    @Test("every command survives command → request → command unchanged")
    func commandsRoundTrip() {
        #expect(FileCase(Enforcement_V1_FileCaseRequest(goodFiling(), requestID: "r")) == goodFiling())
        let assign = AssignJudge(caseNumber: "（2026）沪0105执1号", handlingJudge: "李")
        #expect(AssignJudge(Enforcement_V1_AssignJudgeRequest(assign, requestID: "r")) == assign)
        let node = RecordNode(caseNumber: "（2026）沪0105执1号", nodeCode: "fine_imposed", documentNumber: "决定1", note: "5万元")
        #expect(RecordNode(Enforcement_V1_RecordNodeRequest(node, requestID: "r")) == node)
        let suspend = SuspendCase(caseNumber: "x", reason: "异议", documentNumber: "裁定")
        #expect(SuspendCase(Enforcement_V1_SuspendCaseRequest(suspend, requestID: "r")) == suspend)
        let resume = ResumeCase(caseNumber: "x", documentNumber: "决定")
        #expect(ResumeCase(Enforcement_V1_ResumeCaseRequest(resume, requestID: "r")) == resume)
        let extend = ExtendLimit(caseNumber: "x", months: 2, approvedBy: "院长", documentNumber: "批")
        #expect(ExtendLimit(Enforcement_V1_ExtendLimitRequest(extend, requestID: "r")) == extend)
        for mode in ClosingMode.allCases {
            let close = CloseCase(caseNumber: "x", mode: mode, documentNumber: "D", debtorMeetsListingConditions: true)
            #expect(CloseCase(Enforcement_V1_CloseCaseRequest(close, requestID: "r")) == close)
        }
    }

    @Test("every enum value maps both ways; unspecified maps to nil")
    func enums() {
        for type in CaseType.allCases { #expect(CaseType(Enforcement_V1_CaseType(type)) == type) }
        for status in CaseStatus.allCases { #expect(CaseStatus(Enforcement_V1_CaseStatus(status)) == status) }
        for kind in [TitleKind.litigation, .nonLitigation] { #expect(TitleKind(Enforcement_V1_TitleKind(kind)) == kind) }
        #expect(CaseType(Enforcement_V1_CaseType.unspecified) == nil)
        #expect(ClosingMode(Enforcement_V1_ClosingMode.unspecified) == nil)
    }
}
