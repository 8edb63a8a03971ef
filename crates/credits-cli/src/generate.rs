//! Files generated from the clap definition: shell completion scripts (`completions/`) and man
//! pages (`man/`). They are committed so packagers and users get them without building; one
//! function per kind returns `(path, bytes)` pairs, and the same output is written by the update
//! command and compared by the check test (uv's Write / Check pattern), so they cannot drift.

use std::io;
use std::path::{Path, PathBuf};

use clap::CommandFactory;
use clap_complete::Shell;
use clap_mangen::Man;
use clap_mangen::roff::{Roff, bold, italic, roman};

use crate::args::Cli;
use crate::exit;

/// The one command that rewrites every generated file; the check test names it when they are stale.
pub const UPDATE_COMMAND: &str = "STUDIO_CREDITS_UPDATE_GENERATED=1 cargo test --test shell generated";

/// The binary's name, as shells and `man` know it.
pub const BIN: &str = "studio-credits";

/// Every shell we generate a completion script for.
pub const SHELLS: [Shell; 5] = [Shell::Bash, Shell::Zsh, Shell::Fish, Shell::PowerShell, Shell::Elvish];

/// The directories whose every file is generated (relative to the repository root).
pub const DIRS: [&str; 2] = ["completions", "man"];

/// A generated file: its path relative to the repository root, and its content.
pub type File = (PathBuf, Vec<u8>);

/// The clap command with its binary name set, as every generator wants it.
pub fn command() -> clap::Command {
    let mut cmd = Cli::command().bin_name(BIN);
    cmd.build();
    cmd
}

/// The command as man pages show it: without clap's `help` subcommand (`--help` is documented).
fn man_command() -> clap::Command {
    let mut cmd = Cli::command().bin_name(BIN).disable_help_subcommand(true);
    cmd.build();
    cmd
}

/// The static completion script for `shell`: subcommands, flags and fixed values. Byte-identical
/// to the committed `completions/` file for that shell.
pub fn completion_script(shell: Shell) -> Vec<u8> {
    let mut cmd = command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, BIN, &mut buf);
    if shell == Shell::Bash {
        buf = fix_bash_hyphenated_bin(buf);
    }
    if shell == Shell::Fish {
        buf.extend(fish_positionals(&cmd).into_bytes());
    }
    buf
}

/// clap_complete 4.6's fish script completes options and subcommands but no positional argument
/// (its fish generator "only supports named options"), so after `studio-credits completions `
/// fish fell back to offering file names. Add one line per leaf command: the fixed values of its
/// positional argument (`bash zsh fish …`), and never file names (no positional argument of this
/// CLI is a path; `--socket` keeps its own file completion).
fn fish_positionals(cmd: &clap::Command) -> String {
    let using = format!("__fish_{}_using_subcommand", BIN.replace('-', "_"));
    let mut out = String::new();
    let mut add = |condition: String, leaf: &clap::Command| {
        let values: Vec<String> = leaf
            .get_positionals()
            .flat_map(|a| a.get_possible_values())
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_owned())
            .collect();
        let mut line = format!("complete -c {BIN} -n \"{condition}\" -f");
        if !values.is_empty() {
            line.push_str(&format!(" -a \"{}\"", values.join(" ")));
        }
        out.push_str(&line);
        out.push('\n');
    };
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = sub.get_name();
        if !sub.has_subcommands() {
            add(format!("{using} {name}"), sub);
            continue;
        }
        for leaf in sub.get_subcommands().filter(|s| s.get_name() != "help" && !s.has_subcommands()) {
            add(format!("{using} {name}; and __fish_seen_subcommand_from {}", leaf.get_name()), leaf);
        }
    }
    out
}

/// clap_complete 4.6's bash script spells a subcommand's state `studio__credits__subcmd__spend`
/// in its dispatch loop but `studio__subcmd__credits__subcmd__spend` in the case arms, so for a
/// hyphenated binary name nothing past the subcommand completes (clap-rs/clap#6421). Spell the
/// arms like the loop; a no-op once upstream generates them consistently. The bash test in
/// tests/shell.rs completes a subcommand's option value to keep this honest.
fn fix_bash_hyphenated_bin(script: Vec<u8>) -> Vec<u8> {
    let wrong = BIN.replace('-', "__subcmd__");
    let right = BIN.replace('-', "__");
    match String::from_utf8(script) {
        Ok(s) => s.replace(&format!("{wrong}__subcmd__"), &format!("{right}__subcmd__")).into_bytes(),
        Err(e) => e.into_bytes(),
    }
}

