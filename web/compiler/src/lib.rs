//! The vera compiler as a WebAssembly module, for the browser playground.
//!
//! A plain C ABI, no bindings generator: the page writes its input into memory
//! it got from [`alloc`], calls an export, and reads the answer (UTF-8 JSON or
//! text) at [`output_ptr`] / [`output_len`], valid until the next call.
//!
//! | export | does |
//! |---|---|
//! | `alloc(len) -> ptr`, `free(ptr, len)` | memory for the page's input |
//! | `compile(ptr, len) -> len` | JSON request in, JSON answer out (see [`compile`]); the binary at `wasm_ptr`/`wasm_len` |
//! | `show_result(kind, bits, mem, mem_len, last_printed) -> len` | the entry function's result as `vera run` prints it |
//! | `format_float(v) -> len`, `parse_float(ptr, len) -> f64` | the host functions `vera.float_to_string` and `vera.parse_float64` |
//! | `message(ptr, len) -> len` | the text of a failure: trap, out of memory, index out of bounds |
//!
//! Everything a host prints comes from the library (`vera::values`,
//! `vera::entry`), so a program prints the same here as under `vera run`.

use serde_json::{json, Value};
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use vera::check::types::Type;
use vera::codegen::{AdtShape, ExportInfo};
use vera::entry::{self, Arg, Trap};
use vera::source::SourceMap;
use vera::values::{self, Raw};

mod linemap;

/// What the exports share between calls.
#[derive(Default)]
struct State {
    /// The answer of the last call.
    output: Vec<u8>,
    /// The binary of the last program compiled.
    wasm: Vec<u8>,
    /// What printing the result of the last program compiled needs.
    result: Option<(Type, Vec<AdtShape>)>,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State::default());
}

/// Set the answer; its length is returned to the page.
fn answer(bytes: Vec<u8>) -> usize {
    STATE.with(|s| {
        let mut s = s.borrow_mut();
        s.output = bytes;
        s.output.len()
    })
}

/// The input the page wrote at `ptr`.
///
/// # Safety
/// `ptr` and `len` must describe memory the page got from [`alloc`] and filled.
unsafe fn input<'a>(ptr: *const u8, len: usize) -> &'a [u8] {
    if len == 0 {
        return &[];
    }
    std::slice::from_raw_parts(ptr, len)
}

#[no_mangle]
pub extern "C" fn alloc(len: usize) -> *mut u8 {
    let mut buf = Vec::<u8>::with_capacity(len.max(1));
    let p = buf.as_mut_ptr();
    std::mem::forget(buf);
    p
}

/// # Safety
/// `ptr` must come from [`alloc`] with the same `len`.
#[no_mangle]
pub unsafe extern "C" fn free(ptr: *mut u8, len: usize) {
    drop(Vec::from_raw_parts(ptr, 0, len.max(1)));
}

#[no_mangle]
pub extern "C" fn output_ptr() -> *const u8 {
    STATE.with(|s| s.borrow().output.as_ptr())
}

#[no_mangle]
pub extern "C" fn output_len() -> usize {
    STATE.with(|s| s.borrow().output.len())
}

#[no_mangle]
pub extern "C" fn wasm_ptr() -> *const u8 {
    STATE.with(|s| s.borrow().wasm.as_ptr())
}

#[no_mangle]
pub extern "C" fn wasm_len() -> usize {
    STATE.with(|s| s.borrow().wasm.len())
}

/// Compile a program. The request:
///
/// ```json
/// {"files": {"main.vera": "...", "geo/shapes.vera": "..."}, "root": "main.vera",
///  "fn": null, "args": ["3", "hey"]}
/// ```
///
/// The answer: `ok`; `diagnostics` (code, severity, file, line, column, end_line,
/// end_column, message, fix, spec, and `rendered`, the text `vera check` prints);
/// and when the program compiled: `wat`, `exports` (name and Vera signature),
/// `map` (regions linking source lines and WAT lines, see `linemap.rs`),
/// `functions` (each WASM function's name by index, for naming trap frames),
/// `uses_heap`, `abi` (the string layout), and `entry`: the function `vera run`
/// would call with its arguments parsed by type (`{"name", "args": [{"type":
/// "i64"|"i32"|"f64bits"|"str", "value"}], "result": "i32"|"i64"|"f64"|null}`), or
/// `entry_error`, the message `vera run` would print instead.
///
/// # Safety
/// See [`input`].
#[no_mangle]
pub unsafe extern "C" fn compile(ptr: *const u8, len: usize) -> usize {
    let request: Value = serde_json::from_slice(input(ptr, len)).unwrap_or(Value::Null);
    let (reply, wasm, result) = vera::with_big_stack(move || compile_request(&request));
    STATE.with(|s| {
        let mut s = s.borrow_mut();
        s.wasm = wasm;
        s.result = result;
    });
    answer(reply.to_string().into_bytes())
}

type Printing = Option<(Type, Vec<AdtShape>)>;

