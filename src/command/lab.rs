//! `grade lab MANIFEST`: the manifest read and checked, its challenges found in the curriculum,
//! its apps run in the languages asked for, and the findings reported; exit 1 for a finding the
//! manifest does not allow, 3 when an app could not be used.

use std::io;

use crate::catalog::{Catalog, Language, ENGLISH, LANGUAGES};
use crate::cli::{Exit, LabRequest};
use crate::error::Error;
use crate::lab;
use crate::report::{self, ReportFile, ValidationFormat};

pub fn run(request: &LabRequest) -> Result<Exit, Error> {
    report::set_color(request.color);
    request.reports.check_writable()?;
    let accepted = match &request.accept {
        Some(path) => Some(lab::accept::read(path)?),
        None => None,
    };
    let mut manifest = match lab::manifest::read(&request.manifest) {
        Ok(manifest) => manifest,
        Err(problems) => {
            report::render_snippets(&mut io::stderr(), &problems);
            return Ok(Exit::InputError);
        }
    };
    if !request.apps.is_empty() {
        for name in &request.apps {
            if !manifest.apps.iter().any(|a| &a.name == name) {
                let names: Vec<&str> = manifest.apps.iter().map(|a| a.name.as_str()).collect();
                return Err(format!(
                    "`{}` has no app named `{name}`; it has {}",
                    request.manifest.display(),
                    names.join(", ")
                )
                .into());
            }
        }
        manifest.apps.retain(|a| request.apps.contains(&a.name));
    }
    let dir = match (&request.challenges, &manifest.challenges) {
        (Some(dir), _) => Some(dir.clone()),
        (None, Some(dir)) => Some(dir.clone()),
        (None, None) => None,
    };
    let catalog = match &dir {
        Some(dir) => {
            if !dir.is_dir() {
                let whose = if request.challenges.is_some() {
                    "--challenges".to_string()
                } else {
                    "the manifest's `challenges`".to_string()
                };
                return Err(format!(
                    "`{}` ({whose}) is not a folder of challenges",
                    dir.display()
                )
                .into());
            }
            let catalog = Catalog::load(std::slice::from_ref(dir));
            report::render_diagnostics(&mut io::stderr(), &catalog.diagnostics);
            if catalog.entries.is_empty() {
                return Err(format!("no challenges found in `{}`", dir.display()).into());
            }
            catalog
        }
        // No folder named: the challenges the manifest names are freeCodeCamp's.
        None => fetched_catalog(request, &manifest)?,
    };
    let entries = match lab::resolve(&manifest, &catalog) {
        Ok(entries) => entries,
        Err(problems) => {
            report::render_snippets(&mut io::stderr(), &problems);
            return Ok(Exit::InputError);
        }
    };
    let present =
        |language: &Language| entries.iter().flatten().any(|e| e.find(language).is_some());
    let languages: Vec<&'static Language> = if request.all_languages {
        LANGUAGES.iter().filter(|l| present(l)).collect()
    } else {
        let mut chosen = vec![ENGLISH];
        for &language in &request.languages {
            if chosen.contains(&language) {
                continue;
            }
            if present(language) {
                chosen.push(language);
            } else {
                report::say(&format!(
                    "{}: no challenge of the manifest is in {} (no `{}` folder beside `english`), so it is left out",
                    report::warning_label(),
                    language.english,
                    language.folder
                ));
            }
        }
        chosen
    };
    let human = request.format == ValidationFormat::Human;
    if human {
        let names: Vec<&str> = languages.iter().map(|l| l.code).collect();
        let challenges: usize = entries.iter().map(Vec::len).sum();
        report::say(&report::dimmed(&format!(
            "lab: {} solving {}, in {}, {}",
            report::english_count(manifest.apps.len(), "app", "apps"),
            report::english_count(challenges, "challenge", "challenges"),
            names.join(", "),
            report::english_count(request.rounds, "round", "rounds")
        )));
    }
    let options = lab::Options {
        languages,
        rounds: request.rounds,
        jobs: request.jobs,
        ready_timeout: request.ready_timeout,
        ports: request.ports,
        references_only: false,
        config: request.run.clone(),
    };
    let emit = |event: lab::Event| {
        // Progress is for people; an app that cannot be used is said in every format.
        if human || !matches!(event, lab::Event::Ran { .. }) {
            report::lab_progress(&event);
        }
    };
    let old_catalog = match &request.baseline {
        Some(old) if !old.is_dir() => {
            return Err(format!(
                "`{}` (--baseline) is not a folder of challenges",
                old.display()
            )
            .into())
        }
        Some(old) => {
            let catalog = lab::baseline_catalog(old, &entries);
            report::render_diagnostics(&mut io::stderr(), &catalog.diagnostics);
            Some((old, catalog))
        }
        None => None,
    };
    let baseline = old_catalog.as_ref().map(|(old, catalog)| {
        let folder = |path: &std::path::Path| {
            std::fs::canonicalize(path)
                .ok()
                .and_then(|p| p.file_name().map(|n| n.to_string_lossy().to_string()))
                .unwrap_or_else(|| path.display().to_string())
        };
        let mut name = request.baseline_name.clone().unwrap_or_else(|| folder(old));
        // Fetched challenges are named by the curriculum version they were fetched at.
        let mut new_name = match &dir {
            Some(dir) => folder(dir),
            None => request.remote.reference.clone(),
        };
        if name == new_name {
            name = old.display().to_string();
            new_name = dir
                .as_ref()
                .map_or(new_name, |dir| dir.display().to_string());
        }
        lab::Baseline {
            entries: lab::baseline_entries(&entries, catalog),
            name,
            new_name,
        }
    });
    if let Some(baseline) = &baseline {
        if baseline.entries.iter().all(Vec::is_empty) {
            return Err(format!(
                "no challenge of the manifest is in `{}` (--baseline): the versions share no id",
                request
                    .baseline
                    .as_ref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default()
            )
            .into());
        }
        if human {
            report::say(&report::dimmed(&format!(
                "lab: every hint also in {}, against {}",
                baseline.name, baseline.new_name
            )));
        }
    }
    let mut lab = lab::run_against(&manifest, &entries, baseline.as_ref(), &options, &emit)?;
    if !request.rules.is_empty() {
        lab.findings
            .retain(|f| request.rules.contains(&f.diagnostic.rule));
    }
    if let Some(keys) = &accepted {
        let stale = lab::accept::apply(&mut lab.findings, keys);
        if stale > 0 && !lab.interrupted {
            report::say(&format!(
                "note: {} of `{}` no longer found; --write-accept writes the list anew",
                report::english_count(stale, "accepted finding was", "accepted findings were"),
                request
                    .accept
                    .as_ref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default()
            ));
        }
    }
    if let Some(path) = &request.write_accept {
        lab::accept::write(path, &lab.findings)?;
    }
    if !request.ungrouped {
        lab.findings = lab::group(std::mem::take(&mut lab.findings));
    }
    report::to_stdout(|out| {
        report::write_lab(&lab, request.format, out, &mut io::stderr());
        Ok(())
    })?;
    let reports = &request.reports;
    reports.write(ReportFile::Html, |out| report::write_lab_html(&lab, out))?;
    reports.write(ReportFile::Json, |out| {
        let text = report::json_safe(
            serde_json::to_string_pretty(&report::lab_json(&lab)).unwrap_or_default(),
        );
        writeln!(out, "{text}").map_err(|e| e.to_string())
    })?;
    Ok(if lab.interrupted {
        Exit::Interrupted
    } else if lab.broken_apps() > 0 {
        Exit::AppUnavailable
    } else if lab.unallowed() > 0 {
        Exit::Failed
    } else {
        Exit::Passed
    })
}

/// The challenges a manifest names, fetched from freeCodeCamp's curriculum in English and the
/// languages the lab runs.
fn fetched_catalog(request: &LabRequest, manifest: &lab::Manifest) -> Result<Catalog, String> {
    let mut names: Vec<String> = Vec::new();
    for app in &manifest.apps {
        for name in &app.challenges {
            if !names.contains(name) {
                names.push(name.clone());
            }
        }
    }
    let (_, named) = super::selection::curriculum_names(&names, None).map_err(|e| {
        format!(
            "{e}\n`{}` names no challenge folder (`challenges = \"DIR\"` or --challenges DIR), so its challenges are looked up in freeCodeCamp's curriculum",
            request.manifest.display()
        )
    })?;
    let languages: Vec<&'static Language> = if request.all_languages {
        crate::curriculum::translations().collect()
    } else {
        request.languages.clone()
    };
    let fetched = super::selection::fetch_saying(&named, &languages, &request.remote)?;
    Ok(Catalog::load(&fetched.paths()))
}
