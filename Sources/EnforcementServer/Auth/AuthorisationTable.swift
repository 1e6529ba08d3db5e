public import EnforcementCore

/// The one table of who may call what: every RPC, by full method name, with the principal roles
/// allowed and, for a change by a court or the command centre, the user roles (from the verified
/// user token) allowed. An RPC missing from the table is refused to everyone. The workflows check
/// what depends on the object as well (the handling judge, each payout stage, the president).
public enum AuthorisationTable {
    public struct Rule: Sendable {
        /// Roles allowed to call.
        public var roles: Set<Role>
        /// A mutating call.
        public var mutates: Bool
        /// The user roles one of which a court's or the command centre's user must hold; empty: any user.
        public var userRoles: Set<UserRole>
    }

    static func read(_ roles: Set<Role>) -> Rule { Rule(roles: roles, mutates: false, userRoles: []) }
    static func write(_ roles: Set<Role>, users: Set<UserRole> = []) -> Rule { Rule(roles: roles, mutates: true, userRoles: users) }

    /// Who records a case's steps: its judges and their clerks.
    static let caseStaff: Set<UserRole> = [.judge, .clerk]

    /// Every role a certificate can carry.
    static let outsideRoles = Set(Role.allCases).subtracting([.system])

    public static let rules: [String: Rule] = [
        // Case workflow: a city court runs its own cases; the command centre reads all of them.
        "enforcement.v1.CaseService/FileCase": write([.cityCourt], users: caseStaff),
        "enforcement.v1.CaseService/GetCase": read([.cityCourt, .commandCentre]),
        "enforcement.v1.CaseService/ListCases": read([.cityCourt, .commandCentre]),
        "enforcement.v1.CaseService/AssignJudge": write([.cityCourt], users: [.judge, .clerk, .bureauChief]),
        "enforcement.v1.CaseService/RecordNode": write([.cityCourt], users: caseStaff),
        "enforcement.v1.CaseService/SuspendCase": write([.cityCourt], users: caseStaff),
        "enforcement.v1.CaseService/ResumeCase": write([.cityCourt], users: caseStaff),
        "enforcement.v1.CaseService/ExtendLimit": write([.cityCourt], users: caseStaff),
        "enforcement.v1.CaseService/DecideExtension": write([.cityCourt], users: [.president]),
        "enforcement.v1.CaseService/CloseCase": write([.cityCourt], users: caseStaff),
        "enforcement.v1.CaseService/GetTimeline": read([.cityCourt, .commandCentre]),
        "enforcement.v1.CaseService/ListProcessNodes": read(outsideRoles),
        // Network asset control: a city court controls its own cases' assets; institutions receive
        // and answer only the requests addressed to them (checked in the workflow).
        "enforcement.v1.ControlService/LaunchQuery": write([.cityCourt], users: caseStaff),
        "enforcement.v1.ControlService/Freeze": write([.cityCourt], users: caseStaff),
        "enforcement.v1.ControlService/Renew": write([.cityCourt], users: caseStaff),
        "enforcement.v1.ControlService/Release": write([.cityCourt], users: caseStaff),
        "enforcement.v1.ControlService/Deduct": write([.cityCourt], users: caseStaff),
        "enforcement.v1.ControlService/CreateStandingOrder": write([.cityCourt], users: caseStaff),
        "enforcement.v1.ControlService/CancelStandingOrder": write([.cityCourt], users: caseStaff),
        "enforcement.v1.ControlService/ListStandingOrders": read([.cityCourt, .commandCentre]),
        "enforcement.v1.ControlService/ExportControlLog": read([.cityCourt, .commandCentre, .institution]),
        "enforcement.v1.ControlService/GetRoom": read([.cityCourt, .commandCentre]),
        "enforcement.v1.ControlService/ListCaseRequests": read([.cityCourt, .commandCentre]),
        "enforcement.v1.ControlService/ListReminders": read([.cityCourt, .commandCentre, .institution]),
        "enforcement.v1.ControlService/ListInstitutions": read([.cityCourt, .commandCentre, .institution]),
        "enforcement.v1.ControlService/WatchRequests": read([.institution]),
        "enforcement.v1.ControlService/PullRequests": read([.institution]),
        "enforcement.v1.ControlService/AnswerQuery": write([.institution]),
        "enforcement.v1.ControlService/AnswerControl": write([.institution]),
        "enforcement.v1.ControlService/AnswerDeduction": write([.institution]),
        // Case funds: a city court runs its own cases' accounts and payouts (its staff match
        // suspense items); the custodian bank reports money in and executes payouts; the
        // city-wide views (reconciliation, ledger check) belong to the command centre and the bank.
        "enforcement.v1.FundsService/OpenEscrowAccount": write([.cityCourt], users: [.judge, .clerk, .finance]),
        "enforcement.v1.FundsService/ReportReceipt": write([.custodianBank]),
        "enforcement.v1.FundsService/MatchReceipt": write([.cityCourt, .commandCentre], users: [.judge, .clerk, .finance, .commandOfficer]),
        "enforcement.v1.FundsService/ReverseTransfer": write([.cityCourt], users: [.finance]),
        "enforcement.v1.FundsService/ProposePayout": write([.cityCourt], users: caseStaff),
        "enforcement.v1.FundsService/ApprovePayout": write([.cityCourt], users: [.bureauChief, .finance]),
        "enforcement.v1.FundsService/RejectPayout": write([.cityCourt], users: [.judge, .clerk, .bureauChief, .finance]),
        "enforcement.v1.FundsService/ConfirmPayout": write([.custodianBank]),
        "enforcement.v1.FundsService/FailPayout": write([.custodianBank]),
        "enforcement.v1.FundsService/HoldPayouts": write([.cityCourt], users: [.judge, .clerk, .finance]),
        "enforcement.v1.FundsService/GetBalance": read([.cityCourt, .commandCentre]),
        "enforcement.v1.FundsService/GetStatement": read([.cityCourt, .commandCentre]),
        "enforcement.v1.FundsService/ListReceipts": read([.cityCourt, .commandCentre, .custodianBank]),
        "enforcement.v1.FundsService/ListSuspense": read([.cityCourt, .commandCentre, .custodianBank]),
        "enforcement.v1.FundsService/ListPayouts": read([.cityCourt, .commandCentre, .custodianBank]),
        "enforcement.v1.FundsService/ListOutbox": read([.cityCourt, .commandCentre]),
        "enforcement.v1.FundsService/ListFundsReminders": read([.cityCourt, .commandCentre, .custodianBank]),
        "enforcement.v1.FundsService/Reconcile": read([.commandCentre, .custodianBank]),
        "enforcement.v1.FundsService/CheckLedger": read([.commandCentre, .custodianBank]),
        // Delegated enforcement: courts of the city and of other provinces send and answer tasks
        // (each sees only the tasks it sent or received, checked in the workflow); the command
        // centre routes them and sees all.
        "enforcement.v1.DelegationService/SendTask": write([.cityCourt, .externalCourt], users: caseStaff),
        "enforcement.v1.DelegationService/RouteTask": write([.commandCentre], users: [.commandOfficer]),
        "enforcement.v1.DelegationService/AnswerTask": write([.cityCourt, .externalCourt], users: caseStaff),
        "enforcement.v1.DelegationService/GetTask": read([.cityCourt, .externalCourt, .commandCentre]),
        "enforcement.v1.DelegationService/ListTasks": read([.cityCourt, .externalCourt, .commandCentre]),
        "enforcement.v1.DelegationService/WatchTasks": read([.cityCourt, .externalCourt]),
        "enforcement.v1.DelegationService/GetDelegationReport": read([.commandCentre]),
        // Deterrence: courts impose and lift measures on their own cases; the credit platform
        // (and the command centre) read the dishonest-list feed.
        "enforcement.v1.DeterrenceService/ImposeMeasure": write([.cityCourt], users: caseStaff),
        "enforcement.v1.DeterrenceService/LiftMeasure": write([.cityCourt], users: caseStaff),
        "enforcement.v1.DeterrenceService/ExtendListing": write([.cityCourt], users: caseStaff),
        "enforcement.v1.DeterrenceService/ReportRemovalEvent": write([.cityCourt], users: caseStaff),
        "enforcement.v1.DeterrenceService/RecordMeasureStep": write([.cityCourt], users: caseStaff),
        "enforcement.v1.DeterrenceService/ListMeasures": read([.cityCourt, .commandCentre]),
        "enforcement.v1.DeterrenceService/ReadDishonestFeed": read([.creditPlatform, .commandCentre]),
        "enforcement.v1.DeterrenceService/WatchDishonestFeed": read([.creditPlatform, .commandCentre]),
        "enforcement.v1.DeterrenceService/GetDailyExport": read([.creditPlatform, .commandCentre]),
        // Disclosure: a court issues its parties' access codes (the lookup itself is on the public listener).
        "enforcement.v1.DisclosureService/IssueAccessCode": write([.cityCourt], users: caseStaff),
        // Notifications: a court sees and retries the messages of its cases; the command centre all.
        "enforcement.v1.NotificationService/ListMessages": read([.cityCourt, .commandCentre]),
        "enforcement.v1.NotificationService/ListDeliveryLog": read([.cityCourt, .commandCentre]),
        "enforcement.v1.NotificationService/RetryMessage": write([.cityCourt, .commandCentre], users: [.judge, .clerk, .commandOfficer]),
    ]

    /// Decides one call: nil when allowed, else the error to answer. `user` is the verified user of
    /// a court's or the command centre's call (nil for a principal that calls by certificate alone).
    public static func check(method: String, role: Role, user: CourtUser?) -> EnforcementError? {
        guard let rule = rules[method] else {
            return EnforcementError(.permissionDenied, "\(method) is not open to any caller")
        }
        guard rule.roles.contains(role) else {
            return EnforcementError(.permissionDenied, "a \(role.rawValue) may not call \(method)")
        }
        guard UserTokenVerifier.assignable(to: role) != nil else { return nil }
        guard let user else {
            return EnforcementError(.unauthenticated, field: "authorization", "a call by a court or the command centre carries its user's token")
        }
        if !rule.userRoles.isEmpty, !user.holdsAny(rule.userRoles) {
            let wanted = rule.userRoles.sorted().map(\.rawValue).joined(separator: ", ")
            return EnforcementError(.permissionDenied, field: "authorization",
                                    "\(method) needs a user holding one of: \(wanted); \(user.id) holds \(user.roles.sorted().map(\.rawValue).joined(separator: ", "))")
        }
        return nil
    }
}
