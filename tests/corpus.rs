//! The program corpus: every program in `examples/` and `tests/programs/`, one
//! test case per program and check, so that failures are reported one by one,
//! cases run in parallel, and `cargo test NAME` runs the cases of one program.
//!
//! - `golden::NAME` — the WAT equals `golden/NAME.wat`, which shows the source
//!   above the text it compiles to, and is a valid module (`wast` assembles it).
//!   `VERA_BLESS=1 cargo test --test corpus golden` rewrites the files; read the
//!   diff before committing it.
//! - `run::NAME::normal`, `run::NAME::gc_stress` and `run::NAME::interp` — the
//!   `vera` binary runs the program, normally, with a collection at every
//!   allocation plus a heap self-check after each, and with the reference
//!   interpreter (`vera interp`), against the program's expectation lines:
//!
//! ```text
//! -- expect: <stdout>      the exact output (program output, then the result on a
//!                          line of its own); `\n` stands for a newline
//! -- fn: <name>            the function to run (default: main or the first public one)
//! -- args: <a> <b>         its arguments
//! -- exit: <code>          the exit code (default 0)
//! -- stderr: <text>        text that stderr must contain
//! ```
//!
//!   The stress case of a program the compiler says never allocates is listed as
//!   ignored, with the reason as its kind.
//! - `compiles::PATH` — every `.vera` file under `examples/`, `tests/` and the
//!   upstream examples (modules included) that the checker accepts compiles to
//!   a valid module: `vera check` OK means `vera compile` succeeds, never E699.
//! - `reference::NAME` — every upstream example in `../shared/reference/examples`
//!   checks OK and compiles (listed as ignored when `../shared` is absent).

use libtest_mimic::{Arguments, Failed, Trial};
use similar::TextDiff;
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let args = Arguments::from_args();
    let mut trials = Vec::new();
    for path in corpus() {
        let name = stem(&path);
        let allocates = vera::with_big_stack({
            let path = path.clone();
            move || {
                vera::compile_file(&path, &Default::default())
                    .compiled
                    .is_some_and(|c| c.output.uses_heap)
            }
        });
        trials.push(Trial::test(format!("golden::{}", name), {
            let path = path.clone();
            move || golden(&path)
        }));
        trials.push(Trial::test(format!("run::{}::normal", name), {
            let path = path.clone();
            move || run_program(&path, Mode::Normal)
        }));
        trials.push(Trial::test(format!("run::{}::interp", name), {
            let path = path.clone();
            move || run_program(&path, Mode::Interp)
        }));
        let stress = Trial::test(format!("run::{}::gc_stress", name), {
            let path = path.clone();
            move || run_program(&path, Mode::GcStress)
        });
        trials.push(if allocates {
            stress
        } else {
            stress
                .with_kind("never allocates: no collection to stress")
                .with_ignored_flag(true)
        });
    }
    trials.extend(reference_examples());
    trials.extend(expected_by_interpreter());
    trials.extend(accepted_programs_compile());
    libtest_mimic::run(&args, trials).exit();
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The `.vera` files directly in `dir`, sorted.
fn vera_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {}", dir.display(), e))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "vera"))
        .collect();
    files.sort();
    files
}

/// Every program of the corpus; golden names must be unique.
fn corpus() -> Vec<PathBuf> {
    let mut files = vera_files(&root().join("examples"));
    files.extend(vera_files(&root().join("tests/programs")));
    let mut names = std::collections::HashSet::new();
    for f in &files {
        assert!(
            names.insert(stem(f)),
            "two programs are named {}: golden names must be unique",
            stem(f)
        );
    }
    files
}

fn stem(path: &Path) -> String {
    path.file_stem().unwrap().to_string_lossy().to_string()
}

// ----- golden WAT ----------------------------------------------------------------

