//! The diagnosis annotation of a hint's outcome: which known learner mistake explains it, and
//! the values its texts name. Plain data, below the runner (whose outcomes carry it), `mistakes`
//! (which finds and words it) and the reporters.

/// What a diagnosis found: its rule and the values its texts name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnosis {
    pub rule: &'static str,
    pub values: Vec<(&'static str, String)>,
}
