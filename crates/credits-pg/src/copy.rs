//! `store copy` on the PostgreSQL side: [`export`] reads every table in one REPEATABLE READ,
//! read-only snapshot; [`import`] writes a [`Snapshot`] into an empty database in one
//! transaction; [`check`] verifies the result and reads its chain heads.
//!
//! The schema's triggers stay on: disabling them would need a superuser
//! (`session_replication_role`) or the tables' owner, and neither is needed. Inserts pass every
//! trigger as they are: the journal's and rollovers' triggers refuse only updates and deletes,
//! the top-up limit triggers fire on updates only, and rollovers are replayed from the period
//! each workspace's first rollover left, each followed by moving the workspace to the period it
//! entered, which is what `rollovers_forward_from_current` and `workspaces_period_by_rollover`
//! accept. Ids are inserted as they were, so the identity columns and the journal's sequence are
//! moved past them (`setval`) before the commit; purchases' `seq` is numbered again in the
//! source's insertion order.

use credits_core::snapshot::ChainHead;
use credits_ledger::StoreError;
use credits_ledger::copy::{Kind, Rows, Snapshot, TABLES, Value, rollovers_in_order, starting_periods};
use credits_ledger::verify::VerifyReport;
use tokio_postgres::IsolationLevel;
use tokio_postgres::types::ToSql;

use crate::PgLedger;
use crate::db::{self, Tx};

/// Every table of the ledger, read in one snapshot.
pub async fn export(ledger: &PgLedger) -> Result<Snapshot, StoreError> {
    let mut client = ledger.client().await?;
    let tx = client.build_transaction().read_only(true).isolation_level(IsolationLevel::RepeatableRead).start().await?;
    let mut snapshot = Snapshot::default();
    for t in TABLES {
        let cols: Vec<&str> = t.columns.iter().map(|(c, _)| *c).collect();
        let sql = format!("SELECT {} FROM {} ORDER BY {}", quoted(&cols), t.name, t.pg_order);
        let mut rows = Vec::new();
        for r in tx.query(&sql, &[]).await? {
            let mut row = Vec::with_capacity(cols.len());
            for (i, (_, kind)) in t.columns.iter().enumerate() {
                row.push(match kind {
                    Kind::Int => r.get::<_, Option<i64>>(i).map_or(Value::Null, Value::Int),
                    Kind::Text => r.get::<_, Option<String>>(i).map_or(Value::Null, Value::Text),
                    Kind::Bool => r.get::<_, Option<bool>>(i).map_or(Value::Null, Value::Bool),
                    Kind::Bytes => r.get::<_, Option<Vec<u8>>>(i).map_or(Value::Null, Value::Bytes),
                });
            }
            rows.push(row);
        }
        snapshot.tables.push(Rows { table: t.name, rows });
    }
    tx.commit().await?;
    Ok(snapshot)
}

/// A parameter of the column's type (a NULL is typed too).
fn param(v: &Value, kind: Kind) -> Box<dyn ToSql + Sync + Send> {
    match (v, kind) {
        (Value::Int(n), _) => Box::new(*n),
        (Value::Text(s), _) => Box::new(s.clone()),
        (Value::Bool(b), _) => Box::new(*b),
        (Value::Bytes(b), _) => Box::new(b.clone()),
        (Value::Null, Kind::Int) => Box::new(None::<i64>),
        (Value::Null, Kind::Text) => Box::new(None::<String>),
        (Value::Null, Kind::Bool) => Box::new(None::<bool>),
        (Value::Null, Kind::Bytes) => Box::new(None::<Vec<u8>>),
    }
}

