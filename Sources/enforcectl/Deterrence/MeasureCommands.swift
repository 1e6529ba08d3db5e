import ArgumentParser
import EnforcementClient
import EnforcementCore
import Foundation

struct MeasureImpose: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "impose", abstract: "Impose a measure on a debtor of your case (a listing also imposes a consumption restriction).",
        discussion: """
            Kinds: dishonest_list (--ground 1-6, --term-years 2-5 for grounds 2-6), consumption_restriction, public_exposure, exit_ban,
            online_pursuit, forced_summons, fine (--fine yuan: a person up to 100000; an organisation 50000-1000000), detention (--days 1-15),
            refusal_referral. For an organisation debtor name its legal representative: --legal-rep NAME:ID.
            """)

    @OptionGroup var connection: ConnectionOptions
    @Option(name: .customLong("case"), help: "Case number.") var caseNumber: String
    @Option(help: "The measure.") var kind: MeasureKind
    @Option(help: "Index of the debtor in the case (from 0).") var debtor = 0
    @Option(help: "The decision's number.") var document: String
    @Option(help: "Listing ground 1-6.") var ground: Int?
    @Option(help: "Listing term in years (grounds 2-6: 2-5).") var termYears: Int?
    @Option(help: "Listing: value already seized or frozen for the case, in yuan.") var seized: Yuan?
    @Flag(help: "Listing: adequate security was given (the listing is refused).") var securityGiven = false
    @Option(help: "Fine in yuan.") var fine: Yuan?
    @Option(help: "Detention days, 1-15.") var days: Int?
    @Option(help: "Organisation debtor: legal representative, NAME:ID.") var legalRep: String?
    @Option(help: "Organisation debtor: actual controller, NAME:ID.") var controller: String?
    @Option(help: "Start date YYYY-MM-DD (default today).") var start = ""
    @Option(help: "End date YYYY-MM-DD, for measures the court gives an end.") var end = ""
    @Option(help: "Note.") var note = ""

    func run() async throws {
        var bound: [BoundPersonInput] = []
        for (role, text) in [(BoundPerson.Role.legalRepresentative, legalRep), (.actualController, controller)] {
            guard let text else { continue }
            let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw ValidationError("a bound person is NAME:ID, got \(text)") }
            bound.append(BoundPersonInput(role: role, name: parts[0], idNumber: parts[1]))
        }
        let command = ImposeMeasure(
            caseNumber: caseNumber, kind: kind, debtorIndex: debtor, document: document, ground: ground, termYears: termYears,
            seizedAssetsValueFen: seized?.fen ?? 0, securityGiven: securityGiven, fineFen: fine?.fen, detentionDays: days, boundPersons: bound,
            startOn: start, endOn: end, note: note)
        let measures = try await connection.run { try await $0.imposeMeasure(command) }
        if connection.json { try Output.json(measures); return }
        Output.measures(measures)
    }
}

struct MeasureLift: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "lift", abstract: "Lift a measure in force (a listing: remove the debtor from the list).")

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Measure id (MS…).") var measure: String
    @Option(help: "The decision's number.") var document: String
    @Option(help: "Why.") var reason: String

    func run() async throws {
        let lifted = try await connection.run { try await $0.liftMeasure(LiftMeasure(measureID: measure, document: document, reason: reason)) }
        if connection.json { try Output.json(lifted); return }
        Output.measures([lifted])
    }
}

struct MeasureList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Measures of a case, or of your court (the command centre: any court's).")

    @OptionGroup var connection: ConnectionOptions
    @Option(name: .customLong("case"), help: "Case number.") var caseNumber: String?
    @Option(help: "A court (command centre only).") var court: String?
    @Option(help: "Only this kind.") var kind: MeasureKind?
    @Option(help: "in_force or lifted.") var status: MeasureStatus?
    @Flag(help: "Only listings with a removal due.") var removalDue = false

    func run() async throws {
        let measures = try await connection.run {
            try await $0.measures(caseNumber: caseNumber, court: court, kind: kind, status: status, removalDueOnly: removalDue)
        }
        if connection.json { try Output.json(measures); return }
        Output.measures(measures)
    }
}

struct MeasureRemovalEvent: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "removal-event", abstract: "Record a removal event: the case's listings must be removed within 3 working days.")

    @OptionGroup var connection: ConnectionOptions
    @Option(name: .customLong("case"), help: "Case number.") var caseNumber: String
    @Option(help: "debt_performed, settlement_performed, applicant_request, no_assets_after_termination, retrial_or_bankruptcy_suspension, enforcement_refused_or_terminated.")
    var event: RemovalEvent
    @Option(help: "Only this debtor (index from 0).") var debtor: Int?
    @Option(help: "Document.") var document = ""

    func run() async throws {
        let measures = try await connection.run {
            try await $0.reportRemovalEvent(ReportRemovalEvent(caseNumber: caseNumber, event: event, debtorIndex: debtor, document: document))
        }
        if connection.json { try Output.json(measures); return }
        Output.measures(measures)
    }
}

