//! Calls: functions, built-ins, closures, effect operations, module-qualified
//! calls and constructors.

use super::*;

impl FnChecker<'_> {
    // ----- calls -----------------------------------------------------------------------

    pub(super) fn call(
        &mut self,
        name: &ast::Ident,
        args: &[ast::Expr],
        span: Span,
        expected: Option<&Type>,
    ) -> (K, Type) {
        let n = name.name.as_str();
        if n == "apply_fn" {
            return self.apply(args, span);
        }
        let func = self
            .local_fns
            .get(n)
            .or_else(|| self.env.scopes[self.module].fns.get(n))
            .copied();
        if let Some(id) = func {
            return self.call_fn(id, args, span, expected);
        }
        if let Some(modules) = self.env.scopes[self.module].clashing_fns.get(n).cloned() {
            self.env
                .diags
                .push(collision("E608", "function", n, name.span, &modules));
            for a in args {
                self.expr(a, None);
            }
            return (K::Unit, Type::Error);
        }
        if let Some(result) = self.effect_op(None, name, args, span, expected, true) {
            return result;
        }
        if let Some(result) = self.builtin(n, args, span) {
            return result;
        }
        if let Some(result) = self.effect_op(None, name, args, span, expected, false) {
            return result;
        }
        let mut known: Vec<String> = self.env.scopes[self.module].fns.keys().cloned().collect();
        known.extend(self.local_fns.keys().cloned());
        known.extend(BUILTINS.iter().map(|(n, _)| n.to_string()));
        let hint = suggest(n, &known)
            .map(|s| format!(" Did you mean `{}`?", s))
            .unwrap_or_default();
        self.error(
            "E200",
            name.span,
            format!("Unknown function `{}`: it is not declared in this module, imported, or built in.{}", n, hint),
            format!("Declare it:\n\n  private fn {}(@Int -> @Int)\n    requires(true)\n    ensures(true)\n    effects(pure)\n  {{\n    @Int.0\n  }}\n\nor import it: import some.module({});", n, n),
            SPEC_CALLS,
        );
        for a in args {
            self.expr(a, None);
        }
        (K::Unit, Type::Error)
    }

    pub fn call_fn(
        &mut self,
        id: FnId,
        args: &[ast::Expr],
        span: Span,
        _expected: Option<&Type>,
    ) -> (K, Type) {
        let sig = self.env.fns[id].clone();
        let metas: Vec<Type> = sig.type_params.iter().map(|_| self.fresh()).collect();
        let map = |v: &str| {
            sig.type_params
                .iter()
                .position(|p| p == v)
                .map(|i| metas[i].clone())
        };
        let params: Vec<Type> = sig.params.iter().map(|p| p.subst(&map)).collect();
        let targs = self.check_args(&sig.name, &params, args, span, "E201", "E202");
        let ret = sig.ret.subst(&map);
        // Effect variables of the callee take the effects of the function arguments.
        let mut effects = Vec::new();
        for e in &sig.effects {
            match e {
                Effect::Var(v) => {
                    for (p, a) in sig.params.iter().zip(&targs) {
                        if let (Type::Fn(pf), Type::Fn(af)) = (p, &self.zonk(&a.ty)) {
                            if pf.effects.contains(&Effect::Var(v.clone())) {
                                effects.extend(af.effects.iter().cloned());
                            }
                        }
                    }
                }
                named => effects.push(named.subst(&map)),
            }
        }
        for e in effects {
            self.require_effect(&e, span, &format!("the call to `{}`", sig.name));
        }
        (
            K::Call {
                func: id,
                type_args: metas,
                args: targs,
            },
            ret,
        )
    }

    pub(super) fn check_args(
        &mut self,
        what: &str,
        params: &[Type],
        args: &[ast::Expr],
        span: Span,
        arity_code: &'static str,
        type_code: &'static str,
    ) -> Vec<tir::Expr> {
        if params.len() != args.len() {
            let shown: Vec<String> = params
                .iter()
                .map(|p| format!("@{}", self.show(p)))
                .collect();
            self.error(
                arity_code,
                span,
                format!(
                    "`{}` takes {} argument{} ({}), but {} {} given.",
                    what,
                    params.len(),
                    plural(params.len()),
                    shown.join(", "),
                    args.len(),
                    if args.len() == 1 { "is" } else { "are" }
                ),
                format!(
                    "Pass exactly {} argument{}: {}({})",
                    params.len(),
                    plural(params.len()),
                    what,
                    params
                        .iter()
                        .map(|p| example_value(&self.zonk(p)))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                SPEC_CALLS,
            );
        }
        let mut out = Vec::new();
        for (i, a) in args.iter().enumerate() {
            let want = params.get(i).cloned();
            let t = self.expr(a, want.as_ref());
            if let Some(w) = want {
                if !self.unify(&t.ty, &w) {
                    let (got, exp) = (self.show(&t.ty), self.show(&w));
                    self.error(
                        type_code,
                        a.span,
                        format!(
                            "Argument {} of `{}` must have type {}, but it has type {}.",
                            i + 1,
                            what,
                            exp,
                            got
                        ),
                        conversion_hint(&self.zonk(&t.ty), &self.zonk(&w)),
                        SPEC_CALLS,
                    );
                }
            }
            out.push(t);
        }
        out
    }

    pub(super) fn apply(&mut self, args: &[ast::Expr], span: Span) -> (K, Type) {
        let Some((first, rest)) = args.split_first() else {
            self.error(
                "E201",
                span,
                "apply_fn needs a function value and its arguments.",
                "apply_fn(@IntToInt.0, 5)",
                "Chapter 5, Section 5.7",
            );
            return (K::Unit, Type::Error);
        };
        let callee = self.expr(first, None);
        let ft = self.zonk(&callee.ty);
        let Type::Fn(f) = ft else {
            if !ft.is_error() {
                let s = self.show(&ft);
                self.error("E202", first.span, format!("The first argument of apply_fn must be a function value, but it has type {}.", s), "apply_fn(@IntToInt.0, 5)", "Chapter 5, Section 5.7");
            }
            for a in rest {
                self.expr(a, None);
            }
            return (K::Unit, Type::Error);
        };
        let targs = self.check_args("apply_fn", &f.params, rest, span, "E201", "E202");
        for e in &f.effects {
            self.require_effect(e, span, "calling this function value");
        }
        (
            K::Apply {
                callee: Box::new(callee),
                args: targs,
            },
            f.ret.clone(),
        )
    }

    pub(super) fn builtin(
        &mut self,
        name: &str,
        args: &[ast::Expr],
        span: Span,
    ) -> Option<(K, Type)> {
        let (_, b) = BUILTINS.iter().find(|(n, _)| *n == name)?;
        if *b == Builtin::Length {
            let targs: Vec<tir::Expr> = args.iter().map(|a| self.expr(a, None)).collect();
            let ok = targs.len() == 1
                && matches!(
                    self.zonk(&targs[0].ty),
                    Type::Array(_) | Type::String | Type::Error
                );
            if !ok {
                self.error(
                    "E202",
                    span,
                    "length takes one argument: an Array<T> or a String.",
                    "length(@Array<Int>.0)",
                    "Chapter 9, Section 9.6.1",
                );
            }
            return Some((
                K::Builtin {
                    builtin: *b,
                    args: targs,
                },
                Type::Int,
            ));
        }
        let (params, ret) = builtin_signature(*b);
        let targs = self.check_args(name, &params, args, span, "E201", "E202");
        Some((
            K::Builtin {
                builtin: *b,
                args: targs,
            },
            ret,
        ))
    }

    /// An effect operation called as `op(args)` (qualifier `None`) or `Effect.op(args)`.
    /// With `only_available`, only effects available here are considered.
    pub(super) fn effect_op(
        &mut self,
        qualifier: Option<&str>,
        name: &ast::Ident,
        args: &[ast::Expr],
        span: Span,
        expected: Option<&Type>,
        only_available: bool,
    ) -> Option<(K, Type)> {
        let mut candidates: Vec<Effect> = Vec::new();
        let pool: Vec<Effect> = if only_available {
            self.available.clone()
        } else {
            let scope = &self.env.scopes[self.module].effects;
            let mut ids: Vec<EffectId> = scope.values().copied().collect();
            ids.sort();
            ids.into_iter()
                .map(|id| {
                    let def = &self.env.effects[id];
                    let args: Vec<Type> = def.type_params.iter().map(|_| Type::Error).collect();
                    Effect::Named { id, args }
                })
                .collect()
        };
        for e in pool {
            let Effect::Named { id, .. } = &e else {
                continue;
            };
            let id = *id;
            let scope = &self.env.scopes[self.module].effects;
            if qualifier.is_some_and(|q| scope.get(q) != Some(&id)) {
                continue;
            }
            if self.env.effects[id].ops.iter().any(|o| o.name == name.name) {
                candidates.push(e.clone());
            }
        }
        // The same effect twice (nested handlers of one State<T>) is one candidate.
        candidates.dedup();
        if candidates.is_empty() {
            return None;
        }
        let targs: Vec<tir::Expr>;
        let chosen;
        if candidates.len() == 1 {
            chosen = candidates.remove(0);
            let (params, _) = self.op_types(&chosen, &name.name);
            targs = self.check_args(&name.name, &params, args, span, "E203", "E204");
        } else {
            // Several instances (State<Int>, State<String>, nested Exn handlers):
            // the innermost one whose operation fits the arguments and the context.
            targs = args.iter().map(|a| self.expr(a, None)).collect();
            let arg_tys: Vec<Type> = targs.iter().map(|a| self.zonk(&a.ty)).collect();
            let exp = expected.map(|t| self.zonk(t));
            let same = |a: &Type, b: &Type| {
                a == b
                    || matches!((a, b), (Type::Int | Type::Nat, Type::Int | Type::Nat))
                    || matches!(a, Type::Error | Type::Never)
            };
            let pick = candidates.iter().rposition(|c| {
                let (params, ret) = self.op_types(c, &name.name);
                let args_fit = params.len() == arg_tys.len()
                    && params.iter().zip(&arg_tys).all(|(p, a)| same(a, p));
                let ret_fits = match (&exp, &ret) {
                    (None, _) | (_, Type::Never) => true,
                    (Some(e), r) => same(r, e) || matches!(e, Type::Meta(_)),
                };
                args_fit && ret_fits
            });
            chosen = candidates.remove(pick.unwrap_or(candidates.len() - 1));
            let (params, _) = self.op_types(&chosen, &name.name);
            for (i, (t, p)) in targs.iter().zip(&params).enumerate() {
                if !self.unify(&t.ty, p) {
                    let (got, want) = (self.show(&t.ty), self.show(p));
                    self.error(
                        "E204",
                        t.span,
                        format!(
                            "Argument {} of `{}` must have type {}, but it has type {}.",
                            i + 1,
                            name.name,
                            want,
                            got
                        ),
                        "Pass a value of the operation's parameter type.",
                        SPEC_CALLS,
                    );
                }
            }
        }
        let (_, ret) = self.op_types(&chosen, &name.name);
        let Effect::Named { id, .. } = &chosen else {
            unreachable!()
        };
        let id = *id;
        let ename = self.env.effects[id].name.clone();
        let op = self.env.effects[id]
            .ops
            .iter()
            .position(|o| o.name == name.name)
            .unwrap();
        let what = format!("the operation {}.{}", ename, name.name);
        self.require_effect(&chosen, span, &what);
        Some((
            K::Perform {
                effect: chosen,
                op,
                op_name: name.name.clone(),
                args: targs,
            },
            ret,
        ))
    }

    pub(super) fn op_types(&self, effect: &Effect, op: &str) -> (Vec<Type>, Type) {
        let Effect::Named { id, args } = effect else {
            return (vec![], Type::Error);
        };
        let def = &self.env.effects[*id];
        let o = def.ops.iter().find(|o| o.name == op).unwrap();
        let map = |v: &str| {
            def.type_params
                .iter()
                .position(|p| p == v)
                .and_then(|i| args.get(i).cloned())
        };
        (
            o.params.iter().map(|p| p.subst(&map)).collect(),
            o.ret.subst(&map),
        )
    }

    pub(super) fn qualified_call(
        &mut self,
        qualifier: &ast::Ident,
        name: &ast::Ident,
        args: &[ast::Expr],
        span: Span,
        expected: Option<&Type>,
    ) -> (K, Type) {
        let q = qualifier.name.as_str();
        if let Some(r) = self.effect_op(Some(q), name, args, span, expected, true) {
            return r;
        }
        if let Some(r) = self.effect_op(Some(q), name, args, span, expected, false) {
            return r;
        }
        let known_effect = self.env.scopes[self.module].effects.contains_key(q);
        let msg = if known_effect {
            format!("The effect `{}` has no operation `{}`.", q, name.name)
        } else {
            format!("`{}.{}` is not an effect operation: `{}` is not an effect in scope. Qualified calls name an effect, as in IO.print(...).", q, name.name, q)
        };
        self.error(
            "E220",
            span,
            msg,
            "IO.print(\"text\")   -- or, for a function of another module: vera.math::abs(-5)",
            SPEC_EFFECTS,
        );
        for a in args {
            self.expr(a, None);
        }
        (K::Unit, Type::Error)
    }

    pub(super) fn module_call(
        &mut self,
        path: &ast::ModulePath,
        name: &ast::Ident,
        args: &[ast::Expr],
        span: Span,
        expected: Option<&Type>,
    ) -> (K, Type) {
        let dotted = path.dotted();
        let target = self
            .env
            .module_paths
            .iter()
            .position(|p| *p == dotted)
            .filter(|&m| m != self.module || dotted.is_empty());
        let Some(m) = target else {
            self.error(
                "E231",
                path.span,
                format!(
                    "Module `{}` is not imported here, so `{}::{}` cannot be called.",
                    dotted, dotted, name.name
                ),
                format!("import {};", dotted),
                "Chapter 8, Section 8.5.3",
            );
            for a in args {
                self.expr(a, None);
            }
            return (K::Unit, Type::Error);
        };
        let found = self.env.scopes[m]
            .fns
            .get(&name.name)
            .copied()
            .filter(|&id| self.env.fns[id].module == m);
        match found {
            Some(id) if self.env.fns[id].public => self.call_fn(id, args, span, expected),
            Some(_) => {
                self.error(
                    "E232",
                    name.span,
                    format!("`{}` is private in module `{}`.", name.name, dotted),
                    format!("Declare it `public` in {}.", dotted),
                    "Chapter 8, Section 8.4",
                );
                (K::Unit, Type::Error)
            }
            None => {
                self.error(
                    "E233",
                    name.span,
                    format!("Module `{}` has no function `{}`.", dotted, name.name),
                    format!("Check the name; {}::<function>(...)", dotted),
                    "Chapter 8, Section 8.5.3",
                );
                (K::Unit, Type::Error)
            }
        }
    }

    pub(super) fn construct(
        &mut self,
        name: &ast::Ident,
        args: &[ast::Expr],
        parens: bool,
        span: Span,
        expected: Option<&Type>,
    ) -> (K, Type) {
        if name.name == "Tuple" && !self.env.scopes[self.module].ctors.contains_key("Tuple") {
            let want: Vec<Option<Type>> = match expected.map(|t| self.zonk(t)) {
                Some(Type::Tuple(ts)) if ts.len() == args.len() => {
                    ts.into_iter().map(Some).collect()
                }
                _ => vec![None; args.len()],
            };
            let items: Vec<tir::Expr> = args
                .iter()
                .zip(&want)
                .map(|(a, w)| self.expr(a, w.as_ref()))
                .collect();
            // A component that fits its expected type takes that type: `Tuple(@Nat.0, 1)`
            // where a Tuple<Int, Int> is wanted is a Tuple<Int, Int> (no variance, 2.9).
            let tys: Vec<Type> = items
                .iter()
                .zip(&want)
                .map(|(i, w)| match w {
                    Some(w) if self.unify(&i.ty, w) => w.clone(),
                    _ => i.ty.clone(),
                })
                .collect();
            let ty = Type::Tuple(tys);
            return (K::Tuple(items), ty);
        }
        let Some((adt, tag)) = self.lookup_ctor(name, "E210", "") else {
            for a in args {
                self.expr(a, None);
            }
            return (K::Unit, Type::Error);
        };
        let def = &self.env.adts[adt];
        let (tparams, fields) = (def.type_params.clone(), def.ctors[tag].fields.clone());
        let metas: Vec<Type> = tparams.iter().map(|_| self.fresh()).collect();
        let ty = Type::Adt(adt, metas.clone());
        if let Some(e) = expected {
            let e = e.clone();
            let mut probe = self.metas.clone();
            std::mem::swap(&mut probe, &mut self.metas);
            let fits = self.unify(&ty, &e);
            std::mem::swap(&mut probe, &mut self.metas);
            if fits {
                self.unify(&ty, &e);
            }
        }
        if fields.is_empty() && parens {
            self.error(
                "E211",
                span,
                format!(
                    "The constructor `{}` has no fields; write it without parentheses.",
                    name.name
                ),
                name.name.clone(),
                "Chapter 2, Section 2.4",
            );
        }
        if !fields.is_empty() && !parens {
            self.error(
                "E215",
                span,
                format!(
                    "The constructor `{}` takes {} field{}; give them in parentheses.",
                    name.name,
                    fields.len(),
                    plural(fields.len())
                ),
                format!(
                    "{}({})",
                    name.name,
                    fields
                        .iter()
                        .map(example_value)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                "Chapter 2, Section 2.4",
            );
            return (K::Unit, Type::Error);
        }
        let map = |v: &str| {
            tparams
                .iter()
                .position(|p| p == v)
                .map(|i| metas[i].clone())
        };
        let params: Vec<Type> = fields.iter().map(|f| f.subst(&map)).collect();
        let targs = if fields.is_empty() {
            Vec::new()
        } else {
            self.check_args(&name.name, &params, args, span, "E212", "E213")
        };
        (
            K::Construct {
                adt,
                type_args: metas,
                tag,
                args: targs,
            },
            ty,
        )
    }

    /// The data type and tag of a constructor name. An unknown name is reported
    /// with `unknown_code` (E210 in expressions, E320 in patterns); a name two
    /// imports both provide is E610.
    pub(super) fn lookup_ctor(
        &mut self,
        name: &ast::Ident,
        unknown_code: &'static str,
        context: &str,
    ) -> Option<(AdtId, usize)> {
        let scope = &self.env.scopes[self.module];
        if let Some(&found) = scope.ctors.get(&name.name) {
            return Some(found);
        }
        if let Some(modules) = scope.clashing_ctors.get(&name.name).cloned() {
            self.env.diags.push(collision(
                "E610",
                "constructor",
                &name.name,
                name.span,
                &modules,
            ));
            return None;
        }
        let known: Vec<String> = scope.ctors.keys().cloned().collect();
        let hint = suggest(&name.name, &known)
            .map(|s| format!(" Did you mean `{}`?", s))
            .unwrap_or_default();
        let (message, fix, spec) = if unknown_code == "E320" {
            (
                format!("Unknown constructor `{}`{}.{}", name.name, context, hint),
                "Use a constructor of the matched type.".to_string(),
                "Chapter 4, Section 4.9.1",
            )
        } else {
            (
                format!("Unknown constructor `{}`: no data type in scope has a constructor of this name.{}", name.name, hint),
                format!("Declare it in a data type:\n\n  private data MyType {{\n    {}(Int)\n  }}", name.name),
                "Chapter 2, Section 2.4",
            )
        };
        self.error(unknown_code, name.span, message, fix, spec);
        None
    }
}

pub const BUILTINS: &[(&str, Builtin)] = &[
    ("length", Builtin::Length),
    ("string_length", Builtin::StringLength),
    ("string_concat", Builtin::StringConcat),
    ("string_slice", Builtin::StringSlice),
    ("char_code", Builtin::CharCode),
    ("parse_nat", Builtin::ParseNat),
    ("parse_float64", Builtin::ParseFloat64),
    ("to_string", Builtin::IntToString),
    ("int_to_string", Builtin::IntToString),
    ("bool_to_string", Builtin::BoolToString),
    ("nat_to_string", Builtin::NatToString),
    ("byte_to_string", Builtin::ByteToString),
    ("float_to_string", Builtin::FloatToString),
    ("strip", Builtin::Strip),
    ("to_float", Builtin::ToFloat),
];

/// A built-in function's parameter and result types (`length` is generic:
/// its parameter is not listed).
pub(crate) fn builtin_signature(b: Builtin) -> (Vec<Type>, Type) {
    use Type::*;
    match b {
        Builtin::Length => (vec![], Int),
        Builtin::StringLength => (vec![String], Nat),
        Builtin::StringConcat => (vec![String, String], String),
        Builtin::StringSlice => (vec![String, Nat, Nat], String),
        Builtin::CharCode => (vec![String, Int], Nat),
        Builtin::ParseNat => (vec![String], Adt(AdtId::RESULT, vec![Nat, String])),
        Builtin::ParseFloat64 => (vec![String], Float64),
        Builtin::IntToString => (vec![Int], String),
        Builtin::BoolToString => (vec![Bool], String),
        Builtin::NatToString => (vec![Nat], String),
        Builtin::ByteToString => (vec![Byte], String),
        Builtin::FloatToString => (vec![Float64], String),
        Builtin::Strip => (vec![String], String),
        Builtin::ToFloat => (vec![Int], Float64),
    }
}
