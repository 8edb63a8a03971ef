//! What a person sees at a terminal: the real binary under a pseudo-terminal of 110 and 60
//! columns and under one that reports 0×0 (some CI runners, `docker -t`), compared with
//! reviewed snapshots (tests/snapshots/). Tables never break a value, cut only free text with
//! `…`, honour `COLUMNS` and fall back to 80 columns; reset times show the workspace's zone
//! first; amounts carry thousands separators; a cut-short history says how much it left out.
//! Also: `--help` lists global flags apart and describes every positional argument, and
//! `history --since` dates mean the workspace's zone.

mod common;

use std::path::Path;
use std::time::Duration;

use common::{Home, bin, pty};

/// The daemon's clock starts here (a Sunday in November, mid-period), so times are stable up
/// to the seconds the test itself takes.
const NOW: &str = "2026-11-15T12:00:00Z";

/// Runs the binary with `args` under a pseudo-terminal of `cols`×`rows` and returns what it
/// printed, with `\n` line ends, and its exit code. `stty` sets the size in the child before the
/// binary starts, as a terminal emulator would have.
fn at_terminal(home: &Home, cols: u16, rows: u16, env: &[(&str, &str)], args: &[&str]) -> (String, i32) {
    let mut cmd = home.command_for(Path::new("/bin/sh"));
    cmd.arg("-c")
        .arg(r#"stty cols "$1" rows "$2" && shift 2 && exec "$@""#)
        .arg("sh")
        .arg(cols.to_string())
        .arg(rows.to_string())
        .arg(bin())
        .args(args)
        .envs(env.iter().copied());
    // Here stdin, stdout and stderr are all the terminal.
    let mut session = pty::spawn_command(cmd, Duration::from_secs(30));
    let out = session.exp_eof().expect("the command ends");
    let code = pty::exit_code(&mut session);
    // rexpect hands over one char per byte: put the UTF-8 back together.
    let bytes: Vec<u8> = out.chars().map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?')).collect();
    (String::from_utf8_lossy(&bytes).replace("\r\n", "\n"), code)
}

/// A workspace in Europe/Berlin on the team plan with a few entries: a long memo, a long
/// idempotency key, a hold (whose id is random) and amounts in the thousands. Returns the home
/// and the hold's id.
fn berlin_home() -> (Home, String) {
    let mut home = Home::new();
    home.env("STUDIO_CREDITS_FAKE_NOW", NOW);
    home.run(&["workspace", "set", "--tz", "Europe/Berlin"]).expect(0);
    home.run(&["plan", "set", "team", "--now"]).expect(0);
    home.run(&["spend", "1234.5", "--memo", "nightly release build of the documentation site"]).expect(0);
    home.run(&["spend", "12", "--idempotency-key", "job-2026-11-15-nightly-0001", "--memo", "summarize call"])
        .expect(0);
    let hold = home.json(&["hold", "40", "--memo", "render preview"]);
    let id = hold["hold"]["id"].as_str().expect("hold id").to_owned();
    (home, id)
}

/// Replaces what varies between runs with placeholders of the same width, so that the
/// snapshots still show exactly how wide every column is: the seconds of entry times and the
/// hold's random id (whole or cut short with `…`).
fn stable(text: &str, hold_id: &str, home: &Home) -> String {
    let mut s = text.replace(&home.path().display().to_string(), "[HOME]");
    for second in 0..60 {
        for minute in 0..2 {
            s = s.replace(&format!("12:0{minute}:{second:02}"), &format!("12:0{minute}:ss"));
        }
    }
    // The forecast under `usage` depends on the second the daemon's clock reads (its rates and
    // instants, and so its widths): it is left out here and checked in tests/forecast.rs.
    if let Some(at) = s.find("\nForecast at this burn") {
        let end = s[at + 1..].find("\n$ ").map_or(s.len(), |e| at + 1 + e);
        s.replace_range(at..end, "\n[the forecast: its figures depend on the clock's second]");
    }
    let mask: String = hold_id.chars().enumerate().map(|(i, c)| if i < 5 { c } else { 'x' }).collect();
    s = s.replace(hold_id, &mask);
    for k in (2..hold_id.chars().count()).rev() {
        let cut: String = hold_id.chars().take(k).collect();
        let masked: String = mask.chars().take(k).collect();
        s = s.replace(&format!("{cut}…"), &format!("{masked}…"));
    }
    s
}

/// Every command's screen at one terminal size, one after the other.
fn screens(home: &Home, hold: &str, cols: u16, rows: u16, env: &[(&str, &str)], commands: &[&[&str]]) -> String {
    let mut all = String::new();
    for args in commands {
        let (out, code) = at_terminal(home, cols, rows, env, args);
        assert_eq!(code, 0, "studio-credits {args:?} failed:\n{out}");
        // What `stable` leaves out fits the terminal too.
        if cols > 0 && env.is_empty() {
            assert!(widest_line(&out) <= usize::from(cols), "studio-credits {args:?}:\n{out}");
        }
        all.push_str(&format!("$ studio-credits {}\n{}\n", args.join(" "), stable(&out, hold, home).trim_end()));
    }
    all
}

const TABLES: &[&[&str]] = &[
    &["balance"],
    &["history"],
    &["history", "--limit", "2"],
    &["usage"],
    &["seats", "list"],
    &["workspace", "list"],
    &["workspace", "show"],
    &["plan", "list"],
];

fn widest_line(s: &str) -> usize {
    s.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

#[test]
fn tables_at_110_columns() {
    let (home, hold) = berlin_home();
    let out = screens(&home, &hold, 110, 40, &[], TABLES);
    assert!(widest_line(&out) <= 110, "{out}");
    insta::assert_snapshot!("110_columns", out);
}

#[test]
fn tables_at_60_columns_keep_every_value_whole() {
    let (home, hold) = berlin_home();
    let out = screens(&home, &hold, 60, 40, &[], TABLES);
    // Values the old tables split at 60 columns (`Amoun|t`, `relea|se`, `2026-1|1`) stay whole.
    for whole in ["-1,234.5", "4,753.5", "2026-11", "Europe/Berlin", "included", "6,000"] {
        assert!(out.contains(whole), "{whole:?} broken:\n{out}");
    }
    assert!(widest_line(&out) <= 60, "{out}");
    insta::assert_snapshot!("60_columns", out);
}

#[test]
fn a_terminal_without_a_size_gets_80_columns_and_columns_is_honoured() {
    let (home, hold) = berlin_home();
    let out = screens(&home, &hold, 0, 0, &[], &[&["balance"], &["history"]]);
    // Not one letter per column: the balance's rows are whole lines.
    assert!(out.contains("Spendable  4,713.5"), "{out}");
    assert!(widest_line(&out) <= 80, "{out}");
    insta::assert_snapshot!("0x0", out);

    let narrow = screens(&home, &hold, 0, 0, &[("COLUMNS", "60")], &[&["balance"], &["history"]]);
    assert!(widest_line(&narrow) <= 60, "{narrow}");
    insta::assert_snapshot!("0x0_columns_60", narrow);
    let wide = screens(&home, &hold, 60, 40, &[("COLUMNS", "110")], &[&["history"]]);
    assert!((61..=110).contains(&widest_line(&wide)), "COLUMNS wins over the terminal's 60:\n{wide}");
}

#[test]
fn config_show_on_a_terminal_is_readable_toml() {
    let home = Home::new();
    let (out, code) = at_terminal(&home, 110, 40, &[], &["config", "show"]);
    assert_eq!(code, 0, "{out}");
    let out = stable(&out, "-", &home);
    // Several lines of TOML, unset values left out; not one line of JSON.
    assert!(out.lines().count() > 10 && !out.trim_start().starts_with('{'), "{out}");
    assert!(!out.contains("null"), "{out}");
    insta::assert_snapshot!("config_show", out);
    // --json stays JSON, nulls included.
    let v = home.json(&["config", "show"]);
    assert!(v["stripe"]["secret_key"].is_null(), "{v}");
}

#[test]
fn reset_and_change_times_show_the_workspace_zone_first() {
    let mut home = Home::new();
    home.env("STUDIO_CREDITS_FAKE_NOW", NOW);
    home.run(&["workspace", "set", "--tz", "Europe/Berlin"]).expect(0);
    let b = home.run(&["balance"]).expect(0);
    assert!(b.stdout.contains("resets 2026-12-01 00:00 Europe/Berlin (23:00 UTC)"), "{}", b.stdout);
    let set = home.run(&["plan", "set", "pro"]).expect(0);
    assert!(set.stdout.contains("(2026-12-01 00:00 Europe/Berlin (23:00 UTC))"), "{}", set.stdout);
    let show = home.run(&["plan", "show"]).expect(0);
    assert!(
        show.stdout.contains("Changes to pro at the next reset (2026-12-01 00:00 Europe/Berlin (23:00 UTC))"),
        "{}",
        show.stdout
    );
    // A UTC workspace: just UTC.
    home.run(&["workspace", "add", "utc-co"]).expect(0);
    let utc = home.run(&["balance", "--workspace", "utc-co"]).expect(0);
    assert!(utc.stdout.contains("resets 2026-12-01 00:00 UTC"), "{}", utc.stdout);
    assert!(!utc.stdout.contains("(00:00 UTC)"), "{}", utc.stdout);
}

#[test]
fn history_dates_without_an_offset_are_in_the_workspace_zone() {
    let mut home = Home::new();
    // 23:30 UTC on the 15th is 00:30 on the 16th in Berlin.
    home.env("STUDIO_CREDITS_FAKE_NOW", "2026-11-15T23:30:00Z");
    home.run(&["workspace", "set", "--tz", "Europe/Berlin"]).expect(0);
    home.run(&["spend", "5", "--memo", "after midnight in Berlin"]).expect(0);
    let debits = |since: &str| {
        home.json(&["history", "--kind", "debit", "--since", since])["entries"].as_array().expect("entries").len()
    };
    assert_eq!(debits("2026-11-16"), 1, "a date is its midnight in Berlin (23:00 UTC the day before)");
    assert_eq!(debits("2026-11-16T00:00"), 1, "a time without an offset too");
    assert_eq!(debits("2026-11-16T00:00:00Z"), 0, "with Z as given");
    assert_eq!(debits("2026-11-16T00:00:00+01:00"), 1, "with an offset as given");
    let until = home.json(&["history", "--kind", "debit", "--until", "2026-11-16"]);
    assert_eq!(until["entries"].as_array().map(Vec::len), Some(0), "{until}");
    let help = home.run(&["history", "--help"]).expect(0);
    assert!(help.stdout.contains("workspace's time zone"), "{}", help.stdout);
}

/// The subcommand names a `--help` lists under "Commands:".
fn subcommands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        // A name starts a line; a wrapped description is indented further.
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_owned)
        .collect()
}

