//! Remote mode's test rig: a central daemon serving HTTPS with a certificate of a CA made here
//! (rcgen), optionally buying through the Stripe emulator, and "runners": CLI processes with
//! their own empty home and XDG directories that reach it with `STUDIO_CREDITS_SERVER`,
//! `STUDIO_CREDITS_CA_CERT` and a workspace API key in `STUDIO_CREDITS_TOKEN`.

use std::io::Write;
use std::net::TcpListener;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair};
use serde_json::Value;
use tempfile::TempDir;

use super::stripe::{SECRET_KEY, StripeEmulator};
use super::{Home, Run, SCRUBBED, bin};

/// A test certificate authority.
pub struct Ca {
    issuer: CertifiedIssuer<'static, KeyPair>,
}

impl Ca {
    pub fn new(name: &str) -> Ca {
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.distinguished_name.push(DnType::CommonName, name);
        Ca { issuer: CertifiedIssuer::self_signed(params, KeyPair::generate().unwrap()).unwrap() }
    }

    /// Writes this CA's certificate as a PEM bundle at `path`.
    pub fn write(&self, path: &Path) -> PathBuf {
        std::fs::write(path, self.issuer.pem()).unwrap();
        path.to_owned()
    }

    /// A server certificate for 127.0.0.1 and localhost: (certificate PEM, key PEM).
    pub fn server(&self) -> (String, String) {
        let key = KeyPair::generate().unwrap();
        let mut params = CertificateParams::new(vec!["127.0.0.1".to_owned(), "localhost".to_owned()]).unwrap();
        params.distinguished_name.push(DnType::CommonName, "studio-credits test server");
        let cert = params.signed_by(&key, &self.issuer).unwrap();
        (cert.pem(), key.serialize_pem())
    }
}

