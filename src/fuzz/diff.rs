//! Differential testing: a program is run by the reference interpreter and
//! compiled — normally, with a collection at every allocation and a heap check
//! after each, and with the heap check alone — and every run must print the
//! same and end normally. A rejected program (the generator's programs are
//! well typed), an internal compiler error, a panic, a hang, a runtime error or
//! any difference is a failure; a failing program is shrunk to a small one
//! that fails the same way.

use crate::modules::Memory;
use crate::syntax::ast;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Evaluation steps the interpreter may take per program.
const FUEL: u64 = 50_000_000;
/// Epochs (of `TICK`) a compiled program may run.
const DEADLINE_EPOCHS: u64 = 1_000;
const TICK: Duration = Duration::from_millis(10);

/// How a program is run.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Mode {
    Interpreted,
    Compiled,
    /// Compiled, collecting at every allocation and checking the heap after each.
    Stressed,
    /// Compiled, checking the heap after every collection.
    Verified,
}

const MODES: [Mode; 4] = [
    Mode::Interpreted,
    Mode::Compiled,
    Mode::Stressed,
    Mode::Verified,
];

/// The way a program fails; two failures of one kind are "the same" for
/// shrinking.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Kind {
    /// The checker rejected it (the code of the first error).
    Rejected(String),
    /// Code generation produced an invalid module (E699).
    Internal,
    /// The compiler or the interpreter panicked.
    Panic,
    /// A run stopped with an error (or a hang) where every run agreed.
    Error(Mode),
    /// Two runs printed different things.
    Differs(Mode, Mode),
}

#[derive(Clone, Debug)]
pub struct Failure {
    pub kind: Kind,
    pub detail: String,
}

/// What a run printed: its output, then its result or error.
#[derive(Clone, PartialEq, Debug)]
struct Printed {
    text: String,
    error: bool,
}

/// Runs programs in every mode. It owns a wasmtime engine whose epoch a
/// background thread advances, so that a compiled program that hangs stops.
pub struct Runner {
    engine: wasmtime::Engine,
    stop: Arc<AtomicBool>,
}

impl Drop for Runner {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

impl Runner {
    pub fn new() -> Runner {
        let engine = crate::runtime::engine_with_epochs().expect("a wasmtime engine");
        let stop = Arc::new(AtomicBool::new(false));
        let (e, s) = (engine.clone(), stop.clone());
        std::thread::spawn(move || {
            while !s.load(Ordering::Relaxed) {
                std::thread::sleep(TICK);
                e.increment_epoch();
            }
        });
        Runner { engine, stop }
    }

    /// Check, compile and run a program (files by relative path, the root
    /// first) in every mode. Call it on a thread with a large stack.
    pub fn test(&self, files: &[(String, String)]) -> Result<(), Failure> {
        let memory = Memory(
            files
                .iter()
                .map(|(p, t)| (PathBuf::from(p), t.clone()))
                .collect(),
        );
        let root = PathBuf::from(&files[0].0);
        let compiled = guard(|| crate::compile_files(&root, &memory, &Default::default()))?;
        let Some(c) = &compiled.compiled else {
            let errors = compiled.rendered_errors();
            let kind = match compiled.diagnostics.iter().find(|d| d.is_error()) {
                Some(d) if d.code == "E699" => Kind::Internal,
                Some(d) => Kind::Rejected(d.code.to_string()),
                None => Kind::Rejected(String::new()),
            };
            return Err(Failure {
                kind,
                detail: errors.join("\n"),
            });
        };
        let checked = guard(|| crate::check_files(&root, &memory))?;
        let program = checked.program.expect("a compiled program checks");
        let mut printed = Vec::new();
        for mode in MODES {
            printed.push((mode, self.run(mode, &program, c)?));
        }
        compare(&printed)
    }

    /// For programs that may be invalid or may fail at run time (mutants of
    /// valid programs): a program the checker rejects passes, and so does one
    /// that hits a resource limit (fuel, time, stack, memory), whose limits
    /// differ between the interpreter and compiled code. Otherwise every mode
    /// must print the same, errors included; an internal error or a panic fails.
    /// `Ok(true)` when the program ran in every mode and all agreed.
    pub fn agree(&self, files: &[(String, String)]) -> Result<bool, Failure> {
        let memory = Memory(
            files
                .iter()
                .map(|(p, t)| (PathBuf::from(p), t.clone()))
                .collect(),
        );
        let root = PathBuf::from(&files[0].0);
        let compiled = guard(|| crate::compile_files(&root, &memory, &Default::default()))?;
        let Some(c) = &compiled.compiled else {
            return match compiled.diagnostics.iter().find(|d| d.code == "E699") {
                Some(_) => Err(Failure {
                    kind: Kind::Internal,
                    detail: compiled.rendered_errors().join("\n"),
                }),
                None => Ok(false),
            };
        };
        let checked = guard(|| crate::check_files(&root, &memory))?;
        let program = checked.program.expect("a compiled program checks");
        let mut printed = Vec::new();
        for mode in MODES {
            let p = self.run(mode, &program, c)?;
            if p.error && hit_a_limit(&p.text) {
                return Ok(false);
            }
            printed.push((mode, p));
        }
        for p in &mut printed {
            p.1.error = false;
        }
        compare(&printed).map(|()| true)
    }

