//! `vera test`: functions sorted by the verifier, inputs that satisfy
//! `requires`, failures shrunk to the minimal input worked out by hand in
//! each comment, every parameter type generated, seeds, JSON and exit codes.

use serde_json::Value;
use std::process::{Command, Output};

const VERA: &str = env!("CARGO_BIN_EXE_vera");

use crate::support::{prog, Prog};

fn vera_test(p: &Prog, flags: &[&str]) -> Output {
    Command::new(VERA)
        .arg("test")
        .arg(&p.path)
        .args(flags)
        .output()
        .unwrap()
}

/// The text report's lines, and the exit code.
fn report(src: &str, flags: &[&str]) -> (Vec<String>, Option<i32>) {
    let p = prog(src);
    let out = vera_test(&p, flags);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines = stdout.lines().map(String::from).collect();
    (lines, out.status.code())
}

/// The line of function `name` and the lines under it (its failing inputs).
fn function_lines(lines: &[String], name: &str) -> Vec<String> {
    let start = lines
        .iter()
        .position(|l| l.starts_with(&format!("  {} ", name)))
        .unwrap_or_else(|| panic!("no line for {} in {:#?}", name, lines));
    let mut out = vec![lines[start].clone()];
    out.extend(
        lines[start + 1..]
            .iter()
            .take_while(|l| l.starts_with("    "))
            .cloned(),
    );
    out
}

fn dots(name: &str) -> String {
    format!("  {} {} ", name, ".".repeat(40 - name.len()))
}

const FN_HEADER: &str = "requires(true)\n  ensures(@Int.result > 0)\n  effects(pure)";

/// `twice` fails exactly when 2x >= 100, i.e. x >= 50, for x in the
/// requires' range [0, 1000000): shrinking halves toward 0 and then steps
/// by one, so it stops at the least failing input, 50.
const TWICE: &str = "public fn twice(@Int -> @Int)
  requires(@Int.0 >= 0 && @Int.0 < 1000000)
  ensures(@Int.result < 100)
  effects(pure)
{
  @Int.0 * 2
}
";

