//! Blocked, then buy: `spend` refused with 402 on a terminal offers a top-up, and once Stripe
//! confirmed it retries the same spend with the same idempotency key. Driven under a real
//! pseudo-terminal (rexpect).

use std::time::Duration;

use rexpect::session::PtySession;

use crate::common::pty::{self, exit_code};
use crate::support::Shop;

const TIMEOUT_MS: u64 = 30_000;

fn spawn(shop: &Shop, args: &[&str]) -> PtySession {
    pty::spawn(&shop.home, args, Duration::from_millis(TIMEOUT_MS))
}

#[test]
fn blocked_spend_on_a_terminal_buys_then_goes_through_once() {
    let shop = Shop::new();
    shop.with_card("pm_card_visa");
    // The free plan's 500 included credits do not cover 700.
    let mut s = spawn(&shop, &["spend", "700", "--idempotency-key", "job-42", "--memo", "long summary"]);
    s.exp_string("Payment required").expect("the 402 is shown");
    s.exp_string("non-refundable").expect("the terms are shown");
    s.exp_string("Amount in dollars [$5.00]").expect("a default covering the shortfall");
    // A yes to the suggested amount is the suggested amount.
    s.send_line("yes").expect("accept the default");
    s.exp_string("card on file (c)").expect("asks how to pay");
    s.send_line("c").expect("card");
    s.exp_string("Retrying the spend").expect("bought");
    s.exp_string("Spent 700 credits (500 from included, 200 from top-up)").expect("the original spend went through");
    s.exp_eof().expect("exit");
    assert_eq!(exit_code(&mut s), 0);

    let b = shop.json(&["balance"]);
    // 500 included + 500 bought - 700 spent.
    assert_eq!(b["included"]["remaining"], "0");
    assert_eq!(b["topup"]["remaining"], "300");
    let debits = shop.json(&["history", "--kind", "debit"])["entries"].as_array().expect("entries").clone();
    assert_eq!(debits.len(), 2, "one spend, split over both pools: {debits:?}");
    assert!(debits.iter().all(|e| e["ref"] == "job-42" && e["memo"] == "long summary"), "{debits:?}");
    // The same key again (a script retrying) spends nothing more.
    shop.run(&["spend", "700", "--idempotency-key", "job-42", "--memo", "long summary"]).expect(0);
    assert_eq!(shop.json(&["balance"])["topup"]["remaining"], "300");
    shop.verify();
}

#[test]
fn declining_the_offer_exits_42_and_a_non_terminal_never_asks() {
    let shop = Shop::new();
    let mut s = spawn(&shop, &["spend", "700"]);
    s.exp_string("Payment required").expect("the refusal, once");
    s.exp_string("Amount in dollars").expect("offered");
    s.send_line("n").expect("decline");
    let rest = s.exp_eof().expect("exit");
    assert_eq!(exit_code(&mut s), 42);
    assert!(rest.contains("canceled; nothing was bought and nothing was spent"), "{rest}");
    assert!(!rest.to_lowercase().contains("payment required"), "the refusal is not repeated: {rest}");
    // Without a terminal: exit 42 at once (stdin is /dev/null here).
    let run = shop.run(&["spend", "700"]).expect(42);
    assert!(!run.stderr.contains("Amount in dollars"), "{}", run.stderr);
    assert!(shop.purchases().is_empty());
}
