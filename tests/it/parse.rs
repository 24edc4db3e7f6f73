//! The parser: what it reads, and one clear diagnostic for each kind of broken file.

use std::path::Path;

use grader::parse::{parse, parse_bytes};

use super::support::diagnostic_lines;

/// Parses `text` and compares its diagnostics, as `line:col: message`, with `expected`.
#[track_caller]
fn check(text: &str, expected: &[&str]) {
    let got = diagnostic_lines(&parse(Path::new("x.md"), text));
    assert_eq!(got, expected, "diagnostics of:\n{text}");
}

const FRONT: &str =
    "---\nid: 0123456789abcdef01234567\ntitle: T\nchallengeType: 2\ndashedName: t\n---\n";

fn with_front(body: &str) -> String {
    format!("{FRONT}{body}")
}

#[test]
fn a_well_formed_file_has_no_diagnostics() {
    check(
        &with_front(
            "\n# --description--\n\nHi.\n\n# --hints--\n\nText.\n\n```js\nassert(true)\n```\n",
        ),
        &[],
    );
}

#[test]
fn broken_files_each_give_one_diagnostic_with_its_position() {
    check(
        "---\nid: x\ntitle: T\n\n# --hints--\n",
        &["1:1: the front matter opened on line 1 is never closed"],
    );
    check(
        "# --hints--\n",
        &["1:1: the file does not start with front matter"],
    );
    check(
        "---\nid: [x\ntitle: T\n---\n",
        &["2:5: invalid YAML in front matter: did not find expected ',' or ']', while parsing a flow sequence"],
    );
    check(
        &with_front("\n# --hints--\n\nFirst.\n\n```js\na()\n```\n\nSecond, with no code.\n"),
        &["16:1: hint 2 has text but no code block"],
    );
    check(
        &with_front("\n# --hints--\n\n```js\na()\n```\n"),
        &["10:1: hint 1 has a code block but no text"],
    );
    check(
        &with_front("\n# --hint--\n\nText.\n"),
        &["8:1: the marker `--hint--` is not known to this version of grade"],
    );
    check(
        &with_front("\n# --hints--\n\nText.\n\n```js\nnever closed\n"),
        &["12:1: the code fence of hint 1 is never closed; it runs to the end of the file"],
    );
    check(
        &with_front("\n# --hints--\n\nText.\n\n```python\nx\n```\n"),
        &["12:1: hint 1 has a `python` block; hint code is JavaScript"],
    );
    check(
        &with_front("\n# --hints--\n\nText.\n\n    indented()\n"),
        &["12:5: hint 1 has indented code; hint code must be a fenced block"],
    );
    check(
        "---\nid: x\ntitle: T\nchallengeType: two\n---\n",
        &["4:1: front matter field `challengeType` must be a whole number"],
    );
    check("---\n---\n", &["1:1: the front matter is empty"]);
    check(
        "---\n- a\n- b\n---\n",
        &["2:1: the front matter is not a list of `key: value` fields"],
    );
}

#[test]
fn markers_that_open_no_section_and_fences_that_swallow_one_are_found() {
    check(
        &with_front("\n# --hintz--\n\nText.\n"),
        &["8:1: the marker `--hintz--` is not known to this version of grade"],
    );
    let parsed = parse(Path::new("x.md"), &with_front("\n# --hintz--\n"));
    assert_eq!(
        parsed.diagnostics[0].help.as_deref(),
        Some("did you mean `--hints--`?")
    );
    for (heading, text) in [
        ("# --explanation", "--explanation"),
        ("### --feedback---", "--feedback---"),
        ("## -blanks--", "-blanks--"),
    ] {
        let parsed = parse(
            Path::new("x.md"),
            &with_front(&format!("\n{heading}\n\nText.\n")),
        );
        assert_eq!(
            diagnostic_lines(&parsed),
            [format!(
                "8:1: `{text}` looks like a marker but is not `--name--`, so it opens no section"
            )]
        );
        assert!(parsed.challenge.sections.is_empty());
        assert_eq!(parsed.challenge.odd_markers.len(), 1);
    }
    check(
        &with_front("\n<h1 spaces-before=\"0\">--hints--</h1>\n\nText.\n"),
        &["8:1: `--hints--` is in an HTML heading, so it opens no section"],
    );
    // A description's block left open runs over the hints marker to the hint's closing fence.
    let text = with_front(
        "\n# --description--\n\n```js\nx()\n\n# --hints--\n\nText.\n\n```js\nassert(true)\n```\n",
    );
    check(
        &text,
        &["10:1: this code block swallows the `--hints--` marker on line 13, so those sections are lost"],
    );
    // One left open at the end of the file loses nothing: a warning.
    let parsed = parse(
        Path::new("x.md"),
        &with_front("\n# --description--\n\nHi.\n\n# --seed--\n\n```js\nx()\n"),
    );
    assert_eq!(
        diagnostic_lines(&parsed),
        ["14:1: this code fence is never closed; it runs to the end of the file"]
    );
    assert!(!parsed.has_errors());
}

