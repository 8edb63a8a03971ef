use super::*;
use credits_core::PlanCatalogue;

fn setup() -> (tempfile::TempDir, Connection, Timestamp) {
    let dir = tempfile::tempdir().unwrap();
    let db = crate::open(&dir.path().join("t.db")).unwrap();
    let conn = db.connect().unwrap();
    let now: Timestamp = "2026-11-20T10:00:00Z".parse().unwrap();
    crate::workspace::ensure_default(&conn, "alice", &PlanCatalogue::default(), now).unwrap();
    (dir, conn, now)
}

fn new(id: &str, kind: PurchaseKind, origin: PurchaseOrigin) -> NewPurchase {
    NewPurchase {
        id: id.to_owned(),
        kind,
        origin,
        amount: Cents::new(2000),
        currency: "usd".into(),
        credits: Cents::new(2000).to_credits(100).unwrap(),
        stripe_customer: Some("cus_1".into()),
        actor: credits_core::Actor::Cli("me".into()),
        idempotency_key: None,
    }
}

fn ws(conn: &Connection) -> WsRow {
    ledger::workspace(conn, None).unwrap()
}

fn purchase_entries(conn: &Connection) -> i64 {
    conn.query_row("SELECT COUNT(*) FROM journal WHERE kind = 'purchase'", [], |r| r.get(0)).unwrap()
}

#[test]
fn credited_exactly_once_however_often_confirmed() {
    let (_d, conn, now) = setup();
    let p = create(&conn, &ws(&conn), &new("pur_a", PurchaseKind::Card, PurchaseOrigin::Buy), now).unwrap();
    assert_eq!(p.state, PurchaseState::Created);
    let pending =
        Transition::Pending { payment_intent: Some("pi_1".into()), checkout_session: None, checkout_url: None };
    assert!(apply(&conn, "pur_a", &pending, now).unwrap().changed);
    let ok = Transition::Succeeded { payment_intent: Some("pi_1".into()) };
    let first = apply(&conn, "pur_a", &ok, now).unwrap();
    assert!(first.changed && first.credited.is_some());
    assert_eq!(first.purchase.state, PurchaseState::Succeeded);
    assert_eq!(first.purchase.journal_entry_id, first.credited.as_ref().map(|e| e.id));
    for _ in 0..5 {
        let again = apply(&conn, "pur_a", &ok, now).unwrap();
        assert!(!again.changed && again.credited.is_none());
        // A late failure or expiry does not undo it either.
        assert!(!apply(&conn, "pur_a", &Transition::Expired, now).unwrap().changed);
    }
    assert_eq!(purchase_entries(&conn), 1);
    assert_eq!(ws(&conn).topup, 2_000_000);
    assert!(crate::verify::verify(&conn).unwrap().ok());
}

#[test]
fn the_database_refuses_a_second_credit() {
    let (_d, conn, now) = setup();
    create(&conn, &ws(&conn), &new("pur_b", PurchaseKind::Card, PurchaseOrigin::Buy), now).unwrap();
    apply(&conn, "pur_b", &Transition::Succeeded { payment_intent: None }, now).unwrap();
    // Even a buggy caller that skips the state check cannot credit the same purchase twice.
    let mut w = ws(&conn);
    let dup = ledger::move_topup(
        &conn,
        &mut w,
        None,
        EntryKind::Purchase,
        5,
        Some("pur_b"),
        None,
        &credits_core::Actor::Daemon,
        now,
    );
    assert!(dup.is_err(), "{dup:?}");
    // And a succeeded purchase must name its entry.
    let bad = conn.execute("UPDATE purchases SET journal_entry_id = NULL WHERE id = 'pur_b'", []);
    assert!(bad.is_err());
}

#[test]
fn money_wins_over_a_local_failure() {
    let (_d, conn, now) = setup();
    create(&conn, &ws(&conn), &new("pur_c", PurchaseKind::Card, PurchaseOrigin::Buy), now).unwrap();
    let failed = Transition::Failed { code: Some("network".into()), message: "Stripe unreachable".into() };
    let f = apply(&conn, "pur_c", &failed, now).unwrap();
    assert_eq!(f.purchase.state, PurchaseState::Failed);
    assert_eq!(f.purchase.failure.as_ref().unwrap().code.as_deref(), Some("network"));
    let s = apply(&conn, "pur_c", &Transition::Succeeded { payment_intent: Some("pi_9".into()) }, now).unwrap();
    assert_eq!(s.purchase.state, PurchaseState::Succeeded);
    assert!(s.purchase.failure.is_none());
    assert_eq!(s.purchase.stripe_payment_intent.as_deref(), Some("pi_9"));
    assert_eq!(purchase_entries(&conn), 1);
}

