-- Monthly limits on drawing top-up credits: a seat's own (`seats limit`, 0 = included credits
-- only) and the workspace's budget for all its seats together. Each row counts the top-up it drew
-- in one month (`topup_used_period`); a counter of another month counts nothing, so limits start
-- afresh with the month without a write at the reset.
ALTER TABLE seats ADD COLUMN topup_limit_millis INTEGER CHECK (topup_limit_millis IS NULL OR topup_limit_millis >= 0);
ALTER TABLE seats ADD COLUMN topup_used_millis INTEGER NOT NULL DEFAULT 0 CHECK (topup_used_millis >= 0);
ALTER TABLE seats ADD COLUMN topup_used_period TEXT;
ALTER TABLE workspaces ADD COLUMN topup_budget_millis INTEGER CHECK (topup_budget_millis IS NULL OR topup_budget_millis >= 0);
ALTER TABLE workspaces ADD COLUMN topup_used_millis INTEGER NOT NULL DEFAULT 0 CHECK (topup_used_millis >= 0);
ALTER TABLE workspaces ADD COLUMN topup_used_period TEXT;

-- Counters start with what the current month has already drawn, so a limit set right after the
-- upgrade counts it, and a hold of this month opened before the upgrade takes back only what it
-- counted: each seat's top-up debits and holds of the workspace's current period, less what
-- holds of that period gave back (a release of an older month's hold takes nothing back).
CREATE TEMP TABLE topup_drawn AS
    SELECT j.seat_id AS seat_id, j.workspace_id AS workspace_id, w.period AS period,
           -SUM(j.amount_millis) AS drawn
    FROM journal j JOIN workspaces w ON w.id = j.workspace_id
    WHERE j.pool = 'topup' AND j.seat_id IS NOT NULL AND j.period = w.period
      AND (j.kind IN ('debit', 'hold')
           OR (j.kind = 'release' AND EXISTS (SELECT 1 FROM holds h WHERE h.id = j.ref AND h.period = w.period)))
    GROUP BY j.seat_id, j.workspace_id, w.period;
UPDATE seats SET topup_used_millis = MAX(d.drawn, 0), topup_used_period = d.period
    FROM topup_drawn d WHERE d.seat_id = seats.id;
UPDATE workspaces SET topup_used_millis = MAX(d.drawn, 0), topup_used_period = d.period
    FROM (SELECT workspace_id, period, SUM(drawn) AS drawn FROM topup_drawn GROUP BY workspace_id, period) d
    WHERE d.workspace_id = workspaces.id;
DROP TABLE topup_drawn;

-- The database, not only the debit rule, refuses a draw past a limit: a counter may grow (or
-- start a new month) only while it stays within its limit. Lowering a limit below what was
-- already drawn is allowed; it just allows nothing more this month.
CREATE TRIGGER seats_topup_within_limit
BEFORE UPDATE OF topup_used_millis, topup_used_period ON seats
WHEN NEW.topup_limit_millis IS NOT NULL AND NEW.topup_used_millis > NEW.topup_limit_millis
     AND (NEW.topup_used_millis > OLD.topup_used_millis OR NEW.topup_used_period IS NOT OLD.topup_used_period)
BEGIN
    SELECT RAISE(ABORT, 'a seat may not draw more top-up credits in a month than its limit');
END;

CREATE TRIGGER workspaces_topup_within_budget
BEFORE UPDATE OF topup_used_millis, topup_used_period ON workspaces
WHEN NEW.topup_budget_millis IS NOT NULL AND NEW.topup_used_millis > NEW.topup_budget_millis
     AND (NEW.topup_used_millis > OLD.topup_used_millis OR NEW.topup_used_period IS NOT OLD.topup_used_period)
BEGIN
    SELECT RAISE(ABORT, 'a workspace''s seats may not draw more top-up credits in a month than its budget');
END;
