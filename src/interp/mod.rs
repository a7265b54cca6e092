//! The reference interpreter: runs the typed IR directly, as the spec describes
//! it, so that the compiled program can be compared with it (`vera interp`, and
//! the differential tester).
//!
//! It is small and plain on purpose, not fast: values are Rust enums shared by
//! `Rc` (no heap, no collector), exceptions and handler endings are Rust errors
//! (`Unwind`), a `State<T>` cell is a map entry, and a handler of a user effect is
//! an entry on a stack of installed handlers. Contracts are checked where the
//! compiled code checks them, with the same messages; output and the result are
//! printed as `vera run` prints them. Where the two disagree, one of them is
//! wrong, and the spec decides which.

mod eval;
mod ops;

use crate::check::tir::{FnId, Lambda, Program};
use crate::check::types::{AdtId, Type};
use crate::codegen::ExportInfo;
use crate::entry::{self, Arg};
use std::rc::Rc;

/// A Vera value.
#[derive(Clone, Debug)]
pub enum Value<'p> {
    /// Int and Nat.
    Int(i64),
    Float(f64),
    Bool(bool),
    Byte(u8),
    Unit,
    Str(Rc<[u8]>),
    Data(AdtId, usize, Rc<[Value<'p>]>),
    Tuple(Rc<[Value<'p>]>),
    Array(Rc<[Value<'p>]>),
    Closure(Rc<Closure<'p>>),
}

/// A function value: the lambda and the bindings it was created among.
#[derive(Debug)]
pub struct Closure<'p> {
    pub lambda: &'p Lambda,
    pub frame: eval::Frame<'p>,
}

/// Calls deeper than this stop the program with "call stack exhausted".
pub const MAX_CALL_DEPTH: usize = 100_000;

/// The entry points `vera run` could call: the root module's public
/// functions, and those of them that are generic (which cannot be run).
pub fn exports(program: &Program) -> (Vec<ExportInfo>, Vec<String>) {
    let mut exports = Vec::new();
    let mut generic = Vec::new();
    for f in program.fns.iter().filter(|f| f.root && f.exported) {
        if f.type_params.is_empty() {
            exports.push(ExportInfo {
                name: f.name.clone(),
                params: f.params.iter().map(|&p| f.locals[p].ty.clone()).collect(),
                ret: f.ret.clone(),
            });
        } else {
            generic.push(f.name.clone());
        }
    }
    (exports, generic)
}

/// Run `function` (or `main`, or the first public function) with command-line
/// arguments. Returns the program's output, then the result text (as `vera run`
/// prints it after the output) or the error message.
pub fn run(
    program: &Program,
    function: Option<&str>,
    args: &[String],
) -> (Vec<u8>, Result<String, String>) {
    run_with_fuel(program, function, args, None)
}

/// `run`, stopping with an error after `fuel` evaluation steps (a hang becomes
/// an error; the differential tester uses it).
pub fn run_with_fuel(
    program: &Program,
    function: Option<&str>,
    args: &[String],
    fuel: Option<u64>,
) -> (Vec<u8>, Result<String, String>) {
    let (exports, generic) = exports(program);
    let export = match entry::choose(&exports, &generic, function) {
        Ok(e) => e.clone(),
        Err(e) => return (Vec::new(), Err(e)),
    };
    let args = match entry::parse_args(&export, args) {
        Ok(a) => a,
        Err(e) => return (Vec::new(), Err(e)),
    };
    if let Err(e) = check_refined_args(program, &export, &args) {
        return (Vec::new(), Err(e));
    }
    let func: FnId = program
        .fns
        .position(|f| f.root && f.exported && f.name == export.name)
        .expect("an exported function");
    let mut it = eval::Interp::new(program);
    it.fuel = fuel;
    let mut values = args.into_iter().map(arg_value);
    let params: Vec<Value> = export
        .params
        .iter()
        .map(|t| match t {
            Type::Unit => Value::Unit,
            _ => values.next().expect("one argument per parameter"),
        })
        .collect();
    let result = crate::deep(|| it.call_entry(func, params));
    let (out, last) = it.output();
    let result = result.map(|v| entry::result_text(show(&v, &export.ret, program), last));
    (out, result)
}

fn arg_value<'p>(a: Arg) -> Value<'p> {
    match a {
        Arg::Int(i) => Value::Int(i),
        Arg::Bool(b) => Value::Bool(b),
        Arg::Byte(b) => Value::Byte(b),
        Arg::Float(f) => Value::Float(f),
        Arg::Str(s) => Value::Str(Rc::from(s.into_bytes())),
    }
}

/// Check the entry function's refined parameters against their predicates
/// before it is called, as `entry::parse_args` checks a Nat: nothing inside
/// the program checks them, and the verifier assumes them (spec 11.4). Every
/// host calls this with the arguments it parsed.
pub fn check_refined_args(
    program: &Program,
    export: &ExportInfo,
    args: &[Arg],
) -> Result<(), String> {
    let Some(func) = program
        .fns
        .position(|f| f.root && f.exported && f.name == export.name)
    else {
        return Ok(());
    };
    let f = &program.fns[func];
    let given = f.params.iter().filter(|&&p| f.locals[p].ty != Type::Unit);
    let mut it = eval::Interp::new(program);
    for (i, (&param, arg)) in given.zip(args).enumerate() {
        let Some((_, refinement)) = f.refinements.iter().find(|(l, _)| *l == param) else {
            continue;
        };
        let value = arg_value(arg.clone());
        let shown = show(&value, &f.locals[param].ty, program);
        let wanted = format!(
            "Argument {} of `{}` (@{}) must satisfy {}",
            i + 1,
            export.name,
            f.locals[param].key,
            refinement.text
        );
        match it.refinement_holds(func, refinement.var, &refinement.pred, value) {
            Ok(true) => {}
            Ok(false) => return Err(format!("{}, but `{}` does not.", wanted, shown)),
            Err(e) => {
                return Err(format!(
                    "{}, but checking it for `{}` stopped: {}",
                    wanted, shown, e
                ))
            }
        }
    }
    Ok(())
}

/// A result in Vera syntax, as `crate::values::show` prints it from memory.
pub fn show(v: &Value, t: &Type, program: &Program) -> String {
    match (v, t) {
        (Value::Str(s), _) => String::from_utf8_lossy(s).into_owned(),
        (Value::Unit, _) => String::new(),
        _ => show_nested(v, program, 0),
    }
}

fn show_nested(v: &Value, program: &Program, depth: usize) -> String {
    if depth > 50 {
        return "...".into();
    }
    let list = |vs: &[Value]| {
        vs.iter()
            .map(|x| show_nested(x, program, depth + 1))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match v {
        Value::Int(i) => i.to_string(),
        Value::Float(f) => crate::values::format_float(*f),
        Value::Bool(b) => b.to_string(),
        Value::Byte(b) => b.to_string(),
        Value::Unit => "()".into(),
        Value::Str(s) => format!("{:?}", String::from_utf8_lossy(s)),
        Value::Data(adt, tag, fields) => {
            let name = &program.adts[*adt].ctors[*tag].name;
            if fields.is_empty() {
                name.clone()
            } else {
                format!("{}({})", name, list(fields))
            }
        }
        Value::Tuple(items) => format!("Tuple({})", list(items)),
        Value::Array(items) => format!("[{}]", list(&items[..items.len().min(1000)])),
        Value::Closure(_) => "<function>".into(),
    }
}
