import ArgumentParser
import EnforcementClient
import EnforcementCore
import Foundation
import Synchronization

struct FieldGroup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "field", abstract: "Mobile enforcement (移动执行): field records with evidence, kept on this device until sent.",
        subcommands: [FieldRecordCommand.self, FieldSync.self, FieldWaiting.self, FieldList.self, FieldShow.self, FieldDownload.self, EvidenceVerify.self])
}

struct EvidenceGroup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence", abstract: "Evidence files of field records.", subcommands: [EvidenceVerify.self])
}

/// The device's outbox: where records wait until they are sent.
struct OutboxOptions: ParsableArguments {
    @Option(help: "This device's outbox of field records (a SQLite file; its copies of the files live beside it).")
    var outbox = "field-outbox.sqlite"

    func open() throws -> FieldOutbox { try FieldOutbox(path: URL(fileURLWithPath: outbox)) }
}

struct FieldRecordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record a field action on a case: kept in this device's outbox at once, then sent with its files (progress shown).",
        discussion: "Kinds: \(FieldActionKind.allCases.map(\.rawValue).joined(separator: ", ")). A seal or a search needs two --officer.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var box: OutboxOptions
    @Argument(help: "Case number, e.g. （2026）沪0105执123号.") var caseNumber: String
    @Option(help: "What was done.") var kind: String
    @Option(help: "An officer present (repeat).") var officer: [String] = []
    @Option(help: "A witness (repeat).") var witness: [String] = []
    @Option(help: "GPS position: latitude,longitude[,accuracy in metres].") var gps: String?
    @Option(help: "The address as written on site.") var address = ""
    @Option(help: "Notes.") var notes = ""
    @Option(help: "An asset concerned (for a seal: what was sealed); 'description' or 'description=CONTROL-REQUEST-ID' (repeat).")
    var asset: [String] = []
    @Option(help: "When it happened (ISO 8601, default now).") var at: String?
    @Option(help: "A photo (repeat).") var photo: [String] = []
    @Option(help: "A video (repeat).") var video: [String] = []
    @Option(help: "An audio recording (repeat).") var audio: [String] = []
    @Option(help: "A signed document, PDF (repeat).") var document: [String] = []
    @Flag(help: "Only keep the record on this device; send it later with `field sync`.") var offline = false

    func run() async throws {
        guard let kind = FieldActionKind(rawValue: kind) else {
            throw ValidationError("--kind is one of \(FieldActionKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var position: GeoPosition?
        if let gps {
            let parts = gps.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard (2...3).contains(parts.count), let latitude = parts[0], let longitude = parts[1] else {
                throw ValidationError("--gps is latitude,longitude[,accuracy], e.g. 31.22,121.44,10")
            }
            position = GeoPosition(latitude: latitude, longitude: longitude, accuracyMetres: parts.count == 3 ? (parts[2] ?? -1) : 0)
        }
        var occurred = Date()
        if let at {
            guard let parsed = ISO8601DateFormatter().date(from: at) else { throw ValidationError("--at is ISO 8601, e.g. 2026-12-03T10:15:00+08:00") }
            occurred = parsed
        }
        let assets = asset.map { text -> FieldAsset in
            let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
            return FieldAsset(description: parts[0], controlRequestID: parts.count == 2 ? parts[1] : nil)
        }
        let files = (photo + video + audio + document).map { URL(fileURLWithPath: $0) }
        let command = RecordFieldAction(caseNumber: caseNumber, kind: kind, occurredAt: occurred, gps: position, address: address,
                                        officers: officer, witnesses: witness, notes: notes, assets: assets)
        let outbox = try box.open()
        let entry: FieldOutbox.Entry
        do {
            entry = try outbox.record(command, files: files)
        } catch let error as EnforcementError {
            Output.error(error)
            throw ExitCode(1)
        }
        FileHandle.standardError.write(Data("kept on this device: \(files.count) file(s), request \(entry.requestID)\n".utf8))
        if offline { return }
        try await FieldSync.send(outbox, connection: connection)
    }
}

struct FieldSync: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sync", abstract: "Send what waits in this device's outbox, in order, resuming uploads.")
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var box: OutboxOptions

    func run() async throws { try await Self.send(try box.open(), connection: connection) }

    static func send(_ outbox: FieldOutbox, connection: ConnectionOptions) async throws {
        let bar = ProgressBar()
        let report: FieldOutbox.SyncReport
        do {
            report = try await EnforcementClient.with(try connection.configuration) { client in
                try await outbox.sync(client) { _, file, sent, size in bar.show(file.name, sent, size) }
            }
        } catch let error as EnforcementError {
            bar.end()
            Output.error(error)
            let waiting = (try? outbox.waiting().count) ?? 0
            FileHandle.standardError.write(Data("\(waiting) record(s) still waiting on this device; run `enforcectl field sync` when the network is back\n".utf8))
            throw ExitCode(1)
        }
        bar.end()
        if connection.json {
            try Output.json(["recordsSent": report.recordsSent, "filesUploaded": report.filesUploaded, "bytesUploaded": Int(report.bytesUploaded),
                             "waiting": report.waiting, "refused": report.refused.count])
        } else {
            print("sent \(report.recordsSent) record(s), uploaded \(report.filesUploaded) file(s) (\(ProgressBar.bytes(report.bytesUploaded)))")
            for (entry, reason) in report.refused { print("refused: request \(entry.requestID) for \(entry.command.caseNumber): \(reason)") }
            if let stopped = report.stoppedBy {
                print("stopped: \(stopped)\n\(report.waiting) record(s) still waiting on this device; run `enforcectl field sync` when the network is back")
            }
        }
        if report.stoppedBy != nil || !report.refused.isEmpty { throw ExitCode(1) }
    }
}

