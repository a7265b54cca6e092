//! `vera fmt`: one case per rule of `spec/10-formatting.md` (messy input, the
//! canonical text written by hand), comments in every position, and checks over
//! every program of the repository and of `../shared/reference/examples`: each
//! formats, the output is idempotent and parses to the same syntax tree, and
//! every comment survives.
//!
//! `case(input, expected)` formats `input` and compares with `expected`, then checks
//! that `expected` is a fixed point. A leading newline of either text is dropped.

use std::path::{Path, PathBuf};
use std::process::Command;
use vera::fmt::{format_source, same_tree};

// ----- harness ---------------------------------------------------------------------

fn strip(s: &str) -> &str {
    s.strip_prefix('\n').unwrap_or(s)
}

fn fmt(src: &str) -> String {
    match format_source(src) {
        Ok(text) => text,
        Err(diags) => panic!(
            "formatting failed: {:?}\n--- input ---\n{}",
            diags
                .iter()
                .map(|d| (d.code, d.message.clone()))
                .collect::<Vec<_>>(),
            src
        ),
    }
}

#[track_caller]
fn case(input: &str, expected: &str) {
    let (input, expected) = (strip(input), strip(expected));
    let got = fmt(input);
    assert!(
        got == expected,
        "\n--- input ---\n{}\n--- expected ---\n{}\n--- got ---\n{}",
        input,
        expected,
        got
    );
    let again = fmt(expected);
    assert!(
        again == expected,
        "the expected text is not a fixed point:\n{}",
        again
    );
}

/// A function around a body, for the cases about expressions.
fn body(stmts: &str) -> String {
    format!(
        "private fn f(@Int, @Int, @Int -> @Int)\n  requires(true)\n  ensures(true)\n  effects(pure)\n{{\n{}}}\n",
        stmts
    )
}

// ----- 10.2 the text ---------------------------------------------------------------

#[test]
fn text_indentation_line_ends_final_newline() {
    // Tabs, CRLF, trailing spaces, no final newline.
    case(
        "private fn f(-> @Int)\r\n\trequires(true)   \r\n\tensures(true) effects(pure)\r\n{\r\n\t\t1}",
        "
private fn f(-> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  1
}
",
    );
}

#[test]
fn text_empty_file_is_one_newline() {
    assert_eq!(fmt(""), "\n");
    assert_eq!(fmt("\n\n   \n"), "\n");
    assert_eq!(fmt("\n"), "\n");
}

// ----- 10.3 the file ---------------------------------------------------------------

#[test]
fn file_blank_lines_between_parts() {
    case(
        "
module   app.main ;
import vera.math( abs,max );


import vera.text;
type A = Int;
type B = Int;



type C = Int;
",
        "
module app.main;

import vera.math(abs, max);
import vera.text;

type A = Int;

type B = Int;

type C = Int;
",
    );
}

#[test]
fn file_module_without_imports() {
    case("module m;\ntype A = Int;\n", "module m;\n\ntype A = Int;\n");
}

// ----- 10.4 functions --------------------------------------------------------------

#[test]
fn function_header_clauses_body() {
    case(
        "
public   forall<A,B> fn pick( @A , @B -> @A ) ensures( true ) requires(true)
decreases(@A.0,@B.0) requires(false) effects(< IO , State<Int> >) {
let @A = @A.0; @A.0 }
",
        "
public forall<A, B> fn pick(@A, @B -> @A)
  ensures(true)
  requires(true)
  decreases(@A.0, @B.0)
  requires(false)
  effects(<IO, State<Int>>)
{
  let @A = @A.0;
  @A.0
}
",
    );
}

#[test]
fn function_without_parameters() {
    case(
        "private fn f(->@Unit) requires(true) ensures(true) effects(pure) { () }",
        "
private fn f(-> @Unit)
  requires(true)
  ensures(true)
  effects(pure)
{
  ()
}
",
    );
}

