//! Checking one function body: slot resolution, types, effects and contracts,
//! producing the typed IR.

use super::env::{collision, plural, suggest, Env, FnSig};
use super::patterns;
use super::tir::{self, Builtin, ExprKind as K, FnId, Local, LocalId, Stmt};
use super::types::{AdtId, Effect, EffectId, Type};
use crate::diagnostics::Diagnostic;
use crate::ids::IdVec;
use crate::source::Span;
use crate::syntax::ast::{self, BinOp, ExprKind as A, UnOp};
use std::collections::HashMap;

mod calls;
pub(crate) use calls::builtin_signature;
mod handlers;
mod matching;

/// Where an expression sits, which decides what it may use.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Mode {
    Body,
    Requires,
    Ensures,
    /// Refinement predicates, data invariants, decreases measures.
    Predicate,
}

/// What `resume` means inside a handler clause.
#[derive(Clone)]
struct ResumeCtx {
    arg: Type,
    result: Type,
}

pub struct FnChecker<'e> {
    pub env: &'e mut Env,
    /// The program's text, for messages that quote it.
    pub sources: Option<&'e crate::source::SourceMap>,
    module: usize,
    type_vars: Vec<String>,
    pub locals: IdVec<LocalId, Local>,
    scope: Vec<(String, LocalId)>,
    available: Vec<Effect>,
    /// The effect row of the function being checked (what old/new may refer to).
    declared: Vec<Effect>,
    declared_pure: bool,
    pub mode: Mode,
    ret: Type,
    metas: Vec<Option<Type>>,
    resume: Vec<ResumeCtx>,
    local_fns: HashMap<String, FnId>,
    fn_name: String,
    /// Refinement predicates of let bindings, for the verifier.
    pub let_refinements: Vec<(LocalId, tir::Refinement)>,
}

const SPEC_SLOTS: &str = "Chapter 3, Section 3.4";
const SPEC_EXPR: &str = "Chapter 4, Section 4.4";
const SPEC_CALLS: &str = "Chapter 4, Section 4.11";
const SPEC_EFFECTS: &str = "Chapter 7, Section 7.4";

