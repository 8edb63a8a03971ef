//! credits-proto
