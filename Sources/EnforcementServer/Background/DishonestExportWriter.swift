public import EnforcementCore
public import Foundation

/// Writes each daily export of the dishonest list as a JSON Lines file,
/// `dishonest-YYYY-MM-DD.jsonl` in the exports directory: one entry (added, changed, removed)
/// per line, in feed order. The export's range is fixed in the database first, so a file lost
/// or a day missed while the server was down is rewritten identically on a later pass.
public struct DishonestExportWriter: Sendable {
    public let deterrence: DeterrenceWorkflow
    public let directory: URL
    /// How many days back a pass looks for a missing file.
    public let lookBackDays: Int

    public init(deterrence: DeterrenceWorkflow, directory: URL, lookBackDays: Int = 31) {
        self.deterrence = deterrence
        self.directory = directory
        self.lookBackDays = lookBackDays
    }

    public func file(for day: CalendarDate) -> URL { directory.appendingPathComponent("dishonest-\(day).jsonl") }

    /// One pass: makes the exports of every ended day, then writes the files not yet written.
    @discardableResult
    public func sweep() async throws -> Int {
        let yesterday = deterrence.domain.clock.today().adding(days: -1)
        try await deterrence.makeExports(through: yesterday)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var written = 0
        for back in (0..<lookBackDays).reversed() {
            let day = yesterday.adding(days: -back)
            let target = file(for: day)
            guard !FileManager.default.fileExists(atPath: target.path),
                  let export = try await deterrence.domain.store.read({ reader in try reader.measures.dailyExport(day) })
            else { continue }
            let lines = try await deterrence.entries(of: export).map { $0.jsonLine + "\n" }.joined()
            // Written beside and renamed, so a reader never sees half a file.
            let partial = directory.appendingPathComponent(".\(target.lastPathComponent).partial")
            try Data(lines.utf8).write(to: partial)
            try FileManager.default.moveItem(at: partial, to: target)
            written += 1
        }
        return written
    }
}
