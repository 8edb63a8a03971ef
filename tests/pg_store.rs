//! The daemon on a PostgreSQL store (`STUDIO_CREDITS_STORE=postgres://…`): two installations
//! (two homes, two daemons) share one ledger in one database, created once and spent exactly,
//! and racing `ensure` calls on several daemons buy once through the Stripe emulator.
//! Needs PostgreSQL (a private server per test, `credits_pg::testing`): under `CI=true` its
//! absence fails the test, elsewhere the test says it was skipped.

mod common;

use std::process::Stdio;
use std::time::Duration;

use common::stripe::{Fault, SECRET_KEY, StripeEmulator};
use common::{ChildGuard, Home, wait_until};
use credits_pg::testing::PgServer;
use serde_json::Value;

#[test]
fn two_daemons_share_one_postgres_ledger() {
    let Some(server) = PgServer::start_or_skip("the PostgreSQL store end-to-end test") else { return };
    let url = server.create_database("two_daemons").expect("database");
    let (mut a, mut b) = (Home::new(), Home::new());
    a.env("STUDIO_CREDITS_STORE", &url);
    b.env("STUDIO_CREDITS_STORE", &url);
    // Both daemons start on an empty database: one migration, one default workspace.
    let first = a.json(&["balance"]);
    assert_eq!(first["spendable"], "500", "{first}");
    for i in 0..10 {
        let home = if i % 2 == 0 { &a } else { &b };
        home.json(&["spend", "40"]);
    }
    let refused = b.run(&["spend", "150", "--json"]).expect(42);
    assert!(refused.stdout.contains("100") || refused.stderr.contains("100"), "{refused:?}");
    assert_eq!(a.json(&["balance"])["spendable"], "100");
    assert_eq!(b.json(&["balance"])["spendable"], "100");
    for home in [&a, &b] {
        assert_eq!(home.json(&["verify"])["ok"], true);
    }
    assert_ne!(a.daemon_pid(), b.daemon_pid(), "two daemons");
}

/// 150 `spend` processes spread over three daemons race for 500 credits, 7 each: exactly 71 are
/// served, the other 79 exit 42, 3 credits remain, and every daemon's `verify` is clean.
#[test]
fn racing_spends_over_three_daemons_spend_exactly_the_balance() {
    let Some(server) = PgServer::start_or_skip("the PostgreSQL store end-to-end test") else { return };
    let url = server.create_database("racing_spends").expect("database");
    let homes: Vec<Home> = (0..3)
        .map(|_| {
            let mut h = Home::new();
            h.env("STUDIO_CREDITS_STORE", &url);
            h
        })
        .collect();
    for h in &homes {
        assert_eq!(h.json(&["balance"])["spendable"], "500");
    }
    let children: Vec<ChildGuard> = (0..150)
        .map(|i| {
            let mut c = homes[i % 3].command();
            c.args(["spend", "7", "--json"]).stdout(Stdio::piped()).stderr(Stdio::piped());
            ChildGuard(c.spawn().expect("spawn spend"))
        })
        .collect();
    let (mut served, mut refused) = (0, 0);
    for child in children {
        let r = child.finish(Duration::from_secs(120));
        match r.code {
            0 => served += 1,
            42 => refused += 1,
            _ => panic!("unexpected exit: {r:?}"),
        }
    }
    assert_eq!((served, refused), (71, 79));
    for h in &homes {
        assert_eq!(h.json(&["balance"])["spendable"], "3");
        assert_eq!(h.json(&["verify"])["ok"], true);
    }
}

