//! A real browser: headless Chromium driven through chromedriver (fantoccini), against the real
//! daemon and the Stripe emulator's hosted checkout page. Sign in with `open`, read the card,
//! buy $25 through Checkout and watch the return page; follow a 402's `buy_url` with `return_to`,
//! pay with the card on file and land back where the request was blocked. axe-core (from npm)
//! checks each page; screenshots go to `target/billing-screenshots/`.
//!
//! Without Chromium the tests say so and pass, except under `CI=true`, where they fail.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

use crate::common::http::Api;
use crate::common::stripe::Fault;
use crate::common::wait_until;
use crate::routes::started;
use crate::support::{Shop, free_port};

/// The axe-core release the accessibility check runs (installed by `.ci/run`, or here on first use).
const AXE_VERSION: &str = "4.10.3";
/// How long a page may take to reach the state a step waits for.
const STEP: Duration = Duration::from_secs(30);

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Where screenshots and axe reports go.
fn artifacts() -> PathBuf {
    let dir = root().join("target").join("billing-screenshots");
    std::fs::create_dir_all(&dir).expect("create target/billing-screenshots");
    dir
}

/// One browser at a time: the machine is small and each Chromium is heavy.
fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

fn find_program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    names.iter().flat_map(|n| std::env::split_paths(&path).map(move |d| d.join(n))).find(|p| p.is_file())
}

/// The pids of `pid`'s descendants (children first found, then theirs), from /proc.
fn descendants(pid: u32) -> Vec<u32> {
    let mut parents: Vec<(u32, u32)> = Vec::new();
    if let Ok(entries) = std::fs::read_dir("/proc") {
        for e in entries.flatten() {
            let Some(p) = e.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) else { continue };
            let Ok(stat) = std::fs::read_to_string(format!("/proc/{p}/stat")) else { continue };
            let ppid = stat.rsplit(')').next().and_then(|s| s.split_whitespace().nth(1)).and_then(|s| s.parse().ok());
            if let Some(pp) = ppid {
                parents.push((p, pp));
            }
        }
    }
    let mut out = vec![];
    let mut frontier = vec![pid];
    while let Some(p) = frontier.pop() {
        for (child, _) in parents.iter().filter(|(_, pp)| *pp == p) {
            out.push(*child);
            frontier.push(*child);
        }
    }
    out
}

/// chromedriver on a free loopback port and the Chromium it starts; dropping it kills both (by
/// pid, the whole process tree of chromedriver).
struct Driver {
    child: Child,
    port: u16,
    profile: tempfile::TempDir,
    chromium: PathBuf,
}

impl Driver {
    /// `None` (with a note) when Chromium or chromedriver is missing, unless `CI=true`.
    fn start() -> Option<Driver> {
        let chromium = find_program(&["chromium", "chromium-browser", "google-chrome"]);
        let driver = find_program(&["chromedriver"]);
        let (Some(chromium), Some(driver)) = (chromium, driver) else {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("CI=true but chromium or chromedriver is missing; .ci/run installs them");
            }
            eprintln!("note: chromium/chromedriver not found; the browser test did nothing (CI fails here)");
            return None;
        };
        let port = free_port();
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let profile = tempfile::Builder::new().prefix("sc-chromium-").tempdir().expect("profile dir");
        let d = Driver { child, port, profile, chromium };
        let up = wait_until(Duration::from_secs(20), || std::net::TcpStream::connect(("127.0.0.1", port)).is_ok());
        assert!(up, "chromedriver did not listen on {port}");
        Some(d)
    }

    async fn client(&self) -> Client {
        let caps = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": self.chromium,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--no-first-run", "--disable-extensions", "--window-size=1000,1100",
                    format!("--user-data-dir={}", self.profile.path().display()),
                ],
            },
        });
        let Value::Object(caps) = caps else { unreachable!() };
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .expect("a chromedriver session")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let mut pids = descendants(self.child.id());
        pids.reverse();
        for pid in pids {
            let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// axe.min.js: from `target/axe-core` (put there by `.ci/run`), installed from npm if missing.
fn axe_source() -> String {
    static SOURCE: OnceLock<String> = OnceLock::new();
    SOURCE
        .get_or_init(|| {
            let prefix = root().join("target").join("axe-core");
            let file = prefix.join("node_modules/axe-core/axe.min.js");
            if !file.is_file() {
                let status = Command::new("npm")
                    .args(["install", "--no-audit", "--no-fund", "--silent", "--prefix"])
                    .arg(&prefix)
                    .arg(format!("axe-core@{AXE_VERSION}"))
                    .status()
                    .expect("run npm (axe-core for the accessibility check)");
                assert!(status.success(), "npm install axe-core@{AXE_VERSION} failed");
            }
            std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("read {}: {e}", file.display()))
        })
        .clone()
}

