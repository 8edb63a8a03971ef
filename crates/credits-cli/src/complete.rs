//! Dynamic shell completion: workspace, seat and plan names and open hold ids asked of the
//! running daemon.
//!
//! The static scripts in `completions/` know subcommands and flags only. A shell that sources
//! `studio-credits completions SHELL --dynamic` instead calls the binary back on every Tab with
//! `STUDIO_CREDITS_COMPLETE=SHELL` set (clap_complete's `CompleteEnv`); the binary then answers
//! from the clap definition plus live names. Completion never starts a daemon and gives up after
//! [`QUERY_TIMEOUT`], so Tab stays instant when none is running.

use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;

use clap::CommandFactory;
use clap_complete::Shell;
use clap_complete::engine::{ArgValueCandidates, CompletionCandidate};
use clap_complete::env::{CompleteEnv, Shells};
use credits_config::{Overrides, Settings};
use credits_proto::Call;
use credits_proto::calls::Scope;
use credits_proto::page::{HoldsPage, SeatsPage, WorkspacesPage};
use credits_proto::results::PlanList;
use serde::de::DeserializeOwned;

use crate::args::Cli;
use crate::client::Client;
use crate::generate::BIN;

/// The variable that switches the binary into completion mode (clap's default, `COMPLETE`, is
/// too generic a name to claim).
pub const ENV_VAR: &str = "STUDIO_CREDITS_COMPLETE";

/// How long a Tab may wait for the daemon before offering no names.
pub const QUERY_TIMEOUT: Duration = Duration::from_millis(800);

/// If the shell asked for completions, prints them and exits; otherwise returns at once.
pub fn complete_from_env() {
    CompleteEnv::with_factory(command).var(ENV_VAR).complete();
}

/// The registration script for `shell`: sourced once, it makes the shell call this binary back
/// for completions. `completer` is how the shell should invoke the binary.
pub fn registration(shell: Shell, completer: &str) -> Vec<u8> {
    let mut buf = Vec::new();
    if let Some(c) = Shells::builtins().completer(&shell.to_string()) {
        // Writing into a Vec cannot fail.
        let _ = c.write_registration(ENV_VAR, BIN, BIN, completer, &mut buf);
    }
    buf
}

/// How a registration script should call this binary: by name when it was run through `PATH`,
/// else by its absolute path (e.g. `./target/debug/studio-credits`).
pub fn completer_path() -> String {
    let arg0 = std::env::args_os().next().map(PathBuf::from).unwrap_or_else(|| PathBuf::from(BIN));
    if arg0.components().count() > 1
        && let Ok(abs) = std::path::absolute(&arg0)
    {
        return abs.to_string_lossy().into_owned();
    }
    arg0.to_string_lossy().into_owned()
}

/// The clap command with live-name completers attached to the arguments that take names.
pub fn command() -> clap::Command {
    with_candidates(Cli::command(), &[])
}

/// Which names an argument takes, by its id and the subcommand path it sits under.
fn names_for(path: &[&str], arg: &str) -> Option<fn() -> Vec<CompletionCandidate>> {
    match (path, arg) {
        (_, "workspace") | (["workspace", "use"], "name") => Some(workspaces),
        (_, "seat") | (["seats", "remove" | "token"], "name") => Some(seats),
        (["plan", "set"], "plan") => Some(plans),
        (["hold", "show" | "settle" | "release"], "id") => Some(holds),
        _ => None,
    }
}

fn with_candidates(cmd: clap::Command, path: &[&str]) -> clap::Command {
    let mut cmd = cmd.mut_args(|arg| match names_for(path, arg.get_id().as_str()) {
        Some(f) => arg.add(ArgValueCandidates::new(f)),
        None => arg,
    });
    let subs: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_owned()).collect();
    for name in subs {
        let mut sub_path = path.to_vec();
        sub_path.push(name.as_str());
        cmd = cmd.mut_subcommand(&name, |sub| with_candidates(sub, &sub_path));
    }
    cmd
}

fn workspaces() -> Vec<CompletionCandidate> {
    query(Call::WorkspaceList { cursor: None, limit: None }, |page: WorkspacesPage| {
        page.workspaces.into_iter().map(|w| (w.name, Some(w.plan))).collect()
    })
}

fn seats() -> Vec<CompletionCandidate> {
    let scope = Scope { workspace: word_after(&["--workspace", "-w"]), seat: None, user: None };
    // The first page is plenty to complete from.
    query(Call::SeatsList { scope, cursor: None, limit: None }, |page: SeatsPage| {
        page.seats.into_iter().map(|s| (s.seat, None)).collect()
    })
}

