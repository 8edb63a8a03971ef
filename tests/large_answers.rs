//! Answers larger than one socket message (1 MiB): seat lists and balances of 20,000 seats,
//! long histories, and exports of a whole journal in bounded memory. The daemon answers these
//! in pages; the CLI fetches page after page and streams exports to stdout.

mod common;

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::UnixListener;
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use common::{Home, Run};
use credits_proto::page::{HistoryPage, SeatsPage};
use serde_json::Value;

/// Adds seats `s00001`… in one `seats add` (one connection, pipelined); returns their names.
fn add_seats(home: &Home, n: usize) -> Vec<String> {
    let names: Vec<String> = (1..=n).map(|i| format!("s{i:05}")).collect();
    let mut args = vec!["seats", "add"];
    args.extend(names.iter().map(String::as_str));
    let r = home.run(&args).expect(0);
    assert!(r.stdout.ends_with(&format!("Added {n} seats.\n")), "{}", &r.stdout[r.stdout.len().saturating_sub(300)..]);
    names
}

/// Lines of a table that name one of `names`, each name at most once.
fn rows_naming(table: &str, names: &HashSet<String>) -> usize {
    let mut seen = HashSet::new();
    for line in table.lines() {
        if let Some(name) = line.split([' ', '|']).find(|w| names.contains(*w)) {
            assert!(seen.insert(name.to_owned()), "seat {name} is listed twice");
        }
    }
    seen.len()
}

#[test]
fn twenty_thousand_seats_list_balance_and_history() {
    let home = Home::new();
    home.json(&["balance"]);
    let mut names: HashSet<String> = add_seats(&home, 20_000).into_iter().collect();
    names.insert("tester".into());

    // Every seat, once, in name order, as JSON and as a table.
    let list: SeatsPage = serde_json::from_value(home.json(&["seats", "list"])).unwrap();
    assert_eq!(list.seats.len(), 20_001);
    assert!(list.next.is_none());
    assert!(list.seats.windows(2).all(|w| w[0].seat < w[1].seat), "seats are in name order");
    assert_eq!(list.seats.iter().map(|s| s.seat.clone()).collect::<HashSet<_>>(), names);
    let table = home.run(&["seats", "list"]).expect(0);
    assert_eq!(rows_naming(&table.stdout, &names), 20_001);

    let b = home.json(&["balance", "--all-seats"]);
    let seats = b["seats"].as_array().unwrap();
    assert_eq!(seats.len(), 20_001);
    assert!(seats.iter().all(|s| s["included"]["remaining"] == "500"), "every seat has its allowance");
    assert_eq!(b["topup"]["remaining"], "0");
    assert!(b.get("next").is_none(), "the CLI prints one document, not a page");
    // `usage` lists the first 1,000 seats' forecasts and counts the rest; its totals cover all.
    let usage = home.json(&["usage"]);
    assert_eq!(usage["forecast"]["seats"].as_array().unwrap().len(), 1_000);
    assert_eq!(usage["forecast"]["more_seats"], 19_001);
    assert_eq!(usage["forecast"]["totals"]["included_runs_out"]["not_before_reset"], true);
    let table = home.run(&["balance", "--all-seats"]).expect(0);
    assert_eq!(rows_naming(&table.stdout, &names), 20_001);

    // 20,001 grants: the newest 5,000, newest first, in every format.
    let h: HistoryPage = serde_json::from_value(home.json(&["history", "--limit", "5000"])).unwrap();
    let ids: Vec<i64> = h.entries.iter().map(|e| e.id).collect();
    assert_eq!(ids.len(), 5000);
    assert!(ids.windows(2).all(|w| w[0] == w[1] + 1), "consecutive ids, newest first");
    let csv = home.run(&["history", "--limit", "5000", "--csv"]).expect(0);
    let csv_ids: Vec<i64> = csv.stdout.lines().skip(1).map(|l| l.split(',').next().unwrap().parse().unwrap()).collect();
    assert_eq!(csv_ids, ids);
    let table = home.run(&["history", "--limit", "5000"]).expect(0);
    assert_eq!(table.stdout.lines().filter(|l| l.contains(" grant ")).count(), 5000);
    let all: HistoryPage = serde_json::from_value(home.json(&["history", "--all"])).unwrap();
    assert_eq!(all.entries.len(), 20_001);
    assert_eq!(all.entries[..5000], h.entries[..]);
    // A limit past the end is the whole journal.
    let csv = home.run(&["history", "-n", "30000", "--csv"]).expect(0);
    assert_eq!(csv.stdout.lines().count(), 1 + 20_001);
}

