//! Browser tests: the built default site opened in real headless Chromium (and Firefox) over `file://`
//! (driven by puppeteer-core under Node), as a reader on a USB stick would open it, audited for
//! accessibility with axe-core and checked against DOM clobbering of the search; the hostile
//! fixture site (`tests/fixtures/hostile`), where no injected script may run; and `loupe serve`'s
//! live reload in Chromium.
//!
//! Without Chromium, Node or puppeteer-core the tests print how to install them and skip;
//! under `CI=true` a missing browser is a failure.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{build_default_site, repo};

/// The browsers the tests drive.
#[derive(Clone, Copy)]
pub enum Browser {
    /// Debian's `chromium`.
    Chromium,
    /// Debian's `firefox-esr`.
    Firefox,
}

/// Why the browser tests cannot run here, if they cannot.
fn missing_tools(browser: Browser) -> Option<String> {
    let (var, default, package) = match browser {
        Browser::Chromium => ("CHROMIUM", "/usr/bin/chromium", "chromium"),
        Browser::Firefox => ("FIREFOX", "/usr/bin/firefox-esr", "firefox-esr"),
    };
    let path = std::env::var(var)
        .ok()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(default));
    if !path.exists() {
        return Some(format!(
            "{package} not found at {} (install it: `apt-get install {package}`, or set {var}=/path/to/it)",
            path.display()
        ));
    }
    if Command::new("node").arg("--version").output().is_err() {
        return Some("Node.js not found (install it: `apt-get install nodejs npm`)".into());
    }
    if !repo().join("node_modules/puppeteer-core").is_dir()
        || !repo().join("node_modules/axe-core").is_dir()
        || !repo().join("node_modules/lighthouse").is_dir()
    {
        return Some(
            "puppeteer-core, axe-core or lighthouse not installed (run `npm ci` in the repository root)"
                .into(),
        );
    }
    None
}

/// Runs a browser test script on a built site; skips (or fails under CI) when tools are missing.
pub fn run_script(browser: Browser, script: &str, site: &Path) {
    run_script_with(browser, script, site, &[]);
}

/// [`run_script`] with environment variables for the script.
pub fn run_script_with(browser: Browser, script: &str, site: &Path, env: &[(&str, &Path)]) {
    run_script_args(browser, script, site, &[], env);
}

/// [`run_script_with`] with more arguments after the site's folder.
pub fn run_script_args(
    browser: Browser,
    script: &str,
    site: &Path,
    args: &[&str],
    env: &[(&str, &Path)],
) {
    if let Some(why) = missing_tools(browser) {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("browser tests cannot run under CI: {why}");
        }
        eprintln!("SKIPPED browser test {script}: {why}");
        return;
    }
    let o = Command::new("node")
        .arg(repo().join("tests/browser").join(script))
        .arg(site)
        .args(args)
        .envs(env.iter().map(|(k, v)| (*k, *v)))
        .output()
        .expect("run node");
    let out = String::from_utf8_lossy(&o.stdout);
    let err = String::from_utf8_lossy(&o.stderr);
    eprintln!("{out}{err}");
    assert!(o.status.success(), "{script} failed:\n{out}\n{err}");
}

#[test]
fn default_site_works_from_file_urls_in_chromium() {
    let tmp = tempfile::tempdir().unwrap();
    let out = build_default_site(tmp.path());
    run_script(Browser::Chromium, "site.mjs", &out);
}

#[test]
fn language_choice_survives_file_urls_in_firefox() {
    let tmp = tempfile::tempdir().unwrap();
    let out = build_default_site(tmp.path());
    run_script(Browser::Firefox, "firefox-language.mjs", &out);
}

#[test]
fn search_works_from_file_urls_in_chromium() {
    let tmp = tempfile::tempdir().unwrap();
    let out = build_default_site(tmp.path());
    run_script(Browser::Chromium, "search.mjs", &out);
}

#[test]
fn clobbered_globals_do_not_steer_search_in_chromium() {
    let tmp = tempfile::tempdir().unwrap();
    let out = build_default_site(tmp.path());
    run_script(Browser::Chromium, "clobber.mjs", &out);
}

