//! vera: a compiler for the Vera language.
//!
//! The pipeline, one stage per module (see ARCHITECTURE.md):
//! `modules::load` (read and parse every file) → `check::check` (typed IR) →
//! `codegen::emit_wat` (WAT text) → `wat` (binary) → `runtime::run` (wasmtime).

pub mod abi;
pub mod check;
pub mod codegen;
pub mod diagnostics;
pub mod entry;
pub mod fmt;
pub mod fuzz;
pub mod ids;
pub mod interp;
pub mod modules;
#[cfg(feature = "runtime")]
pub mod runtime;
pub mod source;
pub mod syntax;
#[cfg(feature = "runtime")]
pub mod tester;
pub mod values;
pub mod verify;

use diagnostics::Diagnostic;
use source::SourceMap;
use std::path::Path;

/// The result of running the front end on a file.
pub struct Checked {
    pub sources: SourceMap,
    pub program: Option<check::tir::Program>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Load, parse and check a program and the modules it imports.
pub fn check_file(path: &Path) -> Checked {
    check_files(path, &modules::Disk)
}

/// `check_file`, reading the program's files from `files`.
pub fn check_files(path: &Path, files: &dyn modules::Files) -> Checked {
    let mut sources = SourceMap::default();
    let loaded = match modules::load(path, files, &mut sources) {
        Ok(l) => l,
        Err(diagnostics) => {
            return Checked {
                sources,
                program: None,
                diagnostics,
            }
        }
    };
    let (program, diagnostics) = check::check(&loaded, &sources);
    Checked {
        sources,
        program,
        diagnostics,
    }
}

/// The outcome of verifying a file: the checker's diagnostics, then the verifier's.
pub struct Verification {
    pub sources: SourceMap,
    /// `None` when the program did not check (its diagnostics say why).
    pub report: Option<verify::Report>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Load, check and verify a program (`vera verify`).
pub fn verify_file(path: &Path, options: &verify::Options) -> Verification {
    let checked = check_file(path);
    let mut diagnostics = checked.diagnostics;
    let report = checked.program.as_ref().map(|p| {
        let r = verify::verify(p, &checked.sources, options);
        diagnostics.extend(r.diagnostics.iter().cloned());
        r
    });
    Verification {
        sources: checked.sources,
        report,
        diagnostics,
    }
}

/// Parse one file (no imports, no checking).
pub fn parse_file(path: &Path) -> (SourceMap, Result<syntax::ast::Module, Vec<Diagnostic>>) {
    let mut sources = SourceMap::default();
    let result = match modules::read_source(path, &modules::Disk, &mut sources) {
        Ok(file) => {
            let text = sources.get(file).text.clone();
            syntax::parse(file, &text)
        }
        Err(d) => Err(vec![*d]),
    };
    (sources, result)
}

/// Format one file: its canonical text, or its lexical and syntax errors. The
/// file is only parsed, never checked, and its imports are not read.
pub fn format_file(path: &Path) -> (SourceMap, Result<String, Vec<Diagnostic>>) {
    let mut sources = SourceMap::default();
    let result = match modules::read_source(path, &modules::Disk, &mut sources) {
        Ok(file) => {
            let text = sources.get(file).text.clone();
            fmt::format(file, &text)
        }
        Err(d) => Err(vec![*d]),
    };
    (sources, result)
}

/// Run `f`, a step of a recursion over a program's tree, first growing the
/// stack (onto the heap) when little of it is left: nesting depth is bounded by
/// the parser's limit, not by the size of the compiler's stack.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn deep<R>(f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(256 * 1024, 16 * 1024 * 1024, f)
}

/// On wasm32 the stack cannot grow: the module is linked with a large one, and
/// its host catches an exhausted stack (see web/).
#[cfg(target_arch = "wasm32")]
pub(crate) fn deep<R>(f: impl FnOnce() -> R) -> R {
    f()
}

/// Run `f` on a thread with a large stack: deeply nested (but bounded) programs
/// recurse deeply in every stage, and must never overflow the compiler's stack.
#[cfg(not(target_arch = "wasm32"))]
pub fn with_big_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(512 * 1024 * 1024)
        .spawn(f)
        .expect("spawn compiler thread")
        .join()
        .unwrap_or_else(|e| std::panic::resume_unwind(e))
}

/// wasm32 has no threads: the function runs on the module's own (large) stack.
#[cfg(target_arch = "wasm32")]
pub fn with_big_stack<T>(f: impl FnOnce() -> T) -> T {
    f()
}

/// A compiled program: its WAT text, its binary, and what `vera run` needs.
pub struct Compiled {
    pub output: codegen::Output,
    pub wasm: Vec<u8>,
    /// The checked program it was compiled from (the host checks the entry
    /// function's refined arguments with it).
    pub program: check::tir::Program,
}

