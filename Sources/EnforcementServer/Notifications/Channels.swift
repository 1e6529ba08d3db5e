public import EnforcementCore
public import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// The development adapter: appends each message as one JSON line to a file (every channel).
public final class FileChannel: NotificationChannel {
    let file: URL
    private let lock = Mutex(())

    public init(file: URL) { self.file = file }

    public func send(_ notification: OutgoingNotification) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        var line = try encoder.encode(notification)
        line.append(0x0A)
        try lock.withLock { _ in
            if !FileManager.default.fileExists(atPath: file.path) {
                guard FileManager.default.createFile(atPath: file.path, contents: nil) else {
                    throw ConfigurationError("cannot create \(file.path)")
                }
            }
            let handle = try FileHandle(forWritingTo: file)
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: line)
        }
    }
}

/// A gateway reached by an HTTP POST of the message as JSON: the SMS gateway, the WeChat
/// template-message gateway, the e-mail relay, or a court's webhook. A 2xx answer is delivery;
/// anything else, or no answer within the timeout, is a failure the dispatcher retries. The
/// message id goes in `Idempotency-Key`, so a gateway can drop a repeat after a crash.
public struct HTTPGatewayChannel: NotificationChannel {
    public let endpoint: URL
    public let timeout: TimeInterval

    public init(endpoint: URL, timeout: TimeInterval = 10) {
        self.endpoint = endpoint
        self.timeout = timeout
    }

    public struct GatewayError: Error, CustomStringConvertible {
        public var description: String
    }

    public func send(_ notification: OutgoingNotification) async throws {
        var request = URLRequest(url: endpoint, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.setValue("application/json; charset=utf-8", forHTTPHeaderField: "Content-Type")
        request.setValue(notification.id, forHTTPHeaderField: "Idempotency-Key")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        request.httpBody = try encoder.encode(notification)
        let (_, response) = try await URLSession.shared.data(for: request)
        guard let status = (response as? HTTPURLResponse)?.statusCode, (200..<300).contains(status) else {
            throw GatewayError(description: "\(notification.channel.rawValue) gateway answered \((response as? HTTPURLResponse)?.statusCode ?? 0)")
        }
    }
}