/// Three daemons cross a month boundary together (fake clocks a few seconds before midnight):
/// whichever timer fires first rolls the month over, once, with one grant per seat.
#[test]
fn three_daemons_roll_a_month_over_once() {
    let Some(server) = PgServer::start_or_skip("the PostgreSQL store end-to-end test") else { return };
    let url = server.create_database("month_boundary").expect("database");
    let homes: Vec<Home> = (0..3)
        .map(|_| {
            let mut h = Home::new();
            h.env("STUDIO_CREDITS_STORE", &url);
            h.env("STUDIO_CREDITS_FAKE_NOW", "2026-11-30T23:59:55Z");
            h
        })
        .collect();
    homes[0].json(&["seats", "add", "bob"]);
    for h in &homes {
        assert_eq!(h.json(&["balance", "--seat", "bob"])["period"], "2026-11");
    }
    let rolled = wait_until(Duration::from_secs(30), || {
        homes.iter().all(|h| h.json(&["balance", "--seat", "bob"])["period"] == "2026-12")
    });
    assert!(rolled, "the month never rolled over");
    let entries = homes[2].json(&["history", "--limit", "1000"])["entries"].as_array().expect("entries").clone();
    let grants: Vec<_> = entries.iter().filter(|e| e["kind"] == "grant" && e["period"] == "2026-12").collect();
    assert_eq!(grants.len(), 2, "one grant per seat: {grants:#?}");
    for h in &homes {
        assert_eq!(h.json(&["verify"])["ok"], true);
    }
}

/// Three homes on one new database (each `Home` is one daemon, started by its first command).
fn three_homes(server: &PgServer, db: &str) -> Vec<Home> {
    let url = server.create_database(db).expect("database");
    (0..3)
        .map(|_| {
            let mut h = Home::new();
            h.env("STUDIO_CREDITS_STORE", &url);
            h
        })
        .collect()
}

/// A hold made on one daemon is settled on a second; another expires while three daemons run
/// their expiry jobs, and is released exactly once.
#[test]
fn a_hold_moves_across_three_daemons() {
    let Some(server) = PgServer::start_or_skip("the PostgreSQL store end-to-end test") else { return };
    let homes = three_homes(&server, "hold_across");
    let held = homes[0].json(&["hold", "100", "--ttl", "10m"]);
    let id = held["hold"]["id"].as_str().expect("hold id").to_owned();
    let settled = homes[1].json(&["hold", "settle", &id, "40"]);
    assert_eq!(settled["balance"]["spendable"], "460", "{settled:#}");
    homes[2].json(&["balance"]);
    let short = homes[0].json(&["hold", "200", "--ttl", "1s"]);
    let short_id = short["hold"]["id"].as_str().expect("hold id").to_owned();
    let back = wait_until(Duration::from_secs(30), || homes[2].json(&["balance"])["spendable"] == "460");
    assert!(back, "the expired hold never came back");
    let entries = homes[1].json(&["history", "--limit", "1000"])["entries"].as_array().expect("entries").clone();
    let releases = entries.iter().filter(|e| e["ref"] == short_id.as_str() && e["kind"] == "release").count();
    assert_eq!(releases, 1, "released once: {entries:#?}");
    for h in &homes {
        assert_eq!(h.json(&["verify"])["ok"], true);
    }
}

