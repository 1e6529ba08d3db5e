public import EnforcementAPI
public import EnforcementCore
public import GRPCCore
import Logging

/// DisclosureService (courts, over mTLS) over the disclosure workflow.
public struct DisclosureServiceAdapter: Enforcement_V1_DisclosureService.SimpleServiceProtocol {
    let workflow: DisclosureWorkflow

    public init(workflow: DisclosureWorkflow) { self.workflow = workflow }

    public func issueAccessCode(request: Enforcement_V1_IssueAccessCodeRequest, context: ServerContext) async throws -> Enforcement_V1_IssueAccessCodeResponse {
        let issued = try await workflow.issueCode(IssueAccessCode(caseNumber: request.caseNumber, party: request.party),
                                                  by: CallerIdentity.require(), requestID: request.requestID)
        var response = Enforcement_V1_IssueAccessCodeResponse()
        response.caseNumber = request.caseNumber
        response.party = issued.party
        response.accessCode = issued.code
        return response
    }
}

/// PublicDisclosureService (anyone, on the public listener without client certificates): the
/// lookup by case number and access code, counted per caller address.
public struct PublicDisclosureServiceAdapter: Enforcement_V1_PublicDisclosureService.SimpleServiceProtocol {
    let workflow: DisclosureWorkflow

    public init(workflow: DisclosureWorkflow) { self.workflow = workflow }

    public func lookupCase(request: Enforcement_V1_LookupCaseRequest, context: ServerContext) async throws -> Enforcement_V1_PublicCaseView {
        .init(try await workflow.lookup(caseNumber: request.caseNumber, code: request.accessCode, address: context.remotePeer))
    }
}
