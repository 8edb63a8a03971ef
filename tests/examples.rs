//! Every example a person can paste runs: the examples of every command's `--help` (read from the
//! real binary's help, subcommands found by walking it) and the shell blocks of README.md, each
//! in a fresh temp home through bash, with its exit code checked. Examples are read at test time,
//! so one added later is covered without touching this file; the only ones not run are in
//! [`SKIP`], each with its reason (they need Stripe, a network, a release build, or run until
//! stopped).

#![cfg(unix)]

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use common::{Home, Run};

/// Examples not run, by their command (comment and extra spaces removed), and why.
const SKIP: &[(&str, &str)] = &[
    ("studio-credits buy 20", "needs Stripe (tests/purchases runs it against an emulator)"),
    ("studio-credits buy 20 --card-on-file --yes", "needs Stripe (tests/purchases)"),
    ("studio-credits ensure --min 500 --buy 20 --card-on-file --yes", "needs Stripe (tests/purchases)"),
    ("stripe listen --forward-to localhost:4402/v1/stripe/webhook", "needs the Stripe CLI and Stripe"),
    ("studio-credits daemon run", "runs in the foreground until stopped (tests/one_daemon)"),
    ("STUDIO_CREDITS_HTTP_LISTEN=127.0.0.1:0 studio-credits daemon run", "runs in the foreground until stopped"),
    (
        "install -m 600 privkey.pem ~/.config/studio-credits/tls/key.pem",
        "needs a certificate from a CA (tests/tls.rs makes one with rcgen)",
    ),
    (
        "install -m 644 fullchain.pem ~/.config/studio-credits/tls/cert.pem",
        "needs a certificate from a CA (tests/tls.rs makes one with rcgen)",
    ),
    (
        "STUDIO_CREDITS_HTTP_LISTEN=0.0.0.0:4402 studio-credits daemon restart",
        "listens on every interface; tests bind loopback only (tests/tls.rs serves HTTPS on 127.0.0.1)",
    ),
    (
        "STUDIO_CREDITS_SERVER=https://credits.example.com studio-credits daemon status",
        "needs a central server (tests/remote.rs runs remote mode against an HTTPS daemon on loopback)",
    ),
    ("cargo run --release -- balance", "builds the workspace in release mode"),
    ("cargo test --workspace", "runs the whole test suite"),
    ("cargo run --release -p credits-bench -- --reps 3", "builds and runs the benchmarks"),
    ("target/release/credits-bench --no-build --only remote --reps 3", "runs the benchmarks on a release build"),
    ("target/release/credits-bench --no-build --only socket,pg --reps 3", "runs the benchmarks on a release build"),
    (
        "target/release/credits-bench --no-build --only floor,ledger,socket,http,cli,memory --reps 3 \
         --studio-credits target/release/studio-credits --hello target/release/hello",
        "runs the benchmarks on a release build",
    ),
    (
        "target/release/credits-bench --no-build --only instructions \
         --studio-credits target/release/studio-credits --hello target/release/hello",
        "runs the benchmarks on a release build",
    ),
];

/// Examples whose documented outcome is not exit 0, by command, with the code and why.
const EXIT: &[(&str, i32, &str)] = &[
    ("studio-credits reconcile", 7, "needs Stripe (tests/purchases/reconcile.rs runs it against an emulator)"),
    ("studio-credits reconcile --since 2026-11-01 --json", 7, "needs Stripe (tests/purchases/reconcile.rs)"),
    ("studio-credits reconcile --fix", 7, "needs Stripe (tests/purchases/reconcile.rs)"),
    (
        "studio-credits restore ~/backups/credits-20261201T044500.123Z.db --json",
        2,
        "a fresh home has no such backup: the missing file is refused",
    ),
    (
        "studio-credits store copy --to postgres://credits@db.internal/credits --stop-daemon",
        2,
        "a fresh home has no ledger to copy (tests/store_copy.rs copies one into a private PostgreSQL)",
    ),
    (
        "studio-credits store copy --to sqlite:///var/lib/credits/credits.db --json",
        2,
        "a fresh home has no ledger to copy (tests/store_copy.rs copies PostgreSQL back into SQLite)",
    ),
    ("studio-credits purchases show pur_8sFq2LxYp3 --json", 5, "a purchase needs Stripe: the sample id is not found"),
    ("studio-credits purchases show pur_8sFq2LxYp3", 5, "a purchase needs Stripe: the sample id is not found"),
    ("studio-credits purchases cancel pur_8sFq2LxYp3", 5, "a purchase needs Stripe: the sample id is not found"),
    (
        "studio-credits auto-topup simulate --days 7 --json",
        2,
        "the example home has no auto top-up rule (setting one needs Stripe); the answer says how to set one",
    ),
];

