//! The monthly rollover through the real binary and a daemon whose clock starts where the test
//! says (`STUDIO_CREDITS_FAKE_NOW`): the reset at midnight, exactly once across restarts and two
//! daemons on one database, missed months, time zones and DST, and the `rollover --check` watchdog.
//!
//! Boundaries are crossed in real time (a few seconds after the daemon starts); tests wait on the
//! condition, bounded, never on a fixed sleep.

mod common;

use std::time::Duration;

use common::{Home, is_our_process, kill_pid, pid_in_lockfile, wait_until};
use serde_json::Value;

/// Longest a test waits for a boundary a few seconds away.
const BOUNDARY_WAIT: Duration = Duration::from_secs(30);

/// Polls `balance --json` for workspace `ws` until its period is `period`; returns that balance.
fn wait_for_period(home: &Home, ws: &str, period: &str) -> Value {
    let mut last = Value::Null;
    let reached = wait_until(BOUNDARY_WAIT, || {
        last = home.json(&["balance", "--workspace", ws]);
        last["period"] == period
    });
    assert!(reached, "workspace {ws} never reached {period}: {last:#}");
    last
}

/// The journal of a workspace, oldest first.
fn journal(home: &Home, ws: &str) -> Vec<Value> {
    let mut e = home.json(&["history", "--workspace", ws, "--limit", "1000"])["entries"].as_array().unwrap().clone();
    e.reverse();
    e
}

fn of_kind<'a>(entries: &'a [Value], kind: &str) -> Vec<&'a Value> {
    entries.iter().filter(|e| e["kind"] == kind).collect()
}

fn time_of(e: &Value) -> &str {
    e["time"].as_str().unwrap()
}

fn assert_verified(home: &Home) {
    let v = home.json(&["verify"]);
    assert_eq!(v["ok"], true, "{v:#}");
}

fn restart_at(home: &mut Home, now: &str) {
    home.run(&["daemon", "stop"]).expect(0);
    home.env("STUDIO_CREDITS_FAKE_NOW", now);
    home.run(&["daemon", "start"]).expect(0);
}

#[test]
fn midnight_utc_expires_the_unused_and_grants_the_full_allowance() {
    let mut home = Home::new();
    home.env("STUDIO_CREDITS_FAKE_NOW", "2026-11-30T23:59:57Z");
    let spent = home.json(&["spend", "100.5"]);
    assert_eq!(spent["entries"][0]["period"], "2026-11", "the spend must land before midnight: {spent:#}");
    assert_eq!(spent["balance"]["included"]["resets_at"], "2026-12-01T00:00:00Z");

    let b = wait_for_period(&home, "default", "2026-12");
    assert_eq!(b["included"]["remaining"], "500");
    assert_eq!(b["included"]["allowance"], "500");
    assert_eq!(b["included"]["resets_at"], "2027-01-01T00:00:00Z");
    assert_eq!(b["topup"]["remaining"], "0");
    assert_eq!(b["spendable"], "500");

    let entries = journal(&home, "default");
    let expires = of_kind(&entries, "expire");
    assert_eq!(expires.len(), 1, "{entries:#?}");
    assert_eq!(expires[0]["amount"], "-399.5");
    assert_eq!(expires[0]["period"], "2026-11");
    assert_eq!(expires[0]["balance_after"], "0");
    let december: Vec<_> = of_kind(&entries, "grant").into_iter().filter(|e| e["period"] == "2026-12").collect();
    assert_eq!(december.len(), 1, "{entries:#?}");
    assert_eq!(december[0]["amount"], "500");
    // Applied by the timer at the boundary, not before it and not by a late poll.
    for e in [expires[0], december[0]] {
        assert!(("2026-12-01T00:00:00".."2026-12-01T00:00:10").contains(&time_of(e)), "{e:#}");
    }
    assert_eq!(home.run(&["rollover", "--check"]).code, 0);
    assert_verified(&home);
    let log = std::fs::read_to_string(home.path().join("daemon.log")).unwrap();
    assert!(log.contains("monthly rollover applied"), "{log}");
}

