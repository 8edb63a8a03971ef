//! Socket calls: decode a [`Call`], run it against the ledger, encode the answer.

use std::sync::Arc;

use credits_core::EntryKind;
use credits_core::records::WorkspaceBalance;
use credits_core::time::{fmt_time, has_offset, parse_instant_in};
use credits_ledger::history::HistoryQuery;
use credits_ledger::service::{CheckAnswer, NewWorkspace};
use credits_ledger::verify;
use credits_proto::calls::Scope;
use credits_proto::page::{self, HistoryPage, SeatBalancesPage, SeatsPage, WorkspacesPage};
use credits_proto::results::{
    CheckResult, DaemonStatus, Hello, PlanList, PlanShow, SpendBatchResult, SpendResult, Stopping,
};
use credits_proto::rpc::codes;
use credits_proto::{Call, ErrorData, PROTOCOL_VERSION, Response, RpcError};
use serde::Serialize;
use serde_json::Value;
use serde_json::value::RawValue;

use crate::app::App;
use crate::caller::{Caller, Door};
use crate::error::AppError;
use crate::usage;

/// Most problems `verify` lists (each is one sentence naming at most a workspace and a seat).
const MAX_PROBLEMS: usize = 200;

/// A call's result, encoded once (no `Value` tree in between).
pub type Answer = Box<RawValue>;

/// Answers one request: its id, method and params as sent (`None`: absent or null).
pub async fn dispatch(app: &Arc<App>, id: Value, method: &str, params: Option<&RawValue>) -> Response<Answer> {
    let call = match Call::decode_raw(method, params) {
        Ok(c) => c,
        Err(e) => {
            let msg = e.to_string();
            let code = if msg.contains("unknown variant") { codes::METHOD_NOT_FOUND } else { codes::INVALID_PARAMS };
            let message = if code == codes::METHOD_NOT_FOUND {
                format!("unknown method {method:?}")
            } else {
                format!("invalid params for {method:?}: {msg}")
            };
            return Response::err_with(id, RpcError { code, message, data: None });
        }
    };
    match handle(app, &Door::Operator, call).await {
        Ok(v) => Response::ok(id, v),
        Err(e) => {
            let buy_url = buy_url(app, &e);
            Response::err_with(
                id,
                RpcError {
                    code: codes::APPLICATION,
                    message: e.message,
                    data: Some(ErrorData {
                        kind: e.kind,
                        balance: e.balance,
                        limit: e.limit,
                        hint: e.hint,
                        remedy: e.remedy,
                        buy_url,
                        purchase: e.purchase,
                    }),
                },
            )
        }
    }
}

/// The `buy_url` of a `payment_required` refusal: the billing page for the refused seat, named
/// by the balance the refusal carries.
fn buy_url(app: &App, e: &AppError) -> Option<String> {
    // Buying does not help past a limit.
    if e.kind != credits_proto::ErrorType::PaymentRequired || e.limit.is_some() {
        return None;
    }
    let b = e.balance.as_ref()?;
    Some(crate::http::billing::buy_url_for(app, &b.workspace, &b.seat))
}

fn to_value<T: Serialize>(v: &T) -> Result<Answer, AppError> {
    serde_json::value::to_raw_value(v).map_err(|e| AppError::internal(e.to_string()))
}

