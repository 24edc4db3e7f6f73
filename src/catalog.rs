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
                let (language, block) = place(root, &file);
                match fs::read(&file) {
                    Ok(bytes) => {
                        builder.add(language, block, parse::parse_bytes(&file, &bytes), false)
                    }
                    Err(err) => builder
                        .diagnostics
                        .push(read_error(&file, &err.to_string())),
                }
            }
        }
        builder.finish()
    }

    /// Entries whose id or dashedName is `name`.
    pub fn lookup(&self, name: &str) -> Vec<&Entry> {
        self.entries
            .iter()
            .filter(|e| {
                e.id == name
                    || e.versions
                        .iter()
                        .any(|v| v.parsed.challenge.dashed_name() == name)
            })
            .collect()
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
/// one (or the root itself, or a `name.language.md` suffix); the block is the file's folder.
pub fn place(root: &Path, file: &Path) -> (&'static Language, String) {
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
        Language::from_folder(suffix)
    };
    let language = from_folders
        .or_else(from_suffix)
        .or_else(from_root)
        .unwrap_or(ENGLISH);
    let block = file
        .parent()
        .filter(|p| *p != root && !p.as_os_str().is_empty())
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().to_string())
        .filter(|n| Language::from_folder(n).is_none())
        .unwrap_or_default();
    (language, block)
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
