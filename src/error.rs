//! The exit codes and the one error type every command returns: each kind of error carries the
//! exit code it ends the program with, so an internal failure cannot read as the user's mistake.

/// The process exit codes; documented in `--help`, README.md and ARCHITECTURE.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Exit {
    Passed = 0,
    Failed = 1,
    /// A usage or input error, or an output that could not be written.
    InputError = 2,
    /// The app did not start or did not answer.
    AppUnavailable = 3,
    /// `grade` itself could not work: a hint worker that cannot start, a broken install.
    Internal = 4,
    Interrupted = 130,
}

/// Why a command could not finish; the message is said on stderr, and the kind decides the exit
/// code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// A bad flag, file or value, or an output that could not be written: the user can fix it.
    Input(String),
    /// The app to grade did not start or did not answer.
    AppUnavailable(String),
    /// Something the user cannot fix by changing what they typed: a hint worker that cannot
    /// start, a signal handler that cannot be installed.
    Internal(String),
    /// Ctrl-C or SIGTERM stopped the work before it ended.
    Interrupted,
}

impl Error {
    /// The exit code this error ends the program with.
    pub fn exit(&self) -> Exit {
        match self {
            Error::Input(_) => Exit::InputError,
            Error::AppUnavailable(_) => Exit::AppUnavailable,
            Error::Internal(_) => Exit::Internal,
            Error::Interrupted => Exit::Interrupted,
        }
    }

    /// What is said on stderr; nothing for an interruption, which the output already shows.
    pub fn message(&self) -> &str {
        match self {
            Error::Input(message) | Error::AppUnavailable(message) | Error::Internal(message) => {
                message
            }
            Error::Interrupted => "",
        }
    }
}

/// Most messages are about what the user gave; the few that are not say so by their variant.
impl From<String> for Error {
    fn from(message: String) -> Error {
        Error::Input(message)
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.message())
    }
}
