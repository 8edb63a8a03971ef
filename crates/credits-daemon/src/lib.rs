//! credits-daemon
