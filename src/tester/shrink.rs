//! Shrinking a failing input: smaller candidates for each argument, tried in
//! order; the first that still satisfies the `requires` and still fails
//! replaces the input, until no candidate does (or the budget is spent).

use super::value::Value;
use crate::check::tir::Program;
use crate::check::types::Type;

/// How many runs one failing input may spend on shrinking.
pub const BUDGET: usize = 1_000;

/// Simpler values than `v`, simplest first.
pub fn candidates(program: &Program, t: &Type, v: &Value) -> Vec<Value> {
    let mut out = match v {
        Value::Int(i) => ints(*i).into_iter().map(Value::Int).collect(),
        Value::Byte(b) => ints(i64::from(*b))
            .into_iter()
            .map(|i| Value::Byte(i as u8))
            .collect(),
        Value::Bool(true) => vec![Value::Bool(false)],
        Value::Float(f) => floats(*f).into_iter().map(Value::Float).collect(),
        Value::Str(s) => strings(s),
        Value::Array(items) => arrays(program, t, items),
        Value::Ctor { .. } => ctors(program, t, v),
        Value::Tuple(items) => tuple(program, t, items),
        Value::Bool(false) | Value::Unit => vec![],
    };
    out.retain(|c| c != v && !same_float(c, v));
    out
}

/// 0, then halfway toward `i`, a quarter of the way, ... `i` minus one step
/// toward 0.
fn ints(i: i64) -> Vec<i64> {
    let mut out = vec![0];
    let mut d = i / 2;
    while d != 0 {
        out.push(i - d);
        d /= 2;
    }
    if i != 0 {
        out.push(i - i.signum());
    }
    out.dedup();
    out
}

/// Floats shrink toward simple ones: anything non-finite to 0 or ±1; a
/// fraction to 0, its integer part, ±1, or fewer significant digits; an
/// integer as an Int does.
fn floats(f: f64) -> Vec<f64> {
    if !f.is_finite() {
        return vec![0.0, 1.0, -1.0];
    }
    if f.fract() == 0.0 && f.abs() < 9e15 {
        return ints(f as i64).into_iter().map(|i| i as f64).collect();
    }
    let one = if f < 0.0 { -1.0 } else { 1.0 };
    let digits = |n: usize| format!("{:.*e}", n, f).parse::<f64>().unwrap_or(f);
    vec![0.0, f.trunc(), one, digits(0), digits(2)]
}

fn same_float(a: &Value, b: &Value) -> bool {
    matches!((a, b), (Value::Float(x), Value::Float(y)) if x.to_bits() == y.to_bits())
}

/// Shorter strings (empty, halves, one character less), then simpler characters.
fn strings(s: &str) -> Vec<Value> {
    let chars: Vec<char> = s.chars().collect();
    let mut out: Vec<String> = vec![String::new()];
    let half = chars.len() / 2;
    out.push(chars[..half].iter().collect());
    out.push(chars[half..].iter().collect());
    for i in 0..chars.len() {
        let mut c = chars.clone();
        c.remove(i);
        out.push(c.into_iter().collect());
    }
    for i in 0..chars.len() {
        if chars[i] != 'a' {
            let mut c = chars.clone();
            c[i] = 'a';
            out.push(c.into_iter().collect());
        }
    }
    out.into_iter().map(Value::Str).collect()
}

fn arrays(program: &Program, t: &Type, items: &[Value]) -> Vec<Value> {
    let Type::Array(e) = t else { return vec![] };
    let mut out = vec![Value::Array(vec![])];
    let half = items.len() / 2;
    out.push(Value::Array(items[..half].to_vec()));
    out.push(Value::Array(items[half..].to_vec()));
    for i in 0..items.len() {
        let mut c = items.to_vec();
        c.remove(i);
        out.push(Value::Array(c));
    }
    for (i, item) in items.iter().enumerate() {
        for smaller in candidates(program, e, item) {
            let mut c = items.to_vec();
            c[i] = smaller;
            out.push(Value::Array(c));
        }
    }
    out
}

