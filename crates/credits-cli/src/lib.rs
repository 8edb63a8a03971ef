//! The `studio-credits` command line: clap definitions, the connect-or-start client, and human
//! (tables) or machine (`--json`) output. Only this crate prints or chooses exit codes.

pub mod args;
pub mod client;
pub mod commands;
pub mod complete;
pub mod deadline;
pub mod error;
pub mod exit;
pub mod generate;
pub mod http_client;
pub mod output;
pub mod purchase_args;
pub mod remote;
pub mod suggest;

use std::process::ExitCode;

use credits_config::Settings;

pub use args::Cli;
pub use credits_proto::results::SnapshotReport;
pub use error::CliError;

/// Work on ledger files that the CLI process does itself (`restore`), supplied by the binary,
/// which links the SQLite backend (this crate does not).
pub trait LedgerFiles {
    /// Checks the SQLite ledger file at `path`, migrating it to this build's schema: `PRAGMA
    /// quick_check`, `verify` and the chain heads. Problems are in the report; an error means
    /// the file cannot be read as a ledger at all.
    fn inspect(&self, path: &std::path::Path) -> Result<credits_proto::results::SnapshotReport, String>;

    /// `store copy`: reads every table of `from` in one snapshot, writes it into the empty store
    /// `to` in one transaction (refused with a `Conflict` when `to` is not empty), then verifies
    /// `to`. `ca_cert` is trusted for PostgreSQL TLS on either side.
    fn copy_store(
        &self,
        from: &commands::store_copy::StoreAt,
        to: &commands::store_copy::StoreAt,
        ca_cert: Option<&std::path::Path>,
    ) -> Result<commands::store_copy::Copied, CliError>;
}

/// What the binary should do after parsing.
#[derive(Debug)]
pub enum Parsed {
    /// Run the daemon in the foreground with these settings (done by the binary, which links
    /// the daemon; this crate does not).
    RunDaemon(Box<Settings>),
    /// A client command.
    Command(Box<Cli>),
}

/// Parses the process arguments. Usage errors exit here with code 2 (as JSON with `--json`).
pub fn parse() -> Parsed {
    // A shell asking for completions (`STUDIO_CREDITS_COMPLETE=…`) is answered here and exits.
    complete::complete_from_env();
    let parsed = <Cli as clap::CommandFactory>::command().try_get_matches().and_then(|m| {
        let from_env = m.value_source("workspace") == Some(clap::parser::ValueSource::EnvVariable);
        let store_from_flag = m.value_source("store") == Some(clap::parser::ValueSource::CommandLine);
        <Cli as clap::FromArgMatches>::from_arg_matches(&m).map(|cli| Cli {
            workspace_from_env: from_env,
            store_from_flag,
            ..cli
        })
    });
    let cli = match parsed {
        Ok(cli) => cli,
        Err(mut e) => {
            let args: Vec<String> = std::env::args().skip(1).collect();
            let names: Vec<String> =
                <Cli as clap::CommandFactory>::command().get_subcommands().map(|c| c.get_name().to_owned()).collect();
            let tip = suggest::add_tips(&mut e, &args, &names);
            use clap::error::ErrorKind;
            let informational = matches!(
                e.kind(),
                ErrorKind::DisplayHelp
                    | ErrorKind::DisplayVersion
                    | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            );
            if !informational && std::env::args().any(|a| a == "--json") {
                let msg = e.to_string();
                let first = msg.lines().next().unwrap_or("invalid usage").trim_start_matches("error: ").to_owned();
                let mut err = CliError::new(exit::Kind::InvalidInput, first);
                if let Some(tip) = tip {
                    err = err.with_hint(tip);
                }
                output::Output::new(true, false).error(&err);
                std::process::exit(exit::USAGE);
            }
            e.exit();
        }
    };
    if cli.is_daemon_run() {
        match Settings::from_process_env(&cli.overrides()) {
            Ok(s) if s.remote.is_some() => {
                let err = if cli.store_from_flag { remote::store_refused() } else { remote::not_remote("daemon run") };
                output::Output::new(cli.json, cli.quiet).error(&err);
                std::process::exit(exit::USAGE);
            }
            Ok(s) => return Parsed::RunDaemon(Box::new(s)),
            Err(e) => {
                output::Output::new(cli.json, cli.quiet).error(&config_error(e));
                std::process::exit(exit::USAGE);
            }
        }
    }
    Parsed::Command(Box::new(cli))
}

