//! Input and access, through the real binary: the same amount and memo rules at every door (CLI
//! and HTTP), idempotency keys that belong to their caller, private file modes, and a socket
//! directory the daemon never loosens or takes over.

mod common;

use common::Home;
use common::http::Api;
use serde_json::{Value, json};

fn api_for(home: &Home, seat: &str) -> Api {
    let token = home.json(&["seats", "token", seat])["token"].as_str().expect("a token").to_owned();
    Api::new(&home.http_addr(), Some(&token))
}

fn journal(home: &Home) -> Vec<Value> {
    home.json(&["history", "--limit", "100000"])["entries"].as_array().unwrap().clone()
}

#[test]
fn amounts_with_surrounding_white_space_are_refused_at_every_door() {
    let home = Home::new();
    let api = api_for(&home, "tester");
    let before = journal(&home).len();
    for bad in ["  5 ", "5\n", "\t5", " 5", "5 ", "5\r\n"] {
        let r = home.run(&["spend", bad, "--json"]);
        assert_eq!(r.code, 2, "spend {bad:?}: {r:#?}");
        let r = home.run(&["hold", bad, "--json"]);
        assert_eq!(r.code, 2, "hold {bad:?}: {r:#?}");
        for path in ["/v1/usage", "/v1/holds"] {
            let r = api.post(path, &json!({ "amount": bad }));
            assert_eq!(r.status, 400, "{path} {bad:?}: {r:#?}");
            assert_eq!(r.error_type(), "invalid_input");
        }
    }
    assert_eq!(journal(&home).len(), before, "nothing was written");
    assert_eq!(home.json(&["balance"])["spendable"], "500");
    // The same amounts without the white space still go through.
    home.json(&["spend", "5"]);
    api.post("/v1/usage", &json!({"amount": "5"})).expect(200);
    assert_eq!(home.json(&["balance"])["spendable"], "490");
}

#[test]
fn the_memo_limit_is_1000_characters_at_every_door() {
    let home = Home::new();
    let api = api_for(&home, "tester");
    // 1,000 characters of two bytes each: within the limit everywhere.
    let wide = "é".repeat(1000);
    let r = home.json(&["spend", "1", "--memo", &wide]);
    assert_eq!(r["entries"][0]["memo"], wide.as_str());
    home.json(&["hold", "1", "--memo", &wide]);
    api.post("/v1/usage", &json!({"amount": "1", "memo": wide})).expect(200);
    api.post("/v1/holds", &json!({"amount": "1", "memo": wide})).expect(201);
    let before = journal(&home).len();

    // One more character is refused everywhere, and nothing changes.
    for over in ["é".repeat(1001), "x".repeat(1001)] {
        let r = home.run(&["spend", "1", "--memo", &over, "--json"]).expect(2);
        assert!(r.stdout.contains("1000 characters") || r.stderr.contains("1000 characters"), "{r:#?}");
        home.run(&["hold", "1", "--memo", &over]).expect(2);
        for (path, status) in [("/v1/usage", 400), ("/v1/holds", 400)] {
            let r = api.post(path, &json!({"amount": "1", "memo": over})).expect(status);
            assert_eq!(r.error_type(), "invalid_input");
            assert!(r.json()["error"]["message"].as_str().unwrap().contains("1000 characters"), "{r:#?}");
        }
    }
    assert_eq!(journal(&home).len(), before, "nothing was written");
}

fn mode(p: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap_or_else(|e| panic!("{}: {e}", p.display())).permissions().mode() & 0o7777
}

fn chmod(p: &std::path::Path, m: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
}

#[test]
fn the_daemons_files_are_readable_by_their_owner_only() {
    let home = Home::new();
    home.json(&["spend", "1"]);
    let files = ["credits.db", "credits.db-wal", "credits.db-shm", "daemon.pid", "daemon.log"];
    for f in files {
        assert_eq!(mode(&home.path().join(f)), 0o600, "{f}");
    }
    // Files an older version left readable by others are made private at the next start.
    home.run(&["daemon", "stop"]).expect(0);
    for f in files {
        let p = home.path().join(f);
        if p.exists() {
            chmod(&p, 0o644);
        }
    }
    home.json(&["spend", "1"]);
    for f in files {
        assert_eq!(mode(&home.path().join(f)), 0o600, "{f} after a restart");
    }
}