#[test]
fn function_where_block() {
    case(
        "
public fn even(@Nat -> @Bool) requires(true) ensures(true) effects(pure) { odd(@Nat.0) }
where { fn odd(@Nat -> @Bool) requires(true) ensures(true) effects(pure) { true }
fn other(@Nat -> @Bool) requires(true) ensures(true) effects(pure) { false } }
",
        "
public fn even(@Nat -> @Bool)
  requires(true)
  ensures(true)
  effects(pure)
{
  odd(@Nat.0)
}
where {
  fn odd(@Nat -> @Bool)
    requires(true)
    ensures(true)
    effects(pure)
  {
    true
  }

  fn other(@Nat -> @Bool)
    requires(true)
    ensures(true)
    effects(pure)
  {
    false
  }
}
",
    );
}

// ----- 10.5 data, aliases, effects -------------------------------------------------

#[test]
fn data_one_constructor_per_line() {
    case(
        "private data Shape invariant( true ) { Circle( Float64 ), Square(Float64,Float64), Dot, }",
        "
private data Shape invariant(true) {
  Circle(Float64),
  Square(Float64, Float64),
  Dot
}
",
    );
    case(
        "public data Pair<A,B>{P(A,B)}",
        "
public data Pair<A, B> {
  P(A, B)
}
",
    );
}

#[test]
fn alias_on_one_line() {
    case(
        "type Pred<T> =\n  fn( T -> Bool )\n  effects( pure ) ;",
        "type Pred<T> = fn(T -> Bool) effects(pure);\n",
    );
    case(
        "type Pos = {@Int|@Int.0>0};",
        "type Pos = { @Int | @Int.0 > 0 };\n",
    );
}

#[test]
fn effect_one_operation_per_line() {
    case(
        "effect Counter<T> { op get( -> T ); op put(T,Int->Unit); }",
        "
effect Counter<T> {
  op get(-> T);
  op put(T, Int -> Unit);
}
",
    );
}

// ----- 10.6 types ------------------------------------------------------------------

#[test]
fn types_function_refinement_named() {
    case(
        "type F = Fn(@Int, Array<Option<Int>> -> @Int);",
        "type F = fn(Int, Array<Option<Int>> -> Int) effects(pure);\n",
    );
    case(
        &body("let @fn(Int->Int)effects(<IO>) = g(); let @{@Int|@Int.0>0} = 1; 0\n"),
        &body(
            "  let @fn(Int -> Int) effects(<IO>) = g();\n  let @{ @Int | @Int.0 > 0 } = 1;\n  0\n",
        ),
    );
}

// ----- 10.7 blocks and the final expression ----------------------------------------

#[test]
fn block_statements_one_per_line() {
    case(
        &body("let @Int=1;let Tuple<@Int,@String>=Tuple(1,\"a\");  g(@Int.0) ; @Int.0"),
        &body("  let @Int = 1;\n  let Tuple<@Int, @String> = Tuple(1, \"a\");\n  g(@Int.0);\n  @Int.0\n"),
    );
}

#[test]
fn final_if_and_match_are_broken() {
    case(
        &body("if @Int.0 > 0 then { @Int.0 } else { match @Int.1 { 0 -> 1, _ -> { 2 } } }"),
        &body(
            "  if @Int.0 > 0 then {
    @Int.0
  } else {
    match @Int.1 {
      0 -> 1,
      _ -> 2
    }
  }
",
        ),
    );
}

#[test]
fn final_block_keeps_its_braces() {
    case(
        &body("{ let @Int = 1; { @Int.0 } }"),
        &body("  {\n    let @Int = 1;\n    {\n      @Int.0\n    }\n  }\n"),
    );
}

#[test]
fn match_arm_block_with_statements_is_broken() {
    case(
        &body("match @Int.0 { 0 -> { let @Int = 1; @Int.0 }, _ -> 0 }"),
        &body(
            "  match @Int.0 {
    0 -> {
      let @Int = 1;
      @Int.0
    },
    _ -> 0
  }
",
        ),
    );
}

#[test]
fn handle_is_always_broken() {
    let src = body(
        "let @Int = handle[State<Int>](@Int = 0) { get(@Unit) -> resume(@Int.0), put(@Int) -> { resume(()) } with @Int = @Int.0 } in { get(()) }; @Int.0",
    );
    case(
        &src,
        &body(
            "  let @Int = handle[State<Int>](@Int = 0) {
    get(@Unit) -> { resume(@Int.0) },
    put(@Int) -> { resume(()) } with @Int = @Int.0
  } in {
    get(())
  };
  @Int.0
",
        ),
    );
    case(
        &body("handle[Exn<Int>] { throw(@Int) -> { let @Int = 1; @Int.0 } } in { g(1) }"),
        &body(
            "  handle[Exn<Int>] {
    throw(@Int) -> { let @Int = 1; @Int.0 }
  } in {
    g(1)
  }
",
        ),
    );
}

