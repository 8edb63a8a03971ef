//! Keeps the benchmark from rotting: `credits-bench --quick` against the debug `studio-credits`
//! must run every section and print the table. No figure is checked: timing belongs to the
//! benchmark, not to tests on noisy machines.

use std::path::PathBuf;
use std::process::Command;

#[test]
fn quick_run_prints_the_table() {
    let hello = PathBuf::from(env!("CARGO_BIN_EXE_hello"));
    // The root package's binary, built into the same directory by `cargo test --workspace`.
    let studio_credits = hello.with_file_name(format!("studio-credits{}", std::env::consts::EXE_SUFFIX));
    assert!(
        studio_credits.exists(),
        "{} is missing: run `cargo build -p studio-credits` (or `cargo test --workspace`) first",
        studio_credits.display()
    );
    let out = Command::new(env!("CARGO_BIN_EXE_credits-bench"))
        .args(["--quick", "--no-build", "--studio-credits"])
        .arg(&studio_credits)
        .arg("--hello")
        .arg(&hello)
        .output()
        .expect("run credits-bench");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "credits-bench --quick failed ({}):\n{stdout}\n{stderr}", out.status);
    for needle in [
        "| section",
        "| floor ",
        "1000 per transaction",
        "| socket ",
        "64 clients",
        "pipelined",
        "idempotency key",
        "| http ",
        "keep-alive",
        "| ledger ",
        "| cli ",
        "| remote ",
        "| rollover ",
        "| export ",
        "| pg ",
        "daemon RSS, idle",
        "| instructions ",
        // Targets judged on two rows each.
        "socket debits at 64 clients ≥ 0.5 × the `hello`-only transport ceiling",
        "batches of 100, ≥ 0.7 × the in-process ledger",
    ] {
        assert!(stdout.contains(needle), "the table lacks {needle:?}:\n{stdout}\n{stderr}");
    }
    // Under CI PostgreSQL and valgrind are installed: their sections must have measured, not
    // been skipped.
    if std::env::var("CI").as_deref() == Ok("true") {
        assert!(stdout.contains("3 daemons, 64 clients, 64 workspaces"), "{stdout}\n{stderr}");
        // And valgrind: the instruction counts must have been taken.
        assert!(stdout.contains("`spend`, 8 clients (per debit)"), "{stdout}\n{stderr}");
    }
    assert!(!stdout.contains("unavailable"), "a section did not run:\n{stdout}\n{stderr}");
}
