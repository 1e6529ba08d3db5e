import EnforcementCore
import Foundation

/// What a write transaction adds to the rows every write touches — the journal's last entry (each
/// entry chains to it) and the command centre's counter rows of a court's day — kept in memory
/// while the transaction's bodies run and written once, at its end, just before the commit
/// (`flush`). A group commit of many writes then reads the journal's last entry once, inserts its
/// entries together and moves each counter row once, instead of doing all of that once per write.
///
/// Where writes run side by side (PostgreSQL, writes naming their records), these rows are written
/// under a short lock of their own (`lock`), taken once per transaction (see the README's design notes).
///
/// Used by one transaction on one thread. Group commit marks it before each write's savepoint and
/// rolls it back with the savepoint, so a refused write leaves nothing here either.
public final class WriteTail {
    private struct Entry {
        let context: WriteContext
        let subject: String
    }

    private var journal: [Entry] = []
    /// The feeds this transaction inserted rows into, in order of first use (see `Feed`).
    private var feeds: [Feed] = []
    /// Takes the store's lock on these rows, if it runs writes side by side (PostgreSQL); called
    /// once, before the first of them is written. Nil in SQLite, whose writes run one at a time.
    public var lock: ((any SQLSession) throws -> Void)?
    private var locked = false
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
        let feeds: Int
        let locked: Bool
    }

    var mark: Mark {
        Mark(journal: journal.count, figures: figures.count, figuresWritten: figuresWritten, feeds: feeds.count, locked: locked)
    }

    /// Back to `mark`, as the savepoint taken with it was rolled back: what was added since is
    /// dropped, counter changes written since are no longer in the database, and a lock taken
    /// since was released with the savepoint (PostgreSQL releases a rolled-back subtransaction's
    /// locks), so it is taken again when next needed.
    func rollback(to mark: Mark) {
        journal.removeLast(journal.count - mark.journal)
        figures.removeLast(figures.count - mark.figures)
        figuresWritten = mark.figuresWritten
        feeds.removeLast(feeds.count - mark.feeds)
        locked = mark.locked
    }

    /// A row was inserted into `feed`'s table with feed position 0: it gets its position at the end.
    func fed(_ feed: Feed) {
        if !feeds.contains(feed) { feeds.append(feed) }
    }

    /// Takes the lock on the shared rows once (a read of the counters inside the write takes it
    /// early: they are then written before the end).
    func lockShared(_ db: any SQLSession) throws {
        guard !locked else { return }
        try lock?(db)
        locked = true
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
        let figures = takeFigures()
        guard !figures.isEmpty || !journal.isEmpty || !feeds.isEmpty else { return }
        try lockShared(db)
        try SQLRecords(db: db).writeFigures(figures)
        for feed in feeds { try feed.place(db) }
        feeds.removeAll()
        guard !journal.isEmpty else { return }
        try SQLWrites.appendJournal(db, journal.map { ($0.context, $0.subject) })
        journal.removeAll()
    }
}

/// A table whose rows readers follow by a cursor: its `feed_position` is given at the end of the
/// write transaction (`WriteTail.flush`), under the lock on the shared rows, from a counter.
/// Positions therefore become visible in the order they were given, even when writes of several
/// servers commit side by side: a reader that moved its cursor past a position never sees a lower
/// one appear later. (The table's own key, an identity, is taken when the row is inserted, and two
/// transactions can commit those out of order.)
enum Feed: String, Equatable {
    case controlRequests = "control_requests"
    case nodeEvents = "node_events"

    /// The key column, and the counter holding the last feed position given.
    var key: String { self == .controlRequests ? "position" : "sequence" }
    var counter: String { self == .controlRequests ? "control_feed" : "node_event_feed" }

    /// Gives every row of the table still without a feed position (only this transaction's: other
    /// transactions' rows are invisible until they commit, with theirs) the next positions, in key
    /// order.
    func place(_ db: any SQLSession) throws {
        let keys = try db.values(as: Int64.self, "SELECT \(key) FROM \(rawValue) WHERE feed_position = 0 ORDER BY \(key)")
        guard let low = keys.first, let high = keys.last else { return }
        let last = try Self.advance(db, counter, by: keys.count)
        let first = last - Int64(keys.count) + 1
        // One statement: by key range for a run of keys (one server's transaction), else by rank
        // (keys interleaved with another server's, or with a refused write's rolled-back rows).
        if high - low == Int64(keys.count - 1) {
            try db.write("UPDATE \(rawValue) SET feed_position = \(key) - ? + ? WHERE \(key) BETWEEN ? AND ?", [low, first, low, high])
        } else {
            try db.write("""
                UPDATE \(rawValue) SET feed_position = placed.position
                FROM (SELECT \(key) AS placed_key, row_number() OVER (ORDER BY \(key)) + ? AS position
                      FROM \(rawValue) WHERE feed_position = 0) AS placed
                WHERE \(rawValue).\(key) = placed.placed_key
                """, [first - 1])
        }
    }

    /// Gives one row its feed position now: a write without a tail (bulk loading).
    func placeNow(_ db: any SQLSession, key value: Int64) throws -> Int64 {
        let position = try Self.advance(db, counter, by: 1)
        try db.write("UPDATE \(rawValue) SET feed_position = ? WHERE \(key) = ?", [position, value])
        return position
    }

    /// Moves a counter on by `count` and returns its new value.
    static func advance(_ db: any SQLSession, _ counter: String, by count: Int) throws -> Int64 {
        guard let last = try db.value(as: Int64.self, """
            INSERT INTO counters (name, last) VALUES (?, ?)
            ON CONFLICT (name) DO UPDATE SET last = counters.last + excluded.last RETURNING last
            """, [counter, Int64(count)])
        else { throw EnforcementError(.internalError, "the counter \(counter) returned no value") }
        return last
    }

    /// Where the feed stands: the last position given (0 when none).
    func last(_ db: any SQLSession) throws -> Int64 {
        try db.value(as: Int64.self, "SELECT last FROM counters WHERE name = ?", [counter]) ?? 0
    }
}

/// The feed positions' schema, the same in both databases (SQLite's v15, PostgreSQL's v7).
public enum SQLFeeds {
    /// Adds `feed_position` to the followed tables, set to each stored row's key, and the counters
    /// continuing after them; the institutions' feed index moves to the new column.
    public static func migration(integer: String) -> [String] {
        [
            "ALTER TABLE control_requests ADD COLUMN feed_position \(integer) NOT NULL DEFAULT 0",
            "UPDATE control_requests SET feed_position = position",
            "DROP INDEX control_requests_institution",
            "CREATE INDEX control_requests_feed ON control_requests (institution, status, feed_position)",
            "CREATE INDEX control_requests_unplaced ON control_requests (position) WHERE feed_position = 0",
            "INSERT INTO counters (name, last) SELECT 'control_feed', COALESCE(MAX(position), 0) FROM control_requests",
            "ALTER TABLE node_events ADD COLUMN feed_position \(integer) NOT NULL DEFAULT 0",
            "UPDATE node_events SET feed_position = sequence",
            "CREATE INDEX node_events_feed ON node_events (feed_position)",
            "INSERT INTO counters (name, last) SELECT 'node_event_feed', COALESCE(MAX(sequence), 0) FROM node_events",
        ]
    }
}