#[test]
fn handle_inside_a_lambda_breaks_the_lambda() {
    case(
        &body("let @fn(Int -> Int) effects(pure) = fn(@Int -> @Int) effects(pure) { handle[State<Int>](@Int = @Int.0) { get(@Unit) -> { resume(@Int.0) } } in { get(()) } }; 0"),
        &body(
            "  let @fn(Int -> Int) effects(pure) = fn(@Int -> @Int) effects(pure) {
    handle[State<Int>](@Int = @Int.0) {
      get(@Unit) -> { resume(@Int.0) }
    } in {
      get(())
    }
  };
  0
",
        ),
    );
}

// ----- 10.8 expressions on one line ------------------------------------------------

#[test]
fn inline_if_match_block_lambda() {
    case(
        &body(
            "let @Int = if @Int.0 > 0 then {
  1
} else {
  2
};
let @Int = match @Int.0 {
  0 -> 1,
  _ -> { let @Int = 2; @Int.0 }
};
let @Int = { let @Int = 1;
  @Int.0 };
g(fn(@Int -> @Int) effects(pure) {
  let @Int = 1;
  if true then { @Int.0 } else { 2 }
})",
        ),
        &body(
            "  let @Int = if @Int.0 > 0 then { 1 } else { 2 };
  let @Int = match @Int.0 { 0 -> 1, _ -> { let @Int = 2; @Int.0 } };
  let @Int = { let @Int = 1; @Int.0 };
  g(fn(@Int -> @Int) effects(pure) { let @Int = 1; if true then { @Int.0 } else { 2 } })
",
        ),
    );
}

#[test]
fn redundant_braces_are_removed_inline() {
    case(
        &body("let @Int = { 5 }; let @Int = match @Int.0 { 0 -> { 1 }, _ -> { { 2 } } }; g({ @Int.0 })"),
        &body("  let @Int = 5;\n  let @Int = match @Int.0 { 0 -> 1, _ -> 2 };\n  g(@Int.0)\n"),
    );
}

// ----- 10.9 operators and parentheses ----------------------------------------------

#[test]
fn parentheses_from_precedence_and_associativity() {
    case(
        &body(
            "let @Int = ((@Int.0 + @Int.1)) * @Int.2;
let @Int = @Int.0 - (@Int.1 - @Int.2);
let @Int = (@Int.0 - @Int.1) - @Int.2;
let @Int = @Int.0 + (@Int.1 * @Int.2);
let @Bool = (true ==> false) ==> true;
let @Bool = true ==> (false ==> true);
let @Bool = (@Int.0 < 1) == (true || false);
let @Bool = (true && false) || true;
let @Int = @Int.0%2;
0",
        ),
        &body(
            "  let @Int = (@Int.0 + @Int.1) * @Int.2;
  let @Int = @Int.0 - (@Int.1 - @Int.2);
  let @Int = @Int.0 - @Int.1 - @Int.2;
  let @Int = @Int.0 + @Int.1 * @Int.2;
  let @Bool = (true ==> false) ==> true;
  let @Bool = true ==> false ==> true;
  let @Bool = @Int.0 < 1 == (true || false);
  let @Bool = true && false || true;
  let @Int = @Int.0 % 2;
  0
",
        ),
    );
}

#[test]
fn prefix_operators_and_indexing() {
    case(
        &body("let @Int = - ( - @Int.0 ); let @Int = -(@Int.0 + 1); let @Bool = ! (true && false); let @Bool = !!true; let @Int = -1 - -2; let @Int = (-@Int.0); ([1, 2] |> g())[0]"),
        &body(
            "  let @Int = -(-@Int.0);
  let @Int = -(@Int.0 + 1);
  let @Bool = !(true && false);
  let @Bool = !!true;
  let @Int = -1 - -2;
  let @Int = -@Int.0;
  ([1, 2] |> g())[0]
",
        ),
    );
}

// ----- 10.10 calls, pipes and lists ------------------------------------------------

