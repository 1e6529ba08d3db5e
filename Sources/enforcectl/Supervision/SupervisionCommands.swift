import ArgumentParser
import EnforcementAPI
import EnforcementClient
import EnforcementCore
import Foundation
import SwiftProtobuf
import Synchronization

struct SupervisionGroup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "supervision", abstract: "Supervision (执行监督): alerts of passive, delayed and irregular handling.",
        subcommands: [SupervisionAlerts.self, SupervisionAck.self, SupervisionScorecard.self, SupervisionWatch.self, SupervisionRules.self])
}

enum AlertOutput {
    static let zone = TimeZone(identifier: "Asia/Shanghai")!

    static func time(_ timestamp: Google_Protobuf_Timestamp) -> String {
        let formatter = DateFormatter()
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: timestamp.date)
    }

    static func severity(_ alert: Enforcement_V1_Alert) -> String {
        (alert.severity == "red" ? "红" : "黄") + (alert.open ? "" : " (closed)")
    }

    static func rule(_ raw: String) -> String { SupervisionRule(rawValue: raw)?.nameZh ?? raw }

    static func line(_ alert: Enforcement_V1_Alert) -> String {
        "\(alert.id)  \(severity(alert))  \(alert.court)  \(alert.caseNumber.isEmpty ? "-" : alert.caseNumber)  \(rule(alert.rule))：\(alert.message)"
            + (alert.acknowledgements.isEmpty ? "" : "  [已确认 \(alert.acknowledgements.count)]")
    }
}

struct SupervisionAlerts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "alerts", abstract: "Open alerts of your court, or of the city (--as command-centre).")
    @OptionGroup var connection: ConnectionOptions
    @Option(help: "A court code (the command centre; default the city).") var court = ""
    @Option(help: "A handling judge's name.") var judge = ""
    @Option(help: "A rule (see `supervision rules`).") var rule = ""
    @Option(help: "yellow or red.") var severity = ""
    @Option(help: "open, closed or all.") var state = "open"
    @Option(help: "The next_page_token of a previous page.") var pageToken = ""
    @Option(help: "At most this many alerts (1 to 1000).") var limit = 100

    func run() async throws {
        let page = try await connection.run {
            try await $0.alerts(court: court, judge: judge, rule: rule, severity: severity, state: state, pageToken: pageToken, pageSize: limit)
        }
        if connection.json { try Figures.printJSON(page); return }
        if page.alerts.isEmpty { print("no alerts"); return }
        Output.table(["alert", "级别", "court", "case", "judge", "rule", "day", "opened", "ack"], page.alerts.map {
            [$0.id, AlertOutput.severity($0), $0.court, $0.caseNumber.isEmpty ? "-" : $0.caseNumber, $0.handlingJudge.isEmpty ? "-" : $0.handlingJudge,
             AlertOutput.rule($0.rule), $0.baseOn, AlertOutput.time($0.openedAt), String($0.acknowledgements.count)]
        })
        for alert in page.alerts { print("\(alert.id): \(alert.message)") }
        if !page.nextPageToken.isEmpty { print("more: --page-token \(page.nextPageToken)") }
    }
}

struct SupervisionAck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ack", abstract: "Acknowledge an open alert with a note (it stays open until its condition ends).")
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "The alert id, e.g. AL00000042.") var alert: String
    @Option(help: "What is being done (1 to 500 characters).") var note: String

    func run() async throws {
        let acknowledged = try await connection.run { try await $0.acknowledgeAlert(alert, note: note) }
        if connection.json { try Figures.printJSON(acknowledged); return }
        print(AlertOutput.line(acknowledged))
        for ack in acknowledged.acknowledgements { print("  \(AlertOutput.time(ack.at))  \(ack.by)：\(ack.note)") }
    }
}

struct SupervisionScorecard: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "scorecard", abstract: "Open alerts per court (the city) or per judge (one court).")
    @OptionGroup var connection: ConnectionOptions
    @Option(help: "A court code: its judges (the command centre; a court always sees its own judges).") var court = ""

    func run() async throws {
        let card = try await connection.run { try await $0.scorecard(court: court) }
        if connection.json { try Figures.printJSON(card); return }
        print(card.court.isEmpty ? "全市 by court" : "\(card.court) by judge")
        if card.rows.isEmpty { print("no open alerts"); return }
        let rules = SupervisionRule.allCases
        Output.table([card.court.isEmpty ? "court" : "judge", "open", "红", "median age (days)"] + rules.map(\.rawValue), card.rows.map { row in
            let counts = Dictionary(uniqueKeysWithValues: row.byRule.map { ($0.rule, $0.open) })
            return [row.name.isEmpty ? "(unassigned)" : row.name, String(row.open), String(row.red), String(row.medianAgeDays)]
                + rules.map { String(counts[$0.rawValue] ?? 0) }
        })
    }
}

struct SupervisionWatch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "watch", abstract: "Print the open alerts, then every change as it happens (Ctrl-C ends).")
    @OptionGroup var connection: ConnectionOptions
    @Option(help: "A court code (the command centre; default the city).") var court = ""
    @Option(help: "Stop after this many alerts (0: never).") var count = 0

    func run() async throws {
        struct Enough: Error {}
        let seen = Atomic<Int>(0)
        let (json, count) = (connection.json, count)
        do {
            try await connection.run { client in
                try await client.watchAlerts(court: court) { alert in
                    if json { try Figures.printJSON(alert) } else { print(AlertOutput.line(alert)) }
                    if count > 0, seen.add(1, ordering: .relaxed).newValue >= count { throw Enough() }
                }
            }
        } catch is Enough {}
    }
}

struct SupervisionRules: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rules", abstract: "The rules and the days they turn yellow and red.")
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let rules = try await connection.run { try await $0.supervisionRules() }
        if connection.json { for rule in rules { try Figures.printJSON(rule) }; return }
        Output.table(["rule", "名称", "yellow day", "red day"], rules.map { [$0.rule, $0.nameZh, String($0.yellowDay), String($0.redDay)] })
    }
}
