import EnforcementClient
import EnforcementCore
import Foundation

/// Runs `count` operations with `concurrency` in flight; answers the wall time in seconds.
func timed(_ count: Int, concurrency: Int, _ operation: @escaping @Sendable (Int) async throws -> Void) async throws -> Double {
    let start = ContinuousClock.now
    try await withThrowingTaskGroup(of: Void.self) { group in
        var next = 0
        for _ in 0..<min(concurrency, count) {
            let index = next
            group.addTask { try await operation(index) }
            next += 1
        }
        while try await group.next() != nil, next < count {
            let index = next
            group.addTask { try await operation(index) }
            next += 1
        }
        try await group.waitForAll()
    }
    return seconds(since: start)
}

func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

let filing = FileCase(
    titleDocument: "（2025）沪0105民初88号",
    applicants: [PartyInput(isPerson: true, name: "张三", idNumber: "11010519491231002X")],
    debtors: [PartyInput(isPerson: false, name: "上海某某贸易有限公司", idNumber: "91310000MA1FL8XQ37")],
    amountSoughtFen: 10_000_000)

/// The machine's CPU time from `/proc/stat` (all cores, in clock ticks), to tell how busy it was
/// during a figure: a rate bound by round trips leaves cores idle, one bound by the CPU does not.
struct MachineTime {
    let busy: Int64
    let total: Int64

    /// Now, or nil where `/proc/stat` cannot be read.
    static func now() -> MachineTime? {
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
              let line = text.split(separator: "\n").first, line.hasPrefix("cpu ") else { return nil }
        // user nice system idle iowait irq softirq steal (guest time is counted in user).
        let ticks = line.split(separator: " ").dropFirst().compactMap { Int64($0) }
        guard ticks.count >= 8 else { return nil }
        let total = ticks.prefix(8).reduce(0, +)
        return MachineTime(busy: total - ticks[3] - ticks[4], total: total)
    }

    /// The share of the machine's cores busy from `start` to now.
    static func busyShare(since start: MachineTime?) -> Double? {
        guard let start, let end = now(), end.total > start.total else { return nil }
        return Double(end.busy - start.busy) / Double(end.total - start.total)
    }
}
