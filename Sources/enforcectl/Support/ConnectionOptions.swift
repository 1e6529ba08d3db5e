import ArgumentParser
import EnforcementClient
import EnforcementCore
import Foundation

/// Options every networked subcommand shares: where the server is and who we are.
struct ConnectionOptions: ParsableArguments {
    @Option(help: "Server address.") var host = "127.0.0.1"
    @Option(help: "Server port.") var port = 8443
    @Option(help: "Data directory of a local development server (its pki/ holds the certificates).") var dataDir = "data"
    @Option(name: .customLong("as"), help: "Development identity: court-0105, court-0101, command-centre, bank-icbc-sh, bank-ccb-sh, registry-realestate-sh, custodian-boc-sh, court-su0102, credit-platform.")
    var identity = "court-0105"
    @Option(help: "Client certificate (PEM); overrides --as.") var cert: String?
    @Option(help: "Client private key (PEM); with --cert.") var key: String?
    @Option(help: "CA that issued the server certificate (PEM).") var ca: String?
    @Option(help: "User id inside the court or the command centre, signed into a short-lived token with the development key (default: $ENFORCEMENT_USER, else dev-judge).")
    var user: String?
    @Option(help: "The user's name in the token (default: the user id).") var name: String?
    @Option(help: "The user's role, repeatable: judge, clerk, bureau_chief, finance, president, command_officer (default: $ENFORCEMENT_ROLE, else judge; command_officer as the command centre).")
    var role: [String] = []
    @Option(help: "A user token from the court's sign-on; overrides --user and --role.") var token: String?
    @Flag(help: "Print JSON instead of tables.") var json = false

    var configuration: ClientConfiguration {
        get throws {
            let environment = ProcessInfo.processInfo.environment
            let names = role.isEmpty ? [environment["ENFORCEMENT_ROLE"] ?? (identity == "command-centre" ? "command_officer" : "judge")] : role
            var roles: Set<UserRole> = []
            for name in names {
                guard let parsed = UserRole(rawValue: name) else {
                    throw ValidationError("unknown role \(name): one of \(UserRole.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                roles.insert(parsed)
            }
            let id = user ?? environment["ENFORCEMENT_USER"] ?? "dev-judge"
            var config = ClientConfiguration.development(
                dataDirectory: dataDir, identity: identity, host: host, port: port, user: CourtUser(id: id, name: name, roles: roles))
            if let cert { config.certificate = cert }
            if let key { config.privateKey = key }
            if let ca { config.trustedCA = ca }
            if let token { config.userToken = StaticUserToken(token) }
            return config
        }
    }

    /// Runs `body` with a connected client; domain errors print as `error: …` and exit 1.
    func run<Result: Sendable>(_ body: (EnforcementClient) async throws -> Result) async throws -> Result {
        do {
            return try await EnforcementClient.with(try configuration, body)
        } catch let error as EnforcementError {
            Output.error(error)
            throw ExitCode(1)
        }
    }
}
