//! Remote mode: `studio-credits spend` as a whole process on a "runner" (an empty home, the
//! server, CA and key in its environment) against a daemon serving HTTPS on loopback, with a
//! certificate of a CA made here (rcgen); interleaved with the same spend over the local socket
//! so both see the same machine noise.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair};
use tempfile::TempDir;

use crate::daemon::Daemon;
use crate::stats::Percentiles;

/// Starts a daemon serving HTTPS on loopback with a certificate of a new CA; the CA's PEM file
/// is `ca.pem` in the daemon's home.
pub fn start_tls_daemon(bin: &Path) -> anyhow::Result<Daemon> {
    let mut ca_params = CertificateParams::new(Vec::<String>::new())?;
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params.distinguished_name.push(DnType::CommonName, "credits-bench CA");
    let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate()?)?;
    let key = KeyPair::generate()?;
    let cert = CertificateParams::new(vec!["127.0.0.1".to_owned()])?.signed_by(&key, &ca)?;
    let prepare = |home: &Path| -> anyhow::Result<()> {
        std::fs::write(home.join("ca.pem"), ca.pem())?;
        std::fs::write(home.join("cert.pem"), cert.pem())?;
        write_private(&home.join("key.pem"), &key.serialize_pem())
    };
    let tls = [("STUDIO_CREDITS_TLS_CERT", "cert.pem"), ("STUDIO_CREDITS_TLS_KEY", "key.pem")];
    // One runner spends back to back: the per-key rate limit (50/s by default) must not pace it.
    Daemon::start_with_env(bin, prepare, None, &tls, "[http]\nkey_rate_per_second = 100000\nkey_burst = 100000\n")
}

/// Writes a private key readable by its owner only (the daemon refuses any other).
fn write_private(path: &Path, text: &str) -> anyhow::Result<()> {
    std::fs::write(path, text)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(())
}

/// Latencies of `runs` remote spends (over HTTPS, key in the environment) and as many local ones
/// (over the socket), interleaved.
pub fn spend_remote_vs_socket(daemon: &Daemon, runs: usize) -> anyhow::Result<(Percentiles, Percentiles)> {
    let addr = daemon.http_addr()?.context("the daemon's HTTPS listener did not start")?;
    let token = daemon.cli(&["keys", "create", "bench-runner", "--scope", "spend"])?["token"]
        .as_str()
        .context("no token in `keys create`")?
        .to_owned();
    let runner = tempfile::Builder::new().prefix("credits-bench-runner-").tempdir()?;
    let (mut remote, mut local) = (Vec::with_capacity(runs), Vec::with_capacity(runs));
    for _ in 0..runs.max(1) {
        let mut cmd = runner_command(daemon, &runner, &format!("https://{addr}"), &token);
        cmd.args(["spend", "0.001"]);
        remote.push(time(cmd)?);
        let mut cmd = daemon.command(&["spend", "0.001"]);
        cmd.stdin(Stdio::null());
        local.push(time(cmd)?);
    }
    let p = |v: Vec<u64>| {
        let mut v = v;
        Percentiles::of(&mut v).context("no samples")
    };
    Ok((p(remote)?, p(local)?))
}

/// The CLI as a runner sees it: nothing but an empty home and remote mode's three variables.
fn runner_command(daemon: &Daemon, runner: &TempDir, server: &str, token: &str) -> Command {
    let mut cmd = Command::new(daemon.bin());
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", runner.path())
        .env("USER", crate::daemon::USER)
        .env("STUDIO_CREDITS_SERVER", server)
        .env("STUDIO_CREDITS_CA_CERT", daemon.home().join("ca.pem"))
        .env("STUDIO_CREDITS_TOKEN", token)
        .stdin(Stdio::null());
    cmd
}

/// Wall time of one successful run of `cmd`, in nanoseconds.
fn time(mut cmd: Command) -> anyhow::Result<u64> {
    cmd.stdout(Stdio::null()).stderr(Stdio::piped());
    let t0 = Instant::now();
    let out = cmd.output()?;
    let elapsed: Duration = t0.elapsed();
    if !out.status.success() {
        // The arguments only: the environment holds the key.
        let args: Vec<_> = cmd.get_args().map(|a| a.to_string_lossy().into_owned()).collect();
        bail!("`studio-credits {}` failed ({}): {}", args.join(" "), out.status, String::from_utf8_lossy(&out.stderr));
    }
    Ok(u64::try_from(elapsed.as_nanos()).unwrap_or(u64::MAX))
}
