//! Facts about the typed IR that code generation needs: which expressions may
//! allocate (and so run the collector), which may unwind (throw), and which
//! bindings a lambda or a handler's clauses capture.
//!
//! Each fact is decided per node by one function and combined over
//! [`tir::Expr::children`], which is exhaustive, so no kind of node is skipped.

use crate::check::tir::{self, Builtin, ExprKind as K, FnId, LocalId, Program};
use crate::check::types::{Effect, EffectId};
use crate::ids::IdVec;
use std::collections::BTreeSet;

/// Whether this node itself allocates, given which functions may (`fns`). An
/// empty array literal and a nullary constructor are static data.
pub fn allocates_here(e: &tir::Expr, fns: &IdVec<FnId, bool>) -> bool {
    match &e.kind {
        K::Construct { args, .. } => !args.is_empty(),
        K::Array(items) => !items.is_empty(),
        K::Tuple(_) | K::Lambda(_) | K::Apply { .. } => true,
        K::Call { func, .. } => fns[*func],
        K::Builtin { builtin, .. } => builtin_allocates(*builtin),
        K::Perform { effect, .. } => is_user(effect),
        K::Handle(h) => is_user(&h.effect),
        K::Int(_)
        | K::Float(_)
        | K::Str(_)
        | K::Bool(_)
        | K::Unit
        | K::Local(_)
        | K::ResultRef
        | K::Binary { .. }
        | K::Unary { .. }
        | K::Index { .. }
        | K::If { .. }
        | K::Match { .. }
        | K::Block { .. }
        | K::Old(_)
        | K::New(_)
        | K::Assert(..)
        | K::Assume(_)
        | K::Quantifier { .. }
        | K::Resume(_) => false,
    }
}

/// Built-ins that return a new heap object (or call the host, which allocates).
pub fn builtin_allocates(b: Builtin) -> bool {
    !matches!(
        b,
        Builtin::Length
            | Builtin::StringLength
            | Builtin::CharCode
            | Builtin::ToFloat
            | Builtin::ParseFloat64
    )
}

/// A user-defined effect (handled through handler records), not a built-in one.
pub fn is_user(e: &Effect) -> bool {
    matches!(e, Effect::Named { id, .. } if *id > EffectId::DIVERGE)
}

/// Whether evaluating `e` may allocate.
pub fn allocates(e: &tir::Expr, fns: &IdVec<FnId, bool>) -> bool {
    e.any(&mut |x| allocates_here(x, fns))
}

/// For each function, whether calling it may allocate: a fixed point over the
/// call graph (a function allocates if it allocates itself or calls one that does).
pub fn allocation_summary(program: &Program) -> IdVec<FnId, bool> {
    let mut fns: IdVec<FnId, bool> = program.fns.iter().map(|_| false).collect();
    loop {
        let mut changed = false;
        for (id, f) in program.fns.iter_enumerated() {
            if !fns[id] && function_roots(f).any(|e| allocates(e, &fns)) {
                fns[id] = true;
                changed = true;
            }
        }
        if !changed {
            return fns;
        }
    }
}

/// The expressions a function evaluates: its body and its contracts.
pub fn function_roots(f: &tir::Function) -> impl Iterator<Item = &tir::Expr> {
    std::iter::once(&f.body).chain(f.requires.iter().chain(&f.ensures).map(|k| &k.expr))
}

/// The user-defined effects whose operations may throw: some handler of the
/// effect has a clause that may end its `handle` (abort) or may itself throw.
pub type Unwinding = BTreeSet<EffectId>;

/// Whether an effect can end a computation early with a WebAssembly exception:
/// `Exn<E>`, a user-defined effect of `unwinding`, or an effect variable that
/// may stand for either.
pub fn effect_unwinds(e: &Effect, unwinding: &Unwinding) -> bool {
    match e {
        Effect::Var(_) => true,
        Effect::Named { id, .. } => *id == EffectId::EXN || unwinding.contains(id),
    }
}

/// Whether evaluating `e` may throw a WebAssembly exception out of it. Lambda
/// bodies do not run where they are written, so they are not looked into.
pub fn may_unwind(e: &tir::Expr, program: &Program, unwinding: &Unwinding) -> bool {
    let unwinds = |e: &Effect| effect_unwinds(e, unwinding);
    let here = match &e.kind {
        K::Perform { effect, .. } => unwinds(effect),
        K::Call { func, .. } => program.fns[*func].effects.iter().any(unwinds),
        K::Apply { callee, .. } => match &callee.ty {
            crate::check::types::Type::Fn(f) => f.effects.iter().any(unwinds),
            _ => true,
        },
        K::Lambda(_) => return false,
        _ => false,
    };
    here || e
        .children()
        .into_iter()
        .any(|c| crate::deep(|| may_unwind(c, program, unwinding)))
}

/// The fixed point of [`Unwinding`] over every handler of the program.
pub fn unwinding_effects(program: &Program) -> Unwinding {
    let mut set = Unwinding::new();
    loop {
        let before = set.len();
        for f in &program.fns {
            for root in function_roots(f) {
                root.walk(&mut |x| {
                    let K::Handle(h) = &x.kind else { return };
                    let Effect::Named { id, .. } = h.effect else {
                        return;
                    };
                    if !is_user(&h.effect) || set.contains(&id) {
                        return;
                    }
                    let throws = h.clauses.iter().any(|cl| {
                        clause_may_abort(&cl.body)
                            || may_unwind(&cl.body, program, &set)
                            || cl
                                .update
                                .as_ref()
                                .is_some_and(|u| may_unwind(u, program, &set))
                    });
                    if throws {
                        set.insert(id);
                    }
                });
            }
        }
        if set.len() == before {
            return set;
        }
    }
}

/// Whether a clause may end without resuming (some tail is not `resume`).
pub fn clause_may_abort(e: &tir::Expr) -> bool {
    match &e.kind {
        K::Resume(_) => false,
        K::Block { tail, .. } => clause_may_abort(tail),
        K::If {
            then_branch,
            else_branch,
            ..
        } => clause_may_abort(then_branch) || clause_may_abort(else_branch),
        K::Match { arms, .. } => arms.iter().any(|a| clause_may_abort(&a.body)),
        _ => e.ty != crate::check::types::Type::Never,
    }
}

/// The bindings used in `region` but bound outside it (`bound` are bound at its
/// entry, such as parameters), in id order.
pub fn captures<'a>(
    region: impl IntoIterator<Item = &'a tir::Expr>,
    bound: impl IntoIterator<Item = LocalId>,
) -> Vec<LocalId> {
    let mut bound: BTreeSet<LocalId> = bound.into_iter().collect();
    let mut used: BTreeSet<LocalId> = BTreeSet::new();
    for e in region {
        e.walk(&mut |x| {
            bound.extend(x.binders());
            if let K::Local(id) = x.kind {
                used.insert(id);
            }
        });
    }
    used.difference(&bound).copied().collect()
}
