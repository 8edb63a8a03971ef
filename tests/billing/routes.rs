//! The billing routes over plain HTTP against the real daemon: login links (single use, expiry),
//! cookie flags, no figures without a session, CSRF, escaping, seat-scoped capability links and
//! `return_to`, and no secret in a log line or a URL left behind.

use std::time::Duration;

use serde_json::json;

use crate::common::Home;
use crate::common::http::{Api, Resp, exchange};

/// One request with an optional session cookie and an optional form body.
pub fn send(addr: &str, method: &str, path: &str, cookie: Option<&str>, form: Option<&str>) -> Resp {
    let mut raw = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    if let Some(c) = cookie {
        raw.push_str(&format!("Cookie: sc_billing={c}\r\n"));
    }
    if let Some(f) = form {
        raw.push_str(&format!("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n", f.len()));
    }
    raw.push_str("\r\n");
    raw.push_str(form.unwrap_or(""));
    exchange(addr, raw.as_bytes()).unwrap_or_else(|| panic!("no answer to {method} {path}"))
}

/// The path and query of an absolute URL on `addr`.
pub fn path_of<'a>(url: &'a str, addr: &str) -> &'a str {
    url.split_once(addr).unwrap_or_else(|| panic!("{url} is not on {addr}")).1
}

/// `open --json`'s URL.
pub fn login_url(home: &Home) -> String {
    home.json(&["open"])["url"].as_str().expect("url").to_owned()
}

/// The session cookie a 303 sets.
pub fn cookie_of(r: &Resp) -> String {
    let set = r.header("set-cookie").unwrap_or_else(|| panic!("no Set-Cookie: {r:#?}"));
    set.split(';').next().and_then(|kv| kv.strip_prefix("sc_billing=")).expect("sc_billing cookie").to_owned()
}

/// Signs in through a fresh login link; returns the cookie.
pub fn sign_in(home: &Home, addr: &str) -> String {
    let url = login_url(home);
    let r = send(addr, "GET", path_of(&url, addr), None, None).expect(303);
    cookie_of(&r)
}

/// The CSRF token in a page's forms.
pub fn csrf_in(body: &str) -> String {
    let at = body.find("name=\"csrf\" value=\"").expect("a csrf field") + "name=\"csrf\" value=\"".len();
    body[at..].split('"').next().expect("value").to_owned()
}

/// Starts the daemon (any call does) and returns its HTTP address.
pub fn started(home: &Home) -> String {
    home.run(&["balance"]).expect(0);
    home.http_addr()
}

fn home_with(config: &str) -> Home {
    let home = Home::new();
    std::fs::write(home.path().join("config.toml"), config).expect("config");
    home
}

#[test]
fn login_link_is_single_use_expires_and_sets_a_strict_cookie() {
    let home = home_with("[billing]\nlogin_link_seconds = 1\n");
    // On a non-terminal, `open` prints the link.
    let printed = home.run(&["open", "--no-browser"]).expect(0).stdout.trim().to_owned();
    assert!(printed.contains("/billing/login?token="), "{printed}");
    let addr = started(&home);
    let url = login_url(&home);
    let first = send(&addr, "GET", path_of(&url, &addr), None, None).expect(303);
    assert_eq!(first.header("location"), Some("/billing"), "redirects to a URL without the secret");
    let set = first.header("set-cookie").expect("cookie");
    for flag in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(set.split("; ").any(|f| f == flag), "{flag} missing: {set}");
    }
    let max_age: u64 =
        set.split("; ").find_map(|f| f.strip_prefix("Max-Age=")).expect("Max-Age").parse().expect("seconds");
    assert!((3600..=12 * 3600).contains(&max_age), "a few hours: {max_age}");
    // A second use is refused, and sets no cookie.
    let again = send(&addr, "GET", path_of(&url, &addr), None, None).expect(403);
    assert!(again.header("set-cookie").is_none());
    // An unused link dies after its lifetime (1 s here; a minute by default).
    let late = login_url(&home);
    std::thread::sleep(Duration::from_millis(1500));
    send(&addr, "GET", path_of(&late, &addr), None, None).expect(403);
    send(&addr, "GET", "/billing/login?token=nonsense", None, None).expect(403);
    // The first session works.
    let page = send(&addr, "GET", "/billing", Some(&cookie_of(&first)), None).expect(200);
    assert!(page.body.contains("id=\"topup-balance\""), "{}", page.body);
}

