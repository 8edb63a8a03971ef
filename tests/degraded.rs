//! The daemon under stress from outside the ledger: a client that floods the socket without
//! reading, a full disk, and a daemon stopped with SIGSTOP. Each must leave the daemon bounded and
//! every other client with a clear, prompt answer.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::UnixStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use common::Home;

/// The daemon's resident memory in KiB, from /proc (0 once it is gone).
fn rss_kib(pid: u64) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn daemon_pid(home: &Home) -> u64 {
    home.json(&["daemon", "status"])["pid"].as_u64().expect("daemon status has a pid")
}

#[test]
fn a_client_that_never_reads_its_answers_stalls_only_itself() {
    const REQUESTS: u64 = 500_000;
    let home = Home::new();
    for i in 0..20 {
        home.json(&["spend", "1", "--memo", &format!("entry {i} with a memo long enough to weigh something")]);
    }
    let pid = daemon_pid(&home);
    let before = rss_kib(pid);
    assert!(before > 0, "no VmRSS for the daemon, pid {pid}");

    let flood = UnixStream::connect(home.path().join("daemon.sock")).expect("connect to the socket");
    let written = Arc::new(AtomicU64::new(0));
    let writer = {
        let (mut stream, written) = (flood.try_clone().unwrap(), written.clone());
        std::thread::spawn(move || {
            let mut chunk = Vec::new();
            for id in 1..=REQUESTS {
                chunk.extend_from_slice(
                    format!("{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":\"history\",\"params\":{{\"limit\":50}}}}\n")
                        .as_bytes(),
                );
                if id % 1000 == 0 {
                    // Blocks once the daemon stops reading; fails once the test shuts the socket.
                    if stream.write_all(&chunk).is_err() {
                        return;
                    }
                    chunk.clear();
                    written.store(id, Ordering::Relaxed);
                }
            }
        })
    };

    // A watcher samples the daemon's memory closely; past the limit it kills the daemon, so a
    // regression fails the test instead of exhausting the machine.
    const LIMIT_KIB: u64 = 200 * 1024;
    let peak = Arc::new(AtomicU64::new(0));
    let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watcher = {
        let (peak, done) = (peak.clone(), done.clone());
        std::thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                let rss = rss_kib(pid);
                peak.fetch_max(rss, Ordering::Relaxed);
                if rss >= LIMIT_KIB {
                    common::kill_pid(pid as u32);
                    return;
                }
                std::thread::sleep(Duration::from_millis(10));
            }
        })
    };

    // For a while, the daemon must stay small and answer everyone else promptly.
    let window = Instant::now() + Duration::from_secs(6);
    let mut served = 0;
    while Instant::now() < window {
        let t = Instant::now();
        let r = home.run(&["balance", "--json"]);
        let took = t.elapsed();
        let peak = peak.load(Ordering::Relaxed);
        assert!(peak < LIMIT_KIB, "daemon RSS reached {peak} KiB (was {before} KiB) while a client flooded the socket");
        assert_eq!(r.code, 0, "balance failed during the flood: {r:#?}");
        assert!(took < Duration::from_secs(2), "balance took {took:?} during the flood");
        served += 1;
        std::thread::sleep(Duration::from_millis(200));
    }
    done.store(true, Ordering::Relaxed);
    watcher.join().unwrap();
    let peak = peak.load(Ordering::Relaxed);
    let sent = written.load(Ordering::Relaxed);
    assert!(sent < REQUESTS, "the daemon read all {REQUESTS} requests without their answers being read");
    eprintln!("flood: {sent} requests accepted, RSS {before} KiB -> peak {peak} KiB, {served} balances served");

    // The flooding client is still served once it reads.
    let mut answers = BufReader::new(flood.try_clone().unwrap());
    for _ in 0..200 {
        let mut line = String::new();
        answers.read_line(&mut line).expect("read an answer");
        let v: serde_json::Value = serde_json::from_str(&line).expect("an answer is JSON");
        assert!(v["result"]["entries"].is_array(), "unexpected answer: {line}");
    }
    flood.shutdown(std::net::Shutdown::Both).unwrap();
    writer.join().unwrap();
    assert_eq!(home.run(&["balance", "--json"]).code, 0);
}

/// A tmpfs mounted over a test's home. Dropping it stops the daemon living there (by pid), then
/// unmounts.
struct Tmpfs {
    path: std::path::PathBuf,
}

