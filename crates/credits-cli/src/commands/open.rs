//! `open`: asks the daemon (started if needed) for a single-use login link to the billing page
//! and opens it in the browser; prints it on a non-terminal, with `--no-browser` or `--json`.

use std::io::{self, IsTerminal};

use credits_proto::Call;
use credits_proto::calls::BillingLink;

use super::Ctx;
use super::purchase::open_browser;
use crate::args::OpenArgs;
use crate::error::CliError;
use crate::exit;

pub fn open(ctx: &Ctx<'_>, a: &OpenArgs) -> Result<u8, CliError> {
    let mut client = ctx.client()?;
    let link: BillingLink = client.call(&Call::BillingLogin {})?;
    let url = link.url.clone();
    if ctx.out.json {
        ctx.out.json(&link);
        return Ok(exit::OK);
    }
    if !a.no_browser && io::stdout().is_terminal() && open_browser(&url) {
        ctx.out.say("Opened the billing page in your browser (the link works once, for a minute).");
        return Ok(exit::OK);
    }
    ctx.out.line(&url);
    Ok(exit::OK)
}