#[test]
fn no_session_shows_no_figures() {
    let home = Home::new();
    let addr = started(&home);
    home.run(&["spend", "12.5"]).expect(0);
    for cookie in [None, Some("forged")] {
        for path in ["/billing", "/billing/buy", "/billing?workspace=default"] {
            let r = send(&addr, "GET", path, cookie, None).expect(200);
            assert!(r.header("content-type").unwrap().starts_with("text/html"));
            for secret in ["tester", "487.5", "topup-balance", "csrf"] {
                assert!(!r.body.contains(secret), "{path} shows {secret} without a session: {}", r.body);
            }
            assert!(r.body.contains("studio-credits open"), "{}", r.body);
        }
        send(&addr, "POST", "/billing/buy", cookie, Some("amount=2500&method=checkout")).expect(401);
        let status = send(&addr, "GET", "/billing/return/status?purchase=pur_x", cookie, None).expect(401);
        assert_eq!(status.json()["error"]["type"], "unauthorized");
    }
    // Stripe Checkout's success URL leads to the return page; coming back from another site the
    // SameSite=Strict cookie is missing, so that page reloads itself once, same-site.
    let success = send(&addr, "GET", "/billing?purchase=pur_abc&checkout=success", None, None).expect(303);
    assert_eq!(success.header("location"), Some("/billing/return?purchase=pur_abc"));
    let hop = send(&addr, "GET", "/billing/return?purchase=pur_abc", None, None).expect(200);
    assert!(hop.body.contains("url=/billing/return?purchase=pur_abc&amp;hop=1"), "{}", hop.body);
    let after = send(&addr, "GET", "/billing/return?purchase=pur_abc&hop=1", None, None).expect(200);
    assert!(!after.body.contains("http-equiv") && after.body.contains("studio-credits open"), "{}", after.body);
    // Every page carries the strict policy.
    let r = send(&addr, "GET", "/billing", None, None);
    let csp = r.header("content-security-policy").expect("CSP");
    assert!(csp.contains("default-src 'none'") && csp.contains("script-src 'nonce-"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(r.header("cache-control"), Some("no-store"));
    assert_eq!(r.header("referrer-policy"), Some("no-referrer"));
}

#[test]
fn csrf_is_required_and_bad_amounts_are_refused_with_escaping() {
    let home = home_with("[plans.\"<b>pro</b>\"]\nprice_cents = 100\nincluded = 10\n");
    home.run(&["plan", "set", "<b>pro</b>", "--now"]).expect(0);
    // Names with markup cannot exist at all.
    home.run(&["workspace", "add", "<i>x</i>"]).expect(2);
    home.run(&["seats", "add", "<script>"]).expect(2);
    let addr = started(&home);
    let cookie = sign_in(&home, &addr);
    let page = send(&addr, "GET", "/billing", Some(&cookie), None).expect(200);
    assert!(page.body.contains("&lt;b&gt;pro&lt;/b&gt;") && !page.body.contains("<b>pro"), "{}", page.body);
    let form = send(&addr, "GET", "/billing/buy", Some(&cookie), None).expect(200);
    let csrf = csrf_in(&form.body);

    for body in ["amount=2500&method=checkout", "csrf=wrong&amount=2500&method=checkout", "csrf=&amount=2500"] {
        let r = send(&addr, "POST", "/billing/buy", Some(&cookie), Some(body)).expect(403);
        assert!(r.body.contains("security token"), "{}", r.body);
    }
    // Another session's token does not fit this one.
    let other = sign_in(&home, &addr);
    send(&addr, "POST", "/billing/buy", Some(&other), Some(&format!("csrf={csrf}&amount=2500"))).expect(403);

    // Reflected input is escaped; out-of-range amounts say the limits.
    let evil = "csrf=".to_owned() + &csrf + "&amount=custom&custom=%3Cscript%3Ealert(1)%3C%2Fscript%3E&method=checkout";
    let r = send(&addr, "POST", "/billing/buy", Some(&cookie), Some(&evil)).expect(400);
    assert!(r.body.contains("&lt;script&gt;") && !r.body.contains("<script>alert"), "{}", r.body);
    let low = send(&addr, "POST", "/billing/buy", Some(&cookie), Some(&format!("csrf={csrf}&amount=custom&custom=1")))
        .expect(400);
    assert!(low.body.contains("between $5.00 and $1000.00"), "{}", low.body);
    assert_eq!(home.json(&["purchases", "list"])["purchases"], json!([]), "nothing was bought");
}

#[test]
fn buy_url_is_a_seat_capability_and_return_to_is_checked() {
    let home = home_with("[billing]\nreturn_origins = [\"http://127.0.0.1:9\", \"https://app.example\"]\n");
    home.run(&["seats", "add", "bob"]).expect(0);
    let addr = started(&home);
    let token = home.json(&["seats", "token", "bob"])["token"].as_str().expect("token").to_owned();
    let api = Api::new(&addr, Some(&token));
    let refused = api.post("/v1/usage", &json!({"amount": "100000"})).expect(402);
    let buy_url = refused.json()["error"]["buy_url"].as_str().expect("buy_url").to_owned();
    let cap = path_of(&buy_url, &addr).to_owned();
    assert!(cap.starts_with("/billing/cap/"), "{cap}");

    // Foreign, malformed or disguised return_to: 400, no session.
    for bad in [
        "https://evil.example/x",
        "https%3A%2F%2Fapp.example.evil.example%2F",
        "https%3A%2F%2Fapp.example%40evil.example%2F",
        "javascript%3Aalert(1)",
        "%2F%2Fevil.example",
    ] {
        let r = send(&addr, "GET", &format!("{cap}?return_to={bad}"), None, None).expect(400);
        assert!(r.header("set-cookie").is_none() && r.header("location").is_none(), "{bad}: {r:#?}");
    }
    let ok = send(&addr, "GET", &format!("{cap}?return_to=https%3A%2F%2Fapp.example%2Fchat%3Fid%3D7"), None, None)
        .expect(303);
    assert_eq!(ok.header("location"), Some("/billing"));
    let cookie = cookie_of(&ok);
    let page = send(&addr, "GET", "/billing", Some(&cookie), None).expect(200);
    assert!(page.body.contains("data-seat=\"bob\""), "{}", page.body);
    // That seat only: no other seat, no purchases list, no settings, no other workspace.
    for hidden in ["data-seat=\"tester\"", "Recent purchases", "Auto top-up"] {
        assert!(!page.body.contains(hidden), "a seat link shows {hidden}: {}", page.body);
    }
    home.run(&["workspace", "add", "other"]).expect(0);
    // Signed in fully: a picker of both workspaces.
    let all = sign_in(&home, &addr);
    let picker = send(&addr, "GET", "/billing?workspace=other", Some(&all), None).expect(200);
    assert!(picker.body.contains("<option value=\"other\" selected>"), "{}", picker.body);
    assert!(picker.body.contains("<option value=\"default\">"), "{}", picker.body);
    let elsewhere = send(&addr, "GET", "/billing?workspace=other", Some(&cookie), None).expect(200);
    assert!(elsewhere.body.contains("data-seat=\"bob\"") && !elsewhere.body.contains(">other<"), "{}", elsewhere.body);
    send(&addr, "GET", "/billing/cap/notacapability", None, None).expect(403);

    // The CLI's JSON 402 carries the same kind of link, for the seat that was refused.
    let cli = home.run(&["spend", "100000", "--json"]).expect(42).json();
    let cli_url = cli["error"]["buy_url"].as_str().unwrap_or_else(|| panic!("no buy_url: {cli}")).to_owned();
    let mine = send(&addr, "GET", path_of(&cli_url, &addr), None, None).expect(303);
    let page = send(&addr, "GET", "/billing", Some(&cookie_of(&mine)), None).expect(200);
    assert!(page.body.contains("data-seat=\"tester\"") && !page.body.contains("data-seat=\"bob\""), "{}", page.body);
}

#[test]
fn secrets_stay_out_of_logs_and_urls() {
    let home = Home::new();
    let addr = started(&home);
    let url = login_url(&home);
    let secret = url.split("token=").nth(1).expect("token").to_owned();
    let first = send(&addr, "GET", path_of(&url, &addr), None, None).expect(303);
    let cookie = cookie_of(&first);
    assert!(!first.header("location").unwrap_or_default().contains(&secret));
    let token = home.json(&["seats", "token", "tester"])["token"].as_str().expect("token").to_owned();
    let refused = Api::new(&addr, Some(&token)).post("/v1/usage", &json!({"amount": "100000"})).expect(402);
    let cap_url = refused.json()["error"]["buy_url"].as_str().expect("buy_url").to_owned();
    let cap = cap_url.rsplit('/').next().expect("cap").to_owned();
    let used = send(&addr, "GET", path_of(&cap_url, &addr), None, None).expect(303);
    let cap_cookie = cookie_of(&used);
    send(&addr, "GET", path_of(&url, &addr), None, None).expect(403);
    send(&addr, "GET", "/billing", Some(&cookie), None).expect(200);
    home.run(&["daemon", "stop"]).expect(0);
    let log = std::fs::read_to_string(home.path().join("daemon.log")).expect("daemon.log");
    assert!(log.contains("signed in with a login link"), "the sign-in is logged: {log}");
    for s in [&secret, &cookie, &cap, &cap_cookie] {
        assert!(!log.contains(s.as_str()), "a secret is in the log: {log}");
    }
}

#[test]
fn a_declined_card_says_what_to_do_and_returns_failed() {
    let shop = crate::support::Shop::new();
    std::fs::write(shop.home.path().join("config.toml"), "[billing]\nreturn_origins = [\"https://app.example\"]\n")
        .expect("config");
    shop.with_card("pm_card_chargeCustomerFail");
    let addr = started(&shop.home);
    let token = shop.json(&["seats", "token", "tester"])["token"].as_str().expect("token").to_owned();
    let refused = Api::new(&addr, Some(&token)).post("/v1/usage", &json!({"amount": "100000"})).expect(402);
    let buy_url = refused.json()["error"]["buy_url"].as_str().expect("buy_url").to_owned();
    let cap = format!("{}?return_to=https%3A%2F%2Fapp.example%2Fchat", path_of(&buy_url, &addr));
    let cookie = cookie_of(&send(&addr, "GET", &cap, None, None).expect(303));
    let form = send(&addr, "GET", "/billing/buy", Some(&cookie), None).expect(200);
    assert!(form.body.contains("id=\"pay-card\""), "a card on file is offered: {}", form.body);
    let csrf = csrf_in(&form.body);
    // The card button asks once before charging.
    let ask = send(&addr, "POST", "/billing/buy", Some(&cookie), Some(&format!("csrf={csrf}&amount=1000&method=card")))
        .expect(200);
    assert!(ask.body.contains("id=\"confirm-pay\""), "{}", ask.body);
    assert_eq!(shop.purchases().len(), 0, "nothing is bought before the confirmation");
    let paid = send(
        &addr,
        "POST",
        "/billing/buy",
        Some(&cookie),
        Some(&format!("csrf={csrf}&amount=1000&method=card&confirm=yes")),
    )
    .expect(303);
    let ret = paid.header("location").expect("location").to_owned();
    assert!(ret.starts_with("/billing/return?purchase=pur_"), "{ret}");
    let id = ret.split("purchase=").nth(1).expect("id").to_owned();
    // Ended: back to return_to with status=failed.
    let back = send(&addr, "GET", &ret, Some(&cookie), None).expect(303);
    assert_eq!(back.header("location"), Some(format!("https://app.example/chat?purchase={id}&status=failed").as_str()));
    // Signed in fully, the return page says what happened and what to do.
    let all = sign_in(&shop.home, &addr);
    let page = send(&addr, "GET", &ret, Some(&all), None).expect(200);
    assert!(page.body.contains("The payment failed") && page.body.contains("id=\"try-again\""), "{}", page.body);
    assert!(!page.body.contains("<script"), "an ended purchase needs no live refresh: {}", page.body);
    let status = send(&addr, "GET", &format!("/billing/return/status?purchase={id}"), Some(&all), None).expect(200);
    assert_eq!(status.json()["state"], "failed");
    assert_eq!(shop.topup(), "0");
}

#[test]
fn a_canceled_checkout_goes_back_with_status_failed() {
    let shop = crate::support::Shop::new();
    std::fs::write(shop.home.path().join("config.toml"), "[billing]\nreturn_origins = [\"https://app.example\"]\n")
        .expect("config");
    let addr = started(&shop.home);
    let token = shop.json(&["seats", "token", "tester"])["token"].as_str().expect("token").to_owned();
    let refused = Api::new(&addr, Some(&token)).post("/v1/usage", &json!({"amount": "100000"})).expect(402);
    let buy_url = refused.json()["error"]["buy_url"].as_str().expect("buy_url").to_owned();
    let cap = format!("{}?return_to=https%3A%2F%2Fapp.example%2Fchat%23end", path_of(&buy_url, &addr));
    let cookie = cookie_of(&send(&addr, "GET", &cap, None, None).expect(303));
    let csrf = csrf_in(&send(&addr, "GET", "/billing/buy", Some(&cookie), None).expect(200).body);
    let started_buy =
        send(&addr, "POST", "/billing/buy", Some(&cookie), Some(&format!("csrf={csrf}&amount=2500&method=checkout")))
            .expect(303);
    let checkout = started_buy.header("location").expect("to Stripe Checkout").to_owned();
    assert!(checkout.starts_with(&shop.stripe.base_url) && checkout.contains("/checkout/cs_"), "{checkout}");
    let (id, session_id) = shop.wait_checkout();
    // The buyer clicks Cancel on the checkout page.
    let session = shop.stripe.get(&format!("/v1/checkout/sessions/{session_id}"));
    let cancel = session["cancel_url"].as_str().expect("cancel_url").to_owned();
    let ret = send(&addr, "GET", path_of(&cancel, &addr), None, None).expect(303);
    let to = ret.header("location").expect("location").to_owned();
    assert_eq!(to, format!("/billing/return?purchase={id}"));
    let back = send(&addr, "GET", &to, Some(&cookie), None).expect(303);
    assert_eq!(
        back.header("location"),
        Some(format!("https://app.example/chat?purchase={id}&status=failed#end").as_str())
    );
    assert_eq!(shop.topup(), "0");
}
