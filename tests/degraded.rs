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

/// The daemon's resident memory in KiB, from /proc.
fn rss_kib(pid: u64) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("daemon is alive");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS in /proc/PID/status")
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

    // For a while, the daemon must stay small and answer everyone else promptly.
    let window = Instant::now() + Duration::from_secs(6);
    let mut peak = 0;
    let mut served = 0;
    while Instant::now() < window {
        let rss = rss_kib(pid);
        peak = peak.max(rss);
        assert!(rss < 200 * 1024, "daemon RSS {rss} KiB (was {before} KiB) while a client floods the socket");
        let t = Instant::now();
        let r = home.run(&["balance", "--json"]);
        let took = t.elapsed();
        assert_eq!(r.code, 0, "balance failed during the flood: {r:#?}");
        assert!(took < Duration::from_secs(2), "balance took {took:?} during the flood");
        served += 1;
        std::thread::sleep(Duration::from_millis(200));
    }
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
