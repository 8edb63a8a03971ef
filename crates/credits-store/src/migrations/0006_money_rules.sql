-- Money rules found in hardening.

-- A hold whose seat was removed while it was open: its included part lapses when it comes back,
-- even if the seat was re-added since (the removal already expired that month's included
-- credits, and a re-added seat gets no second grant in the same month).
ALTER TABLE holds ADD COLUMN seat_removed INTEGER NOT NULL DEFAULT 0 CHECK (seat_removed IN (0, 1));

-- Purchases gain the state `mismatch`: Stripe reported a payment whose amount or currency is not
-- the purchase's. Nothing is credited; a person has to look (the reason is in failure_message).
-- SQLite cannot change a CHECK constraint in place, so the table is rebuilt (nothing references
-- it by foreign key).
CREATE TABLE purchases_new (
    id                      TEXT PRIMARY KEY,
    workspace_id            INTEGER NOT NULL REFERENCES workspaces(id),
    kind                    TEXT NOT NULL CHECK (kind IN ('checkout', 'card')),
    origin                  TEXT NOT NULL CHECK (origin IN ('buy', 'ensure', 'auto')),
    amount_cents            INTEGER NOT NULL CHECK (amount_cents > 0),
    currency                TEXT NOT NULL,
    credits_millis          INTEGER NOT NULL CHECK (credits_millis > 0),
    state                   TEXT NOT NULL
                            CHECK (state IN ('created', 'pending', 'succeeded', 'failed', 'expired', 'canceled',
                                             'mismatch')),
    period                  TEXT NOT NULL,
    stripe_customer         TEXT,
    stripe_payment_intent   TEXT,
    stripe_checkout_session TEXT,
    checkout_url            TEXT,
    failure_code            TEXT,
    failure_message         TEXT,
    journal_entry_id        INTEGER UNIQUE REFERENCES journal(id),
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL,
    completed_at            TEXT,
    CHECK ((state = 'succeeded') = (journal_entry_id IS NOT NULL))
);
INSERT INTO purchases_new (id, workspace_id, kind, origin, amount_cents, currency, credits_millis, state, period,
    stripe_customer, stripe_payment_intent, stripe_checkout_session, checkout_url, failure_code, failure_message,
    journal_entry_id, created_at, updated_at, completed_at)
SELECT id, workspace_id, kind, origin, amount_cents, currency, credits_millis, state, period,
    stripe_customer, stripe_payment_intent, stripe_checkout_session, checkout_url, failure_code, failure_message,
    journal_entry_id, created_at, updated_at, completed_at
FROM purchases;
DROP TABLE purchases;
ALTER TABLE purchases_new RENAME TO purchases;
CREATE INDEX purchases_by_workspace ON purchases (workspace_id, created_at);
CREATE INDEX purchases_in_flight ON purchases (state) WHERE state IN ('created', 'pending');
CREATE UNIQUE INDEX purchases_one_scripted_in_flight ON purchases (workspace_id)
    WHERE state IN ('created', 'pending') AND origin IN ('ensure', 'auto');
