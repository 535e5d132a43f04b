//! loupe: a static site generator for a multilingual Kimberley Process knowledge base that
//! works offline, from a USB stick, with search.
//!
//! Data flows one way: [`config`] and [`theme`] → [`content`] (load and validate) →
//! [`site`] (markdown, links, translations) → [`render`] → [`output`], driven by [`pipeline`].

pub mod bundle;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod incremental;
pub mod invariants;
pub mod io_error;
pub mod markdown;
pub mod names;
pub mod offline;
pub mod output;
pub mod pdf;
pub mod pipeline;
pub mod progress;
pub mod render;
pub mod search;
pub mod serve;
pub mod site;
pub mod theme;
pub mod workspace;
pub mod zim;
