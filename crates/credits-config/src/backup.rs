//! Scheduled backups (`[backup]` in the config file): how often the daemon snapshots the ledger,
//! how many snapshots it keeps and where, and the file names it gives them, which `backup
//! --check` reads back (a name carries its UTC time, so a copied directory keeps its ages).

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// `[backup]` as written: every key optional; without `every` the daemon takes none itself.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupFile {
    /// `"1h"`, `"30m"`, `"1d"`, `"90s"`.
    pub every: Option<String>,
    pub keep: Option<u32>,
    /// Relative to the config file's directory.
    pub dir: Option<PathBuf>,
}

/// Resolved scheduled-backup settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupSettings {
    /// How often; `None`: no scheduled backups.
    #[serde(rename = "every_seconds", serialize_with = "ser_secs")]
    pub every: Option<Duration>,
    /// How many snapshots to keep (the newest), at least 1.
    pub keep: u32,
    /// Where they go (default: `backups/` next to the ledger file).
    pub dir: PathBuf,
}

fn ser_secs<S: serde::Serializer>(d: &Option<Duration>, s: S) -> Result<S::Ok, S::Error> {
    d.map(|d| d.as_secs()).serialize(s)
}

/// Default `keep`: two days of hourly snapshots.
pub const DEFAULT_KEEP: u32 = 48;

/// Resolves `[backup]`; `config_dir` anchors a relative `dir`, `ledger_dir` holds the default one.
pub fn resolve(file: &BackupFile, config_dir: &Path, ledger_dir: &Path) -> Result<BackupSettings, String> {
    let every = file.every.as_deref().map(parse_every).transpose().map_err(|m| format!("backup.every: {m}"))?;
    let keep = file.keep.unwrap_or(DEFAULT_KEEP);
    if keep == 0 {
        return Err("backup.keep must be at least 1".to_owned());
    }
    let dir = match &file.dir {
        Some(d) => config_dir.join(d),
        None => ledger_dir.join("backups"),
    };
    Ok(BackupSettings { every, keep, dir })
}

/// A whole number with a unit: `90s`, `30m`, `1h`, `2d`; from 1 second to 366 days.
pub fn parse_every(s: &str) -> Result<Duration, String> {
    let bad = || format!("{s:?} is not an interval; use e.g. \"1h\", \"30m\", \"1d\" or \"90s\"");
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?;
    let (n, unit) = t.split_at(split);
    let n: u64 = n.parse().map_err(|_| bad())?;
    let unit = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3_600,
        "d" => 86_400,
        _ => return Err(bad()),
    };
    match n.checked_mul(unit) {
        Some(secs) if (1..=366 * 86_400).contains(&secs) => Ok(Duration::from_secs(secs)),
        _ => Err(format!("{s:?}: the interval must be from 1 second to 366 days")),
    }
}

/// The prefix and suffix of a scheduled snapshot's name: `credits-<UTC time>.db`.
const PREFIX: &str = "credits-";
const SUFFIX: &str = ".db";

/// The file name of a scheduled snapshot taken at `at`: sorts by time, to the millisecond.
pub fn snapshot_name(at: jiff::Timestamp) -> String {
    format!("{PREFIX}{}{SUFFIX}", at.strftime("%Y%m%dT%H%M%S%.3fZ"))
}

/// The time in a scheduled snapshot's name; `None` for any other file.
pub fn snapshot_time(name: &str) -> Option<jiff::Timestamp> {
    let stamp = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    // `20261201T044500.123Z` → `2026-12-01T04:45:00.123Z`.
    let b = stamp.as_bytes();
    if b.len() < 16 || !stamp.is_ascii() || b[8] != b'T' {
        return None;
    }
    let iso = format!(
        "{}-{}-{}T{}:{}:{}",
        &stamp[0..4],
        &stamp[4..6],
        &stamp[6..8],
        &stamp[9..11],
        &stamp[11..13],
        &stamp[13..]
    );
    iso.parse().ok()
}

/// The scheduled snapshots in `dir`, oldest first (an absent directory has none).
pub fn snapshots(dir: &Path) -> std::io::Result<Vec<(jiff::Timestamp, PathBuf)>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry?;
        if let Some(at) = entry.file_name().to_str().and_then(snapshot_time) {
            found.push((at, entry.path()));
        }
    }
    found.sort();
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_parse_with_a_unit_and_in_range() {
        assert_eq!(parse_every("1h"), Ok(Duration::from_secs(3600)));
        assert_eq!(parse_every("2s"), Ok(Duration::from_secs(2)));
        assert!(parse_every("0s").is_err());
        assert!(parse_every("1").is_err());
        assert!(parse_every("1w").is_err());
        assert!(parse_every("400d").is_err());
    }

    #[test]
    fn snapshot_names_round_trip_and_sort_by_time() {
        let at: jiff::Timestamp = "2026-12-01T04:45:00.123Z".parse().unwrap();
        let name = snapshot_name(at);
        assert_eq!(name, "credits-20261201T044500.123Z.db");
        assert_eq!(snapshot_time(&name), Some(at));
        assert_eq!(snapshot_time("credits.db"), None);
        assert_eq!(snapshot_time("credits-x.db"), None);
    }
}
