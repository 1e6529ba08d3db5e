public import Foundation
import Synchronization

/// The source of "now" for the domain. Injected everywhere, so tests control time.
public protocol WallClock: Sendable {
    func now() -> Date
}

extension WallClock {
    /// Today's date in Asia/Shanghai.
    public func today() -> CalendarDate { CalendarDate(now()) }
}

/// The real clock.
public struct SystemWallClock: WallClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock that moves only when told to; for tests and drills.
public final class ManualWallClock: WallClock {
    private let current: Mutex<Date>

    public init(_ start: Date) { current = Mutex(start) }

    /// A clock set to 09:00 Shanghai time on the given date.
    public convenience init(_ date: CalendarDate) {
        self.init(date.startInstant.addingTimeInterval(9 * 3600))
    }

    public func now() -> Date { current.withLock { $0 } }

    public func set(_ date: Date) { current.withLock { $0 = date } }

    public func advance(days: Int) {
        current.withLock { $0 = $0.addingTimeInterval(TimeInterval(days) * 86_400) }
    }
}
