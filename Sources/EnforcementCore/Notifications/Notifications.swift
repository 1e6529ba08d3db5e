public import Foundation

/// Delivery of the outbox (filled by the case, control, funds and deterrence subsystems) through
/// channel adapters, with retries, backoff, a delivery log and a dead-letter state; and the
/// messages of the process nodes flagged "pushed to parties".
///
/// Delivery is at least once: a message is marked delivered after its channel accepted it, so a
/// crash between the two sends it again, with the same id for the gateway to drop the repeat.
/// Before sending, an instance leases the message (`lease`, 5 minutes by default): servers sharing
/// a database never send one attempt twice, and a sender that died is replaced once its lease ends.
public struct NotificationWorkflow: Sendable {
    public let domain: Domain
    /// Adapters by channel; a message whose channel has none waits (and is logged as failed).
    public let channels: [ChannelKind: any NotificationChannel]
    /// Parties are reached by this channel at their mobile number (SMS, or WeChat bound to the number).
    public let partyChannel: ChannelKind
    /// Handling judges are reached through their court's case system.
    public let judgeChannel: ChannelKind
    /// Failed attempts before a message goes to dead letter.
    public let maxAttempts: Int
    /// Backoff after the n-th failure: `baseDelay × 2^(n-1)`, at most `maxDelay`.
    public let baseDelay: Duration
    public let maxDelay: Duration
    /// This instance's name on its leases.
    public let instance: String
    /// How long a lease keeps other instances from sending a message.
    public let lease: Duration

    public static let caller = Caller(principal: .system("notifier"))

