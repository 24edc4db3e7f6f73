//! `grade show CHALLENGE`: one challenge's description and hints, its file, or one hint's code.

use std::io;
use std::path::Path;

use super::selection::{catalog_naming, looks_like_path};
use crate::catalog::{self, Catalog};
use crate::cli::Exit;
use crate::cli::{ShowPart, Source};
use crate::error::Error;
use crate::report;

pub fn run(source: &Source, challenge: &str, part: ShowPart) -> Result<Exit, Error> {
    report::set_color(source.color);
    let path = Path::new(challenge);
    let catalog = if path.exists() {
        if path.is_dir() {
            return Err(
                format!("`{challenge}` is a folder; `grade show` shows one challenge").into(),
            );
        }
        Catalog::load(&[challenge.into()])
    } else if looks_like_path(challenge) && !crate::curriculum::names::is_page_url(challenge) {
        return Err(format!("no such file or folder: `{challenge}`").into());
    } else {
        catalog_naming(challenge, source)?
    };
    let entry = if path.exists() {
        catalog.entries.first()
    } else {
        catalog
            .lookup(challenge)
            .into_iter()
            .next()
            .or_else(|| catalog.entries.first())
    }
    .ok_or_else(|| format!("no challenge has the id or dashedName `{challenge}`\nhelp: `grade list` shows the challenges there are"))?;
    let version = entry.version(source.language);
    let diagnostics = &version.parsed.diagnostics;
    match part {
        ShowPart::Text => {
            report::to_stdout(|out| {
                report::render_challenge(out, entry, source.language);
                Ok(())
            })?;
        }
        ShowPart::Source => {
            let text = if version.builtin {
                catalog::builtin_source(&version.parsed.challenge.path)
                    .unwrap_or_default()
                    .to_string()
            } else {
                std::fs::read_to_string(&version.parsed.challenge.path).map_err(|e| {
                    format!(
                        "could not read `{}`: {e}",
                        version.parsed.challenge.path.display()
                    )
                })?
            };
            report::to_stdout(|out| {
                out.write_all(text.as_bytes())
                    .map_err(|e| format!("could not write stdout: {e}"))
            })?;
        }
        ShowPart::Code(number) => {
            let hints = &version.parsed.challenge.hints;
            let hint = hints.get(number - 1).ok_or_else(|| {
                format!(
                    "`{}` has {}; there is no hint {number}",
                    entry.dashed_name(),
                    report::english_count(hints.len(), "hint", "hints")
                )
            })?;
            report::to_stdout(|out| {
                writeln!(out, "{}", hint.code).map_err(|e| format!("could not write stdout: {e}"))
            })?;
        }
    }
    report::render_diagnostics(&mut io::stderr(), diagnostics);
    Ok(if diagnostics.iter().any(|d| d.is_error()) {
        Exit::InputError
    } else {
        Exit::Passed
    })
}
