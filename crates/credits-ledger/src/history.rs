//! What a history read asks for.

use credits_core::EntryKind;

/// Filters of a history read. Times are RFC 3339 strings compared against stored times.
#[derive(Debug, Clone, Default)]
pub struct HistoryQuery {
    pub since: Option<String>,
    pub until: Option<String>,
    pub seat: Option<String>,
    pub kind: Option<EntryKind>,
    /// Only entries older than this id (the keyset cursor of paged reads).
    pub before: Option<i64>,
    pub limit: Option<u32>,
}
