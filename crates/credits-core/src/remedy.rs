//! What a caller can do about a refusal, named by intent rather than worded: the ledger and the
//! daemon say which remedy applies, and each door words it for its audience (the CLI as a
//! `studio-credits …` command, the HTTP API as its own `hint` and `buy_url`).

use serde::{Deserialize, Serialize};

/// A remedy for an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Remedy {
    /// There is no default workspace: create one.
    AddWorkspace,
    /// The workspace named does not exist: list the ones that do.
    ListWorkspaces,
    /// The seat named does not exist: list the ones that do.
    ListSeats,
    /// The workspace has no seats: add one.
    AddSeat,
    /// The workspace has several seats and none was named: name one.
    NameSeat,
    /// The purchase named does not exist: list the ones that do.
    ListPurchases,
    /// The API key named does not exist: list the ones that do.
    ListKeys,
    /// Not enough credits: buy some.
    BuyCredits,
    /// The seat's monthly top-up limit stopped it: buying does not help; an admin can raise the
    /// limit, or it resets with the month.
    RaiseSeatLimit,
    /// The workspace's monthly top-up budget stopped it: as for a seat limit.
    RaiseTopupBudget,
    /// The ledger's database file is damaged: restore or salvage it.
    RepairLedger,
    /// The storage under the ledger failed: free space (or fix the disk), then retry.
    FreeDisk,
    /// The daemon has no Stripe secret key: give it one and restart it.
    ConfigureStripe,
    /// The daemon's Stripe settings are wrong (key rejected, unusable API base): fix them and
    /// restart it.
    FixStripeSettings,
    /// Nothing was charged and a charge without the cardholder cannot work (declined, needs
    /// authentication, no card on file): pay in the browser instead.
    PayInBrowser,
    /// Stripe could not be reached or failed mid-purchase: look at the purchase before retrying.
    CheckPurchase,
    /// Stripe refused the request as malformed: check the workspace's Stripe customer and settings.
    CheckStripeCustomer,
}
