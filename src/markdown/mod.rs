//! Markdown: rendering, heading ids, link classification and sanitising.

pub(crate) mod abbreviations;
pub(crate) mod links;
pub(crate) mod render;
pub(crate) mod sanitize;
pub(crate) mod slug;
pub(crate) mod template;
