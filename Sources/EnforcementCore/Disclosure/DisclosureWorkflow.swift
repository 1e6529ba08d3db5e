public import Foundation
import Crypto

/// Disclosure to parties (执行公开): each party of a case gets an access code; anyone holding the
/// case number and a code reads the case's public items, with every other party's data masked.
/// Wrong codes are counted in memory by the ``LookupLimiter`` (per case and address, and per
/// address across cases; a success resets nothing); a failed lookup writes nothing durable, a
/// granted one is journaled (who looked at which case).
public struct DisclosureWorkflow: Sendable {
    public let domain: Domain
    public let limiter: LookupLimiter

    public init(domain: Domain, limits: LookupLimiter.Limits = .init()) {
        self.domain = domain
        self.limiter = LookupLimiter(limits: limits)
    }

    static let alphabet = Array("23456789ABCDEFGHJKMNPQRSTUVWXYZ")
    static let lookupCaller = Caller(principal: .system("public-lookup"))
    /// How long the stored answer of a granted lookup is kept.
    static let lookupAuditRetention: TimeInterval = 30 * 24 * 3600

    /// Issues (or replaces) the access code of one party; the code is answered once and only its hash is kept.
    public func issueCode(_ command: IssueAccessCode, by caller: Caller, requestID: String) async throws -> (party: String, code: String) {
        let number = try CaseNumber(parsing: command.caseNumber)
        let party = try Self.partyKey(command.party)
        var generator = SystemRandomNumberGenerator()
        let code = String((0..<10).map { _ in Self.alphabet[Int(generator.next(upperBound: UInt(Self.alphabet.count)))] })
        let hash = Self.hash(number, party: party, code: code)
        let context = try domain.writeContext(command, caller: caller, requestID: requestID)
        try domain.requireChangeRight(caller, number)
        let stored: IssuedCode = try await domain.store.write(context) { tx in
            let record = try CaseWorkflow.load(number, tx.cases)
            _ = try Self.party(party, of: record)
            try tx.cases.setAccessCodeHash(hash, party: party, of: number, at: context.at)
            return (IssuedCode(party: party, hash: hash), number.description)
        }
        guard stored.hash == hash else {
            // A replay of an earlier request: its code was answered then and is not kept.
            throw EnforcementError(.alreadyExists, field: "request_id", "request \(requestID) already issued a code for \(stored.party); the code is shown only once — issue a new one with a new request id")
        }
        return (party, code)
    }

