//! From typed IR to SMT-LIB: one function instance becomes a list of
//! definitions and the goals (obligations) that must follow from them.
//!
//! The encoder walks the body in evaluation order and keeps a *path
//! condition* `pc`: what holds of the values whenever execution reaches the
//! current point. A goal is asked at the point it arises, against the
//! definitions made so far and that point's `pc`, never against anything that
//! happens later (a later fact may be false because the program stopped
//! before it). What the compiled program checks at run time — a callee's
//! `requires`, an `assert`, a non-zero divisor, an index in bounds — holds
//! after the point that checks it, so it joins `pc` there.
//!
//! Where the encoding is not exact (floats, string contents, closures, effect
//! operations under a user handler, equality at an unknown type) the value is
//! a fresh constant and the encoder records a *gap*: a counterexample found
//! after a gap may be spurious, so it is reported as undecided, never as an error.
//!
//! Wherever a value is put into a typed place — a let or pattern binding, an
//! argument, a result, a constructor's field, a tuple's or an array's element,
//! a closure's result, an operation's argument, a handler's state, what
//! `resume` passes back — the encoder compares the place's type with the
//! value: a Nat place given a value that may be negative ([`narrowing`]) owes
//! E502, and a place with a refinement predicate owes E503. The checker lets
//! an Int stand for a Nat at the top of any of these places (spec 2.6), and
//! nothing checks it at run time, so each is an obligation here.

use super::smt::{self, and, eq, implies, ite, not, or, sym, INT};
use crate::check::tir::{
    Builtin, Expr, ExprKind as K, FnId, Function, Local, LocalId, Pattern, Program, Stmt,
};
use crate::check::types::{AdtId, Effect, EffectId, Type, TypeDisplay};
use crate::ids::{Id, IdVec};
use crate::source::Span;
use crate::syntax::ast::{BinOp, UnOp};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Which kind of obligation a goal is; its diagnostic code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Code {
    /// The function's own `requires`: assumed, and only translated.
    Requires,
    Ensures,
    CallRequires,
    Decreases,
    Assert,
    DivZero,
    Index,
    /// A possibly negative value where a Nat is expected.
    Nat,
    /// A refinement predicate of a parameter, a let or the result.
    Refinement,
    /// A data invariant where a value is constructed.
    Invariant,
}

impl Code {
    pub fn code(self) -> &'static str {
        match self {
            Code::Requires => "E521",
            Code::Ensures => "E500",
            Code::CallRequires => "E501",
            Code::Nat => "E502",
            Code::Refinement => "E503",
            Code::Invariant => "E504",
            Code::Assert => "E507",
            Code::Decreases => "E525",
            Code::DivZero => "E526",
            Code::Index => "E527",
        }
    }
}

/// What a goal counts toward: one clause, or one site in a body.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Owner {
    Requires(FnId, usize),
    Ensures(FnId, usize),
    Decreases(FnId),
    /// An obligation at a place in a body (assert, division, index, narrowing).
    Site(FnId, Code, u32, u32),
    /// A callee's `requires` at a call: an error when refuted, never counted.
    Call(FnId, usize),
    /// A value flowing into a Nat or refined position that needs no count: it
    /// only decides what may be assumed (see [`Trust`]).
    Silent,
}

/// An assumption that holds only if every value flowing into it was proved
/// to satisfy it: nothing checks a Nat or a refinement at run time.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TrustKey {
    /// Parameter `i` of a function is a Nat / satisfies its refinement.
    Param(FnId, usize),
    /// The result of a function is a Nat / satisfies its refinement.
    Ret(FnId),
    /// Every value of a data type satisfies its invariant.
    Invariant(AdtId),
    /// Field `i` of constructor `tag`, declared Nat, is never negative.
    NatField(AdtId, usize, usize),
}

pub type Trust = HashSet<TrustKey>;

/// One question for the solver: do `pc` and the first `ndefs` definitions imply `goal`?
pub struct Goal {
    pub code: Code,
    pub owner: Owner,
    /// The assumption this goal justifies, if any.
    pub trust: Option<TrustKey>,
    pub span: Span,
    /// What is proved, as written: the clause, or a description of the site.
    pub text: String,
    pub ndefs: usize,
    pub pc: String,
    pub goal: String,
    /// Why a counterexample may be spurious (the first inexact translation before it).
    pub gap: Option<String>,
    /// How many overflow conditions precede it.
    pub noverflow: usize,
    /// A call result known only by its callee's contract precedes it.
    pub abstraction: Option<String>,
    /// The goal is literally a fact the path already assumed: proved.
    pub on_path: bool,
    /// The arguments of the closures around it, for its counterexample.
    pub closure_args: Vec<Shown>,
}

/// A value shown in a counterexample besides the function's parameters: a
/// closure's argument.
#[derive(Clone, Debug)]
pub struct Shown {
    /// The solver's name for it.
    pub name: String,
    /// How the counterexample names it.
    pub label: String,
    pub kind: Option<smt::Kind>,
}

/// A function's parameter as the solver names it: `@Int.0`.
pub struct ParamConst {
    pub name: String,
    pub kind: Option<smt::Kind>,
    pub ty: Type,
}

/// The encoding of one function instance.
pub struct Encoding {
    /// Sorts, functions and facts every query of the program may use.
    pub defs: Vec<String>,
    pub goals: Vec<Goal>,
    /// Conditions that no arithmetic wrapped, by the definition count they follow.
    pub overflow: Vec<String>,
    pub params: Vec<ParamConst>,
    /// The constant holding the result, for counterexamples.
    pub result: Option<(String, Option<smt::Kind>)>,
    /// The function's body uses `assume`.
    pub assumes: bool,
    /// What holds on entry (the parameters' types and the function's own
    /// `requires`): the number of definitions it needs and its name. The
    /// tester asks Z3 for inputs that satisfy it.
    pub entry: (usize, String),
}

/// Declarations shared by all queries of a program: sorts and functions.
#[derive(Default)]
pub struct Decls {
    pub lines: Vec<String>,
    seen: HashSet<String>,
    /// String literals, numbered: equal texts are one constant.
    literals: HashMap<String, usize>,
}

impl Decls {
    fn add(&mut self, key: &str, line: String) {
        if self.seen.insert(key.to_string()) {
            self.lines.push(line);
        }
    }
}

/// Functions that call each other: the recursion groups `decreases` is about.
pub struct Groups {
    pub reach: Vec<HashSet<FnId>>,
}

impl Groups {
    pub fn new(program: &Program) -> Groups {
        let n = program.fns.len();
        let mut direct: Vec<HashSet<FnId>> = vec![HashSet::new(); n];
        for (id, f) in program.fns.iter_enumerated() {
            f.body.walk(&mut |e| {
                if let K::Call { func, .. } = &e.kind {
                    direct[id.index()].insert(*func);
                }
            });
        }
        let mut reach = direct.clone();
        loop {
            let mut changed = false;
            for r in reach.iter_mut() {
                let next: Vec<FnId> = r
                    .iter()
                    .flat_map(|g| direct[g.index()].iter().copied())
                    .collect();
                for g in next {
                    changed |= r.insert(g);
                }
            }
            if !changed {
                break;
            }
        }
        Groups { reach }
    }

    /// `g` may call `f` back (directly or not), so a call from `f` to `g` recurses.
    pub fn recursive(&self, f: FnId, g: FnId) -> bool {
        self.reach[g.index()].contains(&f)
    }
}

/// The bindings of one function (or data invariant) being translated.
struct Frame<'a> {
    locals: &'a IdVec<LocalId, Local>,
    subst: Vec<(String, Type)>,
    env: HashMap<LocalId, String>,
    result: Option<String>,
    old: HashMap<Type, String>,
    new: Option<HashMap<Type, String>>,
}

struct Quant {
    /// Safety conditions (in bounds, non-zero divisor) the body needs, by kind.
    safety: Vec<(Code, String)>,
}

pub struct Encoder<'a> {
    prog: &'a Program,
    trust: &'a Trust,
    groups: &'a Groups,
    pub decls: &'a mut Decls,
    fid: FnId,
    frames: Vec<Frame<'a>>,
    defs: Vec<String>,
    goals: Vec<Goal>,
    overflow: Vec<String>,
    pc: String,
    counter: usize,
    gap: Option<String>,
    abstraction: Option<String>,
    /// Each path condition's predecessor and the fact it adds.
    parents: HashMap<String, (String, String)>,
    states: HashMap<Type, String>,
    /// Effects handled by an enclosing `handle` of the body.
    handled: Vec<Effect>,
    quant: Vec<Quant>,
    collect: bool,
    owner: Owner,
    /// The measures of the function at entry, for `decreases`.
    measures: Option<Vec<(String, Type)>>,
    assumes: bool,
    /// The generic function has no instance: its type variables are sorts.
    pub generic: bool,
    /// The parameters of the closures being encoded, for counterexamples.
    closure_args: Vec<Shown>,
    /// The bindings of the pattern being encoded, with their values and the
    /// types of the places they bind.
    bound: Vec<(LocalId, String, Type)>,
    /// The result type of the operation each enclosing handler clause
    /// handles: what `resume` passes back.
    resumes: Vec<Option<Type>>,
    /// Inside a closure's body, whose arguments are whatever its callers
    /// pass: a counterexample there may be spurious.
    closure_body: bool,
}