    fn run(
        &self,
        mode: Mode,
        program: &crate::check::tir::Program,
        c: &crate::Compiled,
    ) -> Result<Printed, Failure> {
        let (out, result) = match mode {
            Mode::Interpreted => {
                guard(|| crate::interp::run_with_fuel(program, None, &[], Some(FUEL)))?
            }
            _ => {
                let module =
                    crate::runtime::module(&self.engine, &c.wasm).map_err(|e| Failure {
                        kind: Kind::Internal,
                        detail: e.0,
                    })?;
                let req = crate::runtime::RunRequest {
                    wasm: &c.wasm,
                    exports: &c.output.exports,
                    generic: &c.output.generic_public,
                    function: None,
                    args: vec![],
                    gc_stress: u32::from(mode == Mode::Stressed),
                    gc_verify: mode != Mode::Compiled,
                    gc_stats: false,
                    adts: &c.output.adts,
                    deadline: Some(DEADLINE_EPOCHS),
                    program: Some(&c.program),
                };
                let (out, r) = crate::runtime::run_captured(&self.engine, &module, &req);
                (out, r.map_err(|e| e.0))
            }
        };
        let mut text = String::from_utf8_lossy(&out).into_owned();
        let error = result.is_err();
        match result {
            Ok(v) if !v.is_empty() => {
                text.push_str(&v);
                text.push('\n');
            }
            Ok(_) => {}
            Err(e) => {
                text.push_str("error: ");
                text.push_str(&normalise(&e));
            }
        }
        Ok(Printed { text, error })
    }
}

impl Default for Runner {
    fn default() -> Self {
        Runner::new()
    }
}

/// Runtime errors name the Vera function from the WebAssembly frame that
/// trapped, the interpreter from the function it evaluates: compare the error,
/// not the name.
fn normalise(error: &str) -> String {
    match error.strip_prefix("Runtime error in ") {
        Some(rest) => match rest.split_once(": ") {
            Some((_, what)) => format!("Runtime error: {}", what),
            None => error.to_string(),
        },
        None => error.to_string(),
    }
}

/// Whether an error is a resource limit rather than a result: the
/// interpreter's fuel and depth, and compiled code's time, stack and memory,
/// are different limits.
fn hit_a_limit(text: &str) -> bool {
    [
        "Out of fuel",
        "call stack exhausted",
        "interrupt",
        "shadow stack",
        "no memory",
    ]
    .iter()
    .any(|m| text.contains(m))
}

/// Every run printed the same, and none ended with an error.
fn compare(printed: &[(Mode, Printed)]) -> Result<(), Failure> {
    let (first_mode, first) = &printed[0];
    for (mode, p) in &printed[1..] {
        if p != first {
            return Err(Failure {
                kind: Kind::Differs(*first_mode, *mode),
                detail: format!(
                    "{:?} printed:\n{}\n{:?} printed:\n{}",
                    first_mode, first.text, mode, p.text
                ),
            });
        }
    }
    match printed.iter().find(|(_, p)| p.error) {
        Some((mode, p)) => Err(Failure {
            kind: Kind::Error(*mode),
            detail: p.text.clone(),
        }),
        None => Ok(()),
    }
}

/// Run `f`, turning a panic into a failure.
fn guard<T>(f: impl FnOnce() -> T) -> Result<T, Failure> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|e| Failure {
        kind: Kind::Panic,
        detail: e
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "a panic".into()),
    })
}

// ----- shrinking ---------------------------------------------------------------

/// Shrink a failing program: delete declarations and statements, and replace
/// `if`, `match` and blocks by one of their parts, keeping each edit that
/// leaves a program failing with the same kind. Stops after `budget`.
pub fn shrink(
    runner: &Runner,
    files: Vec<(String, String)>,
    kind: &Kind,
    budget: Duration,
) -> Vec<(String, String)> {
    let start = Instant::now();
    let mut files = files;
    'outer: loop {
        for f in 0..files.len() {
            for (range, replacement) in edits(&files[f].1) {
                if start.elapsed() > budget {
                    break 'outer;
                }
                let mut candidate = files.clone();
                let text = &files[f].1;
                candidate[f].1 = format!("{}{}{}", &text[..range.0], replacement, &text[range.1..]);
                if matches!(runner.test(&candidate), Err(ref e) if e.kind == *kind) {
                    files = candidate;
                    continue 'outer;
                }
            }
        }
        break;
    }
    files
}

