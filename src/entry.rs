//! Choosing the function a run starts from and reading its arguments from the
//! command line: the same for every host (wasmtime, the reference interpreter,
//! the browser).

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