#[test]
fn wrong_ensures_is_failed_with_the_minimal_counterexample() {
    let (lines, code) = report(TWICE, &[]);
    let f = function_lines(&lines, "twice");
    assert!(
        f[0].starts_with(&format!("{}FAILED  (", dots("twice"))),
        "{:#?}",
        f
    );
    assert_eq!(
        f[1],
        "    @Int.0 = 50 -> Postcondition violation in twice(@Int -> @Int): ensures(@Int.result < 100) failed"
    );
    // Every failing input shrinks to the same one: shown once.
    assert_eq!(f.len(), 2, "{:#?}", f);
    assert_eq!(code, Some(1));
    // The counterexample really fails.
    let p = prog(TWICE);
    let run = Command::new(VERA)
        .args(["run", "--fn", "twice"])
        .arg(&p.path)
        .args(["--", "50"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("ensures(@Int.result < 100) failed"));
}

#[test]
fn two_parameters_shrink_one_after_the_other_and_are_named_by_slot() {
    // sub(a, b) = a - b with a, b >= 0 fails when b > a. The first
    // parameter (`@Int.1`: the later one is `@Int.0`) shrinks to 0 first,
    // then the second toward 0 until 0 - 0 would pass: b = 1.
    let src = "public fn sub(@Int, @Int -> @Int)
  requires(@Int.1 >= 0 && @Int.0 >= 0)
  ensures(@Int.result >= 0)
  effects(pure)
{
  @Int.1 - @Int.0
}
";
    let (lines, _) = report(src, &[]);
    let f = function_lines(&lines, "sub");
    assert_eq!(
        f[1],
        "    @Int.1 = 0, @Int.0 = 1 -> Postcondition violation in sub(@Int, @Int -> @Int): ensures(@Int.result >= 0) failed"
    );
}

#[test]
fn arguments_tied_by_the_requires_shrink_together() {
    // gap(a, b) = a - b with 0 < b < a fails exactly when a = b + 1; neither
    // argument can move alone (b - 1 or a - 1 breaks a > b or passes), so
    // both step down together to the least such pair, b = 1, a = 2. A
    // thousand trials need the neighbour search (blocking clauses stop at 64).
    let src = "public fn gap(@Int, @Int -> @Int)
  requires(@Int.0 > 0 && @Int.0 < 100000 && @Int.1 > @Int.0)
  ensures(@Int.result > 1)
  effects(pure)
{
  @Int.1 - @Int.0
}
";
    let (lines, _) = report(src, &["--trials", "1000"]);
    let f = function_lines(&lines, "gap");
    assert!(f[0].contains("/1000 passed, "), "{:#?}", f);
    assert_eq!(
        f[1..],
        ["    @Int.1 = 2, @Int.0 = 1 -> Postcondition violation in gap(@Int, @Int -> @Int): ensures(@Int.result > 1) failed"]
    );
}

#[test]
fn requires_filters_inputs() {
    // Only 11..19 satisfy the requires: Z3 finds all nine and no more, and
    // 15 is the one failure (it cannot shrink: 0, 8, 12 and 14 are
    // rejected or pass).
    let src = "public fn not_fifteen(@Int -> @Int)
  requires(@Int.0 > 10 && @Int.0 < 20)
  ensures(@Int.result != 15)
  effects(pure)
{
  @Int.0
}
";
    let (lines, code) = report(src, &[]);
    assert_eq!(
        function_lines(&lines, "not_fifteen"),
        [
            format!("{}FAILED  (8/9 passed, 1 failed)", dots("not_fifteen")),
            "    @Int.0 = 15 -> Postcondition violation in not_fifteen(@Int -> @Int): ensures(@Int.result != 15) failed".into()
        ]
    );
    assert_eq!(code, Some(1));
}

#[test]
fn refinements_restrict_the_inputs() {
    // Nothing checks a refinement at run time: Z3 keeps x > 0, so x - 1 > 0
    // fails only at x = 1 (0 would fail too, but is not a PosInt).
    let src = "type PosInt = { @Int | @Int.0 > 0 };

public fn pred(@PosInt -> @Int)
  requires(true)
  ensures(@Int.result > 0)
  effects(pure)
{
  @PosInt.0 - 1
}
";
    let (lines, _) = report(src, &[]);
    assert_eq!(
        function_lines(&lines, "pred"),
        [
            format!("{}FAILED  (99/100 passed, 1 failed)", dots("pred")),
            "    @PosInt.0 = 1 -> Postcondition violation in pred(@PosInt -> @Int): ensures(@Int.result > 0) failed".into()
        ]
    );
}

#[test]
fn requires_filters_generated_strings_at_run_time() {
    // char_code(s, 1) is out of bounds for "" and "a": if an input the
    // requires rejects were run as a trial, it would fail.
    let src = "public fn second_code(@String -> @Nat)
  requires(string_length(@String.0) >= 2)
  ensures(@Nat.result < 1000)
  effects(pure)
{
  char_code(@String.0, 1)
}
";
    let (lines, code) = report(src, &[]);
    assert_eq!(
        function_lines(&lines, "second_code"),
        [format!("{}TESTED  (100/100 passed)", dots("second_code"))]
    );
    assert_eq!(code, Some(0));
}

#[test]
fn proved_function_is_verified_and_not_run() {
    let src = "public fn inc(@Int -> @Int)
  requires(@Int.0 < 1000)
  ensures(@Int.result > @Int.0)
  effects(pure)
{
  @Int.0 + 1
}
";
    let (lines, code) = report(src, &[]);
    assert_eq!(
        function_lines(&lines, "inc"),
        [format!("{}VERIFIED (Tier 1)", dots("inc"))]
    );
    assert!(
        lines.contains(&"Results: 1 verified".to_string()),
        "{:#?}",
        lines
    );
    // No trials ran, so there is no Trials line.
    assert!(!lines.iter().any(|l| l.starts_with("Trials:")));
    assert_eq!(code, Some(0));
}

const LIST: &str = "private data List<T> {
  Nil,
  Cons(T, List<T>)
}

