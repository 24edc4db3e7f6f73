//! The YAML front matter between the opening and closing `---` lines. The only user of serde_yaml.

use serde_yaml::Value;

use crate::challenge::{FieldValue, FrontMatter};
use crate::diagnostic::{Collector, Position, Rule, Span};

/// Splits off and reads the front matter; returns it and the byte offset where the body begins.
pub fn parse(text: &str, diags: &mut Collector) -> (FrontMatter, usize) {
    let mut front = FrontMatter::default();
    let Some(first_end) = opening_fence(text) else {
        diags.add(
            Rule::FrontMatter,
            Span::at(0),
            "the file does not start with front matter",
            Some("a challenge opens with `---`, YAML fields such as `id` and `title`, then `---`"),
        );
        return (front, 0);
    };
    let Some((yaml_end, body_start)) = closing_fence(text, first_end) else {
        diags.add(
            Rule::FrontMatter,
            Span::at(0),
            "the front matter opened on line 1 is never closed",
            Some("end the front matter with a line that holds only `---`"),
        );
        return (front, text.len());
    };
    front.span = Span::new(0, body_start);
    let yaml = &text[first_end..yaml_end];
    read_fields(yaml, diags, &mut front, first_end);
    (front, body_start)
}

/// Splits libyaml's text into a message without positions and the position of the construct it
/// was reading, when it names one: "PROBLEM at line L column C, while CONTEXT at line L column C".
fn describe_yaml_error(text: &str) -> (String, Option<(u32, u32)>) {
    let (problem, context) = match text.split_once(", while ") {
        Some((problem, context)) => (problem, Some(context)),
        None => (text, None),
    };
    let strip = |part: &str| part.split(" at line ").next().unwrap_or(part).to_string();
    let mark = context.and_then(|c| {
        let (_, at) = c.split_once(" at line ")?;
        let (line, column) = at.split_once(" column ")?;
        Some((line.trim().parse().ok()?, column.trim().parse().ok()?))
    });
    let message = match context {
        Some(context) => format!("{}, while {}", strip(problem), strip(context)),
        None => strip(problem),
    };
    (message, mark)
}

fn opening_fence(text: &str) -> Option<usize> {
    let line_end = text.find('\n').unwrap_or(text.len());
    (text[..line_end].trim_end() == "---").then(|| (line_end + 1).min(text.len()))
}

/// Finds the closing `---` line after `from`; returns where the YAML ends and the body begins.
fn closing_fence(text: &str, from: usize) -> Option<(usize, usize)> {
    let mut offset = from;
    for line in text[from..].split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Some((offset, offset + line.len()));
        }
        offset += line.len();
    }
    None
}

/// Front matter is a few short fields; anything this large is not a challenge's.
const MAX_FRONT_MATTER: usize = 256 << 10;
/// How deep brackets may nest in front matter. The YAML parser's time grows with the square of
/// the depth, so deeper input is refused before it sees it.
const MAX_NESTING: usize = 64;

fn read_fields(yaml: &str, diags: &mut Collector, front: &mut FrontMatter, yaml_offset: usize) {
    if yaml.trim().is_empty() {
        diags.add(
            Rule::FrontMatter,
            Span::at(0),
            "the front matter is empty",
            None,
        );
        return;
    }
    if yaml.len() > MAX_FRONT_MATTER {
        diags.add(
            Rule::FrontMatter,
            Span::at(yaml_offset),
            format!(
                "the front matter is {} KiB; front matter is a few fields, at most {} KiB",
                yaml.len() >> 10,
                MAX_FRONT_MATTER >> 10
            ),
            Some("end the front matter with a line that holds only `---`"),
        );
        return;
    }
    if let Some((at, why)) = too_deep(yaml) {
        diags.add(Rule::FrontMatter, Span::at(yaml_offset + at), why, None);
        return;
    }
    let fields = match simple_fields(yaml) {
        Some(fields) => fields,
        None => match yaml_fields(yaml, diags, yaml_offset) {
            Some(fields) => fields,
            None => return,
        },
    };
    for (key, value) in fields {
        let span = field_span(yaml, yaml_offset, &key);
        let raw = || raw_scalar(yaml, span.start - yaml_offset);
        match key.as_str() {
            "id" => front.id = expect_string(&key, &value, span, raw, diags),
            "title" => front.title = expect_string(&key, &value, span, raw, diags),
            "dashedName" => front.dashed_name = expect_string(&key, &value, span, raw, diags),
            "challengeType" => front.challenge_type = expect_integer(&key, &value, span, diags),
            "forumTopicId" => front.forum_topic_id = expect_integer(&key, &value, span, diags),
            _ => {}
        }
        front.fields.push((key, value));
    }
}

