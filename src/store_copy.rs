//! `store copy`'s work in the binary, which links both backends: export the source in one
//! snapshot, import into the empty target in one transaction, verify the target and read its
//! chain heads. The CLI crate checks the daemon and reports.

use std::path::Path;

use credits_cli::CliError;
use credits_cli::commands::store_copy::{Copied, StoreAt};
use credits_cli::exit::Kind;
use credits_ledger::StoreError;
use credits_ledger::copy::{Snapshot, Value};
use credits_pg::PgLedger;
use credits_proto::results::ChainHead;

/// The copy from `from` to `to`; errors name the stores without their passwords.
pub async fn copy(from: &StoreAt, to: &StoreAt, ca_cert: Option<&Path>) -> Result<Copied, CliError> {
    let snapshot = match from {
        StoreAt::Sqlite(path) => credits_store::copy::export(path),
        StoreAt::Postgres(url) => match open(url.expose(), ca_cert).await {
            Ok(pg) => credits_pg::copy::export(&pg).await,
            Err(e) => Err(e),
        },
    }
    .map_err(|e| failed(e, &format!("cannot read the source {}", from.shown())))?;
    let mut copied = Copied {
        tables: snapshot.counts().into_iter().map(|(t, n)| (t.to_owned(), n as u64)).collect(),
        source_heads: heads(&snapshot),
        ..Copied::default()
    };
    let target = format!("cannot copy into {}", to.shown());
    match to {
        StoreAt::Sqlite(path) => {
            credits_store::copy::import(path, &snapshot).map_err(|e| failed(e, &target))?;
            let report = credits_store::backup::inspect(path).map_err(|e| failed(e, &target))?;
            copied.workspaces = report.workspaces;
            copied.seats = report.seats;
            copied.entries = report.entries;
            copied.problems = report.problems;
            copied.target_heads = report.chain_heads;
        }
        StoreAt::Postgres(url) => {
            let pg = open(url.expose(), ca_cert).await.map_err(|e| failed(e, &target))?;
            credits_pg::copy::import(&pg, &snapshot).await.map_err(|e| failed(e, &target))?;
            let (report, heads) = credits_pg::copy::check(&pg).await.map_err(|e| failed(e, &target))?;
            copied.workspaces = report.workspaces;
            copied.seats = report.seats;
            copied.entries = report.entries;
            copied.problems = report.problems;
            copied.target_heads = heads;
        }
    }
    Ok(copied)
}

async fn open(url: &str, ca_cert: Option<&Path>) -> Result<PgLedger, StoreError> {
    PgLedger::open_with(url, ca_cert).await
}

/// Every workspace's chain head in the snapshot, by name.
fn heads(snapshot: &Snapshot) -> Vec<ChainHead> {
    let mut heads: Vec<ChainHead> = snapshot
        .rows("workspaces")
        .iter()
        .filter_map(|w| match (w.get(1), w.get(7)) {
            (Some(Value::Text(name)), Some(Value::Text(head))) => {
                Some(ChainHead { workspace: name.clone(), head: head.clone() })
            }
            _ => None,
        })
        .collect();
    heads.sort_by(|a, b| a.workspace.cmp(&b.workspace));
    heads
}

/// A backend error as the CLI reports it: a non-empty target or bad input exits 2, an
/// unreachable store 3, anything else 1.
fn failed(e: StoreError, doing: &str) -> CliError {
    let kind = match &e {
        StoreError::Conflict(_) | StoreError::InvalidInput(_) => Kind::Conflict,
        StoreError::Unavailable(_) => Kind::Unavailable,
        StoreError::Damaged(_) => Kind::LedgerCorrupt,
        _ => Kind::Internal,
    };
    let hint = match &e {
        StoreError::Conflict(_) => Some("copy into a new, empty database or file"),
        _ => None,
    };
    let err = CliError::new(kind, format!("{doing}: {e}"));
    match hint {
        Some(h) => err.with_hint(h),
        None => err,
    }
}
