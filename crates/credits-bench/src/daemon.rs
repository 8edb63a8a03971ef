//! A real daemon for the benchmark: the given `studio-credits` binary running `daemon run` in a
//! temporary home whose `bench` workspace (plan `bench`) has an allowance no benchmark can use up,
//! so no debit is refused. Dropping the guard kills the daemon by its pid.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use tempfile::TempDir;

/// Workspace, seat and OS user every benchmark request is for.
pub const WORKSPACE: &str = "bench";
pub const USER: &str = "bench";

/// Variables from the caller's environment that must not reach the daemon or the CLI.
const SCRUBBED: &[&str] = &[
    "STUDIO_CREDITS_HOME",
    "STUDIO_CREDITS_WORKSPACE",
    "STUDIO_CREDITS_SOCKET",
    "STUDIO_CREDITS_HTTP_LISTEN",
    "STUDIO_CREDITS_STRIPE_API_BASE",
    "STUDIO_CREDITS_FAKE_NOW",
    "STRIPE_SECRET_KEY",
    "STRIPE_WEBHOOK_SECRET",
    "XDG_RUNTIME_DIR",
    "XDG_DATA_HOME",
    "XDG_CONFIG_HOME",
    "RUST_LOG",
    "STUDIO_CREDITS_SERVER",
    "STUDIO_CREDITS_TOKEN",
    "STUDIO_CREDITS_CA_CERT",
    "STUDIO_CREDITS_TLS_CERT",
    "STUDIO_CREDITS_TLS_KEY",
    "STUDIO_CREDITS_STORE",
];

/// A running daemon in its own temporary home.
pub struct Daemon {
    bin: PathBuf,
    home: TempDir,
    child: Child,
    pub socket: PathBuf,
    /// Set for the daemon and for every CLI call in its home (e.g. `STUDIO_CREDITS_STORE`).
    vars: Vec<(String, String)>,
}

impl Daemon {
    /// Starts `bin daemon run` in a new home and creates the `bench` workspace as the default.
    pub fn start(bin: &Path) -> anyhow::Result<Daemon> {
        Daemon::start_with(bin, |_| Ok(()), None)
    }

    /// Like [`Daemon::start`], once `prepare` has set up the new home, and with the daemon's
    /// clock reading `now` when given.
    pub fn start_with(
        bin: &Path,
        prepare: impl FnOnce(&Path) -> anyhow::Result<()>,
        now: Option<&str>,
    ) -> anyhow::Result<Daemon> {
        Daemon::start_with_env(bin, prepare, now, &[], "")
    }

    /// Like [`Daemon::start_with`], with `vars` in the daemon's environment (a relative path is
    /// taken in the daemon's home, its working directory) and `config` added to its config file.
    pub fn start_with_env(
        bin: &Path,
        prepare: impl FnOnce(&Path) -> anyhow::Result<()>,
        now: Option<&str>,
        vars: &[(&str, &str)],
        config: &str,
    ) -> anyhow::Result<Daemon> {
        let daemon = Daemon::spawn(bin, prepare, now, vars, config, &[])?;
        daemon.cli(&["workspace", "add", WORKSPACE, "--plan", "bench"])?;
        daemon.cli(&["workspace", "use", WORKSPACE])?;
        Ok(daemon)
    }

    /// A daemon with `vars` in its environment that joins a ledger another daemon already set
    /// up (one database, several daemons): the config is the same, no workspace is created.
    pub fn join(bin: &Path, vars: &[(&str, &str)]) -> anyhow::Result<Daemon> {
        Daemon::spawn(bin, |_| Ok(()), None, vars, "", &[])
    }

    /// Like [`Daemon::start`], with the daemon run under `wrapper` (a program and its arguments,
    /// such as valgrind): `wrapper… bin daemon run`.
    pub fn start_wrapped(bin: &Path, wrapper: &[String]) -> anyhow::Result<Daemon> {
        let daemon = Daemon::spawn(bin, |_| Ok(()), None, &[], "", wrapper)?;
        daemon.cli(&["workspace", "add", WORKSPACE, "--plan", "bench"])?;
        daemon.cli(&["workspace", "use", WORKSPACE])?;
        Ok(daemon)
    }

