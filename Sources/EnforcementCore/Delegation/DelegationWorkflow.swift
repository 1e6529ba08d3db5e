public import Foundation

/// Delegated enforcement (委托执行) and its routing by the command centre.
///
/// Three paths: a city court to a court of another province; a court of another province to the
/// city, where the task lands at the command centre and is routed to the court serving the
/// asset's district; and between the city's courts, routed the same way. The receiving court
/// accepts or rejects, reports progress and completes; the sender sees every step. Sending never
/// closes the sender's case: delegation is not one of the six closing modes.
public struct DelegationWorkflow: Sendable {
    public let domain: Domain
    /// Days the receiving court has to complete; after them it reports progress every `progressDays`.
    public let completeDays: Int
    public let progressDays: Int
    /// Months after filing within which a city court sends the papers.
    public let papersMonths: Int

    public init(domain: Domain, completeDays: Int = 30, progressDays: Int = 15, papersMonths: Int = 1) {
        self.domain = domain
        self.completeDays = completeDays
        self.progressDays = progressDays
        self.papersMonths = papersMonths
    }

    var store: any EnforcementStore { domain.store }
    var courts: CourtRegistry { domain.courts }

    // MARK: Sending and routing

    public func send(_ command: SendDelegation, by caller: Caller, requestID: String) async throws -> DelegationTask {
        guard let sender = caller.court else {
            throw EnforcementError(.permissionDenied, "only a court delegates tasks, not \(caller.principal)")
        }
        let fromCity = courts.court(sender) != nil
        guard let kind = command.kind else {
            throw EnforcementError.invalid("kind", "the task's kind is required: \(DelegationKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let basis = try CaseWorkflow.requiredText(command.legalBasis, field: "legal_basis",
                                                  rule: "a delegated task needs its legal basis: the number of the 委托执行函")
        let debtor = try CaseWorkflow.requiredText(command.debtorName, field: "debtor_name", rule: "name the debtor")
        let debtorID = try CaseWorkflow.optionalText(command.debtorID, field: "debtor_id", limit: 18)
        let asset = try CaseWorkflow.optionalText(command.asset, field: "asset", limit: 500)
        let location = try CaseWorkflow.requiredText(command.location, field: "location", rule: "give the location of the asset or the debtor")
        let documents = try Self.documents(command.documents, field: "documents")
        let number = try CaseNumber(parsing: command.caseNumber)
        guard number.court == sender else {
            throw EnforcementError.invalid("case_number", "a court delegates its own cases; \(number) is a case of \(number.court)")
        }
        // Where the task goes: another province by name; into or inside the city by location.
        var automaticRouting: Routing?
        let receiver: CourtCode
        let named = command.receiver.trimmingWhitespace
        if !named.isEmpty, named != courts.commandCentre.value {
            let code = try CourtCode(named, field: "receiver")
            guard courts.court(code) == nil else {
                throw EnforcementError.invalid("receiver", "tasks between the city's courts are routed by the command centre from the asset's location; leave receiver empty")
            }
            guard fromCity else {
                throw EnforcementError.invalid("receiver", "a court of another province sends its task to the city's command centre (\(courts.commandCentre)); leave receiver empty")
            }
            guard courts.externalCourts[code] != nil else {
                throw EnforcementError(.notFound, field: "receiver", "unknown court \(code): not a court known to the network")
            }
            receiver = code
        } else {
            guard let court = courts.court(serving: location), let district = court.districts?.first(where: { location.contains($0) }) else {
                throw EnforcementError.invalid("location", "no court of the city serves '\(location)'; name the district, e.g. 上海市长宁区…")
            }
            guard court.code != sender else {
                throw EnforcementError.invalid("location", "\(location) lies in your own district; act on it directly")
            }
            receiver = court.code
            automaticRouting = Routing(automatic: true, district: district, court: court.code, by: "urn:enforcement:command-centre:\(courts.commandCentre)",
                              at: Date(timeIntervalSince1970: 0), reason: "asset located in \(district)")
        }
        let context = try domain.writeContext(command, caller: caller, requestID: requestID)
        if fromCity { try domain.requireChangeRight(caller, number) }
        let today = CalendarDate(context.at)
        let nodes = domain.nodes
        let papersMonths = self.papersMonths
        let due = today.adding(days: completeDays)
        let decided = automaticRouting
        let task: DelegationTask = try await store.write(context) { tx in
            var routing = decided
            var papersLate = false
            if fromCity {
                var record = try CaseWorkflow.load(number, tx.cases)
                guard record.status == .pending else {
                    throw EnforcementError.precondition("case \(number) is \(record.status.rawValue); tasks are delegated for pending cases", field: "case_number", reason: "CASE_NOT_PENDING")
                }
                papersLate = today > record.filedOn.adding(months: papersMonths)
                let node = nodes.system("delegation_sent")
                record.nodesReached.insert(node.code)
                try tx.cases.update(record)
                _ = try tx.cases.append(NodeEvent(caseNumber: number, node: node, occurredAt: context.at, recordedBy: caller.description,
                                            documentNumber: basis, note: "\(kind.rawValue) → \(receiver)", filedOn: record.filedOn))
            }
            routing?.at = context.at
            var steps = [DelegationStep(kind: .sent, at: context.at, by: caller.description, note: papersLate ? "papers sent more than \(papersMonths) month(s) after filing" : nil)]
            if let routing {
                steps.append(DelegationStep(kind: .routed, at: context.at, by: routing.by, note: "automatic: \(routing.district ?? "") → \(routing.court)"))
            }
            let draft = DelegationTask(
                caseNumber: number.description, sender: sender, receiver: receiver, kind: kind, debtorName: debtor, debtorID: debtorID,
                asset: asset, location: location, documents: documents, legalBasis: basis, status: .sent, routing: routing,
                sentAt: context.at, dueOn: due, papersLate: papersLate, steps: steps)
            let stored = try tx.delegations.insert(draft)
            return (stored, stored.id)
        }
        domain.feed.publish()
        return task
    }

    /// The command centre overrides the routing of a task not yet accepted.
    public func route(_ command: RouteDelegation, by caller: Caller, requestID: String) async throws -> DelegationTask {
        guard caller.isCityWide else {
            throw EnforcementError(.permissionDenied, "only the command centre routes delegated tasks")
        }
        let target = try CourtCode(command.court, field: "court")
        _ = try courts.cityCourt(target, field: "court")
        let reason = try CaseWorkflow.requiredText(command.reason, field: "reason", rule: "a manual routing states its reason")
        let context = try domain.writeContext(command, caller: caller, requestID: requestID)
        let task: DelegationTask = try await store.write(context) { tx in
            var task = try Self.load(command.taskID, tx.delegations)
            guard task.status == .sent else {
                throw EnforcementError.precondition("only a task not yet accepted is routed; \(task.id) is \(task.status.rawValue)", field: "task_id")
            }
            guard courts.court(task.receiver) != nil else {
                throw EnforcementError.precondition("\(task.id) goes to \(task.receiver) in another province; only tasks into or inside the city are routed", field: "task_id")
            }
            guard target != task.sender else { throw EnforcementError.invalid("court", "\(target) sent \(task.id); route it to another court") }
            guard target != task.receiver else { throw EnforcementError.invalid("court", "\(task.id) is already addressed to \(target)") }
            task.routing = Routing(automatic: false, district: nil, court: target, by: caller.description, at: context.at, reason: reason)
            task.steps.append(DelegationStep(kind: .routed, at: context.at, by: caller.description, note: "\(task.receiver) → \(target): \(reason)"))
            task.receiver = target
            try Self.recordOnSenderCase(task, note: "routed to \(target)", tx: tx, domain: domain, context: context)
            return (try tx.delegations.update(task, readdressed: true), task.id)
        }
        domain.feed.publish()
        return task
    }

    // MARK: The receiving court

    public func answer(_ command: AnswerDelegation, by caller: Caller, requestID: String) async throws -> DelegationTask {
        let note = try CaseWorkflow.optionalText(command.note, field: "note", limit: 2000)
        guard command.assets.count <= 100 else { throw EnforcementError.invalid("assets", "at most 100 assets, got \(command.assets.count)") }
        let assets = try command.assets.enumerated().map { index, text in
            try CaseWorkflow.requiredText(text, field: "assets[\(index)]", rule: "describe the asset", limit: 500)
        }
        let attachments = try Self.documents(command.attachments, field: "attachments")
        switch command.step {
        case .reject where note == nil: throw EnforcementError.invalid("note", "a rejection states its reason")
        case .progress where note == nil: throw EnforcementError.invalid("note", "a progress report says what was done")
        case .complete where note == nil: throw EnforcementError.invalid("note", "a completion says what was done")
        default: break
        }
        let context = try domain.writeContext(command, caller: caller, requestID: requestID)
        let today = CalendarDate(context.at)
        return try await store.write(context) { tx in
            var task = try Self.load(command.taskID, tx.delegations)
            guard caller.court == task.receiver else {
                guard caller.court == task.sender || caller.isCityWide else { throw Domain.outOfScope("task \(command.taskID)", field: "task_id") }
                throw EnforcementError(.permissionDenied, field: "task_id", "\(task.id) is addressed to \(task.receiver), not \(caller.principal)")
            }
            let required: DelegationStatus = command.step == .accept || command.step == .reject ? .sent : .accepted
            guard task.status == required else {
                throw EnforcementError.precondition("\(command.step.rawValue) needs a \(required.rawValue) task; \(task.id) is \(task.status.rawValue)", field: "task_id")
            }
            let kind: DelegationStep.Kind
            switch command.step {
            case .accept:
                task.status = .accepted
                task.lastProgressOn = today
                kind = .accepted
            case .reject:
                task.status = .rejected
                task.rejectionReason = note
                kind = .rejected
            case .progress:
                task.lastProgressOn = today
                kind = .progress
            case .complete:
                task.status = .completed
                task.result = DelegationResult(summary: note ?? "", assets: assets, attachments: attachments)
                kind = .completed
            }
            task.steps.append(DelegationStep(kind: kind, at: context.at, by: caller.description, note: note))
            try Self.recordOnSenderCase(task, note: "\(kind.rawValue)" + (note.map { ": \($0)" } ?? ""), tx: tx, domain: domain, context: context,
                                        completed: command.step == .complete)
            return (try tx.delegations.update(task, readdressed: false), task.id)
        }
    }

    // MARK: Reads

    /// A task, for its sender, its receiver or the command centre.
    public func get(_ id: String, by caller: Caller) async throws -> DelegationTask {
        let task = try await store.read { reader in try Self.load(id, reader.delegations) }
        guard caller.isCityWide || caller.court == task.sender || caller.court == task.receiver else {
            throw EnforcementError(.notFound, field: "task_id", "no delegated task \(id)")
        }
        return task
    }

    /// A court's tasks (sent or received); the command centre any court's or all.
    public func list(court rawCourt: String?, status: DelegationStatus?, after: Int64, limit: Int, by caller: Caller) async throws -> [DelegationTask] {
        var filter = DelegationFilter(status: status, after: after, limit: try PageSize.resolve(limit))
        if let rawCourt, !rawCourt.isEmpty { filter.court = try CourtCode(rawCourt, field: "court") }
        if !caller.isCityWide {
            guard let own = caller.court else { throw EnforcementError(.permissionDenied, "\(caller.principal) has no delegated tasks") }
            if let asked = filter.court, asked != own {
                throw EnforcementError(.permissionDenied, field: "court", "a court lists only the tasks it sent or received")
            }
            filter.court = own
        }
        return try await store.read { [filter] reader in try reader.delegations.list(filter) }
    }

    /// Every task addressed to the calling court and not yet accepted, then each new or re-routed one.
    public func watch(by caller: Caller, deliver: @Sendable (DelegationTask) async throws -> Void) async throws {
        guard let court = caller.court else { throw EnforcementError(.permissionDenied, "only a court receives delegated tasks") }
        let high = try await store.read { reader in try reader.delegations.lastDelegationFeedPosition() }
        try await domain.feed.watch(
            high: high,
            page: { after, _ in try await store.read { reader in try reader.delegations.list(addressedTo: court, after: after, limit: 200) } },
            position: \.feedPosition, wanted: { $0.status == .sent && $0.receiver == court }, deliver: deliver)
    }

    /// Open tasks past their completion day whose last progress is older than `progressDays`.
    public func overdue(on today: CalendarDate, in tasks: [DelegationTask]) -> [DelegationTask] {
        tasks.filter { task in
            task.isOpen && today > task.dueOn && (task.lastProgressOn.map { $0.adding(days: progressDays) < today } ?? true)
        }
    }

    /// The most tasks one report reads per list (a request never reads without bound).
    static let reportRowLimit = 50_000

    /// The command centre's view of a period: tasks sent and received per court, into and out of
    /// the city, the overdue tasks and the routing decisions (at most 366 days).
    public func report(from: CalendarDate, to: CalendarDate, by caller: Caller) async throws -> DelegationReport {
        guard caller.isCityWide else { throw EnforcementError(.permissionDenied, "the delegation report is the command centre's") }
        guard from <= to else { throw EnforcementError.invalid("from", "the period starts on or before its end") }
        guard from.days(until: to) < 366 else { throw EnforcementError.invalid("to", "a report covers at most 366 days") }
        let today = domain.clock.today()
        let limit = Self.reportRowLimit
        let (inPeriod, open) = try await store.read { reader in
            (try reader.delegations.list(DelegationFilter(sentFrom: from.startInstant, sentBefore: to.adding(days: 1).startInstant, limit: limit + 1)),
             try reader.delegations.list(DelegationFilter(status: .accepted, limit: limit + 1)) + (try reader.delegations.list(DelegationFilter(status: .sent, limit: limit + 1))))
        }
        guard inPeriod.count <= limit, open.count <= 2 * limit else {
            throw EnforcementError.precondition("the report would read more than \(limit) tasks; ask for a shorter period", field: "from")
        }
        var counts: [CourtCode: DelegationCount] = [:]
        for task in inPeriod {
            counts[task.sender, default: DelegationCount(court: task.sender, sent: 0, received: 0)].sent += 1
            counts[task.receiver, default: DelegationCount(court: task.receiver, sent: 0, received: 0)].received += 1
        }
        let province = courts.province
        return DelegationReport(
            from: from, to: to, counts: counts.values.sorted { $0.court < $1.court },
            inbound: inPeriod.filter { $0.sender.province != province }.count,
            outbound: inPeriod.filter { $0.receiver.province != province }.count,
            overdue: overdue(on: today, in: open).sorted { $0.position < $1.position },
            routed: inPeriod.filter { $0.routing != nil })
    }

    // MARK: Helpers

    static func load(_ id: String, _ reader: any DelegationReader) throws -> DelegationTask {
        guard let task = try reader.task(id) else {
            throw EnforcementError(.notFound, field: "task_id", "no delegated task \(id)")
        }
        return task
    }

    static func documents(_ documents: [DocumentRef], field: String) throws(EnforcementError) -> [DocumentRef] {
        guard documents.count <= 50 else { throw .invalid(field, "at most 50 documents, got \(documents.count)") }
        var result: [DocumentRef] = []
        for (index, document) in documents.enumerated() {
            let name = try CaseWorkflow.requiredText(document.name, field: "\(field)[\(index)].name", rule: "name the document")
            let hash = document.sha256.lowercased()
            guard hash.count == 64, hash.allSatisfy({ $0.isHexDigit }) else {
                throw .invalid("\(field)[\(index)].sha256", "the SHA-256 of the document's content is 64 hex digits")
            }
            result.append(DocumentRef(name: name, sha256: hash))
        }
        return result
    }

    /// A step on a task of a city court's case is a node event on that case.
    static func recordOnSenderCase(_ task: DelegationTask, note: String, tx: any StoreTransaction, domain: Domain,
                                   context: WriteContext, completed: Bool = false) throws {
        guard domain.courts.court(task.sender) != nil, let number = try? CaseNumber(parsing: task.caseNumber),
              var record = try tx.cases.record(number)
        else { return }
        let node = domain.nodes.system(completed ? "delegation_completed" : "delegation_progress")
        record.nodesReached.insert(node.code)
        try tx.cases.update(record)
        _ = try tx.cases.append(NodeEvent(caseNumber: number, node: node, occurredAt: context.at, recordedBy: context.caller.description,
                                    note: "\(task.id) \(note)", filedOn: record.filedOn))
    }
}
