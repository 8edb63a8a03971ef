//! `reconcile`: the ledger against what the Stripe emulator shows paid for the workspace's
//! customer. Webhooks never reach these daemons (`Shop::with_webhooks(false)`): each payment
//! here is one whose webhook was lost.

use std::path::Path;

use serde_json::{Value, json};

use crate::common::Home;
use crate::common::http::Api;
use crate::support::Shop;

const DB_FILES: [&str; 3] = ["credits.db", "credits.db-wal", "credits.db-shm"];

/// Copies the stopped daemon's database files into `to`.
fn backup(home: &Home, to: &Path) {
    for f in DB_FILES {
        let from = home.path().join(f);
        if from.exists() {
            std::fs::copy(&from, to.join(f)).expect("back up");
        }
    }
}

/// Puts the backup in `from` back in place of the (stopped) daemon's database.
fn restore(home: &Home, from: &Path) {
    for f in DB_FILES {
        let _ = std::fs::remove_file(home.path().join(f));
        if from.join(f).exists() {
            std::fs::copy(from.join(f), home.path().join(f)).expect("restore");
        }
    }
}

/// Starts a hosted checkout of `dollars` without waiting for it: (purchase, session).
fn start_checkout(shop: &Shop, dollars: &str) -> (String, String) {
    let out = shop.run(&["buy", dollars, "--yes", "--no-browser", "--no-wait", "--json"]).expect(0).json();
    let p = &out["purchase"];
    let id = p["id"].as_str().expect("id").to_owned();
    if let Some(session) = p["stripe_checkout_session"].as_str() {
        return (id, session.to_owned());
    }
    shop.wait_checkout()
}

/// A PaymentIntent made straight at Stripe for `customer`, carrying purchase `id`'s metadata,
/// paid with the customer's card.
fn pay_outside(shop: &Shop, customer: &str, id: &str, cents: &str) -> String {
    let cus = shop.stripe.get(&format!("/v1/customers/{customer}"));
    let pm = cus["invoice_settings"]["default_payment_method"].as_str().expect("a default card").to_owned();
    let pi = shop.stripe.post_form(
        "/v1/payment_intents",
        &[
            ("amount", cents),
            ("currency", "usd"),
            ("customer", customer),
            ("payment_method", &pm),
            ("confirm", "true"),
            ("off_session", "true"),
            ("metadata[purchase_id]", id),
            ("metadata[studio_credits_workspace]", "default"),
        ],
    );
    assert_eq!(pi["status"], "succeeded", "{pi}");
    pi["id"].as_str().expect("pi id").to_owned()
}

fn problems(report: &Value) -> Vec<Value> {
    report["problems"].as_array().expect("problems").clone()
}

#[test]
fn a_payment_made_while_the_daemon_was_down_and_missing_from_the_restored_ledger_is_credited_once() {
    let shop = Shop::with_webhooks(false);
    shop.with_card("pm_card_visa");
    // The backup the ledger is later restored from: the customer bound, no purchase yet.
    shop.run(&["daemon", "stop"]).expect(0);
    let saved = tempfile::tempdir().expect("backup dir");
    backup(&shop.home, saved.path());

    let (id, session) = start_checkout(&shop, "20");
    shop.run(&["daemon", "stop"]).expect(0);
    restore(&shop.home, saved.path());
    // The buyer pays while the daemon is down; the webhooks go nowhere.
    assert_eq!(shop.stripe.pay_checkout_session(&session, "pm_card_visa"), 200);

    // The restarted daemon has no such purchase: nothing to poll, nothing credited.
    assert_eq!(shop.topup(), "0");
    assert!(shop.purchases().is_empty(), "{:?}", shop.purchases());

    let report = shop.run(&["reconcile", "--json"]).expect(22).json();
    let found = problems(&report);
    assert_eq!(found.len(), 1, "{report:#}");
    assert_eq!(found[0]["problem"], "not_credited");
    assert_eq!(found[0]["purchase_id"], id.as_str());
    assert_eq!(found[0]["ledger_state"], Value::Null);
    assert_eq!(found[0]["stripe_object"], session.as_str());
    assert_eq!(found[0]["stripe_amount"], 2000);
    assert_eq!(found[0]["stripe_currency"], "usd");
    assert_eq!(report["unresolved"], 1);
    assert_eq!(report["fix"], false);
    assert_eq!(shop.topup(), "0", "without --fix nothing changes");

    let human = shop.run(&["reconcile"]).expect(22);
    assert!(human.stdout.contains(&id) && human.stdout.contains("reconcile --fix"), "{}", human.stdout);

    let fixed = shop.run(&["reconcile", "--fix", "--json"]).expect(0).json();
    let done = problems(&fixed);
    assert_eq!(done.len(), 1, "{fixed:#}");
    assert_eq!(done[0]["action"], "credited", "{fixed:#}");
    assert!(done[0]["journal_entry_id"].is_i64(), "{fixed:#}");
    assert_eq!(fixed["unresolved"], 0);
    assert_eq!(shop.topup(), "2000");
    let p = shop.json(&["purchases", "show", &id]);
    assert_eq!(p["state"], "succeeded", "{p:#}");
    assert_eq!(p["kind"], "checkout");
    assert_eq!(p["amount_cents"], 2000);
    assert_eq!(p["stripe_checkout_session"], session.as_str());
    assert_eq!(p["journal_entry_id"], done[0]["journal_entry_id"]);

    // Again: everything agrees, nothing more is credited.
    let again = shop.run(&["reconcile", "--fix", "--json"]).expect(0).json();
    assert_eq!(again["problems"], json!([]), "{again:#}");
    assert_eq!(again["matched"], 1);
    assert_eq!(shop.topup(), "2000");
    let entries = shop.purchase_entries();
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0]["ref"], id.as_str());
    assert_eq!(entries[0]["actor"], "cli:tester", "recorded by the operator who ran --fix");
    let human = shop.run(&["reconcile"]).expect(0);
    assert!(human.stdout.contains("agree"), "{}", human.stdout);
    shop.verify();
}

