public import Foundation

/// The channels a message can go out on; each has one adapter behind `NotificationChannel`.
public enum ChannelKind: String, Codable, Sendable, CaseIterable {
    case sms, wechat, email, webhook
}

/// Where one outbox message stands.
public struct Delivery: Hashable, Codable, Sendable {
    public enum Status: String, Codable, Sendable, CaseIterable {
        /// Waiting for its first or next attempt.
        case pending
        case delivered
        /// Failed `maxAttempts` times, or had nowhere to go: an operator looks at it (`notify retry`).
        case deadLetter = "dead_letter"
    }

    public var outboxSequence: Int64
    public var channel: ChannelKind?
    public var address: String?
    public var status: Status
    public var attempts: Int
    public var nextAttemptAt: Date
    public var lastError: String?
    public var deliveredAt: Date?

    public init(outboxSequence: Int64, channel: ChannelKind?, address: String?, status: Status, attempts: Int, nextAttemptAt: Date,
                lastError: String? = nil, deliveredAt: Date? = nil) {
        self.outboxSequence = outboxSequence
        self.channel = channel
        self.address = address
        self.status = status
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.deliveredAt = deliveredAt
    }
}

/// One attempt, in the delivery log.
public struct DeliveryAttempt: Hashable, Codable, Sendable {
    public enum Outcome: String, Codable, Sendable, CaseIterable {
        case delivered, failed, deadLettered = "dead_lettered", requeued
    }

    public var sequence: Int64
    public var outboxSequence: Int64
    public var attempt: Int
    public var at: Date
    public var channel: ChannelKind?
    /// The address as logged: a phone number masked.
    public var address: String?
    public var outcome: Outcome
    public var detail: String?

    public init(sequence: Int64 = 0, outboxSequence: Int64, attempt: Int, at: Date, channel: ChannelKind?, address: String?,
                outcome: Outcome, detail: String?) {
        self.sequence = sequence
        self.outboxSequence = outboxSequence
        self.attempt = attempt
        self.at = at
        self.channel = channel
        self.address = address
        self.outcome = outcome
        self.detail = detail
    }
}

/// A message with its delivery state (nil before the first attempt).
public struct OutboxItem: Hashable, Codable, Sendable {
    public var message: OutboxMessage
    public var delivery: Delivery?

    public init(message: OutboxMessage, delivery: Delivery?) {
        self.message = message
        self.delivery = delivery
    }

    public var status: Delivery.Status { delivery?.status ?? .pending }
}

/// What an adapter sends.
public struct OutgoingNotification: Hashable, Codable, Sendable {
    /// The outbox sequence: the gateway's idempotency key (a retried send carries the same id).
    public var id: String
    public var channel: ChannelKind
    public var address: String
    public var caseNumber: String
    public var recipientName: String
    public var template: String
    public var text: String

    public init(id: String, channel: ChannelKind, address: String, caseNumber: String, recipientName: String, template: String, text: String) {
        self.id = id
        self.channel = channel
        self.address = address
        self.caseNumber = caseNumber
        self.recipientName = recipientName
        self.template = template
        self.text = text
    }
}

/// One delivery channel (an SMS gateway, WeChat, e-mail, a court's webhook, or the development file).
public protocol NotificationChannel: Sendable {
    /// Sends one message; throws when the channel did not accept it (the dispatcher retries).
    func send(_ notification: OutgoingNotification) async throws
}
