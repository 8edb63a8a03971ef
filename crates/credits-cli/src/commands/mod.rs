//! One module per command family; [`run`] dispatches.

mod backup;
mod balance;
mod completions;
mod daemon;
mod history;
mod hold;
mod keys;
mod manage;
mod open;
mod purchase;
mod purchases;
mod reconcile;
mod rollover;
mod service;
mod spend_batch;
pub mod store_copy;
mod webhooks;

use std::io::IsTerminal;

pub use completions::completions;
use credits_config::Settings;
use credits_proto::calls::Scope;

use crate::args::{Cli, Command};
use crate::client::Client;
use crate::error::CliError;
use crate::output::Output;

/// What every command gets.
pub struct Ctx<'a> {
    pub cli: &'a Cli,
    pub settings: &'a Settings,
    pub out: &'a Output,
    /// The config file's problem, when it was set aside for this command (see
    /// [`Cli::tolerates_broken_config`]).
    pub config_problem: Option<CliError>,
    /// Ledger-file work the binary supplies (`restore`).
    pub files: &'a dyn crate::LedgerFiles,
}

impl Ctx<'_> {
    /// Connects to the daemon, starting one unless `--no-autostart`. Having started one, says so
    /// on a terminal, and warns when its HTTP API could not start.
    pub fn client(&self) -> Result<Client, CliError> {
        self.connect(true)
    }

    /// [`Ctx::client`] for a command that says itself why the HTTP API is off (`seats token`).
    pub fn client_quiet_about_http(&self) -> Result<Client, CliError> {
        self.connect(false)
    }

    fn connect(&self, warn_http: bool) -> Result<Client, CliError> {
        let client = Client::connect_or_start(self.settings, self.cli.no_autostart)?;
        if client.started && !self.out.quiet {
            // For the person at the terminal: a background process appeared. Scripts' stderr
            // stays as it was.
            if std::io::stderr().is_terminal() {
                eprintln!("Started the daemon (pid {}).", client.hello.pid);
            }
            if let Some(why) = client.hello.http_disabled.as_ref().filter(|_| warn_http) {
                self.out.warn(&daemon::http_disabled_warning(why));
            }
        }
        Ok(client)
    }

    /// The idempotency key of a money call: the user's, or in remote mode one made up for this
    /// invocation, so every money `POST` carries one (and a timeout's hint can name it).
    pub fn money_key(&self, given: Option<&String>, what: &str) -> Option<String> {
        given.cloned().or_else(|| self.settings.remote.as_ref().map(|_| new_idempotency_key(what)))
    }

    /// The workspace/seat scope of a call.
    pub fn scope(&self, seat: Option<&String>) -> Scope {
        Scope { workspace: self.cli.workspace.clone(), seat: seat.cloned(), user: Some(current_user()) }
    }
}

/// A fresh idempotency key, `{what}-{random}`: unique across runners (whose pids and clocks may
/// well agree), so two invocations never share one.
pub fn new_idempotency_key(what: &str) -> String {
    let mut bytes = [0u8; 12];
    let random = match getrandom::fill(&mut bytes) {
        Ok(()) => bytes.iter().map(|b| format!("{b:02x}")).collect::<String>(),
        // No entropy source: the time and pid still tell this invocation apart on one machine.
        Err(_) => {
            let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
            format!("{}-{:x}", std::process::id(), nanos.as_nanos())
        }
    };
    format!("{what}-{random}")
}

/// The OS user name, used to find the caller's own seat.
pub fn current_user() -> String {
    ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
        .unwrap_or_else(|| "me".to_owned())
}

