//! Opening the database: pragmas (WAL, `synchronous=FULL`) and embedded, numbered migrations.
//! An applied migration is never edited; add a new file instead.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::Connection;

use crate::error::StoreError;

/// Migrations in order; the index + 1 is the schema version stored in `user_version`.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_ledger.sql"),
    include_str!("migrations/0002_rollover_guards.sql"),
    include_str!("migrations/0003_purchases.sql"),
    include_str!("migrations/0004_holds.sql"),
    include_str!("migrations/0005_idempotency_per_caller.sql"),
    include_str!("migrations/0006_money_rules.sql"),
    include_str!("migrations/0007_actor.sql"),
    include_str!("migrations/0008_api_keys.sql"),
    include_str!("migrations/0009_purchase_idempotency.sql"),
    include_str!("migrations/0010_topup_limits.sql"),
    include_str!("migrations/0011_journal_by_time.sql"),
    include_str!("migrations/0012_notifications.sql"),
    include_str!("migrations/0013_actor_check_after_insert.sql"),
];

/// A handle to the database file from which writer and reader connections are made.
#[derive(Debug, Clone)]
pub struct Db {
    path: PathBuf,
}

/// Opens (creating if needed) the database at `path` and applies pending migrations.
pub fn open(path: &Path) -> Result<Db, StoreError> {
    let conn = connect(path)?;
    migrate(&conn)?;
    Ok(Db { path: path.to_owned() })
}

impl Db {
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A new connection with the daemon's pragmas.
    pub fn connect(&self) -> Result<Connection, StoreError> {
        connect(&self.path)
    }

    /// A new connection for the one writer: [`Db::connect`]'s pragmas, and the statement journal
    /// kept in memory. The writer runs many debits in one savepoint (`ledger::debit_run`); SQLite
    /// spills a statement journal over 64 KiB to a temporary file and then stops truncating it,
    /// which made every statement of such a run write pages to disk. In memory it is truncated
    /// after each statement and holds only the pages the run's savepoint needs (a few per run).
    pub fn connect_writer(&self) -> Result<Connection, StoreError> {
        let conn = connect(&self.path)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        Ok(conn)
    }

    /// Runs `PRAGMA quick_check` on a new connection (so no page comes from a cache filled before
    /// the file changed) and returns what it found: empty when the file is sound. A file too
    /// damaged for the check to run is a finding too; failing to run the check for another
    /// reason (busy, cannot open) is an error.
    pub fn quick_check(&self) -> Result<Vec<String>, StoreError> {
        let conn = connect(&self.path)?;
        let found = (|| -> rusqlite::Result<Vec<String>> {
            let mut stmt = conn.prepare("PRAGMA quick_check")?;
            let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
            rows.collect()
        })();
        match found {
            Ok(lines) if lines.len() == 1 && lines[0] == "ok" => Ok(Vec::new()),
            Ok(lines) => Ok(lines),
            Err(rusqlite::Error::SqliteFailure(e, msg))
                if matches!(e.code, rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase) =>
            {
                Ok(vec![msg.unwrap_or_else(|| e.to_string())])
            }
            Err(e) => Err(e.into()),
        }
    }
}

fn connect(path: &Path) -> Result<Connection, StoreError> {
    let conn = Connection::open(path)?;
    // Two daemons on one file wait for each other instead of failing at once.
    conn.busy_timeout(Duration::from_secs(10))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(conn)
}