#[test]
fn restarts_grant_nothing_twice_and_missed_months_roll_over_once() {
    let mut home = Home::new();
    home.env("STUDIO_CREDITS_FAKE_NOW", "2026-11-10T12:00:00Z");
    home.json(&["spend", "20"]);
    home.json(&["plan", "set", "pro"]); // from the next period
    assert_eq!(home.json(&["balance"])["included"]["remaining"], "480");
    let before = journal(&home, "default").len();

    restart_at(&mut home, "2026-11-25T08:00:00Z");
    assert_eq!(home.json(&["balance"])["period"], "2026-11");
    assert_eq!(journal(&home, "default").len(), before, "a restart in the same month grants nothing");

    // Down from November to April: one rollover, straight to April, on the new plan.
    restart_at(&mut home, "2027-04-10T09:00:00Z");
    let b = home.json(&["balance"]);
    assert_eq!((b["period"].as_str(), b["included"]["remaining"].as_str()), (Some("2027-04"), Some("2500")));
    let entries = journal(&home, "default");
    assert_eq!(entries.len(), before + 2, "{entries:#?}");
    let grants: Vec<_> = of_kind(&entries, "grant").iter().map(|e| e["period"].as_str().unwrap().to_owned()).collect();
    assert_eq!(grants, ["2026-11", "2027-04"]);
    assert_eq!(of_kind(&entries, "expire")[0]["amount"], "-480");
    assert_eq!(home.json(&["plan", "show"])["plan"]["name"], "pro");

    // Restarted again in April, then with a clock that went back to February: nothing moves.
    restart_at(&mut home, "2027-04-29T23:00:00Z");
    restart_at(&mut home, "2027-02-03T00:00:00Z");
    assert_eq!(home.json(&["balance"])["period"], "2027-04");
    assert_eq!(journal(&home, "default").len(), before + 2);
    let check = home.run(&["rollover", "--check", "--json"]).expect(20).json();
    assert_eq!(check["workspaces"][0]["state"], "ahead");
    assert_verified(&home);
}

#[test]
fn each_workspace_rolls_over_at_midnight_in_its_own_zone() {
    let mut home = Home::new();
    home.env("STUDIO_CREDITS_FAKE_NOW", "2026-11-30T22:59:57Z");
    home.json(&["workspace", "add", "berlin", "--tz", "Europe/Berlin"]);
    home.json(&["workspace", "add", "la", "--tz", "America/Los_Angeles"]);
    let b = home.json(&["balance", "--workspace", "berlin"]);
    assert_eq!(
        (b["period"].as_str(), b["included"]["resets_at"].as_str()),
        (Some("2026-11"), Some("2026-11-30T23:00:00Z"))
    );

    wait_for_period(&home, "berlin", "2026-12");
    let berlin = journal(&home, "berlin");
    let grant = *of_kind(&berlin, "grant").last().unwrap();
    assert!(("2026-11-30T23:00:00".."2026-11-30T23:00:10").contains(&time_of(grant)), "{grant:#}");
    // An hour before midnight UTC: the UTC and Los Angeles workspaces stay in November.
    assert_eq!(home.json(&["balance"])["period"], "2026-11");
    assert_eq!(home.json(&["balance", "--workspace", "la"])["period"], "2026-11");
    assert_eq!(home.run(&["rollover", "--check"]).code, 0);

    // 08:00 UTC on 1 December is midnight in Los Angeles (PST). The UTC workspace is due at once.
    restart_at(&mut home, "2026-12-01T07:59:57Z");
    assert_eq!(home.json(&["balance"])["period"], "2026-12");
    wait_for_period(&home, "la", "2026-12");
    let la = journal(&home, "la");
    assert_eq!(of_kind(&la, "grant").len(), 2);
    let grant = *of_kind(&la, "grant").last().unwrap();
    assert!(("2026-12-01T08:00:00".."2026-12-01T08:00:10").contains(&time_of(grant)), "{grant:#}");
    assert_eq!(of_kind(&journal(&home, "berlin"), "grant").len(), 2, "Berlin rolled over once");
    assert_verified(&home);
}

#[test]
fn an_ambiguous_midnight_at_the_end_of_dst_resets_once() {
    // Havana leaves DST at 01:00 on Sunday 1 November 2026 and midnight happens twice: at 04:00
    // and at 05:00 UTC. November starts at the first; the second changes nothing.
    let mut home = Home::new();
    home.env("STUDIO_CREDITS_FAKE_NOW", "2026-11-01T03:59:57Z");
    let ws = home.json(&["workspace", "add", "havana", "--tz", "America/Havana"]);
    assert_eq!((ws["period"].as_str(), ws["resets_at"].as_str()), (Some("2026-10"), Some("2026-11-01T04:00:00Z")));
    let b = wait_for_period(&home, "havana", "2026-11");
    assert_eq!(b["included"]["resets_at"], "2026-12-01T05:00:00Z"); // CST from then on
    restart_at(&mut home, "2026-11-01T05:00:30Z");
    let grants = of_kind(&journal(&home, "havana"), "grant").into_iter().cloned().collect::<Vec<_>>();
    assert_eq!(grants.len(), 2, "{grants:#?}");
    assert!(("2026-11-01T04:00:00".."2026-11-01T04:00:10").contains(&time_of(&grants[1])), "{grants:#?}");
    assert_verified(&home);
}

