//! Finds challenges: the built-in catalog compiled into the binary, or files and folders on
//! disk in freeCodeCamp's layouts and ours. Knows languages and falls back to English.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Position, Rule, Severity};
use crate::parse::{self, Parsed};

/// A curriculum language: its folder name in a curriculum, its BCP 47 code, and other names.
#[derive(Debug, PartialEq, Eq)]
pub struct Language {
    pub folder: &'static str,
    pub code: &'static str,
    /// Its own name for itself, as its readers see it.
    pub name: &'static str,
    /// Its name in English, for messages that are English only.
    pub english: &'static str,
    pub aliases: &'static [&'static str],
}

pub const ENGLISH: &Language = &LANGUAGES[0];

pub static LANGUAGES: [Language; 14] = [
    Language {
        folder: "english",
        code: "en",
        name: "English",
        english: "English",
        aliases: &["en-us", "en-gb"],
    },
    Language {
        folder: "german",
        code: "de",
        name: "Deutsch",
        english: "German",
        aliases: &["deutsch", "de-de"],
    },
    Language {
        folder: "portuguese",
        code: "pt-BR",
        name: "Português",
        english: "Portuguese",
        aliases: &["pt", "pt-pt", "portugues", "português"],
    },
    Language {
        folder: "espanol",
        code: "es",
        name: "Español",
        english: "Spanish",
        aliases: &["spanish", "español", "es-es"],
    },
    Language {
        folder: "arabic",
        code: "ar",
        name: "العربية",
        english: "Arabic",
        aliases: &["ar-sa", "ar-eg"],
    },
    Language {
        folder: "chinese",
        code: "zh-CN",
        name: "中文",
        english: "Chinese",
        aliases: &["zh", "zh-hans", "chinese-simplified"],
    },
    Language {
        folder: "chinese-traditional",
        code: "zh-TW",
        name: "繁體中文",
        english: "Traditional Chinese",
        aliases: &["zh-hant", "zh-hk"],
    },
    Language {
        folder: "japanese",
        code: "ja",
        name: "日本語",
        english: "Japanese",
        aliases: &["ja-jp"],
    },
    Language {
        folder: "italian",
        code: "it",
        name: "Italiano",
        english: "Italian",
        aliases: &["it-it"],
    },
    Language {
        folder: "ukrainian",
        code: "uk",
        name: "Українська",
        english: "Ukrainian",
        aliases: &["uk-ua"],
    },
    Language {
        folder: "korean",
        code: "ko",
        name: "한국어",
        english: "Korean",
        aliases: &["ko-kr"],
    },
    Language {
        folder: "swahili",
        code: "sw",
        name: "Kiswahili",
        english: "Swahili",
        aliases: &[],
    },
    Language {
        folder: "french",
        code: "fr",
        name: "Français",
        english: "French",
        aliases: &["fr-fr"],
    },
    Language {
        folder: "russian",
        code: "ru",
        name: "Русский",
        english: "Russian",
        aliases: &["ru-ru"],
    },
];

impl Language {
    /// Finds a language by folder name, code, region variant or alias, ignoring case and `_`/`-`.
    /// What requests made for a reader of this language say in `Accept-Language`.
    pub fn accept_language(&self) -> String {
        if self.code == "en" {
            "en-US,en;q=0.9".to_string()
        } else {
            format!("{},en;q=0.9", self.code)
        }
    }

    pub fn find(name: &str) -> Option<&'static Language> {
        let wanted = name.trim().to_lowercase().replace('_', "-");
        let matches = |l: &&Language| {
            l.folder == wanted
                || l.code.to_lowercase() == wanted
                || l.aliases.contains(&wanted.as_str())
        };
        LANGUAGES.iter().find(matches).or_else(|| {
            // `de-AT` falls back to `de`, `pt-BR.UTF-8` to `pt-BR`.
            let base = wanted.split(['.', '@']).next().unwrap_or("");
            if base != wanted {
                return Language::find(base);
            }
            let primary = wanted.split('-').next().unwrap_or("");
            (primary != wanted)
                .then(|| Language::find(primary))
                .flatten()
        })
    }

    /// The language a locale string such as `de_DE.UTF-8` names; English for `C` and `POSIX`.
    pub fn from_locale(locale: &str) -> &'static Language {
        match locale.trim() {
            "" | "C" | "POSIX" => ENGLISH,
            other => Language::find(other).unwrap_or(ENGLISH),
        }
    }

    pub fn from_folder(folder: &str) -> Option<&'static Language> {
        LANGUAGES.iter().find(|l| l.folder == folder)
    }
}

