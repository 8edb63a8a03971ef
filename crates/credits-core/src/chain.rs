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
    let mut put = |s: &str| {
        h.update((s.len() as u64).to_le_bytes());
        h.update(s.as_bytes());
    };
    put(prev_hex);
    put(&f.id.to_string());
    put(f.workspace);
    put(f.seat.unwrap_or("\u{0}"));
    put(f.pool);
    put(f.kind);
    put(&f.amount_millis.to_string());
    put(&f.balance_after_millis.to_string());
    put(f.period);
    put(f.reference.unwrap_or("\u{0}"));
    put(f.memo.unwrap_or("\u{0}"));
    put(f.time);
    if let Some(actor) = f.actor {
        put(actor);
    }
    hex::encode(h.finalize())
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
}
