//! The command-line interface, defined once with clap; completions and man pages are generated
//! from it.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use credits_config::Overrides;
use credits_core::Credits;
use credits_core::keys::KeyScope;

use crate::exit;

/// A memo, checked here against the same rule the daemon applies, so a long one exits 2 at once.
fn memo_arg(s: &str) -> Result<String, String> {
    credits_core::memo::check(s).map(|()| s.to_owned()).map_err(|e| e.to_string())
}

fn credits_arg(s: &str) -> Result<Credits, String> {
    Credits::parse_positive(s).map_err(|e| e.to_string())
}

const ABOUT: &str = "Prepaid AI-usage credits for a workspace: balances, spending, top-ups and monthly resets.\n\n\
Usage spends a seat's included monthly allowance first, then the workspace's top-up pool. When\n\
both are empty, spending fails with exit code 42 so scripts can branch on it.";

/// The top-level help's examples (also the top man page's EXAMPLES).
pub const EXAMPLES: &str = "Examples:
  studio-credits balance
  studio-credits spend 12.5 --memo \"summarize call\"
  studio-credits check 100 && run-expensive-job
  studio-credits history --limit 10 --json
  studio-credits daemon install   # run the daemon as a user service";

/// The heading global flags are listed under, apart from a command's own options.
const GLOBAL: &str = "Global options";

fn after_help() -> String {
    format!("{EXAMPLES}\n\n{}", exit::TABLE)
}

/// `studio-credits`: the CLI and its local daemon.
#[derive(Debug, Parser)]
#[command(name = "studio-credits", version, about = ABOUT, after_long_help = after_help(), after_help = after_help())]
pub struct Cli {
    /// Print machine-readable JSON (errors too, as {"error": {"type", "message"}}).
    #[arg(long, global = true, help_heading = GLOBAL)]
    pub json: bool,
    /// Workspace to act on (default: the one chosen with `workspace use`).
    #[arg(long, short = 'w', global = true, help_heading = GLOBAL, env = "STUDIO_CREDITS_WORKSPACE", value_name = "NAME")]
    pub workspace: Option<String>,
    /// Path of the daemon's local socket.
    #[arg(long, global = true, help_heading = GLOBAL, env = "STUDIO_CREDITS_SOCKET", value_name = "PATH")]
    pub socket: Option<PathBuf>,
    /// Print nothing but errors (exit codes still tell the outcome).
    #[arg(long, short = 'q', global = true, help_heading = GLOBAL)]
    pub quiet: bool,
    /// Fail with exit code 3 instead of starting a daemon when none is running.
    #[arg(long, global = true, help_heading = GLOBAL)]
    pub no_autostart: bool,
    /// Wait at most SECONDS for each answer of the daemon, then exit 3 [default: 5 for reads and
    /// `rollover --check`, 30 for changes; calls that reach Stripe wait at least 120].
    #[arg(long, global = true, help_heading = GLOBAL, env = "STUDIO_CREDITS_TIMEOUT", value_name = "SECONDS", value_parser = credits_config::parse_timeout)]
    pub timeout: Option<Duration>,
    /// Remote mode: talk to the central daemon at URL (https://HOST:PORT) with the API key in
    /// STUDIO_CREDITS_TOKEN instead of a local daemon; none is started. Exit 6 when the key is
    /// missing, invalid, expired, revoked or lacks the scope the command needs.
    #[arg(long, global = true, help_heading = GLOBAL, env = "STUDIO_CREDITS_SERVER", value_name = "URL")]
    pub server: Option<String>,
    /// Remote mode: allow plain http:// to a host other than this machine (the key then crosses
    /// the network unencrypted).
    #[arg(long, global = true, help_heading = GLOBAL)]
    pub insecure_http: bool,
    /// Where the ledger lives, for the daemon this command starts and for `daemon run`:
    /// sqlite:///path/credits.db or postgres://user@host:port/db (add ?sslmode=require for TLS).
    /// Wins over [store] url. A password in this flag is visible to other local users (shell
    /// history, ps): prefer STUDIO_CREDITS_STORE or the config file (mode 0600). Refused in
    /// remote mode.
    #[arg(long, global = true, help_heading = GLOBAL, env = "STUDIO_CREDITS_STORE", hide_env_values = true, value_name = "URL")]
    pub store: Option<String>,
    #[command(subcommand)]
    pub command: Command,
    /// True when `workspace` came from `STUDIO_CREDITS_WORKSPACE` rather than a flag: an unknown
    /// one is then the variable's doing, and the error says so.
    #[arg(skip)]
    pub workspace_from_env: bool,
    /// True when `store` came from the `--store` flag rather than `STUDIO_CREDITS_STORE`: only
    /// the flag is refused in remote mode (the variable may be exported for a local daemon).
    #[arg(skip)]
    pub store_from_flag: bool,
}

impl Cli {
    pub fn is_daemon_run(&self) -> bool {
        matches!(&self.command, Command::Daemon(DaemonArgs { command: Some(DaemonCommand::Run(_)) }))
    }

    /// True for the commands that run even when the config file is broken (it is set aside for
    /// them, with a warning): those that find, show or stop a running daemon.
    pub fn tolerates_broken_config(&self) -> bool {
        matches!(
            &self.command,
            Command::Daemon(DaemonArgs {
                command: Some(DaemonCommand::Stop | DaemonCommand::Status | DaemonCommand::Start)
            })
        )
    }

