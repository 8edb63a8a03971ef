//! Burn rates and the forecast through the real binary, on a history built across a month with
//! the daemon's fake clock (restarted at chosen instants to spend then), in a workspace in
//! America/New_York. Every expected figure is worked out here by hand from the definitions in
//! README "Forecast" (the arithmetic is in the constants and their comments), never by calling
//! the code under test. The query's own instant is the daemon's clock, which runs on from its
//! fake start for the seconds the test takes: figures that depend on it are computed from the
//! `now` the answer reports.

mod common;

use common::Home;
use common::http::Api;
use serde_json::Value;

/// America/New_York's November 2026 starts at 00:00 EDT on the 1st (DST ends at 02:00 that
/// day): 2026-11-01T04:00:00Z, Unix second 1,793,505,600.
const PERIOD_START: i64 = 1_793_505_600;
/// The reset: 00:00 EST on December 1st, 2026-12-01T05:00:00Z.
const RESETS_AT: &str = "2026-12-01T05:00:00Z";
/// The query: 2026-11-16T12:00:00Z, Unix second 1,794,830,400 (15 days 8 hours after the start).
const QUERY: &str = "2026-11-16T12:00:00Z";
const QUERY_SECOND: i64 = 1_794_830_400;
const WEEK: i64 = 604_800;

/// ann spent 100 on Nov 3, 40 on Nov 10 and 30 on Nov 14: 170 this period, 70 in the 7 days
/// before the query (from Nov 9, 12:00 UTC). In millicredits.
const ANN_PERIOD: i64 = 170_000;
/// 70,000 × 86,400 / 604,800 = 10,000 millicredits a day.
const ANN_WEEK_PER_DAY: &str = "10";
/// bob spent 150 on Nov 10 and 200 on Nov 14: 350 this period and in the last 7 days.
const BOB_PERIOD: i64 = 350_000;
/// 350,000 × 86,400 / 604,800 = 50,000 millicredits a day.
const BOB_WEEK_PER_DAY: &str = "50";
/// bob's included left: 500 − 350 = 150; at 350 a week it lasts 150,000 × 604,800 / 350,000 =
/// 259,200 s, exactly 3 days. With no top-up credits his spendable reaches zero then too.
const BOB_LASTS: i64 = 259_200;
/// The workspace: 170 + 350 = 520 this period; 70 + 350 = 420 in 7 days: 420,000 × 86,400 /
/// 604,800 = 60,000 a day.
const ALL_PERIOD: i64 = 520_000;
const ALL_WEEK_PER_DAY: &str = "60";

/// Millicredits a day for `used` millicredits over `seconds`, rounded down, as the decimal
/// string amounts are written in.
fn per_day(used: i64, seconds: i64) -> String {
    let millis = used * 86_400 / seconds;
    let (whole, frac) = (millis / 1000, millis % 1000);
    if frac == 0 { whole.to_string() } else { format!("{whole}.{frac:03}").trim_end_matches('0').to_owned() }
}

/// The Unix second of an RFC 3339 UTC instant.
fn second(s: &str) -> i64 {
    s.parse::<jiff::Timestamp>().expect("an RFC 3339 instant").as_second()
}

/// Restarts the daemon with its clock at `at`.
fn at(home: &mut Home, at: &str) {
    home.run(&["daemon", "stop"]).expect(0);
    home.env("STUDIO_CREDITS_FAKE_NOW", at);
}

fn spend(home: &Home, seat: &str, amount: &str) {
    home.run(&["spend", amount, "--seat", seat]).expect(0);
}

/// The history: a workspace in New York with seats ann, bob, cy (idle) and tester (the default
/// seat, idle); ann and bob spend on Nov 3, 10 and 14; the clock ends at the query instant.
fn history() -> Home {
    let mut home = Home::new();
    home.env("STUDIO_CREDITS_FAKE_NOW", "2026-11-02T12:00:00Z");
    home.run(&["workspace", "set", "--tz", "America/New_York"]).expect(0);
    home.run(&["seats", "add", "ann", "bob", "cy"]).expect(0);
    at(&mut home, "2026-11-03T12:00:00Z");
    spend(&home, "ann", "100");
    at(&mut home, "2026-11-10T12:00:00Z");
    spend(&home, "ann", "40");
    spend(&home, "bob", "150");
    at(&mut home, "2026-11-14T12:00:00Z");
    spend(&home, "ann", "30");
    spend(&home, "bob", "200");
    at(&mut home, QUERY);
    home
}

