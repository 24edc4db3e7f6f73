//! At most a few hints at once against one host, across every run that shares the gate.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use super::graded_origin;

/// At most `limit` hints at once against one host (its scheme, name and port), however many
/// runs share the gate: a class graded in parallel must not flood the app of two learners who
/// share a server.
#[derive(Debug)]
pub struct HostGate {
    limit: usize,
    busy: std::sync::Mutex<std::collections::HashMap<String, usize>>,
    freed: std::sync::Condvar,
    /// The most hints ever at once against one host.
    highest: AtomicUsize,
}

/// A place taken at a host; dropping it gives the place back.
pub struct Admitted<'a> {
    gate: &'a HostGate,
    host: String,
}

impl HostGate {
    pub fn new(limit: usize) -> HostGate {
        HostGate {
            limit: limit.max(1),
            busy: std::sync::Mutex::default(),
            freed: std::sync::Condvar::new(),
            highest: AtomicUsize::new(0),
        }
    }

    /// The key of `url`'s host, as the gate counts.
    pub fn host_of(url: &str) -> String {
        match graded_origin(url) {
            Ok(origin) => format!(
                "{}://{}:{}",
                origin.scheme.as_deref().unwrap_or(""),
                origin.host,
                origin.port.unwrap_or(0)
            ),
            Err(_) => url.to_string(),
        }
    }

    /// Waits for a place at `host`; `None` when `stop()` turns true first.
    pub fn enter(&self, host: &str, stop: &dyn Fn() -> bool) -> Option<Admitted<'_>> {
        let mut busy = self.busy.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if stop() {
                return None;
            }
            let taken = busy.entry(host.to_string()).or_default();
            if *taken < self.limit {
                *taken += 1;
                self.highest.fetch_max(*taken, Ordering::SeqCst);
                return Some(Admitted {
                    gate: self,
                    host: host.to_string(),
                });
            }
            busy = self
                .freed
                .wait_timeout(busy, Duration::from_millis(50))
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    /// The most hints that were ever at once against one host.
    pub fn highest(&self) -> usize {
        self.highest.load(Ordering::SeqCst)
    }
}

impl Drop for Admitted<'_> {
    fn drop(&mut self) {
        let mut busy = self.gate.busy.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(taken) = busy.get_mut(&self.host) {
            *taken = taken.saturating_sub(1);
            if *taken == 0 {
                busy.remove(&self.host);
            }
        }
        self.gate.freed.notify_all();
    }
}
