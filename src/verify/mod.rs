//! The verifier: proves contracts with Z3, for the compiled program's semantics.
//!
//! Typed IR in, obligations out. [`verify`] encodes each function of the root
//! module (each instance of a generic one) with [`encode::Encoder`], asks Z3
//! about every goal, and turns the answers into the Tier 1 / Tier 3 counts,
//! diagnostics with counterexamples in Vera syntax, and the set of clauses
//! whose runtime checks code generation may leave out.
//!
//! Architecture invariant: the verifier never reads files and never changes
//! the program; code generation depends on it only through [`Report::proved`].
//!
//! Soundness (spec chapter 11): Int and Nat are integers within the i64 range;
//! an operation whose mathematical result leaves the range has the value
//! `wrap64(v)`, an unknown function of `v`, so a proof never relies on a value
//! that wraps, and everything else means what the compiled WebAssembly
//! computes (division truncates). What the compiled
//! program checks at run time is assumed after the check; what it does not
//! check (that a Nat is not negative, refinement predicates, data invariants)
//! is assumed only where every value flowing in was proved to satisfy it,
//! found as the greatest fixpoint of [`encode::Trust`].

pub mod encode;
pub mod smt;

use crate::check::tir::{ClauseId, FnId, Program};
use crate::diagnostics::Diagnostic;
use crate::source::SourceMap;
use encode::{Code, Decls, Encoder, Encoding, Goal, Groups, Owner, Trust, TrustKey};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// How to verify.
#[derive(Clone, Debug)]
pub struct Options {
    /// The solver's time limit per query.
    pub timeout_ms: u64,
    /// Keep the text of every query (`vera verify --smt`).
    pub smt: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            timeout_ms: 10_000,
            smt: false,
        }
    }
}

/// What verification found.
#[derive(Default)]
pub struct Report {
    /// Errors (a contract shown false) and warnings (not proved).
    pub diagnostics: Vec<Diagnostic>,
    /// Obligations proved statically.
    pub tier1: usize,
    /// Obligations left to a runtime check.
    pub tier3: usize,
    /// Clauses whose runtime checks may be left out of the compiled program.
    pub proved: BTreeSet<ClauseId>,
    /// The SMT-LIB queries, one per obligation, when [`Options::smt`] is set.
    pub smt: String,
}

/// `Verification: 3 verified (Tier 1), 1 runtime checks (Tier 3)` (upstream's
/// words); a part
/// whose count is 0 is left out.
pub fn summary_line(tier1: usize, tier3: usize) -> String {
    let mut parts = Vec::new();
    if tier1 > 0 {
        parts.push(format!("{} verified (Tier 1)", tier1));
    }
    if tier3 > 0 {
        parts.push(format!("{} runtime checks (Tier 3)", tier3));
    }
    if parts.is_empty() {
        "Verification: no contracts".into()
    } else {
        format!("Verification: {}", parts.join(", "))
    }
}

/// The solver's verdict on one goal.
#[derive(Clone, Debug)]
enum Verdict {
    Proved,
    /// False for these values.
    Refuted(Vec<(String, String)>),
    /// True unless 64-bit arithmetic wraps; false for these values.
    Overflow(Vec<(String, String)>),
    /// The counterexample may be spurious: the encoding was inexact.
    Gap(String, Vec<(String, String)>),
    Unknown(String),
}

impl Verdict {
    fn rank(&self) -> u8 {
        match self {
            Verdict::Proved => 0,
            Verdict::Unknown(_) | Verdict::Gap(..) | Verdict::Overflow(_) => 1,
            Verdict::Refuted(_) => 2,
        }
    }
}

/// One encoded function instance: the function, whether it is a generic one
/// never instantiated, and its encoding.
type Unit = (FnId, bool, Encoding);

