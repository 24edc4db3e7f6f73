//! `grade list`: the challenges of the catalog.

use std::io;

use super::selection::catalog_for;
use crate::catalog::Catalog;
use crate::cli::Exit;
use crate::cli::Source;
use crate::error::Error;
use crate::{diagnostic, report};

/// The diagnostics with errors among every version of every entry.
fn broken(catalog: &Catalog) -> Vec<diagnostic::Diagnostic> {
    catalog
        .entries
        .iter()
        .flat_map(|e| &e.versions)
        .flat_map(|v| {
            v.parsed
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .cloned()
        })
        .collect()
}

pub fn run(source: &Source, json: bool) -> Result<Exit, Error> {
    report::set_color(source.color);
    let catalog = catalog_for(source)?;
    let problems = broken(&catalog);
    report::to_stdout(|out| {
        if json {
            report::render_list_json(out, &catalog, source.language);
        } else {
            report::render_list(out, &catalog, source.language);
        }
        Ok(())
    })?;
    report::render_diagnostics(&mut io::stderr(), &problems);
    Ok(if problems.is_empty() {
        Exit::Passed
    } else {
        Exit::InputError
    })
}
