//! A private PostgreSQL server for tests (feature `testing`): `initdb` into a temp dir, `pg_ctl`
//! on a Unix socket in that dir (no TCP listener at all), stopped by pid when the guard drops,
//! even when the test fails. Shared by the backend conformance test and end-to-end tests.
//!
//! The binaries are looked up on `PATH`, then in `pg_config --bindir`, then in
//! `/usr/lib/postgresql/*/bin` (where Debian's `postgresql` package puts them). `initdb` refuses
//! to run as root, so as root the server runs as the `postgres` user the package creates
//! (`runuser -u postgres --`), in a temp dir that user owns.
//!
//! Without PostgreSQL, [`PgServer::start_or_skip`] fails the test under `CI=true` and elsewhere
//! says loudly that the PostgreSQL tests were skipped, and why.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A running private server; dropping it stops the server and removes its files.
#[derive(Debug)]
pub struct PgServer {
    dir: tempfile::TempDir,
    bindir: PathBuf,
    /// Run server commands as this user (`runuser -u`), when we are root.
    run_as: Option<String>,
    pid: Option<u32>,
    /// fsync and full-page writes on, as a real server runs (for measurements).
    durable: bool,
    /// The port: of the socket's file name, and of the loopback TCP listener when `tls`.
    port: u16,
    /// Serving TLS on `127.0.0.1:port` too (with `server.crt` / `server.key` in its dir).
    tls: bool,
}

impl PgServer {
    /// Starts a server, or explains why it cannot: under `CI=true` that is a test failure
    /// (panics); elsewhere it prints a loud notice and returns `None`, and the caller skips.
    pub fn start_or_skip(what: &str) -> Option<PgServer> {
        match PgServer::start() {
            Ok(server) => Some(server),
            Err(why) if std::env::var("CI").as_deref() == Ok("true") => {
                panic!("{what} needs PostgreSQL under CI=true, and it could not start: {why}")
            }
            Err(why) => {
                eprintln!(
                    "\n==================== SKIPPED: {what} ====================\n\
                     PostgreSQL could not start: {why}\n\
                     Install it (Debian: apt-get install postgresql) to run these tests; under CI=true this fails.\n\
                     ==========================================================\n"
                );
                None
            }
        }
    }

    /// Initializes a cluster in a new temp dir and starts it on a Unix socket there.
    pub fn start() -> Result<PgServer, String> {
        PgServer::start_with(None, false)
    }

    /// Like [`PgServer::start`], but with fsync and full-page writes on, so commits are durable
    /// as on a real server: for benchmarks, whose figures would flatter PostgreSQL otherwise.
    pub fn start_durable() -> Result<PgServer, String> {
        PgServer::start_with(None, true)
    }

    /// [`PgServer::start`], and also listening on a free loopback TCP port ([`PgServer::port`])
    /// with `ssl=on` and the PEM certificate chain `cert` and its key `key`: connections over TCP
    /// may use TLS (trust authentication, as on the socket).
    pub fn start_tls(cert: &str, key: &str) -> Result<PgServer, String> {
        PgServer::start_with(Some((cert, key)), false)
    }

    fn start_with(tls: Option<(&str, &str)>, durable: bool) -> Result<PgServer, String> {
        let bindir = bindir()?;
        let run_as = if is_root()? {
            // initdb refuses root: the server runs as the package's `postgres` user.
            let ok = Command::new("id").arg("postgres").stdout(Stdio::null()).stderr(Stdio::null()).status();
            if !ok.is_ok_and(|s| s.success()) {
                return Err("running as root and there is no 'postgres' user to run the server as".into());
            }
            Some("postgres".to_owned())
        } else {
            None
        };
        let dir = temp_dir(run_as.as_deref())?;
        let port = match tls {
            // A port free now; another process taking it before the server does is unlikely.
            Some(_) => std::net::TcpListener::bind("127.0.0.1:0")
                .and_then(|l| l.local_addr())
                .map_err(|e| format!("no free loopback port: {e}"))?
                .port(),
            None => 5432,
        };
        let mut server = PgServer { dir, bindir, run_as, pid: None, port, tls: tls.is_some(), durable };
        if let Some((cert, key)) = tls {
            server.write_owned("server.crt", cert)?;
            server.write_owned("server.key", key)?;
        }
        let data = server.data();
        server.run(
            "initdb",
            &[
                "-D".as_ref(),
                data.as_os_str(),
                "-U".as_ref(),
                "postgres".as_ref(),
                "-A".as_ref(),
                "trust".as_ref(),
                "-E".as_ref(),
                "UTF8".as_ref(),
                "--locale=C".as_ref(),
                "--no-sync".as_ref(),
            ],
        )?;
        server.pg_ctl_start()?;
        Ok(server)
    }

