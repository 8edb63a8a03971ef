-- Top-up purchases through Stripe, the webhook events already handled, and auto top-up rules.

-- One row per purchase; a small state machine:
--   created -> pending -> succeeded | failed | expired | canceled
-- `succeeded` is final. Stripe's confirmation wins over an earlier local failure (the money was
-- taken, so it is credited), which is why `succeeded` may follow any other state.
CREATE TABLE purchases (
    id                      TEXT PRIMARY KEY,               -- pur_…
    workspace_id            INTEGER NOT NULL REFERENCES workspaces(id),
    kind                    TEXT NOT NULL CHECK (kind IN ('checkout', 'card')),
    -- Who asked: a person (`buy`), `ensure`, or the auto top-up rule.
    origin                  TEXT NOT NULL CHECK (origin IN ('buy', 'ensure', 'auto')),
    amount_cents            INTEGER NOT NULL CHECK (amount_cents > 0),
    currency                TEXT NOT NULL,
    credits_millis          INTEGER NOT NULL CHECK (credits_millis > 0),
    state                   TEXT NOT NULL
                            CHECK (state IN ('created', 'pending', 'succeeded', 'failed', 'expired', 'canceled')),
    -- The workspace's billing period when the purchase was made (auto top-up's monthly cap).
    period                  TEXT NOT NULL,
    stripe_customer         TEXT,
    stripe_payment_intent   TEXT,
    stripe_checkout_session TEXT,
    checkout_url            TEXT,
    failure_code            TEXT,
    failure_message         TEXT,
    -- The `purchase` journal entry that credited it; set in the same transaction as the entry.
    journal_entry_id        INTEGER UNIQUE REFERENCES journal(id),
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL,
    completed_at            TEXT,
    CHECK ((state = 'succeeded') = (journal_entry_id IS NOT NULL))
);
CREATE INDEX purchases_by_workspace ON purchases (workspace_id, created_at);
CREATE INDEX purchases_in_flight ON purchases (state) WHERE state IN ('created', 'pending');
-- Scripted purchases (`ensure`, auto top-up) of one workspace run one at a time.
CREATE UNIQUE INDEX purchases_one_scripted_in_flight ON purchases (workspace_id)
    WHERE state IN ('created', 'pending') AND origin IN ('ensure', 'auto');

-- Credited exactly once: a purchase id is the reference of at most one `purchase` entry.
CREATE UNIQUE INDEX journal_one_purchase_credit ON journal (ref) WHERE kind = 'purchase';

-- Every verified Stripe event that was acted on, so a redelivery changes nothing.
CREATE TABLE stripe_events (
    id          TEXT PRIMARY KEY,                           -- evt_…
    type        TEXT NOT NULL,
    purchase_id TEXT,
    outcome     TEXT NOT NULL,
    received_at TEXT NOT NULL
);

-- Auto top-up: below `below_millis` spendable credits, buy `amount_cents` on the card on file, at
-- most `monthly_limit_cents` per billing period.
CREATE TABLE auto_topup (
    workspace_id        INTEGER PRIMARY KEY REFERENCES workspaces(id),
    below_millis        INTEGER NOT NULL CHECK (below_millis > 0),
    amount_cents        INTEGER NOT NULL CHECK (amount_cents > 0),
    monthly_limit_cents INTEGER NOT NULL CHECK (monthly_limit_cents >= amount_cents),
    updated_at          TEXT NOT NULL
);
