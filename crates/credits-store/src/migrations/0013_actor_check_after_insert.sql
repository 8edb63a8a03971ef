-- The actor check of 0007, run after each journal insert instead of before it. The refusal is the
-- same (RAISE(ABORT) undoes the whole statement), but a BEFORE INSERT trigger makes SQLite copy
-- every new row's columns for it first, which was a fifth of writing a run of debits' entries.
DROP TRIGGER journal_actor_required;
CREATE TRIGGER journal_actor_required AFTER INSERT ON journal WHEN NEW.actor IS NULL
BEGIN SELECT RAISE(ABORT, 'a journal entry must name its actor'); END;
