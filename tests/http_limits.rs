//! The HTTP port under abuse, through the real binary: a flood of idle and slow-header
//! connections against a daemon with few descriptors must not lock the owner out of the local
//! socket nor fill the log; idle connections are closed; and every error answer the
//! application can shape is JSON, while the few hyper answers itself are what the README says.

#![cfg(target_os = "linux")]

mod common;

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use common::http::exchange;
use common::{Home, Run, bin};

/// A home whose config file holds `config`, not yet started.
fn home_with(config: &str) -> Home {
    let home = Home::new();
    std::fs::write(home.path().join("config.toml"), config).expect("write config.toml");
    home
}

/// A started daemon's home and HTTP address.
fn started(config: &str) -> (Home, String) {
    let home = home_with(config);
    home.run(&["daemon", "start"]).expect(0);
    let addr = home.http_addr();
    (home, addr)
}

/// Runs the CLI and fails the test if it has not finished within `limit` (killing it, by pid).
fn run_within(home: &Home, args: &[&str], limit: Duration) -> Run {
    common::run_within(home, args, limit)
        .unwrap_or_else(|| panic!("`studio-credits {}` did not answer within {limit:?}", args.join(" ")))
}

/// Raises this test process's own descriptor limit: it holds more sockets than a default soft
/// limit of 1024 allows.
fn raise_own_fd_limit(needed: u64) {
    use rustix::process::{Resource, Rlimit, getrlimit, setrlimit};
    let lim = getrlimit(Resource::Nofile);
    if lim.current.is_some_and(|c| c < needed) {
        let _ = setrlimit(Resource::Nofile, Rlimit { current: lim.maximum, maximum: lim.maximum });
    }
    let now = getrlimit(Resource::Nofile).current;
    assert!(now.is_none_or(|c| c >= needed), "this test needs {needed} descriptors; the hard limit is {now:?}");
}

/// The soft and hard "Max open files" of a process.
fn fd_limits(pid: u32) -> (String, String) {
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).expect("read limits");
    let line = limits.lines().find(|l| l.starts_with("Max open files")).expect("a Max open files line");
    let mut fields = line["Max open files".len()..].split_whitespace();
    (fields.next().unwrap().to_owned(), fields.next().unwrap().to_owned())
}

/// Whether the peer has closed a non-blocking stream.
fn closed(s: &mut TcpStream) -> bool {
    let mut buf = [0u8; 256];
    match s.read(&mut buf) {
        Ok(0) => true,
        Ok(_) => false,
        Err(e) => e.kind() != ErrorKind::WouldBlock,
    }
}

/// Threads that keep `per_thread` idle connections each open to `addr`, reopening those the
/// daemon closes, until `stop`. Counts every connection made.
fn flood(
    addr: SocketAddr,
    threads: usize,
    per_thread: usize,
    stop: &Arc<AtomicBool>,
) -> (Vec<thread::JoinHandle<()>>, Arc<AtomicUsize>) {
    let made = Arc::new(AtomicUsize::new(0));
    let handles = (0..threads)
        .map(|_| {
            let (stop, made) = (stop.clone(), made.clone());
            thread::spawn(move || {
                let mut held: Vec<TcpStream> = Vec::new();
                while !stop.load(Ordering::Relaxed) {
                    held.retain_mut(|s| !closed(s));
                    while held.len() < per_thread && !stop.load(Ordering::Relaxed) {
                        // A full accept queue drops the handshake; give up on it and retry later.
                        let Ok(s) = TcpStream::connect_timeout(&addr, Duration::from_millis(300)) else { break };
                        s.set_nonblocking(true).unwrap();
                        held.push(s);
                        made.fetch_add(1, Ordering::Relaxed);
                    }
                    thread::sleep(Duration::from_millis(50));
                }
            })
        })
        .collect();
    (handles, made)
}

