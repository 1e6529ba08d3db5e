@testable import EnforcementCore
import EnforcementAPI
import Foundation
import FuzzSupport
import SwiftProtobuf

// Every request message that becomes a command: the bytes are decoded as the server decodes them
// (binary protobuf), converted into the command as the handler converts them, and then:
// - the command written back into a request (the client library's direction) and read again is
//   the same command;
// - the command's journal payload (sorted-key JSON, as `Domain.writeContext` writes it) decodes to
//   the same command: whatever is written must read;
// - where the core checks a command without the store, that check runs (filing, bank answers).

/// One request type: decode, convert, round trip, check.
private func exercise<Request: SwiftProtobuf.Message, Command: CaseCommand & Hashable>(
    _ payload: Data, _: Request.Type, _ convert: (Request) throws -> Command?, back: ((Command, String) throws -> Request)?,
    check: ((Command) throws -> Void)? = nil
) {
    // A decoding or conversion error is an ordinary answer (INVALID_ARGUMENT at the edge), not a finding.
    guard let request = try? Request(serializedBytes: payload), let command = try? convert(request) else { return }
    if let back {
        // The client library may refuse a command (a receipt without its instant); that is its answer.
        guard let rewritten = try? back(command, "fuzz-request") else { return }
        guard let bytes: Data = try? rewritten.serializedBytes() else { return require(false, "a rewritten \(Request.self) does not encode") }
        guard let reread = try? Request(serializedBytes: bytes), let again = try? convert(reread) else {
            return require(false, "a rewritten \(Request.self) does not decode")
        }
        require(again == command, "\(Command.self) changed through its request: \(command) became \(again)")
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    guard let journal = try? encoder.encode(command) else { return require(false, "\(Command.self) has no journal payload: \(command)") }
    let decoded = try? JSONDecoder().decode(Command.self, from: journal)
    require(decoded == command, "\(Command.self)'s journal payload does not read back: \(String(decoding: journal, as: UTF8.self))")
    try? check?(command)
}

/// The request types, by the input's first byte.
private func exercise(selector: UInt8, _ payload: Data) {
    switch Int(selector) % 33 {
    case 0: exercise(payload, Enforcement_V1_FileCaseRequest.self, { try FileCase($0) }, back: { Enforcement_V1_FileCaseRequest($0, requestID: $1) }, check: { _ = try CaseWorkflow.validate($0) })
    case 1: exercise(payload, Enforcement_V1_AssignJudgeRequest.self, { try AssignJudge($0) }, back: { Enforcement_V1_AssignJudgeRequest($0, requestID: $1) })
    case 2: exercise(payload, Enforcement_V1_RecordNodeRequest.self, { try RecordNode($0) }, back: { Enforcement_V1_RecordNodeRequest($0, requestID: $1) })
    case 3: exercise(payload, Enforcement_V1_SuspendCaseRequest.self, { try SuspendCase($0) }, back: { Enforcement_V1_SuspendCaseRequest($0, requestID: $1) })
    case 4: exercise(payload, Enforcement_V1_ResumeCaseRequest.self, { try ResumeCase($0) }, back: { Enforcement_V1_ResumeCaseRequest($0, requestID: $1) })
    case 5: exercise(payload, Enforcement_V1_ExtendLimitRequest.self, { try ExtendLimit($0) }, back: { Enforcement_V1_ExtendLimitRequest($0, requestID: $1) })
    case 6: exercise(payload, Enforcement_V1_DecideExtensionRequest.self, { try DecideExtension($0) }, back: { Enforcement_V1_DecideExtensionRequest($0, requestID: $1) })
    case 7: exercise(payload, Enforcement_V1_CloseCaseRequest.self, { try CloseCase($0) }, back: { Enforcement_V1_CloseCaseRequest($0, requestID: $1) })
    case 8: exercise(payload, Enforcement_V1_LaunchQueryRequest.self, { try LaunchQuery($0) }, back: { Enforcement_V1_LaunchQueryRequest($0, requestID: $1) })
    case 9: exercise(payload, Enforcement_V1_FreezeRequest.self, { try FreezeAsset($0) }, back: { Enforcement_V1_FreezeRequest($0, requestID: $1) })
    case 10: exercise(payload, Enforcement_V1_RenewRequest.self, { try RenewFreeze($0) }, back: { Enforcement_V1_RenewRequest($0, requestID: $1) })
    case 11: exercise(payload, Enforcement_V1_ReleaseRequest.self, { try ReleaseFreeze($0) }, back: { Enforcement_V1_ReleaseRequest($0, requestID: $1) })
    case 12: exercise(payload, Enforcement_V1_DeductRequest.self, { try DeductFrozen($0) }, back: { Enforcement_V1_DeductRequest($0, requestID: $1) })
    case 13: exercise(payload, Enforcement_V1_AnswerQueryRequest.self, { try AnswerQuery($0) }, back: { Enforcement_V1_AnswerQueryRequest($0, requestID: $1) }, check: { _ = try ControlWorkflow.answer($0) })
    case 14: exercise(payload, Enforcement_V1_AnswerControlRequest.self, { try AnswerControl($0) }, back: { Enforcement_V1_AnswerControlRequest($0, requestID: $1) }, check: { _ = try ControlWorkflow.answer($0) })
    case 15: exercise(payload, Enforcement_V1_AnswerDeductionRequest.self, { try AnswerDeduction($0) }, back: { Enforcement_V1_AnswerDeductionRequest($0, requestID: $1) }, check: { _ = try ControlWorkflow.answer($0) })
    case 16: exercise(payload, Enforcement_V1_CreateStandingOrderRequest.self, { try CreateStandingOrder($0) }, back: { Enforcement_V1_CreateStandingOrderRequest($0, requestID: $1) })
    case 17: exercise(payload, Enforcement_V1_CancelStandingOrderRequest.self, { try CancelStandingOrder($0) }, back: { Enforcement_V1_CancelStandingOrderRequest($0, requestID: $1) })
    case 18: exercise(payload, Enforcement_V1_SendTaskRequest.self, { try SendDelegation($0) }, back: { Enforcement_V1_SendTaskRequest($0, requestID: $1) })
    case 19: exercise(payload, Enforcement_V1_RouteTaskRequest.self, { try RouteDelegation($0) }, back: { Enforcement_V1_RouteTaskRequest($0, requestID: $1) })
    case 20: exercise(payload, Enforcement_V1_AnswerTaskRequest.self, { try AnswerDelegation($0) }, back: { Enforcement_V1_AnswerTaskRequest($0, requestID: $1) })
    case 21: exercise(payload, Enforcement_V1_ImposeMeasureRequest.self, { try ImposeMeasure($0) }, back: nil)
    case 22: exercise(payload, Enforcement_V1_OpenEscrowAccountRequest.self, { try OpenEscrowAccount($0) }, back: { Enforcement_V1_OpenEscrowAccountRequest($0, requestID: $1) })
    case 23: exercise(payload, Enforcement_V1_ReportReceiptRequest.self, { try ReportReceipt($0) }, back: { try Enforcement_V1_ReportReceiptRequest($0, requestID: $1) })
    case 24: exercise(payload, Enforcement_V1_MatchReceiptRequest.self, { try MatchReceipt($0) }, back: { Enforcement_V1_MatchReceiptRequest($0, requestID: $1) })
    case 25: exercise(payload, Enforcement_V1_ReverseTransferRequest.self, { try ReverseTransfer($0) }, back: { Enforcement_V1_ReverseTransferRequest($0, requestID: $1) })
    case 26: exercise(payload, Enforcement_V1_ProposePayoutRequest.self, { try ProposePayout($0) }, back: { Enforcement_V1_ProposePayoutRequest($0, requestID: $1) })
    case 27: exercise(payload, Enforcement_V1_ApprovePayoutRequest.self, { try ApprovePayout($0) }, back: { Enforcement_V1_ApprovePayoutRequest($0, requestID: $1) })
    case 28: exercise(payload, Enforcement_V1_RejectPayoutRequest.self, { try RejectPayout($0) }, back: { Enforcement_V1_RejectPayoutRequest($0, requestID: $1) })
    case 29: exercise(payload, Enforcement_V1_ConfirmPayoutRequest.self, { try ConfirmPayout($0) }, back: { Enforcement_V1_ConfirmPayoutRequest($0, requestID: $1) })
    case 30: exercise(payload, Enforcement_V1_FailPayoutRequest.self, { try FailPayout($0) }, back: { Enforcement_V1_FailPayoutRequest($0, requestID: $1) })
    case 31: exercise(payload, Enforcement_V1_HoldPayoutsRequest.self, { try HoldPayouts($0) }, back: { Enforcement_V1_HoldPayoutsRequest($0, requestID: $1) })
    case 32:
        // A field record: only one that passes its own bounds reaches the journal (NaN, for one, never does).
        exercise(payload, Enforcement_V1_RecordFieldActionRequest.self, { request in
            let command = try RecordFieldAction(request)
            _ = try FieldWorkflow.validate(command, policy: FieldPolicy())
            return command
        }, back: { Enforcement_V1_RecordFieldActionRequest($0, deviceNow: Date(timeIntervalSince1970: 1_796_263_800), requestID: $1) })
    default: break
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let choice = Choice(bytes(data, size))
    exercise(selector: choice.selector, choice.rest)
    return 0
}

@_cdecl("FuzzRequests_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzOne)
}
