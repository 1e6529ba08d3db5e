import EnforcementAPI
public import EnforcementCore
public import GRPCCore

/// The one table of who may call what: every RPC, by its generated method descriptor, with the principal roles
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
        /// Whether a court's or the command centre's call must carry its user's token; false for
        /// the wire's own services (health, reflection), open to any certificate of the CA.
        public var needsUser = true
    }

    static func read(_ roles: Set<Role>) -> Rule { Rule(roles: roles, mutates: false, userRoles: []) }
    static func write(_ roles: Set<Role>, users: Set<UserRole> = []) -> Rule { Rule(roles: roles, mutates: true, userRoles: users) }
    /// Any certificate of the deployment's CA, without a user token.
    static let anyCertificate = Rule(roles: outsideRoles, mutates: false, userRoles: [], needsUser: false)

    /// Who records a case's steps: its judges and their clerks.
    static let caseStaff: Set<UserRole> = [.judge, .clerk]

    /// Every role a certificate can carry.
    static let outsideRoles = Set(Role.allCases).subtracting([.system])

    public static let rules: [MethodDescriptor: Rule] = [
        // The gRPC ecosystem's services: load balancers' health checks and tools' reflection.
        Grpc_Health_V1_Health.Method.Check.descriptor: anyCertificate,
        Grpc_Health_V1_Health.Method.List.descriptor: anyCertificate,
        Grpc_Health_V1_Health.Method.Watch.descriptor: anyCertificate,
        Grpc_Reflection_V1_ServerReflection.Method.ServerReflectionInfo.descriptor: anyCertificate,
        Grpc_Reflection_V1alpha_ServerReflection.Method.ServerReflectionInfo.descriptor: anyCertificate,
        // Case workflow: a city court runs its own cases; the command centre reads all of them.
        Enforcement_V1_CaseService.Method.FileCase.descriptor: write([.cityCourt], users: caseStaff),
        Enforcement_V1_CaseService.Method.GetCase.descriptor: read([.cityCourt, .commandCentre]),
        Enforcement_V1_CaseService.Method.ListCases.descriptor: read([.cityCourt, .commandCentre]),
        Enforcement_V1_CaseService.Method.AssignJudge.descriptor: write([.cityCourt], users: [.judge, .clerk, .bureauChief]),
        Enforcement_V1_CaseService.Method.RecordNode.descriptor: write([.cityCourt], users: caseStaff),
        Enforcement_V1_CaseService.Method.SuspendCase.descriptor: write([.cityCourt], users: caseStaff),
        Enforcement_V1_CaseService.Method.ResumeCase.descriptor: write([.cityCourt], users: caseStaff),
        Enforcement_V1_CaseService.Method.ExtendLimit.descriptor: write([.cityCourt], users: caseStaff),
        Enforcement_V1_CaseService.Method.DecideExtension.descriptor: write([.cityCourt], users: [.president]),
        Enforcement_V1_CaseService.Method.CloseCase.descriptor: write([.cityCourt], users: caseStaff),
        Enforcement_V1_CaseService.Method.GetTimeline.descriptor: read([.cityCourt, .commandCentre]),
        Enforcement_V1_CaseService.Method.ListProcessNodes.descriptor: read(outsideRoles),
        // Network asset control: a city court controls its own cases' assets; institutions receive
        // and answer only the requests addressed to them (checked in the workflow).
        Enforcement_V1_ControlService.Method.LaunchQuery.descriptor: write([.cityCourt], users: caseStaff),
        Enforcement_V1_ControlService.Method.Freeze.descriptor: write([.cityCourt], users: caseStaff),
        Enforcement_V1_ControlService.Method.Renew.descriptor: write([.cityCourt], users: caseStaff),
        Enforcement_V1_ControlService.Method.Release.descriptor: write([.cityCourt], users: caseStaff),
        Enforcement_V1_ControlService.Method.Deduct.descriptor: write([.cityCourt], users: caseStaff),
        Enforcement_V1_ControlService.Method.CreateStandingOrder.descriptor: write([.cityCourt], users: caseStaff),
        Enforcement_V1_ControlService.Method.CancelStandingOrder.descriptor: write([.cityCourt], users: caseStaff),
        Enforcement_V1_ControlService.Method.ListStandingOrders.descriptor: read([.cityCourt, .commandCentre]),
        Enforcement_V1_ControlService.Method.ExportControlLog.descriptor: read([.cityCourt, .commandCentre, .institution]),
        Enforcement_V1_ControlService.Method.GetRoom.descriptor: read([.cityCourt, .commandCentre]),
        Enforcement_V1_ControlService.Method.ListCaseRequests.descriptor: read([.cityCourt, .commandCentre]),
        Enforcement_V1_ControlService.Method.ListReminders.descriptor: read([.cityCourt, .commandCentre, .institution]),
        Enforcement_V1_ControlService.Method.ListInstitutions.descriptor: read([.cityCourt, .commandCentre, .institution]),
        Enforcement_V1_ControlService.Method.WatchRequests.descriptor: read([.institution]),
        Enforcement_V1_ControlService.Method.PullRequests.descriptor: read([.institution]),
        Enforcement_V1_ControlService.Method.AnswerQuery.descriptor: write([.institution]),
        Enforcement_V1_ControlService.Method.AnswerControl.descriptor: write([.institution]),
        Enforcement_V1_ControlService.Method.AnswerDeduction.descriptor: write([.institution]),
        // Case funds: a city court runs its own cases' accounts and payouts (its staff match
        // suspense items); the custodian bank reports money in and executes payouts; the
        // city-wide views (reconciliation, ledger check) belong to the command centre and the bank.
        Enforcement_V1_FundsService.Method.OpenEscrowAccount.descriptor: write([.cityCourt], users: [.judge, .clerk, .finance]),
        Enforcement_V1_FundsService.Method.ReportReceipt.descriptor: write([.custodianBank]),
        Enforcement_V1_FundsService.Method.MatchReceipt.descriptor: write([.cityCourt, .commandCentre], users: [.judge, .clerk, .finance, .commandOfficer]),
        Enforcement_V1_FundsService.Method.ReverseTransfer.descriptor: write([.cityCourt], users: [.finance]),
        Enforcement_V1_FundsService.Method.ProposePayout.descriptor: write([.cityCourt], users: caseStaff),
        Enforcement_V1_FundsService.Method.ApprovePayout.descriptor: write([.cityCourt], users: [.bureauChief, .finance]),
        Enforcement_V1_FundsService.Method.RejectPayout.descriptor: write([.cityCourt], users: [.judge, .clerk, .bureauChief, .finance]),
        Enforcement_V1_FundsService.Method.ConfirmPayout.descriptor: write([.custodianBank]),
        Enforcement_V1_FundsService.Method.FailPayout.descriptor: write([.custodianBank]),
        Enforcement_V1_FundsService.Method.HoldPayouts.descriptor: write([.cityCourt], users: [.judge, .clerk, .finance]),
        Enforcement_V1_FundsService.Method.GetBalance.descriptor: read([.cityCourt, .commandCentre]),
        Enforcement_V1_FundsService.Method.GetStatement.descriptor: read([.cityCourt, .commandCentre]),
        Enforcement_V1_FundsService.Method.ListReceipts.descriptor: read([.cityCourt, .commandCentre, .custodianBank]),
        Enforcement_V1_FundsService.Method.ListSuspense.descriptor: read([.cityCourt, .commandCentre, .custodianBank]),
        Enforcement_V1_FundsService.Method.ListPayouts.descriptor: read([.cityCourt, .commandCentre, .custodianBank]),
        Enforcement_V1_FundsService.Method.ListOutbox.descriptor: read([.cityCourt, .commandCentre]),
        Enforcement_V1_FundsService.Method.ListFundsReminders.descriptor: read([.cityCourt, .commandCentre, .custodianBank]),
        Enforcement_V1_FundsService.Method.Reconcile.descriptor: read([.commandCentre, .custodianBank]),
        Enforcement_V1_FundsService.Method.CheckLedger.descriptor: read([.commandCentre, .custodianBank]),
        // Delegated enforcement: courts of the city and of other provinces send and answer tasks
        // (each sees only the tasks it sent or received, checked in the workflow); the command
        // centre routes them and sees all.
        // Mobile enforcement: a city court's judges and clerks record field actions on their own
        // cases and upload their evidence; the court and the command centre read and download it.
        Enforcement_V1_FieldService.Method.RecordFieldAction.descriptor: write([.cityCourt], users: caseStaff),
        Enforcement_V1_FieldService.Method.GetFieldRecord.descriptor: read([.cityCourt, .commandCentre]),
        Enforcement_V1_FieldService.Method.ListFieldRecords.descriptor: read([.cityCourt, .commandCentre]),
        Enforcement_V1_FieldService.Method.UploadEvidence.descriptor: write([.cityCourt], users: caseStaff),
        Enforcement_V1_FieldService.Method.GetUploadStatus.descriptor: read([.cityCourt]),
        Enforcement_V1_FieldService.Method.DownloadEvidence.descriptor: read([.cityCourt, .commandCentre]),
        Enforcement_V1_FieldService.Method.VerifyEvidence.descriptor: read([.cityCourt, .commandCentre]),
        // Analysis: a city court reads its own figures, the command centre every court's.
        Enforcement_V1_AnalysisService.Method.GetOverview.descriptor: read([.cityCourt, .commandCentre]),
        Enforcement_V1_AnalysisService.Method.GetSeries.descriptor: read([.cityCourt, .commandCentre]),
        Enforcement_V1_AnalysisService.Method.GetRanking.descriptor: read([.cityCourt, .commandCentre]),
        Enforcement_V1_AnalysisService.Method.ListFigureCases.descriptor: read([.cityCourt, .commandCentre]),
        // Special campaigns: the command centre opens them; courts follow their part.
        Enforcement_V1_AnalysisService.Method.CreateCampaign.descriptor: write([.commandCentre], users: [.commandOfficer]),
        Enforcement_V1_AnalysisService.Method.ListCampaigns.descriptor: read([.cityCourt, .commandCentre]),
        Enforcement_V1_AnalysisService.Method.GetCampaignProgress.descriptor: read([.cityCourt, .commandCentre]),
        // Supervision: a city court reads and acknowledges its own court's alerts, the command centre every court's.
        Enforcement_V1_SupervisionService.Method.ListRules.descriptor: read([.cityCourt, .commandCentre]),
        Enforcement_V1_SupervisionService.Method.ListAlerts.descriptor: read([.cityCourt, .commandCentre]),
        Enforcement_V1_SupervisionService.Method.AcknowledgeAlert.descriptor: write([.cityCourt, .commandCentre],
                                                                                  users: [.judge, .clerk, .bureauChief, .commandOfficer]),
        Enforcement_V1_SupervisionService.Method.WatchAlerts.descriptor: read([.cityCourt, .commandCentre]),
        Enforcement_V1_SupervisionService.Method.GetScorecard.descriptor: read([.cityCourt, .commandCentre]),
        // The wall screen: the command centre's link shows the city, a court's its own court.
        Enforcement_V1_CommandService.Method.CreateDashboardLink.descriptor: write([.cityCourt, .commandCentre],
                                                                                   users: [.judge, .clerk, .bureauChief, .commandOfficer]),
        Enforcement_V1_DelegationService.Method.SendTask.descriptor: write([.cityCourt, .externalCourt], users: caseStaff),
        Enforcement_V1_DelegationService.Method.RouteTask.descriptor: write([.commandCentre], users: [.commandOfficer]),
        Enforcement_V1_DelegationService.Method.AnswerTask.descriptor: write([.cityCourt, .externalCourt], users: caseStaff),
        Enforcement_V1_DelegationService.Method.GetTask.descriptor: read([.cityCourt, .externalCourt, .commandCentre]),
        Enforcement_V1_DelegationService.Method.ListTasks.descriptor: read([.cityCourt, .externalCourt, .commandCentre]),
        Enforcement_V1_DelegationService.Method.WatchTasks.descriptor: read([.cityCourt, .externalCourt]),
        Enforcement_V1_DelegationService.Method.GetDelegationReport.descriptor: read([.commandCentre]),
        // Deterrence: courts impose and lift measures on their own cases; the credit platform
        // (and the command centre) read the dishonest-list feed.
        Enforcement_V1_DeterrenceService.Method.ImposeMeasure.descriptor: write([.cityCourt], users: caseStaff),
        Enforcement_V1_DeterrenceService.Method.LiftMeasure.descriptor: write([.cityCourt], users: caseStaff),
        Enforcement_V1_DeterrenceService.Method.ExtendListing.descriptor: write([.cityCourt], users: caseStaff),
        Enforcement_V1_DeterrenceService.Method.ReportRemovalEvent.descriptor: write([.cityCourt], users: caseStaff),
        Enforcement_V1_DeterrenceService.Method.RecordMeasureStep.descriptor: write([.cityCourt], users: caseStaff),
        Enforcement_V1_DeterrenceService.Method.ListMeasures.descriptor: read([.cityCourt, .commandCentre]),
        Enforcement_V1_DeterrenceService.Method.ReadDishonestFeed.descriptor: read([.creditPlatform, .commandCentre]),
        Enforcement_V1_DeterrenceService.Method.WatchDishonestFeed.descriptor: read([.creditPlatform, .commandCentre]),
        Enforcement_V1_DeterrenceService.Method.GetDailyExport.descriptor: read([.creditPlatform, .commandCentre]),
        // Disclosure: a court issues its parties' access codes (the lookup itself is on the public listener).
        Enforcement_V1_DisclosureService.Method.IssueAccessCode.descriptor: write([.cityCourt], users: caseStaff),
        // Notifications: a court sees and retries the messages of its cases; the command centre all.
        Enforcement_V1_NotificationService.Method.ListMessages.descriptor: read([.cityCourt, .commandCentre]),
        Enforcement_V1_NotificationService.Method.ListDeliveryLog.descriptor: read([.cityCourt, .commandCentre]),
        Enforcement_V1_NotificationService.Method.RetryMessage.descriptor: write([.cityCourt, .commandCentre], users: [.judge, .clerk, .commandOfficer]),
    ]

    /// The rule of a method by its full name (`enforcement.v1.CaseService/FileCase`).
    public static func rule(_ fullyQualifiedMethod: String) -> Rule? { byName[fullyQualifiedMethod] }
    private static let byName = Dictionary(uniqueKeysWithValues: rules.map { ($0.key.fullyQualifiedMethod, $0.value) })

    /// Decides one call: nil when allowed, else the error to answer. `user` is the verified user of
    /// a court's or the command centre's call (nil for a principal that calls by certificate alone).
    public static func check(method: MethodDescriptor, role: Role, user: CourtUser?) -> EnforcementError? {
        guard let rule = rules[method] else {
            return EnforcementError(.permissionDenied, "\(method.fullyQualifiedMethod) is not open to any caller")
        }
        guard rule.roles.contains(role) else {
            return EnforcementError(.permissionDenied, "a \(role.rawValue) may not call \(method.fullyQualifiedMethod)", reason: "ROLE_NOT_ALLOWED")
        }
        guard rule.needsUser, UserTokenVerifier.assignable(to: role) != nil else { return nil }
        guard let user else {
            return EnforcementError(.unauthenticated, field: "authorization", "a call by a court or the command centre carries its user's token", reason: "USER_TOKEN_MISSING")
        }
        if !rule.userRoles.isEmpty, !user.holdsAny(rule.userRoles) {
            let wanted = rule.userRoles.sorted().map(\.rawValue).joined(separator: ", ")
            return EnforcementError(.permissionDenied, field: "authorization",
                                    "\(method.fullyQualifiedMethod) needs a user holding one of: \(wanted); \(user.id) holds \(user.roles.sorted().map(\.rawValue).joined(separator: ", "))", reason: "USER_ROLE_NOT_ALLOWED")
        }
        return nil
    }
}
