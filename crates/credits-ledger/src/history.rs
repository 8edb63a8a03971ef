//! What a history read asks for.

use credits_core::EntryKind;
use jiff::Timestamp;

/// Filters of a history read.
#[derive(Debug, Clone, Default)]
pub struct HistoryQuery {
    /// Entries at or after this instant.
    pub since: Option<Timestamp>,
    /// Entries before this instant.
    pub until: Option<Timestamp>,
    pub seat: Option<String>,
    pub kind: Option<EntryKind>,
    /// Only entries older than this id (the keyset cursor of paged reads).
    pub before: Option<i64>,
    pub limit: Option<u32>,
}
