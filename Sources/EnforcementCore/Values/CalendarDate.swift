public import Foundation

/// A calendar date in Asia/Shanghai, the zone of every date in the domain.
public struct CalendarDate: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The Gregorian calendar in Asia/Shanghai (UTC+8, no daylight saving since 1991).
    public static let shanghaiCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        // UTC+8 is the fallback if the zone database is missing; it is exact for every date since 1991.
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!
        return calendar
    }()

    /// The Shanghai date of an instant.
    public init(_ instant: Date) {
        let parts = Self.shanghaiCalendar.dateComponents([.year, .month, .day], from: instant)
        // dateComponents always fills the requested calendar units.
        self.init(year: parts.year!, month: parts.month!, day: parts.day!)
    }

    /// The years a date from outside (a request, a file, a statement) may fall in: every date of
    /// the domain is in 1900–2200, so nothing accepted can overflow a later computation or read.
    public static let legalYears: ClosedRange<Int> = 1900...2200

    /// Parses `YYYY-MM-DD` from input, checking that the day exists and that its year is within
    /// ``legalYears``; nil otherwise.
    public init?(iso: some StringProtocol) {
        guard let date = CalendarDate(stored: iso), Self.legalYears.contains(date.year) else { return nil }
        self = date
    }

    /// Parses a stored `YYYY-MM-DD` (a year of 4 or 5 digits, so a date derived from a legal one,
    /// such as a term's end, always reads back); nil when the day does not exist.
    public init?(stored text: some StringProtocol) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, (4...5).contains(parts[0].count), parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        self.init(year: year, month: month, day: day)
        guard isValid else { return nil }
    }

    /// True when the day exists in the Gregorian calendar.
    public var isValid: Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        return day <= Self.daysIn(month: month, year: year)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Midnight at the start of this date in Shanghai.
    public var startInstant: Date {
        // A valid Gregorian date always has a start instant.
        Self.shanghaiCalendar.date(from: DateComponents(year: year, month: month, day: day))!
    }

    public func adding(days: Int) -> CalendarDate {
        CalendarDate(Self.shanghaiCalendar.date(byAdding: .day, value: days, to: startInstant)!)
    }

    /// Adds calendar months; a day past the end of the target month is clamped (Aug 31 + 6 months = Feb 28/29).
    public func adding(months: Int) -> CalendarDate {
        let total = year * 12 + (month - 1) + months
        let newYear = total / 12
        let newMonth = total % 12 + 1
        return CalendarDate(year: newYear, month: newMonth, day: min(day, Self.daysIn(month: newMonth, year: newYear)))
    }

    /// Whole days from `self` to `other` (positive when `other` is later).
    public func days(until other: CalendarDate) -> Int {
        Self.shanghaiCalendar.dateComponents([.day], from: startInstant, to: other.startInstant).day!
    }

    /// Monday = 1 … Sunday = 7.
    public var isoWeekday: Int {
        let weekday = Self.shanghaiCalendar.component(.weekday, from: startInstant)  // Sunday = 1
        return weekday == 1 ? 7 : weekday - 1
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public var description: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = CalendarDate(stored: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad date \(text)"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension Date {
    /// Milliseconds since 1970, as the store keeps instants. Instants reach the store bounded
    /// (``CalendarDate/legalYears``); one that is not still never traps: it is clamped to `Int64`.
    public var epochMillis: Int64 {
        let value = (timeIntervalSince1970 * 1000).rounded()
        guard value.isFinite, value > -9.2e18, value < 9.2e18 else { return value < 0 ? .min : .max }
        return Int64(value)
    }
}

extension Date {
    /// The instant `millis` milliseconds after 1970, as the store keeps instants.
    public init(epochMillis millis: Int64) { self.init(timeIntervalSince1970: Double(millis) / 1000) }
}
