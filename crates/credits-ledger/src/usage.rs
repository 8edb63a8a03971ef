//! Per-period usage of a workspace (the `usage` and `advise` reports).

pub use credits_core::records::MonthUsage;
