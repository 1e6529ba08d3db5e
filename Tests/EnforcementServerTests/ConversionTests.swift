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
