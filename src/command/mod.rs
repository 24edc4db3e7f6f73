//! One room per subcommand: each file turns one request from the command line into work for
//! the stages and an exit code. What several commands share (writing to stdout, the labels of
//! messages, reading the catalog and the selection) is here.

pub mod batch;
pub mod grade;
pub mod lab;
pub mod list;
pub mod merge;
pub mod pull;
pub mod selection;
pub mod show;
pub mod validate;
pub mod watch;

use std::io::{self, Write};
use std::path::Path;

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

/// Opens a report file for writing as the report will; a regular file also takes a byte, then
/// is emptied again, which a file that only pretends to take writes (in /proc) refuses.
pub fn writable(path: &Path) -> Result<(), String> {
    use std::io::Write as _;
    let fail = |e: io::Error| format!("cannot write the report `{}`: {e}", path.display());
    let mut file = std::fs::File::create(path).map_err(fail)?;
    if file.metadata().is_ok_and(|m| m.is_file()) {
        file.write_all(b"\n")
            .and_then(|()| file.flush())
            .map_err(fail)?;
        file.set_len(0).map_err(fail)?;
    }
    Ok(())
}
