//! freeCodeCamp's challenges by name, fetched at run time from the curriculum repositories (or a
//! mirror of them), kept in a cache, and usable offline once fetched. `names` reads what an
//! argument names, `cache` keeps the files; the downloads themselves are `run::http::download`.
//!
//! Nothing of freeCodeCamp's text is built in: only the identifiers in `names.tsv`.

mod cache;
pub mod names;

use std::path::{Path, PathBuf};
use std::time::Duration;

pub use names::{Named, Wanted};

use crate::catalog::{Language, ENGLISH, LANGUAGES};
use crate::run::http::download::{download_all, Download, Fetched as Answer};
use cache::{Cache, Cached, Meta};

/// Where raw files are served by default, in the Git host's raw-file layout
/// `{source}/{owner}/{repo}/{ref}/{path}`.
pub const DEFAULT_SOURCE: &str = "https://raw.githubusercontent.com";

pub const DEFAULT_REF: &str = "main";

/// The English curriculum, and the block files that order it.
const ENGLISH_REPO: &str = "freeCodeCamp/freeCodeCamp";

/// The translations.
const I18N_REPO: &str = "freeCodeCamp/i18n-curriculum";

/// A curriculum file is a few kilobytes; anything near this is not one.
const MAX_FILE: usize = 2 << 20;

/// One request may take this long before the cache is used instead.
const TIMEOUT: Duration = Duration::from_secs(30);

/// Where the curriculum comes from and how the cache is used.
#[derive(Debug, Clone)]
pub struct Remote {
    /// The raw-file server, without a trailing slash.
    pub source: String,
    /// The branch, tag or commit of both repositories.
    pub reference: String,
    /// Ask the source again even for a copy checked within the day.
    pub refresh: bool,
    /// Never touch the network: only what the cache holds.
    pub offline: bool,
    /// The cache folder; `None` for the platform's.
    pub cache: Option<PathBuf>,
}

impl Default for Remote {
    fn default() -> Remote {
        Remote {
            source: DEFAULT_SOURCE.to_string(),
            reference: DEFAULT_REF.to_string(),
            refresh: false,
            offline: false,
            cache: None,
        }
    }
}

impl Remote {
    /// Checks a source URL and a ref as given on the command line.
    pub fn new(source: &str, reference: &str) -> Result<Remote, String> {
        let source = source.trim().trim_end_matches('/').to_string();
        let lower = source.to_ascii_lowercase();
        if !(lower.starts_with("http://") || lower.starts_with("https://"))
            || source.len() <= "https://".len()
        {
            return Err(format!(
                "`{source}` is not an http or https URL for --curriculum-source"
            ));
        }
        let safe = !reference.is_empty()
            && reference
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
            && !reference.starts_with(['/', '.', '-'])
            && !reference
                .split('/')
                .any(|part| part.is_empty() || part == "..");
        if !safe {
            return Err(format!(
                "`{reference}` is not a branch, tag or commit for --curriculum-ref\nhelp: use letters, digits, `-`, `_`, `.` and `/`, such as `main` or a commit's hash"
            ));
        }
        Ok(Remote {
            source,
            reference: reference.to_string(),
            ..Remote::default()
        })
    }

    /// Whether the files come from the default source at the default ref: what results record
    /// otherwise names the version graded against.
    pub fn is_default(&self) -> bool {
        self.source == DEFAULT_SOURCE && self.reference == DEFAULT_REF
    }
}

/// The languages freeCodeCamp translates its curriculum into, besides English.
pub fn translations() -> impl Iterator<Item = &'static Language> {
    LANGUAGES.iter().filter(|l| *l != ENGLISH)
}

/// One challenge file at hand.
#[derive(Debug, Clone)]
pub struct File {
    pub id: String,
    pub block: String,
    pub language: &'static Language,
    /// The copy in the cache.
    pub path: PathBuf,
}

/// What a fetch brought.
#[derive(Debug, Default)]
pub struct Fetched {
    /// Every file, English and the translations found.
    pub files: Vec<File>,
    /// The ids of the challenges asked for, in the order to grade them.
    pub order: Vec<String>,
    /// Things the user should know: the cache used instead of the source, and why.
    pub notices: Vec<String>,
}

impl Fetched {
    /// Where the files are, to read them as a catalog.
    pub fn paths(&self) -> Vec<PathBuf> {
        self.files.iter().map(|f| f.path.clone()).collect()
    }
}

