//! Purchases as the ledger records them: a new purchase, the state machine's transitions, and
//! the decisions `ensure` and auto top-up take inside one transaction.

use credits_core::purchase::{Purchase, PurchaseKind, PurchaseOrigin, PurchaseState};
use credits_core::records::Entry;
use credits_core::{Actor, Cents, Credits};

pub use credits_core::records::AutoRule;

/// A purchase about to be recorded (state `created`).
#[derive(Debug, Clone)]
pub struct NewPurchase {
    /// `pur_…`, chosen by the caller (it keys every Stripe request of the purchase).
    pub id: String,
    pub kind: PurchaseKind,
    pub origin: PurchaseOrigin,
    pub amount: Cents,
    pub currency: String,
    pub credits: Credits,
    pub stripe_customer: Option<String>,
    /// Who buys: the actor of the entry that credits it, whenever and however Stripe confirms.
    pub actor: Actor,
    /// Makes the request safe to retry: while a purchase of the workspace carries this key, no
    /// other is recorded under it. The earlier one is answered instead (same amount and kind),
    /// or the request is refused as `idempotency_error` (another amount or kind).
    pub idempotency_key: Option<String>,
}

/// Whether `earlier`, recorded under idempotency key `key`, answers a request for `amount` of
/// `kind` (the same purchase asked again); another amount or kind is an `idempotency_error`.
pub fn replays(key: &str, earlier: &Purchase, amount: Cents, kind: PurchaseKind) -> Result<(), crate::StoreError> {
    if earlier.amount_cents == amount && earlier.kind == kind {
        return Ok(());
    }
    let how = if earlier.kind == PurchaseKind::Card { "on the card on file" } else { "by checkout" };
    Err(crate::StoreError::Idempotency(format!(
        "idempotency key {key:?} was already used for purchase {} ({} {how}); use a new key for another purchase",
        earlier.id, earlier.amount_cents
    )))
}

/// A move of the state machine, with what Stripe told us.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transition {
    /// Stripe has the charge or session; ids learned so far (absent ones are kept).
    Pending {
        payment_intent: Option<String>,
        checkout_session: Option<String>,
        checkout_url: Option<String>,
    },
    /// Stripe confirmed the charge: credit the top-up pool.
    Succeeded {
        payment_intent: Option<String>,
    },
    Failed {
        code: Option<String>,
        message: String,
    },
    Expired,
    Canceled,
    /// Stripe reported a payment of another amount or currency: credit nothing, say why.
    Mismatch {
        message: String,
    },
}

impl Transition {
    /// The state this transition moves a purchase to.
    pub fn target(&self) -> PurchaseState {
        match self {
            Transition::Pending { .. } => PurchaseState::Pending,
            Transition::Succeeded { .. } => PurchaseState::Succeeded,
            Transition::Failed { .. } => PurchaseState::Failed,
            Transition::Expired => PurchaseState::Expired,
            Transition::Canceled => PurchaseState::Canceled,
            Transition::Mismatch { .. } => PurchaseState::Mismatch,
        }
    }
}

/// What applying a transition did.
#[derive(Debug, Clone)]
pub struct Applied {
    /// The purchase after the transition (or unchanged).
    pub purchase: Purchase,
    /// False when the transition was not allowed (late or repeated confirmation): nothing changed.
    pub changed: bool,
    /// The journal entry written when this call credited the purchase.
    pub credited: Option<Entry>,
}

/// What `ensure` decided, in one transaction.
#[derive(Debug, Clone)]
pub enum EnsureDecision {
    /// Spendable credits are at or above the minimum: nothing to buy.
    Sufficient { spendable: Credits },
    /// Another scripted purchase is in flight: wait for it, then decide again.
    InFlight { purchase: Box<Purchase> },
    /// Below the minimum: this purchase was recorded and is to be carried out.
    Created { purchase: Box<Purchase>, spendable: Credits },
}

/// What the auto top-up rule decided.
#[derive(Debug, Clone)]
pub enum AutoDecision {
    /// Nothing to do, and why (for logs).
    Skip(&'static str),
    /// This purchase was recorded and is to be charged.
    Created(Box<Purchase>),
}
