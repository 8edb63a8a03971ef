//! The note a caller stores with a debit or a hold, and the one rule for its length, shared by
//! every door (CLI, local socket, HTTP) so the same memo is accepted or refused everywhere.

/// Longest memo, in characters (Unicode scalar values, not bytes: "é" is one).
pub const MAX_MEMO_CHARS: usize = 1000;

/// Why a memo was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("memo is longer than {MAX_MEMO_CHARS} characters ({0} given)")]
pub struct MemoError(pub usize);

/// Checks `memo` against the length rule.
pub fn check(memo: &str) -> Result<(), MemoError> {
    // Counting stops just past the limit: a 60 KiB memo costs no more than a 1,001-character one.
    let n = memo.chars().take(MAX_MEMO_CHARS + 1).count();
    if n > MAX_MEMO_CHARS { Err(MemoError(memo.chars().count())) } else { Ok(()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_characters_not_bytes() {
        assert!(check(&"x".repeat(1000)).is_ok());
        assert!(check(&"é".repeat(1000)).is_ok(), "2,000 bytes but 1,000 characters");
        assert!(check(&"🙂".repeat(1000)).is_ok());
        assert_eq!(check(&"x".repeat(1001)), Err(MemoError(1001)));
        assert_eq!(check(&"é".repeat(1001)), Err(MemoError(1001)));
        assert!(check("").is_ok());
    }
}
