public import EnforcementCore
public import Foundation
public import SwiftProtobuf

/// The bounds every value from the wire is checked against before it becomes a command, in one
/// table. Dates given as text are bounded by ``CalendarDate/legalYears`` where the core parses
/// them; amounts by ``Money/maximum``; text by the core's per-field limits; here are the values
/// the core never sees unconverted.
public enum WireBounds {
    /// The first instant a timestamp may name: 1900-01-01 00:00 in Shanghai.
    public static let earliestInstant = CalendarDate(year: CalendarDate.legalYears.lowerBound, month: 1, day: 1).startInstant
    /// The first instant after the last one a timestamp may name: 2201-01-01 00:00 in Shanghai.
    public static let instantLimit = CalendarDate(year: CalendarDate.legalYears.upperBound + 1, month: 1, day: 1).startInstant
    /// Characters of a request value an error message repeats at most.
    public static let echoedCharacters = 120

    /// A timestamp from a request: nanos in 0..<1e9 and the instant within the legal years; otherwise
    /// INVALID_ARGUMENT naming `field`. `Google_Protobuf_Timestamp.date` itself never traps, but an
    /// unbounded instant would overflow later conversions (milliseconds in the store, calendar dates).
    public static func instant(_ timestamp: Google_Protobuf_Timestamp, field: String) throws(EnforcementError) -> Date {
        guard (0..<1_000_000_000).contains(timestamp.nanos) else {
            throw .invalid(field, "nanos must be 0 to 999,999,999, got \(timestamp.nanos)")
        }
        let lower = Int64(earliestInstant.timeIntervalSince1970), upper = Int64(instantLimit.timeIntervalSince1970)
        guard (lower..<upper).contains(timestamp.seconds) else {
            throw .invalid(field, "a timestamp must fall in the years \(CalendarDate.legalYears.lowerBound)–\(CalendarDate.legalYears.upperBound), got \(timestamp.seconds) seconds")
        }
        return timestamp.date
    }
}
