//! Backups end to end: `backup` while clients spend, `restore` into a fresh home, a tampered
//! snapshot refused, scheduled backups pruned to `keep`, and the refusals (remote mode, paths).

mod common;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use common::{Home, wait_until};
use rusqlite::Connection;
use serde_json::Value;

/// The memos of every journal entry in the SQLite file at `path`.
fn memos_in(path: &Path) -> std::collections::HashSet<String> {
    let conn = Connection::open(path).unwrap();
    let mut stmt = conn.prepare("SELECT memo FROM journal WHERE memo IS NOT NULL").unwrap();
    stmt.query_map([], |r| r.get::<_, String>(0)).unwrap().map(Result::unwrap).collect()
}

/// `history --all --json`'s entries.
fn history(home: &Home) -> Vec<Value> {
    home.json(&["history", "--all"])["entries"].as_array().unwrap().clone()
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// Eight clients spend as fast as they can while `backup` runs: the snapshot verifies, holds
/// every debit acknowledged before the backup started, and restored into a fresh home it is a
/// prefix of the source's journal; a snapshot of the quiet ledger restores to identical
/// `balance --all-seats` and `history`.
#[test]
fn a_backup_taken_under_load_holds_every_acknowledged_debit_and_restores_identically() {
    let home = Arc::new(Home::new());
    home.json(&["seats", "add", "bob", "carol"]);
    let stop = Arc::new(AtomicBool::new(false));
    let mut clients = Vec::new();
    for c in 0..8 {
        let (home, stop) = (home.clone(), stop.clone());
        clients.push(std::thread::spawn(move || {
            // (memo, when its debit was acknowledged)
            let mut acked = Vec::new();
            let seat = ["tester", "bob", "carol"][c % 3];
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                let memo = format!("client{c}-{n}");
                home.run(&["spend", "0.001", "--seat", seat, "--memo", &memo, "--json"]).expect(0);
                acked.push((memo, Instant::now()));
                n += 1;
            }
            acked
        }));
    }
    // Let the load build up.
    let lines = || std::fs::read_to_string(home.path().join("daemon.log")).unwrap_or_default();
    assert!(wait_until(Duration::from_secs(30), || home.json(&["history", "--limit", "1"])["entries"][0]["id"]
        .as_i64()
        .is_some_and(|id| id > 40)));
    let snapshot = home.path().join("under-load.db");
    let started = Instant::now();
    let made = home.json(&["backup", snapshot.to_str().unwrap()]);
    // A few more debits after it, then stop.
    let after = home.json(&["history", "--limit", "1"])["entries"][0]["id"].as_i64().unwrap();
    assert!(wait_until(Duration::from_secs(30), || home.json(&["history", "--limit", "1"])["entries"][0]["id"]
        .as_i64()
        .is_some_and(|id| id > after + 8)));
    stop.store(true, Ordering::Relaxed);
    let acked: Vec<(String, Instant)> = clients.into_iter().flat_map(|c| c.join().unwrap()).collect();

    assert_eq!(made["problems"], serde_json::json!([]), "{made}");
    assert_eq!(made["path"], snapshot.to_str().unwrap());
    assert_eq!(made["bytes"].as_u64(), Some(std::fs::metadata(&snapshot).unwrap().len()));
    #[cfg(unix)]
    assert_eq!(mode(&snapshot), 0o600);
    let in_snapshot = memos_in(&snapshot);
    let before: Vec<&String> = acked.iter().filter(|(_, at)| *at < started).map(|(m, _)| m).collect();
    assert!(before.len() > 20, "too few debits before the backup: {}", before.len());
    let missing: Vec<_> = before.iter().filter(|m| !in_snapshot.contains(m.as_str())).collect();
    assert!(missing.is_empty(), "acknowledged before the backup but not in it: {missing:?} {}", lines());
    let counted: i64 =
        Connection::open(&snapshot).unwrap().query_row("SELECT COUNT(*) FROM journal", [], |r| r.get(0)).unwrap();
    assert_eq!(made["entries"].as_i64(), Some(counted));

    // The snapshot under load, restored: the source's journal up to its last entry.
    let restored = Home::new();
    let r = restored.json(&["restore", snapshot.to_str().unwrap()]);
    assert_eq!(r["kept_aside"], Value::Null, "{r}");
    assert_eq!(restored.json(&["verify"])["ok"], true);
    let source = history(&home);
    let prefix = history(&restored);
    let newest = prefix[0]["id"].as_i64().unwrap();
    let expected: Vec<Value> = source.iter().filter(|e| e["id"].as_i64().unwrap() <= newest).cloned().collect();
    assert_eq!(prefix, expected);

    // The quiet ledger, backed up and restored: identical balances and history.
    let quiet = home.path().join("quiet.db");
    home.json(&["backup", quiet.to_str().unwrap()]);
    let fresh = Home::new();
    fresh.json(&["restore", quiet.to_str().unwrap()]);
    assert_eq!(fresh.json(&["balance", "--all-seats"]), home.json(&["balance", "--all-seats"]));
    assert_eq!(history(&fresh), history(&home));
    // The restored chain continues: a new debit verifies.
    fresh.json(&["spend", "1", "--seat", "bob"]);
    assert_eq!(fresh.json(&["verify"])["ok"], true);
}

