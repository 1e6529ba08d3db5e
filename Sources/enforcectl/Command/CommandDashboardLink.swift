import ArgumentParser
import EnforcementAPI
import EnforcementClient
import Foundation

/// `enforcectl command dashboard-link`: a one-time link to the wall screen (指挥中心大屏).
struct CommandDashboardLink: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard-link",
        abstract: "A one-time link to the wall screen (the city for the command centre, a court its own); open it once, within minutes.")
    @OptionGroup var connection: ConnectionOptions
    @Option(help: "A court code (the command centre; default the whole city).") var court = ""

    func run() async throws {
        let link = try await connection.run { try await $0.dashboardLink(court: court) }
        if connection.json { try Figures.printJSON(link); return }
        print(link.url)
        FileHandle.standardError.write(Data(
            "the screen shows \(link.court.isEmpty ? "the whole city" : link.court); open the link once before \(AlertOutput.time(link.expiresAt)) (Asia/Shanghai)\n".utf8))
    }
}