struct DishonestFeed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feed", abstract: "Changes of the dishonest list after a cursor (JSON Lines); --follow keeps streaming.")

    @OptionGroup var connection: ConnectionOptions
    @Option(help: "The last position processed (0: from the start).") var cursor: Int64 = 0
    @Option(help: "Page size.") var limit = 100
    @Flag(help: "Stream new changes until interrupted.") var follow = false

    func run() async throws {
        if follow {
            try await connection.run { client in
                try await client.watchDishonestFeed(after: cursor) { entry in print(entry.jsonLine) }
            }
            return
        }
        let page = try await connection.run { try await $0.dishonestFeed(after: cursor, limit: limit) }
        for entry in page.entries { print(entry.jsonLine) }
        FileHandle.standardError.write(Data("next cursor \(page.entries.last?.position ?? cursor), feed at \(page.lastPosition)\n".utf8))
    }
}

struct DishonestExport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "One ended day's export of the dishonest list, as JSON Lines (to --out or stdout).")

    @OptionGroup var connection: ConnectionOptions
    @Option(help: "The day, YYYY-MM-DD (default yesterday).") var day: String?
    @Option(help: "File to write.") var out: String?

    func run() async throws {
        let target = try day.map { text -> CalendarDate in
            guard let date = CalendarDate(iso: text) else { throw ValidationError("--day is YYYY-MM-DD") }
            return date
        } ?? CalendarDate(Date()).adding(days: -1)
        let export = try await connection.run { try await $0.dailyExport(target) }
        let text = export.entries.map { $0.jsonLine + "\n" }.joined()
        if let out {
            try Data(text.utf8).write(to: URL(fileURLWithPath: out))
            print("\(target): \(export.entries.count) change(s), feed positions \(export.after + 1)…\(export.through) → \(out)")
        } else {
            print(text, terminator: "")
        }
    }
}

struct NotifyPending: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pending", abstract: "Messages waiting for delivery (or --status delivered / dead_letter).")

    @OptionGroup var connection: ConnectionOptions
    @Option(name: .customLong("case"), help: "Case number (a court must give one).") var caseNumber: String?
    @Option(help: "pending, delivered or dead_letter.") var status: Delivery.Status = .pending

    func run() async throws {
        let items = try await connection.run { try await $0.outboxMessages(caseNumber: caseNumber, status: status) }
        if connection.json { try Output.json(items); return }
        Output.table(["#", "case", "to", "template", "status", "tries", "channel", "last error"], items.map { item in
            [String(item.message.sequence), item.message.caseNumber.description, "\(item.message.recipient.rawValue) \(item.message.name)",
             item.message.template, item.status.rawValue, String(item.delivery?.attempts ?? 0), item.delivery?.channel?.rawValue ?? "",
             item.delivery?.lastError ?? ""]
        })
    }
}

struct NotifyLog: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "log", abstract: "The delivery log of a message or a case.")

    @OptionGroup var connection: ConnectionOptions
    @Option(name: .customLong("case"), help: "Case number.") var caseNumber: String?
    @Option(help: "Message number.") var message: Int64?

    func run() async throws {
        let log = try await connection.run { try await $0.deliveryLog(caseNumber: caseNumber, messageSequence: message) }
        if connection.json { try Output.json(log); return }
        Output.table(["#", "message", "try", "at", "channel", "address", "outcome", "detail"], log.map {
            [String($0.sequence), String($0.outboxSequence), String($0.attempt), ISO8601DateFormatter().string(from: $0.at),
             $0.channel?.rawValue ?? "", $0.address ?? "", $0.outcome.rawValue, $0.detail ?? ""]
        })
    }
}

struct NotifyRetry: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "retry", abstract: "Put a dead letter back in the queue.")

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Message number.") var message: Int64

    func run() async throws {
        let item = try await connection.run { try await $0.retryMessage(message) }
        if connection.json { try Output.json(item); return }
        print("message \(item.message.sequence): \(item.status.rawValue)")
    }
}

struct PublicIssueCode: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "issue-code", abstract: "Issue a party's access code (shown once).")

    @OptionGroup var connection: ConnectionOptions
    @Option(name: .customLong("case"), help: "Case number.") var caseNumber: String
    @Option(help: "applicant:N or debtor:N (from 0).") var party: String

    func run() async throws {
        let code = try await connection.run { try await $0.issueAccessCode(IssueAccessCode(caseNumber: caseNumber, party: party)) }
        if connection.json { try Output.json(["case_number": caseNumber, "party": party, "access_code": code]); return }
        print("\(caseNumber) \(party): \(code)")
    }
}

struct PublicLookup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lookup", abstract: "Look a case up with its number and a party's access code, on the public port (no client certificate).")

    @Option(help: "Server address.") var host = "127.0.0.1"
    @Option(help: "Public port.") var port = 8444
    @Option(help: "Data directory of a local development server (for its CA).") var dataDir = "data"
    @Option(help: "CA that issued the server certificate (PEM).") var ca: String?
    @Option(name: .customLong("case"), help: "Case number.") var caseNumber: String
    @Option(help: "Access code.") var code: String
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let trusted = ca ?? "\(dataDir)/pki/ca.pem"
        do {
            let view = try await EnforcementClient.publicLookup(host: host, port: port, trustedCA: trusted, caseNumber: caseNumber, accessCode: code)
            if json { try Output.json(view); return }
            Output.publicView(view)
        } catch let error as EnforcementError {
            Output.error(error)
            throw ExitCode(1)
        }
    }
}
