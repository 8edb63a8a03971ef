//! `reconcile`: the ledger's purchases against what Stripe shows paid for the workspace's
//! customer, and with `fix` the missing credits written through the webhook's own path.
//!
//! The daemon follows every purchase it has in flight (it polls them, and resumes them at
//! start), so what reconcile catches is what it no longer follows: a purchase that ended locally
//! (failed after a lost answer, expired, canceled) while Stripe later took the money, a ledger
//! restored from a backup older than a payment (no row at all), a payment of another amount, a
//! purchase charged twice, or a credited purchase Stripe does not show paid.
//!
//! Stripe's side is read from its lists, by customer (the workspace's and any its purchases
//! name) and `created[gte]`: Checkout Sessions and PaymentIntents whose metadata carries a
//! `purchase_id` (and, when present, this workspace's name). A Checkout Session and the
//! PaymentIntent it created are one payment.
//!
//! `fix` credits only a payment Stripe shows paid, of the right currency, with no other payment
//! for the same purchase, through [`flow::confirm`] (the store credits a purchase once: its
//! `purchase` entry's reference is unique). A paid payment whose purchase the ledger lacks is
//! recorded first under the purchase id of its metadata (the id's primary key makes a second
//! record impossible), then confirmed the same way; if the daemon stops between the two, the
//! purchase is `created` and the next start resumes it by looking it up at Stripe. Nothing is
//! ever debited: a credited purchase Stripe does not show paid, and a payment of another amount,
//! are left to a person.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use credits_core::purchase::{Purchase, PurchaseKind, PurchaseOrigin, PurchaseState};
use credits_core::time::{fmt_instant, fmt_time, has_offset, parse_instant_in};
use credits_core::{Actor, Cents};
use credits_ledger::StoreError;
use credits_ledger::purchases::Transition;
use credits_proto::calls::Scope;
use credits_proto::results::{ReconcileAction, ReconcileItem, ReconcileProblem, ReconcileReport};
use credits_stripe::{CheckoutSession, PaymentIntentStatus, StripeError};
use jiff::Timestamp;

use super::{Stripe, flow};
use crate::app::App;
use crate::error::AppError;

/// Pages of 100 read per list and customer: 10,000 objects, beyond which `truncated` says so.
const MAX_PAGES: u32 = 100;
/// Pages of ledger purchases read (1,000 each).
const MAX_PURCHASE_PAGES: u32 = 100;
const PURCHASE_PAGE: u32 = 1_000;

/// One payment Stripe shows paid: a paid Checkout Session (with its PaymentIntent), or a
/// succeeded PaymentIntent no paid session of ours created.
#[derive(Debug, Clone)]
struct Paid {
    /// `cs_…` or `pi_…`.
    object: String,
    session: Option<String>,
    payment_intent: Option<String>,
    status: String,
    amount: Option<i64>,
    currency: Option<String>,
    customer: String,
}

impl Paid {
    fn seen(&self) -> Option<(i64, String)> {
        self.amount.zip(self.currency.clone())
    }
}

/// Stripe's side: every paid payment by purchase id, and every object of ours by id (paid or not).
#[derive(Debug, Default)]
struct StripeSide {
    paid: BTreeMap<String, Vec<Paid>>,
    /// Status of each object read, for a credited purchase Stripe does not show paid.
    statuses: BTreeMap<String, String>,
    objects: u64,
    truncated: bool,
}

