//! The writer's tests: small archives written and read back with [`super::read`], and checked
//! by `zimcheck` (Debian zim-tools) when it is installed.

use super::read::{Target, Zim};
use super::{Archive, Compression, Item, ZimError};

const PNG: &[u8] = include_bytes!("../../themes/default/kiwix/illustration_48x48.png");

fn sample() -> Archive {
    let mut a = Archive::new();
    a.add_item(
        Item::new(
            "index.html",
            "Choose a language",
            "text/html",
            b"<!DOCTYPE html><html><head><title>Home</title></head><body><a href=\"en/index.html\">English</a></body></html>".to_vec(),
        )
        .front_article(),
    )
    .unwrap();
    a.add_item(
        Item::new(
            "en/index.html",
            "Zebra home",
            "text/html",
            b"<!DOCTYPE html><html><head><title>Zebra</title><link rel=\"stylesheet\" href=\"../assets/style.css\"></head><body><a href=\"../index.html\">Back</a><img src=\"../assets/logo.png\" alt=\"\"></body></html>".to_vec(),
        )
        .front_article(),
    )
    .unwrap();
    a.add_item(Item::new(
        "assets/style.css",
        "",
        "text/css",
        b"body{margin:0}".to_vec(),
    ))
    .unwrap();
    a.add_item(Item::new("assets/logo.png", "", "image/png", PNG.to_vec()))
        .unwrap();
    a.add_redirect("home.html", "Home (old address)", "en/index.html")
        .unwrap();
    a.set_main_path("index.html");
    for (k, v) in [
        ("Title", "Sample"),
        ("Description", "A sample archive"),
        ("Language", "eng"),
        ("Creator", "Tests"),
        ("Publisher", "Tests"),
        ("Date", "2026-01-31"),
        ("Name", "tests_en_sample"),
    ] {
        a.set_metadata(k, v);
    }
    a.set_illustration(48, PNG.to_vec());
    a
}

fn bytes(a: &Archive) -> Vec<u8> {
    let mut out = Vec::new();
    let summary = a.write(&mut out).unwrap();
    assert_eq!(summary.bytes, out.len() as u64);
    out
}

#[test]
fn round_trip_reads_back_every_entry() {
    let out = bytes(&sample());
    let z = Zim::parse(&out);
    assert_eq!((z.major, z.minor), (6, 1));
    assert!(z.checksum_ok());
    assert_eq!(z.layout_page, u32::MAX);

    // Sorted by namespace, then path; MIME types sorted and all used.
    let keys: Vec<(char, &str)> = z
        .entries
        .iter()
        .map(|e| (e.ns as char, e.path.as_str()))
        .collect();
    assert_eq!(
        keys,
        vec![
            ('C', "assets/logo.png"),
            ('C', "assets/style.css"),
            ('C', "en/index.html"),
            ('C', "home.html"),
            ('C', "index.html"),
            ('M', "Counter"),
            ('M', "Creator"),
            ('M', "Date"),
            ('M', "Description"),
            ('M', "Illustration_48x48@1"),
            ('M', "Language"),
            ('M', "Name"),
            ('M', "Publisher"),
            ('M', "Title"),
            ('W', "mainPage"),
            ('X', "listing/titleOrdered/v0"),
            ('X', "listing/titleOrdered/v1"),
        ]
    );
    assert_eq!(
        z.mimes,
        vec![
            "application/octet-stream+zimlisting",
            "image/png",
            "text/css",
            "text/html",
            "text/plain"
        ]
    );

    // Content, metadata and titles come back as written.
    assert_eq!(
        z.get(b'C', "assets/style.css").unwrap(),
        ("text/css".to_string(), b"body{margin:0}".to_vec())
    );
    assert_eq!(z.get(b'C', "assets/logo.png").unwrap().1, PNG);
    assert_eq!(
        z.get(b'M', "Illustration_48x48@1").unwrap(),
        ("image/png".to_string(), PNG.to_vec())
    );
    assert_eq!(z.get(b'M', "Language").unwrap().1, b"eng");
    assert_eq!(
        z.get(b'M', "Counter").unwrap().1,
        b"image/png=1;text/css=1;text/html=2"
    );
    let en = &z.entries[z.find(b'C', "en/index.html").unwrap()];
    assert_eq!(en.title, "Zebra home");
    let css = &z.entries[z.find(b'C', "assets/style.css").unwrap()];
    assert_eq!(css.title, "", "an absent title is stored empty");

    // The redirect and the main page lead to their targets.
    assert_eq!(
        z.get(b'C', "home.html").unwrap().1,
        z.get(b'C', "en/index.html").unwrap().1
    );
    let main = z.main_page as usize;
    assert_eq!(
        (z.entries[main].ns, z.entries[main].path.as_str()),
        (b'W', "mainPage")
    );
    let Target::Redirect(t) = z.entries[main].target else {
        panic!("W/mainPage is a redirect")
    };
    assert_eq!(z.entries[t as usize].path, "index.html");
}

