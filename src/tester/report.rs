//! The report of `vera test`, as text (upstream's layout) and as JSON.

use super::{Category, FunctionResult};

/// Totals over the functions.
#[derive(Default, Debug, PartialEq)]
pub struct Summary {
    pub verified: usize,
    pub tested: usize,
    pub passed: usize,
    pub failed: usize,
    pub skipped: usize,
    pub total_trials: usize,
    pub total_passes: usize,
    pub total_failures: usize,
}

pub fn summary(functions: &[FunctionResult]) -> Summary {
    let mut s = Summary::default();
    for f in functions {
        match f.category {
            Category::Verified => s.verified += 1,
            Category::Skipped => s.skipped += 1,
            Category::Tested => {
                s.tested += 1;
                if f.failed > 0 {
                    s.failed += 1;
                } else {
                    s.passed += 1;
                }
                s.total_trials += f.run();
                s.total_passes += f.passed;
                s.total_failures += f.failed;
            }
        }
    }
    s
}

/// `  name ............ TESTED  (100/100 passed)` and its failing inputs.
fn function_lines(f: &FunctionResult) -> Vec<String> {
    let dots = ".".repeat(40usize.saturating_sub(f.name.len()).max(1));
    let mut limits = String::new();
    if f.timed_out > 0 {
        limits.push_str(&format!(", {} timed out", f.timed_out));
    }
    if f.out_of_stack > 0 {
        limits.push_str(&format!(", {} out of stack", f.out_of_stack));
    }
    let status = match f.category {
        Category::Verified => "VERIFIED (Tier 1)".to_string(),
        Category::Skipped => format!("SKIPPED ({})", f.reason),
        Category::Tested if f.failed > 0 => format!(
            "FAILED  ({}/{} passed, {} failed{})",
            f.passed,
            f.run(),
            f.failed,
            limits
        ),
        Category::Tested => format!("TESTED  ({}/{} passed{})", f.run(), f.run(), limits),
    };
    let mut lines = vec![format!("  {} {} {}", f.name, dots, status)];
    for failure in &f.failures {
        let args: Vec<String> = failure
            .args
            .iter()
            .map(|(name, v)| format!("{} = {}", name, v.show()))
            .collect();
        let args = if args.is_empty() {
            "no arguments".to_string()
        } else {
            args.join(", ")
        };
        lines.push(format!("    {} -> {}", args, failure.message));
    }
    lines
}

/// The whole text report of a file.
pub fn text(file: &str, functions: &[FunctionResult]) -> String {
    let mut out = format!("\nTesting: {}\n\n", file);
    for f in functions {
        for line in function_lines(f) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    let s = summary(functions);
    let mut parts = Vec::new();
    if s.tested > 0 {
        let failed = match s.failed {
            0 => String::new(),
            n => format!(", {} failed", n),
        };
        parts.push(format!(
            "{} tested ({} passed{})",
            s.tested, s.passed, failed
        ));
    }
    if s.verified > 0 {
        parts.push(format!("{} verified", s.verified));
    }
    if s.skipped > 0 {
        parts.push(format!("{} skipped", s.skipped));
    }
    let parts = if parts.is_empty() {
        "no testable functions".to_string()
    } else {
        parts.join(", ")
    };
    out.push_str(&format!("\nResults: {}\n", parts));
    if s.total_trials > 0 {
        out.push_str(&format!(
            "Trials:  {} run, {} passed, {} failed\n",
            s.total_trials, s.total_passes, s.total_failures
        ));
    }
    out
}

fn category_name(c: Category) -> &'static str {
    match c {
        Category::Verified => "verified",
        Category::Tested => "tested",
        Category::Skipped => "skipped",
    }
}

/// The JSON report: `ok`, `file`, `seed`, `functions`, `summary`.
pub fn json(file: &str, seed: u64, functions: &[FunctionResult]) -> serde_json::Value {
    let s = summary(functions);
    let fns: Vec<serde_json::Value> = functions
        .iter()
        .map(|f| {
            let failures: Vec<serde_json::Value> = f
                .failures
                .iter()
                .map(|t| {
                    let args: serde_json::Map<String, serde_json::Value> =
                        t.args.iter().map(|(n, v)| (n.clone(), v.json())).collect();
                    serde_json::json!({ "args": args, "message": t.message })
                })
                .collect();
            serde_json::json!({
                "name": f.name,
                "category": category_name(f.category),
                "reason": f.reason,
                "trials_run": f.run(),
                "trials_passed": f.passed,
                "trials_failed": f.failed,
                "trials_timed_out": f.timed_out,
                "trials_out_of_stack": f.out_of_stack,
                "failures": failures,
            })
        })
        .collect();
    serde_json::json!({
        "ok": s.failed == 0,
        "file": file,
        "seed": seed,
        "functions": fns,
        "summary": {
            "verified": s.verified,
            "tested": s.tested,
            "passed": s.passed,
            "failed": s.failed,
            "skipped": s.skipped,
            "total_trials": s.total_trials,
            "total_passes": s.total_passes,
            "total_failures": s.total_failures,
        },
    })
}