/// The seconds the answer's `now` is past the query instant (the test's own running time).
fn late(f: &Value) -> i64 {
    let late = second(f["now"].as_str().expect("now")) - QUERY_SECOND;
    assert!((0..600).contains(&late), "the clock is {late} s past the query: {f:#}");
    late
}

/// `offset` seconds after the query instant, within the hour, on day `day` of November: the
/// instant in UTC and in New York (EST, UTC−5), written out by hand.
fn on_nov(day: u32, offset: i64) -> (String, String) {
    assert!((0..3600).contains(&offset));
    let (m, s) = (offset / 60, offset % 60);
    (format!("2026-11-{day:02}T12:{m:02}:{s:02}Z"), format!("2026-11-{day:02}T07:{m:02}:{s:02}-05:00"))
}

fn assert_not_before_reset(t: &Value, what: &str) {
    assert_eq!(t["not_before_reset"], true, "{what}: {t}");
    assert!(t["at"].is_null() && t["at_local"].is_null(), "{what}: {t}");
}

fn assert_at(t: &Value, (utc, local): &(String, String), what: &str) {
    assert_eq!(t["not_before_reset"], false, "{what}: {t}");
    assert_eq!(t["at"], utc.as_str(), "{what}");
    assert_eq!(t["at_local"], local.as_str(), "{what}");
}

fn seat<'a>(f: &'a Value, name: &str) -> &'a Value {
    f["seats"].as_array().expect("seats").iter().find(|s| s["seat"] == name).unwrap_or_else(|| panic!("{name}: {f:#}"))
}

#[test]
fn burn_and_forecast_of_a_month_in_new_york() {
    let home = history();
    let usage = home.json(&["usage"]);
    let f = &usage["forecast"];
    let late = late(f);
    // Seconds since the period started, at the answer's instant.
    let since = QUERY_SECOND + late - PERIOD_START;
    assert_eq!(f["time_zone"], "America/New_York");
    assert_eq!(f["period"], "2026-11");
    assert_eq!(f["period_start"], "2026-11-01T04:00:00Z");
    assert_eq!(f["resets_at"], RESETS_AT);
    assert_eq!(f["topup"], "0");
    let names: Vec<&str> = f["seats"].as_array().unwrap().iter().map(|s| s["seat"].as_str().unwrap()).collect();
    assert_eq!(names, ["ann", "bob", "cy", "tester"]);

    // ann: 170 over ~15.3 days (≈ 11.09 a day) beats 10 a day in the last week, so the period's
    // rate decides; her 330 left last 330,000 × since / 170,000 s (≈ 29.8 days): past the reset.
    let ann = seat(f, "ann");
    assert_eq!(ann["burn_per_day"]["period"], per_day(ANN_PERIOD, since));
    assert_eq!(ann["burn_per_day"]["last_7_days"], ANN_WEEK_PER_DAY);
    // 170,000 / since > 70,000 / 604,800: the period's rate is the greater.
    assert!(ANN_PERIOD * WEEK > 70_000 * since);
    assert_eq!(ann["basis"], "period");
    assert_eq!(ann["included"], "330");
    assert!(330_000 * since / ANN_PERIOD > second(RESETS_AT) - QUERY_SECOND);
    assert_not_before_reset(&ann["included_runs_out"], "ann's included");
    assert_not_before_reset(&ann["spendable_reaches_zero"], "ann's spendable");

    // bob: 50 a day in the last week beats ≈ 22.8 over the period; out 3 days from now, at 07:00
    // in New York on the 19th (plus the test's seconds).
    let bob = seat(f, "bob");
    assert_eq!(bob["burn_per_day"]["period"], per_day(BOB_PERIOD, since));
    assert_eq!(bob["burn_per_day"]["last_7_days"], BOB_WEEK_PER_DAY);
    assert_eq!(bob["basis"], "last_7_days");
    assert_eq!(bob["included"], "150");
    assert_eq!(bob["spendable"], "150");
    let bob_out = on_nov(19, late + BOB_LASTS - 3 * 86_400);
    assert_at(&bob["included_runs_out"], &bob_out, "bob's included");
    assert_at(&bob["spendable_reaches_zero"], &bob_out, "bob's spendable");

    // Seats with no usage: no burn, nothing before the reset.
    for idle in ["cy", "tester"] {
        let s = seat(f, idle);
        assert_eq!(s["burn_per_day"]["period"], "0");
        assert_eq!(s["burn_per_day"]["last_7_days"], "0");
        assert_eq!(s["basis"], "last_7_days", "a tie is the last 7 days");
        assert_not_before_reset(&s["included_runs_out"], idle);
        assert_not_before_reset(&s["spendable_reaches_zero"], idle);
    }

    // The workspace: its seats' sums; its included runs out when every seat's has (never here).
    assert_eq!(f["totals"]["burn_per_day"]["period"], per_day(ALL_PERIOD, since));
    assert_eq!(f["totals"]["burn_per_day"]["last_7_days"], ALL_WEEK_PER_DAY);
    assert_not_before_reset(&f["totals"]["included_runs_out"], "the workspace's included");
    assert_not_before_reset(&f["totals"]["spendable_reaches_zero"], "the workspace's spendable");
    // The monthly figures are still there, unchanged.
    assert_eq!(usage["months"][0]["used"], "520");

    // One seat: only bob, with the workspace's totals.
    let one = home.json(&["usage", "--seat", "bob"]);
    assert_eq!(one["forecast"]["seats"].as_array().unwrap().len(), 1);
    assert_eq!(seat(&one["forecast"], "bob")["basis"], "last_7_days");
    assert_eq!(one["forecast"]["totals"]["burn_per_day"]["last_7_days"], ALL_WEEK_PER_DAY);

    // `balance --json` carries the seat's forecast beside its usual fields.
    let b = home.json(&["balance", "--seat", "bob"]);
    assert_eq!(b["spendable"], "150");
    assert_eq!(b["forecast"]["seat"], "bob");
    assert_eq!(b["forecast"]["burn_per_day"]["last_7_days"], BOB_WEEK_PER_DAY);
    let out = second(b["forecast"]["included_runs_out"]["at"].as_str().expect("an instant"));
    assert!((QUERY_SECOND + BOB_LASTS..QUERY_SECOND + BOB_LASTS + 600).contains(&out), "{b:#}");

    // The people's table shows the zone's time.
    let table = home.run(&["usage"]).expect(0).stdout;
    assert!(table.contains("2026-11-19 07:") && table.contains("America/New_York"), "{table}");
    assert!(table.contains("not before the reset"), "{table}");

    // When ann, cy and tester are removed, bob alone decides the workspace's figures.
    for gone in ["ann", "cy", "tester"] {
        home.run(&["seats", "remove", gone, "--yes"]).expect(0);
    }
    let f = &home.json(&["usage"])["forecast"];
    let late = self::late(f);
    assert_eq!(f["seats"].as_array().unwrap().len(), 1);
    assert_eq!(f["totals"]["burn_per_day"]["period"], per_day(BOB_PERIOD, QUERY_SECOND + late - PERIOD_START));
    assert_eq!(f["totals"]["burn_per_day"]["last_7_days"], BOB_WEEK_PER_DAY);
    let out = on_nov(19, late + BOB_LASTS - 3 * 86_400);
    assert_at(&f["totals"]["included_runs_out"], &out, "the workspace's included");
    assert_at(&f["totals"]["spendable_reaches_zero"], &out, "the workspace's spendable");
}

