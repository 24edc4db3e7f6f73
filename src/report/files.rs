//! The files a command writes, and its stdout: every report file claimed once when the command
//! line is read (no two flags may write one file, compared as the files they are, not as they
//! were typed), checked to be writable before any work, and created and written one way; stdout
//! written through one writer that ends quietly when its reader goes away.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::Checked;

/// A report file a command can write, named after its flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFile {
    Csv,
    Html,
    Json,
    Junit,
    /// Canvas's gradebook import.
    Canvas,
    /// Moodle's CSV grade import.
    Moodle,
    /// The lab's list of accepted findings.
    Accept,
}

impl ReportFile {
    pub fn flag(self) -> &'static str {
        match self {
            ReportFile::Csv => "--report-csv",
            ReportFile::Html => "--report-html",
            ReportFile::Json => "--report-json",
            ReportFile::Junit => "--report-junit",
            ReportFile::Canvas => "--report-canvas",
            ReportFile::Moodle => "--report-moodle",
            ReportFile::Accept => "--write-accept",
        }
    }
}

/// A report file, open for writing.
pub type FileOut = io::BufWriter<std::fs::File>;

/// Every report file one command writes.
#[derive(Debug, Clone, Default)]
pub struct Reports {
    files: Vec<(ReportFile, PathBuf)>,
}

impl Reports {
    /// Claims the files given, in the order given: two flags naming one file are refused.
    pub fn claim(
        given: impl IntoIterator<Item = (ReportFile, Option<PathBuf>)>,
    ) -> Result<Reports, String> {
        let mut files: Vec<(ReportFile, PathBuf)> = Vec::new();
        for (kind, path) in given {
            let Some(path) = path else { continue };
            if let Some((earlier, _)) = files.iter().find(|(_, p)| same_file(p, &path)) {
                return Err(format!(
                    "{} and {} both write `{}`; give each its own file",
                    earlier.flag(),
                    kind.flag(),
                    path.display()
                ));
            }
            files.push((kind, path));
        }
        Ok(Reports { files })
    }

    /// Refuses a report that would overwrite `path`, a file the command also uses (`what` says
    /// which, for the message).
    pub fn spare(self, what: &str, path: &Path) -> Result<Reports, String> {
        match self.files.iter().find(|(_, p)| same_file(p, path)) {
            Some((kind, report)) => Err(format!(
                "{} would overwrite `{}`, {what}; give the report its own file",
                kind.flag(),
                report.display()
            )),
            None => Ok(self),
        }
    }

    /// The file claimed for `kind`, if one was.
    pub fn path(&self, kind: ReportFile) -> Option<&Path> {
        self.files
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, p)| p.as_path())
    }

    /// Every file claimed, which `--watch` must not take for the learner's changes.
    pub fn paths(&self) -> impl Iterator<Item = &Path> {
        self.files.iter().map(|(_, p)| p.as_path())
    }

    pub fn any(&self) -> bool {
        !self.files.is_empty()
    }

    /// Opens each file for writing as the report will; a regular file also takes a byte, then
    /// is emptied again, which a file that only pretends to take writes (in /proc) refuses. Run
    /// before any work, so a bad path is found before grading, not after.
    pub fn check_writable(&self) -> Result<(), String> {
        for (_, path) in &self.files {
            let fail = |e: io::Error| cannot_write(path, &e.to_string());
            let mut file = std::fs::File::create(path).map_err(fail)?;
            if file.metadata().is_ok_and(|m| m.is_file()) {
                file.write_all(b"\n")
                    .and_then(|()| file.flush())
                    .map_err(fail)?;
                file.set_len(0).map_err(fail)?;
            }
        }
        Ok(())
    }

    /// Creates the file claimed for `kind`, if one was, for a report written as events come;
    /// with its path, for the messages.
    pub fn create(&self, kind: ReportFile) -> Result<Option<(FileOut, &Path)>, String> {
        let Some(path) = self.path(kind) else {
            return Ok(None);
        };
        std::fs::File::create(path)
            .map(|file| Some((io::BufWriter::new(file), path)))
            .map_err(|e| cannot_write(path, &e.to_string()))
    }

    /// Writes the whole file claimed for `kind`, if one was.
    pub fn write(
        &self,
        kind: ReportFile,
        write: impl FnOnce(&mut dyn Write) -> Result<(), String>,
    ) -> Result<(), String> {
        let Some((mut out, path)) = self.create(kind)? else {
            return Ok(());
        };
        write(&mut out)
            .and_then(|()| out.flush().map_err(|e| e.to_string()))
            .map_err(|e| cannot_write(path, &e))
    }
}

fn cannot_write(path: &Path, why: &str) -> String {
    format!("cannot write the report `{}`: {why}", path.display())
}

/// Whether two paths name one file: as typed, or once resolved (a file not made yet by its
/// folder, resolved, and its name).
fn same_file(a: &Path, b: &Path) -> bool {
    a == b || resolved(a).is_some_and(|a| resolved(b).is_some_and(|b| a == b))
}

fn resolved(path: &Path) -> Option<PathBuf> {
    if let Ok(found) = path.canonicalize() {
        return Some(found);
    }
    let name = path.file_name()?;
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.canonicalize().ok()?,
        _ => std::env::current_dir().ok()?.canonicalize().ok()?,
    };
    Some(folder.join(name))
}

/// Writes to stdout through `write` and says whether it worked. A reader that went away early
/// (`| head`) is not an error: the output ends quietly.
pub fn to_stdout(write: impl FnOnce(&mut dyn Write) -> Result<(), String>) -> Result<(), String> {
    let mut out = stdout();
    write(&mut out)?;
    finish(out)
}

/// The one writer for stdout: it keeps its first error, and takes a reader that went away for
/// the end of the output, not an error.
pub fn stdout() -> Checked<io::Stdout> {
    Checked::new(io::stdout(), "stdout")
}

/// Flushes `out` and says what was lost, if anything was.
pub fn finish<W: Write>(mut out: Checked<W>) -> Result<(), String> {
    let _ = out.flush();
    match out.error() {
        Some(error) => Err(error),
        None => Ok(()),
    }
}
