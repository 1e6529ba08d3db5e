import EnforcementAPI
import EnforcementClient
import EnforcementCore
import EnforcementServer
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Testing


let caseMethods = Enforcement_V1_CaseService.Method.descriptors.map(\.method)

@Suite("Authentication and the authorisation table", .serialized)
struct AuthorisationTests {
    @Test("every RPC of every service on the main listener has a rule keyed by its descriptor, and the table names nothing else")
    func tableCoversEveryService() {
        let methods = Enforcement_V1_CaseService.Method.descriptors + Enforcement_V1_ControlService.Method.descriptors
            + Enforcement_V1_FundsService.Method.descriptors + Enforcement_V1_DelegationService.Method.descriptors
            + Enforcement_V1_DeterrenceService.Method.descriptors + Enforcement_V1_DisclosureService.Method.descriptors
            + Enforcement_V1_NotificationService.Method.descriptors + Enforcement_V1_FieldService.Method.descriptors
            + Enforcement_V1_AnalysisService.Method.descriptors + Enforcement_V1_SupervisionService.Method.descriptors
            + Enforcement_V1_CommandService.Method.descriptors + Grpc_Health_V1_Health.Method.descriptors
            + Grpc_Reflection_V1_ServerReflection.Method.descriptors + Grpc_Reflection_V1alpha_ServerReflection.Method.descriptors
        #expect(Set(AuthorisationTable.rules.keys) == Set(methods))
        #expect(Set(methods.map { $0.service.fullyQualifiedService }) == Set(EnforcementApplication.mainServiceNames))
        for method in Enforcement_V1_PublicDisclosureService.Method.descriptors { #expect(AuthorisationTable.rules[method] == nil) }
        // Health and reflection: any certificate, no user token.
        for method in Grpc_Health_V1_Health.Method.descriptors + Grpc_Reflection_V1_ServerReflection.Method.descriptors {
            #expect(AuthorisationTable.rules[method]?.needsUser == false)
            #expect(AuthorisationTable.check(method: method, role: .cityCourt, user: nil) == nil)
        }
    }

    @Test("every CaseService RPC has exactly one rule in the table")
    func tableCoversService() {
        for descriptor in Enforcement_V1_CaseService.Method.descriptors {
            #expect(AuthorisationTable.rule(descriptor.fullyQualifiedMethod) != nil, "\(descriptor.fullyQualifiedMethod)")
        }
        #expect(caseMethods.count == 12)
    }

    static let court: Set<Role> = [.cityCourt]
    static let courtAndCentre: Set<Role> = [.cityCourt, .commandCentre]
    static let expected: [(String, Set<Role>, Bool)] = [
        ("FileCase", court, true), ("GetCase", courtAndCentre, false), ("ListCases", courtAndCentre, false),
        ("AssignJudge", court, true), ("RecordNode", court, true), ("SuspendCase", court, true), ("ResumeCase", court, true),
        ("ExtendLimit", court, true), ("DecideExtension", court, true), ("CloseCase", court, true), ("GetTimeline", courtAndCentre, false),
        ("ListProcessNodes", Set(Role.allCases).subtracting([.system]), false),
    ]

    @Test("the table grants exactly these roles (a change to the table must change this test)", arguments: expected)
    func expectedTable(_ method: String, _ roles: Set<Role>, _ mutates: Bool) throws {
        let rule = try #require(AuthorisationTable.rule("enforcement.v1.CaseService/\(method)"))
        #expect(rule.roles == roles)
        #expect(rule.mutates == mutates)
    }

    @Test("the table walked over the wire: every CaseService RPC × every role")
    func matrix() async throws {
        try await TestServer.with { server in
            try await server.walkTable(Enforcement_V1_CaseService.Method.descriptors)
            // Nothing was filed: every allowed FileCase carried an empty (invalid) request.
            #expect(try await server.application.store.journalEntries(after: 0, limit: 10).isEmpty)
        }
    }

    @Test("a court's call without a user token is UNAUTHENTICATED, a read as much as a change; the old enforcement-user name is not enough")
    func userRequired() async throws {
        try await TestServer.with { server in
            var legacy: Metadata = [:]
            legacy.addString("李法官", forKey: "enforcement-user")
            try await server.rawGRPC(certificate: server.pki.clientCertificate("court-0105").path) { client in
                for metadata in [Metadata(), legacy] {
                    #expect(await callAny("enforcement.v1.CaseService/FileCase", client, metadata: metadata) == .unauthenticated)
                    #expect(await callAny("enforcement.v1.CaseService/ListCases", client, metadata: metadata) == .unauthenticated)
                }
                let token = try await server.fullyEntitled("court-0105")
                #expect(await callAny("enforcement.v1.CaseService/ListCases", client, metadata: token) == nil)
            }
            // An institution calls by certificate alone.
            try await server.rawGRPC(certificate: server.pki.clientCertificate("bank-icbc-sh").path) { client in
                #expect(await callAny("enforcement.v1.ControlService/ListInstitutions", client) == nil)
            }
        }
    }

    @Test("a certificate of the deployment CA that names no principal is UNAUTHENTICATED")
    func noPrincipal() async throws {
        try await TestServer.with { server in
            try await server.rawGRPC(certificate: server.pki.clientCertificate("no-principal").path) { client in
                let token = try await server.fullyEntitled("court-0105")
                #expect(await callAny("enforcement.v1.CaseService/ListCases", client, metadata: token) == .unauthenticated)
            }
        }
    }

    // Issue 12, finding 4: a command-centre certificate naming 苏 read 沪0105's cases.
    @Test("a certificate of our CA naming a principal the deployment does not know is UNAUTHENTICATED",
          arguments: ["command-centre-su", "unknown-bank"])
    func unknownPrincipal(_ identity: String) async throws {
        try await TestServer.with { server in
            _ = try await server.client { try await $0.fileCase(goodFiling()) }
            try await server.rawGRPC(certificate: server.pki.clientCertificate(identity).path) { client in
                #expect(await callAny("enforcement.v1.CaseService/ListCases", client) == .unauthenticated)
                #expect(await callAny("enforcement.v1.CaseService/GetCase", client) == .unauthenticated)
            }
        }
    }

    @Test("no client certificate: the TLS handshake fails and the call is UNAVAILABLE")
    func noCertificate() async throws {
        try await TestServer.with { server in
            try await server.rawGRPC(certificate: nil) { client in
                #expect(await callAny("enforcement.v1.CaseService/ListProcessNodes", client) == .unavailable)
            }
        }
    }

    @Test("a client certificate from another CA: the handshake fails and the call is UNAVAILABLE")
    func foreignCA() async throws {
        let foreign = DevelopmentPKI(directory: FileManager.default.temporaryDirectory.appendingPathComponent("foreign-\(UUID())"))
        defer { try? FileManager.default.removeItem(at: foreign.directory) }
        try foreign.ensure()
        try await TestServer.with { server in
            try await server.rawGRPC(certificate: foreign.clientCertificate("court-0105").path) { client in
                #expect(await callAny("enforcement.v1.CaseService/ListProcessNodes", client) == .unavailable)
            }
            #expect(try await server.application.store.journalEntries(after: 0, limit: 10).isEmpty)
        }
    }

    @Test("a request over the 1 MiB limit is RESOURCE_EXHAUSTED and writes nothing; the connection serves on", arguments: [(1 << 20) + 100, 5 << 20])
    func messageLimit(size: Int) async throws {
        try await TestServer.with { server in
            try await server.raw(certificate: server.pki.clientCertificate("court-0105").path) { client in
                var request = Enforcement_V1_FileCaseRequest(goodFiling(), requestID: "big")
                request.titleDocument = String(repeating: "x", count: size)
                let metadata = try await server.fullyEntitled("court-0105")
                do {
                    _ = try await client.fileCase(request, metadata: metadata)
                    Issue.record("an oversized request was accepted")
                } catch let error as RPCError {
                    #expect(error.code == .resourceExhausted, "\(error)")
                }
                _ = try await client.listProcessNodes(.init(), metadata: metadata)
            }
            #expect(try await server.application.store.journalEntries(after: 0, limit: 10).isEmpty)
        }
    }
}

@Suite("Error mapping")
struct ErrorMappingTests {
    @Test(
        "each domain code has one gRPC status",
        arguments: [
            (EnforcementError.Code.invalidArgument, RPCError.Code.invalidArgument), (.notFound, .notFound),
            (.failedPrecondition, .failedPrecondition), (.alreadyExists, .alreadyExists), (.permissionDenied, .permissionDenied),
            (.unauthenticated, .unauthenticated), (.internalError, .internalError),
        ])
    func mapping(_ domain: EnforcementError.Code, _ status: RPCError.Code) {
        #expect(ErrorMapping.code(for: domain) == status)
    }

