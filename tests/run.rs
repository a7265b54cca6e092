//! Every program in `examples/` and `tests/programs/` is run through the real
//! pipeline and wasmtime (the `vera` binary), once normally and once with a
//! collection at every allocation. Each program states what it must do:
//!
//! ```text
//! -- expect: <stdout>      the exact output (program output, then the result on a
//!                          line of its own); `\n` stands for a newline
//! -- fn: <name>            the function to run (default: main or the first public one)
//! -- args: <a> <b>         its arguments
//! -- exit: <code>          the exit code (default 0)
//! -- stderr: <text>        text that stderr must contain
//! ```

use std::path::{Path, PathBuf};
use std::process::Command;

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

pub fn programs(dir: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("cannot read {}: {}", root.display(), e))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "vera"))
        .collect();
    files.sort();
    files
}

fn run_program(path: &Path, stress: bool) -> Result<(), String> {
    let source = std::fs::read_to_string(path).unwrap();
    let want = expectation(&source);
    if want.stdout.is_none() && want.stderr.is_none() {
        return Err(format!(
            "{} has no `-- expect:` or `-- stderr:` line",
            path.display()
        ));
    }
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vera"));
    cmd.arg("run").arg(path);
    if let Some(f) = &want.function {
        cmd.arg("--fn").arg(f);
    }
    if stress {
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
        Err(format!(
            "{}{}: {}\n  stderr: {}",
            path.display(),
            if stress { " (gc stress)" } else { "" },
            problems.join("; "),
            stderr.trim()
        ))
    }
}

fn run_all(dir: &str, stress: bool) {
    let failures: Vec<String> = programs(dir)
        .iter()
        .filter_map(|p| run_program(p, stress).err())
        .collect();
    assert!(
        failures.is_empty(),
        "{} program(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn examples_run() {
    run_all("examples", false);
}

#[test]
fn examples_run_under_gc_stress() {
    run_all("examples", true);
}

#[test]
fn test_programs_run() {
    run_all("tests/programs", false);
}

#[test]
fn test_programs_run_under_gc_stress() {
    run_all("tests/programs", true);
}

/// Every upstream example checks OK (they are read from `../shared`, which CI
/// provides beside the clone; without it this test says so and checks nothing).
#[test]
fn reference_examples_check_ok() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference/examples");
    if !dir.is_dir() {
        eprintln!(
            "SKIPPED reference_examples_check_ok: {} is absent",
            dir.display()
        );
        return;
    }
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x == "vera") {
            let c = vera::check_file(&path);
            let errors: Vec<String> = c
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .map(|d| d.render(&c.sources))
                .collect();
            assert!(
                c.program.is_some(),
                "{} does not check:\n{}",
                path.display(),
                errors.join("\n")
            );
            checked += 1;
        }
    }
    assert!(checked >= 16, "only {} reference examples found", checked);
}
