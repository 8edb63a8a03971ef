//! The daemon against contracts written by others, with their tools: schemathesis checks every
//! operation of the served OpenAPI document against the live daemon (with a seat token, with a
//! workspace API key, and without either), and promtool checks `/metrics` in both exposition formats.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::http::{Api, request};
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
    // One worker: with two threads, Python 3.11's AST constructor (used by hypothesis to describe
    // its filters) fails at random with "AST constructor recursion depth mismatch"
    // (CPython gh-106905), a runtime error of the tool rather than a finding.
    let examples = std::env::var("SCHEMATHESIS_MAX_EXAMPLES").unwrap_or_else(|_| "60".to_owned());
    c.args(["--max-examples", &examples, "--workers", "1", "--request-timeout", "35", "--no-color"]);
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
    // schemathesis sends thousands of requests with wrong credentials from one address; the
    // per-address limit (tests/keys.rs tests it) would turn its 401 checks into 429s.
    std::fs::write(home.path().join("config.toml"), "[http]\nauth_failures_per_minute = 4000000000\n")
        .expect("write config.toml");
    let token = home.json(&["seats", "token", "tester"])["token"].as_str().expect("a token").to_owned();
    // More credits, so more generated debits and holds succeed and reach the paths after them.
    home.json(&["plan", "set", "team", "--now"]);
    let key = home.json(&["keys", "create", "contract", "--scope", "read,spend"])["token"]
        .as_str()
        .expect("a key")
        .to_owned();
    let addr = home.http_addr();
    for (who, headers) in [
        ("with a seat token", vec![format!("Authorization: Bearer {token}")]),
        ("with an API key", vec![format!("Authorization: Bearer {key}")]),
        ("without a token", vec![]),
    ] {
        let r = schemathesis(&addr, &headers);
        assert_eq!(
            r.code, 0,
            "schemathesis found the daemon and its OpenAPI document disagree ({who}):\n{}\n{}",
            r.stdout, r.stderr
        );
        assert!(r.stdout.contains("46 selected / 46 total"), "every operation is tested ({who}):\n{}", r.stdout);
    }
    // Still a sound ledger after thousands of generated requests.
    let v = home.json(&["verify"]);
    assert_eq!(v["ok"], true, "{v:#}");
}

/// `promtool check metrics` over `text`.
fn promtool(text: &str) -> common::Run {
    let mut c = Command::new("promtool");
    c.args(["check", "metrics"]).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = ChildGuard(c.spawn().expect("run promtool"));
    let mut stdin = child.0.stdin.take().expect("stdin");
    stdin.write_all(text.as_bytes()).expect("write to promtool");
    drop(stdin);
    child.finish(Duration::from_secs(60))
}

#[test]
fn metrics_pass_promtool_and_count_every_answer() {
    if !common::tool("promtool", "the /metrics lint (Debian package `prometheus`)") {
        return;
    }
    let home = Home::new();
    let token = home.json(&["seats", "token", "tester"])["token"].as_str().expect("a token").to_owned();
    let api = Api::new(&home.http_addr(), Some(&token));
    api.post("/v1/usage", &serde_json::json!({"amount": "1"})).expect(200);
    api.get("/v1/balance").expect(200);
    Api::new(&api.addr, None).get("/v1/balance").expect(401);
    api.get("/no/such/route").expect(404);
    api.get("/v1/holds/hold_x/nope").expect(404);
    api.send("DELETE", "/v1/usage", &[], None).expect(405);
    api.send("PUT", "/v1/usage", &[], None).expect(405);

    // The classic format: by default, and for `text/plain`.
    for accept in [None, Some("text/plain"), Some("text/plain;version=0.0.4;q=0.5, */*;q=0.1")] {
        let headers: Vec<(&str, &str)> = accept.map(|a| ("Accept", a)).into_iter().collect();
        let r = request(&api.addr, "GET", "/metrics", &headers, None).expect(200);
        assert_eq!(r.header("content-type"), Some("text/plain; version=0.0.4; charset=utf-8"), "{accept:?}");
        assert!(!r.body.contains("# EOF"), "{}", r.body);
        let lint = promtool(&r.body);
        assert_eq!(lint.code, 0, "promtool check metrics ({accept:?}):\n{lint:#?}\n{}", r.body);
        let count = |method: &str, route: &str, status: u16| {
            let series = format!(
                "studio_credits_http_requests_total{{method=\"{method}\",route=\"{route}\",status=\"{status}\"}} "
            );
            r.body.lines().find_map(|l| l.strip_prefix(&series)).map(|v| v.parse::<f64>().unwrap())
        };
        assert_eq!(count("GET", "unmatched", 404), Some(2.0), "404s are counted, under one label:\n{}", r.body);
        assert_eq!(count("DELETE", "/v1/usage", 405), Some(1.0), "405s are counted by route:\n{}", r.body);
        assert_eq!(count("PUT", "/v1/usage", 405), Some(1.0), "{}", r.body);
        assert_eq!(count("GET", "/v1/balance", 401), Some(1.0), "{}", r.body);
        assert_eq!(count("POST", "/v1/usage", 200), Some(1.0), "{}", r.body);
        assert!(r.body.contains("# TYPE studio_credits_http_requests_total counter"), "{}", r.body);
    }

    // OpenMetrics when asked, as Prometheus asks. promtool (2.x) lints only the classic format, so
    // here the check is the OpenMetrics shape: counter families without `_total`, `# EOF` last.
    let prometheus_accept = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,\
                             text/plain;version=0.0.4;q=0.5,*/*;q=0.1";
    let r = request(&api.addr, "GET", "/metrics", &[("Accept", prometheus_accept)], None).expect(200);
    assert_eq!(r.header("content-type"), Some("application/openmetrics-text; version=1.0.0; charset=utf-8"));
    assert!(r.body.contains("# TYPE studio_credits_http_requests counter"), "{}", r.body);
    assert!(
        r.body.contains("studio_credits_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"} 2"),
        "{}",
        r.body
    );
    assert_eq!(r.body.lines().last(), Some("# EOF"), "{}", r.body);
}
