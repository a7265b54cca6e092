//! The checker: slot resolution, types, effects, contracts and patterns.
//! Its output is the typed IR of [`tir`], which code generation consumes.
//!
//! Architecture invariant: checking never stops at the first error; every function
//! is checked and all diagnostics are returned. A program with errors yields no IR.

pub mod env;
mod expr;
pub(crate) use expr::builtin_signature;
mod patterns;
mod register;
mod regular;
pub mod tir;
pub mod types;

use crate::diagnostics::Diagnostic;
use crate::ids::IdVec;
use crate::modules::Loaded;
use crate::source::SourceMap;
use crate::syntax::ast::{self, Decl};
use env::Env;
use expr::{FnChecker, Mode};
use tir::{Contract, Function, Program};
use types::Type;

/// Check a loaded program. Returns the typed program when there are no errors,
/// and every diagnostic (warnings included) either way.
pub fn check(loaded: &Loaded, sources: &SourceMap) -> (Option<Program>, Vec<Diagnostic>) {
    let mut env = Env::new();
    let fn_sources = register::register(loaded, &mut env);
    check_type_decls(loaded, sources, &mut env);
    regular::check_data(loaded, &mut env);
    let mut functions = Vec::new();
    for (i, src) in fn_sources.iter().enumerate() {
        let id = crate::ids::Id::from_index(i);
        functions.push(check_fn(&mut env, id, src.module, src.decl, sources));
    }
    regular::check_calls(&functions, &mut env);
    let diags = std::mem::take(&mut env.diags);
    if diags.iter().any(Diagnostic::is_error) {
        return (None, diags);
    }
    let program = Program {
        adts: env.adts,
        fns: functions.into(),
        effects: env.effects,
    };
    (Some(program), diags)
}

