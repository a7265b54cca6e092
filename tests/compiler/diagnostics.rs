//! Data-driven diagnostics tests: small invalid Vera programs, each asserting the
//! exact code and line (and, where given, column) of the first error diagnostic.
//!
//! A case is `case!(name, "E130", LINE, r#"program"#)` or, to pin the column too,
//! `case!(name, "E130", LINE, at "needle", r#"program"#)`: the expected column is
//! where `needle` first occurs on that line. A leading newline of the program text
//! is dropped, so the line right after `r#"` is line 1.
//!
//! Every program is written to its own scratch folder (removed afterwards) and checked
//! with `vera::check_file`, on a thread with a big stack (deeply nested inputs
//! recurse deeply in a debug build). Process-level cases run the built `vera` binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

// ----- harness ---------------------------------------------------------------------

/// A fresh, empty scratch folder for one test, removed when it is dropped.
fn scratch(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(&format!("vera-diagnostics-{}-", name))
        .tempdir()
        .expect("create scratch dir")
}

fn strip(src: &str) -> &str {
    src.strip_prefix('\n').unwrap_or(src)
}

/// Write `files` (relative paths) into `dir`.
fn write_files(dir: &Path, files: &[(&str, &[u8])]) {
    for (rel, bytes) in files {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
    }
}

/// One diagnostic, flattened so that it can leave the checking thread.
#[derive(Debug, Clone)]
struct Found {
    code: String,
    error: bool,
    file: String,
    line: usize,
    column: usize,
    rendered: String,
}

/// Check `root` with the library on a big-stack thread.
fn check(root: PathBuf) -> (bool, Vec<Found>) {
    std::thread::Builder::new()
        .stack_size(256 * 1024 * 1024)
        .spawn(move || {
            let checked = vera::check_file(&root);
            if checked.program.is_some() {
                // A program the checker accepts compiles (never E699).
                let c = vera::compile_file(&root, &Default::default());
                let errors = c.rendered_errors();
                assert!(
                    c.compiled.is_some() && errors.is_empty(),
                    "{} checks but does not compile:\n{}",
                    root.display(),
                    errors.join("\n")
                );
            }
            let found = checked
                .diagnostics
                .iter()
                .map(|d| {
                    let (file, line, column) = d.location(&checked.sources);
                    Found {
                        code: d.code.to_string(),
                        error: d.is_error(),
                        file,
                        line,
                        column,
                        rendered: d.render(&checked.sources),
                    }
                })
                .collect();
            (checked.program.is_some(), found)
        })
        .expect("spawn checker thread")
        .join()
        .expect("the checker panicked")
}

/// Check a set of files (the first is the root) and return the first error.
fn first_error(name: &str, files: &[(&str, &[u8])]) -> (Found, Vec<Found>) {
    let dir = scratch(name);
    write_files(dir.path(), files);
    let (ok, found) = check(dir.path().join(files[0].0));
    let all = found.clone();
    let first = found.into_iter().find(|f| f.error);
    match first {
        Some(f) => {
            assert!(
                !ok,
                "{}: an error diagnostic was reported, yet a program was produced",
                name
            );
            (f, all)
        }
        None => panic!(
            "{}: expected an error, but the program checked OK; diagnostics: {:#?}",
            name, all
        ),
    }
}

fn show_all(all: &[Found]) -> String {
    all.iter()
        .map(|f| f.rendered.clone())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The 1-based column of `needle` on 1-based `line` of `text`.
fn column_of(text: &str, line: usize, needle: &str) -> usize {
    let l = text
        .lines()
        .nth(line - 1)
        .unwrap_or_else(|| panic!("the program has no line {}", line));
    let at = l
        .find(needle)
        .unwrap_or_else(|| panic!("`{}` is not on line {}: {:?}", needle, line, l));
    l[..at].chars().count() + 1
}

fn expect_files(
    name: &str,
    code: &str,
    file: &str,
    line: usize,
    needle: Option<&str>,
    files: &[(&str, &[u8])],
) {
    let files: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(p, b)| {
            (
                *p,
                std::str::from_utf8(b)
                    .map(|s| strip(s).as_bytes())
                    .unwrap_or(b),
            )
        })
        .collect();
    let (first, all) = first_error(name, &files);
    assert_eq!(
        first.code,
        code,
        "{}: wrong code for the first error; all diagnostics:\n{}",
        name,
        show_all(&all)
    );
    assert!(
        first.file.ends_with(file),
        "{}: first error is in {} (expected {}); all diagnostics:\n{}",
        name,
        first.file,
        file,
        show_all(&all)
    );
    assert_eq!(
        first.line,
        line,
        "{}: wrong line for {}; all diagnostics:\n{}",
        name,
        code,
        show_all(&all)
    );
    if let Some(needle) = needle {
        let text = files
            .iter()
            .find(|(p, _)| p.ends_with(file))
            .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
            .unwrap();
        let col = column_of(&text, line, needle);
        assert_eq!(
            first.column,
            col,
            "{}: wrong column for {}; all diagnostics:\n{}",
            name,
            code,
            show_all(&all)
        );
    }
}

fn expect(name: &str, code: &str, line: usize, needle: Option<&str>, src: &str) {
    expect_files(
        name,
        code,
        "main.vera",
        line,
        needle,
        &[("main.vera", src.as_bytes())],
    );
}

macro_rules! case {
    ($name:ident, $code:literal, $line:literal, at $needle:literal, $src:expr) => {
        #[test]
        fn $name() {
            expect(stringify!($name), $code, $line, Some($needle), $src);
        }
    };
    ($name:ident, $code:literal, $line:literal, $src:expr) => {
        #[test]
        fn $name() {
            expect(stringify!($name), $code, $line, None, $src);
        }
    };
}

/// `fn main` with the given body lines (starting on line 6) and effect row.
fn with_body(effects: &str, body: &str) -> String {
    format!("private fn main(@Int -> @Int)\n  requires(true)\n  ensures(true)\n  effects({})\n{{\n{}\n}}\n", effects, body)
}

// ----- lexical errors ----------------------------------------------------------------

