//! The Stripe emulator itself works: Checkout Sessions, payment in the
//! "browser", signed webhooks, faults. (Its own include of the helpers, so it
//! does not depend on tests/common/mod.rs.)

mod common {
    #[path = "stripe.rs"]
    pub mod stripe;
    #[path = "venv.rs"]
    pub mod venv;
}

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use common::stripe::{Fault, StripeEmulator};
use serde_json::Value;

const WEBHOOK_SECRET: &str = "whsec_smoke_test";

/// One webhook delivery: the `Stripe-Signature` header and the event.
struct Delivery {
    signature: Option<String>,
    event: Value,
}

/// A tiny webhook endpoint on 127.0.0.1 that answers 200 and hands every
/// delivery to the test.
struct WebhookReceiver {
    url: String,
    rx: mpsc::Receiver<Delivery>,
}

impl WebhookReceiver {
    fn start() -> WebhookReceiver {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind webhook receiver");
        let url = format!("http://{}/stripe/webhook", listener.local_addr().expect("local addr"));
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                if let Some(delivery) = read_delivery(stream)
                    && tx.send(delivery).is_err()
                {
                    return; // the test is over
                }
            }
        });
        WebhookReceiver { url, rx }
    }

    /// Waits until an event of each of `types` concerning `object_ids` (by
    /// `data.object.id`) has arrived; returns them by type.
    fn wait_for(&self, wanted: &[(&str, &str)], timeout: Duration) -> HashMap<String, Delivery> {
        let deadline = Instant::now() + timeout;
        let mut found: HashMap<String, Delivery> = HashMap::new();
        let mut seen = Vec::new();
        while found.len() < wanted.len() {
            let left = deadline.saturating_duration_since(Instant::now());
            let delivery = self.rx.recv_timeout(left).unwrap_or_else(|_| {
                panic!(
                    "webhooks {wanted:?} did not all arrive within {timeout:?}; \
                     got {seen:?}"
                )
            });
            let kind = delivery.event["type"].as_str().unwrap_or("").to_string();
            let id = delivery.event["data"]["object"]["id"].as_str().unwrap_or("").to_string();
            seen.push(format!("{kind} {id}"));
            if wanted.iter().any(|(t, o)| *t == kind && *o == id) {
                found.insert(kind, delivery);
            }
        }
        found
    }
}

fn read_delivery(stream: TcpStream) -> Option<Delivery> {
    stream.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    let mut writer = stream.try_clone().ok()?;
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut content_length = 0usize;
    let mut signature = None;
    loop {
        line.clear();
        reader.read_line(&mut line).ok()?;
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            let value = value.trim();
            if name.eq_ignore_ascii_case("content-length") {
                content_length = value.parse().ok()?;
            } else if name.eq_ignore_ascii_case("stripe-signature") {
                signature = Some(value.to_string());
            }
        }
    }
    let mut body = vec![0; content_length];
    reader.read_exact(&mut body).ok()?;
    writer.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").ok()?;
    let event = serde_json::from_slice(&body).ok()?;
    Some(Delivery { signature, event })
}

/// `t=<unix time>,v1=<64 hex digits>`, as Stripe signs.
fn assert_stripe_signature(delivery: &Delivery) {
    let signature = delivery.signature.as_deref().expect("webhook without Stripe-Signature");
    let parts: HashMap<&str, &str> = signature.split(',').filter_map(|p| p.split_once('=')).collect();
    let t = parts.get("t").expect("signature has t=");
    assert!(t.parse::<u64>().is_ok(), "bad t in {signature}");
    let v1 = parts.get("v1").expect("signature has v1=");
    assert!(v1.len() == 64 && v1.bytes().all(|b| b.is_ascii_hexdigit()), "bad v1 in {signature}");
}

fn unix_now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).expect("clock after 1970").as_secs()
}

fn create_session(stripe: &StripeEmulator, customer: &str, purchase_id: &str) -> Value {
    let expires_at = (unix_now() + 3600).to_string();
    stripe.create_checkout_session(&[
        ("mode", "payment"),
        ("line_items[0][price_data][currency]", "usd"),
        ("line_items[0][price_data][unit_amount]", "2000"),
        ("line_items[0][price_data][product_data][name]", "Studio credits: 2,000"),
        ("line_items[0][quantity]", "1"),
        ("customer", customer),
        ("success_url", "http://127.0.0.1:9/done?session={CHECKOUT_SESSION_ID}"),
        ("cancel_url", "http://127.0.0.1:9/cancel"),
        ("metadata[purchase_id]", purchase_id),
        ("payment_intent_data[metadata][purchase_id]", purchase_id),
        ("payment_intent_data[setup_future_usage]", "off_session"),
        ("expires_at", &expires_at),
    ])
}