impl Tmpfs {
    /// Mounts, or `None` when this machine does not let us (not root, no CAP_SYS_ADMIN).
    fn mount(path: &std::path::Path, size: &str) -> Option<Tmpfs> {
        let out = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size},mode=0700"), "tmpfs"])
            .arg(path)
            .output()
            .ok()?;
        if !out.status.success() {
            eprintln!(
                "note: skipping the full-disk test: cannot mount a tmpfs here ({})",
                String::from_utf8_lossy(&out.stderr).trim()
            );
            return None;
        }
        Some(Tmpfs { path: path.to_owned() })
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        if let Some(pid) =
            std::fs::read_to_string(self.path.join("daemon.pid")).ok().and_then(|p| p.trim().parse().ok())
        {
            common::kill_pid(pid);
        }
        let umounted = std::process::Command::new("umount").arg(&self.path).status().is_ok_and(|s| s.success());
        if !umounted {
            let _ = std::process::Command::new("umount").arg("-l").arg(&self.path).status();
        }
    }
}

/// Writes to `path` until the filesystem refuses with ENOSPC.
fn fill_disk(path: &std::path::Path) {
    let mut f = std::fs::File::create(path).expect("create the filler");
    let chunk = vec![0xa5u8; 1 << 20];
    loop {
        if let Err(e) = f.write_all(&chunk) {
            assert_eq!(e.raw_os_error(), Some(28), "expected ENOSPC, got {e}");
            break;
        }
    }
    // Whatever is left is smaller than a megabyte: take it page by page.
    let page = vec![0x5au8; 4096];
    while f.write_all(&page).is_ok() {}
}

/// Appends to `path` until not one more byte fits: a file's last page may have room left after
/// the filesystem has no free page.
fn fill_tail(path: &std::path::Path) {
    let mut f = std::fs::OpenOptions::new().append(true).open(path).expect("open for appending");
    for size in [4096, 512, 64, 1] {
        while f.write_all(&vec![b'.'; size]).is_ok() {}
    }
}

#[test]
fn a_full_disk_refuses_writes_clearly_and_changes_nothing() {
    let home = Home::new();
    let Some(_disk) = Tmpfs::mount(home.path(), "16m") else { return };
    home.json(&["spend", "1"]);
    let token = home.json(&["seats", "token", "tester"])["token"].as_str().unwrap().to_owned();
    let api = common::http::Api::new(&home.http_addr(), Some(&token));
    let pid = daemon_pid(&home);
    let spendable = |home: &Home| home.json(&["balance"])["spendable"].as_str().unwrap().to_owned();
    let before = spendable(&home);

    // The log lives on the same filesystem: the daemon's own complaints cannot be written either.
    let filler = home.path().join("filler");
    fill_disk(&filler);
    fill_tail(&home.path().join("daemon.log"));
    let t = Instant::now();
    let r = common::run_within(&home, &["spend", "1", "--idempotency-key", "disk-full-1"], Duration::from_secs(10))
        .expect("spend must answer on a full disk, not hang");
    assert_eq!(r.code, 3, "{r:#?}");
    assert!(
        r.stderr.contains("the ledger could not be written: the disk is full")
            && r.stderr.contains("nothing was changed"),
        "{r:#?}"
    );
    assert!(t.elapsed() < Duration::from_secs(5), "spend took {:?} on a full disk", t.elapsed());
    eprintln!("spend on a full disk: {}", r.stderr.trim());

    let t = Instant::now();
    let resp = api.post("/v1/usage", &serde_json::json!({"amount": "1"})).expect(503);
    assert_eq!(resp.error_type(), "unavailable", "{resp:#?}");
    assert!(resp.header("retry-after").is_some(), "a client is told when to retry: {resp:#?}");
    assert!(resp.json()["error"]["message"].as_str().unwrap().contains("nothing was changed"), "{resp:#?}");
    assert!(t.elapsed() < Duration::from_secs(5), "HTTP usage took {:?} on a full disk", t.elapsed());
    assert_eq!(spendable(&home), before, "a refused write changed the balance");

    std::fs::remove_file(&filler).unwrap();
    assert_eq!(daemon_pid(&home), pid, "the daemon must survive a full disk");
    assert_eq!(spendable(&home), before);
    let v = home.run(&["verify", "--json"]).expect(0).json();
    assert_eq!(v["ok"], true, "{v:#}");
    // The same key now spends once: the refused attempt left nothing behind.
    home.json(&["spend", "1", "--idempotency-key", "disk-full-1"]);
    assert_ne!(spendable(&home), before);
}

/// SIGSTOPs a daemon; dropping it lets the daemon run again (before anything kills it).
struct Stopped(u64);

impl Stopped {
    fn new(pid: u64) -> Stopped {
        assert!(std::process::Command::new("kill").args(["-STOP", &pid.to_string()]).status().unwrap().success());
        Stopped(pid)
    }
}

impl Drop for Stopped {
    fn drop(&mut self) {
        let _ = std::process::Command::new("kill").args(["-CONT", &self.0.to_string()]).status();
    }
}

