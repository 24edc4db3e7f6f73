//! `--watch`: waits for the learner to change a file of the app, then for a quiet moment, and
//! says which files changed. The only user of notify.

use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher as _};

/// Folders whose changes are not the learner's edits: dependencies, history, build output.
const IGNORED_FOLDERS: &[&str] = &[
    "node_modules",
    ".git",
    ".hg",
    ".svn",
    "dist",
    "build",
    "out",
    ".next",
    ".nuxt",
    ".cache",
    ".parcel-cache",
    ".turbo",
    ".vercel",
    "coverage",
    "target",
    "__pycache__",
    ".venv",
];

/// Files an app or an editor writes on its own: logs, databases, swap and backup files.
fn ignored_file(name: &str) -> bool {
    const SUFFIXES: [&str; 10] = [
        ".log", ".db", ".sqlite", ".sqlite3", "-journal", ".swp", ".swx", ".tmp", "~", ".pid",
    ];
    name.starts_with(".#") || name == "4913" || SUFFIXES.iter().any(|s| name.ends_with(s))
}

/// A folder directly in the watched one whose changes are the learner's.
fn watched_folder(path: &Path) -> bool {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    // Not through symbolic links, which may lead outside or around in a loop.
    let is_dir = path.symlink_metadata().is_ok_and(|m| m.is_dir());
    is_dir && !IGNORED_FOLDERS.contains(&name.as_ref())
}

/// After the first change, how long nothing else must change before a round starts; and the
/// longest a burst of changes (a `git checkout`, a formatter) may delay it.
const QUIET: Duration = Duration::from_millis(300);
const LONGEST_BURST: Duration = Duration::from_secs(3);

pub struct Watcher {
    // Kept so the watches stay in place; folders made later are added to it.
    inner: notify::RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
    root: PathBuf,
    /// Files grade itself writes there, such as `--report-json FILE`.
    own: Vec<PathBuf>,
}

impl Watcher {
    /// Watches `root` and every folder below it except the ignored ones; `own` lists files grade
    /// writes, whose changes are not the learner's.
    pub fn new(root: &Path, own: Vec<PathBuf>) -> Result<Watcher, String> {
        let root = root
            .canonicalize()
            .map_err(|e| format!("cannot watch `{}`: {e}", root.display()))?;
        let (sender, events) = mpsc::channel();
        let mut inner = notify::recommended_watcher(sender)
            .map_err(|e| format!("cannot watch `{}`: {e}", root.display()))?;
        let fail = |e: notify::Error| format!("cannot watch `{}`: {e}", root.display());
        // The folder itself shallowly, and each folder in it that is not ignored deeply, so
        // that node_modules, often tens of thousands of folders, costs no watch at all.
        inner
            .watch(&root, RecursiveMode::NonRecursive)
            .map_err(fail)?;
        let entries = std::fs::read_dir(&root)
            .map_err(|e| format!("cannot watch `{}`: {e}", root.display()))?;
        for entry in entries.flatten() {
            if watched_folder(&entry.path()) {
                inner
                    .watch(&entry.path(), RecursiveMode::Recursive)
                    .map_err(fail)?;
            }
        }
        let own = own
            .into_iter()
            .map(|p| p.canonicalize().unwrap_or(p))
            .collect();
        Ok(Watcher {
            inner,
            events,
            root,
            own,
        })
    }

    /// A folder made in the watched folder after the start is watched from now on, like those
    /// that were there; files written into it before the watch are caught by the event of the
    /// folder itself.
    fn follow_new_folder(&mut self, event: &notify::Event) {
        if !matches!(
            event.kind,
            EventKind::Create(_) | EventKind::Modify(notify::event::ModifyKind::Name(_))
        ) {
            return;
        }
        for path in &event.paths {
            if path.parent() == Some(self.root.as_path()) && watched_folder(path) {
                // A folder already gone again has nothing left to watch.
                let _ = self.inner.watch(path, RecursiveMode::Recursive);
            }
        }
    }

    /// Waits for the learner's next change and a quiet moment after it; returns the changed
    /// files relative to the watched folder, or `None` when `stop()` turns true first.
    pub fn next_change(&mut self, stop: &dyn Fn() -> bool) -> Option<Vec<PathBuf>> {
        let mut changed: Vec<PathBuf> = Vec::new();
        // Files created in this burst: one already gone again was an editor's or a tool's
        // temporary file (sed -i, an atomic save), not a change of the learner's.
        let mut created: Vec<PathBuf> = Vec::new();
        let mut first: Option<Instant> = None;
        let mut last = Instant::now();
        loop {
            if stop() {
                return None;
            }
            match self.events.recv_timeout(Duration::from_millis(50)) {
                Ok(Ok(event)) => {
                    self.follow_new_folder(&event);
                    let creates = matches!(event.kind, EventKind::Create(_));
                    for path in self.relevant(&event) {
                        if creates && !created.contains(&path) {
                            created.push(path.clone());
                        }
                        if !changed.contains(&path) {
                            changed.push(path);
                        }
                        first.get_or_insert_with(Instant::now);
                        last = Instant::now();
                    }
                }
                // A watch that fails (a folder removed) leaves the others working.
                Ok(Err(_)) | Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return None,
            }
            if let Some(started) = first {
                if last.elapsed() >= QUIET || started.elapsed() >= LONGEST_BURST {
                    changed.retain(|p| !created.contains(p) || self.root.join(p).exists());
                    if changed.is_empty() {
                        // Only temporary files came and went: keep waiting.
                        first = None;
                        created.clear();
                        continue;
                    }
                    changed.sort();
                    return Some(changed);
                }
            }
        }
    }

    /// The learner's files an event touched, relative to the watched folder.
    fn relevant(&self, event: &notify::Event) -> Vec<PathBuf> {
        let edits = matches!(
            event.kind,
            EventKind::Create(_)
                | EventKind::Remove(_)
                | EventKind::Modify(notify::event::ModifyKind::Data(_))
                | EventKind::Modify(notify::event::ModifyKind::Name(_))
                | EventKind::Modify(notify::event::ModifyKind::Any)
                | EventKind::Any
        );
        if !edits {
            return Vec::new();
        }
        event
            .paths
            .iter()
            .filter(|path| !self.own.contains(path))
            .filter_map(|path| {
                let relative = path.strip_prefix(&self.root).ok()?;
                let ignored_folder = relative.components().any(|c| {
                    matches!(c, Component::Normal(n) if IGNORED_FOLDERS.contains(&n.to_string_lossy().as_ref()))
                });
                let name = relative.file_name()?.to_string_lossy().to_string();
                (!ignored_folder && !ignored_file(&name)).then(|| relative.to_path_buf())
            })
            .collect()
    }
}