#[test]
fn serve_reloads_open_pages_in_chromium() {
    let (_tmp, site) = common::fixture_copy("serve-site");
    let mut env = vec![("LOUPE_BIN", Path::new(env!("CARGO_BIN_EXE_loupe")))];
    // The binary has the panic trigger in debug builds only.
    if cfg!(debug_assertions) {
        env.push(("LOUPE_SERVE_TEST_PANIC", Path::new("panic-on-purpose.md")));
    }
    run_script_with(Browser::Chromium, "serve-reload.mjs", &site, &env);
}

#[test]
fn default_site_has_no_accessibility_violations_in_chromium() {
    let tmp = tempfile::tempdir().unwrap();
    let out = build_default_site(tmp.path());
    run_script(Browser::Chromium, "a11y.mjs", &out);
}

#[test]
fn the_theme_works_for_a_reader_in_chromium() {
    let tmp = tempfile::tempdir().unwrap();
    let out = build_default_site(tmp.path());
    run_script(Browser::Chromium, "design.mjs", &out);
}

#[test]
fn every_page_fits_phones_and_wide_screens_with_no_axe_violation() {
    let tmp = tempfile::tempdir().unwrap();
    let out = build_default_site(tmp.path());
    run_script(Browser::Chromium, "layout.mjs", &out);
}

/// The default site built with `base_url` set to a free port of 127.0.0.1, for the tests that
/// serve it over HTTP: (tempdir, output folder, port).
fn default_site_served_at_a_port() -> (tempfile::TempDir, PathBuf, u16) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    common::copy_dir(&repo().join("content"), &site.join("content"));
    let yaml = std::fs::read_to_string(repo().join("loupe.yaml")).unwrap();
    let yaml = format!("{yaml}\nbase_url: http://127.0.0.1:{port}/\n");
    std::fs::write(site.join("loupe.yaml"), yaml).unwrap();
    let out = common::build_ok(&site, tmp.path());
    (tmp, out, port)
}

#[test]
fn the_site_over_http_has_a_working_404_page_and_absolute_alternates() {
    let (_tmp, out, port) = default_site_served_at_a_port();
    run_script_args(
        Browser::Chromium,
        "http.mjs",
        &out,
        &[&port.to_string()],
        &[],
    );
}

/// Lighthouse (mobile) on eight pages takes minutes of CPU and its performance score depends on
/// the machine, so it is an audit run on demand, not part of every test run:
/// `cargo test --test browser -- --ignored lighthouse`. Its last result is in the closing note
/// of issue 12 (every page at least 98 once the search page's form was in its HTML).
#[test]
#[ignore = "an on-demand audit: cargo test --test browser -- --ignored lighthouse"]
fn lighthouse_scores_at_least_98_on_every_kind_of_page() {
    let (_tmp, out, port) = default_site_served_at_a_port();
    run_script_args(
        Browser::Chromium,
        "lighthouse.mjs",
        &out,
        &[&port.to_string()],
        &[],
    );
}

#[test]
fn save_for_offline_reads_and_searches_offline_in_chromium() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    common::copy_dir(&repo().join("content"), &site.join("content"));
    let yaml = std::fs::read_to_string(repo().join("loupe.yaml")).unwrap();
    std::fs::write(
        site.join("loupe.yaml"),
        format!("{yaml}offline:\n  service_worker: true\n"),
    )
    .unwrap();
    let out = tmp.path().join("public");
    let o = common::build(&site, &out);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let env = [
        ("LOUPE_BIN", Path::new(env!("CARGO_BIN_EXE_loupe"))),
        ("LOUPE_SITE", site.as_path()),
    ];
    run_script_with(Browser::Chromium, "offline-save.mjs", &out, &env);
}

#[test]
fn hostile_site_runs_no_injected_script_in_chromium() {
    let (tmp, site) = common::fixture_copy("hostile");
    let out = tmp.path().join("out");
    let o = common::build(&site, &out);
    assert!(o.status.success(), "{}", common::stderr(&o));
    run_script(Browser::Chromium, "hostile-site.mjs", &out);
}