/// A configuration problem, with what to do about it.
fn config_error(e: credits_config::ConfigError) -> CliError {
    let hint = match &e {
        credits_config::ConfigError::Parse { .. } => {
            Some("fix that key (README.md lists them all), or move the file aside to use the defaults")
        }
        credits_config::ConfigError::Read { .. } => Some("check the file's permissions, or set STUDIO_CREDITS_HOME"),
        _ => None,
    };
    // The parser's message ends with a newline after its caret picture.
    let err = CliError::new(exit::Kind::InvalidInput, e.to_string().trim_end());
    match hint {
        Some(h) => err.with_hint(h),
        None => err,
    }
}

/// Says on stderr that the config file was set aside for this command, with its problem (the
/// parser's caret under the bad spot included).
pub(crate) fn warn_config_set_aside(out: &output::Output, problem: &CliError) {
    if out.quiet {
        return;
    }
    out.warn(&format!(
        "{}\nwarning: this command goes on without it (default settings); other commands refuse to run until it is fixed",
        problem.message
    ));
}

/// Runs a client command and returns the process exit code.
pub fn run(cli: Cli, files: &dyn LedgerFiles) -> ExitCode {
    let out = output::Output::new(cli.json, cli.quiet);
    // Printing a completion script needs no settings: it works in a packaging sandbox without HOME.
    let result = match &cli.command {
        args::Command::Completions(a) => commands::completions(&out, a),
        // `daemon stop` and `daemon status` must work while config.toml is being edited: the
        // README's "edit the config, then `daemon stop`" would otherwise be a trap.
        _ if cli.tolerates_broken_config() => Settings::from_process_env_lenient(&cli.overrides())
            .map_err(config_error)
            .and_then(|(settings, problem)| {
                let problem = problem.map(config_error);
                // `daemon start` warns only if it goes on (a daemon is running); else the problem
                // is its error.
                let starting = matches!(
                    &cli.command,
                    args::Command::Daemon(args::DaemonArgs { command: Some(args::DaemonCommand::Start) })
                );
                if let Some(p) = problem.as_ref().filter(|_| !starting) {
                    warn_config_set_aside(&out, p);
                }
                commands::run(&cli, &settings, &out, problem, files)
            }),
        _ => Settings::from_process_env(&cli.overrides())
            .map_err(config_error)
            .and_then(|settings| commands::run(&cli, &settings, &out, None, files)),
    };
    match result.map_err(|e| blame_workspace_variable(&cli, e)) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            out.error(&e);
            ExitCode::from(e.exit_code())
        }
    }
}

/// An unknown workspace named by `STUDIO_CREDITS_WORKSPACE` (not by a flag), said as such: the
/// variable may have been set long ago, in another file.
fn blame_workspace_variable(cli: &Cli, e: CliError) -> CliError {
    use credits_core::remedy::Remedy;
    let Some(name) = cli.workspace.as_deref().filter(|_| cli.workspace_from_env) else { return e };
    let about_it = e.kind == exit::Kind::NotFound
        && matches!(e.remedy, Some(Remedy::ListWorkspaces | Remedy::AddWorkspace))
        && e.message.contains(&format!("'{name}'"));
    if !about_it {
        return e;
    }
    CliError {
        message: format!("{} (STUDIO_CREDITS_WORKSPACE={name})", e.message),
        hint: Some(
            "unset STUDIO_CREDITS_WORKSPACE to use the default workspace, or set it to one that \
             `studio-credits workspace list` shows"
                .to_owned(),
        ),
        ..e
    }
}