/// Writes `snapshot` into the database in one transaction; refuses, changing nothing, when it
/// already holds a workspace or a journal entry. The tables are locked against daemons' writes
/// for the copy.
pub async fn import(ledger: &PgLedger, snapshot: &Snapshot) -> Result<(), StoreError> {
    snapshot.check_copyable().map_err(StoreError::InvalidInput)?;
    let mut client = ledger.client().await?;
    // The copy may take longer than a daemon's lock wait; it waits for nobody but itself.
    client.batch_execute("SET lock_timeout = '60s'").await?;
    let tx = client.transaction().await?;
    tx.batch_execute("LOCK TABLE workspaces, journal IN SHARE ROW EXCLUSIVE MODE").await?;
    let present: i64 =
        db::one(&tx, "SELECT ((SELECT COUNT(*) FROM workspaces) + (SELECT COUNT(*) FROM journal))::BIGINT", &[])
            .await?
            .get(0);
    if present > 0 {
        return Err(StoreError::Conflict(
            "the target already holds a ledger (workspaces or journal entries); nothing was copied".into(),
        ));
    }
    let starts = starting_periods(snapshot);
    for t in TABLES {
        if t.name == "rollovers" {
            replay_rollovers(&tx, snapshot).await?;
            continue;
        }
        let cols: Vec<&str> = t.columns.iter().map(|(c, _)| *c).collect();
        let marks: Vec<String> = (1..=cols.len()).map(|i| format!("${i}")).collect();
        let conflict = if t.name == "settings" {
            // The target's own settings (its installation id) give way to the source's.
            " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value"
        } else {
            ""
        };
        let sql = format!("INSERT INTO {} ({}) VALUES ({}){conflict}", t.name, quoted(&cols), marks.join(", "));
        let st = tx.prepare(&sql).await?;
        for row in snapshot.rows(t.name) {
            let mut params: Vec<Box<dyn ToSql + Sync + Send>> =
                row.iter().zip(t.columns).map(|(v, (_, k))| param(v, *k)).collect();
            if t.name == "workspaces"
                && let Some(Value::Int(id)) = row.first()
                && let Some((_, start)) = starts.iter().find(|(w, _)| w == id)
            {
                params[5] = Box::new(start.clone());
            }
            let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| &**p as &(dyn ToSql + Sync)).collect();
            tx.execute(&st, &refs).await?;
        }
    }
    check_periods(&tx, snapshot).await?;
    tx.batch_execute(
        "SELECT setval(pg_get_serial_sequence('workspaces', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM workspaces;
         SELECT setval(pg_get_serial_sequence('seats', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM seats;
         SELECT setval(pg_get_serial_sequence('api_keys', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM api_keys;
         SELECT setval(pg_get_serial_sequence('balance_alerts', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM balance_alerts;
         SELECT setval('journal_id_seq', COALESCE(MAX(id), 0) + 1, false) FROM journal;",
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

async fn replay_rollovers(tx: &Tx<'_>, snapshot: &Snapshot) -> Result<(), StoreError> {
    for r in rollovers_in_order(snapshot) {
        let (Some(Value::Int(ws)), Some(Value::Text(period)), Some(Value::Text(from)), Some(Value::Text(at))) =
            (r.first(), r.get(1), r.get(2), r.get(3))
        else {
            return Err(StoreError::Damaged("a rollover row is incomplete; nothing was copied".into()));
        };
        db::exec(
            tx,
            "INSERT INTO rollovers (workspace_id, period, from_period, applied_at) VALUES ($1, $2, $3, $4)",
            &[ws, period, from, at],
        )
        .await?;
        db::exec(tx, "UPDATE workspaces SET period = $2 WHERE id = $1", &[ws, period]).await?;
    }
    Ok(())
}

async fn check_periods(tx: &Tx<'_>, snapshot: &Snapshot) -> Result<(), StoreError> {
    for w in snapshot.rows("workspaces") {
        let (Some(Value::Int(id)), Some(Value::Text(name)), Some(Value::Text(period))) =
            (w.first(), w.get(1), w.get(5))
        else {
            continue;
        };
        let now: String = db::one(tx, "SELECT period FROM workspaces WHERE id = $1", &[id]).await?.get(0);
        if &now != period {
            return Err(StoreError::Damaged(format!(
                "the rollovers of workspace {name} do not lead to its period {period} (they end at {now}); nothing was copied"
            )));
        }
    }
    Ok(())
}

/// `verify` of the whole database and every workspace's chain head, in one snapshot.
pub async fn check(ledger: &PgLedger) -> Result<(VerifyReport, Vec<ChainHead>), StoreError> {
    let mut client = ledger.client().await?;
    let tx = client.build_transaction().read_only(true).isolation_level(IsolationLevel::RepeatableRead).start().await?;
    let report = crate::verify::verify(&tx).await?;
    let heads = db::all(&tx, "SELECT name, chain_head FROM workspaces ORDER BY name", &[])
        .await?
        .iter()
        .map(|r| ChainHead { workspace: r.get(0), head: r.get(1) })
        .collect();
    tx.commit().await?;
    Ok((report, heads))
}

fn quoted(cols: &[&str]) -> String {
    cols.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", ")
}