#[test]
fn calls_and_lists() {
    case(
        &body("IO.print( \"x\" ); vera.math::abs( -1 ); let @Array<Int> = [ 1,2 , 3, ]; let @Option<Int> = None; let @Option<Int> = Some( 1 ); g( )"),
        &body(
            "  IO.print(\"x\");
  vera.math::abs(-1);
  let @Array<Int> = [1, 2, 3];
  let @Option<Int> = None;
  let @Option<Int> = Some(1);
  g()
",
        ),
    );
}

#[test]
fn pipes_stay_pipes() {
    case(
        &body("let @Int = @Int.0|>add(1)|>abs; let @Int = (@Int.0 |> abs) + 1; @Int.0 |> Some"),
        &body(
            "  let @Int = @Int.0 |> add(1) |> abs();
  let @Int = (@Int.0 |> abs()) + 1;
  @Int.0 |> Some()
",
        ),
    );
}

#[test]
fn function_value_application_is_apply_fn() {
    case(
        &body("let @fn(Int -> Int) effects(pure) = g(); @fn(Int -> Int) effects(pure).0(@Int.0)"),
        &body(
            "  let @fn(Int -> Int) effects(pure) = g();
  apply_fn(@fn(Int -> Int) effects(pure).0, @Int.0)
",
        ),
    );
}

// ----- 10.11 literals --------------------------------------------------------------

#[test]
fn literals() {
    case(
        &body(
            "let @Float64 = 1.50; let @Float64 = 3.0; let @Float64 = 10000000000000000.0; let @Float64 = 0.000010;
let @String = \"tab\\there \\u{41}\\u{1} \\\"q\\\" \\\\ \\r\\0\"; 007 - 0",
        )
        .replace("007", "7"),
        &body(
            "  let @Float64 = 1.5;
  let @Float64 = 3.0;
  let @Float64 = 10000000000000000.0;
  let @Float64 = 0.00001;
  let @String = \"tab\\there A\\u{1} \\\"q\\\" \\\\ \\r\\0\";
  7 - 0
",
        ),
    );
}

// ----- 10.12 names -----------------------------------------------------------------

#[test]
fn patterns_and_names() {
    case(
        &body("match @Int.0 { -1 -> 0, 0 -> g(), _ -> match \"s\" { \"a\\n\" -> 1, _ -> 2 } }"),
        &body(
            "  match @Int.0 {
    -1 -> 0,
    0 -> g(),
    _ -> match \"s\" { \"a\\n\" -> 1, _ -> 2 }
  }
",
        ),
    );
    case(
        "private fn f(@List<Option<Int>> -> @Bool) requires(true) ensures(true) effects(pure) { match @List<Option<Int>>.0 { Cons( Some( @Int ) , _ ) -> true, Nil -> false, Cons(None, @List<Option<Int>>) -> false } }",
        "
private fn f(@List<Option<Int>> -> @Bool)
  requires(true)
  ensures(true)
  effects(pure)
{
  match @List<Option<Int>>.0 {
    Cons(Some(@Int), _) -> true,
    Nil -> false,
    Cons(None, @List<Option<Int>>) -> false
  }
}
",
    );
}

#[test]
fn contract_expressions() {
    case(
        "private fn f(@Array<Int> -> @Unit) requires(forall(@Nat, length(@Array<Int>.0), fn(@Nat -> @Bool) effects(pure) { @Array<Int>.0[@Nat.0] > 0 })) ensures(new(State<Int>) == old(State<Int>) + 1) effects(<State<Int>>) { assert(true); assume(exists(@Nat, 3, fn(@Nat -> @Bool) effects(pure) { true })); () }",
        "
private fn f(@Array<Int> -> @Unit)
  requires(forall(@Nat, length(@Array<Int>.0), fn(@Nat -> @Bool) effects(pure) { @Array<Int>.0[@Nat.0] > 0 }))
  ensures(new(State<Int>) == old(State<Int>) + 1)
  effects(<State<Int>>)
{
  assert(true);
  assume(exists(@Nat, 3, fn(@Nat -> @Bool) effects(pure) { true }));
  ()
}
",
    );
}

// ----- 10.13 comments --------------------------------------------------------------