    /// Settings overrides from flags.
    pub fn overrides(&self) -> Overrides {
        let http_listen = match &self.command {
            Command::Daemon(DaemonArgs { command: Some(DaemonCommand::Run(r)) }) => r.http_listen.clone(),
            _ => None,
        };
        Overrides {
            socket: self.socket.clone(),
            http_listen,
            timeout: self.timeout,
            server: self.server.clone(),
            insecure_http: self.insecure_http,
            store: self.store.clone().map(credits_config::Secret::new),
        }
    }
}

/// Every subcommand.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show included (this month), top-up and spendable credits.
    #[command(
        after_help = "Examples:\n  studio-credits balance\n  studio-credits balance --all-seats\n  studio-credits balance --seat alice --json"
    )]
    Balance(BalanceArgs),
    /// Spend credits: included first, then top-up. Exit 42 when both are empty.
    #[command(
        after_help = "Examples:\n  studio-credits spend 12.5 --memo \"summarize call\"\n  studio-credits spend 40 --idempotency-key job-1234 || { [ $? -eq 42 ] && echo \"out of credits\"; }\n  printf '{\"amount\": \"1.5\"}\\n{\"amount\": \"2\"}\\n' | studio-credits spend --batch -\n\nWith --batch: exit 0 when every event was spent (or replayed from its key), 42 when one was\nrefused for want of credits, 2 when one was invalid, 1 when the daemon failed on one (the
others are spent all the same);\n--json prints {\"results\": [...]}, one result per event, in order."
    )]
    Spend(SpendArgs),
    /// Would this spend fit? Exit 0 (yes) or 42 (no); nothing is debited.
    #[command(
        after_help = "Examples:\n  studio-credits check 100 && run-expensive-job\n  studio-credits check 100 --for 7d || echo \"not enough for a week at this burn\"\n\nWith --for, what the seat burns in that time (at the greater of this period's and the last 7\ndays' rate, rounded up to the millicredit) is added to AMOUNT, and the total must fit what the\nseat can spend now; and with AMOUNT taken now, the forecast must not see the seat run dry\nbefore the time is up, as the other seats' burn empties the shared top-up pool too. A monthly\nreset's refill within that time is not counted (conservative)."
    )]
    Check(CheckArgs),
    /// Buy top-up credits through Stripe (non-refundable; they never expire).
    #[command(
        after_help = "Examples:\n  studio-credits buy 20                         # Stripe Checkout in the browser\n  studio-credits buy 20 --card-on-file --yes    # charge the saved card (scripts)\n\nExit codes: 4 payment failed (declined, needs authentication, checkout expired or canceled),\n7 Stripe not configured or unreachable, 2 bad amount or no confirmation."
    )]
    Buy(crate::purchase_args::BuyArgs),
    /// Buy only if spendable credits are below a minimum; concurrent calls buy at most once.
    #[command(after_help = "Example (CI):\n  studio-credits ensure --min 500 --buy 20 --card-on-file --yes")]
    Ensure(crate::purchase_args::EnsureArgs),
    /// Compare the ledger's purchases with the payments Stripe shows for the workspace's
    /// customer; with --fix, credit each paid payment the ledger has not credited, exactly once.
    #[command(after_help = RECONCILE_HELP)]
    Reconcile(ReconcileArgs),
    /// Top-up purchases: list, show, cancel an open checkout.
    #[command(
        after_help = "Examples:\n  studio-credits purchases list\n  studio-credits purchases show pur_8sFq2LxYp3"
    )]
    Purchases(crate::purchase_args::PurchasesArgs),
    /// The auto top-up rule: below X credits, buy $Y on the card on file, at most $Z a month.
    #[command(
        name = "auto-topup",
        after_help = "Examples:\n  studio-credits auto-topup set --below 200 --buy 20 --max-per-month 100\n  studio-credits auto-topup off"
    )]
    AutoTopup(crate::purchase_args::AutoTopupArgs),
    /// Credits used per month and pool; the burn rate and, at that burn, when included credits
    /// run out and spendable credits reach zero.
    #[command(
        after_help = "Examples:\n  studio-credits usage --months 12\n  studio-credits usage --json                 # with the forecast of every seat\n\nBurn rates are credits a day over this period so far and over the last 7 days; the forecast\nuses each seat's greater rate and says when, in the workspace's time zone, its included credits\nrun out and its spendable credits reach zero (or \"not before the reset\"). See README \"Forecast\"."
    )]
    Usage(crate::purchase_args::UsageArgs),
    /// Top up or upgrade the plan? With the figures behind the answer.
    #[command(after_help = "Example:\n  studio-credits advise --json")]
    Advise,
    /// Open the billing page in a browser, signed in (a single-use link valid for a minute).
    #[command(
        after_help = "Examples:\n  studio-credits open\n  studio-credits open --no-browser    # print the link instead\n  studio-credits open --json          # {\"url\": …}"
    )]
    Open(OpenArgs),
    /// Journal entries, newest first.
    #[command(
        after_help = "Examples:\n  studio-credits history --limit 10\n  studio-credits history --since 2026-11-01 --kind debit --csv > november.csv\n  studio-credits history --all --json > journal.json   # the whole journal, streamed"
    )]
    History(HistoryArgs),
    /// Apply due monthly resets, or check (for cron) that none is overdue.
    #[command(after_help = ROLLOVER_HELP)]
    Rollover(RolloverArgs),
    /// Seats of the workspace.
    #[command(
        after_help = "Examples:\n  studio-credits seats list\n  studio-credits seats add bob\n  studio-credits seats remove bob --yes"
    )]
    Seats(SeatsArgs),
    /// Workspace API keys for the HTTP API (CI jobs, services): create (the token is shown once),
    /// list, revoke. A key acts for one workspace with its scopes.
    #[command(
        after_help = "Examples:\n  studio-credits keys create ci --scope read,spend,buy --expires 90d\n  studio-credits keys list\n  studio-credits keys revoke ci\n\nScopes: read (balance, check, history, usage, advise, purchases, rollover status),\nspend (usage debits, holds), buy (purchases, ensure), admin (seats, plans, workspace settings, reconcile, keys)."
    )]
    Keys(KeysArgs),
    /// Signed event webhooks: add an endpoint (its signing secret is shown once), list, remove,
    /// send a test event, see its delivery log, replay an event. See README "Notifications".
    #[command(
        after_help = "Examples:\n  studio-credits webhooks add https://hooks.example.com/credits --events balance.low,topup.succeeded\n  studio-credits webhooks list\n  studio-credits webhooks deliveries we_3b9c41d2e5f60718\n\nEvents: balance.low, balance.depleted, topup.succeeded, topup.failed, auto_topup.failed,\nauto_topup.capped, limit.reached, rollover.applied, rollover.overdue, ledger.verify_failed.\nEach delivery is signed like Stripe's: header Studio-Credits-Signature: t=<unix>,v1=<hex HMAC-SHA256\nof \"<t>.<body>\">, so Stripe's libraries verify it with the endpoint's secret."
    )]
    Webhooks(WebhooksArgs),
    /// Low-balance alerts: `balance.low` is sent once when a seat's (or the workspace's) balance
    /// goes below the threshold, and again only after it has been back at or above it.
    #[command(
        after_help = "Examples:\n  studio-credits alerts set --below 100 --seat bob\n  studio-credits alerts set --below 1000   # the workspace's total\n  studio-credits alerts list"
    )]
    Alerts(AlertsArgs),
    /// The workspace's plan.
    #[command(
        after_help = "Examples:\n  studio-credits plan list\n  studio-credits plan set team        # from the next month\n  studio-credits plan set team --now  # at once"
    )]
    Plan(PlanArgs),
    /// Workspaces: several, one default; time zone, plan, Stripe customer.
    #[command(
        after_help = "Examples:\n  studio-credits workspace add acme --plan pro --tz Europe/Berlin\n  studio-credits workspace use acme\n  studio-credits workspace set --tz America/Los_Angeles"
    )]
    Workspace(WorkspaceArgs),
    /// Run, start, stop or inspect the daemon.
    #[command(
        after_help = "Examples:\n  studio-credits daemon status\n  studio-credits daemon stop\n  studio-credits daemon run   # foreground, logs to stderr"
    )]
    Daemon(DaemonArgs),
    /// Reserve credits now; settle or release them later (two-phase usage). Exit 42 when a hold
    /// does not fit.
    #[command(
        after_help = "Examples:\n  studio-credits hold 40 --ttl 10m --json     # prints the hold and its id\n  studio-credits hold list                    # open holds, with their ids\n  studio-credits hold settle hold_3f2a… 12.5  # consume 12.5, release the rest\n  studio-credits hold release hold_3f2a…"
    )]
    Hold(HoldArgs),
    /// Recompute every balance from the journal and check its hash chain.
    #[command(after_help = "Example:\n  studio-credits verify || alert \"ledger mismatch\"")]
    Verify,
    /// Write a verified snapshot of the SQLite ledger while the daemon keeps serving (mode 0600),
    /// or with --check tell cron whether the scheduled backups are current.
    #[command(after_help = BACKUP_HELP)]
    Backup(BackupArgs),
    /// Replace the SQLite ledger with a backup: verified first, the current file kept aside
    /// (credits.db.before-restore-TIME). The daemon must be stopped (or --stop-daemon).
    #[command(after_help = RESTORE_HELP)]
    Restore(RestoreArgs),
    /// Move the whole ledger to another store: `store copy --to postgres://…` (or sqlite://PATH).
    #[command(after_help = STORE_HELP)]
    Store(StoreArgs),
    /// Show the effective configuration (secrets redacted) or its file's path.
    #[command(after_help = "Examples:\n  studio-credits config show\n  studio-credits config path")]
    Config(ConfigArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    #[command(after_help = COMPLETIONS_HELP)]
    Completions(CompletionsArgs),
}

