//! The cache of curriculum files: under the platform's cache folder (the only user of `dirs`),
//! one file per upstream file at `<owner>/<repo>/<ref>/<path>`, each with a `.meta` beside it
//! that says when it was last checked and how to revalidate it. Files are written whole to a
//! temporary name and renamed, so a reader (another `grade` at the same time) never sees half a
//! file.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How long a checked copy is used without asking the source again.
pub const FRESH_FOR: Duration = Duration::from_secs(24 * 60 * 60);

pub struct Cache {
    root: PathBuf,
}

/// What is known of one cached file.
#[derive(Debug, Clone, Default)]
pub struct Meta {
    pub etag: Option<String>,
    pub modified: Option<String>,
    /// When the source last confirmed this copy (or its absence), in seconds since 1970.
    pub checked: u64,
    /// When this copy's body was fetched, in seconds since 1970.
    pub fetched: u64,
    /// The source said there is no such file (a translation not made yet).
    pub missing: bool,
}

/// A cached copy.
#[derive(Debug, Clone)]
pub struct Cached {
    /// The body's file; `None` for a file the source said does not exist.
    pub path: Option<PathBuf>,
    pub meta: Meta,
}

pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl Cache {
    /// The cache under `explicit`, else `grade` in the platform's cache folder
    /// (`$XDG_CACHE_HOME` or `~/.cache` on Linux, `~/Library/Caches` on macOS, the local
    /// application data folder on Windows).
    pub fn open(explicit: Option<&Path>) -> Result<Cache, String> {
        let root = match explicit {
            Some(dir) => dir.to_path_buf(),
            None => dirs::cache_dir()
                .ok_or("there is no cache folder: neither XDG_CACHE_HOME nor HOME is set\nhelp: set one, or give the challenges with `--challenges DIR`")?
                .join("grade"),
        };
        Ok(Cache { root })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where the body of `key` (`owner/repo/ref/path`, checked by the caller to hold no `..`)
    /// is kept.
    pub fn path_of(&self, key: &str) -> PathBuf {
        self.root.join(key)
    }

    fn meta_path(&self, key: &str) -> PathBuf {
        self.root.join(format!("{key}.meta"))
    }

    pub fn read(&self, key: &str) -> Option<Cached> {
        let text = fs::read_to_string(self.meta_path(key)).ok()?;
        let meta = parse_meta(&text)?;
        let body = self.path_of(key);
        if meta.missing {
            return Some(Cached { path: None, meta });
        }
        body.is_file().then_some(Cached {
            path: Some(body),
            meta,
        })
    }

    /// Keeps `bytes` as the copy of `key`, then its meta.
    pub fn store(&self, key: &str, bytes: &[u8], meta: &Meta) -> Result<PathBuf, String> {
        let path = self.path_of(key);
        write_atomically(&path, bytes)?;
        write_atomically(&self.meta_path(key), render_meta(meta).as_bytes())?;
        Ok(path)
    }

    /// Records that the source has no such file; a body kept from before stays.
    pub fn store_missing(&self, key: &str) -> Result<(), String> {
        let meta = Meta {
            checked: now(),
            missing: true,
            ..Meta::default()
        };
        write_atomically(&self.meta_path(key), render_meta(&meta).as_bytes())
    }

    /// Records that the source confirmed the copy held.
    pub fn confirm(&self, key: &str, meta: &Meta) -> Result<(), String> {
        let meta = Meta {
            checked: now(),
            ..meta.clone()
        };
        write_atomically(&self.meta_path(key), render_meta(&meta).as_bytes())
    }
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let fail =
        |e: std::io::Error| format!("could not write the cache file `{}`: {e}", path.display());
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(fail)?;
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().to_string());
    let temporary = dir.join(format!(
        ".{name}.{}.{}.tmp",
        std::process::id(),
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos())
    ));
    let written = fs::File::create(&temporary)
        .and_then(|mut file| {
            file.write_all(bytes)?;
            file.sync_all()
        })
        .and_then(|()| fs::rename(&temporary, path));
    if let Err(e) = written {
        let _ = fs::remove_file(&temporary);
        return Err(fail(e));
    }
    Ok(())
}

fn render_meta(meta: &Meta) -> String {
    serde_json::json!({
        "etag": meta.etag,
        "last_modified": meta.modified,
        "checked": meta.checked,
        "fetched": meta.fetched,
        "missing": meta.missing,
    })
    .to_string()
}

fn parse_meta(text: &str) -> Option<Meta> {
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    let text_of = |name: &str| value.get(name).and_then(|v| v.as_str()).map(str::to_string);
    Some(Meta {
        etag: text_of("etag"),
        modified: text_of("last_modified"),
        checked: value.get("checked")?.as_u64()?,
        fetched: value.get("fetched").and_then(|v| v.as_u64()).unwrap_or(0),
        missing: value
            .get("missing")
            .and_then(|v| v.as_bool())
            .unwrap_or(false),
    })
}

/// How long ago a moment was, in words: `3 minutes`, `2 hours`, `5 days`.
pub fn age(since: u64) -> String {
    let seconds = now().saturating_sub(since);
    let (n, unit) = match seconds {
        0..=119 => (seconds, "second"),
        120..=7199 => (seconds / 60, "minute"),
        7200..=172_799 => (seconds / 3600, "hour"),
        _ => (seconds / 86_400, "day"),
    };
    if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    }
}
