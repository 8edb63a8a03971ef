//! Stripe for studio-credits: a small typed API client (customers, payment methods,
//! PaymentIntents, Checkout Sessions) with idempotent retries, and webhook signature
//! verification. Never prints, never reads the environment, never logs the secret key.

mod client;
mod error;
pub mod form;
mod params;
mod retry;
mod secret;
mod types;
pub mod webhook;

#[cfg(test)]
mod fixture_tests;

pub use client::{DEFAULT_API_BASE, StripeClient};
pub use error::StripeError;
pub use params::{CheckoutSessionParams, CustomerParams, PaymentIntentParams};
pub use retry::RetryPolicy;
pub use secret::SecretKey;
pub use types::{
    Card, Charge, CheckoutPaymentStatus, CheckoutSession, CheckoutSessionStatus, Customer, Event, EventData,
    Expandable, HasId, InvoiceSettings, List, Metadata, PaymentError, PaymentIntent, PaymentIntentStatus,
    PaymentMethod,
};
pub use webhook::WebhookError;
