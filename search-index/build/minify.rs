// A classic script minified with oxc: names mangled, dead code dropped, nothing newer than
// ES2018 written. Included by the build scripts of search-index (the search runtime) and of
// loupe (the default theme's scripts), which both have the oxc crates as build-dependencies.

use oxc_allocator::Allocator;
use oxc_codegen::{Codegen, CodegenOptions, CommentOptions};
use oxc_compat::EngineTargets;
use oxc_minifier::{CompressOptions, MangleOptions, Minifier, MinifierOptions};
use oxc_parser::Parser;
use oxc_span::SourceType;

/// The oldest JavaScript the minifier may write: the search runtime needs ES2018 (Unicode
/// property escapes in regular expressions).
const TARGET: &str = "es2018";

/// The source minified: parsed as a classic script, compressed, names mangled, printed
/// without comments or needless whitespace.
fn minify(source: &str) -> Result<String, String> {
    let allocator = Allocator::default();
    let parsed = Parser::new(&allocator, source, SourceType::script()).parse();
    if parsed.panicked || !parsed.diagnostics.is_empty() {
        let errors: Vec<String> = parsed.diagnostics.iter().map(|d| d.to_string()).collect();
        return Err(format!("does not parse: {}", errors.join("; ")));
    }
    let mut program = parsed.program;
    let target = EngineTargets::from_target(TARGET)?;
    let options = MinifierOptions {
        mangle: Some(MangleOptions::default()),
        mangle_properties: None,
        compress: Some(CompressOptions {
            target,
            ..CompressOptions::smallest()
        }),
    };
    let minified = Minifier::new(options).minify(&allocator, &mut program);
    let code = Codegen::new()
        .with_options(CodegenOptions {
            minify: true,
            comments: CommentOptions::disabled(),
            ..CodegenOptions::default()
        })
        .with_scoping(minified.scoping)
        .build(&program)
        .code;
    Ok(code)
}

