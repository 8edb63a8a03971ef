//! Test support: an isolated home for the real binary, with a guard that stops every daemon it
//! started (by pid, even when the test fails).

#![allow(dead_code)]

pub mod http;
#[cfg(unix)]
pub mod pty;
#[cfg(unix)]
pub mod remote;
pub mod stripe;
pub mod venv;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use tempfile::TempDir;

/// The binary under test.
pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_studio-credits"))
}

/// Variables from the developer's or CI's environment that must not leak into a test.
pub const SCRUBBED: &[&str] = &[
    "STUDIO_CREDITS_HOME",
    "STUDIO_CREDITS_SERVER",
    "STUDIO_CREDITS_TOKEN",
    "STUDIO_CREDITS_CA_CERT",
    "STUDIO_CREDITS_WORKSPACE",
    "STUDIO_CREDITS_SOCKET",
    "STUDIO_CREDITS_HTTP_LISTEN",
    "STUDIO_CREDITS_STRIPE_API_BASE",
    "STUDIO_CREDITS_FAKE_NOW",
    "STUDIO_CREDITS_ROLLOVER_PAUSED",
    "STUDIO_CREDITS_TIMEOUT",
    "STUDIO_CREDITS_STORE",
    "STRIPE_SECRET_KEY",
    "STRIPE_WEBHOOK_SECRET",
    "XDG_RUNTIME_DIR",
    "XDG_DATA_HOME",
    "XDG_CONFIG_HOME",
    "NO_COLOR",
    "RUST_LOG",
    // Tables fit COLUMNS when it is set; tests choose their width themselves.
    "COLUMNS",
    "LINES",
];

/// One isolated installation: its own `STUDIO_CREDITS_HOME`, HTTP on a free loopback port, and
/// the user `tester`. Dropping it kills the daemon it started.
pub struct Home {
    pub dir: TempDir,
    envs: Vec<(String, String)>,
}

/// What a command did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// stdout as JSON (panics with the whole output when it is not).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {self:#?}"))
    }

    /// Asserts the exit code, showing everything on failure.
    pub fn expect(self, code: i32) -> Run {
        assert_eq!(self.code, code, "unexpected exit code: {self:#?}");
        self
    }
}

impl From<Output> for Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl Default for Home {
    fn default() -> Self {
        Home::new()
    }
}

impl Home {
    pub fn new() -> Home {
        let dir = tempfile::Builder::new().prefix("sc-test-").tempdir().expect("temp dir");
        let envs = vec![
            ("STUDIO_CREDITS_HOME".to_owned(), dir.path().display().to_string()),
            ("STUDIO_CREDITS_HTTP_LISTEN".to_owned(), "127.0.0.1:0".to_owned()),
            ("USER".to_owned(), "tester".to_owned()),
            ("HOME".to_owned(), dir.path().display().to_string()),
        ];
        Home { dir, envs }
    }