/// Verify the root module's functions of a checked program.
pub fn verify(program: &Program, sources: &SourceMap, options: &Options) -> Report {
    let groups = Groups::new(program);
    let instances = encode::instances(program);
    // Every function instance to encode, root module only.
    let mut units: Vec<(FnId, Vec<crate::check::types::Type>, bool)> = Vec::new();
    for (id, f) in program.fns.iter_enumerated() {
        if !f.root {
            continue;
        }
        if f.type_params.is_empty() {
            units.push((id, vec![], false));
        } else {
            match instances.get(&id) {
                Some(list) => units.extend(list.iter().map(|t| (id, t.clone(), false))),
                None => units.push((id, vec![], true)),
            }
        }
    }
    // Assumptions no runtime check guards, trusted until a flow into them fails.
    let mut trust: Trust = Trust::new();
    for (id, f) in program.fns.iter_enumerated() {
        if !f.root {
            continue;
        }
        // The host checks a public function's Nat and refined arguments
        // (`entry::parse_args`, `interp::check_refined_args`).
        for i in 0..f.params.len() {
            trust.insert(TrustKey::Param(id, i));
        }
        trust.insert(TrustKey::Ret(id));
    }
    for (id, adt) in program.adts.iter_enumerated() {
        if adt.invariant.is_some() {
            trust.insert(TrustKey::Invariant(id));
        }
        for (tag, ctor) in adt.ctors.iter().enumerate() {
            for i in 0..ctor.fields.len() {
                trust.extend(encode::nat_field(program, id, tag, i));
            }
        }
    }
    let mut solver = Solver {
        timeout: options.timeout_ms,
        cache: HashMap::new(),
        loaded: String::new(),
    };
    let (mut decls, mut encodings);
    // The first encoding, under every assumption: a goal refuted only once
    // an assumption was withdrawn is not shown false (its counterexample
    // would break a Nat or a refinement that nothing is known to break).
    let mut optimistic: Option<(String, Vec<Unit>)> = None;
    loop {
        decls = Decls::default();
        encodings = Vec::new();
        for (id, targs, generic) in &units {
            let mut e = Encoder::new(program, &trust, &groups, &mut decls, *id);
            e.generic = *generic;
            encodings.push((*id, *generic, e.function(targs)));
        }
        let preamble = decls.lines.join("\n");
        let mut failed = Vec::new();
        for (_, _, enc) in &encodings {
            for (i, g) in enc.goals.iter().enumerate() {
                if let Some(key) = &g.trust {
                    if trust.contains(key)
                        && !matches!(solver.solve(&preamble, enc, i), Verdict::Proved)
                    {
                        failed.push(key.clone());
                    }
                }
            }
        }
        if failed.is_empty() {
            break;
        }
        if optimistic.is_none() {
            optimistic = Some((preamble, std::mem::take(&mut encodings)));
        }
        for k in failed {
            trust.remove(&k);
        }
    }
    let preamble = decls.lines.join("\n");
    let mut report = Report::default();
    // Verdicts, grouped by what they count toward.
    let mut owners: BTreeMap<Owner, (Code, u8)> = BTreeMap::new();
    let mut shown: BTreeSet<(&'static str, u32, u32)> = BTreeSet::new();
    let mut call_failures: BTreeSet<(FnId, usize)> = BTreeSet::new();
    let mut assumes: BTreeSet<FnId> = BTreeSet::new();
    for (n, (id, generic, enc)) in encodings.iter().enumerate() {
        if enc.assumes {
            assumes.insert(*id);
        }
        for (i, g) in enc.goals.iter().enumerate() {
            let mut verdict = solver.solve(&preamble, enc, i);
            if let (Verdict::Refuted(_), Some((pre, first))) = (&verdict, &optimistic) {
                if let Some((_, _, e)) = first.get(n).filter(|(_, _, e)| e.goals.len() > i) {
                    verdict = match solver.solve(pre, e, i) {
                        Verdict::Refuted(_) => verdict,
                        Verdict::Proved => Verdict::Unknown(
                            "it relies on a Nat or a refinement that is not proved everywhere it is passed (see the other warnings)".into(),
                        ),
                        other => other,
                    };
                }
            }
            if options.smt {
                report
                    .smt
                    .push_str(&smt_text(&preamble, enc, g, sources, program));
            }
            if let Owner::Call(f, i) = &g.owner {
                if !matches!(verdict, Verdict::Proved) {
                    call_failures.insert((*f, *i));
                }
            }
            if let Owner::Site(..)
            | Owner::Requires(..)
            | Owner::Ensures(..)
            | Owner::Decreases(..) = g.owner
            {
                let entry = owners.entry(g.owner.clone()).or_insert((g.code, 0));
                let r = match (g.code, verdict.rank()) {
                    (Code::Requires, _) if g.gap.is_some() => 1,
                    // Shown false, but the program checks it: Tier 3, a warning.
                    (Code::DivZero | Code::Index, r) => r.min(1),
                    // Refuted only through a callee known by its contract:
                    // Tier 2 falls to Tier 3 (upstream spec 6.8).
                    (_, 2) if g.abstraction.is_some() => 1,
                    (_, r) => r,
                };
                entry.1 = entry.1.max(r);
            }
            if let Some(d) = diagnostic(program, *id, *generic, g, &verdict, enc) {
                let span = g.span;
                if shown.insert((d.code, span.start, span.end)) {
                    report.diagnostics.push(d);
                }
            }
        }
    }
    for (owner, (code, rank)) in &owners {
        let runtime_checked = !matches!(code, Code::Nat | Code::Refinement | Code::Invariant);
        match rank {
            0 => report.tier1 += 1,
            1 if runtime_checked => report.tier3 += 1,
            _ => {}
        }
        if *rank == 0 {
            match owner {
                Owner::Ensures(f, i) if !assumes.contains(f) => {
                    report.proved.insert(ClauseId::Ensures(*f, *i));
                }
                _ => {}
            }
        }
    }
    // A requires check may go only where every call was proved to satisfy
    // it and the host cannot call the function.
    let callers_assume = !assumes.is_empty();
    for (id, f) in program.fns.iter_enumerated() {
        if !f.root || f.exported || callers_assume {
            continue;
        }
        for i in 0..f.requires.len() {
            let translated = owners
                .get(&Owner::Requires(id, i))
                .is_some_and(|(_, r)| *r == 0);
            if translated && !call_failures.contains(&(id, i)) && calls_only_from_root(program, id)
            {
                report.proved.insert(ClauseId::Requires(id, i));
            }
        }
    }
    report
        .diagnostics
        .sort_by_key(|d| d.span.map(|s| (s.file, s.start)).unwrap_or_default());
    report
}

fn calls_only_from_root(program: &Program, target: FnId) -> bool {
    program.fns.iter().all(|f| {
        f.root
            || !f.body.any(&mut |e| {
                matches!(&e.kind, crate::check::tir::ExprKind::Call { func, .. } if *func == target)
            })
    })
}

struct Solver {
    timeout: u64,
    cache: HashMap<String, Verdict>,
    /// The definitions the thread's solver holds now.
    loaded: String,
}

impl Solver {
    fn solve(&mut self, preamble: &str, enc: &Encoding, index: usize) -> Verdict {
        let g = &enc.goals[index];
        if g.code == Code::Requires || g.on_path || g.goal == "true" || g.pc == "false" {
            return Verdict::Proved;
        }
        let key = format!("{}{}", g.owner == Owner::Silent, query(preamble, enc, g));
        if let Some(v) = self.cache.get(&key) {
            return v.clone();
        }
        let verdict = self.ask(preamble, enc, index);
        self.cache.insert(key, verdict.clone());
        verdict
    }

    fn ask(&mut self, preamble: &str, enc: &Encoding, index: usize) -> Verdict {
        let g = &enc.goals[index];
        let text = session(preamble, enc);
        if text != self.loaded {
            if !smt::load(&text, self.timeout) {
                return Verdict::Unknown("the query did not parse (an internal error)".into());
            }
            self.loaded = text;
        }
        let mut wanted: Vec<(String, smt::Kind)> = enc
            .params
            .iter()
            .filter_map(|p| p.kind.map(|k| (p.name.clone(), k)))
            .collect();
        if let Some((r, Some(k))) = &enc.result {
            wanted.push((r.clone(), *k));
        }
        wanted.extend(
            g.closure_args
                .iter()
                .filter_map(|a| a.kind.map(|k| (a.name.clone(), k))),
        );
        let overflows: Vec<String> = enc.overflow[..g.noverflow]
            .iter()
            .map(|o| o.trim_matches('|').to_string())
            .collect();
        wanted.extend(overflows.iter().map(|o| (o.clone(), smt::Kind::Bool)));
        let goal = format!("goal#{}", index);
        match smt::check(std::slice::from_ref(&goal), &wanted) {
            smt::Answer::Unsat => Verdict::Proved,
            smt::Answer::Unknown(why) => Verdict::Unknown(why),
            smt::Answer::Sat(values) => {
                let wrapped = overflows
                    .iter()
                    .any(|o| values.get(o).is_some_and(|v| *v != 0));
                if !wrapped {
                    // A counterexample with small numbers, if there is one.
                    let mut assume = vec![goal.clone(), "small".to_string()];
                    if g.noverflow > 0 {
                        assume.push(format!("nowrap#{}", index));
                    }
                    let values = match smt::check(&assume, &wanted) {
                        smt::Answer::Sat(v) => v,
                        _ => values,
                    };
                    match &g.gap {
                        Some(gap) => Verdict::Gap(gap.clone(), show_model(enc, &values, g)),
                        None => Verdict::Refuted(show_model(enc, &values, g)),
                    }
                } else if g.owner == Owner::Silent {
                    // Only whether it is proved matters.
                    Verdict::Overflow(Vec::new())
                } else {
                    // The counterexample wraps: is there one that does not?
                    let nowrap = format!("nowrap#{}", index);
                    let first =
                        smt::check(&[goal.clone(), nowrap.clone(), "small".into()], &wanted);
                    let answer = match first {
                        smt::Answer::Sat(_) => first,
                        _ => smt::check(&[goal, nowrap], &wanted),
                    };
                    match answer {
                        smt::Answer::Sat(v2) => match &g.gap {
                            Some(gap) => Verdict::Gap(gap.clone(), show_model(enc, &v2, g)),
                            None => Verdict::Refuted(show_model(enc, &v2, g)),
                        },
                        _ => Verdict::Overflow(show_params(enc, &values)),
                    }
                }
            }
        }
    }
}

/// Everything the queries of one function instance need: its definitions,
/// and each goal `k` as a constant `goal#k` that holds where the goal fails
/// at its point (`nowrap#k`: no operation before it overflowed). Every
/// definition is a conservative extension (a macro, a fresh constant, or a
/// fact about a fresh constant), so checking `goal#k` against all of them is
/// the same as checking it against those made before the goal.
fn session(preamble: &str, enc: &Encoding) -> String {
    let mut text = String::with_capacity(4096);
    text.push_str(preamble);
    text.push('\n');
    for d in &enc.defs {
        text.push_str(d);
        text.push('\n');
    }
    // Counterexamples are easier to read with small numbers: tried first.
    let small: Vec<String> = enc
        .params
        .iter()
        .filter(|p| p.kind == Some(smt::Kind::Int))
        .map(|p| format!("(<= (- 1000) {} 1000)", smt::sym(&p.name)))
        .collect();
    text.push_str(&format!(
        "(declare-const |small| Bool)\n(assert (= |small| {}))\n",
        smt::and(&small)
    ));
    for (k, g) in enc.goals.iter().enumerate() {
        if g.code == Code::Requires || g.on_path || g.goal == "true" {
            continue;
        }
        text.push_str(&format!(
            "(declare-const |goal#{k}| Bool)\n(assert (= |goal#{k}| (and {} (not {}))))\n",
            g.pc, g.goal
        ));
        if g.noverflow > 0 {
            text.push_str(&format!(
                "(declare-const |nowrap#{k}| Bool)\n(assert (= |nowrap#{k}| {}))\n",
                smt::not(&smt::or(&enc.overflow[..g.noverflow]))
            ));
        }
    }
    text
}

/// The text of one query.
fn query(preamble: &str, enc: &Encoding, g: &Goal) -> String {
    let mut text = String::new();
    text.push_str(preamble);
    text.push('\n');
    for d in &enc.defs[..g.ndefs] {
        text.push_str(d);
        text.push('\n');
    }
    text.push_str(&format!("(assert {})\n", g.pc));
    text.push_str(&format!("(assert (not {}))\n", g.goal));
    text
}

/// A query for `--smt`: a comment naming the obligation and its place.
fn smt_text(
    preamble: &str,
    enc: &Encoding,
    g: &Goal,
    sources: &SourceMap,
    program: &Program,
) -> String {
    let file = sources.get(g.span.file);
    let (line, _) = file.line_col(g.span.start as usize);
    let name = file
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let owner = match &g.owner {
        Owner::Requires(f, _)
        | Owner::Ensures(f, _)
        | Owner::Decreases(f)
        | Owner::Site(f, ..)
        | Owner::Call(f, _) => program.fns[*f].name.clone(),
        Owner::Silent => String::new(),
    };
    let mut out = format!(
        ";; {} {} -- {}:{}{}\n",
        g.code.code(),
        g.text,
        name,
        line,
        if owner.is_empty() {
            String::new()
        } else {
            format!(" (in {})", owner)
        }
    );
    if g.code == Code::Requires {
        // A precondition is assumed in the body, not proved: show what is assumed.
        out.push_str(";; assumed on entry (checked at run time), so nothing to prove\n");
        out.push_str(preamble);
        out.push('\n');
        for d in &enc.defs[..g.ndefs] {
            out.push_str(d);
            out.push('\n');
        }
        out.push_str(&format!("(assert {})\n\n", g.goal));
        return out;
    }
    if g.on_path {
        out.push_str(";; proved without the solver: the goal is a fact of the path condition\n");
    } else {
        out.push_str(";; unsat means proved\n");
    }
    out.push_str(&query(preamble, enc, g));
    out.push_str("(check-sat)\n\n");
    out
}

/// The parameters' values only (a wrapped result is not known exactly).
fn show_params(enc: &Encoding, values: &HashMap<String, i64>) -> Vec<(String, String)> {
    let mut out = show_model_params(enc, values);
    out.truncate(enc.params.iter().filter(|p| p.kind.is_some()).count());
    out
}

fn show_model_params(enc: &Encoding, values: &HashMap<String, i64>) -> Vec<(String, String)> {
    enc.params
        .iter()
        .filter_map(|p| {
            let v = values.get(&p.name)?;
            Some((
                p.name.clone(),
                match p.kind? {
                    smt::Kind::Bool => (*v != 0).to_string(),
                    smt::Kind::Int => v.to_string(),
                },
            ))
        })
        .collect()
}

/// The counterexample's values, in Vera syntax, parameters first.
fn show_model(enc: &Encoding, values: &HashMap<String, i64>, g: &Goal) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let show = |kind: smt::Kind, v: i64| match kind {
        smt::Kind::Bool => (v != 0).to_string(),
        smt::Kind::Int => v.to_string(),
    };
    for p in &enc.params {
        if let (Some(k), Some(v)) = (p.kind, values.get(&p.name)) {
            out.push((p.name.clone(), show(k, *v)));
        }
    }
    for a in &g.closure_args {
        if let (Some(k), Some(v)) = (a.kind, values.get(&a.name)) {
            out.push((a.label.clone(), show(k, *v)));
        }
    }
    // The result, for a goal about it (those asked at the return).
    let at_return = matches!(g.code, Code::Ensures) || g.text.starts_with("the result of");
    if let (Some((r, Some(k))), true) = (&enc.result, at_return) {
        if let Some(v) = values.get(r) {
            out.push((r.clone(), show(*k, *v)));
        }
    }
    out
}

