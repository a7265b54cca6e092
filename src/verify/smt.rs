//! SMT-LIB text: the terms the encoder builds, and one query run on Z3.
//!
//! Queries are built as text, so that `vera verify --smt` prints exactly what
//! the solver is asked. Int, Nat and Byte are mathematical integers within
//! their ranges; an operation whose result leaves the 64-bit range has an
//! unknown value (the compiled program wraps), so nothing is proved of it, and
//! division truncates toward zero like `i64.div_s`.

use std::collections::HashMap;

/// The sort of Int, Nat and Byte.
pub const INT: &str = "Int";

/// An integer literal.
pub fn int(n: i64) -> String {
    if n >= 0 {
        n.to_string()
    } else {
        format!("(- {})", (n as i128).unsigned_abs())
    }
}

/// `-2^63 <= x <= 2^63 - 1`: the value fits an i64.
pub fn in_range(x: &str) -> String {
    format!("(<= {} {} {})", int(i64::MIN), x, i64::MAX)
}

/// A quoted symbol: any text but `|` and `\`.
pub fn sym(name: &str) -> String {
    format!("|{}|", name.replace(['|', '\\'], "/"))
}

pub fn app(f: &str, args: &[String]) -> String {
    if args.is_empty() {
        return f.to_string();
    }
    format!("({} {})", f, args.join(" "))
}

pub fn and(parts: &[String]) -> String {
    let parts: Vec<&String> = parts.iter().filter(|p| *p != "true").collect();
    if parts.iter().any(|p| *p == "false") {
        return "false".into();
    }
    match parts.len() {
        0 => "true".into(),
        1 => parts[0].clone(),
        _ => format!(
            "(and {})",
            parts
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        ),
    }
}

pub fn or(parts: &[String]) -> String {
    let parts: Vec<&String> = parts.iter().filter(|p| *p != "false").collect();
    if parts.iter().any(|p| *p == "true") {
        return "true".into();
    }
    match parts.len() {
        0 => "false".into(),
        1 => parts[0].clone(),
        _ => format!(
            "(or {})",
            parts
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        ),
    }
}

pub fn not(p: &str) -> String {
    match p {
        "true" => "false".into(),
        "false" => "true".into(),
        _ => format!("(not {})", p),
    }
}

pub fn implies(a: &str, b: &str) -> String {
    match (a, b) {
        ("true", _) => b.to_string(),
        ("false", _) | (_, "true") => "true".into(),
        _ => format!("(=> {} {})", a, b),
    }
}

pub fn ite(c: &str, a: &str, b: &str) -> String {
    match c {
        "true" => a.to_string(),
        "false" => b.to_string(),
        _ if a == b => a.to_string(),
        _ => format!("(ite {} {} {})", c, a, b),
    }
}

pub fn eq(a: &str, b: &str) -> String {
    if a == b {
        return "true".into();
    }
    format!("(= {} {})", a, b)
}

/// What a constant of the model is read as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Int,
    Bool,
}

/// The solver's answer to "can the assertions all hold?".
pub enum Answer {
    /// No: the obligation is proved.
    Unsat,
    /// Yes, with the values of the constants asked for.
    Sat(HashMap<String, i64>),
    /// Undecided (timeout, incompleteness), with the solver's reason.
    Unknown(String),
}

/// Load the declarations and definitions of one function's queries into the
/// thread's solver (replacing what it held); `false` if they do not parse.
#[cfg(feature = "verify")]
pub fn load(text: &str, timeout_ms: u64) -> bool {
    let start = std::time::Instant::now();
    let r = SOLVER.with(|solver| {
        solver.reset();
        let mut params = z3::Params::new();
        params.set_u32("timeout", timeout_ms.min(u32::MAX as u64) as u32);
        solver.set_params(&params);
        solver.from_string(text);
        let ok = solver.get_assertions().len() == text.matches("(assert ").count();
        if !ok && std::env::var("VERA_SMT_DUMP").is_ok() {
            eprintln!("the queries did not parse:\n{}", text);
        }
        debug_assert!(ok, "the queries did not parse:\n{}", text);
        ok
    });
    if std::env::var("VERA_SMT_TIMES").is_ok() {
        eprintln!("load: {} bytes in {:?}", text.len(), start.elapsed());
    }
    r
}

#[cfg(feature = "verify")]
thread_local! {
    // One solver for every query of the thread: the definitions of a function
    // are loaded once, and each goal is a named assumption checked against them.
    static SOLVER: z3::Solver = z3::Solver::new();
}

/// Can all loaded assertions and the named Boolean constants `assume` hold?
/// `wanted` names constants whose values a model should give.
#[cfg(feature = "verify")]
pub fn check(assume: &[String], wanted: &[(String, Kind)]) -> Answer {
    use z3::ast::{Bool, Int};
    SOLVER.with(|solver| {
        let lits: Vec<Bool> = assume.iter().map(|a| Bool::new_const(a.as_str())).collect();
        let start = std::time::Instant::now();
        let answer = solver.check_assumptions(&lits);
        if std::env::var("VERA_SMT_TIMES").is_ok() {
            eprintln!("query: {:?} in {:?}", answer, start.elapsed());
        }
        match answer {
            z3::SatResult::Unsat => Answer::Unsat,
            z3::SatResult::Unknown => Answer::Unknown(
                solver
                    .get_reason_unknown()
                    .unwrap_or_else(|| "unknown".into()),
            ),
            z3::SatResult::Sat => {
                let mut values = HashMap::new();
                if let Some(model) = solver.get_model() {
                    for (name, kind) in wanted {
                        let v = match kind {
                            Kind::Int => model
                                .eval(&Int::new_const(name.as_str()), true)
                                .and_then(|v| v.as_i64()),
                            Kind::Bool => model
                                .eval(&Bool::new_const(name.as_str()), true)
                                .and_then(|v| v.as_bool())
                                .map(|b| b as i64),
                        };
                        if let Some(v) = v {
                            values.insert(name.clone(), v);
                        }
                    }
                }
                Answer::Sat(values)
            }
        }
    })
}

/// Without the `verify` feature there is no solver: nothing is proved.
#[cfg(not(feature = "verify"))]
pub fn load(_text: &str, _timeout_ms: u64) -> bool {
    false
}

#[cfg(not(feature = "verify"))]
pub fn check(_assume: &[String], _wanted: &[(String, Kind)]) -> Answer {
    Answer::Unknown("this vera was built without the `verify` feature (no Z3)".into())
}
