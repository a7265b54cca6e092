//! Golden tests: the WAT of every program in `examples/` and `tests/programs/`
//! is compared with `golden/<name>.wat`, which shows the Vera source above the
//! text it compiles to. A mismatch prints a unified diff; `VERA_BLESS=1 cargo
//! test` rewrites the files (read the diff before committing it).

use similar::TextDiff;
use std::path::{Path, PathBuf};

fn sources() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["examples", "tests/programs"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let p = entry.unwrap().path();
            if p.extension().is_some_and(|x| x == "vera") {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

/// The golden text: the source as `;;` comments, then the WAT.
fn render(path: &Path) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let rel = path.strip_prefix(root).unwrap().display().to_string();
    let source = std::fs::read_to_string(path).unwrap();
    let c = vera::compile_file(path, &Default::default());
    let wat = match c.compiled {
        Some(compiled) => compiled.output.wat,
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
    out.push_str(&elide_prelude(&wat));
    out
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

#[test]
fn golden_wat() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bless = std::env::var("VERA_BLESS").is_ok_and(|v| v == "1");
    let mut failures = Vec::new();
    let mut names = std::collections::HashSet::new();
    for path in sources() {
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        assert!(
            names.insert(name.clone()),
            "two programs are named {}: golden names must be unique",
            name
        );
        let golden = root.join("golden").join(format!("{}.wat", name));
        let actual = render(&path);
        if bless {
            std::fs::create_dir_all(golden.parent().unwrap()).unwrap();
            std::fs::write(&golden, &actual).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&golden).unwrap_or_default();
        if expected != actual {
            let diff = TextDiff::from_lines(&expected, &actual);
            failures.push(format!(
                "golden/{}.wat differs from the compiler's output:\n{}",
                name,
                diff.unified_diff()
                    .context_radius(3)
                    .header("golden (expected)", "compiler (actual)")
            ));
        }
    }
    assert!(failures.is_empty(), "{}\n\nIf the change is intended, run `VERA_BLESS=1 cargo test --test golden` and read the diff before committing.", failures.join("\n"));
}

/// Every golden module is valid WebAssembly: the text parses with `wast` and
/// assembles (a golden file may not silently hold broken WAT).
#[test]
fn golden_wat_is_valid() {
    for path in sources() {
        if let Some(compiled) = vera::compile_file(&path, &Default::default()).compiled {
            let buf = wast::parser::ParseBuffer::new(&compiled.output.wat).unwrap();
            let mut module: wast::Wat =
                wast::parser::parse(&buf).unwrap_or_else(|e| panic!("{}: {}", path.display(), e));
            module
                .encode()
                .unwrap_or_else(|e| panic!("{}: {}", path.display(), e));
        }
    }
}
