//! `grade` against the real fixture app: the built-in "Log a user out" challenge, each defect
//! flag, the seed translations, the JSON document, languages, selection and exit codes.

use super::support::{assert_contains, grade, messages, root, statuses, App, TempChallenge};

#[test]
fn the_fixture_app_passes_every_hint_of_log_a_user_out() {
    let app = App::start(&[]);
    let run = grade(&["--url", &app.url, "log-a-user-out"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_contains(
        &run.stderr,
        "✓ Your `/logout` route should call `req.logout()`.",
    );
    assert_contains(&run.stderr, "3 hints: 3 passed");
    assert!(run.stdout.is_empty(), "human output goes to stderr");
}

#[track_caller]
fn check_defect(flag: &str, failing: usize, cause: &str) {
    let app = App::start(&[(flag, "1")]);
    let run = grade(&["--url", &app.url, "--format", "json", "log-a-user-out"]);
    assert_eq!(run.code, 1, "{flag}: {}", run.stderr);
    let report = run.json();
    let mut expected = vec!["passed"; 3];
    expected[failing] = "failed";
    assert_eq!(statuses(&report), expected, "{flag}");
    let message = &messages(&report)[failing];
    assert!(message.contains(cause), "{flag}: {message}");
}

#[test]
fn each_defect_fails_exactly_its_hint_and_names_the_cause() {
    check_defect(
        "DEFECT_NO_LOGOUT",
        0,
        "your /logout route should call req.logout(): expected",
    );
    check_defect(
        "DEFECT_NO_REDIRECT",
        1,
        "/logout should answer with a redirect: expected 'basic' to equal 'opaqueredirect'",
    );
    check_defect(
        "DEFECT_NO_404",
        2,
        "an unknown path should answer with the text \"Not Found\"",
    );
}

#[test]
fn the_seed_translations_pass_and_show_their_own_hint_text() {
    let app = App::start(&[]);
    let seeds = root().join("../shared/seeds");
    if !seeds.is_dir() {
        assert!(
            std::env::var_os("CI").is_none(),
            "../shared/seeds is missing"
        );
        return;
    }
    for (file, text) in [
        (
            "logging-a-user-out.german.md",
            "`/logout` sollte auf die Startseite umleiten.",
        ),
        (
            "logging-a-user-out.portuguese.md",
            "`req.logout()` deve ser chamado na rota `/logout`.",
        ),
    ] {
        let path = seeds.join(file);
        let run = grade(&["--url", &app.url, path.to_str().unwrap()]);
        assert_eq!(run.code, 0, "{file}: {}", run.stderr);
        assert_contains(&run.stderr, &format!("✓ {text}"));
    }
}

#[test]
fn hint_text_follows_the_chosen_language() {
    let app = App::start(&[]);
    for (lang, text) in [
        (
            "de",
            "Deine Route `/logout` sollte `req.logout()` aufrufen.",
        ),
        ("pt-BR", "Sua rota `/logout` deve chamar `req.logout()`."),
        ("spanish", "Tu ruta `/logout` debe llamar a `req.logout()`."),
        (
            "arabic",
            // Code spans keep their order in a right-to-left line: they are isolated.
            "يجب أن يستدعي مسار \u{2068}`/logout`\u{2069} الدالة \u{2068}`req.logout()`\u{2069}.",
        ),
        ("zh", "你的 `/logout` 路由应该调用 `req.logout()`。"),
    ] {
        let run = grade(&["--url", &app.url, "--lang", lang, "log-a-user-out"]);
        assert_eq!(run.code, 0, "{lang}: {}", run.stderr);
        assert_contains(&run.stderr, text);
    }
    let from_locale = super::support::grade_with_env(
        &["--url", &app.url, "log-a-user-out"],
        &[("LANG", "de_DE.UTF-8")],
    );
    assert_contains(&from_locale.stderr, "Deine Route");
}

#[test]
fn a_missing_translation_falls_back_to_english_hint_by_hint() {
    let app = App::start(&[]);
    let dir = super::support::temp_dir("fallback");
    let front = |title: &str| {
        format!("---\nid: 0000000000000000000000aa\ntitle: {title}\nchallengeType: 2\ndashedName: fallback\n---\n\n# --hints--\n\n")
    };
    let english = format!("{}The home page answers.\n\n```js\nassert((await fetch(code)).ok)\n```\n\nThe source is served.\n\n```js\nassert((await fetch(code + '/_api/server.js')).ok)\n```\n", front("Fallback"));
    let german = format!(
        "{}Die Startseite antwortet.\n\n```js\nassert((await fetch(code)).ok)\n```\n",
        front("Rückfall")
    );
    for (lang, text) in [("english", &english), ("german", &german)] {
        std::fs::create_dir_all(dir.join(lang).join("block")).unwrap();
        std::fs::write(dir.join(lang).join("block/fallback.md"), text).unwrap();
    }
    let run = grade(&[
        "--url",
        &app.url,
        "--challenges",
        dir.to_str().unwrap(),
        "--lang",
        "de",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = run.json();
    let hints = report["challenges"][0]["hints"].as_array().unwrap();
    assert_eq!(hints[0]["text"], "Die Startseite antwortet.");
    assert_eq!(hints[0]["language"], "de");
    assert_eq!(hints[1]["text"], "The source is served.");
    assert_eq!(hints[1]["language"], "en");
    assert_eq!(report["challenges"][0]["title"], "Rückfall");
}

#[test]
fn the_json_document_has_the_documented_shape() {
    let app = App::start(&[("DEFECT_NO_404", "1")]);
    let run = grade(&[
        "--url",
        &format!("{}/", app.url),
        "--format",
        "json",
        "6a1f3c0e9b2d4e5f70818293",
    ]);
    assert_eq!(run.code, 1);
    let port = app.url.rsplit(':').next().unwrap();
    let mut report = run.json();
    report["summary"]["duration_ms"] = 0.into();
    for hint in report["challenges"][0]["hints"].as_array_mut().unwrap() {
        hint["duration_ms"] = 0.into();
    }
    let text = serde_json::to_string_pretty(&report)
        .unwrap()
        .replace(port, "PORT");
    // The unknown path carries a timestamp.
    let text = regex_lite_replace(&text, "/no-such-page-", "STAMP");
    insta::assert_snapshot!(text);
}

/// Replaces the digits after each `marker` with `with`.
fn regex_lite_replace(text: &str, marker: &str, with: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find(marker) {
        out.push_str(&rest[..i + marker.len()]);
        rest = rest[i + marker.len()..].trim_start_matches(|c: char| c.is_ascii_digit());
        out.push_str(with);
    }
    out.push_str(rest);
    out
}

#[test]
fn challenges_are_selected_by_file_id_or_dashed_name() {
    let app = App::start(&[]);
    let by_id = grade(&[
        "--url",
        &app.url,
        "--format",
        "json",
        "6a1f3c0e9b2d4e5f70818293",
    ]);
    let by_name = grade(&["--url", &app.url, "--format", "json", "log-a-user-out"]);
    let by_file = grade(&[
        "--url",
        &app.url,
        "--format",
        "json",
        "challenges/english/user-sessions/01-log-a-user-out.md",
    ]);
    for run in [&by_id, &by_name, &by_file] {
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(run.json()["summary"]["passed"], 3);
    }
    let unknown = grade(&["--url", &app.url, "no-such-challenge"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown
            .stderr
            .contains("no challenge has the id, dashedName or block `no-such-challenge`"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn usage_and_input_errors_exit_with_code_2() {
    let no_url = grade(&[]);
    assert_eq!(no_url.code, 2);
    assert_contains(&no_url.stderr, "`--url URL` is required");
    let bad_url = grade(&["--url", "http://exa mple.com", "log-a-user-out"]);
    assert_eq!(bad_url.code, 2);
    assert_contains(&bad_url.stderr, "is not a valid URL");
    let bad_flag = grade(&["--url", "x", "--no-such-flag"]);
    assert_eq!(bad_flag.code, 2);
    let bad_lang = grade(&["--url", "x", "--lang", "klingon"]);
    assert_eq!(bad_lang.code, 2);
    assert_contains(&bad_lang.stderr, "unknown language `klingon`");
    let credentials = grade(&["--url", "http://user:pw@127.0.0.1:9/", "log-a-user-out"]);
    assert_eq!(credentials.code, 2, "{}", credentials.stderr);
    assert_contains(&credentials.stderr, "includes credentials");
    let broken = TempChallenge::from_text(
        "broken",
        "---\nid: 0000000000000000000000bb\ntitle: B\n---\n\n# --hints--\n\nNo code here.\n",
    );
    let run = grade(&["--url", "http://127.0.0.1:9", broken.path()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_contains(&run.stderr, "error: hint 1 has text but no code block");
    assert_contains(&run.stderr, &format!("--> {}:8:1", broken.path()));
    let help = grade(&["--help"]);
    assert_eq!(help.code, 0);
    assert_contains(&help.stdout, "Exit codes:");
    assert_contains(&help.stdout, "2  usage or input error");
}

#[test]
fn list_and_show_render_in_the_chosen_language() {
    let list = grade(&["list"]);
    assert_eq!(list.code, 0);
    assert_contains(
        &list.stdout,
        "log-a-user-out  Log a User Out  [en de pt-BR es ar zh-CN; 3 hints]",
    );
    let show = grade(&["show", "log-a-user-out", "--lang", "ar"]);
    assert_eq!(show.code, 0, "{}", show.stderr);
    assert!(
        show.stdout.starts_with("تسجيل خروج المستخدم\n"),
        "{}",
        show.stdout
    );
    assert_contains(&show.stdout, "3. يجب أن يجيب أي مسار");
    let show = grade(&["show", "6a1f3c0e9b2d4e5f70818293", "--lang", "chinese"]);
    assert_contains(
        &show.stdout,
        "1. 你的 `/logout` 路由应该调用 `req.logout()`。",
    );
}

#[test]
fn quiet_shows_only_failures_and_verbose_shows_the_exchanges() {
    let app = App::start(&[("DEFECT_NO_404", "1")]);
    let quiet = grade(&["--url", &app.url, "-q", "log-a-user-out", "protect-a-route"]);
    assert_eq!(quiet.code, 1);
    // A hint that passed is shown only when it would fail on freeCodeCamp, with why.
    let lines: Vec<&str> = quiet.stderr.lines().collect();
    for (i, line) in lines.iter().enumerate().filter(|(_, l)| l.contains('✓')) {
        let next = lines.get(i + 1).copied().unwrap_or("");
        assert!(
            next.contains("would fail on freeCodeCamp"),
            "{line} is shown without a flag: {}",
            quiet.stderr
        );
    }
    assert_contains(&quiet.stderr, "✗ A path that no route handles");
    assert_contains(&quiet.stderr, "5 hints: 4 passed, 1 failed");
    let verbose = grade(&["--url", &app.url, "-v", "log-a-user-out"]);
    assert_contains(
        &verbose.stderr,
        &format!("→ GET {}/_api/server.js 200", app.url),
    );
    assert_contains(&verbose.stderr, "< content-type: text/html; charset=utf-8");
    assert_contains(&verbose.stderr, "< <pre>Cannot GET /no-such-page-");
    let both = grade(&["--url", &app.url, "-q", "-v"]);
    assert_eq!(both.code, 2);
}

#[test]
fn completions_and_the_man_page_come_from_the_command_definition() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let run = grade(&["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        assert_contains(&run.stdout, "grade");
        assert_contains(&run.stdout, "validate");
    }
    let man = grade(&["man"]);
    assert_eq!(man.code, 0);
    assert!(
        man.stdout.starts_with(".ie \\n(.g .ds Aq"),
        "{}",
        &man.stdout[..80.min(man.stdout.len())]
    );
    assert_contains(&man.stdout, ".TH grade 1");
    assert_contains(&man.stdout, "\\-\\-ready\\-timeout");
    assert_contains(&man.stdout, "130  stopped by Ctrl\\-C or SIGTERM");
    let unknown = grade(&["completions", "cmd.exe"]);
    assert_eq!(unknown.code, 2);
}