fn golden(path: &Path) -> Result<(), Failed> {
    let name = stem(path);
    let golden = root().join("golden").join(format!("{}.wat", name));
    let (actual, wat) = vera::with_big_stack({
        let path = path.to_path_buf();
        move || render(&path)
    });
    if std::env::var("VERA_BLESS").is_ok_and(|v| v == "1") {
        std::fs::create_dir_all(golden.parent().unwrap()).unwrap();
        std::fs::write(&golden, &actual).unwrap();
        return Ok(());
    }
    let expected = std::fs::read_to_string(&golden).unwrap_or_default();
    if expected != actual {
        let diff = TextDiff::from_lines(&expected, &actual);
        return Err(format!(
            "golden/{}.wat differs from the compiler's output:\n{}\nIf the change is intended, run `VERA_BLESS=1 cargo test --test corpus golden` and read the diff before committing.",
            name,
            diff.unified_diff()
                .context_radius(3)
                .header("golden (expected)", "compiler (actual)")
        )
        .into());
    }
    // A golden file may not silently hold broken WAT: a second assembler agrees.
    if let Some(wat) = wat {
        let buf = wast::parser::ParseBuffer::new(&wat).map_err(|e| e.to_string())?;
        let mut module: wast::Wat = wast::parser::parse(&buf).map_err(|e| e.to_string())?;
        module.encode().map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// The golden text (the source as `;;` comments, then the WAT or the
/// diagnostics), and the WAT itself when the program compiles.
fn render(path: &Path) -> (String, Option<String>) {
    let rel = path.strip_prefix(root()).unwrap().display().to_string();
    let source = std::fs::read_to_string(path).unwrap();
    let c = vera::compile_file(path, &Default::default());
    let wat = c.compiled.map(|compiled| compiled.output.wat);
    let shown = match &wat {
        Some(wat) => wat.clone(),
        None => c
            .diagnostics
            .iter()
            .map(|d| d.render(&c.sources))
            .collect::<Vec<_>>()
            .join("\n"),
    };
    let mut out = format!(";; ---- SOURCE {}\n", rel);
    for line in source.lines() {
        out.push_str(";; ");
        out.push_str(line);
        out.push('\n');
    }
    out.push_str(
        ";; ---- WAT (the prelude's text is elided: it is reviewed as prelude/prelude.wat)\n",
    );
    out.push_str(&elide_prelude(&shown));
    (out, wat)
}

/// Keep the prelude's first line (which names its sections), drop its body.
fn elide_prelude(wat: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for line in wat.lines() {
        if line.starts_with("  ;; ---- prelude/prelude.wat") {
            inside = true;
            out.push_str(line);
            out.push('\n');
            continue;
        }
        if inside {
            inside = line != "  ;; ---- end of prelude";
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

// ----- runs --------------------------------------------------------------------

struct Expectation {
    stdout: Option<String>,
    function: Option<String>,
    args: Vec<String>,
    exit: i32,
    stderr: Option<String>,
}

fn expectation(source: &str) -> Expectation {
    let field = |name: &str| {
        source.lines().find_map(|l| {
            l.strip_prefix(&format!("-- {}:", name))
                .map(|v| v.trim().to_string())
        })
    };
    Expectation {
        stdout: field("expect").map(|e| e.replace("\\n", "\n")),
        function: field("fn"),
        args: field("args")
            .map(|a| a.split_whitespace().map(String::from).collect())
            .unwrap_or_default(),
        exit: field("exit")
            .map(|e| e.parse().expect("exit code"))
            .unwrap_or(0),
        stderr: field("stderr"),
    }
}

/// How a program is run: compiled, compiled with a collection at every
/// allocation and a heap check after each, or by the reference interpreter.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Normal,
    GcStress,
    Interp,
}

fn run_program(path: &Path, mode: Mode) -> Result<(), Failed> {
    let source = std::fs::read_to_string(path).unwrap();
    let want = expectation(&source);
    if want.stdout.is_none() && want.stderr.is_none() {
        return Err(format!(
            "{} has no `-- expect:` or `-- stderr:` line",
            path.display()
        )
        .into());
    }
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vera"));
    cmd.arg(if mode == Mode::Interp {
        "interp"
    } else {
        "run"
    })
    .arg(path);
    if let Some(f) = &want.function {
        cmd.arg("--fn").arg(f);
    }
    if mode == Mode::GcStress {
        cmd.arg("--gc-stress").arg("--gc-verify");
    }
    cmd.arg("--").args(&want.args);
    let out = cmd.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let code = out.status.code().unwrap_or(-1);
    let mut problems = Vec::new();
    if code != want.exit {
        problems.push(format!("exit code {} (want {})", code, want.exit));
    }
    if let Some(w) = &want.stdout {
        if stdout.trim_end_matches('\n') != w {
            problems.push(format!("stdout {:?} (want {:?})", stdout, w));
        }
    }
    if let Some(w) = &want.stderr {
        if !stderr.contains(w.as_str()) {
            problems.push(format!("stderr {:?} does not contain {:?}", stderr, w));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{}\n  stderr: {}", problems.join("\n"), stderr.trim()).into())
    }
}

// ----- upstream examples ----------------------------------------------------------

/// Every upstream example checks OK and compiles to a valid module (an E699
/// would be a compiler bug). They are read from `../shared`, which CI
/// provides beside the clone; without it the cases are listed as ignored.
fn reference_examples() -> Vec<Trial> {
    let dir = root().join("../shared/reference/examples");
    if !dir.is_dir() {
        return vec![Trial::test("reference::all", || Ok(()))
            .with_kind("../shared/reference/examples is absent")
            .with_ignored_flag(true)];
    }
    let files = vera_files(&dir);
    assert!(
        files.len() >= 16,
        "only {} reference examples found",
        files.len()
    );
    files
        .into_iter()
        .map(|path| {
            Trial::test(format!("reference::{}", stem(&path)), move || {
                let c = vera::with_big_stack({
                    let path = path.clone();
                    move || {
                        let c = vera::compile_file(&path, &Default::default());
                        (c.compiled.is_some(), c.rendered_errors())
                    }
                });
                match c {
                    (true, _) => Ok(()),
                    (false, errors) => {
                        Err(format!("does not compile:\n{}", errors.join("\n")).into())
                    }
                }
            })
        })
        .collect()
}

// ----- accepted means compiled --------------------------------------------------

/// Every `.vera` file below `dir`, sorted.
fn vera_files_below(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            vera_files_below(&p, out);
        } else if p.extension().is_some_and(|x| x == "vera") {
            out.push(p);
        }
    }
}

fn accepted_programs_compile() -> Vec<Trial> {
    let mut files = Vec::new();
    for dir in ["examples", "tests", "../shared/reference/examples"] {
        vera_files_below(&root().join(dir), &mut files);
    }
    files
        .into_iter()
        .map(|path| {
            let rel = path
                .strip_prefix(root())
                .unwrap_or(&path)
                .display()
                .to_string();
            Trial::test(format!("compiles::{}", rel), move || {
                let (accepted, errors) = vera::with_big_stack(move || {
                    if vera::check_file(&path).program.is_none() {
                        return (false, vec![]);
                    }
                    let c = vera::compile_file(&path, &Default::default());
                    (true, c.rendered_errors())
                });
                if accepted && !errors.is_empty() {
                    return Err(
                        format!("checks, but does not compile:\n{}", errors.join("\n")).into(),
                    );
                }
                Ok(())
            })
        })
        .collect()
}

// ----- the interpreter and the upstream expectations -------------------------------

/// Every case of `../shared/reference/EXPECTED.tsv`, run by the reference
/// interpreter (`vera interp ARGS` from the reference folder): same exit code,
/// same output. (`.ci/run` runs the same cases compiled.)
fn expected_by_interpreter() -> Vec<Trial> {
    let dir = root().join("../shared/reference");
    let Ok(table) = std::fs::read_to_string(dir.join("EXPECTED.tsv")) else {
        return vec![Trial::test("expected::all", || Ok(()))
            .with_kind("../shared/reference is absent")
            .with_ignored_flag(true)];
    };
    table
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|line| {
            let mut cols = line.split('\t');
            let args = cols.next().unwrap_or("").to_string();
            let code: i32 = cols.next().unwrap_or("0").parse().unwrap_or(0);
            let want = cols
                .next()
                .unwrap_or("")
                .replace("\\n", "\n")
                .replace("\\t", "\t");
            let dir = dir.clone();
            Trial::test(format!("expected::{}", args), move || {
                let out = Command::new(env!("CARGO_BIN_EXE_vera"))
                    .arg("interp")
                    .args(args.split_whitespace())
                    .current_dir(&dir)
                    .output()
                    .unwrap();
                let stdout = String::from_utf8_lossy(&out.stdout);
                let got = (
                    out.status.code().unwrap_or(-1),
                    stdout.trim_end_matches('\n'),
                );
                if got == (code, want.trim_end_matches('\n')) {
                    Ok(())
                } else {
                    Err(format!(
                        "want exit {} and {:?}, got exit {} and {:?}; stderr: {}",
                        code,
                        want,
                        got.0,
                        got.1,
                        String::from_utf8_lossy(&out.stderr)
                    )
                    .into())
                }
            })
        })
        .collect()
}
