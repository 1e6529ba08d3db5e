import ArgumentParser
import EnforcementClient
import EnforcementCore

struct ControlStanding: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "standing", abstract: "Standing freeze orders (持续冻结): fill the case's room across the connected banks.",
        subcommands: [Create.self, Cancel.self, List.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send freezes to every bank that reported holdings, and again as re-queries report new ones, until the room is full.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Case number.") var caseNumber: String
        @Option(help: "Document number of the ruling.") var document: String
        @Option(help: "Last day, YYYY-MM-DD (default: 30 days from today).") var until: String = ""

        func run() async throws {
            let order = try await connection.run {
                try await $0.createStandingOrder(CreateStandingOrder(caseNumber: caseNumber, documentNumber: document, endsOn: until))
            }
            if connection.json { try Output.json(order); return }
            Output.standingOrders([order])
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel a standing order; the freezes it sent stay.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Order id, e.g. SO00000007.") var order: String
        @Option(help: "Why it is cancelled.") var note: String

        func run() async throws {
            let cancelled = try await connection.run { try await $0.cancelStandingOrder(CancelStandingOrder(orderID: order, note: note)) }
            if connection.json { try Output.json(cancelled); return }
            Output.standingOrders([cancelled])
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A case's standing orders.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Case number.") var caseNumber: String

        func run() async throws {
            let orders = try await connection.run { try await $0.standingOrders(ofCase: caseNumber) }
            if connection.json { try Output.json(orders); return }
            Output.standingOrders(orders)
        }
    }
}

struct ControlLog: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "Export every request a court made or an institution received in a period (who looked at whose assets, and why).",
        discussion: "The command centre exports any court or institution; a court its own requests; an institution what it received. Every page is read.")

    @OptionGroup var connection: ConnectionOptions
    @Option(help: "Court code, e.g. 沪0105.") var court: String = ""
    @Option(help: "Institution id.") var institution: String = ""
    @Option(help: "First day, YYYY-MM-DD.") var from: String
    @Option(help: "Last day, YYYY-MM-DD (at most 366 days after --from).") var until: String

    func run() async throws {
        let requests = try await connection.run { client in
            var all: [ControlRequest] = []
            var token = ""
            repeat {
                let page = try await client.controlLog(court: court, institution: institution, from: from, until: until, pageSize: 1000, pageToken: token)
                all += page.requests
                token = page.nextPageToken
            } while !token.isEmpty
            return all
        }
        if connection.json { try Output.json(requests); return }
        Output.table(["id", "served", "case", "court", "judge", "institution", "action", "document", "debtors", "status"], requests.map {
            [$0.id, Output.timestamp($0.servedAt), $0.caseNumber.description, $0.caseNumber.court.value, $0.handlingJudge, $0.institution,
             $0.action.rawValue, $0.documentNumber, $0.debtors.map(\.name).joined(separator: ", "), $0.status.rawValue]
        })
    }
}

struct ControlRoomCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "room", abstract: "How much more a case may freeze across every institution, and the figures behind it.")

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Case number.") var caseNumber: String

    func run() async throws {
        let room = try await connection.run { try await $0.room(ofCase: caseNumber) }
        if connection.json {
            try Output.json(RoomJSON(caseNumber: caseNumber, soughtFen: room.sought.fen, feeFen: room.fee.fen, interestFen: room.interest.fen,
                                     creditedFen: room.credited.fen, outstandingFen: room.outstanding.fen, heldFen: room.held.fen,
                                     inTransitFen: room.inTransit.fen, roomFen: room.room.fen, excessFen: room.excess.fen))
            return
        }
        Output.table(["", "¥"], [
            ["sought 申请执行标的", room.sought.description], ["+ fee 执行费", room.fee.description],
            ["+ late interest 迟延履行利息", room.interest.description], ["− received 已到账", room.credited.description],
            ["= outstanding 未执行金额", room.outstanding.description],
            ["held or possibly held 已控制或可能控制", room.held.description], ["  of which in transit 扣划在途", room.inTransit.description],
            ["room 可冻结余额", room.room.description], ["excess 超标", room.excess.description],
        ])
    }
}

/// The room as `--json` prints it: every figure in fen.
struct RoomJSON: Encodable {
    let caseNumber: String
    let soughtFen, feeFen, interestFen, creditedFen, outstandingFen, heldFen, inTransitFen, roomFen, excessFen: Int64
}
