//! grader: grades a learner's deployed web app against course challenges.
//!
//! The pipeline, one module per stage:
//! markdown files --[`parse`]--> [`challenge::Challenge`]s --[`catalog`]--> entries by id and
//! language --[`plan`]--> a [`plan::Plan`] --[`run`]--> [`run::Event`]s --[`diagnose`]--> the same
//! events annotated --[`report`]--> text or documents.
//!
//! Each subcommand is a room of its own in `command`, which wires the stages together for it;
//! this file only dispatches. ARCHITECTURE.md has the layers and what may import what.

pub mod batch;
pub mod catalog;
pub mod challenge;
pub mod cli;
mod command;
pub mod curriculum;
pub mod diagnose;
pub mod diagnosis;
pub mod diagnostic;
mod escape;
pub mod lab;
mod launch;
pub mod parse;
pub mod plan;
mod prepare;
pub mod report;
pub mod results;
pub mod run;
pub mod validate;
mod watch;

pub use cli::Exit;
use cli::Request;

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
        Request::Completions(shell) => command::to_stdout(|out| {
            cli::write_completions(shell, out);
            Ok(())
        })
        .map(|()| Exit::Passed),
        Request::Man(subcommand) => {
            command::to_stdout(|out| cli::write_man(subcommand.as_deref(), out))
                .map(|()| Exit::Passed)
        }
    };
    result.unwrap_or_else(|message| {
        report::say(&format!("{}: {message}", report::error_label()));
        Exit::InputError
    })
}
