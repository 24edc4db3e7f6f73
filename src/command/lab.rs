//! `grade lab MANIFEST`: the manifest read and checked, its challenges found in the curriculum,
//! its apps run in the languages asked for, and the findings reported; exit 1 for a finding the
//! manifest does not allow, 3 when an app could not be used.

use std::io;
use std::path::PathBuf;

use crate::catalog::{Catalog, Language, ENGLISH, LANGUAGES};
use crate::cli::{Exit, LabRequest};
use crate::lab;
use crate::report::{self, ValidationFormat};

pub fn run(request: &LabRequest) -> Result<Exit, String> {
    report::set_color(request.color);
    let reports: Vec<(&str, &PathBuf)> = [
        ("--report-html", &request.report_html),
        ("--report-json", &request.report_json),
    ]
    .into_iter()
    .filter_map(|(flag, path)| path.as_ref().map(|p| (flag, p)))
    .collect();
    if let [(_, a), (_, b)] = reports.as_slice() {
        if a == b {
            return Err(format!(
                "--report-html and --report-json both write `{}`; give each its own file",
                a.display()
            ));
        }
    }
    for (_, path) in &reports {
        super::writable(path)?;
    }
    if let Some(path) = &request.write_accept {
        super::writable(path)?;
    }
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
                ));
            }
        }
        manifest.apps.retain(|a| request.apps.contains(&a.name));
    }
    let dir = match (&request.challenges, &manifest.challenges) {
        (Some(dir), _) => dir.clone(),
        (None, Some(dir)) => dir.clone(),
        (None, None) => {
            return Err(format!(
                "`{}` does not say where the challenges are: add `challenges = \"DIR\"` to it, or pass --challenges DIR",
                request.manifest.display()
            ))
        }
    };
    if !dir.is_dir() {
        let whose = if request.challenges.is_some() {
            "--challenges".to_string()
        } else {
            "the manifest's `challenges`".to_string()
        };
        return Err(format!(
            "`{}` ({whose}) is not a folder of challenges",
            dir.display()
        ));
    }
    let catalog = Catalog::load(std::slice::from_ref(&dir));
    report::render_diagnostics(&mut io::stderr(), &catalog.diagnostics);
    if catalog.entries.is_empty() {
        return Err(format!("no challenges found in `{}`", dir.display()));
    }
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
            ))
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
        let mut new_name = folder(&dir);
        if name == new_name {
            name = old.display().to_string();
            new_name = dir.display().to_string();
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
            ));
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
    super::to_stdout(|out| {
        report::write_lab(&lab, request.format, out, &mut io::stderr());
        Ok(())
    })?;
    if let Some(path) = &request.report_html {
        write_file(path, |out| report::write_lab_html(&lab, out))?;
    }
    if let Some(path) = &request.report_json {
        write_file(path, |out| {
            let text = report::json_safe(
                serde_json::to_string_pretty(&report::lab_json(&lab)).unwrap_or_default(),
            );
            writeln!(out, "{text}").map_err(|e| e.to_string())
        })?;
    }
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

fn write_file(
    path: &std::path::Path,
    write: impl FnOnce(&mut dyn io::Write) -> Result<(), String>,
) -> Result<(), String> {
    use io::Write as _;
    let fail = |e: String| format!("cannot write the report `{}`: {e}", path.display());
    let file = std::fs::File::create(path).map_err(|e| fail(e.to_string()))?;
    let mut out = io::BufWriter::new(file);
    write(&mut out).map_err(fail)?;
    out.flush().map_err(|e| fail(e.to_string()))
}