#[test]
fn title_listings_are_ordered_and_found_from_the_header() {
    let out = bytes(&sample());
    let z = Zim::parse(&out);
    let v0 = z.title_index_v0();
    assert_eq!(Some(v0.clone()), z.listing("listing/titleOrdered/v0"));
    assert_eq!(v0.len(), z.entries.len());
    let shown = |i: u32| {
        let e = &z.entries[i as usize];
        let t = if e.title.is_empty() {
            &e.path
        } else {
            &e.title
        };
        (e.ns, t.clone())
    };
    assert!(v0.windows(2).all(|w| shown(w[0]) <= shown(w[1])));
    let mut all: Vec<u32> = v0.clone();
    all.sort();
    assert_eq!(all, (0..z.entries.len() as u32).collect::<Vec<_>>());

    // v1: the front articles only, by title ("Choose…" before "Zebra…").
    let v1: Vec<String> = z
        .listing("listing/titleOrdered/v1")
        .unwrap()
        .into_iter()
        .map(|i| z.entries[i as usize].path.clone())
        .collect();
    assert_eq!(v1, vec!["index.html", "en/index.html"]);
}

#[test]
fn text_is_compressed_and_images_are_stored() {
    let out = bytes(&sample());
    let z = Zim::parse(&out);
    let cluster_of = |ns: u8, p: &str| match z.entries[z.find(ns, p).unwrap()].target {
        Target::Blob { cluster, .. } => cluster,
        Target::Redirect(_) => panic!("{p} is a redirect"),
    };
    assert_eq!(z.cluster(cluster_of(b'C', "en/index.html")).0, 5);
    assert_eq!(z.cluster(cluster_of(b'M', "Title")).0, 5);
    assert_eq!(z.cluster(cluster_of(b'C', "assets/logo.png")).0, 1);
    assert_eq!(z.cluster(cluster_of(b'X', "listing/titleOrdered/v0")).0, 1);
}

#[test]
fn small_clusters_split_content_and_still_read_back() {
    let mut a = Archive::new();
    let mut pages = Vec::new();
    for i in 0..40 {
        let body = format!("<p>page {i}</p>").repeat(50);
        pages.push((format!("p/{i:02}.html"), body));
    }
    for (p, body) in &pages {
        a.add_item(Item::new(p, p, "text/html", body.clone().into_bytes()))
            .unwrap();
    }
    a.set_cluster_size(2000);
    a.set_zstd_level(3);
    let out = bytes(&a);
    let z = Zim::parse(&out);
    assert!(
        z.cluster_offsets.len() > 10,
        "{} clusters",
        z.cluster_offsets.len()
    );
    for (p, body) in &pages {
        assert_eq!(z.get(b'C', p).unwrap().1, body.as_bytes(), "{p}");
    }
    assert!(z.checksum_ok());
    assert_eq!(z.main_page, u32::MAX, "no main page set");
}

