//! Benchmarks for vera: front-end speed, compile speed and the garbage collector.
//!
//! Run all tables with `cargo bench --bench bench`, or some of them by name:
//! `cargo bench --bench bench -- check` (or `fmt`, `verify`, `test`, `gc`, `scaling`; several names allowed).
//!
//! - `check`: per example program, the median wall time of `vera::check_file`
//!   (load, parse, check) and of `vera::compile_file` (that, plus code generation and
//!   WAT assembly), in microseconds, for `../shared/reference/examples/*.vera` and
//!   for this project's `examples/*.vera`.
//! - `fmt`: per reference example, the median wall time of `vera fmt FILE` as a whole
//!   process (start, read, format, print, exit), and of `vera::fmt::format_source`
//!   in process, which includes the formatter's own check (a second parse of the
//!   output, compared with the first).
//! - `verify`: per reference example, the median wall time of the whole process
//!   `vera verify FILE` (the release binary: start, load, check, verify with Z3,
//!   print), with the Tier 1 / Tier 3 counts it prints. The goal is 50 ms.
//! - `test`: per reference example, the median wall time of the whole process
//!   `vera test FILE --trials 100` (check, verify, compile, generate inputs with
//!   Z3, run and shrink), with the Results line it prints. The goal is 200 ms.
//! - `gc`: the GC workloads of `../shared/bench` (see its README). Our compiled
//!   `list_churn` and `tree_churn` (60, 500 and 2000 rounds) run beside the prebuilt
//!   peers in the same process and engine: 9 runs interleaved across implementations,
//!   each in a fresh instance (instantiation not timed), timing one call of `main`.
//!   Reported: median ms, memory pages at the end, the result, ours / fastest peer,
//!   and for ours the collector's counters and allocations per second.
//! - `scaling`: a program of our own that makes N short-lived allocations (a 10-cell
//!   list built and dropped N/10 times) for N = 1M and 2M: time should double, pages
//!   should stay flat.

use std::path::{Path, PathBuf};
use std::time::Instant;
use wasmtime::{Engine, ExternType, Instance, Linker, Module, Store, Val};

/// Timed runs per example in the `check` table.
const CHECK_RUNS: usize = 20;
/// Timed runs per implementation in the `gc` and `scaling` tables.
const GC_RUNS: usize = 9;
/// The peer implementations, as named in `../shared/bench/peers`.
const PEERS: [&str; 3] = ["as-incremental", "as-minimal", "rust-wasm32"];

fn main() {
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let wanted =
        |name: &str| filters.is_empty() || filters.iter().any(|f| name.contains(f.as_str()));
    let (check, fmt, verify, test, gc, scaling) = (
        wanted("check"),
        wanted("fmt"),
        wanted("verify"),
        wanted("test"),
        wanted("gc"),
        wanted("scaling"),
    );
    // The compiler recurses deeply on nested programs: give it the stack it expects.
    vera::with_big_stack(move || {
        if check {
            check_tables();
        }
        if fmt {
            fmt_table();
        }
        if verify {
            verify_table();
        }
        if test {
            test_table();
        }
        if gc {
            gc_tables();
        }
        if scaling {
            scaling_table();
        }
    });
}

