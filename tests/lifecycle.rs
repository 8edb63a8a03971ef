//! The daemon's lifecycle as a person meets it: no daemon, a disabled HTTP API, a broken config
//! file, and the way back to the right command (help, typo suggestions, workspace hints).

mod common;

use common::Home;

const NOT_RUNNING: &str = "No daemon is running; start it with `studio-credits daemon start` (any command starts one)";

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

#[test]
fn daemon_stop_status_and_start_work_with_a_broken_config_file() {
    let home = Home::new();
    let pid = home.json(&["daemon", "start"])["pid"].as_u64().expect("pid");
    let config = home.path().join("config.toml");
    std::fs::write(&config, "[http]\nlisten = \"127.0.0.1:0\"\ntypo = 1\n").unwrap();
    let warned = |r: &common::Run| {
        assert!(r.stderr.contains(&format!("warning: invalid config file {}", config.display())), "{r:#?}");
        assert!(r.stderr.contains("unknown field `typo`") && r.stderr.contains("| ^^^^"), "the caret: {r:#?}");
    };
    // Other commands still refuse it.
    let r = home.run(&["balance"]).expect(2);
    assert!(r.stderr.contains("unknown field `typo`"), "{r:#?}");

    let r = home.run(&["daemon", "status"]).expect(0);
    warned(&r);
    assert!(r.stdout.contains(&format!("Daemon running: pid {pid}")), "{r:#?}");
    let r = home.run(&["daemon", "status", "--json"]).expect(0);
    warned(&r);
    assert_eq!(r.json()["pid"].as_u64(), Some(pid));
    let r = home.run(&["daemon", "start", "--json"]).expect(0);
    warned(&r);
    assert_eq!(r.json()["pid"].as_u64(), Some(pid), "the running daemon");

    let r = home.run(&["daemon", "stop"]).expect(0);
    warned(&r);
    assert!(r.stdout.contains(&format!("Stopped the daemon (pid {pid})")), "{r:#?}");
    assert!(common::wait_until(std::time::Duration::from_secs(10), || !common::is_our_process(pid as u32)));
    let r = home.run(&["daemon", "status"]).expect(3);
    warned(&r);
    assert!(r.stderr.contains(NOT_RUNNING), "{r:#?}");
    // A new daemon would refuse the file: `daemon start` says why instead of starting one.
    let r = home.run(&["daemon", "start"]).expect(2);
    assert!(r.stderr.contains("error: invalid config file") && r.stderr.contains("| ^^^^"), "{r:#?}");
    assert!(!r.stderr.contains("warning:"), "said once, as the error: {r:#?}");
    assert!(home.daemon_pid().is_none() || !common::is_our_process(home.daemon_pid().unwrap()));
}

const HTTP_FIX: &str = "set STUDIO_CREDITS_HTTP_LISTEN=127.0.0.1:0";

#[test]
fn a_port_in_use_disables_http_and_the_cli_says_why() {
    // Held for the whole test: the daemon's HTTP API cannot have this port.
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    let addr = taken.local_addr().unwrap().to_string();
    let mut home = Home::new();
    home.env("STUDIO_CREDITS_HTTP_LISTEN", &addr);
    let why = format!("{addr} already in use — {HTTP_FIX}");

    // The command that started the daemon warns, once; later ones do not repeat it.
    let r = home.run(&["balance"]).expect(0);
    assert_eq!(r.stderr.matches("warning: the HTTP API is disabled").count(), 1, "{r:#?}");
    assert!(r.stderr.contains(&why), "{r:#?}");
    let r = home.run(&["balance"]).expect(0);
    assert!(r.stderr.is_empty(), "{r:#?}");

    let r = home.run(&["daemon", "status"]).expect(0);
    assert!(r.stdout.contains(&format!("http     disabled: {why}")), "{r:#?}");
    let v = home.json(&["daemon", "status"]);
    assert!(v["http_addr"].is_null(), "{v:#}");
    let d = &v["http_disabled"];
    assert_eq!((d["listen"].as_str(), d["reason"].as_str()), (Some(addr.as_str()), Some("in_use")), "{v:#}");
    assert_eq!(d["message"], format!("{addr} already in use"));
    assert!(d["hint"].as_str().is_some_and(|h| h.contains(HTTP_FIX)), "{v:#}");

    // `seats token` says why, instead of sending the user to `daemon status`.
    let r = home.run(&["seats", "token", "tester"]).expect(0);
    assert!(r.stdout.contains("sct_") && !r.stdout.contains("daemon status"), "{r:#?}");
    assert!(r.stdout.contains("once it listens"), "{r:#?}");
    assert_eq!(r.stderr.matches(&why).count(), 1, "{r:#?}");
    drop(taken);
}