/// The file a shell's script is committed as (`studio-credits.bash`, `_studio-credits`, …).
pub fn completion_file_name(shell: Shell) -> String {
    use clap_complete::Generator;
    shell.file_name(BIN)
}

/// Every completion script, as `completions/<file>`.
pub fn completions() -> Vec<File> {
    SHELLS
        .iter()
        .map(|&shell| (Path::new("completions").join(completion_file_name(shell)), completion_script(shell)))
        .collect()
}

/// Every man page, as `man/<name>.1`: `studio-credits.1` (with exit status, environment and
/// files) and one page per visible subcommand, nested ones included (`studio-credits-seats-add.1`).
pub fn man_pages() -> Vec<File> {
    let cmd = man_command();
    let mut pages = vec![(PathBuf::from("man").join(format!("{BIN}.1")), top_page(&cmd))];
    for sub in visible_subcommands(&cmd) {
        sub_pages(sub, &mut pages);
    }
    pages.into_iter().map(|(path, page)| (path, tidy_roff(ascii_roff(page)))).collect()
}

/// What `mandoc -Tlint` would warn about in clap_mangen's output: a blank line between two `.br`
/// (before a list of possible values), which is a paragraph break spelled three ways; and
/// spaces at line ends.
fn tidy_roff(page: Vec<u8>) -> Vec<u8> {
    let text = String::from_utf8_lossy(&page).replace("\n.br\n\n.br\n", "\n.sp\n");
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        out.push_str(line.trim_end_matches(' '));
        out.push('\n');
    }
    out.into_bytes()
}

/// Spells non-ASCII characters (`…`, `—`, `≥` in help texts) as roff escapes (`\[u2026]`), so
/// pages render the same under groff without preconv, mandoc, or any locale.
fn ascii_roff(page: Vec<u8>) -> Vec<u8> {
    let text = String::from_utf8_lossy(&page);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            out.push_str(&format!("\\[u{:04X}]", u32::from(c)));
        }
    }
    out.into_bytes()
}

/// Completions and man pages together.
pub fn all() -> Vec<File> {
    let mut files = completions();
    files.extend(man_pages());
    files
}

/// Writes every generated file under `root` and deletes files in the generated directories that
/// are no longer generated (a renamed subcommand's old page). Returns what changed.
pub fn write(root: &Path) -> io::Result<Vec<PathBuf>> {
    let files = all();
    let mut changed = Vec::new();
    for (rel, bytes) in &files {
        let path = root.join(rel);
        if std::fs::read(&path).ok().as_deref() != Some(bytes.as_slice()) {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&path, bytes)?;
            changed.push(rel.clone());
        }
    }
    for rel in extra_files(root, &files)? {
        std::fs::remove_file(root.join(&rel))?;
        changed.push(rel);
    }
    Ok(changed)
}

/// Compares the committed files under `root` with freshly generated ones; returns one line per
/// difference (missing, different or no longer generated), empty when everything is up to date.
pub fn check(root: &Path) -> io::Result<Vec<String>> {
    let files = all();
    let mut problems = Vec::new();
    for (rel, bytes) in &files {
        match std::fs::read(root.join(rel)) {
            Ok(have) if have == *bytes => {}
            Ok(_) => problems.push(format!("{} is out of date", rel.display())),
            Err(e) if e.kind() == io::ErrorKind::NotFound => problems.push(format!("{} is missing", rel.display())),
            Err(e) => return Err(e),
        }
    }
    for rel in extra_files(root, &files)? {
        problems.push(format!("{} is no longer generated", rel.display()));
    }
    Ok(problems)
}

