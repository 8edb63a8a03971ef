//! Python tools the tests run (the Stripe emulator, schemathesis), each in its own venv under
//! `target/`, provisioned from a pinned requirements file on first use.
#![allow(dead_code)]

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn workspace_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Returns `target/<name>`, a venv holding `requirements` (relative to the workspace root),
/// creating it first when needed: `python3 -m venv` and `pip install -r`, then `python -c
/// <check>` must succeed.
///
/// Guarded by an exclusive lock on `target/<name>.lock`, so parallel test binaries provision it
/// once; skipped while the marker file in the venv holds the hash of the requirements.
/// `STRIPE_EMULATOR_PYTHON` chooses the interpreter that creates it (default `python3`).
pub fn ensure(name: &str, requirements: &str, check: &str) -> PathBuf {
    let target = workspace_root().join("target");
    fs::create_dir_all(&target).expect("create target/");
    let venv = target.join(name);
    let requirements = workspace_root().join(requirements);
    let python = std::env::var("STRIPE_EMULATOR_PYTHON").unwrap_or_else(|_| "python3".into());

    let mut hashed = fs::read(&requirements).unwrap_or_else(|e| panic!("read {}: {e}", requirements.display()));
    hashed.extend_from_slice(b"\0");
    hashed.extend_from_slice(python.as_bytes());
    let hash = format!("{:016x}", fnv1a(&hashed));
    let marker = venv.join(".studio-credits-requirements-hash");

    let lock_path = target.join(format!("{name}.lock"));
    let lock = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .unwrap_or_else(|e| panic!("open {}: {e}", lock_path.display()));
    lock.lock().unwrap_or_else(|e| panic!("lock {}: {e}", lock_path.display()));

    let venv_python = venv.join("bin").join("python");
    let ready = venv_python.exists() && fs::read_to_string(&marker).is_ok_and(|found| found.trim() == hash);
    if !ready {
        if venv.exists() {
            fs::remove_dir_all(&venv).unwrap_or_else(|e| panic!("remove stale {}: {e}", venv.display()));
        }
        run_setup_step(
            Command::new(&python).arg("-m").arg("venv").arg(&venv),
            &format!(
                "`{python} -m venv` failed (on Debian, install python3-venv; \
                 STRIPE_EMULATOR_PYTHON picks another interpreter)"
            ),
        );
        run_setup_step(
            Command::new(&venv_python)
                .args(["-m", "pip", "install", "--disable-pip-version-check", "--no-input", "--quiet", "-r"])
                .arg(&requirements),
            &format!("pip install -r {} failed", requirements.display()),
        );
        run_setup_step(
            Command::new(&venv_python).args(["-c", check]),
            &format!("`{check}` fails in the fresh venv {}", venv.display()),
        );
        fs::write(&marker, &hash).expect("write the venv marker");
    }
    drop(lock); // closing the file releases the lock
    venv
}

fn run_setup_step(command: &mut Command, what: &str) {
    let output = command
        .stdin(Stdio::null())
        .env("PIP_NO_INPUT", "1")
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .unwrap_or_else(|e| panic!("{what}: cannot run {command:?}: {e}"));
    if !output.status.success() {
        panic!(
            "{what}: {command:?} exited with {}\n--- stdout\n{}\n--- stderr\n{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3))
}