#[test]
fn comments_before_declarations() {
    case(
        "
-- File header.

-- More header.


{- A block
     comment. -}
private fn f(-> @Int) requires(true) ensures(true) effects(pure) { 1 }

-- Between.

type A = Int;
",
        "
-- File header.
-- More header.
{- A block
comment. -}
private fn f(-> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  1
}

-- Between.
type A = Int;
",
    );
}

#[test]
fn comments_before_module_and_imports() {
    case(
        "
-- About the module.
module m; -- the module
-- Math.
import vera.math; -- abs
import vera.text;
-- Code.
type A = Int;
",
        "
-- About the module.
module m;  -- the module

-- Math.
import vera.math;  -- abs
import vera.text;

-- Code.
type A = Int;
",
    );
}

#[test]
fn comments_in_function_headers() {
    case(
        "
public fn f(@Int /* width */, @Int /* height */ -> @Int) -- area
  -- Precondition.
  requires(@Int.0 > 0) -- positive
  ensures(true)
  -- Pure.
  effects(pure)
{
  @Int.0 * @Int.1
}
",
        "
public fn f(@Int /* width */, @Int /* height */ -> @Int)  -- area
  -- Precondition.
  requires(@Int.0 > 0)  -- positive
  ensures(true)
  -- Pure.
  effects(pure)
{
  @Int.0 * @Int.1
}
",
    );
}

#[test]
fn comments_in_bodies() {
    case(
        "
private fn f(@Int -> @Int) requires(true) ensures(true) effects(pure)
{ -- open
  -- first


  let @Int = 1;   -- one
  {- before
       the result -}
  if @Int.0 > 0 then { -- positive
    -- yes
    1
  } else {
    2 -- two
    -- end of else
  }
  -- end of body
} -- after
",
        "
private fn f(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{  -- open
  -- first
  let @Int = 1;  -- one
  {- before
  the result -}
  if @Int.0 > 0 then {  -- positive
    -- yes
    1
  } else {
    2  -- two
    -- end of else
  }
  -- end of body
}  -- after
",
    );
}

#[test]
fn comments_in_data_effects_matches_handlers() {
    case(
        "
private data Color { -- colours
  -- warm
  Red, -- red
  Green /* g */,
  Blue
  -- no more
}

effect E {
  -- get
  op get(-> Int); -- t
}

private fn f(@Int -> @Int) requires(true) ensures(true) effects(pure) {
  handle[Exn<Int>] {
    -- catch
    throw(@Int) -> { @Int.0 } -- caught
  } in {
    match @Int.0 {
      -- zero
      0 -> 1, -- one
      _ -> 2
      -- done
    }
  }
}
",
        "
private data Color {  -- colours
  -- warm
  Red,  -- red
  Green /* g */,
  Blue
  -- no more
}

effect E {
  -- get
  op get(-> Int);  -- t
}

private fn f(@Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  handle[Exn<Int>] {
    -- catch
    throw(@Int) -> { @Int.0 }  -- caught
  } in {
    match @Int.0 {
      -- zero
      0 -> 1,  -- one
      _ -> 2
      -- done
    }
  }
}
",
    );
}

#[test]
fn comments_break_inline_constructs() {
    case(
        &body(
            "let @Int = match @Int.0 {
  0 -> 1, -- zero
  _ -> 2
};
let @Array<Int> = [1, -- one
  -- two
  2];
g(@Int.0, {- mid -} @Int.1 /* after */);
@Int.0 + -- plus
  1",
        ),
        &body(
            "  let @Int = match @Int.0 {
    0 -> 1,  -- zero
    _ -> 2
  };
  let @Array<Int> = [
    1,  -- one
    -- two
    2
  ];
  g(@Int.0, {- mid -} @Int.1 /* after */);
  @Int.0 +  -- plus
    1
",
        ),
    );
}

#[test]
fn comments_at_the_end_of_the_file() {
    case(
        "type A = Int; -- a\n\n-- end\n   {- block\n      kept -}   \n",
        "type A = Int;  -- a\n-- end\n{- block\n      kept -}\n",
    );
    case(
        "-- only a comment\n\n-- and another",
        "-- only a comment\n-- and another\n",
    );
}

// ----- the command line ------------------------------------------------------------