    /// Adds or replaces an environment variable for every later command (and so for a daemon
    /// they start).
    pub fn env(&mut self, key: &str, value: &str) -> &mut Home {
        self.envs.retain(|(k, _)| k != key);
        self.envs.push((key.to_owned(), value.to_owned()));
        self
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// A `Command` for the binary in this home.
    pub fn command(&self) -> Command {
        self.command_for(&bin())
    }

    /// A `Command` for any program, with this home's environment (e.g. a shell that sets a
    /// limit and then runs the binary, so that a daemon it starts inherits the limit).
    pub fn command_for(&self, program: &Path) -> Command {
        let mut c = Command::new(program);
        for k in SCRUBBED {
            c.env_remove(k);
        }
        c.envs(self.envs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        c.stdin(Stdio::null());
        c
    }

    /// A `Command` that runs `program` with `args` and then the binary, in this home's
    /// environment (for wrappers such as `/usr/bin/time`).
    pub fn command_via(&self, program: &str, args: &[&str]) -> Command {
        let mut c = Command::new(program);
        c.args(args).arg(bin());
        for k in SCRUBBED {
            c.env_remove(k);
        }
        c.envs(self.envs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        c.stdin(Stdio::null());
        c
    }

    /// Runs the binary with `args` and returns what it did.
    pub fn run(&self, args: &[&str]) -> Run {
        self.command().args(args).output().expect("run studio-credits").into()
    }

    /// Runs with `--json`, expects exit 0, returns stdout as JSON.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut a = args.to_vec();
        a.push("--json");
        self.run(&a).expect(0).json()
    }

    /// The pid in the daemon's lock file, if any.
    pub fn daemon_pid(&self) -> Option<u32> {
        pid_in_lockfile(&self.path().join("daemon.pid"))
    }

    /// The HTTP address the running daemon bound.
    pub fn http_addr(&self) -> String {
        let s = self.json(&["daemon", "status"]);
        s["http_addr"].as_str().expect("daemon has an HTTP address").to_owned()
    }

    /// SIGKILLs the daemon (if one runs) and waits until it is gone.
    pub fn kill_daemon(&self) {
        if let Some(pid) = self.daemon_pid() {
            kill_pid(pid);
        }
    }
}

/// The pid a daemon recorded on the first line of its lock file (`daemon.pid`, beside the
/// database), if any.
pub fn pid_in_lockfile(path: &Path) -> Option<u32> {
    std::fs::read_to_string(path).ok()?.lines().next()?.trim().parse().ok()
}

/// True while `pid` is a live studio-credits process (not a zombie, not a reused pid).
pub fn is_our_process(pid: u32) -> bool {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else { return false };
    let state = stat.rsplit(')').next().and_then(|s| s.split_whitespace().next());
    let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
    state != Some("Z") && String::from_utf8_lossy(&cmdline).contains("studio-credits")
}

/// SIGKILLs `pid` if it is one of ours and waits (bounded) until it has exited.
pub fn kill_pid(pid: u32) {
    if !is_our_process(pid) {
        return;
    }
    let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
    wait_until(Duration::from_secs(10), || !is_our_process(pid));
}

/// Runs the binary in `home`, killing it (by pid) if it has not exited within `limit`; `None`
/// when it had to be killed.
pub fn run_within(home: &Home, args: &[&str], limit: Duration) -> Option<Run> {
    let mut child =
        home.command().args(args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("start studio-credits");
    if !wait_until(limit, || child.try_wait().map(|s| s.is_some()).unwrap_or(true)) {
        let _ = child.kill();
        let _ = child.wait();
        return None;
    }
    Some(child.wait_with_output().expect("collect output").into())
}

/// Polls `cond` until it holds or `timeout` passes; returns whether it held.
pub fn wait_until(timeout: Duration, mut cond: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + timeout;
    let mut pause = Duration::from_millis(1);
    while Instant::now() < deadline {
        if cond() {
            return true;
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(50));
    }
    cond()
}

/// The live `studio-credits daemon run` processes started with `HOME=home`, whatever their
/// lock file says: a Drop guard's net for daemons a failing test started where it did not expect.
pub fn daemons_with_home(home: &Path) -> Vec<u32> {
    let var = format!("HOME={}", home.display());
    let Ok(procs) = std::fs::read_dir("/proc") else { return Vec::new() };
    procs
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
            let args: Vec<&[u8]> = cmdline.split(|b| *b == 0).collect();
            let environ = std::fs::read(format!("/proc/{pid}/environ")).unwrap_or_default();
            args.windows(2).any(|w| w == [&b"daemon"[..], &b"run"[..]])
                && environ.split(|b| *b == 0).any(|v| v == var.as_bytes())
                && is_our_process(*pid)
        })
        .collect()
}

impl Drop for Home {
    fn drop(&mut self) {
        self.kill_daemon();
        for pid in daemons_with_home(self.path()) {
            kill_pid(pid);
        }
    }
}

/// True when `program` is on PATH. When it is not, a test that needs it is skipped with a note,
/// except under CI (`CI=true`), where `.ci/run` installs it and a missing tool is a failure.
pub fn tool(program: &str, needed_for: &str) -> bool {
    let found = std::process::Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
        assert!(!ci, "`{program}` is needed for {needed_for} and is not installed; .ci/run installs it");
        eprintln!("note: skipping {needed_for}: `{program}` is not installed (.ci/run installs it)");
    }
    found
}

/// A child process killed (and reaped) when dropped, also when the test fails.
pub struct ChildGuard(pub std::process::Child);

impl ChildGuard {
    /// Waits for the child to exit, at most `timeout`; kills it after that. Returns what it did.
    pub fn finish(mut self, timeout: Duration) -> Run {
        use std::io::Read;
        let mut stdout = self.0.stdout.take();
        let mut stderr = self.0.stderr.take();
        // Drain both pipes on threads so a chatty child never blocks on a full pipe.
        let out = std::thread::spawn(move || {
            let mut s = Vec::new();
            if let Some(p) = stdout.as_mut() {
                let _ = p.read_to_end(&mut s);
            }
            s
        });
        let err = std::thread::spawn(move || {
            let mut s = Vec::new();
            if let Some(p) = stderr.as_mut() {
                let _ = p.read_to_end(&mut s);
            }
            s
        });
        let exited = wait_until(timeout, || self.0.try_wait().is_ok_and(|s| s.is_some()));
        if !exited {
            let _ = self.0.kill();
        }
        let status = self.0.wait().ok();
        let stdout = String::from_utf8_lossy(&out.join().unwrap_or_default()).into_owned();
        let mut stderr = String::from_utf8_lossy(&err.join().unwrap_or_default()).into_owned();
        if !exited {
            stderr.push_str(&format!("\n(killed after {timeout:?})"));
        }
        Run { code: status.and_then(|s| s.code()).unwrap_or(-1), stdout, stderr }
    }
}

impl Drop for ChildGuard {
    fn drop(&mut self) {
        if self.0.try_wait().is_ok_and(|s| s.is_none()) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}