#[test]
fn all_matching_exits_0_with_json() {
    let shop = Shop::with_webhooks(false);
    shop.with_card("pm_card_visa");
    shop.run(&["buy", "20", "--card-on-file", "--yes"]).expect(0);
    let report = shop.run(&["reconcile", "--json"]).expect(0).json();
    assert_eq!(report["problems"], json!([]), "{report:#}");
    assert_eq!(report["matched"], 1);
    assert_eq!(report["purchases"], 1);
    assert_eq!(report["stripe_objects"], 1, "one PaymentIntent");
    assert_eq!(report["unresolved"], 0);
    assert_eq!(report["truncated"], false);
    assert!(report["stripe_customer"].as_str().is_some_and(|c| c.starts_with("cus_")), "{report:#}");
    // A window after every payment compares nothing, and agrees.
    let later = shop.run(&["reconcile", "--since", "2099-01-01T00:00:00Z", "--json"]).expect(0).json();
    assert_eq!((later["matched"].clone(), later["stripe_objects"].clone()), (json!(0), json!(0)), "{later:#}");
    assert_eq!(later["since"], "2099-01-01T00:00:00Z", "{later:#}");
    shop.run(&["reconcile", "--since", "2099-01-01"]).expect(0);
    shop.run(&["reconcile", "--since", "yesterday-ish"]).expect(2);
}

#[test]
fn ended_purchases_paid_later_are_credited_and_another_amount_is_only_reported() {
    let shop = Shop::with_webhooks(false);
    let customer = shop.with_card("pm_card_visa");
    // Two checkouts canceled here; Stripe later shows each paid (say, an older page of the
    // checkout kept open in a browser): one at its amount, one at another.
    let (right, _) = start_checkout(&shop, "20");
    shop.run(&["purchases", "cancel", &right]).expect(0);
    let (wrong, _) = start_checkout(&shop, "30");
    shop.run(&["purchases", "cancel", &wrong]).expect(0);
    let right_pi = pay_outside(&shop, &customer, &right, "2000");
    let wrong_pi = pay_outside(&shop, &customer, &wrong, "2500");

    let report = shop.run(&["reconcile", "--json"]).expect(22).json();
    let found = problems(&report);
    assert_eq!(found.len(), 2, "{report:#}");
    let of = |id: &str| found.iter().find(|i| i["purchase_id"] == id).cloned().expect("reported");
    let (r, w) = (of(&right), of(&wrong));
    assert_eq!((r["problem"].clone(), r["ledger_state"].clone()), (json!("not_credited"), json!("canceled")), "{r:#}");
    assert_eq!(r["stripe_object"], right_pi.as_str());
    assert_eq!(w["problem"], "amount_mismatch", "{w:#}");
    assert_eq!(w["stripe_object"], wrong_pi.as_str());
    assert_eq!(w["stripe_amount"], 2500);
    assert_eq!(w["ledger_amount_cents"], 3000);
    assert!(w["detail"].as_str().expect("detail").contains("25.00 USD"), "{w:#}");

    // --fix credits the right one and leaves the other to a person: still exit 22.
    let fixed = shop.run(&["reconcile", "--fix", "--json"]).expect(22).json();
    let done = problems(&fixed);
    let action = |id: &str| done.iter().find(|i| i["purchase_id"] == id).expect("listed")["action"].clone();
    assert_eq!(action(&right), "credited", "{fixed:#}");
    assert_eq!(action(&wrong), "needs_operator", "{fixed:#}");
    assert_eq!(fixed["unresolved"], 1);
    assert_eq!(shop.topup(), "2000");
    assert_eq!(shop.json(&["purchases", "show", &right])["state"], "succeeded");
    assert_eq!(shop.json(&["purchases", "show", &wrong])["state"], "canceled", "never credited");

    let human = shop.run(&["reconcile", "--fix"]).expect(22);
    assert!(human.stdout.contains("amount differs") && human.stdout.contains(&wrong), "{}", human.stdout);
    assert_eq!(shop.topup(), "2000");
    assert_eq!(shop.purchase_entries().len(), 1);
    shop.verify();
}

