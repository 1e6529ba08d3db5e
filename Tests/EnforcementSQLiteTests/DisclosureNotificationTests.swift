import EnforcementCore
import EnforcementSQLite
import Foundation
import Synchronization
import Testing

extension Harness {
    func issue(_ number: CaseNumber, _ party: String) async throws -> String {
        try await disclosure.issueCode(IssueAccessCode(caseNumber: number.description, party: party), by: Harness.court0105, requestID: UUID().uuidString).code
    }
}

/// A channel that refuses every message while `failing`, else accepts; it records what it accepted.
final class ScriptedChannel: NotificationChannel {
    struct Refused: Error {}
    let failing: Mutex<Bool>
    let sent = Mutex<[OutgoingNotification]>([])

    init(failing: Bool = false) { self.failing = Mutex(failing) }

    func send(_ notification: OutgoingNotification) async throws {
        guard !failing.withLock({ $0 }) else { throw Refused() }
        sent.withLock { $0.append(notification) }
    }
}

@Suite("Disclosure: access codes, masking, lockout")
struct DisclosureTests {
    @Test("a party's code opens the case: its own ID in full, every other party's masked, the measures and nodes listed")
    func lookup() async throws {
        let h = try await Harness()
        let number = try await h.personCase()
        _ = try await h.impose(number, .exitBan)
        let code = try await h.issue(number, "applicant:0")
        #expect(code.count == 10)
        let view = try await h.disclosure.lookup(caseNumber: number.description, code: code.lowercased(), address: "ipv4:127.0.0.1:50000")
        #expect(view.applicants[0].idNumber == "11010519491231002X" && view.applicants[0].isCaller && view.applicants[0].phone == "13812345678")
        let debtorID = Harness.personID(born: "1980-05-17")
        #expect(view.debtors[0].idNumber == String(debtorID.prefix(10)) + "****" + String(debtorID.suffix(4)))
        #expect(view.debtors[0].phone == "139****1111")
        #expect(view.measures.map(\.kind) == [.exitBan])
        #expect(view.nodes.map(\.code).contains("exit_banned") && view.handlingJudge == nil)
        // The debtor's own code shows the debtor in full and the applicant masked.
        let debtorCode = try await h.issue(number, "debtor:0")
        let debtorView = try await h.disclosure.lookup(caseNumber: number.description, code: debtorCode, address: "ipv4:127.0.0.1:50001")
        #expect(debtorView.debtors[0].idNumber == debtorID && debtorView.applicants[0].idNumber == "1101051949****002X")
        #expect(debtorView.applicants[0].phone == "138****5678")
        // A replayed issue request does not answer a code it did not keep.
        _ = try await h.disclosure.issueCode(IssueAccessCode(caseNumber: number.description, party: "debtor:0"), by: Harness.court0105, requestID: "same")
        await #expect(throws: EnforcementError.self) {
            _ = try await h.disclosure.issueCode(IssueAccessCode(caseNumber: number.description, party: "debtor:0"), by: Harness.court0105, requestID: "same")
        }
        try await h.expectRefusal(.invalidArgument, field: "party") { _ = try await h.issue(number, "debtor:1") }
        try await h.expectRefusal(.notFound, field: "case_number") {
            _ = try await h.disclosure.issueCode(IssueAccessCode(caseNumber: number.description, party: "debtor:0"), by: Harness.court0101, requestID: "o")
        }
    }

    @Test("5 wrong codes for a case from one address lock that address out for 24 hours, even with the right code; nothing of the case changes")
    func lockout() async throws {
        let h = try await Harness()
        let number = try await h.personCase()
        let code = try await h.issue(number, "applicant:0")
        let timeline = try await h.workflow.timeline(number.description, by: Harness.court0105)
        let attacker = "ipv4:10.0.0.9:40001"
        for attempt in 1...4 {
            let error = await #expect(throws: EnforcementError.self) {
                _ = try await h.disclosure.lookup(caseNumber: number.description, code: "WRONG\(attempt)", address: attacker)
            }
            #expect(error?.code == .notFound && error?.field == "access_code")
        }
        let fifth = await #expect(throws: EnforcementError.self) {
            _ = try await h.disclosure.lookup(caseNumber: number.description, code: "WRONG5", address: "ipv4:10.0.0.9:40002")  // another port, same address
        }
        #expect(fifth?.code == .resourceExhausted)
        let locked = await #expect(throws: EnforcementError.self) {
            _ = try await h.disclosure.lookup(caseNumber: number.description, code: code, address: attacker)
        }
        #expect(locked?.code == .resourceExhausted, "the right code is refused while locked")
        // Another address is not affected; the case itself did not change.
        _ = try await h.disclosure.lookup(caseNumber: number.description, code: code, address: "ipv4:10.0.0.10:40003")
        #expect(try await h.workflow.timeline(number.description, by: Harness.court0105) == timeline)
        h.clock.set(h.clock.now().addingTimeInterval(24 * 3600 + 1))
        _ = try await h.disclosure.lookup(caseNumber: number.description, code: code, address: attacker)
        // An unknown case answers like a wrong code (its existence is not revealed); a malformed number is INVALID_ARGUMENT.
        let unknown = await #expect(throws: EnforcementError.self) {
            _ = try await h.disclosure.lookup(caseNumber: "（2026）沪0105执9999号", code: code, address: attacker)
        }
        #expect(unknown?.code == .notFound)
        let malformed = await #expect(throws: EnforcementError.self) { _ = try await h.disclosure.lookup(caseNumber: "1234", code: code, address: attacker) }
        #expect(malformed?.code == .invalidArgument)
    }
}

