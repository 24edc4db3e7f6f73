//! The layers of ARCHITECTURE.md hold in `src/`: every `crate::` path (in a `use`, a group, or
//! inline) and every `super::` path that climbs out of its room points to a lower layer, and the
//! rooms import one another without a cycle, nor do the files of one folder. The table is read
//! from ARCHITECTURE.md itself, so the document and the test cannot drift apart.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::support::root;

/// The layer of each room, from the `## Layers` table of ARCHITECTURE.md.
fn layers(architecture: &str) -> BTreeMap<String, usize> {
    let section = architecture
        .split("\n## Layers")
        .nth(1)
        .expect("ARCHITECTURE.md has a `## Layers` section");
    let section = section.split("\n## ").next().unwrap_or(section);
    let mut table = BTreeMap::new();
    for line in section.lines().filter(|l| l.starts_with('|')) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let Some(layer) = cells.get(1).and_then(|c| c.parse::<usize>().ok()) else {
            continue;
        };
        for module in cells[2].split(',') {
            let module = module.trim().trim_matches('`');
            if !module.is_empty() {
                table.insert(module.to_string(), layer);
            }
        }
    }
    assert!(
        !table.is_empty(),
        "the Layers table of ARCHITECTURE.md has no rows"
    );
    table
}

/// The module path of a source file: `src/run/http/mod.rs` is `run::http`, `src/lib.rs` the
/// crate root (empty).
fn module_path(relative: &str) -> Vec<String> {
    let trimmed = relative.trim_end_matches(".rs");
    let mut parts: Vec<String> = trimmed.split('/').map(str::to_string).collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

/// The room of a module path: its first segment, or `lib` for the crate root.
fn room(path: &[String]) -> String {
    path.first().cloned().unwrap_or_else(|| "lib".to_string())
}

/// `source` without comments, string and character literals (each replaced by spaces, so byte
/// offsets and lines stay where they were).
fn code_only(source: &str) -> String {
    let bytes = source.as_bytes();
    let mut out = bytes.to_vec();
    let blank = |out: &mut Vec<u8>, from: usize, to: usize| {
        for b in &mut out[from..to] {
            if *b != b'\n' {
                *b = b' ';
            }
        }
    };
    let mut i = 0;
    while i < bytes.len() {
        let rest = &bytes[i..];
        if rest.starts_with(b"//") {
            let end = rest
                .iter()
                .position(|&b| b == b'\n')
                .map_or(bytes.len(), |p| i + p);
            blank(&mut out, i, end);
            i = end;
        } else if rest.starts_with(b"/*") {
            let end = source[i + 2..]
                .find("*/")
                .map_or(bytes.len(), |p| i + 2 + p + 2);
            blank(&mut out, i, end);
            i = end;
        } else if rest.starts_with(b"r#\"") || rest.starts_with(b"r\"") {
            let hashes = rest[1..].iter().take_while(|&&b| b == b'#').count();
            let close = format!("\"{}", "#".repeat(hashes));
            let open = 2 + hashes;
            let end = source[i + open..]
                .find(&close)
                .map_or(bytes.len(), |p| i + open + p + close.len());
            blank(&mut out, i, end);
            i = end;
        } else if rest[0] == b'"' {
            let mut j = i + 1;
            while j < bytes.len() && bytes[j] != b'"' {
                j += if bytes[j] == b'\\' { 2 } else { 1 };
            }
            let end = (j + 1).min(bytes.len());
            blank(&mut out, i, end);
            i = end;
        } else if rest[0] == b'\'' && rest.len() >= 3 && (rest[2] == b'\'' || rest[1] == b'\\') {
            // A character literal ('"', '\''), not a lifetime.
            let end = rest[2..]
                .iter()
                .position(|&b| b == b'\'')
                .map_or(bytes.len(), |p| i + 2 + p + 1);
            blank(&mut out, i, end);
            i = end;
        } else {
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Every room `source` (the file at `relative`, under `src/`) reaches outside its own, with the
/// line it does so on: the first segment after `crate::` (each member of a `crate::{…}` group),
/// or where a chain of `super::` climbs to.
fn references(relative: &str, source: &str) -> Vec<(usize, String)> {
    let code = code_only(source);
    let bytes = code.as_bytes();
    let line_of = |offset: usize| code[..offset].matches('\n').count() + 1;
    let here = module_path(relative);
    let mut found = Vec::new();
    let ident_at = |from: usize| -> (usize, String) {
        let start = from
            + bytes[from..]
                .iter()
                .take_while(|b| b.is_ascii_whitespace())
                .count();
        let end = start + bytes[start..].iter().take_while(|&&b| is_ident(b)).count();
        (start, code[start..end].to_string())
    };
    // A name right after the crate root: a module, or an item of the root itself.
    let target = |name: &str| -> String {
        if name.chars().next().is_some_and(|c| c.is_ascii_lowercase()) && name != "self" {
            name.to_string()
        } else {
            "lib".to_string()
        }
    };
    for (at, _) in code.match_indices("crate::") {
        if at > 0 && (is_ident(bytes[at - 1]) || bytes[at - 1] == b'$') {
            continue;
        }
        let after = at + "crate::".len();
        if bytes.get(after) == Some(&b'{') {
            // The first segment of each member of the group, at depth one.
            let mut depth = 0;
            let mut expect = true;
            let mut i = after;
            while i < bytes.len() {
                match bytes[i] {
                    b'{' => {
                        depth += 1;
                        expect = depth == 1;
                    }
                    b'}' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    b',' if depth == 1 => expect = true,
                    b if expect && depth == 1 && is_ident(b) => {
                        let (start, name) = ident_at(i);
                        found.push((line_of(start), target(&name)));
                        expect = false;
                        i = start + name.len();
                        continue;
                    }
                    _ => {}
                }
                i += 1;
            }
        } else {
            let (start, name) = ident_at(after);
            if !name.is_empty() {
                found.push((line_of(start), target(&name)));
            }
        }
    }
    let inline = inline_modules(&code);
    for (at, _) in code.match_indices("super::") {
        if at > 0 && (is_ident(bytes[at - 1]) || (at >= 2 && bytes[at - 2..at] == *b"::")) {
            continue;
        }
        let mut climbs = 0;
        let mut i = at;
        while code[i..].starts_with("super::") {
            climbs += 1;
            i += "super::".len();
        }
        // From a file `a/b.rs` (module a::b), one `super` is `a`; from `a.rs`, the root; from
        // inside `mod tests { … }` of `a.rs`, `a`.
        let depth = here.len()
            + inline
                .iter()
                .filter(|(s, e)| (*s..*e).contains(&at))
                .count();
        let kept = depth.saturating_sub(climbs);
        if kept > 0 {
            continue;
        }
        let (start, name) = ident_at(i);
        found.push((line_of(start), target(&name)));
    }
    found
}

/// The byte ranges of the modules declared inline (`mod tests { … }`) in `code`.
fn inline_modules(code: &str) -> Vec<(usize, usize)> {
    let bytes = code.as_bytes();
    let mut found = Vec::new();
    for (at, _) in code.match_indices("mod ") {
        if at > 0 && is_ident(bytes[at - 1]) {
            continue;
        }
        let name_end = at + 4 + bytes[at + 4..].iter().take_while(|&&b| is_ident(b)).count();
        let open = name_end
            + bytes[name_end..]
                .iter()
                .take_while(|b| b.is_ascii_whitespace())
                .count();
        if bytes.get(open) != Some(&b'{') {
            continue;
        }
        let mut depth = 0;
        for (i, &b) in bytes.iter().enumerate().skip(open) {
            match b {
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        found.push((open, i));
                        break;
                    }
                }
                _ => {}
            }
        }
    }
    found
}

/// What breaks the layers in `files` (paths under `src/` and their text): imports of a layer
/// that is not lower, rooms the table lacks, and cycles between rooms.
fn check(files: &[(String, String)], table: &BTreeMap<String, usize>) -> Vec<String> {
    let mut problems = Vec::new();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (relative, source) in files {
        let from = room(&module_path(relative));
        let Some(&from_layer) = table.get(&from) else {
            problems.push(format!(
                "src/{relative}: the module `{from}` is in no layer of ARCHITECTURE.md's table"
            ));
            continue;
        };
        for (line, to) in references(relative, source) {
            if to == from {
                continue;
            }
            graph.entry(from.clone()).or_default().insert(to.clone());
            match table.get(&to) {
                None => problems.push(format!(
                    "src/{relative}:{line}: `{from}` imports `{to}`, which is in no layer of ARCHITECTURE.md's table"
                )),
                Some(&to_layer) if to_layer >= from_layer => {
                    let way = if to_layer == from_layer { "the same" } else { "a higher" };
                    problems.push(format!(
                        "src/{relative}:{line}: `{from}` (layer {from_layer}) imports `{to}` (layer {to_layer}), {way} layer: a module imports only from layers below its own"
                    ));
                }
                Some(_) => {}
            }
        }
    }
    for cycle in cycles(&graph) {
        problems.push(format!(
            "the modules import each other in a cycle: {}",
            cycle.join(" → ")
        ));
    }
    problems.extend(folder_cycles(files));
    problems
}

/// Cycles between the files of one folder: `command/grade.rs` importing `command/watch.rs` and
/// back is a circle the layers cannot see, since both are in the room `command`.
fn folder_cycles(files: &[(String, String)]) -> Vec<String> {
    let modules: BTreeSet<Vec<String>> = files.iter().map(|(r, _)| module_path(r)).collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (relative, source) in files {
        let here = module_path(relative);
        // A folder's `mod.rs` holds what its files share; only files beside each other count.
        if here.len() < 2 || relative.ends_with("mod.rs") {
            continue;
        }
        let parent = &here[..here.len() - 1];
        for name in sibling_references(&here, source) {
            let mut sibling = parent.to_vec();
            sibling.push(name);
            if sibling != here && modules.contains(&sibling) {
                graph
                    .entry(here.join("::"))
                    .or_default()
                    .insert(sibling.join("::"));
            }
        }
    }
    cycles(&graph)
        .into_iter()
        .map(|cycle| {
            format!(
                "the files of one folder import each other in a cycle: {}",
                cycle.join(" → ")
            )
        })
        .collect()
}

/// The names `source`, the module `here`, uses from its own folder: after `super::` (once, not
/// inside an inline module) or after `crate::` and the folder's path, a name or each member of
/// a `{…}` group.
fn sibling_references(here: &[String], source: &str) -> Vec<String> {
    let code = code_only(source);
    let bytes = code.as_bytes();
    let inline = inline_modules(&code);
    let folder = format!("crate::{}::", here[..here.len() - 1].join("::"));
    let mut starts = Vec::new();
    for (at, _) in code.match_indices("super::") {
        let climbs_more = code[at + "super::".len()..].starts_with("super::");
        let inside_a_path =
            (at > 0 && is_ident(bytes[at - 1])) || (at >= 2 && bytes[at - 2..at] == *b"::");
        let climbs_once = !climbs_more && !inside_a_path;
        let in_inline = inline.iter().any(|(s, e)| (*s..*e).contains(&at));
        if climbs_once && !in_inline {
            starts.push(at + "super::".len());
        }
    }
    for (at, _) in code.match_indices(&folder) {
        if at == 0 || !is_ident(bytes[at - 1]) {
            starts.push(at + folder.len());
        }
    }
    let mut names = Vec::new();
    for start in starts {
        names.extend(first_segments(&code, start));
    }
    names
}

/// The first segment of the path at `start`, or of each member of the group that opens there.
fn first_segments(code: &str, start: usize) -> Vec<String> {
    let bytes = code.as_bytes();
    let ident_at = |from: usize| -> String {
        let from = from
            + bytes[from..]
                .iter()
                .take_while(|b| b.is_ascii_whitespace())
                .count();
        let end = from + bytes[from..].iter().take_while(|&&b| is_ident(b)).count();
        code[from..end].to_string()
    };
    if bytes.get(start) != Some(&b'{') {
        return vec![ident_at(start)];
    }
    let mut names = Vec::new();
    let (mut depth, mut expect) = (0, true);
    for (i, &b) in bytes.iter().enumerate().skip(start) {
        match b {
            b'{' => {
                depth += 1;
                expect = depth == 1;
            }
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            b',' if depth == 1 => expect = true,
            b if expect && depth == 1 && is_ident(b) => {
                names.push(ident_at(i));
                expect = false;
            }
            _ => {}
        }
    }
    names
}

/// The cycles of `graph`, each once, as the rooms along it with the first repeated at the end.
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    let mut found: Vec<Vec<String>> = Vec::new();
    let mut seen: BTreeSet<Vec<String>> = BTreeSet::new();
    fn walk(
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        found: &mut Vec<Vec<String>>,
        seen: &mut BTreeSet<Vec<String>>,
    ) {
        let last = path.last().cloned().unwrap_or_default();
        for next in graph.get(&last).into_iter().flatten() {
            if let Some(start) = path.iter().position(|p| p == next) {
                let mut cycle: Vec<String> = path[start..].to_vec();
                let mut key = cycle.clone();
                key.sort();
                if seen.insert(key) {
                    cycle.push(next.clone());
                    found.push(cycle);
                }
            } else if path.len() < 16 {
                path.push(next.clone());
                walk(graph, path, found, seen);
                path.pop();
            }
        }
    }
    for start in graph.keys() {
        walk(graph, &mut vec![start.clone()], &mut found, &mut seen);
    }
    found
}

fn sources(dir: &Path, base: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("src/ is readable")
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            sources(&path, base, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let relative = path
                .strip_prefix(base)
                .expect("under src")
                .to_string_lossy()
                .replace('\\', "/");
            // The binary's main file uses the library by its name, never `crate::`.
            if relative != "main.rs" {
                let text = std::fs::read_to_string(&path).expect("a source file is text");
                out.push((relative, text));
            }
        }
    }
}

