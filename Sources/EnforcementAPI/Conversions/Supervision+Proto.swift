public import EnforcementCore
import SwiftProtobuf

// Supervision: alerts, rules and scorecards out to the wire; filters in.

extension Enforcement_V1_Alert {
    public init(_ alert: Alert) {
        self.init()
        id = alert.id
        rule = alert.rule.rawValue
        severity = alert.severity.rawValue
        court = alert.court.value
        caseNumber = alert.caseNumber?.description ?? ""
        handlingJudge = alert.handlingJudge ?? ""
        institution = alert.institution ?? ""
        baseOn = alert.baseOn.description
        message = alert.message
        openedAt = Google_Protobuf_Timestamp(date: alert.openedAt)
        if let redAt = alert.redAt { self.redAt = Google_Protobuf_Timestamp(date: redAt) }
        if let closedAt = alert.closedAt { self.closedAt = Google_Protobuf_Timestamp(date: closedAt) }
        open = alert.isOpen
        acknowledgements = alert.acknowledgements.map { ack in
            .with {
                $0.by = ack.by
                $0.note = ack.note
                $0.at = Google_Protobuf_Timestamp(date: ack.at)
            }
        }
        feedPosition = alert.feedPosition
    }
}

extension Enforcement_V1_ListRulesResponse {
    public init(_ policy: SupervisionPolicy) {
        self.init()
        rules = policy.rules.sorted { $0.key < $1.key }.map { rule, thresholds in
            .with {
                $0.rule = rule.rawValue
                $0.nameZh = rule.nameZh
                $0.yellowDay = Int32(thresholds.yellow)
                $0.redDay = Int32(thresholds.red)
            }
        }
    }
}

extension Enforcement_V1_Scorecard {
    public init(_ scorecard: Scorecard) {
        self.init()
        court = scorecard.court?.value ?? ""
        rows = scorecard.rows.map { row in
            .with {
                $0.name = row.name
                $0.open = Int64(row.open)
                $0.red = Int64(row.red)
                $0.byRule = row.byRule.sorted { $0.key < $1.key }.map { rule, count in .with { $0.rule = rule.rawValue; $0.open = Int64(count) } }
                $0.medianAgeDays = Int64(row.medianAgeDays)
            }
        }
    }
}

extension Enforcement_V1_ListAlertsRequest {
    /// The rule, severity and state asked for: empty means any (state: open).
    public func filters() throws(EnforcementError) -> (rule: SupervisionRule?, severity: AlertSeverity?, open: Bool?) {
        var parsedRule: SupervisionRule?
        if !rule.isEmpty {
            guard let known = SupervisionRule(rawValue: rule) else {
                throw .invalid("rule", "unknown rule '\(rule.prefix(40))'; see ListRules", reason: "UNKNOWN_RULE")
            }
            parsedRule = known
        }
        var parsedSeverity: AlertSeverity?
        if !severity.isEmpty {
            guard let known = AlertSeverity(rawValue: severity) else { throw .invalid("severity", "a severity is yellow or red") }
            parsedSeverity = known
        }
        let open: Bool? = switch state {
        case "", "open": true
        case "closed": false
        case "all": nil
        default: throw .invalid("state", "a state is open, closed or all")
        }
        return (parsedRule, parsedSeverity, open)
    }
}
