import NIOCore
import NIOHTTP2
import Synchronization

/// Bounds the request bytes the server holds for requests that have not finished arriving: a
/// stream whose request is not complete holds its bytes (the message is assembled before the
/// handler runs), so a client that opens many streams and never ends them could park memory.
///
/// - one stream's unfinished request may hold at most `perStream` bytes (the largest message plus
///   its framing) and must finish within `requestDeadline` of its first byte;
/// - one connection's unfinished requests together at most `perConnection` bytes.
///
/// A stream over a bound is reset (its bytes are released); the connection and its other streams
/// go on. Installed on every HTTP/2 stream through the transport's `onAcceptHTTP2Stream` callback.
public final class RequestBudget: Sendable {
    public struct Limits: Sendable {
        public var perStream = (1 << 20) + 1_024
        public var perConnection = 16 << 20
        public var requestDeadline: Duration = .seconds(30)
        public init() {}
    }

    public let limits: Limits
    /// Bytes of unfinished requests per connection.
    private let held = Mutex([ObjectIdentifier: Int]())
    private let resets = Atomic(0)

    public init(limits: Limits = Limits()) { self.limits = limits }

    /// Streams reset for a bound since start.
    public var streamsReset: Int { resets.load(ordering: .relaxed) }

    /// Bytes of unfinished requests held now, over all connections.
    public var bytesHeld: Int { held.withLock { $0.values.reduce(0, +) } }

    func install(on stream: any Channel) throws {
        guard let connection = stream.parent else { return }
        try stream.pipeline.syncOperations.addHandler(StreamHandler(budget: self, connection: ObjectIdentifier(connection)), position: .first)
    }

    /// Takes `bytes` for a connection; false when that would pass its bound.
    fileprivate func take(_ bytes: Int, connection: ObjectIdentifier) -> Bool {
        held.withLock { held in
            let now = held[connection, default: 0]
            guard now + bytes <= limits.perConnection else { return false }
            held[connection] = now + bytes
            return true
        }
    }

    fileprivate func give(_ bytes: Int, connection: ObjectIdentifier) {
        guard bytes > 0 else { return }
        held.withLock { held in
            let left = held[connection, default: 0] - bytes
            held[connection] = left > 0 ? left : nil
        }
    }

    fileprivate func countReset() { resets.add(1, ordering: .relaxed) }

    final class StreamHandler: ChannelInboundHandler, @unchecked Sendable {  // used on its channel's event loop only
        typealias InboundIn = HTTP2Frame.FramePayload
        typealias InboundOut = HTTP2Frame.FramePayload

        let budget: RequestBudget
        let connection: ObjectIdentifier
        var held = 0
        var finished = false
        var deadline: Scheduled<Void>?

        init(budget: RequestBudget, connection: ObjectIdentifier) {
            self.budget = budget
            self.connection = connection
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let payload = unwrapInboundIn(data)
            guard !finished else { return context.fireChannelRead(data) }
            var ended = false
            switch payload {
            case .headers(let headers):
                ended = headers.endStream
                if !ended, deadline == nil {
                    let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
                    deadline = context.eventLoop.scheduleTask(in: TimeAmount(budget.limits.requestDeadline)) { [self] in
                        if !finished { reset(loopBound.value) }
                    }
                }
            case .data(let frame):
                let bytes = frame.data.readableBytes
                guard held + bytes <= budget.limits.perStream, budget.take(bytes, connection: connection) else {
                    return reset(context)
                }
                held += bytes
                ended = frame.endStream
            default:
                break
            }
            if ended { finish() }
            context.fireChannelRead(data)
        }

        func channelInactive(context: ChannelHandlerContext) {
            finish()
            context.fireChannelInactive()
        }

        func handlerRemoved(context: ChannelHandlerContext) { finish() }

        /// The request is complete (or the stream gone): its bytes are the handler's now, not parked.
        private func finish() {
            guard !finished else { return }
            finished = true
            deadline?.cancel()
            budget.give(held, connection: connection)
            held = 0
        }

        private func reset(_ context: ChannelHandlerContext) {
            guard !finished else { return }
            finish()
            budget.countReset()
            context.close(promise: nil)
        }
    }
}