/// One daemon is SIGKILLed again and again while spends stream through all three: every
/// acknowledged spend is in the journal exactly once, an unacknowledged one at most once.
#[test]
fn every_acknowledged_spend_survives_killed_daemons_once() {
    let Some(server) = PgServer::start_or_skip("the PostgreSQL store end-to-end test") else { return };
    let homes = three_homes(&server, "killed_daemons");
    for h in &homes {
        h.json(&["balance"]);
    }
    let done = std::sync::atomic::AtomicBool::new(false);
    let acked: Vec<(String, bool)> = std::thread::scope(|s| {
        let spenders: Vec<_> = homes
            .iter()
            .enumerate()
            .map(|(i, h)| {
                s.spawn(move || {
                    (0..25)
                        .map(|n| {
                            let key = format!("spend-{i}-{n}");
                            let r = h.run(&["spend", "1", "--idempotency-key", &key, "--json"]);
                            (key, r.code == 0)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        s.spawn(|| {
            for _ in 0..5 {
                std::thread::sleep(Duration::from_millis(300));
                homes[0].kill_daemon();
            }
            done.store(true, std::sync::atomic::Ordering::Relaxed);
        });
        spenders.into_iter().flat_map(|t| t.join().expect("spender")).collect()
    });
    assert!(done.load(std::sync::atomic::Ordering::Relaxed));
    let entries = homes[2].json(&["history", "--limit", "1000"])["entries"].as_array().expect("entries").clone();
    let times = |key: &str| entries.iter().filter(|e| e["ref"] == key).count();
    let mut in_journal = 0;
    for (key, ok) in &acked {
        let n = times(key);
        if *ok {
            assert_eq!(n, 1, "acknowledged {key} is in the journal {n} times");
        } else {
            assert!(n <= 1, "unacknowledged {key} is in the journal {n} times");
        }
        in_journal += n;
    }
    assert!(acked.iter().filter(|(_, ok)| *ok).count() >= 50, "most spends went through: {acked:?}");
    let left = homes[1].json(&["balance"])["spendable"].as_str().expect("spendable").to_owned();
    assert_eq!(left, (500 - in_journal).to_string());
    for h in &homes {
        assert_eq!(h.json(&["verify"])["ok"], true);
    }
}

const WEBHOOK_SECRET: &str = "whsec_pg_store_tests";

/// A free loopback port (bound, then released for a daemon to take).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

/// Forges a second scripted purchase in flight for the workspace of the one in flight now, behind
/// the daemons' backs (so no workspace lock): succeeds only when the database refuses it as a
/// unique violation; raises when it was admitted (or when nothing was in flight to copy).
const SECOND_IN_FLIGHT: &str = "DO $$
DECLARE admitted BIGINT;
BEGIN
    BEGIN
        INSERT INTO purchases (id, workspace_id, kind, origin, amount_cents, currency, credits_millis, state,
                               period, created_at, updated_at)
            SELECT 'pur_forged_second', workspace_id, kind, 'ensure', amount_cents, currency, credits_millis,
                   'created', period, created_at, updated_at
            FROM purchases WHERE state IN ('created', 'pending') AND origin = 'ensure';
        GET DIAGNOSTICS admitted = ROW_COUNT;
    EXCEPTION WHEN unique_violation THEN
        RETURN;
    END;
    RAISE EXCEPTION 'a second purchase in flight was admitted (% rows)', admitted;
END $$;";

/// Ten `ensure` processes over three daemons on one database, below the minimum, while Stripe
/// is slow to answer the first PaymentIntent: exactly one purchase is made (one PaymentIntent,
/// one charge, one ledger purchase), every `ensure` exits 0 soon after it (not after a wait's
/// timeout: the daemons waiting did not finish it themselves), the balance grows by that
/// purchase once, and every daemon's `verify` is clean. While that purchase is in flight, a second one
/// written behind the daemons' backs is refused by the database's partial unique index: the
/// workspace lock alone already serializes the daemons' decisions, so the probe is what fails
/// when the index is missing.
#[test]
fn ten_ensures_over_three_daemons_buy_once() {
    let Some(server) = PgServer::start_or_skip("the PostgreSQL store end-to-end test") else { return };
    let url = server.create_database("ensure_once").expect("database");
    let stripe = StripeEmulator::start();
    let homes: Vec<Home> = (0..3)
        .map(|_| {
            let http = format!("127.0.0.1:{}", free_port());
            let mut h = Home::new();
            h.env("STUDIO_CREDITS_STORE", &url)
                .env("STRIPE_SECRET_KEY", SECRET_KEY)
                .env("STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET)
                .env("STUDIO_CREDITS_STRIPE_API_BASE", &stripe.base_url)
                .env("STUDIO_CREDITS_HTTP_LISTEN", &http);
            // Every daemon hears of the payment: whichever is first credits it, once.
            stripe.register_webhook(&format!("http://{http}/v1/stripe/webhook"), WEBHOOK_SECRET);
            h
        })
        .collect();
    let customer = stripe.create_customer_with_card("pm_card_visa");
    homes[0].run(&["workspace", "set", "--stripe-customer", &customer]).expect(0);
    let before: Vec<String> = homes.iter().map(spendable).collect();
    assert_eq!(before, ["500", "500", "500"], "three daemons, one ledger");

    // Stripe holds the first PaymentIntent request, so every ensure arrives while it is in flight.
    stripe.inject_fault(&Fault::delay("/v1/payment_intents", Duration::from_secs(4)).method("POST"));
    let launched = std::time::Instant::now();
    let children: Vec<ChildGuard> = (0..10)
        .map(|i| {
            let mut c = homes[i % 3].command();
            c.args(["ensure", "--min", "1000", "--buy", "20", "--card-on-file", "--yes", "--json"])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped());
            ChildGuard(c.spawn().expect("spawn ensure"))
        })
        .collect();
    let mut in_flight = false;
    assert!(
        wait_until(Duration::from_secs(30), || {
            in_flight = purchases(&homes[1]).iter().any(|p| p["state"] == "created" || p["state"] == "pending");
            in_flight
        }),
        "no purchase went in flight"
    );
    server.execute("ensure_once", SECOND_IN_FLIGHT).expect(
        "the database admitted a second scripted purchase in flight (is the partial unique index \
         purchases_one_scripted_in_flight missing?), or the first was no longer in flight",
    );

    let runs: Vec<_> = children.into_iter().map(|c| c.finish(Duration::from_secs(120))).collect();
    // Stripe answers after 4 s; a wait must notice a purchase another daemon finished without
    // sitting out its 30 s timeout.
    let took = launched.elapsed();
    for r in &runs {
        assert_eq!(r.code, 0, "{r:#?}");
    }
    assert!(took < Duration::from_secs(20), "the ensures took {took:?}");
    let bought = runs.iter().filter(|r| r.json()["bought"] == true).count();
    assert_eq!(bought, 1, "{runs:#?}");

    let pis = stripe.list_payment_intents()["data"].as_array().expect("data").clone();
    assert_eq!(pis.len(), 1, "{pis:#?}");
    assert_eq!((pis[0]["status"].as_str(), pis[0]["amount"].as_i64()), (Some("succeeded"), Some(2000)), "{pis:#?}");
    let charges = stripe.get("/v1/charges")["data"].as_array().expect("charges").clone();
    assert_eq!(charges.len(), 1, "{charges:#?}");
    for h in &homes {
        let list = purchases(h);
        assert_eq!(list.len(), 1, "{list:#?}");
        assert_eq!((list[0]["origin"].as_str(), list[0]["state"].as_str()), (Some("ensure"), Some("succeeded")));
        assert_eq!(list[0]["stripe_payment_intent"], pis[0]["id"], "{list:#?}");
        let credited = list[0]["credits"].as_str().expect("credits").parse::<i64>().expect("whole credits");
        assert_eq!(spendable(h), (500 + credited).to_string(), "old balance plus one purchase");
        assert_eq!(h.json(&["history", "--kind", "purchase"])["entries"].as_array().map(Vec::len), Some(1));
        let v = h.json(&["verify"]);
        assert_eq!((&v["ok"], &v["problems"]), (&Value::Bool(true), &serde_json::json!([])), "{v}");
    }
}

fn spendable(h: &Home) -> String {
    h.json(&["balance"])["spendable"].as_str().expect("spendable").to_owned()
}

fn purchases(h: &Home) -> Vec<Value> {
    h.json(&["purchases", "list"])["purchases"].as_array().expect("purchases").clone()
}

/// A store URL the binary cannot use is refused with the URL's problem, its password unshown.
#[test]
fn a_bad_store_url_is_refused_without_showing_its_password() {
    let mut home = Home::new();
    home.env("STUDIO_CREDITS_STORE", "mysql://app:hunter2@db.example/credits");
    let r = home.run(&["balance", "--json"]);
    assert_ne!(r.code, 0);
    let said = format!("{}{}", r.stdout, r.stderr);
    assert!(said.contains("STUDIO_CREDITS_STORE") && !said.contains("hunter2"), "{said}");
}
