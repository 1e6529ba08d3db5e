import EnforcementCore
import Foundation

/// What a write transaction adds to the rows every write touches — the journal's last entry (each
/// entry chains to it) and the command centre's counter rows of a court's day — kept in memory
/// while the transaction's bodies run and written once, at its end, just before the commit
/// (`flush`). A group commit of many writes then reads the journal's last entry once, inserts its
/// entries together and moves each counter row once, instead of doing all of that once per write.
///
/// It is also where these hot rows would be written under a short lock of their own if writes of
/// several servers ever ran side by side (see the README's design notes).
///
/// Used by one transaction on one thread. Group commit marks it before each write's savepoint and
/// rolls it back with the savepoint, so a refused write leaves nothing here either.
public final class WriteTail {
    private struct Entry {
        let context: WriteContext
        let subject: String
    }

    private var journal: [Entry] = []
    /// Counter changes, one element per record change, in order.
    private var figures: [[FigureRollupKey: Int64]] = []
    /// How many of `figures` the database already holds: a read of the counters inside the
    /// transaction writes the pending ones first, and a rebuild makes them moot.
    private var figuresWritten = 0

    public init() {}

    /// The tail's state at a savepoint.
    struct Mark {
        let journal: Int
        let figures: Int
        let figuresWritten: Int
    }

    var mark: Mark { Mark(journal: journal.count, figures: figures.count, figuresWritten: figuresWritten) }

    /// Back to `mark`, as the savepoint taken with it was rolled back: what was added since is
    /// dropped, and counter changes written since are no longer in the database.
    func rollback(to mark: Mark) {
        journal.removeLast(journal.count - mark.journal)
        figures.removeLast(figures.count - mark.figures)
        figuresWritten = mark.figuresWritten
    }

    func appendJournal(_ context: WriteContext, subject: String) {
        journal.append(Entry(context: context, subject: subject))
    }

    func addFigures(_ rows: [FigureRollupKey: Int64]) {
        if !rows.isEmpty { figures.append(rows) }
    }

    /// The counter changes not yet written, summed per row; they count as written from now on.
    func takeFigures() -> [FigureRollupKey: Int64] {
        var total: [FigureRollupKey: Int64] = [:]
        for rows in figures[figuresWritten...] {
            for (key, value) in rows { total[key, default: 0] += value }
        }
        figuresWritten = figures.count
        return total
    }

    /// Writes what the transaction deferred: the counter changes, then the journal entries chained
    /// after the last entry, in the order their writes ran. Runs once, as the transaction's last
    /// statements before the commit.
    public func flush(_ db: any SQLSession) throws {
        try SQLRecords(db: db).writeFigures(takeFigures())
        guard !journal.isEmpty else { return }
        try SQLWrites.appendJournal(db, journal.map { ($0.context, $0.subject) })
        journal.removeAll()
    }
}
