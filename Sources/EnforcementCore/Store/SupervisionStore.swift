public import Foundation

/// Supervision's watches (kept by the writers of the records they come from) and its alerts.
public protocol SupervisionReader {
    /// Watches of `rule` whose base day is on or before `baseOnOrBefore`, by their key columns only:
    /// of pending cases for passive handling; of any case for removals and delegated tasks (duties
    /// after closing); of cases not closed (or of no case) for the rest.
    func dueWatches(_ rule: SupervisionRule, baseOnOrBefore: CalendarDate) throws -> [DueWatch]
    /// One kept watch in full.
    func watch(_ due: DueWatch) throws -> SupervisionWatch?
    func alert(_ id: String) throws -> Alert?
    /// The open alert of a key, if any.
    func openAlert(key: String) throws -> Alert?
    func alerts(_ filter: AlertFilter) throws -> [Alert]
    /// Every open alert.
    func openAlerts() throws -> [Alert]
    /// What the pass and the scorecards need of every open alert (of one court or all), from columns.
    func openAlertStates(court: CourtCode?) throws -> [AlertState]
    /// Alerts changed after a feed position, in feed order; of one court or all.
    func alerts(court: CourtCode?, feedAfter: Int64, limit: Int) throws -> [Alert]
    func lastAlertFeedPosition() throws -> Int64
    /// The watches kept but not as the records say now, or missing (`rule/source/item day`); empty
    /// when every writer kept its record's watches. The simulation test checks it.
    func watchDifferences() throws -> [String]
}

public protocol SupervisionWriter: SupervisionReader {
    /// Inserts an alert and returns it with its position, id and feed position.
    func insert(_ alert: Alert) throws -> Alert
    /// Saves an alert and moves it to the end of the feed.
    func update(_ alert: Alert) throws -> Alert
}
