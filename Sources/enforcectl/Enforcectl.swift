import ArgumentParser

/// `enforcectl`: the command-line client of the enforcement platform.
@main
struct Enforcectl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enforcectl",
        abstract: "Command-line client of the court enforcement platform.",
        discussion: "By default it connects to 127.0.0.1:8443 as the development identity court-0105 (沪0105), using the certificates the server made under ./data/pki.",
        subcommands: [CaseGroup.self, ControlGroup.self, InstitutionGroup.self, FundsGroup.self, DelegationGroup.self, MeasureGroup.self, DishonestGroup.self,
                      NotifyGroup.self, PublicGroup.self, CommandGroup.self, FieldGroup.self, EvidenceGroup.self, AnalysisGroup.self, CampaignGroup.self, SupervisionGroup.self, AuditGroup.self, TokenCommand.self])
}

struct CaseGroup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case", abstract: "Enforcement cases: file, read, list, and move them through their process nodes.",
        subcommands: [
            CaseFile.self, CaseGet.self, CaseList.self, CaseAssign.self, CaseNode.self, CaseSuspend.self, CaseResume.self,
            CaseExtend.self, CaseDecideExtension.self, CaseClose.self, CaseTimeline.self, CaseNodes.self,
        ])
}

struct AuditGroup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "The append-only audit journal.", subcommands: [AuditVerify.self])
}

struct ControlGroup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "control", abstract: "Network asset control (执行查控): query, freeze, renew, release, deduct.",
        subcommands: [
            ControlQuery.self, ControlFreeze.self, ControlRenew.self, ControlRelease.self, ControlDeduct.self, ControlList.self,
            ControlReminders.self, ControlInstitutions.self, ControlStanding.self, ControlLog.self, ControlRoomCommand.self,
        ])
}

struct InstitutionGroup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "institution", abstract: "For an assisting institution's operator: watch, pull and answer requests (use --as bank-icbc-sh).",
        subcommands: [InstitutionWatch.self, InstitutionPull.self, InstitutionAnswer.self])
}

struct FundsGroup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "funds", abstract: "Case funds (执行案款, 一案一人一账号): escrow accounts, receipts, payouts, reconciliation.",
        subcommands: [
            FundsShowBalance.self, FundsStatement.self, FundsReceipts.self, FundsReceive.self, FundsMatch.self, FundsReverse.self,
            PayoutGroup.self, FundsHold.self, FundsOpenAccount.self, FundsSuspense.self, FundsOutbox.self, FundsReminders.self,
            FundsReconcile.self, FundsCheck.self,
        ])
}

struct PayoutGroup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "payout", abstract: "Payouts: judge proposes → bureau chief → finance approve → custodian bank executes.",
        subcommands: [PayoutPropose.self, PayoutApprove.self, PayoutReject.self, PayoutExecute.self, PayoutList.self])
}

struct DelegationGroup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delegation", abstract: "Delegated enforcement (委托执行): send, watch, accept, reject, report progress, complete.",
        subcommands: [
            DelegationList.self, DelegationShow.self, DelegationSend.self, DelegationAccept.self, DelegationReject.self, DelegationProgress.self,
            DelegationComplete.self, DelegationWatch.self, DelegationRoute.self,
        ])
}

struct CommandGroup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "command", abstract: "The command centre's views (--as command-centre).",
        subcommands: [CommandDelegations.self, CommandDashboardLink.self])
}

struct MeasureGroup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "measure", abstract: "Deterrence measures (执行威慑): dishonest list, consumption restriction, exit ban, fine, detention …",
        subcommands: [MeasureImpose.self, MeasureLift.self, MeasureList.self, MeasureRemovalEvent.self])
}

struct DishonestGroup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dishonest", abstract: "The dishonest-debtor list feed (--as credit-platform or command-centre).",
        subcommands: [DishonestFeed.self, DishonestExport.self])
}

struct NotifyGroup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify", abstract: "Notifications to judges and parties: what waits, the delivery log, retrying dead letters.",
        subcommands: [NotifyPending.self, NotifyLog.self, NotifyRetry.self])
}

struct PublicGroup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "public", abstract: "Disclosure to parties (执行公开): access codes and the public lookup.",
        subcommands: [PublicIssueCode.self, PublicLookup.self])
}
