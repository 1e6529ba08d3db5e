import ArgumentParser
import EnforcementClient
import EnforcementCore

struct DelegationList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Tasks your court sent or received (the command centre: any court's).")

    @OptionGroup var connection: ConnectionOptions
    @Option(help: "A court (command centre only).") var court: String?
    @Option(help: "sent, accepted, rejected or completed.") var status: DelegationStatus?

    func run() async throws {
        let tasks = try await connection.run { try await $0.delegations(court: court, status: status) }
        if connection.json { try Output.json(tasks); return }
        Output.tasks(tasks)
    }
}

struct DelegationShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "One task with every step.")

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Task id (DT…).") var task: String

    func run() async throws {
        let found = try await connection.run { try await $0.delegation(task) }
        if connection.json { try Output.json(found); return }
        Output.task(found)
    }
}

struct DelegationRoute: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "route", abstract: "Command centre: route a task not yet accepted to another city court (--as command-centre).")

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Task id (DT…).") var task: String
    @Option(help: "The city court, e.g. 沪0104.") var to: String
    @Option(help: "Why.") var reason: String

    func run() async throws {
        let routed = try await connection.run { try await $0.routeDelegation(RouteDelegation(taskID: task, court: to, reason: reason)) }
        if connection.json { try Output.json(routed); return }
        Output.task(routed)
    }
}

struct DelegationWatch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch", abstract: "Tasks addressed to your court and not yet accepted, then new ones live (Ctrl-C to stop).")

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let json = connection.json
        try await connection.run { client in
            try await client.watchDelegations { task in
                if json { try Output.json(task) } else { Output.tasks([task]) }
            }
        }
    }
}
