//! Signed webhooks: verified before anything is parsed, rejected with 400 and no effect when
//! unsigned, forged, stale or tampered; each event acted on once however often it arrives, and
//! racing the daemon's own polling; confirmed with Stripe before anything is credited; another
//! amount acknowledged, recorded as a mismatch and never credited.

use std::collections::HashMap;
use std::thread;

use credits_stripe::webhook;
use serde_json::{Value, json};

use crate::common::stripe::http_request;
use crate::support::{Shop, WEBHOOK_SECRET, unix_now};

/// A `checkout.session.completed` (paid) event for `purchase` / `session`, as Stripe shapes it.
fn completed_event(event_id: &str, purchase: &str, session: &str, amount: i64) -> Vec<u8> {
    json!({
        "id": event_id,
        "object": "event",
        "type": "checkout.session.completed",
        "created": unix_now(),
        "livemode": false,
        "data": { "object": {
            "id": session,
            "object": "checkout.session",
            "mode": "payment",
            "status": "complete",
            "payment_status": "paid",
            "amount_total": amount,
            "currency": "usd",
            "payment_intent": "pi_from_the_event",
            "metadata": { "purchase_id": purchase },
        }},
    })
    .to_string()
    .into_bytes()
}

#[test]
fn unsigned_forged_stale_or_tampered_webhooks_get_400_and_change_nothing() {
    let shop = Shop::with_webhooks(false);
    shop.with_card("pm_card_visa");
    shop.run(&["buy", "20", "--yes", "--no-wait"]).expect(0);
    let (id, session) = shop.wait_checkout();
    let body = completed_event("evt_forgery_test", &id, &session, 2000);
    let now = unix_now();
    let good = webhook::sign(&body, WEBHOOK_SECRET, now);
    let forged_v1 = format!("t={now},v1={}", "ab".repeat(32));
    let wrong_secret = webhook::sign(&body, "whsec_not_ours", now);
    let stale = webhook::sign(&body, WEBHOOK_SECRET, now - 600);
    let future = webhook::sign(&body, WEBHOOK_SECRET, now + 600);
    let mut tampered = String::from_utf8(body.clone()).expect("utf-8");
    tampered = tampered.replace("\"amount_total\":2000", "\"amount_total\":200000");
    assert_ne!(tampered.as_bytes(), body.as_slice());

    let no_v1 = format!("t={now}");
    let not_json_signed = webhook::sign(b"{not json", WEBHOOK_SECRET, now);
    let cases: Vec<(&str, &[u8], Option<&str>)> = vec![
        ("missing header", &body, None),
        ("empty header", &body, Some("")),
        ("malformed header", &body, Some("garbage")),
        ("no v1", &body, Some(&no_v1)),
        ("forged signature", &body, Some(&forged_v1)),
        ("wrong secret", &body, Some(&wrong_secret)),
        ("stale timestamp", &body, Some(&stale)),
        ("future timestamp", &body, Some(&future)),
        ("tampered body", tampered.as_bytes(), Some(&good)),
        ("not JSON, well signed", b"{not json", Some(&not_json_signed)),
    ];
    for (what, payload, signature) in cases {
        let r = shop.post_webhook(payload, signature);
        assert_eq!(r.status, 400, "{what}: {} {}", r.status, r.body);
        assert!(r.body.contains("\"error\""), "{what}: {}", r.body);
    }
    assert_eq!(shop.json(&["purchases", "show", &id])["state"], "pending");
    assert_eq!(shop.topup(), "0");

    // The same event, properly signed, is accepted, but a signed event is a signal, not proof:
    // Stripe, asked by the daemon, says the session is not paid, so nothing is credited.
    let ok = shop.post_webhook(&body, Some(&good));
    assert_eq!((ok.status, ok.json()["outcome"].clone()), (200, json!("unconfirmed")), "{}", ok.body);
    assert_eq!(shop.topup(), "0");
    // Once the buyer has paid, the same event credits (or finds the daemon's poll did already):
    // so the rejections were about the signature.
    assert_eq!(shop.stripe.pay_checkout_session(&session, "pm_card_visa"), 200);
    let ok = shop.post_webhook(&body, Some(&webhook::sign(&body, WEBHOOK_SECRET, unix_now())));
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert!(ok.json()["outcome"] == "applied" || ok.json()["outcome"] == "unchanged", "{}", ok.body);
    assert_eq!(shop.topup(), "2000");
    // Replayed as is, or re-signed now: acknowledged, nothing more.
    assert_eq!(shop.post_webhook(&body, Some(&good)).json()["outcome"], "duplicate");
    let resigned = webhook::sign(&body, WEBHOOK_SECRET, unix_now());
    assert_eq!(shop.post_webhook(&body, Some(&resigned)).json()["outcome"], "duplicate");
    // Unknown event types and purchases we do not know are acknowledged and ignored.
    let other = json!({"id": "evt_other", "object": "event", "type": "customer.created", "created": now,
        "data": {"object": {"id": "cus_x", "object": "customer"}}})
    .to_string();
    let r = shop.post_webhook(other.as_bytes(), Some(&webhook::sign(other.as_bytes(), WEBHOOK_SECRET, now)));
    assert_eq!((r.status, r.json()["outcome"].clone()), (200, json!("ignored")));
    let stranger = completed_event("evt_stranger", "pur_not_ours", "cs_test_x", 2000);
    let r = shop.post_webhook(&stranger, Some(&webhook::sign(&stranger, WEBHOOK_SECRET, now)));
    assert_eq!((r.status, r.json()["outcome"].clone()), (200, json!("ignored")));
    assert_eq!(shop.topup(), "2000");
    assert_eq!(shop.purchase_entries().len(), 1);
    shop.verify();
}