public fn count(@List<Int> -> @Int)
  requires(true)
  ensures(@Int.result >= 0)
  effects(pure)
{
  match @List<Int>.0 {
    Nil -> 0,
    Cons(@Int, @List<Int>) -> 1 + count(@List<Int>.0)
  }
}

public fn total(@List<Int> -> @Int)
  requires(true)
  ensures(@Int.result >= 0)
  effects(pure)
{
  match @List<Int>.0 {
    Nil -> 0,
    Cons(@Int, @List<Int>) -> @Int.0 + total(@List<Int>.0)
  }
}
";

#[test]
fn adt_parameters_are_generated_and_shrunk() {
    // count is not proved (1 + count may wrap) but never fails; total fails
    // when the sum is negative: Nil passes, so the least failing list is one
    // cell, whose head shrinks toward 0 until it is -1.
    let (lines, code) = report(LIST, &[]);
    assert_eq!(
        function_lines(&lines, "count"),
        [format!("{}TESTED  (100/100 passed)", dots("count"))]
    );
    let total = function_lines(&lines, "total");
    assert_eq!(
        total[1],
        "    @List<Int>.0 = Cons(-1, Nil) -> Postcondition violation in total(@List<Int> -> @Int): ensures(@Int.result >= 0) failed"
    );
    assert_eq!(code, Some(1));
}

#[test]
fn heap_arguments_survive_collections() {
    // The same report when the collector runs at every allocation and checks
    // the heap: arguments are rooted while they are built and during the call.
    let p = prog(LIST);
    let plain = vera_test(&p, &[]);
    let stressed = Command::new(VERA)
        .arg("test")
        .arg(&p.path)
        .env("VERA_GC_STRESS", "1")
        .env("VERA_GC_VERIFY", "1")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&plain.stdout),
        String::from_utf8_lossy(&stressed.stdout)
    );
}

#[test]
fn strings_arrays_and_floats_are_generated() {
    let src = "public fn first_code(@String -> @Nat)
  requires(string_length(@String.0) > 1)
  ensures(@Nat.result < 100)
  effects(pure)
{
  char_code(@String.0, 0)
}

public fn head_or_zero(@Array<Int> -> @Int)
  requires(length(@Array<Int>.0) < 3)
  ensures(@Int.result < 50)
  effects(pure)
{
  if length(@Array<Int>.0) == 0 then {
    0
  } else {
    @Array<Int>.0[0]
  }
}

public fn halve(@Float64 -> @Float64)
  requires(true)
  ensures(@Float64.result <= @Float64.0)
  effects(pure)
{
  @Float64.0 / 2.0
}
";
    let (lines, _) = report(src, &[]);
    // x/2 <= x fails for every negative x (and NaN); a negative fraction
    // shrinks to -1.0, and -1.0 to nothing simpler (0 passes).
    let halve = function_lines(&lines, "halve");
    assert!(halve[0].contains("FAILED"), "{:#?}", halve);
    assert!(halve[1].starts_with("    @Float64.0 = -1.0 -> Postcondition violation in halve"));
    // [x] fails from x = 50; shrinking the array keeps one element, which
    // shrinks to 50.
    assert!(function_lines(&lines, "head_or_zero")[1].starts_with("    @Array<Int>.0 = [50] -> "));
    // Strings of two bytes or more: a first character of code >= 100
    // fails; "ha" cannot shrink ("a" is rejected, "aa" passes).
    let first = function_lines(&lines, "first_code");
    assert!(first[0].contains("FAILED"), "{:#?}", first);
    for failure in &first[1..] {
        let arg = failure.split(" -> ").next().unwrap();
        let text: String =
            serde_json::from_str(arg.trim_start_matches("    @String.0 = ")).unwrap();
        assert!(text.len() >= 2, "{} violates the requires", failure);
    }
}

