//! The writes of a run of debits, gathered as each debit is decided and written together when the
//! run ends: the entries in multi-row INSERTs of up to 128 rows, each seat's included balance and
//! each workspace's chain head once, instead of an INSERT and two UPDATEs (each with its statement
//! journal) per debit.
//!
//! Only the writer writes, and within a run nothing reads these but the run itself (the run keeps
//! the rows it read as it changed them), so they may wait until the run's end: the run's ids
//! continue the journal's (read once), each workspace's head is read once and carried in memory,
//! and [`Pending::flush`] writes everything in the run's transaction before anything is
//! acknowledged. Every invariant stays the database's: the same tables, constraints, triggers
//! and indexes check what is written.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use credits_core::chain::entry_hash;
use credits_core::time::fmt_time;
use jiff::Timestamp;
use rusqlite::{Connection, ToSql};

use crate::error::StoreError;
use crate::idempotency;
use crate::journal::{self, EntryDraft, IdempotencyKey, Sink, check};

/// Rows per multi-row INSERT, largest first (the last must be 1): the most is well under SQLite's
/// parameter limit, and a run's rows go out in as few statements of these lengths as fit.
const CHUNKS: [usize; 4] = [128, 32, 8, 1];
/// Parameters bound per row.
const PER_ROW: usize = 13;

/// One linked entry, owned: the request it came from is answered before the rows are written.
#[derive(Debug)]
struct Row {
    id: i64,
    ws_id: i64,
    seat_id: Option<i64>,
    pool: &'static str,
    kind: &'static str,
    amount: i64,
    balance_after: i64,
    period: String,
    reference: Option<String>,
    memo: Option<String>,
    time: String,
    hash: String,
    actor: Option<String>,
}

/// The run's entries not yet written, and where each chain stands.
#[derive(Debug, Default)]
pub struct Pending {
    /// The id the next entry gets; read from the journal at the run's first entry.
    next_id: Option<i64>,
    /// Each workspace's head as the run moved it: `(workspace id, hash)` (a run touches few).
    heads: Vec<(i64, String)>,
    rows: Vec<Row>,
    /// Each seat's included balance as the run left it, by seat id.
    included: BTreeMap<i64, i64>,
    /// Idempotency keys of the run's debits and their answers: `(workspace id, owner, key)` to
    /// `(fingerprint, response, created)`.
    keys: HashMap<(i64, i64, String), (String, String, Timestamp)>,
    /// Writes gathered so far (entries, balance moves and keys).
    writes: usize,
    /// The time of the debit being decided, which its entries carry.
    time: String,
}

impl Pending {
    /// Entries appended from now on carry `now` (each debit of a run has its own time).
    pub fn at(&mut self, now: Timestamp) {
        self.time = fmt_time(now);
    }

    /// How many writes were gathered so far: a debit that failed after gathering one is undone
    /// with the run.
    pub fn writes(&self) -> usize {
        self.writes
    }

    /// Writes every waiting entry and each moved head, in the caller's transaction.
    pub fn flush(&mut self, conn: &Connection) -> Result<(), StoreError> {
        let mut rest = &self.rows[..];
        while !rest.is_empty() {
            // Only these few statements are built and cached: one per length of a run's tail
            // would fill SQLite's statement cache with large programs.
            let n = CHUNKS.into_iter().find(|&n| n <= rest.len()).unwrap_or(1);
            let (chunk, tail) = rest.split_at(n);
            insert(conn, chunk)?;
            rest = tail;
        }
        for ((ws_id, owner, key), (fingerprint, response, created)) in &self.keys {
            idempotency::store(conn, *ws_id, *owner, key, fingerprint, response, *created)?;
        }
        for (seat_id, millis) in &self.included {
            journal::set_included(conn, *seat_id, *millis)?;
        }
        for (ws_id, hash) in &self.heads {
            journal::save_head(conn, *ws_id, hash)?;
        }
        self.rows.clear();
        self.heads.clear();
        self.included.clear();
        self.keys.clear();
        self.next_id = None;
        Ok(())
    }
}

impl Sink for Pending {
    fn lookup_key(&self, conn: &Connection, k: &IdempotencyKey<'_>) -> Result<Option<String>, StoreError> {
        match self.keys.get(&(k.workspace_id, k.owner, k.key.to_owned())) {
            Some((fingerprint, response, _)) => {
                idempotency::answer(Some((fingerprint.clone(), response.clone())), k.key, k.fingerprint)
            }
            None => idempotency::lookup(conn, k.workspace_id, k.owner, k.key, k.fingerprint),
        }
    }

