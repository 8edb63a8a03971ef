//! The connect-or-start client: talks JSON-RPC to the daemon over the local socket, and starts
//! a daemon (this same binary, detached) when none answers.

use std::fs::OpenOptions;
use std::io::{BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use credits_config::{Settings, lockfile, private};
use credits_proto::page::Page;
use credits_proto::results::Hello;
use credits_proto::{Call, MAX_ANSWER_BYTES, PROTOCOL_VERSION, Request, Response, frame};
use interprocess::ConnectWaitMode;
use interprocess::local_socket::prelude::*;
use interprocess::local_socket::{ConnectOptions, GenericFilePath};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::deadline::{self, Timed, Timeouts};
use crate::error::CliError;
use crate::exit::Kind;
use crate::remote::Remote;

/// How long a starting daemon may take to answer.
const START_TIMEOUT: Duration = Duration::from_secs(15);

/// A connection to a daemon that passed the version handshake: the local one over its socket,
/// or in remote mode a central one over HTTP(S) ([`crate::remote`]).
pub struct Client {
    stream: Transport,
    next_id: u64,
    timeouts: Timeouts,
    settings: Settings,
    /// The daemon's `hello` answer.
    pub hello: Hello,
    /// True when this connection's daemon was started for it (by [`Client::connect_or_start`]).
    pub started: bool,
}

/// How calls travel.
enum Transport {
    Socket(BufReader<Timed>),
    Remote(Box<Remote>),
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

/// No daemon serves this ledger, and this command does not start one (`daemon status`,
/// `--no-autostart`). The raw socket error would only say that nothing listens; this says what to do.
pub fn not_running() -> CliError {
    CliError::new(
        Kind::DaemonUnreachable,
        "No daemon is running; start it with `studio-credits daemon start` (any command starts one)",
    )
}

/// Why [`Client::try_locate`] found no usable daemon.
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
    /// Connects to this ledger's running daemon from any environment; never starts one. Tries
    /// the socket this environment points to, then the one the ledger's lock file names (a
    /// daemon started where `XDG_RUNTIME_DIR` differs, e.g. from a desktop when this is cron).
    pub fn locate(settings: &Settings) -> Result<Client, CliError> {
        Ok(Client::try_locate(settings)?)
    }

    /// [`Client::locate`], telling an absent daemon from an unusable one. In remote mode, the
    /// server (an unreachable one is [`ConnectError::Unusable`]: nothing local would help).
    pub fn try_locate(settings: &Settings) -> Result<Client, ConnectError> {
        if settings.remote.is_some() {
            return Client::remote(settings).map_err(ConnectError::Unusable);
        }
        let socket = &settings.paths.socket;
        let here = match Client::connect_at(settings, socket) {
            Ok(c) if c.serves(&settings.paths.db) => return Ok(c),
            // This environment's socket is another ledger's daemon's; ours may listen elsewhere.
            Ok(c) => Err(ConnectError::Unusable(foreign(socket, &c))),
            Err(e @ ConnectError::Unusable(_)) => return Err(e),
            Err(e) => Err(e),
        };
        match lock_socket(settings) {
            Ok(Some(other)) => match Client::connect_at(settings, &other) {
                Ok(c) => Ok(c),
                Err(e @ ConnectError::Unusable(_)) => Err(e),
                // It holds the lock but does not answer: it is starting, or stopping.
                Err(ConnectError::NoDaemon(_)) => here,
            },
            Ok(None) => here,
            Err(e) => Err(ConnectError::Unusable(e)),
        }
    }

    /// Connects to the daemon listening on `socket`, telling an absent daemon from an unusable
    /// one.
    fn connect_at(settings: &Settings, socket: &Path) -> Result<Client, ConnectError> {
        let timeouts = Timeouts::from_settings(settings);
        let absent = |e: std::io::Error| ConnectError::NoDaemon(unreachable(socket, e));
        let name = socket.to_fs_name::<GenericFilePath>().map_err(absent)?;
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
            stream: Transport::Socket(BufReader::new(Timed::new(stream))),
            next_id: 1,
            timeouts,
            settings: settings.clone(),
            hello: Hello::default(),
            started: false,
        };
        let hello = match client.exchange(&hello()) {
            // A daemon of another version may answer differently: whatever it says is read as
            // far as it goes, and its protocol decides below.
            Ok(Response { result: Some(v), error: None, .. }) => serde_json::from_value(v).unwrap_or_default(),
            Ok(Response { error: Some(e), .. }) => return Err(ConnectError::NoDaemon(unreachable(socket, e.message))),
            Ok(_) => Hello::default(),
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
        let protocol = hello.protocol;
        if protocol != PROTOCOL_VERSION {
            let version = if hello.version.is_empty() { "unknown" } else { hello.version.as_str() };
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

    /// Connects to the central daemon of remote mode (`settings.remote`), after its handshake.
    /// Nothing local is looked for or created: no socket, database, lock file or log.
    pub fn remote(settings: &Settings) -> Result<Client, CliError> {
        let Some(remote) = &settings.remote else { return Err(CliError::internal("not in remote mode")) };
        let timeouts = Timeouts::from_settings(settings);
        let remote = Remote::connect(remote, timeouts)?;
        let hello = remote
            .status()
            .map(|s| Hello { protocol: s.protocol, version: s.version.clone(), ..Hello::default() })
            .unwrap_or_default();
        Ok(Client {
            stream: Transport::Remote(Box::new(remote)),
            next_id: 1,
            timeouts,
            settings: settings.clone(),
            hello,
            started: false,
        })
    }

    /// The central daemon, in remote mode.
    pub fn remote_server(&self) -> Option<&Remote> {
        match &self.stream {
            Transport::Remote(r) => Some(r),
            Transport::Socket(_) => None,
        }
    }

    /// Connects, starting a daemon first if none is running (unless `no_autostart`). In remote
    /// mode: the server, never a local daemon.
    pub fn connect_or_start(settings: &Settings, no_autostart: bool) -> Result<Client, CliError> {
        if settings.remote.is_some() {
            return Client::remote(settings);
        }
        match Client::try_locate(settings) {
            Ok(c) => return Ok(c),
            Err(ConnectError::NoDaemon(_)) if no_autostart => return Err(not_running()),
            Err(ConnectError::Unusable(e)) => return Err(e),
            Err(ConnectError::NoDaemon(_)) => {}
        }
        start_daemon(settings)
    }

    /// True when this daemon serves `db` (daemons that do not say which ledger they serve are
    /// taken at their word).
    fn serves(&self, db: &Path) -> bool {
        let Some(theirs) = self.hello.db.as_deref() else { return true };
        let same = |a: &Path, b: &Path| match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
            (Ok(a), Ok(b)) => a == b,
            _ => std::path::absolute(a).ok() == std::path::absolute(b).ok(),
        };
        same(theirs, db)
    }

    /// Sends `call` and decodes its result into `T`.
    pub fn call<T: DeserializeOwned>(&mut self, call: &Call) -> Result<T, CliError> {
        decode(self.call_raw(call)?)
    }

    /// Sends `call` and returns its raw result, or the daemon's error.
    fn call_raw(&mut self, call: &Call) -> Result<Value, CliError> {
        if let Transport::Remote(r) = &self.stream {
            return r.call(call);
        }
        let resp = self.exchange(call).map_err(|e| self.failed(call, e))?;
        result_of(resp).1
    }

    /// Fetches a paged list: `call(cursor)` page after page, each handed to `each`, until the
    /// last.
    pub fn each_page<P: Page + DeserializeOwned>(
        &mut self,
        call: impl Fn(Option<String>) -> Call,
        mut each: impl FnMut(P),
    ) -> Result<(), CliError> {
        let mut cursor = None;
        loop {
            let page: P = self.call(&call(cursor.take()))?;
            cursor = page.next_cursor().map(str::to_owned);
            each(page);
            if cursor.is_none() {
                return Ok(());
            }
        }
    }

    /// Sends every call of `calls` over this one connection, at most [`PIPELINE`] in flight,
    /// and hands each outcome to `each` in the order of `calls`. Many small writes then share
    /// the daemon's group commits instead of waiting for one commit each. Only a broken
    /// connection (or a wait that runs out) stops early.
    pub fn call_each<T: DeserializeOwned>(
        &mut self,
        calls: &[Call],
        mut each: impl FnMut(usize, Result<T, CliError>),
    ) -> Result<(), CliError> {
        if let Transport::Remote(r) = &self.stream {
            // One request after another (on one kept-alive connection); only a server that
            // stopped answering stops early, as a broken socket does.
            for (i, call) in calls.iter().enumerate() {
                match r.call(call) {
                    Err(e) if e.kind == Kind::DaemonUnreachable => return Err(e),
                    answer => each(i, answer.and_then(decode)),
                }
            }
            return Ok(());
        }
        for (chunk_no, chunk) in calls.chunks(PIPELINE).enumerate() {
            let Some(first_call) = chunk.first() else { continue };
            // One wait for the whole chunk: its answers come back from the same group commits.
            let budget = self.timeouts.budget(first_call);
            self.socket()?.get_mut().set_deadline(Instant::now() + budget);
            let first = self.next_id;
            for call in chunk {
                self.send(call, budget).map_err(|e| self.failed(call, e))?;
            }
            let mut answers: Vec<Option<Result<Value, CliError>>> = (0..chunk.len()).map(|_| None).collect();
            for _ in chunk {
                let (id, result) = result_of(self.receive(budget).map_err(|e| self.failed(first_call, e))?);
                let slot = id.checked_sub(first).and_then(|i| answers.get_mut(usize::try_from(i).ok()?));
                match slot {
                    Some(slot) => *slot = Some(result),
                    None => return Err(CliError::internal(format!("the daemon answered an unknown request {id}"))),
                }
            }
            for (i, answer) in answers.into_iter().enumerate() {
                let answer = answer.unwrap_or_else(|| Err(CliError::internal("the daemon answered a request twice")));
                each(chunk_no * PIPELINE + i, answer.and_then(decode));
            }
        }
        Ok(())
    }

    /// What a request that got no answer means for `call`.
    fn failed(&self, call: &Call, e: Exchange) -> CliError {
        match e {
            Exchange::TimedOut(budget) => deadline::timed_out(call, budget, &self.settings),
            Exchange::Lost(e) => lost(e),
            Exchange::Failed(e) => e,
        }
    }
}

/// Most requests [`Client::call_each`] keeps in flight on one connection.
const PIPELINE: usize = 64;

fn lost(e: std::io::Error) -> CliError {
    CliError::new(Kind::DaemonUnreachable, format!("lost the connection to the daemon: {e}"))
        .with_hint("run `studio-credits daemon status`; the daemon's log is next to its database")
}

/// Decodes a result into `T`.
fn decode<T: DeserializeOwned>(v: Value) -> Result<T, CliError> {
    serde_json::from_value(v).map_err(|e| {
        CliError::internal(format!("unexpected answer from the daemon: {e}"))
            .with_hint("the daemon may be another version: `studio-credits daemon stop`, then run the command again")
    })
}

/// An answer's request id, and its result or the daemon's error.
fn result_of(resp: Response) -> (u64, Result<Value, CliError>) {
    let id = resp.id.as_u64().unwrap_or(0);
    if let Some(err) = resp.error {
        let (kind, balance, hint, buy_url, limit, remedy) = match err.data {
            // A remedy the daemon names is worded here, as a command to run.
            Some(d) => (
                d.kind,
                d.balance,
                d.remedy.map(|r| crate::error::remedy_words(r, d.purchase.as_deref())).or(d.hint),
                d.buy_url,
                d.limit,
                d.remedy,
            ),
            None => (Kind::Internal, None, None, None, None, None),
        };
        return (id, Err(CliError { kind, message: err.message, hint, balance, buy_url, limit, remedy }));
    }
    (id, Ok(resp.result.unwrap_or(Value::Null)))
}

/// Why a request got no answer.
enum Exchange {
    /// None came within this wait.
    TimedOut(Duration),
    Lost(std::io::Error),
    Failed(CliError),
}

impl Client {
    /// The socket (never asked for in remote mode, whose calls go through [`Remote::call`]).
    fn socket(&mut self) -> Result<&mut BufReader<Timed>, CliError> {
        match &mut self.stream {
            Transport::Socket(s) => Ok(s),
            Transport::Remote(_) => Err(CliError::internal("a socket exchange in remote mode")),
        }
    }

    /// Writes `call` and reads its answer, both within the call's wait.
    fn exchange(&mut self, call: &Call) -> Result<Response, Exchange> {
        let budget = self.timeouts.budget(call);
        self.socket().map_err(Exchange::Failed)?.get_mut().set_deadline(Instant::now() + budget);
        let id = self.send(call, budget)?;
        let resp = self.receive(budget)?;
        match resp.id.as_u64() {
            Some(got) if got == id => Ok(resp),
            _ => Err(Exchange::Failed(CliError::internal(format!(
                "the daemon answered request {} instead of {id}",
                resp.id
            )))),
        }
    }

    /// Writes one request (within the deadline already set); returns its id.
    fn send(&mut self, call: &Call, budget: Duration) -> Result<u64, Exchange> {
        let (method, params) = call.encode();
        let id = self.next_id;
        self.next_id += 1;
        let req = Request { jsonrpc: "2.0".into(), id: Value::from(id), method, params };
        let mut line = serde_json::to_vec(&req).map_err(|e| Exchange::Failed(CliError::internal(e.to_string())))?;
        line.push(b'\n');
        self.socket().map_err(Exchange::Failed)?.get_mut().write_all(&line).map_err(|e| io_failure(e, budget))?;
        Ok(id)
    }

    /// Reads one answer (within the deadline already set).
    fn receive(&mut self, budget: Duration) -> Result<Response, Exchange> {
        let answer = frame::read_line(self.socket().map_err(Exchange::Failed)?, MAX_ANSWER_BYTES)
            .map_err(|e| {
                if e.kind() == std::io::ErrorKind::InvalidData {
                    // The daemon pages list answers and refuses to send an oversized one, so
                    // this is a daemon that does neither; the connection is not the problem.
                    Exchange::Failed(
                        CliError::internal(format!(
                            "the daemon's answer is larger than the {MAX_ANSWER_BYTES}-byte limit of one message"
                        ))
                        .with_hint(
                            "the daemon may be another version: `studio-credits daemon stop`, then run the command again",
                        ),
                    )
                } else {
                    io_failure(e, budget)
                }
            })?
            .ok_or_else(|| io_failure(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "connection closed"), budget))?;
        serde_json::from_slice(&answer)
            .map_err(|e| Exchange::Failed(CliError::internal(format!("unreadable answer from the daemon: {e}"))))
    }
}

fn io_failure(e: std::io::Error, budget: Duration) -> Exchange {
    if deadline::is_timeout(&e) { Exchange::TimedOut(budget) } else { Exchange::Lost(e) }
}

fn hello() -> Call {
    Call::Hello { protocol: PROTOCOL_VERSION, client_version: env!("CARGO_PKG_VERSION").into() }
}

fn foreign(socket: &Path, c: &Client) -> CliError {
    let theirs = c.hello.db.as_deref().map_or_else(|| "unknown".into(), Path::to_string_lossy);
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

/// The last `error: …` line the daemon wrote to its log after byte `from` (this start's), so
/// the person who started it reads why it stopped (an unreachable database, a refused
/// certificate) without opening the log. The daemon never logs secrets, so quoting it is safe.
fn start_error(log: &Path, from: u64) -> Option<String> {
    use std::io::{Read, Seek, SeekFrom};
    let mut f = std::fs::File::open(log).ok()?;
    f.seek(SeekFrom::Start(from)).ok()?;
    let mut bytes = Vec::new();
    // A bounded read: a start writes a few lines, not megabytes.
    f.take(64 * 1024).read_to_end(&mut bytes).ok()?;
    String::from_utf8_lossy(&bytes).lines().rev().find_map(|l| l.strip_prefix("error: ")).map(str::to_owned)
}

/// Starts `studio-credits daemon run` detached, logging to the daemon log, and waits until it
/// answers. Concurrent starters race benignly, whatever their environments: the lock beside the
/// database lets one daemon win and the others exit with [`crate::exit::ANOTHER_DAEMON`], while every
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
        // `--store` reaches the daemon by its environment: its argv is world-readable in /proc
        // and the URL may carry a password.
        if let Some(url) = &settings.store_override {
            cmd.env("STUDIO_CREDITS_STORE", url.expose());
        }
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt;
            // Its own process group: Ctrl-C in the terminal that started it does not stop it.
            cmd.process_group(0);
        }
        cmd.spawn().map_err(|e| unreachable(socket, format!("cannot start the daemon: {e}")))
    };
    // Where this start's lines begin in the log, to quote its error if it exits at once.
    let log_start = log.metadata().map(|m| m.len()).unwrap_or(0);
    let mut child = spawn()?;
    let deadline = Instant::now() + START_TIMEOUT;
    let mut pause = Duration::from_millis(1);
    loop {
        match Client::try_locate(settings) {
            // Ours, or another starter's that won the race: either way it started just now.
            Ok(c) => return Ok(Client { started: true, ..c }),
            Err(ConnectError::Unusable(e)) => return Err(e),
            Err(ConnectError::NoDaemon(_)) => {}
        }
        if let Ok(Some(status)) = child.try_wait() {
            if status.code() != Some(i32::from(crate::exit::ANOTHER_DAEMON)) {
                let why = start_error(&settings.paths.log, log_start).map(|e| format!(": {e}")).unwrap_or_default();
                return Err(unreachable(
                    socket,
                    format!("the daemon exited at start ({status}){why}; see {}", settings.paths.log.display()),
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