/// One upstream file and what it must be.
#[derive(Debug, Clone)]
struct Want {
    key: String,
    url: String,
    kind: Kind,
    /// What the file is, for messages.
    label: String,
}

#[derive(Debug, Clone)]
enum Kind {
    /// A block's structure file, whose `challengeOrder` lists its challenges.
    Order,
    /// A challenge file, which must have this id.
    Challenge { id: String },
}

/// What came of one wanted file.
#[derive(Debug, Clone)]
enum Got {
    Body(PathBuf),
    Missing,
}

struct Session<'a> {
    remote: &'a Remote,
    cache: Cache,
    /// Why the source could not be used, and the oldest cached copy used instead.
    fallback: Option<(String, u64)>,
    notices: Vec<String>,
}

/// Fetches what `wanted` names, in English and in `languages`, from the cache or the source.
pub fn fetch(
    wanted: &[Wanted],
    languages: &[&'static Language],
    remote: &Remote,
) -> Result<Fetched, String> {
    let mut session = Session {
        remote,
        cache: Cache::open(remote.cache.as_deref())?,
        fallback: None,
        notices: Vec::new(),
    };
    // First the orders of the blocks named as a whole (or holding a challenge added later).
    let mut blocks: Vec<&str> = Vec::new();
    let every_block = names::blocks();
    for want in wanted {
        let needs: Vec<&str> = match want {
            Wanted::Block(block) | Wanted::Unlisted { block, .. } => vec![block.as_str()],
            Wanted::UnknownId(_) => every_block.clone(),
            Wanted::Challenge { .. } => Vec::new(),
        };
        for block in needs {
            if !blocks.contains(&block) {
                blocks.push(block);
            }
        }
    }
    let named: Vec<&str> = wanted
        .iter()
        .filter_map(|w| match w {
            Wanted::Block(block) | Wanted::Unlisted { block, .. } => Some(block.as_str()),
            _ => None,
        })
        .collect();
    let orders = session.orders(&blocks, &named)?;
    let order_of = |block: &str| -> &[String] {
        blocks
            .iter()
            .position(|b| *b == block)
            .map_or(&[][..], |i| &orders[i][..])
    };
    // Then the challenges: (block, id), each once, in the order asked.
    let mut challenges: Vec<(String, String)> = Vec::new();
    let mut unlisted: Vec<(&str, &str)> = Vec::new();
    let push = |block: &str, id: &str, into: &mut Vec<(String, String)>| {
        if !into.iter().any(|(_, i)| i == id) {
            into.push((block.to_string(), id.to_string()));
        }
    };
    for want in wanted {
        match want {
            Wanted::Challenge { block, id } => push(block, id, &mut challenges),
            Wanted::Block(block) => {
                for id in order_of(block) {
                    push(block, id, &mut challenges);
                }
            }
            Wanted::Unlisted { block, dashed_name } => unlisted.push((block, dashed_name)),
            Wanted::UnknownId(id) => {
                let block = blocks
                    .iter()
                    .find(|b| order_of(b).iter().any(|i| i.eq_ignore_ascii_case(id)))
                    .ok_or_else(|| {
                        format!(
                            "no block of freeCodeCamp's back-end curriculum at `{}` has a challenge with the id `{id}`",
                            remote.reference
                        )
                    })?;
                push(block, &id.to_ascii_lowercase(), &mut challenges);
            }
        }
    }
    // A challenge newer than this build is known by its dashedName only: the block's English
    // files say which one it is.
    for (block, dashed_name) in unlisted {
        let ids: Vec<(String, String)> = order_of(block)
            .iter()
            .map(|id| (block.to_string(), id.clone()))
            .collect();
        let files = session.challenges(&ids, &[])?;
        let found = files.iter().find(|f| {
            std::fs::read(&f.path).is_ok_and(|bytes| {
                crate::parse::parse_bytes(&f.path, &bytes)
                    .challenge
                    .dashed_name()
                    == dashed_name
            })
        });
        match found {
            Some(file) => push(block, &file.id, &mut challenges),
            None => {
                return Err(format!(
                    "the block `{block}` has no challenge `{dashed_name}` at `{}`",
                    remote.reference
                ))
            }
        }
    }
    let files = session.challenges(&challenges, languages)?;
    if let Some((why, oldest)) = &session.fallback {
        session.notices.push(format!(
            "the curriculum source could not be used ({why}); the cached copies are used, the oldest fetched {} ago",
            cache::age(*oldest)
        ));
    }
    Ok(Fetched {
        files,
        order: challenges.into_iter().map(|(_, id)| id).collect(),
        notices: session.notices,
    })
}

impl Session<'_> {
    fn url_of(&self, repo: &str, path: &str) -> (String, String) {
        let key = format!("{repo}/{}/{path}", self.remote.reference);
        (format!("{}/{key}", self.remote.source), key)
    }

    /// The challenge ids of each block, in its order; what stands in for an order that could not
    /// be read is said for the blocks `named`.
    fn orders(&mut self, blocks: &[&str], named: &[&str]) -> Result<Vec<Vec<String>>, String> {
        let wants: Vec<Want> = blocks
            .iter()
            .map(|block| {
                let (url, key) = self.url_of(
                    ENGLISH_REPO,
                    &format!("curriculum/structure/blocks/{block}.json"),
                );
                Want {
                    key,
                    url,
                    kind: Kind::Order,
                    label: format!("the order of the block `{block}`"),
                }
            })
            .collect();
        let got = self.get(&wants);
        let mut orders = Vec::new();
        for ((block, want), got) in blocks.iter().zip(&wants).zip(got) {
            let ids = match got {
                Ok(Got::Body(path)) => std::fs::read(&path)
                    .ok()
                    .and_then(|bytes| challenge_order(&bytes).ok()),
                _ => None,
            };
            match ids {
                Some(ids) => orders.push(ids),
                None => {
                    // Known blocks still have their challenges without the structure file.
                    let known: Vec<String> = names::known()
                        .filter(|k| k.block == *block)
                        .map(|k| k.id.to_string())
                        .collect();
                    if known.is_empty() {
                        return Err(format!(
                            "could not read the order of the block `{block}` from `{}`",
                            want.url
                        ));
                    }
                    if named.contains(block) {
                        self.notices.push(format!(
                            "the order of `{block}` could not be read from `{}`; its challenges are graded in the order this version of grade knows",
                            want.url
                        ));
                    }
                    orders.push(known);
                }
            }
        }
        Ok(orders)
    }

    /// The files of `challenges` in English and in each of `languages` that has them.
    fn challenges(
        &mut self,
        challenges: &[(String, String)],
        languages: &[&'static Language],
    ) -> Result<Vec<File>, String> {
        let mut wants = Vec::new();
        let mut places = Vec::new();
        for (block, id) in challenges {
            let mut all = vec![ENGLISH];
            all.extend(languages.iter().copied().filter(|l| *l != ENGLISH));
            all.dedup();
            for language in all {
                let repo = if language == ENGLISH {
                    ENGLISH_REPO
                } else {
                    I18N_REPO
                };
                let path = format!(
                    "curriculum/challenges/{}/blocks/{block}/{id}.md",
                    language.folder
                );
                let (url, key) = self.url_of(repo, &path);
                let name = names::known()
                    .find(|k| k.id == id.as_str())
                    .map_or(id.as_str(), |k| k.dashed_name);
                wants.push(Want {
                    key,
                    url,
                    kind: Kind::Challenge { id: id.clone() },
                    label: format!("`{name}` in {}", language.english),
                });
                places.push((block, id, language));
            }
        }
        let got = self.get(&wants);
        let mut files = Vec::new();
        for ((want, (block, id, language)), got) in wants.iter().zip(places).zip(got) {
            let got = match got {
                Ok(got) => got,
                // A translation that cannot be had now is not worth stopping for: English
                // stands in, as for one not made yet, and the reason is said.
                Err(why) if language != ENGLISH => {
                    let first = why.lines().next().unwrap_or_default();
                    self.notices.push(format!(
                        "{} could not be had, so English stands in: {first}",
                        want.label
                    ));
                    continue;
                }
                Err(why) => return Err(why),
            };
            match got {
                Got::Body(path) => files.push(File {
                    id: id.clone(),
                    block: block.clone(),
                    language,
                    path,
                }),
                // A translation not made yet: English stands in, hint by hint, as for any file.
                Got::Missing if language != ENGLISH => {}
                Got::Missing => {
                    return Err(format!(
                        "the curriculum has no file at `{}`\nhelp: the challenge may have moved or been removed at `{}`; `--curriculum-ref` chooses another version",
                        want.url, self.remote.reference
                    ))
                }
            }
        }
        Ok(files)
    }

    /// Each wanted file from the cache while it is fresh, else from the source, all at once.
    fn get(&mut self, wants: &[Want]) -> Vec<Result<Got, String>> {
        let now = cache::now();
        let cached: Vec<Option<Cached>> = wants.iter().map(|w| self.cache.read(&w.key)).collect();
        let mut results: Vec<Option<Result<Got, String>>> = wants.iter().map(|_| None).collect();
        let mut downloads = Vec::new();
        let mut asked = Vec::new();
        for (index, (want, copy)) in wants.iter().zip(&cached).enumerate() {
            let fresh = copy
                .as_ref()
                .is_some_and(|c| now.saturating_sub(c.meta.checked) < cache::FRESH_FOR.as_secs());
            if self.remote.offline {
                results[index] = Some(match copy {
                    Some(copy) => Ok(got_of(copy)),
                    None => Err(format!(
                        "{} is not in the cache, and --offline keeps grade from fetching it\nhelp: fetch it once with `grade pull` (or without --offline), or give the challenge files with `--challenges DIR`",
                        want.label
                    )),
                });
            } else if fresh && !self.remote.refresh {
                results[index] = copy.as_ref().map(|c| Ok(got_of(c)));
            } else {
                let meta = copy.as_ref().filter(|c| c.path.is_some()).map(|c| &c.meta);
                downloads.push(Download {
                    url: want.url.clone(),
                    etag: meta.and_then(|m| m.etag.clone()),
                    modified: meta.and_then(|m| m.modified.clone()),
                });
                asked.push(index);
            }
        }
        let answers = download_all(&downloads, TIMEOUT, MAX_FILE);
        for (index, answer) in asked.into_iter().zip(answers) {
            let want = &wants[index];
            let copy = cached[index].as_ref().filter(|c| c.path.is_some());
            results[index] = Some(self.settle(want, copy, answer));
        }
        results
            .into_iter()
            .map(|r| r.unwrap_or_else(|| Err("the file was not fetched".to_string())))
            .collect()
    }

    /// What one answer of the source means for the copy held.
    fn settle(
        &mut self,
        want: &Want,
        copy: Option<&Cached>,
        answer: Answer,
    ) -> Result<Got, String> {
        let from_cache = |session: &mut Session, why: String| -> Result<Got, String> {
            match copy {
                Some(copy) => {
                    session.fell_back(why, copy.meta.fetched);
                    Ok(got_of(copy))
                }
                None => Err(format!(
                    "could not fetch {} from `{}`: {why}\nhelp: check the network or --curriculum-source; a folder made by `grade pull` can be given with `--challenges DIR`",
                    want.label, want.url
                )),
            }
        };
        match answer {
            Answer::Body {
                bytes,
                etag,
                modified,
            } => match check(&want.kind, &bytes) {
                Ok(()) => {
                    let meta = Meta {
                        etag,
                        modified,
                        checked: cache::now(),
                        fetched: cache::now(),
                        missing: false,
                    };
                    self.cache.store(&want.key, &bytes, &meta).map(Got::Body)
                }
                Err(why) => {
                    let why = format!("`{}` is not a curriculum file: {why}", want.url);
                    match copy {
                        Some(copy) => {
                            self.notices.push(format!(
                                "{why}; the copy cached {} ago is used",
                                cache::age(copy.meta.fetched)
                            ));
                            Ok(got_of(copy))
                        }
                        None => Err(why),
                    }
                }
            },
            Answer::NotModified => match copy {
                Some(copy) => {
                    // A cache that cannot be written still has a good copy to grade with.
                    let _ = self.cache.confirm(&want.key, &copy.meta);
                    Ok(got_of(copy))
                }
                None => Err(format!(
                    "`{}` answered 304 Not Modified to a request for a file grade does not have",
                    want.url
                )),
            },
            Answer::Missing => match copy {
                // A file that disappeared upstream leaves the good copy as it was.
                Some(copy) => {
                    self.notices.push(format!(
                        "`{}` is no longer there; the copy cached {} ago is used",
                        want.url,
                        cache::age(copy.meta.fetched)
                    ));
                    Ok(got_of(copy))
                }
                None => {
                    let _ = self.cache.store_missing(&want.key);
                    Ok(Got::Missing)
                }
            },
            Answer::Failed(why) => from_cache(self, why),
        }
    }

    fn fell_back(&mut self, why: String, fetched: u64) {
        match &mut self.fallback {
            Some((_, oldest)) => *oldest = (*oldest).min(fetched),
            None => self.fallback = Some((why, fetched)),
        }
    }
}

fn got_of(copy: &Cached) -> Got {
    match &copy.path {
        Some(path) => Got::Body(path.clone()),
        None => Got::Missing,
    }
}

/// Whether a body is what was asked for: a structure file with a challenge order, or a
/// challenge file with the right id and hints. An error page, a truncated file or another
/// challenge is not.
fn check(kind: &Kind, bytes: &[u8]) -> Result<(), String> {
    match kind {
        Kind::Order => challenge_order(bytes).map(|_| ()),
        Kind::Challenge { id } => {
            let parsed = crate::parse::parse_bytes(Path::new("download.md"), bytes);
            let found = parsed.challenge.id();
            if found.is_empty() {
                return Err("it has no front matter with an id (an HTML page?)".to_string());
            }
            if found != id {
                return Err(format!("it is the challenge `{found}`, not `{id}`"));
            }
            if parsed.challenge.hints.is_empty() {
                return Err("it has no hints".to_string());
            }
            Ok(())
        }
    }
}

/// The ids of a block's structure file, in order: `challengeOrder` as `[{"id", "title"}]`, or
/// the older `[[id, title]]`.
fn challenge_order(bytes: &[u8]) -> Result<Vec<String>, String> {
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| format!("it is not JSON ({e})"))?;
    let order = value
        .get("challengeOrder")
        .and_then(|o| o.as_array())
        .ok_or("it has no `challengeOrder` list")?;
    let ids: Vec<String> = order
        .iter()
        .filter_map(|item| {
            item.get("id")
                .or_else(|| item.get(0))
                .and_then(|id| id.as_str())
                .filter(|id| names::is_id(id))
                .map(str::to_string)
        })
        .collect();
    if ids.is_empty() {
        return Err("its `challengeOrder` names no challenge".to_string());
    }
    Ok(ids)
}

