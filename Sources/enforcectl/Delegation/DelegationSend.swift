import ArgumentParser
import EnforcementClient
import EnforcementCore

struct DelegationSend: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Delegate a task of your case: to a court of another province (--to 苏0102), or within the city by the asset's location.")

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Your case number.") var caseNumber: String
    @Option(help: "A court of another province; omit within the city (the command centre routes by --location).") var to: String = ""
    @Option(help: "investigate, seal, serve_documents, deliver_debtor or other.") var kind: DelegationKind
    @Option(help: "Debtor's name.") var debtor: String
    @Option(name: .customLong("debtor-id"), help: "Debtor's ID number or credit code.") var debtorID: String = ""
    @Option(help: "The asset concerned.") var asset: String = ""
    @Option(help: "Where the asset or debtor is, e.g. 上海市徐汇区….") var location: String
    @Option(help: "Document NAME:SHA256 (repeatable).") var document: [String] = []
    @Option(name: .customLong("basis"), help: "Number of the 委托执行函 (the legal basis).") var legalBasis: String

    func run() async throws {
        let documents = try document.map(Delegation.document)
        let task = try await connection.run {
            try await $0.sendDelegation(SendDelegation(caseNumber: caseNumber, receiver: to, kind: kind, debtorName: debtor, debtorID: debtorID,
                                                       asset: asset, location: location, documents: documents, legalBasis: legalBasis))
        }
        if connection.json { try Output.json(task); return }
        Output.task(task)
    }
}
