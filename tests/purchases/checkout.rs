//! Hosted checkout through the emulator's Checkout Sessions: the session's fields, paying it,
//! crediting once, expiry and cancellation ending the purchase with exit code 4.

use std::process::{Child, Stdio};
use std::time::Duration;

use crate::common::Run;
use crate::common::stripe::http_request;
use crate::support::Shop;

/// Starts `buy …` in the background (it waits for Stripe's confirmation).
fn spawn_buy(shop: &Shop, args: &[&str]) -> Child {
    shop.home.command().arg("buy").args(args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn buy")
}

fn finish(child: Child) -> Run {
    child.wait_with_output().expect("wait for buy").into()
}

#[test]
fn hosted_checkout_end_to_end() {
    let shop = Shop::new();
    // No customer bound: the daemon creates one on first use.
    let child = spawn_buy(&shop, &["20", "--yes", "--no-browser", "--json"]);
    let (id, session_id) = shop.wait_checkout();
    let ws = shop.json(&["workspace", "show"]);
    let customer = ws["stripe_customer"].as_str().expect("a customer was created").to_owned();
    assert!(customer.starts_with("cus_"), "{customer}");

    let session = shop.stripe.get(&format!("/v1/checkout/sessions/{session_id}"));
    assert_eq!(session["mode"], "payment");
    assert_eq!(session["status"], "open");
    assert_eq!(session["amount_total"], 2000);
    assert_eq!(session["currency"], "usd");
    assert_eq!(session["customer"], customer.as_str());
    assert_eq!(session["metadata"]["purchase_id"], id.as_str());
    assert!(session["success_url"].as_str().expect("success_url").contains(&id));
    assert!(session["cancel_url"].as_str().expect("cancel_url").contains(&format!("/v1/purchases/{id}/cancel")));
    let items = shop.stripe.get(&format!("/v1/checkout/sessions/{session_id}/line_items"));
    assert_eq!(items["data"][0]["quantity"], 1);
    assert_eq!(items["data"][0]["price"]["unit_amount"], 2000);
    let listed = shop.json(&["purchases", "show", &id]);
    assert_eq!(listed["state"], "pending");
    assert_eq!(listed["checkout_url"], session["url"]);
    let creates: Vec<_> = shop
        .stripe
        .requests_log_entries()
        .into_iter()
        .filter(|r| r.method == "POST" && r.path == "/v1/checkout/sessions")
        .collect();
    assert_eq!(creates.len(), 1);
    assert_eq!(creates[0].idempotency_key.as_deref(), Some(format!("{id}-checkout-session").as_str()));

    // The buyer pays in the browser.
    assert_eq!(shop.stripe.pay_checkout_session(&session_id, "pm_card_visa"), 200);
    let out = finish(child).expect(0).json();
    assert_eq!(out["purchase"]["state"], "succeeded", "{out}");
    assert_eq!(out["balance"]["topup"]["remaining"], "2000");

    // The PaymentIntent carries our metadata; the card was saved for later scripted top-ups.
    let pi = &shop.payment_intents_of(&id)[0];
    assert_eq!(pi["status"], "succeeded");
    shop.capture.wait_for("checkout.session.completed", &id);
    shop.capture.wait_for("payment_intent.succeeded", &id);
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(shop.topup(), "2000");
    assert_eq!(shop.purchase_entries().len(), 1);

    let again = shop.run(&["buy", "10", "--card-on-file", "--yes", "--json"]).expect(0).json();
    assert_eq!(again["balance"]["topup"]["remaining"], "3000");
    shop.verify();
}

#[test]
fn expired_checkout_exits_4() {
    let shop = Shop::new();
    shop.with_card("pm_card_visa");
    let child = spawn_buy(&shop, &["20", "--yes", "--no-browser"]);
    let (id, session_id) = shop.wait_checkout();
    shop.stripe.expire_checkout_session(&session_id);
    let run = finish(child).expect(4);
    assert!(run.stderr.contains("expired"), "{}", run.stderr);
    assert!(run.stdout.contains(&format!("/checkout/{session_id}")), "the URL was shown: {}", run.stdout);
    assert_eq!(shop.json(&["purchases", "show", &id])["state"], "expired");
    // Too late to pay now.
    assert_eq!(shop.stripe.pay_checkout_session(&session_id, "pm_card_visa"), 400);
    assert_eq!(shop.topup(), "0");
}

#[test]
fn canceled_checkout_exits_4_and_no_wait_prints_the_purchase() {
    let shop = Shop::new();
    shop.with_card("pm_card_visa");
    let no_wait = shop.run(&["buy", "20", "--yes", "--no-wait", "--quiet"]).expect(0);
    let first = no_wait.stdout.trim().to_owned();
    assert!(first.starts_with("pur_"), "{no_wait:?}");
    assert_eq!(shop.json(&["purchases", "cancel", &first])["state"], "canceled");

    let child = spawn_buy(&shop, &["20", "--yes", "--no-browser", "--json"]);
    let (id, session_id) = shop.wait_checkout();
    assert_ne!(id, first);
    // The buyer clicks "back" on the checkout page: the browser lands on our cancel URL.
    let session = shop.stripe.get(&format!("/v1/checkout/sessions/{session_id}"));
    let cancel = session["cancel_url"].as_str().expect("cancel_url");
    let target = cancel.split_once(&shop.http).expect("our address").1;
    let page = http_request(&shop.http, "GET", target, &[], None).expect("cancel page");
    assert_eq!(page.status, 303, "{}", page.body);
    assert_eq!(page.header("location"), Some(format!("/billing/return?purchase={id}").as_str()));
    let run = finish(child).expect(4);
    assert_eq!(run.json()["error"]["type"], "payment_failed");
    assert_eq!(shop.stripe.get(&format!("/v1/checkout/sessions/{session_id}"))["status"], "expired");
    assert_eq!(shop.json(&["purchases", "show", &id])["state"], "canceled");
}

#[test]
fn checkout_create_answered_500_after_it_happened_makes_one_session() {
    let shop = Shop::new();
    shop.with_card("pm_card_visa");
    shop.stripe.inject_fault(&crate::common::stripe::Fault::after("/v1/checkout/sessions").method("POST"));
    let out = shop.run(&["buy", "20", "--yes", "--no-wait", "--json"]).expect(0).json();
    let id = out["purchase"]["id"].as_str().expect("id").to_owned();
    assert_eq!(out["purchase"]["state"], "pending", "{out}");
    let sessions = shop.stripe.get("/v1/checkout/sessions?limit=100");
    let ours: Vec<_> = sessions["data"]
        .as_array()
        .expect("data")
        .iter()
        .filter(|s| s["metadata"]["purchase_id"] == id.as_str())
        .collect();
    assert_eq!(ours.len(), 1, "found by its metadata instead of created twice: {sessions}");
    assert_eq!(out["purchase"]["stripe_checkout_session"], ours[0]["id"]);
    // An unknown purchase id is exit 5.
    shop.run(&["purchases", "show", "pur_doesnotexist"]).expect(5);
}

/// Back from a hosted checkout (`/billing?purchase=…&checkout=success`), the browser is sent to
/// that purchase's return page, which (for a signed-in browser) shows it from the ledger: pending,
/// then paid; failed and canceled ones too; an unknown id gets a clear line, and whatever is in
/// the URL is escaped. (tests/billing/ covers the page in a real browser.)
#[test]
fn billing_page_shows_the_purchase_on_return_from_checkout() {
    let shop = Shop::new();
    let get = |target: &str, cookie: Option<&str>| {
        let header = cookie.map(|c| format!("sc_billing={c}"));
        let headers: Vec<(&str, &str)> = header.iter().map(|h| ("Cookie", h.as_str())).collect();
        http_request(&shop.http, "GET", target, &headers, None).expect("billing page")
    };
    let child = spawn_buy(&shop, &["20", "--yes", "--no-browser", "--json"]);
    let (id, session_id) = shop.wait_checkout();
    let session = shop.stripe.get(&format!("/v1/checkout/sessions/{session_id}"));
    let success = session["success_url"].as_str().expect("success_url");
    let target = success.split_once(&shop.http).expect("our address").1.to_owned();
    assert_eq!(target, format!("/billing?purchase={id}&checkout=success"));
    let to_return = get(&target, None);
    assert_eq!(to_return.status, 303, "{}", to_return.body);
    let ret = to_return.header("location").expect("location").to_owned();
    assert_eq!(ret, format!("/billing/return?purchase={id}"));
    // Without the (SameSite=Strict) cookie, as after a cross-site redirect: one same-site reload,
    // and no purchase data.
    let hop = get(&ret, None);
    assert!(hop.body.contains(r#"http-equiv="refresh""#) && !hop.body.contains("$20.00"), "{}", hop.body);

    let login = shop.json(&["open"])["url"].as_str().expect("url").to_owned();
    let signed_in = get(login.split_once(&shop.http).expect("our address").1, None);
    let set = signed_in.header("set-cookie").expect("a session cookie");
    let cookie = set.split(';').next().and_then(|kv| kv.strip_prefix("sc_billing=")).expect("cookie").to_owned();
    let page = |target: &str| {
        let r = get(target, Some(&cookie));
        assert_eq!(r.status, 200, "{target}: {}", r.body);
        assert!(r.header("content-type").is_some_and(|c| c.starts_with("text/html")), "{r:?}");
        r.body
    };
    let pending = page(&ret);
    assert!(pending.contains(r#"data-state="pending""#), "{pending}");
    assert!(pending.contains("$20.00 for 2,000 credits"), "{pending}");
    assert!(pending.contains(&id), "{pending}");
    assert!(pending.contains("<script nonce="), "a pending purchase refreshes itself: {pending}");

    assert_eq!(shop.stripe.pay_checkout_session(&session_id, "pm_card_visa"), 200);
    finish(child).expect(0);
    let paid = page(&ret);
    assert!(paid.contains(r#"data-state="succeeded""#), "{paid}");
    assert!(paid.contains("Payment received: 2,000 credits added"), "{paid}");
    assert!(!paid.contains("<script"), "{paid}");

    // A declined card-on-file purchase, and a canceled one.
    shop.with_card("pm_card_chargeCustomerFail");
    shop.run(&["buy", "5", "--card-on-file", "--yes"]).expect(4);
    let failed_id = shop.purchases()[0]["id"].as_str().expect("id").to_owned();
    let failed = page(&format!("/billing/return?purchase={failed_id}"));
    assert!(failed.contains(r#"data-state="failed""#) && failed.contains("$5.00 for 500 credits"), "{failed}");
    let canceled_id = shop.run(&["buy", "20", "--yes", "--no-wait", "--quiet"]).expect(0).stdout.trim().to_owned();
    shop.json(&["purchases", "cancel", &canceled_id]);
    let canceled = page(&format!("/billing/return?purchase={canceled_id}"));
    assert!(canceled.contains(r#"data-state="canceled""#), "{canceled}");

    // Unknown or hostile ids: a clear line, escaped, never an error page.
    let unknown = get("/billing/return?purchase=pur_nope", Some(&cookie));
    assert_eq!(unknown.status, 404);
    assert!(unknown.body.contains("No such purchase"), "{}", unknown.body);
    let hostile = page("/billing?purchase=%3Cscript%3Ealert(1)%3C%2Fscript%3E&checkout=success");
    assert!(!hostile.contains("<script>alert") && !hostile.contains("alert(1)"), "{hostile}");
    page("/billing?purchase=%FF%FE&purchase=x&checkout=success");
}