#[test]
fn hints_keep_their_text_code_and_lines() {
    let text = with_front("\n# --hints--\n\n`/x` should *work*.\n\n```js\nconst a = 1;\nassert(a)\n```\n\nSecond.\n\n```javascript\nb()\n```\n");
    let parsed = parse(Path::new("x.md"), &text);
    let hints = &parsed.challenge.hints;
    assert_eq!(hints.len(), 2);
    assert_eq!(hints[0].text, "`/x` should *work*.");
    assert_eq!(hints[0].code, "const a = 1;\nassert(a)\n");
    assert_eq!(hints[0].code_line, 13);
    assert_eq!(hints[1].text, "Second.");
    assert_eq!(hints[1].fence_language, "javascript");
    assert_eq!(hints[1].code_line, 20);
}

#[test]
fn front_matter_keeps_every_field_typed_where_known() {
    let parsed = parse(
        Path::new("x.md"),
        "---\nid: 5e46f7e5ac417301a38fb928\ntitle: 'A: B'\nchallengeType: 4\nforumTopicId: 301560\ndashedName: a-b\nvideoUrl: https://x.example\n---\n",
    );
    let front = &parsed.challenge.front;
    assert_eq!(front.id.as_deref(), Some("5e46f7e5ac417301a38fb928"));
    assert_eq!(front.title.as_deref(), Some("A: B"));
    assert_eq!(front.challenge_type, Some(4));
    assert_eq!(front.forum_topic_id, Some(301560));
    assert_eq!(front.dashed_name.as_deref(), Some("a-b"));
    let names: Vec<&str> = front.fields.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        names,
        [
            "id",
            "title",
            "challengeType",
            "forumTopicId",
            "dashedName",
            "videoUrl"
        ]
    );
}

#[test]
fn an_id_that_yaml_reads_as_a_number_is_kept_as_written_with_a_warning() {
    let text = "---\nid: 000000000000000000000e10\ntitle: T\n---\n";
    check(
        text,
        &["2:1: YAML reads `id: 000000000000000000000e10` as a number, not as text"],
    );
    let parsed = parse(Path::new("x.md"), text);
    assert_eq!(
        parsed.challenge.front.id.as_deref(),
        Some("000000000000000000000e10")
    );
    assert!(!parsed.has_errors());
}

#[test]
fn sections_run_to_the_next_marker_of_the_same_or_a_higher_level() {
    let text = with_front("\n# --seed--\n\n## --seed-contents--\n\n```js\nx\n```\n\n## Not a marker\n\n# --solutions--\n\nS\n");
    let parsed = parse(Path::new("x.md"), &text);
    let names: Vec<(&str, u8, Option<usize>)> = parsed
        .challenge
        .sections
        .iter()
        .map(|s| (s.name.as_str(), s.level, s.parent))
        .collect();
    assert_eq!(
        names,
        [
            ("seed", 1, None),
            ("seed-contents", 2, Some(0)),
            ("solutions", 1, None)
        ]
    );
    assert!(parsed
        .challenge
        .section_text("seed-contents")
        .unwrap()
        .contains("## Not a marker"));
    assert_eq!(parsed.challenge.section_text("solutions"), Some("S"));
}

#[test]
fn crlf_and_a_bom_are_accepted_with_the_same_positions() {
    let unix = with_front("\n# --hints--\n\nText.\n\n```js\na()\n```\n\nNo code.\n");
    let windows = format!("\u{feff}{}", unix.replace('\n', "\r\n"));
    let a = parse(Path::new("x.md"), &unix);
    let b = parse(Path::new("x.md"), &windows);
    assert_eq!(a.challenge.hints, b.challenge.hints);
    assert_eq!(a.diagnostics, b.diagnostics);
    assert_eq!(
        b.challenge.front.id.as_deref(),
        Some("0123456789abcdef01234567")
    );
}

