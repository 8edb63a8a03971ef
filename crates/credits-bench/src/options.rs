//! Command-line options of `credits-bench`.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, bail};

pub const HELP: &str = "\
credits-bench: durable debits against the SQLite floor, CLI latency against process start.

USAGE:
    cargo run --release -p credits-bench -- [OPTIONS]

OPTIONS:
    --quick                 run everything for about a second (a smoke test, not a measurement)
    --seconds S             length of each timed load run [default: 2]
    --reps N                repetitions of every figure; the table shows medians [default: 3]
    --only LIST             comma-separated sections: floor,ledger,socket,http,cli,pg,remote,
                            rollover,memory,export,instructions (pg: daemons on a private
                            PostgreSQL server, skipped when its initdb and pg_ctl cannot be found;
                            instructions: the daemon's instructions per request, counted under
                            valgrind's callgrind, skipped when valgrind is not installed)
    --studio-credits PATH   the binary to measure [default: next to this one]
    --hello PATH            the hello-world baseline [default: next to this one]
    --case TEXT             only the socket, HTTP and pg cases whose label contains TEXT (for profiling)
    --no-build              do not build the binaries first (done only when run through cargo)
    -h, --help              this text
";

pub const SECTIONS: &[&str] =
    &["floor", "ledger", "socket", "http", "cli", "pg", "remote", "rollover", "memory", "export", "instructions"];

/// What to run and for how long.
#[derive(Debug, Clone)]
pub struct Options {
    pub quick: bool,
    pub seconds: f64,
    pub reps: usize,
    pub only: BTreeSet<String>,
    pub studio_credits: Option<PathBuf>,
    pub hello: Option<PathBuf>,
    pub build: bool,
    pub case: Option<String>,
    pub args: Vec<String>,
}

impl Options {
    /// Parses the process arguments; `--help` prints [`HELP`] and exits.
    pub fn parse() -> anyhow::Result<Options> {
        let args: Vec<String> = std::env::args().skip(1).collect();
        let mut o = Options {
            quick: false,
            seconds: 2.0,
            reps: 3,
            only: SECTIONS.iter().map(|s| s.to_string()).collect(),
            studio_credits: None,
            hello: None,
            build: true,
            case: None,
            args: args.clone(),
        };
        let (mut seconds, mut reps) = (None, None);
        let mut it = args.into_iter();
        while let Some(a) = it.next() {
            let mut value = |name: &str| it.next().with_context(|| format!("{name} needs a value"));
            match a.as_str() {
                "--quick" => o.quick = true,
                "--seconds" => seconds = Some(value("--seconds")?.parse::<f64>().context("--seconds")?),
                "--reps" => reps = Some(value("--reps")?.parse::<usize>().context("--reps")?.max(1)),
                "--only" => {
                    o.only = value("--only")?.split(',').map(|s| s.trim().to_owned()).collect();
                    if let Some(bad) = o.only.iter().find(|s| !SECTIONS.contains(&s.as_str())) {
                        bail!("unknown section {bad:?}; choose from {}", SECTIONS.join(","));
                    }
                }
                "--studio-credits" => o.studio_credits = Some(value("--studio-credits")?.into()),
                "--hello" => o.hello = Some(value("--hello")?.into()),
                "--no-build" => o.build = false,
                "--case" => o.case = Some(value("--case")?),
                "-h" | "--help" => {
                    print!("{HELP}");
                    std::process::exit(0);
                }
                other => bail!("unknown argument {other:?}\n\n{HELP}"),
            }
        }
        if o.quick {
            o.seconds = 0.05;
            o.reps = 1;
        }
        o.seconds = seconds.unwrap_or(o.seconds);
        o.reps = reps.unwrap_or(o.reps);
        Ok(o)
    }

    /// Whether `section` is to run.
    pub fn has(&self, section: &str) -> bool {
        self.only.contains(section)
    }

    /// How long each timed load runs.
    pub fn load_time(&self) -> Duration {
        Duration::from_secs_f64(self.seconds)
    }
}