/// The fields as the YAML parser reads them, or `None` after reporting why it cannot.
fn yaml_fields(
    yaml: &str,
    diags: &mut Collector,
    yaml_offset: usize,
) -> Option<Vec<(String, FieldValue)>> {
    let value: Value = match serde_yaml::from_str(yaml) {
        Ok(value) => value,
        Err(err) => {
            let base = diags.position(yaml_offset);
            let relative = |line: u32, col: u32| Position {
                line: base.line + line - 1,
                col,
            };
            let detected = err
                .location()
                .map_or(base, |loc| relative(loc.line() as u32, loc.column() as u32));
            let (message, context) = describe_yaml_error(&err.to_string());
            // The construct the parser was reading (an open bracket or quote) is where the
            // mistake usually is; where it noticed is often the line after.
            let position = context.map_or(detected, |(line, col)| relative(line, col));
            diags.add_at(
                Rule::FrontMatter,
                position,
                format!("invalid YAML in front matter: {message}"),
            );
            return None;
        }
    };
    let Value::Mapping(map) = value else {
        diags.add(
            Rule::FrontMatter,
            Span::at(yaml_offset),
            "the front matter is not a list of `key: value` fields",
            None,
        );
        return None;
    };
    Some(
        map.into_iter()
            .map(|(key, value)| {
                let key = match key {
                    Value::String(s) => s,
                    other => scalar_text(&other),
                };
                (key, convert(value))
            })
            .collect(),
    )
}

/// Front matter made only of `key: value` lines whose values are plainly text or a whole
/// number, read without the YAML parser (most challenge files are like this, and the parser is
/// a large share of validating them). `None` for anything else, which the parser then reads, so
/// both ways give the same fields.
fn simple_fields(yaml: &str) -> Option<Vec<(String, FieldValue)>> {
    let mut fields: Vec<(String, FieldValue)> = Vec::new();
    for line in yaml.lines() {
        if line.trim().is_empty() {
            continue;
        }
        let (key, rest) = line.split_once(':')?;
        let plain_key = key.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
            && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
        let value = rest.strip_prefix(' ')?.trim_end_matches(' ');
        if !plain_key || value.is_empty() || value.starts_with(' ') || value.contains('\t') {
            return None;
        }
        let value = match value.as_bytes()[0] {
            b'\'' => {
                let inner = value.strip_prefix('\'')?.strip_suffix('\'')?;
                // Inside single quotes, a quote is written twice; a lone one ends the scalar.
                if inner.replace("''", "").contains('\'') {
                    return None;
                }
                FieldValue::String(inner.replace("''", "'"))
            }
            b'"' => {
                let inner = value.strip_prefix('"')?.strip_suffix('"')?;
                if inner.contains(['"', '\\']) {
                    return None;
                }
                FieldValue::String(inner.to_string())
            }
            first => {
                let indicator = b"-?:,[]{}#&*!|>%@`".contains(&first);
                if indicator || value.contains(": ") || value.contains(" #") || value.ends_with(':')
                {
                    return None;
                }
                plain_scalar(value)?
            }
        };
        if fields.iter().any(|(k, _)| k == key) {
            return None;
        }
        fields.push((key.to_string(), value));
    }
    Some(fields)
}

