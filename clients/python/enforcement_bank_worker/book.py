"""The bank's side of the story, kept in one SQLite file: accounts, the controls the bank holds
for courts, and every answer decided (so a worker killed at any point answers each request once,
with the same content, after it restarts)."""
import csv
import sqlite3

SCHEMA = """
CREATE TABLE IF NOT EXISTS accounts (
    account TEXT PRIMARY KEY,
    id_number TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'deposit',
    type TEXT NOT NULL DEFAULT '活期',
    status TEXT NOT NULL DEFAULT '正常',
    branch TEXT NOT NULL DEFAULT '',
    balance_fen INTEGER NOT NULL CHECK (balance_fen >= 0),
    available_fen INTEGER NOT NULL CHECK (available_fen >= 0 AND available_fen <= balance_fen));
CREATE INDEX IF NOT EXISTS accounts_owner ON accounts (id_number);
CREATE TABLE IF NOT EXISTS controls (
    freeze_id TEXT PRIMARY KEY,
    account TEXT NOT NULL REFERENCES accounts (account),
    case_number TEXT NOT NULL,
    document_number TEXT NOT NULL,
    amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0),
    end_on TEXT NOT NULL,
    active INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS decisions (
    request_id TEXT PRIMARY KEY,
    rpc TEXT NOT NULL,
    answer BLOB NOT NULL,
    sent INTEGER NOT NULL DEFAULT 0);
"""

COLUMNS = ["account", "id_number", "kind", "type", "status", "branch", "balance_fen", "available_fen"]


class Book:
    def __init__(self, path: str):
        self.db = sqlite3.connect(path, isolation_level=None)  # explicit transactions only
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute("PRAGMA synchronous = FULL")
        self.db.executescript(SCHEMA)

    def import_csv(self, path: str) -> int:
        """Loads accounts from a CSV with the header of COLUMNS, unless the book already has accounts."""
        if self.db.execute("SELECT COUNT(*) FROM accounts").fetchone()[0] > 0:
            return 0
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        missing = [c for c in ("account", "id_number", "balance_fen") if rows and c not in rows[0]]
        if missing:
            raise SystemExit(f"{path}: missing columns {missing}; expected {COLUMNS}")
        self.db.execute("BEGIN IMMEDIATE")
        for row in rows:
            balance = int(row["balance_fen"])
            self.db.execute(
                "INSERT INTO accounts VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (row["account"], row["id_number"].upper(), row.get("kind") or "deposit", row.get("type") or "活期",
                 row.get("status") or "正常", row.get("branch") or "", balance, int(row.get("available_fen") or balance)))
        self.db.execute("COMMIT")
        return len(rows)

    def decision(self, request_id: str):
        return self.db.execute("SELECT rpc, answer, sent FROM decisions WHERE request_id = ?", (request_id,)).fetchone()

    def mark_sent(self, request_id: str) -> None:
        self.db.execute("UPDATE decisions SET sent = 1 WHERE request_id = ?", (request_id,))

    def transaction(self):
        return _Transaction(self.db)


class _Transaction:
    def __init__(self, db):
        self.db = db

    def __enter__(self):
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, kind, value, traceback):
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")
        return False