#[test]
fn same_input_gives_same_bytes_and_content_sets_the_uuid() {
    let a = bytes(&sample());
    let b = bytes(&sample());
    assert_eq!(a, b);
    let mut other = sample();
    other.set_metadata("Date", "2026-02-01");
    let c = bytes(&other);
    assert_ne!(Zim::parse(&a).uuid, Zim::parse(&c).uuid);
    let mut fixed = sample();
    fixed.set_uuid([7; 16]);
    assert_eq!(Zim::parse(&bytes(&fixed)).uuid, [7; 16]);
}

#[test]
fn a_flipped_byte_breaks_the_checksum() {
    let mut out = bytes(&sample());
    let mid = out.len() / 2;
    out[mid] ^= 1;
    assert!(!Zim::parse(&out).checksum_ok());
}

#[test]
fn bad_input_is_refused_with_a_reason() {
    let mut a = sample();
    let dup = a.add_item(Item::new("index.html", "", "text/html", vec![]));
    assert!(matches!(dup, Err(ZimError::DuplicatePath(p)) if p == "index.html"));
    assert!(matches!(
        a.add_item(Item::new("", "", "text/html", vec![])),
        Err(ZimError::InvalidPath(_))
    ));
    assert!(matches!(
        a.add_item(Item::new("a\0b", "", "text/html", vec![])),
        Err(ZimError::InvalidPath(_))
    ));
    a.add_redirect("old.html", "", "missing.html").unwrap();
    let err = a.write(Vec::new()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the redirect `old.html` leads to `missing.html`, which is not in the archive"
    );
    let mut b = sample();
    b.set_main_path("nowhere.html");
    assert!(matches!(
        b.write(Vec::new()),
        Err(ZimError::MissingMainPage(_))
    ));
}

#[test]
fn compression_follows_the_mime_type() {
    assert_eq!(
        Compression::for_mime_type("text/html; charset=utf-8"),
        Compression::Zstd
    );
    assert_eq!(
        Compression::for_mime_type("image/svg+xml"),
        Compression::Zstd
    );
    assert_eq!(
        Compression::for_mime_type("application/javascript"),
        Compression::Zstd
    );
    assert_eq!(Compression::for_mime_type("image/png"), Compression::None);
    assert_eq!(Compression::for_mime_type("image/jpeg"), Compression::None);
    assert_eq!(Compression::for_mime_type("font/woff2"), Compression::None);
}

/// Runs `zimcheck -A` (every check) on `archive`: (passed, output). `None` without zim-tools,
/// which fails under `CI=true`.
fn zimcheck(archive: &Archive) -> Option<(bool, String)> {
    if std::process::Command::new("zimcheck")
        .arg("--version")
        .output()
        .is_err()
    {
        assert_ne!(
            std::env::var("CI").as_deref(),
            Ok("true"),
            "zimcheck is missing under CI (apt-get install zim-tools)"
        );
        eprintln!(
            "SKIPPED zimcheck test: zimcheck not found (install it: `apt-get install zim-tools`)"
        );
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sample.zim");
    std::fs::write(&path, bytes(archive)).unwrap();
    let o = std::process::Command::new("zimcheck")
        .arg("-A")
        .arg(&path)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    Some((o.status.success(), text))
}

#[test]
fn zimcheck_accepts_a_small_archive() {
    let Some((ok, text)) = zimcheck(&sample()) else {
        return;
    };
    assert!(ok, "zimcheck -A failed:\n{text}");
    assert!(text.contains("Overall Test Status: Pass"), "{text}");
}

/// The same check finds a broken link and a missing illustration: it reads what was written.
#[test]
fn zimcheck_finds_what_is_wrong_in_an_archive() {
    let mut a = sample();
    a.add_item(
        Item::new(
            "en/broken.html",
            "Broken",
            "text/html",
            b"<html><head><title>B</title></head><body><a href=\"missing.html\">x</a></body></html>".to_vec(),
        )
        .front_article(),
    )
    .unwrap();
    a.metadata.remove("Illustration_48x48@1");
    let Some((ok, text)) = zimcheck(&a) else {
        return;
    };
    assert!(!ok, "zimcheck passed a broken archive:\n{text}");
    assert!(text.contains("missing.html"), "{text}");
    assert!(text.to_lowercase().contains("favicon"), "{text}");
}
