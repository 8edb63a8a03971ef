//! Our types against Stripe's own example objects (`tests/fixtures/fixtures3.json`) and against
//! the sparser shapes the local emulator returns.

use serde_json::{Value, json};

use crate::types::List;
use crate::*;

fn fixtures() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/fixtures3.json");
    let text = std::fs::read_to_string(path).expect("the fixture copy is part of the crate");
    serde_json::from_str(&text).unwrap()
}

fn resource(name: &str) -> Value {
    fixtures()["resources"][name].clone()
}

fn decode<T: serde::de::DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).unwrap()
}

#[test]
fn checkout_session() {
    let session: CheckoutSession = decode(resource("checkout.session"));
    assert!(session.id.starts_with("cs_test_"));
    assert_eq!(session.status, Some(CheckoutSessionStatus::Open));
    assert_eq!(session.payment_status, Some(CheckoutPaymentStatus::Unpaid));
    assert!(!session.is_paid() && !session.is_expired());
    assert_eq!(session.payment_intent.as_ref().map(Expandable::id), Some("pi_1PgafyB7WZ01zgkWSjxsAJo3"));
    assert!(session.url.as_deref().is_some_and(|u| u.starts_with("https://checkout.stripe.com/")));
    assert_eq!(session.customer, None);
    assert_eq!(session.amount_total, None);
    assert_eq!(session.expires_at, Some(1_234_567_890));
    assert!(session.metadata.is_empty());
}

#[test]
fn payment_intent() {
    let intent: PaymentIntent = decode(resource("payment_intent"));
    assert_eq!(intent.id, "pi_1PgafyB7WZ01zgkWSjxsAJo3");
    assert_eq!(intent.amount, 1099);
    assert_eq!(intent.currency, "usd");
    assert_eq!(intent.status, PaymentIntentStatus::RequiresPaymentMethod);
    assert_eq!(intent.last_payment_error.as_ref().and_then(|e| e.type_.as_deref()), Some("idempotency_error"));
    assert_eq!((intent.customer.as_ref(), intent.latest_charge.as_ref()), (None, None));
    assert!(matches!(intent.failure(), Some(StripeError::CardDeclined { code, .. }) if code == "idempotency_error"));
}

#[test]
fn customer_and_payment_method() {
    let customer: Customer = decode(resource("customer"));
    assert_eq!(customer.id, "cus_QXg1o8vcGmoR32");
    assert_eq!(customer.default_payment_method_id(), None);
    assert!(!customer.deleted);

    let method: PaymentMethod = decode(resource("payment_method"));
    assert_eq!(method.id, "pm_1Pgc75B7WZ01zgkWlHVgdEGJ");
    assert_eq!(method.type_, "card");
    let card = method.card.as_ref().unwrap();
    assert_eq!((card.last4.as_deref(), card.exp_month, card.exp_year), (Some("4242"), Some(8), Some(2030)));
    assert_eq!(method.metadata["order_id"], "123456789");

    // The default payment method as an id and as an expanded object.
    let mut value = resource("customer");
    value["invoice_settings"]["default_payment_method"] = json!("pm_1");
    assert_eq!(decode::<Customer>(value.clone()).default_payment_method_id(), Some("pm_1"));
    value["invoice_settings"]["default_payment_method"] = resource("payment_method");
    let expanded: Customer = decode(value);
    assert_eq!(expanded.default_payment_method_id(), Some("pm_1Pgc75B7WZ01zgkWlHVgdEGJ"));
    let settings = expanded.invoice_settings.unwrap();
    assert!(settings.default_payment_method.unwrap().as_object().is_some());
}

#[test]
fn charge() {
    let charge: Charge = decode(resource("charge"));
    assert_eq!(charge.id, "ch_1PgafuB7WZ01zgkWXYmPNZs8");
    assert_eq!(charge.amount, Some(100));
    assert_eq!(charge.status.as_deref(), Some("succeeded"));
    assert_eq!(charge.paid, Some(true));
}

#[test]
fn payment_intent_with_expanded_references() {
    let mut value = resource("payment_intent");
    value["latest_charge"] = resource("charge");
    value["customer"] = resource("customer");
    value["payment_method"] = json!("pm_1");
    value["metadata"] = json!({"purchase_id": "pur_1"});
    let intent: PaymentIntent = decode(value);
    assert_eq!(intent.latest_charge.as_ref().map(Expandable::id), Some("ch_1PgafuB7WZ01zgkWXYmPNZs8"));
    assert_eq!(intent.customer.as_ref().map(Expandable::id), Some("cus_QXg1o8vcGmoR32"));
    assert_eq!(intent.payment_method.as_ref().map(Expandable::id), Some("pm_1"));
    assert_eq!(intent.metadata["purchase_id"], "pur_1");
}

