//! The one integration-test binary: parsing, the corpus, grading the fixture app, the runtime
//! against a scripted server, and runaway hints.

mod asleep;
mod batch;
mod bounds;
mod browser;
mod chai;
mod cookies;
mod corpus;
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
mod messages;
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