const BACKUP_HELP: &str = "Examples:
  studio-credits backup credits-backup.db
  studio-credits backup ~/ --json   # into a directory: a file named for the time
  studio-credits backup --check || alert \"studio-credits: no recent backup (exit $?)\"

The copy is taken with SQLite's online backup API (one consistent instant; spends go on) and
checked like `verify` before its name appears. For a PostgreSQL ledger use pg_dump.
Scheduled backups: `[backup] every = \"1h\"`, `keep = 48`, `dir = \"backups\"` in config.toml.

Exit codes: 0 written and verified (--check: the newest scheduled backup is younger than twice
the interval), 21 --check: it is older, or there is none, 2 a bad path (it exists, no such
directory) or no [backup] every for --check, 1 the copy did not verify.";

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The file to write (must not exist); a directory gets a file named for the time.
    #[arg(value_name = "PATH", required_unless_present = "check", conflicts_with = "check")]
    pub path: Option<PathBuf>,
    /// For cron: exit 0 when the newest scheduled backup is younger than twice [backup] every,
    /// 21 when it is older or there is none. Needs no daemon.
    #[arg(long)]
    pub check: bool,
}

const RESTORE_HELP: &str = "Examples:
  studio-credits backup before.db && studio-credits restore before.db --stop-daemon
  studio-credits restore ~/backups/credits-20261201T044500.123Z.db --json

