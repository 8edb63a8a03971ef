//! The journal appender: the one way an entry of any kind (debit, hold, settle, release, grant,
//! expire, purchase, adjust) joins a workspace's hash chain.
//!
//! Invariants, kept here for every caller:
//! - An entry's id is one past the journal's highest, and its hash covers the previous entry's
//!   hash and its own fields ([`EntryDraft::chain_fields`] fed to
//!   [`credits_core::chain::entry_hash`], the function `verify` recomputes).
//! - `balance_after` is never negative: such an entry is refused before anything is written.
//! - The workspace's recorded chain head moves in the same transaction as the rows
//!   ([`Appender::finish`]). The caller provides that transaction (the writer's) and updates the
//!   cached balance (the seat's included or the workspace's top-up) in it.
//!
//! One entry at a time ([`append`]) serves every request; the monthly reset writes its many
//! entries through the same [`Appender`], which batches them into multi-row inserts.

use std::borrow::Cow;
use std::sync::OnceLock;

use credits_core::chain::{ChainFields, entry_hash};
use credits_core::time::fmt_time;
use credits_core::{EntryKind, Pool};
use jiff::Timestamp;
use rusqlite::{Connection, ToSql, params};

use crate::error::StoreError;
use crate::idempotency;
use crate::ledger::WsRow;

/// A journal entry about to be appended: everything but its id, time and hash.
#[derive(Debug, Clone, Copy)]
pub struct EntryDraft<'a> {
    pub seat: Option<&'a str>,
    pub seat_id: Option<i64>,
    pub pool: Pool,
    pub kind: EntryKind,
    /// Signed millicredits moved into (positive) or out of (negative) the pool.
    pub amount: i64,
    /// The pool's balance after this entry, in millicredits.
    pub balance_after: i64,
    pub period: &'a str,
    pub reference: Option<&'a str>,
    pub memo: Option<&'a str>,
    /// Who wrote it (an `Actor`'s string form). Always set for a new entry; `None` only when
    /// `verify` re-reads an entry written before actors were recorded.
    pub actor: Option<&'a str>,
}

impl<'a> EntryDraft<'a> {
    /// The fields the chain protects, once the entry has an id and a time.
    pub fn chain_fields(&self, id: i64, workspace: &'a str, time: &'a str) -> ChainFields<'a> {
        ChainFields {
            id,
            workspace,
            seat: self.seat,
            pool: self.pool.as_str(),
            kind: self.kind.as_str(),
            amount_millis: self.amount,
            balance_after_millis: self.balance_after,
            period: self.period,
            reference: self.reference,
            memo: self.memo,
            time,
            actor: self.actor,
        }
    }
}

/// Where one workspace's chain stands inside a transaction: its last hash and the next entry id.
/// The workspace's name, which the hash covers, is the caller's to pass at each append (the head
/// outlives borrows of the workspace row, which a debit changes while it appends).
#[derive(Debug, Clone)]
pub struct ChainHead {
    ws_id: i64,
    hash: String,
    next_id: i64,
    /// Every entry appended through this head carries this time (one transaction, one instant).
    time: String,
}

