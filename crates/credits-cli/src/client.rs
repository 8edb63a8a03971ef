//! The connect-or-start client: talks JSON-RPC to the daemon over the local socket, and starts
//! a daemon (this same binary, detached) when none answers.

use std::fs::OpenOptions;
use std::io::{BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use credits_config::{Settings, lockfile, private};
use credits_proto::{Call, MAX_MESSAGE_BYTES, PROTOCOL_VERSION, Request, Response, frame};
use interprocess::local_socket::prelude::*;
use interprocess::local_socket::{GenericFilePath, Stream};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::CliError;
use crate::exit::Kind;

/// How long a starting daemon may take to answer.
const START_TIMEOUT: Duration = Duration::from_secs(15);
/// Exit code of a daemon that found another already running (kept in sync with the daemon).
pub(crate) const ALREADY_RUNNING_EXIT: i32 = 11;

/// A connection to a daemon that passed the version handshake.
pub struct Client {
    stream: BufReader<Stream>,
    next_id: u64,
    /// The daemon's `hello` answer.
    pub hello: Value,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client").field("hello", &self.hello).finish_non_exhaustive()
    }
}

fn unreachable(socket: &Path, why: impl std::fmt::Display) -> CliError {
    CliError::new(
        Kind::DaemonUnreachable,
        format!("cannot reach the studio-credits daemon at {}: {why}", socket.display()),
    )
    .with_hint("run `studio-credits daemon status`, or `studio-credits daemon run` to see it start in the foreground")
}

impl Client {
    /// Connects to a running daemon; never starts one.
    pub fn connect(socket: &Path) -> Result<Client, CliError> {
        let name = socket.to_fs_name::<GenericFilePath>().map_err(|e| unreachable(socket, e))?;
        let stream = Stream::connect(name).map_err(|e| unreachable(socket, e))?;
        let mut client = Client { stream: BufReader::new(stream), next_id: 1, hello: Value::Null };
        let hello = client
            .call_raw(&Call::Hello { protocol: PROTOCOL_VERSION, client_version: env!("CARGO_PKG_VERSION").into() })
            .map_err(|e| unreachable(socket, e.message))?;
        let protocol = hello.get("protocol").and_then(Value::as_u64).unwrap_or(0);
        if protocol != u64::from(PROTOCOL_VERSION) {
            let version = hello.get("version").and_then(Value::as_str).unwrap_or("?");
            return Err(CliError::new(
                Kind::DaemonUnreachable,
                format!(
                    "the running daemon (version {version}) speaks protocol {protocol}, this CLI speaks {PROTOCOL_VERSION}"
                ),
            )
            .with_hint("restart it: `studio-credits daemon stop`, then run your command again"));
        }
        client.hello = hello;
        Ok(client)
    }

    /// Connects to this ledger's running daemon from any environment; never starts one. Tries
    /// the socket this environment points to, then the one the ledger's lock file names (a
    /// daemon started where `XDG_RUNTIME_DIR` differs, e.g. from a desktop when this is cron).
    pub fn locate(settings: &Settings) -> Result<Client, CliError> {
        match find(settings) {
            Found::Client(c) => Ok(*c),
            Found::Absent(e) | Found::Refused(e) => Err(e),
        }
    }

    /// Connects, starting a daemon first if none is running (unless `no_autostart`).
    pub fn connect_or_start(settings: &Settings, no_autostart: bool) -> Result<Client, CliError> {
        match find(settings) {
            Found::Client(c) => return Ok(*c),
            Found::Refused(e) => return Err(e),
            Found::Absent(e) if no_autostart => return Err(e),
            Found::Absent(_) => {}
        }
        start_daemon(settings)
    }

