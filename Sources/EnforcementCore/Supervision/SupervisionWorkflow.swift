public import Foundation

/// Supervision (执行监督) for the command centre and, for their own court, the city courts: alerts,
/// acknowledgements, the alert stream and scorecards. The alerts themselves are opened and closed
/// by ``SupervisionMonitor`` only.
public struct SupervisionWorkflow: Sendable {
    public let domain: Domain
    public let policy: SupervisionPolicy

    public init(domain: Domain, policy: SupervisionPolicy = .standard) {
        self.domain = domain
        self.policy = policy
    }

    /// The court a caller asks about: a court its own (another is PERMISSION_DENIED), the command
    /// centre any court of the city (unknown: NOT_FOUND) or the whole city (nil); as for figures.
    public func scope(_ raw: String, _ caller: Caller) throws(EnforcementError) -> CourtCode? {
        try domain.courtScope(raw, caller, what: "alerts")
    }

    public func alerts(court: String, judge: String, rule: SupervisionRule?, severity: AlertSeverity?, open: Bool?,
                       after: Int64, limit: Int, by caller: Caller) async throws -> [Alert] {
        let filter = AlertFilter(court: try scope(court, caller), handlingJudge: try Self.judge(judge), rule: rule, severity: severity,
                                 open: open, after: max(0, after), limit: try PageSize.resolve(limit))
        return try await domain.store.read { reader in try reader.supervision.alerts(filter) }
    }

    /// Records who acknowledged an open alert and why; the alert stays open until its condition ends.
    public func acknowledge(_ command: AcknowledgeAlert, by caller: Caller, requestID: String) async throws -> Alert {
        let id = try Self.alertID(command.alertID)
        let note = command.note.trimmingWhitespace
        guard (1...500).contains(note.count) else { throw EnforcementError.invalid("note", "a note of 1 to 500 characters says what is being done") }
        let context = try domain.writeContext(AcknowledgeAlert(alertID: id, note: note), caller: caller, requestID: requestID)
        let alert: Alert = try await domain.store.write(context) { tx in
            guard var alert = try tx.supervision.alert(id), Self.sees(caller, alert) else { throw Domain.outOfScope("alert \(id)", field: "alert_id") }
            guard alert.isOpen else { throw EnforcementError.precondition("alert \(id) closed at \(alert.closedAt!); only an open alert is acknowledged", field: "alert_id") }
            guard alert.acknowledgements.count < 50 else { throw EnforcementError(.resourceExhausted, field: "alert_id", "alert \(id) holds 50 acknowledgements") }
            alert.acknowledgements.append(Alert.Acknowledgement(by: caller.user?.description ?? caller.description, note: note, at: context.at))
            return (try tx.supervision.update(alert), "alert \(id)")
        }
        domain.feed.publish()
        return alert
    }

    /// Open alerts per court (the city, for the command centre) or per judge (one court).
    public func scorecard(court raw: String, by caller: Caller) async throws -> Scorecard {
        let court = try scope(raw, caller)
        let today = domain.clock.today()
        let open = try await domain.store.read { reader in try reader.supervision.openAlertStates(court: court) }
        guard let court else { return Scorecard(court: nil, rows: Scorecard.rows(open, today: today, name: \.court)) }
        return Scorecard(court: court, rows: Scorecard.rows(open, today: today) { $0.handlingJudge ?? "" })
    }

    /// The open alerts of the caller's scope, then every change (opened, raised, acknowledged, closed) as it happens.
    public func watch(court raw: String, by caller: Caller, deliver: @Sendable (Alert) async throws -> Void) async throws {
        let court = try scope(raw, caller)
        let store = domain.store
        let high = try await store.read { reader in try reader.supervision.lastAlertFeedPosition() }
        try await domain.feed.watch(
            high: high,
            page: { after, backlog in
                try await store.read { reader in try reader.supervision.alerts(court: court, feedAfter: after, limit: 200).map { ($0, backlog) } }
            },
            position: { $0.0.feedPosition }, wanted: { !$0.1 || $0.0.isOpen }, deliver: { try await deliver($0.0) })
    }

    static func sees(_ caller: Caller, _ alert: Alert) -> Bool {
        caller.isCityWide || caller.court == alert.court
    }

    static func alertID(_ raw: String) throws(EnforcementError) -> String {
        let id = raw.trimmingWhitespace
        guard id.count == 10, id.hasPrefix("AL"), id.dropFirst(2).allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw .invalid("alert_id", "an alert id is AL and 8 digits")
        }
        return id
    }

    static func judge(_ raw: String) throws(EnforcementError) -> String? {
        let judge = raw.trimmingWhitespace
        guard judge.count <= 64 else { throw .invalid("judge", "a judge's name has at most 64 characters") }
        return judge.isEmpty ? nil : judge
    }
}

/// 确认预警: who looked at an alert and what is being done.
public struct AcknowledgeAlert: CaseCommand, Hashable {
    public static let action = "alert.acknowledge"
    public var alertID: String
    public var note: String

    public init(alertID: String, note: String) {
        self.alertID = alertID
        self.note = note
    }
}