/// The words of a command that needs the daemon's own machine (its process, its files, or a
/// call the HTTP API does not serve), refused in remote mode before anything is sent.
pub fn local_only(command: &Command) -> Option<&'static str> {
    use crate::args::{
        DaemonArgs, DaemonCommand, RolloverArgs, SeatsArgs, SeatsCommand, WorkspaceArgs, WorkspaceCommand,
    };
    Some(match command {
        Command::Daemon(DaemonArgs { command }) => match command {
            None | Some(DaemonCommand::Status) => return None,
            Some(DaemonCommand::Run(_)) => "daemon run",
            Some(DaemonCommand::Start) => "daemon start",
            Some(DaemonCommand::Stop) => "daemon stop",
            Some(DaemonCommand::Restart) => "daemon restart",
            Some(DaemonCommand::Install(_)) => "daemon install",
            Some(DaemonCommand::Uninstall(_)) => "daemon uninstall",
        },
        Command::Rollover(RolloverArgs { check: false, .. }) => "rollover",
        Command::Workspace(WorkspaceArgs { command: WorkspaceCommand::List }) => "workspace list",
        Command::Workspace(WorkspaceArgs { command: WorkspaceCommand::Add { .. } }) => "workspace add",
        Command::Workspace(WorkspaceArgs { command: WorkspaceCommand::Use { .. } }) => "workspace use",
        Command::Seats(SeatsArgs { command: SeatsCommand::Token { .. } }) => "seats token",
        Command::Verify => "verify",
        Command::Backup(_) => "backup",
        Command::Restore(_) => "restore",
        Command::Store(_) => "store copy",
        Command::Open(_) => "open",
        Command::Webhooks(_) => "webhooks",
        Command::Alerts(_) => "alerts",
        _ => return None,
    })
}

/// Runs the command; `Ok` carries the exit code (some successes are not 0, e.g. `check`).
pub fn run(
    cli: &Cli,
    settings: &Settings,
    out: &Output,
    config_problem: Option<CliError>,
    files: &dyn crate::LedgerFiles,
) -> Result<u8, CliError> {
    if settings.remote.is_some() && cli.store_from_flag {
        return Err(crate::remote::store_refused());
    }
    if settings.remote.is_some()
        && let Some(words) = local_only(&cli.command)
    {
        return Err(crate::remote::not_remote(words));
    }
    let ctx = Ctx { cli, settings, out, config_problem, files };
    match &cli.command {
        Command::Balance(a) => balance::balance(&ctx, a),
        Command::Spend(a) => balance::spend(&ctx, a),
        Command::Check(a) => balance::check(&ctx, a),
        Command::Buy(a) => purchase::buy(&ctx, a),
        Command::Ensure(a) => purchase::ensure(&ctx, a),
        Command::Purchases(a) => purchases::purchases(&ctx, a),
        Command::AutoTopup(a) => purchases::auto_topup(&ctx, a),
        Command::Usage(a) => purchases::usage(&ctx, a),
        Command::Advise => purchases::advise(&ctx),
        Command::Reconcile(a) => reconcile::reconcile(&ctx, a),
        Command::Open(a) => open::open(&ctx, a),
        Command::History(a) => history::history(&ctx, a),
        Command::Rollover(a) => rollover::rollover(&ctx, a),
        Command::Seats(a) => manage::seats(&ctx, a),
        Command::Keys(a) => keys::keys(&ctx, a),
        Command::Webhooks(a) => webhooks::webhooks(&ctx, a),
        Command::Alerts(a) => webhooks::alerts(&ctx, a),
        Command::Plan(a) => manage::plan(&ctx, a),
        Command::Workspace(a) => manage::workspace(&ctx, a),
        Command::Daemon(a) => daemon::daemon(&ctx, a),
        Command::Hold(a) => hold::hold(&ctx, a),
        Command::Verify => manage::verify(&ctx),
        Command::Backup(a) => backup::backup(&ctx, a),
        Command::Restore(a) => backup::restore(&ctx, a),
        Command::Store(a) => store_copy::store(&ctx, a),
        Command::Config(a) => manage::config(&ctx, a),
        Command::Completions(a) => completions::completions(ctx.out, a),
    }
}