The backup is copied beside the ledger and verified (balances against the journal, hash chains);
one that fails is refused, naming what is wrong, unless --force. Then the ledger (with its -wal)
moves aside to credits.db.before-restore-TIME and the copy takes its place. The next command
starts the daemon on it. For a PostgreSQL ledger use pg_restore.";

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup file (from `studio-credits backup`, or a copy of credits.db).
    #[arg(value_name = "PATH")]
    pub path: PathBuf,
    /// Restore even a backup whose verify fails (the problems are still listed).
    #[arg(long)]
    pub force: bool,
    /// Stop the running daemon first (otherwise a running daemon is an error).
    #[arg(long)]
    pub stop_daemon: bool,
}

const STORE_HELP: &str = "Examples:
  studio-credits store copy --to postgres://credits@db.internal/credits --stop-daemon
  studio-credits store copy --to sqlite:///var/lib/credits/credits.db --json

Copies every table of the current store (--store, STUDIO_CREDITS_STORE or [store] url; the
SQLite file by default) into an empty target, in one transaction on the target: journal ids,
times, actors and hashes unchanged. The target is created and migrated first if new; one that
already holds a workspace or a journal entry is refused. The copy ends by running verify on the
target and comparing every workspace's chain head with the source's. Writes must be stopped: a
daemon serving the source is an error unless --stop-daemon (stop daemons on other machines that
share a PostgreSQL source yourself). Then point the daemons at the target.

Exit codes: 0 copied and verified, 2 a bad URL, a target that is not empty, a running daemon,
or remote mode, 3 a store that cannot be reached, 1 the target did not verify.";

#[derive(Debug, Args)]
pub struct StoreArgs {
    #[command(subcommand)]
    pub command: StoreCommand,
}

#[derive(Debug, Subcommand)]
pub enum StoreCommand {
    /// Copy every workspace, seat, journal entry, purchase, hold and setting into an empty store.
    #[command(after_help = STORE_HELP)]
    Copy(StoreCopyArgs),
}

#[derive(Debug, Args)]
pub struct StoreCopyArgs {
    /// The target store: postgres://USER@HOST/DB or sqlite:///PATH (a relative path is from here).
    #[arg(long, value_name = "URL")]
    pub to: String,
    /// Stop the daemon serving the source first (otherwise a running daemon is an error).
    #[arg(long)]
    pub stop_daemon: bool,
}

#[derive(Debug, Args)]
pub struct BalanceArgs {
    /// Seat to show (default: your own seat, or the only one).
    #[arg(long, short = 's', conflicts_with = "all_seats")]
    pub seat: Option<String>,
    /// Show every seat of the workspace.
    #[arg(long)]
    pub all_seats: bool,
}

#[derive(Debug, Args)]
pub struct SpendArgs {
    /// Credits to spend: up to 3 decimals, e.g. 12, 12.5, 0.001.
    #[arg(value_parser = credits_arg, allow_negative_numbers = true, required_unless_present = "batch")]
    pub amount: Option<Credits>,
    /// Seat to charge (default: your own seat, or the only one); with --batch, the seat of
    /// events that name none.
    #[arg(long, short = 's')]
    pub seat: Option<String>,
    /// A note stored with the journal entry.
    #[arg(long, short = 'm', value_parser = memo_arg)]
    pub memo: Option<String>,
    /// Makes retries safe: the same key returns the first result without spending again.
    #[arg(long, value_name = "KEY")]
    pub idempotency_key: Option<String>,
    /// Spend a batch of events read as JSON Lines from FILE (`-`: standard input), one object
    /// per line: {"amount": "1.5", "memo": "...", "idempotency_key": "...", "seat": "..."}
    /// (amount required). Each event is decided on its own, in order; 1,000 events per
    /// transaction.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["amount", "memo", "idempotency_key"])]
    pub batch: Option<std::path::PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Credits the spend would need.
    #[arg(value_parser = credits_arg, allow_negative_numbers = true)]
    pub amount: Credits,
    /// Seat to check (default: your own seat, or the only one).
    #[arg(long, short = 's')]
    pub seat: Option<String>,
    /// Also the seat's current burn for this long (7d, 12h, 90m, 45s): would AMOUNT plus that
    /// fit what it can spend now?
    #[arg(long = "for", value_parser = for_arg, value_name = "DURATION")]
    pub for_duration: Option<ForDuration>,
}

/// `check --for`: a duration as given and in seconds.
#[derive(Debug, Clone)]
pub struct ForDuration {
    pub text: String,
    pub seconds: i64,
}

/// `check --for`: a whole number with a unit (`7d`, `12h`, `90m`, `45s`), as a key's lifetime.
fn for_arg(s: &str) -> Result<ForDuration, String> {
    let seconds = unit_seconds(s).ok_or_else(|| format!("{s:?} is not a duration; use e.g. 7d, 12h, 90m or 45s"))?;
    if !(1..=10 * 366 * 86_400).contains(&seconds) {
        return Err(format!("{s:?}: use from 1 second to 10 years"));
    }
    Ok(ForDuration { text: s.trim().to_owned(), seconds })
}

/// A whole number with a unit, `d`, `h`, `m` or `s`, in seconds; `None` when it is not one (or
/// overflows).
fn unit_seconds(s: &str) -> Option<i64> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit())?;
    let (n, unit) = t.split_at(split);
    let n: i64 = n.parse().ok()?;
    let per = match unit {
        "d" => 86_400,
        "h" => 3_600,
        "m" => 60,
        "s" => 1,
        _ => return None,
    };
    n.checked_mul(per)
}