/// Answers `reconcile`.
/// `actor` is who runs it: the buyer of a purchase `fix` records because the ledger lacked it.
pub async fn reconcile(
    app: &Arc<App>,
    scope: Scope,
    since: Option<String>,
    fix: bool,
    actor: Actor,
) -> Result<ReconcileReport, AppError> {
    let stripe = app.purchases.stripe()?.clone();
    let info = app.ledger.workspace_info(scope.workspace.clone()).await?;
    let since = match since {
        None => None,
        Some(s) => {
            let zone = if has_offset(&s) {
                jiff::tz::TimeZone::UTC
            } else {
                credits_core::period::zone(&info.time_zone).map_err(|e| AppError::internal(e.to_string()))?
            };
            Some(parse_instant_in(&s, &zone).map_err(AppError::invalid)?)
        }
    };
    let ws = Some(info.name.clone());
    let (purchases, purchases_truncated) = local_purchases(app, ws.clone(), since).await?;
    // The workspace's customer and any its purchases were made for (a customer bound later).
    let customers: BTreeSet<String> = info
        .stripe_customer
        .iter()
        .chain(purchases.iter().filter_map(|p| p.stripe_customer.as_ref()))
        .cloned()
        .collect();
    let mut side = read_stripe(&stripe, &customers, since, &info.name).await?;
    side.truncated |= purchases_truncated;

    let mut report = ReconcileReport {
        workspace: info.name.clone(),
        stripe_customer: info.stripe_customer.clone(),
        since: since.map(fmt_instant),
        fix,
        stripe_objects: side.objects,
        purchases: purchases.len() as u64,
        matched: 0,
        problems: Vec::new(),
        unresolved: 0,
        truncated: side.truncated,
    };
    let actor = fix.then_some(actor);

    // Stripe's paid payments against the ledger.
    for (purchase_id, paid) in &side.paid {
        let local = match app.ledger.purchase(purchase_id.clone()).await {
            Ok(p) => Some(p),
            Err(StoreError::NotFound(_)) => None,
            Err(e) => return Err(e.into()),
        };
        let Some((mut item, fixable)) = compare_paid(&info.name, purchase_id, paid, local.as_ref()) else {
            report.matched += 1;
            continue;
        };
        if let Some(actor) = &actor {
            if fixable {
                act(app, &info.name, &mut item, &paid[0], local.is_none(), actor.clone()).await?;
            } else {
                item.action = Some(ReconcileAction::NeedsOperator);
            }
        }
        report.problems.push(item);
    }

    // Credited purchases Stripe does not show paid.
    for p in purchases.iter().filter(|p| p.state == PurchaseState::Succeeded && !side.paid.contains_key(&p.id)) {
        match not_paid(&stripe, p, &side).await? {
            None => report.matched += 1,
            Some(mut item) => {
                if fix {
                    item.action = Some(ReconcileAction::NeedsOperator);
                }
                report.problems.push(item);
            }
        }
    }
    report.unresolved = report
        .problems
        .iter()
        .filter(|i| !matches!(i.action, Some(ReconcileAction::Credited | ReconcileAction::AlreadyCredited)))
        .count() as u64;
    Ok(report)
}

/// The workspace's purchases created at or after `since`, newest first.
async fn local_purchases(
    app: &App,
    ws: Option<String>,
    since: Option<Timestamp>,
) -> Result<(Vec<Purchase>, bool), AppError> {
    let since = since.map(fmt_time);
    let mut all = Vec::new();
    let mut cursor = None;
    for _ in 0..MAX_PURCHASE_PAGES {
        let page = app.ledger.purchases(ws.clone(), cursor.take(), PURCHASE_PAGE).await?;
        let full = page.len() as u32 >= PURCHASE_PAGE;
        cursor = page.last().map(|p| p.id.clone());
        for p in page {
            // Newest first: the first one older than `since` ends the list.
            if since.as_ref().is_some_and(|s| p.created_at < *s) {
                return Ok((all, false));
            }
            all.push(p);
        }
        if !full {
            return Ok((all, false));
        }
    }
    Ok((all, true))
}

