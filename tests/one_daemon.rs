//! One ledger, one daemon, found from any environment: a desktop session (with
//! `XDG_RUNTIME_DIR`) and cron's minimal one (`env -i HOME=… PATH=/usr/bin:/bin`) reach the same
//! daemon, never start a second one, and recover from a killed one.
//!
//! These tests use a temp `HOME` with the XDG defaults (not `STUDIO_CREDITS_HOME`, which puts
//! everything in one directory and so hides the difference), and a temp 0700 directory as the
//! desktop's `XDG_RUNTIME_DIR`.

mod common;

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Barrier};
use std::time::Duration;

use common::{Run, bin, daemons_with_home, is_our_process, kill_pid, pid_in_lockfile, wait_until};
use serde_json::Value;
use tempfile::TempDir;

/// The two kinds of session a user runs commands from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Env {
    /// A desktop or systemd session: `XDG_RUNTIME_DIR` points at a private directory.
    Desktop,
    /// cron: `env -i HOME=… PATH=/usr/bin:/bin`, nothing else.
    Cron,
}

/// A user's home with the XDG default layout. Dropping it kills every daemon that serves it.
struct User {
    home: TempDir,
}

impl User {
    fn new() -> User {
        let home = tempfile::Builder::new().prefix("sc-one-").tempdir().unwrap();
        let runtime = home.path().join("run");
        std::fs::create_dir(&runtime).unwrap();
        std::fs::set_permissions(&runtime, std::fs::Permissions::from_mode(0o700)).unwrap();
        // HTTP on a free loopback port, from the config file: cron's environment has no
        // STUDIO_CREDITS_HTTP_LISTEN.
        let config = home.path().join(".config/studio-credits");
        std::fs::create_dir_all(&config).unwrap();
        std::fs::write(config.join("config.toml"), "[http]\nlisten = \"127.0.0.1:0\"\n").unwrap();
        User { home }
    }

    fn data_dir(&self) -> PathBuf {
        self.home.path().join(".local/share/studio-credits")
    }

    fn lockfile(&self) -> PathBuf {
        self.data_dir().join("daemon.pid")
    }

    fn command(&self, env: Env) -> Command {
        let mut c = Command::new(bin());
        c.env_clear().env("HOME", self.home.path()).env("PATH", "/usr/bin:/bin").stdin(Stdio::null());
        match env {
            Env::Desktop => {
                c.env("XDG_RUNTIME_DIR", self.home.path().join("run"));
            }
            Env::Cron => {
                // Without XDG_RUNTIME_DIR the CLI uses /run/user/<uid> when the system has it
                // (then this would be the developer's real one, shared by every test): point
                // at the data directory instead, as on a system without it (CI, root).
                if Path::new(&format!("/run/user/{}", my_uid())).is_dir() {
                    c.env("STUDIO_CREDITS_SOCKET", self.data_dir().join("daemon.sock"));
                }
            }
        }
        c
    }

    fn run(&self, env: Env, args: &[&str]) -> Run {
        self.command(env).args(args).output().expect("run studio-credits").into()
    }

    fn json(&self, env: Env, args: &[&str]) -> Value {
        let mut a = args.to_vec();
        a.push("--json");
        self.run(env, &a).expect(0).json()
    }

    fn status_pid(&self, env: Env) -> u64 {
        self.json(env, &["daemon", "status"])["pid"].as_u64().expect("a pid")
    }

    /// The live `daemon run` processes of this home (by their `HOME`).
    fn daemons(&self) -> Vec<u32> {
        daemons_with_home(self.home.path())
    }
}

impl Drop for User {
    fn drop(&mut self) {
        for pid in self.daemons().into_iter().chain(pid_in_lockfile(&self.lockfile())) {
            kill_pid(pid);
        }
    }
}

fn my_uid() -> u32 {
    std::fs::metadata("/proc/self").map(|m| m.uid()).unwrap_or(u32::MAX)
}

fn spend_count(user: &User, env: Env) -> usize {
    let h = user.json(env, &["history", "--kind", "debit", "--limit", "1000"]);
    h["entries"].as_array().unwrap().len()
}

