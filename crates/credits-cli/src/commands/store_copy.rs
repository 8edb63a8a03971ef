//! `store copy --to URL`: moves the whole ledger from the current store to an empty one
//! (SQLite to PostgreSQL, back, or to another SQLite file). The rows are copied by the binary
//! ([`crate::LedgerFiles::copy_store`], which links both backends); this module checks that
//! writes are stopped, names the stores without passwords, and reports.

use std::path::PathBuf;

use credits_config::store::{Parsed, redact};
use credits_config::{Secret, Store};
use credits_proto::results::ChainHead;
use serde::Serialize;

use super::Ctx;
use crate::args::{StoreArgs, StoreCommand, StoreCopyArgs};
use crate::error::CliError;
use crate::exit::{self, Kind};

/// A store to copy from or to.
#[derive(Debug, Clone)]
pub enum StoreAt {
    Sqlite(PathBuf),
    /// The URL, password and all: shown only through [`StoreAt::shown`].
    Postgres(Secret),
}

impl StoreAt {
    /// The store's URL without a password.
    pub fn shown(&self) -> String {
        match self {
            StoreAt::Sqlite(p) => format!("sqlite://{}", p.display()),
            StoreAt::Postgres(url) => redact(url.expose()),
        }
    }
}

/// What the binary reports of a copy.
#[derive(Debug, Clone, Default)]
pub struct Copied {
    /// Rows copied per table, in the order they were inserted.
    pub tables: Vec<(String, u64)>,
    /// Every workspace's chain head in the source's snapshot, by name.
    pub source_heads: Vec<ChainHead>,
    /// The same, read back from the target after the commit.
    pub target_heads: Vec<ChainHead>,
    /// `verify` on the target.
    pub workspaces: i64,
    pub seats: i64,
    pub entries: i64,
    pub problems: Vec<String>,
}

#[derive(Debug, Serialize)]
struct Table<'a> {
    table: &'a str,
    rows: u64,
}

#[derive(Debug, Serialize)]
struct Head<'a> {
    workspace: &'a str,
    chain_head: &'a str,
    /// The target's head equals the source's.
    same: bool,
}

#[derive(Debug, Serialize)]
struct Verified<'a> {
    ok: bool,
    workspaces: i64,
    seats: i64,
    entries: i64,
    problems: &'a [String],
}

/// What `store copy --json` prints.
#[derive(Debug, Serialize)]
struct Report<'a> {
    source: String,
    target: String,
    tables: Vec<Table<'a>>,
    workspaces: Vec<Head<'a>>,
    verify: Verified<'a>,
    stopped_daemon: Option<u32>,
}

pub fn store(ctx: &Ctx<'_>, a: &StoreArgs) -> Result<u8, CliError> {
    match &a.command {
        StoreCommand::Copy(c) => copy(ctx, c),
    }
}

fn copy(ctx: &Ctx<'_>, a: &StoreCopyArgs) -> Result<u8, CliError> {
    let here = std::env::current_dir().ok();
    let to = match credits_config::store::parse(&a.to, here.as_deref()) {
        Ok(Parsed::Sqlite(p)) => StoreAt::Sqlite(p),
        Ok(Parsed::Postgres(url)) => StoreAt::Postgres(url),
        Err(e) => return Err(CliError::invalid(format!("--to: {e}; nothing was copied"))),
    };
    let from = match &ctx.settings.store {
        Store::Sqlite => StoreAt::Sqlite(ctx.settings.paths.db.clone()),
        Store::Postgres(url) => StoreAt::Postgres(url.clone()),
    };
    // Copying creates nothing at the source: a missing ledger file is a mistake in the settings.
    if let StoreAt::Sqlite(path) = &from
        && !path.is_file()
    {
        return Err(CliError::invalid(format!("there is no ledger at {} to copy; nothing was copied", path.display()))
            .with_hint("name the store to copy from with --store or STUDIO_CREDITS_STORE"));
    }
    if let StoreAt::Sqlite(path) = &to
        && let Some(dir) = path.parent()
        && !dir.is_dir()
    {
        return Err(CliError::invalid(format!("the directory {} does not exist; nothing was copied", dir.display())));
    }
    if from.shown() == to.shown() {
        return Err(CliError::invalid(format!("the target {} is the current store; nothing was copied", to.shown())));
    }
    let stopped_daemon = super::backup::stop_first(ctx, a.stop_daemon)
        .map_err(|e| CliError { message: e.message.replace("nothing was changed", "nothing was copied"), ..e })?;
    let copied = ctx.files.copy_store(&from, &to, ctx.settings.store_ca_cert.as_deref())?;
    let heads: Vec<Head<'_>> = copied
        .source_heads
        .iter()
        .map(|s| Head {
            workspace: &s.workspace,
            chain_head: &s.head,
            same: copied.target_heads.iter().any(|t| t.workspace == s.workspace && t.head == s.head),
        })
        .collect();
    let mut problems = copied.problems.clone();
    for h in heads.iter().filter(|h| !h.same) {
        problems.push(format!("workspace {}: the target's chain head differs from the source's", h.workspace));
    }
    if copied.target_heads.len() != copied.source_heads.len() {
        problems.push(format!(
            "the target has {} workspaces, the source {}",
            copied.target_heads.len(),
            copied.source_heads.len()
        ));
    }
    let ok = problems.is_empty();
    if ctx.out.json {
        ctx.out.json(&Report {
            source: from.shown(),
            target: to.shown(),
            tables: copied.tables.iter().map(|(t, n)| Table { table: t, rows: *n }).collect(),
            workspaces: heads,
            verify: Verified {
                ok,
                workspaces: copied.workspaces,
                seats: copied.seats,
                entries: copied.entries,
                problems: &problems,
            },
            stopped_daemon,
        });
    } else if ok {
        let rows: Vec<String> = copied.tables.iter().map(|(t, n)| format!("{t} {n}")).collect();
        let mut text = format!(
            "Copied {} to {}: {}.\nVerified on the target: {} entries in {} workspaces, every balance equals its journal and every chain head equals the source's:",
            from.shown(),
            to.shown(),
            rows.join(", "),
            copied.entries,
            copied.workspaces
        );
        for h in &heads {
            text.push_str(&format!("\n  {}  {}", h.workspace, h.chain_head));
        }
        text.push_str(&format!(
            "\nNext: point the daemons at it (STUDIO_CREDITS_STORE={} or [store] url) and start them.",
            to.shown()
        ));
        ctx.out.say(&text);
    }
    if !ok {
        if !ctx.out.json {
            for p in &problems {
                eprintln!("problem: {p}");
            }
        }
        return Err(CliError::new(
            Kind::LedgerCorrupt,
            format!(
                "the copy at {} does not verify ({} problem(s); first: {})",
                to.shown(),
                problems.len(),
                problems[0]
            ),
        )
        .with_hint("keep using the source; empty the target before copying again"));
    }
    Ok(exit::OK)
}
