//! The CLI's one error type: a category (which fixes the exit code), a sentence, and an optional
//! hint saying what to do next.

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
    /// The remedy the daemon named (already worded in `hint`): lets the CLI tell, say, an
    /// unknown workspace from an unknown seat.
    pub remedy: Option<Remedy>,
}

impl CliError {
    pub fn new(kind: Kind, message: impl Into<String>) -> CliError {
        CliError { kind, message: message.into(), hint: None, balance: None, buy_url: None, remedy: None }
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

/// A remedy the daemon named, as the `studio-credits …` command that carries it out. The daemon
/// never words these itself: its other door, the HTTP API, has no CLI to offer.
pub fn remedy_hint(remedy: Remedy) -> &'static str {
    match remedy {
        Remedy::AddWorkspace => "create one with `studio-credits workspace add NAME`",
        Remedy::ListWorkspaces => "see `studio-credits workspace list`",
        Remedy::ListSeats => "see `studio-credits seats list`",
        Remedy::AddSeat => "add one with `studio-credits seats add NAME`",
        Remedy::NameSeat => "choose one with --seat (see `studio-credits seats list`)",
        Remedy::ListPurchases => "see `studio-credits purchases list`",
        Remedy::ListKeys => "see `studio-credits keys list`",
        Remedy::BuyCredits => "buy credits with `studio-credits buy DOLLARS`",
        Remedy::RepairLedger => {
            "stop the daemon (`studio-credits daemon stop`), restore the database file from a backup or salvage it \
             with `sqlite3 FILE .recover`, put the result in its place, and start the daemon again; \
             `studio-credits verify` checks the file and the journal"
        }
        Remedy::FreeDisk => {
            "free space on the disk that holds the ledger (`studio-credits config show` names it), then retry"
        }
    }
}