    /// True when this daemon serves `db` (daemons that do not say which ledger they serve are
    /// taken at their word).
    fn serves(&self, db: &Path) -> bool {
        let Some(theirs) = self.hello.get("db").and_then(Value::as_str) else { return true };
        let same = |a: &Path, b: &Path| match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
            (Ok(a), Ok(b)) => a == b,
            _ => std::path::absolute(a).ok() == std::path::absolute(b).ok(),
        };
        same(Path::new(theirs), db)
    }

    /// Sends `call` and decodes its result into `T`.
    pub fn call<T: DeserializeOwned>(&mut self, call: &Call) -> Result<T, CliError> {
        let v = self.call_raw(call)?;
        serde_json::from_value(v).map_err(|e| {
            CliError::internal(format!("unexpected answer from the daemon: {e}")).with_hint(
                "the daemon may be another version: `studio-credits daemon stop`, then run the command again",
            )
        })
    }

    /// Sends `call` and returns its raw result, or the daemon's error.
    pub fn call_raw(&mut self, call: &Call) -> Result<Value, CliError> {
        let (method, params) = call.encode();
        let id = self.next_id;
        self.next_id += 1;
        let req = Request { jsonrpc: "2.0".into(), id: Value::from(id), method, params };
        let mut line = serde_json::to_vec(&req).map_err(|e| CliError::internal(e.to_string()))?;
        line.push(b'\n');
        let lost = |e: std::io::Error| {
            CliError::new(Kind::DaemonUnreachable, format!("lost the connection to the daemon: {e}"))
                .with_hint("run `studio-credits daemon status`; the daemon's log is next to its database")
        };
        self.stream.get_mut().write_all(&line).map_err(lost)?;
        let answer = frame::read_line(&mut self.stream, MAX_MESSAGE_BYTES)
            .map_err(lost)?
            .ok_or_else(|| lost(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "connection closed")))?;
        let resp: Response = serde_json::from_slice(&answer)
            .map_err(|e| CliError::internal(format!("unreadable answer from the daemon: {e}")))?;
        if let Some(err) = resp.error {
            let (kind, balance, hint) = match err.data {
                Some(d) => (d.kind, d.balance, d.hint),
                None => (Kind::Internal, None, None),
            };
            return Err(CliError { kind, message: err.message, hint, balance });
        }
        Ok(resp.result.unwrap_or(Value::Null))
    }
}

/// What looking for this ledger's daemon found.
enum Found {
    Client(Box<Client>),
    /// No daemon answers: one may be started.
    Absent(CliError),
    /// Something answers or is in the way that starting a daemon would not fix (another
    /// protocol, another ledger's daemon, a lock file of another user).
    Refused(CliError),
}

fn find(settings: &Settings) -> Found {
    let socket = &settings.paths.socket;
    let here = match Client::connect(socket) {
        Ok(c) if c.serves(&settings.paths.db) => return Found::Client(Box::new(c)),
        // This environment's socket is another ledger's daemon's; ours may listen elsewhere.
        Ok(c) => Found::Refused(foreign(socket, &c)),
        Err(e) if is_incompatible(&e) => return Found::Refused(e),
        Err(e) => Found::Absent(e),
    };
    match lock_socket(settings) {
        Ok(Some(other)) => match Client::connect(&other) {
            Ok(c) => Found::Client(Box::new(c)),
            Err(e) if is_incompatible(&e) => Found::Refused(e),
            // It holds the lock but does not answer: it is starting, or stopping.
            Err(_) => here,
        },
        Ok(None) => here,
        Err(e) => Found::Refused(e),
    }
}

fn is_incompatible(e: &CliError) -> bool {
    e.hint.as_deref().is_some_and(|h| h.contains("restart"))
}

fn foreign(socket: &Path, c: &Client) -> CliError {
    let theirs = c.hello.get("db").and_then(Value::as_str).unwrap_or("?");
    CliError::new(
        Kind::DaemonUnreachable,
        format!("the daemon at {} serves another ledger ({theirs})", socket.display()),
    )
    .with_hint("give each ledger its own socket: --socket PATH or STUDIO_CREDITS_SOCKET")
}

