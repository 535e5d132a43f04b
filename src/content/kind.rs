//! The type of a content file, given by its folder: guidance notes, minutes, case studies,
//! free pages and the home page.

/// The type of a content file, given by its folder.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// `guidance/`: guidance notes.
    Guidance,
    /// `minutes/`: meeting minutes.
    Minutes,
    /// `case-studies/`: case studies.
    CaseStudy,
    /// A free page at the language root, such as `about.md`.
    Page,
    /// `_index.md` at the language root: the home page text.
    Home,
}

impl Kind {
    /// The three document sections, in display order.
    pub const SECTIONS: [Kind; 3] = [Kind::Guidance, Kind::Minutes, Kind::CaseStudy];

    /// The folder of a section (`case-studies`), or `None` for pages.
    pub fn folder(self) -> Option<&'static str> {
        match self {
            Kind::Guidance => Some("guidance"),
            Kind::Minutes => Some("minutes"),
            Kind::CaseStudy => Some("case-studies"),
            Kind::Page | Kind::Home => None,
        }
    }

    /// The section of a folder name.
    pub fn from_folder(folder: &str) -> Option<Kind> {
        Kind::SECTIONS
            .into_iter()
            .find(|k| k.folder() == Some(folder))
    }

    /// A stable name (`guidance`, `minutes`, `case-study`, `page`, `home`).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Guidance => "guidance",
            Kind::Minutes => "minutes",
            Kind::CaseStudy => "case-study",
            Kind::Page => "page",
            Kind::Home => "home",
        }
    }

    /// True for guidance notes, minutes and case studies.
    pub fn is_document(self) -> bool {
        self.folder().is_some()
    }
}
