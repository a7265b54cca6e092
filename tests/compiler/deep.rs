//! Deep nesting: programs nested 10,000 levels deep (parentheses, blocks, `if`,
//! operator chains, unary operators, array literals) check, compile and run.
//! Generated programs are often this deep; the parser's limit is 100,000 levels.

const DEEP: usize = 10_000;

/// Run `main` of a program given as text; returns stdout, or panics with stderr.
fn run(name: &str, body: &str) -> String {
    let src = format!(
        "public fn main(@Unit -> @Int)\n  requires(true)\n  ensures(true)\n  effects(pure)\n{{\n{}\n}}\n",
        body
    );
    crate::support::run_ok(name, &src)
}

#[test]
fn ten_thousand_parentheses() {
    let body = format!("  {}7{}", "(".repeat(DEEP), ")".repeat(DEEP));
    assert_eq!(run("parentheses", &body), "7");
}

#[test]
fn an_addition_chain_of_ten_thousand_terms() {
    // 10,000 times "1 + ", then a last 1: 10,001.
    let body = format!("  {}1", "1 + ".repeat(DEEP));
    assert_eq!(run("addition_chain", &body), "10001");
}

#[test]
fn ten_thousand_nested_ifs() {
    // Every condition is true, so the innermost 1 is the value.
    let body = format!(
        "  {}1{}",
        "if true then { ".repeat(DEEP),
        " } else { 0 }".repeat(DEEP)
    );
    assert_eq!(run("ifs", &body), "1");
}

#[test]
fn ten_thousand_nested_blocks_with_lets() {
    // Each block binds one more Int, 1 more than the one outside it.
    let body = format!(
        "  let @Int = 0;\n  {}@Int.0{}",
        "{ let @Int = @Int.0 + 1; ".repeat(DEEP),
        " }".repeat(DEEP)
    );
    assert_eq!(run("blocks", &body), "10000");
}

#[test]
fn ten_thousand_negations_and_nested_arrays() {
    // An even number of minus signs (apart: `--` starts a comment) gives 5 back;
    // the outermost array literal holds one element. The arrays nest 1,000 deep:
    // the literal at depth k has a type k levels deep, so the types of all of
    // them together grow with the square of the depth.
    let body = format!(
        "  {}5 + length({}1{})",
        "- ".repeat(DEEP),
        "[".repeat(1_000),
        "]".repeat(1_000)
    );
    assert_eq!(run("negations_arrays", &body), "6");
}

#[test]
fn ten_thousand_lets_in_one_block() {
    // Not nested, but 10,000 bindings in scope at once, each one more than the last.
    let body = format!(
        "  let @Int = 0;\n{}  @Int.0",
        "  let @Int = @Int.0 + 1;\n".repeat(DEEP)
    );
    assert_eq!(run("lets", &body), "10000");
}
