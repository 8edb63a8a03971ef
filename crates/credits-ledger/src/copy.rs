//! Copying a whole ledger from one store to another (`studio-credits store copy`): the schema's
//! tables and columns as both backends hold them, and a [`Snapshot`] of their rows that a backend
//! exports (in one read snapshot) and another imports (in one transaction, into an empty store).
//!
//! Rows travel as [`Value`]s typed by the column's [`Kind`], so each backend maps its own column
//! types in one place: booleans are SQLite integers 0/1 and PostgreSQL `BOOLEAN`; idempotency
//! fingerprints are SQLite text (with NUL separators) and PostgreSQL `BYTEA`. Nothing is
//! recomputed on the way: journal ids, times, actors and hashes arrive as they left, so the
//! hash chain verifies on the target unchanged.

use std::fmt::Write as _;

/// How a column's values travel between backends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Int,
    Text,
    /// SQLite INTEGER 0/1, PostgreSQL BOOLEAN.
    Bool,
    /// SQLite TEXT (which may hold NULs), PostgreSQL BYTEA.
    Bytes,
}

/// One value of a row; `Null` for SQL NULL in any column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Value {
    Null,
    Int(i64),
    Text(String),
    Bool(bool),
    Bytes(Vec<u8>),
}

/// A table of the schema: its columns in order, and the order its rows are read and inserted in.
#[derive(Debug)]
pub struct Table {
    pub name: &'static str,
    pub columns: &'static [(&'static str, Kind)],
    /// `ORDER BY` of the export. Purchases go in insertion order (SQLite's rowid, PostgreSQL's
    /// `seq`), which is the tie-breaker of their listings; the target numbers them again in the
    /// same order.
    pub sqlite_order: &'static str,
    pub pg_order: &'static str,
}

use Kind::{Bool, Bytes, Int, Text};

