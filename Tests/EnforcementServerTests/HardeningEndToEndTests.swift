import EnforcementAPI
import EnforcementClient
import EnforcementCore
import EnforcementServer
import Foundation
import GRPCCore
import Testing

/// Issue 12 over a real mTLS socket: each test failed on the code before the hardening.
@Suite("Hardening over mTLS: bounds, stream quota, data at rest")
struct HardeningEndToEndTests {
    // Finding 1: ListSuspense with as_of.seconds = 1e16 killed the server process.
    @Test("ListSuspense with as_of 1e16 is INVALID_ARGUMENT and the server keeps serving")
    func remoteCrash() async throws {
        try await TestServer.with { server in
            for seconds in [1e16, -1e16] {
                let error = await #expect(throws: EnforcementError.self) {
                    _ = try await server.client { try await $0.suspense(asOf: Date(timeIntervalSince1970: seconds)) }
                }
                #expect(error?.code == .invalidArgument && error?.field == "as_of", "\(String(describing: error))")
            }
            let filed = try await server.client { try await $0.fileCase(goodFiling()) }
            #expect(filed.number.description.hasSuffix("执1号"))
        }
    }

    // Finding 8: one bank certificate held 1,403 concurrent watch streams.
    @Test("a principal holds at most 4 live watch streams; a closed one frees its slot")
    func watchQuota() async throws {
        try await TestServer.with { server in
            let configuration = server.clientConfiguration("bank-icbc-sh", user: nil)
            let watchers = (0..<4).map { _ in
                Task { try await EnforcementClient.with(configuration) { try await $0.watchRequests { _ in } } }
            }
            // Wait until the server holds all four.
            for _ in 0..<200 where server.application.streamQuota.holding("urn:enforcement:institution:ICBC-SH") < 4 {
                try await Task.sleep(for: .milliseconds(25))
            }
            #expect(server.application.streamQuota.holding("urn:enforcement:institution:ICBC-SH") == 4)
            let fifth = await #expect(throws: EnforcementError.self) {
                try await server.client("bank-icbc-sh", user: nil) { try await $0.watchRequests { _ in } }
            }
            #expect(fifth?.code == .resourceExhausted, "\(String(describing: fifth))")
            // Another bank is not affected by ICBC's quota.
            #expect(server.application.streamQuota.holding("urn:enforcement:institution:CCB-SH") == 0)
            watchers[0].cancel()
            for _ in 0..<200 where server.application.streamQuota.holding("urn:enforcement:institution:ICBC-SH") > 3 {
                try await Task.sleep(for: .milliseconds(25))
            }
            #expect(server.application.streamQuota.holding("urn:enforcement:institution:ICBC-SH") == 3)
            for watcher in watchers { watcher.cancel() }
            for watcher in watchers { _ = await watcher.result }
        }
    }

    // Finding 10: the SQLite files were world-readable (0644) and held full ID and phone numbers.
    @Test("the data directory is 0700 and the database files 0600")
    func dataAtRest() async throws {
        try await TestServer.with { server in
            _ = try await server.client { try await $0.fileCase(goodFiling()) }
            func mode(_ path: String) throws -> Int {
                (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
            }
            #expect(try mode(server.directory.path) == 0o700)
            let database = server.application.configuration.databasePath
            #expect(try mode(database) == 0o600)
            #expect(try mode(database + "-wal") & 0o077 == 0)
        }
    }
}
