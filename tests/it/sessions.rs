//! The `user-sessions` block against both fixtures: every hint passes against a correct app,
//! and each defect flag fails exactly the hints that check that behaviour.

use std::collections::BTreeSet;

use super::support::{assert_contains, grade, App};

const PAGES: &[&str] = &[
    "log-a-user-out",
    "protect-a-route",
    "logging-out-ends-the-session",
];
const API: &[&str] = &["log-out-a-web-user", "report-the-outcome-of-a-log-out"];

/// Grades `challenges` against `app`; returns `dashedName hint` of each hint that did not pass,
/// with its message.
fn not_passed(app: &App, challenges: &[&str]) -> Vec<(String, String)> {
    let mut args = vec!["--url", app.url.as_str(), "--format", "json"];
    args.extend_from_slice(challenges);
    let run = grade(&args);
    let report = run.json();
    let mut out = Vec::new();
    for challenge in report["challenges"].as_array().unwrap() {
        for hint in challenge["hints"].as_array().unwrap() {
            if hint["status"] != "passed" {
                let name = format!(
                    "{} {}",
                    challenge["dashedName"].as_str().unwrap(),
                    hint["index"].as_u64().unwrap() + 1
                );
                out.push((name, hint["message"].as_str().unwrap_or("").to_string()));
            }
        }
    }
    out
}

#[track_caller]
fn check(app: App, challenges: &[&str], expected: &[(&str, &str)]) {
    let got = not_passed(&app, challenges);
    let names: BTreeSet<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
    let wanted: BTreeSet<&str> = expected.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, wanted, "{got:#?}");
    for (name, cause) in expected {
        let message = &got.iter().find(|(n, _)| n == name).unwrap().1;
        assert_contains(message, cause);
    }
}

#[test]
fn a_correct_app_passes_every_hint_of_the_block() {
    check(App::start(&[]), PAGES, &[]);
    check(App::rest(&[]), API, &[]);
}

#[test]
fn each_page_defect_fails_exactly_the_hints_that_check_it() {
    check(
        App::start(&[("DEFECT_NO_LOGOUT", "1")]),
        PAGES,
        &[
            (
                "log-a-user-out 1",
                "your /logout route should call req.logout()",
            ),
            (
                "logging-out-ends-the-session 1",
                "/profile should be closed after logging out: expected 200 to not equal 200",
            ),
            (
                "logging-out-ends-the-session 2",
                "the old session cookie should be refused after logging out",
            ),
        ],
    );
    check(
        App::start(&[("DEFECT_KEEP_SESSION", "1")]),
        PAGES,
        &[
            (
                "log-a-user-out 1",
                "your /logout route should call req.logout()",
            ),
            (
                "logging-out-ends-the-session 2",
                "end the session on the server: expected 200 to not equal 200",
            ),
        ],
    );
    check(
        App::start(&[("DEFECT_OPEN_ROUTE", "1")]),
        PAGES,
        &[
            (
                "protect-a-route 1",
                "/profile without a session should redirect home or answer 401: expected '/profile' to equal '/'",
            ),
            (
                "logging-out-ends-the-session 1",
                "/profile should be closed after logging out",
            ),
            (
                "logging-out-ends-the-session 2",
                "the old session cookie should be refused after logging out",
            ),
        ],
    );
}

#[test]
fn each_api_defect_fails_exactly_the_hints_that_check_it() {
    check(
        App::rest(&[("DEFECT_NO_LOGOUT", "1")]),
        API,
        &[
            ("log-out-a-web-user 4", "the protected endpoint should answer 401 after logging out: expected 200 to equal 401"),
            ("report-the-outcome-of-a-log-out 1", "the logout answer should clear the sid cookie with a Set-Cookie header"),
            ("report-the-outcome-of-a-log-out 2", "/v1/session should report authenticated: false after logging out: expected true to be false"),
        ],
    );
    check(
        App::rest(&[("DEFECT_KEEP_SESSION", "1")]),
        API,
        &[("log-out-a-web-user 4", "the old session cookie should be refused after logging out: end the session on the server")],
    );
    check(
        App::rest(&[("DEFECT_OPEN_ROUTE", "1")]),
        API,
        &[
            ("log-out-a-web-user 1", "the protected endpoint should answer 401 without a session: expected 200 to equal 401"),
            ("log-out-a-web-user 4", "the protected endpoint should answer 401 after logging out"),
        ],
    );
    check(
        App::rest(&[("DEFECT_LOGOUT_500", "1")]),
        API,
        &[("report-the-outcome-of-a-log-out 3", "logging out without a session should not crash the server: expected 500 to be below 500")],
    );
    check(
        App::rest(&[("DEFECT_COOKIE_KEPT", "1")]),
        API,
        &[(
            "report-the-outcome-of-a-log-out 1",
            "the logout answer should clear the sid cookie",
        )],
    );
}

