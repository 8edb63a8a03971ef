//! `daemon start|stop|restart|status`. `daemon install|uninstall` live in `service.rs`; `daemon run` is handled
//! by the binary before we get here.

use std::time::{Duration, Instant};

use credits_proto::Call;
use credits_proto::results::{DaemonStatus, HttpDisabled, HttpDisabledReason, Stopping};

use super::Ctx;
use crate::args::{DaemonArgs, DaemonCommand};
use crate::client::{Client, ConnectError};
use crate::error::CliError;
use crate::exit::{self, Kind};

pub fn daemon(ctx: &Ctx<'_>, a: &DaemonArgs) -> Result<u8, CliError> {
    match &a.command {
        None | Some(DaemonCommand::Run(_)) => Err(CliError::internal("`daemon run` is handled by the binary")),
        Some(DaemonCommand::Install(a)) => super::service::install(ctx, a),
        Some(DaemonCommand::Uninstall(a)) => super::service::uninstall(ctx, a),
        Some(DaemonCommand::Start) => {
            let mut client = match (&ctx.config_problem, Client::try_locate(ctx.settings)) {
                (problem, Ok(c)) => {
                    if let Some(p) = problem {
                        crate::warn_config_set_aside(ctx.out, p);
                    }
                    c
                }
                (_, Err(ConnectError::Unusable(e))) => return Err(e),
                // A new daemon would refuse the broken file: say so here, not in its log.
                (Some(problem), Err(ConnectError::NoDaemon(_))) => return Err(problem.clone()),
                (None, Err(ConnectError::NoDaemon(_))) => Client::connect_or_start(ctx.settings, false)?,
            };
            let v: DaemonStatus = client.call(&Call::Status {})?;
            warn_other_store(ctx, &v);
            status_out(ctx, v);
            Ok(exit::OK)
        }
        Some(DaemonCommand::Status) if ctx.settings.remote.is_some() => remote_status(ctx),
        Some(DaemonCommand::Status) => {
            let mut client = match Client::try_locate(ctx.settings) {
                Ok(c) => c,
                Err(ConnectError::NoDaemon(_)) => return Err(crate::client::not_running()),
                Err(ConnectError::Unusable(e)) => return Err(e),
            };
            status_out(ctx, client.call(&Call::Status {})?);
            Ok(exit::OK)
        }
        Some(DaemonCommand::Stop) => {
            let stopped = stop(ctx)?;
            if ctx.out.json {
                ctx.out.json(&serde_json::json!({ "stopped": stopped.is_some(), "pid": stopped, "running": false }));
            } else if let Some(pid) = stopped {
                ctx.out.say(&format!("Stopped the daemon (pid {pid})."));
            } else {
                ctx.out.say("No daemon is running.");
            }
            Ok(exit::OK)
        }
        Some(DaemonCommand::Restart) => {
            let stopped = stop(ctx)?;
            // Started from this process, so the new daemon has this shell's environment.
            let mut client = Client::connect_or_start(ctx.settings, false)?;
            let v: DaemonStatus = client.call(&Call::Status {})?;
            if ctx.out.json {
                ctx.out.json(&serde_json::json!({ "restarted": true, "stopped_pid": stopped, "daemon": v }));
                return Ok(exit::OK);
            }
            match stopped {
                Some(old) => ctx.out.say(&format!("Restarted the daemon (pid {old} → {}).", v.pid)),
                None => ctx.out.say(&format!("No daemon was running; started one (pid {}).", v.pid)),
            }
            status_out(ctx, v);
            Ok(exit::OK)
        }
    }
}

