-- Idempotency keys belong to their caller: a seat token's keys are that seat's (seat_id), the
-- local CLI's are the workspace's (seat_id 0). One seat can no longer replay, block or probe
-- another's keys. SQLite cannot change a primary key in place, so the table is rebuilt.
CREATE TABLE idempotency_by_caller (
    workspace_id INTEGER NOT NULL,
    seat_id      INTEGER NOT NULL,
    key          TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    response     TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (workspace_id, seat_id, key)
);

-- A key stored before may have come through either door. It stays the workspace's, and the key
-- of a debit or a hold is also its seat's, so a retry across the upgrade replays through both.
-- Fingerprints are NUL-separated: "debit\0SEAT\0…", "hold\0SEAT\0…", "settle\0HOLD\0…",
-- "release\0HOLD"; they are compared as bytes.
INSERT INTO idempotency_by_caller (workspace_id, seat_id, key, fingerprint, response, created_at)
SELECT workspace_id, 0, key, fingerprint, response, created_at FROM idempotency;

INSERT OR IGNORE INTO idempotency_by_caller (workspace_id, seat_id, key, fingerprint, response, created_at)
SELECT i.workspace_id, s.id, i.key, i.fingerprint, i.response, i.created_at
FROM idempotency i
JOIN seats s ON s.workspace_id = i.workspace_id
WHERE substr(CAST(i.fingerprint AS BLOB), 1, length(CAST(s.name AS BLOB)) + 7)
        = CAST('debit' || char(0) || s.name || char(0) AS BLOB)
   OR substr(CAST(i.fingerprint AS BLOB), 1, length(CAST(s.name AS BLOB)) + 6)
        = CAST('hold' || char(0) || s.name || char(0) AS BLOB);

INSERT OR IGNORE INTO idempotency_by_caller (workspace_id, seat_id, key, fingerprint, response, created_at)
SELECT i.workspace_id, h.seat_id, i.key, i.fingerprint, i.response, i.created_at
FROM idempotency i
JOIN holds h ON h.workspace_id = i.workspace_id
WHERE substr(CAST(i.fingerprint AS BLOB), 1, length(CAST(h.id AS BLOB)) + 8)
        = CAST('settle' || char(0) || h.id || char(0) AS BLOB)
   OR CAST(i.fingerprint AS BLOB) = CAST('release' || char(0) || h.id AS BLOB);

DROP TABLE idempotency;
ALTER TABLE idempotency_by_caller RENAME TO idempotency;