#[test]
fn checkout_session_paid_emits_signed_webhooks() {
    let stripe = StripeEmulator::start();
    assert!(stripe.base_url.starts_with("http://127.0.0.1:"));
    let hooks = WebhookReceiver::start();
    stripe.register_webhook(&hooks.url, WEBHOOK_SECRET);

    let customer = stripe.create_customer_with_card("pm_card_visa");
    let saved = stripe.get(&format!("/v1/customers/{customer}"));
    assert!(
        saved["invoice_settings"]["default_payment_method"].as_str().is_some_and(|pm| pm.starts_with("pm_")),
        "no default payment method: {saved}"
    );

    let session = create_session(&stripe, &customer, "pur_smoke_1");
    let id = session["id"].as_str().expect("session id").to_string();
    assert!(id.starts_with("cs_test_"), "{id}");
    assert_eq!(session["object"], "checkout.session");
    assert_eq!(session["status"], "open");
    assert_eq!(session["payment_status"], "unpaid");
    assert_eq!(session["mode"], "payment");
    assert_eq!(session["amount_total"], 2000);
    assert_eq!(session["currency"], "usd");
    assert_eq!(session["customer"], customer.as_str());
    assert_eq!(session["metadata"]["purchase_id"], "pur_smoke_1");
    assert!(session["payment_intent"].is_null());
    assert_eq!(session["url"].as_str(), Some(format!("{}/checkout/{id}", stripe.base_url).as_str()));

    assert_eq!(stripe.pay_checkout_session(&id, "pm_card_visa"), 200);

    let paid = stripe.get(&format!("/v1/checkout/sessions/{id}"));
    assert_eq!(paid["status"], "complete");
    assert_eq!(paid["payment_status"], "paid");
    let pi_id = paid["payment_intent"].as_str().expect("payment_intent").to_string();
    let pi = stripe.get(&format!("/v1/payment_intents/{pi_id}"));
    assert_eq!(pi["status"], "succeeded");
    assert_eq!(pi["amount"], 2000);
    assert_eq!(pi["customer"], customer.as_str());
    assert_eq!(pi["metadata"]["purchase_id"], "pur_smoke_1");
    let listed = stripe.list_payment_intents();
    assert!(
        listed["data"].as_array().expect("data").iter().any(|p| p["id"] == pi_id.as_str()),
        "{pi_id} not listed: {listed}"
    );
    // setup_future_usage=off_session saved the card as the default.
    let customer_after = stripe.get(&format!("/v1/customers/{customer}"));
    assert_eq!(customer_after["invoice_settings"]["default_payment_method"], pi["payment_method"]);

    let events = hooks.wait_for(
        &[("payment_intent.succeeded", &pi_id), ("checkout.session.completed", &id)],
        Duration::from_secs(20),
    );
    for delivery in events.values() {
        assert_stripe_signature(delivery);
    }
    let completed = &events["checkout.session.completed"].event["data"]["object"];
    assert_eq!(completed["payment_status"], "paid");
    assert_eq!(completed["payment_intent"], pi_id.as_str());
    assert_eq!(completed["metadata"]["purchase_id"], "pur_smoke_1");
}

