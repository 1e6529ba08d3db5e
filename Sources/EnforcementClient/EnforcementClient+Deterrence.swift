public import EnforcementCore
import EnforcementAPI
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2

/// Deterrence measures, the dishonest-list feed, access codes, notifications, and the public lookup.
extension EnforcementClient {
    public func imposeMeasure(_ command: ImposeMeasure, requestID: String = newRequestID()) async throws -> [Measure] {
        var request = Enforcement_V1_ImposeMeasureRequest()
        request.requestID = requestID
        request.caseNumber = command.caseNumber
        request.kind = command.kind.map { $0.proto() } ?? .unspecified
        request.debtorIndex = Int32(clamping: command.debtorIndex)
        request.document = command.document
        request.ground = Int32(clamping: command.ground ?? 0)
        request.termYears = Int32(clamping: command.termYears ?? 0)
        request.seizedAssetsValueFen = command.seizedAssetsValueFen
        request.securityGiven = command.securityGiven
        request.fineFen = command.fineFen ?? 0
        request.detentionDays = Int32(clamping: command.detentionDays ?? 0)
        request.boundPersons = command.boundPersons.map { input in
            var person = Enforcement_V1_BoundPerson()
            person.role = input.role.proto()
            person.name = input.name
            person.idNumber = input.idNumber
            return person
        }
        request.startOn = command.startOn
        request.endOn = command.endOn
        request.note = command.note
        return try await call(requestID) { try await deterrence.imposeMeasure(request, metadata: $0, options: $1) }.measures.map(Measure.init)
    }

    public func liftMeasure(_ command: LiftMeasure, requestID: String = newRequestID()) async throws -> Measure {
        var request = Enforcement_V1_LiftMeasureRequest()
        request.requestID = requestID
        request.measureID = command.measureID
        request.document = command.document
        request.reason = command.reason
        return try Measure(try await call(requestID) { try await deterrence.liftMeasure(request, metadata: $0, options: $1) })
    }

    public func reportRemovalEvent(_ command: ReportRemovalEvent, requestID: String = newRequestID()) async throws -> [Measure] {
        var request = Enforcement_V1_ReportRemovalEventRequest()
        request.requestID = requestID
        request.caseNumber = command.caseNumber
        request.event = command.event.map { $0.proto() } ?? .unspecified
        request.oneDebtor = command.debtorIndex != nil
        request.debtorIndex = Int32(clamping: command.debtorIndex ?? 0)
        request.document = command.document
        return try await call(requestID) { try await deterrence.reportRemovalEvent(request, metadata: $0, options: $1) }.measures.map(Measure.init)
    }

    public func measures(caseNumber: String? = nil, court: String? = nil, kind: MeasureKind? = nil, status: MeasureStatus? = nil,
                         removalDueOnly: Bool = false, after: Int64 = 0, limit: Int = 100) async throws -> [Measure] {
        var request = Enforcement_V1_ListMeasuresRequest()
        request.caseNumber = caseNumber ?? ""
        request.court = court ?? ""
        request.kind = kind.map { $0.proto() } ?? .unspecified
        request.status = status.map { $0.proto() } ?? .unspecified
        request.removalDueOnly = removalDueOnly
        request.pageToken = after == 0 ? "" : String(after)  // a page token is the last position answered
        request.pageSize = Int32(clamping: limit)
        return try await call(nil) { try await deterrence.listMeasures(request, metadata: $0, options: $1) }.measures.map(Measure.init)
    }

    /// A page of the dishonest-list feed after `cursor`; save the last entry's position as the next cursor.
    public func dishonestFeed(after cursor: Int64, limit: Int = 100) async throws -> (entries: [DishonestFeedEntry], lastPosition: Int64) {
        var request = Enforcement_V1_ReadDishonestFeedRequest()
        request.afterCursor = cursor
        request.pageSize = Int32(clamping: limit)
        let response = try await call(nil) { try await deterrence.readDishonestFeed(request, metadata: $0, options: $1) }
        return (try response.entries.map(DishonestFeedEntry.init), response.lastPosition)
    }