/// Writes fetched files in the layout `--challenges DIR` reads: `DIR/<language>/<block>/<id>.md`.
pub fn write_to(files: &[File], dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut written = Vec::new();
    for file in files {
        let target = dir
            .join(file.language.folder)
            .join(&file.block)
            .join(format!("{}.md", file.id));
        let fail = |e: std::io::Error| format!("could not write `{}`: {e}", target.display());
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(fail)?;
        }
        std::fs::copy(&file.path, &target).map_err(fail)?;
        written.push(target);
    }
    Ok(written)
}

/// Where the cache is, for messages.
pub fn cache_folder(remote: &Remote) -> Option<PathBuf> {
    Cache::open(remote.cache.as_deref())
        .ok()
        .map(|c| c.root().to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs_and_sources_are_checked() {
        assert!(Remote::new("https://mirror.example/raw/", "main").is_ok());
        assert_eq!(
            Remote::new("https://mirror.example/raw/", "v1")
                .unwrap()
                .source,
            "https://mirror.example/raw"
        );
        assert!(Remote::new("ftp://x", "main").is_err());
        for bad in ["", "../x", "a/../b", "/abs", "a b", "-x"] {
            assert!(Remote::new(DEFAULT_SOURCE, bad).is_err(), "{bad}");
        }
        assert!(Remote::new(DEFAULT_SOURCE, "release/2026-01").is_ok());
    }

    #[test]
    fn block_orders_in_both_forms() {
        let new = br#"{"challengeOrder":[{"id":"bd7158d8c443edefaeb5bdef","title":"T"}]}"#;
        let old = br#"{"challengeOrder":[["bd7158d8c443edefaeb5bdef","T"]]}"#;
        assert_eq!(challenge_order(new).unwrap(), ["bd7158d8c443edefaeb5bdef"]);
        assert_eq!(challenge_order(old).unwrap(), ["bd7158d8c443edefaeb5bdef"]);
        assert!(challenge_order(b"<html>").is_err());
        assert!(challenge_order(b"{}").is_err());
    }
}
