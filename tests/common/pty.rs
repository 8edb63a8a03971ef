//! The CLI under a pseudo-terminal (rexpect), for what it does only on a terminal: prompts,
//! "Started the daemon", tables fitted to the screen.

use std::process::Command;
use std::time::Duration;

use rexpect::process::WaitStatus;
use rexpect::session::PtySession;

use super::Home;

/// Runs `cmd` on a new pseudo-terminal; every expectation waits at most `timeout`.
pub fn spawn_command(mut cmd: Command, timeout: Duration) -> PtySession {
    // Keep the terminal rexpect gives the child as stdin (Home's commands use /dev/null).
    cmd.stdin(std::process::Stdio::inherit());
    let ms = u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX);
    rexpect::session::spawn_command(cmd, Some(ms)).expect("spawn under a pty")
}

/// `studio-credits ARGS` of `home` on a new pseudo-terminal.
pub fn spawn(home: &Home, args: &[&str], timeout: Duration) -> PtySession {
    let mut cmd = home.command();
    cmd.args(args);
    spawn_command(cmd, timeout)
}

/// The exit code of the session's process, which must have exited normally.
pub fn exit_code(session: &mut PtySession) -> i32 {
    match session.process_mut().wait().expect("wait") {
        WaitStatus::Exited(_, code) => code,
        other => panic!("did not exit normally: {other:?}"),
    }
}
