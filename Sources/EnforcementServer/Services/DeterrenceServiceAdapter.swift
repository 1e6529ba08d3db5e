public import EnforcementAPI
public import EnforcementCore
public import GRPCCore

/// DeterrenceService over the deterrence workflow: convert, delegate, convert back. Nothing else.
public struct DeterrenceServiceAdapter: Enforcement_V1_DeterrenceService.SimpleServiceProtocol {
    let workflow: DeterrenceWorkflow

    public init(workflow: DeterrenceWorkflow) { self.workflow = workflow }

    public func imposeMeasure(request: Enforcement_V1_ImposeMeasureRequest, context: ServerContext) async throws -> Enforcement_V1_ImposeMeasureResponse {
        try await keptAnswer({ (measures: [Measure]) in
            var response = Enforcement_V1_ImposeMeasureResponse()
            response.measures = measures.map(Enforcement_V1_Measure.init)
            return response
        }) {
            try await workflow.impose(ImposeMeasure(request), by: CallerIdentity.require(), requestID: request.requestID)
        }
    }

    public func liftMeasure(request: Enforcement_V1_LiftMeasureRequest, context: ServerContext) async throws -> Enforcement_V1_Measure {
        try await keptAnswer({ .init($0) }) {
            try await workflow.lift(LiftMeasure(measureID: request.measureID, document: request.document, reason: request.reason),
                                    by: CallerIdentity.require(), requestID: request.requestID)
        }
    }

    public func extendListing(request: Enforcement_V1_ExtendListingRequest, context: ServerContext) async throws -> Enforcement_V1_Measure {
        try await keptAnswer({ .init($0) }) {
            try await workflow.extend(ExtendListing(measureID: request.measureID, document: request.document, termYears: Int(request.termYears)),
                                      by: CallerIdentity.require(), requestID: request.requestID)
        }
    }

    public func reportRemovalEvent(request: Enforcement_V1_ReportRemovalEventRequest, context: ServerContext) async throws -> Enforcement_V1_ListMeasuresResponse {
        let command = ReportRemovalEvent(caseNumber: request.caseNumber, event: RemovalEvent(proto: request.event),
                                         debtorIndex: request.oneDebtor ? Int(request.debtorIndex) : nil, document: request.document)
        return try await keptAnswer({ (measures: [Measure]) in
            var response = Enforcement_V1_ListMeasuresResponse()
            response.measures = measures.map(Enforcement_V1_Measure.init)
            return response
        }) {
            try await workflow.reportRemovalEvent(command, by: CallerIdentity.require(), requestID: request.requestID)
        }
    }

    public func recordMeasureStep(request: Enforcement_V1_RecordMeasureStepRequest, context: ServerContext) async throws -> Enforcement_V1_Measure {
        try await keptAnswer({ .init($0) }) {
            try await workflow.recordStep(
                RecordMeasureStep(measureID: request.measureID, step: RecordMeasureStep.Step(proto: request.step), document: request.document, note: request.note),
                by: CallerIdentity.require(), requestID: request.requestID)
        }
    }

    public func listMeasures(request: Enforcement_V1_ListMeasuresRequest, context: ServerContext) async throws -> Enforcement_V1_ListMeasuresResponse {
        var response = Enforcement_V1_ListMeasuresResponse()
        let measures = try await workflow.list(
            caseNumber: request.caseNumber, court: request.court, kind: MeasureKind(proto: request.kind), status: MeasureStatus(proto: request.status),
            removalDueOnly: request.removalDueOnly, after: Paging.after(token: request.pageToken, deprecated: request.after),
            limit: Int(request.pageSize), by: CallerIdentity.require())
        response.measures = measures.map(Enforcement_V1_Measure.init)
        response.nextPageToken = Paging.nextToken(count: measures.count, pageSize: request.pageSize, last: measures.last?.position)
        return response
    }

    public func readDishonestFeed(request: Enforcement_V1_ReadDishonestFeedRequest, context: ServerContext) async throws -> Enforcement_V1_ReadDishonestFeedResponse {
        let cursor = Paging.cursor(request.afterCursor, deprecated: request.cursor)
        let page = try await workflow.feedPage(after: cursor, limit: Int(request.pageSize))
        var response = Enforcement_V1_ReadDishonestFeedResponse()
        response.entries = page.entries.map(Enforcement_V1_DishonestFeedEntry.init)
        response.nextCursor = page.entries.last?.position ?? cursor
        response.lastPosition = page.last
        return response
    }

    public func watchDishonestFeed(
        request: Enforcement_V1_WatchDishonestFeedRequest, response: RPCWriter<Enforcement_V1_DishonestFeedEntry>, context: ServerContext
    ) async throws {
        try await workflow.watchFeed(after: Paging.cursor(request.afterCursor, deprecated: request.cursor)) { entry in
            try await response.write(Enforcement_V1_DishonestFeedEntry(entry))
        }
    }

    public func getDailyExport(request: Enforcement_V1_GetDailyExportRequest, context: ServerContext) async throws -> Enforcement_V1_DailyExport {
        guard let day = CalendarDate(iso: request.day) else { throw EnforcementError.invalid("day", "a date YYYY-MM-DD is required") }
        let (export, entries) = try await workflow.export(day: day)
        var response = Enforcement_V1_DailyExport()
        response.day = export.day.description
        response.afterPosition = export.afterPosition
        response.throughPosition = export.throughPosition
        response.entries = entries.map(Enforcement_V1_DishonestFeedEntry.init)
        return response
    }
}