    /// The public lookup: case number and access code, from a caller address.
    public func lookup(caseNumber raw: String, code rawCode: String, address: String) async throws -> PublicCaseView {
        let number: CaseNumber
        do { number = try CaseNumber(parsing: raw) } catch { throw EnforcementError.invalid("case_number", "not a case number: \(raw.prefix(40))") }
        let code = rawCode.trimmingWhitespace.uppercased()
        guard (1...32).contains(code.count), code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw EnforcementError.invalid("access_code", "an access code is letters and digits")
        }
        let clientAddress = Self.addressKey(address)
        let now = domain.clock.now()
        switch await limiter.admit(address: clientAddress, caseKey: number.description, at: now) {
        case .allowed: break
        case .locked(let until):
            throw EnforcementError(.resourceExhausted, field: "access_code",
                                   "too many wrong access codes from this address; try again after \(ISO8601DateFormatter().string(from: until))")
        case .rateLimited:
            throw EnforcementError(.resourceExhausted, "too many lookups from this address; at most \(limiter.limits.perMinute) a minute")
        }
        let party: String? = try await domain.store.read { reader in
            guard try reader.cases.record(number) != nil else { return nil }
            return try reader.cases.accessCodeHashes(of: number).first(where: { $0.value == Self.hash(number, party: $0.key, code: code) })?.key
        }
        guard let party else {
            let (until, left) = await limiter.failed(address: clientAddress, caseKey: number.description, at: now)
            if let until {
                throw EnforcementError(.resourceExhausted, field: "access_code",
                                       "too many wrong access codes from this address; try again after \(ISO8601DateFormatter().string(from: until))")
            }
            throw EnforcementError(.notFound, field: "access_code", "no case \(number) with this access code (\(left) attempt(s) left before a lockout)")
        }
        // A granted lookup is audited in the journal; only a holder of a valid code can cause one.
        let context = try domain.writeContext(LookupAttempt(caseNumber: number.description, address: clientAddress, party: party),
                                             caller: Self.lookupCaller, requestID: "lookup/\(UUID().uuidString)")
        let retention = context.at.addingTimeInterval(-Self.lookupAuditRetention)
        let _: String = try await domain.store.write(context) { tx in
            // Retention: the stored answers of granted lookups (never retried) go after 30 days; the journal keeps the audit.
            try tx.idempotency.pruneIdempotency(principal: Self.lookupCaller.principal.uri, before: retention, limit: 100)
            return (party, number.description)
        }
        return try await view(number, party: party)
    }

    /// The public items of a case, seen by one of its parties.
    func view(_ number: CaseNumber, party: String) async throws -> PublicCaseView {
        let courts = domain.courts
        let today = domain.clock.today()
        return try await domain.store.read { reader in
            let record = try CaseWorkflow.load(number, reader.cases)
            func parties(_ list: [Party], role: String) -> [PublicParty] {
                list.map { PublicParty(role: role, name: $0.name, idNumber: $0.publicIDNumber, phone: $0.phone.map(Party.maskPhone)) }
            }
            var applicants = parties(record.applicants, role: "applicant")
            var debtors = parties(record.debtors, role: "debtor")
            // The caller's own entry is shown in full.
            let (role, index) = try Self.party(party, of: record)
            if role == "applicant" {
                applicants[index].idNumber = record.applicants[index].idNumber
                applicants[index].phone = record.applicants[index].phone
                applicants[index].isCaller = true
            } else {
                debtors[index].idNumber = record.debtors[index].idNumber
                debtors[index].phone = record.debtors[index].phone
                debtors[index].isCaller = true
            }
            let nodes = try reader.cases.nodeEvents(of: number).map {
                PublicNode(code: $0.nodeCode, nameZh: self.domain.nodes.node($0.nodeCode)?.nameZh ?? $0.nodeCode, occurredOn: $0.occurredOn, document: $0.documentNumber)
            }
            let measures = try reader.measures.list(MeasureFilter(caseNumber: number, limit: 10_000)).map {
                PublicMeasure(id: $0.id, kind: $0.kind, nameZh: $0.kind.nameZh, debtorName: $0.debtorName, document: $0.document,
                              startOn: $0.startOn, endOn: $0.endOn, status: $0.status, liftedOn: $0.liftedAt.map { CalendarDate($0) })
            }
            var control: [String: Int] = [:]
            for request in try reader.controls.requests(ofCase: number) { control["\(request.action.rawValue)/\(request.status.rawValue)", default: 0] += 1 }
            let receipts = try reader.ledger.receipts(ReceiptFilter(caseNumber: number, limit: 100_000))
                .filter { $0.status == .credited || $0.status == .matched }
                .map { PublicMovement(kind: "receipt", on: CalendarDate($0.receivedAt), amount: $0.amount) }
            let payouts = try reader.ledger.payouts(PayoutFilter(caseNumber: number, limit: 100_000))
                .filter { $0.status == .paid }
                .compactMap { payout in payout.completedAt.map { PublicMovement(kind: "payout", on: CalendarDate($0), amount: payout.amount) } }
            // Requests name the debtors they are about, and a control the holder of its asset when a
            // query said; another party's requests stay hidden.
            let callerID = role == "debtor" ? record.debtors[index].idNumber : nil
            let courtName = courts.court(record.court)?.name ?? record.court.value
            let records = try reader.controls.requests(ofCase: number)
                .filter { request in callerID.map { request.concerns(debtorIDNumber: $0) } ?? false }
                .map { request in
                    PublicControlRecord(action: request.action, court: courtName, handlingJudge: request.handlingJudge,
                                        servedOn: CalendarDate(request.servedAt), documentNumber: request.documentNumber,
                                        institution: self.domain.institutions.institution(request.institution)?.name ?? request.institution,
                                        status: request.status, amount: request.amount, note: request.note)
                }
            let summary = CaseSummary(record, asOf: today)
            var view = PublicCaseView(
                caseNumber: number.description, court: courts.court(record.court)?.name ?? record.court.value, status: record.status,
                filedOn: record.filedOn, dueOn: summary.dueOn, amountSought: record.amountSought, titleDocument: record.titleDocument,
                handlingJudge: record.handlingJudge, applicants: applicants, debtors: debtors, nodes: nodes, measures: measures,
                control: control.map { PublicControlCount(key: $0.key, count: $0.value) }.sorted { $0.key < $1.key },
                funds: (receipts + payouts).sorted { ($0.on, $0.kind) < ($1.on, $1.kind) }, closing: record.closing)
            view.controlRecords = records
            return view
        }
    }

    // MARK: Helpers

    static func hash(_ number: CaseNumber, party: String, code: String) -> String {
        SHA256.hash(data: Data("\(number)|\(party)|\(code)".utf8)).hexadecimal
    }

    /// `applicant:0`, `debtor:1`.
    static func partyKey(_ raw: String) throws(EnforcementError) -> String {
        let parts = raw.trimmingWhitespace.split(separator: ":")
        guard parts.count == 2, parts[0] == "applicant" || parts[0] == "debtor", let index = Int(parts[1]), index >= 0 else {
            throw .invalid("party", "a party is applicant:N or debtor:N (N from 0), not '\(raw)'")
        }
        return "\(parts[0]):\(index)"
    }

    static func party(_ key: String, of record: EnforcementCase) throws(EnforcementError) -> (role: String, index: Int) {
        let parts = key.split(separator: ":")
        let role = String(parts[0])
        let index = Int(parts[1]) ?? -1
        let list = role == "applicant" ? record.applicants : record.debtors
        guard list.indices.contains(index) else {
            throw .invalid("party", "case \(record.number) has \(list.count) \(role)(s); \(key) names none")
        }
        return (role, index)
    }

    /// The caller's IP address without its port (`ipv4:127.0.0.1:53012` → `ipv4:127.0.0.1`).
    static func addressKey(_ peer: String) -> String {
        if peer.hasPrefix("ipv4:"), let colon = peer.lastIndex(of: ":"), colon > peer.index(peer.startIndex, offsetBy: 4) {
            return String(peer[..<colon])
        }
        if peer.hasPrefix("ipv6:"), let close = peer.lastIndex(of: "]") {
            return String(peer[...close])
        }
        return peer
    }
}

