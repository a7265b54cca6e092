//! Operators, indexing and built-in functions on interpreter values, with the
//! compiled program's semantics: 64-bit wrapping integers (`-2^63 / -1` wraps),
//! truncating division, Byte arithmetic modulo 256, IEEE floats, strings as
//! bytes.

use super::Value;
use crate::check::tir::{Builtin, Program};
use crate::check::types::{AdtId, Type};
use crate::syntax::ast::{BinOp, UnOp};
use std::rc::Rc;

pub fn unary<'p>(op: UnOp, v: Value<'p>) -> Value<'p> {
    match (op, v) {
        (UnOp::Not, Value::Bool(b)) => Value::Bool(!b),
        (UnOp::Neg, Value::Int(i)) => Value::Int(i.wrapping_neg()),
        (UnOp::Neg, Value::Float(f)) => Value::Float(-f),
        (_, v) => v,
    }
}

fn division_by_zero(display: &str) -> String {
    format!("Runtime error in {}: division by zero", display)
}

pub fn binary<'p>(
    op: BinOp,
    t: &Type,
    l: Value<'p>,
    r: Value<'p>,
    display: &str,
) -> Result<Value<'p>, String> {
    use BinOp::*;
    Ok(match (op, l, r) {
        (And | Or | Implies, _, Value::Bool(b)) => Value::Bool(b),
        (Eq, a, b) => Value::Bool(equal(&a, &b)),
        (Ne, a, b) => Value::Bool(!equal(&a, &b)),
        (Lt | Gt | Le | Ge, a, b) => {
            let ord = compare(&a, &b);
            Value::Bool(match ord {
                None => false,
                Some(o) => match op {
                    Lt => o.is_lt(),
                    Gt => o.is_gt(),
                    Le => o.is_le(),
                    _ => o.is_ge(),
                },
            })
        }
        (_, Value::Int(a), Value::Int(b)) => Value::Int(match op {
            Add => a.wrapping_add(b),
            Sub => a.wrapping_sub(b),
            Mul => a.wrapping_mul(b),
            Div if b == 0 => return Err(division_by_zero(display)),
            Div => a.wrapping_div(b),
            Rem if b == 0 => return Err(division_by_zero(display)),
            _ => a.wrapping_rem(b),
        }),
        (_, Value::Byte(a), Value::Byte(b)) => Value::Byte(match op {
            Add => a.wrapping_add(b),
            Sub => a.wrapping_sub(b),
            Mul => a.wrapping_mul(b),
            Div if b == 0 => return Err(division_by_zero(display)),
            Div => a / b,
            Rem if b == 0 => return Err(division_by_zero(display)),
            _ => a % b,
        }),
        (_, Value::Float(a), Value::Float(b)) => Value::Float(match op {
            Add => a + b,
            Sub => a - b,
            Mul => a * b,
            Div => a / b,
            // x % y = x - trunc(x / y) * y, as the compiled code computes it.
            _ => a - (a / b).trunc() * b,
        }),
        (_, a, _) => {
            let _ = t;
            a
        }
    })
}

/// Structural equality, as the generated equality functions compare.
pub fn equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Float(x), Value::Float(y)) => x == y,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Byte(x), Value::Byte(y)) => x == y,
        (Value::Unit, Value::Unit) => true,
        (Value::Str(x), Value::Str(y)) => x == y,
        (Value::Data(_, t, xs), Value::Data(_, u, ys)) => {
            t == u && xs.iter().zip(ys.iter()).all(|(x, y)| equal(x, y))
        }
        (Value::Tuple(xs), Value::Tuple(ys)) | (Value::Array(xs), Value::Array(ys)) => {
            xs.len() == ys.len() && xs.iter().zip(ys.iter()).all(|(x, y)| equal(x, y))
        }
        (Value::Closure(x), Value::Closure(y)) => Rc::ptr_eq(x, y),
        _ => false,
    }
}

/// Order of numbers (Bool false < true, Byte unsigned) and strings (by bytes).
fn compare(a: &Value, b: &Value) -> Option<std::cmp::Ordering> {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => Some(x.cmp(y)),
        (Value::Float(x), Value::Float(y)) => x.partial_cmp(y),
        (Value::Bool(x), Value::Bool(y)) => Some(x.cmp(y)),
        (Value::Byte(x), Value::Byte(y)) => Some(x.cmp(y)),
        (Value::Str(x), Value::Str(y)) => Some(x[..].cmp(&y[..])),
        _ => None,
    }
}

