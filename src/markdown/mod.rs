//! Markdown: rendering, heading ids, link classification and sanitising.

pub mod links;
pub mod render;
pub mod sanitize;
pub mod slug;
