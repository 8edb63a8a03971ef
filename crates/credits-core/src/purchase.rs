//! Top-up purchases: how they are paid, who started them, and the state machine every
//! confirmation from Stripe (webhook or poll) goes through.
//!
//! ```text
//! created ──► pending ──► succeeded
//!    │           ├──────► failed | expired | canceled | mismatch
//!    └───────────┴──────► (any of those directly)
//! ```
//! `succeeded` is final. A purchase that ended locally as failed, expired or canceled still
//! becomes `succeeded` if Stripe later confirms the charge: the money was taken, so it is credited.
//! `mismatch` means Stripe reported a payment of another amount or currency than the purchase's:
//! nothing is credited and a person has to look; only a confirmation of the right amount can
//! still credit it.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::amount::{Cents, Credits};

macro_rules! str_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $v:ident => $s:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vm])* $v),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$v),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$v => $s),+ }
            }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                match s {
                    $($s => Ok($name::$v),)+
                    _ => Err(format!("unknown {} {s:?}", stringify!($name))),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

str_enum! {
    /// How a purchase is paid.
    PurchaseKind {
        /// Stripe-hosted Checkout: the buyer pays in a browser.
        Checkout => "checkout",
        /// An off-session charge of the customer's default card.
        Card => "card",
    }
}

str_enum! {
    /// Who started a purchase.
    PurchaseOrigin {
        /// A person, with `buy` (or a blocked spend that offered to buy).
        Buy => "buy",
        /// `ensure --min … --buy …`.
        Ensure => "ensure",
        /// The workspace's auto top-up rule.
        Auto => "auto",
    }
}

str_enum! {
    /// Where a purchase is in its life.
    PurchaseState {
        /// Recorded; Stripe has not answered yet.
        Created => "created",
        /// Stripe has the charge or checkout session; waiting for its confirmation.
        Pending => "pending",
        /// Stripe confirmed the charge and the credits were added to the top-up pool.
        Succeeded => "succeeded",
        /// Declined, needs authentication, or Stripe refused it.
        Failed => "failed",
        /// The checkout session expired unpaid.
        Expired => "expired",
        /// The buyer canceled the checkout.
        Canceled => "canceled",
        /// Stripe reported a payment of another amount or currency: nothing was credited.
        Mismatch => "mismatch",
    }
}

impl PurchaseState {
    /// Nothing more will happen on our side (only a late Stripe confirmation can still turn a
    /// failed, expired or canceled purchase into a succeeded one).
    pub fn is_terminal(self) -> bool {
        !matches!(self, PurchaseState::Created | PurchaseState::Pending)
    }

    /// The state after moving towards `to`, or `None` when the move is not allowed and must be
    /// ignored (a late or repeated confirmation).
    pub fn next(self, to: PurchaseState) -> Option<PurchaseState> {
        use PurchaseState::*;
        match (self, to) {
            (Succeeded, _) => None,
            (_, Succeeded) => Some(Succeeded),
            (Created | Pending, Pending) => Some(Pending),
            (Created | Pending, Failed | Expired | Canceled | Mismatch) => Some(to),
            (_, Created) => None,
            (Failed | Expired | Canceled | Mismatch, _) => None,
        }
    }
}

/// Why a purchase failed, as Stripe said it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurchaseFailure {
    /// Stripe's code (`card_declined`, `authentication_required`, …) or ours.
    pub code: Option<String>,
    pub message: String,
}

/// A purchase as shown to users (`purchases show --json`). Field names are part of the JSON
/// contract: add fields, never rename.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Purchase {
    pub id: String,
    pub workspace: String,
    pub kind: PurchaseKind,
    pub origin: PurchaseOrigin,
    pub state: PurchaseState,
    pub amount_cents: Cents,
    pub currency: String,
    /// Credits added to the top-up pool when it succeeds.
    pub credits: Credits,
    /// Where the buyer pays (hosted checkout, while open).
    pub checkout_url: Option<String>,
    pub stripe_customer: Option<String>,
    pub stripe_payment_intent: Option<String>,
    pub stripe_checkout_session: Option<String>,
    pub failure: Option<PurchaseFailure>,
    /// The `purchase` journal entry that credited it.
    pub journal_entry_id: Option<i64>,
    pub created_at: String,
    pub updated_at: String,
    pub completed_at: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::PurchaseState::{self, *};

    #[test]
    fn state_machine() {
        assert_eq!(Created.next(Pending), Some(Pending));
        assert_eq!(Pending.next(Pending), Some(Pending));
        assert_eq!(Created.next(Succeeded), Some(Succeeded));
        assert_eq!(Pending.next(Expired), Some(Expired));
        // Final, whatever arrives later.
        for to in PurchaseState::ALL {
            assert_eq!(Succeeded.next(*to), None);
        }
        // Money wins over a local failure; nothing else reopens it.
        assert_eq!(Failed.next(Succeeded), Some(Succeeded));
        assert_eq!(Expired.next(Succeeded), Some(Succeeded));
        assert_eq!(Canceled.next(Pending), None);
        assert_eq!(Failed.next(Expired), None);
        assert_eq!(Pending.next(Created), None);
        assert!(!Pending.is_terminal() && Failed.is_terminal() && Mismatch.is_terminal());
        assert_eq!(Pending.next(Mismatch), Some(Mismatch));
        assert_eq!(Mismatch.next(Succeeded), Some(Succeeded));
        assert_eq!(Mismatch.next(Pending), None);
        assert_eq!("expired".parse::<PurchaseState>(), Ok(Expired));
    }
}
