//! `grade pull CHALLENGE...`: freeCodeCamp's challenges fetched into the cache, where later runs
//! (`--offline` too) find them, and into a folder `--challenges DIR` reads.

use super::selection::{curriculum_names, fetch_saying};
use crate::cli::{Exit, PullRequest};
use crate::curriculum;
use crate::report;

pub fn run(request: &PullRequest) -> Result<Exit, crate::error::Error> {
    report::set_color(request.color);
    let (_, named) = curriculum_names(&request.challenges, None)?;
    let fetched = fetch_saying(&named, &request.languages, &request.remote)?;
    let challenges = fetched.order.len();
    let mut languages: Vec<&str> = Vec::new();
    for file in &fetched.files {
        if !languages.contains(&file.language.english) {
            languages.push(file.language.english);
        }
    }
    let what = format!(
        "{} in {} ({} files)",
        report::english_count(challenges, "challenge", "challenges"),
        languages.join(", "),
        fetched.files.len()
    );
    let missing: Vec<&str> = request
        .languages
        .iter()
        .filter(|l| !fetched.files.iter().any(|f| f.language == **l))
        .map(|l| l.english)
        .collect();
    if !missing.is_empty() {
        report::say(&report::dimmed(&format!(
            "not translated into {}: those learners see the English hints",
            missing.join(", ")
        )));
    }
    match &request.to {
        Some(dir) => {
            curriculum::write_to(&fetched.files, dir)?;
            report::say(&format!("pulled {what} into `{}`", dir.display()));
            report::say(&report::dimmed(&format!(
                "grade them with: grade --challenges {} --url URL",
                dir.display()
            )));
        }
        None => {
            let place = curriculum::cache_folder(&request.remote)
                .map(|p| format!(" in `{}`", p.display()))
                .unwrap_or_default();
            report::say(&format!("pulled {what} into the cache{place}"));
            report::say(&report::dimmed(
                "grade names them as before, with --offline where there is no network",
            ));
        }
    }
    Ok(Exit::Passed)
}