#[test]
fn every_import_in_src_goes_to_a_lower_layer() {
    let architecture =
        std::fs::read_to_string(root().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let table = layers(&architecture);
    let mut files = Vec::new();
    sources(&root().join("src"), &root().join("src"), &mut files);
    assert!(files.len() > 40, "found only {} source files", files.len());
    let problems = check(&files, &table);
    assert!(
        problems.is_empty(),
        "the layers are broken:\n{}",
        problems.join("\n")
    );
    // Every room of the table exists, so a renamed module cannot leave a stale row behind.
    let rooms: BTreeSet<String> = files.iter().map(|(r, _)| room(&module_path(r))).collect();
    for module in table.keys() {
        assert!(
            rooms.contains(module),
            "ARCHITECTURE.md lists `{module}`, which src/ lacks"
        );
    }
}

#[track_caller]
fn problems_of(files: &[(&str, &str)]) -> Vec<String> {
    let table = layers(
        "\n## Layers\n| 0 | `low` | |\n| 1 | `mid`, `side` | |\n| 2 | `top` | |\n| 3 | `lib` | |\n",
    );
    let files: Vec<(String, String)> = files
        .iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect();
    check(&files, &table)
}

#[test]
fn the_checker_finds_upward_and_sideways_imports_and_cycles() {
    // Downward imports, in every form, are fine.
    let fine = problems_of(&[
        (
            "top.rs",
            "use crate::mid::X;\nuse crate::{low, mid::{a, b}};\nfn f() { crate::low::g() }",
        ),
        ("mid/mod.rs", "mod inner;\nuse super::low::Y;"),
        ("mid/inner.rs", "use super::Z; use super::super::low::W;"),
        ("lib.rs", "use crate::top::T;"),
    ]);
    assert!(fine.is_empty(), "{fine:?}");
    // Comments and strings do not count.
    assert!(problems_of(&[(
        "low.rs",
        "// use crate::top;\nconst S: &str = \"crate::top\";"
    )])
    .is_empty());

    let upward = problems_of(&[("low.rs", "\n\nuse crate::top::T;")]);
    assert_eq!(upward.len(), 1, "{upward:?}");
    assert!(
        upward[0]
            .starts_with("src/low.rs:3: `low` (layer 0) imports `top` (layer 2), a higher layer"),
        "{upward:?}"
    );

    let grouped = problems_of(&[("low.rs", "use crate::{\n    mid,\n};")]);
    assert!(
        grouped[0].starts_with("src/low.rs:2: `low` (layer 0) imports `mid`"),
        "{grouped:?}"
    );

    let climbing = problems_of(&[("low.rs", "use super::top::T;")]);
    assert!(
        climbing[0].contains("`low` (layer 0) imports `top`"),
        "{climbing:?}"
    );

    let root_item = problems_of(&[("mid.rs", "use crate::Exit;")]);
    assert!(
        root_item[0].contains("`mid` (layer 1) imports `lib` (layer 3)"),
        "{root_item:?}"
    );

    // Inside an inline module, one `super` is the file's own module.
    assert!(problems_of(&[("low.rs", "mod tests {\n    use super::*;\n}")]).is_empty());

    let sideways = problems_of(&[
        ("mid.rs", "use crate::side::S;"),
        ("side.rs", "use crate::mid::M;"),
    ]);
    assert!(
        sideways.iter().any(|p| p.contains("the same layer")),
        "{sideways:?}"
    );
    assert!(
        sideways
            .iter()
            .any(|p| p == "the modules import each other in a cycle: mid → side → mid"),
        "{sideways:?}"
    );

    // Files of one folder may use each other one way, never in a circle.
    let one_way = problems_of(&[
        ("top/mod.rs", "mod a;\nmod b;\npub fn shared() {}"),
        ("top/a.rs", "use super::b::run;\nuse super::shared;"),
        ("top/b.rs", "use super::shared;"),
    ]);
    assert!(one_way.is_empty(), "{one_way:?}");
    let circle = problems_of(&[
        ("top/mod.rs", "mod a;\nmod b;"),
        ("top/a.rs", "use super::{b::run, shared};"),
        ("top/b.rs", "fn f() { crate::top::a::round() }"),
    ]);
    assert_eq!(
        circle,
        ["the files of one folder import each other in a cycle: top::a → top::b → top::a"],
    );

    let unknown = problems_of(&[("stray.rs", ""), ("top.rs", "use crate::elsewhere;")]);
    assert!(
        unknown.iter().any(|p| p.contains("`stray` is in no layer")),
        "{unknown:?}"
    );
    assert!(
        unknown
            .iter()
            .any(|p| p.contains("`elsewhere`, which is in no layer")),
        "{unknown:?}"
    );
}

/// The doc comment of `tests/it/main.rs` names every area of the test binary.
#[test]
fn the_test_binary_lists_all_its_areas() {
    let main = std::fs::read_to_string(root().join("tests/it/main.rs")).expect("main.rs");
    let doc: String = main
        .lines()
        .filter(|l| l.starts_with("//!"))
        .collect::<Vec<_>>()
        .join("\n");
    for line in main.lines() {
        if let Some(name) = line.strip_prefix("mod ").and_then(|l| l.strip_suffix(';')) {
            assert!(
                doc.contains(&format!("`{name}`")),
                "the doc comment of tests/it/main.rs does not name `{name}`"
            );
        }
    }
}
