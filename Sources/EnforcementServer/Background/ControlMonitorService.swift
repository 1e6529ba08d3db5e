public import EnforcementCore
public import Logging
public import ServiceLifecycle

/// Runs the control monitor (overdue answers, expiring and lapsed freezes, re-queries after 终本)
/// every `interval`, on the workflow's injected clock, until graceful shutdown.
public struct ControlMonitorService: Service {
    public let monitor: ControlMonitor
    let interval: Duration
    let logger: Logger

    public init(monitor: ControlMonitor, interval: Duration, logger: Logger) {
        self.monitor = monitor
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let report = try await monitor.sweep()
                    if report != ControlMonitor.Report() {
                        logger.info("control monitor", metadata: [
                            "overdue": "\(report.overdue)", "expiring": "\(report.expiring)",
                            "lapsed": "\(report.lapsed)", "requeries": "\(report.requeries)",
                        ])
                    }
                } catch {
                    // The next pass retries; every write of the monitor is idempotent.
                    logger.error("control monitor pass failed", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: interval)
            }
        }
    }
}
