//! The gradebook, and the lab's matrix, as self-contained HTML pages. The gradebook: a table of learners by challenges that sorts
//! by any column, colored cells, and a click on a cell opening that challenge's hints with their
//! messages and requests. No network and no external assets. Written part by part, a learner at
//! a time. The only user of minijinja, which escapes everything it is given.

use std::collections::HashMap;
use std::io::Write;

use minijinja::{context, Environment, Value};

use super::gradebook::{Cell, Gradebook};
use crate::catalog::Language;
use crate::lab::{Finding, Lab, Trial};
use crate::results::HintRecord;
use crate::run::Status;

const TEMPLATE: &str = include_str!("templates/gradebook.html");
const LAB_TEMPLATE: &str = include_str!("templates/lab.html");
/// The details panel's script, which both pages include.
const DETAILS_SCRIPT: &str = include_str!("templates/details.js");

/// Writes `book` as an HTML page in `language`, titled `title` (the gradebook's own title when
/// `None`).
pub fn write_html(
    book: &Gradebook,
    title: Option<&str>,
    language: &'static Language,
    out: &mut dyn Write,
) -> Result<(), String> {
    let mut env = Environment::new();
    env.add_template("details.js", DETAILS_SCRIPT)
        .map_err(|e| format!("the report template: {e}"))?;
    env.add_template("gradebook.html", TEMPLATE)
        .map_err(|e| format!("the report template: {e}"))?;
    let template = env
        .get_template("gradebook.html")
        .map_err(|e| format!("the report template: {e}"))?;
    let mut write = |part: Value| -> Result<(), String> {
        let text = template
            .render(part)
            .map_err(|e| format!("the HTML report: {e}"))?;
        out.write_all(text.as_bytes()).map_err(|e| e.to_string())
    };
    let words = super::words(language);
    let book_words = super::book_words(language);
    let columns: Vec<Value> = book
        .columns
        .iter()
        .map(|c| context! { name => shown(c.name()), title => shown(&c.title) })
        .collect();
    let (passed, total): (usize, usize) = book
        .rows
        .iter()
        .fold((0, 0), |(p, t), r| (p + r.passed(), t + r.total()));
    let unreachable = book
        .rows
        .iter()
        .filter(|r| !r.cells.is_empty() && r.cells.iter().all(|c| c.unreachable))
        .count();
    let mut summary = book_words
        .summary
        .replace(
            "{learners}",
            &super::count(language, book_words.learners, book.rows.len()),
        )
        .replace(
            "{challenges}",
            &super::count(language, words.challenges, book.columns.len()),
        )
        .replace(
            "{hints}",
            &super::count(language, book_words.hints_passed, total)
                .replace("{passed}", &passed.to_string()),
        );
    if unreachable > 0 {
        summary.push_str(words.separator);
        summary.push_str(&super::count(language, book_words.apps_down, unreachable));
    }
    let passes: Vec<Value> = book
        .hint_passes()
        .iter()
        .map(|counts| {
            let shown: Vec<String> = counts.iter().map(usize::to_string).collect();
            context! { text => shown.join(" · "), counts => counts }
        })
        .collect();
    let status = context! {
        passed => words.passed, failed => words.failed, errored => words.errored,
        timed_out => words.timed_out,
    };
    let labels = context! {
        learner => book_words.learner, total => book_words.total, unreachable => book_words.unreachable,
        freecodecamp => book_words.freecodecamp, passed_each => book_words.passed_each,
        answer => book_words.answer, close => book_words.close, expected => words.expected,
        not_submitted => book_words.not_submitted,
        actual => words.actual, diagnosis => words.diagnosis, fix => words.fix, status => status,
    };
    let others = book.other_roster_columns();
    write(context! {
        part => "head",
        lang => language.code,
        rtl => words.right_to_left,
        title => title.unwrap_or(book_words.title),
        summary => summary,
        columns => columns,
        others => others.iter().map(|o| shown(o)).collect::<Vec<_>>(),
        words => labels.clone(),
    })?;
    for row in &book.rows {
        let other_values: Vec<String> = others
            .iter()
            .map(|name| {
                row.columns
                    .iter()
                    .find(|(n, _)| n == name)
                    .map_or(String::new(), |(_, v)| shown(v))
            })
            .collect();
        let cells: Vec<Value> = (0..book.columns.len())
            .map(|column| match row.cell(column) {
                Some(cell) => cell_value(cell),
                None => context! { present => false },
            })
            .collect();
        write(
            context! { part => "row", words => labels.clone(), row => context! {
                row => row.row,
                learner => shown(&row.name),
                url => shown(&row.url),
                elsewhere => (!row.answered_by().is_empty()).then(|| shown(&book_words.answered_by.replace("{origins}", &row.answered_by().join(", ")))),
                same_app => (!row.same_app_as.is_empty()).then(|| shown(&book_words.same_app.replace("{learners}", &row.same_app_as.join(", ")))),
                others => other_values,
                cells => cells,
                passed => row.passed(),
                total => row.total(),
                submitted => (row.submitted() < book.columns.len()).then(|| {
                    super::count(language, book_words.submitted, book.columns.len())
                        .replace("{submitted}", &row.submitted().to_string())
                }),
                sort => fraction(row.passed(), row.total()),
                flagged => row.flagged(),
            }},
        )?;
    }
    write(
        context! { part => "table-end", words => labels.clone(), passes => passes, learners => book.rows.len(), others => others.len() },
    )?;
    // Each cell's details, read back a learner at a time.
    for row in &book.rows {
        for cell in &row.cells {
            let record = book.record(cell)?;
            let hints: Vec<Value> = record.hints.iter().map(|h| hint_value(h, words)).collect();
            let graded = (!record.graded_at.is_empty())
                .then(|| book_words.graded_at.replace("{time}", &record.graded_at));
            write(context! {
                part => "details",
                words => labels.clone(),
                row => row.row,
                column => cell.column,
                learner => shown(&row.name),
                url => shown(&record.url),
                title => shown(&record.title),
                reason => record.reason.as_deref().map(shown),
                graded => graded,
                hints => hints,
            })?;
        }
    }
    write(context! { part => "tail" })
}

