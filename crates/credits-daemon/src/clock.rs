//! The daemon's clock. Tests start it at a chosen instant (`STUDIO_CREDITS_FAKE_NOW`) and it runs
//! on at real speed from there, so month boundaries are crossed for real.

use jiff::{SignedDuration, Timestamp};

/// Wall-clock time shifted by a fixed offset.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    offset: SignedDuration,
}

impl Clock {
    /// The real clock.
    pub fn real() -> Clock {
        Clock { offset: SignedDuration::ZERO }
    }

    /// A clock that reads `start` now and advances in real time.
    pub fn starting_at(start: Timestamp) -> Clock {
        Clock { offset: start.duration_since(Timestamp::now()) }
    }

    pub fn now(&self) -> Timestamp {
        Timestamp::now().checked_add(self.offset).unwrap_or(Timestamp::MAX)
    }

    /// Real time left until the clock reads `at` (zero if already past).
    pub fn until(&self, at: Timestamp) -> std::time::Duration {
        let d = at.duration_since(self.now());
        std::time::Duration::try_from(d).unwrap_or_default()
    }

    pub fn is_fake(&self) -> bool {
        !self.offset.is_zero()
    }
}
