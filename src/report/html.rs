//! The gradebook as one self-contained HTML page: a table of learners by challenges that sorts
//! by any column, colored cells, and a click on a cell opening that challenge's hints with their
//! messages and requests. No network and no external assets. Written part by part, a learner at
//! a time. The only user of minijinja, which escapes everything it is given.

use std::io::Write;

use minijinja::{context, Environment, Value};

use super::gradebook::{Cell, Gradebook};
use crate::catalog::Language;
use crate::results::HintRecord;

const TEMPLATE: &str = include_str!("templates/gradebook.html");

/// Writes `book` as an HTML page in `language`, titled `title` (the gradebook's own title when
/// `None`).
pub fn write_html(
    book: &Gradebook,
    title: Option<&str>,
    language: &'static Language,
    out: &mut dyn Write,
) -> Result<(), String> {
    let mut env = Environment::new();
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
        .replace("{passed}", &passed.to_string())
        .replace("{total}", &total.to_string());
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
        actual => words.actual, diagnosis => words.diagnosis, fix => words.fix, status => status,
    };
    write(context! {
        part => "head",
        lang => language.code,
        rtl => words.right_to_left,
        title => title.unwrap_or(book_words.title),
        summary => summary,
        columns => columns,
        words => labels.clone(),
    })?;
    for row in &book.rows {
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
                cells => cells,
                passed => row.passed(),
                total => row.total(),
                sort => fraction(row.passed(), row.total()),
                flagged => row.flagged(),
            }},
        )?;
    }
    write(
        context! { part => "table-end", words => labels.clone(), passes => passes, learners => book.rows.len() },
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
                learner => shown(record.shown_name()),
                url => shown(record.graded_url.as_deref().unwrap_or(&record.url)),
                title => shown(&record.title),
                reason => record.reason.as_deref().map(shown),
                graded => graded,
                hints => hints,
            })?;
        }
    }
    write(context! { part => "tail" })
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
