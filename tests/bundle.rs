//! `loupe bundle` and `loupe verify` as a facilitator uses them: the default site bundled,
//! copied onto a FAT32 image (mtools, no mount) and back, checked, opened in headless Chromium
//! over file://; then damaged on the stick and caught; the zip checked; two runs compared.

mod offline;

use std::io::{Read, Write};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use offline::{bundle_default_site, have, have_browser, loupe, run, run_node, text};

/// Every top-level entry of `dir`, as arguments for `mcopy -s`.
fn top_entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Makes an empty 64 MiB FAT32 image.
fn fat32_image(path: &Path) {
    let f = std::fs::File::create(path).unwrap();
    f.set_len(64 << 20).unwrap();
    drop(f);
    run(Command::new("mformat")
        .args(["-F", "-v", "KPSTICK", "-i"])
        .arg(path)
        .arg("::"));
    let info = run(Command::new("minfo").arg("-i").arg(path).arg("::"));
    assert!(
        String::from_utf8_lossy(&info.stdout).contains("FAT32") || {
            // minfo names the type in the boot sector's "fat type" line on some versions.
            let mut b = [0u8; 90];
            std::fs::File::open(path)
                .unwrap()
                .read_exact(&mut b)
                .unwrap();
            &b[82..87] == b"FAT32"
        },
        "the image is FAT32"
    );
}

/// Copies the whole image out into `dest`.
fn copy_out(image: &Path, dest: &Path) {
    std::fs::create_dir_all(dest).unwrap();
    run(Command::new("mcopy")
        .args(["-s", "-n", "-i"])
        .arg(image)
        .arg("::/*")
        .arg(dest));
}

fn verify(path: &Path) -> std::process::Output {
    loupe(&["verify", path.to_str().unwrap()])
}

#[test]
fn bundle_survives_a_fat32_round_trip_and_verify_catches_damage() {
    if !have(&["mformat", "mcopy", "mdel", "minfo"], "mtools") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let bundle = tmp.path().join("bundle");
    bundle_default_site(&bundle, &[]);

    // A facilitator's round trip: onto the stick, and back.
    let image = tmp.path().join("stick.img");
    fat32_image(&image);
    let start = Instant::now();
    let mut cmd = Command::new("mcopy");
    cmd.args(["-s", "-i"]).arg(&image);
    cmd.args(top_entries(&bundle)).arg("::/");
    run(&mut cmd);
    eprintln!(
        "mcopy of the bundle into the FAT32 image: {:.3} s",
        start.elapsed().as_secs_f64()
    );
    let back = tmp.path().join("back");
    copy_out(&image, &back);
    let o = verify(&back);
    assert!(
        o.status.success(),
        "verify failed on a good copy:\n{}",
        text(&o)
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains("files match"));

    // What came back works in a browser over file://: every link, and search.
    if have_browser() {
        run_node("bundle-start.mjs", &[back.to_str().unwrap()]);
        let site = back.join("site");
        run_node("site.mjs", &[site.to_str().unwrap()]);
        run_node("search.mjs", &[site.to_str().unwrap()]);
    }

    // Damage on the stick: one byte flipped in a page, one file deleted.
    let changed = "site/en/index.html";
    let deleted = "site/assets/style.css";
    let scratch = tmp.path().join("page.html");
    run(Command::new("mcopy")
        .arg("-i")
        .arg(&image)
        .arg(format!("::/{changed}"))
        .arg(&scratch));
    let mut bytes = std::fs::read(&scratch).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x01;
    std::fs::write(&scratch, &bytes).unwrap();
    run(Command::new("mcopy")
        .args(["-o", "-i"])
        .arg(&image)
        .arg(&scratch)
        .arg(format!("::/{changed}")));
    run(Command::new("mdel")
        .arg("-i")
        .arg(&image)
        .arg(format!("::/{deleted}")));
    let damaged = tmp.path().join("damaged");
    copy_out(&image, &damaged);
    let o = verify(&damaged);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(out.contains(&format!("missing: {deleted}")), "{out}");
    assert!(out.contains(&format!("changed: {changed}")), "{out}");
    assert!(out.contains("1 missing, 1 changed, 0 extra"), "{out}");
}

