//! Signed webhooks: verified before anything is parsed, rejected with 400 and no effect when
//! unsigned, forged, stale or tampered; each event acted on once however often it arrives, and
//! racing the daemon's own polling.

use std::collections::HashMap;
use std::thread;

use credits_stripe::webhook;
use serde_json::{Value, json};

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

    // The same event, properly signed, is accepted: so the rejections were about the signature.
    let ok = shop.post_webhook(&body, Some(&good));
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert_eq!(ok.json()["outcome"], "applied");
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