fn holds() -> Vec<CompletionCandidate> {
    let scope = Scope { workspace: word_after(&["--workspace", "-w"]), seat: None, user: None };
    // Open holds, soonest to expire first; the first page is plenty to complete from.
    query(Call::HoldList { scope, cursor: None, limit: None }, |page: HoldsPage| {
        page.holds.into_iter().map(|h| (h.id, Some(format!("{} credits, seat {}", h.amount, h.seat)))).collect()
    })
}

fn plans() -> Vec<CompletionCandidate> {
    query(Call::PlanList {}, |list: PlanList| list.plans.into_iter().map(|p| (p.name, None)).collect())
}

/// Asks the daemon (never starting one) for a list, and offers each `(name, description)` of
/// `items` of the answer.
fn query<T: DeserializeOwned + Send + 'static>(
    call: Call,
    items: impl FnOnce(T) -> Vec<(String, Option<String>)>,
) -> Vec<CompletionCandidate> {
    let socket = word_after(&["--socket"]).map(PathBuf::from);
    let (tx, rx) = mpsc::channel();
    // A wedged daemon must not hang the shell: the answer is awaited with a timeout, and the
    // thread is abandoned (the process exits right after completing).
    std::thread::spawn(move || {
        let answer = Settings::from_process_env(&Overrides { socket, ..Overrides::default() })
            .ok()
            .and_then(|s| Client::locate(&s).ok())
            .and_then(|mut c| c.call::<T>(&call).ok());
        let _ = tx.send(answer);
    });
    let Ok(Some(v)) = rx.recv_timeout(QUERY_TIMEOUT) else { return Vec::new() };
    items(v).into_iter().map(|(name, about)| CompletionCandidate::new(name).help(about.map(Into::into))).collect()
}

/// The value given to one of `flags` on the command line being completed (`--flag V`,
/// `--flag=V`, `-fV`), so seat names come from the workspace the user already typed.
fn word_after(flags: &[&str]) -> Option<String> {
    let words: Vec<OsString> = std::env::args_os().skip_while(|a| a != "--").skip(1).collect();
    value_of(&words, flags)
}

fn value_of(words: &[OsString], flags: &[&str]) -> Option<String> {
    let mut found = None;
    let mut it = words.iter().map(|w| w.to_string_lossy()).peekable();
    while let Some(w) = it.next() {
        for f in flags {
            if w == *f {
                found = it.peek().map(|v| v.to_string());
            } else if let Some(v) = w.strip_prefix(&format!("{f}=")) {
                found = Some(v.to_owned());
            } else if f.len() == 2 && !f.starts_with("--") && w.starts_with(f) && w.len() > 2 {
                found = Some(w[2..].to_owned());
            }
        }
    }
    found.filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<OsString> {
        s.split(' ').map(OsString::from).collect()
    }

    #[test]
    fn finds_the_typed_workspace() {
        let w = ["--workspace", "-w"];
        assert_eq!(value_of(&words("studio-credits -w acme balance --seat"), &w).as_deref(), Some("acme"));
        assert_eq!(value_of(&words("studio-credits balance --workspace=acme --seat"), &w).as_deref(), Some("acme"));
        assert_eq!(value_of(&words("studio-credits -wacme balance"), &w).as_deref(), Some("acme"));
        assert_eq!(value_of(&words("studio-credits balance --seat"), &w), None);
    }

    #[test]
    fn name_arguments_get_live_candidates() {
        let cmd = command();
        let has = |path: &[&str], arg: &str| {
            let mut c = &cmd;
            for p in path {
                c = c.find_subcommand(p).unwrap_or_else(|| panic!("no subcommand {p}"));
            }
            let a = c.get_arguments().find(|a| a.get_id() == arg).unwrap_or_else(|| panic!("no arg {arg}"));
            a.get::<ArgValueCandidates>().is_some()
        };
        assert!(has(&[], "workspace"));
        assert!(has(&["balance"], "seat"));
        assert!(has(&["seats", "remove"], "name"));
        assert!(has(&["workspace", "use"], "name"));
        assert!(has(&["plan", "set"], "plan"));
        assert!(has(&["hold", "settle"], "id"));
        assert!(!has(&["workspace", "add"], "name"));
        assert!(!has(&["seats", "add"], "names"));
    }
}
