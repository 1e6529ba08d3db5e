import ArgumentParser
import EnforcementClient
import EnforcementCore

/// accept, reject, progress and complete share one shape: a task id, a note, and for complete the result.
struct DelegationAnswerOptions: ParsableArguments {
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Task id (DT…).") var task: String

    func answer(_ step: AnswerDelegation.Step, note: String, assets: [String] = [], attachments: [String] = []) async throws {
        let documents = try attachments.map(Delegation.document)
        let updated = try await connection.run {
            try await $0.answerDelegation(AnswerDelegation(taskID: task, step: step, note: note, assets: assets, attachments: documents))
        }
        if connection.json { try Output.json(updated); return }
        Output.task(updated)
    }
}

struct DelegationAccept: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "accept", abstract: "Accept a task addressed to your court.")
    @OptionGroup var options: DelegationAnswerOptions
    @Option(help: "Note.") var note: String = ""
    func run() async throws { try await options.answer(.accept, note: note) }
}

struct DelegationReject: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reject", abstract: "Reject a task addressed to your court, with the reason.")
    @OptionGroup var options: DelegationAnswerOptions
    @Option(help: "Why.") var reason: String
    func run() async throws { try await options.answer(.reject, note: reason) }
}

struct DelegationProgress: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "progress", abstract: "Report progress on an accepted task (every 15 days after its 30).")
    @OptionGroup var options: DelegationAnswerOptions
    @Option(help: "What was done.") var note: String
    func run() async throws { try await options.answer(.progress, note: note) }
}

struct DelegationComplete: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "complete", abstract: "Complete an accepted task with its result.")
    @OptionGroup var options: DelegationAnswerOptions
    @Option(help: "What was done.") var summary: String
    @Option(help: "An asset found or controlled (repeatable).") var asset: [String] = []
    @Option(help: "An attachment NAME:SHA256 (repeatable).") var attachment: [String] = []
    func run() async throws { try await options.answer(.complete, note: summary, assets: asset, attachments: attachment) }
}