/// Constructors with fewer fields, fields of the same type (a subtree),
/// then each field shrunk.
fn ctors(program: &Program, t: &Type, v: &Value) -> Vec<Value> {
    let (Type::Adt(id, targs), Value::Ctor { name, tag, fields }) = (t, v) else {
        return vec![];
    };
    let def = &program.adts[*id];
    let gen = super::generate::Generator::new(program, 0);
    let mut out: Vec<Value> = (0..def.ctors.len())
        .filter(|k| def.ctors[*k].fields.len() < fields.len())
        .filter_map(|k| gen.minimal_ctor(*id, targs, k, 1))
        .collect();
    let types = def.field_types(*tag, targs);
    for (ft, f) in types.iter().zip(fields) {
        if ft == t {
            out.push(f.clone());
        }
    }
    for (i, (ft, f)) in types.iter().zip(fields).enumerate() {
        for smaller in candidates(program, ft, f) {
            let mut c = fields.clone();
            c[i] = smaller;
            out.push(Value::Ctor {
                name: name.clone(),
                tag: *tag,
                fields: c,
            });
        }
    }
    out
}

fn tuple(program: &Program, t: &Type, items: &[Value]) -> Vec<Value> {
    let Type::Tuple(ts) = t else { return vec![] };
    let mut out = Vec::new();
    for (i, (ft, f)) in ts.iter().zip(items).enumerate() {
        for smaller in candidates(program, ft, f) {
            let mut c = items.to_vec();
            c[i] = smaller;
            out.push(Value::Tuple(c));
        }
    }
    out
}

/// Shrink `args` while `still_fails` holds of a smaller input (it returns
/// the new failure message, or `None` if the input passes or is rejected).
pub fn shrink(
    program: &Program,
    types: &[Type],
    mut args: Vec<Value>,
    mut message: String,
    still_fails: &mut dyn FnMut(&[Value]) -> Option<String>,
) -> (Vec<Value>, String) {
    let mut budget = BUDGET;
    'progress: while budget > 0 {
        let one_at_a_time = (0..args.len()).flat_map(|i| {
            candidates(program, &types[i], &args[i])
                .into_iter()
                .map(move |c| (i, c))
        });
        let singles: Vec<Vec<Value>> = one_at_a_time
            .map(|(i, c)| {
                let mut next = args.clone();
                next[i] = c;
                next
            })
            .collect();
        for next in singles.into_iter().chain(together(&args)) {
            if budget == 0 {
                break 'progress;
            }
            budget -= 1;
            if let Some(m) = still_fails(&next) {
                args = next;
                message = m;
                continue 'progress;
            }
        }
        break;
    }
    (args, message)
}

/// Every integer argument moved toward 0 by the same amount (half the
/// smallest magnitude, a quarter, ..., one): `(10, 11)` becomes `(9, 10)`
/// when a `requires` ties the arguments so that neither can move alone.
fn together(args: &[Value]) -> Vec<Vec<Value>> {
    let ints: Vec<i64> = args
        .iter()
        .filter_map(|a| match a {
            Value::Int(i) => Some(*i),
            _ => None,
        })
        .collect();
    let Some(least) = ints.iter().map(|i| i.unsigned_abs()).min() else {
        return vec![];
    };
    if ints.len() < 2 || least == 0 {
        return vec![];
    }
    let mut steps = Vec::new();
    let mut d = least / 2;
    while d > 0 {
        steps.push(d as i64);
        d /= 2;
    }
    steps.push(1);
    steps.dedup();
    steps
        .into_iter()
        .map(|d| {
            args.iter()
                .map(|a| match a {
                    Value::Int(i) => Value::Int(i - d * i.signum()),
                    other => other.clone(),
                })
                .collect()
        })
        .collect()
}
