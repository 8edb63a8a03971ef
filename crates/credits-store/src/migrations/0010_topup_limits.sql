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
