public import Foundation

/// The outbox of messages to judges and parties, their deliveries and the delivery log.
public protocol OutboxReader {
    func messages(caseNumber: CaseNumber?, after: Int64, limit: Int) throws -> [OutboxMessage]
    /// Messages with no delivery yet or pending with the next attempt at or before `instant`, and
    /// not leased to a sender at `instant`, in sequence order.
    func due(at instant: Date, limit: Int) throws -> [OutboxItem]
    func items(status: Delivery.Status?, caseNumber: CaseNumber?, after: Int64, limit: Int) throws -> [OutboxItem]
    func item(_ sequence: Int64) throws -> OutboxItem?
    /// Attempts of one message, or of every message of a case, or all; after a log sequence, in order.
    func deliveryLog(outboxSequence: Int64?, caseNumber: CaseNumber?, after: Int64, limit: Int) throws -> [DeliveryAttempt]
    /// The last node event turned into messages.
    func nodeNotifierCursor() throws -> Int64
}

public protocol OutboxWriter: OutboxReader {
    func append(_ message: OutboxMessage) throws -> OutboxMessage
    func save(_ delivery: Delivery) throws
    func append(_ attempt: DeliveryAttempt) throws -> DeliveryAttempt
    func setNodeNotifierCursor(_ sequence: Int64) throws
    /// Leases a message to one sender until `until`, unless another owner's lease is still live
    /// at `now`; answers whether this owner holds it. Saving the message's delivery ends the lease.
    func claim(_ sequence: Int64, owner: String, until: Date, at now: Date) throws -> Bool
}
