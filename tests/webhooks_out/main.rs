//! Outgoing webhooks end to end: the real binary and daemon deliver signed events to a small
//! HTTP receiver in the test, on loopback. Exactly one `balance.low` for 20 concurrent debits
//! crossing the threshold, verified with stripe-python's `WebhookSignature.verify_header`;
//! retries after 500s with one event id; a `topup.succeeded` committed before a SIGKILL is
//! delivered after the restart; a URL whose host is not allowed is refused before anything is
//! stored.

#[path = "../common/mod.rs"]
mod common;
#[path = "../purchases/support.rs"]
#[allow(dead_code)]
mod support;

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use common::{Home, wait_until};
use serde_json::Value;

/// One POST the receiver got, and the status it answered.
#[derive(Debug, Clone)]
struct Received {
    signature: Option<String>,
    body: Vec<u8>,
    answered: u16,
}

impl Received {
    fn event(&self) -> Value {
        serde_json::from_slice(&self.body).expect("event JSON")
    }
}

/// A webhook receiver on 127.0.0.1: answers each POST with the next scripted status (then with
/// `fallback`), and records it.
struct Receiver {
    url: String,
    seen: Arc<Mutex<Vec<Received>>>,
    script: Arc<Mutex<VecDeque<u16>>>,
    fallback: Arc<Mutex<u16>>,
}

impl Receiver {
    fn start(script: &[u16], fallback: u16) -> Receiver {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind receiver");
        let url = format!("http://{}/hooks", listener.local_addr().expect("addr"));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let script = Arc::new(Mutex::new(script.iter().copied().collect::<VecDeque<_>>()));
        let fallback = Arc::new(Mutex::new(fallback));
        let (sink, plan, default) = (seen.clone(), script.clone(), fallback.clone());
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (sink, plan, default) = (sink.clone(), plan.clone(), default.clone());
                thread::spawn(move || serve(stream, &sink, &plan, &default));
            }
        });
        Receiver { url, seen, script, fallback }
    }

    fn all(&self) -> Vec<Received> {
        self.seen.lock().expect("lock").clone()
    }

    fn of_type(&self, kind: &str) -> Vec<Received> {
        self.all().into_iter().filter(|r| r.event()["type"] == kind).collect()
    }

    fn answer(&self, status: u16) {
        self.script.lock().expect("lock").clear();
        *self.fallback.lock().expect("lock") = status;
    }
}

fn serve(stream: TcpStream, sink: &Mutex<Vec<Received>>, plan: &Mutex<VecDeque<u16>>, default: &Mutex<u16>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let Ok(mut writer) = stream.try_clone() else { return };
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let (mut len, mut signature) = (0usize, None);
    loop {
        line.clear();
        if reader.read_line(&mut line).is_err() {
            return;
        }
        let h = line.trim_end();
        if h.is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                len = v.trim().parse().unwrap_or(0);
            } else if k.eq_ignore_ascii_case("studio-credits-signature") {
                signature = Some(v.trim().to_owned());
            }
        }
    }
    let mut body = vec![0; len];
    if reader.read_exact(&mut body).is_err() {
        return;
    }
    let status = plan.lock().expect("lock").pop_front().unwrap_or(*default.lock().expect("lock"));
    sink.lock().expect("lock").push(Received { signature, body, answered: status });
    let _ =
        writer.write_all(format!("HTTP/1.1 {status} X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").as_bytes());
}

/// Adds an endpoint for `events`; its (id, secret).
fn add_endpoint(home: &Home, url: &str, events: &str) -> (String, String) {
    let out = home.json(&["webhooks", "add", url, "--events", events]);
    (out["endpoint"]["id"].as_str().expect("id").to_owned(), out["secret"].as_str().expect("secret").to_owned())
}