/// Reads every Checkout Session and PaymentIntent of `customers` carrying our purchase metadata
/// for workspace `workspace`.
async fn read_stripe(
    stripe: &Stripe,
    customers: &BTreeSet<String>,
    since: Option<Timestamp>,
    workspace: &str,
) -> Result<StripeSide, AppError> {
    let created_gte = since.map(|t| t.as_second());
    let unreachable = |e: StripeError| {
        let err = super::stripe_error(&e, None);
        AppError { message: format!("reading the workspace's payments at Stripe: {e}"), ..err }
    };
    let ours = |metadata: &credits_stripe::Metadata| -> Option<String> {
        let id = metadata.get("purchase_id")?;
        match metadata.get("studio_credits_workspace") {
            Some(w) if w != workspace => None,
            _ => Some(id.clone()),
        }
    };
    let mut side = StripeSide::default();
    for customer in customers {
        let (sessions, more_sessions) =
            stripe.client.list_checkout_sessions(customer, created_gte, MAX_PAGES).await.map_err(unreachable)?;
        let (intents, more_intents) =
            stripe.client.list_payment_intents(customer, created_gte, MAX_PAGES).await.map_err(unreachable)?;
        side.truncated |= more_sessions || more_intents;
        // A refund takes its part back: what Stripe kept is what was paid.
        let refunds: BTreeMap<&str, i64> = intents.iter().map(|pi| (pi.id.as_str(), pi.amount_refunded())).collect();
        // PaymentIntents a session of ours stands for: one payment, counted once.
        let mut covered = BTreeSet::new();
        for s in &sessions {
            let Some(pid) = ours(&s.metadata) else { continue };
            side.objects += 1;
            let pi = s.payment_intent.as_ref().map(|pi| pi.id().to_owned());
            covered.extend(pi.clone());
            let refunded = pi.as_deref().and_then(|id| refunds.get(id)).copied().unwrap_or(0);
            let total = s.amount_total.map(|a| a - refunded);
            let status = if s.is_paid() && total == Some(0) { "refunded".to_owned() } else { session_status(s) };
            side.statuses.insert(s.id.clone(), status.clone());
            if s.is_paid() && total != Some(0) {
                let status = if refunded > 0 { "partly refunded".to_owned() } else { status };
                side.paid.entry(pid).or_default().push(Paid {
                    object: s.id.clone(),
                    session: Some(s.id.clone()),
                    payment_intent: pi,
                    status,
                    amount: total,
                    currency: s.currency.clone(),
                    customer: customer.clone(),
                });
            }
        }
        for pi in &intents {
            let Some(pid) = ours(&pi.metadata) else { continue };
            if covered.contains(&pi.id) {
                continue;
            }
            side.objects += 1;
            let refunded = pi.amount_refunded();
            let succeeded = pi.status == PaymentIntentStatus::Succeeded;
            let status = match refunded {
                _ if !succeeded => pi.status.to_string(),
                0 => pi.status.to_string(),
                r if r >= pi.amount => "refunded".to_owned(),
                _ => "partly refunded".to_owned(),
            };
            side.statuses.insert(pi.id.clone(), status.clone());
            if succeeded && refunded < pi.amount {
                side.paid.entry(pid).or_default().push(Paid {
                    object: pi.id.clone(),
                    session: None,
                    payment_intent: Some(pi.id.clone()),
                    status,
                    amount: Some(pi.amount - refunded),
                    currency: Some(pi.currency.clone()),
                    customer: customer.clone(),
                });
            }
        }
    }
    Ok(side)
}

/// `paid` for a Checkout Session whose payment is collected, else its status (`open`, `expired`).
fn session_status(s: &CheckoutSession) -> String {
    if s.is_paid() {
        return "paid".to_owned();
    }
    s.status.as_ref().map_or_else(|| "unknown".to_owned(), |st| st.as_str().to_owned())
}

