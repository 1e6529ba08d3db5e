import ArgumentParser
import EnforcementClient
import EnforcementCore

struct CaseFile: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "file", abstract: "File a new case (立案) in your court; prints the allocated case number.")

    @OptionGroup var connection: ConnectionOptions
    @Option(help: "Case type: 执, 执恢, 执保, 执异, 执复, 执监, 执协.") var type: CaseType = .first
    @Option(help: "Title kind: litigation (6-month limit) or non_litigation (3 months).") var titleKind: TitleKind = .litigation
    @Option(help: "Document number of the enforcement title, e.g. （2025）沪0105民初88号.") var title: String
    @Option(help: "Applicant as person:NAME:ID[:PHONE] or org:NAME:CREDIT_CODE[:PHONE]; repeatable.") var applicant: [PartyInput]
    @Option(help: "Debtor, same form as --applicant; repeatable.") var debtor: [PartyInput]
    @Option(help: "Amount sought in yuan, e.g. 120000.50.") var amount: Yuan
    @Option(help: "Handling judge.") var judge: String?
    @Option(help: "For 执恢: the closed case that enforcement resumes.") var resumedFrom: String?
    @Option(help: "Cause tag (案由), e.g. 劳动报酬; repeatable, at most 5.") var causeTag: [String] = []
    @Option(help: "Request id (default: a new one; reuse it to retry safely).") var requestID: String?

    func run() async throws {
        let command = FileCase(
            caseType: type, titleKind: titleKind, titleDocument: title, applicants: applicant, debtors: debtor,
            amountSoughtFen: amount.fen, handlingJudge: judge, resumedFrom: resumedFrom, causeTags: causeTag)
        let filed = try await connection.run { try await $0.fileCase(command, requestID: requestID ?? EnforcementClient.newRequestID()) }
        if connection.json { try Output.json(filed) } else { print("filed \(filed.number)"); Output.summary(filed) }
    }
}
