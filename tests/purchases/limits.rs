//! Monthly top-up limits end to end: top-up bought through the Stripe emulator, then a seat's
//! own limit (`seats limit`) and the workspace's budget (`workspace set
//! --topup-budget-per-month`) refusing what the pool could pay, with exit 42 / HTTP 402 naming
//! the limit (and no `buy_url`: buying would not help); racing `spend` processes that never
//! draw past a limit; open holds counting and releases giving back; a new month starting
//! afresh (a fake clock, the daemon rolling the month over itself); `/openapi.json`; remote mode.

use std::process::Stdio;
use std::time::Duration;

use serde_json::{Value, json};

use crate::common::http::Api;
#[cfg(unix)]
use crate::common::remote::Central;
use crate::common::{ChildGuard, Home, Run, wait_until};
use crate::support::Shop;

/// A shop whose workspace has 5,000 top-up credits, bought with a card on file ($50 at 100
/// credits a dollar).
fn shop_with_topup() -> Shop {
    let shop = Shop::new();
    buy_5000(&shop);
    shop
}

fn buy_5000(shop: &Shop) {
    shop.with_card("pm_card_visa");
    shop.run(&["buy", "50", "--card-on-file", "--yes"]).expect(0);
    assert_eq!(shop.topup(), "5000");
}

/// The `limit` object of a refusal, as the JSON contract spells it.
fn limit(kind: &str, limit: &str, used: &str) -> Value {
    json!({"kind": kind, "limit": limit, "used": used})
}

/// `args --json` refused with exit 42 for a limit; its error object.
fn refused(home: &Home, args: &[&str]) -> Value {
    let mut a = args.to_vec();
    a.push("--json");
    let run = home.run(&a).expect(42);
    let e = run.json()["error"].clone();
    assert_eq!(e["type"], "payment_required", "{run:#?}");
    assert!(e.get("buy_url").is_none(), "buying does not help, so no buy_url: {e:#}");
    assert!(e["hint"].as_str().is_some_and(|h| h.contains("buying credits does not help")), "{e:#}");
    e
}

/// The seat's row of `seats list --json`.
fn seat_row(home: &Home, seat: &str) -> Value {
    let list = home.json(&["seats", "list"]);
    let rows = list["seats"].as_array().expect("seats");
    rows.iter().find(|s| s["seat"] == seat).unwrap_or_else(|| panic!("no seat {seat}: {list:#}")).clone()
}

/// Starts every command at once (each `spend … --json` a process of its own) and waits for all;
/// their results in order.
fn race(home: &Home, commands: &[Vec<String>]) -> Vec<Run> {
    let children: Vec<ChildGuard> = commands
        .iter()
        .map(|args| {
            let mut c = home.command();
            c.args(args).arg("--json").stdout(Stdio::piped()).stderr(Stdio::piped());
            ChildGuard(c.spawn().expect("spawn spend"))
        })
        .collect();
    children.into_iter().map(|c| c.finish(Duration::from_secs(120))).collect()
}

/// Splits racing runs into the served and the refused, failing on any other outcome; every
/// refusal names `expected` as its limit.
fn tally(runs: &[Run], expected: &Value) -> (usize, usize) {
    let (mut served, mut refused) = (0, 0);
    for r in runs {
        match r.code {
            0 => served += 1,
            42 => {
                refused += 1;
                assert_eq!(&r.json()["error"]["limit"], expected, "{r:#?}");
            }
            _ => panic!("unexpected exit: {r:#?}"),
        }
    }
    (served, refused)
}

