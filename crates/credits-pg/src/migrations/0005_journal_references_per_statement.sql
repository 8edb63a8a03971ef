-- The journal's references to its workspace and seat are checked once per statement instead of
-- once per row. As foreign keys they ran a query per inserted entry, about a fifth of the
-- server's work on a batch of debits (measured with perf while three daemons debited one
-- workspace). The check refuses the same rows: an entry whose workspace, or seat, does not exist.
-- What a foreign key also guards, that a referenced row is not deleted while entries point at
-- it, is kept by refusing every DELETE and TRUNCATE of workspaces and seats: neither is ever
-- deleted (a removed seat is marked inactive and keeps its row).
ALTER TABLE journal
    DROP CONSTRAINT journal_workspace_id_fkey,
    DROP CONSTRAINT journal_seat_id_fkey;

CREATE FUNCTION journal_references_exist() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM new_entries n
                WHERE NOT EXISTS (SELECT 1 FROM workspaces w WHERE w.id = n.workspace_id)
                   OR (n.seat_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM seats s WHERE s.id = n.seat_id))) THEN
        RAISE EXCEPTION 'a journal entry refers to a workspace or seat that does not exist'
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER journal_references_exist AFTER INSERT ON journal
    REFERENCING NEW TABLE AS new_entries
    FOR EACH STATEMENT EXECUTE FUNCTION journal_references_exist();

CREATE FUNCTION credits_never_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'rows of % are never deleted: journal entries refer to them', TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END $$;
CREATE TRIGGER workspaces_no_delete BEFORE DELETE ON workspaces
    FOR EACH ROW EXECUTE FUNCTION credits_never_deleted();
CREATE TRIGGER workspaces_no_truncate BEFORE TRUNCATE ON workspaces
    FOR EACH STATEMENT EXECUTE FUNCTION credits_never_deleted();
CREATE TRIGGER seats_no_delete BEFORE DELETE ON seats
    FOR EACH ROW EXECUTE FUNCTION credits_never_deleted();
CREATE TRIGGER seats_no_truncate BEFORE TRUNCATE ON seats
    FOR EACH STATEMENT EXECUTE FUNCTION credits_never_deleted();