/// The lines of one section (`Arguments:`, `Options:`, …) of a `--help`.
fn section<'a>(help: &'a str, title: &str) -> Vec<&'a str> {
    help.lines().skip_while(|l| *l != title).skip(1).take_while(|l| !l.is_empty()).collect()
}

#[test]
fn help_lists_global_flags_apart_and_describes_every_argument() {
    let home = Home::new();
    let mut todo: Vec<Vec<String>> = vec![vec![]];
    let mut seen = 0;
    while let Some(path) = todo.pop() {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let help = home.run(&args).expect(0).stdout;
        let own = section(&help, "Options:");
        // An option's own line (a wrapped description is indented further).
        let flag = |l: &&str, f: &str| {
            l.len() - l.trim_start().len() <= 6 && (l.trim_start().starts_with(f) || l.contains(&format!(", {f}")))
        };
        assert!(!own.iter().any(|l| flag(l, "--json") || flag(l, "--workspace")), "{path:?}:\n{help}");
        if !path.is_empty() {
            let global = section(&help, "Global options:");
            assert!(global.iter().any(|l| flag(l, "--json")), "{path:?} lists no global options apart:\n{help}");
        }
        for line in section(&help, "Arguments:") {
            let t = line.trim_start();
            // A new argument (not a wrapped description): `<NAME>  what it is`.
            if t.starts_with('<') || t.starts_with('[') {
                let described = t.split_once("  ").is_some_and(|(_, d)| !d.trim().is_empty());
                assert!(described, "{path:?}: argument without a description: {line:?}\n{help}");
            }
        }
        for sub in subcommands(&help) {
            let mut p = path.clone();
            p.push(sub);
            todo.push(p);
        }
        seen += 1;
    }
    assert!(seen > 30, "walked only {seen} commands");
}
