//! The gradebook as one self-contained HTML page: a table of learners by challenges that sorts
//! by any column, colored cells, and a click on a cell opening that challenge's hints with their
//! messages and requests. No network and no external assets. Written part by part, a learner at
//! a time. The only user of minijinja, which escapes everything it is given.

use std::io::Write;

use minijinja::{context, Environment, Value};

use super::gradebook::{Cell, Gradebook};
use crate::results::HintRecord;

const TEMPLATE: &str = include_str!("templates/gradebook.html");

/// Writes `book` as an HTML page titled `title`.
pub fn write_html(book: &Gradebook, title: &str, out: &mut dyn Write) -> Result<(), String> {
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
    let columns: Vec<Value> = book
        .columns
        .iter()
        .map(|c| {
            let name = if c.dashed_name.is_empty() {
                &c.id
            } else {
                &c.dashed_name
            };
            context! { name => shown(name), title => shown(&c.title) }
        })
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
    let summary = format!(
        "{} learners, {} challenges: {passed} of {total} hints passed{}",
        book.rows.len(),
        book.columns.len(),
        match unreachable {
            0 => String::new(),
            1 => "; 1 app did not answer".to_string(),
            n => format!("; {n} apps did not answer"),
        }
    );
    write(
        context! { part => "head", lang => "en", title => title, summary => summary, columns => columns },
    )?;
    for row in &book.rows {
        let cells: Vec<Value> = (0..book.columns.len())
            .map(|column| match row.cell(column) {
                Some(cell) => cell_value(cell),
                None => context! { present => false },
            })
            .collect();
        let sort = if row.total() == 0 {
            0.0
        } else {
            row.passed() as f64 / row.total() as f64
        };
        write(context! { part => "row", row => context! {
            row => row.row,
            learner => shown(&row.learner),
            url => shown(&row.url),
            cells => cells,
            passed => row.passed(),
            total => row.total(),
            sort => sort,
        }})?;
    }
    write(context! { part => "table-end" })?;
    // Each cell's details, read back a learner at a time.
    for row in &book.rows {
        for cell in &row.cells {
            let record = book.record(cell)?;
            let hints: Vec<Value> = record.hints.iter().map(hint_value).collect();
            write(context! {
                part => "details",
                row => row.row,
                column => cell.column,
                learner => shown(&record.learner),
                url => shown(&record.url),
                title => shown(&record.title),
                reason => record.reason.as_deref().map(shown),
                hints => hints,
            })?;
        }
    }
    write(context! { part => "tail" })
}

fn cell_value(cell: &Cell) -> Value {
    // Unreachable sorts below any score.
    let sort = if cell.unreachable {
        -1.0
    } else if cell.total == 0 {
        0.0
    } else {
        cell.passed as f64 / cell.total as f64
    };
    context! {
        present => true,
        column => cell.column,
        unreachable => cell.unreachable,
        passed => cell.passed,
        total => cell.total,
        sort => sort,
    }
}

fn hint_value(hint: &HintRecord) -> Value {
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
    let status_text = hint.status.replace('_', " ");
    context! {
        status => &hint.status,
        status_text => status_text,
        text => Value::from_safe_string(inline_code(&shown(&hint.text))),
        message => hint.message.as_deref().map(shown),
        expected => hint.expected.as_deref().map(shown),
        actual => hint.actual.as_deref().map(shown),
        diagnosis => hint.diagnosis.as_ref().map(|d| context! { message => shown(&d.message), fix => shown(&d.fix) }),
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
