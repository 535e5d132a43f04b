//! Fuzz target `config`: the body is [`loupe::invariants::yaml_files::config_file`], shared with the stable
//! replay test (`tests/fuzz_replay.rs`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| loupe::invariants::yaml_files::config_file(data));