/// Writes the lab as one self-contained HTML page: for each app and challenge, a matrix of hints
/// by languages, the 404 app and the mutants, each cell coloured by what it shows and opening its
/// runs and findings on a click.
pub fn write_lab_html(lab: &Lab, out: &mut dyn Write) -> Result<(), String> {
    let mut env = Environment::new();
    env.add_template("details.js", DETAILS_SCRIPT)
        .map_err(|e| format!("the lab template: {e}"))?;
    env.add_template("lab.html", LAB_TEMPLATE)
        .map_err(|e| format!("the lab template: {e}"))?;
    let template = env
        .get_template("lab.html")
        .map_err(|e| format!("the lab template: {e}"))?;
    let mut by_cell: HashMap<(&str, &str, usize, &str), Vec<&Finding>> = HashMap::new();
    for f in &lab.findings {
        // A grouped finding belongs to each of its cells.
        for cell in &f.cells {
            if let (Some(challenge), Some(hint), Some(column)) =
                (&f.challenge, f.hint, &cell.column)
            {
                by_cell
                    .entry((cell.app.as_str(), challenge.as_str(), hint, column.as_str()))
                    .or_default()
                    .push(f);
            }
        }
    }
    let mut details: Vec<Value> = Vec::new();
    let mut apps: Vec<Value> = Vec::new();
    // Where each cell is, for the links of the findings list: (app, challenge, hint, column).
    let mut cell_ids: HashMap<(String, String, usize, String), String> = HashMap::new();
    for (a, app) in lab.apps.iter().enumerate() {
        let languages: Vec<&Language> = lab
            .languages
            .iter()
            .copied()
            .filter(|l| {
                app.challenges
                    .iter()
                    .any(|c| c.hints.iter().any(|h| h.version(l).is_some()))
            })
            .collect();
        let mut challenges = Vec::new();
        for (c, challenge) in app.challenges.iter().enumerate() {
            let mut place = |hint: usize, column: &str, id: &str| {
                cell_ids.insert(
                    (
                        app.name.clone(),
                        challenge.id.clone(),
                        hint,
                        column.to_string(),
                    ),
                    id.to_string(),
                );
            };
            let name = if challenge.dashed_name.is_empty() {
                &challenge.id
            } else {
                &challenge.dashed_name
            };
            let (caught, total) = app.mutant_score(challenge);
            let survivors = app.survivors(challenge);
            // The mutants shown are those this challenge's hints should catch.
            let shown_mutants: Vec<usize> = (0..app.mutants.len())
                .filter(|&m| app.mutants[m].expected.contains(&challenge.id))
                .collect();
            let mut hints = Vec::new();
            for hint in &challenge.hints {
                let found = |column: &str| {
                    by_cell
                        .get(&(
                            app.name.as_str(),
                            challenge.id.as_str(),
                            hint.number,
                            column,
                        ))
                        .cloned()
                        .unwrap_or_default()
                };
                let heading = format!("hint {} of {}", hint.number, shown(name));
                let mut cells = Vec::new();
                for (i, language) in languages.iter().enumerate() {
                    let Some(version) = hint.version(language) else {
                        cells.push(context! { group => i == 0 });
                        continue;
                    };
                    let findings = found(language.code);
                    let passed = version.trials.iter().filter(|t| t.passed()).count();
                    place(hint.number, language.code, &format!("d{}", details.len()));
                    let class = match (findings.is_empty(), version.steady()) {
                        (false, _) if findings.iter().all(|f| f.allowed.is_some()) => "allowed",
                        (false, None) | (true, None) => "flaky",
                        (false, _) | (true, Some(false)) => "fail",
                        (true, Some(true)) => "pass",
                    };
                    let id = format!("d{}", details.len());
                    let trials: Vec<Value> = version
                        .trials
                        .iter()
                        .enumerate()
                        .map(|(round, t)| trial_value(t, &format!("round {}", round + 1)))
                        .collect();
                    details.push(context! {
                        id => id.clone(),
                        heading => format!("{heading} · {}", language.english),
                        place => format!("{}:{}", shown(&version.file.display().to_string()), version.text_line),
                        findings => findings.iter().map(|f| finding_value(f)).collect::<Vec<_>>(),
                        trials => trials,
                    });
                    cells.push(context! {
                        group => i == 0,
                        details => id,
                        class => class,
                        marks => marks(version.trials.iter().map(|t| t.passed())),
                        flag => !findings.is_empty(),
                        title => format!("{} passed {passed} of {} rounds", language.english, version.trials.len()),
                    });
                }
                // The 404 app: one cell for every language.
                let empty: Vec<(&Language, &Trial)> = hint
                    .versions
                    .iter()
                    .filter_map(|v| v.empty.as_ref().map(|t| (v.language, t)))
                    .collect();
                if empty.is_empty() {
                    cells.push(context! { group => true });
                } else {
                    let findings = found("empty");
                    place(hint.number, "empty", &format!("d{}", details.len()));
                    let passed_in: Vec<&str> = empty
                        .iter()
                        .filter(|(_, t)| t.passed())
                        .map(|(l, _)| l.code)
                        .collect();
                    let class =
                        if !findings.is_empty() && findings.iter().all(|f| f.allowed.is_some()) {
                            "allowed"
                        } else if !findings.is_empty() || !passed_in.is_empty() {
                            "fail"
                        } else {
                            "quiet"
                        };
                    let id = format!("d{}", details.len());
                    details.push(context! {
                        id => id.clone(),
                        heading => format!("{heading} against the 404 app"),
                        place => "an app that answers 404 to every request",
                        findings => findings.iter().map(|f| finding_value(f)).collect::<Vec<_>>(),
                        trials => empty.iter().map(|(l, t)| trial_value(t, l.english)).collect::<Vec<_>>(),
                    });
                    let title = if passed_in.is_empty() {
                        "did not pass against the 404 app, as it should not".to_string()
                    } else {
                        format!("passed against the 404 app in {}", passed_in.join(", "))
                    };
                    cells.push(context! {
                        group => true,
                        details => id,
                        class => class,
                        marks => match passed_in.len() {
                            0 => "✗".to_string(),
                            n if n == empty.len() && n > 1 => "✓ all".to_string(),
                            _ => format!("✓ {}", passed_in.join(" ")),
                        },
                        flag => !findings.is_empty(),
                        title => title,
                    });
                }
                let english_good = hint
                    .version(crate::catalog::ENGLISH)
                    .is_some_and(|v| v.steady() == Some(true));
                for (n, &m) in shown_mutants.iter().enumerate() {
                    let mutant = &app.mutants[m];
                    let Some(trial) = &hint.mutants[m] else {
                        cells.push(context! { group => n == 0 });
                        continue;
                    };
                    let caught = english_good && !trial.passed();
                    let id = format!("d{}", details.len());
                    place(hint.number, &format!("mutant:{}", mutant.name), &id);
                    details.push(context! {
                        id => id.clone(),
                        heading => format!("{heading} against mutant {}", shown(&mutant.name)),
                        place => if caught { "caught it: passes on the reference app, not against the mutant" } else if trial.passed() { "did not catch it: passes against the mutant" } else { "does not pass on the reference app either, so it catches nothing" },
                        findings => Vec::<Value>::new(),
                        trials => vec![trial_value(trial, "English")],
                    });
                    cells.push(context! {
                        group => n == 0,
                        details => id,
                        class => if caught { "caught" } else { "quiet" },
                        marks => marks([trial.passed()].into_iter()),
                        flag => false,
                        title => if caught { "caught the mutant" } else { "did not catch the mutant" },
                    });
                }
                let text = hint
                    .version(crate::catalog::ENGLISH)
                    .or(hint.versions.first())
                    .map(|v| shown(&v.text.replace('\n', " ")))
                    .unwrap_or_default();
                hints.push(context! { number => hint.number, text => text, cells => cells });
            }
            challenges.push(context! {
                anchor => format!("app-{}-{}", a + 1, c + 1),
                mutants => shown_mutants.iter().map(|&m| shown(&app.mutants[m].name)).collect::<Vec<_>>(),
                title => shown(&challenge.title),
                name => shown(name),
                score_caught => caught,
                score_total => total,
                survivors => shown(&survivors.join(", ")),
                hints => hints,
            });
        }
        let app_score = app.app_score().map(|(caught, total, survivors)| {
            context! { caught => caught, total => total, survivors => shown(&survivors.join(", ")) }
        });
        apps.push(context! {
            score => app_score,
            name => shown(&app.name),
            problem => app.problem.as_deref().map(shown),
            languages => languages.iter().map(|l| context! { code => l.code, name => l.name }).collect::<Vec<_>>(),
            challenges => challenges,
        });
    }
    // The findings first, each linking to its cells; then the contents by app and challenge.
    let findings: Vec<Value> = lab
        .findings
        .iter()
        .map(|f| {
            let links: Vec<Value> = f
                .cells
                .iter()
                .filter_map(|cell| {
                    let key = (
                        cell.app.clone(),
                        f.challenge.clone()?,
                        f.hint?,
                        cell.column.clone()?,
                    );
                    let id = cell_ids.get(&key)?;
                    let label = match cell.language {
                        Some(l) if cell.column.as_deref() != Some("empty") => l.code.to_string(),
                        Some(l) => format!("404 app ({})", l.code),
                        None => cell.column.clone().unwrap_or_default(),
                    };
                    let label = if lab.apps.len() > 1 {
                        format!("{} {label}", cell.app)
                    } else {
                        label
                    };
                    Some(context! { href => format!("#cell-{id}"), label => shown(&label) })
                })
                .collect();
            let d = &f.diagnostic;
            context! {
                rule => d.rule.id(),
                severity => if f.allowed.is_some() { "allowed" } else if f.accepted { "accepted" } else if d.is_error() { "error" } else { "warning" },
                message => shown(&d.message),
                place => shown(&format!("{}:{}", d.path.display(), d.position.line)),
                links => links,
            }
        })
        .collect();
    let text = template
        .render(context! {
            manifest => shown(&lab.manifest.display().to_string()),
            summary => super::lab::summary_text(lab),
            findings => findings,
            apps => apps,
            details => details,
        })
        .map_err(|e| format!("the lab page: {e}"))?;
    out.write_all(text.as_bytes()).map_err(|e| e.to_string())
}

