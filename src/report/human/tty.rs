//! While a progress bar runs on the terminal, Ctrl-C is not echoed as `^C`: the echo lands in
//! the middle of the bar's line, and the bar can then no longer clear itself.

/// The terminal's settings before, restored when dropped.
pub struct QuietInterrupts {
    #[cfg(unix)]
    saved: Option<libc::termios>,
}

impl QuietInterrupts {
    /// Turns off the echo of control characters on stderr's terminal, if it is one.
    pub fn new() -> QuietInterrupts {
        #[cfg(unix)]
        {
            // SAFETY: tcgetattr fills the zeroed termios for a descriptor we only query and set.
            unsafe {
                let mut settings: libc::termios = std::mem::zeroed();
                if libc::isatty(2) == 1 && libc::tcgetattr(2, &mut settings) == 0 {
                    let saved = settings;
                    settings.c_lflag &= !libc::ECHOCTL;
                    if libc::tcsetattr(2, libc::TCSANOW, &settings) == 0 {
                        return QuietInterrupts { saved: Some(saved) };
                    }
                }
            }
            QuietInterrupts { saved: None }
        }
        #[cfg(not(unix))]
        QuietInterrupts {}
    }
}

impl Drop for QuietInterrupts {
    fn drop(&mut self) {
        #[cfg(unix)]
        if let Some(saved) = &self.saved {
            // SAFETY: restoring the settings read from the same descriptor.
            unsafe {
                libc::tcsetattr(2, libc::TCSANOW, saved);
            }
        }
    }
}
