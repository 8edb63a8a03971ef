//! The CLI's one error type: a category (which fixes the exit code), a sentence, and an optional
//! hint saying what to do next.

use credits_core::limits::TopupLimit;
use credits_core::records::Balance;
use credits_core::remedy::Remedy;

use crate::exit::{self, Kind};

/// An error the CLI reports and exits with.
#[derive(Debug, Clone)]
pub struct CliError {
    pub kind: Kind,
    pub message: String,
    pub hint: Option<String>,
    /// The balance behind a `payment_required` refusal.
    pub balance: Option<Box<Balance>>,
    /// The billing page link of a `payment_required` refusal.
    pub buy_url: Option<String>,
    /// The monthly top-up limit behind a `payment_required` refusal, if one refused it.
    pub limit: Option<TopupLimit>,
    /// The remedy the daemon named (already worded in `hint`): lets the CLI tell, say, an
    /// unknown workspace from an unknown seat.
    pub remedy: Option<Remedy>,
}

impl CliError {
    pub fn new(kind: Kind, message: impl Into<String>) -> CliError {
        CliError { kind, message: message.into(), hint: None, balance: None, buy_url: None, limit: None, remedy: None }
    }

    pub fn invalid(message: impl Into<String>) -> CliError {
        CliError::new(Kind::InvalidInput, message)
    }

    pub fn internal(message: impl Into<String>) -> CliError {
        CliError::new(Kind::Internal, message)
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> CliError {
        self.hint = Some(hint.into());
        self
    }

    pub fn exit_code(&self) -> u8 {
        exit::code_for(self.kind)
    }
}

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// [`remedy_hint`] with the purchase the error is about filled in, when it names one.
pub fn remedy_words(remedy: Remedy, purchase: Option<&str>) -> String {
    let hint = remedy_hint(remedy);
    match purchase {
        Some(id) if remedy == Remedy::CheckPurchase => {
            hint.replace("purchases show ID", &format!("purchases show {id}"))
        }
        _ => hint.to_owned(),
    }
}

/// A remedy the daemon named, as the `studio-credits …` command that carries it out. The daemon
/// never words these itself: its other door, the HTTP API, has no CLI to offer.
pub fn remedy_hint(remedy: Remedy) -> &'static str {
    match remedy {
        Remedy::ConfigureStripe => {
            "set STRIPE_SECRET_KEY (or stripe.secret_key in config.toml) to your Stripe secret key, e.g. a \
             test-mode sk_test_… key, then `studio-credits daemon restart`"
        }
        Remedy::FixStripeSettings => {
            "fix STRIPE_SECRET_KEY (or stripe.secret_key) and stripe.api_base (STUDIO_CREDITS_STRIPE_API_BASE), then \
             `studio-credits daemon restart`"
        }
        Remedy::PayInBrowser => {
            "nothing was charged; run `studio-credits buy DOLLARS` interactively (without --card-on-file) to pay \
             with a card and authenticate in the browser"
        }
        Remedy::CheckPurchase => {
            "check the network and stripe.api_base; `studio-credits purchases show ID` tells whether Stripe charged \
             anything before you buy again"
        }
        Remedy::CheckStripeCustomer => {
            "check the workspace's Stripe customer (`studio-credits workspace show`) and the Stripe settings"
        }
        Remedy::AddWorkspace => "create one with `studio-credits workspace add NAME`",
        Remedy::ListWorkspaces => "see `studio-credits workspace list`",
        Remedy::ListSeats => "see `studio-credits seats list`",
        Remedy::AddSeat => "add one with `studio-credits seats add NAME`",
        Remedy::NameSeat => "choose one with --seat (see `studio-credits seats list`)",
        Remedy::ListPurchases => "see `studio-credits purchases list`",
        Remedy::ListKeys => "see `studio-credits keys list`",
        Remedy::BuyCredits => "buy credits with `studio-credits buy DOLLARS`",
        Remedy::RaiseSeatLimit => {
            "buying credits does not help: the limit starts afresh at the monthly reset, or an admin raises it with \
             `studio-credits seats limit SEAT --topup-per-month CREDITS` (see `studio-credits seats list`)"
        }
        Remedy::RaiseTopupBudget => {
            "buying credits does not help: the budget starts afresh at the monthly reset, or an admin raises it with \
             `studio-credits workspace set --topup-budget-per-month CREDITS`"
        }
        Remedy::RepairLedger => {
            "stop the daemon (`studio-credits daemon stop`), restore the database file from a backup or salvage it \
             with `sqlite3 FILE .recover`, put the result in its place, and start the daemon again; \
             `studio-credits verify` checks the file and the journal"
        }
        Remedy::FreeDisk => {
            "nothing was changed: free space on the disk that holds the ledger, or bring its PostgreSQL database back \
             (`studio-credits daemon status` names the store), then retry the same command"
        }
    }
}
