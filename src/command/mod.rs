//! One room per subcommand: each file turns one request from the command line into work for
//! the stages and an exit code. What several commands share (writing to stdout, the labels of
//! messages, reading the catalog and the selection) is here.

pub mod batch;
pub mod grade;
pub mod list;
pub mod merge;
pub mod selection;
pub mod show;
pub mod validate;
pub mod watch;

use std::io::{self, Write};

use crate::report::Checked;

/// Writes to stdout and says whether it worked. A reader that went away early (`| head`) is
/// not an error for a listing or a page.
pub fn to_stdout(write: impl FnOnce(&mut dyn Write) -> Result<(), String>) -> Result<(), String> {
    let mut out = Checked::new(io::stdout(), "stdout");
    write(&mut out)?;
    let _ = out.flush();
    match out.error() {
        Some(error) if !error.contains("Broken pipe") => Err(error),
        _ => Ok(()),
    }
}