    @Test("the field travels in metadata; an unknown error leaks nothing")
    func details() {
        let mapped = ErrorMapping.rpcError(for: EnforcementError.invalid("amount_sought_fen", "must be positive"))
        #expect(mapped.message == "amount_sought_fen: must be positive")
        #expect(Array(mapped.metadata[stringValues: ErrorMapping.fieldKey]) == ["amount_sought_fen"])
        struct Secret: Error {}
        let hidden = ErrorMapping.rpcError(for: Secret())
        #expect(hidden.code == .internalError)
        #expect(!hidden.message.contains("Secret"))
    }
}

@Suite("Authorisation of the analysis service", .serialized)
struct AnalysisAuthorisationTests {
    @Test("the table walked over the wire: every AnalysisService RPC × every role; nothing written")
    func matrix() async throws {
        try await TestServer.with { server in
            try await server.walkTable(Enforcement_V1_AnalysisService.Method.descriptors)
            #expect(try await server.application.store.journalEntries(after: 0, limit: 10).isEmpty)
        }
    }
}

@Suite("Authorisation of the supervision service", .serialized)
struct SupervisionAuthorisationTests {
    @Test("the table walked over the wire: every SupervisionService RPC × every role; nothing written")
    func matrix() async throws {
        try await TestServer.with { server in
            try await server.walkTable(Enforcement_V1_SupervisionService.Method.descriptors)
            #expect(try await server.application.store.journalEntries(after: 0, limit: 10).isEmpty)
        }
    }
}

@Suite("Authorisation of the command service (the wall screen's links)", .serialized)
struct CommandAuthorisationTests {
    @Test("every CommandService RPC × every role: the command centre and city courts make links (each one journal entry), the others are denied and write nothing")
    func matrix() async throws {
        try await TestServer.with { server in
            try await server.walkTable(Enforcement_V1_CommandService.Method.descriptors)
            let journal = try await server.application.store.journalEntries(after: 0, limit: 100)
            #expect(journal.map(\.action) == ["dashboard.link", "dashboard.link"])
            #expect(Set(journal.map(\.principal)).count == 2)
            for entry in journal { #expect(!entry.principal.contains("bank") && !entry.principal.contains("external")) }
        }
    }
}
