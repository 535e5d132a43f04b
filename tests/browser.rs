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
    {
        return Some(
            "puppeteer-core or axe-core not installed (run `npm ci` in the repository root)".into(),
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
fn hostile_site_runs_no_injected_script_in_chromium() {
    let (tmp, site) = common::fixture_copy("hostile");
    let out = tmp.path().join("out");
    let o = common::build(&site, &out);
    assert!(o.status.success(), "{}", common::stderr(&o));
    run_script(Browser::Chromium, "hostile-site.mjs", &out);
}