    /// Starts the initialized cluster (`pg_ctl start`, waiting until it accepts connections) and
    /// records the postmaster's pid.
    fn pg_ctl_start(&mut self) -> Result<(), String> {
        let data = self.data();
        // Only a Unix socket in our dir; fsync off because nothing here outlives the test
        // (unless asked to be durable).
        let dir = self.dir.path().display();
        let fsync = if self.durable { "" } else { " -c fsync=off -c full_page_writes=off" };
        let mut opts = format!("-k {dir} -p {}{fsync} -c max_connections=200", self.port);
        if self.tls {
            opts.push_str(&format!(
                " -c listen_addresses=127.0.0.1 -c ssl=on -c ssl_cert_file={dir}/server.crt -c ssl_key_file={dir}/server.key"
            ));
        } else {
            opts.push_str(" -c listen_addresses=''");
        }
        let log = self.dir.path().join("server.log");
        let started = self.run(
            "pg_ctl",
            &[
                "-D".as_ref(),
                data.as_os_str(),
                "-l".as_ref(),
                log.as_os_str(),
                "-o".as_ref(),
                opts.as_ref(),
                "-w".as_ref(),
                "-t".as_ref(),
                "60".as_ref(),
                "start".as_ref(),
            ],
        );
        // The pid is known as soon as the postmaster wrote it, even if pg_ctl gave up waiting.
        self.pid = std::fs::read_to_string(data.join("postmaster.pid"))
            .ok()
            .and_then(|s| s.lines().next().and_then(|l| l.trim().parse().ok()));
        started.map(drop).map_err(|e| {
            let log = std::fs::read_to_string(&log).unwrap_or_default();
            format!("{e}\nserver log:\n{log}")
        })
    }

    /// Stops the server (fast shutdown: open connections are cut), keeping its data: the
    /// database's connections are lost, as when its host goes away.
    pub fn stop(&mut self) -> Result<(), String> {
        let data = self.data();
        self.run(
            "pg_ctl",
            &["-D".as_ref(), data.as_os_str(), "-m".as_ref(), "fast".as_ref(), "-w".as_ref(), "stop".as_ref()],
        )?;
        self.pid = None;
        Ok(())
    }

    /// Starts a stopped server again, with its data.
    pub fn restart(&mut self) -> Result<(), String> {
        self.pg_ctl_start()
    }

    /// Writes `text` to `name` in the server's dir, readable by the server's user only (the
    /// server refuses a key others can read).
    fn write_owned(&self, name: &str, text: &str) -> Result<(), String> {
        use std::os::unix::fs::{OpenOptionsExt, chown};
        let path = self.dir.path().join(name);
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path)
            .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
        std::io::Write::write_all(&mut f, text.as_bytes())
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        if let Some(user) = &self.run_as {
            chown(&path, Some(id(user, "-u")?), Some(id(user, "-g")?))
                .map_err(|e| format!("cannot give {} to '{user}': {e}", path.display()))?;
        }
        Ok(())
    }

    /// The server's port: its socket's, and with [`PgServer::start_tls`] its TCP listener's on
    /// 127.0.0.1.
    pub fn port(&self) -> u16 {
        self.port
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// The directory holding the server's socket (the `host` of a connection).
    pub fn socket_dir(&self) -> &Path {
        self.dir.path()
    }

    /// A `postgres://` URL of database `db`: the socket directory is the percent-encoded host;
    /// no password (trust on the socket).
    pub fn url(&self, db: &str) -> String {
        let dir = self.socket_dir().to_string_lossy().into_owned();
        let host: String = dir
            .bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect();
        format!("postgres://postgres@{host}:{}/{db}", self.port)
    }

    /// The connection settings for database `db`.
    /// The postmaster's pid, once the server started.
    pub fn pid(&self) -> Option<u32> {
        self.pid
    }

    pub fn config(&self, db: &str) -> tokio_postgres::Config {
        let mut c = tokio_postgres::Config::new();
        c.host_path(self.socket_dir()).port(self.port).user("postgres").dbname(db);
        c
    }

    /// Creates database `name` (a fresh ledger per test) and returns its connection string.
    pub fn create_database(&self, name: &str) -> Result<String, String> {
        if !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return Err(format!("{name:?} is not a plain database name"));
        }
        self.execute("postgres", &format!("CREATE DATABASE {name}"))?;
        Ok(self.url(name))
    }

    /// Runs `sql` (one or more statements) in database `db` as the superuser, e.g. to forge rows
    /// behind the ledger's back. Blocking, and callable from inside a runtime: it runs on a
    /// thread of its own with its own runtime.
    pub fn execute(&self, db: &str, sql: &str) -> Result<(), String> {
        self.query(db, sql).map(drop)
    }

    /// The first column of every row `sql` returns in database `db`, as text (NULL: empty), e.g.
    /// to look at `pg_stat_ssl`. Blocking, like [`PgServer::execute`].
    pub fn query(&self, db: &str, sql: &str) -> Result<Vec<String>, String> {
        let config = self.config(db);
        std::thread::scope(|s| {
            s.spawn(|| {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .map_err(|e| format!("runtime: {e}"))?;
                rt.block_on(async {
                    let (client, conn) =
                        config.connect(tokio_postgres::NoTls).await.map_err(|e| format!("connect to {db}: {e}"))?;
                    let conn = tokio::spawn(conn);
                    let rows = client.simple_query(sql).await.map_err(|e| format!("{sql}: {e}"));
                    drop(client);
                    let _ = conn.await;
                    Ok(rows?
                        .iter()
                        .filter_map(|m| match m {
                            tokio_postgres::SimpleQueryMessage::Row(r) => Some(r.get(0).unwrap_or_default().to_owned()),
                            _ => None,
                        })
                        .collect())
                })
            })
            .join()
            .map_err(|_| "the SQL thread panicked".to_owned())?
        })
    }

    /// A server-side command (`initdb`, `pg_ctl`), as the server's user.
    fn run(&self, tool: &str, args: &[&std::ffi::OsStr]) -> Result<Output, String> {
        let exe = self.bindir.join(tool);
        let mut cmd = match &self.run_as {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--"]).arg(&exe);
                c
            }
            None => Command::new(&exe),
        };
        // The server's own working dir: runuser's user may not be allowed into ours.
        cmd.args(args).current_dir(self.dir.path()).stdin(Stdio::null());
        checked(tool, cmd.output())
    }
}

