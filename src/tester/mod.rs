//! `vera test`: contract-driven testing (spec chapter 12).
//!
//! The verifier sorts the public functions of the root module: one whose
//! contracts are all proved is VERIFIED and not run. Each other one is run
//! on generated inputs that satisfy its `requires` (`solve.rs` with Z3 for
//! Int, Nat, Bool and Byte parameters, `generate.rs` and a run-time filter
//! for every other type), with every contract checked at run time
//! (`run.rs`); a failing input is shrunk (`shrink.rs`) before it is reported
//! (`report.rs`).
//!
//! Invariants: the tester never panics on a program the checker accepted —
//! a function it cannot run is SKIPPED with the reason; every trial of a
//! function runs in one instance, replaced after a call that stops; an input
//! the function's own `requires` rejects is never a trial, let alone a
//! failure; the same seed gives the same report.

pub mod generate;
pub mod report;
pub mod run;
pub mod shrink;
pub mod solve;
pub mod value;

use crate::check::tir::{ClauseId, FnId, Function, Program};
use crate::check::types::{Effect, Type, TypeDisplay};
use crate::diagnostics::Diagnostic;
use crate::ids::Id;
use crate::source::SourceMap;
use generate::Generator;
use run::{Outcome, Runner, Target};
use solve::{Inputs, Solver};
use std::path::Path;
use value::Value;

/// How to test.
#[derive(Clone, Debug)]
pub struct Options {
    /// Trials per function.
    pub trials: usize,
    /// Test only this function.
    pub function: Option<String>,
    pub seed: u64,
    /// The time limit of one trial.
    pub trial_ms: u64,
    /// Options of the verifier that sorts the functions.
    pub verify: crate::verify::Options,
    /// Collect every N allocations in the trials (0: only when needed).
    pub gc_stress: u32,
    /// Check the heap's consistency after every collection.
    pub gc_verify: bool,
}

/// The seed when none is given.
pub const DEFAULT_SEED: u64 = 0;

impl Default for Options {
    fn default() -> Options {
        Options {
            trials: 100,
            function: None,
            seed: DEFAULT_SEED,
            trial_ms: 1_000,
            verify: Default::default(),
            gc_stress: 0,
            gc_verify: false,
        }
    }
}

/// What became of one function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    Verified,
    Tested,
    Skipped,
}

/// A failing input (shrunk) and the message of its failure.
#[derive(Clone, Debug, PartialEq)]
pub struct Failure {
    /// Each parameter's slot name and value, in parameter order.
    pub args: Vec<(String, Value)>,
    pub message: String,
}

/// One function's result.
#[derive(Clone, Debug)]
pub struct FunctionResult {
    pub name: String,
    pub category: Category,
    pub reason: String,
    pub passed: usize,
    pub failed: usize,
    /// Trials stopped by the time limit (not counted as run).
    pub timed_out: usize,
    /// Trials that ran out of stack (not counted as run).
    pub out_of_stack: usize,
    /// Up to three distinct failing inputs, each shrunk.
    pub failures: Vec<Failure>,
}

impl FunctionResult {
    fn new(name: &str, category: Category, reason: &str) -> FunctionResult {
        FunctionResult {
            name: name.to_string(),
            category,
            reason: reason.to_string(),
            passed: 0,
            failed: 0,
            timed_out: 0,
            out_of_stack: 0,
            failures: Vec::new(),
        }
    }

    pub fn run(&self) -> usize {
        self.passed + self.failed
    }
}

/// The outcome of `vera test` on a file.
pub struct Testing {
    pub sources: SourceMap,
    /// The checker's and the compiler's errors; no report when there are any.
    pub diagnostics: Vec<Diagnostic>,
    pub functions: Option<Vec<FunctionResult>>,
}

/// How many failing inputs are reported per function.
const SHOWN_FAILURES: usize = 3;
/// A function stops being tried after this many timed-out trials.
const MAX_TIMEOUTS: usize = 3;
/// The time one failing input may spend shrinking.
const SHRINK_MS: u64 = 2_000;