impl<'a> Encoder<'a> {
    pub fn new(
        prog: &'a Program,
        trust: &'a Trust,
        groups: &'a Groups,
        decls: &'a mut Decls,
        fid: FnId,
    ) -> Encoder<'a> {
        Encoder {
            prog,
            trust,
            groups,
            decls,
            fid,
            frames: Vec::new(),
            defs: Vec::new(),
            goals: Vec::new(),
            overflow: Vec::new(),
            pc: "true".into(),
            counter: 0,
            gap: None,
            abstraction: None,
            parents: HashMap::new(),
            states: HashMap::new(),
            handled: Vec::new(),
            quant: Vec::new(),
            collect: false,
            owner: Owner::Silent,
            measures: None,
            assumes: false,
            generic: false,
            closure_args: Vec::new(),
            closure_body: false,
            resumes: Vec::new(),
            bound: Vec::new(),
        }
    }

    /// Encode the function at the type arguments `targs` (empty for a
    /// monomorphic one, or to treat type variables as uninterpreted sorts).
    pub fn function(mut self, targs: &[Type]) -> Encoding {
        let prog = self.prog;
        let f: &'a Function = &prog.fns[self.fid];
        let subst: Vec<(String, Type)> =
            f.type_params.iter().cloned().zip(targs.to_vec()).collect();
        self.frames.push(Frame {
            locals: &f.locals,
            subst,
            env: HashMap::new(),
            result: None,
            old: HashMap::new(),
            new: None,
        });
        // Parameters, named by their slots as seen at entry.
        let mut params = Vec::new();
        for (i, &p) in f.params.iter().enumerate() {
            let key = &f.locals[p].key;
            let later = f.params[i + 1..]
                .iter()
                .filter(|q| &f.locals[**q].key == key)
                .count();
            let name = format!("@{}.{}", key, later);
            let ty = self.local_ty(p);
            let sort = self.sort(&ty);
            self.defs
                .push(format!("(declare-const {} {})", sym(&name), sort));
            let term = sym(&name);
            self.frame().env.insert(p, term.clone());
            let wf = self.wf(&term, &ty, true);
            self.assume(wf);
            let trusted = self.trust.contains(&TrustKey::Param(self.fid, i));
            if trusted {
                if ty == Type::Nat {
                    self.assume(format!("(<= {} {})", smt::int(0), term));
                }
                if let Some((_, r)) = f.refinements.iter().find(|(l, _)| *l == p) {
                    let fact = self.predicate(&r.var, &r.pred, &term);
                    self.assume(fact);
                }
            }
            params.push(ParamConst {
                name,
                kind: kind_of(&ty),
                ty,
            });
        }
        for t in state_types(&f.effects) {
            let t = self.ty(&t);
            let sort = self.sort(&t);
            let name = format!("old State<{}>", self.show(&t));
            self.defs
                .push(format!("(declare-const {} {})", sym(&name), sort));
            let wf = self.wf(&sym(&name), &t, false);
            self.assume(wf);
            self.states.insert(t.clone(), sym(&name));
            self.frame().old.insert(t, sym(&name));
        }
        // The function's own requires: translated and assumed.
        for (i, k) in f.requires.iter().enumerate() {
            self.gap = None;
            let v = self.expr(&k.expr);
            let gap = self.gap.take();
            self.goals.push(Goal {
                code: Code::Requires,
                owner: Owner::Requires(self.fid, i),
                trust: None,
                span: k.expr.span,
                text: k.text.clone(),
                ndefs: self.defs.len(),
                pc: "true".into(),
                // Assumed, never asked: kept for `--smt`.
                goal: v.clone(),
                gap,
                noverflow: 0,
                abstraction: None,
                on_path: false,
                closure_args: Vec::new(),
            });
            self.assume(v);
        }
        let entry = (self.defs.len(), self.pc.clone());
        // The measures at entry.
        if let Some(d) = f.decreases.first() {
            let mut ms = Vec::new();
            for m in &d.measures {
                let v = self.expr(m);
                let t = self.ty(&m.ty);
                let v = self.name("measure", &t, v);
                ms.push((v, t));
            }
            self.measures = Some(ms);
        }
        self.gap = None;
        self.collect = true;
        self.assumes = f.body.any(&mut |e| matches!(e.kind, K::Assume(_)));
        let body = self.expr(&f.body);
        let ret = self.ty(&f.ret);
        let result_name = format!("@{}.result", ret_key(f));
        let sort = self.sort(&ret);
        let result = if matches!(ret, Type::Never) {
            None
        } else {
            self.defs
                .push(format!("(declare-const {} {})", sym(&result_name), sort));
            self.assume(eq(&sym(&result_name), &body));
            Some((result_name.clone(), kind_of(&ret)))
        };
        let r = sym(&result_name);
        // What the result owes its type.
        if ret == Type::Nat {
            let goal = format!("(<= {} {})", smt::int(0), r);
            let counted = narrowing(&f.body);
            let span = tail_span(&f.body);
            self.obligation_as(
                Code::Nat,
                if counted {
                    Owner::Site(self.fid, Code::Nat, span.start, span.end)
                } else {
                    Owner::Silent
                },
                Some(TrustKey::Ret(self.fid)),
                span,
                format!("the result of {} is a Nat", f.name),
                goal,
            );
        }
        if let Some(rf) = &f.ret_refinement {
            let goal = self.predicate(&rf.var, &rf.pred, &r);
            let span = tail_span(&f.body);
            self.obligation_as(
                Code::Refinement,
                Owner::Site(self.fid, Code::Refinement, span.start, span.end),
                Some(TrustKey::Ret(self.fid)),
                span,
                format!("the result of {} satisfies {}", f.name, rf.text),
                goal,
            );
        }
        // The ensures clauses, at the return.
        let new_states = self.states.clone();
        self.frame().result = Some(r.clone());
        self.frame().new = Some(new_states);
        for (i, k) in f.ensures.iter().enumerate() {
            self.owner = Owner::Ensures(self.fid, i);
            // What the body left unmodelled, or else the clause itself, makes
            // a counterexample possibly spurious.
            let gap = self.gap.clone();
            let v = self.expr(&k.expr);
            let span = k.expr.span;
            let text = k.text.clone();
            self.obligation(Code::Ensures, span, text, v);
            self.gap = gap;
        }
        Encoding {
            defs: self.defs,
            goals: self.goals,
            overflow: self.overflow,
            params,
            result,
            assumes: self.assumes,
            entry,
        }
    }

    // ----- bookkeeping ---------------------------------------------------------------

    fn frame(&mut self) -> &mut Frame<'a> {
        self.frames.last_mut().expect("a frame")
    }

    fn ty(&self, t: &Type) -> Type {
        let frame = self.frames.last().expect("a frame");
        if frame.subst.is_empty() {
            return t.clone();
        }
        t.subst(&|v| {
            frame
                .subst
                .iter()
                .find(|(p, _)| p == v)
                .map(|(_, t)| t.clone())
        })
    }

    fn local_ty(&self, id: LocalId) -> Type {
        let t = self.frames.last().expect("a frame").locals[id].ty.clone();
        self.ty(&t)
    }

    fn show(&self, t: &Type) -> String {
        TypeDisplay {
            ty: t,
            names: self.prog,
        }
        .to_string()
    }

    fn fresh_name(&mut self, hint: &str) -> String {
        self.counter += 1;
        sym(&format!("{}#{}", hint, self.counter))
    }

    /// A new unknown value of type `t`, with what its type guarantees.
    fn fresh(&mut self, hint: &str, t: &Type) -> String {
        if !self.quant.is_empty() {
            // One unknown cannot stand for a value that varies with the bound variable.
            self.mark_gap("a value computed inside a quantifier");
        }
        let name = self.fresh_name(hint);
        let sort = self.sort(t);
        self.defs.push(format!("(declare-const {} {})", name, sort));
        let wf = self.wf(&name, t, false);
        self.assume(wf);
        name
    }

    /// An unknown standing for something the encoding does not model.
    fn opaque(&mut self, hint: &str, t: &Type, why: &str) -> String {
        self.mark_gap(why);
        self.fresh(hint, t)
    }

    fn mark_gap(&mut self, why: &str) {
        if self.gap.is_none() {
            self.gap = Some(why.to_string());
        }
    }

    /// Give a term a name (a definition), unless it is already atomic.
    fn name(&mut self, hint: &str, t: &Type, term: String) -> String {
        if !self.quant.is_empty() || !term.starts_with('(') {
            return term;
        }
        let name = self.fresh_name(hint);
        let sort = self.sort(t);
        self.defs
            .push(format!("(define-fun {} () {} {})", name, sort, term));
        name
    }

    /// Execution only goes on where `fact` holds.
    fn assume(&mut self, fact: String) {
        if fact == "true" || !self.quant.is_empty() {
            return;
        }
        let name = self.fresh_name("pc");
        let body = and(&[self.pc.clone(), fact.clone()]);
        self.defs
            .push(format!("(define-fun {} () Bool {})", name, body));
        self.parents.insert(name.clone(), (self.pc.clone(), fact));
        self.pc = name;
    }

    /// `goal` is literally one of the facts the current path assumed (no
    /// need to ask the solver).
    fn on_path(&self, goal: &str) -> bool {
        let mut p = &self.pc;
        while let Some((parent, fact)) = self.parents.get(p) {
            if fact == goal {
                return true;
            }
            p = parent;
        }
        false
    }

    fn obligation(&mut self, code: Code, span: Span, text: String, goal: String) {
        let owner = self.owner.clone();
        self.obligation_as(code, owner, None, span, text, goal);
    }

    fn obligation_as(
        &mut self,
        code: Code,
        owner: Owner,
        trust: Option<TrustKey>,
        span: Span,
        text: String,
        goal: String,
    ) {
        if let Some(q) = self.quant.last_mut() {
            if matches!(code, Code::DivZero | Code::Index) {
                q.safety.push((code, goal));
            }
            if let Some(key) = trust {
                // A value flowing in for every index of a quantifier is not
                // followed: the assumption it flows into is not earned.
                self.unearned(code, key, span, text);
            }
            return;
        }
        // A value flowing into a Nat or refined parameter is owed even where
        // nothing else is collected (inside a contract that is only assumed):
        // the parameter is trusted only if every such flow is proved.
        if (!self.collect && trust.is_none()) || self.pc == "false" {
            return;
        }
        let owner = if self.collect { owner } else { Owner::Silent };
        let on_path = self.on_path(&goal);
        let gap = match (&self.gap, self.closure_body) {
            (None, true) => Some("a closure's argument".to_string()),
            (g, _) => g.clone(),
        };
        self.goals.push(Goal {
            closure_args: self.closure_args.clone(),
            on_path,
            code,
            owner,
            trust,
            span,
            text,
            ndefs: self.defs.len(),
            pc: self.pc.clone(),
            goal,
            gap,
            noverflow: self.overflow.len(),
            abstraction: self.abstraction.clone(),
        });
    }

    /// A goal that never holds, silently: `key` is not assumed.
    fn unearned(&mut self, code: Code, key: TrustKey, span: Span, text: String) {
        self.goals.push(Goal {
            code,
            owner: Owner::Silent,
            trust: Some(key),
            span,
            text,
            ndefs: self.defs.len(),
            pc: "true".into(),
            goal: "false".into(),
            gap: None,
            noverflow: 0,
            abstraction: None,
            on_path: false,
            closure_args: Vec::new(),
        });
    }

    /// A body site's owner: counted on its own.
    fn site(&self, code: Code, span: Span) -> Owner {
        match self.owner {
            Owner::Silent => Owner::Site(self.fid, code, span.start, span.end),
            ref o => o.clone(),
        }
    }

    // ----- sorts ---------------------------------------------------------------------

    /// The SMT sort of a type, declaring it (and its functions) on first use.
    pub fn sort(&mut self, t: &Type) -> String {
        match t {
            Type::Int | Type::Nat => INT.into(),
            Type::Byte => INT.into(),
            Type::Bool | Type::Unit | Type::Never | Type::Error | Type::Meta(_) => "Bool".into(),
            _ => {
                let name = self.show(t);
                // Z3 has sorts of its own called String and Float64.
                const Z3_SORTS: [&str; 16] = [
                    "Bool",
                    "Int",
                    "Real",
                    "String",
                    "RegLan",
                    "RegEx",
                    "Seq",
                    "Array",
                    "Set",
                    "BitVec",
                    "Char",
                    "FloatingPoint",
                    "Float16",
                    "Float32",
                    "Float64",
                    "Float128",
                ];
                let s = if Z3_SORTS.contains(&name.as_str()) || name == "RoundingMode" {
                    sym(&format!("Vera.{}", name))
                } else {
                    sym(&name)
                };
                if self.decls.seen.contains(&name) {
                    return s;
                }
                self.decls.add(&name, format!("(declare-sort {} 0)", s));
                match t {
                    Type::String => {
                        self.decls.add(
                            "String.length",
                            format!("(declare-fun {} ({}) {})", sym("String.length"), s, INT),
                        );
                    }
                    Type::Array(el) => {
                        let es = self.sort(el);
                        self.decls.add(
                            &format!("{}.length", name),
                            format!(
                                "(declare-fun {} ({}) {})",
                                sym(&format!("{}.length", name)),
                                s,
                                INT
                            ),
                        );
                        self.decls.add(
                            &format!("{}.at", name),
                            format!(
                                "(declare-fun {} ({} {}) {})",
                                sym(&format!("{}.at", name)),
                                s,
                                INT,
                                es
                            ),
                        );
                    }
                    Type::Adt(id, args) => {
                        self.decls.add(
                            &format!("{}.tag", name),
                            format!(
                                "(declare-fun {} ({}) Int)",
                                sym(&format!("{}.tag", name)),
                                s
                            ),
                        );
                        self.decls.add(
                            &format!("{}.rank", name),
                            format!(
                                "(declare-fun {} ({}) Int)",
                                sym(&format!("{}.rank", name)),
                                s
                            ),
                        );
                        let adt = &self.prog.adts[*id];
                        for (tag, c) in adt.ctors.iter().enumerate() {
                            let fields = adt.field_types(tag, args);
                            for (i, ft) in fields.iter().enumerate() {
                                let fs = self.sort(ft);
                                let fname = format!("{}.{}.{}", name, c.name, i);
                                self.decls.add(
                                    &fname,
                                    format!("(declare-fun {} ({}) {})", sym(&fname), s, fs),
                                );
                            }
                            if fields.is_empty() {
                                let cname = format!("{}.{}", name, c.name);
                                self.decls
                                    .add(&cname, format!("(declare-const {} {})", sym(&cname), s));
                                self.decls.add(
                                    &format!("{}.tagfact", cname),
                                    format!(
                                        "(assert (= ({} {}) {}))",
                                        sym(&format!("{}.tag", name)),
                                        sym(&cname),
                                        tag
                                    ),
                                );
                            }
                        }
                    }
                    Type::Tuple(ts) => {
                        for (i, ft) in ts.iter().enumerate() {
                            let fs = self.sort(ft);
                            let fname = format!("{}.{}", name, i);
                            self.decls.add(
                                &fname,
                                format!("(declare-fun {} ({}) {})", sym(&fname), s, fs),
                            );
                        }
                    }
                    _ => {}
                }
                s
            }
        }
    }

    fn fun(&self, t: &Type, what: &str) -> String {
        sym(&format!("{}.{}", self.show(t), what))
    }

    /// What every value of type `t` satisfies (lengths are not negative, a
    /// tag names a constructor, a trusted invariant holds).
    fn wf(&mut self, term: &str, t: &Type, invariant: bool) -> String {
        match t {
            Type::Int | Type::Nat => smt::in_range(term),
            Type::Byte => and(&[format!("(<= 0 {})", term), format!("(<= {} 255)", term)]),
            Type::String => format!("(<= {} ({} {}))", smt::int(0), sym("String.length"), term),
            Type::Array(_) => {
                self.sort(t);
                format!("(<= {} ({} {}))", smt::int(0), self.fun(t, "length"), term)
            }
            Type::Adt(id, args) => {
                self.sort(t);
                let n = self.prog.adts[*id].ctors.len();
                let tag = format!("({} {})", self.fun(t, "tag"), term);
                let mut facts = vec![
                    format!("(<= 0 {})", tag),
                    format!("(< {} {})", tag, n),
                    format!("(<= 0 ({} {}))", self.fun(t, "rank"), term),
                ];
                if invariant && self.trust.contains(&TrustKey::Invariant(*id)) {
                    if let Some(fact) = self.invariant(*id, args, term) {
                        facts.push(fact);
                    }
                }
                and(&facts)
            }
            _ => "true".into(),
        }
    }

    /// The invariant of data type `id` at `args`, of the value `term`.
    fn invariant(&mut self, id: AdtId, args: &[Type], term: &str) -> Option<String> {
        let prog = self.prog;
        let inv = prog.adts[id].invariant.as_ref()?;
        let subst = prog.adts[id]
            .type_params
            .iter()
            .cloned()
            .zip(args.to_vec())
            .collect();
        self.frames.push(Frame {
            locals: &inv.locals,
            subst,
            env: HashMap::from([(inv.var, term.to_string())]),
            result: None,
            old: HashMap::new(),
            new: None,
        });
        let (collect, owner) = (
            self.collect,
            std::mem::replace(&mut self.owner, Owner::Silent),
        );
        self.collect = false;
        let v = self.expr(&inv.expr);
        self.collect = collect;
        self.owner = owner;
        self.frames.pop();
        Some(v)
    }

    /// A predicate over `var` (a refinement), of the value `term`, in the current frame.
    fn predicate(&mut self, var: &LocalId, pred: &Expr, term: &str) -> String {
        let saved = self.frame().env.insert(*var, term.to_string());
        let (collect, owner) = (
            self.collect,
            std::mem::replace(&mut self.owner, Owner::Silent),
        );
        self.collect = false;
        let v = self.expr(pred);
        self.collect = collect;
        self.owner = owner;
        match saved {
            Some(s) => self.frame().env.insert(*var, s),
            None => self.frame().env.remove(var),
        };
        v
    }

    // ----- expressions ---------------------------------------------------------------

    /// The value of an expression, as a term; obligations found on the way
    /// are collected and `pc` grows by what evaluating it establishes.
    pub fn expr(&mut self, e: &Expr) -> String {
        crate::deep(|| self.expr_inner(e))
    }

    fn expr_inner(&mut self, e: &Expr) -> String {
        let ty = self.ty(&e.ty);
        match &e.kind {
            K::Int(n) => match ty {
                Type::Byte => smt::int(*n),
                Type::Float64 => self.opaque("float", &ty, "Float64 arithmetic"),
                _ => smt::int(*n),
            },
            K::Float(_) => self.opaque("float", &Type::Float64, "Float64 arithmetic"),
            K::Str(s) => self.string_literal(s),
            K::Bool(b) => b.to_string(),
            K::Unit => "true".into(),
            K::Local(id) => match self.frames.last().and_then(|f| f.env.get(id)).cloned() {
                Some(t) => t,
                None => self.opaque("local", &ty, "a binding the verifier does not track"),
            },
            K::ResultRef => match self.frames.last().and_then(|f| f.result.clone()) {
                Some(r) => r,
                None => self.opaque("result", &ty, "@T.result outside ensures"),
            },
            K::Binary {
                op,
                operand_ty,
                lhs,
                rhs,
            } => {
                let ot = self.ty(operand_ty);
                self.binary(*op, &ot, lhs, rhs, e.span, &ty)
            }
            K::Unary { op, operand } => {
                let v = self.expr(operand);
                match op {
                    UnOp::Not => not(&v),
                    UnOp::Neg => match ty {
                        Type::Int | Type::Nat => self.wrapping(format!("(- {})", v), &ty),
                        _ => self.opaque("neg", &ty, "Float64 arithmetic"),
                    },
                }
            }
            K::Call {
                func,
                type_args,
                args,
            } => self.call(*func, type_args, args, e.span, &ty),
            K::Builtin { builtin, args } => self.builtin(*builtin, args, &ty),
            K::Apply { callee, args } => {
                self.expr(callee);
                let slots = match self.ty(&callee.ty) {
                    Type::Fn(f) => f.params.clone(),
                    _ => Vec::new(),
                };
                for (a, slot) in args
                    .iter()
                    .zip(slots.iter().map(Some).chain(std::iter::repeat(None)))
                {
                    let v = self.expr(a);
                    if let Some(slot) = slot {
                        self.flow(slot, a, &v, "the argument of the closure is a Nat");
                    }
                }
                self.havoc_states();
                self.opaque("apply", &ty, "the result of a closure")
            }
            K::Construct {
                adt,
                type_args: _,
                tag,
                args,
            } => self.construct(*adt, *tag, args, e.span, &ty),
            K::Tuple(items) => {
                let vals: Vec<String> = items.iter().map(|i| self.expr(i)).collect();
                if let Type::Tuple(slots) = &ty {
                    for ((item, v), slot) in items.iter().zip(&vals).zip(slots) {
                        self.flow(slot, item, v, "the tuple's element is a Nat");
                    }
                }
                let t = self.fresh("tuple", &ty);
                let mut facts = Vec::new();
                for (i, v) in vals.iter().enumerate() {
                    facts.push(eq(&format!("({} {})", self.fun(&ty, &i.to_string()), t), v));
                }
                self.assume(and(&facts));
                t
            }
            K::Perform {
                effect,
                args,
                op_name,
                ..
            } => {
                let vals: Vec<String> = args.iter().map(|a| self.expr(a)).collect();
                let slots = self.op_params(effect, op_name);
                for ((a, v), slot) in args.iter().zip(&vals).zip(&slots) {
                    self.flow(slot, a, v, "the operation's argument is a Nat");
                }
                self.perform(effect, op_name, &vals, &ty)
            }
            K::Index { base, index } => {
                let b = self.expr(base);
                let i = self.expr(index);
                let bt = self.ty(&base.ty);
                match &bt {
                    Type::Array(el) => {
                        let el = (**el).clone();
                        let len = format!("({} {})", self.fun(&bt, "length"), b);
                        let ok = and(&[
                            format!("(<= {} {})", smt::int(0), i),
                            format!("(< {} {})", i, len),
                        ]);
                        let owner = self.site(Code::Index, e.span);
                        self.obligation_as(
                            Code::Index,
                            owner,
                            None,
                            e.span,
                            "the index is within the array".into(),
                            ok.clone(),
                        );
                        self.assume(ok);
                        let v = format!("({} {} {})", self.fun(&bt, "at"), b, i);
                        let wf = self.wf(&v, &el, false);
                        self.assume(wf);
                        v
                    }
                    _ => self.opaque("index", &ty, "indexing this type"),
                }
            }
            K::Lambda(l) => {
                // The body runs later, any number of times: its parameters
                // and the state are unknown, and what holds now of captured
                // values still holds.
                let saved_states = std::mem::take(&mut self.states);
                let saved_pc = self.pc.clone();
                let saved_handled = std::mem::take(&mut self.handled);
                let saved_owner = std::mem::replace(&mut self.owner, Owner::Silent);
                let saved_gap = self.gap.clone();
                let saved_args = self.closure_args.len();
                let saved_inexact = std::mem::replace(&mut self.closure_body, true);
                for (i, &p) in l.params.iter().enumerate() {
                    let t = self.local_ty(p);
                    let v = self.fresh("arg", &t);
                    let label = self.closure_arg_label(&l.params, i);
                    self.closure_args.push(Shown {
                        name: v.trim_matches('|').to_string(),
                        label,
                        kind: kind_of(&t),
                    });
                    self.frame().env.insert(p, v);
                }
                self.handled.push(Effect::Var("*".into()));
                let body = self.expr(&l.body);
                // The closure's result: its declared type is a promise for
                // every argument of its parameter types, exactly.
                self.closure_body = false;
                let ret = self.ty(&l.ret);
                self.flow(&ret, &l.body, &body, "the closure's result is a Nat");
                if let Some(r) = &l.ret_refinement {
                    let goal = self.predicate(&r.var, &r.pred, &body);
                    let owner = self.site(Code::Refinement, l.body.span);
                    let text = format!("the closure's result satisfies {}", r.text);
                    self.obligation_as(Code::Refinement, owner, None, l.body.span, text, goal);
                }
                self.closure_body = saved_inexact;
                self.closure_args.truncate(saved_args);
                // Nothing after the closure depends on what its body computed
                // (the closure is a fresh value, the path and states are
                // restored), so no counterexample there rests on it.
                self.gap = saved_gap;
                self.handled = saved_handled;
                self.owner = saved_owner;
                self.pc = saved_pc;
                self.states = saved_states;
                self.fresh("closure", &ty)
            }
            K::If {
                cond,
                then_branch,
                else_branch,
            } => {
                let c = self.expr(cond);
                let c = self.name("cond", &Type::Bool, c);
                let start = self.pc.clone();
                let states = self.states.clone();
                // A call in one branch is not behind the goals of the other.
                let abstraction = self.abstraction.clone();
                self.assume(c.clone());
                let a = self.expr(then_branch);
                let (a_pc, a_states) =
                    (self.pc.clone(), std::mem::replace(&mut self.states, states));
                let a_abstraction = std::mem::replace(&mut self.abstraction, abstraction);
                self.pc = start;
                self.assume(not(&c));
                let b = self.expr(else_branch);
                let b_pc = self.pc.clone();
                self.abstraction = self.abstraction.take().or(a_abstraction);
                self.join_states(&c, a_states);
                self.join_pc(vec![a_pc, b_pc]);
                // A branch that never returns (a throw) has no value.
                let v = match (&then_branch.ty, &else_branch.ty) {
                    _ if matches!(ty, Type::Unit | Type::Never) => return "true".into(),
                    (Type::Never, _) => b,
                    (_, Type::Never) => a,
                    _ => ite(&c, &a, &b),
                };
                self.name("if", &ty, v)
            }
            K::Match { scrutinee, arms } => self.match_expr(scrutinee, arms, &ty),
            K::Block { stmts, tail } => {
                for s in stmts {
                    match s {
                        Stmt::Let { local, value } => {
                            let v = self.expr(value);
                            let lt = self.local_ty(*local);
                            let key = self.frames.last().expect("frame").locals[*local]
                                .key
                                .clone();
                            let v = self.name(&format!("@{}", key), &lt, v);
                            self.frame().env.insert(*local, v.clone());
                            self.let_obligations(*local, &lt, value, &v);
                        }
                        Stmt::LetTuple { locals, value } => {
                            let v = self.expr(value);
                            let vt = self.ty(&value.ty);
                            for (i, l) in locals.iter().enumerate() {
                                let term = format!("({} {})", self.part(&vt, i), v);
                                let lt = self.local_ty(*l);
                                let component = match &vt {
                                    Type::Tuple(ts) => ts.get(i).cloned(),
                                    _ => None,
                                };
                                if lt == Type::Nat && component.is_some_and(|c| c != Type::Nat) {
                                    self.narrowing_goal(
                                        value.span,
                                        "the value bound to a Nat is not negative",
                                        &term,
                                    );
                                }
                                let wf = self.wf(&term, &lt, false);
                                self.assume(wf);
                                self.binding_obligations(*l, false, value.span, &term);
                                self.frame().env.insert(*l, term);
                            }
                        }
                        Stmt::Expr(x) => {
                            self.expr(x);
                        }
                    }
                }
                self.expr(tail)
            }
            K::Handle(h) => {
                if let Some((state_ty, init)) = &h.state {
                    let v = self.expr(init);
                    let slot = self.ty(state_ty);
                    self.flow(&slot, init, &v, "the handler's initial state is a Nat");
                }
                let start = self.pc.clone();
                let outer = self.states.clone();
                let owner = self.owner.clone();
                self.handled.push(h.effect.clone());
                let v = self.expr(&h.body);
                self.flow(&ty, &h.body, &v, "the handle's result is a Nat");
                self.handled.pop();
                for c in &h.clauses {
                    self.pc = start.clone();
                    for &p in c.state.iter().chain(&c.params) {
                        let t = self.local_ty(p);
                        let v = self.opaque("clause", &t, "a handler clause's argument");
                        self.frame().env.insert(p, v);
                    }
                    // A clause may bind an Int argument of the operation as a
                    // Nat: whatever any perform passes, which is not known here.
                    let op_params = self.op_sig(&h.effect, c.op).map(|(ps, _)| ps);
                    for (&p, slot) in c.params.iter().zip(op_params.unwrap_or_default()) {
                        if self.local_ty(p) == Type::Nat && slot != Type::Nat {
                            let v = self.frame().env[&p].clone();
                            let text = "the operation's argument the clause binds to a Nat is not negative";
                            self.narrowing_goal(c.body.span, text, &v);
                        }
                    }
                    // A clause runs when the body performs the operation: what
                    // its own operations see is unknown.
                    self.handled.push(Effect::Var("*".into()));
                    self.resumes
                        .push(self.op_sig(&h.effect, c.op).map(|(_, ret)| ret));
                    let v = self.expr(&c.body);
                    self.resumes.pop();
                    self.flow(&ty, &c.body, &v, "the handle's result is a Nat");
                    if let Some(u) = &c.update {
                        let v = self.expr(u);
                        if let Some((state_ty, _)) = &h.state {
                            let slot = self.ty(state_ty);
                            self.flow(&slot, u, &v, "the handler's new state is a Nat");
                        }
                    }
                    self.handled.pop();
                }
                self.owner = owner;
                self.pc = start;
                self.states = outer;
                self.havoc_states();
                self.opaque("handle", &ty, "the value of a handle expression")
            }
            K::Array(items) => {
                let vals: Vec<String> = items.iter().map(|i| self.expr(i)).collect();
                if let Type::Array(el) = &ty {
                    for (item, v) in items.iter().zip(&vals) {
                        self.flow(el, item, v, "the array's element is a Nat");
                    }
                }
                let a = self.fresh("array", &ty);
                let mut facts = vec![eq(
                    &format!("({} {})", self.fun(&ty, "length"), a),
                    &smt::int(vals.len() as i64),
                )];
                for (i, v) in vals.iter().enumerate() {
                    facts.push(eq(
                        &format!("({} {} {})", self.fun(&ty, "at"), a, smt::int(i as i64)),
                        v,
                    ));
                }
                self.assume(and(&facts));
                a
            }
            K::Old(t) => {
                let t = self.ty(t);
                match self.frames.last().and_then(|f| f.old.get(&t)).cloned() {
                    Some(v) => v,
                    None => self.opaque("old", &t, "old(State<T>) here"),
                }
            }
            K::New(t) => {
                let t = self.ty(t);
                match self
                    .frames
                    .last()
                    .and_then(|f| f.new.as_ref())
                    .and_then(|n| n.get(&t))
                    .cloned()
                {
                    Some(v) => v,
                    None => self.opaque("new", &t, "new(State<T>) here"),
                }
            }
            K::Assert(p, text) => {
                let v = self.expr(p);
                let owner = self.site(Code::Assert, e.span);
                self.obligation_as(
                    Code::Assert,
                    owner,
                    None,
                    e.span,
                    format!("assert({})", text),
                    v.clone(),
                );
                self.assume(v);
                "true".into()
            }
            K::Assume(p) => {
                let v = self.expr(p);
                self.assume(v);
                "true".into()
            }
            K::Quantifier {
                exists,
                var,
                bound,
                body,
            } => {
                let n = self.expr(bound);
                let vt = self.local_ty(*var);
                let q = self.fresh_name("q");
                self.frame().env.insert(*var, q.clone());
                self.quant.push(Quant { safety: Vec::new() });
                let saved_gap = self.gap.clone();
                let p = self.expr(body);
                let quant = self.quant.pop().expect("quantifier");
                let range = and(&[
                    format!("(<= {} {})", smt::int(0), q),
                    format!("(< {} {})", q, n),
                ]);
                let _ = vt;
                let binder = format!("(({} {}))", q, INT);
                // Every index the body reads is in bounds (or the loop traps).
                for (code, cond) in quant.safety {
                    let all = format!("(forall {} {})", binder, implies(&range, &cond));
                    let owner = self.site(code, e.span);
                    let text = match code {
                        Code::Index => "every index the quantifier reads is within the array",
                        _ => "no divisor in the quantifier is zero",
                    };
                    self.obligation_as(code, owner, None, e.span, text.into(), all.clone());
                    self.assume(all);
                }
                if self.gap != saved_gap && self.quant.is_empty() {
                    // The body needed unknowns: its value is unknown too.
                    return self.opaque("quantifier", &Type::Bool, "a quantifier over unknowns");
                }
                if *exists {
                    format!("(exists {} {})", binder, and(&[range, p]))
                } else {
                    format!("(forall {} {})", binder, implies(&range, &p))
                }
            }
            K::Resume(v) => {
                let term = self.expr(v);
                if let Some(slot) = self.resumes.last().cloned().flatten() {
                    self.flow(&slot, v, &term, "the operation's result is a Nat");
                }
                self.opaque("resume", &ty, "the value of resume")
            }
        }
    }

    fn string_literal(&mut self, s: &str) -> String {
        let t = Type::String;
        self.sort(&t);
        let next = self.decls.literals.len();
        let index = *self.decls.literals.entry(s.to_string()).or_insert(next);
        let shown: String = s.escape_default().to_string().chars().take(24).collect();
        let name = format!("\"{}\"#{}", shown, index);
        let key = format!("lit {}", index);
        self.decls.add(
            &key,
            format!("(declare-const {} {})", sym(&name), sym("Vera.String")),
        );
        self.decls.add(
            &format!("{} length", key),
            format!(
                "(assert (= ({} {}) {}))",
                sym("String.length"),
                sym(&name),
                smt::int(s.len() as i64)
            ),
        );
        sym(&name)
    }

    /// The value of Int arithmetic whose mathematical result is `v`: that,
    /// when it fits in 64 bits, else an unknown (the compiled program wraps).
    /// Whether the operation overflows on the current path is a named
    /// condition, so that a counterexample can say so.
    fn wrapping(&mut self, v: String, ty: &Type) -> String {
        let v = self.name("arith", ty, v);
        let fits = smt::in_range(&v);
        if !self.quant.is_empty() {
            let wrap = format!("({} {})", self.wrap_fn(), v);
            return ite(&fits, &v, &wrap);
        }
        let ovf = self.fresh_name("overflow");
        self.defs.push(format!("(declare-const {} Bool)", ovf));
        self.defs.push(format!(
            "(assert (= {} {}))",
            ovf,
            and(&[self.pc.clone(), not(&fits)])
        ));
        self.overflow.push(ovf.clone());
        // The wrapped value is a function of the mathematical one: the same
        // overflowing sum in the body and in a contract is the same value.
        let wrap = format!("({} {})", self.wrap_fn(), v);
        self.defs.push(format!("(assert {})", smt::in_range(&wrap)));
        let out = ite(&ovf, &wrap, &v);
        self.name("value", ty, out)
    }

    fn binary(
        &mut self,
        op: BinOp,
        ot: &Type,
        lhs: &Expr,
        rhs: &Expr,
        span: Span,
        ty: &Type,
    ) -> String {
        if matches!(op, BinOp::And | BinOp::Or | BinOp::Implies) {
            let a = self.expr(lhs);
            let a = self.name("cond", &Type::Bool, a);
            let start = self.pc.clone();
            let states = self.states.clone();
            let go_on = if op == BinOp::Or { not(&a) } else { a.clone() };
            self.assume(go_on.clone());
            let b = self.expr(rhs);
            let b_pc = self.pc.clone();
            let stop = and(&[start, not(&go_on)]);
            self.join_states(&go_on, states);
            self.join_pc(vec![stop, b_pc]);
            return match op {
                BinOp::And => and(&[a, b]),
                BinOp::Or => or(&[a, b]),
                _ => implies(&a, &b),
            };
        }
        let a = self.expr(lhs);
        let b = self.expr(rhs);
        let int = matches!(ot, Type::Int | Type::Nat);
        let byte = *ot == Type::Byte;
        match op {
            BinOp::Eq | BinOp::Ne => {
                let v = if self.exact_equality(ot, 0) {
                    eq(&a, &b)
                } else {
                    let why = format!("equality of {}", self.show(ot));
                    self.opaque("eq", &Type::Bool, &why)
                };
                if op == BinOp::Ne {
                    not(&v)
                } else {
                    v
                }
            }
            BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge if int || byte => {
                let name = match op {
                    BinOp::Lt => "<",
                    BinOp::Le => "<=",
                    BinOp::Gt => ">",
                    _ => ">=",
                };
                format!("({} {} {})", name, a, b)
            }
            BinOp::Add | BinOp::Sub | BinOp::Mul if int || byte => {
                let f = match op {
                    BinOp::Add => "+",
                    BinOp::Sub => "-",
                    _ => "*",
                };
                let v = format!("({} {} {})", f, a, b);
                if byte {
                    // Byte arithmetic is computed in i32 and masked to 8 bits.
                    let v = format!("(mod {} 256)", v);
                    return self.name("arith", ty, v);
                }
                self.wrapping(v, ty)
            }
            BinOp::Div | BinOp::Rem if int || byte => {
                let zero = smt::int(0);
                let ok = not(&eq(&b, &zero));
                let owner = self.site(Code::DivZero, span);
                self.obligation_as(
                    Code::DivZero,
                    owner,
                    None,
                    span,
                    "the divisor is not zero".into(),
                    ok.clone(),
                );
                self.assume(ok);
                let (a, b) = (self.name("dividend", ot, a), self.name("divisor", ot, b));
                if byte {
                    let f = if op == BinOp::Div { "div" } else { "mod" };
                    return self.name("arith", ty, format!("({} {} {})", f, a, b));
                }
                // i64.div_s truncates toward zero and i64.rem_s takes the
                // dividend's sign; SMT-LIB's div and mod are Euclidean.
                let abs = |x: &str| format!("(ite (>= {} 0) {} (- {}))", x, x, x);
                let q = format!("(div {} {})", abs(&a), abs(&b));
                let r = format!("(mod {} {})", abs(&a), abs(&b));
                let same_sign = format!("(= (>= {} 0) (>= {} 0))", a, b);
                if op == BinOp::Div {
                    // Only -2^63 / -1 leaves the range; it wraps to -2^63.
                    let v = format!("(ite {} {} (- {}))", same_sign, q, q);
                    self.wrapping(v, ty)
                } else {
                    let v = format!("(ite (>= {} 0) {} (- {}))", a, r, r);
                    self.name("arith", ty, v)
                }
            }
            _ => {
                let why = format!("{} on {}", op.symbol(), self.show(ot));
                self.opaque("op", ty, &why)
            }
        }
    }

    /// Whether `==` on `t` is equality of the values the sorts stand for: not
    /// where a Float64 is inside (NaN differs from itself), a function, or an
    /// unknown type.
    fn exact_equality(&self, t: &Type, depth: usize) -> bool {
        if depth > 8 {
            return false;
        }
        match t {
            Type::Int | Type::Nat | Type::Bool | Type::Byte | Type::Unit | Type::String => true,
            Type::Tuple(args) => args.iter().all(|a| self.exact_equality(a, depth + 1)),
            Type::Array(el) => self.exact_equality(el, depth + 1),
            Type::Adt(id, args) => {
                let adt = &self.prog.adts[*id];
                (0..adt.ctors.len()).all(|tag| {
                    adt.field_types(tag, args)
                        .iter()
                        .all(|f| f == t || self.exact_equality(f, depth + 1))
                })
            }
            _ => false,
        }
    }

    /// `wrap64`: the i64 a wrapping operation gives for a mathematical result.
    fn wrap_fn(&mut self) -> String {
        let f = sym("wrap64");
        self.decls
            .add("wrap64", format!("(declare-fun {} (Int) Int)", f));
        f
    }

    fn join_pc(&mut self, ends: Vec<String>) {
        let joined = or(&ends);
        if !self.quant.is_empty() {
            return;
        }
        let name = self.fresh_name("pc");
        self.defs
            .push(format!("(define-fun {} () Bool {})", name, joined));
        self.pc = name;
    }

    /// After a branch on `c`: a state is the `then` value where `c`, else the current one.
    fn join_states(&mut self, c: &str, then_states: HashMap<Type, String>) {
        let keys: Vec<Type> = self.states.keys().cloned().collect();
        for t in keys {
            let a = then_states.get(&t).cloned();
            let b = self.states[&t].clone();
            match a {
                Some(a) if a != b => {
                    let v = ite(c, &a, &b);
                    let v = self.name("state", &t, v);
                    self.states.insert(t, v);
                }
                Some(_) => {}
                None => {
                    self.states.remove(&t);
                }
            }
        }
    }

    /// Every state may have changed (a closure or an unknown handler ran).
    fn havoc_states(&mut self) {
        let keys: Vec<Type> = self.states.keys().cloned().collect();
        for t in keys {
            let v = self.fresh("state", &t);
            self.states.insert(t, v);
        }
    }

    fn perform(&mut self, effect: &Effect, op: &str, args: &[String], ty: &Type) -> String {
        let handled = self
            .handled
            .iter()
            .any(|h| h == effect || matches!(h, Effect::Var(v) if v == "*"));
        if matches!(ty, Type::Never) {
            self.assume("false".into());
            return "true".into();
        }
        if handled {
            self.havoc_states();
            return self.opaque("op", ty, "an effect operation under a handler");
        }
        match effect {
            Effect::Named { id, args: targs } if *id == EffectId::STATE => {
                let t = self.ty(&targs[0]);
                match op {
                    "get" => match self.states.get(&t).cloned() {
                        Some(v) => v,
                        None => self.opaque("get", ty, "a state the function does not declare"),
                    },
                    "put" => {
                        if let Some(v) = args.first() {
                            self.states.insert(t, v.clone());
                        }
                        "true".into()
                    }
                    _ => self.opaque("op", ty, "an effect operation"),
                }
            }
            Effect::Named { id, .. } if *id == EffectId::IO => {
                if matches!(ty, Type::Unit) {
                    "true".into()
                } else {
                    self.opaque("io", ty, "input")
                }
            }
            _ => {
                self.havoc_states();
                self.opaque("op", ty, "an effect operation")
            }
        }
    }

    fn builtin(&mut self, b: Builtin, args: &[Expr], ty: &Type) -> String {
        let vals: Vec<String> = args.iter().map(|a| self.expr(a)).collect();
        let (slots, _) = crate::check::builtin_signature(b);
        for ((a, v), slot) in args.iter().zip(&vals).zip(&slots) {
            self.flow(slot, a, v, "the built-in function's argument is a Nat");
        }
        match b {
            Builtin::Length => {
                let at = self.ty(&args[0].ty);
                self.sort(&at);
                format!("({} {})", self.fun(&at, "length"), vals[0])
            }
            Builtin::StringLength => format!("({} {})", sym("String.length"), vals[0]),
            Builtin::StringConcat => {
                let s = self.opaque("concat", ty, "string contents");
                let sum = format!(
                    "(+ ({} {}) ({} {}))",
                    sym("String.length"),
                    vals[0],
                    sym("String.length"),
                    vals[1]
                );
                self.assume(eq(&format!("({} {})", sym("String.length"), s), &sum));
                s
            }
            _ => self.opaque("builtin", ty, "a built-in function's result"),
        }
    }

    fn construct(
        &mut self,
        adt: AdtId,
        tag: usize,
        args: &[Expr],
        span: Span,
        ty: &Type,
    ) -> String {
        let vals: Vec<String> = args.iter().map(|a| self.expr(a)).collect();
        self.sort(ty);
        let Type::Adt(_, targs) = ty else {
            return self.opaque("value", ty, "a constructor");
        };
        let name = self.show(ty);
        let ctor = self.prog.adts[adt].ctors[tag].name.clone();
        let fields = self.prog.adts[adt].field_types(tag, targs);
        for (i, ((a, v), slot)) in args.iter().zip(&vals).zip(&fields).enumerate() {
            let text = format!("the field of {} is a Nat", ctor);
            match nat_field(self.prog, adt, tag, i) {
                // Every value put into it decides whether it is assumed.
                Some(key) if self.frames.len() == 1 => {
                    let owner = if narrowing(a) {
                        self.site(Code::Nat, a.span)
                    } else {
                        Owner::Silent
                    };
                    let goal = format!("(<= {} {})", smt::int(0), v);
                    self.obligation_as(Code::Nat, owner, Some(key), a.span, text, goal);
                }
                _ => self.flow(slot, a, v, &text),
            }
        }
        let v = if vals.is_empty() {
            sym(&format!("{}.{}", name, ctor))
        } else {
            let v = self.fresh_name(&ctor);
            let sort = self.sort(ty);
            self.defs.push(format!("(declare-const {} {})", v, sort));
            let mut facts = vec![format!("(= ({} {}) {})", self.fun(ty, "tag"), v, tag)];
            for (i, (a, ft)) in vals.iter().zip(&fields).enumerate() {
                let field = sym(&format!("{}.{}.{}", name, ctor, i));
                facts.push(eq(&format!("({} {})", field, v), a));
                if self.ty(ft) == *ty {
                    facts.push(format!(
                        "(< ({} {}) ({} {}))",
                        self.fun(ty, "rank"),
                        a,
                        self.fun(ty, "rank"),
                        v
                    ));
                }
            }
            facts.push(format!("(<= 0 ({} {}))", self.fun(ty, "rank"), v));
            self.assume(and(&facts));
            v
        };
        if self.prog.adts[adt].invariant.is_some() {
            if let Some(goal) = self.invariant(adt, targs, &v) {
                let text = self.prog.adts[adt]
                    .invariant
                    .as_ref()
                    .map(|i| i.text.clone())
                    .unwrap_or_default();
                let owner = self.site(Code::Invariant, span);
                self.obligation_as(
                    Code::Invariant,
                    owner,
                    Some(TrustKey::Invariant(adt)),
                    span,
                    format!("{} of {}", text, name),
                    goal,
                );
            }
        }
        v
    }

    fn match_expr(
        &mut self,
        scrutinee: &Expr,
        arms: &[crate::check::tir::Arm],
        ty: &Type,
    ) -> String {
        let s = self.expr(scrutinee);
        let st = self.ty(&scrutinee.ty);
        let s = self.name("scrutinee", &st, s);
        let start = self.pc.clone();
        let states = self.states.clone();
        let mut before: Vec<String> = Vec::new();
        let mut ends = Vec::new();
        let mut values: Vec<(String, String)> = Vec::new();
        let mut end_states = Vec::new();
        // A call in one arm is not behind the goals of another.
        let abstraction = self.abstraction.clone();
        let mut arm_abstraction = None;
        for arm in arms {
            self.pc = start.clone();
            self.states = states.clone();
            arm_abstraction = arm_abstraction.or(self.abstraction.take());
            self.abstraction = abstraction.clone();
            let mut facts = Vec::new();
            self.bound.clear();
            let cond = self.pattern(&arm.pattern, &s, &st, &mut facts);
            let bound = std::mem::take(&mut self.bound);
            let cond = self.name("arm", &Type::Bool, cond);
            let mut here = vec![cond.clone()];
            here.extend(before.iter().map(|b| not(b)));
            self.assume(and(&here));
            self.assume(and(&facts));
            for (local, term, t) in bound {
                // The whole scrutinee may be computed; a field has its type.
                let whole = matches!(arm.pattern, Pattern::Bind(_));
                let narrows = if whole {
                    narrowing(scrutinee)
                } else {
                    t != Type::Nat
                };
                let span = if whole { scrutinee.span } else { arm.span };
                self.binding_obligations(local, narrows, span, &term);
            }
            let v = self.expr(&arm.body);
            ends.push(self.pc.clone());
            end_states.push(std::mem::take(&mut self.states));
            if arm.body.ty != Type::Never {
                values.push((cond.clone(), v));
            }
            before.push(cond);
        }
        self.abstraction = self.abstraction.take().or(arm_abstraction);
        self.states = states;
        // States after the match: per arm, chosen like the value.
        if let Some(last) = end_states.pop() {
            let mut merged = last;
            for (cond, st) in before.iter().zip(end_states).rev() {
                let keys: Vec<Type> = merged.keys().cloned().collect();
                for t in keys {
                    match st.get(&t) {
                        Some(a) => {
                            let v = ite(cond, a, &merged[&t]);
                            merged.insert(t, v);
                        }
                        None => {
                            merged.remove(&t);
                        }
                    }
                }
            }
            self.states = merged;
        }
        self.join_pc(ends);
        if matches!(ty, Type::Unit | Type::Never) {
            return "true".into();
        }
        let mut v = match values.last() {
            Some((_, v)) => v.clone(),
            None => return self.opaque("match", ty, "an empty match"),
        };
        for (c, a) in values.iter().rev().skip(1) {
            v = ite(c, a, &v);
        }
        self.name("match", ty, v)
    }

    /// The condition under which `term` (of type `t`) matches `p`; binds the
    /// pattern's bindings and adds what is known of the parts to `facts`.
    fn pattern(&mut self, p: &Pattern, term: &str, t: &Type, facts: &mut Vec<String>) -> String {
        match p {
            Pattern::Wildcard => "true".into(),
            Pattern::Bind(id) => {
                self.frame().env.insert(*id, term.to_string());
                self.bound.push((*id, term.to_string(), t.clone()));
                "true".into()
            }
            Pattern::Int(n) => match t {
                Type::Byte => eq(term, &smt::int(*n)),
                Type::Int | Type::Nat => eq(term, &smt::int(*n)),
                _ => self.opaque("pattern", &Type::Bool, "a literal pattern of this type"),
            },
            Pattern::Bool(b) => eq(term, &b.to_string()),
            Pattern::Str(s) => {
                let lit = self.string_literal(s);
                eq(term, &lit)
            }
            Pattern::Ctor { adt, tag, args } => {
                let Type::Adt(_, targs) = t else {
                    return self.opaque("pattern", &Type::Bool, "a pattern on this type");
                };
                let name = self.show(t);
                let ctor = self.prog.adts[*adt].ctors[*tag].name.clone();
                let fields = self.prog.adts[*adt].field_types(*tag, targs);
                let mut conds = vec![format!("(= ({} {}) {})", self.fun(t, "tag"), term, tag)];
                for (i, (sub, ft)) in args.iter().zip(&fields).enumerate() {
                    let ft = self.ty(ft);
                    let field = format!("({} {})", sym(&format!("{}.{}.{}", name, ctor, i)), term);
                    facts.push(self.wf(&field, &ft, false));
                    let key = nat_field(self.prog, *adt, *tag, i);
                    if key.is_some_and(|k| self.trust.contains(&k)) {
                        facts.push(format!("(<= {} {})", smt::int(0), field));
                    }
                    if ft == *t {
                        facts.push(format!(
                            "(< ({} {}) ({} {}))",
                            self.fun(t, "rank"),
                            field,
                            self.fun(t, "rank"),
                            term
                        ));
                    }
                    conds.push(self.pattern(sub, &field, &ft, facts));
                }
                and(&conds)
            }
            Pattern::Tuple(args) => {
                let Type::Tuple(parts) = t else {
                    return self.opaque("pattern", &Type::Bool, "a pattern on this type");
                };
                let mut conds = Vec::new();
                for (i, (sub, pt)) in args.iter().zip(parts).enumerate() {
                    let pt = self.ty(pt);
                    let part = format!("({} {})", self.fun(t, &i.to_string()), term);
                    facts.push(self.wf(&part, &pt, false));
                    conds.push(self.pattern(sub, &part, &pt, facts));
                }
                and(&conds)
            }
        }
    }

    /// The function taking part `i` of a tuple, or field `i` of the only
    /// constructor of a data type.
    fn part(&mut self, t: &Type, i: usize) -> String {
        match t {
            Type::Adt(adt, _) => {
                self.sort(t);
                let name = self.show(t);
                let ctor = self.prog.adts[*adt].ctors[0].name.clone();
                sym(&format!("{}.{}.{}", name, ctor, i))
            }
            _ => self.fun(t, &i.to_string()),
        }
    }

    /// How a counterexample names parameter `i` of a closure: by its slot
    /// inside the closure's body.
    fn closure_arg_label(&self, params: &[LocalId], i: usize) -> String {
        let locals = self.frames.last().expect("a frame").locals;
        let key = &locals[params[i]].key;
        let later = params[i + 1..]
            .iter()
            .filter(|q| &locals[**q].key == key)
            .count();
        format!("the closure's @{}.{}", key, later)
    }

    /// A value flowing into a slot of type `slot` that no runtime check
    /// guards (a constructor's field, a tuple's or an array's element, a
    /// closure's argument or result, an operation's argument, a handler's
    /// state): a value that may be negative owes E502 there when the slot is a
    /// Nat, as at a let, a call or a return (spec 11.2).
    fn flow(&mut self, slot: &Type, value: &Expr, term: &str, text: &str) {
        if *slot == Type::Nat && narrowing(value) {
            self.narrowing_goal(value.span, text, term);
        }
    }

    /// The obligation that `term`, put into a Nat at `span`, is not negative.
    fn narrowing_goal(&mut self, span: Span, text: &str, term: &str) {
        let owner = self.site(Code::Nat, span);
        let goal = format!("(<= {} {})", smt::int(0), term);
        self.obligation_as(Code::Nat, owner, None, span, text.into(), goal);
    }

    /// What a pattern or tuple binding owes its declared type: a Nat (when
    /// `narrows`, the value may be negative) and a refinement predicate.
    fn binding_obligations(&mut self, local: LocalId, narrows: bool, span: Span, term: &str) {
        if self.frames.len() != 1 {
            return;
        }
        if narrows && self.local_ty(local) == Type::Nat {
            self.narrowing_goal(span, "the value bound to a Nat is not negative", term);
        }
        let prog = self.prog;
        let f = &prog.fns[self.fid];
        if let Some((_, r)) = f.refinements.iter().find(|(l, _)| *l == local) {
            let goal = self.predicate(&r.var, &r.pred, term);
            let owner = self.site(Code::Refinement, span);
            let text = format!("the value bound satisfies {}", r.text);
            self.obligation_as(Code::Refinement, owner, None, span, text, goal);
        }
    }

    /// The parameter and result types of operation number `op` of `effect`,
    /// at its type arguments.
    fn op_sig(&self, effect: &Effect, op: usize) -> Option<(Vec<Type>, Type)> {
        let Effect::Named { id, args } = effect else {
            return None;
        };
        let def = &self.prog.effects[*id];
        let args: Vec<Type> = args.iter().map(|a| self.ty(a)).collect();
        let map = |v: &str| {
            def.type_params
                .iter()
                .position(|p| p == v)
                .and_then(|i| args.get(i).cloned())
        };
        def.ops.get(op).map(|o| {
            let params = o.params.iter().map(|p| p.subst(&map)).collect();
            (params, o.ret.subst(&map))
        })
    }

    /// The parameter types of operation `op` of `effect`, at its type arguments.
    fn op_params(&self, effect: &Effect, op: &str) -> Vec<Type> {
        let Effect::Named { id, args } = effect else {
            return Vec::new();
        };
        let def = &self.prog.effects[*id];
        let args: Vec<Type> = args.iter().map(|a| self.ty(a)).collect();
        let map = |v: &str| {
            def.type_params
                .iter()
                .position(|p| p == v)
                .and_then(|i| args.get(i).cloned())
        };
        def.ops
            .iter()
            .find(|o| o.name == op)
            .map(|o| o.params.iter().map(|p| p.subst(&map)).collect())
            .unwrap_or_default()
    }

    fn let_obligations(&mut self, local: LocalId, lt: &Type, value: &Expr, v: &str) {
        let prog = self.prog;
        let f = &prog.fns[self.fid];
        if self.frames.len() != 1 {
            return;
        }
        if *lt == Type::Nat && narrowing(value) {
            let owner = self.site(Code::Nat, value.span);
            self.obligation_as(
                Code::Nat,
                owner,
                None,
                value.span,
                "the value bound to a Nat is not negative".into(),
                format!("(<= {} {})", smt::int(0), v),
            );
        }
        if let Some((_, r)) = f.refinements.iter().find(|(l, _)| *l == local) {
            let goal = self.predicate(&r.var, &r.pred, v);
            let owner = self.site(Code::Refinement, value.span);
            self.obligation_as(
                Code::Refinement,
                owner,
                None,
                value.span,
                format!("the value satisfies {}", r.text),
                goal,
            );
        }
    }

    fn call(
        &mut self,
        func: FnId,
        type_args: &[Type],
        args: &[Expr],
        span: Span,
        ty: &Type,
    ) -> String {
        let prog = self.prog;
        let callee: &'a Function = &prog.fns[func];
        let mut vals = Vec::new();
        for a in args {
            let v = self.expr(a);
            let at = self.ty(&a.ty);
            vals.push(self.name("arg", &at, v));
        }
        let targs: Vec<Type> = type_args.iter().map(|t| self.ty(t)).collect();
        let subst: Vec<(String, Type)> = callee
            .type_params
            .iter()
            .cloned()
            .zip(targs.clone())
            .collect();
        let env: HashMap<LocalId, String> = callee
            .params
            .iter()
            .copied()
            .zip(vals.iter().cloned())
            .collect();
        let pre_states = self.states.clone();
        let old: HashMap<Type, String> = state_types(&callee.effects)
            .into_iter()
            .map(|t| t.subst(&|v| subst.iter().find(|(p, _)| p == v).map(|(_, t)| t.clone())))
            .filter_map(|t| pre_states.get(&t).map(|v| (t, v.clone())))
            .collect();
        self.frames.push(Frame {
            locals: &callee.locals,
            subst: subst.clone(),
            env,
            result: None,
            old,
            new: None,
        });
        let (collect, owner) = (self.collect, self.owner.clone());
        // The callee's requires: owed here, then known.
        for (i, k) in callee.requires.iter().enumerate() {
            self.collect = false;
            let v = self.expr(&k.expr);
            self.collect = collect;
            let goal_owner = match owner {
                Owner::Silent => Owner::Call(func, i),
                ref o => o.clone(),
            };
            let text = format!("{} of {}", k.text, callee.name);
            self.obligation_as(Code::CallRequires, goal_owner, None, span, text, v.clone());
            self.assume(v);
        }
        // Values flowing into Nat or refined parameters.
        for (i, (&p, a)) in callee.params.iter().zip(args).enumerate() {
            let pt = self.local_ty(p);
            let key = Some(TrustKey::Param(func, i));
            if pt == Type::Nat {
                let counted = narrowing(a) && self.frames.len() == 2;
                let goal = format!("(<= {} {})", smt::int(0), vals[i]);
                let o = if counted {
                    self.site_in_caller(Code::Nat, a.span, &owner)
                } else {
                    Owner::Silent
                };
                self.obligation_as(
                    Code::Nat,
                    o,
                    key.clone(),
                    a.span,
                    format!("the argument of {} is a Nat", callee.name),
                    goal,
                );
            }
            if let Some((_, r)) = callee.refinements.iter().find(|(l, _)| *l == p) {
                let goal = self.predicate(&r.var, &r.pred, &vals[i]);
                let o = self.site_in_caller(Code::Refinement, a.span, &owner);
                self.obligation_as(
                    Code::Refinement,
                    o,
                    key.clone(),
                    a.span,
                    format!("the argument of {} satisfies {}", callee.name, r.text),
                    goal,
                );
            }
        }
        // Termination: a call back into the recursion group.
        if self.collect && self.frames.len() == 2 && self.groups.recursive(self.fid, func) {
            self.decreases(callee, func, span);
        }
        // The call itself.
        if self.abstraction.is_none() && self.frames.len() == 2 {
            self.abstraction = Some(format!("the result of {}", callee.name));
        }
        let pure = callee.effects.is_empty();
        let ret = self.ty(&callee.ret);
        let r = if pure && !matches!(ret, Type::Never) {
            let sorts: Vec<String> = callee
                .params
                .iter()
                .map(|&p| {
                    let t = self.local_ty(p);
                    self.sort(&t)
                })
                .collect();
            let rs = self.sort(&ret);
            let mut fname = format!(
                "{}{}",
                if callee.module.is_empty() {
                    String::new()
                } else {
                    format!("{}::", callee.module)
                },
                callee.name
            );
            if !targs.is_empty() {
                fname = format!(
                    "{}<{}>",
                    fname,
                    targs
                        .iter()
                        .map(|t| self.show(t))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
            fname = format!("{}#{}", fname, func.index());
            self.decls.add(
                &format!("fn {}", fname),
                format!("(declare-fun {} ({}) {})", sym(&fname), sorts.join(" "), rs),
            );
            let term = smt::app(&sym(&fname), &vals);
            let r = self.name(&format!("{}.result", callee.name), &ret, term);
            let wf = self.wf(&r, &ret, true);
            self.assume(wf);
            r
        } else {
            if !pure {
                // A callee with effects may change any state it can reach.
                let changes: Vec<Type> = state_types(&callee.effects)
                    .into_iter()
                    .map(|t| self.ty(&t))
                    .collect();
                let unknown_row = callee.effects.iter().any(|e| {
                    !matches!(e, Effect::Named { id, .. } if *id == EffectId::IO || *id == EffectId::STATE || *id == EffectId::EXN || *id == EffectId::DIVERGE)
                });
                if unknown_row {
                    self.havoc_states();
                } else {
                    for t in changes {
                        if self.states.contains_key(&t) {
                            let v = self.fresh("state", &t);
                            self.states.insert(t, v);
                        }
                    }
                }
            }
            if matches!(ret, Type::Never) {
                self.assume("false".into());
                self.frames.pop();
                return "true".into();
            }
            self.fresh(&format!("{}.result", callee.name), &ret)
        };
        // What the callee guarantees.
        let post = self.states.clone();
        let sub = subst.clone();
        let new: HashMap<Type, String> = state_types(&callee.effects)
            .into_iter()
            .map(|t| t.subst(&|v| sub.iter().find(|(p, _)| p == v).map(|(_, t)| t.clone())))
            .filter_map(|t| post.get(&t).map(|v| (t, v.clone())))
            .collect();
        self.frame().result = Some(r.clone());
        self.frame().new = Some(new);
        self.collect = false;
        for k in &callee.ensures {
            let v = self.expr(&k.expr);
            self.assume(v);
        }
        if self.trust.contains(&TrustKey::Ret(func)) {
            if ret == Type::Nat {
                self.assume(format!("(<= {} {})", smt::int(0), r));
            }
            if let Some(rf) = &callee.ret_refinement {
                let fact = self.predicate(&rf.var, &rf.pred, &r);
                self.assume(fact);
            }
        }
        self.collect = collect;
        self.owner = owner;
        self.frames.pop();
        let _ = ty;
        r
    }

    fn site_in_caller(&self, code: Code, span: Span, owner: &Owner) -> Owner {
        match owner {
            Owner::Silent => Owner::Site(self.fid, code, span.start, span.end),
            o => o.clone(),
        }
    }

    /// At a recursive call (the callee's frame is on top, its parameters bound
    /// to the arguments): the callee's measures are below the caller's.
    fn decreases(&mut self, callee: &'a Function, func: FnId, span: Span) {
        let owner = Owner::Decreases(self.fid);
        let Some(mine) = self.measures.clone() else {
            return;
        };
        let Some(theirs) = callee.decreases.first() else {
            let goal = "false".to_string();
            self.gap = self
                .gap
                .clone()
                .or(Some(format!("{} has no decreases clause", callee.name)));
            self.obligation_as(
                Code::Decreases,
                owner,
                None,
                span,
                format!("the call of {} decreases the measure", callee.name),
                goal,
            );
            return;
        };
        let collect = self.collect;
        self.collect = false;
        let mut ms = Vec::new();
        for m in &theirs.measures {
            let v = self.expr(m);
            let t = self.ty(&m.ty);
            ms.push((v, t));
        }
        self.collect = collect;
        let mut options = Vec::new();
        let mut equal: Vec<String> = Vec::new();
        for ((new, nt), (old, ot)) in ms.iter().zip(&mine) {
            let less = match (nt, ot) {
                (Type::Int | Type::Nat, Type::Int | Type::Nat) => and(&[
                    format!("(<= {} {})", smt::int(0), new),
                    format!("(< {} {})", new, old),
                ]),
                (Type::Adt(..), _) if nt == ot => format!(
                    "(< ({} {}) ({} {}))",
                    self.fun(nt, "rank"),
                    new,
                    self.fun(nt, "rank"),
                    old
                ),
                _ => {
                    self.mark_gap("a measure of this type");
                    "false".into()
                }
            };
            let mut o = equal.clone();
            o.push(less);
            options.push(and(&o));
            equal.push(eq(new, old));
        }
        if ms.len() != mine.len() {
            self.mark_gap("measures of different lengths");
        }
        let _ = func;
        let text = format!("{} at the call of {}", theirs.text, callee.name);
        self.obligation_as(Code::Decreases, owner, None, span, text, or(&options));
    }
}

/// The value is computed by arithmetic or typed Int: where a Nat is expected
/// it may be negative (a narrowing).
pub fn narrowing(e: &Expr) -> bool {
    match &e.kind {
        K::Binary { op, .. } => matches!(
            op,
            BinOp::Sub | BinOp::Add | BinOp::Mul | BinOp::Div | BinOp::Rem
        ),
        K::Unary { op: UnOp::Neg, .. } => true,
        K::Int(n) => *n < 0,
        K::If {
            then_branch,
            else_branch,
            ..
        } => narrowing(then_branch) || narrowing(else_branch),
        K::Match { arms, .. } => arms.iter().any(|a| narrowing(&a.body)),
        K::Block { tail, .. } => narrowing(tail),
        _ => e.ty == Type::Int,
    }
}

/// The assumption that field `i` of constructor `tag` of `adt` is never
/// negative, for a field declared `Nat` in a data type of the root module:
/// only verified code builds one (an imported module cannot name the type),
/// so every value put into it is an obligation.
pub fn nat_field(prog: &Program, adt: AdtId, tag: usize, i: usize) -> Option<TrustKey> {
    let def = &prog.adts[adt];
    let declared = def.ctors.get(tag)?.fields.get(i)?;
    (def.module.is_empty() && *declared == Type::Nat).then_some(TrustKey::NatField(adt, tag, i))
}

fn tail_span(e: &Expr) -> Span {
    match &e.kind {
        K::Block { tail, .. } => tail_span(tail),
        _ => e.span,
    }
}

fn kind_of(t: &Type) -> Option<smt::Kind> {
    match t {
        Type::Int | Type::Nat | Type::Byte => Some(smt::Kind::Int),
        Type::Bool => Some(smt::Kind::Bool),
        _ => None,
    }
}

fn state_types(effects: &[Effect]) -> Vec<Type> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Named { id, args } if *id == EffectId::STATE => args.first().cloned(),
            _ => None,
        })
        .collect()
}