/// The edits to try on one file, largest first: (byte range, replacement).
fn edits(text: &str) -> Vec<((usize, usize), String)> {
    let file: crate::source::FileId = 0;
    let Ok(module) = crate::syntax::parse(file, text) else {
        return vec![];
    };
    let mut out = Vec::new();
    for d in &module.decls {
        let (span, is_main) = match d {
            ast::Decl::Fn(f) => (f.span, f.name.name == "main"),
            ast::Decl::Data(x) => (x.span, false),
            ast::Decl::Alias(x) => (x.span, false),
            ast::Decl::Effect(x) => (x.span, false),
        };
        if !is_main {
            out.push(((span.start as usize, span.end as usize), String::new()));
        }
    }
    let mut exprs = Vec::new();
    for d in &module.decls {
        if let ast::Decl::Fn(f) = d {
            collect_fn(f, &mut exprs);
        }
    }
    for e in exprs {
        let range = (e.span.start as usize, e.span.end as usize);
        let slice = |s: crate::source::Span| text[s.start as usize..s.end as usize].to_string();
        match &e.kind {
            ast::ExprKind::Block { stmts, tail } => {
                if !stmts.is_empty() {
                    out.push((range, format!("{{ {} }}", slice(tail.span))));
                }
                for s in stmts {
                    let span = match s {
                        ast::Stmt::Let { span, .. } | ast::Stmt::LetTuple { span, .. } => *span,
                        ast::Stmt::Expr(x) => x.span,
                    };
                    out.push((statement_range(text, span), String::new()));
                }
            }
            ast::ExprKind::If {
                then_branch,
                else_branch,
                ..
            } => {
                out.push((range, slice(then_branch.span)));
                out.push((range, slice(else_branch.span)));
            }
            ast::ExprKind::Match { arms, .. } => {
                for a in arms {
                    out.push((range, slice(a.body.span)));
                }
            }
            _ => {}
        }
    }
    out.sort_by_key(|((a, b), r)| std::cmp::Reverse(b - a - r.len().min(b - a)));
    out
}

/// A statement's text with its `;`.
fn statement_range(text: &str, span: crate::source::Span) -> (usize, usize) {
    let end = span.end as usize;
    let rest = &text[end..];
    let semi = rest.find(';').filter(|i| rest[..*i].trim().is_empty());
    (span.start as usize, semi.map_or(end, |i| end + i + 1))
}

fn collect_fn<'a>(f: &'a ast::FnDecl, out: &mut Vec<&'a ast::Expr>) {
    collect(&f.body, out);
    for w in &f.where_fns {
        collect_fn(w, out);
    }
}

/// Every expression below `e`, parents first.
fn collect<'a>(e: &'a ast::Expr, out: &mut Vec<&'a ast::Expr>) {
    out.push(e);
    let mut go = |x: &'a ast::Expr| collect(x, out);
    match &e.kind {
        ast::ExprKind::Binary { lhs, rhs, .. } => {
            go(lhs);
            go(rhs);
        }
        ast::ExprKind::Unary { operand, .. } => go(operand),
        ast::ExprKind::Call { args, .. }
        | ast::ExprKind::Ctor { args, .. }
        | ast::ExprKind::QualifiedCall { args, .. }
        | ast::ExprKind::ModuleCall { args, .. }
        | ast::ExprKind::Array(args) => args.iter().for_each(go),
        ast::ExprKind::Index { base, index } => {
            go(base);
            go(index);
        }
        ast::ExprKind::AnonFn(f) => go(&f.body),
        ast::ExprKind::If {
            cond,
            then_branch,
            else_branch,
        } => {
            go(cond);
            go(then_branch);
            go(else_branch);
        }
        ast::ExprKind::Match { scrutinee, arms } => {
            go(scrutinee);
            arms.iter().for_each(|a| go(&a.body));
        }
        ast::ExprKind::Block { stmts, tail } => {
            for s in stmts {
                match s {
                    ast::Stmt::Let { value, .. }
                    | ast::Stmt::LetTuple { value, .. }
                    | ast::Stmt::Expr(value) => go(value),
                }
            }
            go(tail);
        }
        ast::ExprKind::Handle(h) => {
            go(&h.body);
            for c in &h.clauses {
                go(&c.body);
            }
        }
        ast::ExprKind::Assert(x) | ast::ExprKind::Assume(x) | ast::ExprKind::Resume(x) => go(x),
        ast::ExprKind::Quantifier {
            bound, predicate, ..
        } => {
            go(bound);
            go(predicate);
        }
        ast::ExprKind::Int(_)
        | ast::ExprKind::Float(_)
        | ast::ExprKind::Str(_)
        | ast::ExprKind::Bool(_)
        | ast::ExprKind::Unit
        | ast::ExprKind::Slot { .. }
        | ast::ExprKind::Result { .. }
        | ast::ExprKind::Old(_)
        | ast::ExprKind::New(_) => {}
    }
}

/// How many programs used each construct, over a run.
#[derive(Default, Debug)]
pub struct Coverage {
    pub programs: u64,
    pub counts: HashMap<&'static str, u64>,
}

impl Coverage {
    pub fn add(&mut self, features: &super::Features) {
        self.programs += 1;
        for (name, n) in &features.counts {
            if *n > 0 {
                *self.counts.entry(name).or_default() += 1;
            }
        }
    }
}