/// A daemon that was already running keeps the store it started with: when `--store` (or
/// `STUDIO_CREDITS_STORE`) names another, say so rather than let the person think it switched.
fn warn_other_store(ctx: &Ctx<'_>, v: &DaemonStatus) {
    let wanted = ctx.settings.store.shown(&ctx.settings.paths.db);
    match &v.store {
        Some(serving) if ctx.settings.store_override.is_some() && *serving != wanted && !ctx.out.quiet => {
            ctx.out.warn(&format!(
                "the running daemon (pid {}) serves {serving}, not {wanted}; it keeps its store until it stops \
                 (`studio-credits daemon restart` with the new store switches)",
                v.pid
            ));
        }
        _ => {}
    }
}

/// `daemon status` in remote mode: the server's URL, version and reachability, and who the key
/// is. Unreachable: exit 3 (an invalid key: 6), like a local daemon that is not running.
fn remote_status(ctx: &Ctx<'_>) -> Result<u8, CliError> {
    let client = Client::remote(ctx.settings)?;
    let Some((remote, s)) = client.remote_server().and_then(|r| Some((r, r.status()?))) else {
        return Err(CliError::internal("not in remote mode"));
    };
    if ctx.out.json {
        ctx.out.json(&serde_json::json!({
            "server": remote.server,
            "reachable": true,
            "version": s.version,
            "protocol": s.protocol,
            "workspace": s.workspace,
            "key": s.key,
            "scopes": s.scopes,
            "now": s.now,
        }));
        return Ok(exit::OK);
    }
    ctx.out.say(&format!(
        "Server {} is reachable (studio-credits {}, protocol {}).",
        remote.server, s.version, s.protocol
    ));
    let scopes: Vec<&str> = s.scopes.iter().map(|k| k.as_str()).collect();
    let scopes = if scopes.is_empty() { "none".to_owned() } else { scopes.join(", ") };
    ctx.out.say(&format!("Key: {} · workspace {} · scopes {scopes}", s.key, s.workspace));
    Ok(exit::OK)
}

/// What to do about a disabled HTTP API: the setting, read when the daemon starts, that works
/// whatever the file says.
const HTTP_FIX: &str = "set STUDIO_CREDITS_HTTP_LISTEN=127.0.0.1:0";

/// What to do about HTTPS that could not start: the files, then a restart (they are read once).
const TLS_FIX: &str = "fix http.tls_cert / http.tls_key (STUDIO_CREDITS_TLS_CERT / STUDIO_CREDITS_TLS_KEY)";

/// The fix for `why`; `any_port` adds that any free port will do.
fn http_fix(why: &HttpDisabled, any_port: bool) -> String {
    match why.reason {
        HttpDisabledReason::Tls => TLS_FIX.to_owned(),
        _ if any_port => format!("{HTTP_FIX} (any free port)"),
        _ => HTTP_FIX.to_owned(),
    }
}

/// `daemon status`'s line for a disabled HTTP API: why, and the setting that fixes it.
pub fn http_disabled_line(why: &HttpDisabled) -> String {
    format!("disabled: {} — {}", why.message, http_fix(why, false))
}

/// The warning for a disabled HTTP API (once: by the command that started the daemon, or one
/// that needs the API).
pub fn http_disabled_warning(why: &HttpDisabled) -> String {
    format!(
        "the HTTP API is disabled: {} — {} and restart the daemon (`studio-credits daemon restart`)",
        why.message,
        http_fix(why, true)
    )
}