    /// Starts `bin daemon run` (under `wrapper`, when given) in a new home and waits until it
    /// answers.
    fn spawn(
        bin: &Path,
        prepare: impl FnOnce(&Path) -> anyhow::Result<()>,
        now: Option<&str>,
        vars: &[(&str, &str)],
        config: &str,
        wrapper: &[String],
    ) -> anyhow::Result<Daemon> {
        // Absolute: the daemon runs in its home directory.
        let bin = &std::path::absolute(bin)?;
        let home = tempfile::Builder::new().prefix("credits-bench-").tempdir()?;
        prepare(home.path())?;
        std::fs::write(
            home.path().join("config.toml"),
            "# A plan whose allowance no benchmark run can use up: debits never hit 402.\n\
             [plans.bench]\nprice_cents = 0\nincluded = 1000000000\n"
                .to_owned()
                + config,
        )?;
        let log = std::fs::File::create(home.path().join("daemon.log"))?;
        let mut cmd = match wrapper.split_first() {
            Some((program, args)) => {
                let mut cmd = Command::new(program);
                cmd.args(args).arg(bin);
                cmd
            }
            None => Command::new(bin),
        };
        cmd.args(["daemon", "run"]).stdin(Stdio::null()).stdout(log.try_clone()?).stderr(log);
        env(&mut cmd, home.path());
        if let Some(now) = now {
            cmd.env("STUDIO_CREDITS_FAKE_NOW", now);
        }
        cmd.current_dir(home.path()).envs(vars.iter().copied());
        let child = cmd.spawn().with_context(|| format!("cannot start {}", bin.display()))?;
        let socket = home.path().join("daemon.sock");
        let vars = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let mut daemon = Daemon { bin: bin.to_owned(), home, child, socket, vars };
        // Under valgrind the daemon starts tens of times slower.
        daemon.wait_ready(Duration::from_secs(if wrapper.is_empty() { 30 } else { 300 }))?;
        Ok(daemon)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn bin(&self) -> &Path {
        &self.bin
    }

    pub fn home(&self) -> &Path {
        self.home.path()
    }

    /// A `Command` for the CLI in this daemon's home (never starts another daemon).
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(&self.bin);
        cmd.args(args).arg("--no-autostart").stdin(Stdio::null());
        env(&mut cmd, self.home.path());
        cmd.envs(self.vars.iter().map(|(k, v)| (k, v)));
        cmd
    }

    /// Runs the CLI with `args` and `--json`; returns its stdout as JSON, or fails with its stderr.
    pub fn cli(&self, args: &[&str]) -> anyhow::Result<serde_json::Value> {
        let out = self.command(args).arg("--json").output()?;
        if !out.status.success() {
            bail!(
                "`studio-credits {}` failed ({}): {}{}",
                args.join(" "),
                out.status,
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        Ok(serde_json::from_slice(&out.stdout)?)
    }

    /// The HTTP API's address, if the daemon bound one.
    pub fn http_addr(&self) -> anyhow::Result<Option<SocketAddr>> {
        let status = self.cli(&["daemon", "status"])?;
        Ok(status["http_addr"].as_str().and_then(|a| a.parse().ok()))
    }

    /// Resident and peak resident memory (VmRSS, VmHWM) in bytes.
    pub fn memory(&self) -> anyhow::Result<(u64, u64)> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid()))
            .context("cannot read the daemon's /proc status (memory is measured on Linux only)")?;
        let field = |name: &str| -> anyhow::Result<u64> {
            let line = status.lines().find(|l| l.starts_with(name)).with_context(|| format!("no {name}"))?;
            let kb: u64 = line.split_whitespace().nth(1).context("malformed /proc status")?.parse()?;
            Ok(kb * 1024)
        };
        Ok((field("VmRSS:")?, field("VmHWM:")?))
    }

    /// CPU time used so far by all of the daemon's threads (Linux `schedstat`); `None` elsewhere.
    pub fn cpu_time(&self) -> Option<Duration> {
        let mut total = Duration::ZERO;
        for task in std::fs::read_dir(format!("/proc/{}/task", self.pid())).ok()? {
            total += crate::stats::schedstat_cpu(&task.ok()?.path().join("schedstat")).unwrap_or_default();
        }
        Some(total)
    }

    /// Waits until the daemon answers on its socket (or fails if it exits first).
    fn wait_ready(&mut self, timeout: Duration) -> anyhow::Result<()> {
        let deadline = Instant::now() + timeout;
        loop {
            if crate::socket_load::Conn::connect(&self.socket).is_ok() {
                return Ok(());
            }
            if let Some(status) = self.child.try_wait()? {
                bail!("the daemon exited at start ({status}); see {}", self.log_path().display());
            }
            if Instant::now() > deadline {
                bail!("the daemon did not answer within {timeout:?}; see {}", self.log_path().display());
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    pub fn log_path(&self) -> PathBuf {
        self.home.path().join("daemon.log")
    }
}

fn env(cmd: &mut Command, home: &Path) {
    for k in SCRUBBED {
        cmd.env_remove(k);
    }
    cmd.env("STUDIO_CREDITS_HOME", home)
        .env("STUDIO_CREDITS_HTTP_LISTEN", "127.0.0.1:0")
        .env("HOME", home)
        .env("USER", USER)
        .env("NO_COLOR", "1");
}

impl Drop for Daemon {
    fn drop(&mut self) {
        // Our own child, by pid: never left running, whatever happened to the benchmark.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
