//! Which keys each type of document may have, and what to say about a key it may not.

use super::super::kind::Kind;
use crate::diagnostics::did_you_mean;

/// Keys every file may have.
pub const COMMON_KEYS: &[&str] = &[
    "title",
    "summary",
    "date",
    "updated",
    "countries",
    "topics",
    "draft",
    "illustrative",
    "weight",
    "translation_key",
    "slug",
    "reviewed",
];
/// Keys of guidance notes only.
pub const GUIDANCE_KEYS: &[&str] = &["audience", "key_points", "facilitator_notes"];
/// Keys of minutes only.
pub const MINUTES_KEYS: &[&str] = &[
    "meeting",
    "location",
    "participants",
    "decisions",
    "actions",
];
/// Keys of case studies only.
pub const CASE_STUDY_KEYS: &[&str] = &["lessons", "discussion_questions", "facilitator_notes"];
/// Keys of one action item of minutes.
pub const ACTION_KEYS: &[&str] = &["action", "owner", "due", "status"];
/// Keys of a review record.
pub const REVIEW_KEYS: &[&str] = &["by", "date"];
/// Keys of a discussion question written as a map.
pub const QUESTION_KEYS: &[&str] = &["question", "answer_notes"];

/// The keys a file of `kind` may have.
pub fn allowed_keys(kind: Kind) -> Vec<&'static str> {
    let extra: &[&str] = match kind {
        Kind::Guidance => GUIDANCE_KEYS,
        Kind::Minutes => MINUTES_KEYS,
        Kind::CaseStudy => CASE_STUDY_KEYS,
        Kind::Page | Kind::Home => &[],
    };
    COMMON_KEYS.iter().chain(extra).copied().collect()
}

/// The message for `key`, which a file of `kind` may not have: where it belongs, or the
/// allowed key it is closest to.
pub fn unknown_key(key: &str, kind: Kind) -> String {
    let owners: Vec<String> = [
        (Kind::Guidance, GUIDANCE_KEYS),
        (Kind::Minutes, MINUTES_KEYS),
        (Kind::CaseStudy, CASE_STUDY_KEYS),
    ]
    .iter()
    .filter(|(_, keys)| keys.contains(&key))
    .map(|(k, _)| format!("{} (`{}/`)", k.name(), k.folder().unwrap_or_default()))
    .collect();
    let where_ok = (!owners.is_empty()).then(|| format!(": it belongs to {}", owners.join(" or ")));
    let hint = where_ok.unwrap_or_else(|| did_you_mean(key, allowed_keys(kind)));
    format!("unknown key `{key}` for a {} file{hint}", kind.name())
}
