//! Shell integration through the real binary: the committed completion scripts and man pages are
//! current and load in their shells, dynamic completion offers live names, pipes and `NO_COLOR`
//! behave, and `daemon install` writes service units their managers accept.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{Home, Run};
use credits_cli::generate;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// True when `program` is on PATH; otherwise says which test part is skipped and why. For tools
/// .ci/run installs (zsh, fish, elvish, mandoc), a missing one fails the test under `CI=true`.
fn have(program: &str, skipping: &str) -> bool {
    if matches!(program, "zsh" | "fish" | "elvish" | "mandoc") {
        return common::tool(program, skipping);
    }
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        eprintln!("note: skipping {skipping}: `{program}` is not installed");
    }
    found
}

/// A `bash -c SCRIPT` with the home's environment; `$0` in the script is the binary.
fn bash_in(home: &Home, script: &str) -> Command {
    let template = home.command();
    let mut c = Command::new("bash");
    c.args(["--norc", "--noprofile", "-c", script]).arg(common::bin());
    for (k, v) in template.get_envs() {
        match v {
            Some(v) => c.env(k, v),
            None => c.env_remove(k),
        };
    }
    c.stdin(Stdio::null());
    c
}

fn run(mut c: Command) -> Run {
    c.output().expect("run").into()
}

fn has_escape(s: &str) -> bool {
    s.contains('\u{1b}')
}

// ---------------------------------------------------------------------------------------------
// Generated files

/// The Check half of Write / Check; with `STUDIO_CREDITS_UPDATE_GENERATED=1` it is the Write half.
#[test]
fn generated_files_are_up_to_date() {
    if std::env::var_os("STUDIO_CREDITS_UPDATE_GENERATED").is_some_and(|v| v == "1") {
        let changed = generate::write(root()).expect("write generated files");
        for p in &changed {
            eprintln!("updated {}", p.display());
        }
        return;
    }
    let problems = generate::check(root()).expect("read generated files");
    assert!(
        problems.is_empty(),
        "completions/ and man/ are out of date with the clap definition:\n  {}\nrun `{}` to update them",
        problems.join("\n  "),
        generate::UPDATE_COMMAND
    );
}