#[test]
fn each_webhook_delivered_ten_times_while_the_daemon_polls_credits_once() {
    // The emulator's deliveries go to the capture only; the test delivers them to the daemon,
    // ten times each and concurrently, while the daemon polls the session once a second.
    let shop = Shop::with_webhooks(false);
    shop.with_card("pm_card_visa");
    shop.run(&["buy", "20", "--yes", "--no-wait"]).expect(0);
    let (id, session) = shop.wait_checkout();
    assert_eq!(shop.stripe.pay_checkout_session(&session, "pm_card_visa"), 200);
    let deliveries = [
        shop.capture.wait_for("checkout.session.completed", &id),
        shop.capture.wait_for("payment_intent.succeeded", &id),
    ];

    let results: Vec<(String, u16, Value)> = thread::scope(|s| {
        let mut handles = Vec::new();
        for d in &deliveries {
            let event_id = d.event()["id"].as_str().expect("event id").to_owned();
            for i in 0..10 {
                let (shop, d, event_id) = (&shop, d, event_id.clone());
                handles.push(s.spawn(move || {
                    // Half exact duplicates of Stripe's delivery, half re-signed now.
                    let signature = if i % 2 == 0 {
                        d.signature.clone().expect("signed")
                    } else {
                        webhook::sign(&d.body, WEBHOOK_SECRET, unix_now())
                    };
                    let r = shop.post_webhook(&d.body, Some(&signature));
                    let outcome = serde_json::from_str::<Value>(&r.body).map(|v| v["outcome"].clone());
                    (event_id, r.status, outcome.unwrap_or(Value::Null))
                }));
            }
        }
        handles.into_iter().map(|h| h.join().expect("thread")).collect()
    });
    assert!(results.iter().all(|(_, status, _)| *status == 200), "{results:?}");
    let mut handled: HashMap<&str, usize> = HashMap::new();
    for (event, _, outcome) in &results {
        if *outcome != json!("duplicate") {
            *handled.entry(event.as_str()).or_default() += 1;
        }
    }
    assert_eq!(handled.values().copied().collect::<Vec<_>>(), [1, 1], "each event handled once: {results:?}");
    let applied = results.iter().filter(|(_, _, o)| *o == json!("applied")).count();
    assert!(applied <= 1, "credited by at most one delivery (or by the poll): {results:?}");

    shop.wait_topup("2000");
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert_eq!(shop.topup(), "2000");
    assert_eq!(shop.purchase_entries().len(), 1);
    assert_eq!(shop.json(&["purchases", "show", &id])["state"], "succeeded");
    shop.verify();
}

/// A `payment_intent.succeeded` event for PaymentIntent `pi` of `purchase`, as Stripe shapes it.
fn pi_succeeded_event(event_id: &str, purchase: &str, pi: &str, amount: i64) -> Vec<u8> {
    json!({
        "id": event_id,
        "object": "event",
        "type": "payment_intent.succeeded",
        "created": unix_now(),
        "livemode": false,
        "data": { "object": {
            "id": pi,
            "object": "payment_intent",
            "amount": amount,
            "currency": "usd",
            "status": "succeeded",
            "metadata": { "purchase_id": purchase },
        }},
    })
    .to_string()
    .into_bytes()
}

fn deliver(shop: &Shop, body: &[u8]) -> (u16, Value) {
    let r = shop.post_webhook(body, Some(&webhook::sign(body, WEBHOOK_SECRET, unix_now())));
    let outcome = serde_json::from_str::<Value>(&r.body).map(|v| v["outcome"].clone()).unwrap_or(Value::Null);
    (r.status, outcome)
}

fn mismatch_count(shop: &Shop) -> String {
    let r = http_request(&shop.http, "GET", "/metrics", &[], None).expect("GET /metrics");
    assert_eq!(r.status, 200, "{}", r.body);
    let line = r.body.lines().find(|l| l.starts_with("studio_credits_purchase_amount_mismatches_total "));
    line.unwrap_or_else(|| panic!("no mismatch counter in {}", r.body)).rsplit(' ').next().unwrap_or("").to_owned()
}

