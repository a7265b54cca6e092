//! "The same syntax tree": two modules are the same program text when they are
//! equal up to spans (which serialisation skips) and braces around a lone
//! expression (`{ e }` is `e`; the canonical form drops such braces where they
//! are not required).

use crate::syntax::ast::*;

/// Whether two modules are the same program text (see the module docs).
pub fn same_tree(a: &Module, b: &Module) -> bool {
    let (mut a, mut b) = (a.clone(), b.clone());
    normalize(&mut a);
    normalize(&mut b);
    equal(&a, &b)
}

/// Whether two normalised modules are equal, spans aside.
pub fn equal(a: &Module, b: &Module) -> bool {
    // The serialised form skips spans; writing it is a single streaming pass.
    match (serde_json::to_vec(a), serde_json::to_vec(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Replace every block without statements by its final expression.
pub fn normalize(m: &mut Module) {
    for d in &mut m.decls {
        match d {
            Decl::Fn(f) => fn_decl(f),
            Decl::Data(d) => {
                d.invariant.iter_mut().for_each(expr);
                d.ctors.iter_mut().flat_map(|c| &mut c.fields).for_each(ty);
            }
            Decl::Alias(a) => ty(&mut a.ty),
            Decl::Effect(e) => {
                for op in &mut e.ops {
                    op.params.iter_mut().for_each(ty);
                    ty(&mut op.ret);
                }
            }
        }
    }
}

fn fn_decl(f: &mut FnDecl) {
    f.params.iter_mut().for_each(ty);
    ty(&mut f.ret);
    f.requires.iter_mut().for_each(expr);
    f.ensures.iter_mut().for_each(expr);
    f.decreases.iter_mut().flatten().for_each(expr);
    row(&mut f.effects);
    expr(&mut f.body);
    f.where_fns.iter_mut().for_each(fn_decl);
}

fn row(r: &mut EffectRow) {
    if let EffectRow::Row(refs, _) = r {
        refs.iter_mut().for_each(effect_ref);
    }
}

fn effect_ref(r: &mut EffectRef) {
    r.args.iter_mut().for_each(ty);
}

fn ty(t: &mut TypeExpr) {
    match &mut t.kind {
        TypeExprKind::Named { args, .. } => args.iter_mut().for_each(ty),
        TypeExprKind::Fn {
            params,
            ret,
            effects,
        } => {
            params.iter_mut().for_each(ty);
            ty(ret);
            row(effects);
        }
        TypeExprKind::Refined { base, predicate } => {
            ty(base);
            expr(predicate);
        }
    }
}

fn pattern(p: &mut Pattern) {
    match &mut p.kind {
        PatternKind::Ctor { args, .. } => args.iter_mut().for_each(pattern),
        PatternKind::Bind(t) => ty(t),
        _ => {}
    }
}

fn expr(e: &mut Expr) {
    while let ExprKind::Block { stmts, tail } = &mut e.kind {
        if !stmts.is_empty() {
            break;
        }
        let tail = std::mem::replace(
            tail.as_mut(),
            Expr {
                kind: ExprKind::Unit,
                span: e.span,
            },
        );
        *e = tail;
    }
    match &mut e.kind {
        ExprKind::Int(_)
        | ExprKind::Float(_)
        | ExprKind::Str(_)
        | ExprKind::Bool(_)
        | ExprKind::Unit => {}
        ExprKind::Slot { ty: t, .. } | ExprKind::Result { ty: t } => ty(t),
        ExprKind::Binary { lhs, rhs, .. } => {
            expr(lhs);
            expr(rhs);
        }
        ExprKind::Unary { operand, .. } => expr(operand),
        ExprKind::Call { args, .. }
        | ExprKind::Ctor { args, .. }
        | ExprKind::QualifiedCall { args, .. }
        | ExprKind::ModuleCall { args, .. }
        | ExprKind::Array(args) => args.iter_mut().for_each(expr),
        ExprKind::Index { base, index } => {
            expr(base);
            expr(index);
        }
        ExprKind::AnonFn(f) => {
            f.params.iter_mut().for_each(ty);
            ty(&mut f.ret);
            row(&mut f.effects);
            expr(&mut f.body);
        }
        ExprKind::If {
            cond,
            then_branch,
            else_branch,
        } => {
            expr(cond);
            expr(then_branch);
            expr(else_branch);
        }
        ExprKind::Match { scrutinee, arms } => {
            expr(scrutinee);
            for arm in arms {
                pattern(&mut arm.pattern);
                expr(&mut arm.body);
            }
        }
        ExprKind::Block { stmts, tail } => {
            for s in stmts {
                match s {
                    Stmt::Let { ty: t, value, .. } => {
                        ty(t);
                        expr(value);
                    }
                    Stmt::LetTuple { tys, value, .. } => {
                        tys.iter_mut().for_each(ty);
                        expr(value);
                    }
                    Stmt::Expr(x) => expr(x),
                }
            }
            expr(tail);
        }
        ExprKind::Handle(h) => {
            effect_ref(&mut h.effect);
            if let Some((t, init)) = &mut h.state {
                ty(t);
                expr(init);
            }
            for c in &mut h.clauses {
                c.params.iter_mut().for_each(ty);
                expr(&mut c.body);
                if let Some((t, v)) = &mut c.update {
                    ty(t);
                    expr(v);
                }
            }
            expr(&mut h.body);
        }
        ExprKind::Old(r) | ExprKind::New(r) => effect_ref(r),
        ExprKind::Assert(x) | ExprKind::Assume(x) | ExprKind::Resume(x) => expr(x),
        ExprKind::Quantifier {
            ty: t,
            bound,
            predicate,
            ..
        } => {
            ty(t);
            expr(bound);
            expr(predicate);
        }
    }
}
