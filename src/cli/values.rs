//! The values flags take: seconds, counts, sizes, partitions, rule ids and languages, each read
//! with a message that says what was expected; and the domain's enums as flag values, named here
//! so that clap stays in `cli` and the command line has no copies of them.

use clap::builder::PossibleValue;
use clap::ValueEnum;

use crate::catalog::Language;
use crate::diagnostic::Rule;
use crate::report::{ColorChoice, Format, GradebookFormat, ValidationFormat};
use crate::run::Profile;

/// A domain enum a flag takes, by the names the command line gives its variants.
macro_rules! flag_values {
    ($type:ty { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl ValueEnum for $type {
            fn value_variants<'a>() -> &'a [Self] {
                &[$(<$type>::$variant),+]
            }

            fn to_possible_value(&self) -> Option<PossibleValue> {
                Some(PossibleValue::new(match self {
                    $(<$type>::$variant => $name),+
                }))
            }
        }
    };
}

flag_values!(ColorChoice { Auto => "auto", Always => "always", Never => "never" });
flag_values!(Format {
    Human => "human",
    Json => "json",
    Junit => "junit",
    Tap => "tap",
    Github => "github",
});
flag_values!(ValidationFormat { Human => "human", Json => "json", Github => "github" });
flag_values!(GradebookFormat { Csv => "csv", Json => "json", Html => "html" });
flag_values!(Profile { Local => "local", FreeCodeCamp => "freecodecamp" });

/// `K/N` with 1 <= K <= N.
pub(super) fn partition(text: &str) -> Result<(usize, usize), String> {
    let (k, n) = text
        .split_once('/')
        .ok_or_else(|| format!("`{text}` is not K/N, such as 2/5"))?;
    let (k, n): (usize, usize) = match (k.trim().parse(), n.trim().parse()) {
        (Ok(k), Ok(n)) => (k, n),
        _ => return Err(format!("`{text}` is not K/N, such as 2/5")),
    };
    if n == 0 || k == 0 || k > n {
        return Err(format!(
            "`{text}`: K counts from 1 to N (for a Kubernetes index from 0, pass $((JOB_COMPLETION_INDEX + 1))/N)"
        ));
    }
    Ok((k, n))
}

/// Reads a rule id of `validate` (and `warnings` when `with_warnings`), and offers the ids to
/// shell completion and `--help`.
#[derive(Clone)]
pub(super) struct RuleParser {
    pub(super) with_warnings: bool,
}

impl clap::builder::TypedValueParser for RuleParser {
    type Value = String;

    fn parse_ref(
        &self,
        command: &clap::Command,
        _arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<Self::Value, clap::Error> {
        let text = value.to_string_lossy();
        let read = if self.with_warnings {
            rule_or_warnings(&text)
        } else {
            rule_id(&text)
        };
        read.map_err(|message| {
            clap::Error::raw(clap::error::ErrorKind::InvalidValue, format!("{message}\n"))
                .with_cmd(command)
        })
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        let warnings = self
            .with_warnings
            .then(|| clap::builder::PossibleValue::new("warnings").help("every warning"));
        let rules = Rule::ALL
            .into_iter()
            .map(|rule| clap::builder::PossibleValue::new(rule.id()));
        Some(Box::new(warnings.into_iter().chain(rules)))
    }
}

pub(super) fn rule_id(text: &str) -> Result<String, String> {
    match Rule::from_id(text) {
        Some(_) => Ok(text.to_string()),
        None => Err(format!(
            "no rule is called `{text}`; `grade validate --list rules` prints them"
        )),
    }
}

pub(super) fn rule_or_warnings(text: &str) -> Result<String, String> {
    if text == "warnings" {
        return Ok(text.to_string());
    }
    rule_id(text)
}

/// Reads `--lang`: any folder name, code, alias or region variant `Language::find` knows; the
/// folder names and codes are what help and shell completions offer. For grading, only the
/// languages the output speaks; with `curriculum`, any whose folders grade reads (`grade lab
/// --lang`, since the lab speaks English).
#[derive(Clone)]
pub(super) struct LanguageParser {
    pub(super) curriculum: bool,
}

impl LanguageParser {
    fn offered(&self) -> impl Iterator<Item = &'static Language> + '_ {
        crate::catalog::LANGUAGES
            .iter()
            .filter(|l| self.curriculum || crate::report::speaks(l))
    }
}

impl clap::builder::TypedValueParser for LanguageParser {
    type Value = &'static Language;

    fn parse_ref(
        &self,
        command: &clap::Command,
        _arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<Self::Value, clap::Error> {
        let text = value.to_string_lossy();
        let known: Vec<&str> = self.offered().map(|l| l.folder).collect();
        let refuse = |why: String| {
            clap::Error::raw(
                clap::error::ErrorKind::InvalidValue,
                format!("{why}\n\nhelp: use one of {}\n", known.join(", ")),
            )
            .with_cmd(command)
        };
        match Language::find(&text) {
            Some(language) if self.curriculum || crate::report::speaks(language) => Ok(language),
            Some(language) => Err(refuse(format!(
                "grade does not speak {} (`{text}`) yet: its curriculum folders are read, but its output has no words in it",
                language.name
            ))),
            None => Err(refuse(format!("unknown language `{text}`"))),
        }
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        let values = self.offered().flat_map(|l| {
            [
                clap::builder::PossibleValue::new(l.code).help(l.name),
                clap::builder::PossibleValue::new(l.folder).hide(true),
            ]
        });
        Some(Box::new(values))
    }
}

/// A number of seconds for a deadline: more than 0, at most an hour.
pub(super) fn seconds(text: &str) -> Result<f64, String> {
    let value: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a number of seconds"))?;
    if !value.is_finite() || value <= 0.0 || value > 3600.0 {
        return Err(format!(
            "{text} is out of range: use a number of seconds greater than 0 and at most 3600"
        ));
    }
    Ok(value)
}

/// A count that must be at least 1, such as `--jobs`.
pub(super) fn at_least_one(text: &str) -> Result<usize, String> {
    match text.trim().parse::<i64>() {
        Ok(n) if n >= 1 => Ok(n as usize),
        Ok(_) => Err(format!("{text} is out of range: use 1 or more")),
        Err(_) => Err(format!("`{text}` is not a whole number")),
    }
}

pub(super) fn cpus() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// The first locale variable that is set, as POSIX orders them.
pub(super) fn locale() -> String {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.is_empty())
        .unwrap_or_default()
}

/// Reads `1024`, `512KiB`, `10MiB`, `1GiB` (and `K`, `M`, `G`, `KB`, `MB`, `GB` as binary units).
pub fn parse_size(text: &str) -> Result<usize, String> {
    let trimmed = text.trim();
    let split = trimmed
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(trimmed.len());
    let (number, unit) = trimmed.split_at(split);
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => {
            return Err(format!(
                "`{text}` is not a size; use bytes or a unit such as `10MiB`"
            ))
        }
    };
    number
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_mul(1 << shift))
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("`{text}` is not a size; use bytes or a unit such as `10MiB`"))
}