#[test]
fn check_exits_0_when_current_20_when_overdue_and_3_without_a_daemon() {
    let mut home = Home::new();
    // No daemon: the watchdog says so and does not start one.
    let r = home.run(&["rollover", "--check"]).expect(3);
    assert!(r.stderr.contains("No daemon is running"), "{r:#?}");
    assert_eq!(home.run(&["rollover", "--check", "--json"]).expect(3).json()["error"]["type"], "daemon_unreachable");
    assert!(home.daemon_pid().is_none() && !home.path().join("daemon.sock").exists());

    // A daemon held from rolling over by itself, restarted after the boundary: honestly overdue.
    home.env("STUDIO_CREDITS_ROLLOVER_PAUSED", "1");
    home.env("STUDIO_CREDITS_FAKE_NOW", "2026-11-20T10:00:00Z");
    home.json(&["spend", "1"]);
    home.run(&["rollover", "--check"]).expect(0);
    restart_at(&mut home, "2026-12-02T06:30:00Z");
    let r = home.run(&["rollover", "--check"]).expect(20);
    assert!(r.stderr.contains("workspace default") && r.stderr.contains("2026-12-01 00:00 UTC"), "{r:#?}");
    assert!(r.stdout.contains("OVERDUE"), "{r:#?}");
    let j = home.run(&["rollover", "--check", "--json"]).expect(20).json();
    assert_eq!(j["due"][0]["workspace"], "default");
    assert_eq!(j["due"][0]["period"], "2026-11");
    assert_eq!(j["due"][0]["due_since"], "2026-12-01T00:00:00Z");
    assert_eq!(j["automatic"], false);
    assert_eq!(j["applied"].as_array().unwrap().len(), 0, "--check applies nothing");
    assert_eq!(home.json(&["balance"])["period"], "2026-11");

    let applied = home.json(&["rollover"]);
    assert_eq!(applied["applied"][0]["workspace"], "default");
    assert_eq!(
        (applied["applied"][0]["from_period"].as_str(), applied["applied"][0]["to_period"].as_str()),
        (Some("2026-11"), Some("2026-12"))
    );
    assert_eq!(applied["applied"][0]["expired"], "499");
    assert_eq!(applied["due"].as_array().unwrap().len(), 0);
    home.run(&["rollover", "--check"]).expect(0);
    let again = home.run(&["rollover"]).expect(0);
    assert!(again.stdout.contains("Nothing was due"), "{again:#?}");
    assert_eq!(of_kind(&journal(&home, "default"), "grant").len(), 2);

    home.run(&["daemon", "stop"]).expect(0);
    home.run(&["rollover", "--check"]).expect(3);
    assert!(!home.daemon_pid().is_some_and(is_our_process), "--check must not start a daemon");
}

#[test]
fn check_exits_20_and_names_the_workspace_when_the_clock_went_back() {
    let mut home = Home::new();
    home.env("STUDIO_CREDITS_FAKE_NOW", "2026-11-20T10:00:00Z");
    home.json(&["workspace", "add", "acme", "--tz", "Europe/Berlin"]);
    home.run(&["rollover", "--check"]).expect(0);
    // The clock goes back to October between two daemon runs: both workspaces are ahead of it.
    restart_at(&mut home, "2026-10-30T10:00:00Z");
    let r = home.run(&["rollover", "--check"]).expect(20);
    for ws in ["default", "acme"] {
        assert!(r.stderr.contains(&format!("workspace {ws} is on 2026-11")), "{r:#?}");
    }
    assert!(r.stderr.contains("went backwards") && r.stderr.contains("2026-10"), "{r:#?}");
    assert!(!r.stdout.contains("OK"), "{r:#?}");
    assert!(r.stdout.contains("AHEAD"), "{r:#?}");
    let j = home.run(&["rollover", "--check", "--json"]).expect(20).json();
    assert_eq!(j["workspaces"][0]["state"], "ahead");
    assert_eq!(j["due"].as_array().unwrap().len(), 0);
    // --quiet still says it on stderr (cron mails it), and the verdict stays in the exit code.
    let q = home.run(&["rollover", "--check", "--quiet"]).expect(20);
    assert!(q.stdout.is_empty() && q.stderr.contains("workspace acme"), "{q:#?}");
    // Nothing moved, and back on the ledger's month all is well again.
    assert_eq!(home.json(&["balance"])["period"], "2026-11");
    restart_at(&mut home, "2026-11-21T10:00:00Z");
    home.run(&["rollover", "--check"]).expect(0);
    assert_verified(&home);
}

