//! Read connections (WAL readers) kept open in a small pool so queries never pay for opening
//! the database.

use std::sync::Mutex;

use rusqlite::Connection;

use crate::db::Db;
use crate::error::StoreError;

/// A pool of read connections.
#[derive(Debug)]
pub struct Readers {
    db: Db,
    idle: Mutex<Vec<Connection>>,
}

impl Readers {
    pub fn new(db: &Db) -> Readers {
        Readers { db: db.clone(), idle: Mutex::new(Vec::new()) }
    }

    /// Runs `f` on a read connection inside one read transaction (a consistent snapshot).
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T, StoreError>) -> Result<T, StoreError> {
        let conn = match self.idle.lock().map(|mut v| v.pop()) {
            Ok(Some(c)) => c,
            _ => self.db.connect()?,
        };
        // Cached: these two run around every read.
        conn.prepare_cached("BEGIN")?.execute([])?;
        let result = f(&conn);
        let _ = conn.prepare_cached("COMMIT").and_then(|mut s| s.execute([]));
        if let Ok(mut idle) = self.idle.lock()
            && idle.len() < 8
        {
            idle.push(conn);
        }
        result
    }
}