/// One challenge file, parsed, with where it came from.
#[derive(Debug, Clone)]
pub struct Version {
    pub language: &'static Language,
    pub block: String,
    pub parsed: Parsed,
    /// Compiled into `grade` from its own `challenges/`: its path is not a file the user has.
    pub builtin: bool,
}

/// A challenge in all the languages found, keyed by its `id`.
#[derive(Debug, Clone)]
pub struct Entry {
    pub id: String,
    pub versions: Vec<Version>,
}

impl Entry {
    /// The version in `language`, else English, else the first one found.
    pub fn version(&self, language: &Language) -> &Version {
        self.find(language)
            .or_else(|| self.find(ENGLISH))
            .unwrap_or(&self.versions[0])
    }

    pub fn find(&self, language: &Language) -> Option<&Version> {
        self.versions.iter().find(|v| v.language == language)
    }

    pub fn block(&self) -> &str {
        &self.version(ENGLISH).block
    }

    pub fn dashed_name(&self) -> &str {
        self.versions
            .iter()
            .map(|v| v.parsed.challenge.dashed_name())
            .find(|d| !d.is_empty())
            .unwrap_or("")
    }
}

/// Every challenge found, in catalog order, and the problems met while reading them.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub entries: Vec<Entry>,
    /// Read errors and duplicate files. Parse diagnostics stay with each version.
    pub diagnostics: Vec<Diagnostic>,
}

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin.rs"));
}

/// The text of a built-in challenge file, by the path the catalog gives it.
pub fn builtin_source(path: &Path) -> Option<&'static str> {
    let relative = path.strip_prefix("challenges").ok()?;
    builtin::FILES
        .iter()
        .find(|(name, _)| Path::new(name) == relative)
        .map(|(_, text)| *text)
}

impl Catalog {
    /// The challenges compiled into the binary from `challenges/`.
    pub fn builtin() -> Catalog {
        let mut builder = Builder::default();
        for (path, text) in builtin::FILES {
            let path = Path::new("challenges").join(path);
            let (language, block) = place(Path::new("challenges"), &path);
            builder.add(language, block, parse::parse(&path, text), true);
        }
        builder.finish()
    }

    /// Reads challenge files from files and folders on disk.
    pub fn load(roots: &[PathBuf]) -> Catalog {
        let mut builder = Builder::default();
        for root in roots {
            for file in files_under(root, &mut builder.diagnostics) {
                let (marked, block) = place_marked(root, &file);
                match fs::read(&file) {
                    Ok(bytes) => {
                        let parsed = parse::parse_bytes(&file, &bytes);
                        // A file whose place does not say its language says it by its words.
                        let language = marked
                            .or_else(|| guess_language(&parsed.challenge))
                            .unwrap_or(ENGLISH);
                        builder.add(language, block, parsed, false)
                    }
                    Err(err) => builder
                        .diagnostics
                        .push(read_error(&file, &err.to_string())),
                }
            }
        }
        builder.finish()
    }

    /// Entries whose id or dashedName is `name`, or every entry of the block `name`.
    pub fn lookup(&self, name: &str) -> Vec<&Entry> {
        let one: Vec<&Entry> = self
            .entries
            .iter()
            .filter(|e| {
                e.id == name
                    || e.versions
                        .iter()
                        .any(|v| v.parsed.challenge.dashed_name() == name)
            })
            .collect();
        if !one.is_empty() || name.is_empty() {
            return one;
        }
        self.entries.iter().filter(|e| e.block() == name).collect()
    }
}

