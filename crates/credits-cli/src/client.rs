//! The connect-or-start client: talks JSON-RPC to the daemon over the local socket, and starts
//! a daemon (this same binary, detached) when none answers.

use std::fs::OpenOptions;
use std::io::{BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use credits_config::Settings;
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

    /// Connects, starting a daemon first if none is running (unless `no_autostart`).
    pub fn connect_or_start(settings: &Settings, no_autostart: bool) -> Result<Client, CliError> {
        let socket = &settings.paths.socket;
        match Client::connect(socket) {
            Ok(c) => return Ok(c),
            Err(e) if no_autostart || e.hint.as_deref().is_some_and(|h| h.contains("restart")) => return Err(e),
            Err(_) => {}
        }
        start_daemon(settings)?;
        Client::connect(socket)
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
            let (kind, balance, hint, buy_url) = match err.data {
                Some(d) => (d.kind, d.balance, d.hint, d.buy_url),
                None => (Kind::Internal, None, None, None),
            };
            return Err(CliError { kind, message: err.message, hint, balance, buy_url });
        }
        Ok(resp.result.unwrap_or(Value::Null))
    }
}

/// Starts `studio-credits daemon run` detached, logging to the daemon log, and waits until it
/// answers. Concurrent starters race benignly: the pidfile lock lets one daemon win and the
/// others exit with [`ALREADY_RUNNING_EXIT`] while everyone connects to the winner.
fn start_daemon(settings: &Settings) -> Result<(), CliError> {
    let socket = &settings.paths.socket;
    let exe = std::env::current_exe().map_err(|e| unreachable(socket, e))?;
    std::fs::create_dir_all(&settings.paths.data_dir).map_err(|e| unreachable(socket, e))?;
    let log = OpenOptions::new()
        .create(true)
        .append(true)
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
        if Client::connect(socket).is_ok() {
            return Ok(());
        }
        if let Ok(Some(status)) = child.try_wait() {
            if status.code() != Some(ALREADY_RUNNING_EXIT) {
                return Err(unreachable(
                    socket,
                    format!("the daemon exited at start ({status}); see {}", settings.paths.log.display()),
                ));
            }
            // Another daemon holds the home. It is either starting (we will connect to it) or
            // shutting down (then ours must try again once it is gone).
            if !pidfile_locked(&settings.paths.pidfile) {
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

/// True while some daemon holds the pidfile lock of this home.
pub fn pidfile_locked(pidfile: &Path) -> bool {
    match std::fs::File::open(pidfile) {
        Ok(f) => matches!(f.try_lock_shared(), Err(std::fs::TryLockError::WouldBlock)),
        Err(_) => false,
    }
}