// ---------------------------------------------------------------------------
// Paths, statistics and compilation helpers

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared`, or `None` (with a note printed) when it is absent.
fn shared_dir(table: &str) -> Option<PathBuf> {
    let dir = manifest_dir().join("../shared");
    if dir.is_dir() {
        Some(dir)
    } else {
        println!(
            "[{table}] skipped: {} does not exist (the shared reference and bench files are absent)\n",
            dir.display()
        );
        None
    }
}

/// The `*.vera` files directly in `dir`, sorted by name.
fn vera_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "vera"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn file_name(p: &Path) -> String {
    p.file_name().unwrap().to_string_lossy().into_owned()
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let n = xs.len();
    if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    }
}

/// The median wall time of `f` over `runs` calls, in microseconds.
fn median_us(runs: usize, mut f: impl FnMut()) -> f64 {
    let times = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    median(times)
}

/// Compile a Vera file to a WASM binary, or panic with its diagnostics.
fn compile(path: &Path) -> Vec<u8> {
    let c = vera::compile_file(path, &Default::default());
    match c.compiled {
        Some(compiled) => compiled.wasm,
        None => {
            let text: Vec<String> = c.diagnostics.iter().map(|d| d.render(&c.sources)).collect();
            panic!("{} does not compile:\n{}", path.display(), text.join("\n"));
        }
    }
}

/// Write generated Vera source to the bench scratch directory and compile it.
fn compile_source(name: &str, source: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, source).expect("write generated Vera source");
    compile(&path)
}

// ---------------------------------------------------------------------------
// Table 1: check and compile times

fn check_tables() {
    if let Some(shared) = shared_dir("check") {
        let dir = shared.join("reference/examples");
        check_table("check: ../shared/reference/examples", &vera_files(&dir));
    }
    check_table(
        "check: examples (this project)",
        &vera_files(&manifest_dir().join("examples")),
    );
}

/// Median check and compile times, in µs, for each file.
fn check_table(title: &str, files: &[PathBuf]) {
    println!("== {title} (median of {CHECK_RUNS} runs, µs) ==");
    println!(
        "{:<24} {:>10} {:>12} {:>11}  status",
        "example", "check µs", "compile µs", "wasm bytes"
    );
    let (mut check_total, mut compile_total) = (0.0, 0.0);
    for path in files {
        let checked = vera::check_file(path);
        let errors = checked.diagnostics.iter().filter(|d| d.is_error()).count();
        let check_us = median_us(CHECK_RUNS, || drop(vera::check_file(path)));
        let compilation = vera::compile_file(path, &Default::default());
        let (bytes, status) = match (&compilation.compiled, errors) {
            (Some(c), _) => (c.wasm.len().to_string(), "ok".to_string()),
            (None, 0) => ("-".into(), "codegen error".into()),
            (None, n) => ("-".into(), format!("{n} check error(s)")),
        };
        let compile_us = median_us(CHECK_RUNS, || {
            drop(vera::compile_file(path, &Default::default()))
        });
        check_total += check_us;
        compile_total += compile_us;
        println!(
            "{:<24} {:>10.1} {:>12.1} {:>11}  {}",
            file_name(path),
            check_us,
            compile_us,
            bytes,
            status
        );
    }
    println!(
        "{:<24} {:>10.1} {:>12.1}",
        "total", check_total, compile_total
    );
    println!();
}

// ---------------------------------------------------------------------------
// Table 2: the formatter

/// Runs of the whole `vera fmt` process per example.
const FMT_PROCESS_RUNS: usize = 40;

fn fmt_table() {
    let Some(shared) = shared_dir("fmt") else {
        return;
    };
    let dir = shared.join("reference/examples");
    let mut files = vera_files(&dir);
    files.extend(vera_files(&dir.join("vera")));
    let exe = env!("CARGO_BIN_EXE_vera");
    println!("== fmt: ../shared/reference/examples (median; `vera fmt FILE` as a process, and format_source in process) ==");
    println!(
        "{:<24} {:>6} {:>12} {:>9} {:>14}  canonical",
        "example", "lines", "process ms", "min ms", "in-process µs"
    );
    let (mut process_total, mut lib_total, mut worst) = (0.0, 0.0, 0.0f64);
    for path in &files {
        let src = std::fs::read_to_string(path).expect("read example");
        let canonical = match vera::fmt::format_source(&src) {
            Ok(out) if out == src => "yes",
            Ok(_) => "no",
            Err(_) => "error",
        };
        let lib_us = median_us(CHECK_RUNS, || drop(vera::fmt::format_source(&src)));
        let runs: Vec<f64> = (0..FMT_PROCESS_RUNS)
            .map(|_| {
                let start = Instant::now();
                let out = std::process::Command::new(exe)
                    .arg("fmt")
                    .arg(path)
                    .output()
                    .expect("run vera fmt");
                assert!(out.status.success(), "vera fmt {} failed", path.display());
                start.elapsed().as_secs_f64() * 1e3
            })
            .collect();
        let fastest = runs.iter().copied().fold(f64::INFINITY, f64::min);
        let process_ms = median(runs);
        process_total += process_ms;
        lib_total += lib_us;
        worst = worst.max(process_ms);
        let name = path
            .strip_prefix(&dir)
            .unwrap_or(path)
            .display()
            .to_string();
        println!(
            "{:<24} {:>6} {:>12.2} {:>9.2} {:>14.1}  {}",
            name,
            src.lines().count(),
            process_ms,
            fastest,
            lib_us,
            canonical
        );
    }
    println!(
        "{:<24} {:>6} {:>12.2} {:>9} {:>14.1}",
        "total", "", process_total, "", lib_total
    );
    println!("slowest median: {worst:.2} ms (goal: at most 5 ms a file)");
    println!();
}

// Tables 3 and 4: `vera verify` and `vera test`, whole process

/// Timed runs per example in the `verify` and `test` tables.
const PROCESS_RUNS: usize = 10;

fn verify_table() {
    process_table("verify", &[], "summary", "Verification", 50);
}

fn test_table() {
    process_table("test", &["--trials", "100"], "results", "Results", 200);
}

/// Time `vera COMMAND FILE EXTRA...` as a whole process on every reference
/// example: median wall time and CPU time, and the output line that starts
/// with `line` (the verdict), against a goal of `goal_ms` per file.
fn process_table(command: &str, extra: &[&str], column: &str, line: &str, goal_ms: u32) {
    let Some(shared) = shared_dir(command) else {
        return;
    };
    // The binary cargo builds for this bench (same profile).
    let exe = PathBuf::from(env!("CARGO_BIN_EXE_vera"));
    let files = vera_files(&shared.join("reference/examples"));
    let shown: Vec<&str> = std::iter::once("FILE")
        .chain(extra.iter().copied())
        .collect();
    println!(
        "== {command}: ../shared/reference/examples, whole process `vera {command} {}` (median of {PROCESS_RUNS} runs) ==",
        shown.join(" ")
    );
    println!(
        "{:<24} {:>8} {:>8}  {column}",
        "example", "wall ms", "cpu ms"
    );
    let prefix = format!("{line}: ");
    let (mut total, mut worst, mut cpu_total) = (0.0, 0.0f64, 0.0);
    for path in files {
        let run = || {
            std::process::Command::new(&exe)
                .arg(command)
                .arg(&path)
                .args(extra)
                .output()
                .unwrap_or_else(|e| panic!("run vera {command}: {e}"))
        };
        let out = run();
        let verdict = String::from_utf8_lossy(&out.stdout)
            .lines()
            .find(|l| l.starts_with(line))
            .map(|l| l.trim_start_matches(prefix.as_str()).to_string())
            .unwrap_or_else(|| format!("exit {:?}", out.status.code()));
        let mut cpu = Vec::new();
        let wall = median_us(PROCESS_RUNS, || {
            let before = children_cpu_ms();
            drop(run());
            cpu.push(children_cpu_ms() - before);
        }) / 1000.0;
        let cpu = median(cpu);
        total += wall;
        cpu_total += cpu;
        worst = worst.max(wall);
        println!(
            "{:<24} {:>8.1} {:>8.1}  {}",
            file_name(&path),
            wall,
            cpu,
            verdict
        );
    }
    println!(
        "{:<24} {:>8.1} {:>8.1}  (slowest {:.1} ms wall; goal {goal_ms} ms per file)",
        "total", total, cpu_total, worst
    );
    println!();
}

/// User and system CPU time of the finished child processes so far, in ms.
fn children_cpu_ms() -> f64 {
    // SAFETY: getrusage only writes the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    let ms = |t: libc::timeval| t.tv_sec as f64 * 1e3 + t.tv_usec as f64 / 1e3;
    ms(usage.ru_utime) + ms(usage.ru_stime)
}

// ---------------------------------------------------------------------------
// Running WASM modules: one fresh instance per measurement

/// One timed call of `main` in a fresh instance.
struct Sample {
    ms: f64,
    pages: u64,
    result: i64,
    /// Our collector's counters (absent from peers).
    gc: Option<GcStats>,
}

#[derive(Clone, Copy)]
struct GcStats {
    collections: i64,
    allocated: i64,
    peak: i64,
    /// Memory pages right after instantiation, before `main` runs.
    initial_pages: u64,
}

/// A compiled module and the linker that satisfies its imports with stubs.
struct Program {
    name: String,
    module: Module,
    linker: Linker<()>,
}

impl Program {
    /// Every function import becomes a stub: `print` does nothing and returns
    /// zeros, any other (failures, bounds, `env.abort`, ...) traps.
    fn new(engine: &Engine, name: &str, wasm: &[u8]) -> Program {
        let module =
            Module::new(engine, wasm).unwrap_or_else(|e| panic!("{name}: invalid module: {e:#}"));
        let mut linker = Linker::new(engine);
        for import in module.imports() {
            let ExternType::Func(ty) = import.ty() else {
                panic!("{name}: unexpected non-function import {}", import.name());
            };
            let what = format!("{}.{}", import.module(), import.name());
            let quiet = what == "vera.print";
            linker
                .func_new(import.module(), import.name(), ty, move |_, _, results| {
                    if quiet {
                        results.iter_mut().for_each(|r| *r = Val::I32(0));
                        Ok(())
                    } else {
                        Err(wasmtime::format_err!("the program called {what}"))
                    }
                })
                .expect("define stub import");
        }
        Program {
            name: name.to_string(),
            module,
            linker,
        }
    }

    /// Instantiate (untimed), then time one call of `main(args) -> i64`.
    fn sample(&self, args: &[Val]) -> Sample {
        let mut store = Store::new(self.module.engine(), ());
        let instance = self
            .linker
            .instantiate(&mut store, &self.module)
            .unwrap_or_else(|e| panic!("{}: cannot instantiate: {e:#}", self.name));
        let initial_pages = pages(&instance, &mut store);
        let main = instance
            .get_func(&mut store, "main")
            .unwrap_or_else(|| panic!("{}: no `main` export", self.name));
        let mut results = [Val::I64(0)];
        let start = Instant::now();
        let outcome = main.call(&mut store, args, &mut results);
        let ms = start.elapsed().as_secs_f64() * 1e3;
        if let Err(e) = outcome {
            panic!("{}: main trapped: {e:#}", self.name);
        }
        let result = results[0].i64().expect("main returns i64");
        let gc = gc_stats(&instance, &mut store, initial_pages);
        Sample {
            ms,
            pages: pages(&instance, &mut store),
            result,
            gc,
        }
    }
}

fn pages(instance: &Instance, store: &mut Store<()>) -> u64 {
    instance
        .get_memory(&mut *store, "memory")
        .map(|m| m.size(&*store))
        .unwrap_or(0)
}

/// The `gc_*` globals that our compiled modules export, if present.
fn gc_stats(instance: &Instance, store: &mut Store<()>, initial_pages: u64) -> Option<GcStats> {
    let mut global = |name: &str| -> Option<i64> {
        let v = instance.get_global(&mut *store, name)?.get(&mut *store);
        v.i64().or_else(|| v.i32().map(|x| x as u32 as i64))
    };
    Some(GcStats {
        collections: global("gc_collections")?,
        allocated: global("gc_allocated")?,
        peak: global("gc_peak")?,
        initial_pages,
    })
}

/// `runs` rounds, each sampling every program once in turn (interleaved).
fn interleaved(programs: &[(&Program, Vec<Val>)], runs: usize) -> Vec<Vec<Sample>> {
    let mut samples: Vec<Vec<Sample>> = programs.iter().map(|_| Vec::new()).collect();
    for _ in 0..runs {
        for (i, (program, args)) in programs.iter().enumerate() {
            samples[i].push(program.sample(args));
        }
    }
    samples
}

/// The median time, and the last run's pages, result and counters.
struct Summary {
    ms: f64,
    pages: u64,
    result: i64,
    gc: Option<GcStats>,
}

fn summarise(samples: &[Sample]) -> Summary {
    let last = samples.last().expect("at least one run");
    Summary {
        ms: median(samples.iter().map(|s| s.ms).collect()),
        pages: last.pages,
        result: last.result,
        gc: last.gc,
    }
}

// ---------------------------------------------------------------------------
// Table 3: the GC workloads beside the peers

/// One workload: the Vera source, its rounds, and how many objects it allocates.
struct Workload {
    prog: &'static str,
    rounds: u64,
    allocations: u64,
    source: String,
}

fn gc_tables() {
    let Some(shared) = shared_dir("gc") else {
        return;
    };
    let bench = shared.join("bench");
    let engine = vera::runtime::engine().expect("wasmtime engine");
    println!(
        "== gc: ../shared/bench workloads (median of {GC_RUNS} interleaved runs, fresh instance each, instantiation not timed) =="
    );
    for w in workloads(&bench) {
        gc_table(&engine, &bench, &w);
    }
    println!();
}

fn workloads(bench: &Path) -> Vec<Workload> {
    let read = |name: &str| {
        std::fs::read_to_string(bench.join("progs").join(name))
            .unwrap_or_else(|e| panic!("read {name}: {e}"))
    };
    let list = read("list_churn.vera");
    let tree = read("tree_churn.vera");
    let call = "rounds(500, 0)";
    assert!(
        tree.contains(call),
        "tree_churn.vera no longer calls `{call}`"
    );
    let mut all = vec![Workload {
        prog: "list_churn",
        rounds: 5000,
        allocations: 5000 * 100,
        source: list,
    }];
    for rounds in [60, 500, 2000] {
        all.push(Workload {
            prog: "tree_churn",
            rounds,
            allocations: rounds * 1023,
            source: tree.replace(call, &format!("rounds({rounds}, 0)")),
        });
    }
    all
}

fn gc_table(engine: &Engine, bench: &Path, w: &Workload) {
    let label = format!("{}_{}", w.prog, w.rounds);
    let ours = Program::new(
        engine,
        "vera",
        &compile_source(&format!("{label}.vera"), &w.source),
    );
    let peers: Vec<Program> = PEERS
        .iter()
        .map(|variant| {
            let path = bench.join("peers").join(format!("{label}_{variant}.wasm"));
            let wasm =
                std::fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
            Program::new(engine, variant, &wasm)
        })
        .collect();
    let all: Vec<(&Program, Vec<Val>)> = std::iter::once(&ours)
        .chain(&peers)
        .map(|p| (p, Vec::new()))
        .collect();
    let summaries: Vec<Summary> = interleaved(&all, GC_RUNS)
        .iter()
        .map(|s| summarise(s))
        .collect();

    let expected = summaries[1].result;
    for (p, s) in all.iter().zip(&summaries) {
        assert_eq!(
            s.result, expected,
            "{label}: {} returned {}, {} returned {expected}",
            p.0.name, s.result, peers[0].name
        );
    }
    let fastest_peer = summaries[1..]
        .iter()
        .map(|s| s.ms)
        .fold(f64::INFINITY, f64::min);

    println!(
        "\n-- {label}: {} allocations, result {expected} --",
        w.allocations
    );
    println!(
        "{:<16} {:>9} {:>6} {:>10} {:>8} {:>6} {:>12} {:>9} {:>10}",
        "impl",
        "median ms",
        "pages",
        "result",
        "/fastest",
        "colls",
        "bytes alloc",
        "peak KiB",
        "M alloc/s"
    );
    for ((p, _), s) in all.iter().zip(&summaries) {
        let gc = match s.gc {
            Some(g) => format!(
                "{:>6} {:>12} {:>9.1} {:>10.1}",
                g.collections,
                g.allocated,
                g.peak as f64 / 1024.0,
                w.allocations as f64 / (s.ms / 1e3) / 1e6
            ),
            None => format!("{:>6} {:>12} {:>9} {:>10}", "-", "-", "-", "-"),
        };
        println!(
            "{:<16} {:>9.2} {:>6} {:>10} {:>7.2}x {}",
            p.name,
            s.ms,
            s.pages,
            s.result,
            s.ms / fastest_peer,
            gc
        );
    }
}

// ---------------------------------------------------------------------------
// Table 4: scaling with the number of short-lived allocations

/// Builds and drops a 10-cell list `main(r)` times (10·r allocations) and returns
/// 55·r: lots of garbage, a live set of one small list.
const SCALING_SOURCE: &str = r#"
private data List {
  Nil,
  Cons(Int, List)
}

private fn build(@Int, @List -> @List)
  requires(true)
  ensures(true)
  decreases(@Int.0)
  effects(pure)
{
  if @Int.0 <= 0 then {
    @List.0
  } else {
    build(@Int.0 - 1, Cons(@Int.0, @List.0))
  }
}

private fn sum(@List, @Int -> @Int)
  requires(true)
  ensures(true)
  decreases(@List.0)
  effects(pure)
{
  match @List.0 {
    Nil -> @Int.0,
    Cons(@Int, @List) -> sum(@List.0, @Int.1 + @Int.0)
  }
}

private fn loop(@Int, @Int -> @Int)
  requires(true)
  ensures(true)
  decreases(@Int.1)
  effects(pure)
{
  if @Int.1 <= 0 then {
    @Int.0
  } else {
    loop(@Int.1 - 1, @Int.0 + sum(build(10, Nil), 0))
  }
}

public fn main(@Int -> @Int)
  requires(@Int.0 >= 0)
  ensures(true)
  effects(pure)
{
  loop(@Int.0, 0)
}
"#;

fn scaling_table() {
    let engine = vera::runtime::engine().expect("wasmtime engine");
    let program = Program::new(
        &engine,
        "scaling",
        &compile_source("scaling.vera", SCALING_SOURCE),
    );
    let sizes: [u64; 2] = [1_000_000, 2_000_000];
    let runs: Vec<(&Program, Vec<Val>)> = sizes
        .iter()
        .map(|n| (&program, vec![Val::I64((n / 10) as i64)]))
        .collect();
    let summaries: Vec<Summary> = interleaved(&runs, GC_RUNS)
        .iter()
        .map(|s| summarise(s))
        .collect();

    println!(
        "== scaling: N short-lived allocations (10-cell lists, N/10 rounds), median of {GC_RUNS} interleaved runs =="
    );
    println!(
        "{:>10} {:>9} {:>10} {:>11} {:>6} {:>12} {:>8} {:>9} {:>10}",
        "N",
        "median ms",
        "result",
        "start pages",
        "pages",
        "bytes alloc",
        "colls",
        "peak KiB",
        "M alloc/s"
    );
    for (n, s) in sizes.iter().zip(&summaries) {
        assert_eq!(
            s.result,
            55 * (*n as i64 / 10),
            "scaling: wrong result for N = {n}"
        );
        let g = s.gc.expect("our module exports gc counters");
        println!(
            "{:>10} {:>9.2} {:>10} {:>11} {:>6} {:>12} {:>8} {:>9.1} {:>10.1}",
            n,
            s.ms,
            s.result,
            g.initial_pages,
            s.pages,
            g.allocated,
            g.collections,
            g.peak as f64 / 1024.0,
            *n as f64 / (s.ms / 1e3) / 1e6
        );
    }
    let (small, large) = (&summaries[0], &summaries[1]);
    println!(
        "time ratio 2M / 1M: {:.2} (expected about 2.0); pages {} -> {} (growth {})",
        large.ms / small.ms,
        small.pages,
        large.pages,
        large.pages as i64 - small.pages as i64
    );
    println!();
}
