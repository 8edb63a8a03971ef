//! The writes of a run of debits, gathered as each debit is decided and written together when the
//! run ends: the entries and the idempotency keys in multi-row INSERTs of up to 128 rows, each
//! seat's included balance and each workspace's chain head once, instead of an INSERT or two and
//! two UPDATEs (each with its statement journal) per debit.
//!
//! Only the writer writes, and within a run nothing reads these but the run itself (the run keeps
//! the rows it read as it changed them), so they may wait until the run's end: the run's ids
//! continue the journal's (read once), each workspace's head is read once and carried in memory,
//! and [`Pending::flush`] writes everything in the run's transaction before anything is
//! acknowledged. Every invariant stays the database's: the same tables, constraints, triggers
//! and indexes check what is written.

use std::collections::{BTreeMap, HashMap};

use credits_core::chain::entry_hash;
use credits_core::time::fmt_time;
use jiff::Timestamp;
use rusqlite::{Connection, ToSql};

use crate::error::StoreError;
use crate::idempotency;
use crate::journal::{self, EntryDraft, IdempotencyKey, Sink, check};
use crate::multi_insert::MultiInsert;

/// The journal's rows, as [`Row`] binds them.
static ENTRIES: MultiInsert = MultiInsert::new(
    "INSERT INTO journal (id, workspace_id, seat_id, pool, kind, amount_millis, balance_after_millis, \
     period, ref, memo, time, hash, actor) VALUES ",
    13,
);

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

/// An idempotency key of the run and its answer, as [`idempotency::ROWS`] binds it.
#[derive(Debug)]
struct KeyRow {
    ws_id: i64,
    owner: i64,
    key: String,
    fingerprint: String,
    response: String,
    created: String,
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
    /// Idempotency keys of the run's debits with their answers, in the order stored.
    keys: Vec<KeyRow>,
    /// Where each of `keys` is, by `(workspace id, owner, key)`.
    key_at: HashMap<(i64, i64, String), usize>,
    /// Writes gathered so far (entries, balance moves and keys).
    writes: usize,
    /// The time of the debit being decided, which its entries carry, and that time as text.
    now: Timestamp,
    time: String,
    /// Leave the keys already in the database to its primary key (see [`Sink::defers_stored_keys`]).
    defer_stored: bool,
}

impl Pending {
    /// A run's writes, looking its keys up in the database as each debit is decided
    /// (`defer_stored` false) or leaving them to the database's primary key when the keys are
    /// written (true).
    pub fn new(defer_stored: bool) -> Pending {
        Pending { defer_stored, ..Pending::default() }
    }

    /// Entries appended from now on carry `now` (each debit of a run has its own time).
    pub fn at(&mut self, now: Timestamp) {
        self.now = now;
        self.time = fmt_time(now);
    }

    /// How many writes were gathered so far: a debit that failed after gathering one is undone
    /// with the run.
    pub fn writes(&self) -> usize {
        self.writes
    }

    /// Writes every waiting entry and each moved head, in the caller's transaction.
    pub fn flush(&mut self, conn: &Connection) -> Result<(), StoreError> {
        ENTRIES.write(conn, &self.rows, |r, args| {
            args.extend([
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
            ])
        })?;
        idempotency::ROWS.write(conn, &self.keys, |k, args| {
            args.extend([&k.ws_id as &dyn ToSql, &k.owner, &k.key, &k.fingerprint, &k.response, &k.created])
        })?;
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
        self.key_at.clear();
        self.next_id = None;
        Ok(())
    }
}

impl Sink for Pending {
    fn lookup_key(&self, conn: &Connection, k: &IdempotencyKey<'_>) -> Result<Option<String>, StoreError> {
        match self.key_at.get(&(k.workspace_id, k.owner, k.key.to_owned())).map(|&at| &self.keys[at]) {
            Some(row) => {
                idempotency::answer(Some((row.fingerprint.clone(), row.response.clone())), k.key, k.fingerprint)
            }
            None if self.defer_stored => Ok(None),
            None => idempotency::lookup(conn, k.workspace_id, k.owner, k.key, k.fingerprint),
        }
    }

    fn defers_stored_keys(&self) -> bool {
        self.defer_stored
    }

    fn store_key(
        &mut self,
        _conn: &Connection,
        k: &IdempotencyKey<'_>,
        response: String,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let slot = (k.workspace_id, k.owner, k.key.to_owned());
        if self.key_at.contains_key(&slot) {
            return Err(StoreError::Internal(format!("idempotency key '{}' stored twice in one run", k.key)));
        }
        self.key_at.insert(slot, self.keys.len());
        self.keys.push(KeyRow {
            ws_id: k.workspace_id,
            owner: k.owner,
            key: k.key.to_owned(),
            fingerprint: k.fingerprint.to_owned(),
            response,
            // The debit's own time, already formatted for its entries.
            created: if now == self.now { self.time.clone() } else { fmt_time(now) },
        });
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
