//! The connect-or-start client: talks JSON-RPC to the daemon over the local socket, and starts
//! a daemon (this same binary, detached) when none answers.

use std::fs::OpenOptions;
use std::io::{BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use credits_config::Settings;
use credits_proto::{Call, MAX_MESSAGE_BYTES, PROTOCOL_VERSION, Request, Response, frame};
use interprocess::ConnectWaitMode;
use interprocess::local_socket::prelude::*;
use interprocess::local_socket::{ConnectOptions, GenericFilePath};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::deadline::{self, Timed, Timeouts};
use crate::error::CliError;
use crate::exit::Kind;

/// How long a starting daemon may take to answer.
const START_TIMEOUT: Duration = Duration::from_secs(15);
/// Exit code of a daemon that found another already running (kept in sync with the daemon).
pub(crate) const ALREADY_RUNNING_EXIT: i32 = 11;

/// A connection to a daemon that passed the version handshake.
pub struct Client {
    stream: BufReader<Timed>,
    next_id: u64,
    timeouts: Timeouts,
    settings: Settings,
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

/// Why [`Client::try_connect`] found no usable daemon.
#[derive(Debug)]
pub enum ConnectError {
    /// Nothing listens on the socket: starting a daemon may help.
    NoDaemon(CliError),
    /// A daemon is there but unusable (it does not answer in time, or speaks another protocol):
    /// starting another would not help, and must not hide it.
    Unusable(CliError),
}

impl From<ConnectError> for CliError {
    fn from(e: ConnectError) -> CliError {
        match e {
            ConnectError::NoDaemon(e) | ConnectError::Unusable(e) => e,
        }
    }
}

impl Client {
    /// Connects to a running daemon; never starts one.
    pub fn connect(settings: &Settings) -> Result<Client, CliError> {
        Ok(Client::try_connect(settings)?)
    }

    /// Connects to a running daemon, telling an absent daemon from an unusable one.
    pub fn try_connect(settings: &Settings) -> Result<Client, ConnectError> {
        let socket = &settings.paths.socket;
        let timeouts = Timeouts::from_settings(settings);
        let absent = |e: std::io::Error| ConnectError::NoDaemon(unreachable(socket, e));
        let name = socket.as_path().to_fs_name::<GenericFilePath>().map_err(absent)?;
        // A daemon too stuck to accept fills its listen queue; then even connecting waits.
        let stream = ConnectOptions::new()
            .name(name)
            .wait_mode(ConnectWaitMode::Timeout(timeouts.read))
            .connect_sync()
            .map_err(|e| {
                if deadline::is_timeout(&e) {
                    ConnectError::Unusable(deadline::timed_out(&hello(), timeouts.read, settings))
                } else {
                    absent(e)
                }
            })?;
        let mut client = Client {
            stream: BufReader::new(Timed::new(stream)),
            next_id: 1,
            timeouts,
            settings: settings.clone(),
            hello: Value::Null,
        };
        let hello = match client.exchange(&hello()) {
            Ok(Response { result: Some(v), error: None, .. }) => v,
            Ok(Response { error: Some(e), .. }) => return Err(ConnectError::NoDaemon(unreachable(socket, e.message))),
            Ok(_) => Value::Null,
            Err(Exchange::TimedOut(budget)) => {
                // Nothing but the handshake was sent: whatever the command was, it did not happen.
                let e = deadline::timed_out(&hello(), budget, settings);
                let hint = e.hint.clone().unwrap_or_default();
                return Err(ConnectError::Unusable(
                    e.with_hint(format!("nothing was sent to it, so nothing changed; {hint}")),
                ));
            }
            // A full listen queue: the connect "succeeded" without a connection (Unix sockets
            // refuse at once rather than wait). The daemon holding the socket is not accepting.
            Err(Exchange::Lost(e)) if e.kind() == std::io::ErrorKind::NotConnected => {
                return Err(ConnectError::Unusable(deadline::not_accepting(settings)));
            }
            Err(Exchange::Lost(e)) => return Err(ConnectError::NoDaemon(unreachable(socket, e))),
            Err(Exchange::Failed(e)) => return Err(ConnectError::NoDaemon(unreachable(socket, e.message))),
        };
        let protocol = hello.get("protocol").and_then(Value::as_u64).unwrap_or(0);
        if protocol != u64::from(PROTOCOL_VERSION) {
            let version = hello.get("version").and_then(Value::as_str).unwrap_or("?");
            return Err(ConnectError::Unusable(
                CliError::new(
                    Kind::DaemonUnreachable,
                    format!(
                        "the running daemon (version {version}) speaks protocol {protocol}, this CLI speaks {PROTOCOL_VERSION}"
                    ),
                )
                .with_hint("restart it: `studio-credits daemon stop`, then run your command again"),
            ));
        }
        client.hello = hello;
        Ok(client)
    }

    /// Connects, starting a daemon first if none is running (unless `no_autostart`).
    pub fn connect_or_start(settings: &Settings, no_autostart: bool) -> Result<Client, CliError> {
        match Client::try_connect(settings) {
            Ok(c) => return Ok(c),
            Err(ConnectError::NoDaemon(e)) if no_autostart => return Err(e),
            Err(ConnectError::Unusable(e)) => return Err(e),
            Err(ConnectError::NoDaemon(_)) => {}
        }
        start_daemon(settings)?;
        Client::connect(settings)
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
        let resp = self.exchange(call).map_err(|e| match e {
            Exchange::TimedOut(budget) => deadline::timed_out(call, budget, &self.settings),
            Exchange::Lost(e) => {
                CliError::new(Kind::DaemonUnreachable, format!("lost the connection to the daemon: {e}"))
                    .with_hint("run `studio-credits daemon status`; the daemon's log is next to its database")
            }
            Exchange::Failed(e) => e,
        })?;
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

/// Why a request got no answer.
enum Exchange {
    /// None came within this wait.
    TimedOut(Duration),
    Lost(std::io::Error),
    Failed(CliError),
}

impl Client {
    /// Writes `call` and reads its answer, both within the call's wait.
    fn exchange(&mut self, call: &Call) -> Result<Response, Exchange> {
        let (method, params) = call.encode();
        let id = self.next_id;
        self.next_id += 1;
        let req = Request { jsonrpc: "2.0".into(), id: Value::from(id), method, params };
        let mut line = serde_json::to_vec(&req).map_err(|e| Exchange::Failed(CliError::internal(e.to_string())))?;
        line.push(b'\n');
        let budget = self.timeouts.budget(call);
        self.stream.get_mut().set_deadline(Instant::now() + budget);
        let lost =
            |e: std::io::Error| if deadline::is_timeout(&e) { Exchange::TimedOut(budget) } else { Exchange::Lost(e) };
        self.stream.get_mut().write_all(&line).map_err(lost)?;
        let answer = frame::read_line(&mut self.stream, MAX_MESSAGE_BYTES)
            .map_err(lost)?
            .ok_or_else(|| lost(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "connection closed")))?;
        serde_json::from_slice(&answer)
            .map_err(|e| Exchange::Failed(CliError::internal(format!("unreadable answer from the daemon: {e}"))))
    }
}

fn hello() -> Call {
    Call::Hello { protocol: PROTOCOL_VERSION, client_version: env!("CARGO_PKG_VERSION").into() }
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
        if Client::connect(settings).is_ok() {
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