/// Runs stripe-python's `WebhookSignature.verify_header` on a delivery; its output.
fn verify_with_stripe_python(body: &[u8], header: &str, secret: &str) -> String {
    let venv = common::stripe::ensure_venv();
    let dir = tempfile::tempdir().expect("temp dir");
    let payload = dir.path().join("payload.json");
    std::fs::write(&payload, body).expect("write payload");
    let script = "import sys, stripe\n\
                  payload = open(sys.argv[1], 'rb').read().decode('utf-8')\n\
                  stripe.WebhookSignature.verify_header(payload, sys.argv[2], sys.argv[3], tolerance=300)\n\
                  try:\n    stripe.WebhookSignature.verify_header(payload + ' ', sys.argv[2], sys.argv[3], tolerance=300)\n    print('tampered payload accepted')\n\
                  except stripe.SignatureVerificationError:\n    print('verified')\n";
    let out = Command::new(venv.join("bin").join("python"))
        .args(["-c", script])
        .arg(&payload)
        .args([header, secret])
        .output()
        .expect("run python");
    assert!(out.status.success(), "stripe-python refused the signature: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

#[test]
fn twenty_concurrent_debits_crossing_the_threshold_send_one_signed_balance_low() {
    let receiver = Receiver::start(&[], 200);
    let home = Home::new();
    let (endpoint, secret) = add_endpoint(&home, &receiver.url, "balance.low");
    assert!(secret.starts_with("scwhsec_"), "{secret}");
    let alerts = home.json(&["alerts", "set", "--below", "300", "--seat", "tester"]);
    assert_eq!(alerts["alerts"][0]["armed"], true, "{alerts}");

    // 500 included credits; 20 × 20 concurrent: the balance passes 300 once, ending at 100.
    let spends: Vec<_> = (0..20)
        .map(|_| {
            let mut c = home.command();
            c.args(["spend", "20", "--json"]);
            thread::spawn(move || c.output().expect("spend").status.code())
        })
        .collect();
    for s in spends {
        assert_eq!(s.join().expect("thread"), Some(0));
    }
    assert_eq!(home.json(&["balance"])["spendable"], "100");

    assert!(wait_until(Duration::from_secs(20), || !receiver.of_type("balance.low").is_empty()), "no balance.low");
    // Time for a wrong second event to arrive (the worker polls twice a second).
    thread::sleep(Duration::from_millis(1500));
    let low = receiver.of_type("balance.low");
    assert_eq!(low.len(), 1, "{:?}", receiver.all());
    let event = low[0].event();
    assert_eq!(event["object"], "event");
    assert_eq!(event["workspace"], "default");
    assert_eq!(event["data"]["seat"], "tester");
    assert_eq!(event["data"]["threshold"], "300.000");
    let balance: f64 = event["data"]["balance"].as_str().expect("balance").parse().expect("number");
    assert!(balance < 300.0, "{event}");
    assert!(event["id"].as_str().expect("id").starts_with("evt_"), "{event}");

    let header = low[0].signature.clone().expect("a Studio-Credits-Signature header");
    assert!(header.starts_with("t=") && header.contains(",v1="), "{header}");
    assert_eq!(verify_with_stripe_python(&low[0].body, &header, &secret), "verified");

    let alerts = home.json(&["alerts", "list"]);
    assert_eq!(alerts["alerts"][0]["armed"], false, "fired, not re-armed below the threshold: {alerts}");
    let log = home.json(&["webhooks", "deliveries", &endpoint]);
    assert_eq!(log["attempts"][0]["state"], "delivered", "{log}");
}

#[test]
fn a_receiver_answering_500_twice_gets_three_attempts_of_one_event() {
    let receiver = Receiver::start(&[500, 500], 200);
    let mut home = Home::new();
    // Retries after 100 ms, 200 ms instead of 1 s, 2 s (a test aid).
    home.env("STUDIO_CREDITS_WEBHOOK_RETRY_MS", "100");
    let (endpoint, _) = add_endpoint(&home, &receiver.url, "topup.succeeded");
    let queued = home.json(&["webhooks", "test", &endpoint]);
    let event_id = queued["event_id"].as_str().expect("event id").to_owned();

    let delivered = || {
        let log = home.json(&["webhooks", "deliveries", &endpoint]);
        log["attempts"].as_array().is_some_and(|a| a.first().is_some_and(|a| a["state"] == "delivered"))
    };
    assert!(wait_until(Duration::from_secs(20), delivered), "{:?}", receiver.all());
    let got = receiver.all();
    assert_eq!(got.iter().map(|r| r.answered).collect::<Vec<_>>(), vec![500, 500, 200]);
    let ids: Vec<Value> = got.iter().map(|r| r.event()["id"].clone()).collect();
    assert!(ids.iter().all(|id| id == event_id.as_str()), "one event id: {ids:?}");
    assert!(got.windows(2).all(|w| w[0].body == w[1].body), "the same body on every attempt");

    let log = home.json(&["webhooks", "deliveries", &endpoint]);
    let attempts = log["attempts"].as_array().expect("attempts");
    assert_eq!(attempts.len(), 3, "{log}");
    let statuses: Vec<_> = attempts.iter().map(|a| a["status"].as_u64().unwrap_or(0)).collect();
    assert_eq!(statuses, vec![200, 500, 500], "newest first: {log}");
    assert!(attempts.iter().all(|a| a["event_id"] == event_id.as_str()));

    // The outbox in /metrics: one delivered, none pending.
    let metrics = common::http::request(&home.http_addr(), "GET", "/metrics", &[], None).expect(200).body;
    assert!(metrics.contains("studio_credits_webhook_deliveries{state=\"delivered\"} 1"), "{metrics}");
    assert!(metrics.contains("studio_credits_webhook_deliveries{state=\"pending\"} 0"), "{metrics}");
    assert!(metrics.contains("studio_credits_webhook_oldest_pending_seconds 0"), "{metrics}");

    // A replay sends it once more, with the same id.
    home.json(&["webhooks", "replay", &event_id]);
    assert!(wait_until(Duration::from_secs(20), || receiver.all().len() == 4), "{:?}", receiver.all());
    assert_eq!(receiver.all()[3].event()["id"], event_id.as_str());
}

#[test]
fn topup_succeeded_committed_before_a_sigkill_is_delivered_after_the_restart() {
    let shop = support::Shop::with_webhooks(true);
    shop.with_card("pm_card_visa");
    // The receiver is down (503) until the daemon has been killed: nothing is delivered before.
    let receiver = Receiver::start(&[], 503);
    let (endpoint, secret) = add_endpoint(&shop.home, &receiver.url, "topup.succeeded,topup.failed");
    let out = shop.run(&["buy", "20", "--card-on-file", "--yes", "--json"]).expect(0).json();
    let purchase = out["purchase"]["id"].as_str().expect("purchase id").to_owned();
    assert_eq!(out["purchase"]["state"], "succeeded", "{out}");
    assert!(
        wait_until(Duration::from_secs(20), || !receiver.of_type("topup.succeeded").is_empty()),
        "the event was not tried: {:?}",
        receiver.all()
    );
    shop.home.kill_daemon();
    let first = receiver.of_type("topup.succeeded")[0].event();
    assert!(receiver.all().iter().all(|r| r.answered == 503));
    assert_eq!(first["data"]["purchase"], purchase.as_str(), "{first}");
    assert_eq!(first["data"]["credits"], "2000.000", "{first}");

    receiver.answer(200);
    shop.run(&["balance"]).expect(0); // restarts the daemon
    let delivered = || receiver.all().iter().any(|r| r.answered == 200);
    assert!(wait_until(Duration::from_secs(30), delivered), "not delivered after the restart: {:?}", receiver.all());
    let ok: Vec<_> = receiver.all().into_iter().filter(|r| r.answered == 200).collect();
    assert_eq!(ok.len(), 1, "{ok:?}");
    assert_eq!(ok[0].event()["id"], first["id"], "the same event id after the restart");
    let header = ok[0].signature.clone().expect("signature");
    assert_eq!(verify_with_stripe_python(&ok[0].body, &header, &secret), "verified");
    let log = shop.json(&["webhooks", "deliveries", &endpoint]);
    assert_eq!(log["attempts"][0]["state"], "delivered", "{log}");
}

#[test]
fn webhooks_add_refuses_a_host_the_config_does_not_allow() {
    let home = Home::new();
    std::fs::write(home.path().join("config.toml"), "[webhooks]\nallow_hosts = [\"hooks.example.com\"]\n")
        .expect("config");
    let refused = home.run(&["webhooks", "add", "https://evil.example.net/hooks"]).expect(2);
    assert!(refused.stderr.contains("allow_hosts"), "{refused:?}");
    home.run(&["webhooks", "add", "http://127.0.0.1:9/hooks"]).expect(2);
    let list = home.json(&["webhooks", "list"]);
    assert_eq!(list["endpoints"], serde_json::json!([]), "nothing stored: {list}");

    // Without allow_hosts: public hosts over https only, loopback over http.
    let open = Home::new();
    let plain = open.run(&["webhooks", "add", "http://hooks.example.com/x"]).expect(2);
    assert!(plain.stderr.contains("https"), "{plain:?}");
    open.run(&["webhooks", "add", "https://192.168.1.20/x"]).expect(2);
    assert_eq!(open.json(&["webhooks", "list"])["endpoints"], serde_json::json!([]));
}