/// The problem with purchase `id`, which Stripe shows paid by `paid` (one or more payments), and
/// whether `fix` may credit it; `None` when the ledger agrees.
fn compare_paid(workspace: &str, id: &str, paid: &[Paid], local: Option<&Purchase>) -> Option<(ReconcileItem, bool)> {
    let first = &paid[0];
    let money = |amount: Option<i64>, currency: Option<&str>| match (amount, currency) {
        (Some(a), Some(c)) => format!("{} {}", Cents::new(a).to_string().trim_start_matches('$'), c.to_uppercase()),
        _ => "an unknown amount".to_owned(),
    };
    let mut item = ReconcileItem {
        problem: ReconcileProblem::NotCredited,
        purchase_id: Some(id.to_owned()),
        ledger_state: local.map(|p| p.state),
        ledger_amount_cents: local.map(|p| p.amount_cents),
        stripe_object: Some(first.object.clone()),
        stripe_status: Some(first.status.clone()),
        stripe_amount: first.amount,
        stripe_currency: first.currency.clone(),
        detail: String::new(),
        action: None,
        journal_entry_id: None,
    };
    let stripe_money = money(first.amount, first.currency.as_deref());
    if paid.len() > 1 {
        let objects: Vec<&str> = paid.iter().map(|p| p.object.as_str()).collect();
        item.detail = format!(
            "Stripe shows {} payments for purchase {id} ({}); the ledger credits a purchase once: refund the extra \
             payment in the Stripe Dashboard",
            paid.len(),
            objects.join(", ")
        );
        return Some((item, false));
    }
    let Some(p) = local else {
        // A partly refunded payment is never recreated at what Stripe kept: neither what was
        // bought nor what to credit is certain any more.
        let fixable = first.currency.as_deref() == Some(flow::CURRENCY)
            && first.amount.is_some_and(|a| a > 0)
            && first.status != "partly refunded";
        item.detail = if first.status == "partly refunded" {
            format!(
                "Stripe shows {stripe_money} kept of a partly refunded payment ({}) for purchase {id}, which the \
                 ledger does not have: decide in the Stripe Dashboard; `--fix` does not credit it",
                first.object
            )
        } else if fixable {
            format!(
                "Stripe shows {stripe_money} paid ({}) for purchase {id}, which the ledger does not have (restored \
                 from an older backup?): `reconcile --fix` records and credits it",
                first.object
            )
        } else {
            format!(
                "Stripe shows {stripe_money} paid ({}) for purchase {id}, which the ledger does not have, in a \
                 currency top-ups are not sold in: check it in the Stripe Dashboard",
                first.object
            )
        };
        return Some((item, fixable));
    };
    if p.workspace != workspace {
        item.detail = format!(
            "Stripe shows {} paid for purchase {id} under this workspace's customer, but the ledger has it in workspace \
             '{}': check the customer binding (`workspace show`)",
            first.object, p.workspace
        );
        return Some((item, false));
    }
    if flow::mismatch(p, first.seen().as_ref()).is_some() {
        item.problem = ReconcileProblem::AmountMismatch;
        let credited = if p.state == PurchaseState::Succeeded { "credited" } else { "not credited" };
        item.detail = format!(
            "Stripe shows {stripe_money} paid ({}, {}) for purchase {id} of {} ({}, {credited}): another amount is never \
             credited or taken back automatically; check the payment in the Stripe Dashboard (refund it, or buy again)",
            first.object,
            first.status,
            money(Some(p.amount_cents.get()), Some(&p.currency)),
            p.state
        );
        return Some((item, false));
    }
    if p.state == PurchaseState::Succeeded {
        return None;
    }
    item.detail = format!(
        "Stripe shows {stripe_money} paid ({}) for purchase {id}, which the ledger has as {}: `reconcile --fix` \
         credits it",
        first.object, p.state
    );
    Some((item, true))
}

/// With `fix`: credits what can be credited, once, and records what was done on `item`.
async fn act(
    app: &Arc<App>,
    workspace: &str,
    item: &mut ReconcileItem,
    paid: &Paid,
    missing: bool,
    actor: Actor,
) -> Result<(), AppError> {
    let Some(id) = item.purchase_id.clone() else {
        item.action = Some(ReconcileAction::NeedsOperator);
        return Ok(());
    };
    if missing {
        if !record_missing(app, workspace, &id, paid, actor).await? {
            item.action = Some(ReconcileAction::NeedsOperator);
            item.detail.push_str("; not recorded: the purchase id in Stripe's metadata is not one of ours");
            return Ok(());
        }
        tracing::info!(purchase = %id, workspace, object = %paid.object, "reconcile: recorded a purchase Stripe shows paid and the ledger lacked");
    }
    let applied = flow::confirm(app, &id, paid.payment_intent.clone(), paid.seen()).await?;
    match (&applied.credited, applied.purchase.state) {
        (Some(entry), _) => {
            tracing::info!(purchase = %id, entry = entry.id, "reconcile: credited a purchase Stripe shows paid");
            item.action = Some(ReconcileAction::Credited);
            item.journal_entry_id = Some(entry.id);
        }
        (None, PurchaseState::Succeeded) => item.action = Some(ReconcileAction::AlreadyCredited),
        (None, _) => item.action = Some(ReconcileAction::NeedsOperator),
    }
    Ok(())
}

