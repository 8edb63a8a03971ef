//! The daemon against contracts written by others, with their tools: schemathesis checks every
//! operation of the served OpenAPI document against the live daemon (with and without a seat
//! token), and promtool checks `/metrics` in both exposition formats.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{ChildGuard, Home, venv};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Longest one schemathesis run may take before the test fails.
const SCHEMATHESIS_TIMEOUT: Duration = Duration::from_secs(300);

/// `st run` against the daemon at `addr`; extra `-H` headers in `headers`.
fn schemathesis(addr: &str, headers: &[String]) -> common::Run {
    let venv = venv::ensure("schemathesis-venv", "tests/schemathesis/requirements.txt", "import schemathesis");
    let work = tempfile::tempdir().expect("temp dir");
    let mut c = Command::new(venv.join("bin").join("st"));
    c.arg("--config-file").arg(root().join("tests/schemathesis/schemathesis.toml"));
    c.args(["run", &format!("http://{addr}/openapi.json")]);
    // Bounded so a run takes about a minute on two cores; `SCHEMATHESIS_MAX_EXAMPLES` digs deeper.
    let examples = std::env::var("SCHEMATHESIS_MAX_EXAMPLES").unwrap_or_else(|_| "60".to_owned());
    c.args(["--max-examples", &examples, "--workers", "2", "--request-timeout", "35", "--no-color"]);
    c.args(["--generation-database", "none", "--warnings", "off"]);
    for h in headers {
        c.args(["-H", h]);
    }
    // Its working files (none expected) stay out of the repository.
    c.current_dir(work.path()).env("HOME", work.path()).env("PYTHONDONTWRITEBYTECODE", "1");
    c.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let child = ChildGuard(c.spawn().expect("run schemathesis (st)"));
    child.finish(SCHEMATHESIS_TIMEOUT)
}

#[test]
fn the_daemon_conforms_to_its_openapi_document() {
    if !common::tool("python3", "the schemathesis conformance test") {
        return;
    }
    let home = Home::new();
    let token = home.json(&["seats", "token", "tester"])["token"].as_str().expect("a token").to_owned();
    // More credits, so more generated debits and holds succeed and reach the paths after them.
    home.json(&["plan", "set", "team", "--now"]);
    let addr = home.http_addr();
    for (who, headers) in [("with a seat token", vec![format!("Authorization: Bearer {token}")]), ("without a token", vec![])]
    {
        let r = schemathesis(&addr, &headers);
        assert_eq!(r.code, 0, "schemathesis found the daemon and its OpenAPI document disagree ({who}):\n{}\n{}", r.stdout, r.stderr);
        assert!(r.stdout.contains("11 selected / 11 total"), "every operation is tested ({who}):\n{}", r.stdout);
    }
    // Still a sound ledger after thousands of generated requests.
    let v = home.json(&["verify"]);
    assert_eq!(v["ok"], true, "{v:#}");
}