/// A plain scalar that can only be text, or a plain whole number; `None` when YAML's typing
/// rules need the parser (booleans, nulls, floats, numbers with a sign or leading zeros).
fn plain_scalar(value: &str) -> Option<FieldValue> {
    let digits = value.bytes().all(|b| b.is_ascii_digit());
    if digits && (value.len() == 1 || !value.starts_with('0')) {
        return value.parse().ok().map(FieldValue::Integer);
    }
    const WORDS: [&str; 14] = [
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", ".inf", "-.inf", "+.inf",
        ".nan",
    ];
    if WORDS.contains(&value.to_ascii_lowercase().as_str()) {
        return None;
    }
    // Anything YAML reads as a number is made of these characters alone.
    let numeric = |c: char| c.is_ascii_digit() || "+-._eExXoObB".contains(c);
    (!value.chars().all(numeric)).then(|| FieldValue::String(value.to_string()))
}

/// Where flow brackets (`[`, `{`) first nest deeper than the limit, skipping quoted text and
/// comments, or where there are more brackets than any front matter needs (which also bounds
/// input that hides brackets behind an unclosed quote); `None` when neither happens.
fn too_deep(yaml: &str) -> Option<(usize, String)> {
    const MAX_BRACKETS: usize = 4096;
    let mut depth = 0usize;
    let mut brackets = 0usize;
    let mut quote: Option<u8> = None;
    let mut escaped = false;
    let mut comment = false;
    let bytes = yaml.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if matches!(b, b'[' | b'{') {
            brackets += 1;
            if brackets > MAX_BRACKETS {
                let why = format!("the front matter has more than {MAX_BRACKETS} brackets");
                return Some((i, why));
            }
        }
        if comment {
            comment = b != b'\n';
            continue;
        }
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if q == b'"' && b == b'\\' {
                escaped = true;
            } else if b == q {
                quote = None;
            }
            continue;
        }
        let starts_scalar = i == 0
            || matches!(
                bytes[i - 1],
                b' ' | b'\t' | b'\n' | b'[' | b'{' | b',' | b':'
            );
        match b {
            b'"' | b'\'' if starts_scalar => quote = Some(b),
            b'#' if i == 0 || bytes[i - 1].is_ascii_whitespace() => comment = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    let why = format!(
                        "the front matter nests brackets more than {MAX_NESTING} levels deep"
                    );
                    return Some((i, why));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// The span of the line that defines `key`, so type errors point at the field.
fn field_span(yaml: &str, yaml_offset: usize, key: &str) -> Span {
    let mut offset = 0;
    for line in yaml.split_inclusive('\n') {
        if line
            .strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with(':'))
        {
            return Span::at(yaml_offset + offset);
        }
        offset += line.len();
    }
    Span::at(yaml_offset)
}

/// The text after `key:` on the field's line, without quotes: what the author wrote.
fn raw_scalar(yaml: &str, line_start: usize) -> String {
    let line = yaml[line_start..].lines().next().unwrap_or("");
    let value = line.split_once(':').map_or("", |(_, v)| v).trim();
    value.trim_matches(|c| c == '"' || c == '\'').to_string()
}

fn expect_string(
    key: &str,
    value: &FieldValue,
    span: Span,
    raw: impl Fn() -> String,
    diags: &mut Collector,
) -> Option<String> {
    match value {
        FieldValue::String(s) => Some(s.clone()),
        // YAML reads `id: 5e46f7e5ac417301a38fb928` as a string, but `id: 123` or
        // `id: 000000000000000000000e10` as a number. What the author wrote is still usable,
        // though other tools will read the number.
        FieldValue::Integer(_) | FieldValue::Float(_) | FieldValue::Bool(_) => {
            let text = raw();
            diags.add(
                Rule::YamlType,
                span,
                format!(
                    "YAML reads `{key}: {text}` as a {}, not as text",
                    kind(value)
                ),
                Some(&format!("quote it: `{key}: '{text}'`")),
            );
            Some(text)
        }
        _ => {
            diags.add(
                Rule::FrontMatter,
                span,
                format!("front matter field `{key}` must be a string"),
                None,
            );
            None
        }
    }
}