fn credits_or_zero_arg(s: &str) -> Result<Credits, String> {
    Credits::parse(s).map_err(|e| e.to_string())
}

/// A hold's time to live: `90s`, `10m`, `2h`, `1h30m`, or bare seconds.
fn ttl_arg(s: &str) -> Result<i64, String> {
    let secs = match s.trim().parse::<i64>() {
        Ok(n) => n,
        Err(_) => {
            let d: jiff::SignedDuration =
                s.parse().map_err(|_| format!("{s:?} is not a duration; use e.g. 90s, 10m or 2h"))?;
            if d.subsec_nanos() != 0 {
                return Err(format!("{s:?}: use whole seconds"));
            }
            d.as_secs()
        }
    };
    if secs <= 0 {
        return Err(format!("{s:?}: a hold must last at least 1 second"));
    }
    Ok(secs)
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct HoldArgs {
    #[command(subcommand)]
    pub command: Option<HoldCommand>,
    /// Credits to reserve: up to 3 decimals, e.g. 40 or 12.5.
    #[arg(value_parser = credits_arg, allow_negative_numbers = true, required = true)]
    pub amount: Option<Credits>,
    /// How long the hold lives unsettled before it is released: 90s, 10m, 2h (default 15m, or
    /// `holds.ttl_seconds` in the config file).
    #[arg(long, value_parser = ttl_arg, value_name = "DURATION")]
    pub ttl: Option<i64>,
    /// Seat to reserve for (default: your own seat, or the only one).
    #[arg(long, short = 's')]
    pub seat: Option<String>,
    /// A note stored with the hold.
    #[arg(long, short = 'm', value_parser = memo_arg)]
    pub memo: Option<String>,
    /// Makes retries safe: the same key returns the first hold without reserving again.
    #[arg(long, value_name = "KEY")]
    pub idempotency_key: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum HoldCommand {
    /// Open holds of the workspace (or of one seat), soonest to expire first.
    #[command(after_help = "Examples:\n  studio-credits hold list\n  studio-credits hold list --seat alice --json")]
    List {
        /// Only this seat's holds.
        #[arg(long, short = 's')]
        seat: Option<String>,
        /// At most this many.
        #[arg(long, short = 'n', default_value_t = 50)]
        limit: u32,
    },
    /// One hold, open or closed: what it reserved, settled, released, and when it expires.
    #[command(after_help = "Example:\n  studio-credits hold show hold_3f2a --json")]
    Show {
        /// The hold's id (hold_…).
        id: String,
    },
    /// Consume AMOUNT (at most the held amount) and release the rest.
    #[command(after_help = "Example:\n  studio-credits hold settle hold_3f2a 12.5")]
    Settle {
        /// The hold's id (hold_…).
        id: String,
        /// Credits consumed; 0 releases everything.
        #[arg(value_parser = credits_or_zero_arg, allow_negative_numbers = true)]
        amount: Credits,
        /// Makes retries safe.
        #[arg(long, value_name = "KEY")]
        idempotency_key: Option<String>,
    },
    /// Release the whole hold.
    #[command(after_help = "Example:\n  studio-credits hold release hold_3f2a")]
    Release {
        /// The hold's id (hold_…).
        id: String,
        /// Makes retries safe.
        #[arg(long, value_name = "KEY")]
        idempotency_key: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct ReconcileArgs {
    /// Only payments and purchases created at or after this date (YYYY-MM-DD) or time
    /// (YYYY-MM-DDTHH:MM); without an offset in the workspace's time zone [default: all].
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,
    /// Credit every payment Stripe shows paid that the ledger has not credited (once each).
    #[arg(long)]
    pub fix: bool,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Only entries at or after this date (YYYY-MM-DD) or time (YYYY-MM-DDTHH:MM). Without an
    /// offset it is in the workspace's time zone; with one (`Z`, `+01:00`) as given.
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,
    /// Only entries before this date or time (read like --since).
    #[arg(long, value_name = "WHEN")]
    pub until: Option<String>,
    /// Only this seat's entries.
    #[arg(long, short = 's')]
    pub seat: Option<String>,
    /// Only entries of this kind.
    #[arg(long, value_parser = ["grant", "expire", "debit", "hold", "settle", "release", "purchase", "adjust"])]
    pub kind: Option<String>,
    /// At most this many entries.
    #[arg(long, short = 'n', default_value_t = 50)]
    pub limit: u32,
    /// Every matching entry, however many (to export the journal with --csv or --json).
    #[arg(long, conflicts_with = "limit")]
    pub all: bool,
    /// Print CSV instead of a table.
    #[arg(long, conflicts_with = "json")]
    pub csv: bool,
}

const RECONCILE_HELP: &str = "Reads, for the workspace's Stripe customer, every Checkout Session and PaymentIntent
carrying a studio-credits purchase id, and reports payments Stripe shows paid that the ledger
has not credited (no purchase at all, or one that is pending, failed, expired or canceled),
credited purchases Stripe does not show paid, amounts that differ and purchases paid twice.
--fix credits the first kind through the webhook's own path (each purchase at most once; a
purchase the ledger lacks is recorded under its id first) and says what it did; it never takes
credits back and never credits another amount: those are left to you.

Examples:
  studio-credits reconcile
  studio-credits reconcile --since 2026-11-01 --json
  studio-credits reconcile --fix || alert \"studio-credits: ledger and Stripe disagree (exit $?)\"

Exit codes: 0 the ledger and Stripe agree (with --fix: after crediting what was missing),
22 they disagree (without --fix: anything found; with --fix: what it could not fix),
7 Stripe not configured or unreachable, 3 the daemon did not answer.";

const ROLLOVER_HELP: &str = "Included credits reset at 00:00 on the 1st in each workspace's time zone; the daemon
does it by itself. Covers every workspace (--workspace does not narrow it).

Examples:
  studio-credits rollover --check || alert \"studio-credits: monthly reset overdue (exit $?)\"
  studio-credits rollover           # apply what is due now, print what was done

Exit codes: 0 every workspace is on its current period, 20 a reset is overdue or the clock
reads an earlier month than a workspace's ledger (it went backwards), 3 no daemon is running
(--check never starts one: a watchdog must not hide a dead daemon) or it did not answer within
5 s (--timeout changes the wait).";

#[derive(Debug, Args)]
pub struct RolloverArgs {
    /// Only check: exit 0 when every workspace is on its current period, 20 when a reset is
    /// overdue or the clock went back behind a workspace's month, 3 when no daemon is running or
    /// it does not answer in time.
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, Args)]
pub struct KeysArgs {
    #[command(subcommand)]
    pub command: KeysCommand,
}

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Create a key; its token is printed once and stored only as a hash.
    #[command(after_help = "Example:\n  studio-credits keys create ci --scope read,spend,buy --expires 90d --json")]
    Create {
        /// The key's name, unique in the workspace.
        name: String,
        /// What the key may do: a comma-separated list of read, spend, buy, admin.
        #[arg(long, value_parser = scopes_arg, value_name = "SCOPES")]
        scope: ScopeList,
        /// How long the key works: 90d, 12h, 30m, 45s (default: until revoked).
        #[arg(long, value_parser = expires_arg, value_name = "DURATION")]
        expires: Option<i64>,
    },
    /// The workspace's keys: names, scopes, expiry (never the tokens).
    #[command(after_help = "Example:\n  studio-credits keys list --json")]
    List,
    /// Revoke a key: requests with its token get 401 at once.
    #[command(after_help = "Example:\n  studio-credits keys revoke ci")]
    Revoke {
        /// The key's name.
        name: String,
    },
}

#[derive(Debug, Args)]
pub struct WebhooksArgs {
    #[command(subcommand)]
    pub command: WebhooksCommand,
}

#[derive(Debug, Subcommand)]
pub enum WebhooksCommand {
    /// Add an endpoint; its signing secret is printed once. Refused (exit 2, nothing stored) when
    /// the URL's host is not allowed by `[webhooks] allow_hosts` (default: any public host over
    /// https, loopback over http).
    #[command(
        after_help = "Example:\n  studio-credits webhooks add https://hooks.example.com/c --events balance.low --json"
    )]
    Add {
        /// Where events are POSTed.
        url: String,
        /// Event types to send, comma-separated (default: every type).
        #[arg(long, value_delimiter = ',', value_name = "LIST")]
        events: Vec<String>,
    },
    /// The workspace's endpoints (never their secrets).
    #[command(after_help = "Example:\n  studio-credits webhooks list --json")]
    List,
    /// Remove an endpoint: its pending deliveries are dropped.
    #[command(after_help = "Example:\n  studio-credits webhooks remove we_3b9c41d2e5f60718")]
    Remove {
        /// The endpoint's id (`webhooks list`).
        id: String,
    },
    /// Send a `webhook.test` event to one endpoint.
    #[command(after_help = "Example:\n  studio-credits webhooks test we_3b9c41d2e5f60718")]
    Test {
        /// The endpoint's id.
        id: String,
    },
    /// An endpoint's newest delivery attempts: event, attempt, HTTP status or error, state.
    #[command(after_help = "Example:\n  studio-credits webhooks deliveries we_3b9c41d2e5f60718 --json")]
    Deliveries {
        /// The endpoint's id.
        id: String,
    },
    /// Send an event again, now, to every endpoint that wants it (same event id).
    #[command(after_help = "Example:\n  studio-credits webhooks replay evt_7d21c0ffee5a4b3c2d1e0f9a")]
    Replay {
        /// The event's id (`webhooks deliveries`).
        event: String,
    },
}