#[test]
fn without_stripe_reconcile_exits_7() {
    let home = Home::new();
    let run = home.run(&["reconcile", "--json"]).expect(7);
    assert_eq!(run.json()["error"]["type"], "stripe_unavailable");
}

#[test]
fn over_rest_reconcile_needs_an_admin_key_and_credits_once() {
    let shop = Shop::with_webhooks(false);
    let customer = shop.with_card("pm_card_visa");
    let (id, _) = start_checkout(&shop, "20");
    shop.run(&["purchases", "cancel", &id]).expect(0);
    pay_outside(&shop, &customer, &id, "2000");
    let key = |name: &str, scopes: &str| {
        let k = shop.json(&["keys", "create", name, "--scope", scopes]);
        Api::new(&shop.http, Some(k["token"].as_str().expect("token")))
    };
    let reader = key("dash", "read,buy");
    assert_eq!(reader.post("/v1/reconcile", &json!({})).expect(403).error_type(), "forbidden");
    let admin = key("ops", "admin");
    let report = admin.post("/v1/reconcile", &json!({})).expect(200).json();
    assert_eq!(report["problems"][0]["purchase_id"], id.as_str(), "{report:#}");
    assert_eq!(report["unresolved"], 1);
    let bad = admin.post("/v1/reconcile", &json!({"since": "soon"})).expect(400);
    assert_eq!(bad.error_type(), "invalid_input");
    let fixed = admin.post("/v1/reconcile", &json!({"fix": true})).expect(200).json();
    assert_eq!(fixed["problems"][0]["action"], "credited", "{fixed:#}");
    let again = admin.post("/v1/reconcile", &json!({"fix": true})).expect(200).json();
    assert_eq!((again["problems"].clone(), again["matched"].clone()), (json!([]), json!(1)), "{again:#}");
    assert_eq!(shop.topup(), "2000");
    let entries = shop.purchase_entries();
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0]["actor"], "cli:tester", "the purchase's buyer, whoever confirmed it: {entries:?}");
}

#[test]
fn a_refunded_credited_purchase_is_reported_and_never_taken_back() {
    let shop = Shop::with_webhooks(false);
    shop.with_card("pm_card_visa");
    let out = shop.run(&["buy", "20", "--card-on-file", "--yes", "--json"]).expect(0).json();
    let id = out["purchase"]["id"].as_str().expect("id").to_owned();
    let pi = out["purchase"]["stripe_payment_intent"].as_str().expect("pi").to_owned();
    shop.run(&["reconcile"]).expect(0);
    let refund = shop.stripe.post_form("/v1/refunds", &[("payment_intent", &pi)]);
    assert_eq!(refund["status"], "succeeded", "{refund}");

    let report = shop.run(&["reconcile", "--json"]).expect(22).json();
    let found = problems(&report);
    assert_eq!(found.len(), 1, "{report:#}");
    assert_eq!(found[0]["problem"], "not_paid", "{report:#}");
    assert_eq!(found[0]["purchase_id"], id.as_str());
    assert_eq!(found[0]["ledger_state"], "succeeded");
    assert_eq!(found[0]["stripe_object"], pi.as_str());
    assert_eq!(found[0]["stripe_status"], "refunded");
    let fixed = shop.run(&["reconcile", "--fix", "--json"]).expect(22).json();
    assert_eq!(fixed["problems"][0]["action"], "needs_operator", "{fixed:#}");
    assert_eq!(shop.topup(), "2000", "reconcile never takes credits back");
    let quiet = shop.run(&["reconcile", "--quiet"]).expect(22);
    assert!(quiet.stdout.is_empty() && quiet.stderr.contains(&id), "{quiet:?}");
}
