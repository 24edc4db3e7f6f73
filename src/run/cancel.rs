//! Stopping a run on Ctrl-C or SIGTERM: the signal sets a flag that the engine's interrupt handler,
//! the runner and the wait for an app all watch, so even a hint spinning in a loop stops at once
//! and an app started with `--start` is still stopped. The only user of signal-hook.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use crate::error::Error;

pub struct Cancel {
    flag: Arc<AtomicBool>,
}

/// The handlers are registered once per process, however many runs it makes.
static FLAG: OnceLock<Result<Arc<AtomicBool>, String>> = OnceLock::new();

impl Cancel {
    pub fn install() -> Result<Cancel, Error> {
        let flag = FLAG
            .get_or_init(register)
            .clone()
            .map_err(Error::Internal)?;
        Ok(Cancel { flag })
    }

    pub fn flag(&self) -> Arc<AtomicBool> {
        self.flag.clone()
    }

    pub fn is_requested(&self) -> bool {
        self.flag.load(Ordering::SeqCst)
    }

    /// Completes once a stop was requested; checked often enough for a person not to wait.
    pub async fn requested(&self) {
        while !self.is_requested() {
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }
}

fn register() -> Result<Arc<AtomicBool>, String> {
    let flag = Arc::new(AtomicBool::new(false));
    #[cfg(unix)]
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        signal_hook::flag::register(signal, flag.clone())
            .map_err(|e| format!("could not watch for Ctrl-C: {e}"))?;
    }
    Ok(flag)
}
