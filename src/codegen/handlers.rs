//! Effect handlers. `State<T>` is a cell saved and restored around the body;
//! `Exn<E>` is a `try_table` catching the type's exception tag. A user-defined
//! effect whose clauses all end in `resume(v)` is a table of functions:
//! performing an operation calls the clause of the nearest enclosing handler,
//! found through a global that each `handle` sets and restores, and `resume(v)`
//! is simply returning `v`.

use super::func::FnEmitter;
use super::layout::{is_pointer, val_type};
use super::wat::{a, c, get, i32c, n, set, W};
use crate::check::tir::{self, Expr, ExprKind as K};
use crate::check::types::{Effect, Type};
use crate::diagnostics::Diagnostic;

impl FnEmitter<'_, '_> {
    pub(super) fn handle(&mut self, h: &tir::Handle, ty: &Type) -> Vec<W> {
        let Effect::Named { name, args } = &h.effect else {
            unreachable!()
        };
        let args: Vec<Type> = args.iter().map(|t| self.ty(t)).collect();
        match name.as_str() {
            "State" => self.handle_state(h, &args[0], ty),
            "Exn" => self.handle_exn(h, &args[0], ty),
            _ => self.handle_user(h, name, &args, ty),
        }
    }

    /// State lives in a host cell: save the outer value, set the initial one,
    /// run the body, restore the outer value.
    pub(super) fn handle_state(&mut self, h: &tir::Handle, st: &Type, ty: &Type) -> Vec<W> {
        let vt = val_type(st).unwrap_or("i32");
        let saved = self.temp("outer_state", vt);
        let outer = self.state_get(st);
        let mut out = vec![
            c(format!(
                "handle[State<{}>]: save the outer state, set the initial one",
                self.gen.type_name(st)
            )),
            set(&saved, outer),
        ];
        if is_pointer(st) && self.frame.is_some() {
            // The saved outer value must survive collections in the body.
            out.push(n("call $gc_push", vec![get(&saved)]));
        }
        if let Some((_, init)) = &h.state {
            let v = self.value(init);
            out.push(self.state_put(st, v));
        }
        let body = self.expr(&h.body, false);
        match val_type(ty) {
            Some(rvt) => {
                let result = self.temp("handled", rvt);
                let v = self.single(body, ty);
                out.push(set(&result, v));
                out.push(self.state_put(st, get(&saved)));
                out.push(get(&result));
            }
            None => {
                out.extend(body);
                out.push(self.state_put(st, get(&saved)));
            }
        }
        vec![self.single(out, ty)]
    }

    /// `throw` unwinds to the `try_table` of the nearest handler for its type.
    pub(super) fn handle_exn(&mut self, h: &tir::Handle, et: &Type, ty: &Type) -> Vec<W> {
        let tag = self.gen.exn_tag(et);
        let label = self.temp_label("handled");
        let caught = self.temp_label("caught");
        let result = val_type(ty).map(|vt| a(format!("(result {})", vt)));
        let mut try_args: Vec<W> = result.iter().cloned().collect();
        try_args.push(a(format!("(catch {} {})", tag, caught)));
        try_args.extend(self.expr(&h.body, false));
        let mut inner: Vec<W> = vec![a(caught.clone())];
        if let Some(vt) = val_type(et) {
            inner.push(a(format!("(result {})", vt)));
        }
        inner.push(n("try_table", try_args));
        inner.push(c("no throw: the body's value is the handle's value"));
        inner.push(n(format!("br {}", label), vec![]));
        let mut outer: Vec<W> = vec![a(label.clone())];
        outer.extend(result);
        let shown = self.gen.type_name(et);
        outer.push(c(format!(
            "handle[Exn<{}>]: a throw of {} in the body lands in {}",
            shown, shown, caught
        )));
        outer.push(n("block", inner));
        outer.push(c("thrown: run the clause with the thrown value"));
        // The thrown value is on the stack: bind it to the clause's parameter.
        let clause = &h.clauses[0];
        let caught_local = clause.params.first().and_then(|&p| self.local(p));
        match &caught_local {
            Some(l) => outer.push(n(format!("local.set {}", l), vec![])),
            None if val_type(et).is_some() => outer.push(n("drop", vec![])),
            None => {}
        }
        // A throw skipped the frames it unwound: drop their shadow-stack entries,
        // then root the thrown value, which only this frame now holds.
        if let Some(frame) = self.frame.clone() {
            outer.push(n("global.set $gc_sp", vec![get(&frame)]));
            if let (Some(l), true) = (&caught_local, is_pointer(et)) {
                outer.push(n("call $gc_push", vec![get(l)]));
            }
        }
        outer.extend(self.expr(&clause.body, false));
        vec![n("block", outer)]
    }

    pub(super) fn handler_global(&mut self, name: &str, args: &[Type]) -> String {
        let mut g = format!("$handler.{}", name);
        if !args.is_empty() {
            g = format!(
                "{}<{}>",
                g,
                args.iter()
                    .map(|t| self.gen.type_name(t))
                    .collect::<Vec<_>>()
                    .join("|")
            );
        }
        self.gen.handler_globals.insert(g.clone());
        g
    }