#[test]
fn a_failed_session_hint_shows_the_requests_it_made() {
    let app = App::start(&[("DEFECT_KEEP_SESSION", "1")]);
    let run = grade(&[
        "--url",
        &app.url,
        "--format",
        "json",
        "logging-out-ends-the-session",
    ]);
    let report = run.json();
    let hint = &report["challenges"][0]["hints"][1];
    assert_eq!(hint["status"], "failed");
    let flow: Vec<String> = hint["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let path = r["url"]
                .as_str()
                .unwrap()
                .trim_start_matches(&app.url)
                .to_string();
            format!("{} {path} {}", r["method"].as_str().unwrap(), r["status"])
        })
        .collect();
    assert_eq!(
        flow,
        [
            "POST /register 302",
            "GET /profile 200",
            "POST /login 302",
            "GET /profile 200",
            "GET /logout 302",
            "GET / 200",
            "GET /profile 200"
        ]
    );
    let human = grade(&["--url", &app.url, "logging-out-ends-the-session"]);
    assert_contains(&human.stderr, &format!("→ GET {}/logout 302", app.url));
}

#[test]
fn show_renders_every_challenge_of_the_block_in_six_languages() {
    let titles = [
        (
            "protect-a-route",
            [
                "Protect a Route",
                "Eine Route schützen",
                "Proteger uma rota",
                "Proteger una ruta",
                "حماية مسار",
                "保护路由",
            ],
        ),
        (
            "logging-out-ends-the-session",
            [
                "Logging Out Ends the Session",
                "Abmelden beendet die Sitzung",
                "O logout encerra a sessão",
                "Cerrar sesión termina la sesión",
                "تسجيل الخروج ينهي الجلسة",
                "登出会结束会话",
            ],
        ),
        (
            "log-out-a-web-user",
            [
                "Log Out a Web User",
                "Einen Web-Nutzer abmelden",
                "Fazer o logout de um usuário da web",
                "Cerrar la sesión de un usuario web",
                "تسجيل خروج مستخدم الويب",
                "登出 Web 用户",
            ],
        ),
        (
            "report-the-outcome-of-a-log-out",
            [
                "Report the Outcome of a Log Out",
                "Das Ergebnis einer Abmeldung melden",
                "Informar o resultado de um logout",
                "Informar del resultado de un cierre de sesión",
                "الإبلاغ عن نتيجة تسجيل الخروج",
                "报告登出的结果",
            ],
        ),
    ];
    for (name, by_language) in titles {
        for (lang, title) in ["en", "de", "pt-BR", "es", "ar", "zh"]
            .iter()
            .zip(by_language)
        {
            let show = grade(&["show", name, "--lang", lang]);
            assert_eq!(show.code, 0, "{name} {lang}: {}", show.stderr);
            assert!(
                show.stdout.starts_with(&format!("{title}\n")),
                "{name} {lang}:\n{}",
                show.stdout
            );
            assert_contains(&show.stdout, "1. ");
            assert!(show.stderr.is_empty(), "{name} {lang}: {}", show.stderr);
        }
    }
}

#[test]
fn our_challenges_validate_with_consistent_translations() {
    let run = grade(&["validate", "challenges", "--deny", "warnings"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_contains(&run.stderr, "30 files checked: 0 errors, 0 warnings");
}