#[test]
fn check_for_adds_the_burn_over_the_duration() {
    let home = history();
    // 10 + 50 a day × 2 days = 110 ≤ 150: fits.
    let two_days = home.run(&["check", "10", "--for", "2d", "--seat", "bob"]).expect(0);
    assert!(two_days.stdout.contains("Fits at this burn: 110 credits needed"), "{}", two_days.stdout);
    // 10 + 50 × 3 = 160 > 150: does not fit, exit 42.
    let v = home.run(&["check", "10", "--for", "3d", "--seat", "bob", "--json"]).expect(42).json();
    assert_eq!(v["fits"], false);
    assert_eq!(v["amount"], "10");
    assert_eq!(v["for_seconds"], 259_200);
    assert_eq!(v["burn_per_day"], BOB_WEEK_PER_DAY);
    assert_eq!(v["basis"], "last_7_days");
    assert_eq!(v["need"], "160");
    assert_eq!(v["spendable"], "150");
    assert_eq!(v["balance"]["spendable"], "150");
    // 350,000 × 420 / 604,800 = 243.05… millicredits in 7 minutes, rounded up to 244: 1.244.
    let v = home.json(&["check", "1", "--for", "7m", "--seat", "bob"]);
    assert_eq!((v["need"].as_str(), v["fits"].as_bool()), (Some("1.244"), Some(true)));
    // An idle seat needs only the amount; without --for, check is unchanged.
    assert_eq!(home.json(&["check", "500", "--for", "30d", "--seat", "cy"])["need"], "500");
    let plain = home.json(&["check", "10", "--seat", "bob"]);
    assert!(plain.get("need").is_none() && plain["fits"] == true, "{plain:#}");
    // Durations are whole numbers with a unit.
    for bad in ["7", "1.5d", "0d", "-1h", "7w"] {
        home.run(&["check", "10", "--for", bad]).expect(2);
    }

    // The same over HTTP, with a read key.
    let key = home.json(&["keys", "create", "planner", "--scope", "read"]);
    let api = Api::new(&home.http_addr(), Some(key["token"].as_str().expect("a token")));
    let v = api.get("/v1/check?amount=10&seat=bob&for_seconds=259200").expect(200).json();
    assert_eq!((v["need"].as_str(), v["fits"].as_bool()), (Some("160"), Some(false)));
    api.get("/v1/check?amount=10&seat=bob&for_seconds=0").expect(400);
    let f = api.get("/v1/forecast?seat=bob").expect(200).json();
    let late = late(&f);
    assert_at(&seat(&f, "bob")["included_runs_out"], &on_nov(19, late + BOB_LASTS - 3 * 86_400), "bob over HTTP");
    let every = api.get("/v1/forecast?every_seat=true").expect(200).json();
    assert_eq!(every["seats"].as_array().unwrap().len(), 4);
}