fn extra_files(root: &Path, files: &[File]) -> io::Result<Vec<PathBuf>> {
    let mut extra = Vec::new();
    for dir in DIRS {
        let entries = match std::fs::read_dir(root.join(dir)) {
            Ok(e) => e,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        for entry in entries {
            let rel = Path::new(dir).join(entry?.file_name());
            if !files.iter().any(|(p, _)| *p == rel) {
                extra.push(rel);
            }
        }
    }
    extra.sort();
    Ok(extra)
}

/// The date the pages carry: that of the release they describe, changed together with the
/// version. A constant, not today's date, so that regenerating the pages is deterministic.
pub const RELEASE_DATE: &str = "2026-11-30";

/// The `.TH` line: upper-case title, section, date, source, manual. Written here because
/// clap_mangen's drops an empty date argument (shifting the source into the date's place), and
/// its source would name the subcommand rather than the program.
fn title(cmd: &clap::Command) -> String {
    let name = cmd.get_display_name().unwrap_or_else(|| cmd.get_name()).to_uppercase();
    format!(".TH {name} 1 \"{RELEASE_DATE}\" \"{BIN} {}\" \"studio-credits manual\"\n", env!("CARGO_PKG_VERSION"))
}

/// The SYNOPSIS section. clap_mangen 0.3's leaves option values out (`[-w|--workspace]` reads as
/// a flag); this one shows them as `--help` does (`[-w|--workspace NAME]`).
fn synopsis(cmd: &clap::Command) -> Vec<u8> {
    let name = cmd.get_bin_name().unwrap_or_else(|| cmd.get_name());
    let mut line = vec![bold(name)];
    let value_name = |arg: &clap::Arg| match arg.get_value_names() {
        Some(names) => names.iter().map(|n| n.as_str()).collect::<Vec<_>>().join(" "),
        None => arg.get_id().as_str().to_uppercase(),
    };
    for arg in cmd.get_arguments().filter(|a| !a.is_hide_set() && !a.is_positional()) {
        let flags = match (arg.get_short(), arg.get_long()) {
            (Some(s), Some(l)) => vec![bold(format!("-{s}")), roman("|"), bold(format!("--{l}"))],
            (Some(s), None) => vec![bold(format!("-{s}"))],
            (None, Some(l)) => vec![bold(format!("--{l}"))],
            (None, None) => continue,
        };
        let (open, close) = if arg.is_required_set() { ("", "") } else { ("[", "]") };
        line.push(roman(format!(" {open}")));
        line.extend(flags);
        if arg.get_num_args().is_some_and(|r| r.takes_values()) {
            line.push(roman(" "));
            line.push(italic(value_name(arg)));
        }
        line.push(roman(close));
    }
    for arg in cmd.get_positionals().filter(|a| !a.is_hide_set()) {
        let (open, close) = if arg.is_required_set() { ("<", ">") } else { ("[", "]") };
        let many = arg.get_num_args().is_some_and(|r| r.max_values() > 1);
        line.push(roman(format!(" {open}")));
        line.push(italic(value_name(arg)));
        line.push(roman(if many { format!("{close}...") } else { close.to_owned() }));
    }
    if cmd.has_subcommands() {
        let (open, close) = if cmd.is_subcommand_required_set() { ("<", ">") } else { ("[", "]") };
        line.extend([roman(format!(" {open}")), italic("command"), roman(close)]);
    }
    let mut roff = Roff::new();
    roff.control("SH", ["SYNOPSIS"]);
    roff.text(line);
    roff.render().into_bytes()
}

fn visible_subcommands(cmd: &clap::Command) -> impl Iterator<Item = &clap::Command> {
    cmd.get_subcommands().filter(|s| !s.is_hide_set())
}

fn sub_pages(cmd: &clap::Command, pages: &mut Vec<File>) {
    let name = cmd.get_display_name().unwrap_or_else(|| cmd.get_name()).to_owned();
    let mut page = Vec::new();
    let man = Man::new(cmd.clone());
    // Writing into a Vec cannot fail.
    page.extend(title(cmd).into_bytes());
    let _ = man.render_name_section(&mut page);
    page.extend(synopsis(cmd));
    let _ = man.render_description_section(&mut page);
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        let _ = man.render_options_section(&mut page);
    }
    if visible_subcommands(cmd).next().is_some() {
        let _ = man.render_subcommands_section(&mut page);
    }
    if let Some(after) = cmd.get_after_long_help().or_else(|| cmd.get_after_help()) {
        page.extend(examples_section(&after.to_string()).render().into_bytes());
    }
    let mut see = Roff::new();
    see.control("SH", ["SEE ALSO"]);
    see.text([bold(BIN), roman("(1)")]);
    page.extend(see.render().into_bytes());
    pages.push((PathBuf::from("man").join(format!("{name}.1")), page));
    for sub in visible_subcommands(cmd) {
        sub_pages(sub, pages);
    }
}

/// `Examples:` text from `after_help`, as a preformatted EXAMPLES section.
fn examples_section(text: &str) -> Roff {
    let mut lines = text.lines().peekable();
    let heading = match lines.peek() {
        Some(first) if first.trim_end().ends_with(':') && first.starts_with("Example") => {
            lines.next();
            "EXAMPLES"
        }
        _ => "NOTES",
    };
    let mut roff = Roff::new();
    roff.control("SH", [heading]);
    roff.control("nf", []);
    for line in lines {
        roff.text([roman(line.strip_prefix("  ").unwrap_or(line))]);
    }
    roff.control("fi", []);
    roff
}

