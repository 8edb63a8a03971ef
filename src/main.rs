//! The `studio-credits` binary: the CLI, and with `daemon run` the daemon itself.

use std::process::ExitCode;

fn main() -> ExitCode {
    match credits_cli::parse() {
        credits_cli::Parsed::Command(cli) => credits_cli::run(*cli),
        credits_cli::Parsed::RunDaemon(settings) => run_daemon(*settings),
    }
}

fn run_daemon(settings: credits_config::Settings) -> ExitCode {
    init_logging();
    match credits_daemon::run(settings) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if e.downcast_ref::<credits_daemon::lock::AlreadyRunning>().is_some() {
                eprintln!("error: {e}");
                return ExitCode::from(credits_cli::exit::ANOTHER_DAEMON);
            }
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

/// Daemon logs go to stderr (the log file when auto-started); `RUST_LOG` filters them.
fn init_logging() {
    use std::io::IsTerminal;
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into());
    let ansi = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    tracing_subscriber::fmt().with_env_filter(filter).with_ansi(ansi).with_writer(std::io::stderr).init();
}