fn kind(value: &FieldValue) -> &'static str {
    match value {
        FieldValue::Bool(_) => "boolean",
        FieldValue::Integer(_) | FieldValue::Float(_) => "number",
        _ => "value",
    }
}

fn expect_integer(key: &str, value: &FieldValue, span: Span, diags: &mut Collector) -> Option<i64> {
    match value {
        FieldValue::Integer(n) => Some(*n),
        FieldValue::String(s) if s.trim().parse::<i64>().is_ok() => s.trim().parse().ok(),
        _ => {
            diags.add(
                Rule::FrontMatter,
                span,
                format!("front matter field `{key}` must be a whole number"),
                None,
            );
            None
        }
    }
}

fn convert(value: Value) -> FieldValue {
    match value {
        Value::Null => FieldValue::Null,
        Value::Bool(b) => FieldValue::Bool(b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => FieldValue::Integer(i),
            None => FieldValue::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => FieldValue::String(s),
        Value::Sequence(items) => FieldValue::List(items.into_iter().map(convert).collect()),
        Value::Mapping(map) => FieldValue::Map(
            map.into_iter()
                .map(|(k, v)| (scalar_text(&k), convert(v)))
                .collect(),
        ),
        Value::Tagged(tagged) => convert(tagged.value),
    }
}

fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Null => "null".to_string(),
        _ => "?".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::{simple_fields, yaml_fields};
    use crate::diagnostic::Collector;
    use std::path::Path;

    /// Where the quick reader answers, it answers what the YAML parser does.
    fn agree(yaml: &str) -> bool {
        let Some(quick) = simple_fields(yaml) else {
            return false;
        };
        let mut diags = Collector::new(Path::new("x.md"), yaml);
        assert_eq!(Some(quick), yaml_fields(yaml, &mut diags, 0), "{yaml}");
        true
    }

    #[test]
    fn the_quick_reader_agrees_with_the_yaml_parser_or_leaves_it_the_file() {
        let quick = [
            "id: 5e46f7e5ac417301a38fb928\ntitle: Use the .env File\nchallengeType: 2\nforumTopicId: 301521\ndashedName: use-the-env-file\n",
            "title: 'Problem 15: Lattice paths'\n",
            "title: \"Step 1\"\n",
            "title: 'It''s here'\n",
            "title: 问题 15：网格路径\n",
            "id: 0\n",
        ];
        for yaml in quick {
            assert!(agree(yaml), "not read quickly: {yaml}");
        }
        let left = [
            "id: 000000000000000000000e10\n",
            "id: 123e4\n",
            "ok: yes\n",
            "n: null\n",
            "n: ~\n",
            "id: -5\n",
            "id: 0123\n",
            "title: a: b\n",
            "title: a #comment\n",
            "list:\n  - a\n",
            "title: \"esc\\n\"\n",
            "title: 'lone ' quote'\n",
            "a: 1\na: 2\n",
            "videoUrl: \n",
            "t: 1.5\n",
        ];
        for yaml in left {
            assert!(!agree(yaml), "read quickly: {yaml}");
        }
    }

    /// Every front matter of the real curriculum, when the corpus is there.
    #[test]
    fn the_quick_reader_agrees_on_the_whole_corpus() {
        let Some(root) = std::env::var_os("GRADER_CORPUS") else {
            return;
        };
        let mut stack = vec![std::path::PathBuf::from(root)];
        let (mut files, mut quick) = (0, 0);
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                if path.extension().is_none_or(|e| e != "md") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                let Some(rest) = text.strip_prefix("---\n") else {
                    continue;
                };
                let Some(end) = rest.find("\n---\n") else {
                    continue;
                };
                files += 1;
                if agree(&rest[..end + 1]) {
                    quick += 1;
                }
            }
        }
        assert!(quick * 10 >= files * 9, "{quick} of {files} read quickly");
    }
}
