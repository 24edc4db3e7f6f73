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

pub fn run(source: &Source, json: bool, freecodecamp: bool) -> Result<Exit, Error> {
    report::set_color(source.color);
    if freecodecamp {
        let known: Vec<_> = crate::curriculum::names::known().collect();
        report::to_stdout(|out| {
            report::render_curriculum_names(out, &known, json);
            Ok(())
        })?;
        return Ok(Exit::Passed);
    }
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
    if !json && source.challenges.is_none() {
        report::say(&report::dimmed(
            "these are grade's own demo challenges; freeCodeCamp's back-end challenges are graded by name too: `grade list --freecodecamp`",
        ));
    }
    Ok(if problems.is_empty() {
        Exit::Passed
    } else {
        Exit::InputError
    })
}
