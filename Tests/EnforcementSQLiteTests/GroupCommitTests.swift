import EnforcementCore
import EnforcementSQLite
import Foundation
import Synchronization
import Testing

@Suite("Group commit: concurrent writes share one durable commit")
struct GroupCommitTests {
    static func fileStore(groupCommit: Bool = true) throws -> (SQLiteStore, URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("group-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("enforcement.sqlite").path
        return (try SQLiteStore(path: path, groupCommit: groupCommit), directory)
    }

    @Test("64 concurrent writes, every fourth refused after it took a case number: the refused write nothing, their neighbours commit, fewer commits than writes")
    func refusedWritesDoNotUndoNeighbours() async throws {
        let (store, directory) = try Self.fileStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        let harness = try await Harness(store: store)
        let court = try CourtCode("沪0105")
        let outcomes = try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
            for index in 0..<64 {
                group.addTask {
                    guard index % 4 == 3 else {
                        _ = try await harness.workflow.fileCase(Harness.filing(), by: Harness.court0105, requestID: "file-\(index)")
                        return (index, true)
                    }
                    // Takes the next case number and a journal-worthy change, then is refused inside the write.
                    let context = WriteContext(caller: Harness.court0105, requestID: "refused-\(index)", action: "test.refused",
                                               requestHash: "h", payload: "{}", at: harness.clock.now())
                    do {
                        let _: String = try await store.write(context) { tx in
                            _ = try tx.cases.nextSequence(year: 2026, court: court, type: .first)
                            throw EnforcementError(.failedPrecondition, "refused after taking a number")
                        }
                        return (index, true)
                    } catch let error as EnforcementError where error.code == .failedPrecondition {
                        return (index, false)
                    }
                }
            }
            return try await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
        }
        #expect(outcomes.count == 64)
        #expect(outcomes.filter { !$0.value }.keys.sorted() == Array(stride(from: 3, to: 64, by: 4)))
        #expect(try await harness.caseCount() == 48)
        // Sequences 1…48 without gaps: the refused writes' numbers were rolled back with their savepoints.
        let numbers = try await store.read { try $0.cases.list(matching: CaseFilter(), after: 0, limit: 100).map(\.record.number.sequence) }
        #expect(numbers.sorted() == Array(1...48))
        #expect(try await harness.journalCount() == 48)
        #expect(try await JournalVerifier.verify(store).firstBroken == nil)
        // A refused request id was never stored: the same id may be used again.
        let retry = WriteContext(caller: Harness.court0105, requestID: "refused-3", action: "test.accepted", requestHash: "h2",
                                 payload: "{}", at: harness.clock.now())
        let answer: String = try await store.write(retry) { _ in ("accepted", "-") }
        #expect(answer == "accepted")
        let statistics = try #require(store.groupCommitStatistics)
        #expect(statistics.writes == 65, "every write is counted once, refused ones too")
        #expect(statistics.commits < statistics.writes, "concurrent writes shared commits")
    }