#[derive(Debug, Args)]
pub struct AlertsArgs {
    #[command(subcommand)]
    pub command: AlertsCommand,
}

#[derive(Debug, Subcommand)]
pub enum AlertsCommand {
    /// Set (or with --off remove, if there is one) the low-balance alert of a seat, or of the
    /// workspace's total.
    #[command(
        after_help = "Examples:\n  studio-credits alerts set --below 100 --seat bob\n  studio-credits alerts set --off --seat bob"
    )]
    Set {
        /// Send `balance.low` when the balance goes below this many credits.
        #[arg(long, value_parser = credits_arg, value_name = "CREDITS", required_unless_present = "off")]
        below: Option<Credits>,
        /// Remove the alert.
        #[arg(long, conflicts_with = "below")]
        off: bool,
        /// The seat whose spendable balance (its included plus the top-up pool) is watched
        /// (default: the workspace's total).
        #[arg(long, short = 's')]
        seat: Option<String>,
    },
    /// The workspace's alerts and whether each is armed.
    #[command(after_help = "Example:\n  studio-credits alerts list --json")]
    List,
}

/// The scopes of `--scope`, sorted, without repeats.
#[derive(Debug, Clone)]
pub struct ScopeList(pub Vec<KeyScope>);

/// `--scope read,spend`: every scope named, checked here so a typo is a usage error.
fn scopes_arg(s: &str) -> Result<ScopeList, String> {
    KeyScope::parse_list(s).map(ScopeList)
}