struct FieldWaiting: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "waiting", abstract: "What this device's outbox still has to send.")
    @OptionGroup var box: OutboxOptions
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let outbox = try box.open()
        let rows = try outbox.entries().filter { $0.recordID == nil || $0.refusal != nil || $0.files.contains { !$0.uploaded } }.map { entry in
            [entry.requestID.prefix(8).description, entry.command.caseNumber, entry.command.kind?.rawValue ?? "",
             entry.recordID ?? (entry.refusal == nil ? "not sent" : "refused"),
             "\(entry.files.filter(\.uploaded).count)/\(entry.files.count)", entry.refusal ?? ""]
        }
        if json { try Output.json(rows); return }
        if rows.isEmpty { print("nothing waiting"); return }
        Output.table(["request", "case", "kind", "record", "files sent", "refusal"], rows)
    }
}

struct FieldList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "A case's field records.")
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Case number.") var caseNumber: String

    func run() async throws {
        let records = try await connection.run { try await $0.fieldRecords(of: caseNumber, limit: 1000) }
        if connection.json { try Output.json(records); return }
        Output.table(["id", "kind", "occurred", "officers", "files", "received"], records.map { record in
            [record.id, "\(record.kind.rawValue) \(record.kind.nameZh)", record.occurredAt.formatted(.iso8601), record.officers.joined(separator: ","),
             String(record.evidence.count), "\(record.evidence.filter { $0.receivedAt != nil }.count)/\(record.evidence.count)"]
        })
    }
}

struct FieldShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "One field record with its evidence files.")
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Record id, e.g. F-000001.") var id: String

    func run() async throws {
        let record = try await connection.run { try await $0.fieldRecord(id) }
        if connection.json { try Output.json(record); return }
        print("\(record.id)  \(record.caseNumber)  \(record.kind.nameZh) (\(record.kind.rawValue))")
        print("occurred \(record.occurredAt.formatted(.iso8601)) (device), received \(record.receivedAt.formatted(.iso8601)); device clock off by \(record.deviceClockOffset) s")
        if let gps = record.gps { print("position \(gps.latitude),\(gps.longitude) ±\(gps.accuracyMetres) m  \(record.address ?? "")") }
        print("officers: \(record.officers.joined(separator: ", "))" + (record.witnesses.isEmpty ? "" : "; witnesses: \(record.witnesses.joined(separator: ", "))"))
        for asset in record.assets { print("asset: \(asset.description)" + (asset.controlRequestID.map { " (\($0))" } ?? "")) }
        if let notes = record.notes { print("notes: \(notes)") }
        Output.table(["sha256", "type", "size", "name", "received"], record.evidence.map {
            [$0.sha256, $0.mediaType, ProgressBar.bytes($0.size), $0.name, $0.receivedAt?.formatted(.iso8601) ?? "waiting"]
        })
    }
}