/// A court issues a party's access code.
public struct IssueAccessCode: CaseCommand, Hashable {
    public static let action = "disclosure.issue_code"
    public var caseNumber: String
    /// `applicant:N` or `debtor:N`.
    public var party: String

    public init(caseNumber: String, party: String) {
        self.caseNumber = caseNumber
        self.party = party
    }
}

struct IssuedCode: Codable, Sendable {
    var party: String
    var hash: String
}

struct LookupAttempt: CaseCommand, Hashable {
    static let action = "disclosure.lookup"
    var caseNumber: String
    var address: String
    var party: String
}

public struct PublicParty: Hashable, Codable, Sendable {
    public var role: String
    public var name: String
    /// Masked for every party but the caller (a person's ID; organisations' codes are public).
    public var idNumber: String
    public var phone: String?
    public var isCaller = false

    public init(role: String, name: String, idNumber: String, phone: String? = nil) {
        self.role = role
        self.name = name
        self.idNumber = idNumber
        self.phone = phone
    }
}

public struct PublicNode: Hashable, Codable, Sendable {
    public var code: String
    public var nameZh: String
    public var occurredOn: CalendarDate
    public var document: String?

    public init(code: String, nameZh: String, occurredOn: CalendarDate, document: String? = nil) {
        self.code = code
        self.nameZh = nameZh
        self.occurredOn = occurredOn
        self.document = document
    }
}

