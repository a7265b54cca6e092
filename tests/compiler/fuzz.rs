//! Random well-typed programs from `vera::fuzz::gen`: each must pass `vera
//! check` with no diagnostic, compile, run to exit 0, and print the same
//! output when the collector runs at every allocation and verifies the heap.
//!
//! `fixed_seed_batch` runs seeds `0..SEEDS` with the default configuration.
//! Larger runs are the ignored `batch`, driven by the environment:
//!
//! ```sh
//! VERA_FUZZ_FROM=0 VERA_FUZZ_COUNT=5000 VERA_FUZZ_OUT=/tmp/fails \
//!   cargo test --test compiler fuzz::batch -- --ignored --nocapture
//! ```
//!
//! `VERA_FUZZ_BUGS=all` turns off every known-bug avoidance
//! ([`vera::fuzz::KnownBugs::none`]), `VERA_FUZZ_BUGS=f01_catch_drops_roots,...`
//! the ones named; `VERA_FUZZ_OUT` keeps each failing
//! program (all its files) under that directory, by seed.

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use vera::fuzz::{generate, GenConfig, Generated, KnownBugs};

/// Seeds of the fixed batch.
const SEEDS: u64 = 250;

/// Seeds of the fixed batch that fail because of a recorded compiler bug,
/// with the finding that explains them. A seed listed here that passes fails
/// the test too: the bug is fixed, and the seed should leave the list.
const KNOWN_FAILURES: &[(u64, &str)] = &[];

/// How long one run may take before it counts as a hang.
const RUN_TIMEOUT: Duration = Duration::from_secs(20);

#[derive(Debug)]
enum Failure {
    Check(String),
    Compile(String),
    Run(String),
    Timeout(String),
    /// Normal output, then the output under stress and verification.
    Differs(String, String),
}

impl Failure {
    fn kind(&self) -> &'static str {
        match self {
            Failure::Check(_) => "check",
            Failure::Compile(_) => "compile",
            Failure::Run(_) => "run",
            Failure::Timeout(_) => "timeout",
            Failure::Differs(_, _) => "gc-differs",
        }
    }

    fn text(&self) -> String {
        match self {
            Failure::Check(s) | Failure::Compile(s) | Failure::Run(s) | Failure::Timeout(s) => {
                s.clone()
            }
            Failure::Differs(a, b) => format!("normal:\n{}\nstress+verify:\n{}", a, b),
        }
    }
}

/// Run normally (which checks and compiles first), then with `--gc-stress
/// --gc-verify`; the outputs must agree, and nothing may be written to standard
/// error (no diagnostic, not even a warning).
fn check_program(g: &Generated) -> Result<(), Failure> {
    let dir = tempfile::tempdir().unwrap();
    let root = g.write_to(dir.path()).unwrap();
    let normal = run(&root, &[])?;
    let stressed = run(&root, &["--gc-stress", "--gc-verify"])?;
    if normal != stressed {
        return Err(Failure::Differs(normal, stressed));
    }
    Ok(())
}

/// `vera run FILE FLAGS`: its standard output, or the failure.
fn run(root: &Path, flags: &[&str]) -> Result<String, Failure> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vera"))
        .arg("run")
        .arg(root)
        .args(flags)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > RUN_TIMEOUT {
            child.kill().ok();
            child.wait().ok();
            return Err(Failure::Timeout(format!(
                "vera run {} took over {:?}",
                flags.join(" "),
                RUN_TIMEOUT
            )));
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    if out.status.success() && stderr.is_empty() {
        return Ok(stdout);
    }
    let what = format!(
        "vera run {} exited with {}:\n{}\n{}",
        flags.join(" "),
        out.status,
        stdout,
        stderr
    );
    Err(
        if stderr.contains("] Error at ") || stderr.contains("] Warning at ") {
            Failure::Check(what)
        } else if stderr.starts_with('[') {
            Failure::Compile(what)
        } else {
            Failure::Run(what)
        },
    )
}

/// Run `seeds` on every core; the failures by seed.
fn run_batch(seeds: std::ops::Range<u64>, cfg: &GenConfig) -> Vec<(u64, Generated, Failure)> {
    let next = AtomicU64::new(seeds.start);
    let fails = Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get()) * 2;
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let seed = next.fetch_add(1, Ordering::SeqCst);
                if seed >= seeds.end {
                    break;
                }
                let g = generate(seed, cfg);
                if let Err(f) = check_program(&g) {
                    fails.lock().unwrap().push((seed, g, f));
                }
            });
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
            "seed {} ({}):\n{}\n--- program ---\n{}",
            seed,
            f.kind(),
            f.text(),
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

/// A large batch for bug hunting (see the module comment).
#[test]
#[ignore]
fn batch() {
    let from = env_u64("VERA_FUZZ_FROM", 0);
    let count = env_u64("VERA_FUZZ_COUNT", 1000);
    let mut cfg = GenConfig::default();
    configure_bugs(&mut cfg);
    cfg.max_depth = env_u64("VERA_FUZZ_DEPTH", cfg.max_depth as u64) as u32;
    cfg.max_fns = env_u64("VERA_FUZZ_FNS", cfg.max_fns as u64) as usize;
    cfg.main_stmts = env_u64("VERA_FUZZ_STMTS", cfg.main_stmts as u64) as usize;
    cfg.stateful_handlers = env_u64("VERA_FUZZ_STATEFUL", 0) == 1;
    cfg.non_resuming_clauses = env_u64("VERA_FUZZ_NONRESUMING", 0) == 1;
    let start = Instant::now();
    let fails = run_batch(from..from + count, &cfg);
    let mut by_kind = std::collections::BTreeMap::new();
    for (seed, g, f) in &fails {
        *by_kind.entry(f.kind()).or_insert(0) += 1;
        let first = f.text().lines().take(3).collect::<Vec<_>>().join(" | ");
        println!("seed {} {}: {}", seed, f.kind(), first);
        if let Ok(out) = std::env::var("VERA_FUZZ_OUT") {
            let dir = Path::new(&out).join(format!("seed{}", seed));
            g.write_to(&dir).unwrap();
            std::fs::write(dir.join("failure.txt"), f.text()).unwrap();
        }
    }
    // How many programs used each construct.
    let mut programs_with = std::collections::BTreeMap::new();
    let mut bytes = 0;
    for seed in from..from + count {
        let g = generate(seed, &cfg);
        bytes += g.files.iter().map(|f| f.1.len()).sum::<usize>();
        for (name, n) in g.features.counts {
            if n > 0 {
                *programs_with.entry(name).or_insert(0) += 1;
            }
        }
    }
    for name in vera::fuzz::gen::FEATURE_NAMES {
        println!(
            "  {:24} {:5}",
            name,
            programs_with.get(name).copied().unwrap_or(0)
        );
    }
    println!(
        "average program size: {} bytes",
        bytes as u64 / count.max(1)
    );
    println!(
        "{} programs in {:.1}s, {} failures {:?}",
        count,
        start.elapsed().as_secs_f64(),
        fails.len(),
        by_kind
    );
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
        let program = checked.program.expect("the program checks");
        vera::codegen::emit_wat(&program, &vera::codegen::Options::default()).wat
    });
    println!("{}", wat);
}
