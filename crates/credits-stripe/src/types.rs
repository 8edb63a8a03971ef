//! The Stripe objects studio-credits reads, deserialized leniently.
//!
//! Only the fields we use are declared; unknown fields are ignored and anything Stripe (or the
//! emulator) may leave out or send as `null` is an `Option` or defaults, so a new Stripe API
//! version or a sparse emulator answer does not break decoding.

use std::collections::HashMap;

use serde::{Deserialize, Deserializer, Serialize};

use crate::StripeError;

/// Metadata as Stripe returns it: string keys to string values.
pub type Metadata = HashMap<String, String>;

/// Anything that carries a Stripe id.
pub trait HasId {
    /// The object's Stripe id (`pi_…`, `cus_…`).
    fn id(&self) -> &str;
}

/// A field Stripe returns either as an id or, when expanded, as the whole object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Expandable<T> {
    Id(String),
    Object(Box<T>),
}

impl<T: HasId> Expandable<T> {
    /// The referenced object's id, whichever form Stripe sent.
    pub fn id(&self) -> &str {
        match self {
            Self::Id(id) => id,
            Self::Object(object) => object.id(),
        }
    }

    /// The object, when Stripe expanded it.
    pub fn as_object(&self) -> Option<&T> {
        match self {
            Self::Id(_) => None,
            Self::Object(object) => Some(object),
        }
    }
}

/// Treats an explicit `null` like an absent field (Stripe sends `"metadata": null` in places).
fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// Declares a string enum whose unknown values land in `Other` instead of failing to decode.
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(from = "String", into = "String")]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A value this version does not know.
            Other(String),
        }

        impl $name {
            /// The value as Stripe spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $text,)+
                    Self::Other(other) => other,
                }
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    $($text => Self::$variant,)+
                    _ => Self::Other(value),
                }
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> Self {
                value.as_str().to_owned()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

string_enum! {
    /// Where a PaymentIntent is in its lifecycle.
    PaymentIntentStatus {
        RequiresPaymentMethod => "requires_payment_method",
        RequiresConfirmation => "requires_confirmation",
        RequiresAction => "requires_action",
        Processing => "processing",
        RequiresCapture => "requires_capture",
        Canceled => "canceled",
        Succeeded => "succeeded",
    }
}

string_enum! {
    /// Whether a Checkout Session is still usable.
    CheckoutSessionStatus {
        Open => "open",
        Complete => "complete",
        Expired => "expired",
    }
}

string_enum! {
    /// Whether a Checkout Session's payment has been collected.
    CheckoutPaymentStatus {
        Paid => "paid",
        Unpaid => "unpaid",
        NoPaymentRequired => "no_payment_required",
    }
}

/// A Stripe customer (`cus_…`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Customer {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub metadata: Metadata,
    #[serde(default)]
    pub invoice_settings: Option<InvoiceSettings>,
    /// True for a deleted customer, which Stripe still returns by id.
    #[serde(default, deserialize_with = "null_as_default")]
    pub deleted: bool,
    #[serde(default)]
    pub created: Option<i64>,
}

impl Customer {
    /// The id of the customer's default payment method for invoices and off-session charges.
    pub fn default_payment_method_id(&self) -> Option<&str> {
        self.invoice_settings.as_ref().and_then(|s| s.default_payment_method.as_ref()).map(Expandable::id)
    }
}

/// The customer's invoice settings; only the default payment method matters to us.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct InvoiceSettings {
    #[serde(default)]
    pub default_payment_method: Option<Expandable<PaymentMethod>>,
}

/// A payment method (`pm_…`), typically a card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PaymentMethod {
    pub id: String,
    /// `card`, `sepa_debit`, …
    #[serde(rename = "type", default, deserialize_with = "null_as_default")]
    pub type_: String,
    #[serde(default)]
    pub card: Option<Card>,
    #[serde(default)]
    pub customer: Option<Expandable<Customer>>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub metadata: Metadata,
    #[serde(default)]
    pub created: Option<i64>,
}

/// The displayable parts of a card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Card {
    #[serde(default)]
    pub brand: Option<String>,
    #[serde(default)]
    pub last4: Option<String>,
    #[serde(default)]
    pub exp_month: Option<u32>,
    #[serde(default)]
    pub exp_year: Option<u32>,
    #[serde(default)]
    pub funding: Option<String>,
}

/// A PaymentIntent (`pi_…`): one attempt to collect an amount.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PaymentIntent {
    pub id: String,
    /// In the currency's smallest unit (cents).
    pub amount: i64,
    pub currency: String,
    pub status: PaymentIntentStatus,
    #[serde(default, deserialize_with = "null_as_default")]
    pub metadata: Metadata,
    #[serde(default)]
    pub last_payment_error: Option<PaymentError>,
    #[serde(default)]
    pub customer: Option<Expandable<Customer>>,
    #[serde(default)]
    pub payment_method: Option<Expandable<PaymentMethod>>,
    #[serde(default)]
    pub latest_charge: Option<Expandable<Charge>>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub created: Option<i64>,
}

impl PaymentIntent {
    /// Cents refunded of its latest charge, when Stripe expanded the charge (0 otherwise); the
    /// whole amount for a charge marked `refunded`.
    pub fn amount_refunded(&self) -> i64 {
        match self.latest_charge.as_ref().and_then(Expandable::as_object) {
            Some(charge) if charge.refunded == Some(true) => self.amount,
            Some(charge) => charge.amount_refunded.unwrap_or(0).clamp(0, self.amount),
            None => 0,
        }
    }