struct FieldDownload: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "download", abstract: "Download a received evidence file; its SHA-256 is checked before it is saved.")
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Case number.") var caseNumber: String
    @Argument(help: "The file's SHA-256.") var sha256: String
    @Option(help: "Where to save it.") var to: String

    func run() async throws {
        let bar = ProgressBar()
        let file = try await connection.run {
            try await $0.downloadEvidence(of: caseNumber, sha256: sha256, to: URL(fileURLWithPath: to)) { received, size in bar.show(to, received, size) }
        }
        bar.end()
        print("saved \(to): \(file.mediaType), \(ProgressBar.bytes(file.size)), SHA-256 \(file.sha256) verified")
    }
}

struct EvidenceVerify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Re-read every received evidence file on the server and compare it with the hash in its record.")
    @OptionGroup var connection: ConnectionOptions
    @Option(help: "Command centre: only this court's cases.") var court = ""

    func run() async throws {
        let report = try await connection.run { try await $0.verifyEvidence(court: court) }
        if connection.json {
            try Output.json(["filesChecked": report.filesChecked, "bytesChecked": Int(report.bytesChecked), "problems": report.problems.count])
        } else {
            print("checked \(report.filesChecked) file(s), \(ProgressBar.bytes(report.bytesChecked)): \(report.problems.isEmpty ? "all match their records" : "\(report.problems.count) problem(s)")")
            if !report.problems.isEmpty { Output.table(["case", "sha256", "status"], report.problems.map { [$0.caseNumber.description, $0.sha256, $0.status] }) }
        }
        if !report.problems.isEmpty { throw ExitCode(2) }
    }
}

/// An upload's or download's progress on standard error: a bar, bytes, rate and time left,
/// redrawn in place on a terminal, one line per quarter otherwise (logs, CI).
final class ProgressBar: Sendable {
    private struct State {
        var name = ""
        var started = Date()
        var drawn = Date.distantPast
        var quarter = -1
        var active = false
    }

    private let state = Mutex(State())
    private let terminal = isatty(2) != 0

    func show(_ name: String, _ done: Int64, _ total: Int64) {
        let line: String? = state.withLock { state in
            let now = Date()
            if name != state.name {
                state = State(name: name, started: now)
            }
            state.active = true
            let fraction = total > 0 ? Double(done) / Double(total) : 1
            let quarter = Int(fraction * 4)
            if terminal {
                guard now.timeIntervalSince(state.drawn) >= 0.1 || done == total else { return nil }
            } else {
                guard quarter > state.quarter else { return nil }
                state.quarter = quarter
            }
            state.drawn = now
            let elapsed = max(now.timeIntervalSince(state.started), 0.001)
            let rate = Double(done) / elapsed
            let left = rate > 0 ? Double(total - done) / rate : 0
            let filled = Int(fraction * 30)
            return "[\(String(repeating: "#", count: filled))\(String(repeating: ".", count: 30 - filled))] \(Self.bytes(done)) / \(Self.bytes(total))  "
                + "\(Self.bytes(Int64(rate)))/s  \(done == total ? "done" : "\(Int(left.rounded())) s left")  \(URL(fileURLWithPath: name).lastPathComponent)"
        }
        guard let line else { return }
        FileHandle.standardError.write(Data((terminal ? "\r\u{1B}[K" + line : line + "\n").utf8))
    }

    func end() {
        let active = state.withLock { state in defer { state.active = false }; return state.active }
        if active, terminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    static func bytes(_ count: Int64) -> String {
        let value = Double(count)
        if count >= 1 << 30 { return String(format: "%.1f GiB", value / 1_073_741_824) }
        if count >= 1 << 20 { return String(format: "%.1f MiB", value / 1_048_576) }
        if count >= 1 << 10 { return String(format: "%.1f KiB", value / 1_024) }
        return "\(count) B"
    }
}