fn vera(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_vera"))
        .args(args)
        .output()
        .expect("run vera");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn cli_print_write_check_and_errors() {
    let dir = tempfile::tempdir().unwrap();
    let messy = dir.path().join("messy.vera");
    let messy_s = messy.to_str().unwrap();
    std::fs::write(&messy, "type A=Int;").unwrap();

    let (code, out, _) = vera(&["fmt", messy_s]);
    assert_eq!((code, out.as_str()), (0, "type A = Int;\n"));

    let (code, _, err) = vera(&["fmt", "--check", messy_s]);
    assert_eq!(code, 1);
    assert_eq!(err, format!("Would reformat: {}\n", messy_s));

    let (code, out, _) = vera(&["fmt", "--write", messy_s]);
    assert_eq!((code, out), (0, format!("Formatted: {}\n", messy_s)));
    assert_eq!(std::fs::read_to_string(&messy).unwrap(), "type A = Int;\n");

    let (code, out, _) = vera(&["fmt", "--check", messy_s]);
    assert_eq!((code, out), (0, format!("OK: {}\n", messy_s)));

    // A syntax error: the usual diagnostic, exit 1, the file untouched.
    let bad = dir.path().join("bad.vera");
    std::fs::write(&bad, "type A = ;").unwrap();
    let (code, out, err) = vera(&["fmt", "--write", bad.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(err.contains("[E005]"), "{}", err);
    assert_eq!(std::fs::read_to_string(&bad).unwrap(), "type A = ;");

    // It only parses: a type error is formatted all the same.
    let ill_typed = dir.path().join("types.vera");
    std::fs::write(
        &ill_typed,
        "private fn f(-> @Int) requires(true) ensures(true) effects(pure) { \"no\" }",
    )
    .unwrap();
    let (code, out, _) = vera(&["fmt", ill_typed.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(out.contains("  \"no\"\n"));
}

// ----- every program -----------------------------------------------------------------

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `.vera` files under `dir`, recursively, sorted.
fn vera_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "vera") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn repo_programs() -> Vec<PathBuf> {
    let mut files = vera_files(&root().join("examples"));
    files.extend(vera_files(&root().join("tests/programs")));
    assert!(files.len() >= 30, "only {} programs found", files.len());
    files
}

/// The upstream examples, or none (with a note) when `../shared` is absent.
fn reference_programs() -> Vec<PathBuf> {
    let dir = root().join("../shared/reference/examples");
    if !dir.is_dir() {
        eprintln!(
            "{} is absent: skipping the upstream examples",
            dir.display()
        );
        return Vec::new();
    }
    let files = vera_files(&dir);
    assert!(files.len() >= 18, "only {} reference examples", files.len());
    files
}

/// The comments of a text, whitespace-normalised, in order.
fn comments_of(src: &str) -> Vec<String> {
    let lexed = vera::syntax::lexer::lex_with_comments(0, src);
    lexed
        .comments
        .iter()
        .map(|c| {
            src[c.span.start as usize..c.span.end as usize]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// Format `src`; check the output is a fixed point, parses to the same tree and
/// has the same comments in the same order.
fn check_program(name: &str, src: &str) -> String {
    let out = format_source(src).unwrap_or_else(|d| panic!("{}: {:?}", name, d));
    let again = format_source(&out).unwrap_or_else(|d| panic!("{} (second pass): {:?}", name, d));
    assert!(
        out == again,
        "{}: not idempotent:\n{}\n---\n{}",
        name,
        out,
        again
    );
    let a = vera::syntax::parse(0, src).unwrap();
    let b = vera::syntax::parse(0, &out).unwrap();
    assert!(
        same_tree(&a, &b),
        "{}: the formatted program is a different tree",
        name
    );
    assert_eq!(
        comments_of(src),
        comments_of(&out),
        "{}: comments changed",
        name
    );
    out
}

#[test]
fn every_program_formats_idempotently_to_the_same_tree() {
    let files: Vec<PathBuf> = repo_programs()
        .into_iter()
        .chain(reference_programs())
        .collect();
    for f in files {
        let src = std::fs::read_to_string(&f).unwrap();
        check_program(&f.display().to_string(), &src);
    }
}

#[test]
fn repo_programs_are_canonical() {
    for f in repo_programs() {
        let src = std::fs::read_to_string(&f).unwrap();
        let out = check_program(&f.display().to_string(), &src);
        assert!(
            out == src,
            "{} is not in canonical form: run `vera fmt --write` on it",
            f.display()
        );
    }
}

/// Upstream's own examples are canonical, except these five, which upstream's
/// formatter changes too (spec 10.14): a blank line between the first comment and
/// the first declaration or `module` line (gc_pressure, string_ops, both stub
/// modules), blank lines between statements and a `let` value broken over lines
/// (string_ops), one-line `data` declarations (string_ops, vera/collections), and
/// an `if` on one line as a function's final expression (effect_handler,
/// vera/math).
const NOT_CANONICAL_UPSTREAM: [&str; 5] = [
    "effect_handler.vera",
    "gc_pressure.vera",
    "string_ops.vera",
    "vera/collections.vera",
    "vera/math.vera",
];

#[test]
fn reference_examples_are_canonical_but_five() {
    let dir = root().join("../shared/reference/examples");
    for f in reference_programs() {
        let rel = f
            .strip_prefix(&dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let src = std::fs::read_to_string(&f).unwrap();
        let out = check_program(&rel, &src);
        let expected_canonical = !NOT_CANONICAL_UPSTREAM.contains(&rel.as_str());
        assert_eq!(
            out == src,
            expected_canonical,
            "{}: canonical is {}, expected {}",
            rel,
            out == src,
            expected_canonical
        );
    }
}

/// A comment of each kind after every token of every program: formatting keeps it,
/// stays idempotent and keeps the tree (the formatter's own checks fail otherwise).
#[test]
fn a_comment_after_any_token_survives() {
    let files: Vec<PathBuf> = repo_programs()
        .into_iter()
        .chain(reference_programs())
        .collect();
    let mut cases = 0;
    for f in files {
        let src = std::fs::read_to_string(&f).unwrap();
        let lexed = vera::syntax::lexer::lex_with_comments(0, &src);
        let ends: Vec<usize> = lexed.tokens.iter().map(|t| t.span.end as usize).collect();
        // Every eleventh token, a different comment form each time, keeps this
        // fast; the forms rotate over the positions across runs of the stride.
        for (k, &end) in ends.iter().enumerate().step_by(11) {
            let comment = match (k / 11) % 4 {
                0 => " -- NOTE\n",
                1 => " {- NOTE -} ",
                2 => "\n-- NOTE\n",
                _ => " /* NOTE */\n",
            };
            let text = format!("{}{}{}", &src[..end], comment, &src[end..]);
            let name = format!("{} + comment after byte {}", f.display(), end);
            let out = check_program(&name, &text);
            assert!(out.contains("NOTE"), "{}: the comment is gone", name);
            cases += 1;
        }
    }
    assert!(cases > 1000, "only {} cases", cases);
}

/// Mixed runs of comments at two nearby token boundaries: a trailing `--` comment
/// followed by comment lines, a block comment and a `--` comment on one line,
/// multi-line block comments. The formatter's own checks fail on a lost or
/// duplicated comment; this checks idempotence and the comments' order too.
#[test]
fn runs_of_mixed_comments_survive() {
    const FORMS: [&str; 6] = [
        " -- A\n-- B\n",
        "\n{- A -} -- B\n",
        "\n\n{- A\n   two\n      three -}\n",
        " {- A\n x -} ",
        " /* A */ ",
        "\n-- A\n\n-- B\n",
    ];
    let files: Vec<PathBuf> = repo_programs()
        .into_iter()
        .chain(reference_programs())
        .collect();
    let mut cases = 0;
    for f in files {
        let src = std::fs::read_to_string(&f).unwrap();
        let lexed = vera::syntax::lexer::lex_with_comments(0, &src);
        let ends: Vec<usize> = lexed.tokens.iter().map(|t| t.span.end as usize).collect();
        for (k, w) in ends.windows(3).enumerate().step_by(13) {
            let (first, second) = (FORMS[k % FORMS.len()], FORMS[(k / 13 + 1) % FORMS.len()]);
            let (a, b) = (w[0], w[2]);
            let text = format!(
                "{}{}{}{}{}",
                &src[..a],
                first,
                &src[a..b],
                second,
                &src[b..]
            );
            check_program(
                &format!("{} + comments after bytes {} and {}", f.display(), a, b),
                &text,
            );
            cases += 1;
        }
    }
    assert!(cases > 500, "only {} cases", cases);
}
