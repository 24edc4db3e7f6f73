//! Feeds arbitrary bytes to the challenge parser: it must return, never panic, and every
//! diagnostic must carry a position inside the file.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let parsed = grader::parse::parse_bytes(Path::new("fuzz.md"), data);
    let lines = parsed.challenge.source.split('\n').count() as u32;
    for diagnostic in &parsed.diagnostics {
        assert!(diagnostic.position.line >= 1 && diagnostic.position.line <= lines.max(1) + 1);
        assert!(diagnostic.position.col >= 1);
    }
    for hint in &parsed.challenge.hints {
        assert!(hint.code_line >= 1);
    }
});
