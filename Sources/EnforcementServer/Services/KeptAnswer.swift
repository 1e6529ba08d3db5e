import EnforcementCore
import Foundation
import SwiftProtobuf
import Synchronization

/// A mutating call whose answer is kept in the wire format: `write` runs the workflow with the
/// encoder `convert` in `WireAnswer.current`, so the store keeps, in the write's own transaction,
/// the bytes of the response message; a replay of the same request id (even after an upgrade that
/// changed a domain type or a conversion) is answered with exactly those bytes. A first call
/// answers the message the store encoded, converted once.
func keptAnswer<Answer: Sendable, Message: SwiftProtobuf.Message>(
    _ convert: @escaping @Sendable (Answer) throws -> Message,
    write: () async throws -> Answer
) async throws -> Message {
    let encoded = Mutex<Message?>(nil)
    let wire = WireAnswer { value in
        guard let answer = value as? Answer else { return nil }
        let message = try convert(answer)
        encoded.withLock { $0 = message }
        return try message.serializedBytes()
    }
    do {
        let answer = try await WireAnswer.$current.withValue(wire) { try await write() }
        return try encoded.withLock { $0 } ?? convert(answer)
    } catch let replay as ReplayedWireAnswer {
        return try Message(serializedBytes: replay.bytes)
    }
}