#[test]
fn ensure_buys_at_most_once_while_one_is_in_flight() {
    let (_d, conn, now) = setup();
    let min = Credits::from_whole(1000).unwrap();
    // alice has 500 included: below 1000.
    let first =
        ensure(&conn, None, None, Some("alice"), min, &new("pur_1", PurchaseKind::Card, PurchaseOrigin::Ensure), now)
            .unwrap();
    assert!(matches!(first, EnsureDecision::Created { .. }), "{first:?}");
    for i in 2..6 {
        let n = new(&format!("pur_{i}"), PurchaseKind::Card, PurchaseOrigin::Ensure);
        match ensure(&conn, None, None, Some("alice"), min, &n, now).unwrap() {
            EnsureDecision::InFlight { purchase } => assert_eq!(purchase.id, "pur_1"),
            other => panic!("{other:?}"),
        }
    }
    // The database itself refuses a second scripted purchase in flight.
    let direct = create(&conn, &ws(&conn), &new("pur_x", PurchaseKind::Card, PurchaseOrigin::Auto), now);
    assert!(matches!(direct, Err(StoreError::Conflict(_))), "{direct:?}");
    // A person's `buy` is not blocked.
    create(&conn, &ws(&conn), &new("pur_y", PurchaseKind::Checkout, PurchaseOrigin::Buy), now).unwrap();
    apply(&conn, "pur_1", &Transition::Succeeded { payment_intent: None }, now).unwrap();
    let after =
        ensure(&conn, None, None, Some("alice"), min, &new("pur_7", PurchaseKind::Card, PurchaseOrigin::Ensure), now)
            .unwrap();
    assert!(
        matches!(after, EnsureDecision::Sufficient { spendable } if spendable == Credits::from_whole(2500).unwrap())
    );
    assert_eq!(in_flight(&conn).unwrap().len(), 1);
}

#[test]
fn auto_topup_respects_threshold_limit_and_failures() {
    let (_d, conn, now) = setup();
    let w = ws(&conn);
    assert!(matches!(auto_decide(&conn, Some("default"), "pur_a1", 100, now).unwrap(), AutoDecision::Skip("no rule")));
    let rule = AutoRule {
        below: Credits::from_whole(600).unwrap(),
        amount_cents: Cents::new(1000),
        monthly_limit_cents: Cents::new(2500),
    };
    set_auto_rule(&conn, &w, &rule, now).unwrap();
    assert_eq!(auto_rule(&conn, &w).unwrap(), Some(rule.clone()));
    assert_eq!(auto_rule_workspaces(&conn).unwrap(), ["default"]);
    let AutoDecision::Created(p) = auto_decide(&conn, Some("default"), "pur_a1", 100, now).unwrap() else { panic!() };
    assert_eq!(
        (p.kind, p.origin, p.amount_cents, p.credits),
        (PurchaseKind::Card, PurchaseOrigin::Auto, Cents::new(1000), Credits::from_whole(1000).unwrap())
    );
    assert!(matches!(auto_decide(&conn, Some("default"), "pur_a2", 100, now).unwrap(), AutoDecision::Skip(_)));
    apply(&conn, "pur_a1", &Transition::Succeeded { payment_intent: None }, now).unwrap();
    // 500 included + 1000 top-up: above 600.
    assert!(matches!(
        auto_decide(&conn, Some("default"), "pur_a2", 100, now).unwrap(),
        AutoDecision::Skip("above the threshold")
    ));
    let higher = AutoRule { below: Credits::from_whole(5000).unwrap(), ..rule.clone() };
    set_auto_rule(&conn, &w, &higher, now).unwrap();
    let AutoDecision::Created(_) = auto_decide(&conn, Some("default"), "pur_a2", 100, now).unwrap() else { panic!() };
    apply(&conn, "pur_a2", &Transition::Failed { code: None, message: "declined".into() }, now).unwrap();
    assert!(matches!(
        auto_decide(&conn, Some("default"), "pur_a3", 100, now).unwrap(),
        AutoDecision::Skip("the last auto top-up failed less than an hour ago")
    ));
    let later = now + SignedDuration::from_hours(2);
    let AutoDecision::Created(_) = auto_decide(&conn, Some("default"), "pur_a3", 100, later).unwrap() else { panic!() };
    apply(&conn, "pur_a3", &Transition::Succeeded { payment_intent: None }, later).unwrap();
    // $10 + $10 spent this month; a third $10 would pass the $25 limit.
    assert_eq!(auto_spent(&conn, &w).unwrap(), Cents::new(2000));
    assert!(matches!(
        auto_decide(&conn, Some("default"), "pur_a4", 100, later).unwrap(),
        AutoDecision::Skip("the monthly limit is reached")
    ));
    assert!(delete_auto_rule(&conn, &w).unwrap());
    let too_low = AutoRule { monthly_limit_cents: Cents::new(500), ..rule };
    assert!(set_auto_rule(&conn, &w, &too_low, now).is_err());
}

