-- Workspaces, seats, the append-only journal with its hash chain, rollovers and idempotency.
CREATE TABLE workspaces (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE,
    plan            TEXT NOT NULL,
    pending_plan    TEXT,
    tz              TEXT NOT NULL,
    period          TEXT NOT NULL,
    topup_millis    INTEGER NOT NULL DEFAULT 0 CHECK (topup_millis >= 0),
    chain_head      TEXT NOT NULL,
    stripe_customer TEXT,
    created_at      TEXT NOT NULL
);

CREATE TABLE seats (
    id               INTEGER PRIMARY KEY,
    workspace_id     INTEGER NOT NULL REFERENCES workspaces(id),
    name             TEXT NOT NULL,
    included_millis  INTEGER NOT NULL DEFAULT 0 CHECK (included_millis >= 0),
    allowance_millis INTEGER NOT NULL DEFAULT 0 CHECK (allowance_millis >= 0),
    token_hash       TEXT UNIQUE,
    active           INTEGER NOT NULL DEFAULT 1,
    created_at       TEXT NOT NULL,
    removed_at       TEXT,
    UNIQUE (workspace_id, name)
);

CREATE TABLE journal (
    id                   INTEGER PRIMARY KEY,
    workspace_id         INTEGER NOT NULL REFERENCES workspaces(id),
    seat_id              INTEGER REFERENCES seats(id),
    pool                 TEXT NOT NULL CHECK (pool IN ('included', 'topup')),
    kind                 TEXT NOT NULL,
    amount_millis        INTEGER NOT NULL,
    balance_after_millis INTEGER NOT NULL CHECK (balance_after_millis >= 0),
    period               TEXT NOT NULL,
    ref                  TEXT,
    memo                 TEXT,
    time                 TEXT NOT NULL,
    hash                 TEXT NOT NULL
);
CREATE INDEX journal_by_workspace ON journal (workspace_id, id);
-- A seat receives its monthly allowance at most once per period.
CREATE UNIQUE INDEX journal_one_grant ON journal (seat_id, period) WHERE kind = 'grant';

-- The journal is append-only; the daemon never updates or deletes an entry.
CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;

-- Exactly one rollover per (workspace, period): the primary key is the guarantee.
CREATE TABLE rollovers (
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
    period       TEXT NOT NULL,
    from_period  TEXT NOT NULL,
    applied_at   TEXT NOT NULL,
    PRIMARY KEY (workspace_id, period)
);

CREATE TABLE idempotency (
    workspace_id INTEGER NOT NULL,
    key          TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    response     TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (workspace_id, key)
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
