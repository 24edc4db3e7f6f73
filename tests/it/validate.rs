//! `grade validate` on the real corpus and on mutated copies of it: each defect is reported
//! once, at the right file and line, and the clean copy reports only the drift that is really
//! there; English, which freeCodeCamp builds every day, has no errors.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use grader::challenge::InlineKind;
use grader::parse::parse;

use super::support::{assert_contains, grade, temp_dir, TempChallenge};

fn corpus() -> Option<PathBuf> {
    corpus_named("freecodecamp")
}

/// A corpus folder, or `None` outside CI when the shared corpus is not there.
fn corpus_named(name: &str) -> Option<PathBuf> {
    let dir = std::env::var_os("GRADER_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| super::support::root().join("../shared/corpus"))
        .join(name);
    if !dir.is_dir() {
        assert!(
            std::env::var_os("CI").is_none(),
            "the corpus is missing at {}",
            dir.display()
        );
        return None;
    }
    Some(dir)
}

/// (file relative to the curriculum root, line, and the field `key`: the message or the rule)
/// of every diagnostic of `report`.
fn triples(root: &Path, report: &serde_json::Value, key: &str) -> BTreeSet<(String, u64, String)> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let file = Path::new(d["file"].as_str().unwrap());
            let relative = file.strip_prefix(root).unwrap().display().to_string();
            (
                relative,
                d["line"].as_u64().unwrap(),
                d[key].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// (file relative to the curriculum root, line, message) of every diagnostic.
fn findings(root: &Path) -> (i32, BTreeSet<(String, u64, String)>) {
    let run = grade(&["validate", root.to_str().unwrap(), "--format", "json"]);
    (run.code, triples(root, &run.json(), "message"))
}

#[test]
fn the_corpus_reports_exactly_its_hint_drift_and_dashed_name_mismatches() {
    let Some(root) = corpus() else { return };
    let (code, found) = findings(&root);
    assert_eq!(code, 1);
    let mut drifted: BTreeSet<(String, String)> = BTreeSet::new();
    let mut names = BTreeSet::new();
    for (file, _, message) in &found {
        let mut parts = file.split('/');
        let language = parts.next().unwrap().to_string();
        let id = file
            .rsplit('/')
            .next()
            .unwrap()
            .trim_end_matches(".md")
            .to_string();
        if message.ends_with("'s code differs from English") {
            drifted.insert((language, id));
        } else if message.starts_with("`dashedName` is ") {
            names.insert((language, id));
        } else {
            panic!("unexpected diagnostic: {file}: {message}");
        }
    }
    for language in ["german", "portuguese", "espanol", "chinese", "japanese"] {
        let count = drifted.iter().filter(|(l, _)| l == language).count();
        assert_eq!(count, 70, "{language}");
    }
    let ids: BTreeSet<&str> = drifted.iter().map(|(_, id)| id.as_str()).collect();
    assert_eq!(
        ids.len(),
        70,
        "the five translations drift in the same challenges"
    );
    let expected: BTreeSet<(String, String)> = ["portuguese", "espanol", "chinese"]
        .iter()
        .flat_map(|l| {
            ["587d824f367417b2b2512c5a", "587d824f367417b2b2512c5b"]
                .map(|id| (l.to_string(), id.to_string()))
        })
        .collect();
    assert_eq!(names, expected);
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn edit(path: &Path, change: impl FnOnce(String) -> String) -> String {
    let text = change(std::fs::read_to_string(path).unwrap());
    std::fs::write(path, &text).unwrap();
    text
}

fn line_of(text: &str, needle: &str) -> u64 {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not found"));
    text[..at].matches('\n').count() as u64 + 1
}

#[test]
fn each_defect_in_a_copy_of_the_corpus_is_reported_once_where_it_is() {
    let Some(source) = corpus() else { return };
    let scratch = temp_dir("validate");
    let root = scratch.join("freecodecamp");
    copy_tree(&source, &root);
    let (_, baseline) = findings(&root);
    // Challenges with no finding in any language and at least two hints take the defects.
    let english = root.join("english");
    let mut clean: Vec<(String, String)> = Vec::new();
    for block in std::fs::read_dir(&english).unwrap().flatten() {
        for file in std::fs::read_dir(block.path()).unwrap().flatten() {
            let name = file.file_name().to_string_lossy().to_string();
            let relative = format!("{}/{name}", block.file_name().to_string_lossy());
            let text = std::fs::read_to_string(file.path()).unwrap();
            let hints = parse(&file.path(), &text).challenge.hints.len();
            if hints >= 2 && !baseline.iter().any(|(f, _, _)| f.ends_with(&relative)) {
                clean.push((relative, text));
            }
        }
    }
    clean.sort();
    assert!(clean.len() >= 6, "only {} clean challenges", clean.len());
    let path = |language: &str, i: usize| root.join(language).join(&clean[i].0);
    let relative = |language: &str, i: usize| format!("{language}/{}", clean[i].0);
    let mut expected = BTreeSet::new();

    // Changed hint code in German.
    let text = edit(&path("german", 0), |t| {
        t.replacen("```js\n", "```js\nconst changed = true;\n", 1)
    });
    let code_line = line_of(&text, "const changed = true;");
    expected.insert((
        relative("german", 0),
        code_line,
        "hint 1's code differs from English".to_string(),
    ));

    // A removed hint in Portuguese: its last text and code block go.
    let text = edit(&path("portuguese", 1), |t| {
        let hints = parse(Path::new("x.md"), &t).challenge.hints;
        let last = hints.last().unwrap();
        let end = last.code_span.end.min(t.len());
        format!("{}{}", &t[..last.text_span.start], &t[end..])
    });
    let count = parse(Path::new("x.md"), &clean[1].1).challenge.hints.len();
    expected.insert((
        relative("portuguese", 1),
        line_of(&text, "# --hints--"),
        format!(
            "the number of hints is {} here and {count} in English",
            count - 1
        ),
    ));

    // A changed dashedName in Spanish.
    let text = edit(&path("espanol", 2), |t| {
        t.replacen("dashedName: ", "dashedName: changed-", 1)
    });
    let line = line_of(&text, "dashedName: changed-");
    let spanish = parse(Path::new("x.md"), &text).challenge;
    let english_name = spanish
        .dashed_name()
        .trim_start_matches("changed-")
        .to_string();
    expected.insert((
        relative("espanol", 2),
        line,
        format!(
            "`dashedName` is `{}` here but `{english_name}` in English",
            spanish.dashed_name()
        ),
    ));

    // Broken YAML in Chinese.
    let text = edit(&path("chinese", 3), |t| {
        t.replacen("title: ", "title: [", 1)
    });
    let yaml_line = line_of(&text, "title: [");

    // A missing Japanese translation.
    std::fs::remove_file(path("japanese", 4)).unwrap();
    expected.insert((
        format!("english/{}", clean[4].0),
        1,
        format!(
            "there is no japanese translation (expected japanese/{})",
            clean[4].0
        ),
    ));

    // A JavaScript syntax error in a German hint.
    let text = edit(&path("german", 5), |t| {
        t.replacen("```js\n", "```js\nconst broken = ;\n", 1)
    });
    let broken_line = line_of(&text, "const broken = ;");

    let (code, after) = findings(&root);
    assert_eq!(code, 1);
    let new: BTreeSet<_> = after.difference(&baseline).cloned().collect();
    let gone: Vec<_> = baseline.difference(&after).collect();
    assert!(gone.is_empty(), "findings disappeared: {gone:?}");
    let yaml = new
        .iter()
        .find(|(f, _, _)| *f == relative("chinese", 3))
        .expect("the YAML error");
    assert_eq!(yaml.1, yaml_line);
    assert!(
        yaml.2.starts_with("invalid YAML in front matter"),
        "{}",
        yaml.2
    );
    let syntax = new
        .iter()
        .find(|(f, _, _)| *f == relative("german", 5))
        .expect("the syntax error");
    assert_eq!(syntax.1, broken_line);
    assert!(
        syntax.2.starts_with("hint 1 does not compile: SyntaxError"),
        "{}",
        syntax.2
    );
    let rest: BTreeSet<_> = new
        .iter()
        .filter(|d| *d != yaml && *d != syntax)
        .cloned()
        .collect();
    assert_eq!(rest, expected);
    assert_eq!(new.len(), 6, "each defect once: {new:#?}");
}

/// (file relative to the root, line, rule) of every finding, and the JSON report.
fn rule_findings(
    root: &Path,
    extra: &[&str],
) -> (BTreeSet<(String, u64, String)>, serde_json::Value) {
    let mut args = vec!["validate", root.to_str().unwrap(), "--format", "json"];
    args.extend(extra);
    let run = grade(&args);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    let report = run.json();
    (triples(root, &report, "rule"), report)
}

fn rule_counts(report: &serde_json::Value) -> BTreeMap<String, u64> {
    report["rules"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_u64().unwrap()))
        .collect()
}

#[test]
fn english_2024_has_no_errors_and_its_translations_only_the_defects_sampled() {
    let Some(root) = corpus_named("freecodecamp-2024") else {
        return;
    };
    let english = grade(&["validate", root.join("english").to_str().unwrap()]);
    assert_eq!(english.code, 0, "{}", english.stderr);
    assert_contains(&english.stderr, "7254 files checked: 0 errors, 3 warnings");
    // Every kind below was read through by hand on samples: translated or broken markers,
    // inline code and tags lost or changed, code that lags behind English.
    let (_, report) = rule_findings(&root, &[]);
    let expected: BTreeMap<String, u64> = [
        ("error:translated-marker", 2116),
        ("error:inline-code", 134),
        ("error:code-block", 17),
        ("error:html-tags", 11),
        ("error:code-differs", 8),
        ("error:hint-count", 3),
        ("warning:unclosed-fence", 6),
        ("warning:malformed-marker", 3),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    assert_eq!(rule_counts(&report), expected);
    assert_eq!(report["files"], 21762);
    let coverage = report["coverage"].as_array().unwrap();
    let german: u64 = coverage
        .iter()
        .filter(|c| c["language"] == "german")
        .map(|c| c["texts"].as_u64().unwrap())
        .sum();
    assert!(german > 20_000, "{german} German texts");
}

/// The offset of the first `needle` at or after `from`.
fn find_from(text: &str, from: usize, needle: &str) -> Option<usize> {
    text[from..].find(needle).map(|i| i + from)
}

fn line_at(text: &str, offset: usize) -> u64 {
    text[..offset].matches('\n').count() as u64 + 1
}

/// The byte range of a file's description.
fn description(text: &str) -> (usize, usize) {
    let parsed = parse(Path::new("x.md"), text);
    parsed
        .challenge
        .sections
        .iter()
        .find(|s| s.name == "description")
        .map_or((0, 0), |s| (s.body.start, s.body.end))
}

/// Where the description's first `<a href="https://` tag is, outside code.
fn anchor_tag(text: &str) -> Option<usize> {
    let parsed = parse(Path::new("x.md"), text);
    let (start, end) = description(text);
    parsed
        .challenge
        .inline
        .iter()
        .find(|i| {
            i.kind == InlineKind::Tag
                && i.start >= start
                && i.start < end
                && i.text.starts_with("<a href=\"https://")
        })
        .map(|i| i.start)
}

#[test]
fn each_translation_check_finds_its_defect_once_at_its_line() {
    let Some(source) = corpus_named("freecodecamp-2024") else {
        return;
    };
    let blocks = [
        "01-responsive-web-design/basic-html-and-html5",
        "01-responsive-web-design/basic-css",
        "11-machine-learning-with-python/tensorflow",
    ];
    let scratch = temp_dir("checks");
    let root = scratch.join("curriculum");
    for language in ["english", "german", "chinese"] {
        for block in blocks {
            copy_tree(
                &source.join(language).join(block),
                &root.join(language).join(block),
            );
        }
    }
    let (baseline, _) = rule_findings(&root, &[]);
    let clean = |language: &str, block: &str| -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(root.join(language).join(block))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                let relative = p.strip_prefix(&root).unwrap().display().to_string();
                !baseline
                    .iter()
                    .any(|(f, _, _)| f.ends_with(relative.split_once('/').unwrap().1))
            })
            .collect();
        files.sort();
        files
    };
    let html = clean("german", blocks[0]);
    let mut used: Vec<PathBuf> = Vec::new();
    let mut pick = |files: &[PathBuf], test: &dyn Fn(&str) -> bool| -> PathBuf {
        let file = files
            .iter()
            .find(|f| !used.contains(f) && test(&std::fs::read_to_string(f).unwrap()))
            .expect("a clean file to take the defect")
            .clone();
        used.push(file.clone());
        file
    };
    let english_of = |german: &Path| {
        root.join("english")
            .join(german.strip_prefix(root.join("german")).unwrap())
    };
    let relative = |p: &Path| p.strip_prefix(&root).unwrap().display().to_string();
    let mut expected: BTreeSet<(String, u64, String)> = BTreeSet::new();
    let mut expect = |file: &Path, line: u64, rule: &str| {
        expected.insert((relative(file), line, rule.to_string()));
    };

    // Inline code changed: a span that English has once, and so does this description.
    let single_span = |text: &str| -> Option<String> {
        let (start, end) = description(text);
        let body = &text[start..end];
        body.split('`')
            .skip(1)
            .step_by(2)
            .find(|span| {
                !span.is_empty()
                    && !span.contains('\n')
                    && body.matches(&format!("`{span}`")).count() == 1
            })
            .map(str::to_string)
    };
    let english_has = |german: &Path, span: &str| {
        let text = std::fs::read_to_string(english_of(german)).unwrap();
        let (start, end) = description(&text);
        text[start..end].contains(&format!("`{span}`"))
    };
    let file = pick(&html, &|t| single_span(t).is_some());
    let span = single_span(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert!(english_has(&file, &span), "{span} in English");
    let text = edit(&file, |t| {
        let (start, _) = description(&t);
        let at = find_from(&t, start, &format!("`{span}`")).unwrap();
        format!("{}`{span}-changed`{}", &t[..at], &t[at + span.len() + 2..])
    });
    expect(
        &file,
        line_of(&text, &format!("`{span}-changed`")),
        "inline-code",
    );

    // An HTML tag's target changed to another site.
    let file = pick(&html, &|t| anchor_tag(t).is_some());
    let text = edit(&file, |t| {
        let at = anchor_tag(&t).unwrap();
        format!(
            "{}<a href=\"https://example.com/{}",
            &t[..at],
            &t[at + 17..]
        )
    });
    expect(&file, line_of(&text, "https://example.com/"), "html-tags");

    // A line added to a code block of the description.
    let file = pick(&html, &|t| {
        let (start, end) = description(t);
        t[start..end].contains("\n```")
    });
    let text = edit(&file, |t| {
        let (start, _) = description(&t);
        let fence = find_from(&t, start, "\n```").unwrap() + 1;
        let line_end = find_from(&t, fence, "\n").unwrap() + 1;
        format!("{}changed();\n{}", &t[..line_end], &t[line_end..])
    });
    expect(&file, line_of(&text, "changed();"), "code-block");

    // A link target changed, in the block whose texts have markdown links.
    let tensorflow = clean("german", blocks[2]);
    let file = pick(&tensorflow, &|t| t.contains("](https://"));
    let text = edit(&file, |t| {
        t.replacen("](https://", "](https://example.com/", 1)
    });
    expect(
        &file,
        line_of(&text, "](https://example.com/"),
        "link-target",
    );

    // A translated marker: nothing else about the file is reported.
    let file = pick(&html, &|t| t.contains("\n# --hints--\n"));
    let text = edit(&file, |t| {
        t.replacen("\n# --hints--\n", "\n# --Hinweise--\n", 1)
    });
    expect(&file, line_of(&text, "# --Hinweise--"), "translated-marker");

    // The only code block of a description left open: it swallows the hints marker.
    let file = pick(&html, &|t| {
        let (start, end) = description(t);
        t[start..end].matches("\n```").count() == 2 && t.contains("\n# --hints--\n")
    });
    let text = edit(&file, |t| {
        let (start, _) = description(&t);
        let opening = find_from(&t, start, "\n```").unwrap() + 1;
        let closing = find_from(&t, opening + 3, "\n```").unwrap() + 1;
        let line_end = find_from(&t, closing, "\n").unwrap() + 1;
        format!("{}{}", &t[..closing], &t[line_end..])
    });
    let (start, _) = description(&text);
    let opening = find_from(&text, start, "\n```").unwrap() + 1;
    expect(&file, line_at(&text, opening), "swallowed-section");

    // An id reused in another block, under a new name: no finding.
    let english_html = clean("english", blocks[0]);
    let reused = english_html
        .iter()
        .find(|f| !used.iter().any(|u| english_of(u) == **f))
        .unwrap()
        .clone();
    let name = reused.file_name().unwrap().to_string_lossy().to_string();
    for language in ["english", "german", "chinese"] {
        let from = root.join(language).join(blocks[0]).join(&name);
        let to = root
            .join(language)
            .join(blocks[1])
            .join(format!("reused-{name}"));
        let text = std::fs::read_to_string(&from).unwrap();
        std::fs::write(&to, text.replacen("dashedName: ", "dashedName: reused-", 1)).unwrap();
    }

    // One id twice in a block, in each language; one dashedName twice in a block.
    for language in ["english", "german", "chinese"] {
        let dir = root.join(language).join(blocks[0]);
        let text = std::fs::read_to_string(dir.join(&name)).unwrap();
        let twice = dir.join("zz-twice.md");
        let copy = edit_to(&twice, text.replacen("dashedName: ", "dashedName: zz-", 1));
        expect(&twice, line_of(&copy, "id: "), "duplicate-id");
        let named = dir.join("zz-named.md");
        let id_line = text
            .lines()
            .find(|l| l.starts_with("id: "))
            .unwrap()
            .to_string();
        let copy = edit_to(
            &named,
            text.replacen(&id_line, "id: 0123456789abcdef0123zzzz", 1),
        );
        expect(
            &named,
            line_of(&copy, "dashedName: "),
            "duplicate-dashed-name",
        );
    }

    // A marker and a challengeType this version does not know: warnings.
    let english_css = clean("english", blocks[1]);
    let file = english_css[0].clone();
    let text = edit(&file, |t| format!("{t}\n# --future-section--\n\nNew.\n"));
    expect(
        &file,
        line_of(&text, "# --future-section--"),
        "unknown-marker",
    );
    let name = english_css[1].file_name().unwrap().to_owned();
    for language in ["english", "german", "chinese"] {
        let path = root.join(language).join(blocks[1]).join(&name);
        let text = edit(&path, |t| {
            let line = t
                .lines()
                .find(|l| l.starts_with("challengeType: "))
                .unwrap()
                .to_string();
            t.replacen(&line, "challengeType: 33", 1)
        });
        expect(
            &path,
            line_of(&text, "challengeType: 33"),
            "unknown-challenge-type",
        );
    }

    let (after, report) = rule_findings(&root, &[]);
    let gone: Vec<_> = baseline.difference(&after).collect();
    assert!(gone.is_empty(), "findings disappeared: {gone:?}");
    let new: BTreeSet<_> = after.difference(&baseline).cloned().collect();
    assert_eq!(new, expected, "{report:#}");
    let messages: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    let said = |needle: &str| messages.iter().any(|m| m.contains(needle));
    assert!(said(&format!(
        "has inline code `{span}-changed` where the English text has `{span}`"
    )));
    assert!(said("`# --Hinweise--` stands where the English file has `# --hints--`; markers are never translated"));
    assert!(said("this code block swallows the `--"));
    assert!(said(
        "the marker `--future-section--` is not known to this version of grade"
    ));
    assert!(said(
        "challengeType 33 is not known to this version of grade"
    ));
}

fn edit_to(path: &Path, text: String) -> String {
    std::fs::write(path, &text).unwrap();
    text
}

/// A small curriculum: English and German, one block, written by the test.
fn small_curriculum(name: &str, german_hint: &str) -> super::support::TempDir {
    let dir = temp_dir(name);
    let front = "---\nid: 00000000000000000000cccc\ntitle: T\nchallengeType: 2\nforumTopicId: 1\ndashedName: t\n---\n";
    let english = format!(
        "{front}\n# --description--\n\nUse `app.get()` here.\n\n# --future--\n\nSoon.\n\n# --hints--\n\nThe route `/a` answers.\n\n```js\nassert(true)\n```\n"
    );
    let german = format!(
        "{front}\n# --description--\n\nNimm `app.post()` hier.\n\n# --hints--\n\n{german_hint}\n\n```js\nassert(true)\n```\n"
    );
    for (language, text) in [("english", english), ("german", german)] {
        std::fs::create_dir_all(dir.join(language).join("block")).unwrap();
        std::fs::write(dir.join(language).join("block/t.md"), text).unwrap();
    }
    dir
}

#[test]
fn rules_are_counted_allowed_denied_and_shown_with_their_source() {
    let dir = small_curriculum("rules", "The route `/a` answers.");
    let root = dir.to_str().unwrap();
    let plain = grade(&["validate", root]);
    assert_eq!(plain.code, 1, "{}", plain.stderr);
    // The finding as rustc shows one: rule, location, the line with the span underlined.
    assert_contains(
        &plain.stderr,
        "error[inline-code]: the `--description--` text has inline code `app.post()` where the English text has `app.get()`",
    );
    assert_contains(&plain.stderr, &format!("--> {root}/german/block/t.md:11:6"));
    assert_contains(
        &plain.stderr,
        "11 | Nimm `app.post()` hier.\n   |      ^^^^^^^^^^^^",
    );
    assert_contains(
        &plain.stderr,
        "warning[unknown-marker]: the marker `--future--` is not known",
    );
    assert_contains(
        &plain.stderr,
        "findings by rule\n  error   inline-code          1\n  warning unknown-marker       1",
    );
    assert_contains(&plain.stderr, "  german  block        1 of 2        50.0%");
    assert_contains(&plain.stderr, "2 files checked: 1 error, 1 warning");

    let allowed = grade(&["validate", root, "--allow", "inline-code"]);
    assert_eq!(allowed.code, 0, "{}", allowed.stderr);
    assert_contains(&allowed.stderr, "2 files checked: 0 errors, 1 warning");
    let denied = grade(&[
        "validate",
        root,
        "--allow",
        "inline-code",
        "--deny",
        "warnings",
    ]);
    assert_eq!(denied.code, 1);
    assert_contains(&denied.stderr, "error[unknown-marker]");
    let warned = grade(&["validate", root, "--warn", "inline-code"]);
    assert_eq!(warned.code, 0);
    assert_contains(&warned.stderr, "0 errors, 2 warnings");
    let one = grade(&[
        "validate",
        root,
        "--allow",
        "inline-code",
        "--deny",
        "unknown-marker",
    ]);
    assert_eq!(one.code, 1);
    let unknown = grade(&["validate", root, "--deny", "no-such-rule"]);
    assert_eq!(unknown.code, 2);
    assert_contains(&unknown.stderr, "no rule is called `no-such-rule`");

    let json = grade(&["validate", root, "--format", "json"]).json();
    assert_eq!(json["diagnostics"][0]["rule"], "unknown-marker");
    assert_eq!(json["diagnostics"][1]["rule"], "inline-code");
    assert_eq!(json["rules"]["error:inline-code"], 1);
    assert_eq!(json["coverage"][0]["translated"], 1);
    let github = grade(&["validate", root, "--format", "github"]);
    assert_contains(
        &github.stdout,
        &format!("::error file={root}/german/block/t.md,line=11,col=6,title=grade validate [inline-code]::"),
    );

    let rules = grade(&["validate", "--list", "rules"]);
    assert_eq!(rules.code, 0);
    for rule in [
        "inline-code",
        "link-target",
        "html-tags",
        "code-block",
        "translated-marker",
        "unknown-marker",
    ] {
        assert_contains(&rules.stdout, rule);
    }
    // Every rule is described where the README sends people.
    let doc = std::fs::read_to_string(super::support::root().join("docs/validate.md")).unwrap();
    for line in rules.stdout.lines() {
        let id = line.split_whitespace().next().unwrap();
        assert_contains(&doc, &format!("| `{id}` |"));
    }
    let list = grade(&["validate", root, "--list", "untranslated"]);
    assert_eq!(
        list.stdout,
        format!("{root}/german/block/t.md:15: hint 1's text is the same as in English\n")
    );
    let listed = grade(&[
        "validate",
        root,
        "--list",
        "untranslated",
        "--format",
        "json",
    ])
    .json();
    assert_eq!(listed["untranslated"][0]["line"], 15);
    let german = grade(&[
        "validate",
        &format!("{root}/german"),
        "--allow",
        "inline-code",
    ]);
    assert_eq!(
        german.code, 0,
        "a language folder is compared with the English beside it"
    );
    assert_contains(&german.stderr, "1 file checked: 0 errors, 0 warnings");

    let broken = TempChallenge::from_text("levels", "---\nid: a\ntitle: T\nchallengeType: 99\n---\n\n## --hints--\n\nText.\n\n```js\nassert(\n```\n");
    let run = grade(&["validate", broken.path(), "--format", "json"]);
    let messages: Vec<String> = run.json()["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{} {}: {}",
                d["rule"].as_str().unwrap(),
                d["line"],
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        messages,
        [
            "missing-field 1: the front matter lacks the field `dashedName`",
            "unknown-challenge-type 4: challengeType 99 is not known to this version of grade",
            "marker-level 7: `--hints--` is a level-2 heading, which no curriculum file uses",
            "hint-syntax 12: hint 1 does not compile: SyntaxError: unexpected token in expression: '}'",
        ]
    );
    // A lone file checked beside a curriculum is not expected to have translations.
    let mixed = grade(&["validate", "challenges", broken.path(), "--format", "json"]);
    let report = mixed.json();
    let messages: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(messages.len(), 4, "{messages:?}");
    let missing = grade(&["validate", "/no/such/path"]);
    assert_eq!(missing.code, 2);
    let no_path = grade(&["validate"]);
    assert_eq!(no_path.code, 2);
}

fn git(dir: &Path, args: &[&str]) {
    let status = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .stdout(std::process::Stdio::null())
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

#[test]
fn changed_since_checks_the_changed_files_and_their_counterparts_only() {
    let dir = temp_dir("changed");
    let front = |id: &str, name: &str| {
        format!("---\nid: {id}\ntitle: T\nchallengeType: 2\nforumTopicId: 1\ndashedName: {name}\n---\n\n# --description--\n\nUse `x`.\n\n# --hints--\n\nText.\n\n```js\nassert(true)\n```\n")
    };
    for (block, names) in [("a", ["a1", "a2", "a3"]), ("b", ["b1", "b2", "b3"])] {
        for (i, name) in names.iter().enumerate() {
            let id = format!("0000000000000000000000{block}{i}");
            for language in ["english", "german", "chinese"] {
                let path = dir.join(language).join(block).join(format!("{name}.md"));
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, front(&id, name)).unwrap();
            }
        }
    }
    // A defect already committed, in a file the change does not touch.
    let old = dir.join("german/b/b3.md");
    std::fs::write(
        &old,
        std::fs::read_to_string(&old).unwrap().replace("`x`", "`y`"),
    )
    .unwrap();
    git(&dir, &["init", "-q"]);
    git(&dir, &["add", "."]);
    git(&dir, &["commit", "-q", "-m", "curriculum"]);
    let root = dir.to_str().unwrap();
    let clean = grade(&[
        "validate",
        root,
        "--changed-since",
        "HEAD",
        "--format",
        "json",
    ])
    .json();
    assert_eq!(clean["files"], 0);

    // Changed, new and deleted files.
    let changed = dir.join("german/a/a1.md");
    std::fs::write(
        &changed,
        std::fs::read_to_string(&changed)
            .unwrap()
            .replace("`x`", "`z`"),
    )
    .unwrap();
    std::fs::write(
        dir.join("english/a/a4.md"),
        front("0000000000000000000000a4", "a4"),
    )
    .unwrap();
    std::fs::remove_file(dir.join("chinese/b/b2.md")).unwrap();
    let run = grade(&[
        "validate",
        root,
        "--changed-since",
        "HEAD",
        "--format",
        "json",
    ]);
    let report = run.json();
    let found: BTreeSet<(String, String)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let file = d["file"]
                .as_str()
                .unwrap()
                .strip_prefix(&format!("{root}/"))
                .unwrap();
            (file.to_string(), d["rule"].as_str().unwrap().to_string())
        })
        .collect();
    let expected: BTreeSet<(String, String)> = [
        ("english/a/a4.md", "missing-translation"),
        ("english/a/a4.md", "missing-translation"),
        ("english/b/b2.md", "missing-translation"),
        ("german/a/a1.md", "inline-code"),
    ]
    .iter()
    .map(|(f, r)| (f.to_string(), r.to_string()))
    .collect();
    assert_eq!(found, expected, "{report:#}");
    assert_eq!(report["diagnostics"].as_array().unwrap().len(), 4);
    // a1 in three languages, a4 in English, b2 in English and German.
    assert_eq!(report["files"], 6);
    let bad = grade(&["validate", root, "--changed-since", "no-such-ref"]);
    assert_eq!(bad.code, 2);
    assert_contains(&bad.stderr, "no-such-ref");
}
