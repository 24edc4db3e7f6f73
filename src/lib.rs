//! grader: grades a learner's deployed web app against course challenges.
//!
//! The pipeline, one module per stage:
//! markdown files --[`parse`]--> [`challenge::Challenge`]s --[`catalog`]--> entries by id and
//! language --[`plan`]--> a [`plan::Plan`] --[`run`]--> [`run::Event`]s --[`mistakes`]--> the same
//! events annotated --[`report`]--> text or documents.
//!
//! Each subcommand is a room of its own in `command`, which wires the stages together for it;
//! this file only dispatches. ARCHITECTURE.md has the layers and what may import what.

pub mod annotation;
pub mod batch;
pub mod catalog;
pub mod challenge;
pub mod cli;
mod command;
pub mod curriculum;
pub mod diagnostic;
pub mod error;
mod escape;
pub mod lab;
mod launch;
pub mod mistakes;
pub mod parse;
pub mod plan;
mod prepare;
pub mod report;
pub mod results;
pub mod run;
pub mod validate;
mod watch;

use cli::Request;
pub use error::{Error, Exit};
/// The known learner mistakes under their earlier name.
#[doc(hidden)]
pub use mistakes as diagnose;

/// Carries out one request from the command line.
pub fn execute(request: Request) -> Exit {
    let result = match request {
        Request::Grade(grade) => command::grade::run(&grade),
        Request::List {
            source,
            json,
            freecodecamp,
        } => command::list::run(&source, json, freecodecamp),
        Request::Show {
            source,
            challenge,
            part,
        } => command::show::run(&source, &challenge, part),
        Request::Validate(request) => command::validate::run(&request),
        Request::Batch(request) => command::batch::run(&request),
        Request::Merge(request) => command::merge::run(&request),
        Request::Lab(request) => command::lab::run(&request),
        Request::Pull(request) => command::pull::run(&request),
        Request::Completions(shell) => report::to_stdout(|out| {
            cli::write_completions(shell, out);
            Ok(())
        })
        .map(|()| Exit::Passed)
        .map_err(Error::from),
        Request::Man(subcommand) => {
            report::to_stdout(|out| cli::write_man(subcommand.as_deref(), out))
                .map(|()| Exit::Passed)
                .map_err(Error::from)
        }
    };
    result.unwrap_or_else(|error| {
        if !error.message().is_empty() {
            report::say(&format!("{}: {error}", report::error_label()));
        }
        error.exit()
    })
}