    pub fn perform_user(
        &mut self,
        name: &str,
        eargs: &[Type],
        op: usize,
        op_name: &str,
        vals: Vec<W>,
        ty: &Type,
    ) -> Vec<W> {
        let global = self.handler_global(name, eargs);
        let (params, ret) = self.op_signature(name, eargs, op);
        let sig = self.gen.closure_type(&params, &ret);
        let clo = self.temp("clause", "i32");
        let msg = format!(
            "Unhandled effect operation {}.{} in {}: no enclosing handle[{}]",
            name, op_name, self.display, name
        );
        let fail = self.fail(&msg);
        let mut args = vec![get(&clo)];
        args.extend(vals);
        args.push(n("i32.load", vec![get(&clo)]));
        let call = n(format!("call_indirect (type {})", sig), args);
        let out = vec![
            c(format!(
                "{}.{}: call the clause of the innermost handler",
                name, op_name
            )),
            n(
                "if",
                vec![
                    n("i32.eqz", vec![n(format!("global.get {}", global), vec![])]),
                    n("then", fail),
                ],
            ),
            set(
                &clo,
                n(
                    format!("i32.load offset={}", 8 + 4 * op),
                    vec![n(format!("global.get {}", global), vec![])],
                ),
            ),
            call,
        ];
        vec![self.single(out, ty)]
    }

    pub(super) fn op_signature(&self, name: &str, eargs: &[Type], op: usize) -> (Vec<Type>, Type) {
        let def = self
            .gen
            .program
            .effects
            .iter()
            .find(|e| e.name == name)
            .unwrap();
        let map = |v: &str| {
            def.type_params
                .iter()
                .position(|p| p == v)
                .and_then(|i| eargs.get(i).cloned())
        };
        let o = &def.ops[op];
        (
            o.params.iter().map(|p| p.subst(&map)).collect(),
            o.ret.subst(&map),
        )
    }

    pub fn handle_user(
        &mut self,
        h: &tir::Handle,
        name: &str,
        eargs: &[Type],
        ty: &Type,
    ) -> Vec<W> {
        if h.state.is_some()
            || h.clauses
                .iter()
                .any(|cl| cl.update.is_some() || !resumes_in_tail(&cl.body))
        {
            self.gen.diags.push(
                Diagnostic::error(
                    "E603",
                    h.body.span,
                    format!("This handler for {} cannot be compiled yet: only handlers without state whose clauses all end in resume(...) are supported for user-defined effects.", name),
                )
                .fix("End every clause with resume(value), or use State<T> / Exn<E> for state and early exit.")
                .spec("Chapter 7, Section 7.5"),
            );
            return vec![a("unreachable")];
        }
        let global = self.handler_global(name, eargs);
        self.gen.use_prelude("gc");
        let table = self.temp("handler", "i32");
        let saved = self.temp("outer_handler", "i32");
        let count = h.clauses.len();
        let alloc = n("call $alloc", vec![i32c(8 + 4 * count as i64), i32c(0)]);
        let mut out = vec![
            c(format!("handle[{}]: install a table of its clauses", name)),
            set(&saved, n(format!("global.get {}", global), vec![])),
            set(&table, n("call $gc_keep", vec![alloc])),
        ];
        for cl in &h.clauses {
            let (params, ret) = self.op_signature(name, eargs, cl.op);
            let lambda = tir::Lambda {
                params: cl.params.clone(),
                ret: ret.clone(),
                effects: vec![],
                body: strip_resume(&cl.body, &ret),
            };
            let _ = params;
            let clo = self.closure_value(&lambda);
            out.push(n(
                format!("i32.store offset={}", 8 + 4 * cl.op),
                vec![get(&table), clo],
            ));
        }
        out.push(n(format!("global.set {}", global), vec![get(&table)]));
        let body = self.expr(&h.body, false);
        match val_type(ty) {
            Some(vt) => {
                let result = self.temp("handled", vt);
                let v = self.single(body, ty);
                out.push(set(&result, v));
                out.push(n(format!("global.set {}", global), vec![get(&saved)]));
                out.push(get(&result));
            }
            None => {
                out.extend(body);
                out.push(n(format!("global.set {}", global), vec![get(&saved)]));
            }
        }
        vec![self.single(out, ty)]
    }

    pub(super) fn closure_value(&mut self, l: &tir::Lambda) -> W {
        let e = Expr {
            kind: K::Lambda(Box::new(l.clone())),
            ty: Type::fun(vec![], Type::Unit, vec![]),
            span: l.body.span,
        };
        let ws = self.expr(&e, false);
        self.single(ws, &Type::Bool)
    }
}

/// Whether every way out of a clause body is `resume(...)`.
fn resumes_in_tail(e: &Expr) -> bool {
    match &e.kind {
        K::Resume(_) => true,
        K::Block { tail, .. } => resumes_in_tail(tail),
        K::If {
            then_branch,
            else_branch,
            ..
        } => resumes_in_tail(then_branch) && resumes_in_tail(else_branch),
        K::Match { arms, .. } => arms.iter().all(|a| resumes_in_tail(&a.body)),
        _ => false,
    }
}

/// The clause body as a function returning the resumed value.
fn strip_resume(e: &Expr, ret: &Type) -> Expr {
    let kind = match &e.kind {
        K::Resume(v) => return (**v).clone(),
        K::Block { stmts, tail } => K::Block {
            stmts: stmts.clone(),
            tail: Box::new(strip_resume(tail, ret)),
        },
        K::If {
            cond,
            then_branch,
            else_branch,
        } => K::If {
            cond: cond.clone(),
            then_branch: Box::new(strip_resume(then_branch, ret)),
            else_branch: Box::new(strip_resume(else_branch, ret)),
        },
        K::Match { scrutinee, arms } => K::Match {
            scrutinee: scrutinee.clone(),
            arms: arms
                .iter()
                .map(|a| tir::Arm {
                    pattern: a.pattern.clone(),
                    body: strip_resume(&a.body, ret),
                })
                .collect(),
        },
        other => other.clone(),
    };
    Expr {
        kind,
        ty: ret.clone(),
        span: e.span,
    }
}
