//! `keys create|list|revoke`: workspace API keys for the HTTP API. The token is printed once.

use credits_core::keys::KeyScope;
use credits_proto::Call;
use credits_proto::results::{KeyCreated, KeyInfo, KeyList};
use serde_json::json;

use super::Ctx;
use crate::args::{KeysArgs, KeysCommand};
use crate::error::CliError;
use crate::exit;
use crate::output::new_table;

pub fn keys(ctx: &Ctx<'_>, a: &KeysArgs) -> Result<u8, CliError> {
    let mut client = ctx.client()?;
    let scope = ctx.scope(None);
    match &a.command {
        KeysCommand::Create { name, scope: scopes, expires } => {
            let call =
                Call::KeysCreate { scope, name: name.clone(), scopes: scopes.0.clone(), expires_in_seconds: *expires };
            let k: KeyCreated = client.call(&call)?;
            if ctx.out.json {
                ctx.out.json(&json!({
                    "name": k.name,
                    "token": k.token,
                    "scopes": k.scopes,
                    "expires_at": k.expires_at,
                    "workspace": k.workspace,
                }));
            } else if ctx.out.quiet {
                // The token is the point of the command: print it even when quiet, alone on its line.
                ctx.out.line(&k.token);
            } else {
                let until = k.expires_at.as_deref().map_or("until revoked".to_owned(), |e| format!("until {e}"));
                ctx.out.say(&format!(
                    "API key {} for workspace {} ({}, {until}); shown only now, store it somewhere safe:\n\n  {}\n\n\
                     Send it as `Authorization: Bearer <key>` to the HTTP API.",
                    k.name,
                    k.workspace,
                    KeyScope::join(&k.scopes),
                    k.token
                ));
            }
        }
        KeysCommand::List => {
            let list: KeyList = client.call(&Call::KeysList { scope })?;
            if ctx.out.json {
                ctx.out.json(&list);
                return Ok(exit::OK);
            }
            if list.keys.is_empty() {
                ctx.out.say(&format!(
                    "Workspace {} has no API keys; create one with `studio-credits keys create NAME --scope read`.",
                    list.workspace
                ));
                return Ok(exit::OK);
            }
            let mut t = new_table(&["Key", "Scopes", "Expires", "Created"]);
            for k in list.keys {
                t.add_row(vec![
                    k.name,
                    KeyScope::join(&k.scopes),
                    k.expires_at.unwrap_or_else(|| "never".to_owned()),
                    k.created_at.get(..10).unwrap_or_default().to_owned(),
                ]);
            }
            ctx.out.table(t);
        }
        KeysCommand::Revoke { name } => {
            let k: KeyInfo = client.call(&Call::KeysRevoke { scope, name: name.clone() })?;
            if ctx.out.json {
                ctx.out.json(&json!({ "workspace": k.workspace, "name": k.name, "revoked": true }));
            } else {
                ctx.out.say(&format!(
                    "Revoked API key {} of workspace {}; requests with it now get 401.",
                    k.name, k.workspace
                ));
            }
        }
    }
    Ok(exit::OK)
}