impl ChainHead {
    /// Reads workspace `ws`'s chain head and the next journal id; entries appended through it are
    /// stamped `now`.
    pub fn load(conn: &Connection, ws: &WsRow, now: Timestamp) -> Result<ChainHead, StoreError> {
        // The head and the next id in one statement: this runs for every request that writes.
        let (hash, next_id): (String, i64) = conn
            .prepare_cached(
                "SELECT w.chain_head, (SELECT COALESCE(MAX(id), 0) + 1 FROM journal) FROM workspaces w WHERE w.id = ?1",
            )?
            .query_row([ws.id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(ChainHead { ws_id: ws.id, hash, next_id, time: fmt_time(now) })
    }

    /// The head read by a query that selected, at columns `at` and `at + 1`, the workspace's
    /// `chain_head` and the next id as [`ChainHead::load`] does: one statement for the workspace
    /// and its head.
    pub(crate) fn from_row(
        r: &rusqlite::Row<'_>,
        at: usize,
        ws_id: i64,
        now: Timestamp,
    ) -> rusqlite::Result<ChainHead> {
        Ok(ChainHead { ws_id, hash: r.get(at)?, next_id: r.get(at + 1)?, time: fmt_time(now) })
    }

    /// Records this head as the workspace's: after the entries linked through it are written.
    pub fn save(&self, conn: &Connection) -> Result<(), StoreError> {
        save_head(conn, self.ws_id, &self.hash)
    }

    /// The time every entry appended through this head carries.
    pub fn time(&self) -> &str {
        &self.time
    }

    /// That time, moved out of the head (for the one entry of a request).
    pub fn into_time(self) -> String {
        self.time
    }

    /// Gives `draft` (an entry of workspace `workspace`) the next id and links it into the chain
    /// (the head moves to its hash); the row is the caller's to write. A negative
    /// `balance_after` is refused before anything moves.
    fn link<'d>(&mut self, workspace: &str, draft: EntryDraft<'d>) -> Result<Linked<'d>, StoreError> {
        check(&draft)?;
        let id = self.next_id;
        let hash = entry_hash(&self.hash, &draft.chain_fields(id, workspace, &self.time));
        self.hash.clone_from(&hash);
        self.next_id += 1;
        Ok(Linked { id, hash, pool: draft.pool.as_str(), kind: draft.kind.as_str(), draft })
    }
}

/// Records `hash` as workspace `ws_id`'s chain head.
pub(crate) fn save_head(conn: &Connection, ws_id: i64, hash: &str) -> Result<(), StoreError> {
    conn.prepare_cached("UPDATE workspaces SET chain_head = ?1 WHERE id = ?2")?.execute(params![hash, ws_id])?;
    Ok(())
}

/// Sets seat `seat_id`'s cached included balance to `millis`.
pub(crate) fn set_included(conn: &Connection, seat_id: i64, millis: i64) -> Result<(), StoreError> {
    conn.prepare_cached("UPDATE seats SET included_millis = ?1 WHERE id = ?2")?.execute(params![millis, seat_id])?;
    Ok(())
}

/// What the appender refuses before anything moves: an entry leaving a balance negative, or one
/// that names no actor.
pub(crate) fn check(draft: &EntryDraft<'_>) -> Result<(), StoreError> {
    if draft.balance_after < 0 {
        return Err(StoreError::Internal(format!(
            "refused a {} entry leaving the {} balance at {} millicredits",
            draft.kind, draft.pool, draft.balance_after
        )));
    }
    if draft.actor.is_none() {
        return Err(StoreError::Internal(format!("refused a {} entry that names no actor", draft.kind)));
    }
    Ok(())
}

/// Where a request's writes go: its entries, linked into their workspace's chain, the seat's
/// cached included balance they move, and its idempotency key's stored answer. Written at once
/// through a [`ChainHead`], or gathered by a run of debits ([`crate::pending::Pending`]) and
/// written when the run ends.
pub trait Sink {
    /// Sets seat `seat_id`'s cached included balance to `millis`.
    fn set_included(&mut self, conn: &Connection, seat_id: i64, millis: i64) -> Result<(), StoreError>;

    /// The stored answer of idempotency key `key`, as [`idempotency::lookup`] (which also sees
    /// the keys this sink holds); only among the keys this sink holds when it
    /// [defers](Sink::defers_stored_keys) the database's.
    fn lookup_key(&self, conn: &Connection, key: &IdempotencyKey<'_>) -> Result<Option<String>, StoreError>;

    /// Whether [`Sink::lookup_key`] leaves out the keys already in the database: a debit then
    /// looks its key up there only if it is refused, and one that repeats a stored key fails
    /// when the sink writes the key (the database's primary key refuses it).
    fn defers_stored_keys(&self) -> bool {
        false
    }

    /// Stores the answer of a request applied under `key`, as [`idempotency::store`].
    fn store_key(
        &mut self,
        conn: &Connection,
        key: &IdempotencyKey<'_>,
        response: String,
        now: Timestamp,
    ) -> Result<(), StoreError>;

    /// Links `draft`, an entry of workspace `ws_id` named `workspace`, into its chain and returns
    /// the entry's id and time.
    fn append(
        &mut self,
        conn: &Connection,
        ws_id: i64,
        workspace: &str,
        draft: EntryDraft<'_>,
    ) -> Result<(i64, String), StoreError>;
}

/// An idempotency key of a request: whose it is, and the request it is bound to.
#[derive(Debug, Clone, Copy)]
pub struct IdempotencyKey<'a> {
    pub workspace_id: i64,
    /// [`idempotency::owner_column`]'s value.
    pub owner: i64,
    pub key: &'a str,
    pub fingerprint: &'a str,
}