#[test]
fn declined_payment_leaves_the_session_open_and_expire_ends_it() {
    let stripe = StripeEmulator::start();
    let hooks = WebhookReceiver::start();
    stripe.register_webhook(&hooks.url, WEBHOOK_SECRET);
    let customer = stripe.create_customer_with_card("pm_card_visa");
    let session = create_session(&stripe, &customer, "pur_smoke_2");
    let id = session["id"].as_str().expect("session id").to_string();

    let declined = stripe.pay_checkout_session_response(&id, "pm_card_chargeCustomerFail", true);
    assert_eq!(declined.status, 402, "{}", declined.body);
    assert_eq!(declined.json()["error"]["code"], "card_declined");
    let still = stripe.get(&format!("/v1/checkout/sessions/{id}"));
    assert_eq!(still["status"], "open");
    assert_eq!(still["payment_status"], "unpaid");

    let expired = stripe.expire_checkout_session(&id);
    assert_eq!(expired["status"], "expired");
    assert!(expired["url"].is_null());
    // Stripe only expires open sessions.
    let again = stripe.api("POST", &format!("/v1/checkout/sessions/{id}/expire"), &[]);
    assert_eq!(again.status, 400);
    assert_eq!(stripe.pay_checkout_session(&id, "pm_card_visa"), 400);

    let events = hooks.wait_for(&[("checkout.session.expired", &id)], Duration::from_secs(20));
    assert_stripe_signature(&events["checkout.session.expired"]);

    // Validation like Stripe's.
    let missing = stripe.api("POST", "/v1/checkout/sessions", &[("mode", "payment")]);
    assert_eq!(missing.status, 400);
    assert_eq!(missing.json()["error"]["type"], "invalid_request_error");
    assert_eq!(missing.json()["error"]["param"], "line_items");
    let listed = stripe.get("/v1/checkout/sessions?limit=10");
    assert_eq!(listed["data"][0]["id"], id.as_str());
}

#[test]
fn fault_after_returns_500_but_the_payment_intent_exists() {
    let stripe = StripeEmulator::start();
    let customer = stripe.create_customer_with_card("pm_card_visa");
    let card = stripe.get(&format!("/v1/customers/{customer}"))["invoice_settings"]["default_payment_method"]
        .as_str()
        .expect("default payment method")
        .to_string();
    let create = |purchase_id: &str, key: &str| {
        stripe.api_with_headers(
            "POST",
            "/v1/payment_intents",
            &[
                ("amount", "2000"),
                ("currency", "usd"),
                ("customer", &customer),
                ("payment_method", &card),
                ("confirm", "true"),
                ("off_session", "true"),
                ("metadata[purchase_id]", purchase_id),
            ],
            &[("Idempotency-Key", key)],
        )
    };
    let with_purchase = |purchase_id: &str| -> Vec<Value> {
        stripe.list_payment_intents()["data"]
            .as_array()
            .expect("data")
            .iter()
            .filter(|pi| pi["metadata"]["purchase_id"] == purchase_id)
            .cloned()
            .collect()
    };

    // before: never reaches the emulator.
    stripe.inject_fault(&Fault::before("/v1/payment_intents").method("POST"));
    let lost = create("pur_before", "key-before");
    assert_eq!(lost.status, 500);
    assert!(with_purchase("pur_before").is_empty());

    // after: done by the emulator, but the client only sees the 500.
    stripe.inject_fault(&Fault::after("/v1/payment_intents").method("POST"));
    let unheard = create("pur_after", "key-after");
    assert_eq!(unheard.status, 500, "{}", unheard.body);
    assert_eq!(unheard.json()["error"]["type"], "api_error");
    let made = with_purchase("pur_after");
    assert_eq!(made.len(), 1, "{made:?}");
    assert_eq!(made[0]["status"], "succeeded");

    // The fault was used up: the next create goes through.
    let ok = create("pur_ok", "key-ok");
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert_eq!(ok.json()["status"], "succeeded");

    let posts: Vec<_> = stripe
        .requests_log_entries()
        .into_iter()
        .filter(|r| r.method == "POST" && r.path == "/v1/payment_intents")
        .collect();
    let summary: Vec<_> = posts.iter().map(|r| (r.idempotency_key.as_deref(), r.status, r.fault.as_deref())).collect();
    assert_eq!(
        summary,
        [
            (Some("key-before"), 500, Some("before")),
            (Some("key-after"), 500, Some("after")),
            (Some("key-ok"), 200, None),
        ]
    );
    assert!(stripe.requests_log().contains(&("POST".to_string(), "/v1/payment_intents".to_string())));

    // With idempotency on, a retry with the same key gets the first answer.
    stripe.set_idempotency(true);
    stripe.inject_fault(&Fault::after("/v1/payment_intents").method("POST"));
    assert_eq!(create("pur_idem", "key-idem").status, 500);
    let retried = create("pur_idem", "key-idem");
    assert_eq!(retried.status, 200, "{}", retried.body);
    assert_eq!(retried.header("Idempotent-Replayed"), Some("true"));
    assert_eq!(with_purchase("pur_idem").len(), 1);
}
