//! The ledger through the real binary: a fresh home, spending, payment required, bad input,
//! idempotency, races, crashes and the socket's hygiene.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::UnixStream;
use std::process::Stdio;
use std::time::Duration;

use common::{Home, is_our_process, wait_until};
use serde_json::Value;

fn spendable(home: &Home) -> String {
    home.json(&["balance"])["spendable"].as_str().unwrap().to_owned()
}

#[test]
fn fresh_home_needs_no_setup() {
    let home = Home::new();
    let b = home.json(&["balance"]);
    assert_eq!(b["workspace"], "default");
    assert_eq!(b["seat"], "tester");
    assert_eq!(b["included"]["remaining"], "500");
    assert_eq!(b["included"]["allowance"], "500");
    assert_eq!(b["topup"]["remaining"], "0");
    assert_eq!(b["spendable"], "500");
    assert!(b["included"]["resets_at"].as_str().unwrap().ends_with("T00:00:00Z"));
    let ws = home.json(&["workspace", "show"]);
    assert_eq!(ws["plan"], "free");
    let human = home.run(&["balance"]).expect(0);
    assert!(human.stdout.contains("Spendable"), "{}", human.stdout);
}

/// Tables are borderless and aligned (as the README shows them), with no padding at line ends.
#[test]
fn tables_are_borderless_and_aligned() {
    let home = Home::new();
    home.run(&["seats", "add", "bob"]).expect(0);
    for args in [&["balance"][..], &["seats", "list"], &["plan", "list"], &["history"], &["workspace", "list"]] {
        let out = home.run(args).expect(0).stdout;
        for line in out.lines() {
            assert!(
                !line.contains(['|', '+', '=', '\u{2500}', '\u{2502}', '\u{2550}']),
                "{args:?} draws a box:\n{out}"
            );
            assert_eq!(line, line.trim_end(), "{args:?} pads its lines:\n{out}");
        }
    }
    let seats = home.run(&["seats", "list"]).expect(0).stdout;
    let lines: Vec<&str> = seats.lines().collect();
    assert!(lines[0].starts_with("Seat  "), "{seats}");
    // Every column starts where its header does.
    let col = lines[0].find("Allowance").unwrap();
    for row in &lines[1..] {
        assert_eq!(&row[col..col + 3], "500", "{seats}");
    }
}

#[test]
fn spend_check_and_payment_required() {
    let home = Home::new();
    let r = home.json(&["spend", "100.5", "--memo", "first call"]);
    assert_eq!(r["entries"][0]["pool"], "included");
    assert_eq!(r["entries"][0]["kind"], "debit");
    assert_eq!(r["entries"][0]["amount"], "-100.5");
    assert_eq!(r["balance"]["spendable"], "399.5");

    let fits = home.run(&["check", "399.5", "--json"]).expect(0).json();
    assert_eq!(fits["fits"], true);
    let no = home.run(&["check", "399.501", "--json"]).expect(42).json();
    assert_eq!(no["fits"], false);

    let refused = home.run(&["spend", "400", "--json"]).expect(42).json();
    assert_eq!(refused["error"]["type"], "payment_required");
    assert_eq!(refused["error"]["balance"]["spendable"], "399.5");
    let human = home.run(&["spend", "400"]).expect(42);
    assert!(human.stderr.contains("payment required"), "{}", human.stderr);
    assert_eq!(spendable(&home), "399.5");
    // Nothing but the grant and the one debit.
    let h = home.json(&["history"]);
    assert_eq!(h["entries"].as_array().unwrap().len(), 2);
}

#[test]
fn bad_amounts_change_nothing() {
    let home = Home::new();
    let before = home.json(&["history"]);
    for bad in ["-5", "0", "abc", "1.0001", "1e3", "1234567890123456789012345", "", "0x10", " "] {
        let r = home.run(&["spend", bad, "--json"]).expect(2);
        assert_eq!(r.json()["error"]["type"], "invalid_input", "{bad:?}");
        home.run(&["check", bad]).expect(2);
    }
    let r = home.run(&["spend", "1", "--seat", "nobody", "--json"]).expect(5);
    assert_eq!(r.json()["error"]["type"], "not_found");
    home.run(&["balance", "--workspace", "nowhere"]).expect(5);
    assert_eq!(home.json(&["history"]), before);
    assert_eq!(spendable(&home), "500");
}