public struct PublicMeasure: Hashable, Codable, Sendable {
    public var id: String
    public var kind: MeasureKind
    public var nameZh: String
    public var debtorName: String
    public var document: String
    public var startOn: CalendarDate
    public var endOn: CalendarDate?
    public var status: MeasureStatus
    public var liftedOn: CalendarDate?

    public init(id: String, kind: MeasureKind, nameZh: String, debtorName: String, document: String, startOn: CalendarDate, endOn: CalendarDate? = nil, status: MeasureStatus, liftedOn: CalendarDate? = nil) {
        self.id = id
        self.kind = kind
        self.nameZh = nameZh
        self.debtorName = debtorName
        self.document = document
        self.startOn = startOn
        self.endOn = endOn
        self.status = status
        self.liftedOn = liftedOn
    }
}

/// One query, freeze, renewal, release or deduction about the party who looks: which court, which
/// judge, when, on which document, at which institution.
public struct PublicControlRecord: Hashable, Codable, Sendable {
    public var action: ControlAction
    public var court: String
    public var handlingJudge: String
    public var servedOn: CalendarDate
    public var documentNumber: String
    public var institution: String
    public var status: ControlRequest.Status
    public var amount: Money?
    public var note: String?

    public init(action: ControlAction, court: String, handlingJudge: String, servedOn: CalendarDate, documentNumber: String,
                institution: String, status: ControlRequest.Status, amount: Money?, note: String?) {
        self.action = action
        self.court = court
        self.handlingJudge = handlingJudge
        self.servedOn = servedOn
        self.documentNumber = documentNumber
        self.institution = institution
        self.status = status
        self.amount = amount
        self.note = note
    }
}

public struct PublicControlCount: Hashable, Codable, Sendable {
    /// `action/status`, e.g. `freeze/answered`.
    public var key: String
    public var count: Int

    public init(key: String, count: Int) {
        self.key = key
        self.count = count
    }
}

public struct PublicMovement: Hashable, Codable, Sendable {
    /// `receipt` or `payout`.
    public var kind: String
    public var on: CalendarDate
    public var amount: Money

    public init(kind: String, on: CalendarDate, amount: Money) {
        self.kind = kind
        self.on = on
        self.amount = amount
    }
}

/// What a party sees of its case.
public struct PublicCaseView: Hashable, Codable, Sendable {
    public var caseNumber: String
    public var court: String
    public var status: CaseStatus
    public var filedOn: CalendarDate
    public var dueOn: CalendarDate?
    public var amountSought: Money
    public var titleDocument: String
    public var handlingJudge: String?
    public var applicants: [PublicParty]
    public var debtors: [PublicParty]
    public var nodes: [PublicNode]
    public var measures: [PublicMeasure]
    public var control: [PublicControlCount]
    public var funds: [PublicMovement]
    public var closing: Closing?
    /// Every control request about the caller (a debtor of the case); empty for an applicant.
    public var controlRecords: [PublicControlRecord] = []

    public init(caseNumber: String, court: String, status: CaseStatus, filedOn: CalendarDate, dueOn: CalendarDate? = nil, amountSought: Money, titleDocument: String, handlingJudge: String? = nil, applicants: [PublicParty], debtors: [PublicParty], nodes: [PublicNode], measures: [PublicMeasure], control: [PublicControlCount], funds: [PublicMovement], closing: Closing? = nil) {
        self.caseNumber = caseNumber
        self.court = court
        self.status = status
        self.filedOn = filedOn
        self.dueOn = dueOn
        self.amountSought = amountSought
        self.titleDocument = titleDocument
        self.handlingJudge = handlingJudge
        self.applicants = applicants
        self.debtors = debtors
        self.nodes = nodes
        self.measures = measures
        self.control = control
        self.funds = funds
        self.closing = closing
    }
}