/// One mark per round: ✓ passed, ✗ did not.
fn marks(passed: impl Iterator<Item = bool>) -> String {
    passed.map(|p| if p { '✓' } else { '✗' }).collect()
}

fn trial_value(trial: &Trial, label: &str) -> Value {
    let status = match trial.status {
        Status::Passed => "passed",
        Status::Failed => "failed",
        Status::Errored => "errored",
        Status::TimedOut => "timed_out",
    };
    context! {
        status => status,
        verdict => status.replace('_', " "),
        label => label,
        ms => trial.took.as_millis() as u64,
        message => trial.message.as_deref().map(shown),
    }
}

fn finding_value(finding: &Finding) -> Value {
    let d = &finding.diagnostic;
    context! {
        rule => d.rule.id(),
        severity => if d.is_error() { "error" } else { "warning" },
        message => shown(&d.message),
        detail => d.detail.as_deref().map(shown),
        allowed => finding.allowed.as_deref().map(shown),
    }
}

/// `passed` out of `total`, from 0 to 1.
fn fraction(passed: usize, total: usize) -> f64 {
    if total == 0 {
        0.0
    } else {
        passed as f64 / total as f64
    }
}

fn cell_value(cell: &Cell) -> Value {
    // Unreachable sorts below any score.
    let sort = if cell.unreachable {
        -1.0
    } else {
        fraction(cell.passed, cell.total)
    };
    context! {
        present => true,
        column => cell.column,
        unreachable => cell.unreachable,
        passed => cell.passed,
        total => cell.total,
        flagged => cell.flagged,
        // The cell's colour, from red to green by the share of hints passed.
        hue => (fraction(cell.passed, cell.total) * 120.0).round(),
        sort => sort,
    }
}