#[test]
fn a_no_topup_seat_is_refused_with_topup_in_the_pool_and_told_which_limit() {
    let shop = shop_with_topup();
    shop.run(&["seats", "add", "bob"]).expect(0);
    let set = shop.json(&["seats", "limit", "bob", "--no-topup"]);
    assert_eq!((&set["topup_limit_per_month"], &set["topup_used_this_month"]), (&json!("0"), &json!("0")));
    shop.json(&["spend", "500", "--seat", "bob"]); // its included credits, which a limit never stops

    let e = refused(&shop.home, &["spend", "1", "--seat", "bob"]);
    assert_eq!(e["limit"], limit("seat_topup_monthly", "0", "0"), "{e:#}");
    assert!(e["message"].as_str().is_some_and(|m| m.contains("included credits only")), "{e:#}");
    assert_eq!((&e["balance"]["topup"]["remaining"], &e["balance"]["spendable"]), (&json!("5000"), &json!("0")));
    let human = shop.run(&["spend", "1", "--seat", "bob"]).expect(42);
    assert!(human.stderr.contains("seat 'bob' may use included credits only"), "{human:#?}");
    assert!(human.stderr.contains("seats limit SEAT --topup-per-month"), "{human:#?}");
    // A hold is refused the same way.
    assert_eq!(refused(&shop.home, &["hold", "1", "--seat", "bob"])["limit"], limit("seat_topup_monthly", "0", "0"));

    // `check` and the balance say so before anyone tries: spendable counts the limit, not the pool.
    let c = shop.run(&["check", "1", "--seat", "bob", "--json"]).expect(42).json();
    assert_eq!((&c["fits"], &c["balance"]["spendable"]), (&json!(false), &json!("0")), "{c:#}");
    let b = shop.json(&["balance", "--seat", "bob"]);
    assert_eq!(b["spendable"], "0", "{b:#}");
    assert_eq!(b["limits"], json!([limit("seat_topup_monthly", "0", "0")]), "{b:#}");
    let all = shop.json(&["balance", "--all-seats"]);
    let bob = all["seats"].as_array().expect("seats").iter().find(|s| s["seat"] == "bob").expect("bob").clone();
    assert_eq!((&bob["topup_limit_per_month"], &bob["topup_used_this_month"]), (&json!("0"), &json!("0")));

    // Over HTTP with bob's seat token: 402 naming the limit, no buy_url.
    let token = shop.json(&["seats", "token", "bob"])["token"].as_str().expect("a token").to_owned();
    let api = Api::new(&shop.http, Some(&token));
    let r = api.post("/v1/usage", &json!({"amount": "1"})).expect(402);
    let e = &r.json()["error"];
    assert_eq!(e["type"], "payment_required", "{r:#?}");
    assert_eq!(e["limit"], limit("seat_topup_monthly", "0", "0"), "{r:#?}");
    assert!(e.get("buy_url").is_none(), "buying does not help: {r:#?}");
    assert!(e["hint"].as_str().is_some_and(|h| h.contains("buying credits does not help")), "{r:#?}");
    let b = api.get("/v1/balance").expect(200).json();
    assert_eq!((&b["spendable"], &b["limits"]), (&json!("0"), &json!([limit("seat_topup_monthly", "0", "0")])));
    // A key that may buy gets no link to buy for the seat either, for a debit or a hold; a
    // check says it would not fit.
    let k = shop.json(&["keys", "create", "ci", "--scope", "spend,buy,read"]);
    let ci = Api::new(&shop.http, Some(k["token"].as_str().expect("token")));
    let c = ci.get("/v1/check?amount=1&seat=bob").expect(200).json();
    assert_eq!(c["fits"], false, "{c:#}");
    for path in ["/v1/usage", "/v1/holds"] {
        let r = ci.post(path, &json!({"amount": "1", "seat": "bob"})).expect(402);
        let e = &r.json()["error"];
        assert_eq!(e["limit"], limit("seat_topup_monthly", "0", "0"), "{path}: {r:#?}");
        assert!(e.get("buy_url").is_none(), "{path}: {r:#?}");
    }

    // The pool was never touched, and a seat without a limit still draws from it.
    assert_eq!(shop.topup(), "5000");
    shop.json(&["spend", "600", "--seat", "tester"]);
    assert_eq!(shop.topup(), "4900");
    assert_eq!(seat_row(&shop.home, "tester")["topup_used_this_month"], "100");
    // Cleared, bob draws top-up again.
    assert_eq!(shop.json(&["seats", "limit", "bob", "--clear"])["topup_limit_per_month"], Value::Null);
    shop.json(&["spend", "1", "--seat", "bob"]);
    assert_eq!(shop.topup(), "4899");
    shop.verify();
}

/// 100 `spend 1` processes race on a seat that may draw 50 top-up credits a month: exactly 50
/// are served, and the pool ends exactly 50 lower.
#[test]
fn a_hundred_racing_spends_draw_exactly_the_seat_limit() {
    let shop = shop_with_topup();
    shop.json(&["seats", "limit", "tester", "--topup-per-month", "50"]);
    shop.json(&["spend", "500"]); // the seat's included credits, first
    let b = shop.json(&["balance"]);
    assert_eq!((&b["spendable"], &b["limits"]), (&json!("50"), &json!([limit("seat_topup_monthly", "50", "0")])));

    let spends: Vec<Vec<String>> = (0..100).map(|_| vec!["spend".into(), "1".into()]).collect();
    let runs = race(&shop.home, &spends);
    assert_eq!(tally(&runs, &limit("seat_topup_monthly", "50", "50")), (50, 50));

    assert_eq!(shop.topup(), "4950");
    let row = seat_row(&shop.home, "tester");
    assert_eq!((&row["topup_limit_per_month"], &row["topup_used_this_month"]), (&json!("50"), &json!("50")));
    let e = refused(&shop.home, &["spend", "0.001"]);
    assert_eq!(e["limit"], limit("seat_topup_monthly", "50", "50"));
    assert_eq!(shop.json(&["balance"])["spendable"], "0");
    shop.verify();
}

