//! Linking WAT lines to source lines, from the comments code generation writes:
//!
//! ```text
//!   ;; fn mirror(@Tree -> @Tree)   -- gc_pressure.vera:26-35      a function
//!   ;; anonymous function in f   -- closures.vera:12               a lambda
//!   ;; clause tick of handle[Counter] in f   -- state.vera:20-22   a handler clause
//!         ;; Node(@Tree, @Int, @Tree)   -- lines 31-33             a match arm
//!     ;; requires(@Int.1 != 0)   -- line 5                         a contract
//! ```
//!
//! A function's comment (two columns in, above its `(func`) names the file; the
//! comments inside it name lines of the same file. A function's text runs to
//! the last line indented deeper than its `(func` line. An arm's comment opens
//! its block: the arm's text is every following line indented at least as deep.
//! A contract's comment stands before one form, its check.

use serde_json::{json, Value};

/// The regions of `wat`, outermost first within each function: `{"kind",
/// "label", "file", "src": [first, last], "wat": [first, last]}`, lines 1-based
/// and inclusive. `paths` are the program's files (a comment names only a
/// file's last component); `root` wins when two share a name.
pub fn regions(wat: &str, root: &str, paths: &[String]) -> Vec<Value> {
    let lines: Vec<&str> = wat.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let is_fn_comment = lines[i].starts_with("  ;; ")
            && lines.get(i + 1).is_some_and(|l| l.starts_with("  (func "));
        let Some((label, place)) = is_fn_comment.then(|| marker(lines[i])).flatten() else {
            i += 1;
            continue;
        };
        let Some((file_name, src)) = place
            .rsplit_once(':')
            .and_then(|(f, r)| Some((f, range(r)?)))
        else {
            i += 1;
            continue;
        };
        let file = resolve(file_name, root, paths);
        let end = (i + 2..lines.len())
            .take_while(|&j| indent(lines[j]) >= 4)
            .last()
            .unwrap_or(i + 1);
        let kind = if label.starts_with("fn ") {
            "fn"
        } else if label.starts_with("clause ") {
            "clause"
        } else {
            "lambda"
        };
        out.push(region(kind, label, &file, src, (i, end)));
        for j in i + 2..=end {
            let Some((label, place)) = marker(lines[j]) else {
                continue;
            };
            let Some(src) = place
                .strip_prefix("lines ")
                .or_else(|| place.strip_prefix("line "))
                .and_then(range)
            else {
                continue;
            };
            let depth = indent(lines[j]);
            let contract = label.starts_with("requires(") || label.starts_with("ensures(");
            let last = if contract {
                // The comment and the one form after it.
                (j + 2..=end)
                    .take_while(|&k| indent(lines[k]) > depth)
                    .last()
                    .unwrap_or((j + 1).min(end))
            } else {
                (j + 1..=end)
                    .take_while(|&k| indent(lines[k]) >= depth)
                    .last()
                    .unwrap_or(j)
            };
            let kind = if contract { "contract" } else { "arm" };
            out.push(region(kind, label, &file, src, (j, last)));
        }
        i = end + 1;
    }
    out
}

fn region(kind: &str, label: &str, file: &str, src: (usize, usize), wat: (usize, usize)) -> Value {
    json!({
        "kind": kind,
        "label": label,
        "file": file,
        "src": [src.0, src.1],
        "wat": [wat.0 + 1, wat.1 + 1],
    })
}

/// `;; TEXT   -- PLACE` → (TEXT, PLACE).
fn marker(line: &str) -> Option<(&str, &str)> {
    line.trim_start().strip_prefix(";; ")?.rsplit_once("   -- ")
}

/// `12` or `12-15`.
fn range(text: &str) -> Option<(usize, usize)> {
    match text.split_once('-') {
        Some((a, b)) => Some((a.parse().ok()?, b.parse().ok()?)),
        None => {
            let a = text.parse().ok()?;
            Some((a, a))
        }
    }
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The program file a comment's file name stands for.
fn resolve(name: &str, root: &str, paths: &[String]) -> String {
    let last = |p: &str| p.rsplit('/').next().unwrap_or(p).to_string();
    if last(root) == name {
        return root.to_string();
    }
    paths
        .iter()
        .find(|p| last(p) == name)
        .cloned()
        .unwrap_or_else(|| name.to_string())
}