#[test]
fn a_socket_directory_is_never_chmodded_and_one_others_can_write_to_is_refused() {
    let home = Home::new();
    // A directory of ours that others may enter (like a home): used as it is.
    let mine = home.path().join("mine");
    std::fs::create_dir(&mine).unwrap();
    chmod(&mine, 0o755);
    let sock = mine.join("x.sock").display().to_string();
    home.run(&["--socket", &sock, "spend", "1"]).expect(0);
    assert_eq!(mode(&mine), 0o755, "the directory's mode is left alone");
    home.run(&["--socket", &sock, "daemon", "stop"]).expect(0);

    // One that others can write to (like /tmp): refused by the CLI and by the daemon, its mode
    // and sticky bit untouched, no daemon left running.
    let shared = home.path().join("shared");
    std::fs::create_dir(&shared).unwrap();
    chmod(&shared, 0o1777);
    let sock = shared.join("x.sock").display().to_string();
    let r = home.run(&["--socket", &sock, "spend", "1"]);
    assert!(r.code == 2 || r.code == 3, "{r:#?}");
    assert!(r.stderr.contains("can be written by other users"), "{r:#?}");
    let mut child =
        home.command().args(["--socket", &sock, "daemon", "run"]).stderr(std::process::Stdio::piped()).spawn().unwrap();
    let exited = common::wait_until(std::time::Duration::from_secs(15), || child.try_wait().unwrap().is_some());
    if !exited {
        let _ = child.kill();
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&format!("{} can be written by other users", shared.display())), "{stderr}");
    assert_eq!(mode(&shared), 0o1777, "mode and sticky bit are left alone");
    assert!(!shared.join("x.sock").exists());
    assert!(!home.daemon_pid().is_some_and(common::is_our_process));
}

fn debits_with_ref(home: &Home, key: &str) -> usize {
    journal(home).iter().filter(|e| e["ref"] == key && e["kind"] == "debit").count()
}

#[test]
fn idempotency_keys_belong_to_their_caller() {
    let home = Home::new();
    home.json(&["seats", "add", "bob"]);
    let alice = api_for(&home, "tester");
    let bob = api_for(&home, "bob");

    // Seat A's key neither blocks nor replays for seat B, whatever B sends.
    let a = alice.post_key("/v1/usage", "job-1", &json!({"amount": "7"})).expect(200);
    let b = bob.post_key("/v1/usage", "job-1", &json!({"amount": "7"})).expect(200);
    assert_eq!(b.header("idempotent-replayed"), None, "B's request is B's own: {b:#?}");
    assert_ne!(a.body, b.body);
    let b2 = bob.post_key("/v1/usage", "job-1", &json!({"amount": "8"})).expect(422);
    assert_eq!(b2.error_type(), "idempotency_error");
    let a2 = alice.post_key("/v1/usage", "job-1", &json!({"amount": "7"})).expect(200);
    assert_eq!((a2.header("idempotent-replayed"), a2.body.as_str()), (Some("true"), a.body.as_str()));
    let b3 = bob.post_key("/v1/usage", "job-1", &json!({"amount": "7"})).expect(200);
    assert_eq!((b3.header("idempotent-replayed"), b3.body.as_str()), (Some("true"), b.body.as_str()));
    assert_eq!(debits_with_ref(&home, "job-1"), 2);

    // Holds, and a key A used for a debit is free for B's hold.
    alice.post_key("/v1/holds", "h-1", &json!({"amount": "3"})).expect(201);
    bob.post_key("/v1/holds", "h-1", &json!({"amount": "4"})).expect(201);
    let hb = bob.post_key("/v1/holds", "h-1", &json!({"amount": "4"})).expect(201);
    assert_eq!(hb.header("idempotent-replayed"), Some("true"));
    let id = hb.json()["hold"]["id"].as_str().unwrap().to_owned();
    bob.post_key(&format!("/v1/holds/{id}/settle"), "job-1-hold", &json!({"amount": "1"})).expect(200);
    alice.post_key("/v1/usage", "job-1-hold", &json!({"amount": "1"})).expect(200);

    // The CLI's keys are the workspace's: separate from every seat's, in both directions.
    let cli = home.json(&["spend", "7", "--seat", "tester", "--idempotency-key", "job-1"]);
    assert_ne!(cli, a.json(), "a new debit, not seat A's answer");
    let mut replay = home.json(&["spend", "7", "--seat", "tester", "--idempotency-key", "job-1"]);
    assert_eq!(replay["replayed"], true, "{replay:#}");
    replay["replayed"] = cli["replayed"].clone();
    assert_eq!(replay, cli, "the CLI's replay");
    assert_eq!(debits_with_ref(&home, "job-1"), 3);
    home.json(&["spend", "2", "--seat", "bob", "--idempotency-key", "cli-1"]);
    let r = bob.post_key("/v1/usage", "cli-1", &json!({"amount": "5"})).expect(200);
    assert_eq!(r.header("idempotent-replayed"), None);
    assert_eq!(debits_with_ref(&home, "cli-1"), 2);
    let v = home.run(&["verify", "--json"]).expect(0).json();
    assert_eq!(v["ok"], true, "{v:#}");
}