/// Started from `first`, used and stopped from `other`.
fn one_daemon_across(first: Env, other: Env) {
    let user = User::new();
    user.json(first, &["spend", "1"]);
    let pid = user.status_pid(first);

    let r = user.run(other, &["rollover", "--check"]);
    assert_eq!(r.code, 0, "{r:#?}");
    user.json(other, &["spend", "2"]);
    assert_eq!(user.status_pid(other), pid, "the same daemon");
    assert_eq!(user.daemons(), [pid as u32], "no second daemon");
    assert_eq!(spend_count(&user, first), 2);
    assert_eq!(user.json(first, &["balance"])["spendable"], "497");

    let stop = user.json(other, &["daemon", "stop"]);
    assert_eq!(stop["stopped"], true, "{stop:#}");
    assert_eq!(stop["pid"].as_u64(), Some(pid));
    assert!(wait_until(Duration::from_secs(10), || !is_our_process(pid as u32)), "the daemon has exited");
    // Really gone now: the watchdog says so from both environments, and starts nothing.
    for env in [first, other] {
        let r = user.run(env, &["rollover", "--check"]);
        assert_eq!(r.code, 3, "{r:#?}");
        assert!(r.stderr.contains("No daemon is running"), "{r:#?}");
    }
    assert!(user.daemons().is_empty());
}

#[test]
fn a_daemon_started_with_xdg_runtime_dir_is_found_and_stopped_from_cron() {
    one_daemon_across(Env::Desktop, Env::Cron);
}

#[test]
fn a_daemon_started_from_cron_is_found_and_stopped_from_a_desktop() {
    one_daemon_across(Env::Cron, Env::Desktop);
}

#[test]
fn twenty_concurrent_first_commands_from_both_environments_start_one_daemon() {
    let user = User::new();
    let user = Arc::new(user);
    let barrier = Arc::new(Barrier::new(20));
    let runs: Vec<Run> = (0..20)
        .map(|i| {
            let (user, barrier) = (user.clone(), barrier.clone());
            let env = if i % 2 == 0 { Env::Desktop } else { Env::Cron };
            std::thread::spawn(move || {
                let mut c = user.command(env);
                c.args(["spend", "1", "--json"]);
                barrier.wait();
                Run::from(c.output().unwrap())
            })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|t| t.join().unwrap())
        .collect();
    for r in &runs {
        assert_eq!(r.code, 0, "{r:#?}");
    }
    // Daemons that lost the race exit by themselves (code 11); one stays.
    assert!(wait_until(Duration::from_secs(10), || user.daemons().len() == 1), "daemons: {:?}", user.daemons());
    let pid = user.status_pid(Env::Desktop);
    assert_eq!(user.status_pid(Env::Cron), pid);
    assert_eq!(user.daemons(), [pid as u32]);
    assert_eq!(spend_count(&user, Env::Cron), 20);
    assert_eq!(user.json(Env::Desktop, &["balance"])["spendable"], "480");
}

#[test]
fn a_stale_lock_is_recovered_from_either_environment() {
    let user = User::new();
    let mut env = Env::Desktop;
    user.json(env, &["spend", "1"]);
    let mut pid = user.status_pid(env);
    for _ in 0..2 {
        let other = if env == Env::Desktop { Env::Cron } else { Env::Desktop };
        kill_pid(pid as u32);
        assert!(user.lockfile().exists(), "SIGKILL leaves the lock file (not the lock) behind");
        // Really gone: exit 3, and the watchdog does not start one.
        user.run(other, &["rollover", "--check"]).expect(3);
        assert!(user.daemons().is_empty());
        // The next command from the other environment starts a fresh daemon, found from both.
        user.json(other, &["spend", "1"]);
        let fresh = user.status_pid(other);
        assert_ne!(fresh, pid);
        assert_eq!(user.status_pid(env), fresh);
        user.run(env, &["rollover", "--check"]).expect(0);
        assert_eq!(user.daemons(), [fresh as u32]);
        (env, pid) = (other, fresh);
    }
    assert_eq!(spend_count(&user, env), 3);
}

#[test]
fn a_second_daemon_run_exits_11_from_any_environment() {
    let user = User::new();
    user.json(Env::Desktop, &["spend", "1"]);
    let pid = user.status_pid(Env::Desktop);
    for env in [Env::Cron, Env::Desktop] {
        let mut child = user.command(env).args(["daemon", "run"]).stderr(Stdio::piped()).spawn().unwrap();
        let exited = wait_until(Duration::from_secs(15), || child.try_wait().unwrap().is_some());
        if !exited {
            let _ = child.kill();
        }
        let out = child.wait_with_output().unwrap();
        assert!(exited, "a second daemon kept running: {out:?}");
        assert_eq!(out.status.code(), Some(11), "{out:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(&format!("already running for this ledger (pid {pid})")), "{stderr}");
    }
    assert_eq!(user.status_pid(Env::Cron), pid);
    assert_eq!(user.daemons(), [pid as u32]);
}
