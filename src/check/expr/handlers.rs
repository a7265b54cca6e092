//! Effect handlers, `resume`, and the contract-only `old`/`new`.

use super::*;

impl FnChecker<'_> {
    /// A `State<T>` handler is a cell (spec 6.7): `get` yields the state and
    /// `put(v)` replaces it, whatever the clauses say. A clause that says
    /// something else draws warning E339, since its code does not run.
    fn check_cell_clause(&mut self, c: &tir::Clause, op: &str, span: Span) {
        let resumed = match &strip_blocks(&c.body).kind {
            K::Resume(v) => Some(&strip_blocks(v).kind),
            _ => None,
        };
        let standard = match op {
            "get" => {
                c.update.is_none()
                    && matches!((resumed, c.state), (Some(K::Local(l)), Some(s)) if *l == s)
            }
            _ => {
                let stores_argument = match (&c.update, c.params.first()) {
                    (None, _) => true,
                    (Some(u), Some(p)) => matches!(&strip_blocks(u).kind, K::Local(l) if l == p),
                    (Some(_), None) => false,
                };
                matches!(resumed, Some(K::Unit)) && stores_argument
            }
        };
        if standard {
            return;
        }
        let form = if op == "get" {
            "get(@Unit) -> { resume(@T.0) }"
        } else {
            "put(@T) -> { resume(()) } with @T = @T.0"
        };
        self.env.diags.push(
            Diagnostic::warning(
                "E339",
                span,
                format!("This `{}` clause is not the standard one, and its code does not run: a State<T> handler is a cell, where `get` yields the current value and `put(v)` replaces it, whatever the clauses say.", op),
            )
            .fix(format!("Write the standard clause, `{}`, or declare an effect of your own for other behaviour.", form))
            .spec("Chapter 6, Section 6.7"),
        );
    }

    pub(super) fn handle(
        &mut self,
        h: &ast::Handle,
        span: Span,
        expected: Option<&Type>,
    ) -> (K, Type) {
        let vars = self.type_vars.clone();
        let Some(effect) = self
            .env
            .resolve_effect_ref(self.module, &h.effect, &vars, false)
        else {
            return (K::Unit, Type::Error);
        };
        let Effect::Named {
            id: eid,
            args: eargs,
        } = &effect
        else {
            unreachable!()
        };
        let eid = *eid;
        let ename = self.env.effects[eid].name.clone();
        let def_params = self.env.effects[eid].type_params.clone();
        let ops = self.env.effects[eid]
            .ops
            .iter()
            .map(|o| (o.name.clone(), o.params.clone(), o.ret.clone()))
            .collect::<Vec<_>>();
        let map = |v: &str| {
            def_params
                .iter()
                .position(|p| p == v)
                .and_then(|i| eargs.get(i).cloned())
        };
        let state = h.state.as_ref().map(|(te, init)| {
            let t = self.resolve(te);
            let i = self.expr(init, Some(&t));
            self.expect(&i.ty, &t, init.span, "E331", "The handler's initial state");
            (te.key(), t, i)
        });
        self.available.push(effect.clone());
        let body = self.expr(&h.body, expected);
        self.available.pop();
        // The handle has the type of its handled body (spec 6.5).
        let result = match expected {
            Some(want) => {
                let at = match &h.body.kind {
                    ast::ExprKind::Block { tail, .. } => tail.span,
                    _ => h.body.span,
                };
                self.expect(&body.ty, want, at, "E302", "The handled body");
                want.clone()
            }
            None => body.ty.clone(),
        };
        let mut clauses = Vec::new();
        for c in &h.clauses {
            let Some(op) = ops.iter().position(|o| o.0 == c.op.name) else {
                let names: Vec<String> = ops.iter().map(|o| o.0.clone()).collect();
                self.error(
                    "E332",
                    c.op.span,
                    format!(
                        "The effect {} has no operation `{}`; its operations are: {}.",
                        ename,
                        c.op.name,
                        names.join(", ")
                    ),
                    "Write one clause per operation of the effect.",
                    "Chapter 7, Section 7.5",
                );
                continue;
            };
            let mark = self.scope.len();
            let state_local = state
                .as_ref()
                .map(|(key, t, _)| self.bind(key.clone(), t.clone()));
            let op_params: Vec<Type> = ops[op].1.iter().map(|p| p.subst(&map)).collect();
            let op_ret = ops[op].2.subst(&map);
            if op_params.len() != c.params.len() {
                self.error(
                    "E203",
                    c.op.span,
                    format!(
                        "The operation `{}` takes {} parameter{}, but this clause binds {}.",
                        c.op.name,
                        op_params.len(),
                        plural(op_params.len()),
                        c.params.len()
                    ),
                    format!(
                        "{}({}) -> {{ ... }}",
                        c.op.name,
                        op_params
                            .iter()
                            .map(|t| format!("@{}", self.show(t)))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    "Chapter 7, Section 7.5",
                );
            }
            let mut params = Vec::new();
            for (i, p) in c.params.iter().enumerate() {
                let t = self.resolve(p);
                if let Some(want) = op_params.get(i) {
                    if !self.unify(want, &t) {
                        let (a, b) = (self.show(&t), self.show(want));
                        self.error(
                            "E204",
                            p.span,
                            format!(
                                "This clause parameter has type {}, but the operation passes {}.",
                                a, b
                            ),
                            format!("@{}", b),
                            "Chapter 7, Section 7.5",
                        );
                    }
                }
                params.push(self.bind(p.key(), t));
            }
            self.resume.push(ResumeCtx {
                arg: op_ret,
                result: result.clone(),
            });
            let cbody = self.expr(&c.body, Some(&result));
            self.expect(&cbody.ty, &result, c.body.span, "E302", "A handler clause");
            self.resume.pop();
            let update = c.update.as_ref().map(|(te, e)| {
                let v = match &state {
                    Some((key, t, _)) => {
                        if te.key() != *key {
                            self.error(
                                "E334",
                                te.span,
                                format!(
                                    "`with @{}` must name the handler's state type @{}.",
                                    te.key(),
                                    key
                                ),
                                format!("with @{} = ...", key),
                                "Chapter 7, Section 7.5",
                            );
                        }
                        let t = t.clone();
                        let v = self.expr(e, Some(&t));
                        self.expect(&v.ty, &t, e.span, "E335", "The new handler state");
                        v
                    }
                    None => {
                        self.error(
                            "E333",
                            te.span,
                            "`with` updates a handler's state, but this handler declares none.",
                            format!("handle[{}](@Int = 0) {{ ... }}", h.effect.key()),
                            "Chapter 7, Section 7.5",
                        );
                        self.expr(e, None)
                    }
                };
                v
            });
            self.scope.truncate(mark);
            if let Some(at) = misplaced_resume(&cbody, true)
                .or_else(|| update.as_ref().and_then(|u| misplaced_resume(u, false)))
            {
                self.error(
                    "E603",
                    at,
                    "This resume(...) is not the last thing its clause does: the clause goes on computing with what resume returns, which needs the rest of the handled body as a value (a continuation), and this compiler does not capture continuations.",
                    "End the clause with resume(value) in every branch that resumes (or do not resume, to end the handle with the clause's value), and do the remaining work inside the handled body.",
                    "Chapter 6, Section 6.6",
                );
            }
            clauses.push(tir::Clause {
                op,
                state: state_local,
                params,
                body: cbody,
                update,
            });
        }
        if eid == EffectId::STATE {
            for (c, ast_clause) in clauses.iter().zip(&h.clauses) {
                self.check_cell_clause(c, &ops[c.op].0, ast_clause.op.span);
            }
        }
        for (i, (opname, _, _)) in ops.iter().enumerate() {
            if !clauses.iter().any(|c| c.op == i) && !h.clauses.iter().any(|c| c.op.name == *opname)
            {
                self.error(
                    "E338",
                    span,
                    format!(
                        "This handler for {} has no clause for the operation `{}`.",
                        ename, opname
                    ),
                    format!("{}(...) -> {{ resume(...) }}", opname),
                    "Chapter 7, Section 7.5",
                );
            }
        }
        let state = state.map(|(_, t, init)| (t, init));
        (
            K::Handle(Box::new(tir::Handle {
                effect,
                state,
                clauses,
                body,
            })),
            result,
        )
    }

    pub(super) fn old_new(&mut self, old: bool, r: &ast::EffectRef, span: Span) -> (K, Type) {
        let word = if old { "old" } else { "new" };
        if self.mode != Mode::Ensures {
            self.error(
                if old { "E174" } else { "E175" },
                span,
                format!("{}(...) refers to the state {} the function runs; it is only valid in ensures(...) clauses.", word, if old { "before" } else { "after" }),
                "ensures(new(State<Int>) == old(State<Int>) + 1)",
                "Chapter 7, Section 7.9.2",
            );
            return (K::Unit, Type::Error);
        }
        let vars = self.type_vars.clone();
        let Some(effect) = self.env.resolve_effect_ref(self.module, r, &vars, false) else {
            return (K::Unit, Type::Error);
        };
        let Effect::Named { id, args } = &effect else {
            return (K::Unit, Type::Error);
        };
        if *id != EffectId::STATE || !self.effect_in(&effect, &self.declared.clone()) {
            let shown = r.key();
            self.error(
                "E176",
                span,
                format!(
                    "{}({}) needs the function to declare the State effect {} in its row.",
                    word, shown, shown
                ),
                format!("effects(<{}>)", shown),
                "Chapter 7, Section 7.9.2",
            );
            return (K::Unit, Type::Error);
        }
        let t = args[0].clone();
        (
            if old {
                K::Old(t.clone())
            } else {
                K::New(t.clone())
            },
            t,
        )
    }

    pub(super) fn resume_expr(&mut self, arg: &ast::Expr, span: Span) -> (K, Type) {
        let Some(ctx) = self.resume.last().cloned() else {
            self.error("E336", span, "resume(...) continues the computation a handler interrupted, so it is only valid inside a handler clause.", "handle[State<Int>](@Int = 0) {\n  get(@Unit) -> { resume(@Int.0) },\n  put(@Int) -> { resume(()) }\n} in { ... }", "Chapter 7, Section 7.5");
            self.expr(arg, None);
            return (K::Unit, Type::Error);
        };
        let a = self.expr(arg, Some(&ctx.arg));
        self.expect(
            &a.ty,
            &ctx.arg,
            arg.span,
            "E337",
            "The value passed to resume (the operation's result)",
        );
        (K::Resume(Box::new(a)), ctx.result)
    }
}

