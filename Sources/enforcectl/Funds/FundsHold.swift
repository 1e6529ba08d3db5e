import ArgumentParser
import EnforcementClient
import EnforcementCore

struct FundsHold: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hold", abstract: "Record the listed reason why an account's money stays over 30 days, or --clear it.")

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Escrow account number.") var account: String
    @Option(help: "distribution_pending, frozen_in_another_case, payee_not_collecting or case_suspended.") var reason: PayoutHoldReason?
    @Flag(help: "Clear the recorded reason.") var clear = false
    @Option(help: "Note.") var note: String = ""

    func validate() throws {
        guard (reason == nil) == clear else { throw ValidationError("give either --reason or --clear") }
    }

    func run() async throws {
        let updated = try await connection.run { try await $0.holdPayouts(HoldPayouts(escrowAccount: account, reason: reason, note: note)) }
        if connection.json { try Output.json(updated); return }
        Output.accounts([updated])
    }
}