    fn store_key(
        &mut self,
        _conn: &Connection,
        k: &IdempotencyKey<'_>,
        response: String,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let slot = (k.workspace_id, k.owner, k.key.to_owned());
        if self.keys.contains_key(&slot) {
            return Err(StoreError::Internal(format!("idempotency key '{}' stored twice in one run", k.key)));
        }
        self.keys.insert(slot, (k.fingerprint.to_owned(), response, now));
        self.writes += 1;
        Ok(())
    }

    fn set_included(&mut self, _conn: &Connection, seat_id: i64, millis: i64) -> Result<(), StoreError> {
        self.included.insert(seat_id, millis);
        self.writes += 1;
        Ok(())
    }

    fn append(
        &mut self,
        conn: &Connection,
        ws_id: i64,
        workspace: &str,
        draft: EntryDraft<'_>,
    ) -> Result<(i64, String), StoreError> {
        check(&draft)?;
        let id = match self.next_id {
            Some(id) => id,
            None => conn.prepare_cached("SELECT COALESCE(MAX(id), 0) + 1 FROM journal")?.query_row([], |r| r.get(0))?,
        };
        let at = match self.heads.iter().position(|(w, _)| *w == ws_id) {
            Some(at) => at,
            None => {
                let hash: String = conn
                    .prepare_cached("SELECT chain_head FROM workspaces WHERE id = ?1")?
                    .query_row([ws_id], |r| r.get(0))?;
                self.heads.push((ws_id, hash));
                self.heads.len() - 1
            }
        };
        let head = &mut self.heads[at].1;
        let hash = entry_hash(head, &draft.chain_fields(id, workspace, &self.time));
        head.clone_from(&hash);
        self.next_id = Some(id + 1);
        self.writes += 1;
        self.rows.push(Row {
            id,
            ws_id,
            seat_id: draft.seat_id,
            pool: draft.pool.as_str(),
            kind: draft.kind.as_str(),
            amount: draft.amount,
            balance_after: draft.balance_after,
            period: draft.period.to_owned(),
            reference: draft.reference.map(str::to_owned),
            memo: draft.memo.map(str::to_owned),
            time: self.time.clone(),
            hash,
            actor: draft.actor.map(str::to_owned),
        });
        Ok((id, self.time.clone()))
    }
}

/// Writes `chunk` (one of [`CHUNKS`] rows long) in one statement.
fn insert(conn: &Connection, chunk: &[Row]) -> Result<(), StoreError> {
    let mut stmt = conn.prepare_cached(insert_sql(chunk.len()))?;
    let mut args: Vec<&dyn ToSql> = Vec::with_capacity(PER_ROW * chunk.len());
    for r in chunk {
        args.extend_from_slice(&[
            &r.id as &dyn ToSql,
            &r.ws_id,
            &r.seat_id,
            &r.pool,
            &r.kind,
            &r.amount,
            &r.balance_after,
            &r.period,
            &r.reference,
            &r.memo,
            &r.time,
            &r.hash,
            &r.actor,
        ]);
    }
    stmt.execute(args.as_slice())?;
    Ok(())
}

/// `INSERT … VALUES (…), (…)` for `rows` rows, built once for each of [`CHUNKS`].
fn insert_sql(rows: usize) -> &'static str {
    static BUILT: [OnceLock<String>; CHUNKS.len()] = [const { OnceLock::new() }; CHUNKS.len()];
    let at = CHUNKS.iter().position(|&n| n == rows).unwrap_or(CHUNKS.len() - 1);
    BUILT[at].get_or_init(|| build_insert(CHUNKS[at]))
}

fn build_insert(rows: usize) -> String {
    let mut sql = String::from(
        "INSERT INTO journal (id, workspace_id, seat_id, pool, kind, amount_millis, balance_after_millis, \
         period, ref, memo, time, hash, actor) VALUES ",
    );
    for r in 0..rows {
        if r > 0 {
            sql.push(',');
        }
        sql.push('(');
        for c in 0..PER_ROW {
            if c > 0 {
                sql.push(',');
            }
            sql.push_str(&format!("?{}", r * PER_ROW + c + 1));
        }
        sql.push(')');
    }
    sql
}