/// Every table of the schema, in an order that satisfies foreign keys on insert (workspaces,
/// seats, then the journal, then what refers to journal entries). `workspaces` must stay first
/// and `rollovers` after it: importers replay rollovers against the workspace's period.
pub const TABLES: &[Table] = &[
    Table {
        name: "workspaces",
        columns: &[
            ("id", Int),
            ("name", Text),
            ("plan", Text),
            ("pending_plan", Text),
            ("tz", Text),
            ("period", Text),
            ("topup_millis", Int),
            ("chain_head", Text),
            ("stripe_customer", Text),
            ("created_at", Text),
            ("topup_budget_millis", Int),
            ("topup_used_millis", Int),
            ("topup_used_period", Text),
        ],
        sqlite_order: "id",
        pg_order: "id",
    },
    Table {
        name: "seats",
        columns: &[
            ("id", Int),
            ("workspace_id", Int),
            ("name", Text),
            ("included_millis", Int),
            ("allowance_millis", Int),
            ("token_hash", Text),
            ("active", Bool),
            ("created_at", Text),
            ("removed_at", Text),
            ("topup_limit_millis", Int),
            ("topup_used_millis", Int),
            ("topup_used_period", Text),
        ],
        sqlite_order: "id",
        pg_order: "id",
    },
    Table {
        name: "journal",
        columns: &[
            ("id", Int),
            ("workspace_id", Int),
            ("seat_id", Int),
            ("pool", Text),
            ("kind", Text),
            ("amount_millis", Int),
            ("balance_after_millis", Int),
            ("period", Text),
            ("ref", Text),
            ("memo", Text),
            ("time", Text),
            ("hash", Text),
            ("actor", Text),
        ],
        sqlite_order: "id",
        pg_order: "id",
    },
    Table {
        name: "rollovers",
        columns: &[("workspace_id", Int), ("period", Text), ("from_period", Text), ("applied_at", Text)],
        sqlite_order: "workspace_id, period",
        pg_order: "workspace_id, period",
    },
    Table {
        name: "idempotency",
        columns: &[
            ("workspace_id", Int),
            ("seat_id", Int),
            ("key", Text),
            ("fingerprint", Bytes),
            ("response", Text),
            ("created_at", Text),
        ],
        sqlite_order: "workspace_id, seat_id, key",
        pg_order: "workspace_id, seat_id, key",
    },
    Table { name: "settings", columns: &[("key", Text), ("value", Text)], sqlite_order: "key", pg_order: "key" },
    Table {
        name: "purchases",
        columns: &[
            ("id", Text),
            ("workspace_id", Int),
            ("kind", Text),
            ("origin", Text),
            ("amount_cents", Int),
            ("currency", Text),
            ("credits_millis", Int),
            ("state", Text),
            ("period", Text),
            ("stripe_customer", Text),
            ("stripe_payment_intent", Text),
            ("stripe_checkout_session", Text),
            ("checkout_url", Text),
            ("failure_code", Text),
            ("failure_message", Text),
            ("journal_entry_id", Int),
            ("created_at", Text),
            ("updated_at", Text),
            ("completed_at", Text),
            ("actor", Text),
            ("idempotency_key", Text),
        ],
        sqlite_order: "rowid",
        pg_order: "seq",
    },
    Table {
        name: "stripe_events",
        columns: &[("id", Text), ("type", Text), ("purchase_id", Text), ("outcome", Text), ("received_at", Text)],
        sqlite_order: "received_at, id",
        pg_order: "received_at, id",
    },
    Table {
        name: "auto_topup",
        columns: &[
            ("workspace_id", Int),
            ("below_millis", Int),
            ("amount_cents", Int),
            ("monthly_limit_cents", Int),
            ("updated_at", Text),
        ],
        sqlite_order: "workspace_id",
        pg_order: "workspace_id",
    },
    Table {
        name: "holds",
        columns: &[
            ("id", Text),
            ("workspace_id", Int),
            ("seat_id", Int),
            ("amount_millis", Int),
            ("from_included_millis", Int),
            ("from_topup_millis", Int),
            ("period", Text),
            ("status", Text),
            ("settled_millis", Int),
            ("released_millis", Int),
            ("lapsed_millis", Int),
            ("memo", Text),
            ("created_at", Text),
            ("expires_at", Text),
            ("closed_at", Text),
            ("seat_removed", Bool),
        ],
        sqlite_order: "created_at, id",
        pg_order: "created_at, id",
    },
    Table {
        name: "api_keys",
        columns: &[
            ("id", Int),
            ("workspace_id", Int),
            ("name", Text),
            ("token_hash", Text),
            ("scopes", Text),
            ("created_at", Text),
            ("expires_at", Text),
        ],
        sqlite_order: "id",
        pg_order: "id",
    },
    // Notification settings travel; the outbox, its deliveries and their log do not (a move is
    // made with writes stopped, after pending deliveries went out: `webhooks deliveries`).
    Table {
        name: "webhook_endpoints",
        columns: &[
            ("id", Text),
            ("workspace_id", Int),
            ("url", Text),
            ("events", Text),
            ("secret", Text),
            ("created_at", Text),
        ],
        sqlite_order: "created_at, id",
        pg_order: "created_at, id",
    },
    Table {
        name: "balance_alerts",
        columns: &[
            ("id", Int),
            ("workspace_id", Int),
            ("seat_id", Int),
            ("below_millis", Int),
            ("armed", Bool),
            ("created_at", Text),
        ],
        sqlite_order: "id",
        pg_order: "id",
    },
];

/// The table named `name` in [`TABLES`].
pub fn table(name: &str) -> Option<&'static Table> {
    TABLES.iter().find(|t| t.name == name)
}

/// The rows of one table, each with [`Table::columns`]' values in order.
#[derive(Debug, Clone, Default)]
pub struct Rows {
    pub table: &'static str,
    pub rows: Vec<Vec<Value>>,
}

/// Every table's rows, read in one snapshot of the source; in [`TABLES`]' order.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    pub tables: Vec<Rows>,
}

impl Snapshot {
    /// The rows of `table` (empty when it has none).
    pub fn rows(&self, table: &str) -> &[Vec<Value>] {
        self.tables.iter().find(|t| t.table == table).map_or(&[], |t| &t.rows)
    }

    /// Rows per table, in [`TABLES`]' order.
    pub fn counts(&self) -> Vec<(&'static str, usize)> {
        self.tables.iter().map(|t| (t.table, t.rows.len())).collect()
    }