/// The peak resident memory (KiB) of `studio-credits history ARGS`, and its stdout.
fn export(home: &Home, args: &[&str]) -> (u64, String) {
    // GNU time reads the child's peak RSS from wait4(2).
    let time = "/usr/bin/time";
    assert!(Path::new(time).exists(), "this test needs GNU time at {time} (Debian package `time`)");
    let report = home.path().join("time.txt");
    let out = home.path().join("export.out");
    let mut cmd = home.command_via(time, &["-f", "%M", "-o", report.to_str().unwrap()]);
    let status = cmd
        .arg("history")
        .args(args)
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(Stdio::inherit())
        .status()
        .unwrap();
    assert!(status.success(), "history {args:?} failed: {status}");
    let kib = std::fs::read_to_string(&report).unwrap().trim().lines().last().unwrap().parse().unwrap();
    (kib, std::fs::read_to_string(&out).unwrap())
}

/// Resident memory figures (KiB) of the running daemon: (current, peak).
fn daemon_rss(home: &Home) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{}/status", home.daemon_pid().unwrap())).unwrap();
    let field = |name: &str| -> u64 {
        let line = status.lines().find(|l| l.starts_with(name)).unwrap();
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// Exports the whole journal as JSON and CSV; checks both are complete; returns the CLI's peak
/// memory for each (KiB).
fn export_both(home: &Home, entries: usize) -> (u64, u64) {
    let (json_kib, json) = export(home, &["--all", "--json"]);
    let doc: HistoryPage = serde_json::from_str(&json).expect("the export is one JSON document");
    assert_eq!(doc.entries.len(), entries);
    assert!(doc.entries.windows(2).all(|w| w[0].id > w[1].id), "newest first, no repeats");
    drop(doc);
    let (csv_kib, csv) = export(home, &["--all", "--csv"]);
    assert_eq!(csv.lines().count(), 1 + entries);
    (json_kib, csv_kib)
}

/// Starts the daemon again with its clock a month later: it applies the rollover at start,
/// which expires and grants every seat's included credits (two entries a seat).
fn next_month(home: &mut Home, month: &str) {
    home.run(&["daemon", "stop"]).expect(0);
    home.env("STUDIO_CREDITS_FAKE_NOW", &format!("{month}-10T00:00:00Z"));
    home.run(&["rollover"]).expect(0);
}

#[test]
fn history_export_memory_does_not_grow_with_the_journal() {
    let mut home = Home::new();
    home.env("STUDIO_CREDITS_FAKE_NOW", "2026-01-10T00:00:00Z");
    home.json(&["balance"]);
    add_seats(&home, 5_000);
    let small = 5_001;
    let (json_small, csv_small) = export_both(&home, small);

    // Small rollovers, so that no daemon start comes near the CLI's start timeout.
    for month in ["2026-02", "2026-03", "2026-04", "2026-05"] {
        next_month(&mut home, month);
    }
    let large = small + 8 * 5_001;
    let (rss_before, _) = daemon_rss(&home);
    let (json_large, csv_large) = export_both(&home, large);
    let (_, daemon_peak) = daemon_rss(&home);

    eprintln!(
        "CLI peak KiB: json {json_small} -> {json_large}, csv {csv_small} -> {csv_large} ({small} -> {large} entries); \
         daemon KiB: {rss_before} before the large exports, peak {daemon_peak}"
    );
    // Nine times the entries, the same memory: one page at a time. Holding the export would
    // take tens of MB more (the JSON alone is ~15 MB).
    for (s, l) in [(json_small, json_large), (csv_small, csv_large)] {
        assert!(l < 100 * 1024, "the CLI peaked at {l} KiB");
        assert!(l < s + 4 * 1024, "the CLI's memory grew with the journal: {s} -> {l} KiB");
    }
    assert!(daemon_peak < 100 * 1024, "the daemon peaked at {daemon_peak} KiB");
    assert!(daemon_peak < rss_before + 16 * 1024, "the daemon grew while exporting: {rss_before} -> {daemon_peak} KiB");
}

/// A stand-in daemon on `socket`: answers the handshake, then each request with the next of
/// `answers` (the request's id spliced in), then hangs up.
fn scripted_daemon(socket: &Path, answers: Vec<String>) -> std::thread::JoinHandle<()> {
    let listener = UnixListener::bind(socket).unwrap();
    std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut w = stream.try_clone().unwrap();
        let mut r = BufReader::new(stream);
        let hello = format!(r#"{{"protocol":{},"version":"test","pid":1}}"#, credits_proto::PROTOCOL_VERSION);
        for result in std::iter::once(hello).chain(answers) {
            let mut line = String::new();
            r.read_line(&mut line).unwrap();
            let id = serde_json::from_str::<Value>(&line).unwrap()["id"].clone();
            // The client may hang up once it has seen enough.
            let _ = writeln!(w, r#"{{"jsonrpc":"2.0","id":{id},"result":{result}}}"#);
        }
    })
}

/// A daemon that answers the handshake, then one answer of about `bytes` bytes.
fn oversized_daemon(socket: &Path, bytes: usize) -> std::thread::JoinHandle<()> {
    scripted_daemon(socket, vec![format!(r#"{{"filler":"{}"}}"#, "x".repeat(bytes))])
}

#[test]
fn an_oversized_answer_is_named_not_a_lost_connection() {
    let home = Home::new();
    let fake = oversized_daemon(&home.path().join("daemon.sock"), credits_proto::MAX_ANSWER_BYTES + 1024);
    let r: Run = home.run(&["workspace", "list", "--no-autostart"]);
    fake.join().unwrap();
    assert_eq!(r.code, 1, "{r:#?}");
    assert!(r.stderr.contains(&format!("larger than the {}-byte limit", credits_proto::MAX_ANSWER_BYTES)), "{r:#?}");
    assert!(!r.stderr.contains("lost the connection"), "{r:#?}");
}

#[test]
fn an_export_cut_short_is_not_passed_off_as_json() {
    let home = Home::new();
    let entry = serde_json::json!({"id": 7, "time": "2026-11-30T12:00:00Z", "workspace": "default",
        "seat": "tester", "pool": "included", "kind": "grant", "amount": "500", "balance_after": "500",
        "period": "2026-11", "ref": null, "memo": null});
    let first = serde_json::json!({"entries": [entry], "next": "7"}).to_string();
    // The daemon goes away before the second page.
    let fake = scripted_daemon(&home.path().join("daemon.sock"), vec![first]);
    let r = home.run(&["history", "--all", "--json", "--no-autostart"]);
    fake.join().unwrap();
    assert_eq!(r.code, 3, "{r:#?}");
    assert!(r.stdout.contains(r#""id": 7"#), "the first page was written: {r:#?}");
    assert!(!r.stdout.contains("error"), "no error object inside the cut-short document: {r:#?}");
    assert!(serde_json::from_str::<Value>(&r.stdout).is_err(), "a cut-short export does not parse");
    assert!(r.stderr.contains("lost the connection"), "{r:#?}");
}