/// Records a purchase Stripe shows paid that the ledger lacks, under the id of its metadata, in
/// state `created` and then `pending` with its Stripe objects. False when the id is not one of
/// ours; true when recorded (or already there, recorded by a concurrent run).
async fn record_missing(
    app: &Arc<App>,
    workspace: &str,
    id: &str,
    paid: &Paid,
    actor: Actor,
) -> Result<bool, AppError> {
    let well_formed = id.len() <= 64
        && id
            .strip_prefix("pur_")
            .is_some_and(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_alphanumeric()));
    let Some(amount) = paid.amount.filter(|a| *a > 0).map(Cents::new) else { return Ok(false) };
    if !well_formed {
        return Ok(false);
    }
    let kind = if paid.session.is_some() { PurchaseKind::Checkout } else { PurchaseKind::Card };
    let mut new = flow::new_purchase(app, kind, PurchaseOrigin::Buy, amount, Some(paid.customer.clone()), actor)?;
    new.id = id.to_owned();
    let (pid, now) = (id.to_owned(), app.now());
    let created = app.ledger.create_purchase(Some(workspace.to_owned()), new, now).await;
    let p = match created {
        Ok(p) => p,
        // Recorded meanwhile (another run, a restored row): confirming it is as safe, if it is
        // this workspace's.
        Err(StoreError::Conflict(_)) => match app.ledger.purchase(pid).await {
            Ok(p) if p.workspace == workspace => p,
            Ok(_) => return Ok(false),
            Err(e) => return Err(e.into()),
        },
        Err(e) => return Err(e.into()),
    };
    let t = Transition::Pending {
        payment_intent: paid.payment_intent.clone(),
        checkout_session: paid.session.clone(),
        checkout_url: None,
    };
    flow::transition(app, &p.id, t).await?;
    Ok(true)
}

/// For a credited purchase none of Stripe's listed payments stands for: asks Stripe for its own
/// object (it may be older than `since` at Stripe's clock, or under another customer). `None`
/// when Stripe does show it paid at its amount.
async fn not_paid(stripe: &Stripe, p: &Purchase, side: &StripeSide) -> Result<Option<ReconcileItem>, AppError> {
    let unreachable = |e: StripeError| super::stripe_error(&e, Some(&p.id));
    let (object, status, seen) = match (&p.stripe_checkout_session, &p.stripe_payment_intent) {
        (Some(cs), _) if !side.statuses.contains_key(cs) => match stripe.client.retrieve_checkout_session(cs).await {
            Ok(s) => {
                (Some(cs.clone()), session_status(&s), s.is_paid().then(|| s.amount_total.zip(s.currency.clone())))
            }
            Err(StripeError::InvalidRequest { .. }) => (Some(cs.clone()), "missing".to_owned(), None),
            Err(e) => return Err(unreachable(e)),
        },
        (Some(cs), _) => (Some(cs.clone()), side.statuses[cs].clone(), None),
        (None, Some(pi)) if !side.statuses.contains_key(pi) => match stripe.client.retrieve_payment_intent(pi).await {
            Ok(x) => {
                let paid = x.status == PaymentIntentStatus::Succeeded;
                (Some(pi.clone()), x.status.to_string(), paid.then(|| Some((x.amount, x.currency.clone()))))
            }
            Err(StripeError::InvalidRequest { .. }) => (Some(pi.clone()), "missing".to_owned(), None),
            Err(e) => return Err(unreachable(e)),
        },
        (None, Some(pi)) => (Some(pi.clone()), side.statuses[pi].clone(), None),
        (None, None) => (None, "missing".to_owned(), None),
    };
    let mut item = ReconcileItem {
        problem: ReconcileProblem::NotPaid,
        purchase_id: Some(p.id.clone()),
        ledger_state: Some(p.state),
        ledger_amount_cents: Some(p.amount_cents),
        stripe_object: object.clone(),
        stripe_status: Some(status.clone()),
        stripe_amount: None,
        stripe_currency: None,
        detail: String::new(),
        action: None,
        journal_entry_id: None,
    };
    match seen {
        Some(seen) => {
            if flow::mismatch(p, seen.as_ref()).is_none() {
                return Ok(None);
            }
            item.problem = ReconcileProblem::AmountMismatch;
            (item.stripe_amount, item.stripe_currency) = seen.map(|(a, c)| (Some(a), Some(c))).unwrap_or_default();
            item.detail = format!(
                "Stripe shows {} paid for purchase {} ({}), which was credited at {}: check the payment in the \
                 Stripe Dashboard; reconcile never takes credits back",
                object.unwrap_or_default(),
                p.id,
                item.stripe_amount.map_or_else(String::new, |a| Cents::new(a).to_string()),
                p.amount_cents
            );
        }
        None => {
            let what = object.map_or_else(|| "no Stripe object".to_owned(), |o| format!("{o} is {status}"));
            item.detail = format!(
                "purchase {} was credited ({} credits) but Stripe does not show it paid ({what}): check the payment \
                 in the Stripe Dashboard; reconcile never takes credits back",
                p.id, p.credits
            );
        }
    }
    Ok(Some(item))
}