/// A key's lifetime: a whole number with a unit (`90d`, `12h`, `30m`, `45s`).
fn expires_arg(s: &str) -> Result<i64, String> {
    let t = s.trim();
    let bad = || format!("{s:?} is not a duration; use e.g. 90d, 12h, 30m or 45s");
    let split = t.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?;
    let (n, unit) = t.split_at(split);
    n.parse::<i64>().map_err(|_| bad())?;
    if !matches!(unit, "d" | "h" | "m" | "s") {
        return Err(bad());
    }
    match unit_seconds(t) {
        Some(secs) if secs > 0 && secs <= 10 * 366 * 86_400 => Ok(secs),
        _ => Err(format!("{s:?}: a key must last from 1 second to 10 years")),
    }
}

#[derive(Debug, Args)]
pub struct SeatsArgs {
    #[command(subcommand)]
    pub command: SeatsCommand,
}

#[derive(Debug, Subcommand)]
pub enum SeatsCommand {
    /// List seats with their included credits.
    #[command(after_help = "Example:\n  studio-credits seats list --json")]
    List,
    /// Add seats. A new seat gets this month's full allowance; a seat removed and added again in
    /// the same month gets none until the next reset (one allowance per seat and month). Each
    /// name is added on its own: one that fails (it exists, it is invalid) is reported and the
    /// others are still added.
    #[command(
        after_help = "Examples:\n  studio-credits seats add bob\n  studio-credits seats add ann bob cy   # several at once"
    )]
    Add {
        /// Seat names.
        #[arg(required = true, value_name = "NAME")]
        names: Vec<String>,
    },
    /// Remove a seat: its included credits of this month expire at once (the workspace's top-up
    /// credits stay) and its API token stops working. Asks first; --yes for scripts.
    #[command(after_help = "Example:\n  studio-credits seats remove bob --yes")]
    Remove {
        /// The seat's name.
        name: String,
        /// Do not ask for confirmation (required when stdin is not a terminal).
        #[arg(long, short = 'y')]
        yes: bool,
    },
    /// Limit the top-up credits a seat may draw in a month (its included credits are never
    /// limited). At the limit the seat gets exit 42 / HTTP 402 naming the limit, even while the
    /// workspace's top-up pool has credits; open holds count, released ones give back. Limits
    /// start afresh at the monthly reset.
    #[command(
        after_help = "Examples:\n  studio-credits seats limit bob --topup-per-month 500\n  studio-credits seats limit carol --no-topup  # included credits only\n  studio-credits seats limit bob --clear",
        group(clap::ArgGroup::new("limit").required(true).args(["topup_per_month", "no_topup", "clear"]))
    )]
    Limit {
        /// The seat's name.
        name: String,
        /// The most top-up credits the seat may draw in a calendar month of the workspace.
        #[arg(long, value_parser = credits_or_zero_arg, value_name = "CREDITS")]
        topup_per_month: Option<Credits>,
        /// No top-up credits at all: the seat spends its included credits only.
        #[arg(long)]
        no_topup: bool,
        /// Remove the seat's limit (the workspace's budget, if any, still applies).
        #[arg(long)]
        clear: bool,
    },
    /// Create a seat's HTTP API token (shown once, stored hashed); --rotate replaces it, --revoke
    /// removes it.
    #[command(
        after_help = "Examples:\n  studio-credits seats token bob --json   # the token is shown only now\n  studio-credits seats token bob --rotate"
    )]
    Token {
        /// The seat's name.
        name: String,
        /// Replace the seat's token; the old one stops working at once.
        #[arg(long, conflicts_with = "revoke")]
        rotate: bool,
        /// Remove the seat's token; requests with it get 401.
        #[arg(long)]
        revoke: bool,
    },
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    #[command(subcommand)]
    pub command: PlanCommand,
}

#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// The workspace's plan (and a scheduled change).
    #[command(after_help = "Example:\n  studio-credits plan show --json")]
    Show,
    /// Every plan on offer.
    #[command(after_help = "Example:\n  studio-credits plan list")]
    List,
    /// Change the plan from the next monthly reset (or at once with --now).
    #[command(
        after_help = "Examples:\n  studio-credits plan set team        # from the next month\n  studio-credits plan set team --now  # at once"
    )]
    Set {
        /// The plan's name (see `plan list`).
        plan: String,
        /// Apply now: each seat's allowance becomes the new plan's, less what it used this month.
        #[arg(long)]
        now: bool,
    },
}

#[derive(Debug, Args)]
pub struct WorkspaceArgs {
    #[command(subcommand)]
    pub command: WorkspaceCommand,
}

