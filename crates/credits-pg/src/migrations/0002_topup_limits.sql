-- Monthly limits on drawing top-up credits: a seat's own (`seats limit`, 0 = included credits
-- only) and the workspace's budget for all its seats together. Each row counts the top-up it drew
-- in one month (topup_used_period); a counter of another month counts nothing, so limits start
-- afresh with the month without a write at the reset. Counters move under the workspace's row
-- lock, in the transaction of the debit or hold that draws.
ALTER TABLE seats
    ADD COLUMN topup_limit_millis BIGINT CHECK (topup_limit_millis IS NULL OR topup_limit_millis >= 0),
    ADD COLUMN topup_used_millis BIGINT NOT NULL DEFAULT 0 CHECK (topup_used_millis >= 0),
    ADD COLUMN topup_used_period TEXT;
ALTER TABLE workspaces
    ADD COLUMN topup_budget_millis BIGINT CHECK (topup_budget_millis IS NULL OR topup_budget_millis >= 0),
    ADD COLUMN topup_used_millis BIGINT NOT NULL DEFAULT 0 CHECK (topup_used_millis >= 0),
    ADD COLUMN topup_used_period TEXT;

-- The database, not only the debit rule, refuses a draw past a limit: a counter may grow (or
-- start a new month) only while it stays within its limit. Lowering a limit below what was
-- already drawn is allowed; it just allows nothing more this month.
CREATE FUNCTION credits_topup_past_limit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% may not draw more top-up credits in a month than its limit', TG_TABLE_NAME
        USING ERRCODE = 'check_violation';
END $$;

CREATE TRIGGER seats_topup_within_limit BEFORE UPDATE OF topup_used_millis, topup_used_period ON seats
    FOR EACH ROW
    WHEN (NEW.topup_limit_millis IS NOT NULL AND NEW.topup_used_millis > NEW.topup_limit_millis
          AND (NEW.topup_used_millis > OLD.topup_used_millis
               OR NEW.topup_used_period IS DISTINCT FROM OLD.topup_used_period))
    EXECUTE FUNCTION credits_topup_past_limit();

CREATE TRIGGER workspaces_topup_within_budget BEFORE UPDATE OF topup_used_millis, topup_used_period ON workspaces
    FOR EACH ROW
    WHEN (NEW.topup_budget_millis IS NOT NULL AND NEW.topup_used_millis > NEW.topup_budget_millis
          AND (NEW.topup_used_millis > OLD.topup_used_millis
               OR NEW.topup_used_period IS DISTINCT FROM OLD.topup_used_period))
    EXECUTE FUNCTION credits_topup_past_limit();