    /// Refuses what the target cannot hold as it is: a journal entry without an actor (written
    /// before actors were recorded, so hashed without one). Every store this version writes
    /// requires an actor, and filling one in would break the entry's hash, so such a ledger is
    /// not copied; a SQLite file of that age is moved with `backup` and `restore` instead.
    pub fn check_copyable(&self) -> Result<(), String> {
        let Some(journal) = table("journal") else { return Ok(()) };
        let actor = journal.columns.iter().position(|(c, _)| *c == "actor").unwrap_or(usize::MAX);
        let id = 0;
        let legacy: Vec<&Vec<Value>> =
            self.rows("journal").iter().filter(|r| r.get(actor) == Some(&Value::Null)).collect();
        if legacy.is_empty() {
            return Ok(());
        }
        let mut first = String::new();
        for r in legacy.iter().take(3) {
            if let Some(Value::Int(n)) = r.get(id) {
                let _ = write!(first, "{}{n}", if first.is_empty() { "" } else { ", " });
            }
        }
        Err(format!(
            "{} journal entries were written before actors were recorded (ids {first}…) and are hashed without \
             one; the target requires an actor and adding one would break their hashes",
            legacy.len()
        ))
    }
}

/// Per workspace, where its rollovers start and the order to replay them in: the importer
/// inserts the workspace at the period its first rollover leaves (its `period` column is
/// otherwise the source's), then each rollover in turn followed by moving the workspace to the
/// period it entered — exactly what the schema's rollover triggers accept — ending at the
/// source's period. `(workspace id, first from_period)`.
pub fn starting_periods(snapshot: &Snapshot) -> Vec<(i64, String)> {
    let mut first: Vec<(i64, String)> = Vec::new();
    for r in snapshot.rows("rollovers") {
        if let (Some(Value::Int(ws)), Some(Value::Text(from))) = (r.first(), r.get(2)) {
            match first.iter_mut().find(|(w, _)| w == ws) {
                Some((_, f)) if from < f => *f = from.clone(),
                Some(_) => {}
                None => first.push((*ws, from.clone())),
            }
        }
    }
    first
}

/// The rollovers in the order they are replayed: per workspace, oldest period first.
pub fn rollovers_in_order(snapshot: &Snapshot) -> Vec<&Vec<Value>> {
    let mut rows: Vec<&Vec<Value>> = snapshot.rows("rollovers").iter().collect();
    rows.sort_by(|a, b| (a.first(), a.get(1)).cmp(&(b.first(), b.get(1))));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_come_in_foreign_key_order_and_are_unique() {
        let names: Vec<&str> = TABLES.iter().map(|t| t.name).collect();
        let at = |n: &str| names.iter().position(|x| *x == n).unwrap();
        assert_eq!(at("workspaces"), 0);
        assert!(at("seats") < at("journal"));
        assert!(at("journal") < at("purchases"));
        assert!(at("seats") < at("holds"));
        let mut sorted = names.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), names.len());
    }

    #[test]
    fn an_entry_without_an_actor_is_refused() {
        let journal = table("journal").unwrap();
        let mut row: Vec<Value> = journal.columns.iter().map(|_| Value::Null).collect();
        row[0] = Value::Int(7);
        let snap = Snapshot { tables: vec![Rows { table: "journal", rows: vec![row] }] };
        let e = snap.check_copyable().unwrap_err();
        assert!(e.contains("ids 7"), "{e}");
    }

    #[test]
    fn rollovers_replay_from_the_oldest() {
        let r = |ws: i64, p: &str, f: &str| {
            vec![Value::Int(ws), Value::Text(p.into()), Value::Text(f.into()), Value::Text("t".into())]
        };
        let snap = Snapshot {
            tables: vec![Rows {
                table: "rollovers",
                rows: vec![r(1, "2026-12", "2026-11"), r(1, "2026-11", "2026-10")],
            }],
        };
        assert_eq!(starting_periods(&snap), vec![(1, "2026-10".to_owned())]);
        assert_eq!(rollovers_in_order(&snap)[0][1], Value::Text("2026-11".into()));
    }
}
