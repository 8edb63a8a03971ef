//! The billing page end to end: its routes over HTTP against the real daemon, and a real browser
//! (headless Chromium through chromedriver) paying on the Stripe emulator's checkout page.

#[path = "../common/mod.rs"]
mod common;
#[path = "../purchases/support.rs"]
#[allow(dead_code)]
mod support;

mod browser;
mod routes;
