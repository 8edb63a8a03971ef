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
