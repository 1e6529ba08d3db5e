import EnforcementSQL
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
        migrator.registerMigration("v2-network-asset-control") { db in
            try db.execute(
                sql: """
                    CREATE TABLE control_requests (
                        position INTEGER PRIMARY KEY AUTOINCREMENT,
                        id TEXT NOT NULL UNIQUE,
                        case_number TEXT NOT NULL REFERENCES cases (number),
                        institution TEXT NOT NULL,
                        action TEXT NOT NULL,
                        status TEXT NOT NULL,
                        answer_due_ms INTEGER NOT NULL,
                        overdue_reminded INTEGER NOT NULL,
                        asset_key TEXT,
                        freeze_id TEXT,
                        control_status TEXT,
                        control_end_on TEXT,
                        data TEXT NOT NULL);
                    CREATE INDEX control_requests_case ON control_requests (case_number);
                    CREATE INDEX control_requests_institution ON control_requests (institution, status, position);
                    CREATE INDEX control_requests_due ON control_requests (status, overdue_reminded, answer_due_ms);
                    CREATE INDEX control_requests_asset ON control_requests (asset_key) WHERE asset_key IS NOT NULL;
                    CREATE INDEX control_requests_freeze ON control_requests (freeze_id) WHERE freeze_id IS NOT NULL;
                    CREATE INDEX control_requests_ending ON control_requests (control_status, control_end_on);
                    CREATE TABLE reminders (
                        sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                        case_number TEXT NOT NULL,
                        court TEXT NOT NULL,
                        institution TEXT NOT NULL,
                        data TEXT NOT NULL);
                    CREATE INDEX reminders_case ON reminders (case_number);
                    CREATE INDEX reminders_institution ON reminders (institution);
                    CREATE TABLE requeries (
                        case_number TEXT PRIMARY KEY REFERENCES cases (number),
                        round INTEGER NOT NULL,
                        due_on TEXT NOT NULL);
                    CREATE INDEX requeries_due ON requeries (due_on);
                    """)
        }
        migrator.registerMigration("v3-case-funds") { db in
            // Totals live in columns (the truth); `data` holds the rest of each record as JSON.
            try db.execute(
                sql: """
                    CREATE TABLE counters (name TEXT PRIMARY KEY, last INTEGER NOT NULL);
                    CREATE TABLE ledger_accounts (
                        id TEXT PRIMARY KEY,
                        kind TEXT NOT NULL,
                        case_number TEXT,
                        number TEXT UNIQUE,
                        debits_posted INTEGER NOT NULL,
                        credits_posted INTEGER NOT NULL,
                        debits_pending INTEGER NOT NULL,
                        credits_pending INTEGER NOT NULL,
                        data TEXT NOT NULL,
                        CHECK (debits_posted >= 0 AND credits_posted >= 0 AND debits_pending >= 0 AND credits_pending >= 0),
                        CHECK (kind <> 'escrow' OR credits_posted - debits_posted - debits_pending >= 0));
                    CREATE INDEX ledger_accounts_case ON ledger_accounts (case_number);
                    CREATE TABLE transfers (
                        position INTEGER PRIMARY KEY AUTOINCREMENT,
                        id TEXT NOT NULL UNIQUE,
                        debit_account TEXT NOT NULL REFERENCES ledger_accounts (id),
                        credit_account TEXT NOT NULL REFERENCES ledger_accounts (id),
                        amount INTEGER NOT NULL CHECK (amount > 0),
                        pending INTEGER NOT NULL,
                        resolves TEXT UNIQUE,
                        resolution TEXT,
                        reverses TEXT UNIQUE,
                        case_number TEXT,
                        data TEXT NOT NULL,
                        CHECK (debit_account <> credit_account));
                    CREATE INDEX transfers_debit ON transfers (debit_account);
                    CREATE INDEX transfers_credit ON transfers (credit_account);
                    CREATE INDEX transfers_case ON transfers (case_number);
                    CREATE TRIGGER transfers_no_update BEFORE UPDATE ON transfers
                        BEGIN SELECT RAISE(ABORT, 'transfers are immutable; correct one by a reversal'); END;
                    CREATE TRIGGER transfers_no_delete BEFORE DELETE ON transfers
                        BEGIN SELECT RAISE(ABORT, 'transfers are immutable; correct one by a reversal'); END;
                    CREATE TABLE receipts (
                        position INTEGER PRIMARY KEY AUTOINCREMENT,
                        bank_transaction_id TEXT NOT NULL UNIQUE,
                        case_number TEXT,
                        status TEXT NOT NULL,
                        received_ms INTEGER NOT NULL,
                        data TEXT NOT NULL);
                    CREATE INDEX receipts_case ON receipts (case_number);
                    CREATE INDEX receipts_status ON receipts (status, received_ms);
                    CREATE TABLE payouts (
                        position INTEGER PRIMARY KEY AUTOINCREMENT,
                        id TEXT NOT NULL UNIQUE,
                        case_number TEXT NOT NULL,
                        status TEXT NOT NULL,
                        bank_transaction_id TEXT UNIQUE,
                        data TEXT NOT NULL);
                    CREATE INDEX payouts_case ON payouts (case_number);
                    CREATE INDEX payouts_status ON payouts (status);
                    CREATE TABLE outbox (
                        sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                        case_number TEXT NOT NULL,
                        data TEXT NOT NULL);
                    CREATE INDEX outbox_case ON outbox (case_number);
                    CREATE TABLE funds_reminders (
                        sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                        key TEXT NOT NULL UNIQUE,
                        case_number TEXT,
                        data TEXT NOT NULL);
                    CREATE INDEX funds_reminders_case ON funds_reminders (case_number);
                    """)
        }
        migrator.registerMigration("v4-delegated-enforcement") { db in
            try db.execute(
                sql: """
                    CREATE TABLE delegations (
                        position INTEGER PRIMARY KEY AUTOINCREMENT,
                        id TEXT NOT NULL UNIQUE,
                        sender TEXT NOT NULL,
                        receiver TEXT NOT NULL,
                        status TEXT NOT NULL,
                        sent_ms INTEGER NOT NULL,
                        feed_position INTEGER NOT NULL,
                        data TEXT NOT NULL);
                    CREATE INDEX delegations_sender ON delegations (sender, position);
                    CREATE INDEX delegations_receiver ON delegations (receiver, feed_position);
                    CREATE INDEX delegations_status ON delegations (status);
                    """)
        }
        migrator.registerMigration("v5-deterrence-disclosure-notifications") { db in
            try db.execute(
                sql: """
                    CREATE TABLE measures (
                        position INTEGER PRIMARY KEY AUTOINCREMENT,
                        id TEXT NOT NULL UNIQUE,
                        case_number TEXT NOT NULL REFERENCES cases (number),
                        court TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        status TEXT NOT NULL,
                        removal_due TEXT,
                        data TEXT NOT NULL);
                    CREATE INDEX measures_case ON measures (case_number, position);
                    CREATE INDEX measures_court ON measures (court, position);
                    CREATE INDEX measures_status ON measures (status, position);
                    CREATE TABLE dishonest_feed (
                        position INTEGER PRIMARY KEY AUTOINCREMENT,
                        measure_id TEXT NOT NULL,
                        change TEXT NOT NULL CHECK (change IN ('added', 'changed', 'removed')),
                        at_ms INTEGER NOT NULL,
                        data TEXT NOT NULL);
                    CREATE INDEX dishonest_feed_at ON dishonest_feed (at_ms);
                    CREATE TRIGGER dishonest_feed_no_update BEFORE UPDATE ON dishonest_feed
                        BEGIN SELECT RAISE(ABORT, 'the dishonest-list feed is append-only'); END;
                    CREATE TRIGGER dishonest_feed_no_delete BEFORE DELETE ON dishonest_feed
                        BEGIN SELECT RAISE(ABORT, 'the dishonest-list feed is append-only'); END;
                    CREATE TABLE dishonest_exports (
                        day TEXT PRIMARY KEY,
                        after_position INTEGER NOT NULL,
                        through_position INTEGER NOT NULL,
                        data TEXT NOT NULL,
                        CHECK (through_position >= after_position));
                    CREATE TABLE access_codes (
                        case_number TEXT NOT NULL REFERENCES cases (number),
                        party TEXT NOT NULL,
                        code_hash TEXT NOT NULL,
                        issued_ms INTEGER NOT NULL,
                        PRIMARY KEY (case_number, party));
                    CREATE TABLE lookup_failures (
                        case_number TEXT NOT NULL,
                        address TEXT NOT NULL,
                        failures INTEGER NOT NULL,
                        locked_until_ms INTEGER,
                        PRIMARY KEY (case_number, address));
                    CREATE TABLE deliveries (
                        outbox_sequence INTEGER PRIMARY KEY REFERENCES outbox (sequence),
                        status TEXT NOT NULL,
                        next_attempt_ms INTEGER NOT NULL,
                        data TEXT NOT NULL);
                    CREATE INDEX deliveries_status ON deliveries (status, next_attempt_ms);
                    CREATE TABLE delivery_log (
                        sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                        outbox_sequence INTEGER NOT NULL,
                        data TEXT NOT NULL);
                    CREATE INDEX delivery_log_outbox ON delivery_log (outbox_sequence);
                    -- Node events before this version are not announced again.
                    INSERT INTO counters (name, last) SELECT 'node_notifier', COALESCE(MAX(sequence), 0) FROM node_events
                        WHERE true ON CONFLICT (name) DO NOTHING;
                    """)
        }
        migrator.registerMigration("v6-public-lookup-limits-in-memory") { db in
            // Wrong access codes are counted in memory (LookupLimiter); granted lookups keep their
            // idempotency rows for 30 days only, found by this index.
            try db.execute(sql: """
                DROP TABLE lookup_failures;
                CREATE INDEX idempotency_principal_at ON idempotency (principal, at_ms);
                """)
        }
        migrator.registerMigration("v7-journal-user-name") { db in
            // The journal names the verified user by id (`user`) and by the name its court's token gives.
            try db.execute(sql: "ALTER TABLE journal ADD COLUMN user_name TEXT")
        }
        migrator.registerMigration("v8-case-list-indexes-wire-answers") { db in
            // A court's page of cases, a judge's, and the overdue list read an index in position
            // order instead of scanning or sorting the whole table (the overdue list walks the
            // pending cases only: `due_on` is set while a case is pending). Idempotency answers are kept as
            // the response message's bytes (`answer`); older rows keep their JSON in `response`.
            try db.execute(sql: """
                DROP INDEX cases_court_status;
                CREATE INDEX cases_court_status ON cases (court, status, position);
                CREATE INDEX cases_court_position ON cases (court, position);
                CREATE INDEX cases_judge ON cases (handling_judge, position) WHERE handling_judge IS NOT NULL;
                CREATE INDEX cases_pending ON cases (position, due_on) WHERE due_on IS NOT NULL;
                ALTER TABLE idempotency ADD COLUMN answer BLOB;
                """)
        }
        migrator.registerMigration("v9-filtered-columns-transfer-counter") { db in
            // The fields that are filtered get their own columns, so the SQL reads the same in every
            // store: a receipt's reference and a payout's completion instant (JSON dates are seconds
            // since 2001). A transfer's position is taken from a counter inside the transaction (it
            // was read from `sqlite_sequence`), so the counter starts where the table is. A message
            // being sent is leased to one sender (`lease_owner` until `lease_until_ms`), so servers
            // sharing a database never send it twice.
            try db.execute(sql: """
                ALTER TABLE receipts ADD COLUMN reference TEXT;
                UPDATE receipts SET reference = json_extract(data, '$.reference');
                ALTER TABLE payouts ADD COLUMN completed_ms INTEGER;
                UPDATE payouts SET completed_ms = CAST(ROUND((json_extract(data, '$.completedAt') + 978307200) * 1000) AS INTEGER)
                    WHERE json_extract(data, '$.completedAt') IS NOT NULL;
                CREATE INDEX payouts_completed ON payouts (completed_ms) WHERE completed_ms IS NOT NULL;
                INSERT INTO counters (name, last) SELECT 'transfers', COALESCE(MAX(position), 0) FROM transfers
                    WHERE true ON CONFLICT (name) DO NOTHING;
                ALTER TABLE outbox ADD COLUMN lease_owner TEXT;
                ALTER TABLE outbox ADD COLUMN lease_until_ms INTEGER;
                """)
        }
        migrator.registerMigration("v10-control-log-standing-orders") { db in
            // Control requests get their court and service instant (oversight exports by court or
            // institution and period) and, for a deduction whose money has not arrived, the instant
            // it was answered (the 3-day reminder). Deductions answered before this version are
            // not reminded: which receipt brought their money was not recorded on them.
            try db.execute(sql: """
                ALTER TABLE control_requests ADD COLUMN court TEXT;
                ALTER TABLE control_requests ADD COLUMN served_ms INTEGER;
                ALTER TABLE control_requests ADD COLUMN awaiting_receipt_ms INTEGER;
                UPDATE control_requests SET
                    court = substr(case_number, instr(case_number, '）') + 1, instr(case_number, '执') - instr(case_number, '）') - 1),
                    served_ms = CAST(ROUND((json_extract(data, '$.servedAt') + 978307200) * 1000) AS INTEGER);
                CREATE INDEX control_requests_court_served ON control_requests (court, served_ms);
                CREATE INDEX control_requests_institution_served ON control_requests (institution, served_ms);
                CREATE INDEX control_requests_awaiting_receipt ON control_requests (awaiting_receipt_ms) WHERE awaiting_receipt_ms IS NOT NULL;
                CREATE TABLE standing_orders (
                    position INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    case_number TEXT NOT NULL REFERENCES cases (number),
                    status TEXT NOT NULL,
                    data TEXT NOT NULL);
                CREATE INDEX standing_orders_case ON standing_orders (case_number);
                CREATE INDEX standing_orders_status ON standing_orders (status, position);
                """)
        }
        migrator.registerMigration("v11-store-heartbeat") { db in
            // One row the health probe rewrites: proof that the store can be written now.
            try db.execute(sql: "CREATE TABLE store_heartbeat (id INTEGER PRIMARY KEY, at_ms INTEGER NOT NULL)")
        }
        migrator.registerMigration("v12-field-records") { db in
            // Field records (移动执行) and their evidence files: a row per declared file, so an upload
            // finds its declaration by (case, hash) and `evidence verify` pages through the received
            // ones. Evidence rows are never deleted: a trigger refuses it, as for the journal.
            try db.execute(sql: """
                CREATE TABLE field_records (
                    position INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    case_number TEXT NOT NULL REFERENCES cases (number),
                    court TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    received_ms INTEGER NOT NULL,
                    data TEXT NOT NULL);
                CREATE INDEX field_records_case ON field_records (case_number, position);
                CREATE TABLE field_evidence (
                    position INTEGER PRIMARY KEY AUTOINCREMENT,
                    record_position INTEGER NOT NULL REFERENCES field_records (position),
                    case_number TEXT NOT NULL,
                    court TEXT NOT NULL,
                    sha256 TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    media_type TEXT NOT NULL,
                    name TEXT NOT NULL,
                    received_ms INTEGER,
                    UNIQUE (record_position, sha256));
                CREATE INDEX field_evidence_case_hash ON field_evidence (case_number, sha256);
                CREATE INDEX field_evidence_court ON field_evidence (court, position);
                CREATE TRIGGER field_evidence_kept BEFORE DELETE ON field_evidence
                    BEGIN SELECT RAISE(ABORT, 'evidence is never deleted'); END;
                """)
        }
        migrator.registerMigration("v13-figures") { db in
            // The command centre's counters (per measure, court, day, month or year, dimension and bucket) and each
            // record's kept contribution; the cases' filter columns for drill-down. Filled from the
            // records already stored.
            try db.execute(sql: """
                ALTER TABLE cases ADD COLUMN filed_on TEXT;
                ALTER TABLE cases ADD COLUMN closed_on TEXT;
                ALTER TABLE cases ADD COLUMN case_type TEXT;
                ALTER TABLE cases ADD COLUMN closing_mode TEXT;
                CREATE INDEX cases_court_filed ON cases (court, filed_on);
                CREATE INDEX cases_court_closed ON cases (court, closed_on) WHERE closed_on IS NOT NULL;
                CREATE TABLE figures (
                    measure TEXT NOT NULL,
                    grain TEXT NOT NULL CHECK (grain IN ('d', 'm', 'y')),
                    court TEXT NOT NULL,
                    day TEXT NOT NULL,
                    dimension TEXT NOT NULL,
                    bucket INTEGER NOT NULL,
                    value INTEGER NOT NULL,
                    PRIMARY KEY (measure, grain, court, day, dimension, bucket)) WITHOUT ROWID;
                CREATE INDEX figures_measure_day ON figures (measure, grain, day);
                CREATE TABLE figure_sources (source TEXT PRIMARY KEY, cells TEXT NOT NULL) WITHOUT ROWID;
                CREATE TABLE campaigns (
                    position INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    data TEXT NOT NULL);
                """)
            try SQLFigures.backfill(GRDBSession(db: db))
        }
        migrator.registerMigration("v14-supervision") { db in
            // What each record keeps watched (by rule and base day) and the supervision alerts, at most
            // one open per key. Filled from the records already stored. The pass reads the due watches
            // and their cases' status from the two covering indexes only.
            try db.execute(sql: """
                CREATE TABLE supervision_watches (
                    source TEXT NOT NULL,
                    rule TEXT NOT NULL,
                    item TEXT NOT NULL,
                    court TEXT NOT NULL,
                    case_number TEXT,
                    base_on TEXT NOT NULL,
                    institution TEXT,
                    PRIMARY KEY (source, rule, item)) WITHOUT ROWID;
                CREATE INDEX supervision_watches_due ON supervision_watches (rule, base_on, case_number);
                CREATE INDEX cases_number_status ON cases (number, status);
                CREATE TABLE alerts (
                    position INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    alert_key TEXT NOT NULL,
                    court TEXT NOT NULL,
                    handling_judge TEXT,
                    rule TEXT NOT NULL,
                    severity TEXT NOT NULL,
                    open INTEGER NOT NULL,
                    base_on TEXT NOT NULL,
                    opened_ms INTEGER NOT NULL,
                    feed_position INTEGER NOT NULL,
                    data TEXT NOT NULL);
                CREATE UNIQUE INDEX alerts_open_key ON alerts (alert_key) WHERE open = 1;
                CREATE INDEX alerts_court_open ON alerts (court, open, position);
                CREATE INDEX alerts_open ON alerts (open, position);
                CREATE INDEX alerts_feed ON alerts (feed_position);
                """)
            try SQLSupervision.backfill(GRDBSession(db: db))
        }
        migrator.registerMigration("v15-feed-positions") { db in
            // Control requests and node events are followed by a feed position given as their
            // write commits (`Feed`), no longer by their key; the rows stored keep theirs as it.
            for statement in SQLFeeds.migration(integer: "INTEGER") { try db.execute(sql: statement) }
        }
        return migrator
    }()
}
