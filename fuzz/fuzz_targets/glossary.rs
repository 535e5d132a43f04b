//! Fuzz target `glossary`: the body is [`loupe::invariants::yaml_files::glossary`], shared with the stable
//! replay test (`tests/fuzz_replay.rs`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| loupe::invariants::yaml_files::glossary(data));