/// `auto-topup simulate` on a constructed history, figures by hand. The seat `tester` (500
/// included) spends 200 on Nov 10 and 200 on Nov 12 (UTC): its last-7-days rate, 400 credits
/// over 604,800 s, is above its period rate (400 over more than 11 days), so the run uses it.
/// The rule tried: below 200, buy $5 (500 credits at 100 a dollar), at most $5 a month.
/// - 100 included left < 200: the rule buys at the first step, 60 s in.
/// - Then included + top-up (600 less the burn) falls below 200 once 400 more are used:
///   400,000 × 604,800 / 400,000 = 604,800 s; the next step, 604,860 s, would buy again, but $5
///   more passes the $5 cap: capped there.
/// - 600 credits in all last 907,200 s (600,000 × 604,800 / 400,000); the step after, 907,260 s,
///   finds the seat short: its first refusal. The reset (Dec 1) is 18 days away: not crossed in 12.
#[test]
fn auto_topup_simulate_buys_caps_and_runs_out_when_the_burn_says() {
    let mut home = Home::new();
    home.env("STUDIO_CREDITS_FAKE_NOW", "2026-11-10T10:00:00Z");
    spend(&home, "tester", "200");
    at(&mut home, "2026-11-12T10:00:00Z");
    spend(&home, "tester", "200");
    let v =
        home.json(&["auto-topup", "simulate", "--days", "12", "--below", "200", "--buy", "5", "--max-per-month", "5"]);
    let from = second(v["from"].as_str().expect("from"));
    let after = |s: &Value| second(s.as_str().expect("an instant")) - from;
    assert_eq!((v["workspace_rule"].as_bool(), v["days"].as_i64()), (Some(false), Some(12)), "{v:#}");
    assert_eq!(v["burn_per_day"], per_day(400_000, 604_800), "{v:#}");
    let bought: Vec<i64> = v["purchases"].as_array().expect("purchases").iter().map(|p| after(&p["at"])).collect();
    assert_eq!(bought, [60], "{v:#}");
    assert_eq!((v["purchases"][0]["credits"].as_str(), v["spent_cents"].as_i64()), (Some("500"), Some(500)));
    let capped: Vec<i64> = v["capped"].as_array().expect("capped").iter().map(|c| after(&c["at"])).collect();
    assert_eq!(capped, [604_860], "{v:#}");
    assert_eq!(after(&v["first_refusal"]["at"]), 907_260, "{v:#}");
    // Nothing was bought for real, and no rule was set.
    assert!(home.json(&["auto-topup", "show"])["rule"].is_null());
    assert_eq!(home.json(&["balance"])["topup"]["remaining"], "0");

    // Without a rule of its own and none given, the workspace is told how to get one (exit 2).
    let r = home.run(&["auto-topup", "simulate"]).expect(2);
    assert!(r.stderr.contains("no auto top-up rule"), "{}", r.stderr);
    // The people's output says the same as the JSON.
    let r =
        home.run(&["auto-topup", "simulate", "--days", "12", "--below", "200", "--buy", "5", "--max-per-month", "5"]);
    let out = r.expect(0).stdout;
    assert!(out.contains("It would buy once, $5.00 in all"), "{out}");
    assert!(out.contains("The monthly cap would stop a purchase at"), "{out}");
    assert!(out.contains("A seat would run out of credits (exit 42) at"), "{out}");
}