fn bounds(display: &str, index: i64, len: usize) -> String {
    format!(
        "Index out of bounds in {}: index {} is not below the length {}",
        display, index, len
    )
}

pub fn index<'p>(base: Value<'p>, index: Value<'p>, display: &str) -> Result<Value<'p>, String> {
    let (Value::Array(items), Value::Int(i)) = (base, index) else {
        return Err("indexing a non-array".into());
    };
    if (i as u64) >= items.len() as u64 {
        return Err(bounds(display, i, items.len()));
    }
    Ok(items[i as usize].clone())
}

fn string<'p>(s: impl Into<Vec<u8>>) -> Value<'p> {
    Value::Str(Rc::from(s.into()))
}

/// Spaces, tabs, newlines and carriage returns (spec 8.2).
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

fn strip(s: &[u8]) -> &[u8] {
    let start = s.iter().position(|&b| !is_space(b)).unwrap_or(s.len());
    let end = s
        .iter()
        .rposition(|&b| !is_space(b))
        .map_or(start, |e| e + 1);
    &s[start..end.max(start)]
}

/// `parse_nat`: decimal digits, optionally surrounded by white space, at most
/// 2^63 - 1.
fn parse_nat(s: &[u8]) -> Option<i64> {
    let digits = strip(s);
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut v: i64 = 0;
    for &d in digits {
        v = v.checked_mul(10)?.checked_add((d - b'0') as i64)?;
    }
    Some(v)
}

pub fn builtin<'p>(
    program: &Program,
    b: Builtin,
    args: Vec<Value<'p>>,
    display: &str,
) -> Result<Value<'p>, String> {
    let int = |i: usize| match args.get(i) {
        Some(Value::Int(x)) => *x,
        _ => 0,
    };
    let text = |i: usize| match args.get(i) {
        Some(Value::Str(s)) => s.clone(),
        _ => Rc::from(&b""[..]),
    };
    Ok(match b {
        Builtin::Length => match args.first() {
            Some(Value::Array(items)) => Value::Int(items.len() as i64),
            _ => Value::Int(0),
        },
        Builtin::StringLength => Value::Int(text(0).len() as i64),
        Builtin::StringConcat => string([&text(0)[..], &text(1)[..]].concat()),
        Builtin::StringSlice => {
            let (s, start, end) = (text(0), int(1), int(2));
            if (start as u64) > (end as u64) || (end as u64) > s.len() as u64 {
                return Err(bounds(display, end, s.len()));
            }
            string(&s[start as usize..end as usize])
        }
        Builtin::CharCode => {
            let (s, i) = (text(0), int(1));
            if (i as u64) >= s.len() as u64 {
                return Err(bounds(display, i, s.len()));
            }
            Value::Int(s[i as usize] as i64)
        }
        Builtin::ParseNat => {
            let ctors = &program.adts[AdtId::RESULT].ctors;
            let tag = |name: &str| ctors.iter().position(|c| c.name == name).unwrap();
            match parse_nat(&text(0)) {
                Some(n) => Value::Data(AdtId::RESULT, tag("Ok"), Rc::from(vec![Value::Int(n)])),
                None => Value::Data(
                    AdtId::RESULT,
                    tag("Err"),
                    Rc::from(vec![string("invalid Nat")]),
                ),
            }
        }
        Builtin::ParseFloat64 => Value::Float(crate::values::parse_float_prefix(
            &String::from_utf8_lossy(&text(0)),
        )),
        Builtin::IntToString | Builtin::NatToString => string(int(0).to_string()),
        Builtin::BoolToString => {
            string(matches!(args.first(), Some(Value::Bool(true))).to_string())
        }
        Builtin::ByteToString => match args.first() {
            Some(Value::Byte(b)) => string(vec![*b]),
            _ => string(""),
        },
        Builtin::FloatToString => match args.first() {
            Some(Value::Float(f)) => string(crate::values::format_float(*f)),
            _ => string(""),
        },
        Builtin::Strip => string(strip(&text(0))),
        Builtin::ToFloat => Value::Float(int(0) as f64),
    })
}