    /// For a PaymentIntent confirmed off-session, the error its state stands for: a card that
    /// needs authentication (`requires_action`, or a last error coded `authentication_required`)
    /// or a decline (`requires_payment_method` after a failed attempt). `None` otherwise.
    pub fn failure(&self) -> Option<StripeError> {
        let last = self.last_payment_error.as_ref();
        let message =
            || last.and_then(|e| e.message.clone()).unwrap_or_else(|| "the payment was not completed".to_owned());
        let needs_auth = last.is_some_and(|e| {
            e.code.as_deref() == Some("authentication_required")
                || e.decline_code.as_deref() == Some("authentication_required")
        });
        match self.status {
            PaymentIntentStatus::RequiresAction => Some(StripeError::AuthenticationRequired {
                message: "the card requires authentication (3-D Secure) to complete this charge".to_owned(),
            }),
            PaymentIntentStatus::RequiresPaymentMethod if needs_auth => {
                Some(StripeError::AuthenticationRequired { message: message() })
            }
            // Any recorded failure ends an off-session charge the way a decline does; the code
            // falls back to the error type when Stripe gives none.
            PaymentIntentStatus::RequiresPaymentMethod => last.map(|e| StripeError::CardDeclined {
                code: e.code.clone().or_else(|| e.type_.clone()).unwrap_or_else(|| "card_declined".to_owned()),
                decline_code: e.decline_code.clone(),
                message: message(),
            }),
            _ => None,
        }
    }
}

/// Why the last payment attempt failed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PaymentError {
    #[serde(rename = "type", default)]
    pub type_: Option<String>,
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub decline_code: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
}

/// A charge (`ch_…`), the money movement behind a PaymentIntent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Charge {
    pub id: String,
    #[serde(default)]
    pub amount: Option<i64>,
    #[serde(default)]
    pub currency: Option<String>,
    /// `succeeded`, `pending` or `failed`.
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub paid: Option<bool>,
    #[serde(default)]
    pub failure_code: Option<String>,
    #[serde(default)]
    pub failure_message: Option<String>,
    /// Cents refunded so far, and whether the whole charge was.
    #[serde(default)]
    pub amount_refunded: Option<i64>,
    #[serde(default)]
    pub refunded: Option<bool>,
    #[serde(default)]
    pub payment_intent: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub metadata: Metadata,
    #[serde(default)]
    pub created: Option<i64>,
}

/// A hosted Checkout Session (`cs_…`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckoutSession {
    pub id: String,
    /// Where to send the buyer; absent once the session is complete or expired.
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub status: Option<CheckoutSessionStatus>,
    #[serde(default)]
    pub payment_status: Option<CheckoutPaymentStatus>,
    #[serde(default)]
    pub payment_intent: Option<Expandable<PaymentIntent>>,
    #[serde(default)]
    pub customer: Option<Expandable<Customer>>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub metadata: Metadata,
    #[serde(default)]
    pub amount_total: Option<i64>,
    #[serde(default)]
    pub currency: Option<String>,
    #[serde(default)]
    pub expires_at: Option<i64>,
    #[serde(default)]
    pub created: Option<i64>,
}

impl CheckoutSession {
    /// Whether the buyer has paid (funds are collected, not merely authorized).
    pub fn is_paid(&self) -> bool {
        self.payment_status == Some(CheckoutPaymentStatus::Paid)
    }

    /// Whether the session expired and can no longer be paid.
    pub fn is_expired(&self) -> bool {
        self.status == Some(CheckoutSessionStatus::Expired)
    }
}

/// A webhook event (`evt_…`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub id: String,
    /// `checkout.session.completed`, `payment_intent.succeeded`, …
    #[serde(rename = "type")]
    pub type_: String,
    #[serde(default)]
    pub created: i64,
    #[serde(default)]
    pub livemode: bool,
    pub data: EventData,
}

/// The object an event is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventData {
    pub object: serde_json::Value,
}

impl Event {
    /// The `object` name of `data.object` (`payment_intent`, `checkout.session`), if any.
    pub fn object_type(&self) -> Option<&str> {
        self.data.object.get("object").and_then(serde_json::Value::as_str)
    }

    /// `data.object` as a PaymentIntent; a `Decode` error if it is something else.
    pub fn payment_intent(&self) -> Result<PaymentIntent, StripeError> {
        self.decode_object("payment_intent")
    }

    /// `data.object` as a Checkout Session; a `Decode` error if it is something else.
    pub fn checkout_session(&self) -> Result<CheckoutSession, StripeError> {
        self.decode_object("checkout.session")
    }

    fn decode_object<T: serde::de::DeserializeOwned>(&self, expected: &str) -> Result<T, StripeError> {
        // An object without an `object` name is decoded on trust: the emulator may omit it.
        if let Some(actual) = self.object_type().filter(|actual| *actual != expected) {
            return Err(StripeError::Decode(format!("event {} carries a {actual}, not a {expected}", self.id)));
        }
        serde_json::from_value(self.data.object.clone())
            .map_err(|e| StripeError::Decode(format!("event {} {expected}: {e}", self.id)))
    }
}

/// One page of a Stripe list.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
pub struct List<T> {
    #[serde(default)]
    pub data: Vec<T>,
    #[serde(default)]
    pub has_more: bool,
}

macro_rules! has_id {
    ($($ty:ty),+) => {$(
        impl HasId for $ty {
            fn id(&self) -> &str {
                &self.id
            }
        }
    )+};
}
has_id!(Customer, PaymentMethod, PaymentIntent, Charge, CheckoutSession, Event);

/// Objects whose metadata can be searched on our side.
pub(crate) trait HasMetadata: HasId {
    fn metadata(&self) -> &Metadata;
}

impl HasMetadata for PaymentIntent {
    fn metadata(&self) -> &Metadata {
        &self.metadata
    }
}

impl HasMetadata for CheckoutSession {
    fn metadata(&self) -> &Metadata {
        &self.metadata
    }
}