/// The socket of the live daemon named by this ledger's lock file, when it differs from this
/// environment's and both the lock file and the socket are this user's.
fn lock_socket(settings: &Settings) -> Result<Option<std::path::PathBuf>, CliError> {
    let lockfile = &settings.paths.pidfile;
    let untrusted = |e: &dyn std::fmt::Display| {
        CliError::new(Kind::DaemonUnreachable, format!("cannot trust the daemon's lock file: {e}"))
            .with_hint(format!("{} and the daemon's socket must be yours", lockfile.display()))
    };
    let record = match lockfile::live_daemon(lockfile) {
        Ok(Some(r)) => r,
        Ok(None) => return Ok(None),
        Err(e) => return Err(untrusted(&e)),
    };
    if std::path::absolute(&settings.paths.socket).ok().as_ref() == Some(&record.socket) {
        return Ok(None);
    }
    match private::check_owned(&record.socket) {
        Ok(_) => Ok(Some(record.socket)),
        // Not bound yet: the daemon is starting.
        Err(private::PrivateError::Inspect { .. }) => Ok(None),
        Err(e) => Err(untrusted(&e)),
    }
}

/// Starts `studio-credits daemon run` detached, logging to the daemon log, and waits until it
/// answers. Concurrent starters race benignly, whatever their environments: the lock beside the
/// database lets one daemon win and the others exit with [`ALREADY_RUNNING_EXIT`], while every
/// starter connects to the winner (through the lock file when it listens elsewhere).
fn start_daemon(settings: &Settings) -> Result<Client, CliError> {
    let socket = &settings.paths.socket;
    let exe = std::env::current_exe().map_err(|e| unreachable(socket, e))?;
    // Refused here with a clear sentence rather than by the daemon in its log.
    private::ensure_dir(&settings.paths.data_dir)
        .map_err(|e| CliError::invalid(e.to_string()).with_hint("use a data directory only you can write to"))?;
    if let Some(parent) = std::path::absolute(socket).ok().as_deref().and_then(Path::parent) {
        private::ensure_dir(parent).map_err(|e| {
            CliError::invalid(e.to_string())
                .with_hint("put the socket in a directory only you can write to (--socket or STUDIO_CREDITS_SOCKET)")
        })?;
    }
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let log = options
        .open(&settings.paths.log)
        .map_err(|e| unreachable(socket, format!("cannot open {}: {e}", settings.paths.log.display())))?;
    let spawn = || -> Result<std::process::Child, CliError> {
        let log = log.try_clone().map_err(|e| unreachable(socket, e))?;
        let log_err = log.try_clone().map_err(|e| unreachable(socket, e))?;
        let mut cmd = Command::new(&exe);
        cmd.arg("daemon")
            .arg("run")
            .env("STUDIO_CREDITS_SOCKET", socket)
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(log_err);
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt;
            // Its own process group: Ctrl-C in the terminal that started it does not stop it.
            cmd.process_group(0);
        }
        cmd.spawn().map_err(|e| unreachable(socket, format!("cannot start the daemon: {e}")))
    };
    let mut child = spawn()?;
    let deadline = Instant::now() + START_TIMEOUT;
    let mut pause = Duration::from_millis(1);
    loop {
        match find(settings) {
            Found::Client(c) => return Ok(*c),
            Found::Refused(e) => return Err(e),
            Found::Absent(_) => {}
        }
        if let Ok(Some(status)) = child.try_wait() {
            if status.code() != Some(ALREADY_RUNNING_EXIT) {
                return Err(unreachable(
                    socket,
                    format!("the daemon exited at start ({status}); see {}", settings.paths.log.display()),
                ));
            }
            // Another daemon holds the ledger. It is either starting (we will connect to it) or
            // shutting down (then ours must try again once it is gone).
            if !lockfile::held(&settings.paths.pidfile) {
                child = spawn()?;
            }
        }
        if Instant::now() > deadline {
            return Err(unreachable(socket, format!("the daemon did not answer within {}s", START_TIMEOUT.as_secs())));
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(25));
    }
}
