//! `cargo xtask screenshots`: builds the default site and writes PNG screenshots of every page
//! type (home, lists, each kind of document, register, glossary, search with and without
//! results, the menu and the search box open, the language chooser, the 404 page) at 360 and
//! 1280 px wide, in the light and the dark colour scheme, into `target/screenshots/`. The
//! shots are taken by `tests/browser/screenshots.mjs` in headless Chromium over `file://` (the
//! 404 page over HTTP, where servers show it).

use std::path::PathBuf;
use std::process::Command;

use crate::bench::{target_dir, workspace_root};

/// What to shoot.
pub struct ScreenshotOptions {
    /// Only the shots whose name matches this regular expression (all when `None`).
    pub only: Option<String>,
}

/// Builds loupe and the default site, takes the screenshots; returns their folder.
pub fn run(opts: &ScreenshotOptions) -> Result<PathBuf, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    eprintln!("building: cargo build -p loupe");
    let status = Command::new(cargo)
        .args(["build", "--quiet", "-p", "loupe"])
        .current_dir(workspace_root())
        .status()
        .map_err(|e| format!("running cargo: {e}"))?;
    if !status.success() {
        return Err(format!("cargo build -p loupe failed ({status})"));
    }
    let bin = target_dir().join("debug").join("loupe");
    let out = target_dir().join("screenshots");
    let site = out.join("site");
    let status = Command::new(&bin)
        .arg("build")
        .arg("--root")
        .arg(workspace_root())
        .arg("--output")
        .arg(&site)
        .arg("--force")
        .status()
        .map_err(|e| format!("running {}: {e}", bin.display()))?;
    if !status.success() {
        return Err(format!("loupe build of the default site failed ({status})"));
    }
    let script = workspace_root().join("tests/browser/screenshots.mjs");
    let mut node = Command::new("node");
    node.arg(&script).arg(&site).arg(&out);
    if let Some(only) = &opts.only {
        node.env("SHOTS", only);
    }
    let status = node.status().map_err(|e| {
        format!("running node (install Node.js and run `npm ci`; Chromium: `apt-get install chromium`): {e}")
    })?;
    if !status.success() {
        return Err(format!("{} failed ({status})", script.display()));
    }
    Ok(out)
}