#[test]
fn traps_and_callee_preconditions_are_failures() {
    // 100 / x traps only at x = 0; need_pos(x) is called with x <= 0 for
    // every failing input, and 0 is the least of them.
    let src = "public fn div(@Int -> @Int)
  requires(true)
  ensures(@Int.result <= 100)
  effects(pure)
{
  100 / @Int.0
}

private fn need_pos(@Int -> @Int)
  requires(@Int.0 > 0)
  ensures(@Int.result > 0)
  effects(pure)
{
  @Int.0
}

public fn caller(@Int -> @Int)
  requires(true)
  ensures(@Int.result > 0)
  effects(pure)
{
  need_pos(@Int.0)
}
";
    let (lines, _) = report(src, &[]);
    assert_eq!(
        function_lines(&lines, "div"),
        [
            format!("{}FAILED  (99/100 passed, 1 failed)", dots("div")),
            "    @Int.0 = 0 -> Runtime error in div: division by zero".into()
        ]
    );
    assert_eq!(
        function_lines(&lines, "caller")[1],
        "    @Int.0 = 0 -> Precondition violation in need_pos(@Int -> @Int): requires(@Int.0 > 0) failed"
    );
}

#[test]
fn unit_functions_run_once_and_exceptions_declared_are_outcomes() {
    // answer takes no arguments: one trial. thrower throws for x > 5 (its
    // declared Exn<Int>), returns x otherwise: x > 1 fails only at x = 1.
    let src = "public fn answer(@Unit -> @Int)
  requires(true)
  ensures(@Int.result == 42)
  effects(pure)
{
  41
}

public fn thrower(@Int -> @Int)
  requires(@Int.0 > 0)
  ensures(@Int.result > 1)
  effects(<Exn<Int>>)
{
  if @Int.0 > 5 then {
    throw(@Int.0)
  } else {
    @Int.0
  }
}
";
    let (lines, _) = report(src, &[]);
    assert_eq!(
        function_lines(&lines, "answer"),
        [
            format!("{}FAILED  (0/1 passed, 1 failed)", dots("answer")),
            "    no arguments -> Postcondition violation in answer(@Unit -> @Int): ensures(@Int.result == 42) failed".into()
        ]
    );
    let thrower = function_lines(&lines, "thrower");
    assert_eq!(thrower.len(), 2, "{:#?}", thrower);
    assert!(thrower[1].starts_with("    @Int.0 = 1 -> Postcondition violation in thrower"));
}

