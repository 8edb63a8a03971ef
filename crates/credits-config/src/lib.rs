//! credits-config
