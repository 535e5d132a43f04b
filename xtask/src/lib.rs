//! Developer tasks of loupe, as a library so the root package's tests can generate the
//! benchmark corpus too.
//!
//! - [`corpus`]: the deterministic benchmark corpus (`cargo xtask gen-corpus`).

pub mod corpus;
pub mod rng;
pub mod text;
