public import Foundation

/// The deadlines of delegated tasks, run by a background service on the injected clock: a task
/// not completed within 30 days whose receiving court has not reported progress in the last 15
/// days is overdue. Each overdue period (every 15 days) adds one `overdue` step to the task —
/// seen by the sending court, the receiving court and the command centre — and a node event on a
/// city court's case. Request ids derive from the task and the period, so nothing is written twice.
public struct DelegationMonitor: Sendable {
    public static let caller = Caller(principal: .system("delegation-monitor"))

    public let delegations: DelegationWorkflow

    public init(delegations: DelegationWorkflow) { self.delegations = delegations }

    /// One pass; answers how many reminders it raised.
    @discardableResult
    public func sweep() async throws -> Int {
        let domain = delegations.domain
        let today = domain.clock.today()
        let open = try await domain.store.read { reader in
            try reader.delegations.list(DelegationFilter(status: .sent, limit: 100_000)) + (try reader.delegations.list(DelegationFilter(status: .accepted, limit: 100_000)))
        }
        var raised = 0
        for task in delegations.overdue(on: today, in: open) {
            let period = task.dueOn.days(until: today) / delegations.progressDays
            let marker = "overdue since \(task.dueOn), period \(period)"
            guard !task.steps.contains(where: { $0.kind == .overdue && $0.note == marker }) else { continue }
            let action = DelegationMonitorAction(taskID: task.id, period: period)
            let context = try domain.writeContext(action, caller: Self.caller, requestID: "delegation-monitor/\(task.id)/\(period)")
            let written: Bool = try await domain.store.write(context) { tx in
                var current = try DelegationWorkflow.load(task.id, tx.delegations)
                guard current.isOpen, !current.steps.contains(where: { $0.kind == .overdue && $0.note == marker }) else { return (false, task.id) }
                current.steps.append(DelegationStep(kind: .overdue, at: context.at, by: Self.caller.description, note: marker))
                try DelegationWorkflow.recordOnSenderCase(current, note: marker, tx: tx, domain: domain, context: context)
                _ = try tx.delegations.update(current, readdressed: false)
                return (true, task.id)
            }
            if written { raised += 1 }
        }
        return raised
    }
}

struct DelegationMonitorAction: CaseCommand, Hashable {
    static let action = "delegation.monitor"
    var taskID: String
    var period: Int
}