/// Five seats race for a workspace budget of 80 top-up credits of which 17 were drawn before
/// the budget was set: 21 spends of 3 fit (63), the other 29 are refused naming the budget.
#[test]
fn racing_spends_on_five_seats_draw_exactly_the_workspace_budget() {
    let shop = shop_with_topup();
    let seats = ["tester", "s1", "s2", "s3", "s4"];
    shop.run(&["seats", "add", "s1", "s2", "s3", "s4"]).expect(0);
    for s in seats {
        shop.json(&["spend", "500", "--seat", s]);
    }
    // Drawn without any limit, it still counts once a budget is set.
    shop.json(&["spend", "17", "--seat", "tester"]);
    let w = shop.json(&["workspace", "set", "--topup-budget-per-month", "80"]);
    assert_eq!((&w["topup_budget_per_month"], &w["topup_used_this_month"]), (&json!("80"), &json!("17")));

    let spends: Vec<Vec<String>> =
        (0..50).map(|i| ["spend", "3", "--seat", seats[i % 5]].map(str::to_owned).to_vec()).collect();
    let runs = race(&shop.home, &spends);
    assert_eq!(tally(&runs, &limit("workspace_topup_monthly", "80", "80")), (21, 29));

    assert_eq!(shop.topup(), "4920");
    let all = shop.json(&["balance", "--all-seats"]);
    assert_eq!((&all["topup_budget_per_month"], &all["topup_used_this_month"]), (&json!("80"), &json!("80")));
    let per_seat: i64 = all["seats"]
        .as_array()
        .expect("seats")
        .iter()
        .map(|s| s["topup_used_this_month"].as_str().expect("used").parse::<i64>().expect("whole credits"))
        .sum();
    assert_eq!(per_seat, 80, "{all:#}");
    for s in seats {
        let b = shop.json(&["balance", "--seat", s]);
        assert_eq!(b["spendable"], "0", "{b:#}");
        assert_eq!(b["limits"], json!([limit("workspace_topup_monthly", "80", "80")]), "{b:#}");
    }
    // Lifted, the pool is there again.
    shop.json(&["workspace", "set", "--no-topup-budget"]);
    shop.json(&["spend", "3", "--seat", "s1"]);
    assert_eq!(shop.topup(), "4917");
    shop.verify();
}

