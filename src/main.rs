//! The `loupe` command: parses the command line and hands it to [`loupe::cmd`], the one
//! layer that prints.

use clap::Parser;
use loupe::cli::{Cli, Command};
use loupe::cmd;

/// mimalloc instead of the system allocator: a build makes and frees millions of small
/// strings, and at 10,000 documents per language the system's spends a large share of the
/// build in page faults and in returning memory (see docs/benchmarks.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Turns transparent huge pages off for this process. Where the system gives them to every
/// mapping (`always`), mimalloc's regions are backed 2 MiB at a time: a build's peak memory
/// was 1.7× the system allocator's at 1,000 documents per language and 1.1× at 10,000; without
/// them it is below it, with the same CPU time.
#[cfg(target_os = "linux")]
fn no_transparent_huge_pages() {
    // Where it fails, the build only uses more memory.
    let _ = rustix::thread::disable_transparent_huge_pages(true);
}

/// Elsewhere there is nothing to turn off.
#[cfg(not(target_os = "linux"))]
fn no_transparent_huge_pages() {}

fn main() {
    no_transparent_huge_pages();
    // The render yields to the search threads (see `loupe::priority`).
    loupe::priority::lower_rayon_threads();
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Build {
            root,
            output,
            timings,
            open,
            force,
            message_format,
            clean,
        } => cmd::build::build(
            &root,
            output,
            &cmd::build::BuildFlags {
                timings,
                open,
                force,
                clean,
                format: message_format,
            },
        ),
        Command::Check {
            root,
            message_format,
            translations,
        } => cmd::build::check(&root, message_format, translations),
        Command::Status { root, json } => cmd::status::run(&root, json),
        Command::New {
            kind,
            title,
            lang,
            date,
            root,
        } => cmd::new::run(&root, kind, &title, lang.as_deref(), date.as_deref()),
        Command::Init { dir } => cmd::init::run(&dir),
        Command::Search {
            query,
            lang,
            json,
            limit,
            root,
        } => cmd::search::run(&root, &query, lang.as_deref(), json, limit),
        Command::Serve {
            root,
            port,
            bind,
            allow_host,
            output,
        } => cmd::serve::run(root, port, bind, allow_host, output),
        Command::Bundle {
            root,
            site,
            out,
            zip,
            zim,
            creator,
            publisher,
        } => cmd::bundle::run(&cmd::bundle::Args {
            root,
            site,
            out,
            zip,
            zim,
            creator,
            publisher,
        }),
        Command::Verify { path } => cmd::verify::run(&path),
        Command::Pack {
            name,
            pdf,
            chromium,
            lang,
            paper,
            root,
            output,
            pdf_dir,
        } => cmd::pack::run(&cmd::pack::Args {
            name,
            pdf,
            chromium,
            lang,
            paper,
            root,
            output,
            pdf_dir,
        }),
    };
    std::process::exit(code);
}