#[test]
fn a_lone_carriage_return_ends_a_line_for_every_stage() {
    // YAML counts the CRs as line breaks when it reports the broken key on line 5.
    check("---\nid: a\r\r\rtitle T\n---\n", &["5:1: invalid YAML in front matter: could not find expected ':', while scanning a simple key"]);
    let parsed = parse(
        Path::new("x.md"),
        &with_front("\r# --hints--\r\rText.\r\r```js\ra()\r```\r"),
    );
    assert_eq!(parsed.challenge.hints.len(), 1);
    assert_eq!(parsed.challenge.hints[0].code_line, 13);
}

#[test]
fn bytes_that_are_not_utf8_are_a_diagnostic() {
    let mut bytes = with_front("\n# --description--\n\n").into_bytes();
    bytes.extend_from_slice(&[0xff, 0xfe, b'\n']);
    let parsed = parse_bytes(Path::new("x.md"), &bytes);
    assert_eq!(parsed.diagnostics.len(), 1);
    assert_eq!(parsed.diagnostics[0].message, "the file is not valid UTF-8");
    assert_eq!(parsed.diagnostics[0].position.line, 10);
}

/// A small deterministic generator (xorshift), so a failure reproduces from its seed.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const MARKDOWN: &[&str] = &[
    "---\n",
    "# --hints--\n",
    "## --seed-contents--\n",
    "# --description--\n",
    "```js\n",
    "```\n",
    "````\n",
    "~~~\n",
    "text `code`\n",
    "\r\n",
    "\u{feff}",
    "    indented\n",
    "<div>\n",
    "</div>\n",
    "- item\n",
    "1. item\n",
    "> quote\n",
    "é漢字\n",
    "# --\n",
    "# ----\n",
    "# --x--\n",
    "\n",
    ":",
    "`",
    "*",
    "[link](x)",
    "<!-- c -->",
    "|a|b|\n",
    "\t",
    "\\",
    "#",
    " ",
];

const YAML: &[&str] = &[
    "id: ",
    "title: ",
    "challengeType: ",
    "dashedName: ",
    "forumTopicId: ",
    "x: ",
    "- ",
    "  ",
    "[",
    "]",
    "{",
    "}",
    "'",
    "\"",
    "&a ",
    "*a",
    "!!str ",
    "|\n",
    ">\n",
    "~",
    "null",
    "1e9",
    "0x1F",
    "true",
    "\n",
    ": ",
    "? ",
    "# c\n",
    "---\n",
    "...\n",
    "é",
    "\u{0}",
];

/// Parses each input on another thread and fails if one panics or they do not all return
/// within a minute.
fn parse_returns(inputs: Vec<Vec<u8>>) {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for input in &inputs {
            let parsed = parse_bytes(Path::new("fuzz.md"), input);
            for d in &parsed.diagnostics {
                assert!(d.position.line >= 1 && d.position.col >= 1, "{input:?}");
            }
        }
        let _ = tx.send(());
    });
    rx.recv_timeout(std::time::Duration::from_secs(60))
        .expect("the parser panicked or did not return");
}

#[test]
fn random_markdown_yaml_and_bytes_never_panic_and_always_return() {
    let mut random = Random(0x2545_f491_4f6c_dd1d);
    let mut inputs = Vec::new();
    for _ in 0..2000 {
        let mut text = String::new();
        for _ in 0..random.below(24) {
            text.push_str(random.pick(MARKDOWN));
        }
        inputs.push(text.into_bytes());
    }
    for _ in 0..2000 {
        let mut text = String::from("---\n");
        for _ in 0..random.below(16) {
            text.push_str(random.pick(YAML));
        }
        text.push_str(random.pick(&["\n---\n# --hints--\n\nT\n\n```js\nx\n```\n", "\n", "---"]));
        inputs.push(text.into_bytes());
    }
    for _ in 0..2000 {
        let length = random.below(300);
        inputs.push((0..length).map(|_| random.next() as u8).collect());
    }
    // Concatenations make longer documents out of the same pieces.
    let joined: Vec<Vec<u8>> = inputs.chunks(50).map(|c| c.concat()).collect();
    inputs.extend(joined);
    parse_returns(inputs);
}