fn values_text(values: &[(String, String)]) -> String {
    if values.is_empty() {
        return "any arguments".into();
    }
    values
        .iter()
        .map(|(n, v)| format!("    {} = {}", n, v))
        .collect::<Vec<_>>()
        .join("\n")
}

const SPEC: &str = "Chapter 11, Section 11.3";

/// The diagnostic for one goal's verdict, if it deserves one.
fn diagnostic(
    program: &Program,
    fid: FnId,
    generic: bool,
    g: &Goal,
    verdict: &Verdict,
    _enc: &Encoding,
) -> Option<Diagnostic> {
    let f = &program.fns[fid];
    let sig = &f.signature;
    if g.code == Code::Requires {
        let why = g.gap.as_ref()?;
        return Some(
            Diagnostic::warning(
                "E521",
                g.span,
                format!(
                    "{} of {} uses {}, which the verifier does not model: it is checked at run time (Tier 3) and assumed only as far as it was translated.",
                    g.text, sig, why
                ),
            )
            .fix("Nothing needs fixing; the precondition is still checked when the program runs.")
            .spec(SPEC),
        );
    }
    let silent = g.owner == Owner::Silent;
    let what = match g.code {
        Code::Ensures => "Postcondition does not hold",
        Code::CallRequires => "Precondition of a call does not hold",
        Code::Decreases => "The termination measure does not decrease",
        Code::Assert => "Assertion does not hold",
        Code::DivZero => "Division by zero is possible",
        Code::Index => "Index out of bounds is possible",
        Code::Nat => "Nat underflow: a value that may be negative is used as a Nat",
        Code::Refinement => "Refinement predicate does not hold",
        Code::Invariant => "Data invariant does not hold",
        Code::Requires => unreachable!(),
    };
    let fix = match g.code {
        Code::Ensures => "Strengthen the precondition (requires) so that it rules out these values, or correct the postcondition or the body.",
        Code::CallRequires => "Establish the callee's precondition before the call: add a requires clause to the caller or guard the call with an if.",
        Code::Decreases => "Make every recursive call pass a measure that is smaller and not negative, or declare effects(<Diverge>).",
        Code::Assert => "Add a requires clause that rules out these values, or correct the assertion.",
        Code::DivZero => "Add requires(divisor != 0), or test the divisor before dividing.",
        Code::Index => "Add a requires clause bounding the index by length(...), or test it before indexing.",
        Code::Nat => "Add a requires clause (for example requires(@Nat.0 >= @Nat.1)) or test the value before using it as a Nat.",
        Code::Refinement | Code::Invariant => "Add a requires clause or a test that establishes the predicate.",
        Code::Requires => unreachable!(),
    };
    let runtime = match g.code {
        Code::Nat | Code::Refinement | Code::Invariant => {
            "Nothing checks it when the program runs."
        }
        Code::Decreases => "Termination is not checked when the program runs.",
        Code::DivZero | Code::Index => "The program stops with a runtime error if it happens.",
        _ => "It is checked when the program runs (Tier 3).",
    };
    match verdict {
        Verdict::Proved => None,
        Verdict::Refuted(values)
            if g.abstraction.is_some()
                && !matches!(g.code, Code::DivZero | Code::Index)
                && !silent =>
        {
            let code = match g.code {
                _ if generic => "E520",
                Code::Decreases => "E525",
                Code::Ensures => "E522",
                _ => "E523",
            };
            Some(
                Diagnostic::warning(
                    code,
                    g.span,
                    format!(
                        "{} in {} could not be proved: it depends on {}, of which only the contract is known. A possible counterexample:\n\n{}\n\n{}",
                        g.text,
                        sig,
                        g.abstraction.as_deref().unwrap_or_default(),
                        values_text(values),
                        runtime
                    ),
                )
                .fix(format!(
                    "If {} is right, give it an ensures clause that states what this needs.",
                    g.abstraction.as_deref().unwrap_or_default()
                ))
                .spec(SPEC),
            )
        }
        Verdict::Refuted(values) if !silent => {
            let severity_error = !matches!(g.code, Code::DivZero | Code::Index);
            let claim = match g.code {
                Code::Ensures | Code::CallRequires | Code::Assert | Code::Decreases | Code::Invariant => {
                    format!("{} fails", g.text)
                }
                _ => format!("it is not always true that {}: it fails", g.text),
            };
            let msg = format!(
                "{} in {}: {} for\n\n{}\n\n{}",
                what,
                sig,
                claim,
                values_text(values),
                if severity_error {
                    "The counterexample is for the program as compiled (64-bit arithmetic, division that truncates)."
                } else {
                    runtime
                }
            );
            let code = if g.code == Code::Ensures { "E500" } else { g.code.code() };
            let d = if severity_error {
                Diagnostic::error(code, g.span, msg)
            } else {
                Diagnostic::warning(code, g.span, msg)
            };
            Some(d.fix(fix).spec(SPEC))
        }
        Verdict::Overflow(values) if !silent => Some(
            Diagnostic::warning(
                "E528",
                g.span,
                format!(
                    "Not proved because 64-bit arithmetic wraps: {} in {} holds as long as no operation overflows, but an operation overflows and it fails for\n\n{}\n\n{}",
                    g.text,
                    sig,
                    values_text(values),
                    runtime
                ),
            )
            .fix("Bound the values with a requires clause so that no operation overflows, for example requires(@Int.0 < 1000000).")
            .spec(SPEC),
        ),
        Verdict::Gap(why, values) if !silent && g.code != Code::CallRequires => {
            let code = match g.code {
                _ if generic => "E520",
                Code::Ensures => "E522",
                Code::Decreases => "E525",
                Code::DivZero => "E526",
                Code::Index => "E527",
                _ => "E523",
            };
            Some(
                Diagnostic::warning(
                    code,
                    g.span,
                    format!(
                        "{} in {} could not be proved: it depends on {}, which the verifier does not model{}. A possible counterexample:\n\n{}\n\n{}",
                        g.text,
                        sig,
                        why,
                        if generic { " (a generic function that is never instantiated is verified with its type parameters unknown)" } else { "" },
                        values_text(values),
                        runtime
                    ),
                )
                .fix("Nothing needs fixing; the property is checked when the program runs where it can be.")
                .spec(SPEC),
            )
        }
        Verdict::Unknown(why) if !silent && g.code != Code::CallRequires => Some(
            Diagnostic::warning(
                if g.code == Code::Decreases { "E525" } else { "E524" },
                g.span,
                format!(
                    "{} in {} could not be decided by the solver ({}). {}",
                    g.text, sig, why, runtime
                ),
            )
            .fix("Simplify the contract, or raise the limit with --timeout-ms.")
            .spec(SPEC),
        ),
        _ if g.code == Code::Decreases && !silent => Some(
            Diagnostic::warning(
                "E525",
                g.span,
                format!("{} in {} could not be proved. {}", g.text, sig, runtime),
            )
            .fix(fix)
            .spec(SPEC),
        ),
        _ => None,
    }
}