@Suite("Disclosure: guessing limits without durable writes (issue 12, findings 6 and 7)")
struct LookupLimitTests {
    // Finding 6: a correct lookup with one's own code reset the counter, so interleaving it allowed unlimited guesses.
    @Test("a correct lookup does not reset the failure count: 40 guesses interleaved with one's own code end in a lockout at the 5th")
    func noResetBySuccess() async throws {
        let h = try await Harness()
        let number = try await h.personCase()
        let own = try await h.issue(number, "debtor:0")
        _ = try await h.issue(number, "applicant:0")
        let address = "ipv4:10.1.1.1:5000"
        var wrongAnswers: [EnforcementError.Code] = []
        for cycle in 0..<10 {
            for guess in 0..<4 {
                do {
                    _ = try await h.disclosure.lookup(caseNumber: number.description, code: "GUESS\(cycle)\(guess)", address: address)
                } catch let error as EnforcementError { wrongAnswers.append(error.code) }
            }
            _ = try? await h.disclosure.lookup(caseNumber: number.description, code: own, address: address)
        }
        #expect(wrongAnswers.count == 40)
        #expect(wrongAnswers.prefix(4).allSatisfy { $0 == .notFound })
        #expect(wrongAnswers.dropFirst(4).allSatisfy { $0 == .resourceExhausted }, "\(wrongAnswers)")
    }

    @Test("wrong codes across cases lock an address out of every case; another address is served")
    func perAddressAcrossCases() async throws {
        let h = try await Harness()
        var numbers: [CaseNumber] = []
        for _ in 0..<6 { numbers.append(try await h.personCase()) }
        let code = try await h.issue(numbers[0], "applicant:0")
        let address = "ipv4:10.2.2.2:1"
        var codes: [EnforcementError.Code] = []
        for number in numbers {
            for guess in 0..<4 {
                do { _ = try await h.disclosure.lookup(caseNumber: number.description, code: "NOPE\(guess)", address: address) }
                catch let error as EnforcementError { codes.append(error.code) }
            }
        }
        // 4 per case stays under the per-case limit; the 20th wrong code overall locks the address.
        #expect(codes.prefix(19).allSatisfy { $0 == .notFound } && codes[19] == .resourceExhausted && codes.count == 24)
        await #expect(throws: EnforcementError.self) { _ = try await h.disclosure.lookup(caseNumber: numbers[0].description, code: code, address: address) }
        _ = try await h.disclosure.lookup(caseNumber: numbers[0].description, code: code, address: "ipv4:10.2.2.3:1")
    }