/// An example that talks to the HTTP API at its default address (`curl … 127.0.0.1:4402`): a
/// network request; tests/http_api.rs makes the same requests against a test daemon.
fn uses_network(cmd: &str) -> bool {
    cmd.contains("curl ")
}

/// The command without a trailing `# comment` and with single spaces: how [`SKIP`] and [`EXIT`]
/// name it.
fn key(cmd: &str) -> String {
    let code: Vec<&str> = cmd.lines().map(|l| l.split(" #").next().unwrap_or(l).trim_end_matches('\\')).collect();
    code.join(" ").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Where an example came from, for failure messages.
struct Example {
    source: String,
    cmd: String,
}

/// The help text of `studio-credits ARGS --help`.
fn help(args: &[&str]) -> String {
    let out = std::process::Command::new(common::bin()).args(args).arg("--help").output().expect("run --help");
    assert!(out.status.success(), "{args:?} --help failed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The subcommands a help text lists under `Commands:` (not `help`).
fn subcommands(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut inside = false;
    for line in text.lines() {
        if line.trim_end() == "Commands:" {
            inside = true;
            continue;
        }
        if inside {
            if line.trim().is_empty() || !line.starts_with("  ") {
                break;
            }
            // A name sits at two spaces; deeper lines continue a description.
            if !line.starts_with("   ")
                && let Some(name) = line.split_whitespace().next()
                && name != "help"
            {
                names.push(name.to_owned());
            }
        }
    }
    names
}

/// The lines under every `Example…:` heading of a help text, up to the next blank line.
fn help_examples(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut inside = false;
    for line in text.lines() {
        if line.starts_with("Example") && line.trim_end().ends_with(':') {
            inside = true;
        } else if line.trim().is_empty() || !line.starts_with("  ") {
            inside = false;
        } else if inside {
            found.push(line.trim().to_owned());
        }
    }
    found
}

/// Every example of every command's help, walking the subcommands from the top.
fn all_help_examples() -> Vec<Example> {
    let mut examples = Vec::new();
    let mut queue: Vec<Vec<String>> = vec![Vec::new()];
    while let Some(path) = queue.pop() {
        let args: Vec<&str> = path.iter().map(String::as_str).collect();
        let text = help(&args);
        let source = format!("`studio-credits {} --help`", args.join(" "));
        examples.extend(help_examples(&text).into_iter().map(|cmd| Example { source: source.clone(), cmd }));
        for sub in subcommands(&text) {
            let mut next = path.clone();
            next.push(sub);
            queue.push(next);
        }
    }
    examples
}

/// The commands of README.md's shell blocks: in ```console blocks the `$ ` lines, in ```sh and
/// ```bash blocks every line but comments; a trailing `\` continues a command, and a `case $?`
/// construct belongs to the command before it.
fn readme_examples() -> Vec<Example> {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).expect("README.md");
    let mut examples: Vec<Example> = Vec::new();
    let mut block: Option<(&str, usize)> = None;
    let mut open: Option<String> = None;
    let mut in_case = false;
    for (no, line) in readme.lines().enumerate() {
        let no = no + 1;
        if let Some(fence) = line.strip_prefix("```") {
            block = match block {
                None => Some((["sh", "bash", "console"].into_iter().find(|l| *l == fence.trim()).unwrap_or(""), no)),
                Some(_) => None,
            };
            continue;
        }
        let Some((lang, start)) = block else { continue };
        if lang.is_empty() {
            continue;
        }
        let source = format!("README.md block at line {start}");
        if let Some(cmd) = open.as_mut() {
            cmd.push('\n');
            cmd.push_str(line);
            if in_case {
                in_case = line.trim() != "esac";
            }
            if !in_case && !line.ends_with('\\') {
                examples.push(Example { source, cmd: open.take().expect("open") });
            }
            continue;
        }
        let cmd = if lang == "console" {
            match line.strip_prefix("$ ") {
                Some(c) => c,
                None => continue,
            }
        } else {
            line
        };
        if cmd.trim().is_empty() || cmd.trim_start().starts_with('#') {
            continue;
        }
        if cmd.trim_start().starts_with("case ") {
            let prev = examples.pop().expect("a command before `case`");
            open = Some(format!("{}\n{cmd}", prev.cmd));
            in_case = true;
            continue;
        }
        if cmd.ends_with('\\') {
            open = Some(cmd.to_owned());
        } else {
            examples.push(Example { source, cmd: cmd.to_owned() });
        }
    }
    examples
}

/// A fresh home to run one example in: the README's user (alice), a `bin/` with the binary and
/// stand-ins for the tools examples pipe into (`alert`, `notify`, `run-expensive-job`) or for the
/// user's service manager (`systemctl`, `loginctl`), which a test must not touch, and the
/// directories the completion examples write into.
struct Bench {
    home: Home,
    bin: PathBuf,
    work: PathBuf,
}

impl Bench {
    fn new() -> Bench {
        let mut home = Home::new();
        home.env("USER", "alice");
        let root = home.path().to_owned();
        let bin = root.join("bin");
        let work = root.join("work");
        for dir in [
            &bin,
            &work,
            &root.join(".local/share/bash-completion/completions"),
            &root.join(".zfunc"),
            &root.join(".config/fish/completions"),
            &root.join(".config/elvish"),
        ] {
            std::fs::create_dir_all(dir).expect("mkdir");
        }
        std::os::unix::fs::symlink(common::bin(), bin.join("studio-credits")).expect("link the binary");
        for stub in ["alert", "notify", "run-expensive-job", "systemctl", "loginctl"] {
            let path = bin.join(stub);
            std::fs::write(&path, "#!/bin/sh\nexit 0\n").expect("stub");
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        }
        // `cp man/*.1 …` runs from a checkout.
        std::os::unix::fs::symlink(Path::new(env!("CARGO_MANIFEST_DIR")).join("man"), work.join("man"))
            .expect("link man/");
        Bench { home, bin, work }
    }

    /// Runs `script` with bash in this home.
    fn bash(&self, script: &str) -> Run {
        let path = format!("{}:{}", self.bin.display(), std::env::var("PATH").unwrap_or_default());
        let profile = self.home.path().join("profile.ps1");
        let mut c = self.home.command_for(Path::new("bash"));
        c.args(["-c", script])
            .current_dir(&self.work)
            .env("PATH", path)
            .env("EDITOR", "true")
            .env("PROFILE", profile)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        common::ChildGuard(c.spawn().expect("run bash")).finish(std::time::Duration::from_secs(60))
    }

    fn cli(&self, args: &[&str]) -> Run {
        self.home.run(args)
    }

    /// What `cmd` needs to find first: a workspace `acme`, seats `bob` and `carol`, an open hold for the
    /// sample id `hold_3f2a…`, an API key `ci` to revoke, a webhook endpoint and event for the
    /// sample ids `we_3b9c…` and `evt_7d21…`. Returns the command to run.
    fn prepare(&self, cmd: &str) -> String {
        if cmd.contains("acme") && !cmd.contains("workspace add acme") {
            self.cli(&["workspace", "add", "acme"]).expect(0);
        }
        for seat in ["bob", "carol"] {
            if cmd.contains(seat) && !cmd.contains("seats add") {
                self.cli(&["seats", "add", seat, "-w", if cmd.contains("acme") { "acme" } else { "default" }])
                    .expect(0);
            }
        }
        if cmd.contains("keys revoke ci") {
            self.cli(&["keys", "create", "ci", "--scope", "read"]).expect(0);
        }
        // One looks at a daemon's status when there is one (without, it is exit 3, by design).
        if cmd.contains("daemon status") {
            self.cli(&["daemon", "start"]).expect(0);
        }
        // The sample endpoint and event ids: an endpoint on a closed loopback port (nothing is
        // sent anywhere else), and its test event.
        if cmd.contains("we_3b9c41d2e5f60718") || cmd.contains("evt_7d21c0ffee5a4b3c2d1e0f9a") {
            let added = self.cli(&["webhooks", "add", "http://127.0.0.1:9/hooks", "--json"]).expect(0).json();
            let id = added["endpoint"]["id"].as_str().expect("endpoint id").to_owned();
            let test = self.cli(&["webhooks", "test", &id, "--json"]).expect(0).json();
            let event = test["event_id"].as_str().expect("event id").to_owned();
            return cmd.replace("we_3b9c41d2e5f60718", &id).replace("evt_7d21c0ffee5a4b3c2d1e0f9a", &event);
        }
        if cmd.contains("hold_3f2a") {
            let hold = self.cli(&["hold", "40", "--json"]).expect(0).json();
            let id = hold["hold"]["id"].as_str().expect("hold id").to_owned();
            return cmd.replace("hold_3f2a…", &id).replace("hold_3f2a", &id);
        }
        cmd.to_owned()
    }
}

#[test]
fn every_example_in_help_and_readme_runs() {
    let mut examples = all_help_examples();
    let from_help = examples.len();
    examples.extend(readme_examples());
    assert!(from_help >= 20 && examples.len() > from_help + 20, "too few examples found: the parser is broken");

    let mut used_skips = std::collections::HashSet::new();
    let mut used_exits = std::collections::HashSet::new();
    let mut failures = Vec::new();
    let mut ran = 0;
    for ex in &examples {
        let k = key(&ex.cmd);
        if let Some((s, _)) = SKIP.iter().find(|(s, _)| *s == k) {
            used_skips.insert(*s);
            continue;
        }
        if uses_network(&ex.cmd) {
            continue;
        }
        let expected = EXIT.iter().find(|(s, _, _)| *s == k).map_or(0, |(s, code, _)| {
            used_exits.insert(*s);
            *code
        });
        let bench = Bench::new();
        let cmd = bench.prepare(&ex.cmd);
        let run = bench.bash(&cmd);
        ran += 1;
        if run.code != expected {
            failures.push(format!(
                "{}: `{}` exited {} (expected {expected})\nstdout: {}\nstderr: {}",
                ex.source, ex.cmd, run.code, run.stdout, run.stderr
            ));
        }
    }
    assert!(failures.is_empty(), "{} of {ran} examples failed:\n\n{}", failures.len(), failures.join("\n\n"));
    // A list entry that no longer matches an example is stale: remove it (or fix its text).
    let stale: Vec<_> = SKIP.iter().map(|(s, _)| *s).filter(|s| !used_skips.contains(s)).collect();
    assert!(stale.is_empty(), "SKIP entries that match no example: {stale:?}");
    let stale: Vec<_> = EXIT.iter().map(|(s, _, _)| *s).filter(|s| !used_exits.contains(s)).collect();
    assert!(stale.is_empty(), "EXIT entries that match no example: {stale:?}");
}

/// `spend --help`'s "out of credits" example: silent after a spend that succeeds, and says so
/// (exit 0) after one refused with 42 — shell precedence once made it print after a success.
#[test]
fn the_spend_help_example_reports_only_a_real_refusal() {
    let example = help_examples(&help(&["spend"]))
        .into_iter()
        .find(|e| e.contains("out of credits"))
        .expect("spend --help has the out-of-credits example");
    let bench = Bench::new();
    let ok = bench.bash(&example);
    assert_eq!(ok.code, 0, "{ok:?}");
    assert!(!ok.stdout.contains("out of credits"), "printed after a successful spend: {ok:?}");
    assert_eq!(bench.cli(&["balance", "--json"]).json()["spendable"], "460");

    let bench = Bench::new();
    bench.cli(&["spend", "500"]).expect(0);
    let refused = bench.bash(&example);
    assert_eq!(refused.code, 0, "{refused:?}");
    assert!(refused.stdout.contains("out of credits"), "{refused:?}");
}