pub fn read_error(path: &Path, message: &str) -> Diagnostic {
    let start = Position { line: 1, col: 1 };
    Diagnostic::new(
        Rule::Read,
        path,
        start,
        format!("could not read the file: {message}"),
    )
}

/// The challenge files of `root`: the root itself when it is a file, else the markdown files
/// below it, sorted. Symbolic links to files and folders are followed; a link back to a folder
/// it is in is a loop, said once and not followed.
pub fn files_under(root: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    if !root.is_dir() {
        return vec![root.to_path_buf()];
    }
    let mut files = Vec::new();
    let mut walk = Walk {
        above: Vec::new(),
        loops: Vec::new(),
    };
    walk.collect(root, &mut files, diagnostics);
    files.sort();
    files
}

/// A walk down a folder: the real folders it is in, to know a loop when a link leads back.
struct Walk {
    above: Vec<PathBuf>,
    /// The real folders loops were found at, so that each is said once.
    loops: Vec<PathBuf>,
}

impl Walk {
    /// Markdown files below `dir`, skipping hidden folders, `node_modules` and READMEs.
    fn collect(&mut self, dir: &Path, files: &mut Vec<PathBuf>, diagnostics: &mut Vec<Diagnostic>) {
        let entries = match fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(err) => {
                diagnostics.push(read_error(dir, &err.to_string()));
                return;
            }
        };
        let real = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        self.above.push(real);
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().to_string();
            if name.starts_with('.') || name == "node_modules" {
                continue;
            }
            let Ok(mut kind) = entry.file_type() else {
                continue;
            };
            if kind.is_symlink() {
                // What the link leads to; a dangling link is a file that cannot be read.
                match fs::metadata(&path) {
                    Ok(target) => kind = target.file_type(),
                    Err(err) => {
                        if name.ends_with(".md") {
                            diagnostics.push(read_error(&path, &err.to_string()));
                        }
                        continue;
                    }
                }
                if kind.is_dir() {
                    let target = fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
                    if self.above.contains(&target) {
                        if !self.loops.contains(&target) {
                            self.loops.push(target.clone());
                            let start = Position { line: 1, col: 1 };
                            let message = format!(
                                "this symbolic link leads back to `{}`, a folder it is in; it is not followed",
                                target.display()
                            );
                            let mut d = Diagnostic::new(Rule::Read, &path, start, message);
                            d.severity = Severity::Warning;
                            diagnostics.push(d);
                        }
                        continue;
                    }
                }
            }
            // Regular files only: reading a FIFO or a device named `x.md` could block forever.
            if kind.is_dir() {
                self.collect(&path, files, diagnostics);
            } else if kind.is_file()
                && name.ends_with(".md")
                && !name.eq_ignore_ascii_case("readme.md")
            {
                files.push(path);
            }
        }
        self.above.pop();
    }
}

/// The language and block of a file: the language is the first folder below the root named after
/// one (or the root itself, or a `name.language.md` suffix), else English; the block is the
/// file's folder.
pub fn place(root: &Path, file: &Path) -> (&'static Language, String) {
    let (language, block) = place_marked(root, file);
    (language.unwrap_or(ENGLISH), block)
}