    @Test("more than 20 lookups a minute from one address are refused, then served again after the minute")
    func rateLimit() async throws {
        let h = try await Harness()
        let number = try await h.personCase()
        let code = try await h.issue(number, "applicant:0")
        for _ in 0..<20 { _ = try await h.disclosure.lookup(caseNumber: number.description, code: code, address: "ipv4:10.3.3.3:9") }
        let refused = await #expect(throws: EnforcementError.self) {
            _ = try await h.disclosure.lookup(caseNumber: number.description, code: code, address: "ipv4:10.3.3.3:9")
        }
        #expect(refused?.code == .resourceExhausted)
        h.clock.set(h.clock.now().addingTimeInterval(61))
        _ = try await h.disclosure.lookup(caseNumber: number.description, code: code, address: "ipv4:10.3.3.3:9")
    }

    // Finding 7: every failed lookup of a non-existent case wrote four rows with an fsync.
    @Test("300 failed lookups write nothing durable; the limiter's memory stays bounded by its capacity")
    func failuresWriteNothing() async throws {
        let h = try await Harness()
        let limited = DisclosureWorkflow(domain: h.workflow.domain, limits: { var l = LookupLimiter.Limits(); l.capacity = 50; return l }())
        let journal = try await h.journalCount()
        for index in 0..<300 {
            _ = try? await limited.lookup(caseNumber: "（2026）沪0105执\(9000 + index)号", code: "WRONG", address: "ipv4:10.9.\(index / 250).\(index % 250):1")
        }
        // Every durable write goes through the store's one write path, which journals it: an unchanged journal is nothing written.
        #expect(try await h.journalCount() == journal)
        #expect(await limited.limiter.trackedAddresses <= 50)
    }
}

@Suite("Notifications: node messages, retries, dead letters")
struct NotificationTests {
    func notifier(_ h: Harness, channel: any NotificationChannel, maxAttempts: Int = 5) -> NotificationWorkflow {
        NotificationWorkflow(domain: h.workflow.domain, channels: [.sms: channel, .webhook: channel], maxAttempts: maxAttempts)
    }

    @Test("nodes flagged pushed-to-parties give one message per party, once; Chinese template with the case number and node name")
    func nodeMessages() async throws {
        let h = try await Harness()
        let number = try await h.personCase()
        let channel = ScriptedChannel()
        let notifier = notifier(h, channel: channel)
        let first = try await notifier.generateNodeMessages()
        // case_filed and network_query_launched are pushed: each to 1 applicant + 1 debtor (no judge, so no handler_assigned).
        #expect(first == 4)
        #expect(try await notifier.generateNodeMessages() == 0, "each node event once")
        try await h.node(number, "asset_lead_checked")  // not pushed
        #expect(try await notifier.generateNodeMessages() == 0)
        try await h.node(number, "assets_frozen")
        #expect(try await notifier.generateNodeMessages() == 2)
        let items = try await notifier.items(status: .pending, caseNumber: number.description, after: 0, limit: 100, by: Harness.court0105)
        #expect(items.count == 6)
        #expect(items.last?.message.text.contains(number.description) == true && items.last?.message.text.contains("冻结财产") == true)
        let report = try await notifier.sweep()
        #expect(report.delivered == 6 && channel.sent.withLock { $0.count } == 6)
        #expect(channel.sent.withLock { $0.map(\.address) }.contains("13900001111"))
    }

    @Test("two instances sweeping the same outbox at once send each message once: the first to lease it sends it")
    func leasedOnce() async throws {
        let h = try await Harness()
        for _ in 0..<3 { _ = try await h.personCase() }
        let channel = ScriptedChannel()
        let one = NotificationWorkflow(domain: h.workflow.domain, channels: [.sms: channel, .webhook: channel], instance: "server-a")
        let two = NotificationWorkflow(domain: h.workflow.domain, channels: [.sms: channel, .webhook: channel], instance: "server-b")
        #expect(try await one.generateNodeMessages() == 12)
        for _ in 0..<3 {
            async let first = one.sweep()
            async let second = two.sweep()
            _ = try await (first, second)
        }
        let sent = channel.sent.withLock { $0.map(\.id) }
        #expect(sent.count == 12 && Set(sent).count == 12, "each message sent once")
        let delivered = try await one.items(status: .delivered, caseNumber: nil, after: 0, limit: 100, by: Harness.centre)
        #expect(delivered.count == 12 && delivered.allSatisfy { $0.delivery?.attempts == 1 })
    }

