//! `daemon install|uninstall`: run the daemon as a user service — a systemd user unit on Linux,
//! a launchd agent on macOS — instead of auto-starting it from the first command.
//!
//! The unit runs this very binary (its absolute path) with `daemon run`, and carries the
//! variables that decide where the ledger and socket live, so the service serves the same home
//! as the shell that installed it. Secrets are never written into a unit.

use std::path::{Path, PathBuf};

use serde_json::json;

use super::Ctx;
use crate::args::{ServiceInstallArgs, ServiceKindArgs};
use crate::error::CliError;
use crate::exit;
use crate::exit::ANOTHER_DAEMON;

/// The systemd unit's file name.
pub const SYSTEMD_UNIT: &str = "studio-credits.service";
/// The launchd agent's label (its file is `<label>.plist`).
pub const LAUNCHD_LABEL: &str = "studio-credits.daemon";

/// Variables copied into the unit when set: where files live, and non-secret settings.
/// `XDG_RUNTIME_DIR` is left to systemd, which sets it for every user service; the lock file
/// beside the database tells clients without it where the socket is.
const PASSED_ENV: &[&str] = &[
    "STUDIO_CREDITS_HOME",
    "STUDIO_CREDITS_SOCKET",
    "STUDIO_CREDITS_HTTP_LISTEN",
    "STUDIO_CREDITS_TLS_CERT",
    "STUDIO_CREDITS_TLS_KEY",
    "STUDIO_CREDITS_STRIPE_API_BASE",
    "XDG_DATA_HOME",
    "XDG_CONFIG_HOME",
];

/// The service manager a unit is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Manager {
    Systemd,
    Launchd,
}

impl Manager {
    fn pick(a: &ServiceKindArgs) -> Result<Manager, CliError> {
        match (a.systemd, a.launchd) {
            (true, _) => Ok(Manager::Systemd),
            (_, true) => Ok(Manager::Launchd),
            _ if cfg!(target_os = "macos") => Ok(Manager::Launchd),
            _ if cfg!(target_os = "linux") => Ok(Manager::Systemd),
            _ => Err(CliError::invalid("no user service manager is known on this system")
                .with_hint("pass --systemd or --launchd, or run `studio-credits daemon run` from your own supervisor")),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Manager::Systemd => "systemd",
            Manager::Launchd => "launchd",
        }
    }
}

fn env_var(k: &str) -> Option<String> {
    std::env::var(k).ok().filter(|v| !v.is_empty())
}

/// Where the unit file goes: `$XDG_CONFIG_HOME/systemd/user/` (default `~/.config/…`) or
/// `~/Library/LaunchAgents/`.
pub fn unit_path(manager: Manager, env: &dyn Fn(&str) -> Option<String>) -> Result<PathBuf, CliError> {
    let home = || {
        env("HOME").map(PathBuf::from).ok_or_else(|| {
            CliError::invalid("HOME is not set, so there is no place for a user service")
                .with_hint("set HOME (and XDG_CONFIG_HOME for systemd) and run the command again")
        })
    };
    Ok(match manager {
        Manager::Systemd => {
            let config = match env("XDG_CONFIG_HOME") {
                Some(c) => PathBuf::from(c),
                None => home()?.join(".config"),
            };
            config.join("systemd/user").join(SYSTEMD_UNIT)
        }
        Manager::Launchd => home()?.join("Library/LaunchAgents").join(format!("{LAUNCHD_LABEL}.plist")),
    })
}

/// The variables a unit carries (see [`PASSED_ENV`]).
pub fn unit_env(env: &dyn Fn(&str) -> Option<String>, manager: Manager) -> Vec<(String, String)> {
    let mut vars: Vec<(String, String)> =
        PASSED_ENV.iter().filter_map(|k| env(k).map(|v| ((*k).to_owned(), v))).collect();
    // launchd sets no runtime dir; pass the shell's so the socket is where this shell's CLI looks
    // first (clients from any other environment find it through the lock file anyway).
    if manager == Manager::Launchd
        && let Some(v) = env("XDG_RUNTIME_DIR")
    {
        vars.push(("XDG_RUNTIME_DIR".to_owned(), v));
    }
    vars
}

/// A systemd user unit that runs `exe daemon run` and restarts it when it fails.
pub fn systemd_unit(exe: &Path, vars: &[(String, String)]) -> String {
    let mut s = String::from(
        "# Written by `studio-credits daemon install`; remove with `studio-credits daemon uninstall`.\n\
         [Unit]\n\
         Description=studio-credits daemon: prepaid AI credits ledger, monthly resets, HTTP API\n\
         Documentation=man:studio-credits(1)\n\
         \n\
         [Service]\n\
         Type=simple\n",
    );
    s += &format!("ExecStart={} daemon run\n", systemd_quote(&exe.to_string_lossy(), true));
    for (k, v) in vars {
        s += &format!("Environment={}\n", systemd_quote(&format!("{k}={v}"), false));
    }
    s += &format!(
        "Restart=on-failure\n\
         RestartSec=5\n\
         # {ANOTHER_DAEMON}: another daemon already serves this ledger; restarting would not help.\n\
         RestartPreventExitStatus={ANOTHER_DAEMON}\n\
         \n\
         [Install]\n\
         WantedBy=default.target\n"
    );
    s
}