/// The outcome of compiling a file: the compiled program, unless there were
/// errors, and every diagnostic (with the sources to render them).
pub struct Compilation {
    pub sources: SourceMap,
    pub compiled: Option<Compiled>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Compilation {
    /// The error diagnostics, rendered as `vera` prints them.
    pub fn rendered_errors(&self) -> Vec<String> {
        self.diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.render(&self.sources))
            .collect()
    }
}

/// The front end, then code generation and assembly.
pub fn compile_file(path: &Path, options: &codegen::Options) -> Compilation {
    compile_files(path, &modules::Disk, options)
}

/// `compile_file`, reading the program's files from `files`.
pub fn compile_files(
    path: &Path,
    files: &dyn modules::Files,
    options: &codegen::Options,
) -> Compilation {
    compile_checked(path, check_files(path, files), options)
}

/// Compile with the runtime checks of the clauses the verifier proves left
/// out (`vera compile --verify`); the verifier's own diagnostics are not
/// reported here (`vera verify` does that).
pub fn compile_file_verified(path: &Path, verify_options: &verify::Options) -> Compilation {
    let checked = check_file(path);
    let proved = match &checked.program {
        Some(p) => verify::verify(p, &checked.sources, verify_options).proved,
        None => Default::default(),
    };
    compile_checked(
        path,
        checked,
        &codegen::Options {
            proved,
            ..Default::default()
        },
    )
}

fn compile_checked(path: &Path, checked: Checked, options: &codegen::Options) -> Compilation {
    let Some(program) = checked.program else {
        return Compilation {
            sources: checked.sources,
            compiled: None,
            diagnostics: checked.diagnostics,
        };
    };
    let mut diagnostics = checked.diagnostics;
    let compiled = match compile_program(path, program, &checked.sources, options) {
        Ok(c) => Some(c),
        Err(d) => {
            diagnostics.push(*d);
            None
        }
    };
    Compilation {
        sources: checked.sources,
        compiled,
        diagnostics,
    }
}

/// Code generation and assembly of a checked program; an invalid module is
/// a compiler bug (E699).
pub fn compile_program(
    path: &Path,
    program: check::tir::Program,
    sources: &SourceMap,
    options: &codegen::Options,
) -> Result<Compiled, Box<Diagnostic>> {
    let output = codegen::emit_wat(&program, sources, options);
    let assembled = wat::parse_str(&output.wat)
        .map_err(|e| e.to_string())
        .and_then(|wasm| validate(&wasm).map(|()| wasm));
    match assembled {
        Ok(wasm) => Ok(Compiled {
            output,
            wasm,
            program,
        }),
        Err(e) => {
            let msg = format!(
                "Internal compiler error: the generated WAT is not a valid module.\n\n{}",
                e
            );
            Err(Box::new(
                Diagnostic::file_error("E699", path.to_path_buf(), msg)
                    .fix("Please report this with the program; `vera emit-wat` shows the text."),
            ))
        }
    }
}

/// Validate a module with the features the runtime enables, so that a code
/// generation bug is reported at compile time, naming the WAT function.
fn validate(wasm: &[u8]) -> Result<(), String> {
    let features = wasmparser::WasmFeatures::default()
        | wasmparser::WasmFeatures::TAIL_CALL
        | wasmparser::WasmFeatures::EXCEPTIONS;
    let mut validator = wasmparser::Validator::new_with_features(features);
    validator
        .validate_all(wasm)
        .map(|_| ())
        .map_err(|e| match function_at(wasm, e.offset()) {
            Some(name) => format!("in function ${}: {}", name, e.message()),
            None => format!("{} (at byte {})", e.message(), e.offset()),
        })
}

/// The name of the function whose body contains a byte offset.
fn function_at(wasm: &[u8], offset: usize) -> Option<String> {
    use wasmparser::{Name, Parser, Payload};
    let mut imported = 0u32;
    let mut index = None;
    let mut bodies = 0u32;
    let mut names = std::collections::HashMap::new();
    for payload in Parser::new(0).parse_all(wasm) {
        match payload.ok()? {
            Payload::ImportSection(reader) => {
                imported = reader
                    .into_imports()
                    .filter(
                        |i| matches!(i, Ok(imp) if matches!(imp.ty, wasmparser::TypeRef::Func(_))),
                    )
                    .count() as u32;
            }
            Payload::CodeSectionEntry(body) => {
                if body.range().contains(&offset) {
                    index = Some(imported + bodies);
                }
                bodies += 1;
            }
            Payload::CustomSection(c) => {
                if let wasmparser::KnownCustom::Name(reader) = c.as_known() {
                    for name in reader.into_iter().flatten() {
                        if let Name::Function(map) = name {
                            for n in map.into_iter().flatten() {
                                names.insert(n.index, n.name.to_string());
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    index.map(|i| names.get(&i).cloned().unwrap_or_else(|| format!("#{}", i)))
}
