//! Fuzz target `search_query`: the body is [`loupe::invariants::search::query`], shared with the stable
//! replay test (`tests/fuzz_replay.rs`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| loupe::invariants::search::query(data));
