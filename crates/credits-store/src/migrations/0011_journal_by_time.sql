-- The forecast reads what each seat used in windows of time (this month, the last 7 days):
-- an index on the workspace and the entry's time reads only the window, not the whole journal.
CREATE INDEX journal_by_workspace_time ON journal (workspace_id, time);
