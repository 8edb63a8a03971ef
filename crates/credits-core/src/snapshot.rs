//! What a ledger snapshot holds, as `backup`, `restore` and the daemon's scheduled backups
//! report it (the JSON of `backup --json`): the file, its size, and what `verify` found in it,
//! with each workspace's chain head so two copies can be compared without reading them.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// One workspace's hash chain head: the hash of its newest journal entry.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ChainHead {
    pub workspace: String,
    pub head: String,
}

/// A snapshot of the ledger, checked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotReport {
    /// The snapshot's file (absolute).
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
    pub workspaces: i64,
    pub seats: i64,
    pub entries: i64,
    /// Every workspace's chain head, by workspace name.
    pub chain_heads: Vec<ChainHead>,
    /// What `verify` found in the copy: empty for a snapshot the command reports as made.
    pub problems: Vec<String>,
}
