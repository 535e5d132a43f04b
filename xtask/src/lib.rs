//! Developer tasks of loupe, as a library so the root package's tests can generate the
//! benchmark corpus too.
//!
//! - [`corpus`]: the deterministic benchmark corpus (`cargo xtask gen-corpus`).
//! - [`fuzz`]: the fuzz targets, as a stable smoke replay or under libFuzzer (`cargo xtask fuzz`).
//! - [`bench`](mod@bench): the benchmark runner (`cargo xtask bench`), with [`measure`] for wall time and
//!   peak memory of a child process, [`timings`] for loupe's stage breakdown, [`hugo`] for the
//!   comparison with Hugo and Pagefind, and [`report`] for the printed table.
//! - [`pgo`]: a release build optimised with a profile of loupe's own builds (`cargo xtask
//!   pgo`).
//! - [`screenshots`]: screenshots of every page type of the default site (`cargo xtask
//!   screenshots`).

pub mod bench;
pub mod corpus;
pub mod fuzz;
pub mod hugo;
pub mod measure;
pub mod pgo;
pub mod report;
pub mod rng;
pub mod screenshots;
pub mod text;
pub mod timings;
