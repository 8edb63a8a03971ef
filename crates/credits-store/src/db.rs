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
}