    @Test("writes refused after moving the counters, in groups with accepted ones: the counters hold only the accepted changes")
    func refusedWritesLeaveNoCounterChange() async throws {
        let (store, directory) = try Self.fileStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        let harness = try await Harness(store: store)
        let base = try await harness.workflow.fileCase(Harness.filing(), by: Harness.court0105, requestID: "base").number
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<64 {
                group.addTask {
                    guard index % 2 == 1 else {
                        _ = try await harness.workflow.fileCase(Harness.filing(), by: Harness.court0105, requestID: "file-\(index)")
                        return
                    }
                    // Moves the base case's counters to another filing day, then is refused.
                    let context = WriteContext(caller: Harness.court0105, requestID: "refused-\(index)", action: "test.refused",
                                               requestHash: "h", payload: "{}", at: harness.clock.now())
                    await #expect(throws: EnforcementError.self) {
                        let _: String = try await store.write(context) { tx in
                            var record = try #require(try tx.cases.record(base))
                            record.filedOn = record.filedOn.adding(days: -1 - index)
                            try tx.cases.update(record)
                            throw EnforcementError(.failedPrecondition, "refused after moving the counters")
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let statistics = try #require(store.groupCommitStatistics)
        #expect(statistics.commits < statistics.writes, "refused and accepted writes shared commits")
        let check = try await store.read { try FigureCheck.run($0.figures) }
        let agrees = check.agrees
        #expect(agrees, "\(check.differences.count) cells differ, \(check.staleRecords) stale records; first: \(check.differences.prefix(3))")
        let filed = try await store.read { snapshot in
            try snapshot.figures.sums(FigureQuery([.filed])).reduce(0) { $0 + $1.value }
        }
        #expect(filed == 33, "the base case and 32 accepted filings, each counted once")
        #expect(try await harness.journalCount() == 33)
        #expect(try await JournalVerifier.verify(store).firstBroken == nil)
    }

    @Test("inside a write, the counters read include the write's own changes")
    func countersReadInsideAWriteSeeItsChanges() async throws {
        let (store, directory) = try Self.fileStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        let harness = try await Harness(store: store)
        let number = try await harness.workflow.fileCase(Harness.filing(), by: Harness.court0105, requestID: "base").number
        let context = WriteContext(caller: Harness.court0105, requestID: "move", action: "test.move", requestHash: "h", payload: "{}",
                                   at: harness.clock.now())
        let inside: Bool = try await store.write(context) { tx in
            var record = try #require(try tx.cases.record(number))
            record.filedOn = record.filedOn.adding(days: -3)
            try tx.cases.update(record)
            return (try FigureCheck.run(tx.figures).agrees, number.description)
        }
        #expect(inside)
        #expect(try await store.read { try FigureCheck.run($0.figures) }.agrees)
    }

    @Test("the same request id sent 16 times at once: one case, every caller gets the same answer")
    func sameRequestInOneGroup() async throws {
        let harness = try await Harness()
        let answers = try await withThrowingTaskGroup(of: CaseSummary.self) { group in
            for _ in 0..<16 {
                group.addTask { try await harness.workflow.fileCase(Harness.filing(), by: Harness.court0105, requestID: "once") }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(answers.map(\.number)).count == 1)
        #expect(try await harness.caseCount() == 1)
        #expect(try await harness.journalCount() == 1)
    }

    @Test("acknowledged writes are on disk: a second store opened on the file sees every one")
    func acknowledgedIsDurable() async throws {
        let (store, directory) = try Self.fileStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        let harness = try await Harness(store: store)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<32 {
                group.addTask { _ = try await harness.workflow.fileCase(Harness.filing(), by: Harness.court0105, requestID: "d-\(index)") }
            }
            try await group.waitForAll()
        }
        let reopened = try await Harness(store: try SQLiteStore(path: directory.appendingPathComponent("enforcement.sqlite").path))
        #expect(try await reopened.caseCount() == 32)
        #expect(try await JournalVerifier.verify(reopened.store).firstBroken == nil)
    }

    @Test("the writer commits group after group in one visit but hands itself back: under 32 writers that never pause, the heartbeat (another use of the writer) gets its turn while they still write")
    func writerHandedBackUnderLoad() async throws {
        let (store, directory) = try Self.fileStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        let harness = try await Harness(store: store)
        let number = try await harness.workflow.fileCase(Harness.filing(), by: Harness.court0105, requestID: "base").number
        final class Progress: Sendable {
            let heartbeatDone = Atomic<Bool>(false)
            let writesAfter = Atomic<Int>(0)
            let commitsWaited = Atomic<Int>(-1)
        }
        let progress = Progress()
        let deadline = ContinuousClock.now + .seconds(20)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<32 {
                group.addTask {
                    var index = 0
                    // Until the heartbeat got through and a few writes followed it, or the deadline.
                    while progress.writesAfter.load(ordering: .relaxed) < 64, ContinuousClock.now < deadline {
                        _ = try await harness.control.launchQuery(
                            LaunchQuery(caseNumber: number.description, institutionID: "ICBC-SH", documentNumber: "d"),
                            by: Harness.court0105, requestID: "w\(writer)-\(index)")
                        index += 1
                        if progress.heartbeatDone.load(ordering: .relaxed) { progress.writesAfter.add(1, ordering: .relaxed) }
                    }
                }
            }
            group.addTask {
                try await Task.sleep(for: .milliseconds(200))
                let before = store.groupCommitStatistics?.commits ?? 0
                try await store.checkWritable(at: harness.clock.now())
                progress.commitsWaited.store((store.groupCommitStatistics?.commits ?? 0) - before, ordering: .relaxed)
                progress.heartbeatDone.store(true, ordering: .relaxed)
            }
            try await group.waitForAll()
        }
        let done = progress.heartbeatDone.load(ordering: .relaxed), after = progress.writesAfter.load(ordering: .relaxed)
        let waited = progress.commitsWaited.load(ordering: .relaxed)
        #expect(done)
        #expect((0...32).contains(waited), "the heartbeat waited \(waited) commits: at most the rest of one visit of 16 groups (and one more visit at worst)")
        #expect(after >= 64, "the writers were still writing when the heartbeat got the writer")
        #expect(ContinuousClock.now < deadline)
    }

    @Test("without group commit every write commits alone, with the same results")
    func withoutGroupCommit() async throws {
        let (store, directory) = try Self.fileStore(groupCommit: false)
        defer { try? FileManager.default.removeItem(at: directory) }
        let harness = try await Harness(store: store)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<16 {
                group.addTask { _ = try await harness.workflow.fileCase(Harness.filing(), by: Harness.court0105, requestID: "s-\(index)") }
            }
            try await group.waitForAll()
        }
        #expect(store.groupCommitStatistics == nil)
        #expect(try await harness.caseCount() == 16)
        #expect(try await JournalVerifier.verify(store).firstBroken == nil)
    }
}
