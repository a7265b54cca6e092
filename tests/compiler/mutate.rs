//! Mutation fuzzing of the front end: every program of `examples/` and
//! `tests/programs/` (imported modules included), mutated by
//! `vera::fuzz::mutate` with fixed seeds. For each mutant, `vera::check_file`
//! must not panic, must finish, and must give every error a code and a place
//! (line and column from 1) — except the file-level errors, which have no place.
//! A mutant that checks OK must compile and be verified without an internal
//! error; a mutant that parses must format, and its canonical text must format
//! to itself.
//!
//! A mutant is written beside its original in a copy of the program
//! directories, so the modules it imports are still found.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Mutex};
use std::time::Duration;
use vera::fuzz::mutate;

/// Mutants of each program (`VERA_MUTANTS` overrides it, for longer runs).
const MUTANTS_PER_FILE: u64 = 200;

/// Longer than this is a hang.
const TIMEOUT: Duration = Duration::from_secs(10);

/// Errors about a whole file, which have no place: a file that cannot be read.
const FILE_LEVEL: &[&str] = &["E020"];

/// Every `.vera` file under `dir`, recursively.
fn vera_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            vera_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "vera") {
            out.push(p);
        }
    }
}

/// Copy the directory tree `from` into `to`.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let target = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_tree(&p, &target);
        } else {
            std::fs::copy(&p, &target).unwrap();
        }
    }
}

/// Check one file on a thread with a large stack; the problems found.
fn check(path: PathBuf) -> Result<(), String> {
    let (tx, rx) = mpsc::channel();
    let worker = std::thread::Builder::new()
        .stack_size(512 * 1024 * 1024)
        .spawn(move || {
            let checked = vera::check_file(&path);
            let mut problems = Vec::new();
            for d in checked.diagnostics.iter().filter(|d| d.is_error()) {
                let (_, line, col) = d.location(&checked.sources);
                let coded = d.code.len() == 4
                    && d.code.starts_with('E')
                    && d.code[1..].bytes().all(|b| b.is_ascii_digit());
                if !coded {
                    problems.push(format!("error without a code: {:?}", d.message));
                }
                if d.span.is_none() && !FILE_LEVEL.contains(&d.code) {
                    problems.push(format!("{} has no place: {}", d.code, d.message));
                }
                if d.span.is_some() && (line < 1 || col < 1) {
                    problems.push(format!(
                        "{} at line {}, column {}: {}",
                        d.code, line, col, d.message
                    ));
                }
                // Rendering (source line and caret) must work for every place.
                let _ = d.render(&checked.sources);
            }
            if checked.program.is_some() && !checked.diagnostics.iter().any(|d| d.is_error()) {
                problems.extend(compile_problems(&path));
            }
            problems.extend(format_problems(&path));
            tx.send(problems).ok();
        })
        .unwrap();
    match rx.recv_timeout(TIMEOUT) {
        Ok(problems) if problems.is_empty() => {
            worker.join().ok();
            Ok(())
        }
        Ok(problems) => Err(problems.join("; ")),
        Err(mpsc::RecvTimeoutError::Timeout) => Err(format!("no answer within {:?}", TIMEOUT)),
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            let why = worker.join().err().map(|e| {
                e.downcast_ref::<String>()
                    .cloned()
                    .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default()
            });
            Err(format!("panicked: {}", why.unwrap_or_default()))
        }
    }
}

/// `vera check` said OK: `vera compile` must succeed too, and `vera verify`
/// must come to a verdict (its errors are findings about the program; an
/// internal error is not).
fn compile_problems(path: &Path) -> Vec<String> {
    let compiled = vera::compile_file(path, &Default::default());
    let mut problems: Vec<String> = compiled
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("checks OK but does not compile: {} {}", d.code, d.message))
        .collect();
    let options = vera::verify::Options {
        timeout_ms: 200,
        smt: false,
    };
    let verified = vera::verify_file(path, &options);
    problems.extend(
        verified
            .diagnostics
            .iter()
            .filter(|d| d.code == "E699" || d.code == "E698")
            .map(|d| format!("verify: {} {}", d.code, d.message)),
    );
    problems
}

/// The formatter parses the mutant; when it parses, formatting its canonical
/// text changes nothing.
fn format_problems(path: &Path) -> Vec<String> {
    let (_, formatted) = vera::format_file(path);
    let Ok(text) = formatted else {
        return Vec::new();
    };
    match vera::fmt::format_source(&text) {
        Ok(again) if again == text => Vec::new(),
        Ok(_) => vec!["formatting is not idempotent".to_string()],
        Err(d) => vec![format!(
            "the formatted text does not parse: {}",
            d.first().map_or("", |d| d.code)
        )],
    }
}

#[test]
fn mutants_of_every_program_are_checked_without_panics_hangs_or_placeless_errors() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sources = Vec::new();
    for dir in ["examples", "tests/programs"] {
        vera_files(&root.join(dir), &mut sources);
    }
    assert!(sources.len() >= 20, "found only {} programs", sources.len());
    let per_file = std::env::var("VERA_MUTANTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(MUTANTS_PER_FILE);
    // (source file, seed) pairs, shared by the workers.
    let jobs: Vec<(PathBuf, u64)> = sources
        .iter()
        .enumerate()
        .flat_map(|(i, p)| (0..per_file).map(move |k| (p.clone(), (i as u64) << 32 | k)))
        .collect();
    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                // This worker's copy of the program directories: a mutant is written
                // beside its original, so that the modules it imports are found.
                let scratch = tempfile::tempdir().unwrap();
                for dir in ["examples", "tests/programs"] {
                    copy_tree(&root.join(dir), &scratch.path().join(dir));
                }
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some((src, seed)) = jobs.get(i) else {
                        break;
                    };
                    let rel = src.strip_prefix(root).unwrap();
                    let target = scratch
                        .path()
                        .join(rel)
                        .with_file_name(format!("mutant{}.vera", i));
                    let mutant = mutate(&std::fs::read(src).unwrap(), *seed);
                    std::fs::write(&target, &mutant).unwrap();
                    if let Err(why) = check(target.clone()) {
                        failures.lock().unwrap().push(format!(
                            "{} seed {}: {}\n--- mutant ---\n{}",
                            rel.display(),
                            seed,
                            why,
                            String::from_utf8_lossy(&mutant)
                        ));
                    }
                    std::fs::remove_file(&target).ok();
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(
        failures.is_empty(),
        "{} of {} mutants failed:\n\n{}",
        failures.len(),
        jobs.len(),
        failures.join("\n\n")
    );
}

