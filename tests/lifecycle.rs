//! The daemon's lifecycle as a person meets it: no daemon, a disabled HTTP API, a broken config
//! file, and the way back to the right command (help, typo suggestions, workspace hints).

mod common;

use common::Home;

const NOT_RUNNING: &str =
    "No daemon is running; start it with `studio-credits daemon start` (any command starts one)";

#[test]
fn status_and_no_autostart_without_a_daemon_say_how_to_start_one() {
    let home = Home::new();
    for args in [&["daemon", "status"][..], &["balance", "--no-autostart"], &["history", "--no-autostart"]] {
        let r = home.run(args).expect(3);
        assert_eq!(r.stderr.trim_end(), format!("error: {NOT_RUNNING}"), "{args:?}: {r:#?}");
        let mut json = args.to_vec();
        json.push("--json");
        let v = home.run(&json).expect(3).json();
        assert_eq!(v["error"]["type"], "daemon_unreachable", "{v:#}");
        assert_eq!(v["error"]["message"], NOT_RUNNING, "{v:#}");
    }
    assert!(home.daemon_pid().is_none(), "nothing started a daemon");
}

#[test]
fn bare_daemon_prints_its_help_and_runs_nothing() {
    let home = Home::new();
    // The old behaviour ran a daemon in the foreground; the limit keeps that from hanging the test.
    let r = common::run_within(&home, &["daemon"], std::time::Duration::from_secs(10)).expect("exits at once");
    assert_eq!(r.code, 2, "{r:#?}");
    assert!(r.stderr.contains("Usage: studio-credits daemon"), "{r:#?}");
    for sub in ["run", "start", "stop", "status"] {
        assert!(r.stderr.lines().any(|l| l.trim_start().starts_with(sub)), "lists `daemon {sub}`: {r:#?}");
    }
    assert!(home.daemon_pid().is_none() && common::daemons_with_home(home.path()).is_empty(), "no daemon ran");
}

#[test]
fn words_for_other_commands_suggest_them_and_still_exit_2() {
    let home = Home::new();
    for (word, tip) in [
        ("topup", "some similar subcommands exist: 'buy', 'auto-topup'"),
        ("top-up", "some similar subcommands exist: 'buy', 'auto-topup'"),
        ("status", "a similar subcommand exists: 'daemon status'"),
    ] {
        let r = home.run(&[word]).expect(2);
        assert!(r.stderr.contains(&format!("unrecognized subcommand '{word}'")), "{r:#?}");
        assert!(r.stderr.contains(tip), "{word}: {r:#?}");
        let v = home.run(&[word, "--json"]).expect(2).json();
        assert_eq!(v["error"]["type"], "invalid_input");
        assert!(v["error"]["hint"].as_str().is_some_and(|h| h.contains("studio-credits")), "{v:#}");
    }
    // Nested, `status` means nothing of the sort.
    let r = home.run(&["seats", "status"]).expect(2);
    assert!(!r.stderr.contains("daemon status"), "{r:#?}");
    assert!(home.daemon_pid().is_none());
}