/// One byte of a journal entry changed in a backup file: `restore` names the entry and changes
/// nothing, unless `--force`.
#[test]
fn restore_refuses_a_backup_with_one_changed_byte_naming_the_entry() {
    let home = Home::new();
    home.json(&["spend", "3", "--memo", "before"]);
    let spent = home.json(&["spend", "4", "--memo", "tamper-me-here"]);
    home.json(&["spend", "5", "--memo", "after"]);
    let id = history(&home).iter().find(|e| e["memo"] == "tamper-me-here").unwrap()["id"].as_i64().unwrap();
    assert!(spent.is_object());
    let snapshot = home.path().join("b.db");
    home.json(&["backup", snapshot.to_str().unwrap()]);
    let mut bytes = std::fs::read(&snapshot).unwrap();
    let needle = b"tamper-me-here";
    let at = bytes.windows(needle.len()).position(|w| w == needle).expect("the memo is in the file");
    bytes[at] = b'T';
    std::fs::write(&snapshot, &bytes).unwrap();

    // Into the same home (its daemon stopped, so the file stays as it is): refused, unchanged.
    home.json(&["daemon", "stop"]);
    let before = std::fs::read(home.path().join("credits.db")).ok();
    let r = home.run(&["restore", snapshot.to_str().unwrap(), "--stop-daemon", "--json"]);
    assert_eq!(r.code, 1, "{r:#?}");
    let message = r.json()["error"]["message"].as_str().unwrap().to_owned();
    assert!(message.contains(&format!("journal entry {id} does not match its hash chain")), "{message}");
    assert!(message.contains("nothing was changed"), "{message}");
    assert_eq!(std::fs::read(home.path().join("credits.db")).ok(), before);
    let leftovers: Vec<_> = std::fs::read_dir(home.path())
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.contains("restoring") || n.contains("before-restore"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // Human output lists the problem on stderr.
    let r = home.run(&["restore", snapshot.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{r:#?}");
    assert!(r.stderr.contains(&format!("problem: workspace 'default': journal entry {id}")), "{}", r.stderr);
    assert!(r.stderr.contains("--force"), "{}", r.stderr);

    // --force restores it anyway, keeping the current ledger aside; verify then names the entry.
    let r = home.json(&["restore", snapshot.to_str().unwrap(), "--force"]);
    let aside = r["kept_aside"].as_str().unwrap().to_owned();
    assert!(aside.contains("credits.db.before-restore-"), "{r}");
    assert_eq!(std::fs::read(&aside).ok(), before);
    let v = home.run(&["verify", "--json"]);
    assert_eq!(v.code, 1);
    assert!(v.stdout.contains(&format!("journal entry {id} does not match")), "{}", v.stdout);
}

/// `restore` with a daemon running and no `--stop-daemon`, a missing file, a file that is no
/// ledger, and `backup` to an existing file or a missing directory: each refused with exit 2,
/// nothing changed.
#[test]
fn path_and_daemon_problems_are_refused_and_change_nothing() {
    let home = Home::new();
    home.json(&["spend", "1"]);
    let snapshot = home.path().join("b.db");
    home.json(&["backup", snapshot.to_str().unwrap()]);
    let r = home.run(&["backup", snapshot.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{r:#?}");
    assert!(r.stderr.contains("already exists"), "{}", r.stderr);
    let r = home.run(&["backup", "/nonexistent-dir/b.db"]);
    assert_eq!(r.code, 2, "{r:#?}");
    assert!(r.stderr.contains("/nonexistent-dir does not exist"), "{}", r.stderr);

    let r = home.run(&["restore", snapshot.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{r:#?}");
    assert!(r.stderr.contains("is serving this ledger") && r.stderr.contains("--stop-daemon"), "{}", r.stderr);
    home.json(&["daemon", "stop"]);
    let r = home.run(&["restore", home.path().join("missing.db").to_str().unwrap()]);
    assert_eq!(r.code, 2, "{r:#?}");
    let junk = home.path().join("junk.db");
    std::fs::write(&junk, b"not a database at all, just some text long enough to look like a header....").unwrap();
    let r = home.run(&["restore", junk.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{r:#?}");
    assert!(r.stderr.contains("is not a studio-credits ledger"), "{}", r.stderr);
    let names: Vec<String> =
        std::fs::read_dir(home.path()).unwrap().filter_map(|e| e.ok()?.file_name().into_string().ok()).collect();
    assert!(!names.iter().any(|n| n.contains("restoring") || n.contains("before-restore")), "{names:?}");
    assert_eq!(home.json(&["verify"])["ok"], true);

    // A PostgreSQL store: refused with the advice to use pg_dump / pg_restore, before any
    // daemon is asked (this database does not exist).
    let mut pg = Home::new();
    pg.env("STUDIO_CREDITS_STORE", "postgres://credits@127.0.0.1:1/credits");
    for args in [&["backup", "b.db"][..], &["restore", snapshot.to_str().unwrap()]] {
        let r = pg.run(args);
        assert_eq!(r.code, 2, "{args:?}: {r:#?}");
        assert!(r.stderr.contains("PostgreSQL") && r.stderr.contains("pg_dump"), "{}", r.stderr);
    }
    assert!(!pg.path().join("credits.db").exists());

    // Remote mode: refused before anything is sent (the server does not exist).
    let mut remote = Home::new();
    remote.env("STUDIO_CREDITS_SERVER", "https://credits.invalid");
    remote.env("STUDIO_CREDITS_TOKEN", "sck_x");
    for args in [&["backup", "b.db"][..], &["restore", "b.db"], &["backup", "--check"]] {
        let r = remote.run(args);
        assert_eq!(r.code, 2, "{args:?}: {r:#?}");
        assert!(r.stderr.contains("not available in remote mode"), "{}", r.stderr);
    }
}

/// `[backup] every = "1s"`, `keep = 2`: the daemon backs up by itself, prunes to two files,
/// reports the last outcome in `daemon status` and `/metrics`; `backup --check` passes, and
/// fails once the daemon has stopped for longer than twice the interval.
#[test]
fn scheduled_backups_run_prune_to_keep_and_are_checked() {
    let home = Home::new();
    std::fs::write(home.path().join("config.toml"), "[backup]\nevery = \"1s\"\nkeep = 2\ndir = \"snaps\"\n").unwrap();
    let r = home.run(&["backup", "--check"]);
    assert_eq!(r.code, 21, "no backup yet: {r:#?}");
    home.json(&["spend", "2"]);
    let dir = home.path().join("snaps");
    let addr = home.http_addr();
    let ok_runs = || {
        let m = common::http::request(&addr, "GET", "/metrics", &[], None).expect(200).body;
        m.lines()
            .find(|l| l.starts_with("studio_credits_backups_total{result=\"ok\"}"))
            .and_then(|l| l.rsplit(' ').next()?.parse::<u64>().ok())
            .unwrap_or(0)
    };
    assert!(wait_until(Duration::from_secs(30), || ok_runs() >= 4), "{}", ok_runs());
    let files: Vec<_> = std::fs::read_dir(&dir).unwrap().filter_map(|e| e.ok()).collect();
    let names: Vec<String> = files.iter().filter_map(|e| e.file_name().into_string().ok()).collect();
    assert!(
        wait_until(Duration::from_secs(5), || std::fs::read_dir(&dir).unwrap().count() == 2),
        "pruned to keep = 2: {names:?}"
    );
    #[cfg(unix)]
    {
        assert_eq!(mode(&dir), 0o700);
        for f in std::fs::read_dir(&dir).unwrap() {
            assert_eq!(mode(&f.unwrap().path()), 0o600);
        }
    }
    let status = home.json(&["daemon", "status"]);
    let b = &status["backup"];
    assert_eq!((b["every_seconds"].as_u64(), b["keep"].as_u64()), (Some(1), Some(2)), "{status}");
    assert_eq!(b["last_ok"], true, "{status}");
    let newest = b["last_success_path"].as_str().unwrap();
    let copy = Connection::open(newest).unwrap();
    let entries: i64 = copy.query_row("SELECT COUNT(*) FROM journal", [], |r| r.get(0)).unwrap();
    assert_eq!(entries, 2);
    let human = home.run(&["daemon", "status"]).expect(0);
    assert!(human.stdout.contains("backups  every 1s, keep 2"), "{}", human.stdout);
    let m = common::http::request(&addr, "GET", "/metrics", &[], None).expect(200).body;
    assert!(m.contains("studio_credits_backup_last_success_timestamp_seconds "), "{m}");

    let r = home.json(&["backup", "--check"]);
    assert_eq!(r["ok"], true, "{r}");
    home.json(&["daemon", "stop"]);
    assert!(wait_until(Duration::from_secs(15), || home.run(&["backup", "--check", "--quiet"]).code == 21));
    let r = home.run(&["backup", "--check"]);
    assert!(r.stderr.contains("more than twice the interval"), "{r:#?}");
}
