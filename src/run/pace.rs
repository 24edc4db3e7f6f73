//! Hints that read the clock, one at a time and a tenth of a second apart, so that the names
//! they build from it never collide.

use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use super::Cancel;

/// The step of the clock that hints build "unique" names from: `Date.now()`, some cut to a tenth
/// of a second (the exercise tracker's `fcc_test_${Date.now()}`.substring(0, 29) keeps 11 of
/// its 13 digits). On the site each hint pays a round trip to a distant host; on loopback
/// several would run within one tenth and make the same name.
const CLOCK_SPACING: Duration = Duration::from_millis(100);

/// Whether hint code reads the clock.
pub(super) fn reads_the_clock(code: &str) -> bool {
    code.contains("Date.now") || code.contains("new Date") || code.contains("Date()")
}

/// Hints that read the clock run one at a time, across all jobs, each starting in a later tenth
/// of a second of the clock (`CLOCK_SPACING`, counted from the epoch as `Date.now()` is) than
/// the one in which the previous one ended: every clock reading of one then falls in a later
/// tenth than every reading of the one before, so even names cut to tenths differ, and
/// `Date.now()` stays true. A hint that ran for a while leaves only the rest of its last tenth
/// to wait; one that ends at once still waits nearly a whole tenth. The guard is held while the
/// hint runs; dropping it records when it ended. `clock` holds when the last such hint ended.
pub(super) fn pace<'a>(clock: &'a Mutex<SystemTime>, cancel: &Cancel) -> Paced<'a> {
    let last = clock.lock().unwrap_or_else(|e| e.into_inner());
    let wait = next_tenth(*last)
        .duration_since(SystemTime::now())
        .unwrap_or_default()
        // A clock set back while grading must not hold the run for as long.
        .min(CLOCK_SPACING);
    let ready = Instant::now() + wait;
    while Instant::now() < ready && !cancel.is_requested() {
        let left = ready.saturating_duration_since(Instant::now());
        std::thread::sleep(left.min(Duration::from_millis(20)));
    }
    Paced(last)
}

/// The start of the tenth of a second after the one `at` falls in.
fn next_tenth(at: SystemTime) -> SystemTime {
    let step = CLOCK_SPACING.as_millis();
    let millis = at
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_millis();
    let next = (millis / step + 1) * step;
    UNIX_EPOCH + Duration::from_millis(u64::try_from(next).unwrap_or(u64::MAX))
}

/// Holds the clock for one hint; see [`pace`].
pub(super) struct Paced<'a>(std::sync::MutexGuard<'a, SystemTime>);

impl Drop for Paced<'_> {
    fn drop(&mut self) {
        *self.0 = SystemTime::now();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_tenth_starts_after_the_one_a_time_falls_in() {
        let at = |ms| UNIX_EPOCH + Duration::from_millis(ms);
        assert_eq!(next_tenth(at(1_700_000_001_234)), at(1_700_000_001_300));
        // A time on a boundary is in the tenth it opens.
        assert_eq!(next_tenth(at(1_700_000_001_300)), at(1_700_000_001_400));
        assert_eq!(next_tenth(at(1_700_000_001_399)), at(1_700_000_001_400));
    }
}
