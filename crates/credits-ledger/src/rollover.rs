//! The monthly reset's view of workspaces: which are due, and what a rollover did.

pub use credits_core::records::{Due, PeriodState, RolloverReport, WorkspaceStatus};
