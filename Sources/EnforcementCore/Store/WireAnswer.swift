public import Foundation

/// How a write's answer is kept for replays: as the bytes its caller received on the wire (the
/// RPC's response message), not as the JSON of a domain type, so a replay after an upgrade that
/// renamed a Swift property or changed a conversion still answers byte for byte what the first
/// call answered.
///
/// The RPC edge sets ``current`` around a workflow call (see the server's `keptAnswer`); the store
/// encodes the write's answer with it inside the write's transaction and keeps the bytes beside the
/// request hash. A replay of such a row throws ``ReplayedWireAnswer`` instead of running the
/// write, and the RPC edge answers its bytes. Writes with no encoder (background monitors, tests of
/// the core) keep the JSON of the domain answer as before.
public struct WireAnswer: Sendable {
    /// The answer's message bytes, or nil when the value is not the answer the RPC converts (the
    /// write then keeps the domain JSON).
    public let encode: @Sendable (any Sendable) throws -> Data?

    public init(encode: @escaping @Sendable (any Sendable) throws -> Data?) {
        self.encode = encode
    }

    /// The encoder of the RPC being handled, if any.
    @TaskLocal public static var current: WireAnswer?
}

/// A write was a replay of a request whose answer is kept in the wire format: these are the bytes
/// of the response message the first call answered. Only the RPC edge catches it.
public struct ReplayedWireAnswer: Error, Sendable {
    public let bytes: Data

    public init(bytes: Data) { self.bytes = bytes }
}