impl Sink for ChainHead {
    fn set_included(&mut self, conn: &Connection, seat_id: i64, millis: i64) -> Result<(), StoreError> {
        set_included(conn, seat_id, millis)
    }

    fn lookup_key(&self, conn: &Connection, k: &IdempotencyKey<'_>) -> Result<Option<String>, StoreError> {
        idempotency::lookup(conn, k.workspace_id, k.owner, k.key, k.fingerprint)
    }

    fn store_key(
        &mut self,
        conn: &Connection,
        k: &IdempotencyKey<'_>,
        response: String,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        idempotency::store(conn, k.workspace_id, k.owner, k.key, k.fingerprint, &response, now)
    }

    fn append(
        &mut self,
        conn: &Connection,
        ws_id: i64,
        workspace: &str,
        draft: EntryDraft<'_>,
    ) -> Result<(i64, String), StoreError> {
        if ws_id != self.ws_id {
            return Err(StoreError::Internal(format!(
                "an entry of workspace {ws_id} sent to the chain of {}",
                self.ws_id
            )));
        }
        let id = insert(conn, self, workspace, draft)?;
        Ok((id, self.time.clone()))
    }
}

/// One entry linked into the chain, waiting to be inserted.
struct Linked<'d> {
    id: i64,
    hash: String,
    pool: &'static str,
    kind: &'static str,
    draft: EntryDraft<'d>,
}

/// Rows per multi-row INSERT: fewer statements, well under SQLite's parameter limit.
const BATCH: usize = 256;
/// Parameters shared by every row: `?1` the workspace, `?2` the time.
const SHARED: usize = 2;
/// Parameters bound per row.
const PER_ROW: usize = 11;

/// Appends entries to one workspace's chain; call [`Appender::finish`] to write the rest and move
/// the recorded head. Dropped without `finish`, it leaves the transaction incomplete: the caller
/// must not commit it.
pub struct Appender<'h, 'w, 'd> {
    head: &'h mut ChainHead,
    workspace: &'w str,
    pending: Vec<Linked<'d>>,
}

impl<'h, 'w, 'd> Appender<'h, 'w, 'd> {
    /// Appends to `head`, the chain of the workspace named `workspace`.
    pub fn new(head: &'h mut ChainHead, workspace: &'w str) -> Self {
        Appender { head, workspace, pending: Vec::new() }
    }

    /// Links `draft` into the chain and returns its id; the row is written now or with the next
    /// batch, always before [`Appender::finish`] returns.
    pub fn push(&mut self, conn: &Connection, draft: EntryDraft<'d>) -> Result<i64, StoreError> {
        let linked = self.head.link(self.workspace, draft)?;
        let id = linked.id;
        self.pending.push(linked);
        if self.pending.len() == BATCH {
            self.flush(conn)?;
        }
        Ok(id)
    }

