//! The CLI's one error type: a category (which fixes the exit code), a sentence, and an optional
//! hint saying what to do next.

use credits_core::records::Balance;

use crate::exit::{self, Kind};

/// An error the CLI reports and exits with.
#[derive(Debug, Clone)]
pub struct CliError {
    pub kind: Kind,
    pub message: String,
    pub hint: Option<String>,
    /// The balance behind a `payment_required` refusal.
    pub balance: Option<Balance>,
}

impl CliError {
    pub fn new(kind: Kind, message: impl Into<String>) -> CliError {
        CliError { kind, message: message.into(), hint: None, balance: None }
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
