import NIOCore
import NIOHPACK
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
/// A stream over a size bound is answered RESOURCE_EXHAUSTED (a trailers-only gRPC response) and
/// reset, one past its deadline reset; either way its bytes are released and the connection and
/// its other streams go on. Installed on every HTTP/2 stream through the transport's `onAcceptHTTP2Stream` callback.
public final class RequestBudget: Sendable {
    public struct Limits: Sendable {
        public var perStream = (1 << 20) + 1_024
        public var perConnection = 16 << 20
        public var requestDeadline: Duration = .seconds(30)
        /// Client-streaming methods (`/package.Service/Method`), e.g. an evidence upload: their
        /// messages are consumed as they arrive (HTTP/2 flow control holds back the rest), so only
        /// each message is bounded, and the stream is reset after `idleDeadline` without a byte
        /// instead of `requestDeadline` after its first.
        public var streamingPaths: Set<String> = []
        public var idleDeadline: Duration = .seconds(60)
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

    final class StreamHandler: ChannelDuplexHandler, @unchecked Sendable {  // used on its channel's event loop only
        typealias InboundIn = HTTP2Frame.FramePayload
        typealias InboundOut = HTTP2Frame.FramePayload
        typealias OutboundIn = HTTP2Frame.FramePayload
        typealias OutboundOut = HTTP2Frame.FramePayload

        let budget: RequestBudget
        let connection: ObjectIdentifier
        var held = 0
        var finished = false
        /// A client-streaming method: bounded per message and by idleness, not in total.
        var streaming = false
        var deadline: Scheduled<Void>?
        /// Whether the server has begun its response (then a refusal is sent as trailers only).
        var responseStarted = false
        /// The gRPC framing of the request: bytes of the current message still to come, and the
        /// part of the next 5-byte prefix (flag, length) read so far.
        var messageLeft = 0
        var prefix: [UInt8] = []

        /// The largest message allowed (the stream's bound less its framing allowance).
        var maxMessage: Int { budget.limits.perStream - 1_024 }

        /// Follows the framing through `buffer`; answers the declared length of a message over
        /// `maxMessage` as soon as its prefix arrives (before its bytes do).
        func oversized(_ buffer: ByteBuffer) -> Int? {
            let bytes = buffer.readableBytesView
            var index = bytes.startIndex
            while index < bytes.endIndex {
                if messageLeft > 0 {
                    let step = min(messageLeft, bytes.endIndex - index)
                    index += step
                    messageLeft -= step
                    continue
                }
                prefix.append(bytes[index])
                index += 1
                guard prefix.count == 5 else { continue }
                let length = prefix[1...].reduce(0) { $0 << 8 | Int($1) }
                prefix = []
                if length > maxMessage { return length }
                messageLeft = length
            }
            return nil
        }

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
                if let path = headers.headers.first(name: ":path"), budget.limits.streamingPaths.contains(path) {
                    streaming = true
                    if !ended { scheduleDeadline(context, after: budget.limits.idleDeadline) }
                } else if !ended, deadline == nil {
                    scheduleDeadline(context, after: budget.limits.requestDeadline)
                }
            case .data(let frame):
                // A message declared larger than allowed is refused with a status the caller can
                // act on, before the transport would drop the stream without one.
                if case .byteBuffer(let buffer) = frame.data, let length = oversized(buffer) {
                    return refuse(context, message: "the request message is \(length) bytes; at most \(maxMessage) are accepted")
                }
                if streaming {
                    if frame.endStream { finish() } else { scheduleDeadline(context, after: budget.limits.idleDeadline) }
                    return context.fireChannelRead(data)
                }
                let bytes = frame.data.readableBytes
                guard held + bytes <= budget.limits.perStream, budget.take(bytes, connection: connection) else {
                    return refuse(context, message: held + bytes > budget.limits.perStream
                        ? "the request is larger than \(budget.limits.perStream - 1_024) bytes"
                        : "this connection holds too many unfinished request bytes; finish or cancel other calls")
                }
                held += bytes
                ended = frame.endStream
            default:
                break
            }
            if ended { finish() }
            context.fireChannelRead(data)
        }

        /// Resets the stream `after` from now unless it finishes first (or the deadline moves on).
        private func scheduleDeadline(_ context: ChannelHandlerContext, after: Duration) {
            deadline?.cancel()
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            deadline = context.eventLoop.scheduleTask(in: TimeAmount(after)) { [self] in
                if !finished { reset(loopBound.value) }
            }
        }

        func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
            if case .headers = unwrapOutboundIn(data) { responseStarted = true }
            context.write(data, promise: promise)
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

        /// Answers RESOURCE_EXHAUSTED with `message` (printable ASCII, as grpc-message wants it
        /// unescaped), then resets the stream.
        private func refuse(_ context: ChannelHandlerContext, message: String) {
            guard !finished else { return }
            var headers: HPACKHeaders = responseStarted ? [:] : [":status": "200", "content-type": "application/grpc"]
            headers.add(name: "grpc-status", value: "8")
            headers.add(name: "grpc-message", value: message)
            responseStarted = true
            context.write(wrapOutboundOut(.headers(.init(headers: headers, endStream: true))), promise: nil)
            // The client may still be sending (a stream of chunks): RST_STREAM with NO_ERROR after the
            // trailers tells it to stop without cancelling the status it was just given (RFC 9113 §8.1).
            // That frame closes the stream; closing the channel as well would reset it a second time.
            finish()
            budget.countReset()
            context.writeAndFlush(wrapOutboundOut(.rstStream(.noError)), promise: nil)
        }

        private func reset(_ context: ChannelHandlerContext) {
            guard !finished else { return }
            finish()
            budget.countReset()
            context.close(promise: nil)
        }
    }
}
