//! The few styles the commands use around the reporters' output, so that only this folder knows
//! how colors are made.

use colored::Colorize;

/// `error`, the start of a message about something that went wrong.
pub fn error_label() -> String {
    "error".red().bold().to_string()
}

/// `warning`, the start of a message about something left out or doubtful.
pub fn warning_label() -> String {
    "warning".yellow().bold().to_string()
}

/// `help`, the start of a line that says what to do.
pub fn help_label() -> String {
    "help".cyan().to_string()
}

/// A line that stands out: a summary.
pub fn bold(text: &str) -> String {
    text.bold().to_string()
}

/// A line that stays in the background: what grade is doing.
pub fn dimmed(text: &str) -> String {
    text.dimmed().to_string()
}

/// A heading between rounds.
pub fn heading(text: &str) -> String {
    text.cyan().bold().to_string()
}