/// Environment variables the program reads, for the top page.
pub const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "STUDIO_CREDITS_HOME",
        "Keep everything (database, config file, socket, lock file, log) under this one directory instead of the XDG directories. Tests and CI use it.",
    ),
    ("STUDIO_CREDITS_WORKSPACE", "Workspace to act on, as --workspace."),
    ("STUDIO_CREDITS_SOCKET", "Path of the daemon's local socket, as --socket."),
    (
        "STUDIO_CREDITS_SERVER",
        "Remote mode: URL of a central daemon (https://HOST:PORT), as --server or [client] server. The CLI then speaks its HTTP API and never starts a local daemon.",
    ),
    (
        "STUDIO_CREDITS_TOKEN",
        "Remote mode: the workspace API key (sck_…) sent to the server, or [client] token in a config file only its owner can read (mode 0600). Never printed.",
    ),
    (
        "STUDIO_CREDITS_CA_CERT",
        "Remote mode: a PEM bundle of CA certificates trusted beside the built-in roots, or [client] ca_cert.",
    ),
    (
        "STUDIO_CREDITS_HTTP_LISTEN",
        "Address of the daemon's HTTP API (default 127.0.0.1:4402; 127.0.0.1:0 picks a free port).",
    ),
    ("STUDIO_CREDITS_TLS_CERT", "PEM certificate chain the daemon serves HTTPS with, as [http] tls_cert."),
    ("STUDIO_CREDITS_TLS_KEY", "PEM private key of that certificate (owner-only), as [http] tls_key."),
    (
        "STUDIO_CREDITS_STRIPE_API_BASE",
        "Base URL of the Stripe API (default Stripe's own; tests point it at an emulator).",
    ),
    ("STRIPE_SECRET_KEY", "Stripe secret key used to sell top-ups; never printed or logged."),
    ("STRIPE_WEBHOOK_SECRET", "Secret that verifies the signatures of Stripe webhook events."),
    (
        "STUDIO_CREDITS_FAKE_NOW",
        "Test aid only: an RFC 3339 instant at which a starting daemon's clock begins (it then runs at real speed). Never set it in production.",
    ),
    (
        "STUDIO_CREDITS_ROLLOVER_PAUSED",
        "Test and maintenance aid: a daemon started with it set does not apply monthly resets by itself; rollover applies them.",
    ),
    (
        "STUDIO_CREDITS_COMPLETE",
        "Set by the dynamic completion scripts when the shell asks for completions; not for direct use.",
    ),
    ("XDG_DATA_HOME, XDG_CONFIG_HOME, XDG_RUNTIME_DIR", "Base directories, see FILES."),
    ("NO_COLOR", "When set, nothing is colored."),
    ("RUST_LOG", "Filters the daemon's log (default info)."),
];

/// Files the program reads and writes, for the top page.
const FILES: &[(&str, &str)] = &[
    ("$XDG_DATA_HOME/studio-credits/credits.db", "The ledger (SQLite; default ~/.local/share/studio-credits/)."),
    ("$XDG_DATA_HOME/studio-credits/daemon.log", "The log of an auto-started daemon."),
    (
        "$XDG_DATA_HOME/studio-credits/daemon.pid",
        "The lock that keeps one daemon per ledger, whatever the environment; it records the daemon's pid, version and socket, so clients from any environment (cron, ssh) find it.",
    ),
    (
        "$XDG_CONFIG_HOME/studio-credits/config.toml",
        "The config file (default ~/.config/studio-credits/); every key optional.",
    ),
    (
        "$XDG_RUNTIME_DIR/studio-credits/daemon.sock",
        "The daemon's socket (socket 0600; the directory is created 0700, and one that others can write to is refused). Without XDG_RUNTIME_DIR: /run/user/UID/studio-credits/ when that directory is the user's, else the data directory.",
    ),
    ("$STUDIO_CREDITS_HOME/", "With STUDIO_CREDITS_HOME set, all of the above live directly in that directory."),
    ("~/.config/systemd/user/studio-credits.service", "The user unit written by daemon install (Linux)."),
    ("~/Library/LaunchAgents/studio-credits.daemon.plist", "The launch agent written by daemon install (macOS)."),
];

