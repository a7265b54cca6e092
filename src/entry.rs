//! Choosing the function a run starts from, reading its arguments from the
//! command line, and the messages of a program that stops: the same for every
//! host (wasmtime, the reference interpreter, the browser).

use crate::check::types::Type;
use crate::codegen::ExportInfo;

/// An argument as given on the command line, read by its parameter's type.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    /// Int or Nat.
    Int(i64),
    Bool(bool),
    Byte(u8),
    Float(f64),
    Str(String),
}

/// The function to run: the one named by `--fn`, else `main`, else the first
/// public function. `generic` lists public generic functions, which cannot be
/// run directly.
pub fn choose<'a>(
    exports: &'a [ExportInfo],
    generic: &[String],
    function: Option<&str>,
) -> Result<&'a ExportInfo, String> {
    let callable = || {
        exports
            .iter()
            .map(|e| e.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match function {
        Some(name) => exports.iter().find(|e| e.name == name).ok_or_else(|| {
            if generic.iter().any(|g| g == name) {
                return format!(
                    "`{}` is generic (forall<...>), so it has no single compiled form to run. Call it from a public function with concrete types, such as main. The functions that can be called are: {}.",
                    name,
                    callable()
                );
            }
            format!("There is no public function `{}` to run. The functions that can be called are: {}.", name, callable())
        }),
        None => exports.iter().find(|e| e.name == "main").or_else(|| exports.first()).ok_or_else(|| {
            "This program has no public function to run. Declare `public fn main(@Unit -> @Unit)` or another public function.".into()
        }),
    }
}

/// Parse the arguments after `--` by the entry function's parameter types
/// (Unit parameters take none).
pub fn parse_args(export: &ExportInfo, args: &[String]) -> Result<Vec<Arg>, String> {
    let wanted: Vec<&Type> = export
        .params
        .iter()
        .filter(|t| !matches!(t, Type::Unit))
        .collect();
    let usage = || {
        let sig: Vec<String> = export.params.iter().map(type_word).collect();
        format!(
            "`{}` takes {} argument{} ({})",
            export.name,
            wanted.len(),
            if wanted.len() == 1 { "" } else { "s" },
            sig.join(", ")
        )
    };
    if wanted.len() != args.len() {
        return Err(format!(
            "{}, but {} {} given after `--`.",
            usage(),
            args.len(),
            if args.len() == 1 { "was" } else { "were" }
        ));
    }
    let mut vals = Vec::new();
    for (i, (t, a)) in wanted.iter().zip(args).enumerate() {
        let bad = |what: &str| {
            format!(
                "Argument {} of `{}` must be {}, but `{}` is not.",
                i + 1,
                export.name,
                what,
                a
            )
        };
        vals.push(match t {
            Type::String => Arg::Str(a.clone()),
            Type::Int => Arg::Int(
                a.parse::<i64>()
                    .map_err(|_| bad("an Int (a whole number such as -42)"))?,
            ),
            Type::Nat => match a.parse::<i64>() {
                Ok(v) if v >= 0 => Arg::Int(v),
                _ => return Err(bad("a Nat (a whole number >= 0)")),
            },
            Type::Bool => match a.as_str() {
                "true" => Arg::Bool(true),
                "false" => Arg::Bool(false),
                _ => return Err(bad("a Bool (true or false)")),
            },
            Type::Byte => Arg::Byte(a.parse::<u8>().map_err(|_| bad("a Byte (0 to 255)"))?),
            Type::Float64 => Arg::Float(
                a.parse::<f64>()
                    .map_err(|_| bad("a Float64 (such as 3.5)"))?,
            ),
            other => {
                return Err(format!(
                    "{}: arguments of type {} cannot be given on the command line.",
                    usage(),
                    type_word(other)
                ))
            }
        });
    }
    Ok(vals)
}

fn type_word(t: &Type) -> String {
    match t {
        Type::Int => "@Int",
        Type::Nat => "@Nat",
        Type::Bool => "@Bool",
        Type::Byte => "@Byte",
        Type::Float64 => "@Float64",
        Type::String => "@String",
        Type::Unit => "@Unit",
        _ => "a value",
    }
    .to_string()
}

/// The result line after a program's own output: on a line of its own when the
/// output did not end with a newline.
pub fn result_text(value: String, last_printed: Option<u8>) -> String {
    if last_printed.is_some_and(|b| b != b'\n') && !value.is_empty() {
        format!("\n{}", value)
    } else {
        value
    }
}

/// How a running program stopped, whatever engine ran it.
#[derive(Clone, Debug, PartialEq)]
pub enum Trap {
    DivisionByZero,
    IntegerOverflow,
    StackOverflow,
    MemoryOutOfBounds,
    Unreachable,
    UncaughtException,
    /// Anything else, in the engine's own words.
    Other(String),
}

/// `Runtime error in grow: call stack exhausted (recursion too deep)`, where
/// `func` is the WASM name of the innermost function that was running.
pub fn trap_message(func: Option<&str>, trap: &Trap) -> String {
    let func = func.map(vera_name).unwrap_or_else(|| "the program".into());
    let what = match trap {
        Trap::DivisionByZero => "division by zero",
        Trap::IntegerOverflow => "integer overflow (the quotient does not fit in an Int)",
        Trap::StackOverflow => "call stack exhausted (recursion too deep)",
        Trap::MemoryOutOfBounds => "memory access out of bounds",
        Trap::Unreachable => "unreachable code reached",
        Trap::UncaughtException => "an exception was thrown and no handler caught it",
        Trap::Other(text) => text,
    };
    format!("Runtime error in {}: {}", func, what)
}

/// The message of the prelude's fatal errors, `vera.fatal(kind, value)`:
/// kind 0 no memory for an object of `value` bytes, 1 the shadow stack cannot
/// grow, 2 the heap is corrupt at address `value`.
pub fn fatal_message(kind: i32, value: u32) -> String {
    match kind {
        0 => format!(
            "Out of memory: cannot allocate {} bytes; WebAssembly memory cannot grow further",
            value
        ),
        1 => "Out of memory: the shadow stack of GC roots cannot grow (recursion too deep)"
            .to_string(),
        _ => format!(
            "Heap corrupted: the collector's self-check failed at address {}",
            value
        ),
    }
}

/// The message of `vera.bounds(function, index, length)`.
pub fn bounds_message(func: &str, index: i64, len: i32) -> String {
    format!(
        "Index out of bounds in {}: index {} is not below the length {}",
        func, index, len
    )
}

/// The Vera name of a WASM function: `$vera.math.abs` → `vera.math::abs`,
/// `map<Int>` → `map`.
pub fn vera_name(wasm: &str) -> String {
    let wasm = wasm.trim_start_matches('$');
    let base = wasm.split('<').next().unwrap_or(wasm);
    match base.rsplit_once('.') {
        Some((m, f)) if !f.starts_with("lambda") && m.contains('.') => format!("{}::{}", m, f),
        _ => base.to_string(),
    }
}

/// The collector's figures `--gc-stats` prints on stderr after a run.
pub fn gc_stats_text(
    collections: i32,
    allocated: i64,
    peak: u32,
    pages: u64,
    overflows: i32,
) -> String {
    format!(
        "gc: collections {}\ngc: bytes allocated {}\ngc: peak heap bytes {}\ngc: final memory pages {} ({} KiB)\ngc: mark-stack overflows {}\n",
        collections,
        allocated,
        peak,
        pages,
        pages * 64,
        overflows
    )
}
