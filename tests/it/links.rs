//! Symbolic links in a curriculum: language folders and files that are links are read like the
//! real ones by every command that reads the catalog, and a link that leads back into a folder
//! it is in is said once and not followed.

use std::os::unix::fs::symlink;

use super::support::{assert_contains, grade, temp_dir};

const ENGLISH: &str = "---\nid: 0000000000000000000000c1\ntitle: Linked\nchallengeType: 2\ndashedName: linked\n---\n\n# --hints--\n\nOne.\n\n```js\nassert(true)\n```\n";

fn write(path: &std::path::Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn symlinked_language_folders_and_files_are_read_and_a_loop_is_said_once() {
    let dir = temp_dir("links");
    let store = dir.join("store");
    write(&store.join("english/block/linked.md"), ENGLISH);
    write(
        &store.join("german/block/linked.md"),
        &ENGLISH.replace("title: Linked", "title: Verlinkt"),
    );
    write(
        &store.join("spanish.md"),
        &ENGLISH.replace("title: Linked", "title: Enlazado"),
    );
    // Every language folder a link.
    let linked = dir.join("linked");
    std::fs::create_dir_all(&linked).unwrap();
    symlink(store.join("english"), linked.join("english")).unwrap();
    symlink(store.join("german"), linked.join("german")).unwrap();
    // Two links back up the tree: one loop, said once.
    symlink("..", store.join("english/block/again")).unwrap();
    symlink("../..", store.join("english/block/higher")).unwrap();
    let run = grade(&["list", "--challenges", linked.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_contains(
        &run.stdout,
        "0000000000000000000000c1  linked  Linked  [en de; 1 hint]",
    );
    assert_eq!(
        run.stderr.matches("leads back to").count(),
        2,
        "each loop once: {}",
        run.stderr
    );
    // A mix: English a real folder, German a link, Spanish a linked file.
    let mix = dir.join("mix");
    write(&mix.join("english/block/linked.md"), ENGLISH);
    symlink(store.join("german"), mix.join("german")).unwrap();
    std::fs::create_dir_all(mix.join("espanol/block")).unwrap();
    symlink(
        store.join("spanish.md"),
        mix.join("espanol/block/linked.md"),
    )
    .unwrap();
    let run = grade(&["list", "--challenges", mix.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_contains(&run.stdout, "[en de es; 1 hint]");
    let run = grade(&[
        "list",
        "--challenges",
        mix.to_str().unwrap(),
        "--lang",
        "de",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_contains(&run.stdout, "Verlinkt");
    // Grading a linked folder finds its challenge.
    let server = super::support::Server::start(|_| super::support::Reply::ok("ok"));
    let run = grade(&[
        "--url",
        &server.url,
        "--challenges",
        linked.to_str().unwrap(),
        "--lang",
        "de",
        "linked",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}
