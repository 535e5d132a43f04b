//! Mapping a request path to a file of the served folder, safely: percent-decoded once, with
//! `..`, `.`, backslashes, NUL, drive letters and absolute forms refused, and the final file
//! (symlinks followed) required to lie inside the served folder.

use std::path::{Path, PathBuf};

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};

/// What is percent-encoded in a path segment of a redirect: all but the characters RFC 3986
/// allows there as they are (`/`, `?`, `#`, `%` and `\` included, so that the target is one
/// path on this server).
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// What a request path maps to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A file inside the served folder (canonical path).
    File(PathBuf),
    /// A folder requested without its trailing `/`: redirect here so relative links work.
    /// Always a path on this server (`/a/b/`), made of the checked segments, never `//…`.
    Redirect(String),
    /// Nothing servable: answer with the site's 404 page.
    NotFound,
}

/// The path part of a request target (`/a/b?q=1#x` → `/a/b`).
pub fn path_part(url: &str) -> &str {
    let end = url.find(['?', '#']).unwrap_or(url.len());
    &url[..end]
}

/// The checked segments of a request path, or `None` when it must not be served.
pub fn segments(raw_path: &str) -> Option<Vec<String>> {
    if !raw_path.starts_with('/') || raw_path.contains('\\') {
        return None;
    }
    let decoded = percent_decode_str(raw_path).decode_utf8().ok()?;
    if decoded.contains('\\') || decoded.contains('\0') {
        return None;
    }
    let mut out = Vec::new();
    for seg in decoded.split('/') {
        if seg.is_empty() {
            continue;
        }
        if seg == "." || seg == ".." || seg.contains(':') {
            return None;
        }
        out.push(seg.to_string());
    }
    Some(out)
}

/// Maps the request target `url` to a file under `root` (which must be canonical).
pub fn resolve(root: &Path, url: &str) -> Target {
    let raw = path_part(url);
    let Some(segs) = segments(raw) else {
        return Target::NotFound;
    };
    let mut candidate = root.to_path_buf();
    for s in &segs {
        candidate.push(s);
    }
    let Some(found) = inside(root, &candidate) else {
        return Target::NotFound;
    };
    if found.is_dir() {
        if !segs.is_empty() && !raw.ends_with('/') {
            return Target::Redirect(folder_url(&segs));
        }
        return match inside(root, &found.join("index.html")) {
            Some(f) if f.is_file() => Target::File(f),
            _ => Target::NotFound,
        };
    }
    if found.is_file() {
        Target::File(found)
    } else {
        Target::NotFound
    }
}

/// The URL path of the folder made of `segs`: `/a/b/`, each segment percent-encoded.
fn folder_url(segs: &[String]) -> String {
    let mut url = String::from("/");
    for s in segs {
        url.extend(utf8_percent_encode(s, SEGMENT));
        url.push('/');
    }
    url
}

/// `path` with symlinks resolved, when it exists and lies inside `root`.
fn inside(root: &Path, path: &Path) -> Option<PathBuf> {
    let canon = path.canonicalize().ok()?;
    canon.starts_with(root).then_some(canon)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        std::fs::create_dir_all(root.join("en/guide")).unwrap();
        std::fs::write(root.join("index.html"), "root").unwrap();
        std::fs::write(root.join("en/guide/index.html"), "guide").unwrap();
        std::fs::write(tmp.path().join("secret.txt"), "secret").unwrap();
        let root = root.canonicalize().unwrap();
        (tmp, root)
    }

    #[test]
    fn serves_files_and_folder_indexes() {
        let (_tmp, root) = site();
        assert_eq!(resolve(&root, "/"), Target::File(root.join("index.html")));
        assert_eq!(
            resolve(&root, "/en/guide/?x=1"),
            Target::File(root.join("en/guide/index.html"))
        );
        assert_eq!(
            resolve(&root, "/en/guide"),
            Target::Redirect("/en/guide/".into())
        );
        assert_eq!(
            resolve(&root, "/en/gu%69de/index.html"),
            Target::File(root.join("en/guide/index.html"))
        );
    }

    #[test]
    fn redirects_stay_on_this_server() {
        let (_tmp, root) = site();
        std::fs::create_dir_all(root.join("en/a b?#%é")).unwrap();
        for (url, to) in [
            ("//en", "/en/"),
            ("///en//guide", "/en/guide/"),
            ("/%2Fen", "/en/"),
            ("/%2F%2Fen", "/en/"),
            ("/en/a%20b%3F%23%25%C3%A9", "/en/a%20b%3F%23%25%C3%A9/"),
        ] {
            assert_eq!(resolve(&root, url), Target::Redirect(to.into()), "{url}");
        }
    }

    #[test]
    fn refuses_traversal() {
        let (_tmp, root) = site();
        for bad in [
            "/../secret.txt",
            "/en/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E/secret.txt",
            "/..%2fsecret.txt",
            "/..%5csecret.txt",
            "/..\\secret.txt",
            "/en/%2e%2e/%2e%2e/secret.txt",
            "secret.txt",
            "http://localhost/../secret.txt",
            "/C:/secret.txt",
            "/%00",
            "/%ff",
            "/missing.html",
        ] {
            assert_eq!(resolve(&root, bad), Target::NotFound, "{bad}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn refuses_symlinks_out_of_the_folder() {
        let (tmp, root) = site();
        std::os::unix::fs::symlink(tmp.path().join("secret.txt"), root.join("link.txt")).unwrap();
        std::os::unix::fs::symlink(tmp.path(), root.join("up")).unwrap();
        assert_eq!(resolve(&root, "/link.txt"), Target::NotFound);
        assert_eq!(resolve(&root, "/up/secret.txt"), Target::NotFound);
        std::os::unix::fs::symlink(root.join("index.html"), root.join("ok.html")).unwrap();
        assert_eq!(
            resolve(&root, "/ok.html"),
            Target::File(root.join("index.html"))
        );
    }
}
