import EnforcementCore
import EnforcementPostgres
import EnforcementSQLite
import Foundation
import Synchronization

/// The store the workflow tests run against (they are the store conformance suite), chosen by
/// `ENFORCEMENT_TEST_STORE`: `sqlite` (the default: in memory, group commit),
/// `sqlite-single-commit` (each write commits alone), or `postgres` / `postgres-single-commit`
/// (a new schema per store in the database of `ENFORCEMENT_TEST_DATABASE_URL`, e.g. from
/// `scripts/postgres-dev.sh`). `.ci/run` runs the suite with each.
enum TestStore {
    static var kind: String { ProcessInfo.processInfo.environment["ENFORCEMENT_TEST_STORE"] ?? "sqlite" }
    static var isPostgres: Bool { kind.hasPrefix("postgres") }
    static var postgresConfigured: Bool { ProcessInfo.processInfo.environment["ENFORCEMENT_TEST_DATABASE_URL"] != nil }

    static func make() async throws -> any EnforcementStore {
        switch kind {
        case "sqlite": return try SQLiteStore()
        case "sqlite-single-commit": return try SQLiteStore(groupCommit: false)
        case "postgres": return try await postgres(groupCommit: true)
        case "postgres-single-commit": return try await postgres(groupCommit: false)
        case let other:
            throw EnforcementError(.invalidArgument, "ENFORCEMENT_TEST_STORE must be sqlite, sqlite-single-commit, postgres or postgres-single-commit, got \(other)")
        }
    }

    /// A PostgreSQL store on a schema of its own (a second store on the same schema: `schema`).
    ///
    /// The answer timeout is `answerTimeout`, else `testAnswerTimeout`: the suite runs its two
    /// hundred tests at once on two cores, with hundreds of pool threads, and a transaction whose
    /// client thread is starved holds the writers' lock for seconds while every write queued behind
    /// it waits (measured: transactions idle in the client for 5–9 s while 8 writers queued). The
    /// server's 30 s would then fail a write that a loaded test run merely delayed.
    static func postgres(groupCommit: Bool = true, schema: String? = nil, answerTimeout: Duration? = nil) async throws -> PostgresStore {
        guard let url = ProcessInfo.processInfo.environment["ENFORCEMENT_TEST_DATABASE_URL"] else {
            throw EnforcementError(.failedPrecondition, "ENFORCEMENT_TEST_DATABASE_URL is not set (scripts/postgres-dev.sh prints one)")
        }
        var configuration = try PostgresStore.Configuration(url: url, schema: schema ?? newSchema(), connections: 4, groupCommit: groupCommit)
        configuration.answerTimeout = answerTimeout ?? testAnswerTimeout
        return try await open(configuration)
    }

    static let testAnswerTimeout: Duration = .seconds(120)

    /// Opens a PostgreSQL store. Opening connects and migrates, waiting on the driver's futures: on
    /// a thread of its own, so that tests opening stores side by side never hold the few
    /// Swift-concurrency threads (two on this machine) that every other test's tasks and timeouts run on.
    static func open(_ configuration: PostgresStore.Configuration) async throws -> PostgresStore {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try PostgresStore(configuration) }) }.start()
        }
    }

    static func newSchema() -> String {
        "t\(ProcessInfo.processInfo.processIdentifier)_\(counter.add(1, ordering: .relaxed).newValue)"
    }

    private static let counter = Atomic<Int>(0)
}

/// A workflow over an empty store from `TestStore` (or the one given), with a manual clock.
struct Harness {
    let store: any EnforcementStore
    let clock: ManualWallClock
    let workflow: CaseWorkflow
    let control: ControlWorkflow
    let monitor: ControlMonitor
    let funds: FundsWorkflow
    let fundsMonitor: FundsMonitor
    /// One disclosure workflow per harness: its lookup limiter lives as long as the harness.
    let disclosure: DisclosureWorkflow