/// [`place`], with no language when neither the folders nor the name say one.
fn place_marked(root: &Path, file: &Path) -> (Option<&'static Language>, String) {
    let relative = file.strip_prefix(root).unwrap_or(file);
    let from_folders = relative
        .parent()
        .into_iter()
        .flat_map(|p| p.components())
        .find_map(|c| Language::from_folder(&c.as_os_str().to_string_lossy()));
    // The root's own name; for a file named on its own, the nearest folder above it named after
    // a language (`german/superblock/block/file.md`).
    let from_root = || {
        let above: Vec<_> = if root == file {
            file.parent()
                .into_iter()
                .flat_map(|p| p.components())
                .collect()
        } else {
            root.components().collect()
        };
        above
            .iter()
            .rev()
            .find_map(|c| Language::from_folder(&c.as_os_str().to_string_lossy()))
    };
    let from_suffix = || {
        let stem = file.file_stem()?.to_string_lossy().to_string();
        let (_, suffix) = stem.rsplit_once('.')?;
        // A folder name (`.espanol.md`) or a code (`.es.md`, `.zh-TW.md`).
        Language::from_folder(suffix).or_else(|| {
            LANGUAGES.iter().find(|l| {
                l.code.eq_ignore_ascii_case(suffix)
                    || l.aliases.iter().any(|a| a.eq_ignore_ascii_case(suffix))
            })
        })
    };
    let language = from_folders.or_else(from_suffix).or_else(from_root);
    let block = file
        .parent()
        .filter(|p| *p != root && !p.as_os_str().is_empty())
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().to_string())
        .filter(|n| Language::from_folder(n).is_none())
        .unwrap_or_default();
    (language, block)
}

/// The language a challenge's prose is written in, read from its words: the script for the
/// languages with their own, the commonest small words for those written in Latin letters.
/// `None` when the text does not say clearly (too short, or mixed).
pub fn guess_language(challenge: &crate::challenge::Challenge) -> Option<&'static Language> {
    let mut text = String::from(challenge.title());
    for section in ["description", "instructions"] {
        text.push(' ');
        text.push_str(challenge.section_text(section).unwrap_or(""));
    }
    for hint in &challenge.hints {
        text.push(' ');
        text.push_str(&hint.text);
    }
    guess_language_of(&text)
}

/// Small words that are common in one language's prose and rare in the others'.
const SMALL_WORDS: [(&str, &str); 7] = [
    ("en", "the should and your with that when this from which"),
    ("es", "el los las debe una con para que del por"),
    ("pt-BR", "os deve uma com para que do da não seu"),
    ("de", "der die das und sollte ist nicht eine mit dein"),
    ("it", "il gli deve una con per che della non tuo"),
    ("fr", "le les doit une avec pour est votre des du"),
    ("sw", "na ya kwa wa katika ni hii inapaswa za cha"),
];

fn guess_language_of(text: &str) -> Option<&'static Language> {
    // Code spans and URLs say nothing of the prose around them.
    let mut prose = String::new();
    let mut in_code = false;
    for c in text.chars() {
        if c == '`' {
            in_code = !in_code;
        } else if !in_code {
            prose.push(c);
        }
    }
    let by_code = |code: &str| LANGUAGES.iter().find(|l| l.code == code);
    let (mut hangul, mut kana, mut han, mut arabic, mut cyrillic, mut ukrainian, mut latin) =
        (0, 0, 0, 0, 0, 0, 0);
    for c in prose.chars() {
        match c {
            '\u{AC00}'..='\u{D7AF}' | '\u{1100}'..='\u{11FF}' => hangul += 1,
            '\u{3040}'..='\u{30FF}' => kana += 1,
            '\u{4E00}'..='\u{9FFF}' => han += 1,
            '\u{0600}'..='\u{06FF}' => arabic += 1,
            'і' | 'ї' | 'є' | 'ґ' | 'І' | 'Ї' | 'Є' | 'Ґ' => {
                cyrillic += 1;
                ukrainian += 1;
            }
            '\u{0400}'..='\u{04FF}' => cyrillic += 1,
            c if c.is_ascii_alphabetic() => latin += 1,
            _ => {}
        }
    }
    let other = hangul + kana + han + arabic + cyrillic;
    if other > 20 && other * 2 > latin {
        let (code, _) = [
            ("ko", hangul),
            ("ja", kana + if kana > 0 { han } else { 0 }),
            ("zh-CN", if kana == 0 { han } else { 0 }),
            ("ar", arabic),
            (if ukrainian > 0 { "uk" } else { "ru" }, cyrillic),
        ]
        .into_iter()
        .max_by_key(|(_, n)| *n)?;
        return by_code(code);
    }
    let words: Vec<String> = prose
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let mut scores: Vec<(&str, usize)> = SMALL_WORDS
        .iter()
        .map(|(code, small)| {
            let hits = words
                .iter()
                .filter(|w| small.split(' ').any(|s| s == w.as_str()))
                .count();
            (*code, hits)
        })
        .collect();
    scores.sort_by_key(|s| std::cmp::Reverse(s.1));
    let (best, hits) = scores[0];
    let runner_up = scores[1].1;
    // Clearly one language: enough small words, and twice as many as any other's.
    (hits >= 6 && hits >= runner_up * 2)
        .then(|| by_code(best))
        .flatten()
}

