-- Exactly one rollover per (workspace, period), whatever the daemons' clocks say: a workspace's
-- period moves only forward, only from its current period, and only through a recorded rollover.
-- With the primary key of `rollovers` (each period entered once) and this index (each period left
-- once), a second rollover of the same month cannot commit, even from a second daemon.
CREATE UNIQUE INDEX rollovers_one_exit ON rollovers (workspace_id, from_period);

CREATE TRIGGER rollovers_forward_from_current BEFORE INSERT ON rollovers
WHEN NEW.period <= NEW.from_period
  OR NEW.from_period IS NOT (SELECT period FROM workspaces WHERE id = NEW.workspace_id)
BEGIN SELECT RAISE(ABORT, 'a rollover starts at the workspace''s current period and moves forward'); END;

CREATE TRIGGER workspaces_period_by_rollover BEFORE UPDATE OF period ON workspaces
WHEN NEW.period IS NOT OLD.period AND NOT EXISTS (
    SELECT 1 FROM rollovers WHERE workspace_id = NEW.id AND period = NEW.period AND from_period = OLD.period)
BEGIN SELECT RAISE(ABORT, 'a workspace''s period changes only through a recorded rollover'); END;

CREATE TRIGGER rollovers_no_update BEFORE UPDATE ON rollovers
BEGIN SELECT RAISE(ABORT, 'rollovers are append-only'); END;
CREATE TRIGGER rollovers_no_delete BEFORE DELETE ON rollovers
BEGIN SELECT RAISE(ABORT, 'rollovers are append-only'); END;
