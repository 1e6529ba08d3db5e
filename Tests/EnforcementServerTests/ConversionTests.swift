import EnforcementAPI
import EnforcementCore
import EnforcementServer
import GRPCCore
import Foundation
import SwiftProtobuf
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
        let extend = ExtendLimit(caseNumber: "x", months: 2, reason: "财产处置中")
        #expect(ExtendLimit(Enforcement_V1_ExtendLimitRequest(extend, requestID: "r")) == extend)
        for decision in [DecideExtension(caseNumber: "x", approve: true, documentNumber: "批1"), DecideExtension(caseNumber: "x", approve: false, reason: "不足")] {
            #expect(DecideExtension(Enforcement_V1_DecideExtensionRequest(decision, requestID: "r")) == decision)
        }
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

    /// Every domain case maps to the proto case of the same name and back; every proto case but
    /// UNSPECIFIED maps to a domain case.
    func roundTrip<D: CaseIterable & Equatable, P: SwiftProtobuf.Enum & CaseIterable>(
        _ type: D.Type, _ to: (D) -> P, _ from: (P) -> D?, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        for value in D.allCases {
            #expect(from(to(value)) == value, sourceLocation: sourceLocation)
            #expect("\(to(value))" == "\(value)", sourceLocation: sourceLocation)
        }
        for value in P.allCases where value.rawValue != 0 { #expect(from(value) != nil, "\(value)", sourceLocation: sourceLocation) }
        #expect(from(P(rawValue: 0)!) == nil, sourceLocation: sourceLocation)
        #expect(from(P(rawValue: 999) ?? P(rawValue: 0)!) == nil, sourceLocation: sourceLocation)
    }

    @Test("the funds, delegation, deterrence and notification enums map case by case by name, and their wire numbers stay put")
    func wireEnums() {
        roundTrip(Receipt.Status.self, { $0.proto() }, Receipt.Status.init(proto:))
        roundTrip(PayoutPurpose.self, { $0.proto() }, PayoutPurpose.init(proto:))
        roundTrip(ApprovalStage.self, { $0.proto() }, ApprovalStage.init(proto:))
        roundTrip(Payout.Status.self, { $0.proto() }, Payout.Status.init(proto:))
        roundTrip(PayoutHoldReason.self, { $0.proto() }, PayoutHoldReason.init(proto:))
        roundTrip(DelegationKind.self, { $0.proto() }, DelegationKind.init(proto:))
        roundTrip(DelegationStatus.self, { $0.proto() }, DelegationStatus.init(proto:))
        roundTrip(AnswerDelegation.Step.self, { $0.proto() }, AnswerDelegation.Step.init(proto:))
        roundTrip(MeasureKind.self, { $0.proto() }, MeasureKind.init(proto:))
        roundTrip(MeasureStatus.self, { $0.proto() }, MeasureStatus.init(proto:))
        roundTrip(RemovalEvent.self, { $0.proto() }, RemovalEvent.init(proto:))
        roundTrip(BoundPerson.Role.self, { $0.proto() }, BoundPerson.Role.init(proto:))
        roundTrip(RecordMeasureStep.Step.self, { $0.proto() }, RecordMeasureStep.Step.init(proto:))
        roundTrip(DishonestChange.self, { $0.proto() }, DishonestChange.init(proto:))
        roundTrip(Delivery.Status.self, { $0.proto() }, Delivery.Status.init(proto:))
        // The wire numbers a bank's or the credit platform's code holds: pinned.
        #expect(MeasureKind.detention.proto().rawValue == 8 && MeasureKind.dishonestList.proto().rawValue == 1)
        #expect(Payout.Status.rejected.proto().rawValue == 6 && Receipt.Status.suspense.proto().rawValue == 2)
        #expect(DishonestChange.removed.proto().rawValue == 3 && Delivery.Status.deadLetter.proto().rawValue == 3)
        #expect(RemovalEvent.termEnded.proto().rawValue == 7 && DelegationKind.other.proto().rawValue == 5)
    }

    // Issue 12, finding 1: as_of.seconds = 1e16 trapped in the store's millisecond conversion and killed the server.
    @Test("a timestamp outside 1900–2200 or with nanos out of range is INVALID_ARGUMENT at the edge",
          arguments: [[Int64(10_000_000_000_000_000), 0], [-10_000_000_000_000_000, 0], [Int64.max, 0], [Int64.min, 0],
                      [Int64(WireBounds.earliestInstant.timeIntervalSince1970) - 1, 0], [Int64(WireBounds.instantLimit.timeIntervalSince1970), 0], [1_764_000_000, -1], [1_764_000_000, 1_000_000_000]] as [[Int64]])
    func timestampBounds(_ value: [Int64]) {
        let (seconds, nanos) = (value[0], Int32(value[1]))
        var timestamp = Google_Protobuf_Timestamp()
        timestamp.seconds = seconds
        timestamp.nanos = nanos
        var suspense = Enforcement_V1_ListSuspenseRequest()
        suspense.asOf = timestamp
        let asOf = #expect(throws: EnforcementError.self) { _ = try suspense.instant(defaultingTo: Date()) }
        #expect(asOf?.code == .invalidArgument && asOf?.field == "as_of")
        var receipt = Enforcement_V1_ReportReceiptRequest()
        receipt.receivedAt = timestamp
        let received = #expect(throws: EnforcementError.self) { _ = try ReportReceipt(receipt) }
        #expect(received?.code == .invalidArgument && received?.field == "received_at")
    }

    @Test("the first and last instants of the legal years pass")
    func timestampEdges() throws {
        var timestamp = Google_Protobuf_Timestamp(date: WireBounds.earliestInstant)
        #expect(try WireBounds.instant(timestamp, field: "t") == WireBounds.earliestInstant)
        timestamp = Google_Protobuf_Timestamp(date: WireBounds.instantLimit.addingTimeInterval(-1))
        #expect(try WireBounds.instant(timestamp, field: "t") == WireBounds.instantLimit.addingTimeInterval(-1))
    }

    // Issue 12, finding 11: a 900 KiB case number was echoed back in the error.
    @Test("an error repeats at most a bounded part of what the caller sent")
    func boundedEcho() {
        let huge = String(repeating: "执", count: 300_000)
        let thrown: EnforcementError
        do { _ = try CaseNumber(parsing: huge); Issue.record("a 900 KiB case number parsed"); return } catch { thrown = error }
        #expect(thrown.message.utf8.count < 1_000)
        let error = ErrorMapping.rpcError(for: EnforcementError.invalid("x", huge))
        #expect(error.message.utf8.count <= ErrorMapping.maxMessageBytes)
        #expect(error.code == .invalidArgument)
    }

    // Issue 12, finding 11: every failed public lookup wrote a log line.
    @Test("refusals are logged once a minute per kind, with the count suppressed")
    func logThrottle() {
        let throttle = LogThrottle(interval: .seconds(60))
        let start = ContinuousClock.now
        #expect(throttle.admit("not found", now: start) == 0)
        for second in 1...299 { #expect(throttle.admit("not found", now: start + .seconds(Double(second) / 10)) == nil) }
        #expect(throttle.admit("resource exhausted", now: start + .seconds(1)) == 0)
        #expect(throttle.admit("not found", now: start + .seconds(61)) == 299)
    }
}