#[test]
fn unknown_time_zones_are_refused_with_exit_2() {
    let home = Home::new();
    let r = home.run(&["workspace", "add", "mars", "--tz", "Mars/Olympus_Mons", "--json"]).expect(2).json();
    assert_eq!(r["error"]["type"], "invalid_input");
    assert!(r["error"]["message"].as_str().unwrap().contains("Mars/Olympus_Mons"), "{r:#}");
    home.run(&["workspace", "set", "--tz", "Mars/Olympus_Mons"]).expect(2);
    assert_eq!(home.json(&["workspace", "show"])["time_zone"], "UTC");
    assert_eq!(home.run(&["workspace", "list", "--json"]).json()["workspaces"].as_array().unwrap().len(), 1);
}

#[test]
fn plan_now_regrants_at_the_new_level_less_what_was_used() {
    let home = Home::new();
    home.json(&["spend", "100"]);
    assert_eq!(home.json(&["plan", "set", "team", "--now"])["plan"], "team");
    assert_eq!(home.json(&["balance"])["included"]["remaining"], "5900");
    home.json(&["plan", "set", "free", "--now"]);
    assert_eq!(home.json(&["balance"])["included"]["remaining"], "400");
    home.json(&["plan", "set", "pro", "--now"]);
    assert_eq!(home.json(&["balance"])["included"]["remaining"], "2400");
    assert_verified(&home);
}

/// Kills, on drop, the daemon whose lock file is this one.
struct Daemons(std::path::PathBuf);

impl Drop for Daemons {
    fn drop(&mut self) {
        if let Some(pid) = pid_in_lockfile(&self.0) {
            kill_pid(pid);
        }
    }
}

#[test]
fn two_environments_on_one_database_share_one_daemon_and_roll_over_once() {
    // Two environments that share a data directory (so one ledger file) but have their own
    // runtime directories (so their own socket paths): one daemon serves both, and the boundary
    // is crossed once.
    let shared = tempfile::tempdir().unwrap();
    let homes: Vec<Home> = (0..2)
        .map(|_| {
            let mut h = Home::new();
            let runtime = h.path().join("run");
            let config = h.path().join("config");
            std::fs::create_dir_all(&runtime).unwrap();
            h.env("STUDIO_CREDITS_HOME", "")
                .env("XDG_DATA_HOME", &shared.path().display().to_string())
                .env("XDG_CONFIG_HOME", &config.display().to_string())
                .env("XDG_RUNTIME_DIR", &runtime.display().to_string())
                .env("STUDIO_CREDITS_FAKE_NOW", "2026-11-30T23:59:57Z");
            h
        })
        .collect();
    let _guard = Daemons(shared.path().join("studio-credits/daemon.pid"));
    homes[0].json(&["seats", "add", "bob"]);
    homes[1].json(&["seats", "add", "carol"]);
    let pids: Vec<_> = homes.iter().map(|h| h.json(&["daemon", "status"])["pid"].clone()).collect();
    assert_eq!(pids[0], pids[1], "one daemon for one ledger");

    wait_for_period(&homes[1], "default", "2026-12");
    assert!(wait_until(BOUNDARY_WAIT, || homes[1].json(&["daemon", "status"])["now"].as_str()
        > Some("2026-12-01T00:00:03")));
    let entries = journal(&homes[0], "default");
    let december = of_kind(&entries, "grant").into_iter().filter(|e| e["period"] == "2026-12").count();
    assert_eq!(december, 3, "one December grant per seat: {entries:#?}");
    assert_eq!(of_kind(&entries, "expire").len(), 3);
    assert_verified(&homes[1]);
    homes[1].run(&["daemon", "stop"]).expect(0);
    assert!(homes[0].run(&["daemon", "status"]).code != 0, "the one daemon is gone for both");
}