fn top_page(cmd: &clap::Command) -> Vec<u8> {
    let man = Man::new(cmd.clone());
    let mut page = Vec::new();
    page.extend(title(cmd).into_bytes());
    let _ = man.render_name_section(&mut page);
    page.extend(synopsis(cmd));
    let _ = man.render_description_section(&mut page);
    let _ = man.render_options_section(&mut page);
    let _ = man.render_subcommands_section(&mut page);

    let mut roff = Roff::new();
    roff.control("SH", ["EXIT STATUS"]);
    roff.text([roman("Exit codes are stable; scripts may branch on them.")]);
    for (code, meaning) in exit_codes() {
        roff.control("TP", []);
        roff.text([bold(code)]);
        roff.text([roman(meaning)]);
    }
    roff.control("SH", ["ENVIRONMENT"]);
    roff.text([roman("Settings resolve as flag, then environment, then config file, then default.")]);
    for (name, what) in ENVIRONMENT {
        roff.control("TP", []);
        roff.text([bold(*name)]);
        roff.text([roman(*what)]);
    }
    roff.control("SH", ["FILES"]);
    for (path, what) in FILES {
        roff.control("TP", []);
        roff.text([italic(*path)]);
        roff.text([roman(*what)]);
    }
    roff.control("SH", ["EXAMPLES"]);
    roff.control("nf", []);
    for line in crate::args::EXAMPLES.lines().skip(1) {
        roff.text([roman(line.trim_start())]);
    }
    roff.control("fi", []);
    roff.control("SH", ["SEE ALSO"]);
    let subs: Vec<_> = visible_subcommands(cmd).collect();
    for (i, sub) in subs.iter().enumerate() {
        let sep = if i + 1 < subs.len() { "(1)," } else { "(1)" };
        roff.text([bold(format!("{BIN}-{}", sub.get_name())), roman(sep)]);
    }
    page.extend(roff.render().into_bytes());
    let _ = man.render_version_section(&mut page);
    page
}

/// `(code, meaning)` pairs from the help text's exit-code table, the one place they are written.
pub fn exit_codes() -> Vec<(String, String)> {
    exit::TABLE
        .lines()
        .skip(1)
        .filter_map(|l| l.trim().split_once(char::is_whitespace))
        .map(|(code, meaning)| (code.to_owned(), meaning.trim().to_owned()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_come_from_the_table() {
        let codes = exit_codes();
        assert_eq!(codes.first().map(|c| c.0.as_str()), Some("0"));
        assert!(codes.iter().any(|(c, m)| c == "42" && m.starts_with("payment required")), "{codes:?}");
        assert_eq!(codes.len(), exit::TABLE.lines().count() - 1);
    }

    #[test]
    fn every_visible_subcommand_has_a_page() {
        let pages = man_pages();
        let names: Vec<String> = pages.iter().map(|(p, _)| p.display().to_string()).collect();
        for n in ["man/studio-credits.1", "man/studio-credits-balance.1", "man/studio-credits-seats-add.1"] {
            assert!(names.iter().any(|x| x == n), "{n} missing from {names:?}");
        }
        assert!(!names.iter().any(|n| n.contains("help")), "{names:?}");
        for (path, page) in &pages {
            assert!(page.is_ascii(), "{} has raw non-ASCII characters", path.display());
        }
    }

    /// Every command's `--help` ends with an example (the man pages' EXAMPLES come from it too).
    /// A new subcommand fails here until it has `#[command(after_help = "Example:\n  …")]`.
    #[test]
    fn every_command_has_an_example() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            let text = cmd.get_after_help().map(|h| h.to_string()).unwrap_or_default();
            if !text.contains("Example") {
                missing.push(path.to_owned());
            }
            for sub in visible_subcommands(cmd) {
                walk(sub, &format!("{path} {}", sub.get_name()), missing);
            }
        }
        let mut missing = Vec::new();
        walk(&man_command(), BIN, &mut missing);
        assert!(missing.is_empty(), "no example in the help of: {}", missing.join(", "));
    }

    #[test]
    fn top_page_has_exit_status_environment_and_files() {
        let pages = man_pages();
        let top = String::from_utf8(pages[0].1.clone()).unwrap();
        for needle in ["EXIT STATUS", "ENVIRONMENT", "FILES", "STUDIO_CREDITS_FAKE_NOW", "STRIPE_SECRET_KEY", "42"] {
            assert!(top.contains(needle), "{needle} missing");
        }
    }

    #[test]
    fn completion_scripts_are_named_for_their_shell() {
        let names: Vec<String> = completions().iter().map(|(p, _)| p.display().to_string()).collect();
        assert_eq!(
            names,
            [
                "completions/studio-credits.bash",
                "completions/_studio-credits",
                "completions/studio-credits.fish",
                "completions/_studio-credits.ps1",
                "completions/studio-credits.elv"
            ]
        );
    }
}