/// Holds count against the limit and a release, a settle's unused part or an expiry gives back;
/// at midnight of the 1st in the
/// workspace's zone (Berlin: 23:00 UTC), which the daemon reaches on its own clock, the limit
/// starts afresh, and releasing last month's hold then gives nothing back to the new month.
#[test]
fn holds_count_releases_give_back_and_the_month_starts_afresh() {
    let mut shop = Shop::new();
    shop.home.env("STUDIO_CREDITS_FAKE_NOW", "2026-11-30T12:00:00Z");
    shop.json(&["workspace", "set", "--tz", "Europe/Berlin"]);
    buy_5000(&shop);
    shop.json(&["seats", "limit", "tester", "--topup-per-month", "50"]);
    shop.json(&["spend", "500"]);

    let hold = shop.json(&["hold", "30", "--ttl", "48h"]);
    assert_eq!(hold["hold"]["from_topup"], "30", "{hold:#}");
    let id = hold["hold"]["id"].as_str().expect("hold id").to_owned();
    assert_eq!(seat_row(&shop.home, "tester")["topup_used_this_month"], "30");
    let e = refused(&shop.home, &["spend", "21"]);
    assert_eq!(e["limit"], limit("seat_topup_monthly", "50", "30"), "{e:#}");
    assert_eq!(
        e["message"],
        "payment required: seat 'tester' would pass its monthly top-up limit (30 of 50 credits drawn this month); \
         21 credits needed, 20 spendable"
    );
    shop.json(&["hold", "release", &id]);
    assert_eq!(seat_row(&shop.home, "tester")["topup_used_this_month"], "0");
    shop.json(&["spend", "21"]);
    // A settle keeps what it settles and gives the rest back; an expired hold gives all back.
    let settled = shop.json(&["hold", "29", "--ttl", "48h"]);
    assert_eq!(refused(&shop.home, &["spend", "1"])["limit"], limit("seat_topup_monthly", "50", "50"));
    shop.json(&["hold", "settle", settled["hold"]["id"].as_str().expect("hold id"), "9"]);
    assert_eq!(seat_row(&shop.home, "tester")["topup_used_this_month"], "30");
    shop.json(&["hold", "20", "--ttl", "2s"]);
    assert_eq!(seat_row(&shop.home, "tester")["topup_used_this_month"], "50");
    let mut used = Value::Null;
    let expired = wait_until(Duration::from_secs(30), || {
        used = seat_row(&shop.home, "tester")["topup_used_this_month"].clone();
        used == "30"
    });
    assert!(expired, "the expired hold never gave its 20 back: {used}");
    // November's last 20 held: the limit is reached, with the pool all but full.
    let november = shop.json(&["hold", "20", "--ttl", "48h"]);
    let november = november["hold"]["id"].as_str().expect("hold id").to_owned();
    assert_eq!(refused(&shop.home, &["spend", "1"])["limit"], limit("seat_topup_monthly", "50", "50"));
    assert_eq!(shop.topup(), "4950");

    // A few seconds before Berlin's midnight; the daemon's own timer rolls the month over.
    shop.run(&["daemon", "stop"]).expect(0);
    shop.home.env("STUDIO_CREDITS_FAKE_NOW", "2026-11-30T22:59:56Z");
    let mut last = Value::Null;
    let rolled = wait_until(Duration::from_secs(30), || {
        last = shop.json(&["balance"]);
        last["period"] == "2026-12"
    });
    assert!(rolled, "the month never rolled over: {last:#}");
    assert_eq!(last["limits"], json!([limit("seat_topup_monthly", "50", "0")]), "{last:#}");
    assert_eq!(seat_row(&shop.home, "tester")["topup_used_this_month"], "0");

    // December's included credits first, then a fresh 50 of top-up, and not one more.
    shop.json(&["spend", "500"]);
    shop.json(&["spend", "50"]);
    assert_eq!(refused(&shop.home, &["spend", "1"])["limit"], limit("seat_topup_monthly", "50", "50"));
    // November's hold goes back to the pool but not to December's count.
    let released = shop.json(&["hold", "release", &november]);
    assert_eq!(released["hold"]["released"], "20", "{released:#}");
    assert_eq!(shop.topup(), "4920");
    assert_eq!(refused(&shop.home, &["spend", "1"])["limit"], limit("seat_topup_monthly", "50", "50"));
    assert_eq!(seat_row(&shop.home, "tester")["topup_used_this_month"], "50");
    shop.verify();
}

/// The served OpenAPI document describes the `limit` of a 402 and the two routes that set
/// limits, and a real 402 has exactly the fields the schema requires.
#[test]
fn openapi_describes_the_limit_and_its_routes() {
    let home = Home::new();
    home.run(&["daemon", "start"]).expect(0);
    let addr = home.http_addr();
    let doc = Api::new(&addr, None).get("/openapi.json").expect(200).json();
    let schemas = &doc["components"]["schemas"];
    let error = &schemas["Error"]["properties"]["error"]["properties"];
    assert_eq!(error["limit"]["$ref"], "#/components/schemas/TopupLimit", "{error:#}");
    let topup_limit = &schemas["TopupLimit"];
    assert_eq!(topup_limit["required"], json!(["kind", "limit", "used"]), "{topup_limit:#}");
    assert_eq!(topup_limit["properties"]["kind"]["enum"], json!(["seat_topup_monthly", "workspace_topup_monthly"]));
    assert_eq!(schemas["Balance"]["properties"]["limits"]["items"]["$ref"], "#/components/schemas/TopupLimit");
    for path in ["/v1/seats/{name}/limit", "/v1/workspace/budget"] {
        let put = &doc["paths"][path]["put"];
        assert_eq!(put["x-scope"], "admin", "{path}: {put:#}");
        let body = &put["requestBody"]["content"]["application/json"]["schema"]["properties"];
        assert!(body.get("topup_per_month").is_some(), "{path}: {put:#}");
    }

    // A real refusal, over HTTP with a seat token, against the schema.
    home.json(&["seats", "limit", "tester", "--no-topup"]);
    home.json(&["spend", "500"]);
    let token = home.json(&["seats", "token", "tester"])["token"].as_str().expect("a token").to_owned();
    let r = Api::new(&addr, Some(&token)).post("/v1/usage", &json!({"amount": "1"})).expect(402);
    let got = r.json()["error"]["limit"].as_object().expect("limit").keys().cloned().collect::<Vec<_>>();
    assert_eq!(json!(got), topup_limit["required"], "{r:#?}");
}

