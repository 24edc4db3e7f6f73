//! `grade validate PATH...`: the maintainers' checks of challenge files and translations.

use std::io;

use crate::cli::Exit;
use crate::cli::ValidateRequest;
use crate::error::Error;
use crate::report;
use crate::validate;

pub fn run(request: &ValidateRequest) -> Result<Exit, Error> {
    report::set_color(request.color);
    if request.list_rules {
        report::to_stdout(|out| {
            report::render_rules(out);
            Ok(())
        })?;
        return Ok(Exit::Passed);
    }
    let options = validate::Options {
        jobs: request.jobs,
        levels: request.levels.clone(),
        deny_warnings: request.deny_warnings,
        changed_since: request.changed_since.clone(),
    };
    let mut out = report::stdout();
    let mut log = io::stderr();
    let mut reporter = report::ValidationReport::new(
        request.format,
        &mut out,
        &mut log,
        request.list_untranslated,
    );
    let summary = validate::validate(&request.paths, &options, &mut |event| reporter.event(event))?;
    if summary.files == 0 && request.changed_since.is_none() {
        let places: Vec<String> = request
            .paths
            .iter()
            .map(|p| format!("`{}`", p.display()))
            .collect();
        return Err(format!("no challenge files in {}", places.join(", ")).into());
    }
    reporter.finish(&summary);
    report::finish(out)?;
    Ok(if summary.errors > 0 {
        Exit::Failed
    } else {
        Exit::Passed
    })
}