/// Quotes one word for a unit file: `%` is a specifier and `$` (in ExecStart) a variable there.
fn systemd_quote(word: &str, exec: bool) -> String {
    let mut escaped = word.replace('\\', "\\\\").replace('"', "\\\"").replace('%', "%%");
    if exec {
        escaped = escaped.replace('$', "$$");
    }
    if escaped.contains(|c: char| c.is_whitespace() || c == ';' || c == '\'') || escaped != word {
        format!("\"{escaped}\"")
    } else {
        escaped
    }
}

/// A launchd agent that runs `exe daemon run` at login and again when it fails.
pub fn launchd_plist(exe: &Path, vars: &[(String, String)], log: &Path) -> String {
    let x = |s: &str| xml_escape(s);
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n\
         <!-- Written by `studio-credits daemon install`; remove with `studio-credits daemon uninstall`. -->\n\
         <plist version=\"1.0\">\n<dict>\n",
    );
    s += &format!("\t<key>Label</key>\n\t<string>{LAUNCHD_LABEL}</string>\n");
    s += "\t<key>ProgramArguments</key>\n\t<array>\n";
    for arg in [exe.to_string_lossy().as_ref(), "daemon", "run"] {
        s += &format!("\t\t<string>{}</string>\n", x(arg));
    }
    s += "\t</array>\n";
    if !vars.is_empty() {
        s += "\t<key>EnvironmentVariables</key>\n\t<dict>\n";
        for (k, v) in vars {
            s += &format!("\t\t<key>{}</key>\n\t\t<string>{}</string>\n", x(k), x(v));
        }
        s += "\t</dict>\n";
    }
    let log = x(&log.to_string_lossy());
    s += &format!(
        "\t<key>RunAtLoad</key>\n\t<true/>\n\
         \t<key>KeepAlive</key>\n\t<dict>\n\t\t<key>SuccessfulExit</key>\n\t\t<false/>\n\t</dict>\n\
         \t<key>StandardOutPath</key>\n\t<string>{log}</string>\n\
         \t<key>StandardErrorPath</key>\n\t<string>{log}</string>\n\
         </dict>\n</plist>\n"
    );
    s
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn io_err(path: &Path, what: &str, e: std::io::Error) -> CliError {
    CliError::internal(format!("cannot {what} {}: {e}", path.display()))
}

pub fn install(ctx: &Ctx<'_>, a: &ServiceInstallArgs) -> Result<u8, CliError> {
    let manager = Manager::pick(&a.kind)?;
    let path = unit_path(manager, &env_var)?;
    let exe = std::env::current_exe()
        .and_then(std::fs::canonicalize)
        .map_err(|e| CliError::internal(format!("cannot find this program's own path: {e}")))?;
    let vars = unit_env(&env_var, manager);
    let unit = match manager {
        Manager::Systemd => systemd_unit(&exe, &vars),
        Manager::Launchd => launchd_plist(&exe, &vars, &ctx.settings.paths.log),
    };
    if a.print {
        if ctx.out.json {
            ctx.out.json(&json!({ "manager": manager.name(), "path": path, "unit": unit }));
        } else {
            ctx.out.line(unit.trim_end());
        }
        return Ok(exit::OK);
    }
    let unchanged = std::fs::read_to_string(&path).is_ok_and(|old| old == unit);
    if !unchanged {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| io_err(dir, "create", e))?;
        }
        if manager == Manager::Launchd {
            // launchd opens the log itself and does not create its directory.
            let dir = &ctx.settings.paths.data_dir;
            std::fs::create_dir_all(dir).map_err(|e| io_err(dir, "create", e))?;
        }
        std::fs::write(&path, &unit).map_err(|e| io_err(&path, "write", e))?;
    }
    if ctx.out.json {
        ctx.out.json(&json!({ "manager": manager.name(), "path": path, "written": !unchanged, "exe": exe }));
        return Ok(exit::OK);
    }
    let verb = if unchanged { "Already installed" } else { "Wrote" };
    ctx.out.say(&format!("{verb}: {} (runs {} daemon run).", path.display(), exe.display()));
    let next = match manager {
        Manager::Systemd => "Start it now and at every login:\n  \
             systemctl --user daemon-reload\n  \
             systemctl --user enable --now studio-credits.service\n\
             Logs: journalctl --user -u studio-credits. Check: studio-credits daemon status"
            .to_owned(),
        Manager::Launchd => format!(
            "Start it now (it also starts at every login):\n  \
             launchctl bootstrap gui/$(id -u) {}\n\
             Logs: {}. Check: studio-credits daemon status",
            path.display(),
            ctx.settings.paths.log.display()
        ),
    };
    ctx.out.say(&next);
    ctx.out
        .say("A daemon that was auto-started keeps the home until it stops: run `studio-credits daemon stop` first.");
    if env_var("STRIPE_SECRET_KEY").is_some() || env_var("STRIPE_WEBHOOK_SECRET").is_some() {
        ctx.out.say(&format!(
            "Note: Stripe secrets are not copied into the unit; put them in {} so the service can sell top-ups.",
            ctx.settings.paths.config_file.display()
        ));
    }
    if ctx.settings.store_override.is_some() {
        // The URL may hold a password, and a unit file is not private.
        ctx.out.say(&format!(
            "Note: the store (--store / STUDIO_CREDITS_STORE) is not copied into the unit; put it in [store] url of {} \
             (mode 0600) so the service uses that ledger.",
            ctx.settings.paths.config_file.display()
        ));
    }
    if exe.components().any(|c| c.as_os_str() == "target") {
        ctx.out.say("Note: the unit runs a binary inside a cargo target directory; `cargo install --path .` and install again to keep it working after `cargo clean`.");
    }
    Ok(exit::OK)
}

