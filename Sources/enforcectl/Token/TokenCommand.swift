import ArgumentParser
import EnforcementClient
import EnforcementCore

/// `enforcectl token`: prints the user token the other subcommands send, for other gRPC tools
/// (grpcurl -H "authorization: Bearer $(enforcectl token …)").
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Print a short-lived user token signed with the development key of a court (--as, --user, --name, --role).")

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        guard let source = try connection.configuration.userToken else {
            throw ValidationError("\(connection.identity) calls by certificate alone: only courts and the command centre carry user tokens")
        }
        print(try await source.token())
    }
}
