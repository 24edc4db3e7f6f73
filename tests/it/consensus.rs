//! `grade validate` where no English file is among the paths given, as in a repository of
//! translations alone: the translations of a challenge are held against each other.

use std::os::unix::fs::symlink;
use std::path::Path;

use super::support::{assert_contains, grade, temp_dir};

fn challenge(dashed: &str, kind: u8, code: &str) -> String {
    format!("---\nid: 0000000000000000000000d1\ntitle: Titel\nchallengeType: {kind}\ndashedName: {dashed}\n---\n\n# --description--\n\nUse `app.put` here.\n\n# --hints--\n\nEin Hinweis.\n\n```js\n{code}\n```\n")
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The findings of a JSON validation, as (rule, severity, file, message).
fn findings(run: &super::support::Run) -> Vec<(String, String, String, String)> {
    run.json()["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_translated_tree_without_english_shows_the_file_that_disagrees_with_the_others() {
    let dir = temp_dir("consensus");
    let full = "chai-http-iii---put-method";
    let code = "assert.equal(1, 1);";
    let file = |language: &str| dir.join(language).join("block/challenge.md");
    write(&file("german"), &challenge(full, 2, code));
    write(&file("japanese"), &challenge(full, 2, code));
    // Cut short in two, as a translation platform did.
    write(&file("chinese"), &challenge("chai-http-iii", 2, code));
    write(&file("espanol"), &challenge("chai-http-iii", 2, code));
    // One translation changed the hint code; the other four agree.
    write(&file("italian"), &challenge(full, 2, "assert.equal(1, 2);"));
    let run = grade(&["validate", "--format", "json", dir.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let found = findings(&run);
    let errors: Vec<_> = found.iter().filter(|f| f.1 == "error").collect();
    assert_eq!(errors.len(), 3, "{found:?}");
    for language in ["chinese", "espanol"] {
        let finding = errors
            .iter()
            .find(|f| Path::new(&f.2) == file(language))
            .expect("the cut-short dashedName");
        assert_eq!(finding.0, "field-differs");
        assert_eq!(
            finding.3,
            format!("`dashedName` is `chai-http-iii` here, cut short of `{full}` in German, Japanese and Italian")
        );
    }
    let code_finding = errors.iter().find(|f| f.0 == "code-differs").unwrap();
    assert_eq!(Path::new(&code_finding.2), file("italian"));
    assert_contains(
        &code_finding.3,
        "hint 1's code differs here from the 4 other translations, which agree: German, Spanish, Chinese and Japanese",
    );
    let document = run.json();
    let detail = document["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "code-differs")
        .unwrap()["detail"]
        .as_str()
        .unwrap()
        .to_string();
    assert_contains(&detail, "- assert.equal(1, 1);\n+ assert.equal(1, 2);");
    assert_contains(&detail, &file("german").display().to_string());
    assert!(found.iter().all(|f| f.1 == "error"), "{found:?}");

    // Two translations alone that disagree: which is right is not known, so a warning.
    let two = temp_dir("consensus-two");
    write(
        &two.join("german/block/challenge.md"),
        &challenge(full, 2, code),
    );
    write(
        &two.join("chinese/block/challenge.md"),
        &challenge(full, 4, code),
    );
    let run = grade(&["validate", "--format", "json", two.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let found = findings(&run);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].1, "warning");
    assert_contains(&found[0].3, "`challengeType` differs here (`4`) from the German translation (`2`), and there is no English file or third translation to tell which is right");
}

#[test]
fn freecodecamps_translations_without_english_show_only_the_cut_short_dashed_names() {
    let Some(corpus) = super::corpus::corpus() else {
        return;
    };
    // The translation repository's layout: language folders, no English among them.
    let dir = temp_dir("translations-only");
    let languages = ["chinese", "espanol", "german", "japanese", "portuguese"];
    for language in languages {
        symlink(
            corpus.join("freecodecamp").join(language),
            dir.join(language),
        )
        .unwrap();
    }
    let run = grade(&["validate", "--format", "json", dir.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let found = findings(&run);
    // Two challenges whose dashedName three translations cut short at `---`; nothing else.
    assert_eq!(found.len(), 6, "{found:#?}");
    for (rule, severity, file, message) in &found {
        assert_eq!(
            (rule.as_str(), severity.as_str()),
            ("field-differs", "error")
        );
        assert!(
            ["chinese", "espanol", "portuguese"]
                .iter()
                .any(|l| file.contains(&format!("/{l}/"))),
            "{file}"
        );
        assert_contains(
            message,
            "here, cut short of `run-functional-tests-on-an-api-response-using-chai-http-i",
        );
        assert_contains(message, "---put-method` in German and Japanese");
    }
}