#[test]
fn a_stopped_daemon_turns_into_exit_3_in_bounded_time() {
    let home = Home::new();
    home.json(&["spend", "1"]);
    let before = home.json(&["balance"])["spendable"].as_str().unwrap().to_owned();
    let pid = daemon_pid(&home);
    let stopped = Stopped::new(pid);

    // The watchdog's question: the default wait for reads is 5 s.
    let t = Instant::now();
    let r =
        common::run_within(&home, &["rollover", "--check"], Duration::from_secs(30)).expect("rollover --check hung");
    let took = t.elapsed();
    assert_eq!(r.code, 3, "{r:#?}");
    assert!(r.stderr.contains("did not answer within 5 s"), "{r:#?}");
    assert!(took >= Duration::from_secs(4) && took < Duration::from_secs(10), "rollover --check took {took:?}");

    // A write: its handshake already goes unanswered, so it was never sent.
    let t = Instant::now();
    let r = common::run_within(&home, &["spend", "1"], Duration::from_secs(60)).expect("spend hung");
    assert_eq!(r.code, 3, "{r:#?}");
    assert!(r.stderr.contains("did not answer") && r.stderr.contains("nothing was sent"), "{r:#?}");
    assert!(t.elapsed() < Duration::from_secs(10), "spend took {:?}", t.elapsed());

    // The wait is configurable, by flag and by environment, and JSON errors say the same.
    let t = Instant::now();
    let r = common::run_within(&home, &["balance", "--timeout", "0.5", "--json"], Duration::from_secs(30))
        .expect("balance hung");
    assert_eq!(r.code, 3, "{r:#?}");
    let err: serde_json::Value = serde_json::from_str(&r.stdout).expect("a JSON error");
    assert_eq!(err["error"]["type"], "daemon_unreachable", "{r:#?}");
    assert!(t.elapsed() < Duration::from_secs(3), "--timeout 0.5 took {:?}", t.elapsed());
    let mut impatient = home.command();
    impatient.env("STUDIO_CREDITS_TIMEOUT", "1").args(["history"]);
    let t = Instant::now();
    let out = impatient.output().unwrap();
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    assert!(t.elapsed() < Duration::from_secs(4), "STUDIO_CREDITS_TIMEOUT=1 took {:?}", t.elapsed());

    drop(stopped);
    home.run(&["rollover", "--check"]).expect(0);
    assert_eq!(home.json(&["balance"])["spendable"], before, "a timed-out spend must not have been applied");
    home.json(&["spend", "1"]);
}

/// A daemon that answers the handshake and then nothing: a request whose answer is lost.
fn swallowing_daemon(socket: &std::path::Path) -> std::thread::JoinHandle<Vec<UnixStream>> {
    let listener = std::os::unix::net::UnixListener::bind(socket).expect("bind the fake socket");
    std::thread::spawn(move || {
        // One connection per CLI run below; each is held open (returned) until the test joins.
        let mut held = Vec::new();
        for conn in listener.incoming().take(3) {
            let conn = conn.unwrap();
            let mut lines = BufReader::new(conn.try_clone().unwrap());
            let mut hello = String::new();
            lines.read_line(&mut hello).unwrap();
            let id = serde_json::from_str::<serde_json::Value>(&hello).unwrap()["id"].clone();
            let answer = serde_json::json!({"jsonrpc": "2.0", "id": id, "result":
                {"protocol": credits_proto::PROTOCOL_VERSION, "version": "fake", "pid": 1}});
            (&conn).write_all(format!("{answer}\n").as_bytes()).unwrap();
            held.push(conn);
        }
        held
    })
}

#[test]
fn a_write_whose_answer_never_came_may_or_may_not_have_happened() {
    let home = Home::new();
    let socket = home.path().join("fake.sock");
    let fake = swallowing_daemon(&socket);
    let socket = socket.display().to_string();
    let run = |args: &[&str]| {
        let mut all = vec!["--socket", &socket, "--no-autostart", "--timeout", "1"];
        all.extend_from_slice(args);
        let t = Instant::now();
        let r = common::run_within(&home, &all, Duration::from_secs(30)).expect("the CLI hung");
        assert!(t.elapsed() < Duration::from_secs(4), "{args:?} took {:?}", t.elapsed());
        assert_eq!(r.code, 3, "{r:#?}");
        r.stderr
    };

    let keyed = run(&["spend", "1", "--idempotency-key", "job-7"]);
    assert!(keyed.contains("may or may not have happened"), "{keyed}");
    assert!(keyed.contains("retry with the same --idempotency-key job-7"), "{keyed}");

    let unkeyed = run(&["spend", "1"]);
    assert!(unkeyed.contains("may or may not have happened"), "{unkeyed}");
    assert!(unkeyed.contains("without --idempotency-key") && unkeyed.contains("studio-credits history"), "{unkeyed}");

    let read = run(&["balance"]);
    assert!(read.contains("did not answer `balance` within 1 s") && !read.contains("may or may not"), "{read}");
    fake.join().unwrap();
}