/// Writes `text` to `path` with `mode`.
pub fn write_mode(path: &Path, text: &str, mode: u32) {
    let mut f = std::fs::OpenOptions::new().write(true).create_new(true).mode(mode).open(path).unwrap();
    f.write_all(text.as_bytes()).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// A free loopback port (bound, then released for the daemon to take).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// The central daemon: its home (the operator's CLI reaches it over the socket), its HTTPS URL
/// and the CA file runners trust.
pub struct Central {
    pub home: Home,
    pub url: String,
    pub ca_file: PathBuf,
    pub stripe: Option<StripeEmulator>,
}

impl Central {
    /// A daemon serving HTTPS on a free loopback port; with `stripe`, buying through the
    /// emulator (card on file: no webhook needed).
    pub fn start(stripe: bool) -> Central {
        Central::start_with(stripe, "key_rate_per_second = 1000\nkey_burst = 1000\n")
    }

    /// [`Central::start`] with `http` as more lines of the config's `[http]` table.
    pub fn start_with(stripe: bool, http: &str) -> Central {
        let ca = Ca::new("studio-credits remote test CA");
        let mut home = Home::new();
        let dir = home.path().join("tls");
        std::fs::create_dir(&dir).unwrap();
        let (cert, key) = ca.server();
        write_mode(&dir.join("cert.pem"), &cert, 0o644);
        write_mode(&dir.join("key.pem"), &key, 0o600);
        std::fs::write(
            home.path().join("config.toml"),
            format!("[http]\ntls_cert = \"tls/cert.pem\"\ntls_key = \"tls/key.pem\"\n{http}"),
        )
        .unwrap();
        let addr = format!("127.0.0.1:{}", free_port());
        home.env("STUDIO_CREDITS_HTTP_LISTEN", &addr);
        let stripe = stripe.then(StripeEmulator::start);
        if let Some(s) = &stripe {
            home.env("STRIPE_SECRET_KEY", SECRET_KEY).env("STUDIO_CREDITS_STRIPE_API_BASE", &s.base_url);
        }
        home.run(&["daemon", "start"]).expect(0);
        let ca_file = ca.write(&home.path().join("ca.pem"));
        Central { home, url: format!("https://{addr}"), ca_file, stripe }
    }

    /// Creates API key `name` with `scopes` (and `extra` flags) over the socket; its token.
    pub fn key(&self, name: &str, scopes: &str, extra: &[&str]) -> String {
        let mut args = vec!["keys", "create", name, "--scope", scopes];
        args.extend_from_slice(extra);
        self.home.json(&args)["token"].as_str().expect("a token").to_owned()
    }

    /// Binds the default workspace to an emulator customer whose default card is `card`.
    pub fn with_card(&self, card: &str) {
        let customer = self.stripe.as_ref().expect("a Stripe emulator").create_customer_with_card(card);
        self.home.run(&["workspace", "set", "--stripe-customer", &customer]).expect(0);
    }

    /// A runner with key `token`, trusting this server's CA.
    pub fn runner(&self, token: &str) -> Runner {
        let r = Runner::new();
        r.with(&[
            ("STUDIO_CREDITS_SERVER", self.url.as_str()),
            ("STUDIO_CREDITS_CA_CERT", &self.ca_file.display().to_string()),
            ("STUDIO_CREDITS_TOKEN", token),
        ])
    }

    /// `balance --json` over the socket.
    pub fn balance(&self) -> Value {
        self.home.json(&["balance"])
    }
}

/// A CI runner: an empty temporary directory holding its HOME and XDG directories (none of
/// which exists at first), and the variables it runs the CLI with.
pub struct Runner {
    pub dir: TempDir,
    envs: Vec<(String, String)>,
}

impl Default for Runner {
    fn default() -> Self {
        Runner::new()
    }
}

impl Runner {
    pub fn new() -> Runner {
        let dir = tempfile::Builder::new().prefix("sc-runner-").tempdir().unwrap();
        let p = |sub: &str| dir.path().join(sub).display().to_string();
        let envs = vec![
            ("HOME".to_owned(), p("home")),
            ("XDG_DATA_HOME".to_owned(), p("data")),
            ("XDG_CONFIG_HOME".to_owned(), p("config")),
            ("XDG_RUNTIME_DIR".to_owned(), p("run")),
            ("USER".to_owned(), "runner".to_owned()),
        ];
        Runner { dir, envs }
    }

    /// This runner with `vars` set (replacing earlier values).
    pub fn with(mut self, vars: &[(&str, &str)]) -> Runner {
        for (k, v) in vars {
            self.envs.retain(|(key, _)| key != k);
            self.envs.push(((*k).to_owned(), (*v).to_owned()));
        }
        self
    }

    pub fn command(&self) -> Command {
        let mut c = Command::new(bin());
        for k in SCRUBBED {
            c.env_remove(k);
        }
        c.envs(self.envs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        c.stdin(Stdio::null());
        c
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.command().args(args).output().expect("run studio-credits").into()
    }

    /// Runs with `--json`, expects exit 0, returns stdout as JSON.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut a = args.to_vec();
        a.push("--json");
        self.run(&a).expect(0).json()
    }

    /// Every file or directory the CLI left under this runner's directory (none in remote mode:
    /// no database, socket, lock file, log or config directory).
    pub fn leftovers(&self) -> Vec<PathBuf> {
        fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
            for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                found.push(e.path());
                if e.path().is_dir() {
                    walk(&e.path(), found);
                }
            }
        }
        let mut found = Vec::new();
        walk(self.dir.path(), &mut found);
        found
    }
}

/// Credits as millicredits, from the JSON's decimal strings ("12.5" → 12500).
pub fn millis(credits: &Value) -> i64 {
    let s = credits.as_str().unwrap_or_else(|| panic!("credits as a string: {credits}"));
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    let frac = format!("{frac:0<3}");
    whole.parse::<i64>().unwrap() * 1000 + frac.parse::<i64>().unwrap()
}
