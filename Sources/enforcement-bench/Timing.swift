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

