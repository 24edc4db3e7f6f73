//! Text from the app and the hint reaches no reader raw: JSON, TAP and the HTML page write control
//! and bidi characters as escapes, and nothing untrusted becomes a link, an image or markup in
//! the GitHub step summary.

use pulldown_cmark::{Event, Options, Parser, Tag};

use super::support::{grade, grade_with_env, temp_dir, Reply, Server, TempChallenge};

/// What an app answers: every kind of hidden character, and markdown that would link.
const HOSTILE: &str =
    "before\u{202e}gnp.exe\u{2066}x\u{2069}\u{9b}31m\u{1b}[2J\u{7}\u{0}\u{7f}\u{200f}\u{2028}after";

fn challenge() -> TempChallenge {
    TempChallenge::new(
        "escaping",
        &[
            (
                "The answer is plain.",
                "const text = await (await fetch(code)).text();\nif (text !== 'plain') assert.fail(text);",
            ),
            (
                "The hint says something hostile.",
                "assert.fail('![t](http://tracker.example/pixel.png) [click](https://evil.example) <img src=x onerror=alert(1)> www.evil.example `tick` | pipe **bold**');",
            ),
        ],
    )
}

/// The characters no reader may get as they are, apart from line breaks and tabs.
fn raw_hidden(text: &str) -> Vec<String> {
    text.chars()
        .filter(|&c| c != '\n' && c != '\t' && c != '\r')
        .filter(|&c| {
            c.is_control()
                || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .map(|c| format!("U+{:04X}", c as u32))
        .collect()
}

#[test]
fn json_and_tap_write_hidden_characters_as_escapes() {
    let server = Server::start(|_| Reply::ok(HOSTILE));
    let challenge = challenge();
    for format in ["json", "tap"] {
        let run = grade(&["--url", &server.url, "--format", format, challenge.path()]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(
            raw_hidden(&run.stdout).is_empty(),
            "{format}: {:?}",
            raw_hidden(&run.stdout)
        );
    }
    // The JSON still says what the app said, character for character.
    let run = grade(&["--url", &server.url, "--format", "json", challenge.path()]);
    let message = run.json()["challenges"][0]["hints"][0]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(message, HOSTILE);
}

#[test]
fn the_html_page_shows_hidden_characters_as_escapes() {
    let server = Server::start(|_| Reply::ok(HOSTILE));
    let challenge = challenge();
    let dir = temp_dir("escaping-html");
    let page = dir.join("page.html");
    let run = grade(&[
        "--url",
        &server.url,
        "--report-html",
        page.to_str().unwrap(),
        challenge.path(),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(raw_hidden(&html).is_empty(), "{:?}", raw_hidden(&html));
    assert!(
        html.contains("\\u{202e}"),
        "the override is shown as an escape"
    );
    assert!(
        !html.contains("<img src=x"),
        "markup from the hint is escaped"
    );
}

#[test]
fn the_step_summary_renders_no_link_image_or_markup_from_untrusted_text() {
    let server = Server::start(|_| Reply::ok(HOSTILE));
    let challenge = challenge();
    let dir = temp_dir("escaping-summary");
    let summary = dir.join("summary.md");
    let run = grade_with_env(
        &["--url", &server.url, "--format", "github", challenge.path()],
        &[("GITHUB_STEP_SUMMARY", summary.to_str().unwrap())],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let markdown = std::fs::read_to_string(&summary).unwrap();
    assert!(
        raw_hidden(&markdown).is_empty(),
        "{:?}",
        raw_hidden(&markdown)
    );
    let mut code = String::new();
    for event in Parser::new_ext(
        &markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    ) {
        match event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::Emphasis | Tag::Strong) => {
                panic!("the summary renders {event:?}:\n{markdown}")
            }
            // The line break between a challenge's hints is the summary's own.
            Event::Html(html) | Event::InlineHtml(html) if &*html != "<br>" => {
                panic!("the summary renders HTML {html:?}:\n{markdown}")
            }
            // GitHub links bare addresses in text, never in code.
            Event::Text(text) => assert!(
                !text.contains("http") && !text.contains("www."),
                "an address outside code: {text:?}\n{markdown}"
            ),
            Event::Code(text) => code.push_str(&text),
            _ => {}
        }
    }
    assert!(code.contains("[click](https://evil.example)"), "{code}");
    assert!(code.contains("| pipe"), "{code}");
}