pub fn uninstall(ctx: &Ctx<'_>, a: &ServiceKindArgs) -> Result<u8, CliError> {
    let manager = Manager::pick(a)?;
    let path = unit_path(manager, &env_var)?;
    let removed = match std::fs::remove_file(&path) {
        Ok(()) => true,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(e) => return Err(io_err(&path, "remove", e)),
    };
    if manager == Manager::Systemd {
        // What `systemctl --user disable` would remove: the enablement link, if it is ours.
        if let Some(dir) = path.parent() {
            let link = dir.join("default.target.wants").join(SYSTEMD_UNIT);
            if std::fs::symlink_metadata(&link).is_ok_and(|m| m.file_type().is_symlink()) {
                std::fs::remove_file(&link).map_err(|e| io_err(&link, "remove", e))?;
            }
        }
    }
    if ctx.out.json {
        ctx.out.json(&json!({ "manager": manager.name(), "path": path, "removed": removed }));
        return Ok(exit::OK);
    }
    if !removed {
        ctx.out.say(&format!("Nothing to remove: no {} unit at {}.", manager.name(), path.display()));
        return Ok(exit::OK);
    }
    ctx.out.say(&format!("Removed {}.", path.display()));
    ctx.out.say(match manager {
        Manager::Systemd => {
            "A service that is running keeps running until stopped:\n  systemctl --user stop studio-credits.service\n  systemctl --user daemon-reload"
        }
        Manager::Launchd => "An agent that is loaded keeps running until unloaded:\n  launchctl bootout gui/$(id -u)/studio-credits.daemon",
    });
    Ok(exit::OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_paths_follow_xdg_and_home() {
        let env = |k: &str| match k {
            "HOME" => Some("/home/a".to_owned()),
            _ => None,
        };
        assert_eq!(
            unit_path(Manager::Systemd, &env).unwrap(),
            Path::new("/home/a/.config/systemd/user/studio-credits.service")
        );
        assert_eq!(
            unit_path(Manager::Launchd, &env).unwrap(),
            Path::new("/home/a/Library/LaunchAgents/studio-credits.daemon.plist")
        );
        let xdg = |k: &str| match k {
            "HOME" => Some("/home/a".to_owned()),
            "XDG_CONFIG_HOME" => Some("/cfg".to_owned()),
            _ => None,
        };
        assert_eq!(unit_path(Manager::Systemd, &xdg).unwrap(), Path::new("/cfg/systemd/user/studio-credits.service"));
        assert!(unit_path(Manager::Systemd, &|_| None).is_err());
    }

    #[test]
    fn unit_words_are_quoted_for_systemd() {
        assert_eq!(systemd_quote("/usr/bin/studio-credits", true), "/usr/bin/studio-credits");
        assert_eq!(systemd_quote("/opt/my tools/sc", true), "\"/opt/my tools/sc\"");
        assert_eq!(systemd_quote("/x/100%/$HOME", true), "\"/x/100%%/$$HOME\"");
        assert_eq!(systemd_quote("K=a \"b\"", false), "\"K=a \\\"b\\\"\"");
    }

    #[test]
    fn secrets_never_reach_a_unit() {
        let env = |k: &str| match k {
            "STRIPE_SECRET_KEY" => Some("sk_live_x".to_owned()),
            "STUDIO_CREDITS_HOME" => Some("/data".to_owned()),
            _ => None,
        };
        let vars = unit_env(&env, Manager::Systemd);
        assert_eq!(vars, [("STUDIO_CREDITS_HOME".to_owned(), "/data".to_owned())]);
        let unit = systemd_unit(Path::new("/bin/sc"), &vars);
        assert!(unit.contains("ExecStart=/bin/sc daemon run\n"), "{unit}");
        assert!(unit.contains("Environment=STUDIO_CREDITS_HOME=/data\n"), "{unit}");
        assert!(!unit.contains("sk_live"));
    }

    #[test]
    fn plist_escapes_xml() {
        let p = launchd_plist(Path::new("/a&b/sc"), &[("K".into(), "<v>".into())], Path::new("/l"));
        assert!(p.contains("<string>/a&amp;b/sc</string>") && p.contains("<string>&lt;v&gt;</string>"), "{p}");
    }
}
