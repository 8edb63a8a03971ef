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

/// A password that must never be shown: in `daemon status` (human or JSON), the daemon's log,
/// its command line, or an error.
const PASSWORD: &str = "hunter2-never-shown";

/// `url` (`postgres://postgres@…`) with [`PASSWORD`] in it. The private server trusts its
/// socket and loopback, so the password is carried but never checked.
fn with_password(url: &str) -> String {
    url.replacen("postgres://postgres@", &format!("postgres://postgres:{PASSWORD}@"), 1)
}

/// `--store postgres://…` starts a daemon on that database (given by its environment, not its
/// command line), `daemon status` names the store without the password, and a spend lands in
/// the database; `--store sqlite://PATH` puts the ledger in that file.
#[test]
fn the_store_flag_chooses_the_ledger_of_the_daemon_it_starts() {
    let Some(server) = PgServer::start_or_skip("the --store end-to-end test") else { return };
    let url = server.create_database("store_flag").expect("database");
    let home = Home::new();
    home.run(&["--store", &with_password(&url), "spend", "12"]).expect(0);
    assert_eq!(home.json(&["balance"])["spendable"], "488");
    let debits = server.query("store_flag", "SELECT count(*) FROM journal WHERE kind = 'debit'").expect("query");
    assert_eq!(debits, ["1"], "the spend is in the PostgreSQL database");

    let status = home.run(&["daemon", "status", "--json"]).expect(0);
    assert_eq!(status.json()["store"], url.as_str(), "{}", status.stdout);
    let human = home.run(&["daemon", "status"]).expect(0);
    assert!(human.stdout.contains(&format!("store    {url}")), "{human:#?}");
    let config = home.run(&["--store", &with_password(&url), "config", "show", "--json"]).expect(0);
    assert_eq!(config.json()["store"], url.as_str(), "{}", config.stdout);
    let config_toml = home.run(&["--store", &with_password(&url), "config", "show"]).expect(0);
    assert!(config_toml.stdout.contains(&format!("store = \"{url}\"")), "{}", config_toml.stdout);
    let pid = home.daemon_pid().expect("a daemon");
    let argv = std::fs::read(format!("/proc/{pid}/cmdline")).expect("cmdline");
    let log = std::fs::read_to_string(home.path().join("daemon.log")).unwrap_or_default();
    for (what, text) in [
        ("status --json", status.stdout.as_str()),
        ("status", human.stdout.as_str()),
        ("config show", &format!("{}{}", config.stdout, config_toml.stdout)),
        ("the log", log.as_str()),
        ("argv", &String::from_utf8_lossy(&argv)),
    ] {
        assert!(!text.contains(PASSWORD), "{what} shows the password: {text}");
    }
    assert!(!String::from_utf8_lossy(&argv).contains("store_flag"), "the store is not on the daemon's command line");

    // A running daemon keeps its store: `daemon start` naming another says so.
    let default_file = format!("sqlite://{}", home.path().join("credits.db").display());
    let r = home.run(&["--store", &default_file, "daemon", "start"]).expect(0);
    assert!(r.stderr.contains(&format!("serves {url}, not {default_file}")), "{r:#?}");

    let other = Home::new();
    let file = other.path().join("elsewhere").join("ledger.db");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    let store = format!("sqlite://{}", file.display());
    other.run(&["--store", &store, "spend", "3"]).expect(0);
    assert!(file.is_file(), "the ledger is the named file");
    // Later commands name the same ledger (a daemon of another ledger is refused, not used).
    assert_eq!(other.json(&["--store", &store, "daemon", "status"])["store"], store.as_str());
    assert!(!other.path().join("credits.db").exists(), "not the default file");
}

/// `--store` has nothing to choose in remote mode: refused (exit 2), saying so. Its help warns
/// that a password in the flag is visible to others, and never prints the variable's value.
#[test]
fn the_store_flag_is_refused_in_remote_mode_and_its_help_warns_about_passwords() {
    let mut home = Home::new();
    let r = home.run(&["--server", "https://127.0.0.1:9", "--store", "sqlite:///tmp/x.db", "balance"]).expect(2);
    assert!(r.stderr.contains("--store") && r.stderr.contains("remote mode"), "{r:#?}");
    home.env("STUDIO_CREDITS_STORE", &format!("postgres://app:{PASSWORD}@db.example/credits"));
    let help = home.run(&["--help"]).expect(0);
    assert!(help.stdout.contains("--store <URL>") && help.stdout.contains("visible to other local users"), "{help:#?}");
    assert!(!help.stdout.contains(PASSWORD), "{}", help.stdout);
}

