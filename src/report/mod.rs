//! Renders run events. One file per format; the runner never prints, these do.

mod human;
mod json;

pub use human::{render_challenge, render_diagnostics, render_list, Human};
pub use json::Json;

use crate::plan::Plan;
use crate::run::Event;

/// The output formats of `grade`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
}

/// Receives a run's events in order and renders them.
pub trait Reporter {
    fn event(&mut self, plan: &Plan, event: &Event);
}

/// Whether colors are used, decided once for the whole program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Settles colors from the flag, `NO_COLOR` and whether stderr is a terminal.
pub fn set_color(choice: ColorChoice) {
    use std::io::IsTerminal;
    let enabled = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stderr().is_terminal()
        }
    };
    colored::control::set_override(enabled);
}
