//! Feeds arbitrary bytes to the decoding of the frames `grade` and its hint workers exchange:
//! a frame that is cut, oversized or malformed must be an error, never a panic, and an outcome
//! that decodes must survive being encoded again.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    grader::run::decode_untrusted_frames(data);
});
