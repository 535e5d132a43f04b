//! loupe: a static site generator for a multilingual Kimberley Process knowledge base that
//! works offline, from a USB stick, with search.
//!
//! Data flows one way: `config` and [`theme`] → [`content`] (load and validate) →
//! [`site`] (markdown, links, translations) → `render` → [`output`], driven by [`pipeline`].

pub mod bundle;
pub mod cli;
pub mod cmd;
pub(crate) mod config;
pub mod content;
pub mod diagnostics;
pub(crate) mod incremental;
pub mod invariants;
pub mod io_error;
pub(crate) mod markdown;
pub(crate) mod names;
pub(crate) mod offline;
pub mod output;
pub mod pdf;
pub mod pipeline;
pub mod priority;
pub(crate) mod progress;
pub(crate) mod render;
pub(crate) mod search;
pub mod serve;
pub mod site;
pub mod theme;
pub(crate) mod workspace;
pub mod zim;