    public init(domain: Domain, channels: [ChannelKind: any NotificationChannel], partyChannel: ChannelKind = .sms,
                judgeChannel: ChannelKind = .webhook, maxAttempts: Int = 5, baseDelay: Duration = .seconds(60), maxDelay: Duration = .seconds(3600),
                instance: String = UUID().uuidString, lease: Duration = .seconds(300)) {
        self.instance = instance
        self.lease = lease
        self.domain = domain
        self.channels = channels
        self.partyChannel = partyChannel
        self.judgeChannel = judgeChannel
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// The delay before attempt `failures + 1`.
    public func backoff(afterFailures failures: Int) -> TimeInterval {
        let base = Double(baseDelay.components.seconds)
        return min(Double(maxDelay.components.seconds), base * pow(2, Double(max(0, failures - 1))))
    }

    /// Channel and address of a message: parties by their mobile number, the judge by the court.
    public func route(_ message: OutboxMessage) -> (ChannelKind, String)? {
        switch message.recipient {
        case .handlingJudge: (judgeChannel, message.caseNumber.court.value)
        case .applicant, .debtor, .institution: message.phone.map { (partyChannel, $0) }
        }
    }

    public struct Report: Hashable, Sendable {
        public var generated = 0
        public var delivered = 0
        public var failed = 0
        public var deadLettered = 0
        /// Messages due at the start of the pass (at most the pass's 200): the backlog it faced.
        public var due = 0

        public init() {}
    }

    /// One pass: node messages first, then every due message.
    @discardableResult
    public func sweep() async throws -> Report {
        var report = Report()
        report.generated = try await generateNodeMessages()
        let now = domain.clock.now()
        let due = try await domain.store.read { reader in try reader.outbox.due(at: now, limit: 200) }
        report.due = due.count
        for item in due {
            switch try await attempt(item) {
            case .delivered: report.delivered += 1
            case .failed: report.failed += 1
            case .deadLettered: report.deadLettered += 1
            case .requeued: break
            }
        }
        return report
    }

    /// One attempt of one message, recorded in its delivery and the log.
    func attempt(_ item: OutboxItem) async throws -> DeliveryAttempt.Outcome {
        let message = item.message
        let attemptNumber = (item.delivery?.attempts ?? 0) + 1
        guard try await claim(item, attempt: attemptNumber) else { return .requeued }
        var outcome: DeliveryAttempt.Outcome
        var detail: String?
        let route = self.route(message)
        if let (channel, address) = route {
            if let adapter = channels[channel] {
                do {
                    try await adapter.send(OutgoingNotification(
                        id: "outbox-\(message.sequence)", channel: channel, address: address, caseNumber: message.caseNumber.description,
                        recipientName: message.name, template: message.template, text: message.text))
                    outcome = .delivered
                } catch {
                    outcome = .failed
                    detail = String(describing: error).prefix(500).description
                }
            } else {
                outcome = .failed
                detail = "no \(channel.rawValue) adapter is configured"
            }
            if outcome == .failed, attemptNumber >= maxAttempts { outcome = .deadLettered }
        } else {
            outcome = .deadLettered
            detail = "no contact: \(message.recipient.rawValue) \(message.name) has no mobile number"
        }
        let context = try domain.writeContext(DeliveryAction(outboxSequence: message.sequence, attempt: attemptNumber), caller: Self.caller,
                                             requestID: "notify/\(message.sequence)/\(attemptNumber)/\(item.delivery?.nextAttemptAt.timeIntervalSince1970 ?? 0)")
        let delay = backoff(afterFailures: attemptNumber)
        let (finalOutcome, finalDetail) = (outcome, detail)
        let _: Bool = try await domain.store.write(context) { tx in
            var delivery = try tx.outbox.item(message.sequence)?.delivery
                ?? Delivery(outboxSequence: message.sequence, channel: route?.0, address: route?.1, status: .pending, attempts: 0, nextAttemptAt: context.at)
            guard delivery.status == .pending, delivery.attempts == attemptNumber - 1 else { return (false, "outbox \(message.sequence)") }
            delivery.attempts = attemptNumber
            delivery.channel = route?.0
            delivery.address = route?.1
            delivery.lastError = finalDetail
            switch finalOutcome {
            case .delivered:
                delivery.status = .delivered
                delivery.deliveredAt = context.at
            case .deadLettered: delivery.status = .deadLetter
            default: delivery.nextAttemptAt = context.at.addingTimeInterval(delay)
            }
            try tx.outbox.save(delivery)
            _ = try tx.outbox.append(DeliveryAttempt(outboxSequence: message.sequence, attempt: attemptNumber, at: context.at, channel: route?.0,
                                              address: route.map { Self.logged($0.1, channel: $0.0) }, outcome: finalOutcome, detail: finalDetail))
            return (true, "outbox \(message.sequence)")
        }
        return outcome
    }

    /// Leases the message to this instance for its next attempt, if it is still due as read and no
    /// other instance holds a live lease.
    public func claim(_ item: OutboxItem, attempt: Int) async throws -> Bool {
        let sequence = item.message.sequence
        let context = try domain.writeContext(DeliveryClaim(outboxSequence: sequence, attempt: attempt, instance: instance), caller: Self.caller,
                                             requestID: "notify-claim/\(sequence)/\(attempt)/\(instance)/\(domain.clock.now().epochMillis)")
        let until = context.at.addingTimeInterval(Double(lease.components.seconds))
        return try await domain.store.write(context) { tx in
            let current = try tx.outbox.item(sequence)?.delivery
            guard (current?.attempts ?? 0) == attempt - 1, current.map({ $0.status == .pending }) ?? true,
                  try tx.outbox.claim(sequence, owner: instance, until: until, at: context.at)
            else { return (false, "outbox \(sequence)") }
            return (true, "outbox \(sequence)")
        }
    }

    /// Puts a dead letter back in the queue for `maxAttempts` more attempts, from now.
    public func retry(_ sequence: Int64, by caller: Caller, requestID: String) async throws -> OutboxItem {
        let context = try domain.writeContext(RetryDelivery(outboxSequence: sequence), caller: caller, requestID: requestID)
        return try await domain.store.write(context) { tx in
            guard let item = try tx.outbox.item(sequence) else {
                throw EnforcementError(.notFound, field: "sequence", "no outbox message \(sequence)")
            }
            guard caller.mayChange(item.message.caseNumber) || caller.isCityWide else {
                throw Domain.outOfScope("outbox message \(sequence)", field: "sequence")
            }
            guard var delivery = item.delivery, delivery.status == .deadLetter else {
                throw EnforcementError.precondition("message \(sequence) is \(item.status.rawValue); only a dead letter is retried", field: "sequence")
            }
            delivery.status = .pending
            delivery.attempts = 0
            delivery.nextAttemptAt = context.at
            try tx.outbox.save(delivery)
            _ = try tx.outbox.append(DeliveryAttempt(outboxSequence: sequence, attempt: 0, at: context.at, channel: delivery.channel,
                                              address: delivery.address.map { Self.logged($0, channel: delivery.channel ?? .sms) },
                                              outcome: .requeued, detail: "retried by \(caller.principal)"))
            return (OutboxItem(message: item.message, delivery: delivery), "outbox \(sequence)")
        }
    }

    /// Messages by status (a court: of one of its cases; the command centre: all).
    public func items(status: Delivery.Status?, caseNumber raw: String?, after: Int64, limit: Int, by caller: Caller) async throws -> [OutboxItem] {
        let number = try scope(raw, caller)
        let size = try PageSize.resolve(limit)
        return try await domain.store.read { reader in try reader.outbox.items(status: status, caseNumber: number, after: after, limit: size) }
    }

    public func log(caseNumber raw: String?, sequence: Int64?, after: Int64, limit: Int, by caller: Caller) async throws -> [DeliveryAttempt] {
        let number = try scope(raw, caller)
        let size = try PageSize.resolve(limit)
        return try await domain.store.read { reader in
            if let sequence {
                guard let item = try reader.outbox.item(sequence), number == nil || item.message.caseNumber == number,
                      caller.isCityWide || caller.mayRead(item.message.caseNumber)
                else { throw EnforcementError(.notFound, field: "sequence", "no outbox message \(sequence)") }
            }
            return try reader.outbox.deliveryLog(outboxSequence: sequence, caseNumber: number, after: after, limit: size)
        }
    }

    func scope(_ raw: String?, _ caller: Caller) throws -> CaseNumber? {
        guard let raw, !raw.isEmpty else {
            guard caller.isCityWide else { throw EnforcementError.invalid("case_number", "a court names one of its cases") }
            return nil
        }
        let number = try CaseNumber(parsing: raw)
        try domain.requireReadRight(caller, number)
        return number
    }

    // MARK: Node messages

    /// Turns node events of nodes flagged "pushed to parties" into one message per party, after the
    /// stored cursor, in the same transaction that moves the cursor (so each event once). Nodes whose
    /// subsystem writes its own messages (funds) are skipped.
    public func generateNodeMessages() async throws -> Int {
        let nodes = domain.nodes
        var total = 0
        while true {
            let (cursor, events) = try await domain.store.read { reader in
                let cursor = try reader.outbox.nodeNotifierCursor()
                return (cursor, try reader.cases.nodeEvents(after: cursor, limit: 200))
            }
            // The cursor follows the events' feed positions (their commit order), not their sequences.
            guard let last = events.last, let through = last.feedPosition else { return total }
            let context = try domain.writeContext(NodeMessagesAction(after: cursor, through: through), caller: Self.caller,
                                                 requestID: "node-messages/\(cursor)-\(through)")
            let written: Int = try await domain.store.write(context) { tx in
                guard try tx.outbox.nodeNotifierCursor() == cursor else { return (0, "node messages") }
                var count = 0
                for event in events {
                    guard let node = nodes.node(event.nodeCode), node.pushedToParties, !Self.ownMessages.contains(node.code),
                          let record = try tx.cases.record(event.caseNumber)
                    else { continue }
                    for (recipient, party) in record.applicants.map({ (OutboxMessage.Recipient.applicant, $0) }) + record.debtors.map({ (.debtor, $0) }) {
                        _ = try tx.outbox.append(OutboxMessage(
                            caseNumber: event.caseNumber, recipient: recipient, name: party.name, phone: party.phone, template: node.code,
                            text: Self.nodeText(name: party.name, caseNumber: event.caseNumber, node: node, on: event.occurredOn, judge: record.handlingJudge),
                            reference: "node:\(event.sequence)", createdAt: context.at))
                        count += 1
                    }
                }
                try tx.outbox.setNodeNotifierCursor(through)
                return (count, "node messages")
            }
            total += written
        }
    }

    /// Nodes whose own subsystem writes richer messages (with amounts).
    static let ownMessages: Set<String> = ["funds_received", "funds_paid_out"]

    /// 【上海法院执行】张三您好：您的案件（2026）沪0105执1号于2026-11-28进行了“冻结财产”，承办法官：李法官。
    public static func nodeText(name: String, caseNumber: CaseNumber, node: ProcessNode, on day: CalendarDate, judge: String?) -> String {
        "【法院执行公开】\(name)您好：您的案件\(caseNumber)于\(day)进行了“\(node.nameZh)”" + (judge.map { "，承办法官：\($0)" } ?? "")
            + "。可凭案号和查询码在执行公开平台查看详情。"
    }

    /// A phone number is masked in the log; a court code is not.
    static func logged(_ address: String, channel: ChannelKind) -> String {
        channel == .sms || channel == .wechat ? Party.maskPhone(address) : address
    }
}

struct DeliveryAction: CaseCommand, Hashable {
    static let action = "notify.attempt"
    var outboxSequence: Int64
    var attempt: Int
}

struct DeliveryClaim: CaseCommand, Hashable {
    static let action = "notify.claim"
    var outboxSequence: Int64
    var attempt: Int
    var instance: String
}

struct RetryDelivery: CaseCommand, Hashable {
    static let action = "notify.retry"
    var outboxSequence: Int64
}

struct NodeMessagesAction: CaseCommand, Hashable {
    static let action = "notify.node_messages"
    var after: Int64
    var through: Int64
}
