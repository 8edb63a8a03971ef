//! What we ask Stripe to create, and how each request becomes a form body.

use std::collections::BTreeMap;

use crate::form::Form;

/// Fields for `POST /v1/customers`. Absent fields are not sent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CustomerParams {
    pub name: Option<String>,
    pub description: Option<String>,
    pub email: Option<String>,
    pub metadata: BTreeMap<String, String>,
}

impl CustomerParams {
    pub(crate) fn to_form(&self) -> Form {
        let mut form = Form::new();
        form.push_opt(&["name"], self.name.as_deref())
            .push_opt(&["description"], self.description.as_deref())
            .push_opt(&["email"], self.email.as_deref())
            .push_map(&["metadata"], &self.metadata);
        form
    }
}

/// Fields for `POST /v1/payment_intents`: a card charge, usually created and confirmed
/// off-session in one call (the emulator rejects `off_session` on a separate confirm).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PaymentIntentParams {
    /// In cents; must be positive.
    pub amount_cents: i64,
    /// ISO code in lower case, e.g. `usd`.
    pub currency: String,
    pub customer: String,
    pub payment_method: String,
    pub confirm: bool,
    /// Only sent when true, and then `confirm` must be true too.
    pub off_session: bool,
    pub metadata: BTreeMap<String, String>,
    /// Sent only when present; the local emulator refuses the field, so leave it `None` there.
    pub description: Option<String>,
}

impl PaymentIntentParams {
    pub(crate) fn to_form(&self) -> Form {
        let mut form = Form::new();
        form.push(&["amount"], self.amount_cents.to_string())
            .push(&["currency"], &self.currency)
            .push(&["customer"], &self.customer)
            .push(&["payment_method"], &self.payment_method)
            // Cards only: with Stripe's default automatic payment methods, confirming without a
            // `return_url` is refused because some methods could redirect.
            .push(&["payment_method_types", "0"], "card");
        // `false` is left out rather than sent: the emulator rejects `off_session` unless
        // `confirm` is true, whatever its value.
        if self.confirm {
            form.push(&["confirm"], "true");
        }
        if self.off_session {
            form.push(&["off_session"], "true");
        }
        form.push_opt(&["description"], self.description.as_deref()).push_map(&["metadata"], &self.metadata);
        form
    }
}

/// Fields for `POST /v1/checkout/sessions`: one line item priced inline, in `payment` mode.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckoutSessionParams {
    /// In cents; must be positive.
    pub amount_cents: i64,
    pub currency: String,
    /// Shown to the buyer on the checkout page.
    pub product_name: String,
    pub customer: String,
    pub success_url: String,
    pub cancel_url: String,
    /// Put on the session (`metadata[…]`).
    pub metadata: BTreeMap<String, String>,
    /// Put on the PaymentIntent the session creates (`payment_intent_data[metadata][…]`).
    pub payment_intent_metadata: BTreeMap<String, String>,
    /// Save the card for later off-session charges (`setup_future_usage=off_session`).
    pub setup_future_usage_off_session: bool,
    /// Unix time; Stripe accepts 30 minutes to 24 hours from now.
    pub expires_at: Option<i64>,
}

impl CheckoutSessionParams {
    pub(crate) fn to_form(&self) -> Form {
        fn item<'a>(field: &[&'a str]) -> Vec<&'a str> {
            let mut path = vec!["line_items", "0"];
            path.extend_from_slice(field);
            path
        }
        let mut form = Form::new();
        form.push(&["mode"], "payment")
            .push(&["customer"], &self.customer)
            .push(&["success_url"], &self.success_url)
            .push(&["cancel_url"], &self.cancel_url)
            .push(&item(&["price_data", "currency"]), &self.currency)
            .push(&item(&["price_data", "unit_amount"]), self.amount_cents.to_string())
            .push(&item(&["price_data", "product_data", "name"]), &self.product_name)
            .push(&item(&["quantity"]), "1")
            .push_map(&["metadata"], &self.metadata)
            .push_map(&["payment_intent_data", "metadata"], &self.payment_intent_metadata);
        if self.setup_future_usage_off_session {
            form.push(&["payment_intent_data", "setup_future_usage"], "off_session");
        }
        if let Some(expires_at) = self.expires_at {
            form.push(&["expires_at"], expires_at.to_string());
        }
        form
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn customer_sends_only_present_fields() {
        let params = CustomerParams {
            name: Some("Team A".into()),
            metadata: meta(&[("workspace", "ws_1")]),
            ..Default::default()
        };
        assert_eq!(params.to_form().encode(), "name=Team%20A&metadata[workspace]=ws_1");
    }

    #[test]
    fn off_session_payment_intent() {
        let params = PaymentIntentParams {
            amount_cents: 2000,
            currency: "usd".into(),
            customer: "cus_1".into(),
            payment_method: "pm_1".into(),
            confirm: true,
            off_session: true,
            metadata: meta(&[("purchase_id", "pur_1")]),
            description: None,
        };
        assert_eq!(
            params.to_form().encode(),
            "amount=2000&currency=usd&customer=cus_1&payment_method=pm_1\
             &payment_method_types[0]=card&confirm=true&off_session=true&metadata[purchase_id]=pur_1"
        );
        let unconfirmed = PaymentIntentParams { confirm: false, off_session: false, ..params };
        let body = unconfirmed.to_form().encode();
        assert!(!body.contains("confirm") && !body.contains("off_session"), "{body}");
    }

    #[test]
    fn checkout_session_line_item_and_metadata() {
        let params = CheckoutSessionParams {
            amount_cents: 2000,
            currency: "usd".into(),
            product_name: "2,000 credits".into(),
            customer: "cus_1".into(),
            success_url: "https://example.com/ok?s={CHECKOUT_SESSION_ID}".into(),
            cancel_url: "https://example.com/cancel".into(),
            metadata: meta(&[("purchase_id", "pur_1")]),
            payment_intent_metadata: meta(&[("purchase_id", "pur_1")]),
            setup_future_usage_off_session: true,
            expires_at: Some(1_700_000_000),
        };
        let body = params.to_form().encode();
        for expected in [
            "mode=payment",
            "customer=cus_1",
            "success_url=https%3A%2F%2Fexample.com%2Fok%3Fs%3D%7BCHECKOUT_SESSION_ID%7D",
            "line_items[0][price_data][currency]=usd",
            "line_items[0][price_data][unit_amount]=2000",
            "line_items[0][price_data][product_data][name]=2%2C000%20credits",
            "line_items[0][quantity]=1",
            "metadata[purchase_id]=pur_1",
            "payment_intent_data[metadata][purchase_id]=pur_1",
            "payment_intent_data[setup_future_usage]=off_session",
            "expires_at=1700000000",
        ] {
            assert!(body.split('&').any(|pair| pair == expected), "{expected} missing from {body}");
        }
    }
}
