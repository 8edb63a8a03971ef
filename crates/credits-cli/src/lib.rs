//! credits-cli
