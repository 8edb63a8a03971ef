-- A buy (or ensure) may carry an idempotency key, so a client that retries after a lost answer
-- gets the same purchase instead of a second charge. Keys are the workspace's: the unique index
-- makes a second purchase under one key impossible, however the requests race.
ALTER TABLE purchases ADD COLUMN idempotency_key TEXT;

CREATE UNIQUE INDEX purchases_one_per_idempotency_key ON purchases (workspace_id, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
