//! Card on file: success, decline, authentication required, Stripe missing or unreachable,
//! Stripe 500s, and a daemon killed between Stripe's success and the credit.

use std::time::Duration;

use crate::common::stripe::Fault;
use crate::common::{Home, wait_until};
use crate::support::{Shop, free_port};

#[test]
fn card_on_file_credits_exactly_dollars_times_rate_once() {
    let shop = Shop::new();
    shop.with_card("pm_card_visa");
    let out = shop.run(&["buy", "20", "--card-on-file", "--yes", "--json"]).expect(0).json();
    let p = &out["purchase"];
    assert_eq!(p["state"], "succeeded", "{out}");
    assert_eq!(p["kind"], "card");
    assert_eq!(p["amount_cents"], 2000);
    assert_eq!(p["credits"], "2000");
    assert_eq!(out["balance"]["topup"]["remaining"], "2000");
    let id = p["id"].as_str().expect("id").to_owned();

    // Stripe's own payment_intent.succeeded webhook arrives about a second later: no second credit.
    shop.capture.wait_for("payment_intent.succeeded", &id);
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(shop.topup(), "2000");
    let entries = shop.purchase_entries();
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0]["ref"], id.as_str());
    assert_eq!(entries[0]["amount"], "2000");
    assert_eq!(entries[0]["actor"], "cli:tester", "bought from the CLI: its user's credit");

    // One PaymentIntent: confirmed off-session with the default card, keyed by the purchase id.
    let pis = shop.payment_intents_of(&id);
    assert_eq!(pis.len(), 1, "{pis:?}");
    assert_eq!(pis[0]["status"], "succeeded");
    assert_eq!(pis[0]["amount"], 2000);
    let creates: Vec<_> = shop
        .stripe
        .requests_log_entries()
        .into_iter()
        .filter(|r| r.method == "POST" && r.path == "/v1/payment_intents")
        .collect();
    assert_eq!(creates.len(), 1, "{creates:?}");
    assert_eq!(creates[0].idempotency_key.as_deref(), Some(format!("{id}-payment-intent").as_str()));

    let shown = shop.json(&["purchases", "show", &id]);
    assert_eq!(shown["stripe_payment_intent"], pis[0]["id"]);
    assert!(shown["journal_entry_id"].is_i64());
    shop.verify();
}

#[test]
fn declined_card_exits_4_and_credits_nothing() {
    let shop = Shop::new();
    shop.with_card("pm_card_chargeCustomerFail");
    let run = shop.run(&["buy", "20", "--card-on-file", "--yes", "--json"]).expect(4);
    let err = &run.json()["error"];
    assert_eq!(err["type"], "payment_failed");
    assert!(err["message"].as_str().expect("message").contains("declined"), "{err}");
    let human = shop.run(&["buy", "20", "--card-on-file", "--yes"]).expect(4);
    assert!(human.stderr.contains("declined") && human.stderr.contains("hint:"), "{}", human.stderr);
    std::thread::sleep(Duration::from_millis(1500)); // the payment_failed webhooks
    assert_eq!(shop.topup(), "0");
    assert!(shop.purchase_entries().is_empty());
    let purchases = shop.purchases();
    assert_eq!(purchases.len(), 2);
    assert!(purchases.iter().all(|p| p["state"] == "failed"), "{purchases:?}");
    shop.verify();
}

#[test]
fn card_needing_authentication_exits_4_and_says_to_buy_interactively() {
    let shop = Shop::new();
    // The 3-D Secure test card: localstripe answers requires_action, real Stripe 402
    // authentication_required; both end the same way.
    shop.with_card("4000002760003184");
    let run = shop.run(&["buy", "20", "--card-on-file", "--yes"]).expect(4);
    assert!(run.stderr.contains("authentication"), "{}", run.stderr);
    assert!(run.stderr.contains("interactively"), "{}", run.stderr);
    assert_eq!(shop.topup(), "0");
    let purchases = shop.purchases();
    assert_eq!(purchases[0]["state"], "failed");
    assert_eq!(purchases[0]["failure"]["code"], "authentication_required");
}

#[test]
fn stripe_not_configured_or_unreachable_exits_7() {
    let home = Home::new();
    let run = home.run(&["buy", "20", "--card-on-file", "--yes", "--json"]).expect(7);
    let err = &run.json()["error"];
    assert_eq!(err["type"], "stripe_unavailable");
    assert!(err["hint"].as_str().expect("hint").contains("STRIPE_SECRET_KEY"), "{err}");
    let run = home.run(&["buy", "20", "--yes"]).expect(7);
    assert!(run.stderr.contains("STRIPE_SECRET_KEY"), "{}", run.stderr);
    home.run(&["daemon", "stop"]).expect(0);

    // A key, but nothing listens at the API base.
    let mut home = Home::new();
    home.env("STRIPE_SECRET_KEY", "sk_test_unreachable")
        .env("STUDIO_CREDITS_STRIPE_API_BASE", &format!("http://127.0.0.1:{}", free_port()));
    let run = home.run(&["buy", "20", "--card-on-file", "--yes", "--json"]).expect(7);
    assert_eq!(run.json()["error"]["type"], "stripe_unavailable");
    assert!(!run.stdout.contains("sk_test_unreachable") && !run.stderr.contains("sk_test_unreachable"));
}

