/// Working days (工作日): Monday to Friday, less public holidays, plus the weekend days declared
/// working days in exchange (调休). The holiday calendar is configuration: each year's State
/// Council notice gives the dates.
public struct WorkingCalendar: Hashable, Sendable {
    public var holidays: Set<CalendarDate>
    /// Saturdays or Sundays that are working days.
    public var workingWeekendDays: Set<CalendarDate>

    public init(holidays: Set<CalendarDate> = [], workingWeekendDays: Set<CalendarDate> = []) {
        self.holidays = holidays
        self.workingWeekendDays = workingWeekendDays
    }

    public func isWorkingDay(_ day: CalendarDate) -> Bool {
        if workingWeekendDays.contains(day) { return true }
        return day.isoWeekday <= 5 && !holidays.contains(day)
    }

    /// The `count`-th working day after `day` (the day itself does not count): a removal event on
    /// Friday with 3 working days is due on Wednesday.
    public func adding(workingDays count: Int, to day: CalendarDate) -> CalendarDate {
        var current = day
        var left = count
        while left > 0 {
            current = current.adding(days: 1)
            if isWorkingDay(current) { left -= 1 }
        }
        return current
    }

    /// Parses `YYYY-MM-DD` lines; a line starting with `+` is a working weekend day, `#` a comment.
    public init(parsing text: String) throws(EnforcementError) {
        self.init()
        for (index, raw) in text.split(whereSeparator: \.isNewline).enumerated() {
            let line = raw.trimmingWhitespace
            if line.isEmpty || line.hasPrefix("#") { continue }
            let working = line.hasPrefix("+")
            guard let day = CalendarDate(iso: working ? line.dropFirst() : Substring(line)) else {
                throw .invalid("holidays", "line \(index + 1): '\(line)' is not a date YYYY-MM-DD (or +YYYY-MM-DD for a working weekend day)")
            }
            if working { workingWeekendDays.insert(day) } else { holidays.insert(day) }
        }
    }
}