/// `mandoc -Tlint` finds nothing to fix in the committed man pages: every page has a date,
/// a SYNOPSIS shows option values, no stray spaces or paragraph macros. Only the style note about
/// source lines over 80 bytes remains (long help sentences; the rendered page wraps them).
#[test]
fn man_pages_pass_mandoc_lint() {
    if !have("mandoc", "the man page lint") {
        return;
    }
    let mut pages: Vec<PathBuf> = std::fs::read_dir(root().join("man"))
        .expect("man/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "1"))
        .collect();
    pages.sort();
    assert!(pages.len() > 40, "{pages:?}");
    let r: Run = Command::new("mandoc").arg("-Tlint").args(&pages).output().expect("run mandoc").into();
    let complaints: Vec<&str> = r
        .stdout
        .lines()
        .chain(r.stderr.lines())
        .filter(|l| !l.contains("STYLE: input text line longer than 80 bytes"))
        .collect();
    assert!(complaints.is_empty(), "mandoc -Tlint:\n{}", complaints.join("\n"));
    let page = std::fs::read_to_string(root().join("man/studio-credits-balance.1")).unwrap();
    assert!(page.contains("[\\fB\\-w\\fR|\\fB\\-\\-workspace\\fR \\fINAME\\fR]"), "{page}");
}

/// Every exit code of the one table (exit.rs) is in `--help`, the man page and the README.
#[test]
fn every_exit_code_is_documented_everywhere() {
    let codes = generate::exit_codes();
    assert!(codes.iter().any(|(c, m)| c == "11" && m.contains("another daemon")), "{codes:?}");
    let help = Home::new().run(&["--help"]).expect(0).stdout;
    let man = std::fs::read_to_string(root().join("man/studio-credits.1")).unwrap();
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    for (code, meaning) in &codes {
        assert!(help.lines().any(|l| l.trim_start().starts_with(&format!("{code} "))), "{code} missing from --help");
        assert!(man.contains(&format!(".TP\n\\fB{code}\\fR\n")), "{code} missing from the man page");
        assert!(readme.contains(&format!("\n| {code} | ")), "exit code {code} ({meaning}) missing from README.md");
    }
}

#[test]
fn completions_command_prints_the_committed_scripts_without_a_daemon() {
    let home = Home::new();
    for shell in generate::SHELLS {
        let r = home.run(&["completions", &shell.to_string()]).expect(0);
        assert_eq!(r.stdout.as_bytes(), generate::completion_script(shell), "{shell}");
        assert!(r.stderr.is_empty(), "{r:#?}");
    }
    assert!(home.daemon_pid().is_none(), "printing completions must not start a daemon");
    // A packaging sandbox may have no home at all.
    let mut bare = home.command();
    bare.env_remove("HOME").env_remove("STUDIO_CREDITS_HOME").args(["completions", "fish"]);
    let r = run(bare).expect(0);
    let fish = generate::SHELLS.into_iter().find(|s| s.to_string() == "fish").unwrap();
    assert_eq!(r.stdout.as_bytes(), generate::completion_script(fish));
    let r = home.run(&["completions", "tcsh"]).expect(2);
    assert!(r.stderr.contains("possible values"), "{r:#?}");
}

fn committed(file: &str) -> PathBuf {
    root().join("completions").join(file)
}

#[test]
fn bash_loads_and_uses_the_completion_script() {
    let script = format!(
        "source '{}' || exit 9\n\
         complete -p studio-credits || exit 8\n\
         COMP_WORDS=(studio-credits bal); COMP_CWORD=1; _studio__credits studio-credits bal studio-credits\n\
         printf '<%s>' \"${{COMPREPLY[@]}}\"; echo\n\
         COMP_WORDS=(studio-credits history --kind de); COMP_CWORD=3; _studio__credits studio-credits de --kind\n\
         printf '<%s>' \"${{COMPREPLY[@]}}\"",
        committed("studio-credits.bash").display()
    );
    let r = run(bash_in(&Home::new(), &script)).expect(0);
    assert!(r.stdout.contains("-F _studio__credits studio-credits"), "{r:#?}");
    assert!(r.stdout.contains("<balance>"), "{r:#?}");
    assert!(r.stdout.contains("<debit>"), "{r:#?}");
}

#[test]
fn zsh_loads_the_completion_script() {
    if !have("zsh", "the zsh completion test") {
        return;
    }
    let dir = committed("");
    let out = Command::new("zsh")
        .arg("-fc")
        .arg(
            "fpath=(\"$1\" $fpath); autoload -Uz compinit && compinit -u -D || exit 9; \
             source \"$1/_studio-credits\" || exit 8; print -r -- \"$_comps[studio-credits]\"",
        )
        .arg("zsh")
        .arg(&dir)
        .output()
        .expect("run zsh");
    let r: Run = out.into();
    let r = r.expect(0);
    assert_eq!(r.stdout.trim(), "_studio-credits", "{r:#?}");
    assert!(r.stderr.is_empty(), "{r:#?}");
}

#[test]
fn fish_loads_and_uses_the_completion_script() {
    if !have("fish", "the fish completion test") {
        return;
    }
    let out = Command::new("fish")
        .arg("--no-config")
        .arg("-c")
        .arg("source $argv[1]; or exit 9; complete -C 'studio-credits bal'; complete -C 'studio-credits daemon in'")
        .arg(committed("studio-credits.fish"))
        .output()
        .expect("run fish");
    let r: Run = out.into();
    let r = r.expect(0);
    assert!(r.stdout.contains("balance\t"), "{r:#?}");
    assert!(r.stdout.contains("install\t"), "{r:#?}");
    assert!(r.stderr.is_empty(), "{r:#?}");
}

/// Where an argument is a fixed value or a name, fish offers those, never the files in the
/// current directory (clap's fish script leaves positional arguments to file completion).
#[test]
fn fish_offers_shell_names_not_files_after_completions() {
    if !have("fish", "the fish completion test") {
        return;
    }
    let cwd = tempfile::tempdir().expect("temp dir");
    std::fs::write(cwd.path().join("not-a-shell.txt"), "").unwrap();
    let ask = |line: &str| -> Vec<String> {
        let out = Command::new("fish")
            .arg("--no-config")
            .arg("-c")
            .arg("source $argv[1]; or exit 9; complete -C $argv[2]")
            .arg(committed("studio-credits.fish"))
            .arg(line)
            .current_dir(cwd.path())
            .output()
            .expect("run fish");
        let r: Run = out.into();
        let r = r.expect(0);
        assert!(r.stderr.is_empty(), "{r:#?}");
        r.stdout.lines().map(|l| l.split('\t').next().unwrap_or("").to_owned()).collect()
    };
    assert_eq!(ask("studio-credits completions "), ["bash", "elvish", "fish", "powershell", "zsh"]);
    assert_eq!(ask("studio-credits completions z"), ["zsh"]);
    assert_eq!(ask("studio-credits spend "), Vec::<String>::new());
    assert_eq!(ask("studio-credits seats add "), Vec::<String>::new());
    // A path option still completes paths.
    assert_eq!(ask("studio-credits balance --socket not-"), ["not-a-shell.txt"]);
}

#[test]
fn powershell_and_elvish_load_the_completion_scripts() {
    if have("pwsh", "the PowerShell completion test") {
        let file = committed("_studio-credits.ps1");
        let r: Run = Command::new("pwsh")
            .args(["-NoProfile", "-NonInteractive", "-Command"])
            .arg(format!(". '{}'", file.display()))
            .output()
            .expect("run pwsh")
            .into();
        r.expect(0);
    }
    if have("elvish", "the elvish completion test") {
        // Outside an interactive session elvish has no `edit:` module; lend the script one with
        // just what it uses, then ask its completer what follows `studio-credits bal`.
        // Namespace keys are quoted: elvish 0.19 reads an unquoted `&edit:=` as another key.
        let script = "var completion = (ns [&arg-completer=[&]])\n\
             var edit = (ns [&'completion:'=$completion &'complex-candidate~'={|c &display=$nil| put $c }])\n\
             eval (slurp < $args[0]) &ns=(ns [&'edit:'=$edit])\n\
             $completion[arg-completer][studio-credits] studio-credits bal | to-lines";
        let r: Run = Command::new("elvish")
            .args(["-norc", "-c", script])
            .arg(committed("studio-credits.elv"))
            .output()
            .expect("run elvish")
            .into();
        let r = r.expect(0);
        assert!(r.stdout.lines().any(|l| l == "balance"), "{r:#?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Dynamic completion

/// What the binary offers for the last word of `words`, as a shell's callback would ask.
fn dynamic(home: &Home, words: &[&str]) -> Vec<String> {
    let mut c = home.command();
    c.env("STUDIO_CREDITS_COMPLETE", "bash")
        .env("_CLAP_COMPLETE_INDEX", (words.len() - 1).to_string())
        .env("_CLAP_IFS", "\n")
        .arg("--")
        .args(words);
    let r = run(c).expect(0);
    r.stdout.lines().map(str::to_owned).collect()
}

#[test]
fn dynamic_completion_offers_live_workspace_seat_and_plan_names_and_hold_ids() {
    let home = Home::new();
    home.run(&["workspace", "add", "acme"]).expect(0);
    home.run(&["seats", "add", "bob"]).expect(0);
    home.run(&["--workspace", "acme", "seats", "add", "carol"]).expect(0);

    assert_eq!(dynamic(&home, &["studio-credits", "--workspace", ""]), ["acme", "default"]);
    assert_eq!(dynamic(&home, &["studio-credits", "balance", "-w", "a"]), ["acme"]);
    assert_eq!(dynamic(&home, &["studio-credits", "balance", "--seat", ""]), ["bob", "tester"]);
    // Seats of the workspace already typed on the line.
    assert_eq!(dynamic(&home, &["studio-credits", "-w", "acme", "spend", "1", "--seat", ""]), ["carol", "tester"]);
    assert_eq!(dynamic(&home, &["studio-credits", "seats", "remove", "b"]), ["bob"]);
    assert!(dynamic(&home, &["studio-credits", "plan", "set", ""]).contains(&"pro".to_owned()));
    // Open holds' ids, for `hold show|settle|release`.
    let hold = home.run(&["hold", "40", "--json"]).expect(0).json()["hold"]["id"].as_str().unwrap().to_owned();
    assert_eq!(dynamic(&home, &["studio-credits", "hold", "settle", "hold_"]), [hold.as_str()]);
    assert!(dynamic(&home, &["studio-credits", "hold", "show", ""]).contains(&hold));
    // Static knowledge still works in the same mode.
    assert_eq!(dynamic(&home, &["studio-credits", "bal"]), ["balance"]);

    // And through a shell, with the registration script the user sources.
    let script = "source <(\"$0\" completions bash --dynamic) || exit 9\n\
                  COMP_WORDS=(studio-credits seats remove b); COMP_CWORD=3\n\
                  _clap_complete_studio_credits studio-credits b remove\n\
                  printf '<%s>' \"${COMPREPLY[@]}\"";
    let r = run(bash_in(&home, script)).expect(0);
    assert_eq!(r.stdout, "<bob>", "{r:#?}");
}

#[test]
fn dynamic_completion_never_starts_a_daemon() {
    let home = Home::new();
    let started = Instant::now();
    assert_eq!(dynamic(&home, &["studio-credits", "--workspace", ""]), Vec::<String>::new());
    assert!(started.elapsed() < Duration::from_secs(5), "completion took {:?}", started.elapsed());
    assert!(home.daemon_pid().is_none(), "a Tab must not start a daemon");
    assert_eq!(dynamic(&home, &["studio-credits", "hist"]), ["history"]);
}

// ---------------------------------------------------------------------------------------------
// Terminal behaviour

#[test]
fn a_closed_pipe_ends_quietly_with_exit_0() {
    let home = Home::new();
    for i in 0..5 {
        home.run(&["spend", "1", "--memo", &format!("job {i}")]).expect(0);
    }
    // The writer's status (pipefail) and its stderr are what we check.
    let script = |cmd: &str, reader: &str| {
        format!("set -o pipefail; err=$(mktemp); \"$0\" {cmd} 2>\"$err\" | {reader}; rc=$?; cat \"$err\" >&2; exit $rc")
    };
    // `head -1` (as people type it) may exit before or after the writer is done; a reader that
    // closes its end at once makes the broken pipe certain.
    let closing = "{ exec 0<&-; sleep 0.2; }";
    for (cmd, reader) in [
        ("history", "head -1"),
        ("history", closing),
        ("history --json", closing),
        ("history --csv", closing),
        ("balance", closing),
        ("completions bash", "head -1"),
        ("completions zsh", closing),
        ("--help", closing),
        ("history --help", closing),
    ] {
        let r = run(bash_in(&home, &script(cmd, reader)));
        assert_eq!(r.code, 0, "`{cmd} | {reader}`: {r:#?}");
        assert!(r.stderr.is_empty(), "`{cmd} | {reader}` wrote to stderr: {r:#?}");
    }
}

#[test]
fn no_color_output_has_no_escape_codes() {
    let mut home = Home::new();
    home.env("NO_COLOR", "1");
    home.run(&["spend", "3", "--memo", "x"]).expect(0);
    let commands: &[&[&str]] = &[
        &["balance"],
        &["history"],
        &["seats", "list"],
        &["plan", "list"],
        &["workspace", "list"],
        &["--help"],
        &["spend", "--help"],
        &["spend", "0"],
        &["frobnicate"],
        &["balance", "--seat", "nobody"],
    ];
    for args in commands {
        let r = home.run(args);
        assert!(!has_escape(&r.stdout) && !has_escape(&r.stderr), "{args:?} printed an escape code: {r:#?}");
    }
    // On a terminal too: `script` gives the binary a pseudo-terminal.
    if !have("script", "the NO_COLOR-on-a-terminal test") {
        return;
    }
    // `script` runs its command through another shell, so the binary's path is spliced in here.
    let on_a_terminal = |home: &Home, args: &str| {
        let mut c = bash_in(home, &format!("script -qec \"'$0' {args}\" /dev/null"));
        c.env("TERM", "xterm-256color").env("SHELL", "/bin/sh").env_remove("CLICOLOR").env_remove("CLICOLOR_FORCE");
        run(c)
    };
    // Without NO_COLOR clap colours its help on a terminal, so the check below can see colour.
    let mut coloured = Home::new();
    coloured.env("TERM", "xterm-256color");
    let r = on_a_terminal(&coloured, "--help");
    assert!(r.stdout.contains("Usage") && has_escape(&r.stdout), "no colour on a pseudo-terminal: {r:#?}");
    for args in ["--help", "spend 0", "balance", "history"] {
        let r = on_a_terminal(&home, args);
        assert!(r.stdout.contains("\n"), "`{args}` printed nothing: {r:#?}");
        assert!(!has_escape(&r.stdout), "`{args}` on a terminal with NO_COLOR: {r:#?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Service units

/// Sections and keys of an INI-style unit, in order; panics on a line that is neither.
fn parse_unit(text: &str) -> Vec<(String, String, String)> {
    let mut section = String::new();
    let mut keys = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name.to_owned();
        } else {
            let (k, v) = line.split_once('=').unwrap_or_else(|| panic!("not a unit line: {line:?}"));
            assert!(!section.is_empty(), "key outside a section: {line:?}");
            keys.push((section.clone(), k.to_owned(), v.to_owned()));
        }
    }
    keys
}

fn exe() -> String {
    std::fs::canonicalize(common::bin()).unwrap().display().to_string()
}

#[test]
fn systemd_unit_is_valid() {
    let home = Home::new();
    let r = home.run(&["daemon", "install", "--systemd", "--print"]).expect(0);
    let keys = parse_unit(&r.stdout);
    let get = |s: &str, k: &str| {
        keys.iter().filter(|(sec, key, _)| sec == s && key == k).map(|(_, _, v)| v.clone()).collect::<Vec<_>>()
    };
    assert_eq!(get("Service", "ExecStart"), [format!("{} daemon run", exe())]);
    assert_eq!(get("Service", "Restart"), ["on-failure"]);
    assert_eq!(get("Install", "WantedBy"), ["default.target"]);
    let home_var = format!("STUDIO_CREDITS_HOME={}", home.path().display());
    assert!(get("Service", "Environment").contains(&home_var), "{keys:?}");
    assert!(home.daemon_pid().is_none(), "install must not start a daemon");

    // The real parser, when this machine has it.
    if !have("systemd-analyze", "`systemd-analyze verify`") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let unit = dir.path().join("studio-credits.service");
    std::fs::write(&unit, &r.stdout).unwrap();
    let runtime = dir.path().join("runtime");
    std::fs::create_dir(&runtime).unwrap();
    for mode in [&["--user"][..], &[][..]] {
        let out = Command::new("systemd-analyze")
            .args(mode)
            .args(["verify", "--man=no"])
            .arg(&unit)
            .env("XDG_RUNTIME_DIR", &runtime)
            .output()
            .expect("run systemd-analyze");
        let v: Run = out.into();
        if v.stderr.contains("Failed to initialize manager") || v.stderr.contains("Failed to lookup") {
            eprintln!("note: systemd-analyze {mode:?} cannot run here: {}", v.stderr.trim());
            continue;
        }
        assert_eq!(v.code, 0, "systemd-analyze rejected the unit: {v:#?}");
        assert!(v.stderr.trim().is_empty(), "systemd-analyze warned about the unit: {v:#?}");
        return;
    }
    eprintln!("note: systemd-analyze could not verify in this environment; the unit was parsed instead");
}

/// A minimal XML well-formedness check: tags nest and close, and the document is one plist.
fn xml_tags(text: &str) -> Vec<String> {
    let mut stack: Vec<String> = Vec::new();
    let mut seen = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        let end = rest[start..].find('>').expect("unclosed tag") + start;
        let tag = &rest[start + 1..end];
        rest = &rest[end + 1..];
        if tag.starts_with('?') || tag.starts_with('!') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(name), "mismatched </{name}>");
        } else if let Some(name) = tag.strip_suffix('/') {
            seen.push(name.trim().to_owned());
        } else {
            let name = tag.split_whitespace().next().unwrap().to_owned();
            seen.push(name.clone());
            stack.push(name);
        }
    }
    assert!(stack.is_empty(), "unclosed tags {stack:?}");
    for entity in text.split('&').skip(1) {
        let name = entity.split(';').next().unwrap_or_default();
        assert!(["amp", "lt", "gt", "quot", "apos"].contains(&name), "bad entity &{name}");
    }
    seen
}

#[test]
fn launchd_plist_is_well_formed() {
    let home = Home::new();
    let r = home.run(&["daemon", "install", "--launchd", "--print"]).expect(0);
    let tags = xml_tags(&r.stdout);
    assert_eq!(tags.first().map(String::as_str), Some("plist"), "{}", r.stdout);
    let compact: String = r.stdout.split_whitespace().collect();
    assert!(compact.contains("<key>Label</key><string>studio-credits.daemon</string>"), "{}", r.stdout);
    let args = format!(
        "<key>ProgramArguments</key><array><string>{}</string><string>daemon</string><string>run</string></array>",
        exe()
    );
    assert!(compact.contains(&args.replace(' ', "")), "{}", r.stdout);
    assert!(compact.contains(&format!("<key>STUDIO_CREDITS_HOME</key><string>{}</string>", home.path().display())));
    assert!(compact.contains("<key>RunAtLoad</key><true/>"), "{}", r.stdout);
}

#[test]
fn install_writes_and_uninstall_removes_the_unit() {
    let mut home = Home::new();
    let config = home.path().join("xdg-config");
    home.env("XDG_CONFIG_HOME", &config.display().to_string());
    home.env("STRIPE_SECRET_KEY", "sk_test_never_in_a_unit");
    let unit = config.join("systemd/user/studio-credits.service");

    let r = home.run(&["daemon", "install", "--systemd"]).expect(0);
    assert!(r.stdout.contains("systemctl --user enable --now studio-credits.service"), "{r:#?}");
    assert!(r.stdout.contains("Stripe secrets are not copied"), "{r:#?}");
    let text = std::fs::read_to_string(&unit).expect("unit written under XDG_CONFIG_HOME");
    assert!(!text.contains("sk_test"), "{text}");
    let printed = home.run(&["daemon", "install", "--systemd", "--print"]).expect(0).stdout;
    assert_eq!(printed.trim_end(), text.trim_end());
    // A store URL may hold a password: never in the unit, and the person is told where it goes.
    let store = "postgres://app:hunter2@db.example/credits";
    let r = home.run(&["--store", store, "daemon", "install", "--systemd"]).expect(0);
    assert!(r.stdout.contains("store (--store / STUDIO_CREDITS_STORE) is not copied"), "{r:#?}");
    assert!(!std::fs::read_to_string(&unit).unwrap().contains("hunter2"));

    let again = home.json(&["daemon", "install", "--systemd"]);
    assert_eq!(again["written"], false, "{again}");

    // As if enabled: uninstall also removes the enablement link.
    let wants = config.join("systemd/user/default.target.wants");
    std::fs::create_dir_all(&wants).unwrap();
    std::os::unix::fs::symlink(&unit, wants.join("studio-credits.service")).unwrap();
    let r = home.run(&["daemon", "uninstall", "--systemd"]).expect(0);
    assert!(r.stdout.contains("Removed"), "{r:#?}");
    assert!(!unit.exists() && std::fs::symlink_metadata(wants.join("studio-credits.service")).is_err());
    let r = home.run(&["daemon", "uninstall", "--systemd"]).expect(0);
    assert!(r.stdout.contains("Nothing to remove"), "{r:#?}");

    // launchd writes under HOME.
    let r = home.json(&["daemon", "install", "--launchd"]);
    let plist = home.path().join("Library/LaunchAgents/studio-credits.daemon.plist");
    assert_eq!(r["path"], plist.display().to_string());
    assert!(plist.exists());
    assert_eq!(home.json(&["daemon", "uninstall", "--launchd"])["removed"], true);
    assert!(!plist.exists());

    let r = home.run(&["daemon", "install", "--systemd", "--launchd"]).expect(2);
    assert!(r.stderr.contains("cannot be used with"), "{r:#?}");
    assert!(home.daemon_pid().is_none(), "install and uninstall must not start a daemon");
}

// ---------------------------------------------------------------------------------------------
// Man pages

#[test]
fn man_pages_render() {
    let top = root().join("man/studio-credits.1");
    let text = std::fs::read_to_string(&top).expect("man/studio-credits.1 is committed");
    for needle in
        [".SH \"EXIT STATUS\"", ".SH ENVIRONMENT", ".SH FILES", "STUDIO_CREDITS_HOME", "studio\\-credits\\-balance"]
    {
        assert!(text.contains(needle), "{needle} missing from the top page");
    }
    if have("groff", "the groff warning check") {
        for entry in std::fs::read_dir(root().join("man")).unwrap() {
            let path = entry.unwrap().path();
            let out = Command::new("groff").args(["-man", "-Tutf8", "-ww", "-z"]).arg(&path).output().unwrap();
            let r: Run = out.into();
            assert!(r.code == 0 && r.stderr.is_empty(), "groff warns about {}: {r:#?}", path.display());
        }
    }
    if !have("man", "`man -l`") {
        return;
    }
    let out = Command::new("man").arg("-l").arg(&top).env("MANPAGER", "cat").env("MANWIDTH", "100").output().unwrap();
    let r: Run = out.into();
    let r = r.expect(0);
    for needle in ["EXIT STATUS", "payment required", "STRIPE_WEBHOOK_SECRET", "FILES"] {
        assert!(r.stdout.contains(needle), "{needle} missing from the rendered page: {r:#?}");
    }
}
