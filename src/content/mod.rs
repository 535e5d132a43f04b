//! Content: reading files, front matter, glossaries and loading a site's pages.

pub mod assets;
pub mod countries;
pub mod date;
pub mod front_matter;
pub mod glossary;
pub mod kind;
pub mod load;
pub mod pack;
pub mod review;
pub mod source;
pub mod term_use;
pub mod yaml;
