//! `store copy` on the SQLite side: [`export`] reads every table of a ledger file in one read
//! transaction (one snapshot, even if a writer were running), [`import`] writes a
//! [`Snapshot`] into an empty ledger file in one transaction. Both open the file the normal way
//! first, so it is migrated to this build's schema.

use std::path::Path;

use credits_ledger::StoreError;
use credits_ledger::copy::{Kind, Snapshot, TABLES, Value, rollovers_in_order, starting_periods};
use rusqlite::Connection;
use rusqlite::types::{Value as SqlValue, ValueRef};

/// Every table of the ledger at `path`, read in one snapshot.
pub fn export(path: &Path) -> Result<Snapshot, StoreError> {
    let conn = crate::db::open(path)?.connect()?;
    conn.execute_batch("BEGIN")?;
    let read = read_all(&conn);
    let _ = conn.execute_batch("COMMIT");
    read
}

fn read_all(conn: &Connection) -> Result<Snapshot, StoreError> {
    let mut snapshot = Snapshot::default();
    for t in TABLES {
        let cols: Vec<&str> = t.columns.iter().map(|(c, _)| *c).collect();
        let sql = format!("SELECT {} FROM {} ORDER BY {}", quoted(&cols), t.name, t.sqlite_order);
        let mut stmt = conn.prepare(&sql)?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let mut row = Vec::with_capacity(cols.len());
            for (i, (col, kind)) in t.columns.iter().enumerate() {
                row.push(value(r.get_ref(i)?, *kind).map_err(|e| {
                    StoreError::Damaged(format!("{}.{col} holds a value this version cannot copy: {e}", t.name))
                })?);
            }
            out.push(row);
        }
        snapshot.tables.push(credits_ledger::copy::Rows { table: t.name, rows: out });
    }
    Ok(snapshot)
}

/// A SQLite value as the column's kind.
fn value(v: ValueRef<'_>, kind: Kind) -> Result<Value, String> {
    Ok(match (v, kind) {
        (ValueRef::Null, _) => Value::Null,
        (ValueRef::Integer(n), Kind::Int) => Value::Int(n),
        (ValueRef::Integer(n), Kind::Bool) => Value::Bool(n != 0),
        (ValueRef::Text(b), Kind::Text) => Value::Text(String::from_utf8(b.to_vec()).map_err(|e| e.to_string())?),
        (ValueRef::Text(b) | ValueRef::Blob(b), Kind::Bytes) => Value::Bytes(b.to_vec()),
        (other, kind) => return Err(format!("a {:?} where {kind:?} was expected", other.data_type())),
    })
}

/// The value to bind: booleans as 0/1, fingerprints as the text they were written as.
fn bind(v: &Value) -> Result<SqlValue, StoreError> {
    Ok(match v {
        Value::Null => SqlValue::Null,
        Value::Int(n) => SqlValue::Integer(*n),
        Value::Text(s) => SqlValue::Text(s.clone()),
        Value::Bool(b) => SqlValue::Integer(i64::from(*b)),
        Value::Bytes(b) => SqlValue::Text(
            String::from_utf8(b.clone())
                .map_err(|_| StoreError::InvalidInput("an idempotency fingerprint is not UTF-8 text".into()))?,
        ),
    })
}

/// Writes `snapshot` into the ledger at `path` (created and migrated if new) in one transaction;
/// refuses, changing nothing, when it already holds a workspace or a journal entry.
pub fn import(path: &Path, snapshot: &Snapshot) -> Result<(), StoreError> {
    snapshot.check_copyable().map_err(StoreError::InvalidInput)?;
    let conn = crate::db::open(path)?.connect()?;
    conn.execute_batch("BEGIN IMMEDIATE")?;
    match write_all(&conn, snapshot) {
        Ok(()) => Ok(conn.execute_batch("COMMIT")?),
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}

fn write_all(conn: &Connection, snapshot: &Snapshot) -> Result<(), StoreError> {
    let present: i64 =
        conn.query_row("SELECT (SELECT COUNT(*) FROM workspaces) + (SELECT COUNT(*) FROM journal)", [], |r| r.get(0))?;
    if present > 0 {
        return Err(StoreError::Conflict(
            "the target already holds a ledger (workspaces or journal entries); nothing was copied".into(),
        ));
    }
    let starts = starting_periods(snapshot);
    for t in TABLES {
        if t.name == "rollovers" {
            replay_rollovers(conn, snapshot)?;
            continue;
        }
        let cols: Vec<&str> = t.columns.iter().map(|(c, _)| *c).collect();
        let marks: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
        // The target's own settings (its installation id) give way to the source's.
        let verb = if t.name == "settings" { "INSERT OR REPLACE" } else { "INSERT" };
        let sql = format!("{verb} INTO {} ({}) VALUES ({})", t.name, quoted(&cols), marks.join(", "));
        let mut stmt = conn.prepare(&sql)?;
        for row in snapshot.rows(t.name) {
            let mut values = row.iter().map(bind).collect::<Result<Vec<_>, _>>()?;
            if t.name == "workspaces"
                && let (Some(SqlValue::Integer(id)), Some(period)) = (values.first().cloned(), values.get_mut(5))
                && let Some((_, start)) = starts.iter().find(|(w, _)| *w == id)
            {
                *period = SqlValue::Text(start.clone());
            }
            stmt.execute(rusqlite::params_from_iter(values))?;
        }
    }
    check_periods(conn, snapshot)
}

/// Inserts each rollover with the workspace at the period it leaves, then moves the workspace to
/// the period it entered: what the schema's rollover triggers accept.
fn replay_rollovers(conn: &Connection, snapshot: &Snapshot) -> Result<(), StoreError> {
    for r in rollovers_in_order(snapshot) {
        let values = r.iter().map(bind).collect::<Result<Vec<_>, _>>()?;
        conn.execute(
            "INSERT INTO rollovers (workspace_id, period, from_period, applied_at) VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params_from_iter(values.iter()),
        )?;
        conn.execute("UPDATE workspaces SET period = ?2 WHERE id = ?1", [&values[0], &values[1]])?;
    }
    Ok(())
}

/// Every workspace ends at the source's period (its rollovers chain to it).
fn check_periods(conn: &Connection, snapshot: &Snapshot) -> Result<(), StoreError> {
    for w in snapshot.rows("workspaces") {
        let (Some(Value::Int(id)), Some(Value::Text(name)), Some(Value::Text(period))) =
            (w.first(), w.get(1), w.get(5))
        else {
            continue;
        };
        let now: String = conn.query_row("SELECT period FROM workspaces WHERE id = ?1", [id], |r| r.get(0))?;
        if &now != period {
            return Err(StoreError::Damaged(format!(
                "the rollovers of workspace {name} do not lead to its period {period} (they end at {now}); nothing was copied"
            )));
        }
    }
    Ok(())
}

fn quoted(cols: &[&str]) -> String {
    cols.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", ")
}
