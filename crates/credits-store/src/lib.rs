//! credits-store
