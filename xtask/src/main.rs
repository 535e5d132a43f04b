//! `cargo xtask <task>`: developer tasks of loupe. Run `cargo xtask help` for the list.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use xtask::bench::{self, BenchOptions};
use xtask::corpus::{self, CorpusOptions};
use xtask::fuzz::{self, FuzzOptions};
use xtask::screenshots::{self, ScreenshotOptions};

const USAGE: &str = "\
usage: cargo xtask <task> [options]

tasks:
  gen-corpus --docs N --out DIR [--seed S] [--extra-terms T]
      write a loupe site with N generated documents per language (en, fr) into DIR;
      --extra-terms adds T glossary terms per language, each with an abbreviation
  bench [--sizes 1000,10000,50000] [--runs 3] [--seed S] [--no-compare]
        [--baseline PATH] [--incremental]
      build the release loupe binary, generate (or reuse) the corpora under
      target/bench-corpus/, time `loupe build --timings` on each, compare with hugo and
      pagefind when they are installed (the tools take turns run by run), print one table
      and check linear scaling and the budgets.
      --baseline PATH: another loupe binary (e.g. an earlier commit's release build) timed
      in turn with this one; --incremental: also time a build after a one-file edit
  pgo
      build loupe with profile-guided optimisation: an instrumented release build builds
      the 1,000-document benchmark corpus and the default site, then the release build
      uses that profile (needs `rustup component add llvm-tools`); prints the binary's
      path (target/pgo/use/<host>/release/loupe), for `bench --baseline`
  screenshots [--only REGEX]
      build the default site and write PNG screenshots of every page type at 360 and
      1280 px, light and dark, into target/screenshots/ (needs Node.js, `npm ci` and
      Chromium); --only keeps the shots whose name matches (e.g. `fr-home|register`)
  fuzz --smoke [--seconds 30] [--target NAME]
      replay every fuzz target's check on its seeds and on mutations for the given seconds
      per target, on stable Rust (tests/fuzz_replay.rs)
  fuzz --minutes N [--target NAME] [--jobs 2]
      run each fuzz target under libFuzzer for N minutes (cargo +nightly fuzz, from
      `cargo install cargo-fuzz`), JOBS at a time, logs in fuzz/logs/
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> Result<ExitCode, String> {
    let Some((task, rest)) = args.split_first() else {
        eprint!("{USAGE}");
        return Ok(ExitCode::from(2));
    };
    let mut opts = Options::parse(rest)?;
    match task.as_str() {
        "gen-corpus" => {
            let docs = opts
                .take_usize("--docs")?
                .ok_or("gen-corpus needs --docs N")?;
            let out = opts.take("--out").ok_or("gen-corpus needs --out DIR")?;
            let seed = opts.take_u64("--seed")?.unwrap_or(bench::DEFAULT_SEED);
            let extra_terms = opts.take_usize("--extra-terms")?.unwrap_or(0);
            opts.finish()?;
            let started = Instant::now();
            let stats = corpus::generate(&CorpusOptions {
                docs,
                seed,
                out: PathBuf::from(&out),
                extra_terms,
            })
            .map_err(|e| format!("writing the corpus into {out}: {e}"))?;
            println!(
                "wrote {} documents per language ({} files, {:.1} MB, {} words) into {out} in {:.2} s",
                stats.docs_per_language,
                stats.files,
                stats.bytes as f64 / 1e6,
                stats.words,
                started.elapsed().as_secs_f64()
            );
            Ok(ExitCode::SUCCESS)
        }
        "bench" => {
            let sizes = match opts.take("--sizes") {
                Some(s) => s
                    .split(',')
                    .map(|n| n.trim().replace('_', "").parse::<usize>())
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|e| format!("--sizes: {e}"))?,
                None => vec![1_000, 10_000, 50_000],
            };
            let runs = opts.take_usize("--runs")?.unwrap_or(3);
            let seed = opts.take_u64("--seed")?.unwrap_or(bench::DEFAULT_SEED);
            let compare = !opts.flag("--no-compare");
            let baseline = opts.take("--baseline").map(PathBuf::from);
            let incremental = opts.flag("--incremental");
            opts.finish()?;
            if sizes.is_empty() || sizes.contains(&0) || runs == 0 {
                return Err("--sizes needs positive numbers and --runs at least 1".into());
            }
            let passed = bench::run(&BenchOptions {
                sizes,
                runs,
                seed,
                compare,
                baseline,
                incremental,
            })?;
            Ok(if passed {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        "pgo" => {
            opts.finish()?;
            let bin = xtask::pgo::build()?;
            println!("{}", bin.display());
            Ok(ExitCode::SUCCESS)
        }
        "screenshots" => {
            let only = opts.take("--only");
            opts.finish()?;
            let out = screenshots::run(&ScreenshotOptions { only })?;
            println!("screenshots in {}", out.display());
            Ok(ExitCode::SUCCESS)
        }
        "fuzz" => {
            let smoke = opts.flag("--smoke");
            let minutes = opts.take_u64("--minutes")?;
            let fuzz = FuzzOptions {
                minutes,
                smoke_seconds: opts.take_u64("--seconds")?.unwrap_or(30),
                target: opts.take("--target"),
                jobs: opts.take_usize("--jobs")?.unwrap_or(2),
            };
            opts.finish()?;
            if smoke == minutes.is_some() {
                return Err("fuzz needs either --smoke or --minutes N".into());
            }
            Ok(if fuzz::run(&fuzz)? {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        "help" | "--help" | "-h" => {
            print!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        other => Err(format!("unknown task `{other}`\n{USAGE}")),
    }
}

/// `--key value` options and `--flag` switches, consumed one by one.
struct Options {
    items: Vec<(String, Option<String>)>,
}

impl Options {
    fn parse(args: &[String]) -> Result<Options, String> {
        let mut items = Vec::new();
        let mut it = args.iter().peekable();
        while let Some(a) = it.next() {
            if !a.starts_with("--") {
                return Err(format!("unexpected argument `{a}`"));
            }
            if let Some((k, v)) = a.split_once('=') {
                items.push((k.to_string(), Some(v.to_string())));
            } else if it.peek().is_some_and(|v| !v.starts_with("--")) {
                items.push((a.clone(), it.next().cloned()));
            } else {
                items.push((a.clone(), None));
            }
        }
        Ok(Options { items })
    }

    fn take(&mut self, key: &str) -> Option<String> {
        let p = self
            .items
            .iter()
            .position(|(k, v)| k == key && v.is_some())?;
        self.items.remove(p).1
    }

    fn take_usize(&mut self, key: &str) -> Result<Option<usize>, String> {
        self.take(key)
            .map(|v| {
                v.replace('_', "")
                    .parse()
                    .map_err(|e| format!("{key}: {e}"))
            })
            .transpose()
    }

    fn take_u64(&mut self, key: &str) -> Result<Option<u64>, String> {
        self.take(key)
            .map(|v| v.parse().map_err(|e| format!("{key}: {e}")))
            .transpose()
    }

    fn flag(&mut self, key: &str) -> bool {
        let before = self.items.len();
        self.items.retain(|(k, v)| !(k == key && v.is_none()));
        self.items.len() != before
    }

    fn finish(self) -> Result<(), String> {
        match self.items.first() {
            None => Ok(()),
            Some((k, _)) => Err(format!("unknown or incomplete option `{k}`\n{USAGE}")),
        }
    }
}
