//! What a bundle needs to know of the site: its languages with their titles and the start
//! page's texts (from the theme), its description, and the date of its newest content.

use std::path::Path;

use super::start::{Language, Strings};
use crate::config;
use crate::diagnostics::Diagnostics;
use crate::theme::{self, I18n};

/// The site as a bundle describes it.
#[derive(Debug, Clone)]
pub struct SiteInfo {
    /// Languages, the default one first.
    pub languages: Vec<Language>,
    /// The description in each language, same order.
    pub descriptions: Vec<String>,
    /// The newest `date` or `updated` of any document, `YYYY-MM-DD`.
    pub newest: Option<String>,
}

/// Reads `loupe.yaml`, the theme's strings and the documents' dates. Problems go to `diags`;
/// `None` when the configuration is unusable.
pub fn read(root: &Path, diags: &mut Diagnostics) -> Option<SiteInfo> {
    let config = config::load(root, diags)?;
    let codes = config.language_codes();
    let default = config.default_language().to_string();
    let theme = theme::load(root, &config.theme, &codes, &default, diags);
    let mut order: Vec<&config::Language> = config.languages.iter().collect();
    order.sort_by_key(|l| l.code != default);
    let languages = order
        .iter()
        .map(|l| Language {
            code: l.code.clone(),
            name: l.name.clone(),
            site_title: config.title.get(&l.code, &default),
            strings: theme
                .i18n
                .get(&l.code)
                .or_else(|| theme.i18n.get(&default))
                .map(strings)
                .unwrap_or_default(),
        })
        .collect();
    let descriptions = order
        .iter()
        .map(|l| config.description.get(&l.code, &default))
        .collect();
    // Only the dates are wanted here: the build reports the content's problems.
    let ws = crate::workspace::Workspace::open(root);
    let newest = ws
        .entries()
        .filter_map(|(_, e)| match &e.item {
            crate::workspace::Item::Page(p, _) => Some([p.fm.date, p.fm.updated]),
            _ => None,
        })
        .flatten()
        .flatten()
        .max()
        .map(|d| format!("{:04}-{:02}-{:02}", d.year, d.month, d.day));
    Some(SiteInfo {
        languages,
        descriptions,
        newest,
    })
}

fn strings(i18n: &I18n) -> Strings {
    let t = |key: &str| i18n.t2("bundle", key);
    Strings {
        title: t("title"),
        intro: t("intro"),
        open: t("open"),
        how: t("how"),
        windows: t("windows"),
        macos: t("macos"),
        linux: t("linux"),
        android: t("android"),
        android_zim: t("android_zim"),
        copy_title: t("copy_title"),
        copy: t("copy"),
        check_title: t("check_title"),
        check: t("check"),
        help: t("help"),
    }
}

/// The calendar date (`YYYY-MM-DD`, UTC) of `secs` seconds after 1970-01-01.
pub fn date_of_unix(secs: u64) -> String {
    // Days to civil date, after Howard Hinnant's public-domain algorithm.
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_seconds_to_dates() {
        assert_eq!(date_of_unix(0), "1970-01-01");
        assert_eq!(date_of_unix(951_782_400), "2000-02-29");
        assert_eq!(date_of_unix(1_798_675_200), "2026-12-31");
    }

    #[test]
    fn the_default_site_has_its_strings_and_dates() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let info = read(root, &mut Diagnostics::default()).unwrap();
        let codes: Vec<&str> = info.languages.iter().map(|l| l.code.as_str()).collect();
        assert_eq!(codes, ["en", "fr"]);
        assert_eq!(
            info.languages[1].strings.open,
            "Ouvrir la base de connaissances"
        );
        assert!(info.languages[0].strings.windows.starts_with("Windows:"));
        assert!(info.newest.is_some());
    }
}
