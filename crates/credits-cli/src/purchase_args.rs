//! Command-line arguments of the purchase commands: `buy`, `ensure`, `purchases`, `auto-topup`,
//! `usage` and `advise`.

use clap::{Args, Subcommand};
use credits_core::{Cents, Credits};

/// Dollars, with a hint that they are dollars when the input is not a number at all (`buy abc`).
fn dollars(s: &str) -> Result<Cents, String> {
    Cents::parse_dollars(s).map_err(|e| match e {
        credits_core::AmountError::Malformed(_) => {
            format!("{s:?} is not an amount of dollars; amounts are in US dollars, e.g. 20, 20.50 or $20")
        }
        e => e.to_string(),
    })
}

fn credits(s: &str) -> Result<Credits, String> {
    Credits::parse_positive(s).map_err(|e| e.to_string())
}

#[derive(Debug, Args)]
pub struct BuyArgs {
    /// Dollars to spend: 20, 20.00 or $20 (whole cents, within the configured minimum and maximum).
    #[arg(value_parser = dollars, allow_negative_numbers = true, value_name = "DOLLARS")]
    pub dollars: Cents,
    /// Charge the card on file (off-session, no browser) instead of opening Stripe Checkout.
    #[arg(long)]
    pub card_on_file: bool,
    /// Do not ask for confirmation (required when stdin is not a terminal).
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Return at once with the purchase id instead of waiting for Stripe's confirmation.
    #[arg(long)]
    pub no_wait: bool,
    /// Print the checkout URL without opening a browser.
    #[arg(long)]
    pub no_browser: bool,
    /// Makes a rerun safe: a purchase under the same key is answered again, never bought twice
    /// (default: a new key for each run).
    #[arg(long, value_name = "KEY")]
    pub idempotency_key: Option<String>,
}

#[derive(Debug, Args)]
pub struct EnsureArgs {
    /// Buy only if spendable credits are below this many.
    #[arg(long, value_parser = credits, value_name = "CREDITS")]
    pub min: Credits,
    /// How much to buy then, in dollars.
    #[arg(long = "buy", value_parser = dollars, allow_negative_numbers = true, value_name = "DOLLARS")]
    pub dollars: Cents,
    /// Charge the card on file (what CI wants) instead of opening Stripe Checkout.
    #[arg(long)]
    pub card_on_file: bool,
    /// Do not ask for confirmation (required when stdin is not a terminal).
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Seat whose spendable credits count (default: your own seat, or the only one; with several
    /// seats and none chosen, the shared top-up pool alone).
    #[arg(long, short = 's')]
    pub seat: Option<String>,
    /// Print the checkout URL without opening a browser.
    #[arg(long)]
    pub no_browser: bool,
    /// Makes a rerun of the job safe: when an ensure under this key bought, its purchase is
    /// answered again instead of buying; use a key unique to the job run, such as its run id
    /// (default: a new key for each run).
    #[arg(long, value_name = "KEY")]
    pub idempotency_key: Option<String>,
}

#[derive(Debug, Args)]
pub struct PurchasesArgs {
    #[command(subcommand)]
    pub command: PurchasesCommand,
}

#[derive(Debug, Subcommand)]
pub enum PurchasesCommand {
    /// The workspace's purchases, newest first.
    #[command(after_help = "Example:\n  studio-credits purchases list --limit 5 --json")]
    List {
        /// At most this many.
        #[arg(long, short = 'n', default_value_t = 20)]
        limit: u32,
    },
    /// One purchase, with its Stripe ids.
    #[command(after_help = "Example:\n  studio-credits purchases show pur_8sFq2LxYp3 --json")]
    Show {
        /// The purchase's id (pur_…, see `purchases list`).
        id: String,
    },
    /// Cancel a purchase whose checkout page is still open (it can no longer be paid).
    #[command(after_help = "Example:\n  studio-credits purchases cancel pur_8sFq2LxYp3")]
    Cancel {
        /// The purchase's id (pur_…).
        id: String,
    },
}

#[derive(Debug, Args)]
pub struct AutoTopupArgs {
    #[command(subcommand)]
    pub command: AutoTopupCommand,
}

#[derive(Debug, Subcommand)]
pub enum AutoTopupCommand {
    /// The workspace's rule and what it bought this month.
    #[command(after_help = "Example:\n  studio-credits auto-topup show --json")]
    Show,
    /// Below --below credits, buy --buy dollars on the card on file, at most --max-per-month.
    #[command(after_help = "Example:\n  studio-credits auto-topup set --below 200 --buy 20 --max-per-month 100")]
    Set {
        /// Buy when the lowest spendable balance of any seat falls below this many credits.
        #[arg(long, value_parser = credits, value_name = "CREDITS")]
        below: Credits,
        /// Dollars to buy each time.
        #[arg(long = "buy", value_parser = dollars, value_name = "DOLLARS")]
        dollars: Cents,
        /// At most this many dollars of auto top-ups per month.
        #[arg(long, value_parser = dollars, value_name = "DOLLARS")]
        max_per_month: Cents,
    },
    /// Turn auto top-up off.
    #[command(after_help = "Example:\n  studio-credits auto-topup off")]
    Off,
    /// Dry run: at the current burn (the forecast's rate of each seat), how many times would the
    /// rule buy over the next days, and would the monthly cap stop it? Buys nothing. Simulates
    /// the workspace's rule, or the one given with --below, --buy and --max-per-month.
    #[command(
        after_help = "Examples:\n  studio-credits auto-topup simulate --days 30 --below 200 --buy 20 --max-per-month 100\n  studio-credits auto-topup simulate --days 7 --json    # the workspace's own rule"
    )]
    Simulate {
        /// How many days ahead (1 to 92).
        #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..=92))]
        days: u32,
        /// Try this threshold instead of the rule's (with --buy and --max-per-month).
        #[arg(long, value_parser = credits, value_name = "CREDITS", requires_all = ["dollars", "max_per_month"])]
        below: Option<Credits>,
        /// Try buying this many dollars each time (with --below and --max-per-month).
        #[arg(long = "buy", value_parser = dollars, value_name = "DOLLARS", requires_all = ["below", "max_per_month"])]
        dollars: Option<Cents>,
        /// Try this monthly cap in dollars (with --below and --buy).
        #[arg(long, value_parser = dollars, value_name = "DOLLARS", requires_all = ["below", "dollars"])]
        max_per_month: Option<Cents>,
    },
}

#[derive(Debug, Args)]
pub struct UsageArgs {
    /// How many months, newest first.
    #[arg(long, short = 'm', default_value_t = 6, value_parser = clap::value_parser!(u32).range(1..=120))]
    pub months: u32,
    /// Only this seat's burn and forecast (the months stay the workspace's).
    #[arg(long, short = 's')]
    pub seat: Option<String>,
}
