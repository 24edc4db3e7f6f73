//! The one integration-test binary, an area a file:
//! - `parse`, `corpus`, `validate`, `consensus`, `links`: the parser, the real freeCodeCamp
//!   corpus, the maintainers' checks, translations held against each other, symbolic links;
//! - `curriculum`: freeCodeCamp's challenges by name, fetched, cached, pinned, pulled, offline;
//! - `grade`, `sessions`, `learner`, `first_hour`, `field`, `decoding`, `messages`: grading the
//!   fixture apps as learners and new users do, apps as they are deployed, answers read as a
//!   browser reads them, and what is said when a setup is wrong;
//! - `redirects`, `asleep`, `browser`: each request following its own redirects and never into a
//!   private network, hosts that sleep, and the same pages in headless Chromium;
//! - `runtime`, `chai`, `cookies`, `forging`, `escaping`: what hint code sees, `assert` against
//!   real chai, cookies as in a browser, verdicts no hint can forge, untrusted text escaped;
//! - `hostile`, `servers`, `bounds`, `sandbox`: runaway hints, broken servers, caps, the worker's
//!   sandbox and memory;
//! - `jobs`, `start`, `diagnoses`: parallel grading in order, `--start` and `--wait`, diagnoses
//!   only where their rule applies;
//! - `batch`, `gradebook`, `classes`, `lab`, `maintainers`: a class graded, its gradebook, classes
//!   never fused and their LMS exports, the lab against reference apps across versions;
//! - `formats`, `outputs`: every output format (snapshots), and report files, stdout and error
//!   exit codes the same way in every command;
//! - `ship`, `layers`, `units`: the shipped forms (npm, the action, the workflows), the layers of
//!   ARCHITECTURE.md, small pure functions; `support` holds the helpers.

mod asleep;
mod batch;
mod bounds;
mod browser;
mod chai;
mod classes;
mod consensus;
mod cookies;
mod corpus;
mod curriculum;
mod decoding;
mod diagnoses;
mod escaping;
mod field;
mod first_hour;
mod forging;
mod formats;
mod grade;
mod gradebook;
mod hostile;
mod jobs;
mod lab;
mod layers;
mod learner;
mod links;
mod maintainers;
mod messages;
mod outputs;
mod parse;
mod redirects;
mod runtime;
mod sandbox;
mod servers;
mod sessions;
mod ship;
mod start;
mod support;
mod units;
mod validate;
