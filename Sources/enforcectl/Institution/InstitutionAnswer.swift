import ArgumentParser
import EnforcementClient
import EnforcementCore

struct InstitutionAnswer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "answer", abstract: "Answer a request addressed to this institution.",
        discussion: """
            A query: one --holding per account found (KIND:ACCOUNT:TYPE:STATUS:BRANCH:BALANCE:AVAILABLE, amounts in yuan), or --none.
            A freeze, renew or release: --controlled AMOUNT with --start/--end (or --controlled 0 --reason WHY; a release answers --controlled 0,
            a partial release --controlled with what the freeze still controls after it).
            A deduction: --moved AMOUNT [--whole-asset-disposed] [--transfer-reference REF] (or --moved 0 --reason WHY).
            """)

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Request id, e.g. CR00000042.") var request: String
    @Option(help: "An account found by a query.") var holding: [String] = []
    @Flag(help: "The query found nothing.") var none = false
    @Option(help: "Amount actually controlled, in yuan.") var controlled: Yuan?
    @Option(help: "First day of the control, YYYY-MM-DD.") var start = ""
    @Option(help: "Last day of the control, YYYY-MM-DD.") var end = ""
    @Option(help: "Amount moved, in yuan.") var moved: Yuan?
    @Flag(help: "The whole asset is gone (waiting-list controls lapse).") var wholeAssetDisposed = false
    @Option(help: "Why nothing was controlled or moved.") var reason = ""
    @Option(help: "The bank's reference of the transfer into escrow (a deduction).") var transferReference = ""

    func validate() throws {
        let kinds = [!holding.isEmpty || none, controlled != nil, moved != nil].filter { $0 }.count
        guard kinds == 1 else { throw ValidationError("give exactly one of --holding/--none, --controlled, --moved") }
    }

    func run() async throws {
        let answered: ControlRequest
        if let controlled {
            answered = try await connection.run {
                try await $0.answerControl(AnswerControl(controlRequestID: request, controlledFen: controlled.fen, reason: reason, startOn: start, endOn: end))
            }
        } else if let moved {
            answered = try await connection.run {
                try await $0.answerDeduction(AnswerDeduction(controlRequestID: request, movedFen: moved.fen, reason: reason, wholeAssetDisposed: wholeAssetDisposed,
                                                          transferReference: transferReference))
            }
        } else {
            let holdings = try holding.map { text -> HoldingInput in
                let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
                guard parts.count == 7, let kind = AssetKind(rawValue: parts[0]), let balance = Yuan(argument: parts[5]), let available = Yuan(argument: parts[6]) else {
                    throw ValidationError("--holding is KIND:ACCOUNT:TYPE:STATUS:BRANCH:BALANCE:AVAILABLE, got '\(text)'")
                }
                return HoldingInput(assetKind: kind, identifier: parts[1], type: parts[2], status: parts[3], branch: parts[4],
                                    balanceFen: balance.fen, availableFen: available.fen)
            }
            answered = try await connection.run { try await $0.answerQuery(AnswerQuery(controlRequestID: request, holdings: holdings)) }
        }
        if connection.json { try Output.json(answered); return }
        Output.requests([answered])
    }
}
