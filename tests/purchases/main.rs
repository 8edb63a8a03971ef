//! Purchases end to end: the real binary and daemon against a real Stripe emulator (localstripe
//! from PyPI, with the Checkout Sessions extension of tests/stripe_emulator/) and real signed
//! webhooks. None of these tests is skipped, with or without `CI`.

#[path = "../common/mod.rs"]
mod common;

mod card;
mod checkout;
mod ensure;
mod limits;
mod reconcile;
mod rest;
mod support;
#[cfg(unix)]
mod tty;
mod webhooks;