/// Runs axe-core on the current page; fails on any serious or critical violation.
async fn axe(c: &Client, name: &str) {
    let bad = serious_violations(c, name).await;
    assert!(bad.is_empty(), "axe-core found serious or critical problems on the {name} page: {bad:#?}");
}

/// axe-core's serious and critical violations on the current page (all of them are saved).
async fn serious_violations(c: &Client, name: &str) -> Vec<Value> {
    c.execute(&format!("{}\n;return typeof window.axe;", axe_source()), vec![]).await.expect("inject axe-core");
    let script = "var done = arguments[arguments.length - 1];\
        axe.run(document, {resultTypes: ['violations']}).then(function (r) {\
          done(r.violations.map(function (v) { return {id: v.id, impact: v.impact, help: v.help,\
            nodes: v.nodes.map(function (n) { return n.target.join(' '); })}; }));\
        }, function (e) { done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]); });";
    let violations = c.execute_async(script, vec![]).await.expect("run axe-core");
    std::fs::write(artifacts().join(format!("axe-{name}.json")), serde_json::to_string_pretty(&violations).unwrap())
        .expect("write the axe report");
    violations
        .as_array()
        .expect("violations")
        .iter()
        .filter(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")))
        .cloned()
        .collect()
}

async fn screenshot(c: &Client, name: &str) {
    let png = c.screenshot().await.expect("screenshot");
    std::fs::write(artifacts().join(format!("{name}.png")), png).expect("write the screenshot");
}

/// The text of the element `css` names, found again if a navigation replaced it meanwhile.
async fn text(c: &Client, css: &str) -> String {
    let deadline = tokio::time::Instant::now() + STEP;
    loop {
        let el = c.wait().at_most(STEP).for_element(Locator::Css(css)).await.unwrap_or_else(|e| panic!("{css}: {e}"));
        match el.text().await {
            Ok(t) => return t.trim().to_owned(),
            Err(e) if tokio::time::Instant::now() < deadline => {
                eprintln!("reading {css} again: {e}");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => panic!("text of {css}: {e}"),
        }
    }
}

async fn click(c: &Client, css: &str) {
    let el = c.wait().at_most(STEP).for_element(Locator::Css(css)).await.unwrap_or_else(|e| panic!("{css}: {e}"));
    el.click().await.unwrap_or_else(|e| panic!("click {css}: {e}"));
}

/// `2,500` → `2500`, to compare with `balance --json`.
fn plain(s: &str) -> String {
    s.replace(',', "")
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a tokio runtime")
}

#[test]
fn open_read_the_card_buy_25_through_checkout_and_see_the_topup_grow() {
    let _one = one_at_a_time();
    let Some(driver) = Driver::start() else { return };
    // Stripe's confirmation reaches the daemon only by its own polling, and the first polls
    // stall: the return page surely starts out waiting, and has to update itself.
    let shop = Shop::with_webhooks(false);
    shop.home.run(&["spend", "12.5"]).expect(0);
    let before = shop.json(&["balance"]);
    let url = shop.json(&["open", "--no-browser"])["url"].as_str().expect("url").to_owned();
    runtime().block_on(async {
        let c = driver.client().await;
        c.goto(&url).await.expect("open the login link");
        let here = c.current_url().await.expect("url");
        assert_eq!(here.path(), "/billing");
        assert!(!here.as_str().contains("token"), "the secret is gone from the address bar: {here}");

        // The card shows `balance --json`'s figures.
        let seat = "tr[data-seat=\"tester\"]";
        assert_eq!(plain(&text(&c, &format!("{seat} .included")).await), before["included"]["remaining"]);
        assert_eq!(plain(&text(&c, &format!("{seat} .allowance")).await), before["included"]["allowance"]);
        assert_eq!(plain(&text(&c, &format!("{seat} .spendable")).await), before["spendable"]);
        assert_eq!(plain(&text(&c, "#topup-balance").await), before["topup"]["remaining"]);
        let resets = text(&c, "#resets").await;
        assert!(!resets.contains('T') && resets.contains(", 20"), "a date a person reads: {resets}");
        screenshot(&c, "card").await;
        axe(&c, "card").await;
        // Readable on a phone: the same card at 390 px.
        c.set_window_size(390, 844).await.expect("resize");
        screenshot(&c, "card-phone").await;
        axe(&c, "card-phone").await;
        c.set_window_size(1000, 1100).await.expect("resize");

        click(&c, "#buy-credits").await;
        let note = text(&c, "#refund-note").await;
        assert!(note.contains("non-refundable") && note.contains("never expire"), "{note}");
        axe(&c, "buy").await;
        click(&c, "input[name=amount][value=\"2500\"]").await;
        screenshot(&c, "buy").await;
        click(&c, "#pay-checkout").await;

        // The emulator's hosted checkout page: pay. (It lacks a `lang`: axe-core must notice,
        // which shows the check really looks.)
        let checkout = c.wait().at_most(STEP).for_element(Locator::Css("form[action^=\"/checkout/\"] button")).await;
        let found = serious_violations(&c, "emulator-checkout").await;
        assert!(found.iter().any(|v| v["id"] == "html-has-lang"), "{found:#?}");
        let poll = Fault::delay("/v1/checkout/sessions/cs_", Duration::from_secs(3)).method("GET").count(2);
        shop.stripe.inject_fault(&poll);
        checkout.expect("the checkout page").click().await.expect("pay");

        // Back on the return page, which waits for Stripe's confirmation by itself: no reload
        // (the marker set now survives), the figures change in place.
        let waiting = c.wait().at_most(STEP).for_element(Locator::Css("#state-text")).await.expect("return page");
        assert_eq!(waiting.attr("data-state").await.expect("attr").as_deref(), Some("pending"));
        c.execute("window.stillTheSamePage = true; return true;", vec![]).await.expect("mark the page");
        c.wait()
            .at_most(STEP)
            .for_element(Locator::Css("#state-text[data-state=\"succeeded\"]"))
            .await
            .expect("the return page shows the purchase succeeded");
        let here = c.current_url().await.expect("url");
        assert_eq!(here.path(), "/billing/return");
        let same = c.execute("return window.stillTheSamePage === true;", vec![]).await.expect("marker");
        assert_eq!(same, json!(true), "the page updated in place, without reloading");
        let grown: i64 = plain(&text(&c, "#topup-balance").await).parse().expect("a number");
        let was: i64 = before["topup"]["remaining"].as_str().unwrap().parse().unwrap();
        assert_eq!(grown - was, 2500, "the top-up grew by exactly 2,500 credits");
        screenshot(&c, "return").await;
        axe(&c, "return").await;
        // The card lists the purchase with its state.
        click(&c, "#return-actions a[href=\"/billing\"]").await;
        let row = text(&c, "#purchases tr[data-purchase]").await;
        assert!(row.contains("$25.00") && row.contains("paid, credited"), "{row}");
        c.close().await.expect("close the browser");
    });
    assert_eq!(shop.topup(), "2500");
    assert_eq!(shop.purchase_entries().len(), 1);
    shop.verify();
}

/// A stand-in for the AI service's page that a buyer returns to: answers 200 to anything and
/// records the paths it was asked for.
struct ReturnSite {
    origin: String,
    seen: Arc<Mutex<Vec<String>>>,
}

impl ReturnSite {
    fn start() -> ReturnSite {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let origin = format!("http://{}", listener.local_addr().expect("addr"));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = seen.clone();
        std::thread::spawn(move || {
            for mut stream in listener.incoming().flatten() {
                let mut line = String::new();
                let _ = BufReader::new(&stream).read_line(&mut line);
                if let Some(path) = line.split(' ').nth(1) {
                    sink.lock().expect("lock").push(path.to_owned());
                }
                let body = "<!doctype html><html lang=\"en\"><title>Chat</title><h1>Back in the chat</h1></html>";
                let _ = write!(
                    stream,
                    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
            }
        });
        ReturnSite { origin, seen }
    }
}

#[test]
fn blocked_then_buy_with_the_card_on_file_then_back_where_it_was() {
    let _one = one_at_a_time();
    let Some(driver) = Driver::start() else { return };
    let site = ReturnSite::start();
    let shop = Shop::new();
    let config = format!("[billing]\nreturn_origins = [\"{}\"]\n", site.origin);
    std::fs::write(shop.home.path().join("config.toml"), config).expect("config");
    shop.with_card("pm_card_visa");
    let addr = started(&shop.home);
    let token = shop.json(&["seats", "token", "tester"])["token"].as_str().expect("token").to_owned();
    let api = Api::new(&addr, Some(&token));
    api.post("/v1/usage", &json!({"amount": "500"})).expect(200);
    let blocked = api.post_key("/v1/usage", "job-42", &json!({"amount": "10"})).expect(402);
    let buy_url = blocked.json()["error"]["buy_url"].as_str().expect("buy_url").to_owned();
    let return_to = format!("{}/chat?id=7", site.origin);
    let encoded: String = return_to.bytes().map(|b| format!("%{b:02X}")).collect();

    runtime().block_on(async {
        let c = driver.client().await;
        // A foreign return_to is refused, and signs nobody in.
        c.goto(&format!("{buy_url}?return_to=https%3A%2F%2Fevil.example%2F")).await.expect("goto");
        let refused = text(&c, "h1").await;
        assert_eq!(refused, "This link cannot be used");
        assert!(c.get_all_cookies().await.expect("cookies").is_empty(), "no session after a refused link");
        assert!(c.current_url().await.expect("url").as_str().starts_with(&format!("http://{addr}/")));

        c.goto(&format!("{buy_url}?return_to={encoded}")).await.expect("follow buy_url");
        assert_eq!(plain(&text(&c, "tr[data-seat=\"tester\"] .spendable").await), "0");
        click(&c, "#buy-credits").await;
        let pay = text(&c, "#pay-card").await;
        assert!(pay.contains("Visa") && pay.contains("4242"), "the card on file is named: {pay}");
        click(&c, "input[name=amount][value=\"1000\"]").await;
        click(&c, "#pay-card").await;
        c.wait().at_most(STEP).for_element(Locator::Css("#confirm-pay")).await.expect("the confirmation");
        let confirm = text(&c, "main").await;
        assert!(confirm.contains("$10.00") && confirm.contains("1,000 credits"), "{confirm}");
        axe(&c, "confirm").await;
        click(&c, "#confirm-pay").await;
        let (path, query) = wait_until_url(&c, &site.origin).await;
        let back = format!("{path} {query:?}");
        assert_eq!(path, "/chat");
        assert!(query.contains(&("id".into(), "7".into())), "{back}");
        assert!(query.contains(&("status".into(), "succeeded".into())), "{back}");
        let purchase = query.iter().find(|(k, _)| k == "purchase").map(|(_, v)| v.clone()).expect("purchase");
        assert!(purchase.starts_with("pur_"), "{back}");
        c.close().await.expect("close the browser");
        let p = shop.json(&["purchases", "show", &purchase]);
        assert_eq!(p["state"], "succeeded", "{p}");
    });
    assert!(site.seen.lock().expect("lock").iter().any(|p| p.contains("status=succeeded")));

    // The client retries the blocked request with its original key: served once.
    let retried = api.post_key("/v1/usage", "job-42", &json!({"amount": "10"})).expect(200);
    assert_eq!(retried.json()["balance"]["topup"]["remaining"], "990");
    let again = api.post_key("/v1/usage", "job-42", &json!({"amount": "10"})).expect(200);
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(shop.topup(), "990", "debited once");
    shop.verify();
}

/// Waits until the browser is on `origin`; returns the URL.
async fn wait_until_url(c: &Client, origin: &str) -> (String, Vec<(String, String)>) {
    let deadline = tokio::time::Instant::now() + STEP;
    loop {
        let u = c.current_url().await.expect("url");
        if u.as_str().starts_with(origin) {
            return (u.path().to_owned(), u.query_pairs().into_owned().collect());
        }
        assert!(tokio::time::Instant::now() < deadline, "never got back to {origin}; at {u}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