fn hint_value(hint: &HintRecord, words: &super::locale::Words) -> Value {
    let requests: Vec<Value> = hint
        .requests
        .iter()
        .map(|r| {
            let outcome = match (&r.error, r.status) {
                (Some(error), _) => error.clone(),
                (None, Some(status)) => status.to_string(),
                (None, None) => "-".to_string(),
            };
            context! { method => shown(&r.method), url => shown(&r.url), outcome => shown(&outcome) }
        })
        .collect();
    let status_text = match hint.status.as_str() {
        "passed" => words.passed,
        "failed" => words.failed,
        "errored" => words.errored,
        _ => words.timed_out,
    };
    let risks: Vec<String> = hint
        .would_fail_on_freecodecamp
        .iter()
        .map(|r| shown(&r.detail))
        .collect();
    context! {
        status => &hint.status,
        status_text => status_text,
        text => Value::from_safe_string(inline_code(&shown(&hint.text))),
        message => hint.message.as_deref().map(shown),
        expected => hint.expected.as_deref().map(shown),
        actual => hint.actual.as_deref().map(shown),
        diagnosis => hint.diagnosis.as_ref().map(|d| context! { message => shown(&d.message), fix => shown(&d.fix) }),
        risks => risks,
        answer => hint.answer.as_deref().map(shown),
        requests => requests,
    }
}

/// Untrusted text with its control and bidi characters made visible, as the terminal shows them;
/// the template escapes the rest.
fn shown(text: &str) -> String {
    super::visible(text).into_owned()
}

/// A hint's markdown as HTML: everything escaped, then `code` spans shown as code.
fn inline_code(markdown: &str) -> String {
    let mut out = String::new();
    for (i, part) in markdown.split('`').enumerate() {
        let escaped = escape(part);
        if i % 2 == 1 {
            out.push_str(&format!("<code>{escaped}</code>"));
        } else {
            out.push_str(&escaped);
        }
    }
    out
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::inline_code;

    #[test]
    fn hint_text_is_escaped_and_code_spans_become_code() {
        assert_eq!(
            inline_code("`<script>` & `a`"),
            "<code>&lt;script&gt;</code> &amp; <code>a</code>"
        );
        // An odd backtick leaves the rest as code, still escaped.
        assert_eq!(inline_code("a ` <b>"), "a <code> &lt;b&gt;</code>");
    }
}
