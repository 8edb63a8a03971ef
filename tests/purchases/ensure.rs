//! `ensure` (the CI recipe), auto top-up, and the `usage` / `advise` reports.

use std::thread;
use std::time::Duration;

use crate::common::Home;
use crate::support::Shop;

#[test]
fn ten_concurrent_ensures_below_the_minimum_buy_once() {
    let shop = Shop::new();
    shop.with_card("pm_card_visa");
    // The default workspace's seat has 500 included credits: below 1000.
    shop.run(&["balance"]).expect(0);
    let runs: Vec<_> = thread::scope(|s| {
        let handles: Vec<_> = (0..10)
            .map(|_| {
                s.spawn(|| shop.run(&["ensure", "--min", "1000", "--buy", "20", "--card-on-file", "--yes", "--json"]))
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("thread")).collect()
    });
    for run in &runs {
        assert_eq!(run.code, 0, "{run:?}");
    }
    let bought = runs.iter().filter(|r| r.json()["bought"] == true).count();
    assert_eq!(bought, 1, "{runs:?}");
    let purchases = shop.purchases();
    assert_eq!(purchases.len(), 1, "{purchases:?}");
    assert_eq!(purchases[0]["origin"], "ensure");
    let pis = shop.stripe.list_payment_intents();
    assert_eq!(pis["data"].as_array().expect("data").len(), 1, "{pis}");
    assert_eq!(shop.topup(), "2000");
    // Above the minimum now: nothing more.
    let again = shop.json(&["ensure", "--min", "1000", "--buy", "20", "--card-on-file", "--yes"]);
    assert_eq!(again["status"], "sufficient");
    assert_eq!(shop.purchases().len(), 1);
    shop.verify();
}

#[test]
fn ensure_above_the_minimum_needs_neither_stripe_nor_confirmation() {
    let home = Home::new();
    let v = home.json(&["ensure", "--min", "100", "--buy", "20", "--card-on-file"]);
    assert_eq!(v["status"], "sufficient");
    assert_eq!(v["bought"], false);
    // Below it and no key: exit 7, checked before any confirmation (card.rs: a script without
    // --yes is refused with exit 2 when Stripe is configured).
    let run = home.run(&["ensure", "--min", "600", "--buy", "20", "--card-on-file"]).expect(7);
    assert!(run.stderr.contains("STRIPE_SECRET_KEY") && !run.stderr.contains("--yes"), "{}", run.stderr);
    home.run(&["ensure", "--min", "600", "--buy", "20", "--card-on-file", "--yes"]).expect(7);
}

#[test]
fn auto_topup_buys_after_a_debit_within_its_monthly_limit() {
    let shop = Shop::new();
    shop.with_card("pm_card_visa");
    let rule = shop.json(&["auto-topup", "set", "--below", "300", "--buy", "10", "--max-per-month", "15"]);
    assert_eq!(rule["rule"]["below"], "300");
    assert_eq!(rule["rule"]["amount_cents"], 1000);
    assert_eq!(shop.topup(), "0");
    // 500 included, spend 250: 250 left, below 300.
    shop.run(&["spend", "250"]).expect(0);
    shop.wait_topup("1000");
    let purchases = shop.purchases();
    assert_eq!(purchases.len(), 1, "{purchases:?}");
    assert_eq!(purchases[0]["origin"], "auto");
    assert_eq!(purchases[0]["kind"], "card");
    assert_eq!(shop.purchase_entries()[0]["actor"], "daemon", "auto top-up is the daemon's own job");
    // Spend it all again: the next $10 would pass the $15 monthly limit.
    shop.run(&["spend", "1200"]).expect(0);
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(shop.purchases().len(), 1);
    let shown = shop.json(&["auto-topup", "show"]);
    assert_eq!(shown["spent_this_period_cents"], 1000);
    assert_eq!(shop.json(&["auto-topup", "off"])["rule"], serde_json::Value::Null);
    shop.verify();
}

#[test]
fn usage_and_advise_show_their_figures() {
    let shop = Shop::new();
    shop.with_card("pm_card_visa");
    shop.run(&["plan", "set", "pro", "--now"]).expect(0);
    shop.run(&["buy", "50", "--card-on-file", "--yes"]).expect(0);
    shop.run(&["spend", "4000"]).expect(0);
    let usage = shop.json(&["usage", "--months", "3"]);
    let month = &usage["months"][0];
    assert_eq!(month["used"], "4000", "{usage}");
    assert_eq!(month["included_used"], "2500");
    assert_eq!(month["topup_used"], "1500");
    assert_eq!(month["purchased"], "5000");
    let human = shop.run(&["usage"]).expect(0);
    assert!(human.stdout.contains("4,000"), "{}", human.stdout);

    // 4000 a month on pro (2500 included): 1500 over = $15 of top-ups → $35; team costs $40.
    let advice = shop.json(&["advise"]);
    assert_eq!(advice["recent_monthly_burn"], "4000", "{advice}");
    assert_eq!(advice["monthly_cost_cents"], 3500);
    assert_eq!(advice["upgrade"]["plan"], "team");
    assert_eq!(advice["upgrade"]["extra_credits_per_usd"], "175");
    assert_eq!(advice["upgrade"]["monthly_cost_cents"], 4000);
    assert_eq!(advice["recommendation"], "top_up");
    shop.run(&["spend", "3000"]).expect(0);
    // 7000: pro costs $20 + $45 = $65, team $40 + $10 = $50.
    let advice = shop.json(&["advise"]);
    assert_eq!(advice["recommendation"], "upgrade", "{advice}");
    assert!(shop.run(&["advise"]).expect(0).stdout.contains("team"));
}
