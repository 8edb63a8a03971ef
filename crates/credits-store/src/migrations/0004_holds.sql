-- Holds (authorize, then settle). Reserving writes negative `hold` entries to the journal, so
-- cached balances and the journal agree at every moment; settling and releasing write `settle`
-- and `release` entries. This table remembers what each hold took from which pool, and in which
-- period, so the included part of a hold that outlives a monthly reset is not given back.
CREATE TABLE holds (
    id                   TEXT PRIMARY KEY,
    workspace_id         INTEGER NOT NULL REFERENCES workspaces(id),
    seat_id              INTEGER NOT NULL REFERENCES seats(id),
    amount_millis        INTEGER NOT NULL CHECK (amount_millis > 0),
    from_included_millis INTEGER NOT NULL CHECK (from_included_millis >= 0),
    from_topup_millis    INTEGER NOT NULL CHECK (from_topup_millis >= 0),
    -- The workspace's period when the hold was made: its included part belongs to that month.
    period               TEXT NOT NULL,
    status               TEXT NOT NULL DEFAULT 'held'
                         CHECK (status IN ('held', 'settled', 'released', 'expired')),
    settled_millis       INTEGER NOT NULL DEFAULT 0 CHECK (settled_millis >= 0),
    released_millis      INTEGER NOT NULL DEFAULT 0 CHECK (released_millis >= 0),
    -- Included credits not given back because their month had ended (or the seat was removed).
    lapsed_millis        INTEGER NOT NULL DEFAULT 0 CHECK (lapsed_millis >= 0),
    memo                 TEXT,
    created_at           TEXT NOT NULL,
    expires_at           TEXT NOT NULL,
    closed_at            TEXT,
    CHECK (from_included_millis + from_topup_millis = amount_millis),
    CHECK (settled_millis + released_millis + lapsed_millis <= amount_millis)
);
-- The expiry timer asks for the next open hold to expire.
CREATE INDEX holds_open_by_expiry ON holds (expires_at) WHERE status = 'held';