#[test]
fn event() {
    let event: Event = decode(resource("event"));
    assert_eq!(event.id, "evt_1Pgc76B7WZ01zgkWwyRHS12y");
    assert_eq!(event.type_, "plan.created");
    assert_eq!(event.created, 1_234_567_890);
    assert_eq!(event.object_type(), Some("plan"));
    assert_eq!(event.payment_intent().unwrap_err().kind(), "decode");

    let mut value = resource("event");
    value["type"] = json!("checkout.session.completed");
    value["data"]["object"] = resource("checkout.session");
    let event: Event = decode(value.clone());
    assert!(event.checkout_session().unwrap().id.starts_with("cs_test_"));
    assert_eq!(event.payment_intent().unwrap_err().kind(), "decode");
    value["data"]["object"] = resource("payment_intent");
    assert_eq!(decode::<Event>(value).payment_intent().unwrap().amount, 1099);
}

#[test]
fn unknown_status_values_are_kept() {
    let mut value = resource("payment_intent");
    value["status"] = json!("requires_something_new");
    let intent: PaymentIntent = decode(value);
    assert_eq!(intent.status, PaymentIntentStatus::Other("requires_something_new".into()));
    assert_eq!(intent.status.to_string(), "requires_something_new");
    assert_eq!(serde_json::to_value(&intent.status).unwrap(), json!("requires_something_new"));
    assert_eq!(serde_json::to_value(PaymentIntentStatus::Succeeded).unwrap(), json!("succeeded"));
}

#[test]
fn emulator_declined_payment_intent() {
    // The shape localstripe returns: an expanded failed charge, no decline_code, no error type.
    let intent: PaymentIntent = decode(json!({
        "id": "pi_abc", "object": "payment_intent", "amount": 2000, "currency": "usd",
        "status": "requires_payment_method", "customer": "cus_abc", "payment_method": "pm_abc",
        "metadata": {"purchase_id": "pur_1"}, "next_action": null, "invoice": null,
        "last_payment_error": {"charge": "ch_abc", "code": "card_declined", "message": "Your card was declined."},
        "latest_charge": {"id": "ch_abc", "object": "charge", "amount": 2000, "currency": "usd",
            "status": "failed", "failure_code": "card_declined", "payment_intent": "pi_abc",
            "customer": "cus_abc", "payment_method": "pm_abc", "metadata": {}}
    }));
    assert_eq!(intent.latest_charge.as_ref().map(Expandable::id), Some("ch_abc"));
    assert_eq!(
        intent.failure(),
        Some(StripeError::CardDeclined {
            code: "card_declined".into(),
            decline_code: None,
            message: "Your card was declined.".into(),
        })
    );
}

#[test]
fn payment_intent_failure_states() {
    let base = json!({"id": "pi_1", "amount": 2000, "currency": "usd", "metadata": null});
    let with = |extra: Value| -> PaymentIntent {
        let mut value = base.clone();
        value.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        decode(value)
    };
    let action = with(json!({"status": "requires_action", "next_action": {"type": "use_stripe_sdk"}}));
    assert_eq!(action.failure().unwrap().kind(), "authentication_required");
    assert!(action.metadata.is_empty());
    let auth = with(json!({"status": "requires_payment_method", "last_payment_error":
        {"type": "card_error", "code": "authentication_required", "decline_code": "authentication_required", "message": "needs 3DS"}}));
    assert_eq!(auth.failure(), Some(StripeError::AuthenticationRequired { message: "needs 3DS".into() }));
    assert_eq!(with(json!({"status": "requires_payment_method"})).failure(), None);
    assert_eq!(with(json!({"status": "succeeded"})).failure(), None);
    assert_eq!(with(json!({"status": "processing"})).failure(), None);
}

#[test]
fn list_page() {
    let page: List<PaymentIntent> = decode(json!({
        "object": "list", "url": "/v1/payment_intents", "has_more": true,
        "data": [resource("payment_intent")]
    }));
    assert!(page.has_more);
    assert_eq!(page.data.len(), 1);
    let empty: List<CheckoutSession> = decode(json!({"object": "list"}));
    assert!(empty.data.is_empty() && !empty.has_more);
}