#[test]
fn idempotency_key_debits_once() {
    let home = Home::new();
    let a = home.json(&["spend", "10", "--idempotency-key", "job-1"]);
    let mut b = home.json(&["spend", "10", "--idempotency-key", "job-1"]);
    assert_eq!((&a["replayed"], &b["replayed"]), (&Value::Bool(false), &Value::Bool(true)));
    b["replayed"] = Value::Bool(false);
    assert_eq!(a, b, "a repeat returns the original receipt");
    assert_eq!(spendable(&home), "490");
    let mismatch = home.run(&["spend", "20", "--idempotency-key", "job-1", "--json"]).expect(2);
    assert_eq!(mismatch.json()["error"]["type"], "idempotency_error");
    assert_eq!(spendable(&home), "490");
    let debits = home.json(&["history", "--kind", "debit"]);
    assert_eq!(debits["entries"].as_array().unwrap().len(), 1);
}

#[test]
fn concurrent_spends_debit_exactly_the_balance() {
    let home = Home::new();
    assert_eq!(spendable(&home), "500");
    // 100 processes each spend 7: exactly 71 fit into 500 (497), 3 remain.
    let children: Vec<_> = (0..100)
        .map(|_| {
            home.command().args(["spend", "7", "--quiet"]).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap()
        })
        .collect();
    let codes: Vec<i32> = children.into_iter().map(|c| c.wait_with_output().unwrap().status.code().unwrap()).collect();
    assert_eq!(codes.iter().filter(|c| **c == 0).count(), 71, "{codes:?}");
    assert_eq!(codes.iter().filter(|c| **c == 42).count(), 29, "{codes:?}");
    assert_eq!(spendable(&home), "3");
    let v = home.json(&["verify"]);
    assert_eq!(v["ok"], true, "{v}");
}