    init(today: CalendarDate = CalendarDate(year: 2026, month: 3, day: 10), store: (any EnforcementStore)? = nil,
         institutions: InstitutionRegistry = Harness.institutions) async throws {
        if let store { self.store = store } else { self.store = try await TestStore.make() }
        clock = ManualWallClock(today)
        workflow = CaseWorkflow(domain: Domain(store: self.store, clock: clock, institutions: institutions, feed: ChangeFeed(pollInterval: .milliseconds(50))))
        control = ControlWorkflow(domain: workflow.domain)
        monitor = ControlMonitor(workflow: control)
        funds = FundsWorkflow(domain: workflow.domain, custodian: "BOC-SH")
        fundsMonitor = FundsMonitor(funds: funds)
        disclosure = DisclosureWorkflow(domain: workflow.domain)
    }

    /// Two banks and the real-estate registry connected; the vehicle registry is not.
    static let institutions = try! InstitutionRegistry([
        Institution(id: "ICBC-SH", name: "工商银行", kind: .bank, assetKinds: [.deposit], actions: ControlAction.allCases),
        Institution(id: "CCB-SH", name: "建设银行", kind: .bank, assetKinds: [.deposit], actions: ControlAction.allCases,
                    answerHours: .init(query: 48, control: 24, deduction: 24)),
        Institution(id: "SH-REALESTATE", name: "不动产登记局", kind: .realEstateRegistry, assetKinds: [.realEstate],
                    actions: [.query, .freeze, .renew, .release]),
        Institution(id: "SH-VEHICLE", name: "车管所", kind: .vehicleRegistry, assetKinds: [.movable],
                    actions: [.query, .freeze, .renew, .release], connected: false),
    ])

    static let icbc = Caller(principal: .institution("ICBC-SH"))
    static let ccb = Caller(principal: .institution("CCB-SH"))
    static let registry = Caller(principal: .institution("SH-REALESTATE"))
    static let court0101Institutionless = Caller(principal: .institution("UNKNOWN-BANK"))

    static let custodian = Caller(principal: .custodianBank("BOC-SH"))

    static let court0105 = Caller(principal: .court(try! CourtCode("沪0105")), user: user("judge-li"))  // literal code
    static let court0101 = Caller(principal: .court(try! CourtCode("沪0101")), user: user("judge-wang"))
    static let centre = Caller(principal: .commandCentre(try! CourtCode("沪")), user: CourtUser(id: "duty", roles: [.commandOfficer]))

    /// A verified court user whose role its id names: judge-…, clerk-…, chief-… (bureau chief),
    /// finance-…, president-…; anything else holds no role.
    static func user(_ id: String) -> CourtUser {
        let roles: [String: UserRole] = ["judge": .judge, "clerk": .clerk, "chief": .bureauChief, "finance": .finance, "president": .president]
        let prefix = String(id.prefix(while: { $0 != "-" }))
        return CourtUser(id: id, roles: roles[prefix].map { [$0] } ?? [])
    }

    /// 沪0105 as the user `id` (see ``user(_:)``).
    static func as0105(_ id: String) -> Caller { Caller(principal: court0105.principal, user: user(id)) }

    static func filing(amountFen: Int64 = 10_000_000, type: CaseType = .first, titleKind: TitleKind = .litigation,
                       debtorID: String = "91310000MA1FL8XQ37", resumedFrom: String? = nil, handlingJudge: String? = nil) -> FileCase {
        FileCase(
            caseType: type, titleKind: titleKind, titleDocument: "（2025）沪0105民初88号",
            applicants: [PartyInput(isPerson: true, name: "张三", idNumber: "11010519491231002X", phone: "13812345678")],
            debtors: [PartyInput(isPerson: false, name: "上海某某贸易有限公司", idNumber: debtorID)],
            amountSoughtFen: amountFen, handlingJudge: handlingJudge, resumedFrom: resumedFrom)
    }

    /// Files a case as 沪0105 with a fresh request id.
    func file(_ command: FileCase = filing()) async throws -> CaseSummary {
        try await workflow.fileCase(command, by: Self.court0105, requestID: UUID().uuidString)
    }

    func node(_ number: CaseNumber, _ code: String) async throws {
        _ = try await workflow.recordNode(RecordNode(caseNumber: number.description, nodeCode: code), by: Self.court0105, requestID: UUID().uuidString)
    }

    func journalCount() async throws -> Int { try await store.journalEntries(after: 0, limit: 100_000).count }

    func caseCount() async throws -> Int {
        try await store.read { try $0.cases.list(matching: CaseFilter(), after: 0, limit: 100_000).count }
    }
}