/// Remote mode: an admin key sets the limits over PUT /v1/seats/{name}/limit and
/// /v1/workspace/budget, and a runner's refusal is the socket's, limit and words alike.
#[cfg(unix)]
#[test]
fn remote_runners_set_and_meet_the_same_limits() {
    let central = Central::start(true);
    central.with_card("pm_card_visa");
    central.home.run(&["buy", "50", "--card-on-file", "--yes"]).expect(0);
    let ops = central.runner(&central.key("ops", "read,spend,admin", &[]));
    let seat = ops.json(&["seats", "limit", "tester", "--topup-per-month", "10"]);
    assert_eq!(seat["topup_limit_per_month"], "10", "{seat:#}");
    let w = ops.json(&["workspace", "set", "--topup-budget-per-month", "5"]);
    assert_eq!(w["topup_budget_per_month"], "5", "{w:#}");
    ops.json(&["spend", "500", "--seat", "tester"]);

    // The budget has less left than the seat's limit: it is the one named, remotely and locally.
    let remote = ops.run(&["spend", "6", "--seat", "tester", "--json"]).expect(42).json();
    let local = central.home.run(&["spend", "6", "--seat", "tester", "--json"]).expect(42).json();
    assert_eq!(remote["error"]["limit"], limit("workspace_topup_monthly", "5", "0"), "{remote:#}");
    assert_eq!(
        remote["error"]["message"],
        "payment required: workspace 'default' would pass its monthly top-up budget (0 of 5 credits drawn this \
         month); 6 credits needed, 5 spendable"
    );
    for field in ["type", "message", "hint", "limit", "balance"] {
        assert_eq!(remote["error"][field], local["error"][field], "{field}: {remote:#}\n{local:#}");
    }
    assert!(remote["error"].get("buy_url").is_none(), "{remote:#}");

    // Without the budget, the seat's own limit is what is left: 10 in all.
    ops.json(&["spend", "5", "--seat", "tester"]);
    ops.json(&["workspace", "set", "--no-topup-budget"]);
    ops.json(&["spend", "5", "--seat", "tester"]);
    let e = ops.run(&["spend", "0.001", "--seat", "tester", "--json"]).expect(42).json();
    assert_eq!(e["error"]["limit"], limit("seat_topup_monthly", "10", "10"), "{e:#}");
    assert_eq!(central.balance()["topup"]["remaining"], "4990");
    let v = central.home.json(&["verify"]);
    assert_eq!(v["problems"], json!([]), "{v:#}");
}

/// `check --for` counts the other seats' draw on the shared pool: with no included credits left,
/// tester burns 510 credits a week and bob 900 (each's last-7-days rate: more than the period's),
/// so the 590-credit pool lasts 589 × 7 / 1,410 ≈ 2.9 days after a 1-credit job, though tester's
/// own burn alone (1 + 72.857 × 5 ≈ 365 ≤ 590) would say five days fit.
#[test]
fn check_for_counts_the_other_seats_draw_on_the_pool() {
    let mut shop = Shop::new();
    shop.home.env("STUDIO_CREDITS_FAKE_NOW", "2026-11-20T00:00:00Z");
    shop.with_card("pm_card_visa");
    shop.run(&["seats", "add", "bob"]).expect(0);
    shop.run(&["spend", "500", "--seat", "tester"]).expect(0);
    shop.run(&["spend", "500", "--seat", "bob"]).expect(0);
    shop.run(&["buy", "10", "--card-on-file", "--yes"]).expect(0);
    shop.run(&["daemon", "stop"]).expect(0);
    shop.home.env("STUDIO_CREDITS_FAKE_NOW", "2026-11-21T00:00:00Z");
    shop.run(&["spend", "10", "--seat", "tester"]).expect(0);
    shop.run(&["spend", "400", "--seat", "bob"]).expect(0);
    assert_eq!(shop.topup(), "590");
    let five = shop.run(&["check", "1", "--for", "5d", "--seat", "tester", "--json"]).expect(42).json();
    assert_eq!((five["need"].as_str(), five["spendable"].as_str()), (Some("365.286"), Some("590")), "{five:#}");
    assert_eq!(five["fits"], false, "bob empties the pool first: {five:#}");
    let two = shop.run(&["check", "1", "--for", "2d", "--seat", "tester", "--json"]).expect(0).json();
    assert_eq!(two["fits"], true, "{two:#}");
}
