//! The default theme is embedded with include_dir!: rebuild when it changes. Its scripts are
//! also minified with oxc (as the search runtime is) into `$OUT_DIR/theme-js/`, listed in
//! `$OUT_DIR/theme_js.rs`: a build writes those instead of the readable sources, so that every
//! page loads fewer bytes. A syntax error in a theme script fails the build.

use std::path::Path;

include!("search-index/build/minify.rs");

fn main() {
    // Read when the script runs, not when it is compiled: cargo reuses a compiled build script
    // for an identical package elsewhere (another worktree sharing the target folder).
    let root = std::path::PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR is set by cargo"),
    );
    let theme = root.join("themes/default");
    println!("cargo:rerun-if-changed={}", theme.display());
    let out =
        Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR is set by cargo")).join("theme-js");
    std::fs::create_dir_all(&out).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
    let statics = theme.join("static");
    let mut names: Vec<String> = std::fs::read_dir(&statics)
        .unwrap_or_else(|e| panic!("{}: {e}", statics.display()))
        .map(|e| {
            e.expect("a readable theme folder")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| n.ends_with(".js"))
        .collect();
    names.sort();
    let mut table = String::from("/// The default theme's scripts: (name, source, minified).\npub(crate) static THEME_JS: &[(&str, &[u8], &[u8])] = &[\n");
    for name in &names {
        let src = statics.join(name);
        let text =
            std::fs::read_to_string(&src).unwrap_or_else(|e| panic!("{}: {e}", src.display()));
        let min = minify(&text).unwrap_or_else(|e| panic!("themes/default/static/{name} {e}"));
        let dest = out.join(name);
        std::fs::write(&dest, min).unwrap_or_else(|e| panic!("{}: {e}", dest.display()));
        table.push_str(&format!(
            "    ({name:?}, include_bytes!({:?}), include_bytes!({:?})),\n",
            src.display().to_string(),
            dest.display().to_string()
        ));
    }
    table.push_str("];\n");
    let rs = out.join("theme_js.rs");
    std::fs::write(&rs, table).unwrap_or_else(|e| panic!("{}: {e}", rs.display()));
}
