public import EnforcementAPI
public import EnforcementCore
public import GRPCCore

/// FieldService over the field workflow: convert, delegate, convert back. An upload's messages are
/// handed to the workflow's upload one by one as they arrive.
public struct FieldServiceAdapter: Enforcement_V1_FieldService.SimpleServiceProtocol {
    let workflow: FieldWorkflow

    public init(workflow: FieldWorkflow) { self.workflow = workflow }

    public func recordFieldAction(request: Enforcement_V1_RecordFieldActionRequest, context: ServerContext) async throws -> Enforcement_V1_FieldRecord {
        let command = try RecordFieldAction(request)
        let deviceNow = try RecordFieldAction.deviceNow(request)
        return try await keptAnswer({ .init($0) }) {
            try await workflow.record(command, deviceNow: deviceNow, by: CallerIdentity.require(), requestID: request.requestID)
        }
    }

    public func getFieldRecord(request: Enforcement_V1_GetFieldRecordRequest, context: ServerContext) async throws -> Enforcement_V1_FieldRecord {
        .init(try await workflow.get(request.id, by: CallerIdentity.require()))
    }

    public func listFieldRecords(request: Enforcement_V1_ListFieldRecordsRequest, context: ServerContext) async throws -> Enforcement_V1_ListFieldRecordsResponse {
        let records = try await workflow.list(request.caseNumber, after: Paging.after(token: request.pageToken, deprecated: 0),
                                              limit: Int(request.pageSize), by: CallerIdentity.require())
        var response = Enforcement_V1_ListFieldRecordsResponse()
        response.records = records.map(Enforcement_V1_FieldRecord.init)
        response.nextPageToken = Paging.nextToken(count: records.count, pageSize: request.pageSize, last: records.last?.position)
        return response
    }

    public func uploadEvidence(
        request: RPCAsyncSequence<Enforcement_V1_UploadEvidenceRequest, any Error>, context: ServerContext
    ) async throws -> Enforcement_V1_UploadEvidenceResponse {
        let caller = try CallerIdentity.require()
        var upload: EvidenceUpload?
        defer { upload?.close() }
        for try await message in request {
            if let upload {
                guard message.sha256.isEmpty || message.sha256.lowercased() == upload.file.sha256 else {
                    throw EnforcementError.invalid("sha256", "one call uploads one file; name the case and hash in the first message only")
                }
                try await upload.write(offset: message.offset, message.data)
            } else {
                let opened = try await workflow.openUpload(message.caseNumber, sha256: message.sha256, offset: message.offset, by: caller)
                upload = opened
                if opened.alreadyHeld { break }
                try await opened.write(offset: message.offset, message.data)
            }
        }
        guard let upload else {
            throw EnforcementError.invalid("case_number", "the first message names the case and the file's SHA-256")
        }
        return .init(try await upload.finish())
    }

    public func getUploadStatus(request: Enforcement_V1_GetUploadStatusRequest, context: ServerContext) async throws -> Enforcement_V1_UploadEvidenceResponse {
        .init(try await workflow.status(request.caseNumber, sha256: request.sha256, by: CallerIdentity.require()))
    }

    public func downloadEvidence(
        request: Enforcement_V1_DownloadEvidenceRequest, response: RPCWriter<Enforcement_V1_DownloadEvidenceResponse>, context: ServerContext
    ) async throws {
        try await workflow.download(request.caseNumber, sha256: request.sha256, by: CallerIdentity.require()) { file, offset, data in
            var message = Enforcement_V1_DownloadEvidenceResponse()
            if offset == 0 { message.file = Enforcement_V1_EvidenceFile(file) }
            message.offset = offset
            message.data = data
            try await response.write(message)
        }
    }

    public func verifyEvidence(request: Enforcement_V1_VerifyEvidenceRequest, context: ServerContext) async throws -> Enforcement_V1_VerifyEvidenceResponse {
        .init(try await workflow.verify(court: request.court, by: CallerIdentity.require()))
    }
}