/// Refinement predicates of aliases and data invariants.
fn check_type_decls(loaded: &Loaded, sources: &SourceMap, env: &mut Env) {
    for (m, module) in loaded.modules.iter().enumerate() {
        for decl in &module.ast.decls {
            match decl {
                Decl::Alias(a) => {
                    let mut c = FnChecker::new(env, m, None);
                    c.set_type_vars(a.type_params.iter().map(|p| p.name.clone()).collect());
                    c.resolve(&a.ty);
                }
                Decl::Data(d) => {
                    if let Some(inv) = &d.invariant {
                        let mut c = FnChecker::new(env, m, None);
                        c.set_type_vars(d.type_params.iter().map(|p| p.name.clone()).collect());
                        let args: Vec<ast::TypeExpr> = Vec::new();
                        let te = ast::TypeExpr {
                            kind: ast::TypeExprKind::Named {
                                name: d.name.clone(),
                                args,
                            },
                            span: d.name.span,
                        };
                        let key = if d.type_params.is_empty() {
                            d.name.name.clone()
                        } else {
                            format!(
                                "{}<{}>",
                                d.name.name,
                                d.type_params
                                    .iter()
                                    .map(|p| p.name.clone())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            )
                        };
                        let t = match env_type_of(&mut c, &te, d) {
                            Some(t) => t,
                            None => continue,
                        };
                        let var = c.bind(key, t);
                        c.mode = Mode::Predicate;
                        let mut p = c.expr(inv, Some(&Type::Bool));
                        c.expect_bool(&p.ty, inv.span, "E120", "A data invariant");
                        let zonk = |t: &Type| c.zonk(t).zonk(&|_| Some(Type::Unit));
                        zonk_expr(&mut p, &zonk);
                        let locals = c
                            .locals
                            .iter()
                            .map(|l| tir::Local {
                                key: l.key.clone(),
                                ty: zonk(&l.ty),
                            })
                            .collect();
                        let text =
                            format!("invariant({})", sources.get(inv.span.file).slice(inv.span));
                        let id = var_adt(&c, d);
                        if let Some(id) = id {
                            c.env.adts[id].invariant = Some(tir::Invariant {
                                locals,
                                var,
                                expr: p,
                                text,
                            });
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

fn var_adt(c: &FnChecker, d: &ast::DataDecl) -> Option<types::AdtId> {
    c.env.adts.position(|a| a.name == d.name.name)
}

fn env_type_of(c: &mut FnChecker, _te: &ast::TypeExpr, d: &ast::DataDecl) -> Option<Type> {
    let id = c.env.adts.position(|a| a.name == d.name.name)?;
    Some(Type::Adt(
        id,
        d.type_params
            .iter()
            .map(|p| Type::Var(p.name.clone()))
            .collect(),
    ))
}

fn check_fn(
    env: &mut Env,
    id: tir::FnId,
    module: usize,
    decl: &ast::FnDecl,
    sources: &SourceMap,
) -> Function {
    let sig = env.fns[id].clone();
    let mut c = FnChecker::new(env, module, Some(&sig));
    c.sources = Some(sources);
    let params: Vec<tir::LocalId> = sig
        .param_keys
        .iter()
        .zip(&sig.params)
        .map(|(k, t)| c.bind(k.clone(), t.clone()))
        .collect();
    let contract =
        |c: &mut FnChecker, e: &ast::Expr, mode: Mode, word: &str, code: &'static str| {
            let t = c.pure_context(mode, |c| c.expr(e, Some(&Type::Bool)));
            c.expect_bool(&t.ty, e.span, code, &format!("A {} clause", word));
            Contract {
                expr: t,
                text: format!(
                    "{}({})",
                    word,
                    one_line(sources.get(e.span.file).slice(e.span))
                ),
            }
        };
    let requires: Vec<Contract> = decl
        .requires
        .iter()
        .map(|e| contract(&mut c, e, Mode::Requires, "requires", "E123"))
        .collect();
    let ensures: Vec<Contract> = decl
        .ensures
        .iter()
        .map(|e| contract(&mut c, e, Mode::Ensures, "ensures", "E124"))
        .collect();
    let decreases: Vec<tir::Decreases> = decl
        .decreases
        .iter()
        .map(|measures| {
            let measures: Vec<tir::Expr> = measures
                .iter()
                .map(|m| c.pure_context(Mode::Predicate, |c| c.expr(m, None)))
                .collect();
            let span = match (decl.decreases.first(), measures.first()) {
                (Some(_), Some(m)) => m.span,
                _ => decl.span,
            };
            let text = measures
                .iter()
                .map(|m| sources.get(m.span.file).slice(m.span).to_string())
                .collect::<Vec<_>>()
                .join(", ");
            tir::Decreases {
                measures,
                text: format!("decreases({})", text),
                span,
            }
        })
        .collect();
    let mut refinements: Vec<(tir::LocalId, tir::Refinement)> = decl
        .params
        .iter()
        .zip(&params)
        .filter_map(|(te, &local)| c.refinement_of(te).map(|r| (local, r)))
        .collect();
    let ret_refinement = c.refinement_of(&decl.ret);
    c.mode = Mode::Body;
    let body = c.expr(&decl.body, Some(&sig.ret));
    c.expect_return(&body.ty, &sig.ret, decl, &sig.name);
    let mut f = Function {
        name: sig.name.clone(),
        module: c.env.module_paths[module].clone(),
        signature: format!(
            "{}({} -> @{})",
            sig.name,
            sig.param_keys
                .iter()
                .map(|k| format!("@{}", k))
                .collect::<Vec<_>>()
                .join(", "),
            sig.ret_key
        ),
        root: module == 0,
        exported: module == 0 && sig.public,
        type_params: sig.type_params.clone(),
        params,
        ret: sig.ret.clone(),
        effects: sig.effects.clone(),
        requires,
        ensures,
        decreases,
        refinements: Vec::new(),
        ret_refinement,
        body,
        locals: IdVec::new(),
        span: decl.span,
    };
    refinements.append(&mut c.let_refinements);
    let zonk = |t: &Type| c.zonk(t).zonk(&|_| Some(Type::Unit));
    zonk_expr(&mut f.body, &zonk);
    for k in f.requires.iter_mut().chain(f.ensures.iter_mut()) {
        zonk_expr(&mut k.expr, &zonk);
    }
    for (_, r) in refinements.iter_mut() {
        zonk_expr(&mut r.pred, &zonk);
    }
    if let Some(r) = &mut f.ret_refinement {
        zonk_expr(&mut r.pred, &zonk);
    }
    for d in &mut f.decreases {
        d.measures.iter_mut().for_each(|m| zonk_expr(m, &zonk));
    }
    f.refinements = refinements;
    f.locals = c
        .locals
        .iter()
        .map(|l| tir::Local {
            key: l.key.clone(),
            ty: zonk(&l.ty),
        })
        .collect();
    f
}

impl FnChecker<'_> {
    fn set_type_vars(&mut self, vars: Vec<String>) {
        self.type_vars_mut().extend(vars);
    }

    fn expect_bool(
        &mut self,
        actual: &Type,
        span: crate::source::Span,
        code: &'static str,
        what: &str,
    ) {
        self.expect(actual, &Type::Bool, span, code, what);
    }

    fn expect_return(&mut self, actual: &Type, ret: &Type, decl: &ast::FnDecl, name: &str) {
        let tail_span = match &decl.body.kind {
            ast::ExprKind::Block { tail, .. } => tail.span,
            _ => decl.body.span,
        };
        let what = format!("The body of `{}` (its last expression)", name);
        self.expect(actual, ret, tail_span, "E121", &what);
    }
}

/// Replace inference variables everywhere in an expression.
fn zonk_expr(e: &mut tir::Expr, z: &dyn Fn(&Type) -> Type) {
    e.ty = z(&e.ty);
    for t in e.node_types_mut() {
        *t = z(t);
    }
    if let tir::ExprKind::Lambda(l) = &mut e.kind {
        if let Some(r) = &mut l.ret_refinement {
            zonk_expr(&mut r.pred, z);
        }
    }
    for c in e.children_mut() {
        crate::deep(|| zonk_expr(c, z));
    }
}

/// A clause written over several lines, as one line: each line break and the
/// indentation after it become one space (messages and WAT comments quote it).
fn one_line(text: &str) -> String {
    let mut lines = text.lines();
    let mut out = lines.next().unwrap_or("").trim_end().to_string();
    for l in lines {
        out.push(' ');
        out.push_str(l.trim());
    }
    out
}
