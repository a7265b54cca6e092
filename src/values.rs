//! Vera values as text, independent of any WebAssembly engine: the result
//! `vera run` prints (read from the program's memory through `crate::abi`),
//! and the Float64 conversions of chapter 8. Every host — wasmtime here, a
//! browser's engine in the playground — prints through this module.

use crate::abi::{self, is_pointer, val_type, ValType};
use crate::check::types::Type;
use crate::codegen::AdtShape;

/// A WebAssembly value as a host reads it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Raw {
    I32(i32),
    I64(i64),
    F64(f64),
}

/// Values nested deeper than this print as `...`.
const MAX_DEPTH: usize = 50;
/// Arrays print at most this many elements.
const MAX_ELEMS: usize = 1000;

/// A result value in Vera syntax: `42`, `true`, `3.5`, a string as is (at the
/// top level), `Some(Cons(1, Nil))`, `[1, 2]`, `Tuple(1, "a")`; nothing for Unit.
pub fn show(t: &Type, v: Option<Raw>, mem: &[u8], adts: &[AdtShape]) -> String {
    match (t, v) {
        (Type::String, Some(Raw::I32(p))) => abi::read_string(mem, p as u32 as usize),
        _ => show_nested(t, v, mem, adts, 0),
    }
}

fn show_nested(t: &Type, v: Option<Raw>, mem: &[u8], adts: &[AdtShape], depth: usize) -> String {
    let Some(v) = v else { return String::new() };
    match (t, v) {
        (Type::Bool, Raw::I32(b)) => (b != 0).to_string(),
        (Type::Float64, Raw::F64(f)) => format_float(f),
        (_, Raw::I64(i)) => i.to_string(),
        (_, Raw::I32(p)) if is_pointer(t) => show_heap(t, p as u32 as usize, mem, adts, depth),
        (_, Raw::I32(i)) => i.to_string(),
        (_, Raw::F64(f)) => format_float(f),
    }
}

/// Load a stored value of type `t` at `at`.
fn load(t: &Type, at: usize, mem: &[u8]) -> Option<Raw> {
    let bytes8 = || mem.get(at..at + 8).map(|b| <[u8; 8]>::try_from(b).unwrap());
    match (t, val_type(t)?) {
        (Type::Byte, _) => mem.get(at).map(|b| Raw::I32(*b as i32)),
        (_, ValType::I64) => bytes8().map(|b| Raw::I64(i64::from_le_bytes(b))),
        (_, ValType::F64) => bytes8().map(|b| Raw::F64(f64::from_le_bytes(b))),
        (_, ValType::I32) => Some(Raw::I32(abi::read_u32(mem, at) as i32)),
    }
}

fn show_heap(t: &Type, p: usize, mem: &[u8], adts: &[AdtShape], depth: usize) -> String {
    if depth > MAX_DEPTH {
        return "...".into();
    }
    let field = |t: &Type, at: usize| show_nested(t, load(t, at, mem), mem, adts, depth + 1);
    let fields = |ts: &[Type], offsets: &[u32]| -> Vec<String> {
        ts.iter()
            .zip(offsets)
            .filter(|(t, _)| val_type(t).is_some() || **t == Type::Unit)
            .map(|(t, o)| match t {
                Type::Unit => "()".to_string(),
                _ => field(t, p + *o as usize),
            })
            .collect()
    };
    match t {
        Type::String => format!("{:?}", abi::read_string(mem, p)),
        Type::Array(elem) => {
            let len = abi::read_u32(mem, p + abi::ARRAY_LENGTH as usize) as usize;
            let items: Vec<String> = (0..len.min(MAX_ELEMS))
                .map(|i| {
                    field(
                        elem,
                        p + (abi::ARRAY_ELEMS + abi::stride(elem) * i as u32) as usize,
                    )
                })
                .collect();
            format!("[{}]", items.join(", "))
        }
        Type::Tuple(ts) => {
            let layout = abi::tuple_layout(ts);
            format!("Tuple({})", fields(ts, &layout.offsets).join(", "))
        }
        Type::Adt(id, targs) => {
            let Some(shape) = adts.get(id.0 as usize) else {
                return "?".into();
            };
            let tag = abi::read_u32(mem, p + abi::CTOR_TAG as usize) as usize;
            let Some((name, field_tys)) = shape.ctors.get(tag) else {
                return "?".into();
            };
            if field_tys.is_empty() {
                return name.clone();
            }
            let map = |v: &str| {
                shape
                    .type_params
                    .iter()
                    .position(|q| q == v)
                    .and_then(|i| targs.get(i).cloned())
            };
            let tys: Vec<Type> = field_tys.iter().map(|f| f.subst(&map)).collect();
            let layout = abi::ctor_layout(&tys);
            format!("{}({})", name, fields(&tys, &layout.offsets).join(", "))
        }
        _ => "<function>".into(),
    }
}

/// `float_to_string` (spec 8.4): at most six digits after the point, trailing
/// zeros removed but one digit kept: `2.0`, `3.14`, `0.333333`, `1e16` as
/// `10000000000000000.0`. Not-a-number is `NaN`, the infinities `inf`, `-inf`.
pub fn format_float(v: f64) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "inf".into() } else { "-inf".into() };
    }
    let text = format!("{:.6}", v);
    let trimmed = text.trim_end_matches('0');
    if trimmed.ends_with('.') {
        format!("{}0", trimmed)
    } else {
        trimmed.to_string()
    }
}

/// `parse_float64` (spec 8.3): optional spaces, an optional sign, digits and an
/// optional fraction, stopping at the first character that does not fit; 0.0
/// without digits.
pub fn parse_float_prefix(text: &str) -> f64 {
    let s = text.trim_start();
    let bytes = s.as_bytes();
    let sign = usize::from(matches!(bytes.first(), Some(b'+' | b'-')));
    let digits = |from: usize| {
        from + bytes[from..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let int_end = digits(sign);
    let mut end = int_end;
    if bytes.get(int_end) == Some(&b'.') {
        let frac_end = digits(int_end + 1);
        if frac_end > int_end + 1 {
            end = frac_end;
        }
    }
    if int_end == sign && end == int_end {
        return 0.0;
    }
    s[..end].parse::<f64>().unwrap_or(0.0)
}