/// Stops the running daemon and waits (at most 10 s) until it has exited; the pid it had, or
/// `None` when none was running.
pub(super) fn stop(ctx: &Ctx<'_>) -> Result<Option<u32>, CliError> {
    let mut client = match Client::try_locate(ctx.settings) {
        Ok(c) => c,
        // A daemon that does not answer is not "not running": say so.
        Err(ConnectError::Unusable(e)) => return Err(e),
        Err(ConnectError::NoDaemon(_)) => return Ok(None),
    };
    let v: Stopping = client.call(&Call::Stop {})?;
    drop(client);
    // Wait until the daemon released the ledger's lock (it has exited), so `stop && start`
    // is safe in scripts.
    let deadline = Instant::now() + Duration::from_secs(10);
    while credits_config::lockfile::held(&ctx.settings.paths.pidfile) {
        if Instant::now() > deadline {
            return Err(CliError::new(Kind::Internal, "the daemon did not stop within 10 s").with_hint(format!(
                "see its log, {}; `studio-credits daemon status` shows its pid",
                ctx.settings.paths.log.display()
            )));
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    // The lock goes with the daemon's last file; the process itself ends a moment later. Wait
    // for that too, so that nothing of it is left when `stop` returns.
    while alive(v.pid) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    Ok(Some(v.pid))
}

/// Whether process `pid` still runs (on Linux, from `/proc`; elsewhere the lock is all we wait
/// for): an exited process waiting for its parent to collect it no longer counts.
fn alive(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => stat.rsplit(')').next().and_then(|s| s.split_whitespace().next()) != Some("Z"),
        Err(_) => false,
    }
}

fn status_out(ctx: &Ctx<'_>, v: DaemonStatus) {
    if ctx.out.json {
        // The daemon's answer, with the CLI's hint beside its reason for a disabled HTTP API.
        let mut json = serde_json::to_value(&v).unwrap_or_default();
        if let Some(why) = &v.http_disabled
            && let Some(d) = json.get_mut("http_disabled").and_then(|d| d.as_object_mut())
        {
            d.insert("hint".into(), format!("{} and restart the daemon", http_fix(why, true)).into());
        }
        ctx.out.json(&json);
        return;
    }
    let http = match (&v.http_url, &v.http_addr, &v.http_disabled) {
        (Some(url), _, _) => url.clone(),
        (None, Some(addr), _) => addr.clone(),
        (None, None, Some(why)) => http_disabled_line(why),
        (None, None, None) => "-".to_owned(),
    };
    // The store as the daemon shows it (never with a password); an older daemon names its file.
    let store = v.store.clone().unwrap_or_else(|| format!("sqlite://{}", v.db.display()));
    ctx.out.say(&format!(
        "Daemon running: pid {}, version {}, protocol {}\n  socket   {}\n  http     {}\n  store    {store}",
        v.pid,
        v.version,
        v.protocol,
        v.socket.display(),
        http,
    ));
    if let Some(b) = &v.backup {
        ctx.out.say(&backup_line(b));
    }
    let integrity = &v.integrity;
    let problems = integrity.problems.len();
    if !integrity.ok {
        // Where a person looks first: it must say that writes are refused and what to do.
        ctx.out.say(&format!(
            "  ledger   DAMAGED: the integrity check found {problems} problem{} (first: {}); writes are refused. \
             Stop the daemon, restore the database from a backup (or `sqlite3 FILE .recover`), then start it \
             again; `studio-credits verify` lists the problems.",
            if problems == 1 { "" } else { "s" },
            integrity.problems.first().map_or("none listed", String::as_str)
        ));
    } else if let Some(at) = integrity.checked_at.as_deref() {
        ctx.out.say(&format!("  ledger   ok (integrity checked {})", crate::output::human_time(at)));
    }
}

/// `daemon status`'s line about scheduled backups: the schedule and the last outcome.
fn backup_line(b: &credits_proto::results::BackupState) -> String {
    let schedule = format!("every {}s, keep {} in {}", b.every_seconds, b.keep, b.dir.display());
    let last = match (b.last_ok, &b.last_at) {
        (Some(true), Some(at)) => format!(
            "last ok {} ({})",
            crate::output::human_time(at),
            b.last_success_path.as_ref().map_or_else(String::new, |p| p.display().to_string())
        ),
        (Some(false), Some(at)) => format!(
            "last FAILED {}: {}",
            crate::output::human_time(at),
            b.last_error.as_deref().unwrap_or("no reason given")
        ),
        _ => "none yet".to_owned(),
    };
    let next = b.next_at.as_deref().map(|n| format!("; next {}", crate::output::human_time(n))).unwrap_or_default();
    format!("  backups  {schedule}; {last}{next}")
}
