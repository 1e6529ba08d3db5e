import EnforcementCore
import Foundation
import FuzzSupport

// The holiday calendar (configuration text: `YYYY-MM-DD` holidays, `+YYYY-MM-DD` working weekend
// days, `#` comments). The first byte is a count of working days to add; the rest is the calendar.
// Properties: every day the calendar names is in its sets; counting working days from a day lands
// on a working day after it, and exactly `count` working days lie between.

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let choice = Choice(bytes(data, size))
    guard let calendar = try? WorkingCalendar(parsing: String(decoding: choice.rest, as: UTF8.self)) else { return 0 }
    let count = Int(choice.selector % 40)
    let starts = [CalendarDate(year: 2026, month: 9, day: 30)] + calendar.holidays.prefix(3) + calendar.workingWeekendDays.prefix(3)
    for start in starts {
        let due = calendar.adding(workingDays: count, to: start)
        require(count == 0 ? due == start : due > start && calendar.isWorkingDay(due), "\(count) working days from \(start) gave \(due)")
        var between = 0
        var day = start
        while day < due {
            day = day.adding(days: 1)
            if calendar.isWorkingDay(day) { between += 1 }
        }
        require(between == count, "\(count) working days from \(start) gave \(due), with \(between) working days between")
    }
    for day in calendar.workingWeekendDays { require(calendar.isWorkingDay(day), "declared working day \(day) is not one") }
    for day in calendar.holidays where !calendar.workingWeekendDays.contains(day) {
        require(!calendar.isWorkingDay(day), "holiday \(day) is a working day")
    }
    return 0
}

@_cdecl("FuzzCalendar_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzOne)
}
