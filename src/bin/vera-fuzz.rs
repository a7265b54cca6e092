//! `vera-fuzz`: differential testing from the command line. Generates programs
//! from consecutive seeds, runs each interpreted and compiled (normally, under
//! GC stress, with heap verification), and saves every failure, shrunk, under
//! `--out`. Prints the number of programs and how many used each construct.
//!
//! ```sh
//! cargo run --release --bin vera-fuzz -- --seed 0 --count 100000 --minutes 30
//! ```

use clap::Parser;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use vera::fuzz::diff::{shrink, Coverage, Runner};
use vera::fuzz::{generate, GenConfig};

#[derive(Parser)]
#[command(
    name = "vera-fuzz",
    about = "Differential testing of vera on generated programs"
)]
struct Args {
    /// The first seed.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// How many programs (consecutive seeds).
    #[arg(long, default_value_t = 1000)]
    count: u64,
    /// Stop after this many minutes, whatever the count.
    #[arg(long)]
    minutes: Option<u64>,
    /// Where failing programs are saved, one folder per seed.
    #[arg(long, default_value = "fuzz-failures")]
    out: PathBuf,
    /// Worker threads (default: one per core).
    #[arg(long)]
    jobs: Option<usize>,
}

fn main() {
    let args = Args::parse();
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()));
    let deadline = args
        .minutes
        .map(|m| Instant::now() + Duration::from_secs(60 * m));
    let runner = Runner::new();
    let next = AtomicU64::new(args.seed);
    let end = args.seed.saturating_add(args.count);
    let coverage = Mutex::new(Coverage::default());
    let failures = AtomicU64::new(0);
    let cfg = GenConfig::default();
    let started = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..jobs {
            // Compiled programs recurse on this thread's stack, and so does the
            // compiler on deep programs: give it room.
            std::thread::Builder::new()
                .stack_size(512 * 1024 * 1024)
                .spawn_scoped(s, || loop {
                    let seed = next.fetch_add(1, Ordering::SeqCst);
                    if seed >= end || deadline.is_some_and(|d| Instant::now() > d) {
                        break;
                    }
                    let g = generate(seed, &cfg);
                    coverage.lock().unwrap().add(&g.features);
                    if let Err(f) = runner.test(&g.files) {
                        failures.fetch_add(1, Ordering::SeqCst);
                        let small =
                            shrink(&runner, g.files.clone(), &f.kind, Duration::from_secs(120));
                        save(&args.out, seed, &small, &f);
                        eprintln!(
                            "seed {}: {:?} (saved under {})",
                            seed,
                            f.kind,
                            args.out.display()
                        );
                    }
                    if seed.is_multiple_of(500) {
                        eprintln!("seed {} ({:.0?})", seed, started.elapsed());
                    }
                })
                .expect("a worker thread");
        }
    });
    let coverage = coverage.into_inner().unwrap();
    println!(
        "{} programs in {:.1?}, {} failed",
        coverage.programs,
        started.elapsed(),
        failures.load(Ordering::SeqCst)
    );
    let mut counts: Vec<_> = coverage.counts.iter().collect();
    counts.sort();
    for (name, n) in counts {
        println!("  {:<24} {}", name, n);
    }
    if failures.load(Ordering::SeqCst) > 0 {
        std::process::exit(1);
    }
}

/// Save a failing program's files and what went wrong.
fn save(
    out: &std::path::Path,
    seed: u64,
    files: &[(String, String)],
    f: &vera::fuzz::diff::Failure,
) {
    let dir = out.join(format!("seed-{}", seed));
    for (path, text) in files {
        let p = dir.join(path);
        let _ = std::fs::create_dir_all(p.parent().unwrap_or(&dir));
        let _ = std::fs::write(p, text);
    }
    let _ = std::fs::write(
        dir.join("failure.txt"),
        format!("{:?}\n\n{}\n", f.kind, f.detail),
    );
}
