//! Words people type for a command that has another name here (`topup`, `status`): clap's own
//! suggestions go by spelling, so they cannot lead from `topup` to `buy`. The unknown word still
//! exits 2; this only adds the right tip.

use clap::error::{ContextKind, ContextValue, ErrorKind};

/// Top-level words that are not commands, and the commands meant by them.
const ALIASES: &[(&str, &[&str])] = &[
    ("topup", &["buy", "auto-topup"]),
    ("top-up", &["buy", "auto-topup"]),
    ("top_up", &["buy", "auto-topup"]),
    ("status", &["daemon status"]),
    ("start", &["daemon start"]),
    ("stop", &["daemon stop"]),
];

/// Replaces clap's suggestion for an unknown top-level subcommand found in [`ALIASES`]; returns
/// the hint for a `--json` error, if any. `args` are the process arguments without the program.
pub fn add_tips(e: &mut clap::Error, args: &[String], subcommands: &[String]) -> Option<String> {
    if e.kind() != ErrorKind::InvalidSubcommand {
        return None;
    }
    let Some(ContextValue::String(word)) = e.get(ContextKind::InvalidSubcommand) else { return None };
    let word = word.clone();
    // Only at the top level: `seats status` is no request for `daemon status`.
    let before = args.iter().take_while(|a| **a != word);
    if before.into_iter().any(|a| subcommands.contains(a)) {
        return None;
    }
    let (_, meant) = ALIASES.iter().find(|(alias, _)| alias.eq_ignore_ascii_case(&word))?;
    e.insert(ContextKind::SuggestedSubcommand, ContextValue::Strings(meant.iter().map(|m| (*m).to_owned()).collect()));
    let commands: Vec<String> = meant.iter().map(|m| format!("`studio-credits {m}`")).collect();
    Some(format!("did you mean {}?", commands.join(" or ")))
}
