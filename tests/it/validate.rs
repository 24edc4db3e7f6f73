//! `grade validate` on the real corpus and on mutated copies of it: each defect is reported
//! once, at the right file and line, and the clean copy reports only the drift that is really
//! there.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use grader::parse::parse;

use super::support::{assert_contains, grade, temp_dir, TempChallenge};

fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("GRADER_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| super::support::root().join("../shared/corpus"))
        .join("freecodecamp");
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

/// (file relative to the curriculum root, line, message) of every diagnostic.
fn findings(root: &Path) -> (i32, BTreeSet<(String, u64, String)>) {
    let run = grade(&["validate", root.to_str().unwrap(), "--format", "json"]);
    let report = run.json();
    let set = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let file = d["file"].as_str().unwrap();
            let relative = Path::new(file)
                .strip_prefix(root)
                .unwrap()
                .display()
                .to_string();
            (
                relative,
                d["line"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (run.code, set)
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
    let root = temp_dir("validate").join("freecodecamp");
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
        format!("{} hints here but {count} in English", count - 1),
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
    let _ = std::fs::remove_dir_all(root.parent().unwrap());
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

#[test]
fn warnings_fail_only_when_denied_and_formats_render() {
    let dir = temp_dir("warnings");
    let front = "---\nid: 00000000000000000000cccc\ntitle: T\nchallengeType: 2\nforumTopicId: 1\ndashedName: t\n---\n\n# --hints--\n\n";
    for language in ["english", "german"] {
        std::fs::create_dir_all(dir.join(language).join("block")).unwrap();
        let text = format!("{front}Same text.\n\n```js\nassert(true)\n```\n");
        std::fs::write(dir.join(language).join("block/t.md"), text).unwrap();
    }
    let root = dir.to_str().unwrap();
    let plain = grade(&["validate", root]);
    assert_eq!(plain.code, 0, "{}", plain.stderr);
    assert_contains(
        &plain.stderr,
        "warning: hint 1's text is the same as in English; is it translated?",
    );
    assert_contains(&plain.stderr, "2 files checked: 0 errors, 1 warnings");
    let denied = grade(&["validate", root, "--deny", "warnings"]);
    assert_eq!(denied.code, 1);
    let github = grade(&["validate", root, "--format", "github"]);
    assert_contains(&github.stdout, &format!("::warning file={root}/german/block/t.md,line=11,col=1,title=grade validate::hint 1's text"));
    let german = grade(&["validate", &format!("{root}/german")]);
    assert_eq!(
        german.code, 0,
        "a language folder is compared with the English beside it"
    );
    assert_contains(&german.stderr, "1 files checked: 0 errors, 1 warnings");
    let _ = std::fs::remove_dir_all(&dir);
    let broken = TempChallenge::from_text("levels", "---\nid: a\ntitle: T\nchallengeType: 99\n---\n\n## --hints--\n\nText.\n\n```js\nassert(\n```\n");
    let run = grade(&["validate", broken.path(), "--format", "json"]);
    let messages: Vec<String> = run.json()["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| format!("{}: {}", d["line"], d["message"].as_str().unwrap()))
        .collect();
    assert_eq!(
        messages,
        [
            "1: the front matter has no `dashedName`",
            "4: unknown challengeType 99",
            "7: `--hints--` must be a level-1 heading",
            "12: hint 1 does not compile: SyntaxError: unexpected token in expression: '}'",
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
    assert!(
        !messages.iter().any(|m| m.starts_with("there is no")),
        "{messages:?}"
    );
    assert_eq!(messages.len(), 4, "{messages:?}");
    let missing = grade(&["validate", "/no/such/path"]);
    assert_eq!(missing.code, 2);
}