#[test]
fn what_cannot_be_run_is_skipped_with_a_reason() {
    let src = format!(
        "type IntToInt = fn(Int -> Int) effects(pure);

effect Counter {{
  op tick(Unit -> Unit);
}}

public forall<T> fn ident(@T -> @T)
  requires(true)
  ensures(true)
  decreases(0)
  effects(pure)
{{
  @T.0
}}

public fn apply(@IntToInt, @Int -> @Int)
  {FN_HEADER}
{{
  @Int.0
}}

public fn ticks(@Int -> @Int)
  requires(true)
  ensures(@Int.result > 0)
  effects(<Counter>)
{{
  Counter.tick(());
  @Int.0
}}

public fn plain(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{{
  @Int.0
}}
"
    );
    let (lines, code) = report(&src, &[]);
    let skipped = |name: &str, reason: &str| {
        assert_eq!(
            function_lines(&lines, name),
            [format!("{}SKIPPED ({})", dots(name), reason)]
        )
    };
    skipped("ident", "generic function");
    skipped("apply", "a parameter has a function type");
    skipped(
        "ticks",
        "performs Counter, a user-defined effect that needs a handler",
    );
    skipped("plain", "trivial contracts only");
    assert_eq!(lines.last().unwrap(), "Results: 4 skipped");
    assert_eq!(code, Some(0));
}

#[test]
fn the_whole_report_in_upstream_layout() {
    let p = prog(TWICE);
    let out = vera_test(&p, &["--trials", "10"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    // Boundary values come first: 0, 1, 2, 10 and 100 satisfy the requires,
    // then the seeded candidates and Z3's models; 100 fails.
    let expected_end = "\nResults: 1 tested (0 passed, 1 failed)\nTrials:  10 run, ";
    assert!(stdout.starts_with(&format!("\nTesting: {}\n\n  twice ", p.path.display())));
    assert!(stdout.contains(expected_end), "{}", stdout);
}

#[test]
fn the_same_seed_gives_the_same_report() {
    let p = prog(LIST);
    let a = vera_test(&p, &["--seed", "7"]);
    let b = vera_test(&p, &["--seed", "7"]);
    assert_eq!(a.stdout, b.stdout);
    assert!(!a.stdout.is_empty());
    // --fn tests one function, with the same inputs as the whole run.
    let one = vera_test(&p, &["--seed", "7", "--fn", "total"]);
    let one = String::from_utf8_lossy(&one.stdout);
    let all = String::from_utf8_lossy(&a.stdout);
    let line = one.lines().find(|l| l.starts_with("  total ")).unwrap();
    assert!(all.contains(line), "{}\n{}", one, all);
    assert!(!one.contains("  count "));
}

#[test]
fn json_report() {
    let p = prog(TWICE);
    let out = vera_test(&p, &["--json", "--seed", "3"]);
    assert_eq!(out.status.code(), Some(1));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["ok"], false);
    assert_eq!(doc["seed"], 3);
    let f = &doc["functions"][0];
    assert_eq!(f["name"], "twice");
    assert_eq!(f["category"], "tested");
    let (run, passed, failed) = (
        f["trials_run"].as_u64().unwrap(),
        f["trials_passed"].as_u64().unwrap(),
        f["trials_failed"].as_u64().unwrap(),
    );
    assert_eq!(run, 100);
    assert_eq!(passed + failed, run);
    assert!(failed > 0);
    assert_eq!(f["failures"][0]["args"]["@Int.0"], 50);
    assert_eq!(
        f["failures"][0]["message"],
        "Postcondition violation in twice(@Int -> @Int): ensures(@Int.result < 100) failed"
    );
    let s = &doc["summary"];
    assert_eq!(s["tested"], 1);
    assert_eq!(s["failed"], 1);
    assert_eq!(s["verified"], 0);
    assert_eq!(s["total_trials"], run);
    assert_eq!(s["total_failures"], failed);
}

#[test]
fn exit_codes() {
    let passing = "public fn same(@Int -> @Int)
  requires(true)
  ensures(@Int.result == @Int.0 || @Int.result != @Int.0)
  effects(pure)
{
  @Int.0
}
";
    assert_eq!(report(passing, &[]).1, Some(0));
    assert_eq!(report(TWICE, &[]).1, Some(1));
    // At least one trial: clap rejects 0 (a usage error).
    assert_eq!(report(TWICE, &["--trials", "0"]).1, Some(2));
    // A program that does not check: its diagnostics, exit 1.
    let p = prog("public fn f(@Int -> @Int)\n  requires(true)\n  ensures(true)\n  effects(pure)\n{\n  @Bool.0\n}\n");
    let out = vera_test(&p, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("E"));
}

#[test]
fn reference_examples_never_crash() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference/examples");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        if path.extension().is_none_or(|x| x != "vera") {
            continue;
        }
        let out = Command::new(VERA).arg("test").arg(&path).output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            matches!(out.status.code(), Some(0 | 1)) && stdout.contains("\nResults: "),
            "{}: {}{}",
            path.display(),
            stdout,
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
