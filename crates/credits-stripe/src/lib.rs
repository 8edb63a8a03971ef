//! credits-stripe
