//! The register of decisions and actions: every meeting's decisions and action items, with what
//! its filters offer (status, country, year) and the date overdue actions are judged against.

use std::collections::BTreeSet;

use serde::Serialize;

use super::{open_dues, ActionView, Common, DateView, Views};
use crate::content::front_matter::Kind;
use crate::render::record::{Fact, Key, Recorder};
use crate::site::routes::Route;

impl<'a> Views<'a> {
    /// The register of decisions and actions of `code`.
    pub(crate) fn register(&self, rec: &Recorder, code: &str) -> RegisterPage<'_> {
        let site = self.site;
        let ld = self.lang(code);
        let route = Route::Register(code.into());
        let common = self.common_generated(rec, &route, code, &ld.i18n.t("register"));
        let as_of = self.status_date(rec, code);
        let mut countries = BTreeSet::new();
        let mut years = BTreeSet::new();
        let meetings: Vec<Meeting<'_>> = self
            .list(rec, code, Some(Kind::Minutes))
            .iter()
            .map(|&i| {
                let d = &site.docs[i];
                rec.read(Fact::Meta(Key::of(&d.page.content_path)));
                let fm = &d.page.fm;
                countries.extend(fm.countries.iter().map(String::as_str));
                years.extend(fm.date.map(|x| x.year));
                Meeting {
                    title: &fm.title,
                    url: &d.url,
                    date: fm.date.map(|x| ld.date(&x)),
                    date_iso: fm.date.map(|x| x.to_string()),
                    year: fm.date.map(|x| x.year.to_string()).unwrap_or_default(),
                    location: fm.location.as_deref(),
                    countries: self.countries_beside_location(code, fm),
                    country_codes: fm.countries.join(" "),
                    decisions: &fm.decisions,
                    actions: self.actions(code, &fm.actions, as_of),
                }
            })
            .collect();
        let all = || meetings.iter().flat_map(|m| m.actions.iter());
        let mut country_options: Vec<FilterOption> = countries
            .into_iter()
            .map(|c| FilterOption {
                value: c.to_string(),
                label: ld.i18n.country(c),
            })
            .collect();
        country_options.sort_by_key(|o| crate::content::glossary::sort_key(&o.label));
        RegisterPage {
            open_count: all().filter(|a| !a.done).count(),
            overdue_count: all().filter(|a| a.overdue).count(),
            open_dues: open_dues(
                self.list(rec, code, Some(Kind::Minutes))
                    .iter()
                    .flat_map(|&i| site.docs[i].page.fm.actions.iter()),
            ),
            done_count: all().filter(|a| a.done).count(),
            action_count: all().count(),
            status_date: as_of.map(|x| ld.date_view(&x)),
            countries: country_options,
            years: years.into_iter().rev().map(|y| y.to_string()).collect(),
            common,
            meetings,
        }
    }
}

/// A meeting in the register.
#[derive(Serialize)]
pub(crate) struct Meeting<'a> {
    title: &'a str,
    url: &'a str,
    date: Option<String>,
    date_iso: Option<String>,
    /// The year of the meeting, for the year filter (empty when undated).
    year: String,
    location: Option<&'a str>,
    /// Country names the location does not already name.
    countries: Vec<String>,
    /// Every country code of the meeting, space-separated, for the country filter.
    country_codes: String,
    decisions: &'a [String],
    actions: Vec<ActionView<'a>>,
}

/// A value a filter offers.
#[derive(Serialize)]
pub(crate) struct FilterOption {
    value: String,
    label: String,
}

/// `register.html`.
#[derive(Serialize)]
pub(crate) struct RegisterPage<'a> {
    #[serde(flatten)]
    pub(super) common: Common<'a>,
    meetings: Vec<Meeting<'a>>,
    open_count: usize,
    overdue_count: usize,
    done_count: usize,
    action_count: usize,
    /// Due dates of every open action, for the script's overdue count.
    open_dues: String,
    /// The date overdue actions are judged against without a script.
    status_date: Option<DateView>,
    countries: Vec<FilterOption>,
    /// Years with meetings, newest first.
    years: Vec<String>,
}
