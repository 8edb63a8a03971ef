-- Notifications: webhook endpoints, the event outbox, one delivery row per (event, endpoint) with
-- a log of its attempts, and low-balance alerts. Events caused by a ledger change are inserted by
-- triggers below, so they commit in the same transaction as the change, whatever code made it.

CREATE TABLE webhook_endpoints (
    id           TEXT PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
    url          TEXT NOT NULL,
    -- The event types it wants, as ',a,b,' (matched with instr), or '*' for every type.
    events       TEXT NOT NULL,
    -- The signing secret, in plaintext: the daemon signs every delivery with it.
    secret       TEXT NOT NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX webhook_endpoints_by_workspace ON webhook_endpoints (workspace_id);

CREATE TABLE outbox_events (
    seq          INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
    kind         TEXT NOT NULL,
    -- The event's `data` object, JSON.
    data         TEXT NOT NULL,
    -- Unix seconds.
    created      INTEGER NOT NULL,
    -- Events the daemon writes once per cause (`auto_topup.capped` once a month, …) carry a
    -- key; a second one with the same key is not written.
    dedup        TEXT UNIQUE
);

CREATE TABLE webhook_deliveries (
    event_id     TEXT NOT NULL REFERENCES outbox_events(id),
    endpoint_id  TEXT NOT NULL,
    state        TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    -- Unix milliseconds; NULL: due now.
    next_at      INTEGER,
    lease_until  INTEGER,
    last_status  INTEGER,
    last_error   TEXT,
    -- Unix seconds of the first attempt's due time (the event's creation): retries stop 3 days later.
    created      INTEGER NOT NULL,
    done_at      INTEGER,
    PRIMARY KEY (event_id, endpoint_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_at) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (endpoint_id);

CREATE TABLE webhook_attempts (
    id          INTEGER PRIMARY KEY,
    event_id    TEXT NOT NULL,
    endpoint_id TEXT NOT NULL,
    attempt     INTEGER NOT NULL,
    at          INTEGER NOT NULL,
    status      INTEGER,
    error       TEXT,
    duration_ms INTEGER NOT NULL
);
CREATE INDEX webhook_attempts_by_endpoint ON webhook_attempts (endpoint_id, id);

-- Every event goes to each endpoint of its workspace that wants its type (a test event only to
-- the endpoint it tests, inserted by the code that sends it).
CREATE TRIGGER outbox_fan_out AFTER INSERT ON outbox_events
BEGIN
    INSERT INTO webhook_deliveries (event_id, endpoint_id, created)
    SELECT NEW.id, e.id, NEW.created FROM webhook_endpoints e
     WHERE e.workspace_id = NEW.workspace_id AND NEW.kind <> 'webhook.test'
       AND (e.events = '*' OR instr(e.events, ',' || NEW.kind || ',') > 0);
END;

-- Low-balance alerts: a seat's spendable balance (its included plus the workspace's top-up), or,
-- without a seat, the workspace's total (every active seat's included plus top-up).
CREATE TABLE balance_alerts (
    id           INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
    seat_id      INTEGER REFERENCES seats(id),
    below_millis INTEGER NOT NULL CHECK (below_millis > 0),
    -- 1 until the balance goes below the threshold (then `balance.low` fires once), 1 again when
    -- it is back at or above it.
    armed        INTEGER NOT NULL DEFAULT 1,
    created_at   TEXT NOT NULL
);
CREATE UNIQUE INDEX balance_alerts_one ON balance_alerts (workspace_id, coalesce(seat_id, 0));

CREATE VIEW alert_levels AS
SELECT a.id, a.workspace_id, a.seat_id, a.below_millis, a.armed,
       (SELECT s.name FROM seats s WHERE s.id = a.seat_id) AS seat,
       CASE WHEN a.seat_id IS NULL
            THEN (SELECT coalesce(sum(s.included_millis), 0) FROM seats s
                   WHERE s.workspace_id = a.workspace_id AND s.active = 1)
            ELSE (SELECT s.included_millis FROM seats s WHERE s.id = a.seat_id)
       END + (SELECT w.topup_millis FROM workspaces w WHERE w.id = a.workspace_id) AS balance_millis
  FROM balance_alerts a;

-- Seats whose last debit was refused for want of credits after having had some: `balance.depleted`
-- was sent for them. A row is written at the first such refusal only; credits arriving delete it.
CREATE TABLE depleted_seats (
    seat_id INTEGER PRIMARY KEY REFERENCES seats(id),
    at      TEXT NOT NULL
);

