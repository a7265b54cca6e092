//! Helpers the test modules share.

use std::path::PathBuf;
use std::process::{Command, Output};

/// A program written as `prog.vera` in a scratch folder, removed when dropped.
pub struct Prog {
    _dir: tempfile::TempDir,
    pub path: PathBuf,
}

pub fn prog(src: &str) -> Prog {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("prog.vera");
    std::fs::write(&path, src).unwrap();
    Prog { _dir: dir, path }
}

/// Write `src` as `NAME.vera` in a scratch folder and run `vera run` on it with
/// `flags`; the folder is removed afterwards.
pub fn run_source(name: &str, src: &str, flags: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(format!("{}.vera", name));
    std::fs::write(&file, src).unwrap();
    Command::new(env!("CARGO_BIN_EXE_vera"))
        .arg("run")
        .arg(&file)
        .args(flags)
        .output()
        .unwrap()
}

/// `run_source`, asserting success; returns stdout without its final newline.
pub fn run_ok(name: &str, src: &str) -> String {
    let out = run_source(name, src, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{}: {}", name, stderr);
    String::from_utf8_lossy(&out.stdout).trim_end().to_string()
}
