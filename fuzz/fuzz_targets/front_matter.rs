//! Fuzz target `front_matter`: the body is [`loupe::invariants::page::front_matter`], shared with the stable
//! replay test (`tests/fuzz_replay.rs`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| loupe::invariants::page::front_matter(data));
