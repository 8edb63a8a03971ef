//! A shop for purchase tests: a real localstripe (with the Checkout extension), a real daemon on
//! a known HTTP port whose webhook endpoint the emulator calls with signed events, and a second
//! webhook receiver that captures the same signed deliveries so tests can replay them.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::Value;

use crate::common::stripe::{HttpResponse, SECRET_KEY, StripeEmulator, http_request};
use crate::common::{Home, Run, wait_until};

pub const WEBHOOK_SECRET: &str = "whsec_purchase_tests";

/// A free loopback port (bound, then released for the daemon to take).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

pub fn unix_now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).expect("clock").as_secs() as i64
}

/// One signed webhook delivery as Stripe (here: localstripe) sent it.
#[derive(Debug, Clone)]
pub struct Delivery {
    pub signature: Option<String>,
    pub body: Vec<u8>,
}

impl Delivery {
    pub fn event(&self) -> Value {
        serde_json::from_slice(&self.body).expect("event JSON")
    }
}

/// Records every webhook delivery it receives and answers 200.
pub struct Capture {
    pub url: String,
    pub seen: Arc<Mutex<Vec<Delivery>>>,
}

impl Capture {
    pub fn start() -> Capture {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind capture");
        let url = format!("http://{}/capture", listener.local_addr().expect("addr"));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = seen.clone();
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                if let Some(d) = read_delivery(stream) {
                    sink.lock().expect("lock").push(d);
                }
            }
        });
        Capture { url, seen }
    }

    /// Waits for a delivery of event `type_` whose object has `metadata.purchase_id == purchase`.
    pub fn wait_for(&self, type_: &str, purchase: &str) -> Delivery {
        let mut found = None;
        let ok = wait_until(Duration::from_secs(30), || {
            found = self
                .seen
                .lock()
                .expect("lock")
                .iter()
                .find(|d| {
                    let e = d.event();
                    e["type"] == type_ && e["data"]["object"]["metadata"]["purchase_id"] == purchase
                })
                .cloned();
            found.is_some()
        });
        assert!(ok, "no {type_} webhook for {purchase}; got {:?}", self.types());
        found.expect("found")
    }

    pub fn types(&self) -> Vec<String> {
        self.seen.lock().expect("lock").iter().map(|d| d.event()["type"].as_str().unwrap_or("").to_owned()).collect()
    }
}

fn read_delivery(stream: TcpStream) -> Option<Delivery> {
    stream.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    let mut writer = stream.try_clone().ok()?;
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let (mut len, mut signature) = (0usize, None);
    loop {
        line.clear();
        reader.read_line(&mut line).ok()?;
        let h = line.trim_end();
        if h.is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                len = v.trim().parse().ok()?;
            } else if k.eq_ignore_ascii_case("stripe-signature") {
                signature = Some(v.trim().to_owned());
            }
        }
    }
    let mut body = vec![0; len];
    reader.read_exact(&mut body).ok()?;
    writer.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").ok()?;
    Some(Delivery { signature, body })
}

/// The emulator, a daemon home configured for it, and a capture of every webhook.
pub struct Shop {
    pub stripe: StripeEmulator,
    pub home: Home,
    pub http: String,
    pub capture: Capture,
}

impl Shop {
    /// A shop whose daemon receives the emulator's webhooks.
    pub fn new() -> Shop {
        Shop::with_webhooks(true)
    }

    /// `deliver`: whether the emulator also sends its events to the daemon (the capture always
    /// gets them).
    pub fn with_webhooks(deliver: bool) -> Shop {
        let stripe = StripeEmulator::start();
        let port = free_port();
        let http = format!("127.0.0.1:{port}");
        let mut home = Home::new();
        home.env("STRIPE_SECRET_KEY", SECRET_KEY)
            .env("STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET)
            .env("STUDIO_CREDITS_STRIPE_API_BASE", &stripe.base_url)
            .env("STUDIO_CREDITS_HTTP_LISTEN", &http);
        if deliver {
            stripe.register_webhook(&format!("http://{http}/v1/stripe/webhook"), WEBHOOK_SECRET);
        }
        let capture = Capture::start();
        stripe.register_webhook(&capture.url, WEBHOOK_SECRET);
        Shop { stripe, home, http, capture }
    }

    /// Binds the default workspace to a new emulator customer whose default card is `card`.
    pub fn with_card(&self, card: &str) -> String {
        let customer = self.stripe.create_customer_with_card(card);
        self.home.run(&["workspace", "set", "--stripe-customer", &customer]).expect(0);
        customer
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.home.run(args)
    }

    pub fn json(&self, args: &[&str]) -> Value {
        self.home.json(args)
    }

    /// The top-up pool, as `balance --json` shows it.
    pub fn topup(&self) -> String {
        self.json(&["balance"])["topup"]["remaining"].as_str().expect("topup").to_owned()
    }

    /// `purchase` journal entries.
    pub fn purchase_entries(&self) -> Vec<Value> {
        self.json(&["history", "--kind", "purchase"])["entries"].as_array().expect("entries").clone()
    }

    pub fn purchases(&self) -> Vec<Value> {
        self.json(&["purchases", "list"])["purchases"].as_array().expect("purchases").clone()
    }

    /// `verify` finds no difference.
    pub fn verify(&self) {
        let v = self.json(&["verify"]);
        assert_eq!(v["problems"], serde_json::json!([]), "{v}");
    }

    /// The emulator's PaymentIntents of `purchase`.
    pub fn payment_intents_of(&self, purchase: &str) -> Vec<Value> {
        self.stripe.list_payment_intents()["data"]
            .as_array()
            .expect("data")
            .iter()
            .filter(|pi| pi["metadata"]["purchase_id"] == purchase)
            .cloned()
            .collect()
    }

    /// POSTs a webhook to the daemon with `signature` as `Stripe-Signature` (none if `None`).
    pub fn post_webhook(&self, body: &[u8], signature: Option<&str>) -> HttpResponse {
        let headers: Vec<(&str, &str)> = signature.map(|s| ("Stripe-Signature", s)).into_iter().collect();
        http_request(&self.http, "POST", "/v1/stripe/webhook", &headers, Some(("application/json", body)))
            .expect("POST the webhook")
    }

    /// Waits until the top-up pool shows `credits`.
    pub fn wait_topup(&self, credits: &str) {
        let mut last = String::new();
        let ok = wait_until(Duration::from_secs(30), || {
            last = self.topup();
            last == credits
        });
        assert!(ok, "top-up stayed {last}, expected {credits}");
    }

    /// Waits until the newest purchase is a pending checkout; returns (purchase, session).
    pub fn wait_checkout(&self) -> (String, String) {
        let mut found = None;
        let ok = wait_until(Duration::from_secs(30), || {
            found =
                self.purchases().first().filter(|p| p["state"] == "pending").and_then(|p| {
                    Some((p["id"].as_str()?.to_owned(), p["stripe_checkout_session"].as_str()?.to_owned()))
                });
            found.is_some()
        });
        assert!(ok, "no checkout session appeared: {:?}", self.purchases());
        found.expect("found")
    }
}
