//! Domain types and ledger rules of studio-credits: exact amounts, plans, billing periods and the
//! pool arithmetic every debit obeys. No I/O lives here.

pub mod actor;
pub mod amount;
pub mod chain;
pub mod forecast;
pub mod keys;
pub mod ledger;
pub mod limits;
pub mod memo;
pub mod notify;
pub mod period;
pub mod plan;
pub mod purchase;
pub mod records;
pub mod remedy;
pub mod rules;
pub mod simulate;
pub mod snapshot;
pub mod time;

pub use actor::{Actor, ActorError};
pub use amount::{AmountError, Cents, Credits};
pub use ledger::{EntryKind, Insufficient, Pool, Split, split_debit};
pub use memo::{MAX_MEMO_CHARS, MemoError};
pub use period::{Period, PeriodError};
pub use plan::{Plan, PlanCatalogue};
