//! The journal's tamper-evident hash chain: each entry's hash covers the previous entry's hash
//! and the entry's own fields, so an edit, insertion or deletion breaks every later link.

use sha2::{Digest, Sha256};

/// The hash before a workspace's first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The fields of a journal entry that the chain protects.
#[derive(Debug, Clone, Copy)]
pub struct ChainFields<'a> {
    pub id: i64,
    pub workspace: &'a str,
    pub seat: Option<&'a str>,
    pub pool: &'a str,
    pub kind: &'a str,
    pub amount_millis: i64,
    pub balance_after_millis: i64,
    pub period: &'a str,
    pub reference: Option<&'a str>,
    pub memo: Option<&'a str>,
    pub time: &'a str,
    /// Who wrote the entry (`Actor`'s string form); `None` only for entries written before
    /// actors were recorded, which hash exactly as they did then.
    pub actor: Option<&'a str>,
}

/// Hex SHA-256 over the previous hash and the entry's fields, each length-prefixed so no two
/// different entries can serialize to the same bytes. The actor comes last and only when there
/// is one: entries from before it existed keep their hashes, and an entry with an actor has one
/// more field than any without, so removing or adding it breaks the link too.
pub fn entry_hash(prev_hex: &str, f: &ChainFields<'_>) -> String {
    let mut h = Sha256::new();
    let mut put = |s: &[u8]| {
        h.update((s.len() as u64).to_le_bytes());
        h.update(s);
    };
    // Numbers are hashed as their decimal text, written on the stack: an entry is hashed on
    // every debit, and three `to_string`s showed in its cost.
    let mut digits = Decimal::default();
    put(prev_hex.as_bytes());
    put(digits.of(f.id));
    put(f.workspace.as_bytes());
    put(f.seat.unwrap_or("\u{0}").as_bytes());
    put(f.pool.as_bytes());
    put(f.kind.as_bytes());
    put(digits.of(f.amount_millis));
    put(digits.of(f.balance_after_millis));
    put(f.period.as_bytes());
    put(f.reference.unwrap_or("\u{0}").as_bytes());
    put(f.memo.unwrap_or("\u{0}").as_bytes());
    put(f.time.as_bytes());
    if let Some(actor) = f.actor {
        put(actor.as_bytes());
    }
    lower_hex(&h.finalize())
}

/// Room for any `i64` in decimal, sign included.
#[derive(Default)]
struct Decimal([u8; 20]);

impl Decimal {
    /// `n` in decimal, exactly as `n.to_string()` writes it.
    fn of(&mut self, n: i64) -> &[u8] {
        let mut v = n.unsigned_abs();
        let mut at = self.0.len();
        loop {
            at -= 1;
            self.0[at] = b'0' + (v % 10) as u8;
            v /= 10;
            if v == 0 {
                break;
            }
        }
        if n < 0 {
            at -= 1;
            self.0[at] = b'-';
        }
        &self.0[at..]
    }
}

/// Lowercase hex, as `hex::encode` writes it, into one allocation of the right size.
fn lower_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(actor: Option<&str>) -> ChainFields<'_> {
        ChainFields {
            id: 7,
            workspace: "w",
            seat: Some("s"),
            pool: "included",
            kind: "debit",
            amount_millis: -1000,
            balance_after_millis: 4000,
            period: "2026-11",
            reference: None,
            memo: Some("m"),
            time: "2026-11-10T12:00:00Z",
            actor,
        }
    }

    /// An entry without an actor hashes over exactly the fields it always had (so entries
    /// written before actors verify unchanged), and the actor, when there is one, changes the hash.
    #[test]
    fn the_actor_is_covered_and_absent_means_the_old_hash() {
        let mut h = Sha256::new();
        for s in [GENESIS, "7", "w", "s", "included", "debit", "-1000", "4000", "2026-11", "\u{0}", "m"] {
            h.update((s.len() as u64).to_le_bytes());
            h.update(s.as_bytes());
        }
        h.update(20u64.to_le_bytes());
        h.update(b"2026-11-10T12:00:00Z");
        assert_eq!(entry_hash(GENESIS, &fields(None)), hex::encode(h.finalize()));
        let alice = entry_hash(GENESIS, &fields(Some("cli:alice")));
        assert_ne!(alice, entry_hash(GENESIS, &fields(None)));
        assert_ne!(alice, entry_hash(GENESIS, &fields(Some("cli:bob"))));
        assert_ne!(alice, entry_hash(GENESIS, &fields(Some("daemon"))));
    }

    /// Numbers hash as their `to_string` text and the digest reads as `hex::encode` writes it,
    /// for any value an entry can hold.
    #[test]
    fn numbers_and_digest_are_written_as_before() {
        let mut d = Decimal::default();
        for n in [0, 1, -1, 9, 10, -10, 1_000, -12_500, i64::MAX, i64::MIN, i64::MIN + 1] {
            assert_eq!(d.of(n), n.to_string().as_bytes());
        }
        for bytes in [[0u8; 32], [0xff; 32], core::array::from_fn(|i| (i * 37) as u8)] {
            assert_eq!(lower_hex(&bytes), hex::encode(bytes));
        }
        let mut f = fields(Some("cli:alice"));
        (f.id, f.amount_millis, f.balance_after_millis) = (i64::MAX, i64::MIN, -1);
        let mut h = Sha256::new();
        for s in [GENESIS, &i64::MAX.to_string(), "w", "s", "included", "debit", &i64::MIN.to_string(), "-1"] {
            h.update((s.len() as u64).to_le_bytes());
            h.update(s.as_bytes());
        }
        for s in ["2026-11", "\u{0}", "m", "2026-11-10T12:00:00Z", "cli:alice"] {
            h.update((s.len() as u64).to_le_bytes());
            h.update(s.as_bytes());
        }
        assert_eq!(entry_hash(GENESIS, &f), hex::encode(h.finalize()));
    }
}
