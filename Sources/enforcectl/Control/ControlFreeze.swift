import ArgumentParser
import EnforcementClient
import EnforcementCore

struct ControlFreeze: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "freeze", abstract: "Freeze or seal an asset (冻结/查封).",
        discussion: "At most the case's outstanding amount; ends at most 1 year (deposits), 2 years (movables) or 3 years (real estate, other rights) from today.")

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Case number.") var caseNumber: String
    @Option(help: "Institution id.") var institution: String
    @Option(help: "deposit, movable, real_estate or other_right.") var kind: AssetKind = .deposit
    @Option(help: "Account number or asset identifier.") var asset: String
    @Option(help: "Amount in yuan, e.g. 25000.00.") var amount: Yuan
    @Option(help: "Last day, YYYY-MM-DD.") var until: String
    @Option(help: "Document number of the ruling.") var document: String

    func run() async throws {
        let request = try await connection.run {
            try await $0.freeze(FreezeAsset(caseNumber: caseNumber, institutionID: institution, assetKind: kind, assetIdentifier: asset,
                                            amountFen: amount.fen, endOn: until, documentNumber: document))
        }
        if connection.json { try Output.json(request); return }
        Output.requests([request])
    }
}
