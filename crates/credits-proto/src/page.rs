//! Paged list answers. A list call answers one page: at most [`PAGE_ITEMS`] items and at most
//! [`PAGE_BYTES`] of them encoded, so no answer can outgrow [`crate::MAX_MESSAGE_BYTES`] however
//! large the ledger gets. `next` is the cursor to pass back for the following page; it is absent
//! on the last one. Cursors are keyset positions (the last item's key), so a page costs the same
//! at the start and at the end of a million-entry journal.

use credits_core::purchase::Purchase;
use credits_core::records::{Entry, Hold, SeatInfo, WorkspaceBalance, WorkspaceInfo};
use serde::{Deserialize, Serialize};

/// Most items in one page; also the page size when a call names none.
pub const PAGE_ITEMS: u32 = 1000;

/// Most bytes of encoded items in one page. A quarter of the frame limit leaves room for the
/// envelope and for any single item (a memo is at most 1000 characters).
pub const PAGE_BYTES: usize = crate::MAX_MESSAGE_BYTES / 4;

/// The page size to use for a requested `limit`: the limit, but never more than [`PAGE_ITEMS`].
pub fn page_size(limit: Option<u32>) -> u32 {
    limit.map_or(PAGE_ITEMS, |l| l.min(PAGE_ITEMS))
}

/// The longest prefix of `items` whose encodings add up to at most `budget` bytes (always the
/// first item, if any: one item is never split). The flag is true when items were left out.
pub fn fit<T: Serialize>(mut items: Vec<T>, budget: usize) -> (Vec<T>, bool) {
    let mut used = 0usize;
    let mut keep = items.len();
    for (i, item) in items.iter().enumerate() {
        // `,` between items; an item that cannot be encoded counts as too large.
        used += serde_json::to_vec(item).map_or(usize::MAX / 2, |v| v.len()) + 1;
        if used > budget && i > 0 {
            keep = i;
            break;
        }
    }
    let cut = keep < items.len();
    items.truncate(keep);
    (items, cut)
}

/// What every page answer has: some items and, unless it is the last, the next page's cursor.
pub trait Page {
    /// The cursor of the following page; `None` on the last page. A page without items is the
    /// last, whatever it says.
    fn next_cursor(&self) -> Option<&str>;
}

macro_rules! page {
    ($page:ty, $($items:ident).+) => {
        impl Page for $page {
            fn next_cursor(&self) -> Option<&str> {
                if self.$($items).+.is_empty() { None } else { self.next.as_deref() }
            }
        }
    };
}
page!(HistoryPage, entries);
page!(SeatsPage, seats);
page!(SeatBalancesPage, balance.seats);
page!(WorkspacesPage, workspaces);
page!(PurchasesPage, purchases);
page!(HoldsPage, holds);

/// One page of `history`: journal entries, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryPage {
    pub entries: Vec<Entry>,
    /// Cursor of the next (older) page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// Every matching entry, all pages together; only when asked (`count`) and more follow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<u64>,
}

/// One page of `hold_list`: open holds, soonest to expire first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HoldsPage {
    pub holds: Vec<Hold>,
    /// Cursor of the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// One page of `seats_list`: active seats by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatsPage {
    pub seats: Vec<SeatInfo>,
    /// Cursor of the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// One page of `balance` with `all_seats`: seats by name, with the workspace's top-up pool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatBalancesPage {
    #[serde(flatten)]
    pub balance: WorkspaceBalance,
    /// Cursor of the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// One page of `workspace_list`: workspaces by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkspacesPage {
    pub workspaces: Vec<WorkspaceInfo>,
    /// Cursor of the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// One page of `purchases_list`: purchases, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurchasesPage {
    pub purchases: Vec<Purchase>,
    /// Cursor of the next (older) page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_keeps_a_prefix_within_the_budget() {
        let items: Vec<String> = (0..10).map(|i| format!("{i:08}")).collect();
        // Each item encodes to 10 bytes, plus one for the separator.
        let (kept, cut) = fit(items.clone(), 35);
        assert_eq!((kept.len(), cut), (3, true));
        let (kept, cut) = fit(items.clone(), 10_000);
        assert_eq!((kept.len(), cut), (10, false));
        // One item is never split, even when it alone is over the budget.
        let (kept, cut) = fit(items, 1);
        assert_eq!((kept.len(), cut), (1, true));
        assert_eq!(page_size(None), PAGE_ITEMS);
        assert_eq!(page_size(Some(5)), 5);
        assert_eq!(page_size(Some(1_000_000)), PAGE_ITEMS);
    }
}