#[derive(Default)]
struct Builder {
    entries: Vec<Entry>,
    by_id: HashMap<String, usize>,
    diagnostics: Vec<Diagnostic>,
}

impl Builder {
    fn add(&mut self, language: &'static Language, block: String, parsed: Parsed, builtin: bool) {
        let id = parsed.challenge.id().to_string();
        // A file without an id cannot be matched across languages; it stands alone.
        let key = if id.is_empty() {
            parsed.challenge.path.display().to_string()
        } else {
            id.clone()
        };
        let version = Version {
            language,
            block,
            parsed,
            builtin,
        };
        match self.by_id.get(&key) {
            Some(&index) => {
                let entry = &mut self.entries[index];
                if let Some(existing) = entry.find(language) {
                    let message = format!(
                        "id `{id}` is already used by {} in {}; this file is ignored",
                        existing.parsed.challenge.path.display(),
                        language.folder
                    );
                    let start = Position { line: 1, col: 1 };
                    let path = &version.parsed.challenge.path;
                    // Grading goes on with the first file, so this only warns.
                    let mut diagnostic = Diagnostic::new(Rule::DuplicateId, path, start, message);
                    diagnostic.severity = Severity::Warning;
                    self.diagnostics.push(diagnostic);
                } else {
                    entry.versions.push(version);
                }
            }
            None => {
                self.by_id.insert(key, self.entries.len());
                self.entries.push(Entry {
                    id,
                    versions: vec![version],
                });
            }
        }
    }

    fn finish(mut self) -> Catalog {
        let rank = |l: &Language| LANGUAGES.iter().position(|x| x == l);
        for entry in &mut self.entries {
            entry.versions.sort_by_key(|v| rank(v.language));
        }
        // Catalog order: by block, then by the English file's path (ours are numbered).
        self.entries.sort_by(|a, b| {
            let path = |e: &Entry| e.version(ENGLISH).parsed.challenge.path.clone();
            (a.block().to_string(), path(a)).cmp(&(b.block().to_string(), path(b)))
        });
        Catalog {
            entries: self.entries,
            diagnostics: self.diagnostics,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_tells_its_language_and_short_or_mixed_text_does_not() {
        let code = |text: &str| guess_language_of(text).map(|l| l.code);
        assert_eq!(
            code("Tu ruta debe responder con el estado de la sesión para que el usuario vea la página de los datos del perfil por favor."),
            Some("es")
        );
        assert_eq!(
            code("Deine Route sollte die Sitzung beenden und der Nutzer ist nicht mehr angemeldet, wenn die Seite mit dem Link das Ende zeigt."),
            Some("de")
        );
        assert_eq!(
            code("Your route should end the session, and the user that logs out should land on the home page with this link from the menu."),
            Some("en")
        );
        assert_eq!(code("你的 `/logout` 路由应该调用 `req.logout()`，然后重定向到主页。用户注销后会话应该结束。"), Some("zh-CN"));
        assert_eq!(
            code("ログアウトすると、セッションが終了してホームページに戻るようにしてください。"),
            Some("ja")
        );
        assert_eq!(
            code(
                "Ваш маршрут має завершити сесію, і користувач має потрапити на головну сторінку."
            ),
            Some("uk")
        );
        assert_eq!(code("Log out."), None);
        // Words inside code say nothing: `el` and `la` here are not Spanish prose.
        assert_eq!(code("`el la los las del que con para una por debe`"), None);
    }
}
