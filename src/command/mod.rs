//! One room per subcommand: each file turns one request from the command line into work for
//! the stages and an exit code. What several commands share (reading the catalog and the
//! selection) is in `selection`; output files and stdout are `report::Reports`'.

pub mod batch;
pub mod grade;
pub mod lab;
pub mod list;
pub mod merge;
pub mod pull;
pub mod round;
pub mod selection;
pub mod show;
pub mod validate;
pub mod watch;