impl<'e> FnChecker<'e> {
    pub fn new(env: &'e mut Env, module: usize, sig: Option<&FnSig>) -> FnChecker<'e> {
        let (type_vars, available, ret, local_fns, fn_name) = match sig {
            Some(s) => (
                s.type_params.clone(),
                s.effects.clone(),
                s.ret.clone(),
                s.local_fns.clone(),
                s.name.clone(),
            ),
            None => (vec![], vec![], Type::Unit, HashMap::new(), String::new()),
        };
        FnChecker {
            env,
            sources: None,
            module,
            type_vars,
            locals: IdVec::new(),
            scope: Vec::new(),
            declared_pure: available.is_empty(),
            declared: available.clone(),
            available,
            mode: Mode::Body,
            ret,
            metas: Vec::new(),
            resume: Vec::new(),
            local_fns,
            fn_name,
            let_refinements: Vec::new(),
        }
    }

    fn error(
        &mut self,
        code: &'static str,
        span: Span,
        msg: impl Into<String>,
        fix: impl Into<String>,
        spec: &'static str,
    ) {
        self.env
            .diags
            .push(Diagnostic::error(code, span, msg).fix(fix).spec(spec));
    }

    fn show(&self, t: &Type) -> String {
        let t = self.zonk(t);
        self.env.show(&t)
    }

    // ----- bindings ------------------------------------------------------------------

    fn source_text(&self, span: Span) -> String {
        self.sources
            .map(|s| s.get(span.file).slice(span).to_string())
            .unwrap_or_default()
    }

    pub fn bind(&mut self, key: String, ty: Type) -> LocalId {
        let id = self.locals.push(Local {
            key: key.clone(),
            ty,
        });
        self.scope.push((key, id));
        id
    }

    pub fn resolve(&mut self, te: &ast::TypeExpr) -> Type {
        let vars = self.type_vars.clone();
        let t = self.env.resolve_type(self.module, te, &vars);
        if let ast::TypeExprKind::Refined { base, predicate } = &te.kind {
            self.refinement_predicate(base, predicate);
        }
        t
    }

    /// The refinement predicate a written type carries, directly
    /// (`{ @Int | @Int.0 > 0 }`) or through non-generic aliases, over a fresh
    /// binding that is in scope nowhere. The predicate was already checked
    /// (by [`Self::resolve`] or with its alias), so checking it again here
    /// reports nothing.
    pub fn refinement_of(&mut self, te: &ast::TypeExpr) -> Option<tir::Refinement> {
        let mut te = te.clone();
        for _ in 0..64 {
            match &te.kind {
                ast::TypeExprKind::Refined { base, predicate } => {
                    let (diags, mark) = (self.env.diags.len(), self.scope.len());
                    let ty = self
                        .env
                        .resolve_type(self.module, base, &self.type_vars.clone());
                    let var = self.bind(base.key(), ty);
                    let pred = self
                        .pure_context(Mode::Predicate, |c| c.expr(predicate, Some(&Type::Bool)));
                    self.scope.truncate(mark);
                    self.env.diags.truncate(diags);
                    let text = self.source_text(te.span);
                    return Some(tir::Refinement { var, pred, text });
                }
                ast::TypeExprKind::Named { name, args } if args.is_empty() => {
                    match self.env.scopes[self.module].types.get(&name.name) {
                        Some(super::env::TypeItem::Alias(id)) => {
                            te = self.env.aliases[*id].target.clone()
                        }
                        _ => return None,
                    }
                }
                _ => return None,
            }
        }
        None
    }

    fn refinement_predicate(&mut self, base: &ast::TypeExpr, predicate: &ast::Expr) {
        let mark = self.scope.len();
        let ty = self.resolve(base);
        self.bind(base.key(), ty);
        let p = self.pure_context(Mode::Predicate, |c| c.expr(predicate, Some(&Type::Bool)));
        self.expect(
            &p.ty,
            &Type::Bool,
            predicate.span,
            "E120",
            "A refinement predicate",
        );
        self.scope.truncate(mark);
    }

    fn lookup_slot(&mut self, key: &str, index: u32, span: Span) -> Option<LocalId> {
        let mut n = 0;
        for (k, id) in self.scope.iter().rev() {
            if k == key {
                if n == index {
                    return Some(*id);
                }
                n += 1;
            }
        }
        let in_scope = self.describe_scope();
        let msg = if n == 0 {
            format!("Slot reference @{}.{} has no binding: no binding of type {} is in scope here.\n\nBindings in scope: {}", key, index, key, in_scope)
        } else {
            format!(
                "Slot reference @{}.{} has no binding: only {} binding{} of type {} {} in scope here, so the valid references are @{}.0{}.\n\nBindings in scope: {}",
                key,
                index,
                n,
                plural(n as usize),
                key,
                if n == 1 { "is" } else { "are" },
                key,
                if n > 1 { format!(" to @{}.{}", key, n - 1) } else { String::new() },
                in_scope
            )
        };
        let fix = if n == 0 {
            format!("Add a parameter or let binding of type {} (let @{} = ...;), or refer to a binding that exists.", key, key)
        } else {
            format!(
                "Use an index below {}: @{}.0 is the nearest {} binding.",
                n, key, key
            )
        };
        self.error("E130", span, msg, fix, SPEC_SLOTS);
        None
    }

    fn describe_scope(&self) -> String {
        let mut counts: HashMap<&str, u32> = HashMap::new();
        let mut items = Vec::new();
        for (k, _) in self.scope.iter().rev() {
            let c = counts.entry(k.as_str()).or_insert(0);
            items.push(format!("@{}.{}", k, c));
            *c += 1;
        }
        if items.is_empty() {
            "none".into()
        } else {
            items.join(", ")
        }
    }

    // ----- types ---------------------------------------------------------------------

    /// How many errors have been reported so far.
    fn error_count(&self) -> usize {
        self.env.diags.iter().filter(|d| d.is_error()).count()
    }

    fn fresh(&mut self) -> Type {
        self.metas.push(None);
        Type::Meta((self.metas.len() - 1) as u32)
    }

    fn shallow(&self, t: &Type) -> Type {
        let mut t = t.clone();
        while let Type::Meta(m) = t {
            match &self.metas[m as usize] {
                Some(s) => t = s.clone(),
                None => break,
            }
        }
        t
    }

    pub fn zonk(&self, t: &Type) -> Type {
        t.zonk(&|m| self.metas.get(m as usize).cloned().flatten())
    }

    /// Can a value of type `actual` be used where `expected` is wanted?
    /// Solves inference variables on the way. Int and Nat convert both ways
    /// (spec 2.6), but only at the top: there is no variance, so `Array<Nat>` is
    /// not an `Array<Int>` (spec 2.9). Never fits everywhere.
    pub fn unify(&mut self, actual: &Type, expected: &Type) -> bool {
        self.unify_at(actual, expected, false)
    }

    fn unify_at(&mut self, actual: &Type, expected: &Type, nested: bool) -> bool {
        let a = self.shallow(actual);
        let b = self.shallow(expected);
        match (&a, &b) {
            (Type::Error, _) | (_, Type::Error) | (Type::Never, _) => true,
            (Type::Meta(x), Type::Meta(y)) if x == y => true,
            (Type::Meta(x), t) | (t, Type::Meta(x)) => {
                if matches!(t, Type::Never) {
                    return true;
                }
                self.metas[*x as usize] = Some(t.clone());
                true
            }
            (Type::Int | Type::Nat, Type::Int | Type::Nat) => !nested || a == b,
            (Type::Adt(i, xs), Type::Adt(j, ys)) => {
                i == j
                    && xs.len() == ys.len()
                    && xs
                        .clone()
                        .iter()
                        .zip(ys.clone().iter())
                        .all(|(x, y)| self.unify_at(x, y, true))
            }
            (Type::Array(x), Type::Array(y)) => {
                let (x, y) = ((**x).clone(), (**y).clone());
                self.unify_at(&x, &y, true)
            }
            (Type::Tuple(xs), Type::Tuple(ys)) => {
                xs.len() == ys.len()
                    && xs
                        .clone()
                        .iter()
                        .zip(ys.clone().iter())
                        .all(|(x, y)| self.unify_at(x, y, true))
            }
            (Type::Fn(f), Type::Fn(g)) => {
                let (f, g) = ((**f).clone(), (**g).clone());
                f.params.len() == g.params.len()
                    && f.params
                        .iter()
                        .zip(&g.params)
                        .all(|(x, y)| self.unify_at(y, x, true))
                    && self.unify_at(&f.ret, &g.ret, true)
                    && self.effects_within(&f.effects, &g.effects)
            }
            (Type::Var(x), Type::Var(y)) => x == y,
            _ => a == b,
        }
    }

    /// Sub-effecting: every effect of `inner` is in `outer` (spec 7.8).
    fn effects_within(&mut self, inner: &[Effect], outer: &[Effect]) -> bool {
        inner.iter().all(|e| self.effect_in(e, outer))
    }

    fn effect_in(&mut self, e: &Effect, row: &[Effect]) -> bool {
        row.iter().any(|r| match (e, r) {
            (Effect::Var(a), Effect::Var(b)) => a == b,
            (Effect::Named { id: a, args: xs }, Effect::Named { id: b, args: ys }) => {
                a == b
                    && xs.len() == ys.len()
                    && xs
                        .iter()
                        .zip(ys)
                        .all(|(x, y)| self.zonk(x) == self.zonk(y) || self.unify_at(x, y, true))
            }
            _ => false,
        })
    }

    pub fn type_vars_mut(&mut self) -> &mut Vec<String> {
        &mut self.type_vars
    }

    pub fn expect(
        &mut self,
        actual: &Type,
        expected: &Type,
        span: Span,
        code: &'static str,
        what: &str,
    ) -> bool {
        if self.unify(actual, expected) {
            return true;
        }
        let (a, e) = (self.show(actual), self.show(expected));
        self.error(
            code,
            span,
            format!(
                "{} must have type {}, but this expression has type {}.",
                what, e, a
            ),
            conversion_hint(&self.zonk(actual), &self.zonk(expected)),
            "Chapter 2, Section 2.8",
        );
        false
    }

    // ----- effects -------------------------------------------------------------------

    /// Check a contract or predicate: it runs in `mode` with none of the function's
    /// effects available, since contracts must be pure (spec 7.9.1). Handlers and
    /// anonymous functions inside it still make their own effects available.
    pub fn pure_context<T>(&mut self, mode: Mode, f: impl FnOnce(&mut Self) -> T) -> T {
        let saved_mode = std::mem::replace(&mut self.mode, mode);
        let saved_available = std::mem::take(&mut self.available);
        let r = f(self);
        self.available = saved_available;
        self.mode = saved_mode;
        r
    }

    fn require_effect(&mut self, effect: &Effect, span: Span, what: &str) {
        if self.effect_in(effect, &self.available.clone()) {
            return;
        }
        let shown = self.env.show_effects(std::slice::from_ref(effect));
        let inner = shown
            .trim_start_matches("effects(<")
            .trim_end_matches(">)")
            .to_string();
        match self.mode {
            Mode::Body if self.declared_pure && self.resume.is_empty() => self.error(
                "E122",
                span,
                format!("Function `{}` is declared effects(pure), but {} performs the effect {}. A pure function cannot perform effects.", self.fn_name, what, inner),
                format!("Declare the effect in the function's row:\n\n  effects(<{}>)\n\nor handle it inside the function with handle[{}] {{ ... }} in {{ ... }}.", inner, inner),
                "Chapter 7, Section 7.10",
            ),
            Mode::Body => self.error(
                "E125",
                span,
                format!("{} performs the effect {}, which is not declared here. Available: {}.", capitalise(what), inner, self.env.show_effects(&self.available)),
                format!("Add {} to the effect row of the enclosing function, e.g. effects(<{}>), or handle it.", inner, inner),
                "Chapter 7, Section 7.10",
            ),
            _ => self.error(
                "E128",
                span,
                format!("{} performs the effect {}, but contracts and predicates must be pure.", capitalise(what), inner),
                "Use only pure functions in requires/ensures; refer to state with old(State<T>) and new(State<T>).",
                "Chapter 7, Section 7.9",
            ),
        }
    }

    // ----- expressions ---------------------------------------------------------------

    pub fn expr(&mut self, e: &ast::Expr, expected: Option<&Type>) -> tir::Expr {
        let (kind, ty) = crate::deep(|| self.expr_kind(e, expected));
        tir::Expr {
            kind,
            ty,
            span: e.span,
        }
    }

    fn expr_kind(&mut self, e: &ast::Expr, expected: Option<&Type>) -> (K, Type) {
        match &e.kind {
            A::Int(v) => self.int_literal(*v, e.span, expected),
            A::Float(f) => (K::Float(*f), Type::Float64),
            A::Str(s) => (K::Str(s.clone()), Type::String),
            A::Bool(b) => (K::Bool(*b), Type::Bool),
            A::Unit => (K::Unit, Type::Unit),
            A::Slot { ty, index } => {
                let declared = self.resolve(ty);
                match self.lookup_slot(&ty.key(), *index, e.span) {
                    Some(id) => {
                        let t = self.locals[id].ty.clone();
                        (K::Local(id), if t.is_error() { declared } else { t })
                    }
                    None => (K::Unit, Type::Error),
                }
            }
            A::Result { ty } => self.result_ref(ty, e.span),
            A::Binary { op, lhs, rhs } => self.binary(*op, lhs, rhs, e.span),
            A::Unary { op, operand } => self.unary(*op, operand, e.span, expected),
            A::Call { name, args } => self.call(name, args, e.span, expected),
            A::Ctor { name, args, parens } => self.construct(name, args, *parens, e.span, expected),
            A::QualifiedCall {
                qualifier,
                name,
                args,
            } => self.qualified_call(qualifier, name, args, e.span, expected),
            A::ModuleCall { path, name, args } => {
                self.module_call(path, name, args, e.span, expected)
            }
            A::Index { base, index } => self.index(base, index, expected),
            A::AnonFn(f) => self.lambda(f, e.span),
            A::If {
                cond,
                then_branch,
                else_branch,
            } => self.if_expr(cond, then_branch, else_branch, expected),
            A::Match { scrutinee, arms } => self.match_expr(scrutinee, arms, e.span, expected),
            A::Block { stmts, tail } => self.block(stmts, tail, expected),
            A::Handle(h) => self.handle(h, e.span, expected),
            A::Array(items) => self.array(items, e.span, expected),
            A::Old(r) | A::New(r) => self.old_new(matches!(e.kind, A::Old(_)), r, e.span),
            A::Assert(p) | A::Assume(p) => {
                let is_assert = matches!(e.kind, A::Assert(_));
                let mode = if self.mode == Mode::Body {
                    Mode::Predicate
                } else {
                    self.mode
                };
                let p2 = self.pure_context(mode, |c| c.expr(p, Some(&Type::Bool)));
                let code = if is_assert { "E172" } else { "E173" };
                self.expect(
                    &p2.ty,
                    &Type::Bool,
                    p.span,
                    code,
                    if is_assert {
                        "The condition of assert"
                    } else {
                        "The condition of assume"
                    },
                );
                if is_assert {
                    (
                        K::Assert(Box::new(p2), self.source_text(e.span)),
                        Type::Unit,
                    )
                } else {
                    self.env.diags.push(
                        Diagnostic::warning("W001", e.span, "Unverified assumption: assume(...) is trusted without proof and not checked at run time.")
                            .fix("Prefer assert(...), which is checked, when the fact can be established.")
                            .spec("Chapter 6, Section 6.2.6"),
                    );
                    (K::Assume(Box::new(p2)), Type::Unit)
                }
            }
            A::Quantifier {
                exists,
                ty,
                bound,
                predicate,
            } => self.quantifier(*exists, ty, bound, predicate),
            A::Resume(arg) => self.resume_expr(arg, e.span),
        }
    }

    fn int_literal(&mut self, v: u64, span: Span, expected: Option<&Type>) -> (K, Type) {
        if v > i64::MAX as u64 {
            self.error(
                "E017",
                span,
                format!(
                    "The integer literal {} does not fit in a 64-bit signed Int.",
                    v
                ),
                "Use a value up to 9223372036854775807.",
                "Chapter 2, Section 2.2",
            );
            return (K::Int(0), Type::Error);
        }
        let ty = match expected.map(|t| self.shallow(t)) {
            Some(Type::Nat) => Type::Nat,
            Some(Type::Byte) if v <= 255 => Type::Byte,
            _ => Type::Int,
        };
        (K::Int(v as i64), ty)
    }

    fn result_ref(&mut self, ty: &ast::TypeExpr, span: Span) -> (K, Type) {
        let t = self.resolve(ty);
        if self.mode != Mode::Ensures {
            self.error(
                "E131",
                span,
                format!("@{}.result refers to a function's return value, which exists only in ensures(...) clauses.", ty.key()),
                "Move the condition into an ensures clause: ensures(@Int.result >= 0)",
                "Chapter 3, Section 3.6",
            );
            return (K::Unit, Type::Error);
        }
        let ret = self.ret.clone();
        if !self.unify(&t, &ret) {
            let r = self.show(&ret);
            self.error(
                "E132",
                span,
                format!(
                    "@{}.result does not match the return type {} of the function.",
                    ty.key(),
                    r
                ),
                format!("@{}.result", r),
                "Chapter 3, Section 3.6",
            );
        }
        (K::ResultRef, ret)
    }

    fn binary(&mut self, op: BinOp, lhs: &ast::Expr, rhs: &ast::Expr, span: Span) -> (K, Type) {
        let logical = matches!(op, BinOp::And | BinOp::Or | BinOp::Implies);
        let l = self.expr(lhs, if logical { Some(&Type::Bool) } else { None });
        let lt = self.zonk(&l.ty);
        // The right operand is expected to have the left one's type.
        let equality = matches!(op, BinOp::Eq | BinOp::Ne);
        let hint = if logical {
            Some(Type::Bool)
        } else if lt.is_numeric()
            || matches!(lt, Type::String | Type::Bool)
            || (equality && !lt.has_meta() && !matches!(lt, Type::Never | Type::Error))
        {
            Some(lt.clone())
        } else {
            None
        };
        let r = self.expr(rhs, hint.as_ref());
        let rt = self.zonk(&r.ty);
        let result = match op {
            BinOp::And | BinOp::Or | BinOp::Implies => {
                if !self.unify(&lt, &Type::Bool) {
                    let s = self.show(&lt);
                    self.error(
                        "E144",
                        lhs.span,
                        format!(
                            "The left operand of {} must be Bool, not {}.",
                            op.symbol(),
                            s
                        ),
                        "Compare to get a Bool: @Int.0 > 0 && @Bool.0",
                        "Chapter 4, Section 4.6",
                    );
                }
                if !self.unify(&rt, &Type::Bool) {
                    let s = self.show(&rt);
                    self.error(
                        "E145",
                        rhs.span,
                        format!(
                            "The right operand of {} must be Bool, not {}.",
                            op.symbol(),
                            s
                        ),
                        "Compare to get a Bool: @Bool.0 && @Int.0 > 0",
                        "Chapter 4, Section 4.6",
                    );
                }
                Type::Bool
            }
            BinOp::Eq | BinOp::Ne => {
                if !self.unify(&rt, &lt) && !self.unify(&lt, &rt) {
                    let (a, b) = (self.show(&lt), self.show(&rt));
                    self.error(
                        "E142",
                        span,
                        format!(
                            "Cannot compare {} with {}: both sides of {} must have the same type.",
                            a,
                            b,
                            op.symbol()
                        ),
                        conversion_hint(&rt, &lt),
                        "Chapter 4, Section 4.5",
                    );
                } else if matches!(lt, Type::Fn(_)) {
                    self.error(
                        "E142",
                        span,
                        "Functions cannot be compared for equality.",
                        "Compare the results of calling them instead.",
                        "Chapter 4, Section 4.5",
                    );
                }
                Type::Bool
            }
            BinOp::Lt | BinOp::Gt | BinOp::Le | BinOp::Ge => {
                let orderable = |t: &Type| {
                    t.is_numeric() || matches!(t, Type::String | Type::Error | Type::Never)
                };
                if !orderable(&lt) || !orderable(&rt) || !self.unify(&rt, &lt) {
                    let (a, b) = (self.show(&lt), self.show(&rt));
                    self.error("E143", span, format!("{} needs two operands of the same orderable type (Int, Nat, Byte, Float64 or String); found {} and {}.", op.symbol(), a, b), conversion_hint(&rt, &lt), "Chapter 4, Section 4.5");
                }
                Type::Bool
            }
            _ => self.arithmetic(op, &lt, &rt, span),
        };
        let operand_ty = if lt.is_error() || matches!(lt, Type::Never) {
            rt
        } else {
            lt
        };
        (
            K::Binary {
                op,
                operand_ty,
                lhs: Box::new(l),
                rhs: Box::new(r),
            },
            result,
        )
    }

    fn arithmetic(&mut self, op: BinOp, lt: &Type, rt: &Type, span: Span) -> Type {
        if lt.is_error() || rt.is_error() {
            return Type::Error;
        }
        let numeric = |t: &Type| t.is_numeric() || matches!(t, Type::Never);
        if !numeric(lt) || !numeric(rt) {
            let bad = if numeric(lt) { rt } else { lt };
            let s = self.show(bad);
            let fix = if matches!(bad, Type::String) && op == BinOp::Add {
                "Join strings with string_concat(@String.0, @String.1)."
            } else {
                "Arithmetic works on Int, Nat, Byte and Float64."
            };
            self.error(
                "E140",
                span,
                format!(
                    "{} needs numeric operands, but one operand has type {}.",
                    op.symbol(),
                    s
                ),
                fix,
                SPEC_EXPR,
            );
            return Type::Error;
        }
        match (lt, rt) {
            (Type::Nat, Type::Nat) => Type::Nat,
            (Type::Int | Type::Nat, Type::Int | Type::Nat) => Type::Int,
            (Type::Never, t) | (t, Type::Never) => t.clone(),
            (a, b) if a == b => a.clone(),
            _ => {
                let (a, b) = (self.show(lt), self.show(rt));
                self.error(
                    "E141",
                    span,
                    format!(
                        "{} cannot mix {} and {}: Vera has no implicit numeric conversions.",
                        op.symbol(),
                        a,
                        b
                    ),
                    "Convert explicitly, e.g. to_float(@Int.0) + @Float64.0",
                    SPEC_EXPR,
                );
                Type::Error
            }
        }
    }

    fn unary(
        &mut self,
        op: UnOp,
        operand: &ast::Expr,
        span: Span,
        expected: Option<&Type>,
    ) -> (K, Type) {
        let o = self.expr(
            operand,
            if op == UnOp::Neg {
                expected
            } else {
                Some(&Type::Bool)
            },
        );
        let t = self.zonk(&o.ty);
        let ty = match op {
            UnOp::Not => {
                if !self.unify(&t, &Type::Bool) {
                    let s = self.show(&t);
                    self.error(
                        "E146",
                        span,
                        format!("`!` needs a Bool operand, not {}.", s),
                        "!(@Int.0 > 0)",
                        "Chapter 4, Section 4.6",
                    );
                }
                Type::Bool
            }
            UnOp::Neg => match t {
                Type::Int | Type::Nat => Type::Int,
                Type::Float64 => Type::Float64,
                Type::Error | Type::Never => t,
                _ => {
                    let s = self.show(&t);
                    self.error(
                        "E147",
                        span,
                        format!("Unary `-` needs an Int or Float64 operand, not {}.", s),
                        "-@Int.0",
                        SPEC_EXPR,
                    );
                    Type::Error
                }
            },
        };
        (
            K::Unary {
                op,
                operand: Box::new(o),
            },
            ty,
        )
    }

    fn index(&mut self, base: &ast::Expr, index: &ast::Expr, expected: Option<&Type>) -> (K, Type) {
        // An array literal indexed at once takes its element type from the context.
        let hint = match (&base.kind, expected) {
            (A::Array(_), Some(t)) => Some(Type::Array(Box::new(t.clone()))),
            _ => None,
        };
        let b = self.expr(base, hint.as_ref());
        let i = self.expr(index, Some(&Type::Int));
        let it = self.zonk(&i.ty);
        if !matches!(it, Type::Int | Type::Nat | Type::Error | Type::Never) {
            let s = self.show(&it);
            self.error(
                "E160",
                index.span,
                format!("An array index must be Int or Nat, not {}.", s),
                "@Array<Int>.0[@Nat.0]",
                "Chapter 4, Section 4.12.2",
            );
        }
        let elem = match self.zonk(&b.ty) {
            Type::Array(t) => *t,
            Type::Error => Type::Error,
            other => {
                let s = self.show(&other);
                self.error(
                    "E161",
                    base.span,
                    format!(
                        "Only arrays can be indexed, but this expression has type {}.",
                        s
                    ),
                    "@Array<Int>.0[0]",
                    "Chapter 4, Section 4.12.2",
                );
                Type::Error
            }
        };
        (
            K::Index {
                base: Box::new(b),
                index: Box::new(i),
            },
            elem,
        )
    }

    fn lambda(&mut self, f: &ast::AnonFn, _span: Span) -> (K, Type) {
        let mark = self.scope.len();
        let mut params = Vec::new();
        let mut ptys = Vec::new();
        for p in &f.params {
            let t = self.resolve(p);
            ptys.push(t.clone());
            params.push(self.bind(p.key(), t));
        }
        let ret = self.resolve(&f.ret);
        let ret_refinement = self.refinement_of(&f.ret);
        let vars = self.type_vars.clone();
        let effects = self.env.resolve_row(self.module, &f.effects, &vars);
        let saved_avail = std::mem::replace(&mut self.available, effects.clone());
        let saved_pure = std::mem::replace(&mut self.declared_pure, effects.is_empty());
        let saved_resume = std::mem::take(&mut self.resume);
        let body = self.expr(&f.body, Some(&ret));
        self.expect(
            &body.ty,
            &ret,
            f.body.span,
            "E171",
            "The anonymous function's body",
        );
        self.available = saved_avail;
        self.declared_pure = saved_pure;
        self.resume = saved_resume;
        self.scope.truncate(mark);
        let ty = Type::fun(ptys, ret.clone(), effects.clone());
        (
            K::Lambda(Box::new(tir::Lambda {
                params,
                ret,
                ret_refinement,
                effects,
                body,
            })),
            ty,
        )
    }

    fn if_expr(
        &mut self,
        cond: &ast::Expr,
        then_b: &ast::Expr,
        else_b: &ast::Expr,
        expected: Option<&Type>,
    ) -> (K, Type) {
        let c = self.expr(cond, Some(&Type::Bool));
        if !self.unify(&c.ty, &Type::Bool) {
            let s = self.show(&c.ty);
            self.error("E300", cond.span, format!("The condition of `if` must be Bool, but it has type {}. There are no truthy values.", s), "if @Int.0 > 0 then { ... } else { ... }", "Chapter 4, Section 4.8");
        }
        // The if's type: the context's, else the first branch's that produces
        // a value; each branch must have it (a branch of type Never has any).
        let mut result: Option<Type> = expected.cloned();
        let t = self.expr(then_b, result.as_ref());
        if result.is_none() {
            result = Some(if matches!(self.zonk(&t.ty), Type::Never) {
                self.fresh()
            } else {
                t.ty.clone()
            });
        } else {
            self.branch_type(&t.ty, then_b.span, result.as_ref(), None);
        }
        let e = self.expr(else_b, result.as_ref());
        self.branch_type(&e.ty, else_b.span, result.as_ref(), Some(&t.ty));
        let ty = match result {
            Some(r) if matches!(self.zonk(&t.ty), Type::Never) && expected.is_none() => {
                // `then` never returns: the if has the type of `else`.
                self.unify(&e.ty, &r);
                e.ty.clone()
            }
            Some(r) => r,
            None => Type::Never,
        };
        (
            K::If {
                cond: Box::new(c),
                then_branch: Box::new(t),
                else_branch: Box::new(e),
            },
            ty,
        )
    }

    /// Check that a branch of an `if`, of type `got`, has the `if`'s type `want`
    /// (E301). `then` is the then branch's type when this is the else branch.
    fn branch_type(&mut self, got: &Type, span: Span, want: Option<&Type>, then: Option<&Type>) {
        let Some(want) = want else {
            return;
        };
        if self.unify(got, want) {
            return;
        }
        let (got, want) = (self.show(got), self.show(want));
        let message = match then {
            Some(t) if !matches!(self.zonk(t), Type::Never) && self.show(t) == want => format!(
                "The branches of this `if` have different types: then gives {}, else gives {}.",
                want, got
            ),
            _ => format!(
                "This branch of `if` gives {}, but the `if` must have type {} here.",
                got, want
            ),
        };
        self.error(
            "E301",
            span,
            message,
            "Make both branches produce the type the context needs.",
            "Chapter 4, Section 4.8",
        );
    }

    fn block(
        &mut self,
        stmts: &[ast::Stmt],
        tail: &ast::Expr,
        expected: Option<&Type>,
    ) -> (K, Type) {
        let mark = self.scope.len();
        let mut out = Vec::new();
        for s in stmts {
            match s {
                ast::Stmt::Let { ty, value, .. } => {
                    let t = self.resolve(ty);
                    let v = self.expr(value, Some(&t));
                    if !self.unify(&v.ty, &t) {
                        let (a, b) = (self.show(&v.ty), self.show(&t));
                        self.error(
                            "E170",
                            value.span,
                            format!(
                                "This let binds @{}, but the value has type {}.",
                                ty.key(),
                                a
                            ),
                            conversion_hint(&self.zonk(&v.ty), &self.zonk(&t)).replace("{T}", &b),
                            "Chapter 4, Section 4.7",
                        );
                    }
                    let local = self.bind(ty.key(), t);
                    if let Some(r) = self.refinement_of(ty) {
                        self.let_refinements.push((local, r));
                    }
                    out.push(Stmt::Let { local, value: v });
                }
                ast::Stmt::LetTuple {
                    ctor, tys, value, ..
                } if !self.is_tuple_ctor(ctor) => {
                    let (locals, value) = self.let_ctor(ctor, tys, value);
                    out.push(Stmt::LetTuple { locals, value });
                }
                ast::Stmt::LetTuple { tys, value, .. } => {
                    let ts: Vec<Type> = tys.iter().map(|t| self.resolve(t)).collect();
                    let want = Type::Tuple(ts.clone());
                    let v = self.expr(value, Some(&want));
                    if !self.unify(&v.ty, &want) {
                        let (a, b) = (self.show(&v.ty), self.show(&want));
                        self.error(
                            "E170",
                            value.span,
                            format!(
                                "This destructuring let expects {}, but the value has type {}.",
                                b, a
                            ),
                            "The pattern must list the tuple's component types in order.",
                            "Chapter 4, Section 4.7.1",
                        );
                    }
                    let locals: Vec<LocalId> = tys
                        .iter()
                        .zip(ts)
                        .map(|(te, t)| self.bind(te.key(), t))
                        .collect();
                    for (te, &local) in tys.iter().zip(&locals) {
                        if let Some(r) = self.refinement_of(te) {
                            self.let_refinements.push((local, r));
                        }
                    }
                    out.push(Stmt::LetTuple { locals, value: v });
                }
                ast::Stmt::Expr(e) => out.push(Stmt::Expr(self.expr(e, None))),
            }
        }
        let t = self.expr(tail, expected);
        self.scope.truncate(mark);
        let ty = t.ty.clone();
        (
            K::Block {
                stmts: out,
                tail: Box::new(t),
            },
            ty,
        )
    }

    fn array(&mut self, items: &[ast::Expr], span: Span, expected: Option<&Type>) -> (K, Type) {
        let elem = match expected.map(|t| self.zonk(t)) {
            Some(Type::Array(t)) => *t,
            _ => self.fresh(),
        };
        let mut out = Vec::new();
        for item in items {
            let t = self.expr(item, Some(&elem));
            if !self.unify(&t.ty, &elem) {
                let (a, b) = (self.show(&t.ty), self.show(&elem));
                self.error("E163", item.span, format!("Array elements must all have the same type: this one is {}, the others {}.", a, b), "[1, 2, 3]", "Chapter 4, Section 4.12.1");
            }
            out.push(t);
        }
        if items.is_empty() && matches!(self.zonk(&elem), Type::Meta(_)) && expected.is_none() {
            self.error(
                "E162",
                span,
                "The element type of this empty array is unknown.",
                "Bind it with a type: let @Array<Int> = [];",
                "Chapter 4, Section 4.12.1",
            );
        }
        (K::Array(out), Type::Array(Box::new(elem)))
    }

    fn quantifier(
        &mut self,
        exists: bool,
        ty: &ast::TypeExpr,
        bound: &ast::Expr,
        predicate: &ast::Expr,
    ) -> (K, Type) {
        let word = if exists { "exists" } else { "forall" };
        let t = self.resolve(ty);
        if !matches!(t, Type::Int | Type::Nat | Type::Error) {
            let s = self.show(&t);
            self.error(
                "E177",
                ty.span,
                format!(
                    "The variable of {} ranges over [0, bound), so it must be Int or Nat, not {}.",
                    word, s
                ),
                format!(
                    "{}(@Nat, length(@Array<Int>.0), fn(@Nat -> @Bool) effects(pure) {{ ... }})",
                    word
                ),
                "Chapter 6, Section 6.3.3",
            );
        }
        let b = self.expr(bound, Some(&Type::Int));
        self.expect(
            &b.ty,
            &Type::Int,
            bound.span,
            "E177",
            &format!("The bound of {}", word),
        );
        let A::AnonFn(f) = &predicate.kind else {
            unreachable!("the parser only accepts anonymous functions here")
        };
        let mark = self.scope.len();
        if f.params.len() != 1 {
            self.error(
                "E177",
                predicate.span,
                format!(
                    "The predicate of {} takes exactly one parameter, the quantified value.",
                    word
                ),
                "fn(@Nat -> @Bool) effects(pure) { ... }",
                "Chapter 6, Section 6.3.3",
            );
        }
        let pt = f
            .params
            .first()
            .map(|p| self.resolve(p))
            .unwrap_or(Type::Error);
        let key = f.params.first().map(ast::TypeExpr::key).unwrap_or_default();
        let var = self.bind(key, pt);
        let body = self.expr(&f.body, Some(&Type::Bool));
        self.expect(
            &body.ty,
            &Type::Bool,
            f.body.span,
            "E177",
            &format!("The predicate of {}", word),
        );
        self.scope.truncate(mark);
        (
            K::Quantifier {
                exists,
                var,
                bound: Box::new(b),
                body: Box::new(body),
            },
            Type::Bool,
        )
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// A value of a type, for fix suggestions.
fn example_value(t: &Type) -> String {
    match t {
        Type::Int | Type::Nat | Type::Byte => "0".into(),
        Type::Float64 => "0.0".into(),
        Type::Bool => "true".into(),
        Type::String => "\"text\"".into(),
        Type::Unit => "()".into(),
        Type::Array(_) => "[]".into(),
        Type::Adt(AdtId::OPTION, _) => "None".into(),
        _ => "...".into(),
    }
}

/// A concrete way to turn an `actual` value into the `expected` type.
fn conversion_hint(actual: &Type, expected: &Type) -> String {
    match (actual, expected) {
        (Type::Int | Type::Nat, Type::Float64) => {
            "Convert with to_float(...): to_float(@Int.0)".into()
        }
        (Type::Int | Type::Nat, Type::String) => {
            "Convert with int_to_string(...): int_to_string(@Int.0)".into()
        }
        (Type::Bool, Type::String) => "Convert with bool_to_string(...)".into(),
        (Type::Float64, Type::String) => "Convert with float_to_string(...)".into(),
        (Type::String, Type::Int | Type::Nat) => {
            "Parse with parse_nat(...), which returns Result<Nat, String>, and match on it.".into()
        }
        (_, Type::Unit) => "End the block with () if its value is not needed.".into(),
        _ => "Change the expression so that its type matches, or change the declared type.".into(),
    }
}
