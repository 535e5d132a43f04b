//! The schema shared by every language's index, and the boosts of its searched fields.

use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, STORED, STRING,
};

use crate::analyzer::STEM_TOKENIZER;

/// The searched fields, in the order their scores are summed, with their boosts.
pub const SEARCHED: [(&str, f32); 3] = [("title", 3.0), ("headings", 1.5), ("body", 1.0)];

/// Handles to the fields of a loupe index.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Title (stemmed, stored).
    pub title: Field,
    /// Headings (stemmed, one value per heading).
    pub headings: Field,
    /// Body text (stemmed).
    pub body: Field,
    /// Ordinal of the document in the build's order: the index is sorted by it, so it equals
    /// the doc id after the merge (also after an update in place).
    pub id: Field,
    /// URL relative to the site root.
    pub url: Field,
    /// Document type.
    pub kind: Field,
    /// ISO date, if any.
    pub date: Field,
    /// Country codes.
    pub countries: Field,
    /// Topic slugs.
    pub topics: Field,
}

impl Fields {
    /// The searched fields (title, headings, body) in [`SEARCHED`] order.
    pub fn searched(&self) -> [Field; 3] {
        [self.title, self.headings, self.body]
    }
}

/// Builds the schema (identical for every language: the analyzer name is the same, the
/// analyzer registered under it differs).
pub fn build_schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let stemmed = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(STEM_TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqs),
    );
    let fields = Fields {
        title: b.add_text_field("title", stemmed.clone() | STORED),
        headings: b.add_text_field("headings", stemmed.clone()),
        body: b.add_text_field("body", stemmed),
        id: b.add_u64_field("id", STORED | FAST),
        url: b.add_text_field("url", STRING | STORED),
        kind: b.add_text_field("type", STRING | STORED),
        date: b.add_text_field("date", STRING | STORED),
        countries: b.add_text_field("countries", STRING | STORED),
        topics: b.add_text_field("topics", STRING | STORED),
    };
    (b.build(), fields)
}

/// The field handles of an opened index's schema.
pub fn fields_of(schema: &Schema) -> Result<Fields, tantivy::TantivyError> {
    let f = |name: &str| schema.get_field(name);
    Ok(Fields {
        title: f("title")?,
        headings: f("headings")?,
        body: f("body")?,
        id: f("id")?,
        url: f("url")?,
        kind: f("type")?,
        date: f("date")?,
        countries: f("countries")?,
        topics: f("topics")?,
    })
}