impl Drop for PgServer {
    fn drop(&mut self) {
        let data = self.data();
        let args = ["-D".as_ref(), data.as_os_str(), "-m".as_ref(), "immediate".as_ref(), "stop".as_ref()];
        let stopped = self.run("pg_ctl", &args).is_ok();
        if let Some(pid) = self.pid.filter(|p| !stopped && is_postmaster(*p)) {
            // pg_ctl could not stop it: the postmaster's pid, and only that one.
            let _ = Command::new("kill").args(["-KILL", &pid.to_string()]).status();
        }
    }
}

/// A new temp dir the server's user can work in. As root that is a dir given to `user`, under
/// the first of `$TMPDIR`, `/var/tmp` and `/dev/shm` that `user` can reach (a root-only `/tmp`
/// is not).
fn temp_dir(user: Option<&str>) -> Result<tempfile::TempDir, String> {
    let make = |base: &Path| {
        tempfile::Builder::new()
            .prefix("credits-pg-")
            .tempdir_in(base)
            .map_err(|e| format!("cannot create a temp dir in {}: {e}", base.display()))
    };
    let Some(user) = user else { return make(&std::env::temp_dir()) };
    let (uid, gid) = (id(user, "-u")?, id(user, "-g")?);
    let mut why = Vec::new();
    for base in [std::env::temp_dir(), "/var/tmp".into(), "/dev/shm".into()] {
        let dir = match make(&base) {
            Ok(d) => d,
            Err(e) => {
                why.push(e);
                continue;
            }
        };
        if let Err(e) = std::os::unix::fs::chown(dir.path(), Some(uid), Some(gid)) {
            why.push(format!("cannot give {} to '{user}': {e}", dir.path().display()));
            continue;
        }
        let reachable = Command::new("runuser")
            .args(["-u", user, "--", "test", "-w"])
            .arg(dir.path())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if reachable {
            return Ok(dir);
        }
        why.push(format!("'{user}' cannot reach {}", base.display()));
    }
    Err(format!("no temp dir the '{user}' user can use: {}", why.join("; ")))
}

/// Whether `pid` is still a postgres process (not a pid reused since it exited).
fn is_postmaster(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/comm")).is_ok_and(|c| c.trim() == "postgres")
}

fn checked(tool: &str, out: std::io::Result<Output>) -> Result<Output, String> {
    let out = out.map_err(|e| format!("cannot run {tool}: {e}"))?;
    if out.status.success() {
        Ok(out)
    } else {
        Err(format!("{tool} failed ({}): {}", out.status, String::from_utf8_lossy(&out.stderr).trim()))
    }
}

/// Where `initdb` and `pg_ctl` are: on PATH, in `pg_config --bindir`, or in the newest
/// `/usr/lib/postgresql/<version>/bin`.
fn bindir() -> Result<PathBuf, String> {
    let complete = |d: &Path| d.join("initdb").is_file() && d.join("pg_ctl").is_file();
    let on_path = std::env::var_os("PATH").into_iter().flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>());
    if let Some(d) = on_path.into_iter().find(|d| complete(d)) {
        return Ok(d);
    }
    let from_pg_config = Command::new("pg_config")
        .arg("--bindir")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
    if let Some(d) = from_pg_config.filter(|d| complete(d)) {
        return Ok(d);
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| Some((e.file_name().to_str()?.parse().ok()?, e.path().join("bin"))))
        .filter(|(_, d)| complete(d))
        .collect();
    versions.sort();
    versions.pop().map(|(_, d)| d).ok_or_else(|| {
        "no PostgreSQL server binaries (initdb, pg_ctl) on PATH, in `pg_config --bindir` or in /usr/lib/postgresql/*/bin"
            .to_owned()
    })
}

fn is_root() -> Result<bool, String> {
    Ok(id_of(&["-u"])? == 0)
}

/// `id FLAG user`: a user's uid or gid.
fn id(user: &str, flag: &str) -> Result<u32, String> {
    id_of(&[flag, user])
}

fn id_of(args: &[&str]) -> Result<u32, String> {
    let out = checked("id", Command::new("id").args(args).output())?;
    String::from_utf8_lossy(&out.stdout).trim().parse().map_err(|e| format!("id {}: {e}", args.join(" ")))
}
