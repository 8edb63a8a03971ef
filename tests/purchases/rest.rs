//! Purchases through the REST routes with a workspace API key: `POST /v1/purchases` with one
//! `Idempotency-Key` buys once however often it is sent (one PaymentIntent, one credit) and is
//! refused for another amount; the purchase names `key:<name>`; show, list, wait (never longer
//! than the request limit allows), cancel, and `ensure` replayed under its key.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::common::http::Api;
use crate::support::Shop;

fn key_api(shop: &Shop, name: &str, scopes: &str) -> Api {
    let k = shop.json(&["keys", "create", name, "--scope", scopes]);
    Api::new(&shop.http, Some(k["token"].as_str().expect("token")))
}

#[test]
fn a_buy_with_one_idempotency_key_charges_once_and_names_the_key() {
    let shop = Shop::new();
    shop.with_card("pm_card_visa");
    let ci = key_api(&shop, "ci", "buy,read");
    let body = json!({"amount_cents": 2000, "card_on_file": true});
    let first = ci.post_key("/v1/purchases", "buy-7", &body).expect(200).json();
    let p = &first["purchase"];
    assert_eq!((p["state"].as_str(), p["kind"].as_str()), (Some("succeeded"), Some("card")), "{first}");
    assert_eq!(first["balance"]["topup"]["remaining"], "2000");
    let id = p["id"].as_str().expect("id").to_owned();

    let again = ci.post_key("/v1/purchases", "buy-7", &body).expect(200).json();
    assert_eq!(again["purchase"]["id"], id.as_str(), "a retry answers the first purchase: {again}");
    let other = ci.post_key("/v1/purchases", "buy-7", &json!({"amount_cents": 3000, "card_on_file": true}));
    assert_eq!(other.expect(422).error_type(), "idempotency_error");
    let by_checkout = ci.post_key("/v1/purchases", "buy-7", &json!({"amount_cents": 2000}));
    assert_eq!(by_checkout.expect(422).error_type(), "idempotency_error");

    assert_eq!(shop.purchases().len(), 1);
    assert_eq!(shop.payment_intents_of(&id).len(), 1, "one charge at Stripe");
    assert_eq!(shop.topup(), "2000");
    let entries = shop.purchase_entries();
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0]["actor"], "key:ci", "bought through a key: {entries:?}");

    // Reading it back: show, list and wait (already over) answer the same purchase.
    let shown = ci.get(&format!("/v1/purchases/{id}")).expect(200).json();
    assert_eq!(shown, shop.json(&["purchases", "show", &id]));
    let listed = ci.get("/v1/purchases?limit=5").expect(200).json();
    assert_eq!(listed["purchases"][0]["id"], id.as_str(), "{listed}");
    let waited = ci.get(&format!("/v1/purchases/{id}/wait?timeout_ms=1000")).expect(200).json();
    assert_eq!(waited["purchase"]["state"], "succeeded");
    // Canceling what is over answers it unchanged; a key without `buy` may not try.
    let cancel = ci.post(&format!("/v1/purchases/{id}/cancel"), &json!({})).expect(200).json();
    assert_eq!(cancel["state"], "succeeded");
    let reader = key_api(&shop, "dash", "read");
    assert_eq!(reader.post(&format!("/v1/purchases/{id}/cancel"), &json!({})).expect(403).error_type(), "forbidden");
    assert_eq!(reader.post_key("/v1/purchases", "buy-8", &body).expect(403).error_type(), "forbidden");
    assert_eq!(shop.purchases().len(), 1);
    shop.verify();
}

#[test]
fn ensure_under_a_used_key_answers_its_purchase() {
    let shop = Shop::new();
    shop.with_card("pm_card_visa");
    let ci = key_api(&shop, "ci", "buy,read");
    let body = json!({"min": "1000", "amount_cents": 2000, "card_on_file": true});
    let first = ci.post_key("/v1/ensure", "ensure-1", &body).expect(200).json();
    assert_eq!((first["status"].as_str(), first["bought"].as_bool()), (Some("created"), Some(true)), "{first}");
    let id = first["purchase"]["id"].as_str().expect("id").to_owned();
    // Now above the minimum: without the key nothing is bought; with it, the same purchase.
    let plain = ci.post("/v1/ensure", &body).expect(200).json();
    assert_eq!(plain["status"], "sufficient", "{plain}");
    let again = ci.post_key("/v1/ensure", "ensure-1", &body).expect(200).json();
    assert_eq!((again["status"].as_str(), again["purchase"]["id"].as_str()), (Some("created"), Some(id.as_str())));
    assert_eq!(again["bought"], true);
    assert_eq!(shop.purchases().len(), 1);
    assert_eq!(shop.purchase_entries()[0]["actor"], "key:ci");
    assert_eq!(shop.topup(), "2000");
}

#[test]
fn a_checkout_is_waited_for_within_the_request_limit_and_canceled() {
    let shop = Shop::new();
    shop.with_card("pm_card_visa");
    let ci = key_api(&shop, "ci", "buy,read");
    let started = ci.post_key("/v1/purchases", "co-1", &json!({"amount_cents": 2000})).expect(200).json();
    let p: &Value = &started["purchase"];
    assert_eq!(p["state"], "pending", "{started}");
    assert!(p["checkout_url"].as_str().is_some_and(|u| !u.is_empty()), "{started}");
    let id = p["id"].as_str().expect("id").to_owned();

    // Asked to wait a minute, one request answers within the 30 s request limit, still pending.
    let t = Instant::now();
    let waited = ci.get(&format!("/v1/purchases/{id}/wait?timeout_ms=60000")).expect(200).json();
    let took = t.elapsed();
    assert!(took < Duration::from_secs(29) && took >= Duration::from_secs(20), "waited {took:?}");
    assert_eq!(waited["purchase"]["state"], "pending", "{waited}");

    let canceled = ci.post(&format!("/v1/purchases/{id}/cancel"), &json!({})).expect(200).json();
    assert_eq!(canceled["state"], "canceled", "{canceled}");
    assert_eq!(shop.json(&["purchases", "show", &id])["state"], "canceled");
}
