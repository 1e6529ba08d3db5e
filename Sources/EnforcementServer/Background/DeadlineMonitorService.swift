public import EnforcementCore
public import Logging
public import ServiceLifecycle

/// Runs one deadline monitor's sweep every `interval`, on the workflow's injected clock, until
/// graceful shutdown: the control monitor (overdue answers, expiring and lapsed freezes,
/// re-queries after 终本) and the funds monitor (suspense items, money held too long).
public struct DeadlineMonitorService: Service {
    let name: String
    let interval: Duration
    let logger: Logger
    /// One pass; answers the counts of what it found (all zero when nothing was due).
    let sweep: @Sendable () async throws -> [String: Int]
    /// Where each pass's findings are counted (levels among them, such as a backlog, are set).
    var metrics: ServerMetrics?
    var levels: Set<String> = []

    public init(name: String, interval: Duration, logger: Logger, sweep: @escaping @Sendable () async throws -> [String: Int]) {
        self.name = name
        self.interval = interval
        self.logger = logger
        self.sweep = sweep
    }

    /// The same job, counting its findings in `metrics`.
    public func reporting(to metrics: ServerMetrics) -> DeadlineMonitorService {
        var service = self
        service.metrics = metrics
        return service
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let findings = try await sweep()
                    metrics?.background(name, findings: findings, gauges: levels)
                    if findings.contains(where: { !levels.contains($0.key) && $0.value > 0 }) {
                        logger.info("\(name)", metadata: findings.mapValues { "\($0)" })
                    }
                } catch {
                    // The next pass retries; every write of a monitor is idempotent.
                    metrics?.backgroundFailed(name)
                    logger.error("\(name) pass failed", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: interval)
            }
        }
    }
}

extension ControlMonitor {
    public func service(interval: Duration, logger: Logger) -> DeadlineMonitorService {
        DeadlineMonitorService(name: "control monitor", interval: interval, logger: logger) {
            let report = try await sweep()
            return ["overdue": report.overdue, "expiring": report.expiring, "lapsed": report.lapsed, "requeries": report.requeries]
        }
    }
}

extension FundsMonitor {
    public func service(interval: Duration, logger: Logger) -> DeadlineMonitorService {
        DeadlineMonitorService(name: "funds monitor", interval: interval, logger: logger) {
            let report = try await sweep()
            return ["suspense_late": report.suspenseLate, "payouts_overdue": report.payoutsOverdue]
        }
    }
}

extension DelegationMonitor {
    public func service(interval: Duration, logger: Logger) -> DeadlineMonitorService {
        DeadlineMonitorService(name: "delegation monitor", interval: interval, logger: logger) {
            ["overdue": try await sweep()]
        }
    }
}

extension DeterrenceMonitor {
    public func service(interval: Duration, logger: Logger) -> DeadlineMonitorService {
        DeadlineMonitorService(name: "deterrence monitor", interval: interval, logger: logger) {
            let report = try await sweep()
            return ["terms_ended": report.termsEnded, "removals_overdue": report.removalsOverdue,
                    "family_notices_overdue": report.familyNoticesOverdue, "reviews_overdue": report.reviewsOverdue,
                    "ending_soon": report.endingSoon]
        }
    }
}

extension SupervisionMonitor {
    /// Opens, raises and closes the supervision alerts; `open_alerts` is a level.
    public func service(interval: Duration, logger: Logger) -> DeadlineMonitorService {
        var service = DeadlineMonitorService(name: "supervision", interval: interval, logger: logger) {
            let report = try await sweep()
            return ["opened": report.opened, "raised": report.raised, "lowered": report.lowered, "closed": report.closed, "open_alerts": report.open]
        }
        service.levels = ["open_alerts"]
        return service
    }
}

extension DishonestExportWriter {
    public func service(interval: Duration, logger: Logger) -> DeadlineMonitorService {
        DeadlineMonitorService(name: "dishonest export", interval: interval, logger: logger) {
            ["files_written": try await sweep()]
        }
    }
}

extension NotificationWorkflow {
    public func service(interval: Duration, logger: Logger) -> DeadlineMonitorService {
        var service = DeadlineMonitorService(name: "notifier", interval: interval, logger: logger) {
            let report = try await sweep()
            return ["generated": report.generated, "delivered": report.delivered, "failed": report.failed, "dead_lettered": report.deadLettered,
                    "outbox_due": report.due]
        }
        service.levels = ["outbox_due"]
        return service
    }
}

extension FieldWorkflow {
    /// Deletes partial evidence uploads their devices abandoned (untouched for the policy's age).
    public func service(interval: Duration, logger: Logger) -> DeadlineMonitorService {
        DeadlineMonitorService(name: "evidence uploads", interval: interval, logger: logger) {
            ["abandoned_uploads_deleted": try await pruneAbandonedUploads()]
        }
    }
}
