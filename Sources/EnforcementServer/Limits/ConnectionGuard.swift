public import GRPCNIOTransportHTTP2
import NIOCore
import Synchronization

/// Limits on the connections a listener holds, applied through the transport's channel callbacks:
///
/// - at most `perAddress` open connections from one IP address, and `total` in all;
/// - a connection that has not opened its first HTTP/2 stream within `firstStreamDeadline` of
///   being accepted (a TLS handshake that never ends, a certificate refused, a client that never
///   calls) is closed.
///
/// Accept errors when file descriptors run out are handled by SwiftNIO's `AcceptBackoffHandler`,
/// which every `ServerBootstrap` installs: accepting pauses and resumes, the listener stays open.
public final class ConnectionGuard: Sendable {
    public struct Limits: Sendable {
        public var perAddress = 16
        public var total = 1_024
        public var firstStreamDeadline: Duration = .seconds(10)
        public init() {}
    }

    struct State {
        var byAddress: [String: Int] = [:]
        var open: Set<ObjectIdentifier> = []
        var active: Set<ObjectIdentifier> = []
        var refused = 0
        var timedOut = 0
    }

    public let limits: Limits
    /// The bound on bytes of unfinished requests, installed on every stream.
    public let budget: RequestBudget
    private let state = Mutex(State())

    public init(limits: Limits = Limits(), budget: RequestBudget = RequestBudget()) {
        self.limits = limits
        self.budget = budget
    }

    /// Connections refused for a limit, and closed for not opening a stream in time, since start.
    public var counts: (refused: Int, timedOut: Int, open: Int) {
        state.withLock { ($0.refused, $0.timedOut, $0.open.count) }
    }

    /// The transport callbacks that apply the limits.
    public var callbacks: HTTP2ServerTransport.Config.ChannelDebuggingCallbacks {
        var callbacks = HTTP2ServerTransport.Config.ChannelDebuggingCallbacks.defaults
        callbacks.onAcceptTCPConnection = { [self] channel in self.accepted(channel) }
        callbacks.onAcceptHTTP2Stream = { [self] stream in self.streamOpened(stream) }
        return callbacks
    }

    func accepted(_ channel: any Channel) -> EventLoopFuture<Void> {
        let address = channel.remoteAddress?.ipAddress ?? "unknown"
        let id = ObjectIdentifier(channel)
        let admitted = state.withLock { state -> Bool in
            guard state.open.count < limits.total, state.byAddress[address, default: 0] < limits.perAddress else {
                state.refused += 1
                return false
            }
            state.open.insert(id)
            state.byAddress[address, default: 0] += 1
            return true
        }
        guard admitted else {
            // Counted, not logged one by one: a flood must not become a flood of log lines.
            channel.close(promise: nil)
            return channel.eventLoop.makeSucceededVoidFuture()
        }
        channel.closeFuture.whenComplete { [self] _ in
            state.withLock { state in
                state.open.remove(id)
                state.active.remove(id)
                state.byAddress[address, default: 1] -= 1
                if state.byAddress[address] == 0 { state.byAddress[address] = nil }
            }
        }
        channel.eventLoop.scheduleTask(in: TimeAmount(limits.firstStreamDeadline)) { [self] in
            let idle = state.withLock { state -> Bool in
                guard state.open.contains(id), !state.active.contains(id) else { return false }
                state.timedOut += 1
                return true
            }
            if idle { channel.close(promise: nil) }
        }
        return channel.eventLoop.makeSucceededVoidFuture()
    }

    func streamOpened(_ stream: any Channel) -> EventLoopFuture<Void> {
        if let connection = stream.parent {
            let id = ObjectIdentifier(connection)
            state.withLock { _ = $0.active.insert(id) }
        }
        return stream.eventLoop.makeCompletedFuture { try budget.install(on: stream) }
    }
}

extension TimeAmount {
    /// The same span as a Swift `Duration` (to the nanosecond).
    init(_ duration: Duration) { self = .nanoseconds(duration.nanoseconds) }
}
