//! Exit codes, decided here and nowhere else. They are part of the public contract: `--help`,
//! the man page and the README's table all show [`TABLE`].

use credits_proto::ErrorType;

pub const OK: u8 = 0;
pub const UNEXPECTED: u8 = 1;
pub const USAGE: i32 = 2;
pub const DAEMON_UNREACHABLE: u8 = 3;
pub const PAYMENT_FAILED: u8 = 4;
pub const NOT_FOUND: u8 = 5;
/// A missing, invalid, expired or revoked credential, or one without the scope needed (HTTP 401/403).
pub const NOT_AUTHORIZED: u8 = 6;
pub const STRIPE: u8 = 7;
/// `daemon run` found another daemon already serving this home (systemd: do not restart).
pub const ANOTHER_DAEMON: u8 = 11;
pub const ROLLOVER_OVERDUE: u8 = 20;
/// `backup --check`: the newest scheduled backup is older than twice `[backup] every`, or none.
pub const BACKUP_STALE: u8 = 21;
/// `reconcile`: the ledger and Stripe disagree (with `--fix`: on something it could not fix).
pub const RECONCILE_MISMATCH: u8 = 22;
pub const PAYMENT_REQUIRED: u8 = 42;

/// The help text's exit-code table.
pub const TABLE: &str = "\
Exit codes:
  0   success
  1   unexpected error
  2   usage error or invalid input (bad flag, bad amount)
  3   no daemon (daemon status, --no-autostart), it failed to start, or no answer within --timeout; the ledger's storage is unavailable (disk full, database unreachable; nothing changed, retry); with --server: unreachable, busy or untrusted certificate
  4   payment failed: declined, needs authentication, checkout expired or canceled
  5   not found (workspace, seat, purchase, key)
  6   not authorized (--server, HTTP 401/403): missing, invalid, expired or revoked key, or a key without the scope needed
  7   Stripe not configured or unreachable
  11  daemon run: another daemon already serves this ledger
  20  rollover --check: a reset is overdue, or the clock reads an earlier month than the ledger
  21  backup --check: the newest scheduled backup is older than twice [backup] every, or there is none
  22  reconcile: the ledger and Stripe disagree (with --fix: on what it could not fix)
  42  payment required (HTTP 402): included and top-up are both empty";

/// An error's category, as scripts see it in `{"error": {"type": …}}`.
pub type Kind = ErrorType;

/// The exit code for an error category.
pub fn code_for(kind: Kind) -> u8 {
    match kind {
        ErrorType::PaymentRequired => PAYMENT_REQUIRED,
        ErrorType::InvalidInput | ErrorType::IdempotencyError | ErrorType::Conflict => USAGE as u8,
        ErrorType::NotFound => NOT_FOUND,
        ErrorType::Unauthorized | ErrorType::Forbidden => NOT_AUTHORIZED,
        ErrorType::PaymentFailed => PAYMENT_FAILED,
        ErrorType::StripeUnavailable => STRIPE,
        // The service, not the request, failed and nothing changed: the same call can be retried
        // once the disk or the database is back, as when the daemon itself did not answer.
        ErrorType::DaemonUnreachable | ErrorType::Unavailable => DAEMON_UNREACHABLE,
        ErrorType::LedgerCorrupt | ErrorType::Internal => UNEXPECTED,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unauthorized_and_forbidden_are_exit_6_and_in_the_table() {
        assert_eq!(code_for(ErrorType::Unauthorized), NOT_AUTHORIZED);
        assert_eq!(code_for(ErrorType::Forbidden), NOT_AUTHORIZED);
        assert!(TABLE.contains(&format!("  {NOT_AUTHORIZED}   not authorized")));
    }
}
