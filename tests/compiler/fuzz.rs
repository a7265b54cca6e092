//! Random well-typed programs from `vera::fuzz::gen`, tested differentially
//! (`vera::fuzz::diff`): each must check, compile, and print the same when run
//! by the reference interpreter and compiled — normally, with a collection at
//! every allocation plus a heap check after each, and with the heap check
//! alone — ending normally every time.
//!
//! `fixed_seed_batch` runs seeds `0..SEEDS` with smaller programs than the
//! default. Long runs are `vera-fuzz` (see README):
//!
//! ```sh
//! cargo run --release --bin vera-fuzz -- --seed 0 --count 100000 --minutes 30
//! ```
//!
//! `dump` writes one seed's program to read by hand (`VERA_FUZZ_BUGS=...`
//! selects the known-bug avoidances, see `KnownBugs::NAMES`).

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use vera::fuzz::diff::{Failure, Runner};
use vera::fuzz::{generate, GenConfig, Generated, KnownBugs};

/// Seeds of the fixed batch.
const SEEDS: u64 = 200;

/// Seeds of the fixed batch that fail because of a recorded compiler bug,
/// with the finding that explains them. A seed listed here that passes fails
/// the test too: the bug is fixed, and the seed should leave the list.
const KNOWN_FAILURES: &[(u64, &str)] = &[];

/// Run `seeds` on two workers (each with a large stack: compiled programs and
/// the compiler recurse on it); the failures by seed.
fn run_batch(seeds: std::ops::Range<u64>, cfg: &GenConfig) -> Vec<(u64, Generated, Failure)> {
    let runner = Runner::new();
    let next = AtomicU64::new(seeds.start);
    let fails = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..2 {
            std::thread::Builder::new()
                .stack_size(512 * 1024 * 1024)
                .spawn_scoped(s, || loop {
                    let seed = next.fetch_add(1, Ordering::SeqCst);
                    if seed >= seeds.end {
                        break;
                    }
                    let g = generate(seed, cfg);
                    if let Err(f) = runner.test(&g.files) {
                        fails.lock().unwrap().push((seed, g, f));
                    }
                })
                .unwrap();
        }
    });
    let mut fails = fails.into_inner().unwrap();
    fails.sort_by_key(|f| f.0);
    fails
}

/// The fixed batch's configuration: smaller programs than the default, so that
/// a few hundred of them run in well under half a minute.
fn fixed_config() -> GenConfig {
    GenConfig {
        max_depth: 3,
        max_fns: 6,
        main_stmts: 4,
        ..GenConfig::default()
    }
}

#[test]
fn fixed_seed_batch() {
    let cfg = fixed_config();
    let fails = run_batch(0..SEEDS, &cfg);
    let mut report = Vec::new();
    for (seed, g, f) in &fails {
        if KNOWN_FAILURES.iter().any(|(s, _)| s == seed) {
            continue;
        }
        report.push(format!(
            "seed {} ({:?}):\n{}\n--- program ---\n{}",
            seed,
            f.kind,
            f.detail,
            g.root()
        ));
    }
    for (seed, finding) in KNOWN_FAILURES {
        if !fails.iter().any(|(s, _, _)| s == seed) {
            report.push(format!(
                "seed {} now passes: remove it from KNOWN_FAILURES (it was {})",
                seed, finding
            ));
        }
    }
    assert!(
        report.is_empty(),
        "{} of {} seeds failed:\n\n{}",
        report.len(),
        SEEDS,
        report.join("\n\n")
    );
}

/// Every construct the generator knows appears somewhere in the fixed batch.
#[test]
fn fixed_seeds_cover_every_feature() {
    let cfg = fixed_config();
    let mut seen = std::collections::BTreeSet::new();
    for seed in 0..SEEDS {
        for (name, n) in generate(seed, &cfg).features.counts {
            if n > 0 {
                seen.insert(name);
            }
        }
    }
    let off_by_default = ["stateful_user_handler", "non_resuming_clause"];
    let missing: Vec<&&str> = vera::fuzz::gen::FEATURE_NAMES
        .iter()
        .filter(|n| !seen.contains(*n) && !off_by_default.contains(n))
        .collect();
    assert!(missing.is_empty(), "never generated: {:?}", missing);
}

#[test]
fn generation_is_reproducible() {
    let cfg = GenConfig::default();
    for seed in [0, 1, 77, u64::MAX] {
        assert_eq!(generate(seed, &cfg).files, generate(seed, &cfg).files);
    }
}

/// `VERA_FUZZ_BUGS=all` generates every construct; `VERA_FUZZ_BUGS=a,b` stops
/// avoiding the known bugs named (see `KnownBugs::NAMES`).
fn configure_bugs(cfg: &mut GenConfig) {
    match std::env::var("VERA_FUZZ_BUGS").as_deref() {
        Ok("all") => cfg.known_bugs = KnownBugs::none(),
        Ok(names) => {
            for n in names.split(',').filter(|n| !n.is_empty()) {
                assert!(
                    cfg.known_bugs.allow(n),
                    "no known bug {}: {:?}",
                    n,
                    KnownBugs::NAMES
                );
            }
        }
        Err(_) => {}
    }
}

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Write the program of `VERA_FUZZ_SEED` under `VERA_FUZZ_OUT` (default
/// `fuzz-out`), to read or run it by hand.
#[test]
#[ignore]
fn dump() {
    let seed = env_u64("VERA_FUZZ_SEED", 0);
    let out = std::env::var("VERA_FUZZ_OUT").unwrap_or_else(|_| "fuzz-out".into());
    let mut cfg = GenConfig::default();
    configure_bugs(&mut cfg);
    let g = generate(seed, &cfg);
    let root = g.write_to(Path::new(&out)).unwrap();
    println!("{}", root.display());
}

/// Print the WAT the compiler emits for `VERA_FUZZ_FILE`, even when it does
/// not assemble (an E699 shows only the failing line):
/// `VERA_FUZZ_FILE=prog.vera cargo test --test compiler fuzz::wat -- --ignored --nocapture`.
#[test]
#[ignore]
fn wat() {
    let path = std::path::PathBuf::from(std::env::var("VERA_FUZZ_FILE").expect("VERA_FUZZ_FILE"));
    let wat = vera::with_big_stack(move || {
        let checked = vera::check_file(&path);
        let program = checked.program.as_ref().expect("the program checks");
        vera::codegen::emit_wat(program, &checked.sources, &Default::default()).wat
    });
    println!("{}", wat);
}
