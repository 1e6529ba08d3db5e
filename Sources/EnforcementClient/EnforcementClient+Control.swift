public import EnforcementCore
import EnforcementAPI
import GRPCCore

/// Network asset control: the court side and the institution side.
extension EnforcementClient {
    // MARK: Court side

    public func launchQuery(_ command: LaunchQuery, requestID: String = newRequestID()) async throws -> [ControlRequest] {
        let request = Enforcement_V1_LaunchQueryRequest(command, requestID: requestID)
        return try await call(requestID) { try await controls.launchQuery(request, metadata: $0, options: $1) }.requests.map(ControlRequest.init)
    }

    public func freeze(_ command: FreezeAsset, requestID: String = newRequestID()) async throws -> ControlRequest {
        let request = Enforcement_V1_FreezeRequest(command, requestID: requestID)
        return try ControlRequest(try await call(requestID) { try await controls.freeze(request, metadata: $0, options: $1) })
    }

    public func renew(_ command: RenewFreeze, requestID: String = newRequestID()) async throws -> ControlRequest {
        let request = Enforcement_V1_RenewRequest(command, requestID: requestID)
        return try ControlRequest(try await call(requestID) { try await controls.renew(request, metadata: $0, options: $1) })
    }

    public func release(_ command: ReleaseFreeze, requestID: String = newRequestID()) async throws -> ControlRequest {
        let request = Enforcement_V1_ReleaseRequest(command, requestID: requestID)
        return try ControlRequest(try await call(requestID) { try await controls.release(request, metadata: $0, options: $1) })
    }

    public func deduct(_ command: DeductFrozen, requestID: String = newRequestID()) async throws -> ControlRequest {
        let request = Enforcement_V1_DeductRequest(command, requestID: requestID)
        return try ControlRequest(try await call(requestID) { try await controls.deduct(request, metadata: $0, options: $1) })
    }

    /// How much more the case may freeze today, and the figures behind it.
    public func room(ofCase number: String) async throws -> ControlRoom {
        var request = Enforcement_V1_GetRoomRequest()
        request.caseNumber = number
        return ControlRoom(try await call(nil) { try await controls.getRoom(request, metadata: $0, options: $1) })
    }

    /// A standing freeze order (持续冻结) for a case's room.
    public func createStandingOrder(_ command: CreateStandingOrder, requestID: String = newRequestID()) async throws -> StandingFreezeOrder {
        let request = Enforcement_V1_CreateStandingOrderRequest(command, requestID: requestID)
        return try StandingFreezeOrder(try await call(requestID) { try await controls.createStandingOrder(request, metadata: $0, options: $1) })
    }

    public func cancelStandingOrder(_ command: CancelStandingOrder, requestID: String = newRequestID()) async throws -> StandingFreezeOrder {
        let request = Enforcement_V1_CancelStandingOrderRequest(command, requestID: requestID)
        return try StandingFreezeOrder(try await call(requestID) { try await controls.cancelStandingOrder(request, metadata: $0, options: $1) })
    }

    public func standingOrders(ofCase number: String) async throws -> [StandingFreezeOrder] {
        var request = Enforcement_V1_ListStandingOrdersRequest()
        request.caseNumber = number
        return try await call(nil) { try await controls.listStandingOrders(request, metadata: $0, options: $1) }.orders.map(StandingFreezeOrder.init)
    }

    /// One page of the oversight export of a court's or an institution's requests served in a period.
    public func controlLog(court: String = "", institution: String = "", from: String, until: String, pageSize: Int = 100,
                           pageToken: String = "") async throws -> (requests: [ControlRequest], nextPageToken: String) {
        var request = Enforcement_V1_ExportControlLogRequest()
        request.courtCode = court
        request.institutionID = institution
        request.from = from
        request.until = until
        request.pageSize = Int32(clamping: pageSize)
        request.pageToken = pageToken
        let response = try await call(nil) { try await controls.exportControlLog(request, metadata: $0, options: $1) }
        return (try response.requests.map(ControlRequest.init), response.nextPageToken)
    }

    /// A case's requests, with answers and control states.
    public func controlRequests(ofCase number: String) async throws -> [ControlRequest] {
        var request = Enforcement_V1_ListCaseRequestsRequest()
        request.caseNumber = number
        return try await call(nil) { try await controls.listCaseRequests(request, metadata: $0, options: $1) }.requests.map(ControlRequest.init)
    }

    public func reminders(caseNumber: String? = nil, after: Int64 = 0, limit: Int = 100) async throws -> [Reminder] {
        var request = Enforcement_V1_ListRemindersRequest()
        request.caseNumber = caseNumber ?? ""
        request.afterCursor = after
        request.pageSize = Int32(clamping: limit)
        return try await call(nil) { try await controls.listReminders(request, metadata: $0, options: $1) }.reminders.map(Reminder.init)
    }

    public func institutions() async throws -> [Institution] {
        try await call(nil) { try await controls.listInstitutions(.init(), metadata: $0, options: $1) }.institutions.map(Institution.init)
    }

    // MARK: Institution side

    /// Receives every unanswered request addressed to the caller, then new ones live, until
    /// `onRequest` throws, the task is cancelled, or the server ends the stream (e.g. shutting down).
    public func watchRequests(_ onRequest: @escaping @Sendable (ControlRequest) async throws -> Void) async throws {
        do {
            try await controls.watchRequests(.init(), metadata: try await Self.metadata(configuration, requestID: nil)) { response in
                for try await message in response.messages {
                    try await onRequest(try ControlRequest(message))
                }
            }
        } catch let error as RPCError {
            throw Self.domainError(error)
        }
    }

    /// Requests addressed to the caller after `cursor`; continue with the returned cursor.
    public func pullRequests(after cursor: Int64, limit: Int = 100, unansweredOnly: Bool = false) async throws -> (requests: [ControlRequest], nextCursor: Int64) {
        var request = Enforcement_V1_PullRequestsRequest()
        request.afterCursor = cursor
        request.pageSize = Int32(clamping: limit)
        request.unansweredOnly = unansweredOnly
        let response = try await call(nil) { try await controls.pullRequests(request, metadata: $0, options: $1) }
        return (try response.requests.map(ControlRequest.init), response.nextCursor)
    }

    public func answerQuery(_ command: AnswerQuery, requestID: String = newRequestID()) async throws -> ControlRequest {
        let request = Enforcement_V1_AnswerQueryRequest(command, requestID: requestID)
        return try ControlRequest(try await call(requestID) { try await controls.answerQuery(request, metadata: $0, options: $1) })
    }

    public func answerControl(_ command: AnswerControl, requestID: String = newRequestID()) async throws -> ControlRequest {
        let request = Enforcement_V1_AnswerControlRequest(command, requestID: requestID)
        return try ControlRequest(try await call(requestID) { try await controls.answerControl(request, metadata: $0, options: $1) })
    }

    public func answerDeduction(_ command: AnswerDeduction, requestID: String = newRequestID()) async throws -> ControlRequest {
        let request = Enforcement_V1_AnswerDeductionRequest(command, requestID: requestID)
        return try ControlRequest(try await call(requestID) { try await controls.answerDeduction(request, metadata: $0, options: $1) })
    }
}
