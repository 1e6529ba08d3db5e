import EnforcementCore
import Foundation
import SwiftProtobuf

/// A mutating call whose answer is kept in the wire format: `write` runs the workflow with the
/// encoder `convert` in `WireAnswer.current`, so the store keeps, in the write's own transaction,
/// the bytes of the response message; a replay of the same request id (even after an upgrade that
/// changed a domain type or a conversion) is answered with exactly those bytes.
func keptAnswer<Answer: Sendable, Message: SwiftProtobuf.Message>(
    _ convert: @escaping @Sendable (Answer) throws -> Message,
    write: () async throws -> Answer
) async throws -> Message {
    let wire = WireAnswer { value in
        guard let answer = value as? Answer else { return nil }
        return try convert(answer).serializedBytes()
    }
    do {
        return try convert(try await WireAnswer.$current.withValue(wire) { try await write() })
    } catch let replay as ReplayedWireAnswer {
        return try Message(serializedBytes: replay.bytes)
    }
}