#[test]
fn a_signed_event_with_another_amount_is_acknowledged_recorded_and_never_credited() {
    let shop = Shop::with_webhooks(false);
    let customer = shop.with_card("pm_card_visa");
    assert_eq!(mismatch_count(&shop), "0");

    // The event itself names $2,000 for a $20 purchase: 200 (Stripe must not retry it for days),
    // nothing credited, the purchase says why.
    shop.run(&["buy", "20", "--yes", "--no-wait"]).expect(0);
    let (id, session) = shop.wait_checkout();
    let body = completed_event("evt_other_amount", &id, &session, 200_000);
    assert_eq!(deliver(&shop, &body), (200, json!("mismatch")));
    assert_eq!(shop.topup(), "0");
    let p = shop.json(&["purchases", "show", &id]);
    assert_eq!(p["state"], "mismatch", "{p:#}");
    assert_eq!(p["failure"]["code"], "amount_mismatch", "{p:#}");
    let human = shop.run(&["purchases", "show", &id]).expect(0).stdout;
    assert!(
        human.contains("mismatch") && human.contains("2000.00 USD") && human.contains("nothing was credited"),
        "{human}"
    );
    assert_eq!(mismatch_count(&shop), "1");
    let log = std::fs::read_to_string(shop.home.path().join("daemon.log")).unwrap_or_default();
    assert!(log.lines().any(|l| l.contains("ERROR") && l.contains(&id) && l.contains("not credited")), "{log}");
    // Redelivered: acknowledged, counted once.
    assert_eq!(deliver(&shop, &body), (200, json!("duplicate")));
    assert_eq!(mismatch_count(&shop), "1");

    // Stripe really charged another amount for a purchase, and the event claims the right one:
    // what Stripe says decides.
    shop.run(&["buy", "30", "--yes", "--no-wait"]).expect(0);
    let (id2, _) = shop.wait_checkout();
    assert_ne!(id, id2);
    let pm = shop.stripe.get(&format!("/v1/customers/{customer}"))["invoice_settings"]["default_payment_method"]
        .as_str()
        .expect("default payment method")
        .to_owned();
    let pi = shop.stripe.post_form(
        "/v1/payment_intents",
        &[
            ("amount", "1000"),
            ("currency", "usd"),
            ("customer", &customer),
            ("payment_method", &pm),
            ("confirm", "true"),
            ("off_session", "true"),
            ("metadata[purchase_id]", &id2),
        ],
    );
    assert_eq!(pi["status"], "succeeded", "{pi:#}");
    let pi_id = pi["id"].as_str().expect("pi id");
    let claim = pi_succeeded_event("evt_claims_3000", &id2, pi_id, 3000);
    assert_eq!(deliver(&shop, &claim), (200, json!("mismatch")));
    let p2 = shop.json(&["purchases", "show", &id2]);
    assert_eq!(p2["state"], "mismatch", "{p2:#}");
    assert!(p2["failure"]["message"].as_str().unwrap_or("").contains("10.00 USD"), "{p2:#}");
    assert_eq!(mismatch_count(&shop), "2");
    assert_eq!(shop.topup(), "0");
    assert!(shop.purchase_entries().is_empty());
    shop.verify();
}

#[test]
fn a_signed_event_stripe_does_not_confirm_credits_nothing() {
    let shop = Shop::with_webhooks(false);
    shop.with_card("pm_card_visa");
    shop.run(&["buy", "20", "--yes", "--no-wait"]).expect(0);
    let (id, session) = shop.wait_checkout();
    // Well signed, right purchase and amount, but no such PaymentIntent or session at Stripe: 200
    // (a retry cannot make them exist) with outcome `unconfirmed`, and nothing changes.
    let cases = [
        pi_succeeded_event("evt_no_such_pi", &id, "pi_doesnotexist", 2000),
        completed_event("evt_no_such_session", &id, "cs_test_doesnotexist", 2000),
        // A real session of this purchase that nobody paid.
        completed_event("evt_unpaid_session", &id, &session, 2000),
    ];
    for body in &cases {
        assert_eq!(deliver(&shop, body), (200, json!("unconfirmed")), "{}", String::from_utf8_lossy(body));
    }
    assert_eq!(shop.topup(), "0");
    assert_eq!(shop.json(&["purchases", "show", &id])["state"], "pending");
    // Another purchase's real payment does not pay for this one either.
    shop.run(&["buy", "25", "--yes", "--no-wait"]).expect(0);
    let (other, other_session) = shop.wait_checkout();
    assert_eq!(shop.stripe.pay_checkout_session(&other_session, "pm_card_visa"), 200);
    shop.wait_topup("2500");
    let borrowed = completed_event("evt_borrowed_session", &id, &other_session, 2000);
    assert_eq!(deliver(&shop, &borrowed), (200, json!("unconfirmed")));
    assert_eq!(shop.json(&["purchases", "show", &id])["state"], "pending");
    assert_eq!(shop.json(&["purchases", "show", &other])["state"], "succeeded");
    assert_eq!(shop.topup(), "2500");
    shop.verify();
}