case!(e006_unknown_character, "E006", 6, at "#", r#"
private fn twice(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  @Int.0 # 2
}
"#);

case!(e006_unicode_arrow_column_counts_chars, "E006", 2, at "→", r#"
-- “Unicode” before the error must not shift the column: “ is one character.
private fn f(@Int → @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  @Int.0
}
"#);

case!(e009_bad_escape, "E009", 6, at "\\q", r#"
private fn shout(@Unit -> @Unit)
  requires(true)
  ensures(true)
  effects(<IO>)
{
  IO.print("tab\q here")
}
"#);

case!(e011_unterminated_string, "E011", 6, at "\"hello", r#"
private fn greet(@Unit -> @Unit)
  requires(true)
  ensures(true)
  effects(<IO>)
{
  IO.print("hello);
  ()
}
"#);

case!(e012_unclosed_block_comment, "E012", 9, at "{- the", r#"
private fn id(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  @Int.0
}

{- the end {- nested -} but the outer
   comment is never closed
"#);

case!(e012_unclosed_annotation_comment, "E012", 1, at "/*", r#"
private fn id(@Int /* width -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  @Int.0
}
"#);

case!(e017_literal_beyond_u64, "E017", 6, at "99999", r#"
private fn big(@Unit -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  99999999999999999999
}
"#);

case!(e019_leading_zero, "E019", 6, at "007", r#"
private fn agent(@Unit -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  007
}
"#);

case!(e017_literal_beyond_i64, "E017", 6, at "9223372036854775808", r#"
private fn big(@Unit -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  9223372036854775808
}
"#);

#[test]
fn e013_binary_garbage() {
    let mut bytes = b"-- this part is fine\n-- so is this\nprivate fn ".to_vec();
    bytes.extend_from_slice(&[0xff, 0xfe, 0x00, 0x9c, 0xc3, 0x28, 0x80, 0xbf]);
    bytes.extend_from_slice(b"\n");
    let (first, all) = first_error("e013_binary_garbage", &[("main.vera", &bytes)]);
    assert_eq!(first.code, "E013", "{}", show_all(&all));
    assert_eq!((first.line, first.column), (3, 12), "{}", show_all(&all));
}

#[test]
fn e013_random_bytes() {
    // A deterministic pseudo-random blob, with a leading byte that is never UTF-8.
    let mut x: u32 = 0x2545_f491;
    let mut bytes = vec![0xc0u8];
    for _ in 0..4096 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        bytes.push((x >> 24) as u8);
    }
    let (first, all) = first_error("e013_random_bytes", &[("main.vera", &bytes)]);
    assert_eq!(first.code, "E013", "{}", show_all(&all));
    assert_eq!((first.line, first.column), (1, 1), "{}", show_all(&all));
}

// ----- syntax errors -----------------------------------------------------------------

case!(e001_no_contract_at_all, "E001", 3, at "effects", r#"
-- neither requires nor ensures
public fn double(@Int -> @Int)
  effects(pure)
{
  @Int.0 * 2
}
"#);

case!(e001_requires_without_ensures, "E001", 3, at "effects", r#"
public fn double(@Int -> @Int)
  requires(@Int.0 > 0)
  effects(pure)
{
  @Int.0 * 2
}
"#);

case!(e002_missing_effects, "E002", 4, at "{", r#"
public fn double(@Int -> @Int)
  requires(true)
  ensures(true)
{
  @Int.0 * 2
}
"#);

case!(e002_anonymous_function_without_effects, "E002", 8, at "{ @Int.0 + 1", r#"
type IntFn = fn(Int -> Int) effects(pure);

private fn apply_inc(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  let @IntFn = fn(@Int -> @Int) { @Int.0 + 1 };
  @IntFn.0(@Int.0)
}
"#);

case!(e003_slot_without_index, "E003", 6, at "@Int + 1", r#"
private fn inc(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  @Int + 1
}
"#);

case!(e003_let_with_index, "E003", 6, at ".0 =", r#"
private fn inc(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  let @Int.0 = 1;
  @Int.0
}
"#);

case!(e003_parameter_without_at, "E003", 1, at "Int ->", r#"
private fn inc(Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  @Int.0 + 1
}
"#);

case!(e003_pattern_with_index, "E003", 7, at ".0)", r#"
private fn get_or_zero(@Option<Int> -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  match @Option<Int>.0 {
    Some(@Int.0) -> @Int.0,
    None -> 0
  }
}
"#);

case!(e004_missing_closing_brace, "E004", 8, at "private", r#"
private fn inc(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  @Int.0 + 1

private fn dec(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  @Int.0 - 1
}
"#);

case!(
    e004_missing_brace_at_end_of_file,
    "E004",
    7,
    r#"
private fn inc(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  @Int.0 + 1
"#
);

case!(e005_dangling_operator, "E005", 7, at "}", r#"
private fn inc(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  @Int.0 +
}
"#);

case!(e005_if_without_else, "E005", 9, at "}", r#"
private fn pos(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  if @Int.0 > 0 then {
    1
  }
}
"#);

case!(e005_if_branch_not_a_block, "E005", 6, at "1 else", r#"
private fn pos(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  if @Int.0 > 0 then 1 else { 0 }
}
"#);

case!(e005_function_name_not_called, "E005", 14, at "inc", r#"
private fn inc(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  @Int.0 + 1
}

private fn twice(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  inc + inc
}
"#);

case!(e005_import_after_declaration, "E005", 9, at "import", r#"
private fn id(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  @Int.0
}

import vera.math;
"#);

case!(e005_visibility_on_type_alias, "E005", 1, at "type", r#"
public type Count = Nat;
"#);

case!(e005_pipe_into_literal, "E005", 6, at "5", r#"
private fn id(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  @Int.0 |> 5
}
"#);

case!(e008_dotted_module_call, "E008", 6, at "vera.math", r#"
private fn magnitude(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  vera.math.abs(@Int.0)
}
"#);

#[test]
fn e014_too_deep_parentheses() {
    // One level beyond the limit of 100,000.
    let n = 100_001;
    let body = format!("  {}@Int.0{}", "(".repeat(n), ")".repeat(n));
    expect(
        "e014_too_deep_parentheses",
        "E014",
        6,
        None,
        &with_body("pure", &body),
    );
}

#[test]
fn e014_too_deep_type() {
    let n = 100_001;
    let src = format!(
        "-- a very deep type\nprivate fn f(@{}Int{} -> @Int)\n  requires(true)\n  ensures(true)\n  effects(pure)\n{{\n  0\n}}\n",
        "Array<".repeat(n),
        ">".repeat(n)
    );
    expect("e014_too_deep_type", "E014", 2, None, &src);
}

case!(e015_chained_comparison, "E015", 2, at "< 10", r#"
private fn between(@Int, @Int -> @Int)
  requires(@Int.0 < @Int.1 < 10)
  ensures(true)
  effects(pure)
{
  @Int.0
}
"#);

case!(e015_chained_equality, "E015", 6, at "== true", r#"
private fn same(@Bool, @Bool -> @Bool)
  requires(true)
  ensures(true)
  effects(pure)
{
  @Bool.0 == @Bool.1 == true
}
"#);

case!(e016_function_without_visibility, "E016", 3, at "fn", r#"
-- a helper with no visibility

fn helper(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  @Int.0
}
"#);

case!(e016_data_without_visibility, "E016", 1, at "data", r#"
data Color {
  Red,
  Green
}
"#);

case!(e017_pattern_literal_too_large, "E017", 7, at "9223372036854775808", r#"
private fn f(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  match @Int.0 {
    9223372036854775808 -> 1,
    _ -> 0
  }
}
"#);

case!(e018_block_without_final_expression, "E018", 7, at "}", r#"
private fn inc(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  let @Int = @Int.0 + 1;
}
"#);

case!(e018_block_ending_in_semicolon, "E018", 7, at "}", r#"
private fn say(@Unit -> @Unit)
  requires(true)
  ensures(true)
  effects(<IO>)
{
  IO.print("hi");
}
"#);

// ----- types and declarations --------------------------------------------------------

case!(e100_unknown_type, "E100", 1, at "Strng", r#"
private fn size(@Strng -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  0
}
"#);

case!(e100_unknown_type_in_let, "E100", 6, at "Colour", r#"
private fn f(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  let @Colour = @Int.0;
  0
}
"#);

case!(e101_too_many_type_arguments, "E101", 1, at "Option", r#"
private fn f(@Option<Int, Bool> -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  0
}
"#);

case!(e101_primitive_with_arguments, "E101", 1, at "Int<", r#"
private fn f(@Int -> @Int<Bool>)
  requires(true)
  ensures(true)
  effects(pure)
{
  0
}
"#);

case!(e101_effect_arity, "E101", 4, at "State>", r#"
private fn f(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(<State>)
{
  0
}
"#);

case!(
    e102_recursive_alias,
    "E102",
    1,
    r#"
type Loop = Array<Loop>;

private fn f(@Loop -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  0
}
"#
);

case!(e110_duplicate_function, "E110", 9, at "twice(", r#"
private fn twice(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  @Int.0 * 2
}

public fn twice(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  @Int.0 + @Int.0
}
"#);

case!(e111_duplicate_constructor, "E111", 4, at "Red", r#"
private data Color {
  Red,
  Green,
  Red
}
"#);

case!(e111_constructor_in_two_types, "E111", 2, at "Leaf", r#"
private data Tree { Leaf, Node(Tree, Tree) }
private data Bush { Leaf, Twig(Int) }
"#);

case!(e120_refinement_not_bool, "E120", 1, at "@Int.0 + 1", r#"
type Pos = { @Int | @Int.0 + 1 };

private fn f(@Pos -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  @Pos.0
}
"#);

case!(e120_data_invariant_not_bool, "E120", 1, at "5", r#"
private data Meters invariant(5) {
  M(Int)
}
"#);

case!(e121_return_type_mismatch, "E121", 6, at "@Int.0 + 1", r#"
private fn is_positive(@Int -> @Bool)
  requires(true)
  ensures(true)
  effects(pure)
{
  @Int.0 + 1
}
"#);

case!(e121_string_for_int, "E121", 7, at "\"zero\"", r#"
private fn f(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  let @Int = @Int.0;
  "zero"
}
"#);

case!(e122_pure_function_prints, "E122", 6, at "IO.print", r#"
private fn chatty(@Int -> @Unit)
  requires(true)
  ensures(true)
  effects(pure)
{
  IO.print("hello")
}
"#);

case!(e122_pure_function_calls_effectful, "E122", 14, at "log(", r#"
private fn log(@String -> @Unit)
  requires(true)
  ensures(true)
  effects(<IO>)
{
  IO.print(@String.0)
}

private fn quiet(@Unit -> @Unit)
  requires(true)
  ensures(true)
  effects(pure)
{
  log("sneaky")
}
"#);

case!(e123_requires_not_bool, "E123", 2, at "@Int.0)", r#"
private fn f(@Int -> @Int)
  requires(@Int.0)
  ensures(true)
  effects(pure)
{
  @Int.0
}
"#);

case!(e124_ensures_not_bool, "E124", 3, at "@Int.result + 1", r#"
private fn f(@Int -> @Int)
  requires(true)
  ensures(@Int.result + 1)
  effects(pure)
{
  @Int.0
}
"#);

case!(e125_effect_not_declared, "E125", 6, at "put", r#"
private fn f(@Int -> @Unit)
  requires(true)
  ensures(true)
  effects(<IO>)
{
  put(@Int.0)
}
"#);

case!(e125_state_of_nat_is_not_state_of_int, "E125", 14, at "bump", r#"
private fn bump(@Unit -> @Unit)
  requires(true)
  ensures(true)
  effects(<State<Nat>>)
{
  put(get(()) + 1)
}

public fn main(@Unit -> @Int)
  requires(true)
  ensures(true)
  effects(<State<Int>>)
{
  bump(());
  get(())
}
"#);

case!(e126_unknown_effect, "E126", 4, at "Network", r#"
private fn fetch(@String -> @String)
  requires(true)
  ensures(true)
  effects(<Network>)
{
  @String.0
}
"#);

case!(e128_effect_in_contract_of_pure_function, "E128", 2, at "IO.print", r#"
private fn f(@Int -> @Int)
  requires(IO.print("checking") == ())
  ensures(true)
  effects(pure)
{
  @Int.0
}
"#);

case!(e128_effect_in_contract_of_stateful_function, "E128", 2, at "get", r#"
private fn f(@Int -> @Int)
  requires(get(()) > 0)
  ensures(true)
  effects(<State<Int>>)
{
  @Int.0
}
"#);

case!(e128_effect_in_assert, "E128", 6, at "IO.print", r#"
private fn f(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(<IO>)
{
  assert(IO.print("x") == ());
  @Int.0
}
"#);

// ----- slots, results, contracts ------------------------------------------------------

case!(e130_slot_index_out_of_range, "E130", 6, at "@Int.1", r#"
private fn inc(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  @Int.1 + 1
}
"#);

case!(e130_slot_of_absent_type, "E130", 6, at "@Bool.0", r#"
private fn inc(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  if @Bool.0 then { 1 } else { 0 }
}
"#);

case!(e130_let_scope_ends_with_block, "E130", 10, at "@String.0", r#"
private fn f(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  let @Int = {
    let @String = "inner";
    string_length(@String.0)
  };
  string_length(@String.0)
}
"#);

case!(e131_result_in_body, "E131", 6, at "@Int.result", r#"
private fn f(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  @Int.result
}
"#);

case!(e131_result_in_requires, "E131", 2, at "@Int.result", r#"
private fn f(@Int -> @Int)
  requires(@Int.result > 0)
  ensures(true)
  effects(pure)
{
  @Int.0
}
"#);

case!(e132_result_type_mismatch, "E132", 3, at "@Bool.result", r#"
private fn f(@Int -> @Int)
  requires(true)
  ensures(@Bool.result)
  effects(pure)
{
  @Int.0
}
"#);

// ----- operators ---------------------------------------------------------------------

case!(e140_arithmetic_on_string, "E140", 6, at "@Int.0 +", r#"
private fn f(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  @Int.0 + "one"
}
"#);

case!(e141_mixed_numeric_types, "E141", 6, at "@Int.0 *", r#"
private fn f(@Int -> @Float64)
  requires(true)
  ensures(true)
  effects(pure)
{
  @Int.0 * 1.5
}
"#);

case!(e142_equality_of_different_types, "E142", 6, at "@Int.0 ==", r#"
private fn f(@Int -> @Bool)
  requires(true)
  ensures(true)
  effects(pure)
{
  @Int.0 == true
}
"#);

case!(e142_function_values_not_comparable, "E142", 8, at "@IntFn.0 ==", r#"
type IntFn = fn(Int -> Int) effects(pure);

private fn same(@IntFn -> @Bool)
  requires(true)
  ensures(true)
  effects(pure)
{
  @IntFn.0 == @IntFn.0
}
"#);

case!(e143_ordering_bools, "E143", 6, at "true <", r#"
private fn f(@Int -> @Bool)
  requires(true)
  ensures(true)
  effects(pure)
{
  true < false
}
"#);

case!(e144_and_left_not_bool, "E144", 6, at "@Int.0 &&", r#"
private fn f(@Int -> @Bool)
  requires(true)
  ensures(true)
  effects(pure)
{
  @Int.0 && true
}
"#);

case!(e145_or_right_not_bool, "E145", 6, at "@Int.0", r#"
private fn f(@Int -> @Bool)
  requires(true)
  ensures(true)
  effects(pure)
{
  false || @Int.0
}
"#);

case!(e146_not_on_int, "E146", 6, at "!", r#"
private fn f(@Int -> @Bool)
  requires(true)
  ensures(true)
  effects(pure)
{
  !@Int.0
}
"#);

case!(e147_negate_bool, "E147", 6, at "-true", r#"
private fn f(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  -true
}
"#);

// ----- arrays, lets, lambdas, assertions ------------------------------------------------

case!(e160_index_not_integer, "E160", 6, at "true]", r#"
private fn first(@Array<Int> -> @Int)
  requires(length(@Array<Int>.0) > 0)
  ensures(true)
  effects(pure)
{
  @Array<Int>.0[true]
}
"#);

case!(e161_index_into_non_array, "E161", 6, at "@Int.0[", r#"
private fn first(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  @Int.0[0]
}
"#);

case!(e162_empty_array_of_unknown_type, "E162", 6, at "[]", r#"
private fn f(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  length([])
}
"#);

case!(e163_array_elements_differ, "E163", 6, at "true", r#"
private fn f(@Int -> @Array<Int>)
  requires(true)
  ensures(true)
  effects(pure)
{
  [1, true, 3]
}
"#);

case!(e170_let_type_mismatch, "E170", 6, at "\"five\"", r#"
private fn f(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  let @Int = "five";
  @Int.0
}
"#);

case!(e170_destructuring_let_mismatch, "E170", 6, at "Tuple(1", r#"
private fn f(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  let Tuple<@Int, @String> = Tuple(1, 2);
  @Int.0
}
"#);

case!(e171_lambda_body_mismatch, "E171", 8, at "{ @Int.0 + 1", r#"
type IntToBool = fn(Int -> Bool) effects(pure);

private fn f(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  let @IntToBool = fn(@Int -> @Bool) effects(pure) { @Int.0 + 1 };
  0
}
"#);

case!(e172_assert_not_bool, "E172", 6, at "@Int.0)", r#"
private fn f(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  assert(@Int.0);
  @Int.0
}
"#);

case!(e173_assume_not_bool, "E173", 6, at "1)", r#"
private fn f(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  assume(1);
  @Int.0
}
"#);

case!(e174_old_in_body, "E174", 6, at "old", r#"
private fn f(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(<State<Int>>)
{
  old(State<Int>) + @Int.0
}
"#);

case!(e175_new_in_requires, "E175", 2, at "new", r#"
private fn f(@Int -> @Int)
  requires(new(State<Int>) > 0)
  ensures(true)
  effects(<State<Int>>)
{
  @Int.0
}
"#);

case!(e176_old_without_state_effect, "E176", 3, at "old", r#"
private fn f(@Int -> @Int)
  requires(true)
  ensures(old(State<Int>) == 0)
  effects(pure)
{
  @Int.0
}
"#);

case!(e177_quantifier_over_bool, "E177", 2, at "Bool, 3", r#"
private fn f(@Int -> @Int)
  requires(forall(@Bool, 3, fn(@Bool -> @Bool) effects(pure) { true }))
  ensures(true)
  effects(pure)
{
  @Int.0
}
"#);

// ----- calls and constructors ------------------------------------------------------------

case!(e200_unknown_function, "E200", 6, at "frobnicate", r#"
private fn f(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  frobnicate(@Int.0)
}
"#);

case!(e201_wrong_arity, "E201", 14, at "inc(1, 2)", r#"
private fn inc(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  @Int.0 + 1
}

private fn f(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  inc(1, 2)
}
"#);

case!(e201_builtin_arity, "E201", 6, at "string_length", r#"
private fn f(@String -> @Nat)
  requires(true)
  ensures(true)
  effects(pure)
{
  string_length(@String.0, @String.0)
}
"#);

case!(e202_argument_type, "E202", 14, at "true", r#"
private fn inc(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  @Int.0 + 1
}

private fn f(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  inc(true)
}
"#);

case!(e202_no_variance_array_of_nat_is_not_array_of_int, "E202", 14, at "@Array<Nat>.0)", r#"
private fn total(@Array<Int> -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  0
}

private fn f(@Array<Nat> -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  total(@Array<Nat>.0)
}
"#);

case!(e170_no_variance_option_of_int_is_not_option_of_nat, "E170", 6, at "@Option<Int>.0;", r#"
private fn f(@Option<Int> -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  let @Option<Nat> = @Option<Int>.0;
  0
}
"#);

case!(e203_effect_operation_arity, "E203", 6, at "IO.print", r#"
private fn f(@Unit -> @Unit)
  requires(true)
  ensures(true)
  effects(<IO>)
{
  IO.print("a", "b")
}
"#);

case!(e203_handler_clause_arity, "E203", 7, at "get(", r#"
private fn f(@Unit -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  handle[State<Int>](@Int = 0) {
    get(@Unit, @Int) -> { resume(0) },
    put(@Int) -> { resume(()) }
  } in {
    get(())
  }
}
"#);

case!(e204_effect_operation_argument, "E204", 6, at "42", r#"
private fn f(@Unit -> @Unit)
  requires(true)
  ensures(true)
  effects(<IO>)
{
  IO.print(42)
}
"#);

case!(e204_handler_clause_parameter_type, "E204", 8, at "Bool)", r#"
private fn f(@Unit -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  handle[State<Int>](@Int = 0) {
    get(@Unit) -> { resume(@Int.0) },
    put(@Bool) -> { resume(()) }
  } in {
    get(())
  }
}
"#);

case!(e210_unknown_constructor, "E210", 11, at "Purple", r#"
private data Color {
  Red,
  Green
}

private fn f(@Int -> @Color)
  requires(true)
  ensures(true)
  effects(pure)
{
  Purple
}
"#);

case!(e211_nullary_constructor_with_parens, "E211", 6, at "None()", r#"
private fn f(@Int -> @Option<Int>)
  requires(true)
  ensures(true)
  effects(pure)
{
  None()
}
"#);

case!(e212_constructor_arity, "E212", 6, at "Some(", r#"
private fn f(@Int -> @Option<Int>)
  requires(true)
  ensures(true)
  effects(pure)
{
  Some(@Int.0, @Int.0)
}
"#);

case!(e213_constructor_field_type, "E213", 6, at "true", r#"
private fn f(@Int -> @Option<Int>)
  requires(true)
  ensures(true)
  effects(pure)
{
  Some(true)
}
"#);

case!(e215_constructor_without_fields, "E215", 6, at "Some", r#"
private fn f(@Int -> @Option<Int>)
  requires(true)
  ensures(true)
  effects(pure)
{
  Some
}
"#);

case!(e220_qualified_call_on_non_effect, "E220", 6, at "Console", r#"
private fn f(@Unit -> @Unit)
  requires(true)
  ensures(true)
  effects(<IO>)
{
  Console.log("x")
}
"#);

case!(e220_unknown_operation_of_effect, "E220", 6, at "IO.read_line", r#"
private fn f(@Unit -> @String)
  requires(true)
  ensures(true)
  effects(<IO>)
{
  IO.read_line(())
}
"#);

case!(e231_module_not_imported, "E231", 6, at "vera.math", r#"
private fn f(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  vera.math::abs(@Int.0)
}
"#);

// ----- control flow and patterns ---------------------------------------------------------

case!(e300_if_condition_not_bool, "E300", 6, at "@Int.0 then", r#"
private fn f(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  if @Int.0 then { 1 } else { 0 }
}
"#);

case!(e301_if_branches_differ, "E301", 6, at "{ \"no\"", r#"
private fn f(@Bool -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  let @Int = if @Bool.0 then { 1 } else { "no" };
  @Int.0
}
"#);

// Both branches agree with each other but not with the function's result type:
// the `if` is checked against its context (found by mutation fuzzing: the
// checker took the context's type for the `if` and code generation failed).
case!(e301_if_branches_differ_from_context, "E301", 6, at "{", r#"
private fn f(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  if @Int.0 > 0 then {
    true
  } else {
    false
  }
}
"#);

// A branch that throws has any type; the other must still have the context's.
case!(e301_if_beside_a_throw, "E301", 8, at "{", r#"
private fn f(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(<Exn<Int>>)
{
  if @Int.0 < 0 then {
    throw(@Int.0)
  } else {
    @Int.0 > 0
  }
}
"#);

// Tuple patterns (spec 4.9.1): a missing case is named as a tuple, and the
// number of parts must be the tuple's.
case!(e313_tuple_match_not_exhaustive, "E313", 6, at "match", r#"
private fn f(@Int, @Bool -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  match Tuple(@Int.0, @Bool.0) {
    Tuple(_, true) -> 1
  }
}
"#);

case!(e321_tuple_pattern_arity, "E321", 7, at "Tuple(_, true, 3)", r#"
private fn f(@Int, @Bool -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  match Tuple(@Int.0, @Bool.0) {
    Tuple(_, true, 3) -> 1,
    _ -> 0
  }
}
"#);

case!(e323_tuple_pattern_on_an_int, "E323", 7, at "Tuple(", r#"
private fn f(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  match @Int.0 {
    Tuple(_, _) -> 1,
    _ -> 0
  }
}
"#);

// Finitely many instances (spec 2.8): a data type that grows its own type
// arguments, and a function recursive at a growing type (upstream's
// ch02_nonregular_data_rejected; both hung code generation and the verifier).
case!(e129_data_not_regular, "E129", 1, at "Nest<T>", r#"
private data Nest<T> {
  N(Nest<Option<T>>),
  Z
}

public fn main(@Unit -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  let @Nest<Int> = Z;
  0
}
"#);

case!(e127_recursion_at_a_growing_type, "E127", 10, at "wrap(Some", r#"
private forall<T> fn wrap(@T, @Nat -> @Int)
  requires(true)
  ensures(true)
  decreases(@Nat.0)
  effects(pure)
{
  if @Nat.0 == 0 then {
    0
  } else {
    1 + wrap(Some(@T.0), @Nat.0 - 1)
  }
}
"#);

// A let takes apart a value of a data type only when the type has one
// constructor (spec 4.7.1).
case!(e178_let_constructor_of_a_type_with_two, "E178", 6, at "Some<", r#"
private fn f(@Option<Int> -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  let Some<@Int> = @Option<Int>.0;
  @Int.0
}
"#);

case!(e170_let_constructor_field_count, "E170", 10, at "Pair<", r#"
private data Pair {
  Pair(Int, Int)
}

private fn f(@Pair -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  let Pair<@Int> = @Pair.0;
  @Int.0
}
"#);

case!(e302_match_arms_differ, "E302", 8, at "\"none\"", r#"
private fn f(@Option<Int> -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  match @Option<Int>.0 {
    Some(@Int) -> @Int.0,
    None -> "none"
  }
}
"#);

case!(e311_non_exhaustive_adt, "E311", 13, at "match", r#"
private data Shape {
  Circle(Int),
  Square(Int),
  Triangle(Int, Int)
}

private fn area(@Shape -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  -- Triangle is not handled
  match @Shape.0 {
    Circle(@Int) -> 3 * @Int.0 * @Int.0,
    Square(@Int) -> @Int.0 * @Int.0
  }
}
"#);

case!(e311_non_exhaustive_nested, "E311", 6, at "match", r#"
private fn f(@Option<Option<Int>> -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  match @Option<Option<Int>>.0 {
    Some(Some(@Int)) -> @Int.0,
    None -> 0
  }
}
"#);

case!(e312_non_exhaustive_bool, "E312", 6, at "match", r#"
private fn f(@Bool -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  match @Bool.0 {
    true -> 1
  }
}
"#);

case!(e313_non_exhaustive_int_literals, "E313", 6, at "match", r#"
private fn f(@Int -> @String)
  requires(true)
  ensures(true)
  effects(pure)
{
  match @Int.0 {
    0 -> "zero",
    1 -> "one",
    -1 -> "minus one"
  }
}
"#);

case!(e320_unknown_constructor_in_pattern, "E320", 8, at "Nothing", r#"
private fn f(@Option<Int> -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  match @Option<Int>.0 {
    Some(@Int) -> @Int.0,
    Nothing -> 0
  }
}
"#);

case!(e321_pattern_arity, "E321", 7, at "Some(@Int, @Int)", r#"
private fn f(@Option<Int> -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  match @Option<Int>.0 {
    Some(@Int, @Int) -> @Int.0,
    None -> 0
  }
}
"#);

case!(e323_literal_pattern_type, "E323", 7, at "true", r#"
private fn f(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  match @Int.0 {
    true -> 1,
    _ -> 0
  }
}
"#);

case!(e323_binding_pattern_type, "E323", 7, at "@String", r#"
private fn f(@Option<Int> -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  match @Option<Int>.0 {
    Some(@String) -> 1,
    None -> 0
  }
}
"#);

case!(e323_constructor_of_other_type, "E323", 7, at "Ok(", r#"
private fn f(@Option<Int> -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  match @Option<Int>.0 {
    Ok(@Int) -> @Int.0,
    _ -> 0
  }
}
"#);

// ----- handlers --------------------------------------------------------------------------

case!(e331_handler_state_type, "E331", 6, at "true", r#"
private fn f(@Unit -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  handle[State<Int>](@Int = true) {
    get(@Unit) -> { resume(@Int.0) },
    put(@Int) -> { resume(()) }
  } in {
    get(())
  }
}
"#);

case!(e332_handler_unknown_operation, "E332", 9, at "reset", r#"
private fn f(@Unit -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  handle[State<Int>](@Int = 0) {
    get(@Unit) -> { resume(@Int.0) },
    put(@Int) -> { resume(()) },
    reset(@Unit) -> { resume(()) }
  } in {
    get(())
  }
}
"#);

case!(e333_with_without_state, "E333", 7, at "Int = 1", r#"
private fn f(@Unit -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  handle[Exn<Int>] {
    throw(@Int) -> { 0 } with @Int = 1
  } in {
    throw(5)
  }
}
"#);

case!(e334_with_wrong_state_type, "E334", 8, at "Bool = true", r#"
private fn f(@Unit -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  handle[State<Int>](@Int = 0) {
    get(@Unit) -> { resume(@Int.0) },
    put(@Int) -> { resume(()) } with @Bool = true
  } in {
    get(())
  }
}
"#);

case!(e335_with_value_type, "E335", 8, at "\"seven\"", r#"
private fn f(@Unit -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  handle[State<Int>](@Int = 0) {
    get(@Unit) -> { resume(@Int.0) },
    put(@Int) -> { resume(()) } with @Int = "seven"
  } in {
    get(())
  }
}
"#);

case!(e336_resume_outside_handler, "E336", 6, at "resume", r#"
private fn f(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  resume(@Int.0)
}
"#);

case!(e337_resume_value_type, "E337", 7, at "true", r#"
private fn f(@Unit -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  handle[State<Int>](@Int = 0) {
    get(@Unit) -> { resume(true) },
    put(@Int) -> { resume(()) }
  } in {
    get(())
  }
}
"#);

case!(e338_missing_handler_clause, "E338", 6, at "handle", r#"
private fn f(@Unit -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  handle[State<Int>](@Int = 0) {
    get(@Unit) -> { resume(@Int.0) }
  } in {
    get(())
  }
}
"#);

// The clause uses what resume returns: that needs a continuation.
case!(e603_resume_not_last, "E603", 11, at "resume(@Int.0)", r#"
effect Ask {
  op ask(Int -> Int);
}

private fn f(@Unit -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  handle[Ask] {
    ask(@Int) -> { let @Int = resume(@Int.0); @Int.0 + 1 }
  } in {
    ask(1)
  }
}
"#);

// Resuming twice is the same: the first resume is not the clause's last act.
case!(e603_resume_twice, "E603", 11, at "resume(1)", r#"
effect Ask {
  op ask(Int -> Int);
}

private fn f(@Unit -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  handle[Ask] {
    ask(@Int) -> { resume(1) + resume(2) }
  } in {
    ask(1)
  }
}
"#);

// The handled body must have the handle's type, like its clauses.
case!(e302_handled_body_type, "E302", 6, at "\"a,b\"", r#"
private fn f(@Int -> @Nat)
  requires(true)
  ensures(true)
  effects(pure)
{
  handle[Exn<Int>] { throw(@Int) -> { 3 } } in { "a,b" }
}
"#);

// A literal pattern of the wrong type before a constructor pattern: reported,
// and the exhaustiveness analysis does not run on the ill-typed patterns.
case!(e323_literal_before_constructor, "E323", 12, at "true", r#"
private data Stack {
  Empty,
  Push(Int, Stack)
}

private fn top(@Stack -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  match @Stack.0 {
    true -> 0,
    Push(@Int, @Stack) -> @Int.0
  }
}
"#);

// ----- modules (several files) ------------------------------------------------------------

const UTIL: &str = r#"
module lib.util;

public fn triple(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  @Int.0 * 3
}

private fn secret(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  @Int.0 + 42
}
"#;

#[test]
fn e230_missing_module() {
    let main = r#"
import lib.nowhere;

public fn main(@Unit -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  0
}
"#;
    expect_files(
        "e230_missing_module",
        "E230",
        "main.vera",
        1,
        Some("lib.nowhere"),
        &[("main.vera", main.as_bytes())],
    );
}

#[test]
fn e232_import_private_function() {
    let main = r#"
import lib.util(triple, secret);

public fn main(@Unit -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  triple(1)
}
"#;
    expect_files(
        "e232_import_private_function",
        "E232",
        "main.vera",
        1,
        Some("secret"),
        &[
            ("main.vera", main.as_bytes()),
            ("lib/util.vera", UTIL.as_bytes()),
        ],
    );
}

#[test]
fn e232_call_private_function_by_path() {
    let main = r#"
import lib.util;

public fn main(@Unit -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  lib.util::secret(1)
}
"#;
    expect_files(
        "e232_call_private_function_by_path",
        "E232",
        "main.vera",
        8,
        Some("secret"),
        &[
            ("main.vera", main.as_bytes()),
            ("lib/util.vera", UTIL.as_bytes()),
        ],
    );
}

#[test]
fn e233_import_nonexistent_name() {
    let main = r#"
import lib.util(quadruple);

public fn main(@Unit -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  0
}
"#;
    expect_files(
        "e233_import_nonexistent_name",
        "E233",
        "main.vera",
        1,
        Some("quadruple"),
        &[
            ("main.vera", main.as_bytes()),
            ("lib/util.vera", UTIL.as_bytes()),
        ],
    );
}

#[test]
fn e233_call_nonexistent_function_by_path() {
    let main = r#"
import lib.util;

public fn main(@Unit -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  lib.util::quadruple(1)
}
"#;
    expect_files(
        "e233_call_nonexistent_function_by_path",
        "E233",
        "main.vera",
        8,
        Some("quadruple"),
        &[
            ("main.vera", main.as_bytes()),
            ("lib/util.vera", UTIL.as_bytes()),
        ],
    );
}

#[test]
fn e234_import_cycle() {
    let main = r#"
import lib.a;

public fn main(@Unit -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  0
}
"#;
    let a = "module lib.a;\nimport lib.b;\n";
    let b = "module lib.b;\n\nimport lib.a;\n";
    expect_files(
        "e234_import_cycle",
        "E234",
        "lib/b.vera",
        3,
        Some("lib.a"),
        &[
            ("main.vera", main.as_bytes()),
            ("lib/a.vera", a.as_bytes()),
            ("lib/b.vera", b.as_bytes()),
        ],
    );
}

#[test]
fn e234_module_imports_the_root() {
    let main = r#"
import lib.a;

public fn main(@Unit -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  0
}
"#;
    let a = "module lib.a;\nimport main;\n";
    expect_files(
        "e234_module_imports_the_root",
        "E234",
        "lib/a.vera",
        2,
        Some("main"),
        &[("main.vera", main.as_bytes()), ("lib/a.vera", a.as_bytes())],
    );
}

/// `module lib.NAME;` followed by `body`.
fn lib(name: &str, body: &str) -> String {
    format!("module lib.{};\n\n{}", name, body)
}

const HELPER: &str = "public fn helper(@Int -> @Int)\n  requires(true)\n  ensures(true)\n  effects(pure)\n{\n  @Int.0\n}\n";

#[test]
fn e608_bare_use_of_function_imported_from_two_modules() {
    let main = r#"
import lib.one;
import lib.two;

public fn main(@Unit -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  lib.one::helper(1) + helper(2)
}
"#;
    let (one, two) = (lib("one", HELPER), lib("two", HELPER));
    expect_files(
        "e608_bare_use_of_function_imported_from_two_modules",
        "E608",
        "main.vera",
        9,
        Some("helper(2)"),
        &[
            ("main.vera", main.as_bytes()),
            ("lib/one.vera", one.as_bytes()),
            ("lib/two.vera", two.as_bytes()),
        ],
    );
}

#[test]
fn e609_bare_use_of_type_imported_from_two_modules() {
    let main = r#"
import lib.one;
import lib.two;

private fn paint(@Color -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  0
}
"#;
    let one = lib("one", "public data Color {\n  Red\n}\n");
    let two = lib("two", "public data Color {\n  Crimson\n}\n");
    expect_files(
        "e609_bare_use_of_type_imported_from_two_modules",
        "E609",
        "main.vera",
        4,
        Some("Color"),
        &[
            ("main.vera", main.as_bytes()),
            ("lib/one.vera", one.as_bytes()),
            ("lib/two.vera", two.as_bytes()),
        ],
    );
}

#[test]
fn e610_bare_use_of_constructor_imported_from_two_modules() {
    let main = r#"
import lib.one;
import lib.two;

public fn main(@Unit -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  match Green {
    Green -> 1,
    Red -> 2
  }
}
"#;
    let one = lib("one", "public data Light {\n  Red,\n  Green\n}\n");
    let two = lib("two", "public data Paint {\n  Red,\n  Blue\n}\n");
    expect_files(
        "e610_bare_use_of_constructor_imported_from_two_modules",
        "E610",
        "main.vera",
        11,
        Some("Red"),
        &[
            ("main.vera", main.as_bytes()),
            ("lib/one.vera", one.as_bytes()),
            ("lib/two.vera", two.as_bytes()),
        ],
    );
}

#[test]
fn e232_import_private_data_type() {
    let main = r#"
import lib.one(Hidden);

public fn main(@Unit -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  0
}
"#;
    let one = lib("one", "private data Hidden {\n  H\n}\n");
    expect_files(
        "e232_import_private_data_type",
        "E232",
        "main.vera",
        1,
        Some("Hidden"),
        &[
            ("main.vera", main.as_bytes()),
            ("lib/one.vera", one.as_bytes()),
        ],
    );
}

#[test]
fn e233_import_type_alias() {
    let main = r#"
import lib.one(Count);

public fn main(@Unit -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  0
}
"#;
    let one = lib("one", "type Count = Nat;\n");
    expect_files(
        "e233_import_type_alias",
        "E233",
        "main.vera",
        1,
        Some("Count"),
        &[
            ("main.vera", main.as_bytes()),
            ("lib/one.vera", one.as_bytes()),
        ],
    );
}

#[test]
fn e001_in_an_imported_module() {
    let main = "import lib.one;\n";
    let one = lib(
        "one",
        "public fn broken(@Int -> @Int)\n  effects(pure)\n{\n  @Int.0\n}\n",
    );
    expect_files(
        "e001_in_an_imported_module",
        "E001",
        "lib/one.vera",
        4,
        Some("effects"),
        &[
            ("main.vera", main.as_bytes()),
            ("lib/one.vera", one.as_bytes()),
        ],
    );
}

#[test]
fn e013_in_an_imported_module() {
    let main = "import lib.one;\n";
    let one: &[u8] = b"module lib.one;\n\x80\x81\x82\n";
    expect_files(
        "e013_in_an_imported_module",
        "E013",
        "lib/one.vera",
        2,
        None,
        &[("main.vera", main.as_bytes()), ("lib/one.vera", one)],
    );
}

#[test]
fn e122_in_an_imported_module_is_reported_there() {
    let main = "import lib.one;\n";
    let one = lib("one", "public fn noisy(@Unit -> @Unit)\n  requires(true)\n  ensures(true)\n  effects(pure)\n{\n  IO.print(\"x\")\n}\n");
    expect_files(
        "e122_in_an_imported_module_is_reported_there",
        "E122",
        "lib/one.vera",
        8,
        Some("IO.print"),
        &[
            ("main.vera", main.as_bytes()),
            ("lib/one.vera", one.as_bytes()),
        ],
    );
}

// ----- valid programs near the errors above -------------------------------------------------

/// Check that a set of files (the first is the root) has no error at all.
fn expect_ok(name: &str, files: &[(&str, &[u8])]) {
    let dir = scratch(name);
    write_files(dir.path(), files);
    let (ok, found) = check(dir.path().join(files[0].0));
    assert!(
        ok && found.iter().all(|f| !f.error),
        "{}: expected OK, got:\n{}",
        name,
        show_all(&found)
    );
}

#[test]
fn ok_imported_constructors() {
    let main = r#"import lib.shapes;

public fn main(@Unit -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  match Circle(2) {
    Circle(@Int) -> @Int.0,
    Square(@Int) -> 0
  }
}
"#;
    let shapes = lib(
        "shapes",
        "public data Shape {\n  Circle(Int),\n  Square(Int)\n}\n",
    );
    expect_ok(
        "ok_imported_constructors",
        &[
            ("main.vera", main.as_bytes()),
            ("lib/shapes.vera", shapes.as_bytes()),
        ],
    );
}

#[test]
fn ok_selectively_imported_constructors() {
    let main = r#"import lib.shapes(Shape, area);

public fn main(@Unit -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  area(Square(3))
}
"#;
    let shapes = lib(
        "shapes",
        "public data Shape {\n  Circle(Int),\n  Square(Int)\n}\n\npublic fn area(@Shape -> @Int)\n  requires(true)\n  ensures(true)\n  effects(pure)\n{\n  match @Shape.0 {\n    Circle(@Int) -> 3 * @Int.0 * @Int.0,\n    Square(@Int) -> @Int.0 * @Int.0\n  }\n}\n",
    );
    expect_ok(
        "ok_selectively_imported_constructors",
        &[
            ("main.vera", main.as_bytes()),
            ("lib/shapes.vera", shapes.as_bytes()),
        ],
    );
}

#[test]
fn ok_colliding_names_used_with_module_paths() {
    let main = r#"import lib.one;
import lib.two;

public fn main(@Unit -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  lib.one::helper(1) + lib.two::helper(2)
}
"#;
    let (one, two) = (lib("one", HELPER), lib("two", HELPER));
    expect_ok(
        "ok_colliding_names_used_with_module_paths",
        &[
            ("main.vera", main.as_bytes()),
            ("lib/one.vera", one.as_bytes()),
            ("lib/two.vera", two.as_bytes()),
        ],
    );
}

#[test]
fn ok_local_declaration_shadows_colliding_imports() {
    let main = r#"import lib.one;
import lib.two;

private fn helper(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  @Int.0 + 1
}

public fn main(@Unit -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  helper(1)
}
"#;
    let (one, two) = (lib("one", HELPER), lib("two", HELPER));
    expect_ok(
        "ok_local_declaration_shadows_colliding_imports",
        &[
            ("main.vera", main.as_bytes()),
            ("lib/one.vera", one.as_bytes()),
            ("lib/two.vera", two.as_bytes()),
        ],
    );
}

#[test]
fn ok_nat_and_int_convert_at_the_top_level() {
    let src = r#"private fn takes(@Option<Int>, @Array<Int>, @Tuple<Int, Int> -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  0
}

private forall<T> fn ident(@T -> @T)
  requires(true)
  ensures(true)
  effects(pure)
{
  @T.0
}

private fn f(@Nat -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  let Tuple<@Int, @Int> = Tuple(@Nat.0, 1);
  let @Option<Int> = Some(@Nat.0);
  let @Array<Int> = [@Nat.0, 2];
  let @Int = ident(@Nat.0);
  let @Nat = ident(@Int.0);
  takes(Some(@Nat.0), [@Nat.0], Tuple(@Nat.0, @Nat.0)) + @Nat.0
}
"#;
    expect_ok(
        "ok_nat_and_int_convert_at_the_top_level",
        &[("main.vera", src.as_bytes())],
    );
}

#[test]
fn ok_effects_of_the_row_in_the_body_and_old_new_in_ensures() {
    let src = r#"private fn bump(@Unit -> @Unit)
  requires(true)
  ensures(new(State<Int>) == old(State<Int>) + 1)
  effects(<State<Int>>)
{
  put(get(()) + 1)
}

private fn check_all(@Array<Int> -> @Bool)
  requires(forall(@Nat, length(@Array<Int>.0), fn(@Nat -> @Bool) effects(pure) { @Array<Int>.0[@Nat.0] >= 0 }))
  ensures(true)
  effects(pure)
{
  true
}
"#;
    expect_ok(
        "ok_effects_of_the_row_in_the_body_and_old_new_in_ensures",
        &[("main.vera", src.as_bytes())],
    );
}

// ----- warnings are not errors ----------------------------------------------------------------

#[test]
fn warnings_do_not_fail_a_program() {
    let src = r#"
private fn f(@Bool -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  assume(@Bool.0);
  match @Bool.0 {
    true -> 1,
    false -> 0,
    _ -> 2
  }
}
"#;
    let dir = scratch("warnings_do_not_fail_a_program");
    write_files(dir.path(), &[("main.vera", strip(src).as_bytes())]);
    let (ok, found) = check(dir.path().join("main.vera"));
    assert!(
        ok,
        "warnings alone must not fail the program: {}",
        show_all(&found)
    );
    let codes: Vec<(&str, usize)> = found.iter().map(|f| (f.code.as_str(), f.line)).collect();
    assert_eq!(
        codes,
        vec![("W001", 6), ("E310", 10)],
        "{}",
        show_all(&found)
    );
    assert!(found.iter().all(|f| !f.error));
}

/// A State<T> handler is a cell (spec 6.7): a clause other than the standard
/// `get` and `put` does not run, and says so with warning E339 (upstream's
/// ch07_state_clause_transform expects its clauses to run). The standard
/// clauses, with or without `with @Int = @Int.0`, draw nothing.
#[test]
fn state_clauses_that_do_not_run_are_warned_about() {
    let src = r#"
private fn f(@Unit -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  let @Int = handle[State<Int>](@Int = 0) {
    get(@Unit) -> { resume(42) },
    put(@Int) -> { resume(()) } with @Int = @Int.0 + 1000
  } in {
    put(5);
    get(())
  };
  handle[State<Int>](@Int = 0) {
    get(@Unit) -> { resume(@Int.0) },
    put(@Int) -> { resume(()) }
  } in {
    put(@Int.0);
    get(())
  }
}
"#;
    let dir = scratch("state_clauses_that_do_not_run_are_warned_about");
    write_files(dir.path(), &[("main.vera", strip(src).as_bytes())]);
    let (ok, found) = check(dir.path().join("main.vera"));
    assert!(ok, "a warning alone must not fail: {}", show_all(&found));
    let codes: Vec<(&str, usize)> = found.iter().map(|f| (f.code.as_str(), f.line)).collect();
    assert_eq!(
        codes,
        vec![("E339", 7), ("E339", 8)],
        "{}",
        show_all(&found)
    );
}

#[test]
fn first_error_comes_after_a_warning() {
    let src = r#"
private fn f(@Bool -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  assume(@Bool.0);
  @Bool.1
}
"#;
    let (first, all) = first_error(
        "first_error_comes_after_a_warning",
        &[("main.vera", strip(src).as_bytes())],
    );
    assert_eq!(
        (first.code.as_str(), first.line),
        ("E130", 7),
        "{}",
        show_all(&all)
    );
}

// ----- the binary ---------------------------------------------------------------------------

fn vera(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vera"))
        .args(args)
        .output()
        .expect("run vera")
}

fn run_check_on(name: &str, src: &str) -> Output {
    run_check_with(name, src, &[])
}

fn run_check_json(name: &str, src: &str) -> Output {
    run_check_with(name, src, &["--json"])
}

fn run_check_with(name: &str, src: &str, flags: &[&str]) -> Output {
    let dir = scratch(name);
    let path = dir.path().join("main.vera");
    std::fs::write(&path, src).unwrap();
    let mut args = vec!["check", path.to_str().unwrap()];
    args.extend_from_slice(flags);
    vera(&args)
}

#[test]
fn e020_missing_file_via_binary() {
    let dir = scratch("e020_missing_file_via_binary");
    let path = dir.path().join("does_not_exist.vera");
    let out = vera(&["check", path.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{}", stderr);
    assert!(stderr.contains("[E020]"), "{}", stderr);
    assert!(stderr.contains("does_not_exist.vera"), "{}", stderr);
    assert!(!stderr.contains("panicked"), "{}", stderr);
}

#[test]
fn e020_missing_file_via_library() {
    let dir = scratch("e020_missing_file_via_library");
    let (ok, found) = check(dir.path().join("nope.vera"));
    assert!(!ok);
    assert_eq!(found.len(), 1, "{:#?}", found);
    assert_eq!(
        (found[0].code.as_str(), found[0].line, found[0].column),
        ("E020", 0, 0)
    );
}

#[test]
fn empty_file_is_ok() {
    let out = run_check_on("empty_file_is_ok", "");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("OK:"));
}

#[test]
fn comment_only_file_is_ok() {
    let out = run_check_on(
        "comment_only_file_is_ok",
        "-- nothing here\n{- nor {- here -} -}\n",
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("OK:"));
}

#[test]
fn binary_garbage_via_binary() {
    let dir = scratch("binary_garbage_via_binary");
    let path = dir.path().join("main.vera");
    std::fs::write(
        &path,
        [
            0x7fu8, b'E', b'L', b'F', 0x02, 0x01, 0x01, 0x00, 0xff, 0xfe, 0x80, 0x81,
        ],
    )
    .unwrap();
    let out = vera(&["check", path.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{}", stderr);
    assert!(stderr.contains("[E013]"), "{}", stderr);
    assert!(!stderr.contains("panicked"), "{}", stderr);
}

#[test]
fn json_output_for_a_bad_program() {
    let src = r#"
private fn f(@Int -> @Bool)
  requires(@Int.0)
  ensures(true)
  effects(pure)
{
  @Int.1 + frobnicate(1)
}
"#;
    let out = run_check_json("json_output_for_a_bad_program", strip(src));
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let json: serde_json::Value =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("not JSON ({}): {}", e, stdout));
    assert_eq!(json["ok"], serde_json::Value::Bool(false), "{}", json);
    let diags = json["diagnostics"].as_array().expect("a diagnostics array");
    assert!(diags.len() >= 3, "{}", json);
    for d in diags {
        let code = d["code"].as_str().expect("code");
        assert!(code.len() == 4 && code.starts_with('E'), "{}", d);
        assert!(d["line"].as_u64().expect("line") >= 1, "{}", d);
        assert!(d["column"].as_u64().expect("column") >= 1, "{}", d);
        assert!(!d["message"].as_str().expect("message").is_empty(), "{}", d);
        assert!(!d["fix"].as_str().expect("fix").is_empty(), "{}", d);
        assert_eq!(d["severity"], "error", "{}", d);
    }
    let codes: Vec<(&str, u64)> = diags
        .iter()
        .map(|d| (d["code"].as_str().unwrap(), d["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        &codes[..3],
        &[("E123", 2), ("E130", 6), ("E200", 6)],
        "{}",
        json
    );
}

#[test]
fn json_output_for_a_syntax_error() {
    let out = run_check_json(
        "json_output_for_a_syntax_error",
        "public fn f(@Int -> @Int)\n  effects(pure)\n{\n  0\n}\n",
    );
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(json["ok"], false);
    let d = &json["diagnostics"][0];
    assert_eq!(
        (d["code"].as_str(), d["line"].as_u64(), d["column"].as_u64()),
        (Some("E001"), Some(2), Some(3)),
        "{}",
        json
    );
    assert!(d["fix"].as_str().is_some_and(|f| !f.is_empty()));
}

#[test]
fn json_output_for_a_good_program() {
    let out = run_check_json(
        "json_output_for_a_good_program",
        &with_body("pure", "  @Int.0"),
    );
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(json["ok"], true, "{}", json);
    assert_eq!(
        json["diagnostics"].as_array().map(Vec::len),
        Some(0),
        "{}",
        json
    );
}
