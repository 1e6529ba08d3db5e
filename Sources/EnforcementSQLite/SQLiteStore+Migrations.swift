import GRDB

extension SQLiteStore {
    /// Versioned migrations; a migration, once released, is never edited: add a new one.
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-cases-journal-idempotency") { db in
            try db.execute(
                sql: """
                    CREATE TABLE case_sequences (
                        year INTEGER NOT NULL, court TEXT NOT NULL, type TEXT NOT NULL, last INTEGER NOT NULL,
                        PRIMARY KEY (year, court, type));
                    CREATE TABLE cases (
                        position INTEGER PRIMARY KEY AUTOINCREMENT,
                        number TEXT NOT NULL UNIQUE,
                        court TEXT NOT NULL,
                        handling_judge TEXT,
                        status TEXT NOT NULL,
                        due_on TEXT,
                        data TEXT NOT NULL);
                    CREATE INDEX cases_court_status ON cases (court, status);
                    CREATE TABLE node_events (
                        sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                        case_number TEXT NOT NULL REFERENCES cases (number),
                        data TEXT NOT NULL);
                    CREATE INDEX node_events_case ON node_events (case_number);
                    CREATE TABLE journal (
                        sequence INTEGER PRIMARY KEY,
                        at_ms INTEGER NOT NULL,
                        principal TEXT NOT NULL,
                        user TEXT,
                        action TEXT NOT NULL,
                        request_id TEXT NOT NULL,
                        subject TEXT NOT NULL,
                        payload TEXT NOT NULL,
                        previous_hash TEXT NOT NULL,
                        hash TEXT NOT NULL);
                    CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
                        BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
                    CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
                        BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
                    CREATE TABLE idempotency (
                        principal TEXT NOT NULL,
                        request_id TEXT NOT NULL,
                        request_hash TEXT NOT NULL,
                        response TEXT NOT NULL,
                        at_ms INTEGER NOT NULL,
                        PRIMARY KEY (principal, request_id));
                    """)
        }
        return migrator
    }()
}
