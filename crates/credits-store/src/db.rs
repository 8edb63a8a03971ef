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
    include_str!("migrations/0005_money_rules.sql"),
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
