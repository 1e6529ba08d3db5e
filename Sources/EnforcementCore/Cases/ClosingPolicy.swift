/// The preconditions of closing a case, in particular of a termination of the current round (终本).
public struct ClosingPolicy: Sendable {
    public var limits: TimeLimitPolicy

    public init(limits: TimeLimitPolicy = TimeLimitPolicy()) { self.limits = limits }

    /// The unmet conditions for 终本, each naming its rule; empty when it may proceed.
    ///
    /// 终本 needs: at least 3 months since filing; the property-report order issued; network queries
    /// run; a consumption restriction in force; and a debtor who meets the listing conditions on the
    /// dishonest-debtor list. With `inForce` (the case's measures in force, from the store) the last
    /// two are read from the measures — every debtor under a consumption restriction, a listing in
    /// force — so a lifted measure no longer counts; without it, from the nodes reached.
    public func unmetTerminationConditions(
        _ record: EnforcementCase, on today: CalendarDate, debtorMeetsListingConditions: Bool, inForce: [Measure]? = nil
    ) -> [String] {
        var unmet: [String] = []
        let earliest = record.filedOn.adding(months: limits.terminationMinimumMonths)
        if today < earliest {
            unmet.append("终本 needs at least \(limits.terminationMinimumMonths) months since filing (filed \(record.filedOn), earliest \(earliest))")
        }
        if !record.nodesReached.contains("property_report_order") {
            unmet.append("终本 needs the property-report order issued (node property_report_order)")
        }
        if !record.nodesReached.contains("network_query_launched") {
            unmet.append("终本 needs network queries run (node network_query_launched)")
        }
        if let inForce {
            let restricted = Set(inForce.filter { $0.kind == .consumptionRestriction && $0.isInForce }.map(\.debtorIndex))
            let unrestricted = record.debtors.indices.filter { !restricted.contains($0) }
            if !unrestricted.isEmpty {
                unmet.append("终本 needs a consumption restriction in force on every debtor; none on " + unrestricted.map { record.debtors[$0].name }.joined(separator: ", "))
            }
            if debtorMeetsListingConditions && !inForce.contains(where: { $0.kind == .dishonestList && $0.isInForce }) {
                unmet.append("终本 needs a debtor who meets the listing conditions on the dishonest-debtor list (no listing in force)")
            }
            return unmet
        }
        if !record.nodesReached.contains("consumption_restricted") {
            unmet.append("终本 needs a consumption restriction in force (node consumption_restricted)")
        }
        if debtorMeetsListingConditions && !record.nodesReached.contains("dishonest_listed") {
            unmet.append("终本 needs a debtor who meets the listing conditions on the dishonest-debtor list (node dishonest_listed)")
        }
        return unmet
    }
}