    fn flush(&mut self, conn: &Connection) -> Result<(), StoreError> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let mut stmt = conn.prepare_cached(&insert_sql(self.pending.len()))?;
        let mut args: Vec<&dyn ToSql> = Vec::with_capacity(SHARED + PER_ROW * self.pending.len());
        args.extend_from_slice(&[&self.head.ws_id as &dyn ToSql, &self.head.time]);
        for p in &self.pending {
            let d = &p.draft;
            args.extend_from_slice(&[
                &p.id as &dyn ToSql,
                &d.seat_id,
                &p.pool,
                &p.kind,
                &d.amount,
                &d.balance_after,
                &d.period,
                &d.reference,
                &d.memo,
                &p.hash,
                &d.actor,
            ]);
        }
        stmt.execute(args.as_slice())?;
        self.pending.clear();
        Ok(())
    }

    /// Writes the entries still pending and records the new chain head.
    pub fn finish(mut self, conn: &Connection) -> Result<(), StoreError> {
        self.flush(conn)?;
        self.head.save(conn)
    }
}

/// Appends one entry (written at once, head recorded) and returns its id.
pub fn append(
    conn: &Connection,
    head: &mut ChainHead,
    workspace: &str,
    draft: EntryDraft<'_>,
) -> Result<i64, StoreError> {
    let id = insert(conn, head, workspace, draft)?;
    head.save(conn)?;
    Ok(id)
}

/// Writes one entry's row and returns its id, leaving the recorded head to the caller's
/// [`ChainHead::save`] (once for a request that appends several). Every request that writes
/// comes through here, so its row is bound from the stack: no batch to gather.
pub fn insert(
    conn: &Connection,
    head: &mut ChainHead,
    workspace: &str,
    draft: EntryDraft<'_>,
) -> Result<i64, StoreError> {
    let p = head.link(workspace, draft)?;
    let d = &p.draft;
    conn.prepare_cached(&insert_sql(1))?.execute(params![
        head.ws_id,
        head.time,
        p.id,
        d.seat_id,
        p.pool,
        p.kind,
        d.amount,
        d.balance_after,
        d.period,
        d.reference,
        d.memo,
        p.hash,
        d.actor
    ])?;
    Ok(p.id)
}

/// `INSERT … VALUES (…), (…)` for `rows` rows; the one-row and full-batch statements (nearly every
/// insert) are built once.
fn insert_sql(rows: usize) -> Cow<'static, str> {
    static ONE: OnceLock<String> = OnceLock::new();
    static FULL: OnceLock<String> = OnceLock::new();
    match rows {
        1 => Cow::Borrowed(ONE.get_or_init(|| build_insert(1))),
        BATCH => Cow::Borrowed(FULL.get_or_init(|| build_insert(BATCH))),
        _ => Cow::Owned(build_insert(rows)),
    }
}

fn build_insert(rows: usize) -> String {
    let mut sql = String::from(
        "INSERT INTO journal (id, workspace_id, seat_id, pool, kind, amount_millis, balance_after_millis, \
         period, ref, memo, time, hash, actor) VALUES ",
    );
    for r in 0..rows {
        let b = SHARED + r * PER_ROW;
        if r > 0 {
            sql.push(',');
        }
        sql.push_str(&format!(
            "(?{},?1,?{},?{},?{},?{},?{},?{},?{},?{},?2,?{},?{})",
            b + 1,
            b + 2,
            b + 3,
            b + 4,
            b + 5,
            b + 6,
            b + 7,
            b + 8,
            b + 9,
            b + 10,
            b + 11
        ));
    }
    sql
}

#[cfg(test)]
mod tests {
    use credits_core::{EntryKind, PlanCatalogue, Pool};

    use super::*;
    use crate::{ledger, verify, workspace};

    fn fresh() -> (tempfile::TempDir, Connection) {
        let dir = tempfile::tempdir().unwrap();
        let db = crate::open(&dir.path().join("credits.db")).unwrap();
        let conn = db.connect().unwrap();
        conn.pragma_update(None, "synchronous", "OFF").unwrap();
        (dir, conn)
    }

    /// A fresh ledger with workspace `w`, and the instant it was created at.
    fn fresh_workspace() -> (tempfile::TempDir, Connection, ledger::WsRow, Timestamp) {
        let (dir, conn) = fresh();
        let now: Timestamp = "2026-11-10T12:00:00Z".parse().unwrap();
        workspace::create(
            &conn,
            "w",
            "free",
            "UTC",
            "me",
            &PlanCatalogue::default(),
            &credits_core::Actor::Daemon,
            now,
        )
        .unwrap();
        let ws = ledger::workspace(&conn, Some("w")).unwrap();
        (dir, conn, ws, now)
    }