    @Test("a lease held by an instance that died keeps others off the message until it ends; then another instance sends it")
    func leaseExpires() async throws {
        let h = try await Harness()
        _ = try await h.personCase()
        let channel = ScriptedChannel()
        let survivor = NotificationWorkflow(domain: h.workflow.domain, channels: [.sms: channel, .webhook: channel], instance: "server-b")
        #expect(try await survivor.generateNodeMessages() == 4)
        // server-a leased every message and died before sending.
        let due = try await h.store.read { try $0.outbox.due(at: h.clock.now(), limit: 100) }
        let dead = NotificationWorkflow(domain: h.workflow.domain, channels: [:], instance: "server-a")
        for item in due { #expect(try await dead.claim(item, attempt: 1)) }
        #expect(try await survivor.sweep().delivered == 0)
        #expect(channel.sent.withLock { $0.isEmpty })
        h.clock.set(h.clock.now().addingTimeInterval(300))
        #expect(try await survivor.sweep().delivered == 4)
    }

    @Test("a failing channel is retried with doubling backoff; after 5 failures the message is a dead letter; retry puts it back")
    func retryAndDeadLetter() async throws {
        let h = try await Harness()
        let number = try await h.personCase()
        let channel = ScriptedChannel(failing: true)
        let notifier = notifier(h, channel: channel)
        #expect(try await notifier.generateNodeMessages() == 4)
        var report = try await notifier.sweep()
        #expect(report.failed == 4)
        // Not due again before the backoff: 60 s, then 120, 240, 480.
        #expect(try await notifier.sweep().failed == 0)
        for delay in [60.0, 120, 240] {
            h.clock.set(h.clock.now().addingTimeInterval(delay))
            report = try await notifier.sweep()
            #expect(report.failed == 4, "attempt after \(delay) s")
        }
        h.clock.set(h.clock.now().addingTimeInterval(480))
        report = try await notifier.sweep()
        #expect(report.deadLettered == 4 && report.failed == 0)
        let dead = try await notifier.items(status: .deadLetter, caseNumber: number.description, after: 0, limit: 10, by: Harness.court0105)
        #expect(dead.count == 4 && dead.allSatisfy { $0.delivery?.attempts == 5 })
        h.clock.set(h.clock.now().addingTimeInterval(86_400))
        #expect(try await notifier.sweep() == NotificationWorkflow.Report(), "a dead letter is not retried by itself")
        // The gateway is back; the operator retries one message.
        channel.failing.withLock { $0 = false }
        let sequence = try #require(dead.first).message.sequence
        let requeued = try await notifier.retry(sequence, by: Harness.court0105, requestID: "retry-1")
        #expect(requeued.status == .pending)
        await #expect(throws: EnforcementError.self) { _ = try await notifier.retry(sequence, by: Harness.court0105, requestID: "retry-2") }
        #expect(try await notifier.sweep().delivered == 1, "only the retried message goes")
        let log = try await notifier.log(caseNumber: nil, sequence: sequence, after: 0, limit: 100, by: Harness.centre)
        #expect(log.map(\.outcome) == [.failed, .failed, .failed, .failed, .deadLettered, .requeued, .delivered])
        #expect(log.allSatisfy { $0.address == nil || $0.address == "webhook" || $0.address!.contains("****") }, "phone numbers masked in the log")
        let backoff = NotificationWorkflow(domain: h.workflow.domain, channels: [:])
        #expect([1, 2, 3, 4, 5, 10].map { backoff.backoff(afterFailures: $0) } == [60, 120, 240, 480, 960, 3600])
    }

    @Test("a party with no mobile number has nowhere to go: a dead letter at once, logged")
    func noContact() async throws {
        let h = try await Harness()
        let number = try await h.personCase(phone: "")
        let notifier = notifier(h, channel: ScriptedChannel())
        _ = try await notifier.generateNodeMessages()
        let report = try await notifier.sweep()
        #expect(report.delivered == 2 && report.deadLettered == 2)
        let dead = try await notifier.items(status: .deadLetter, caseNumber: number.description, after: 0, limit: 10, by: Harness.court0105)
        #expect(dead.first?.message.recipient == .debtor && dead.first?.delivery?.lastError?.contains("no mobile number") == true)
    }

    @Test("funds messages (to the judge by the court's webhook) are delivered from the same outbox")
    func fundsMessages() async throws {
        let h = try await Harness()
        let (number, account) = try await h.fundedCase()
        _ = try await h.workflow.assignJudge(AssignJudge(caseNumber: number.description, handlingJudge: "李法官"), by: Harness.court0105, requestID: "j")
        _ = try await h.receive(500_000, into: account.description)
        let channel = ScriptedChannel()
        let notifier = notifier(h, channel: channel)
        _ = try await notifier.sweep()
        let sent = channel.sent.withLock { $0 }
        #expect(sent.contains { $0.channel == .webhook && $0.address == "沪0105" && $0.template == "funds_received" })
        #expect(sent.filter { $0.template == "funds_received" }.count >= 2)
        // funds_received is not announced a second time from its node event.
        #expect(!sent.contains { $0.template == "funds_received" && $0.text.hasPrefix("【法院执行公开】") })
    }
}