/// Check, verify, compile and test a program.
pub fn test_file(path: &Path, options: &Options) -> Testing {
    let checked = crate::check_file(path);
    let mut diagnostics = checked.diagnostics;
    let Some(program) = checked.program else {
        return Testing {
            sources: checked.sources,
            diagnostics,
            functions: None,
        };
    };
    let sources = checked.sources;
    let report = crate::verify::verify(&program, &sources, &options.verify);
    let codegen = crate::codegen::Options {
        heap: true,
        ..Default::default()
    };
    let compiled = match crate::compile_program(path, program, &sources, &codegen) {
        Ok(c) => c,
        Err(d) => {
            diagnostics.push(*d);
            return Testing {
                sources,
                diagnostics,
                functions: None,
            };
        }
    };
    let program = &compiled.program;
    let functions = match Runner::new(program, &compiled.wasm, options.trial_ms) {
        Ok(mut runner) => {
            runner.gc_mode = (options.gc_stress, options.gc_verify);
            let generic = &compiled.output.generic_public;
            test_program(program, &report, generic, &mut runner, options)
        }
        Err(e) => {
            diagnostics.push(Diagnostic::file_error("E699", path.to_path_buf(), e));
            return Testing {
                sources,
                diagnostics,
                functions: None,
            };
        }
    };
    Testing {
        sources,
        diagnostics,
        functions: Some(functions),
    }
}

fn test_program(
    program: &Program,
    report: &crate::verify::Report,
    generic_public: &[String],
    runner: &mut Runner,
    options: &Options,
) -> Vec<FunctionResult> {
    let mut out = Vec::new();
    for (id, f) in program.fns.iter_enumerated() {
        let public = f.exported || (!f.type_params.is_empty() && generic_public.contains(&f.name));
        if !f.root || !public || options.function.as_ref().is_some_and(|n| *n != f.name) {
            continue;
        }
        let result = match sort(program, report, id) {
            Err(result) => result,
            Ok(()) => test_function(program, id, runner, options),
        };
        out.push(result);
    }
    out
}

/// VERIFIED or SKIPPED (`Err`), or to be tested (`Ok`).
fn sort(program: &Program, report: &crate::verify::Report, id: FnId) -> Result<(), FunctionResult> {
    let f = &program.fns[id];
    let skip = |reason: &str| Err(FunctionResult::new(&f.name, Category::Skipped, reason));
    if !f.type_params.is_empty() {
        return skip("generic function");
    }
    let trivial = |k: &crate::check::tir::Contract| {
        matches!(k.expr.kind, crate::check::tir::ExprKind::Bool(true))
    };
    if f.requires.iter().all(trivial) && f.ensures.iter().all(trivial) && f.decreases.is_empty() {
        return skip("trivial contracts only");
    }
    if proved(report, id, f) {
        return Err(FunctionResult::new(
            &f.name,
            Category::Verified,
            "Tier 1 (proved)",
        ));
    }
    if let Some(reason) = unsupported_effect(program, &f.effects) {
        return skip(&reason);
    }
    let types = param_types(f);
    if let Some(reason) = types.iter().find_map(|t| generate::unsupported(program, t)) {
        return skip(&reason);
    }
    if !f.refinements.is_empty() && !types.iter().all(solve::is_scalar) {
        return skip("a refined parameter of a type Z3 does not generate");
    }
    Ok(())
}

/// Every `ensures` proved, and no verifier warning inside the function
/// (an unproved division, index, call precondition, assertion, ...).
fn proved(report: &crate::verify::Report, id: FnId, f: &Function) -> bool {
    let ensures = (0..f.ensures.len()).all(|i| report.proved.contains(&ClauseId::Ensures(id, i)));
    let inside = |d: &Diagnostic| {
        d.code != "E521"
            && d.span.is_some_and(|s| {
                s.file == f.span.file && f.span.start <= s.start && s.end <= f.span.end
            })
    };
    ensures && !report.diagnostics.iter().any(inside)
}

/// The value parameters' types (Unit takes no value).
fn param_types(f: &Function) -> Vec<Type> {
    f.params
        .iter()
        .map(|p| f.locals[*p].ty.clone())
        .filter(value::carries_value)
        .collect()
}

/// Effects a trial cannot run under: user-defined ones (they need a
/// handler), effect variables, and state cells of heap types other than
/// String (they start unset).
fn unsupported_effect(program: &Program, effects: &[Effect]) -> Option<String> {
    for e in effects {
        let Effect::Named { id, args } = e else {
            return Some("generic function (an effect variable)".into());
        };
        let def = &program.effects[*id];
        let builtin = def.module.is_empty() && id.index() < 4;
        match def.name.as_str() {
            "IO" | "Exn" | "Diverge" if builtin => {}
            "State" if builtin => {
                if args
                    .iter()
                    .any(|t| crate::abi::is_pointer(t) && *t != Type::String)
                {
                    return Some(format!(
                        "a State cell of a heap type starts unset ({})",
                        TypeDisplay {
                            ty: &args[0],
                            names: program
                        }
                    ));
                }
            }
            _ => {
                return Some(format!(
                    "performs {}, a user-defined effect that needs a handler",
                    def.name
                ))
            }
        }
    }
    None
}