    fn topup(amount: i64, balance_after: i64, memo: &str) -> EntryDraft<'_> {
        EntryDraft {
            seat: None,
            seat_id: None,
            pool: Pool::Topup,
            kind: EntryKind::Adjust,
            amount,
            balance_after,
            period: "2026-11",
            reference: None,
            memo: Some(memo),
            actor: Some("daemon"),
        }
    }

    /// Entries appended one at a time and in batches (across a batch boundary) form one chain
    /// that `verify` accepts, with consecutive ids and the head recorded.
    #[test]
    fn single_and_batched_appends_form_one_verified_chain() {
        let (_dir, conn, ws, now) = fresh_workspace();
        let mut head = ChainHead::load(&conn, &ws, now).unwrap();
        let first = append(&conn, &mut head, &ws.name, topup(1, 1, "one")).unwrap();
        let mut a = Appender::new(&mut head, &ws.name);
        let mut ids = vec![first];
        for i in 0..(BATCH as i64 + 3) {
            ids.push(a.push(&conn, topup(1, i + 2, "many")).unwrap());
        }
        a.finish(&conn).unwrap();
        let last = append(&conn, &mut head, &ws.name, topup(1, BATCH as i64 + 5, "last")).unwrap();
        ids.push(last);
        assert!(ids.windows(2).all(|w| w[1] == w[0] + 1), "consecutive ids");
        conn.execute("UPDATE workspaces SET topup_millis = ?1 WHERE id = ?2", params![BATCH as i64 + 5, ws.id])
            .unwrap();
        let report = verify::verify(&conn).unwrap();
        assert!(report.ok(), "{:?}", report.problems);
        let stored: String =
            conn.query_row("SELECT chain_head FROM workspaces WHERE id = ?1", [ws.id], |r| r.get(0)).unwrap();
        assert_eq!(stored, head.hash);
    }

    /// An entry that would leave a balance negative is refused before anything is written.
    #[test]
    fn negative_balance_after_is_refused() {
        let (_dir, conn, ws, now) = fresh_workspace();
        let before: i64 = conn.query_row("SELECT COUNT(*) FROM journal", [], |r| r.get(0)).unwrap();
        let mut head = ChainHead::load(&conn, &ws, now).unwrap();
        let err = append(&conn, &mut head, &ws.name, topup(-1, -1, "overdraw")).unwrap_err();
        assert!(matches!(err, StoreError::Internal(_)), "{err:?}");
        let after: i64 = conn.query_row("SELECT COUNT(*) FROM journal", [], |r| r.get(0)).unwrap();
        assert_eq!(before, after);
        assert!(verify::verify(&conn).unwrap().ok());
    }

    /// The database itself refuses an entry that names no actor (migration 0013's trigger), and
    /// the refused insert leaves nothing behind.
    #[test]
    fn the_database_refuses_an_entry_without_an_actor() {
        let (_dir, conn, ws, _now) = fresh_workspace();
        let before: i64 = conn.query_row("SELECT COUNT(*) FROM journal", [], |r| r.get(0)).unwrap();
        let err = conn
            .execute(
                "INSERT INTO journal (id, workspace_id, seat_id, pool, kind, amount_millis, balance_after_millis,
                 period, ref, memo, time, hash, actor)
                 VALUES (?1, ?2, NULL, 'topup', 'adjust', 1, 1, '2026-11', NULL, NULL, 't', 'h', NULL)",
                params![before + 100, ws.id],
            )
            .unwrap_err();
        assert!(err.to_string().contains("must name its actor"), "{err}");
        let after: i64 = conn.query_row("SELECT COUNT(*) FROM journal", [], |r| r.get(0)).unwrap();
        assert_eq!(before, after);
    }
}
