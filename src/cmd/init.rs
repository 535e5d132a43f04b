//! `loupe init DIR`: a new site with a small bilingual example. The theme is built in, so the
//! new site needs no theme folder.

use std::path::Path;

use include_dir::{include_dir, Dir};

use super::{CONTENT_ERROR, OK, USAGE_ERROR};

static SCAFFOLD: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/cmd/scaffold");

/// The new site's `.gitignore`: what loupe writes (the built site, `loupe serve`'s and the
/// search's working folder, bundles, the PDFs of `loupe pack`) is not kept in version control.
pub const GITIGNORE: &str = "# Written by loupe: rebuilt from the sources, not kept in version control.\n/public/\n/.loupe/\n/bundle/\n/bundle.zip\n/print/\n";

fn files<'a>(dir: &'a Dir<'a>, out: &mut Vec<&'a include_dir::File<'a>>) {
    out.extend(dir.files());
    for d in dir.dirs() {
        files(d, out);
    }
}

/// Writes the example site into `dir`, which must be absent or empty.
pub fn run(dir: &Path) -> i32 {
    if dir.exists() {
        let empty = std::fs::read_dir(dir)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty {
            eprintln!("error: {} exists and is not empty", dir.display());
            return USAGE_ERROR;
        }
    }
    let mut all = Vec::new();
    files(&SCAFFOLD, &mut all);
    for f in all {
        let path = dir.join(f.path());
        let result = path
            .parent()
            .map(std::fs::create_dir_all)
            .unwrap_or(Ok(()))
            .and_then(|_| std::fs::write(&path, f.contents()));
        if let Err(e) = result {
            eprintln!("error: cannot write {}: {e}", path.display());
            return CONTENT_ERROR;
        }
    }
    let gitignore = dir.join(".gitignore");
    if let Err(e) = std::fs::write(&gitignore, GITIGNORE) {
        eprintln!("error: cannot write {}: {e}", gitignore.display());
        return CONTENT_ERROR;
    }
    println!(
        "created a new site in {0}\nnext: loupe build --root {0} --open",
        dir.display()
    );
    OK
}