fn ret_key(f: &Function) -> String {
    // `@Int.result`: the written return type's slot name, from the signature.
    f.signature
        .rsplit("-> @")
        .next()
        .map(|s| s.trim_end_matches(')').to_string())
        .unwrap_or_default()
}

/// The instances at which generic root functions are verified: the type
/// arguments of every call reachable from a monomorphic root function.
pub fn instances(prog: &Program) -> BTreeMap<FnId, Vec<Vec<Type>>> {
    let mut out: BTreeMap<FnId, Vec<Vec<Type>>> = BTreeMap::new();
    let mut work: Vec<(FnId, Vec<Type>)> = prog
        .fns
        .iter_enumerated()
        .filter(|(_, f)| f.root && f.type_params.is_empty())
        .map(|(id, _)| (id, vec![]))
        .collect();
    let mut seen: HashSet<(FnId, Vec<Type>)> = work.iter().cloned().collect();
    while let Some((id, targs)) = work.pop() {
        let f = &prog.fns[id];
        let subst: Vec<(String, Type)> = f.type_params.iter().cloned().zip(targs.clone()).collect();
        let mut calls = Vec::new();
        let mut visit = |e: &Expr| {
            if let K::Call {
                func, type_args, ..
            } = &e.kind
            {
                if !type_args.is_empty() {
                    let ts: Vec<Type> = type_args
                        .iter()
                        .map(|t| {
                            t.subst(&|v| subst.iter().find(|(p, _)| p == v).map(|(_, t)| t.clone()))
                        })
                        .collect();
                    calls.push((*func, ts));
                }
            }
        };
        f.body.walk(&mut visit);
        for (g, ts) in calls {
            if ts.iter().any(|t| t.has_var()) || !prog.fns[g].root {
                continue;
            }
            if seen.insert((g, ts.clone())) {
                out.entry(g).or_default().push(ts.clone());
                work.push((g, ts));
            }
        }
    }
    out
}
