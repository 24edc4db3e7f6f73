//! Small pure functions, each checked over a table of cases.

use grader::catalog::Language;
use grader::cli::parse_size;
use grader::plan::normalize_url;

#[track_caller]
fn check_language(name: &str, folder: Option<&str>) {
    assert_eq!(Language::find(name).map(|l| l.folder), folder, "{name}");
}

#[test]
fn languages_are_found_by_folder_code_alias_and_locale() {
    check_language("german", Some("german"));
    check_language("de", Some("german"));
    check_language("DE", Some("german"));
    check_language("de_AT", Some("german"));
    check_language("pt-BR", Some("portuguese"));
    check_language("portuguese", Some("portuguese"));
    check_language("pt_BR.UTF-8", Some("portuguese"));
    check_language("es", Some("espanol"));
    check_language("spanish", Some("espanol"));
    check_language("ar", Some("arabic"));
    check_language("zh", Some("chinese"));
    check_language("zh_CN.UTF-8", Some("chinese"));
    check_language("zh-TW", Some("chinese-traditional"));
    check_language("en_US.UTF-8", Some("english"));
    check_language("klingon", None);
    check_language("", None);
    assert_eq!(Language::from_locale("C").folder, "english");
    assert_eq!(Language::from_locale("POSIX").folder, "english");
    assert_eq!(Language::from_locale("de_DE.UTF-8").folder, "german");
    assert_eq!(Language::from_locale("xx_YY").folder, "english");
}

#[track_caller]
fn check_url(input: &str, expected: &str) {
    assert_eq!(normalize_url(input), expected, "{input}");
}

#[test]
fn urls_are_normalized_as_freecodecamp_does() {
    check_url("https://my-app.example", "https://my-app.example");
    check_url("https://my-app.example/", "https://my-app.example");
    check_url("my-app.example", "http://my-app.example");
    check_url("localhost:3000/", "http://localhost:3000");
    check_url("  http://a.example/path/  ", "http://a.example/path");
    check_url("http://a.example//", "http://a.example//");
}

#[test]
fn sizes_take_binary_units() {
    assert_eq!(parse_size("1024"), Ok(1024));
    assert_eq!(parse_size("512KiB"), Ok(512 << 10));
    assert_eq!(parse_size("10MiB"), Ok(10 << 20));
    assert_eq!(parse_size("10M"), Ok(10 << 20));
    assert_eq!(parse_size("1gb"), Ok(1 << 30));
    assert!(parse_size("0").is_err());
    assert!(parse_size("ten").is_err());
    assert!(parse_size("10XB").is_err());
}