#[test]
fn concurrent_first_commands_start_one_daemon() {
    let home = Home::new();
    let children: Vec<_> = (0..8)
        .map(|_| {
            home.command()
                .args(["daemon", "start", "--json"])
                .stderr(Stdio::piped())
                .stdout(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let pids: Vec<Value> = children
        .into_iter()
        .map(|c| {
            let out = c.wait_with_output().unwrap();
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            serde_json::from_slice::<Value>(&out.stdout).unwrap()["pid"].clone()
        })
        .collect();
    assert!(pids.windows(2).all(|w| w[0] == w[1]), "every client talks to one daemon: {pids:?}");
    assert_eq!(home.json(&["workspace", "list"])["workspaces"].as_array().unwrap().len(), 1);
}

#[test]
fn sigkill_loses_no_acknowledged_debit() {
    let home = Home::new();
    home.json(&["balance"]);
    let pid = home.daemon_pid().unwrap();
    let mut acked = Vec::new();
    for i in 0.. {
        let key = format!("k{i}");
        if i == 20 {
            // Kill while a debit is in flight.
            let child =
                home.command().args(["spend", "1", "--idempotency-key", &key, "--no-autostart"]).spawn().unwrap();
            std::process::Command::new("kill").args(["-9", &pid.to_string()]).status().unwrap();
            let code = child.wait_with_output().unwrap().status.code();
            if code == Some(0) {
                acked.push(key);
            }
            break;
        }
        home.run(&["spend", "1", "--idempotency-key", &key, "--no-autostart"]).expect(0);
        acked.push(key);
    }
    assert!(wait_until(Duration::from_secs(10), || !is_our_process(pid)));
    home.run(&["balance", "--no-autostart"]).expect(3);
    // Restart (auto-start) and check every acknowledged debit is there exactly once.
    let h = home.json(&["history", "--kind", "debit", "--limit", "1000"]);
    let refs: Vec<&str> = h["entries"].as_array().unwrap().iter().map(|e| e["ref"].as_str().unwrap()).collect();
    for key in &acked {
        assert_eq!(refs.iter().filter(|r| *r == key).count(), 1, "{key} acknowledged but not in the journal once");
    }
    let spent = refs.len();
    assert!(spent >= acked.len() && spent <= 21);
    assert_eq!(spendable(&home), (500 - spent).to_string());
    assert_eq!(home.json(&["verify"])["ok"], true);
}

#[test]
fn socket_is_private_and_survives_garbage() {
    let home = Home::new();
    let dir_mode = || std::fs::metadata(home.path()).unwrap().permissions().mode() & 0o7777;
    let before = dir_mode();
    home.json(&["balance"]);
    let sock = home.path().join("daemon.sock");
    assert_eq!(std::fs::metadata(&sock).unwrap().permissions().mode() & 0o777, 0o600);
    // The directory is the test's, not the daemon's: used as it is, never chmod-ed.
    assert_eq!(dir_mode(), before);

    let stream = UnixStream::connect(&sock).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut w = stream.try_clone().unwrap();
    let mut r = BufReader::new(stream);
    let mut ask = |line: &[u8]| -> Value {
        w.write_all(line).unwrap();
        w.write_all(b"\n").unwrap();
        let mut s = String::new();
        r.read_line(&mut s).unwrap();
        serde_json::from_str(&s).unwrap()
    };
    assert_eq!(ask(b"this is not json")["error"]["code"], -32700);
    assert_eq!(ask(b"[1,2,3]")["error"]["code"], -32600);
    assert_eq!(ask(br#"{"jsonrpc":"2.0","id":7,"method":"nope"}"#)["error"]["code"], -32601);
    let bad = ask(br#"{"jsonrpc":"2.0","id":8,"method":"spend","params":{"amount":"-5"}}"#);
    assert_eq!(bad["error"]["data"]["type"], "invalid_input");
    assert_eq!(bad["id"], 8);
    let bad = ask(br#"{"jsonrpc":"2.0","id":9,"method":"spend","params":{"amount":12}}"#);
    assert_eq!(bad["error"]["code"], -32602);
    assert_eq!(ask(&[0xff, 0xfe, 0x00])["error"]["code"], -32700);

    // An oversized line is refused and the connection closed.
    let mut big = UnixStream::connect(&sock).unwrap();
    big.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let chunk = vec![b'x'; 64 * 1024];
    for _ in 0..40 {
        if big.write_all(&chunk).is_err() {
            break;
        }
    }
    let mut s = String::new();
    BufReader::new(big).read_line(&mut s).unwrap();
    let v: Value =
        serde_json::from_str(&s).unwrap_or_else(|e| panic!("no JSON-RPC error for an oversized line ({e}): {s:?}"));
    assert_eq!(v["error"]["code"], -32600);
    // Still serving, nothing changed.
    assert_eq!(spendable(&home), "500");
}

#[test]
fn no_autostart_reports_unreachable() {
    let home = Home::new();
    let r = home.run(&["balance", "--no-autostart", "--json"]).expect(3);
    assert_eq!(r.json()["error"]["type"], "daemon_unreachable");
    home.run(&["daemon", "status"]).expect(3);
    assert!(home.daemon_pid().is_none(), "no daemon was started");
}

#[test]
fn workspaces_seats_and_plans() {
    let home = Home::new();
    home.json(&["workspace", "add", "acme", "--plan", "pro", "--tz", "Europe/Berlin"]);
    let b = home.json(&["balance", "--workspace", "acme"]);
    assert_eq!(b["included"]["allowance"], "2500");
    assert_eq!(b["seat"], "tester");
    home.run(&["workspace", "add", "acme"]).expect(2);
    home.run(&["workspace", "add", "mars", "--tz", "Mars/Olympus_Mons"]).expect(2);
    home.run(&["workspace", "add", "bad name!"]).expect(2);
    home.json(&["seats", "add", "bob", "-w", "acme"]);
    let all = home.json(&["balance", "--all-seats", "-w", "acme"]);
    assert_eq!(all["seats"].as_array().unwrap().len(), 2);
    // Two seats: without --seat the caller's own seat pays.
    assert_eq!(home.json(&["spend", "5", "-w", "acme"])["balance"]["seat"], "tester");
    home.json(&["spend", "5", "-w", "acme", "--seat", "bob"]);
    home.json(&["seats", "remove", "bob", "-w", "acme", "--yes"]);
    home.run(&["spend", "1", "-w", "acme", "--seat", "bob"]).expect(5);
    let expired = home.json(&["history", "-w", "acme", "--kind", "expire", "--seat", "bob"]);
    assert_eq!(expired["entries"][0]["amount"], "-2495");
    home.json(&["workspace", "use", "acme"]);
    assert_eq!(home.json(&["balance"])["workspace"], "acme");
    let p = home.json(&["plan", "set", "team"]);
    assert_eq!(p["pending_plan"], "team");
    assert_eq!(home.json(&["balance"])["included"]["allowance"], "2500");
    home.run(&["plan", "set", "platinum"]).expect(2);
    assert_eq!(home.json(&["verify"])["ok"], true);
}

#[test]
fn stop_then_start() {
    let home = Home::new();
    let pid = home.json(&["daemon", "start"])["pid"].as_u64().unwrap() as u32;
    home.json(&["daemon", "stop"]);
    assert!(wait_until(Duration::from_secs(10), || !is_our_process(pid)));
    assert!(!home.path().join("daemon.sock").exists());
    let again = home.json(&["daemon", "start"])["pid"].as_u64().unwrap() as u32;
    assert_ne!(pid, again);
}
