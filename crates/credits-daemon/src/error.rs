//! Errors as the daemon reports them: a stable type, one sentence, for `payment_required` the
//! balance that did not cover the request, and what the caller can do as a [`Remedy`] that each
//! door words for itself (no CLI command reaches an HTTP client).

use credits_core::Credits;
use credits_core::limits::{LimitKind, TopupLimit};
use credits_core::records::Balance;
use credits_core::remedy::Remedy;
use credits_ledger::StoreError;
use credits_proto::ErrorType;

/// An application error answered over the socket or HTTP.
#[derive(Debug, Clone)]
pub struct AppError {
    pub kind: ErrorType,
    pub message: String,
    pub balance: Option<Box<Balance>>,
    /// For `payment_required`: the monthly top-up limit that refused it, if one did.
    pub limit: Option<TopupLimit>,
    /// Words for a situation no [`Remedy`] names; both doors pass them on.
    pub hint: Option<String>,
    pub remedy: Option<Remedy>,
    /// The purchase the error is about (a failed or uncertain charge), for the door to name.
    pub purchase: Option<String>,
}

impl AppError {
    pub fn new(kind: ErrorType, message: impl Into<String>) -> AppError {
        AppError { kind, message: message.into(), balance: None, limit: None, hint: None, remedy: None, purchase: None }
    }

    pub fn invalid(message: impl Into<String>) -> AppError {
        AppError::new(ErrorType::InvalidInput, message)
    }

    pub fn internal(message: impl Into<String>) -> AppError {
        AppError::new(ErrorType::Internal, message)
    }

    pub fn with_remedy(mut self, remedy: Option<Remedy>) -> AppError {
        self.remedy = remedy;
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> AppError {
        self.hint = Some(hint.into());
        self
    }

    /// The purchase this error is about, if any (a door links to it or names it in its hint).
    pub fn about(mut self, purchase: Option<&str>) -> AppError {
        self.purchase = purchase.map(str::to_owned);
        self
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> AppError {
        match e {
            StoreError::PaymentRequired { needed, balance, limit: None } => AppError {
                kind: ErrorType::PaymentRequired,
                message: format!(
                    "payment required: {needed} credits needed but only {} spendable ({} included, {} top-up)",
                    balance.spendable, balance.included.remaining, balance.topup.remaining
                ),
                balance: Some(balance),
                limit: None,
                hint: None,
                remedy: Some(Remedy::BuyCredits),
                purchase: None,
            },
            StoreError::PaymentRequired { needed, balance, limit: Some(limit) } => AppError {
                kind: ErrorType::PaymentRequired,
                message: limit_message(needed, &balance, &limit),
                limit: Some(*limit),
                remedy: Some(match limit.kind {
                    LimitKind::SeatTopupMonthly => Remedy::RaiseSeatLimit,
                    LimitKind::WorkspaceTopupMonthly => Remedy::RaiseTopupBudget,
                }),
                balance: Some(balance),
                hint: None,
                purchase: None,
            },
            StoreError::NotFound(m) => AppError::new(ErrorType::NotFound, m.message).with_remedy(m.remedy),
            StoreError::SeatNotChosen(m) => {
                AppError::new(ErrorType::InvalidInput, m).with_remedy(Some(Remedy::NameSeat))
            }
            StoreError::InvalidInput(m) => AppError::new(ErrorType::InvalidInput, m),
            StoreError::Idempotency(m) => AppError::new(ErrorType::IdempotencyError, m),
            StoreError::Conflict(m) => AppError::new(ErrorType::Conflict, m),
            StoreError::Damaged(m) => {
                AppError::new(ErrorType::LedgerCorrupt, m).with_remedy(Some(Remedy::RepairLedger))
            }
            e @ StoreError::Unavailable(_) => {
                tracing::error!(error = %e, "ledger storage failed");
                AppError::new(ErrorType::Unavailable, e.to_string()).with_remedy(Some(Remedy::FreeDisk))
            }
            e @ StoreError::Internal(_) => {
                tracing::error!(error = %e, "ledger error");
                AppError::internal(e.to_string())
            }
        }
    }
}

/// Why a limit refused a request, in one sentence with the figures.
fn limit_message(needed: Credits, balance: &Balance, limit: &TopupLimit) -> String {
    let who = match limit.kind {
        LimitKind::SeatTopupMonthly if limit.limit.is_zero() => {
            return format!(
                "payment required: seat '{}' may use included credits only (its monthly top-up limit is 0); {needed} \
                 credits needed, {} included left",
                balance.seat, balance.included.remaining
            );
        }
        LimitKind::SeatTopupMonthly => format!("seat '{}' would pass its monthly top-up limit", balance.seat),
        LimitKind::WorkspaceTopupMonthly => {
            format!("workspace '{}' would pass its monthly top-up budget", balance.workspace)
        }
    };
    format!(
        "payment required: {who} ({} of {} credits drawn this month); {needed} credits needed, {} spendable",
        limit.used, limit.limit, balance.spendable
    )
}

impl From<tokio::task::JoinError> for AppError {
    fn from(e: tokio::task::JoinError) -> AppError {
        AppError::internal(format!("a background task failed: {e}"))
    }
}
