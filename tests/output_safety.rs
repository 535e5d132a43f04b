//! `loupe build --output` and `loupe serve --output` never delete what loupe did not make: the
//! site itself, a folder containing it, its source folders, a file, or a foreign folder.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{build, fixture_copy, loupe, stderr, tree};

/// Runs `loupe build --root site --output out` from `cwd`.
fn build_from(cwd: &Path, site: &str, out: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["build", "--root", site, "--output", out];
    args.extend_from_slice(extra);
    Command::new(env!("CARGO_BIN_EXE_loupe"))
        .current_dir(cwd)
        .args(&args)
        .output()
        .expect("run loupe")
}

#[test]
fn refuses_to_build_over_the_site_a_parent_or_a_source_folder() {
    let (tmp, site) = fixture_copy("basic");
    let before = tree(tmp.path());
    let s = site.to_str().unwrap();
    for (cwd, out) in [
        (tmp.path(), s.to_string()),
        (tmp.path(), format!("{s}/content")),
        (tmp.path(), format!("{s}/content/en/guidance")),
        (site.as_path(), "..".to_string()),
        (site.as_path(), ".".to_string()),
        (site.as_path(), "static/site".to_string()),
        (site.as_path(), "templates".to_string()),
    ] {
        let o = build_from(cwd, s, &out, &["--force"]);
        assert_eq!(o.status.code(), Some(2), "--output {out}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.contains("would delete the site") || err.contains("would mix the output"),
            "--output {out}: {err}"
        );
        assert_eq!(tree(tmp.path()), before, "--output {out} changed files");
    }
}

#[test]
fn an_output_path_that_is_a_file_is_left_in_place() {
    let (tmp, site) = fixture_copy("basic");
    let file = tmp.path().join("notes.txt");
    std::fs::write(&file, "my notes").unwrap();
    let o = build(&site, &file);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("is a file"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "my notes");
    let names: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn a_foreign_folder_is_replaced_only_with_force() {
    let (tmp, site) = fixture_copy("basic");
    let out = tmp.path().join("www");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("precious.txt"), "x").unwrap();
    let o = build(&site, &out);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    assert!(out.join("precious.txt").is_file());

    let s = site.to_str().unwrap();
    let o = loupe(&[
        "build",
        "--root",
        s,
        "--output",
        out.to_str().unwrap(),
        "--force",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out.join("index.html").is_file() && !out.join("precious.txt").exists());
    // Now marked as loupe's: the next build needs no --force.
    let o = build(&site, &out);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn an_empty_or_new_folder_needs_no_force() {
    let (tmp, site) = fixture_copy("basic");
    let empty = tmp.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    for out in [empty, tmp.path().join("new/deeper")] {
        let o = build(&site, &out);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(out.join("index.html").is_file());
    }
}

#[test]
fn a_failed_build_into_a_missing_folder_says_nothing_was_written() {
    let (tmp, site) = fixture_copy("basic");
    std::fs::write(
        site.join("content/en/guidance/broken.md"),
        "no front matter\n",
    )
    .unwrap();
    let out = tmp.path().join("never");
    let o = build(&site, &out);
    assert_eq!(o.status.code(), Some(1));
    assert!(!out.exists());
    assert!(!stderr(&o).contains("was left as it was"), "{}", stderr(&o));
    assert!(stderr(&o).contains("nothing was written"), "{}", stderr(&o));
}

#[test]
fn the_output_is_in_place_at_every_instant_of_a_rebuild() {
    let (tmp, site) = fixture_copy("basic");
    let out = tmp.path().join("public");
    let o = build(&site, &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let probe = out.join("index.html");
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watcher = {
        let (stop, probe) = (stop.clone(), probe.clone());
        std::thread::spawn(move || {
            let (mut checks, mut missing) = (0u64, 0u64);
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                checks += 1;
                if !probe.exists() {
                    missing += 1;
                }
            }
            (checks, missing)
        })
    };
    for _ in 0..15 {
        let o = build(&site, &out);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let (checks, missing) = watcher.join().unwrap();
    assert!(checks > 1000, "the probe ran only {checks} times");
    assert_eq!(
        missing, 0,
        "the output was missing in {missing} of {checks} checks"
    );
}

#[test]
fn serve_refuses_an_output_inside_the_content_folder() {
    let (_tmp, site) = fixture_copy("basic");
    let before = tree(&site);
    let mut child = Command::new(env!("CARGO_BIN_EXE_loupe"))
        .args([
            "serve",
            "--root",
            site.to_str().unwrap(),
            "--port",
            "0",
            "--output",
            site.join("content/en/served").to_str().unwrap(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if started.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("serve kept running with its output inside content/");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut err = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
    assert!(!status.success());
    assert!(err.contains("inside the site's `content/` folder"), "{err}");
    assert_eq!(tree(&site), before);
}