fn compile_request(request: &Value) -> (Value, Vec<u8>, Printing) {
    let mut files = vera::modules::Memory::default();
    if let Some(map) = request["files"].as_object() {
        for (path, text) in map {
            files
                .0
                .insert(PathBuf::from(path), text.as_str().unwrap_or("").to_string());
        }
    }
    let root = request["root"].as_str().unwrap_or("main.vera");
    let function = request["fn"].as_str().filter(|f| !f.is_empty());
    let args: Vec<String> = request["args"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|v| v.as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default();
    let c = vera::compile_files(Path::new(root), &files, &Default::default());
    let diagnostics: Vec<Value> = c
        .diagnostics
        .iter()
        .map(|d| diagnostic(d, &c.sources))
        .collect();
    let Some(compiled) = c.compiled else {
        let reply = json!({"ok": false, "diagnostics": diagnostics});
        return (reply, Vec::new(), None);
    };
    let out = &compiled.output;
    let paths: Vec<String> = files.0.keys().map(|p| p.display().to_string()).collect();
    let map = linemap::regions(&out.wat, root, &paths);
    let exports: Vec<Value> = out
        .exports
        .iter()
        .map(|e| json!({"name": e.name, "signature": signature(e, &out.adts)}))
        .collect();
    let mut reply = json!({
        "ok": true,
        "diagnostics": diagnostics,
        "wat": out.wat,
        "exports": exports,
        "map": map,
        "functions": function_names(&compiled.wasm),
        "uses_heap": out.uses_heap,
        "abi": {
            "string_length": vera::abi::STRING_LENGTH,
            "string_bytes": vera::abi::STRING_BYTES,
        },
    });
    let mut printing = None;
    match entry::choose(&out.exports, &out.generic_public, function)
        .and_then(|e| entry::parse_args(e, &args).map(|a| (e, a)))
        .and_then(|(e, a)| {
            vera::interp::check_refined_args(&compiled.program, e, &a).map(|()| (e, a))
        })
    {
        Ok((export, parsed)) => {
            reply["entry"] = json!({
                "name": export.name,
                "signature": signature(export, &out.adts),
                "args": parsed.iter().map(arg).collect::<Vec<_>>(),
                "result": vera::abi::val_type(&export.ret).map(|v| v.name()),
            });
            printing = Some((export.ret.clone(), out.adts.clone()));
        }
        Err(message) => reply["entry_error"] = json!(message),
    }
    (reply, compiled.wasm, printing)
}

fn diagnostic(d: &vera::diagnostics::Diagnostic, sources: &SourceMap) -> Value {
    let mut v = d.to_json(sources);
    let (end_line, end_column) = match d.span {
        Some(span) => sources.get(span.file).line_col(span.end as usize),
        None => (0, 0),
    };
    v["end_line"] = json!(end_line);
    v["end_column"] = json!(end_column);
    v["rendered"] = json!(d.render(sources));
    v
}

/// An argument for the page to pass: 64-bit integers and float bits as
/// strings, since JSON numbers cannot hold them exactly.
fn arg(a: &Arg) -> Value {
    match a {
        Arg::Int(i) => json!({"type": "i64", "value": i.to_string()}),
        Arg::Bool(b) => json!({"type": "i32", "value": *b as i32}),
        Arg::Byte(b) => json!({"type": "i32", "value": *b as i32}),
        Arg::Float(f) => json!({"type": "f64bits", "value": f.to_bits().to_string()}),
        Arg::Str(s) => json!({"type": "str", "value": s}),
    }
}

/// `name(@Int, @String -> @Bool)`, for the page's list of runnable functions.
fn signature(e: &ExportInfo, adts: &[AdtShape]) -> String {
    let params: Vec<String> = e
        .params
        .iter()
        .map(|t| format!("@{}", type_text(t, adts)))
        .collect();
    format!(
        "{}({} -> @{})",
        e.name,
        params.join(", "),
        type_text(&e.ret, adts)
    )
}

fn type_text(t: &Type, adts: &[AdtShape]) -> String {
    let list = |ts: &[Type]| {
        ts.iter()
            .map(|t| type_text(t, adts))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match t {
        Type::Int => "Int".into(),
        Type::Nat => "Nat".into(),
        Type::Bool => "Bool".into(),
        Type::Byte => "Byte".into(),
        Type::Float64 => "Float64".into(),
        Type::String => "String".into(),
        Type::Unit => "Unit".into(),
        Type::Never => "Never".into(),
        Type::Adt(id, args) => {
            let name = adts
                .get(id.0 as usize)
                .map(|a| a.name.clone())
                .unwrap_or_default();
            if args.is_empty() {
                name
            } else {
                format!("{}<{}>", name, list(args))
            }
        }
        Type::Array(t) => format!("Array<{}>", type_text(t, adts)),
        Type::Tuple(ts) => format!("Tuple<{}>", list(ts)),
        Type::Fn(f) => format!("fn({} -> {})", list(&f.params), type_text(&f.ret, adts)),
        Type::Var(v) => v.clone(),
        Type::Meta(_) | Type::Error => "?".into(),
    }
}

/// The name of every WASM function, by index (imports first), from the name
/// section: browsers' stack traces name frames by index.
fn function_names(wasm: &[u8]) -> Vec<String> {
    use wasmparser::{KnownCustom, Name, Parser, Payload};
    let mut names: Vec<String> = Vec::new();
    for payload in Parser::new(0).parse_all(wasm).flatten() {
        if let Payload::CustomSection(c) = payload {
            if let KnownCustom::Name(reader) = c.as_known() {
                for name in reader.into_iter().flatten() {
                    if let Name::Function(map) = name {
                        for n in map.into_iter().flatten() {
                            let i = n.index as usize;
                            if names.len() <= i {
                                names.resize(i + 1, String::new());
                            }
                            names[i] = n.name.to_string();
                        }
                    }
                }
            }
        }
    }
    names
}

/// The result of the last program compiled, as `vera run` prints it after the
/// program's output. `kind`: 0 no value (Unit), 1 i32, 2 i64, 3 f64 (its
/// bits); `mem` is a copy of the program's memory; `last_printed` the last byte
/// the program printed, or -1 (the result starts a line of its own).
///
/// # Safety
/// See [`input`].
#[no_mangle]
pub unsafe extern "C" fn show_result(
    kind: u32,
    bits: i64,
    mem: *const u8,
    mem_len: usize,
    last_printed: i32,
) -> usize {
    let raw = match kind {
        1 => Some(Raw::I32(bits as i32)),
        2 => Some(Raw::I64(bits)),
        3 => Some(Raw::F64(f64::from_bits(bits as u64))),
        _ => None,
    };
    let memory = input(mem, mem_len);
    let text = STATE.with(|s| match &s.borrow().result {
        Some((ty, adts)) => values::show(ty, raw, memory, adts),
        None => String::new(),
    });
    let last = u8::try_from(last_printed).ok();
    answer(entry::result_text(text, last).into_bytes())
}

/// `vera.float_to_string`.
#[no_mangle]
pub extern "C" fn format_float(v: f64) -> usize {
    answer(values::format_float(v).into_bytes())
}

/// `vera.parse_float64` of the UTF-8 text at `ptr`.
///
/// # Safety
/// See [`input`].
#[no_mangle]
pub unsafe extern "C" fn parse_float(ptr: *const u8, len: usize) -> f64 {
    values::parse_float_prefix(&String::from_utf8_lossy(input(ptr, len)))
}

/// The message of a program that stopped. The request is one of
/// `{"kind": "trap", "trap": "div0" | "overflow" | "stack" | "oob" |
/// "unreachable" | "uncaught" | OTHER TEXT, "func": WASM NAME or null}`,
/// `{"kind": "fatal", "fatal": KIND, "value": N}` (the prelude's `vera.fatal`), `{"kind": "bounds", "func": NAME, "index":
/// "N", "len": N}`, or `{"kind": "gc_stats", "collections", "allocated" (a string),
/// "peak", "pages", "overflows"}` for the figures `--gc-stats` prints.
///
/// # Safety
/// See [`input`].
#[no_mangle]
pub unsafe extern "C" fn message(ptr: *const u8, len: usize) -> usize {
    let r: Value = serde_json::from_slice(input(ptr, len)).unwrap_or(Value::Null);
    let text = match r["kind"].as_str() {
        Some("fatal") => entry::fatal_message(
            r["fatal"].as_i64().unwrap_or(0) as i32,
            r["value"].as_i64().unwrap_or(0) as u32,
        ),
        Some("gc_stats") => entry::gc_stats_text(
            r["collections"].as_i64().unwrap_or(0) as i32,
            r["allocated"]
                .as_str()
                .and_then(|a| a.parse().ok())
                .unwrap_or(0),
            r["peak"].as_i64().unwrap_or(0) as u32,
            r["pages"].as_u64().unwrap_or(0),
            r["overflows"].as_i64().unwrap_or(0) as i32,
        ),
        Some("bounds") => entry::bounds_message(
            r["func"].as_str().unwrap_or("?"),
            r["index"]
                .as_str()
                .and_then(|i| i.parse().ok())
                .unwrap_or(0),
            r["len"].as_i64().unwrap_or(0) as i32,
        ),
        _ => {
            let trap = match r["trap"].as_str().unwrap_or("") {
                "div0" => Trap::DivisionByZero,
                "overflow" => Trap::IntegerOverflow,
                "stack" => Trap::StackOverflow,
                "oob" => Trap::MemoryOutOfBounds,
                "unreachable" => Trap::Unreachable,
                "uncaught" => Trap::UncaughtException,
                other => Trap::Other(other.to_string()),
            };
            entry::trap_message(r["func"].as_str(), &trap)
        }
    };
    answer(text.into_bytes())
}
