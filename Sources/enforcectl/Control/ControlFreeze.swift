import ArgumentParser
import EnforcementClient
import EnforcementCore

struct ControlFreeze: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "freeze", abstract: "Freeze or seal an asset (冻结/查封).",
        discussion: """
            A freeze of money is cut to the case's room across every institution: the outstanding amount (sought + fee + late \
            interest − money received) less what the case's controls hold or may hold; refused when there is none. A seal on \
            real estate or movables counts at --stated-value and is never cut. Ends at most 1 year (deposits), 2 years \
            (movables) or 3 years (real estate, other rights) from today.
            """)

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Case number.") var caseNumber: String
    @Option(help: "Institution id.") var institution: String
    @Option(help: "deposit, movable, real_estate or other_right.") var kind: AssetKind = .deposit
    @Option(help: "Account number or asset identifier.") var asset: String
    @Option(help: "Amount in yuan, e.g. 25000.00.") var amount: Yuan
    @Option(help: "Last day, YYYY-MM-DD.") var until: String
    @Option(help: "Document number of the ruling.") var document: String
    @Option(help: "Real estate and movables: the value the court states, in yuan (counted against the case's room).") var statedValue: Yuan?

    func run() async throws {
        let request = try await connection.run {
            try await $0.freeze(FreezeAsset(caseNumber: caseNumber, institutionID: institution, assetKind: kind, assetIdentifier: asset,
                                            amountFen: amount.fen, endOn: until, documentNumber: document, statedValueFen: statedValue?.fen ?? 0))
        }
        if connection.json { try Output.json(request); return }
        Output.requests([request])
        Output.notes([request])
    }
}
