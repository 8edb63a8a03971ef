//! `completions SHELL [--dynamic]`: print a shell completion script.

use std::io::{self, Write};

use crate::args::CompletionsArgs;
use crate::error::CliError;
use crate::exit;
use crate::output::Output;
use crate::{complete, generate};

/// Prints the script; needs neither settings nor a daemon.
pub fn completions(out: &Output, a: &CompletionsArgs) -> Result<u8, CliError> {
    let script = if a.dynamic {
        complete::registration(a.shell, &complete::completer_path())
    } else {
        generate::completion_script(a.shell)
    };
    if out.json {
        let kind = if a.dynamic { "dynamic" } else { "static" };
        let text = String::from_utf8_lossy(&script);
        out.json(&serde_json::json!({ "shell": a.shell.to_string(), "kind": kind, "script": text }));
        return Ok(exit::OK);
    }
    write_stdout(&script)?;
    Ok(exit::OK)
}

/// Writes raw bytes to stdout; a closed pipe (`… | head`) ends the process quietly.
fn write_stdout(bytes: &[u8]) -> Result<(), CliError> {
    let mut out = io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => std::process::exit(0),
        Err(e) => Err(CliError::internal(format!("cannot write to stdout: {e}"))),
    }
}