#[test]
fn events_are_remembered() {
    let (_d, conn, now) = setup();
    assert!(!event_seen(&conn, "evt_1").unwrap());
    record_event(&conn, "evt_1", "payment_intent.succeeded", Some("pur_1"), "credited", now).unwrap();
    assert!(event_seen(&conn, "evt_1").unwrap());
    assert!(record_event(&conn, "evt_1", "payment_intent.succeeded", None, "x", now).is_err());
    assert_eq!(
        prune_events(&conn, now + SignedDuration::from_hours(24 * 31), SignedDuration::from_hours(24 * 30)).unwrap(),
        1
    );
}

#[test]
fn customers_bind_once() {
    let (_d, conn, _now) = setup();
    let w = ws(&conn);
    assert_eq!(bind_customer(&conn, w.id, "cus_first").unwrap(), "cus_first");
    assert_eq!(bind_customer(&conn, w.id, "cus_second").unwrap(), "cus_first");
}

#[test]
fn a_mismatch_credits_nothing_counts_against_auto_topup_and_can_still_be_confirmed() {
    let (_d, conn, now) = setup();
    create(&conn, &ws(&conn), &new("pur_m", PurchaseKind::Card, PurchaseOrigin::Auto), now).unwrap();
    let m = Transition::Mismatch { message: "Stripe reported 10.00 USD".into() };
    let a = apply(&conn, "pur_m", &m, now).unwrap();
    assert!(a.changed && a.credited.is_none());
    assert_eq!(a.purchase.state, PurchaseState::Mismatch);
    assert_eq!(a.purchase.failure.as_ref().and_then(|f| f.code.as_deref()), Some("amount_mismatch"));
    // Stripe may have taken money for it: it counts against the monthly limit.
    assert_eq!(auto_spent(&conn, &ws(&conn)).unwrap(), Cents::new(2000));
    assert!(in_flight(&conn).unwrap().is_empty());
    // A confirmation of the right amount still credits it, once.
    let ok = Transition::Succeeded { payment_intent: Some("pi_m".into()) };
    assert!(apply(&conn, "pur_m", &ok, now).unwrap().credited.is_some());
    assert_eq!(purchase_entries(&conn), 1);
    assert!(crate::verify::verify(&conn).unwrap().ok());
}

#[test]
fn list_pages_by_keyset_newest_first() {
    let (_d, conn, now) = setup();
    // Two pairs share a creation time: the tie is broken by insertion order.
    let times = [0, 1, 1, 2, 3, 3, 4];
    for (i, s) in times.iter().enumerate() {
        let at = now.checked_add(jiff::SignedDuration::from_secs(*s)).unwrap();
        create(&conn, &ws(&conn), &new(&format!("pur_{i}"), PurchaseKind::Card, PurchaseOrigin::Buy), at).unwrap();
    }
    let all: Vec<String> = list(&conn, &ws(&conn), None, 100).unwrap().into_iter().map(|p| p.id).collect();
    assert_eq!(all, ["pur_6", "pur_5", "pur_4", "pur_3", "pur_2", "pur_1", "pur_0"]);
    let mut paged = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let page = list(&conn, &ws(&conn), cursor.as_deref(), 2).unwrap();
        if page.is_empty() {
            break;
        }
        cursor = page.last().map(|p| p.id.clone());
        paged.extend(page.into_iter().map(|p| p.id));
    }
    assert_eq!(paged, all);
}