#[test]
fn mutation_is_reproducible_and_changes_the_text() {
    let text = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/closures.vera"))
        .unwrap();
    let mut changed = 0;
    for seed in 0..100 {
        let a = mutate(&text, seed);
        assert_eq!(a, mutate(&text, seed));
        if a != text {
            changed += 1;
        }
    }
    assert!(
        changed >= 90,
        "only {} of 100 mutants differ from the original",
        changed
    );
}

/// Mutants of generated programs, for longer hunts:
/// `VERA_MUTANT_PROGRAMS=2000 cargo test --test compiler mutate::generated -- --ignored`.
#[test]
#[ignore]
fn generated() {
    let programs: u64 = std::env::var("VERA_MUTANT_PROGRAMS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let next = std::sync::atomic::AtomicU64::new(0);
    let failures = Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                let scratch = tempfile::tempdir().unwrap();
                loop {
                    let p = next.fetch_add(1, Ordering::SeqCst);
                    if p >= programs {
                        break;
                    }
                    let g = vera::fuzz::generate(p, &vera::fuzz::GenConfig::default());
                    let dir = scratch.path().join(p.to_string());
                    let root = g.write_to(&dir).unwrap();
                    let text = std::fs::read(&root).unwrap();
                    for k in 0..20 {
                        let mutant = mutate(&text, p << 32 | k);
                        std::fs::write(&root, &mutant).unwrap();
                        if let Err(why) = check(root.clone()) {
                            failures.lock().unwrap().push(format!(
                                "program {} mutant {}: {}\n--- mutant ---\n{}",
                                p,
                                k,
                                why,
                                String::from_utf8_lossy(&mutant)
                            ));
                        }
                    }
                    std::fs::remove_dir_all(&dir).ok();
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(
        failures.is_empty(),
        "{} mutants failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// Mutants that check OK run the same interpreted and compiled (normally,
/// under GC stress, with heap checks), runtime errors included: a mutant is a
/// valid program nobody wrote by hand. `VERA_RUN_MUTANTS` sets the number per
/// program (default 12).
#[test]
fn mutants_that_check_run_the_same_in_every_mode() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sources = Vec::new();
    for dir in ["examples", "tests/programs"] {
        vera_files(&root.join(dir), &mut sources);
    }
    let per_file: u64 = std::env::var("VERA_RUN_MUTANTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(12);
    let jobs: Vec<(PathBuf, u64)> = sources
        .iter()
        .enumerate()
        .flat_map(|(i, p)| {
            (0..per_file).map(move |k| (p.clone(), (i as u64) << 32 | (1 << 31) | k))
        })
        .collect();
    let next = AtomicUsize::new(0);
    let ran = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    let runner = vera::fuzz::diff::Runner::new();
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|s| {
        for _ in 0..workers {
            std::thread::Builder::new()
                .stack_size(512 * 1024 * 1024)
                .spawn_scoped(s, || loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some((src, seed)) = jobs.get(i) else {
                        break;
                    };
                    let files = mutant_with_modules(root, src, *seed);
                    match runner.agree(&files) {
                        Ok(true) => {
                            ran.fetch_add(1, Ordering::SeqCst);
                        }
                        Ok(false) => {}
                        Err(f) => failures.lock().unwrap().push(format!(
                            "{} seed {}: {:?}\n{}\n--- mutant ---\n{}",
                            src.strip_prefix(root).unwrap().display(),
                            seed,
                            f.kind,
                            f.detail,
                            files[0].1
                        )),
                    }
                })
                .unwrap();
        }
    });
    let failures = failures.into_inner().unwrap();
    // Most mutants are rejected; enough must run for the test to mean something.
    let ran = ran.into_inner();
    eprintln!("{} of {} mutants ran in every mode", ran, jobs.len());
    assert!(
        ran * 10 >= jobs.len(),
        "only {} of {} mutants ran",
        ran,
        jobs.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} mutants differ:\n\n{}",
        failures.len(),
        jobs.len(),
        failures.join("\n\n")
    );
}

/// The mutant of `src` (as UTF-8, lossily), first, then every other `.vera`
/// file of its directory tree, by path relative to the program's directory.
fn mutant_with_modules(root: &Path, src: &Path, seed: u64) -> Vec<(String, String)> {
    let dir = src.parent().unwrap();
    let top = if dir.ends_with("programs") || dir.ends_with("examples") {
        dir.to_path_buf()
    } else {
        root.join("tests/programs")
    };
    let rel = |p: &Path| p.strip_prefix(&top).unwrap_or(p).display().to_string();
    let mutant = mutate(&std::fs::read(src).unwrap(), seed);
    let mut files = vec![(rel(src), String::from_utf8_lossy(&mutant).into_owned())];
    let mut others = Vec::new();
    vera_files(&top, &mut others);
    for p in others.iter().filter(|p| p.as_path() != src) {
        files.push((rel(p), std::fs::read_to_string(p).unwrap_or_default()));
    }
    files
}