fn target(program: &Program, id: FnId) -> Target {
    let f = &program.fns[id];
    Target {
        export: f.name.clone(),
        params: f.params.iter().map(|p| f.locals[*p].ty.clone()).collect(),
        signature: f.signature.clone(),
        throws: f.effects.iter().any(|e| {
            matches!(e, Effect::Named { id, .. } if program.effects[*id].name == "Exn" && id.index() < 4)
        }),
    }
}

/// A seed of its own per function, so that `--fn` reproduces the whole run.
fn function_seed(seed: u64, name: &str) -> u64 {
    name.bytes().fold(seed ^ 0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

fn test_function(
    program: &Program,
    id: FnId,
    runner: &mut Runner,
    options: &Options,
) -> FunctionResult {
    let f = &program.fns[id];
    let target = target(program, id);
    let types = param_types(f);
    let mut gen = Generator::new(program, function_seed(options.seed, &f.name));
    let mut result =
        FunctionResult::new(&f.name, Category::Tested, "Tier 3 contract (runtime check)");
    let scalar = !types.is_empty() && types.iter().all(solve::is_scalar);
    let mut solver = scalar.then(|| Solver::new(program, id)).flatten();
    if solver.is_none() && !f.refinements.is_empty() {
        // Nothing else can generate values that satisfy a refinement.
        result.category = Category::Skipped;
        result.reason = "a refined parameter needs Z3, which cannot be used here".into();
        return result;
    }
    let mut candidates: Box<dyn Iterator<Item = Vec<Value>>> = if types.is_empty() {
        Box::new(std::iter::once(Vec::new()))
    } else {
        match solver.as_mut().map(|s| s.inputs(&mut gen, options.trials)) {
            Some(Inputs::Unsatisfiable) => {
                result.category = Category::Skipped;
                result.reason = "precondition is unsatisfiable (no valid inputs)".into();
                return result;
            }
            Some(Inputs::Found(found)) if !found.is_empty() => Box::new(found.into_iter()),
            _ => Box::new(generate::Candidates::new(
                gen,
                types.clone(),
                options.trials,
            )),
        }
    };
    let mut failing: Vec<(Vec<Value>, String)> = Vec::new();
    let (mut rejected, mut attempts) = (0, 0);
    while result.run() < options.trials && result.timed_out < MAX_TIMEOUTS {
        let Some(args) = candidates.next() else { break };
        attempts += 1;
        match runner.run(&target, &args) {
            Outcome::Pass => result.passed += 1,
            Outcome::Rejected => rejected += 1,
            Outcome::TimedOut => result.timed_out += 1,
            Outcome::OutOfStack => result.out_of_stack += 1,
            Outcome::Fail(message) => {
                result.failed += 1;
                if failing.len() < SHOWN_FAILURES {
                    failing.push((args, message));
                }
            }
        }
    }
    if result.run() == 0 && result.timed_out + result.out_of_stack == 0 {
        result.category = Category::Skipped;
        result.reason = format!(
            "the precondition rejected all {} generated inputs",
            attempts
        );
        let _ = rejected;
        return result;
    }
    if let Some(s) = solver.as_mut() {
        s.reload();
    }
    for (args, message) in failing {
        let failure = shrunk(
            program,
            &target,
            &types,
            runner,
            solver.as_mut(),
            args,
            message,
        );
        if !result.failures.contains(&failure) {
            result.failures.push(failure);
        }
    }
    result
}

/// Shrink a failing input and name its arguments.
fn shrunk(
    program: &Program,
    target: &Target,
    types: &[Type],
    runner: &mut Runner,
    mut solver: Option<&mut Solver>,
    args: Vec<Value>,
    message: String,
) -> Failure {
    let deadline = std::time::Instant::now() + std::time::Duration::from_millis(SHRINK_MS);
    let mut still_fails = |a: &[Value]| {
        if std::time::Instant::now() > deadline {
            return None;
        }
        if solver.as_mut().is_some_and(|s| !s.admits(a)) {
            return None;
        }
        match runner.run(target, a) {
            Outcome::Fail(m) => Some(m),
            _ => None,
        }
    };
    let (args, message) = shrink::shrink(program, types, args, message, &mut still_fails);
    let f = program.fns.iter().find(|f| f.signature == target.signature);
    let keys: Vec<String> = f
        .map(|f| {
            f.params
                .iter()
                .filter(|p| value::carries_value(&f.locals[**p].ty))
                .map(|p| f.locals[*p].key.clone())
                .collect()
        })
        .unwrap_or_default();
    Failure {
        args: value::slot_names(&keys).into_iter().zip(args).collect(),
        message,
    }
}
