//! Printing: tables for people, JSON for scripts, errors on stderr (or as JSON on stdout with
//! `--json`). A closed pipe (`studio-credits history | head`) ends the process quietly.

use std::io::{self, Write};

use comfy_table::{ContentArrangement, Table, presets};
use serde::Serialize;
use serde_json::json;

use crate::error::CliError;

/// Where and how to print.
#[derive(Debug, Clone, Copy)]
pub struct Output {
    pub json: bool,
    pub quiet: bool,
}

impl Output {
    pub fn new(json: bool, quiet: bool) -> Output {
        Output { json, quiet }
    }

    /// Writes one line to stdout; a broken pipe exits 0.
    pub fn line(&self, s: &str) {
        let mut out = io::stdout().lock();
        if let Err(e) = writeln!(out, "{s}").and_then(|_| out.flush())
            && e.kind() == io::ErrorKind::BrokenPipe
        {
            std::process::exit(0);
        }
    }

    /// Writes `s` to stdout as it is (no newline added); a broken pipe exits 0.
    pub fn write(&self, s: &str) {
        let mut out = io::stdout().lock();
        if let Err(e) = out.write_all(s.as_bytes()).and_then(|_| out.flush())
            && e.kind() == io::ErrorKind::BrokenPipe
        {
            std::process::exit(0);
        }
    }

    /// Human text, unless `--quiet` or `--json`.
    pub fn say(&self, s: &str) {
        if !self.quiet && !self.json {
            self.line(s);
        }
    }

    /// Prints `value` as JSON (one document).
    pub fn json<T: Serialize>(&self, value: &T) {
        match serde_json::to_string_pretty(value) {
            Ok(s) => self.line(&s),
            Err(e) => eprintln!("error: cannot encode output: {e}"),
        }
    }

    /// Prints a daemon's answer as the daemon sent it: through a JSON value, whose keys are in
    /// the wire's order.
    pub fn answer<T: Serialize>(&self, value: &T) {
        match serde_json::to_value(value) {
            Ok(v) => self.json(&v),
            Err(e) => eprintln!("error: cannot encode output: {e}"),
        }
    }

    /// Prints a table for people (without the spaces that pad its last column).
    pub fn table(&self, table: Table) {
        if !self.quiet {
            self.line(&table.trim_fmt());
        }
    }

    /// Reports an error: JSON on stdout with `--json`, one sentence (and a hint) on stderr otherwise.
    pub fn error(&self, e: &CliError) {
        if self.json {
            let mut body = json!({ "type": e.kind.as_str(), "message": e.message });
            if let Some(h) = &e.hint {
                body["hint"] = json!(h);
            }
            if let Some(b) = &e.balance {
                body["balance"] = json!(b);
            }
            if let Some(u) = &e.buy_url {
                body["buy_url"] = json!(u);
            }
            self.json(&json!({ "error": body }));
        } else {
            let mut err = io::stderr().lock();
            let _ = writeln!(err, "error: {}", e.message);
            if let Some(h) = &e.hint {
                let _ = writeln!(err, "hint: {h}");
            }
        }
    }
}

/// A table for people: borderless and aligned, like gh, kubectl and cargo print them, and the
/// same on a terminal as in a pipe (no box characters to strip before `grep` or `awk`).
pub fn new_table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_style(presets::NOTHING);
    t.set_content_arrangement(ContentArrangement::Dynamic);
    t.set_header(header.iter().copied());
    // Two spaces between columns, none before the first.
    for column in t.column_iter_mut() {
        column.set_padding((0, 2));
    }
    t
}

/// A pool's name for people: one spelling, "top-up", in every message (JSON and CSV keep the
/// wire's `topup`).
pub fn pool_name(pool: credits_core::Pool) -> &'static str {
    match pool {
        credits_core::Pool::Included => "included",
        credits_core::Pool::Topup => "top-up",
    }
}

/// `2026-12-01T00:00:00Z` → `2026-12-01 00:00 UTC`, for people.
pub fn human_time(rfc3339: &str) -> String {
    match rfc3339.parse::<jiff::Timestamp>() {
        Ok(ts) => ts.strftime("%Y-%m-%d %H:%M UTC").to_string(),
        Err(_) => rfc3339.to_owned(),
    }
}