#[test]
fn bad_amounts_and_missing_confirmation_exit_2_before_stripe_is_asked() {
    let shop = Shop::new();
    shop.with_card("pm_card_visa");
    for bad in ["3", "20.001", "-5", "0", "abc", "1000.01"] {
        let run = shop.run(&["buy", bad, "--card-on-file", "--yes"]);
        assert_eq!(run.code, 2, "buy {bad}: {run:?}");
    }
    // stdin is not a terminal here: no --yes, no purchase.
    let run = shop.run(&["buy", "20", "--card-on-file"]).expect(2);
    assert!(run.stderr.contains("--yes"), "{}", run.stderr);
    assert!(run.stderr.contains("non-refundable") && run.stderr.contains("never expire"), "{}", run.stderr);
    assert!(shop.purchases().is_empty());
    assert!(shop.stripe.requests_log().iter().all(|(m, p)| !(m == "POST" && p == "/v1/payment_intents")));
}

#[test]
fn stripe_500_after_creating_the_payment_intent_charges_once() {
    let shop = Shop::new();
    shop.with_card("pm_card_visa");
    // The emulator creates the PaymentIntent, then answers 500: the outcome is unknown to us.
    shop.stripe.inject_fault(&Fault::after("/v1/payment_intents").method("POST"));
    let out = shop.run(&["buy", "20", "--card-on-file", "--yes", "--json"]).expect(0).json();
    let id = out["purchase"]["id"].as_str().expect("id").to_owned();
    assert_eq!(out["purchase"]["state"], "succeeded");
    let pis = shop.payment_intents_of(&id);
    assert_eq!(pis.len(), 1, "a retry created a second PaymentIntent: {pis:?}");
    let creates: Vec<_> = shop
        .stripe
        .requests_log_entries()
        .into_iter()
        .filter(|r| r.method == "POST" && r.path == "/v1/payment_intents")
        .collect();
    assert_eq!(creates.len(), 1, "looked up before retrying, so one create: {creates:?}");
    assert_eq!(creates[0].fault.as_deref(), Some("after"));
    shop.capture.wait_for("payment_intent.succeeded", &id);
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(shop.topup(), "2000");
    assert_eq!(shop.purchase_entries().len(), 1);
}

#[test]
fn daemon_killed_between_stripe_success_and_credit_credits_once_after_restart() {
    let mut shop = Shop::with_webhooks(false);
    shop.with_card("pm_card_visa");
    shop.home.run(&["daemon", "stop"]).expect(0);
    shop.home.env("STUDIO_CREDITS_TEST_CRASH_BEFORE_CREDIT", "1");
    let crashed = shop.run(&["buy", "20", "--card-on-file", "--yes"]);
    assert_ne!(crashed.code, 0, "{crashed:?}");
    // Stripe took the money; the ledger has not heard of it.
    let pis = shop.stripe.list_payment_intents();
    let pi = pis["data"].as_array().expect("data").first().expect("a PaymentIntent").clone();
    assert_eq!(pi["status"], "succeeded");
    let id = pi["metadata"]["purchase_id"].as_str().expect("purchase id").to_owned();
    let pid = shop.home.daemon_pid();
    assert!(wait_until(Duration::from_secs(10), || pid.is_none_or(|p| !crate::common::is_our_process(p))));

    shop.home.env("STUDIO_CREDITS_TEST_CRASH_BEFORE_CREDIT", "");
    // The next command starts a daemon, which resumes the purchase left in flight.
    shop.wait_topup("2000");
    let shown = shop.json(&["purchases", "show", &id]);
    assert_eq!(shown["state"], "succeeded");
    assert_eq!(shown["stripe_payment_intent"], pi["id"]);
    // Restarting again (resume runs again) changes nothing.
    shop.home.run(&["daemon", "stop"]).expect(0);
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(shop.topup(), "2000");
    assert_eq!(shop.purchase_entries().len(), 1);
    assert_eq!(shop.payment_intents_of(&id).len(), 1);
    shop.verify();
}

#[test]
fn a_rerun_buy_under_one_idempotency_key_charges_once() {
    let shop = Shop::new();
    shop.with_card("pm_card_visa");
    let buy =
        |dollars: &str| shop.run(&["buy", dollars, "--card-on-file", "--yes", "--idempotency-key", "job-77", "--json"]);
    let first = buy("20").expect(0).json();
    let again = buy("20").expect(0).json();
    assert_eq!(first["purchase"]["id"], again["purchase"]["id"], "a rerun answers the first purchase: {again}");
    // The same key for another amount is a mistake, not a new purchase.
    let other = buy("30").expect(2).json();
    assert_eq!(other["error"]["type"], "idempotency_error", "{other}");
    assert_eq!(shop.purchases().len(), 1);
    let id = first["purchase"]["id"].as_str().expect("id");
    assert_eq!(shop.payment_intents_of(id).len(), 1, "one charge at Stripe");
    assert_eq!(shop.topup(), "2000");
    // Without a key, each run is its own purchase.
    shop.run(&["buy", "20", "--card-on-file", "--yes"]).expect(0);
    assert_eq!(shop.purchases().len(), 2);
    shop.verify();
}