#[derive(Debug, Subcommand)]
pub enum WorkspaceCommand {
    /// Every workspace.
    #[command(after_help = "Example:\n  studio-credits workspace list --json")]
    List,
    /// Create a workspace; its first seat is you.
    #[command(after_help = "Example:\n  studio-credits workspace add acme --plan pro --tz Europe/Berlin")]
    Add {
        /// The new workspace's name.
        name: String,
        /// Plan (free, pro, team, …).
        #[arg(long, default_value = "free")]
        plan: String,
        /// IANA time zone whose midnight on the 1st resets included credits.
        #[arg(long, default_value = "UTC", value_name = "ZONE")]
        tz: String,
    },
    /// Make a workspace the default.
    #[command(after_help = "Example:\n  studio-credits workspace use acme")]
    Use {
        /// The workspace's name (see `workspace list`).
        name: String,
    },
    /// Show a workspace's settings.
    #[command(after_help = "Examples:\n  studio-credits workspace show\n  studio-credits workspace show acme --json")]
    Show {
        /// The workspace to show (default: --workspace, else the default workspace).
        #[arg(value_name = "NAME")]
        name: Option<String>,
    },
    /// Change the time zone, bind an existing Stripe customer, or set the monthly top-up budget.
    #[command(
        after_help = "Examples:\n  studio-credits workspace set --tz America/Los_Angeles\n  studio-credits workspace set --stripe-customer cus_123\n  studio-credits workspace set --topup-budget-per-month 20000"
    )]
    Set {
        /// IANA time zone, e.g. Europe/Berlin.
        #[arg(long, value_name = "ZONE")]
        tz: Option<String>,
        /// Existing Stripe customer id (cus_…) to charge.
        #[arg(long, value_name = "ID")]
        stripe_customer: Option<String>,
        /// The most top-up credits all seats together may draw in a calendar month; past it
        /// every seat gets exit 42 / HTTP 402 naming the budget. Starts afresh at the reset.
        #[arg(long, value_parser = credits_or_zero_arg, value_name = "CREDITS", conflicts_with = "no_topup_budget")]
        topup_budget_per_month: Option<Credits>,
        /// Remove the monthly top-up budget.
        #[arg(long)]
        no_topup_budget: bool,
    },
}

/// Bare `daemon` prints this help and exits 2, like every command group: running a daemon in the
/// foreground is `daemon run`, which a person rarely means to type.
#[derive(Debug, Args)]
#[command(subcommand_required = true, arg_required_else_help = true)]
pub struct DaemonArgs {
    #[command(subcommand)]
    pub command: Option<DaemonCommand>,
}

#[derive(Debug, Subcommand)]
pub enum DaemonCommand {
    /// Run the daemon in the foreground, logging to stderr (what `daemon install` runs).
    #[command(after_help = "Example:\n  STUDIO_CREDITS_HTTP_LISTEN=127.0.0.1:0 studio-credits daemon run")]
    Run(DaemonRunArgs),
    /// Start the daemon in the background if it is not running.
    #[command(after_help = "Example:\n  studio-credits daemon start")]
    Start,
    /// Stop the running daemon.
    #[command(after_help = "Example:\n  studio-credits daemon stop && studio-credits daemon start")]
    Stop,
    /// Stop the running daemon (if any) and start a new one, which reads the configuration file and
    /// this shell's environment again (e.g. a Stripe key set since the daemon started). A daemon run
    /// by systemd or launchd: restart it there instead.
    #[command(after_help = "Example:\n  studio-credits daemon restart --json")]
    Restart,
    /// Is a daemon running? Its pid, version, socket, HTTP address and database.
    #[command(after_help = "Example:\n  studio-credits daemon status --json")]
    Status,
    /// Run the daemon as a user service (systemd on Linux, launchd on macOS) from login on.
    #[command(
        after_help = "Examples:\n  studio-credits daemon install && systemctl --user enable --now studio-credits\n  studio-credits daemon install --launchd --print"
    )]
    Install(ServiceInstallArgs),
    /// Remove the user service written by `daemon install`.
    #[command(
        after_help = "Example:\n  systemctl --user disable --now studio-credits; studio-credits daemon uninstall"
    )]
    Uninstall(ServiceKindArgs),
}

#[derive(Debug, Args)]
pub struct DaemonRunArgs {
    /// HTTP API address (default 127.0.0.1:4402; 127.0.0.1:0 picks a free port).
    #[arg(long, env = "STUDIO_CREDITS_HTTP_LISTEN", value_name = "ADDR")]
    pub http_listen: Option<String>,
}

#[derive(Debug, Args)]
pub struct ConfigArgs {
    #[command(subcommand)]
    pub command: ConfigCommand,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// The effective configuration, secrets redacted.
    #[command(after_help = "Example:\n  studio-credits config show --json")]
    Show,
    /// Where the config file lives.
    #[command(after_help = "Example:\n  $EDITOR \"$(studio-credits config path)\"")]
    Path,
}

const COMPLETIONS_HELP: &str = "Examples:
  studio-credits completions bash > ~/.local/share/bash-completion/completions/studio-credits
  studio-credits completions zsh > ~/.zfunc/_studio-credits   # with fpath+=~/.zfunc
  studio-credits completions fish > ~/.config/fish/completions/studio-credits.fish
  source <(studio-credits completions bash --dynamic)   # in ~/.bashrc; completes names too";

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
    /// Print a small script that asks studio-credits itself on every Tab, which also completes
    /// workspace, seat and plan names from the running daemon.
    #[arg(long)]
    pub dynamic: bool,
}

#[derive(Debug, Args)]
pub struct ServiceKindArgs {
    /// A systemd user unit in $XDG_CONFIG_HOME/systemd/user/ (the default on Linux).
    #[arg(long, conflicts_with = "launchd")]
    pub systemd: bool,
    /// A launchd agent in ~/Library/LaunchAgents/ (the default on macOS).
    #[arg(long)]
    pub launchd: bool,
}

#[derive(Debug, Args)]
pub struct ServiceInstallArgs {
    #[command(flatten)]
    pub kind: ServiceKindArgs,
    /// Print the unit instead of writing it.
    #[arg(long)]
    pub print: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_valid() {
        Cli::command().debug_assert();
    }
}

#[derive(Debug, Args)]
pub struct OpenArgs {
    /// Print the link instead of opening a browser (also the default when stdout is not a terminal).
    #[arg(long)]
    pub no_browser: bool,
}