#[test]
fn verify_checks_a_zip_and_catches_a_changed_entry() {
    let tmp = tempfile::tempdir().unwrap();
    let bundle = tmp.path().join("kp-stick");
    bundle_default_site(&bundle, &["--zip"]);
    let zip_path = tmp.path().join("kp-stick.zip");
    let o = verify(&zip_path);
    assert!(o.status.success(), "{}", text(&o));

    // The same zip with one entry's content changed (a valid zip: only the manifest can tell).
    let mut src = zip::ZipArchive::new(std::fs::File::open(&zip_path).unwrap()).unwrap();
    let changed_path = tmp.path().join("changed.zip");
    let mut dst = zip::ZipWriter::new(std::fs::File::create(&changed_path).unwrap());
    for i in 0..src.len() {
        let mut f = src.by_index(i).unwrap();
        let name = f.name().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        if name == "kp-stick/site/fr/index.html" {
            data.extend_from_slice(b"<!-- changed -->");
        }
        dst.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        dst.write_all(&data).unwrap();
    }
    dst.finish().unwrap();
    let o = verify(&changed_path);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("changed: site/fr/index.html"),
        "{}",
        text(&o)
    );

    // A zip damaged in transit (a byte of stored data flipped): caught as well.
    let mut raw = std::fs::read(&zip_path).unwrap();
    let at = raw.len() / 3;
    raw[at] ^= 0xff;
    let broken = tmp.path().join("broken.zip");
    std::fs::write(&broken, &raw).unwrap();
    let o = verify(&broken);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("changed: "),
        "{}",
        text(&o)
    );
}

#[test]
fn same_input_gives_a_byte_identical_bundle_and_zip() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for dir in [&a, &b] {
        bundle_default_site(&dir.path().join("bundle"), &["--zip", "--zim"]);
    }
    let tree = |d: &Path| {
        walkdir::WalkDir::new(d)
            .sort_by_file_name()
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path().strip_prefix(d).unwrap().to_path_buf(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect::<Vec<_>>()
    };
    let (ta, tb) = (
        tree(&a.path().join("bundle")),
        tree(&b.path().join("bundle")),
    );
    assert!(ta.len() > 100);
    assert_eq!(
        ta.iter().map(|(p, _)| p).collect::<Vec<_>>(),
        tb.iter().map(|(p, _)| p).collect::<Vec<_>>()
    );
    for ((p, x), (_, y)) in ta.iter().zip(&tb) {
        assert!(x == y, "{} differs between two runs", p.display());
    }
    let za = std::fs::read(a.path().join("bundle.zip")).unwrap();
    let zb = std::fs::read(b.path().join("bundle.zip")).unwrap();
    assert!(za == zb, "the zips differ");
    // Fixed timestamps and permissions in the zip.
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(za)).unwrap();
    for i in 0..zip.len() {
        let f = zip.by_index(i).unwrap();
        assert_eq!(f.unix_mode(), Some(0o100644), "{}", f.name());
        let t = f.last_modified().unwrap();
        assert_eq!((t.year(), t.month(), t.day()), (1980, 1, 1), "{}", f.name());
    }
}

#[test]
fn bundle_keeps_away_from_folders_it_did_not_make() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("stick");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("report.docx"), b"someone's work").unwrap();
    let o = loupe(&[
        "bundle",
        "--root",
        offline::repo().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("was not made by `loupe bundle`"),
        "{}",
        text(&o)
    );
    assert_eq!(
        std::fs::read(out.join("report.docx")).unwrap(),
        b"someone's work"
    );
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1);

    // A folder loupe made is replaced, and an extra file in it is gone afterwards.
    let mine = tmp.path().join("mine");
    bundle_default_site(&mine, &[]);
    std::fs::write(mine.join("stray.txt"), b"x").unwrap();
    let o = verify(&mine);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stdout).contains("extra:   stray.txt"));
    bundle_default_site(&mine, &[]);
    assert!(!mine.join("stray.txt").exists());
    assert!(verify(&mine).status.success());
}

#[test]
fn verify_ignores_what_operating_systems_add_and_refuses_what_is_not_a_bundle() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("b");
    bundle_default_site(&out, &[]);
    std::fs::create_dir(out.join("System Volume Information")).unwrap();
    std::fs::write(
        out.join("System Volume Information/IndexerVolumeGuid"),
        b"x",
    )
    .unwrap();
    std::fs::write(out.join("site/._index.html"), b"x").unwrap();
    let o = verify(&out);
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("2 file(s) that the operating system adds"),
        "{}",
        text(&o)
    );

    let o = verify(&tmp.path().join("nowhere"));
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("no such file or folder"), "{}", text(&o));
    let o = verify(tmp.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("no SHA256SUMS.txt found"), "{}", text(&o));
    let o = loupe(&["verify"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn sha256sum_checks_the_bundle_too() {
    if !have(&["sha256sum"], "coreutils") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("b");
    bundle_default_site(&out, &[]);
    let o = run(Command::new("sha256sum")
        .args(["-c", "--strict", "SHA256SUMS.txt"])
        .current_dir(&out));
    let lines = String::from_utf8_lossy(&o.stdout);
    assert!(lines.lines().count() > 100);
    assert!(lines.lines().all(|l| l.ends_with(": OK")), "{lines}");
}