/// The first `resume` of a clause that is not in tail position (reached from
/// the clause body through block tails, `if` branches and `match` arms). The
/// clauses of a nested `handle` are skipped: their resumes are theirs.
fn misplaced_resume(e: &tir::Expr, tail: bool) -> Option<Span> {
    match &e.kind {
        K::Resume(arg) if tail => misplaced_resume(arg, false),
        K::Resume(_) => Some(e.span),
        K::Block { stmts, tail: last } => stmts
            .iter()
            .find_map(|s| misplaced_resume(s.value(), false))
            .or_else(|| misplaced_resume(last, tail)),
        K::If {
            cond,
            then_branch,
            else_branch,
        } => misplaced_resume(cond, false)
            .or_else(|| misplaced_resume(then_branch, tail))
            .or_else(|| misplaced_resume(else_branch, tail)),
        K::Match { scrutinee, arms } => misplaced_resume(scrutinee, false)
            .or_else(|| arms.iter().find_map(|a| misplaced_resume(&a.body, tail))),
        K::Handle(h) => h
            .state
            .iter()
            .find_map(|(_, init)| misplaced_resume(init, false))
            .or_else(|| misplaced_resume(&h.body, false)),
        _ => e
            .children()
            .into_iter()
            .find_map(|c| misplaced_resume(c, false)),
    }
}

/// `e` without enclosing blocks that have no statements.
fn strip_blocks(e: &tir::Expr) -> &tir::Expr {
    match &e.kind {
        K::Block { stmts, tail } if stmts.is_empty() => strip_blocks(tail),
        _ => e,
    }
}