/// The database stops under a running daemon: a spend exits 3 saying so and moves nothing,
/// HTTP answers 503 with `Retry-After`; once the database is back the same daemon spends again.
#[test]
fn a_daemon_whose_database_stops_answers_unavailable_then_recovers() {
    let Some(mut server) = PgServer::start_or_skip("the lost-database end-to-end test") else { return };
    let url = server.create_database("lost_db").expect("database");
    let mut home = Home::new();
    home.env("STUDIO_CREDITS_STORE", &with_password(&url));
    home.json(&["spend", "10"]);
    let token = home.json(&["seats", "token", "tester"])["token"].as_str().expect("token").to_owned();
    let api = common::http::Api::new(&home.http_addr(), Some(&token));
    let pid = home.daemon_pid();

    server.stop().expect("stop PostgreSQL");
    let r = home.run(&["spend", "5", "--idempotency-key", "while-down"]).expect(3);
    assert!(r.stderr.contains("PostgreSQL") && r.stderr.contains("nothing was changed"), "{r:#?}");
    eprintln!("spend with the database down: {}", r.stderr.trim());
    assert!(!r.stderr.contains(PASSWORD), "{r:#?}");
    let resp = api.post("/v1/usage", &serde_json::json!({"amount": "1"})).expect(503);
    assert_eq!(resp.error_type(), "unavailable", "{resp:#?}");
    assert_eq!(resp.header("retry-after"), Some("5"), "{resp:#?}");

    server.restart().expect("start PostgreSQL again");
    let back = wait_until(Duration::from_secs(20), || home.run(&["balance", "--json"]).code == 0);
    assert!(back, "the daemon never reached the database again");
    assert_eq!(home.json(&["balance"])["spendable"], "490", "the refused spends moved nothing");
    home.json(&["spend", "5", "--idempotency-key", "while-down"]);
    assert_eq!(home.json(&["balance"])["spendable"], "485");
    assert_eq!(home.daemon_pid(), pid, "the same daemon");
    let log = std::fs::read_to_string(home.path().join("daemon.log")).unwrap_or_default();
    assert!(!log.contains(PASSWORD), "the log shows the password");
}

/// A certificate authority for the TLS test: (its PEM, the issuer that signs).
fn test_ca(name: &str) -> (String, rcgen::CertifiedIssuer<'static, rcgen::KeyPair>) {
    use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair};
    let mut params = CertificateParams::new(Vec::<String>::new()).expect("params");
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.distinguished_name.push(DnType::CommonName, name);
    let issuer = CertifiedIssuer::self_signed(params, KeyPair::generate().expect("key")).expect("CA");
    (issuer.pem(), issuer)
}

/// `sslmode=require` encrypts the daemon's connections (pg_stat_ssl says so) and verifies the
/// server's certificate against `STUDIO_CREDITS_STORE_CA_CERT`; without that CA, or with
/// another, the daemon refuses to start, naming the certificate problem, never the password.
#[test]
fn tls_to_postgres_verifies_the_server_certificate() {
    use rcgen::{CertificateParams, DnType, KeyPair};
    let (ca_pem, ca) = test_ca("studio-credits test PostgreSQL CA");
    let key = KeyPair::generate().expect("key");
    let mut params = CertificateParams::new(vec!["127.0.0.1".to_owned(), "localhost".to_owned()]).expect("params");
    params.distinguished_name.push(DnType::CommonName, "studio-credits test PostgreSQL");
    let cert = params.signed_by(&key, &ca).expect("server certificate");
    let server = match PgServer::start_tls(&cert.pem(), &key.serialize_pem()) {
        Ok(s) => s,
        Err(why) if std::env::var("CI").as_deref() != Ok("true") => {
            eprintln!("SKIPPED: the PostgreSQL TLS test: {why}");
            return;
        }
        Err(why) => panic!("the PostgreSQL TLS test needs PostgreSQL under CI=true: {why}"),
    };
    server.create_database("tls_db").expect("database");
    let url = format!("postgres://postgres:{PASSWORD}@127.0.0.1:{}/tls_db?sslmode=require", server.port());

    let mut home = Home::new();
    let ca_file = home.path().join("pg-ca.pem");
    std::fs::write(&ca_file, &ca_pem).unwrap();
    home.env("STUDIO_CREDITS_STORE", &url).env("STUDIO_CREDITS_STORE_CA_CERT", &ca_file.display().to_string());
    home.run(&["spend", "7"]).expect(0);
    assert_eq!(home.json(&["balance"])["spendable"], "493");
    let shown = home.json(&["daemon", "status"])["store"].as_str().expect("store").to_owned();
    assert_eq!(shown, format!("postgres://postgres@127.0.0.1:{}/tls_db?sslmode=require", server.port()));
    let sessions = "SELECT s.ssl FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE a.datname = 'tls_db'";
    let ssl = server.query("postgres", sessions).expect("pg_stat_ssl");
    assert!(!ssl.is_empty() && ssl.iter().all(|s| s == "t"), "every connection of the daemon is encrypted: {ssl:?}");

    let (other_pem, _) = test_ca("some other CA");
    for ca in [None, Some(other_pem)] {
        let mut refused = Home::new();
        refused.env("STUDIO_CREDITS_STORE", &url);
        if let Some(pem) = &ca {
            let path = refused.path().join("other-ca.pem");
            std::fs::write(&path, pem).unwrap();
            refused.env("STUDIO_CREDITS_STORE_CA_CERT", &path.display().to_string());
        }
        let r = refused.run(&["balance"]).expect(3);
        assert!(r.stderr.contains("certificate") && r.stderr.contains("UnknownIssuer"), "{r:#?}");
        eprintln!("a refused certificate: {}", r.stderr.trim());
        let log = std::fs::read_to_string(refused.path().join("daemon.log")).unwrap_or_default();
        assert!(!r.stderr.contains(PASSWORD) && !log.contains(PASSWORD), "{r:#?}\n{log}");
    }
    assert_eq!(home.json(&["balance"])["spendable"], "493", "nothing changed by the refused daemons");
}