/// The daemon's status (`daemon status --json`).
pub fn status(app: &App) -> DaemonStatus {
    DaemonStatus {
        pid: std::process::id(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        protocol: PROTOCOL_VERSION,
        socket: app.settings.paths.socket.clone(),
        http_addr: app.http_addr().map(|a| a.to_string()),
        http_url: app.http_addr().map(|_| app.http_url()),
        http_disabled: app.http_disabled(),
        db: app.settings.paths.db.clone(),
        store: Some(app.settings.store.shown(&app.settings.paths.db)),
        started_at: fmt_time(app.started_at),
        now: fmt_time(app.now()),
        fake_clock: app.clock.is_fake(),
        integrity: app.integrity.report(),
        stripe: Some(app.purchases.state()),
        backup: app.backups.state(),
    }
}

/// `verify`: the database file first (`PRAGMA quick_check`, which also refuses or accepts writes
/// from now on), then balances against the journal and the hash chains.
async fn verify_all(app: &Arc<App>) -> Result<verify::VerifyReport, AppError> {
    let file = crate::integrity::check(app).await?;
    let mut report = match app.ledger.verify().await {
        Ok(r) => r,
        // A damaged file may not let the journal be read at all: the file's problems say why.
        Err(e) if !file.ok => {
            verify::VerifyReport { problems: vec![format!("the journal could not be read: {e}")], ..Default::default() }
        }
        Err(e) => return Err(e.into()),
    };
    if file.ok && !report.problems.is_empty() {
        crate::notify::verify_failed(app, &report.problems).await;
    }
    let db = app.settings.paths.db.display();
    let found = file.problems.iter().map(|p| format!("the database file {db} is damaged (PRAGMA quick_check): {p}"));
    report.problems.splice(0..0, found);
    // A badly damaged ledger can have a problem per entry; the first ones say enough, and the
    // answer must stay one message.
    if report.problems.len() > MAX_PROBLEMS {
        let more = report.problems.len() - MAX_PROBLEMS;
        report.problems.truncate(MAX_PROBLEMS);
        report.problems.push(format!("… and {more} more problems"));
    }
    Ok(report)
}

/// Runs `call` for a caller that came through `door` (the socket's operator, or an HTTP route
/// for a workspace API key): the door names the actor of every journal entry the call writes.
pub async fn handle(app: &Arc<App>, door: &Door, call: Call) -> Result<Answer, AppError> {
    match call {
        Call::Hello { .. } => to_value(&Hello {
            protocol: PROTOCOL_VERSION,
            version: env!("CARGO_PKG_VERSION").to_owned(),
            pid: std::process::id(),
            db: Some(app.settings.paths.db.clone()),
            http_disabled: app.http_disabled(),
        }),
        // One seat's balance is a point read.
        Call::Balance { scope, all_seats: false, .. } => to_value(&usage::balance(app, &door.caller(scope)).await?),
        Call::Spend { scope, amount, memo, idempotency_key } => {
            let debited = usage::debit(app, door.caller(scope), amount, memo, idempotency_key).await?;
            to_value(&SpendResult { receipt: debited.receipt, replayed: debited.replayed })
        }
        Call::Check { scope, amount, for_seconds: None } => {
            let CheckAnswer { fits, balance } = usage::check(app, &door.caller(scope), amount).await?;
            to_value(&CheckResult { fits, balance, over: None })
        }
        // Every other call's future is boxed. The state of an `async fn` is as large as its
        // largest await, and every request's future is moved several times on its way into its
        // task: unboxed, the rare calls made each metered call copy about 5 KiB a few times.
        call => Box::pin(handle_other(app, door, call)).await,
    }
}

/// [`handle`]'s calls other than the metered ones (`hello`, `spend`, `check`, one seat's
/// `balance`).
async fn handle_other(app: &Arc<App>, door: &Door, call: Call) -> Result<Answer, AppError> {
    let now = app.now();
    let catalogue = app.settings.plans.clone();
    match call {
        Call::Hello { .. }
        | Call::Spend { .. }
        | Call::Check { for_seconds: None, .. }
        | Call::Balance { all_seats: false, .. } => Box::pin(handle(app, door, call)).await,
        Call::Status {} => to_value(&status(app)),
        // The socket layer stops the daemon once this answer is written.
        Call::Stop {} => to_value(&Stopping { stopping: true, pid: std::process::id() }),
        Call::Balance { scope, all_seats: true, cursor, limit } => {
            let size = page::page_size(limit);
            // One more than asked for tells whether another page follows.
            let mut page = app.ledger.balances(scope.workspace, cursor, size.saturating_add(1)).await?;
            let (seats, next) = bounded(std::mem::take(&mut page.seats), size, |s| s.seat.clone());
            to_value(&SeatBalancesPage { balance: WorkspaceBalance { seats, ..page }, next })
        }
        Call::SpendBatch { scope, events } => {
            to_value(&SpendBatchResult { results: crate::usage_batch::debit(app, &door.caller(scope), events).await? })
        }
        Call::Check { scope, amount, for_seconds: Some(seconds) } => {
            let caller = door.caller(scope);
            let amount = usage::positive(amount)?;
            let (fits, balance, over) = crate::forecast::check_for(app, &caller.scope, amount, seconds).await?;
            to_value(&CheckResult { fits, balance, over: Some(over) })
        }
        Call::Forecast { scope, every_seat: true } => {
            to_value(&crate::forecast::forecast(app, &scope, crate::forecast::Seats::Every).await?)
        }
        Call::Forecast { scope, every_seat: false } => {
            let caller = door.caller(scope);
            to_value(&crate::forecast::forecast(app, &caller.scope, crate::forecast::Seats::One).await?)
        }
        Call::History { scope, since, until, kind, limit, cursor, count } => {
            // A date or time without an offset means the workspace's zone: looked up only then.
            let zone = if since.iter().chain(until.iter()).all(|s| has_offset(s)) {
                jiff::tz::TimeZone::UTC
            } else {
                let info = workspace_info(app, scope.clone()).await?;
                credits_core::period::zone(&info.time_zone).map_err(|e| AppError::internal(e.to_string()))?
            };
            let instant = |s: String| parse_instant_in(&s, &zone);
            let since = since.map(instant).transpose().map_err(AppError::invalid)?;
            let until = until.map(instant).transpose().map_err(AppError::invalid)?;
            let kind: Option<EntryKind> = kind.map(|k| k.parse()).transpose().map_err(AppError::invalid)?;
            let before = cursor
                .map(|c| c.parse::<i64>().map_err(|_| AppError::invalid(format!("invalid history cursor {c:?}"))))
                .transpose()?;
            let size = page::page_size(limit);
            // One more than asked for tells whether another page follows.
            let q = HistoryQuery {
                since,
                until,
                seat: scope.seat.clone(),
                kind,
                before,
                limit: Some(size.saturating_add(1)),
            };
            let entries = app.ledger.history(scope.workspace.clone(), q.clone()).await?;
            let (entries, next) = bounded(entries, size, |e| e.id.to_string());
            // Counting walks every match: only when asked and when more exist than shown.
            let total =
                if count && next.is_some() { Some(app.ledger.history_count(scope.workspace, q).await?) } else { None };
            to_value(&HistoryPage { entries, next, total })
        }
        Call::Rollover { check } => to_value(&crate::rollover::call(app, check).await?),
        Call::SeatsList { scope, cursor, limit } => {
            let size = page::page_size(limit);
            let seats = app.ledger.seats(scope.workspace, cursor, size.saturating_add(1)).await?;
            let (seats, next) = bounded(seats, size, |s| s.seat.clone());
            to_value(&SeatsPage { seats, next })
        }
        Call::SeatsAdd { scope, name } => {
            let actor = door.caller(scope.clone()).actor(&app.user)?;
            let seat = app.ledger.add_seat(scope.workspace, name, catalogue, actor, now).await?;
            to_value(&seat)
        }
        Call::SeatsRemove { scope, name } => {
            let actor = door.caller(scope.clone()).actor(&app.user)?;
            let seat = app.ledger.remove_seat(scope.workspace, name, actor, now).await?;
            to_value(&seat)
        }
        Call::SeatsLimit { scope, name, topup_per_month } => {
            to_value(&app.ledger.set_seat_limit(scope.workspace, name, topup_per_month).await?)
        }
        Call::PlanShow { scope } => {
            let info = workspace_info(app, scope).await?;
            let plan = catalogue.get(&info.plan).cloned();
            let pending = info.pending_plan.as_deref().and_then(|p| catalogue.get(p)).cloned();
            to_value(&PlanShow {
                workspace: info.name,
                plan,
                pending_plan: pending,
                changes_at: info.resets_at,
                time_zone: info.time_zone,
            })
        }
        Call::PlanList {} => to_value(&PlanList { plans: catalogue.all().to_vec() }),
        Call::PlanSet { scope, plan, now: at_once } => {
            let actor = door.caller(scope.clone()).actor(&app.user)?;
            let info = app.ledger.set_plan(scope.workspace, plan, at_once, catalogue, actor, now).await?;
            to_value(&info)
        }
        Call::WorkspaceList { cursor, limit } => {
            let size = page::page_size(limit);
            let list = app.ledger.workspaces(cursor, size.saturating_add(1)).await?;
            let (workspaces, next) = bounded(list, size, |w| w.name.clone());
            to_value(&WorkspacesPage { workspaces, next })
        }
        Call::WorkspaceAdd { name, plan, tz, user } => {
            let caller = Caller::operator(Scope { user: user.clone(), ..Scope::default() });
            let actor = caller.actor(&app.user)?;
            let user = user.unwrap_or_else(|| app.user.clone());
            let new = NewWorkspace {
                name,
                plan: plan.unwrap_or_else(|| "free".to_owned()),
                tz: tz.unwrap_or_else(|| "UTC".to_owned()),
                first_seat: user,
                actor,
            };
            let info = app.ledger.create_workspace(new, catalogue, now).await?;
            crate::rollover::schedule_changed();
            to_value(&info)
        }
        Call::WorkspaceUse { name } => to_value(&app.ledger.set_default_workspace(name).await?),
        Call::WorkspaceShow { scope } => to_value(&workspace_info(app, scope).await?),
        Call::WorkspaceSet { scope, tz, stripe_customer } => {
            let info = app.ledger.set_workspace(scope.workspace, tz, stripe_customer).await?;
            crate::rollover::schedule_changed();
            to_value(&info)
        }
        Call::WorkspaceBudget { scope, topup_per_month } => {
            to_value(&app.ledger.set_topup_budget(scope.workspace, topup_per_month).await?)
        }
        Call::Verify {} => to_value(&verify_all(app).await?),
        Call::Backup { path } => {
            // The daemon's working directory is not the caller's: only an absolute path says
            // where the caller meant.
            if !path.is_absolute() {
                return Err(AppError::invalid(format!("{} is not an absolute path", path.display())));
            }
            to_value(&app.ledger.backup(path).await?)
        }
        Call::ConfigShow {} => to_value(&app.settings),
        Call::BillingLogin {} => {
            to_value(&credits_proto::calls::BillingLink { url: crate::http::billing::login_url(app)? })
        }
        call @ (Call::Buy { .. }
        | Call::PurchaseWait { .. }
        | Call::PurchasesList { .. }
        | Call::PurchaseShow { .. }
        | Call::PurchaseCancel { .. }
        | Call::Ensure { .. }
        | Call::AutoTopupShow { .. }
        | Call::AutoTopupSet { .. }
        | Call::AutoTopupOff { .. }
        | Call::AutoTopupSimulate { .. }
        | Call::Usage { .. }
        | Call::Advise { .. }
        | Call::Reconcile { .. }) => crate::purchases::calls::handle(app, door, call).await.and_then(|v| to_value(&v)),
        Call::SeatsToken { scope, name, rotate, revoke } => {
            to_value(&crate::tokens::handle_call(app, scope, name, rotate, revoke).await?)
        }
        Call::KeysCreate { scope, name, scopes, expires_in_seconds } => {
            to_value(&crate::keys::create(app, scope, name, scopes, expires_in_seconds).await?)
        }
        Call::KeysList { scope } => to_value(&crate::keys::list(app, scope).await?),
        Call::KeysRevoke { scope, name } => to_value(&crate::keys::revoke(app, scope, name).await?),
        Call::WebhooksAdd { scope, url, events } => to_value(&crate::notify::add(app, scope, url, events).await?),
        Call::WebhooksList { scope } => to_value(&crate::notify::list(app, scope).await?),
        Call::WebhooksRemove { scope, id } => to_value(&crate::notify::remove(app, scope, id).await?),
        Call::WebhooksTest { scope, id } => to_value(&crate::notify::test(app, scope, id).await?),
        Call::WebhooksDeliveries { scope, id } => to_value(&crate::notify::deliveries(app, scope, id).await?),
        Call::WebhooksReplay { scope, event } => to_value(&crate::notify::replay(app, scope, event).await?),
        Call::AlertsSet { scope, below, off } => to_value(&crate::notify::alerts_set(app, scope, below, off).await?),
        Call::AlertsList { scope } => to_value(&crate::notify::alerts_list(app, scope).await?),
        Call::HoldList { scope, cursor, limit } => {
            let size = page::page_size(limit);
            let owner = credits_ledger::holds::Owner { workspace: scope.workspace, seat: scope.seat };
            let holds = app.ledger.list_holds(owner, cursor, size.saturating_add(1)).await?;
            let (holds, next) = bounded(holds, size, credits_ledger::holds::list_cursor);
            to_value(&page::HoldsPage { holds, next })
        }
        Call::HoldShow { scope, id } => {
            let owner = credits_ledger::holds::Owner { workspace: scope.workspace, seat: None };
            to_value(&app.ledger.get_hold(owner, id).await?)
        }
        call @ (Call::HoldCreate { .. } | Call::HoldSettle { .. } | Call::HoldRelease { .. }) => {
            to_value(&crate::holds::handle_call(app, door, call).await?)
        }
    }
}

/// Cuts `items` (read with one extra) to a page of at most `size` items and
/// [`page::PAGE_BYTES`], and names the cursor of the next page (the last item's key) when items
/// were left out.
pub(crate) fn bounded<T: Serialize>(
    mut items: Vec<T>,
    size: u32,
    key: impl Fn(&T) -> String,
) -> (Vec<T>, Option<String>) {
    let more = items.len() > size as usize;
    items.truncate(size as usize);
    let (items, cut) = page::fit(items, page::PAGE_BYTES);
    let next = if more || cut { items.last().map(key) } else { None };
    (items, next)
}

async fn workspace_info(app: &Arc<App>, scope: Scope) -> Result<credits_core::records::WorkspaceInfo, AppError> {
    Ok(app.ledger.workspace_info(scope.workspace).await?)
}
