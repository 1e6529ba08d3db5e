import Foundation

/// What filing and closing a case set off in the other features, inside the same transaction:
/// the case workflow calls these and knows nothing else of funds, asset control or deterrence.
enum CaseEffects {
    /// At filing: one escrow account per debtor (一案一人一账号), and a query to every connected
    /// institution (立案自动查询), recorded as the `network_query_launched` node.
    static func atFiling(
        _ record: inout EnforcementCase, connected: [Institution], nodes: ProcessNodeCatalogue, by caller: Caller,
        context: WriteContext, tx: any StoreTransaction
    ) throws {
        _ = try FundsWorkflow.openEscrowAccounts(for: record, tx: tx, at: context.at)
        guard !connected.isEmpty else { return }
        _ = try ControlWorkflow.insertQueries(
            for: record, at: connected, documentNumber: record.titleDocument, note: "立案自动查询",
            by: caller, context: context, tx: tx, nodes: nodes)
        record.nodesReached.insert("network_query_launched")
        try tx.cases.update(record)
    }

    /// At closing: after 终本 the debtor's assets are queried again every 6 months for 5 years; a
    /// closing fully enforced, terminated or refused is a removal event of the case's listings.
    static func atClosing(
        _ record: EnforcementCase, mode: ClosingMode, document: String, control: ControlPolicy, deterrence: DeterrencePolicy,
        calendar: WorkingCalendar, context: WriteContext, tx: any StoreTransaction
    ) throws {
        let closedOn = CalendarDate(context.at)
        if mode == .terminationOfRound, control.requeryRounds > 0 {
            try tx.controls.scheduleRequery(record.number, round: 1, on: control.requeryDay(round: 1, closedOn: closedOn))
        }
        if let event = DeterrenceWorkflow.removalEvent(closing: mode) {
            _ = try DeterrenceWorkflow.markRemovalDue(record.number, event: event, debtorIndex: nil, document: document, tx: tx, context: context,
                                                      policy: deterrence, calendar: calendar)
        }
    }
}
