//! The prelude builds strings by hand (`$int_to_string`, `$string_concat`, …);
//! everything else about objects is laid out by `vera::abi`. These tests read
//! the prelude's objects back through the ABI (the result printer uses it) and
//! compare them with static literals, whose bytes `abi::string_bytes` lays out.

use crate::support::run_ok as run;

#[test]
fn prelude_strings_and_parse_nat_read_back_through_the_abi() {
    // Each value is built by the prelude (or, for parse_nat's Result, by the
    // code generator from the prelude's number) and printed by reading memory
    // with the ABI's layouts.
    let src = r#"
public fn main(@Unit -> @Tuple<String, String, String, String, Result<Nat, String>, Result<Nat, String>>)
  requires(true)
  ensures(true)
  effects(pure)
{
  Tuple(int_to_string(-42), bool_to_string(true), byte_to_string(65),
        strip(string_concat("  x", " y\n")), parse_nat(" 7 "), parse_nat("7x"))
}
"#;
    assert_eq!(
        run("prelude_strings", src),
        r#"Tuple("-42", "true", "A", "x y", Ok(7), Err("invalid Nat"))"#
    );
}

#[test]
fn built_strings_equal_static_literals() {
    // A literal lives in the data segment, a built string in the heap; the same
    // bytes compare equal either way, and order as bytes do.
    let src = r#"
public fn main(@Unit -> @Array<Bool>)
  requires(true)
  ensures(true)
  effects(pure)
{
  [string_concat("a", "b") == "ab", int_to_string(10) == "10",
   string_slice("hello", 1, 3) == "el", "ab" < string_concat("a", "c"),
   bool_to_string(false) == "false", strip("\t") == ""]
}
"#;
    assert_eq!(
        run("string_equality", src),
        "[true, true, true, true, true, true]"
    );
}

#[test]
fn string_bytes_match_the_documented_layout() {
    // A 4-byte little-endian length, then the UTF-8 bytes.
    assert_eq!(
        vera::abi::string_bytes("hé"),
        vec![3, 0, 0, 0, b'h', 0xc3, 0xa9]
    );
    let mut mem = vec![0u8; 16];
    mem[8..15].copy_from_slice(&vera::abi::string_bytes("hé"));
    assert_eq!(vera::abi::read_string(&mem, 8), "hé");
}

#[test]
fn floats_print_as_chapter_8_says() {
    use vera::values::format_float;
    // Worked by hand from the rule: six digits after the point, trailing zeros
    // dropped, one digit kept.
    assert_eq!(format_float(2.0), "2.0");
    assert_eq!(format_float(2.75), "2.75");
    assert_eq!(format_float(0.1 + 0.2), "0.3");
    assert_eq!(format_float(1.0 / 3.0), "0.333333");
    assert_eq!(format_float(1e16), "10000000000000000.0");
    assert_eq!(format_float(-0.5), "-0.5");
    assert_eq!(format_float(f64::NAN), "NaN");
    assert_eq!(format_float(f64::NEG_INFINITY), "-inf");
}