#[test]
fn a_malformed_http_address_disables_http_and_status_says_why() {
    let mut home = Home::new();
    home.env("STUDIO_CREDITS_HTTP_LISTEN", "nope");
    let v = home.json(&["daemon", "start"]);
    assert!(v["http_addr"].is_null(), "{v:#}");
    assert_eq!(v["http_disabled"]["reason"], "invalid_address", "{v:#}");
    let r = home.run(&["daemon", "status"]).expect(0);
    assert!(r.stdout.contains("http     disabled: \"nope\" is not an address to listen on"), "{r:#?}");
    assert!(r.stdout.contains(HTTP_FIX), "{r:#?}");
    // With the API up, `seats token` names its address.
    home.run(&["daemon", "stop"]).expect(0);
    home.env("STUDIO_CREDITS_HTTP_LISTEN", "127.0.0.1:0");
    let r = home.run(&["seats", "token", "tester"]).expect(0);
    let addr = home.http_addr();
    assert!(r.stdout.contains(&format!("with the HTTP API at http://{addr}.")), "{r:#?}");
}

#[cfg(unix)]
#[test]
fn a_command_that_starts_the_daemon_says_so_on_a_terminal_only() {
    let home = Home::new();
    // JSON: a table under a pty that reports no size is another matter.
    let mut s = common::pty::spawn(&home, &["balance", "--json"], std::time::Duration::from_secs(30));
    let (_, pid) = s.exp_regex(r"Started the daemon \(pid [0-9]+").expect("says it started the daemon");
    s.exp_string("\"spendable\"").expect("then the balance");
    s.exp_eof().expect("exit");
    assert_eq!(common::pty::exit_code(&mut s), 0);
    let pid: u32 = pid.trim_start_matches("Started the daemon (pid ").parse().expect("a pid");
    assert_eq!(home.daemon_pid(), Some(pid), "the pid of the daemon it started");
    // Not started again: nothing to say. And a script's stderr never gets the line.
    home.run(&["daemon", "stop"]).expect(0);
    let r = home.run(&["balance"]).expect(0);
    assert!(r.stderr.is_empty(), "{r:#?}");
}

#[test]
fn workspace_show_takes_a_name_add_says_how_to_switch_and_set_says_what_changed() {
    let home = Home::new();
    let r = home.run(&["workspace", "add", "acme", "--tz", "Europe/Berlin"]).expect(0);
    assert!(r.stdout.contains("Switch to it with `studio-credits workspace use acme`"), "{r:#?}");
    // Positional, like `workspace use NAME`; the flag still works.
    assert_eq!(home.json(&["workspace", "show", "acme"])["name"], "acme");
    assert_eq!(home.json(&["workspace", "show", "--workspace", "acme"])["name"], "acme");
    assert_eq!(home.json(&["workspace", "show"])["name"], "default");
    let r = home.run(&["workspace", "show", "acme"]).expect(0);
    assert!(r.stdout.contains("Europe/Berlin"), "{r:#?}");
    home.run(&["workspace", "show", "nope"]).expect(5);

    let r = home.run(&["workspace", "set", "-w", "acme", "--tz", "America/Los_Angeles"]).expect(0);
    assert!(r.stdout.contains("Changed workspace acme:"), "{r:#?}");
    assert!(r.stdout.contains("time zone: Europe/Berlin -> America/Los_Angeles"), "{r:#?}");
    let r = home.run(&["workspace", "set", "-w", "acme", "--stripe-customer", "cus_123"]).expect(0);
    assert!(r.stdout.contains("Stripe customer: - -> cus_123") && !r.stdout.contains("time zone"), "{r:#?}");
    let r = home.run(&["workspace", "set", "-w", "acme", "--stripe-customer", "cus_123"]).expect(0);
    assert!(r.stdout.contains("nothing changed"), "{r:#?}");
    assert_eq!(home.json(&["workspace", "show", "acme"])["time_zone"], "America/Los_Angeles");
}

#[test]
fn an_unknown_workspace_from_the_environment_names_the_variable() {
    let mut home = Home::new();
    home.run(&["balance"]).expect(0);
    home.env("STUDIO_CREDITS_WORKSPACE", "nope");
    let r = home.run(&["balance"]).expect(5);
    assert!(r.stderr.contains("workspace 'nope' not found (STUDIO_CREDITS_WORKSPACE=nope)"), "{r:#?}");
    assert!(r.stderr.contains("unset STUDIO_CREDITS_WORKSPACE"), "{r:#?}");
    let v = home.run(&["balance", "--json"]).expect(5).json();
    assert!(v["error"]["message"].as_str().is_some_and(|m| m.contains("STUDIO_CREDITS_WORKSPACE")), "{v:#}");
    // A flag overrides the variable, and its own mistake is not blamed on it.
    let r = home.run(&["balance", "-w", "typo"]).expect(5);
    assert!(!r.stderr.contains("STUDIO_CREDITS_WORKSPACE"), "{r:#?}");
    home.run(&["balance", "-w", "default"]).expect(0);
}
