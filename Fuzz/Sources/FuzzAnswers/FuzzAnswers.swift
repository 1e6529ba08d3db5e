@testable import EnforcementCore
import EnforcementAPI
import Foundation
import FuzzSupport
import SwiftProtobuf

// A bank's answers (issue 19: holding and answer validation). The input's first byte picks the
// request the answer is for (query, freeze, renew, release, deduct) and the answer's kind; the rest
// is the answer message as the bank sent it. The answer is converted, validated on its own
// (`ControlWorkflow.answer`), checked against the request (`ControlWorkflow.check(_:fits:)`), and a
// request that takes it must store and read back: its JSON (the store's payload) decodes to itself.
// Properties: an accepted freeze or deduction never controls or moves more than was asked, and an
// accepted control's term lies within the day ordered.

private let debtor = try! Party.validated(isPerson: true, name: "张三", idNumber: "11010519491231002X", phone: "", field: "debtors[0]")
private let asked = Money(fen: 5_000_000)
private let orderedEnd = CalendarDate(year: 2027, month: 6, day: 30)

private func request(_ action: ControlAction) -> ControlRequest {
    var request = ControlRequest(
        id: "CR00000001", position: 1, caseNumber: try! CaseNumber(parsing: "（2026）沪0105执1号"), institution: "ICBC-SH",
        action: action, debtors: [debtor], documentNumber: "（2026）沪0105执1号之一", handlingJudge: "judge-1", requestedBy: "judge-1",
        servedAt: Date(timeIntervalSince1970: 1_790_000_000), answerDueAt: Date(timeIntervalSince1970: 1_790_086_400),
        asset: action == .query ? nil : AssetRef(kind: .deposit, identifier: "6222020200112233445"),
        amount: [.freeze, .deduct, .release].contains(action) ? asked : nil,
        endOn: [.freeze, .renew].contains(action) ? orderedEnd : nil)
    request.freezeRequestID = action == .freeze || action == .query ? nil : "CR00000000"
    return request
}

/// One request of each action, made once: the input's first byte picks one.
private let requests: [ControlRequest] = [.query, .freeze, .renew, .release, .deduct].map(request)

private func answer(kind: UInt8, _ payload: Data) -> ControlAnswer? {
    switch kind % 3 {
    case 0:
        guard let message = try? Enforcement_V1_AnswerQueryRequest(serializedBytes: payload) else { return nil }
        return try? ControlWorkflow.answer(AnswerQuery(message))
    case 1:
        guard let message = try? Enforcement_V1_AnswerControlRequest(serializedBytes: payload) else { return nil }
        return try? ControlWorkflow.answer(AnswerControl(message))
    default:
        guard let message = try? Enforcement_V1_AnswerDeductionRequest(serializedBytes: payload) else { return nil }
        return try? ControlWorkflow.answer(AnswerDeduction(message)).0
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let choice = Choice(bytes(data, size))
    var target = requests[Int(choice.selector % 5)]
    guard let answer = answer(kind: choice.selector / 5, choice.rest) else { return 0 }
    guard (try? ControlWorkflow.check(answer, fits: target)) != nil else { return 0 }
    switch answer {
    case .query(let holdings):
        for holding in holdings {
            require(holding.available <= holding.balance && holding.balance <= Money.maximum, "a holding out of bounds was accepted: \(holding)")
            require(holding.ownerIDNumber == nil || holding.ownerIDNumber == debtor.idNumber, "a holding of someone else was accepted")
        }
    case .control(let controlled, _, let startOn, let endOn):
        if target.action == .freeze { require(controlled <= asked, "a freeze controls more than asked: \(controlled)") }
        if controlled.fen > 0, [.freeze, .renew].contains(target.action) {
            require(startOn != nil && endOn != nil && startOn! <= endOn! && endOn! <= orderedEnd, "a term outside the order was accepted: \(answer)")
        }
    case .deduction(let moved, _, _):
        require(moved <= asked && moved.fen >= 0, "a deduction moves more than asked: \(moved)")
    }
    target.status = .answered
    target.answer = answer
    guard let stored = try? JSONEncoder().encode(target) else {
        require(false, "an accepted answer does not encode: \(answer)")
        return 0
    }
    let read = try? JSONDecoder().decode(ControlRequest.self, from: stored)
    require(read == target, "an accepted answer does not read back: \(String(decoding: stored, as: UTF8.self))")
    return 0
}

@_cdecl("FuzzAnswers_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzOne)
}
