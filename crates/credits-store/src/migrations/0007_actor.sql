-- Who wrote each journal entry: `cli:<os user>`, `seat:<name>`, `key:<name>` or `daemon`.
-- Entries from before this migration keep NULL (nobody recorded it) and their hashes; every new
-- entry names its actor, and the hash chain covers it.
ALTER TABLE journal ADD COLUMN actor TEXT;

-- The appender always sets it; a NULL here would be an unattributed entry.
CREATE TRIGGER journal_actor_required BEFORE INSERT ON journal WHEN NEW.actor IS NULL
BEGIN SELECT RAISE(ABORT, 'a journal entry must name its actor'); END;

-- Who bought a purchase: the actor of the entry that credits it, whenever Stripe confirms it
-- (`daemon` for auto top-up). NULL for purchases recorded before; the daemon credits those.
ALTER TABLE purchases ADD COLUMN actor TEXT;