fn migrate(conn: &Connection) -> Result<(), StoreError> {
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let result = (|| {
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let version = usize::try_from(version).unwrap_or(usize::MAX);
        if version > MIGRATIONS.len() {
            return Err(StoreError::Internal(format!(
                "database schema version {version} is newer than this build ({}); upgrade studio-credits",
                MIGRATIONS.len()
            )));
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version) {
            conn.execute_batch(sql)?;
            conn.pragma_update(None, "user_version", (i + 1) as i64)?;
        }
        Ok(())
    })();
    match result {
        Ok(()) => conn.execute_batch("COMMIT")?,
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            return Err(e);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keys stored before 0005 (one table for every caller) stay the workspace's, and a debit's
    /// or a hold's key becomes its seat's too, so a retry across the upgrade replays at either door.
    #[test]
    fn migration_0005_gives_old_keys_to_the_workspace_and_their_seat() {
        let dir = tempfile::tempdir().unwrap();
        let conn = connect(&dir.path().join("credits.db")).unwrap();
        for sql in &MIGRATIONS[..4] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 4).unwrap();
        conn.execute_batch(
            "INSERT INTO workspaces (id, name, plan, tz, period, chain_head, created_at)
                 VALUES (1, 'default', 'pro', 'UTC', '2026-11', 'x', 't');
             INSERT INTO seats (id, workspace_id, name, created_at) VALUES (3, 1, 'bob', 't'), (4, 1, 'bo', 't');
             INSERT INTO holds (id, workspace_id, seat_id, amount_millis, from_included_millis, from_topup_millis,
                                period, created_at, expires_at)
                 VALUES ('hold_a', 1, 4, 1, 1, 0, '2026-11', 't', 't');",
        )
        .unwrap();
        let old = [
            ("k1", "debit\x00bob\x001000\x00"),
            ("k2", "hold\x00bo\x001000\x0060\x00"),
            ("k3", "settle\x00hold_a\x005"),
            ("k4", "release\x00hold_a"),
            ("k5", "debit\x00gone\x001000\x00"),
        ];
        for (k, fp) in old {
            conn.execute(
                "INSERT INTO idempotency (workspace_id, key, fingerprint, response, created_at) VALUES (1, ?1, ?2, 'r', 't')",
                [k, fp],
            )
            .unwrap();
        }
        migrate(&conn).unwrap();
        let rows: Vec<(i64, String)> = conn
            .prepare("SELECT seat_id, key FROM idempotency ORDER BY key, seat_id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let want = [(0, "k1"), (3, "k1"), (0, "k2"), (4, "k2"), (0, "k3"), (4, "k3"), (0, "k4"), (4, "k4"), (0, "k5")];
        assert_eq!(rows, want.map(|(s, k)| (s, k.to_owned())));
        for (k, fp) in old {
            let found = crate::idempotency::lookup(&conn, 1, 0, k, fp).unwrap();
            assert_eq!(found.as_deref(), Some("r"), "{k}");
        }
    }

    /// 0010 starts each counter at what the current month has drawn: top-up debits and holds of
    /// the period, less what that period's holds gave back; other months and pools count nothing.
    #[test]
    fn migration_0010_counts_this_months_topup_draws() {
        let dir = tempfile::tempdir().unwrap();
        let conn = connect(&dir.path().join("credits.db")).unwrap();
        for sql in &MIGRATIONS[..9] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 9).unwrap();
        conn.execute_batch(
            "INSERT INTO workspaces (id, name, plan, tz, period, chain_head, created_at)
                 VALUES (1, 'default', 'pro', 'UTC', '2026-11', 'x', 't');
             INSERT INTO seats (id, workspace_id, name, created_at) VALUES (1, 1, 'alice', 't'), (2, 1, 'bob', 't'),
                 (3, 1, 'cy', 't');
             INSERT INTO holds (id, workspace_id, seat_id, amount_millis, from_included_millis, from_topup_millis,
                                period, created_at, expires_at)
                 VALUES ('hold_a', 1, 1, 20000, 0, 20000, '2026-11', 't', 't'),
                        ('hold_old', 1, 1, 7000, 0, 7000, '2026-10', 't', 't');
             INSERT INTO journal (id, workspace_id, seat_id, pool, kind, amount_millis, balance_after_millis, period,
                                  ref, time, hash, actor)
                 VALUES (1, 1, 1, 'topup', 'debit', -30000, 0, '2026-11', NULL, 't', 'h', 'daemon'),
                        (2, 1, 1, 'topup', 'hold', -20000, 0, '2026-11', 'hold_a', 't', 'h', 'daemon'),
                        (3, 1, 1, 'topup', 'release', 5000, 0, '2026-11', 'hold_a', 't', 'h', 'daemon'),
                        (4, 1, 1, 'topup', 'debit', -100000, 0, '2026-10', NULL, 't', 'h', 'daemon'),
                        (5, 1, 1, 'topup', 'release', 7000, 0, '2026-11', 'hold_old', 't', 'h', 'daemon'),
                        (6, 1, 2, 'included', 'debit', -50000, 0, '2026-11', NULL, 't', 'h', 'daemon'),
                        (7, 1, 2, 'topup', 'debit', -10000, 0, '2026-11', NULL, 't', 'h', 'daemon'),
                        (8, 1, NULL, 'topup', 'purchase', 900000, 0, '2026-11', 'pur_a', 't', 'h', 'daemon');",
        )
        .unwrap();
        migrate(&conn).unwrap();
        let counter =
            |sql: &str| -> (i64, Option<String>) { conn.query_row(sql, [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap() };
        let month = Some("2026-11".to_owned());
        let seat =
            |id: i64| counter(&format!("SELECT topup_used_millis, topup_used_period FROM seats WHERE id = {id}"));
        assert_eq!(seat(1), (45_000, month.clone()), "30 + 20 held − 5 given back");
        assert_eq!(seat(2), (10_000, month.clone()));
        assert_eq!(seat(3), (0, None), "drew nothing");
        assert_eq!(counter("SELECT topup_used_millis, topup_used_period FROM workspaces"), (55_000, month));
    }

    #[test]
    fn migration_6_keeps_existing_purchases_and_holds() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v4.db");
        let conn = connect(&path).unwrap();
        for (i, sql) in MIGRATIONS[..4].iter().enumerate() {
            conn.execute_batch(sql).unwrap();
            conn.pragma_update(None, "user_version", (i + 1) as i64).unwrap();
        }
        conn.execute_batch(
            "INSERT INTO workspaces (id, name, plan, tz, period, chain_head, created_at)
                 VALUES (1, 'w', 'free', 'UTC', '2026-11', 'x', 't');
             INSERT INTO seats (id, workspace_id, name, created_at) VALUES (1, 1, 's', 't');
             INSERT INTO holds (id, workspace_id, seat_id, amount_millis, from_included_millis, from_topup_millis,
                                period, created_at, expires_at)
                 VALUES ('hold_a', 1, 1, 5, 5, 0, '2026-11', 't', 't');
             INSERT INTO purchases (id, workspace_id, kind, origin, amount_cents, currency, credits_millis, state,
                                    period, failure_message, created_at, updated_at)
                 VALUES ('pur_a', 1, 'card', 'ensure', 2000, 'usd', 2000000, 'pending', '2026-11', 'x', 't', 't');",
        )
        .unwrap();
        drop(conn);

        open(&path).unwrap();
        let conn = connect(&path).unwrap();
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(version, MIGRATIONS.len() as i64);
        let (state, message): (String, String) = conn
            .query_row("SELECT state, failure_message FROM purchases WHERE id = 'pur_a'", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!((state.as_str(), message.as_str()), ("pending", "x"));
        let removed: i64 = conn.query_row("SELECT seat_removed FROM holds", [], |r| r.get(0)).unwrap();
        assert_eq!(removed, 0);
        // The new state is admitted, unknown ones still are not, and the indexes came back.
        conn.execute("UPDATE purchases SET state = 'mismatch' WHERE id = 'pur_a'", []).unwrap();
        assert!(conn.execute("UPDATE purchases SET state = 'lost' WHERE id = 'pur_a'", []).is_err());
        let indexes: i64 = conn
            .query_row("SELECT COUNT(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'purchases' AND sql IS NOT NULL", [], |r| r.get(0))
            .unwrap();
        // 0003's three, and 0009's one purchase per idempotency key.
        assert_eq!(indexes, 4);
    }
}

#[cfg(test)]
mod actor_migration_tests {
    use credits_core::chain::{ChainFields, GENESIS, entry_hash};
    use credits_core::{Actor, Credits};
    use credits_ledger::idempotency::KeyOwner;
    use credits_ledger::ledger::DebitRequest;

    use super::*;

    /// A ledger written before 0007 (entries without an actor, hashed as they were then) keeps
    /// verifying after the migration; new entries carry their actor, and re-attributing either
    /// kind of entry is found.
    #[test]
    fn migration_7_keeps_old_entries_verifying_and_chains_new_actors() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v6.db");
        let conn = connect(&path).unwrap();
        for (i, sql) in MIGRATIONS[..6].iter().enumerate() {
            conn.execute_batch(sql).unwrap();
            conn.pragma_update(None, "user_version", (i + 1) as i64).unwrap();
        }
        // Two entries as the appender of schema 6 wrote them: a grant and a debit of seat `s`.
        let mut prev = GENESIS.to_owned();
        let mut rows = Vec::new();
        for (id, kind, amount, after) in [(1, "grant", 500_000, 500_000), (2, "debit", -1_000, 499_000)] {
            let fields = ChainFields {
                id,
                workspace: "w",
                seat: Some("s"),
                pool: "included",
                kind,
                amount_millis: amount,
                balance_after_millis: after,
                period: "2026-11",
                reference: None,
                memo: None,
                time: "2026-11-10T12:00:00Z",
                actor: None,
            };
            prev = entry_hash(&prev, &fields);
            rows.push((id, kind, amount, after, prev.clone()));
        }
        conn.execute(
            "INSERT INTO workspaces (id, name, plan, tz, period, chain_head, created_at)
                 VALUES (1, 'w', 'free', 'UTC', '2026-11', ?1, 't')",
            [&prev],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO seats (id, workspace_id, name, included_millis, allowance_millis, created_at)
                 VALUES (1, 1, 's', 499000, 500000, 't')",
            [],
        )
        .unwrap();
        for (id, kind, amount, after, hash) in &rows {
            conn.execute(
                "INSERT INTO journal (id, workspace_id, seat_id, pool, kind, amount_millis, balance_after_millis,
                                      period, time, hash)
                     VALUES (?1, 1, 1, 'included', ?2, ?3, ?4, '2026-11', '2026-11-10T12:00:00Z', ?5)",
                rusqlite::params![id, kind, amount, after, hash],
            )
            .unwrap();
        }
        drop(conn);

        open(&path).unwrap();
        let conn = connect(&path).unwrap();
        let report = crate::verify::verify(&conn).unwrap();
        assert!(report.ok(), "old entries verify after 0007: {:?}", report.problems);
        let req = DebitRequest {
            workspace: Some("w".into()),
            seat: Some("s".into()),
            user: None,
            amount: Credits::from_millis(2_000),
            memo: None,
            idempotency_key: None,
            key_owner: KeyOwner::Workspace,
            actor: Actor::Cli("alice".into()),
        };
        crate::ledger::debit(&conn, &req, "2026-11-11T12:00:00Z".parse().unwrap()).unwrap();
        let actors: Vec<Option<String>> = conn
            .prepare("SELECT actor FROM journal ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(actors, [None, None, Some("cli:alice".to_owned())]);
        assert!(crate::verify::verify(&conn).unwrap().ok());
        // Nothing writes an entry without an actor, even behind the appender's back.
        let unattributed = conn.execute(
            "INSERT INTO journal (workspace_id, seat_id, pool, kind, amount_millis, balance_after_millis, period, time, hash)
                 VALUES (1, 1, 'included', 'adjust', 0, 497000, '2026-11', 't', 'h')",
            [],
        );
        assert!(unattributed.is_err());

        // Re-attributing a new entry, or attributing an old one, breaks the chain.
        conn.execute_batch("DROP TRIGGER journal_no_update").unwrap();
        conn.execute("UPDATE journal SET actor = 'daemon' WHERE id = 3", []).unwrap();
        assert!(!crate::verify::verify(&conn).unwrap().ok(), "a changed actor is found");
        conn.execute("UPDATE journal SET actor = 'cli:alice' WHERE id = 3", []).unwrap();
        assert!(crate::verify::verify(&conn).unwrap().ok());
        conn.execute("UPDATE journal SET actor = 'cli:alice' WHERE id = 1", []).unwrap();
        assert!(!crate::verify::verify(&conn).unwrap().ok(), "an old entry given an actor is found");
    }
}
