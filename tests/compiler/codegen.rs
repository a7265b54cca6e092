//! The generated text itself: what the golden files cannot show because the
//! formatter would rewrite the program first.

use crate::support::run_source;

/// A contract written over several lines is quoted in a WAT comment, which
/// must stay on one line: the text once broke the module (E699). (Not a
/// program of tests/programs: `vera fmt` puts a contract on one line.)
#[test]
fn a_contract_over_several_lines_compiles() {
    let src = "public fn positive(@Int -> @Int)\n  requires(@Int.0 >\n    0)\n  ensures(@Int.result ==\n    @Int.0)\n  effects(pure)\n{\n  @Int.0\n}\n";
    let out = run_source("multiline_contract", src, &["--fn", "positive", "--", "3"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{}", stderr);
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim_end(), "3");
    // The violation message quotes the clause as written, on one line.
    let out = run_source("multiline_contract", src, &["--fn", "positive", "--", "-1"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr.contains("requires(@Int.0 > 0) failed"), "{}", stderr);
}