CREATE TRIGGER seat_balance_alerts AFTER UPDATE OF included_millis ON seats
WHEN NEW.included_millis <> OLD.included_millis
 AND EXISTS (SELECT 1 FROM balance_alerts WHERE workspace_id = NEW.workspace_id)
BEGIN
    INSERT INTO outbox_events (id, workspace_id, kind, data, created)
    SELECT 'evt_' || lower(hex(randomblob(12))), l.workspace_id, 'balance.low',
           json_object('seat', l.seat,
                       'balance', printf('%d.%03d', l.balance_millis / 1000, l.balance_millis % 1000),
                       'threshold', printf('%d.%03d', l.below_millis / 1000, l.below_millis % 1000)),
           CAST(strftime('%s', 'now') AS INTEGER)
      FROM alert_levels l
     WHERE l.workspace_id = NEW.workspace_id AND l.armed = 1 AND l.balance_millis < l.below_millis;
    UPDATE balance_alerts SET armed = 1 - armed
     WHERE id IN (SELECT id FROM alert_levels WHERE workspace_id = NEW.workspace_id
                    AND ((armed = 1 AND balance_millis < below_millis) OR (armed = 0 AND balance_millis >= below_millis)));
END;

CREATE TRIGGER workspace_balance_alerts AFTER UPDATE OF topup_millis ON workspaces
WHEN NEW.topup_millis <> OLD.topup_millis
 AND EXISTS (SELECT 1 FROM balance_alerts WHERE workspace_id = NEW.id)
BEGIN
    INSERT INTO outbox_events (id, workspace_id, kind, data, created)
    SELECT 'evt_' || lower(hex(randomblob(12))), l.workspace_id, 'balance.low',
           json_object('seat', l.seat,
                       'balance', printf('%d.%03d', l.balance_millis / 1000, l.balance_millis % 1000),
                       'threshold', printf('%d.%03d', l.below_millis / 1000, l.below_millis % 1000)),
           CAST(strftime('%s', 'now') AS INTEGER)
      FROM alert_levels l
     WHERE l.workspace_id = NEW.id AND l.armed = 1 AND l.balance_millis < l.below_millis;
    UPDATE balance_alerts SET armed = 1 - armed
     WHERE id IN (SELECT id FROM alert_levels WHERE workspace_id = NEW.id
                    AND ((armed = 1 AND balance_millis < below_millis) OR (armed = 0 AND balance_millis >= below_millis)));
END;

-- Credits arriving re-arm `balance.depleted`.
CREATE TRIGGER seat_credits_rearm AFTER UPDATE OF included_millis ON seats
WHEN NEW.included_millis > OLD.included_millis
BEGIN
    DELETE FROM depleted_seats WHERE seat_id = NEW.id;
END;
CREATE TRIGGER workspace_credits_rearm AFTER UPDATE OF topup_millis ON workspaces
WHEN NEW.topup_millis > OLD.topup_millis
BEGIN
    DELETE FROM depleted_seats WHERE seat_id IN (SELECT id FROM seats WHERE workspace_id = NEW.id);
END;

-- Purchases: credited, failed (a person's buy or ensure), failed (auto top-up).
CREATE TRIGGER purchase_events AFTER UPDATE OF state ON purchases
WHEN NEW.state <> OLD.state AND NEW.state IN ('succeeded', 'failed', 'expired', 'canceled')
BEGIN
    INSERT INTO outbox_events (id, workspace_id, kind, data, created)
    VALUES ('evt_' || lower(hex(randomblob(12))), NEW.workspace_id,
            CASE WHEN NEW.state = 'succeeded' THEN 'topup.succeeded'
                 WHEN NEW.origin = 'auto' THEN 'auto_topup.failed'
                 ELSE 'topup.failed' END,
            json_object('purchase', NEW.id, 'state', NEW.state, 'origin', NEW.origin,
                        'credits', printf('%d.%03d', NEW.credits_millis / 1000, NEW.credits_millis % 1000),
                        'amount_cents', NEW.amount_cents, 'currency', NEW.currency,
                        'failure_code', NEW.failure_code, 'failure_message', NEW.failure_message),
            CAST(strftime('%s', 'now') AS INTEGER));
END;

-- The monthly reset.
CREATE TRIGGER rollover_events AFTER INSERT ON rollovers
BEGIN
    INSERT INTO outbox_events (id, workspace_id, kind, data, created)
    VALUES ('evt_' || lower(hex(randomblob(12))), NEW.workspace_id, 'rollover.applied',
            json_object('period', NEW.period, 'from_period', NEW.from_period),
            CAST(strftime('%s', 'now') AS INTEGER));
END;
