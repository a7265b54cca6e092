//! The command line itself: behaviour that is not a diagnostic or a program's
//! output.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

/// `vera emit-wat x | head -1`: the reader goes away after one line, and the
/// compiler must neither panic nor report a failure of its own.
#[test]
fn a_pipe_closed_early_is_not_a_crash() {
    // A program whose syntax tree and WAT are far larger than a pipe's buffer.
    let dir = tempfile::tempdir().unwrap();
    let program = dir.path().join("big.vera");
    let lets = "  let @Int = @Int.0 + 1;\n".repeat(5_000);
    std::fs::write(
        &program,
        format!("public fn main(@Int -> @Int)\n  requires(true)\n  ensures(true)\n  effects(pure)\n{{\n{}  @Int.0\n}}\n", lets),
    )
    .unwrap();
    for command in ["emit-wat", "ast", "check"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_vera"))
            .arg(command)
            .arg(&program)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        // The pipe's reading end is dropped here, before the compiler is done.
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!first.is_empty(), "{}: no first line", command);
        assert!(!stderr.contains("panicked"), "{}: {}", command, stderr);
        assert_eq!(out.status.code(), Some(0), "{}: {}", command, stderr);
    }
}
