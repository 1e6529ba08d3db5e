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
    _ payload: Data, _: Request.Type, _ convert: (Request) -> Command?, back: ((Command, String) -> Request)?,
    check: ((Command) throws -> Void)? = nil
) {
    // A decoding error is an ordinary answer (INVALID_ARGUMENT at the edge), not a finding.
    guard let request = try? Request(serializedBytes: payload), let command = convert(request) else { return }
    if let back {
        let rewritten = back(command, "fuzz-request")
        guard let bytes: Data = try? rewritten.serializedBytes() else { return require(false, "a rewritten \(Request.self) does not encode") }
        guard let reread = try? Request(serializedBytes: bytes), let again = convert(reread) else {
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
private let requests: [(Data) -> Void] = [
    { exercise($0, Enforcement_V1_FileCaseRequest.self, FileCase.init, back: Enforcement_V1_FileCaseRequest.init) { _ = try CaseWorkflow.validate($0) } },
    { exercise($0, Enforcement_V1_AssignJudgeRequest.self, AssignJudge.init, back: Enforcement_V1_AssignJudgeRequest.init) },
    { exercise($0, Enforcement_V1_RecordNodeRequest.self, RecordNode.init, back: Enforcement_V1_RecordNodeRequest.init) },
    { exercise($0, Enforcement_V1_SuspendCaseRequest.self, SuspendCase.init, back: Enforcement_V1_SuspendCaseRequest.init) },
    { exercise($0, Enforcement_V1_ResumeCaseRequest.self, ResumeCase.init, back: Enforcement_V1_ResumeCaseRequest.init) },
    { exercise($0, Enforcement_V1_ExtendLimitRequest.self, ExtendLimit.init, back: Enforcement_V1_ExtendLimitRequest.init) },
    { exercise($0, Enforcement_V1_DecideExtensionRequest.self, DecideExtension.init, back: Enforcement_V1_DecideExtensionRequest.init) },
    { exercise($0, Enforcement_V1_CloseCaseRequest.self, CloseCase.init, back: Enforcement_V1_CloseCaseRequest.init) },
    { exercise($0, Enforcement_V1_LaunchQueryRequest.self, LaunchQuery.init, back: Enforcement_V1_LaunchQueryRequest.init) },
    { exercise($0, Enforcement_V1_FreezeRequest.self, FreezeAsset.init, back: Enforcement_V1_FreezeRequest.init) },
    { exercise($0, Enforcement_V1_RenewRequest.self, RenewFreeze.init, back: Enforcement_V1_RenewRequest.init) },
    { exercise($0, Enforcement_V1_ReleaseRequest.self, ReleaseFreeze.init, back: Enforcement_V1_ReleaseRequest.init) },
    { exercise($0, Enforcement_V1_DeductRequest.self, DeductFrozen.init, back: Enforcement_V1_DeductRequest.init) },
    { exercise($0, Enforcement_V1_AnswerQueryRequest.self, AnswerQuery.init, back: Enforcement_V1_AnswerQueryRequest.init) { _ = try ControlWorkflow.answer($0) } },
    { exercise($0, Enforcement_V1_AnswerControlRequest.self, AnswerControl.init, back: Enforcement_V1_AnswerControlRequest.init) { _ = try ControlWorkflow.answer($0) } },
    { exercise($0, Enforcement_V1_AnswerDeductionRequest.self, AnswerDeduction.init, back: Enforcement_V1_AnswerDeductionRequest.init) { _ = try ControlWorkflow.answer($0) } },
    { exercise($0, Enforcement_V1_CreateStandingOrderRequest.self, CreateStandingOrder.init, back: Enforcement_V1_CreateStandingOrderRequest.init) },
    { exercise($0, Enforcement_V1_CancelStandingOrderRequest.self, CancelStandingOrder.init, back: Enforcement_V1_CancelStandingOrderRequest.init) },
    { exercise($0, Enforcement_V1_SendTaskRequest.self, SendDelegation.init, back: Enforcement_V1_SendTaskRequest.init) },
    { exercise($0, Enforcement_V1_RouteTaskRequest.self, RouteDelegation.init, back: Enforcement_V1_RouteTaskRequest.init) },
    { exercise($0, Enforcement_V1_AnswerTaskRequest.self, AnswerDelegation.init, back: Enforcement_V1_AnswerTaskRequest.init) },
    { exercise($0, Enforcement_V1_ImposeMeasureRequest.self, ImposeMeasure.init, back: nil) },
    { exercise($0, Enforcement_V1_OpenEscrowAccountRequest.self, OpenEscrowAccount.init, back: Enforcement_V1_OpenEscrowAccountRequest.init) },
    { exercise($0, Enforcement_V1_ReportReceiptRequest.self, ReportReceipt.init, back: Enforcement_V1_ReportReceiptRequest.init) },
    { exercise($0, Enforcement_V1_MatchReceiptRequest.self, MatchReceipt.init, back: Enforcement_V1_MatchReceiptRequest.init) },
    { exercise($0, Enforcement_V1_ReverseTransferRequest.self, ReverseTransfer.init, back: Enforcement_V1_ReverseTransferRequest.init) },
    { exercise($0, Enforcement_V1_ProposePayoutRequest.self, ProposePayout.init, back: Enforcement_V1_ProposePayoutRequest.init) },
    { exercise($0, Enforcement_V1_ApprovePayoutRequest.self, ApprovePayout.init, back: Enforcement_V1_ApprovePayoutRequest.init) },
    { exercise($0, Enforcement_V1_RejectPayoutRequest.self, RejectPayout.init, back: Enforcement_V1_RejectPayoutRequest.init) },
    { exercise($0, Enforcement_V1_ConfirmPayoutRequest.self, ConfirmPayout.init, back: Enforcement_V1_ConfirmPayoutRequest.init) },
    { exercise($0, Enforcement_V1_FailPayoutRequest.self, FailPayout.init, back: Enforcement_V1_FailPayoutRequest.init) },
    { exercise($0, Enforcement_V1_HoldPayoutsRequest.self, HoldPayouts.init, back: Enforcement_V1_HoldPayoutsRequest.init) },
]

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let choice = Choice(bytes(data, size))
    requests[Int(choice.selector) % requests.count](choice.rest)
    return 0
}

@_cdecl("FuzzRequests_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzOne)
}