#[test]
fn a_connection_flood_never_locks_the_owner_out_of_the_socket() {
    const HEADER_TIMEOUT: Duration = Duration::from_secs(4);
    raise_own_fd_limit(2048);
    let home = home_with("[http]\nheader_timeout_seconds = 4\n");
    // The daemon starts under `ulimit -n 1024` (soft and hard), like on a stock system.
    let started = home
        .command_for(Path::new("/bin/sh"))
        .args(["-c", "ulimit -n 1024 && exec \"$0\" \"$@\""])
        .arg(bin())
        .args(["daemon", "start"])
        .output()
        .expect("start the daemon");
    assert!(started.status.success(), "{started:?}");
    let pid = home.daemon_pid().expect("a daemon pid");
    assert_eq!(fd_limits(pid), ("1024".to_owned(), "1024".to_owned()));
    let addr: SocketAddr = home.http_addr().parse().unwrap();
    let log = home.path().join("daemon.log");
    let log_before = std::fs::metadata(&log).map_or(0, |m| m.len());

    // Slow-header clients first, so they certainly hold connections: one byte a second.
    let mut slow: Vec<(TcpStream, Instant, Option<Duration>)> = (0..20)
        .map(|_| {
            let s = TcpStream::connect(addr).expect("connect");
            s.set_nonblocking(true).unwrap();
            (s, Instant::now(), None)
        })
        .collect();
    let head = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    let stop = Arc::new(AtomicBool::new(false));
    let (flooders, made) = flood(addr, 12, 100, &stop);

    let start = Instant::now();
    let mut checks = 0;
    let mut byte = 0;
    while start.elapsed() < Duration::from_secs(8) {
        for (s, opened, closed_after) in slow.iter_mut().filter(|e| e.2.is_none()) {
            if s.write(&head[byte % head.len()..][..1]).is_err() || closed(s) {
                *closed_after = Some(opened.elapsed());
            }
        }
        byte += 1;
        for args in [&["balance", "--json"][..], &["rollover", "--check"]] {
            run_within(&home, args, Duration::from_secs(2)).expect(0);
            checks += 1;
        }
        let next_second = start + Duration::from_secs(start.elapsed().as_secs() + 1);
        thread::sleep(next_second.saturating_duration_since(Instant::now()));
    }
    stop.store(true, Ordering::Relaxed);
    for f in flooders {
        f.join().expect("flood thread");
    }
    let made = made.load(Ordering::Relaxed);
    assert!(made >= 1100, "the flood made only {made} connections");
    assert!(checks >= 10);

    // Every slow-header client was cut off by the header timeout, none before it.
    for (i, (_, _, closed_after)) in slow.iter().enumerate() {
        let after = closed_after.unwrap_or_else(|| panic!("slow client {i} is still open after 8 s"));
        assert!(
            after >= HEADER_TIMEOUT - Duration::from_millis(200) && after <= HEADER_TIMEOUT + Duration::from_secs(2),
            "slow client {i} closed after {after:?}"
        );
    }
    drop(slow);

    // The flood is over: HTTP serves again, and the log stayed small.
    assert!(common::wait_until(Duration::from_secs(5), || {
        exchange(&addr.to_string(), b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .is_some_and(|r| r.status == 200)
    }));
    let grown = std::fs::metadata(&log).map_or(0, |m| m.len()) - log_before;
    assert!(grown < 64 * 1024, "daemon.log grew by {grown} bytes during the flood");
}

#[test]
fn idle_connections_are_closed() {
    let (_home, addr) = started("[http]\nheader_timeout_seconds = 10\nidle_timeout_seconds = 1\n");

    // Kept alive after an answer, then silent.
    let mut kept = TcpStream::connect(&addr).unwrap();
    kept.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    kept.set_read_timeout(Some(Duration::from_secs(8))).unwrap();
    let mut answer = Vec::new();
    let mut buf = [0u8; 1024];
    while !answer.ends_with(b"ok\n") {
        let n = kept.read(&mut buf).expect("the answer");
        assert!(n > 0, "closed before answering");
        answer.extend_from_slice(&buf[..n]);
    }
    // Never sends a byte.
    let mut silent = TcpStream::connect(&addr).unwrap();
    silent.set_read_timeout(Some(Duration::from_secs(8))).unwrap();

    let start = Instant::now();
    for s in [&mut kept, &mut silent] {
        assert_eq!(s.read(&mut buf).expect("closed, not timed out"), 0);
    }
    // Within the idle timeout (and a margin), long before the 10 s header timeout.
    assert!(start.elapsed() < Duration::from_secs(4), "closed after {:?}", start.elapsed());
}

#[test]
fn every_error_the_application_can_shape_is_json() {
    let (_home, addr) = started("");
    let head = |line: &str, extra: &str| format!("{line}\r\nHost: x\r\nConnection: close\r\n{extra}\r\n").into_bytes();
    let long_uri = format!("GET /v1/balance?q={} HTTP/1.1", "a".repeat(9 * 1024));
    let big_header = format!("X-Big: {}\r\n", "a".repeat(40 * 1024));
    let mut big_webhook = head("POST /v1/stripe/webhook HTTP/1.1", "Content-Length: 70000\r\n");
    big_webhook.extend(vec![b'{'; 70_000]);
    let cases: Vec<(&str, Vec<u8>, u16, &str)> = vec![
        ("over-long URI", head(&long_uri, ""), 414, "uri_too_long"),
        ("over-large headers", head("GET /healthz HTTP/1.1", &big_header), 431, "headers_too_large"),
        (
            "broken chunked webhook body",
            [head("POST /v1/stripe/webhook HTTP/1.1", "Transfer-Encoding: chunked\r\n"), b"zz\r\n".to_vec()].concat(),
            400,
            "invalid_input",
        ),
        ("over-large webhook body", big_webhook, 413, "payload_too_large"),
        ("non-UTF-8 path parameter", head("GET /v1/purchases/%ff/cancel HTTP/1.1", ""), 404, "not_found"),
        ("unknown route", head("GET /nope HTTP/1.1", ""), 404, "not_found"),
        ("wrong method", head("DELETE /v1/usage HTTP/1.1", ""), 405, "method_not_allowed"),
    ];
    for (what, raw, status, kind) in cases {
        let r = exchange(&addr, &raw).unwrap_or_else(|| panic!("{what}: no answer"));
        assert_eq!(r.status, status, "{what}: {r:#?}");
        assert_eq!(r.header("content-type"), Some("application/json"), "{what}: {r:#?}");
        let e = &r.json()["error"];
        assert_eq!(e["type"], kind, "{what}: {r:#?}");
        assert!(e["message"].as_str().is_some_and(|m| !m.is_empty()), "{what}: {r:#?}");
    }

    // What hyper answers before the application sees a request, as the README documents: an
    // empty body and `connection: close`.
    let many_headers: String = (0..101).map(|i| format!("X-{i}: a\r\n")).collect();
    let library: Vec<(&str, Vec<u8>, u16)> = vec![
        ("malformed request line", b"GARBAGE\r\n\r\n".to_vec(), 400),
        ("malformed header", head("GET /healthz HTTP/1.1", "Bad Header: x\r\n"), 400),
        ("URI over 65,534 bytes", head(&format!("GET /{} HTTP/1.1", "a".repeat(70_000)), ""), 414),
        ("more than 100 headers", head("GET /healthz HTTP/1.1", &many_headers), 431),
    ];
    for (what, raw, status) in library {
        let r = exchange(&addr, &raw).unwrap_or_else(|| panic!("{what}: no answer"));
        assert_eq!(r.status, status, "{what}: {r:#?}");
        assert_eq!(r.body, "", "{what}: {r:#?}");
        assert_eq!(r.header("connection"), Some("close"), "{what}: {r:#?}");
    }
}
