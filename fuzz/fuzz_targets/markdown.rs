//! Fuzz target `markdown`: the body is [`loupe::invariants::page::markdown`], shared with the stable
//! replay test (`tests/fuzz_replay.rs`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| loupe::invariants::page::markdown(data));
