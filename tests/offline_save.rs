//! "Save for offline" on a hosted site (`offline.service_worker`): what the build writes with
//! the option and without it. The browser side (saving, reading and searching offline, the
//! update) is `save_for_offline_*` in `tests/browser.rs`.

mod common;

use std::path::{Path, PathBuf};

use common::{build, copy_dir, page, repo, stderr};

/// A copy of the default site, with `offline.service_worker: on`.
fn default_site(tmp: &Path, on: bool) -> PathBuf {
    let site = tmp.join("site");
    copy_dir(&repo().join("content"), &site.join("content"));
    let mut yaml = std::fs::read_to_string(repo().join("loupe.yaml")).unwrap();
    yaml.push_str(&format!("offline:\n  service_worker: {on}\n"));
    std::fs::write(site.join("loupe.yaml"), yaml).unwrap();
    site
}

fn built(tmp: &Path, on: bool) -> PathBuf {
    let site = default_site(tmp, on);
    let out = tmp.join("public");
    let o = build(&site, &out);
    assert!(o.status.success(), "{}", stderr(&o));
    out
}

fn json(out: &Path, rel: &str) -> serde_json::Value {
    serde_json::from_str(&page(out, rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn without_the_option_no_service_worker_manifest_or_lists_are_written() {
    let tmp = tempfile::tempdir().unwrap();
    let out = built(tmp.path(), false);
    for rel in ["sw.js", "manifest.webmanifest", "offline"] {
        assert!(!out.join(rel).exists(), "{rel} written without the option");
    }
    let home = page(&out, "en/index.html");
    assert!(!home.contains("offline.js") && !home.contains("offline-save"));
}

#[test]
fn each_language_lists_its_pages_the_theme_and_its_search_files() {
    let tmp = tempfile::tempdir().unwrap();
    let out = built(tmp.path(), true);
    assert_eq!(
        std::fs::read(out.join("sw.js")).unwrap(),
        std::fs::read(repo().join("themes/default/offline/sw.js")).unwrap()
    );
    let manifest = json(&out, "manifest.webmanifest");
    assert_eq!(manifest["name"], "Kimberley Process peer learning");
    assert_eq!(manifest["start_url"], "index.html");
    assert_eq!(manifest["icons"][0]["src"], "assets/favicon.svg");

    let index = json(&out, "offline/index.json");
    for lang in ["en", "fr"] {
        let list = json(&out, &format!("offline/{lang}.json"));
        assert_eq!(list["lang"], lang);
        assert_eq!(list["version"], index[lang]["version"]);
        let files = list["files"].as_array().unwrap();
        assert_eq!(index[lang]["files"], files.len());
        let paths: Vec<&str> = files.iter().map(|f| f[0].as_str().unwrap()).collect();
        let mut total = 0;
        for f in files {
            let rel = f[0].as_str().unwrap();
            let bytes = std::fs::read(out.join(rel)).unwrap();
            assert_eq!(f[2].as_u64().unwrap(), bytes.len() as u64, "{rel}");
            assert_eq!(
                f[1].as_str().unwrap(),
                loupe::bundle::manifest::hex(&loupe::bundle::manifest::hash_bytes(&bytes)),
                "{rel}"
            );
            total += bytes.len() as u64;
        }
        assert_eq!(index[lang]["bytes"], total);
        // Every page of the language, and nothing of the other one.
        let other = if lang == "en" { "fr" } else { "en" };
        for e in walkdir::WalkDir::new(out.join(lang)) {
            let e = e.unwrap();
            let rel = e.path().strip_prefix(&out).unwrap().to_string_lossy();
            if rel.ends_with(".html") {
                assert!(paths.contains(&rel.as_ref()), "{lang}: {rel} missing");
            }
        }
        assert!(paths
            .iter()
            .all(|p| !p.starts_with(&format!("{other}/"))
                && !p.starts_with(&format!("search/{other}/"))));
        for rel in [
            "index.html",
            "assets/style.css",
            "assets/site.js",
            "assets/offline.js",
        ] {
            assert!(paths.contains(&rel), "{lang}: {rel} missing");
        }
        // The search files the build wrote for the language, whatever their names.
        for e in walkdir::WalkDir::new(out.join("search").join(lang)) {
            let e = e.unwrap();
            if e.file_type().is_file() {
                let rel = e.path().strip_prefix(&out).unwrap().to_string_lossy();
                assert!(paths.contains(&rel.as_ref()), "{lang}: {rel} missing");
            }
        }
        assert!(paths.contains(&"search/loupe-search.js"));
        // The offline files themselves are never listed.
        assert!(paths
            .iter()
            .all(|p| !p.starts_with("offline/") && *p != "sw.js"));
        // Pages carry the box and its script, by relative paths.
        let home = page(&out, &format!("{lang}/index.html"));
        assert!(home.contains(r#"<script src="../assets/offline.js" defer></script>"#));
        assert!(home.contains(r#"<div class="offline-save""#));
    }
    assert_ne!(index["en"]["version"], index["fr"]["version"]);
}

#[test]
fn the_same_input_gives_the_same_lists() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let (out_a, out_b) = (built(a.path(), true), built(b.path(), true));
    for rel in [
        "offline/index.json",
        "offline/en.json",
        "offline/fr.json",
        "manifest.webmanifest",
    ] {
        assert_eq!(page(&out_a, rel), page(&out_b, rel), "{rel}");
    }
}

#[test]
fn an_unknown_offline_setting_is_an_error_at_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    let site = default_site(tmp.path(), true);
    let yaml = std::fs::read_to_string(site.join("loupe.yaml")).unwrap();
    std::fs::write(
        site.join("loupe.yaml"),
        yaml.replace("service_worker: true", "serviceworker: true"),
    )
    .unwrap();
    let o = build(&site, &tmp.path().join("public"));
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("loupe.yaml:") && err.contains("serviceworker"),
        "{err}"
    );
}