    /// Every feed entry after `cursor`, then each new one, until the stream ends or the task is cancelled.
    public func watchDishonestFeed(after cursor: Int64, _ onEntry: @escaping @Sendable (DishonestFeedEntry) async throws -> Void) async throws {
        var request = Enforcement_V1_WatchDishonestFeedRequest()
        request.afterCursor = cursor
        do {
            try await deterrence.watchDishonestFeed(request, metadata: try await Self.metadata(configuration, requestID: nil)) { response in
                for try await message in response.messages { try await onEntry(try DishonestFeedEntry(message)) }
            }
        } catch let error as RPCError {
            throw Self.domainError(error)
        }
    }

    /// One ended day's export: its feed range and entries.
    public func dailyExport(_ day: CalendarDate) async throws -> (after: Int64, through: Int64, entries: [DishonestFeedEntry]) {
        var request = Enforcement_V1_GetDailyExportRequest()
        request.day = day.description
        let response = try await call(nil) { try await deterrence.getDailyExport(request, metadata: $0, options: $1) }
        return (response.afterPosition, response.throughPosition, try response.entries.map(DishonestFeedEntry.init))
    }

    public func issueAccessCode(_ command: IssueAccessCode, requestID: String = newRequestID()) async throws -> String {
        var request = Enforcement_V1_IssueAccessCodeRequest()
        request.requestID = requestID
        request.caseNumber = command.caseNumber
        request.party = command.party
        return try await call(requestID) { try await disclosure.issueAccessCode(request, metadata: $0, options: $1) }.accessCode
    }

    public func outboxMessages(caseNumber: String? = nil, status: Delivery.Status? = nil, after: Int64 = 0, limit: Int = 100) async throws -> [OutboxItem] {
        var request = Enforcement_V1_ListMessagesRequest()
        request.caseNumber = caseNumber ?? ""
        request.status = status.map { $0.proto() } ?? .unspecified
        request.pageToken = after == 0 ? "" : String(after)  // a page token is the last position answered
        request.pageSize = Int32(clamping: limit)
        return try await call(nil) { try await notifications.listMessages(request, metadata: $0, options: $1) }.messages.map(OutboxItem.init)
    }

    public func deliveryLog(caseNumber: String? = nil, messageSequence: Int64? = nil, after: Int64 = 0, limit: Int = 100) async throws -> [DeliveryAttempt] {
        var request = Enforcement_V1_ListDeliveryLogRequest()
        request.caseNumber = caseNumber ?? ""
        request.messageSequence = messageSequence ?? 0
        request.pageToken = after == 0 ? "" : String(after)  // a page token is the last position answered
        request.pageSize = Int32(clamping: limit)
        return try await call(nil) { try await notifications.listDeliveryLog(request, metadata: $0, options: $1) }.entries.map(DeliveryAttempt.init)
    }

    public func retryMessage(_ sequence: Int64, requestID: String = newRequestID()) async throws -> OutboxItem {
        var request = Enforcement_V1_RetryMessageRequest()
        request.requestID = requestID
        request.messageSequence = sequence
        return try OutboxItem(try await call(requestID) { try await notifications.retryMessage(request, metadata: $0, options: $1) })
    }

    /// The public lookup, on the public port: server TLS only (the server is checked against
    /// `trustedCA`), no client certificate.
    public static func publicLookup(host: String, port: Int, trustedCA: String, caseNumber: String, accessCode: String,
                                    timeout: Duration = .seconds(10)) async throws -> PublicCaseView {
        guard FileManager.default.fileExists(atPath: trustedCA) else {
            throw EnforcementError(.unauthenticated, "TLS file \(trustedCA) does not exist")
        }
        let transport = try HTTP2ClientTransport.Posix(
            target: .ipv4(address: host, port: port),
            transportSecurity: .tls { tls in tls.trustRoots = .certificates([.file(path: trustedCA, format: .pem)]) })
        return try await withGRPCClient(transport: transport) { grpc in
            var request = Enforcement_V1_LookupCaseRequest()
            request.caseNumber = caseNumber
            request.accessCode = accessCode
            var options = CallOptions.defaults
            options.timeout = timeout
            do {
                return try PublicCaseView(try await Enforcement_V1_PublicDisclosureService.Client(wrapping: grpc).lookupCase(request, options: options))
            } catch let error as RPCError {
                throw domainError(error)
            }
        }
    }
}
