//! `match`: arm types, patterns and their bindings, exhaustiveness.

use super::*;
use crate::check::types::Names;

impl FnChecker<'_> {
    pub(super) fn match_expr(
        &mut self,
        scrutinee: &ast::Expr,
        arms: &[ast::MatchArm],
        span: Span,
        expected: Option<&Type>,
    ) -> (K, Type) {
        let s = self.expr(scrutinee, None);
        let sty = self.zonk(&s.ty);
        let mut result: Option<Type> = expected.cloned();
        let mut tarms = Vec::new();
        let mut pattern_errors = false;
        for arm in arms {
            let mark = self.scope.len();
            let errors = self.error_count();
            let pattern = self.pattern(&arm.pattern, &sty);
            pattern_errors |= self.error_count() > errors;
            let body = self.expr(&arm.body, result.as_ref());
            match &result {
                None if !matches!(self.zonk(&body.ty), Type::Never) => {
                    result = Some(body.ty.clone())
                }
                Some(r) => {
                    let r = r.clone();
                    if !self.unify(&body.ty, &r) {
                        let (a, b) = (self.show(&body.ty), self.show(&r));
                        self.error("E302", arm.body.span, format!("This match arm gives {}, but the match's type is {} (from the first arm or the context).", a, b), "Every arm of a match must produce the same type.", "Chapter 4, Section 4.9");
                    }
                }
                None => {}
            }
            self.scope.truncate(mark);
            tarms.push(tir::Arm {
                pattern,
                body,
                span: arm.span,
            });
        }
        // A scrutinee of type Never never produces a value: no arm runs. Patterns
        // with type errors would mislead the exhaustiveness analysis.
        if !sty.is_error() && sty != Type::Never && !pattern_errors {
            self.check_exhaustive(&sty, &tarms, arms, span);
        }
        (
            K::Match {
                scrutinee: Box::new(s),
                arms: tarms,
            },
            result.unwrap_or(Type::Never),
        )
    }

    pub(super) fn check_exhaustive(
        &mut self,
        sty: &Type,
        tarms: &[tir::Arm],
        arms: &[ast::MatchArm],
        span: Span,
    ) {
        let pats: Vec<&tir::Pattern> = tarms.iter().map(|a| &a.pattern).collect();
        let report = patterns::analyse(self.env, sty, &pats);
        if let Some(missing) = report.missing {
            let code = match sty {
                Type::Bool => "E312",
                Type::Adt(..) => "E311",
                _ => "E313",
            };
            let s = self.show(sty);
            self.error(
                code,
                span,
                format!("This match on {} is not exhaustive: no arm matches {}. Every possible value must be handled.", s, missing),
                "Add an arm for the missing case, or a final wildcard arm:\n\n  _ -> ...".to_string(),
                "Chapter 4, Section 4.9.2",
            );
        }
        for i in report.unreachable {
            self.env.diags.push(
                Diagnostic::warning("E310", arms[i].pattern.span, "This match arm can never be reached: the arms above it already match every value it would.")
                    .fix("Remove the arm, or move it above the arm that covers it.")
                    .spec("Chapter 4, Section 4.9.3"),
            );
        }
    }

    pub(super) fn pattern(&mut self, p: &ast::Pattern, ty: &Type) -> tir::Pattern {
        let ty = self.zonk(ty);
        match &p.kind {
            ast::PatternKind::Wildcard => tir::Pattern::Wildcard,
            ast::PatternKind::Bind(te) => {
                let t = self.resolve(te);
                if !self.unify(&ty, &t) {
                    let (a, b) = (self.show(&t), self.show(&ty));
                    self.error("E323", p.span, format!("This binding pattern has type {}, but the value it matches has type {}.", a, b), format!("@{}", b), "Chapter 4, Section 4.9.1");
                }
                let t = if t.is_error() { ty } else { t };
                let local = self.bind(te.key(), t);
                if let Some(r) = self.refinement_of(te) {
                    self.let_refinements.push((local, r));
                }
                tir::Pattern::Bind(local)
            }
            ast::PatternKind::Int(v) => {
                self.literal_pattern(
                    &ty,
                    matches!(ty, Type::Int | Type::Nat | Type::Byte),
                    "an integer",
                    p.span,
                );
                tir::Pattern::Int(*v)
            }
            ast::PatternKind::Str(s) => {
                self.literal_pattern(&ty, ty == Type::String, "a string", p.span);
                tir::Pattern::Str(s.clone())
            }
            ast::PatternKind::Bool(b) => {
                self.literal_pattern(&ty, ty == Type::Bool, "a Bool", p.span);
                tir::Pattern::Bool(*b)
            }
            ast::PatternKind::Ctor { name, args } if self.is_tuple_ctor(name) => {
                self.tuple_pattern(args, &ty, p.span)
            }
            ast::PatternKind::Ctor { name, args } => self.ctor_pattern(name, args, &ty, p.span),
        }
    }

    /// `let C<@T1, ..., @Tn> = value;` with the constructor `C` of a data type
    /// that has no other (spec 4.7.1): binds the fields in order. The binders'
    /// types give the type arguments, which the value is then checked against.
    pub(super) fn let_ctor(
        &mut self,
        ctor: &ast::Ident,
        tys: &[ast::TypeExpr],
        value: &ast::Expr,
    ) -> (Vec<LocalId>, tir::Expr) {
        let declared: Vec<Type> = tys.iter().map(|t| self.resolve(t)).collect();
        let want = self
            .lookup_ctor(ctor, "E320", " in a destructuring let")
            .and_then(|(adt, tag)| self.let_ctor_type(adt, tag, ctor, tys, &declared));
        let v = self.expr(value, want.as_ref());
        if let Some(want) = &want {
            if !self.unify(&v.ty, want) {
                let (a, b) = (self.show(&v.ty), self.show(want));
                self.error(
                    "E170",
                    value.span,
                    format!(
                        "This destructuring let expects {}, but the value has type {}.",
                        b, a
                    ),
                    "Take the value apart with its own type's constructor, or with match.",
                    "Chapter 4, Section 4.7.1",
                );
            }
        }
        let locals = tys
            .iter()
            .zip(declared)
            .map(|(te, t)| self.bind(te.key(), t))
            .collect();
        (locals, v)
    }

    /// The type a destructuring let with constructor `tag` of `adt` takes
    /// apart, its type arguments found from the binders' types; `None` after
    /// an error (a type with other constructors, a wrong number of binders, a
    /// binder of the wrong type).
    fn let_ctor_type(
        &mut self,
        adt: AdtId,
        tag: usize,
        ctor: &ast::Ident,
        tys: &[ast::TypeExpr],
        declared: &[Type],
    ) -> Option<Type> {
        let owner = self.env.adt_name(adt);
        let count = self.env.adts[adt].ctors.len();
        if count != 1 {
            self.error(
                "E178",
                ctor.span,
                format!("A let takes a value apart only when its type has one constructor, and {} has {}: a value made by another one would not fit.", owner, count),
                format!("match ... {{ {}(...) -> ..., _ -> ... }}", ctor.name),
                "Chapter 4, Section 4.7.1",
            );
            return None;
        }
        let n = self.env.adts[adt].type_params.len();
        let targs: Vec<Type> = (0..n).map(|_| self.fresh()).collect();
        let fields = self.env.adts[adt].field_types(tag, &targs);
        if fields.len() != declared.len() {
            self.error(
                "E170",
                ctor.span,
                format!(
                    "The constructor `{}` has {} field{}, but this let binds {}.",
                    ctor.name,
                    fields.len(),
                    plural(fields.len()),
                    declared.len()
                ),
                format!(
                    "let {}<{}> = ...;",
                    ctor.name,
                    vec!["@T"; fields.len()].join(", ")
                ),
                "Chapter 4, Section 4.7.1",
            );
            return None;
        }
        for ((field, want), te) in fields.iter().zip(declared).zip(tys) {
            if !self.unify(want, field) {
                let (a, b) = (self.show(want), self.show(field));
                self.error(
                    "E170",
                    te.span,
                    format!(
                        "This binding has type {}, but the field it takes has type {}.",
                        a, b
                    ),
                    format!("@{}", b),
                    "Chapter 4, Section 4.7.1",
                );
                return None;
            }
        }
        Some(self.zonk(&Type::Adt(adt, targs)))
    }

    /// `Tuple` names the built-in tuple constructor, unless the module has a
    /// constructor of its own by that name.
    pub(super) fn is_tuple_ctor(&self, name: &ast::Ident) -> bool {
        name.name == "Tuple" && !self.env.scopes[self.module].ctors.contains_key("Tuple")
    }

    /// `Tuple(p1, ..., pn)` against a value of type `ty` (spec 4.9.1).
    fn tuple_pattern(&mut self, args: &[ast::Pattern], ty: &Type, span: Span) -> tir::Pattern {
        let parts = match ty {
            Type::Tuple(parts) => parts.clone(),
            Type::Never => args.iter().map(|_| self.fresh()).collect(),
            Type::Error => return tir::Pattern::Wildcard,
            _ => {
                let s = self.show(ty);
                self.error(
                    "E323",
                    span,
                    format!(
                        "This is a Tuple pattern, but the value matched has type {}.",
                        s
                    ),
                    "Use patterns of the scrutinee's type.",
                    "Chapter 4, Section 4.9.1",
                );
                return tir::Pattern::Wildcard;
            }
        };
        if parts.len() != args.len() {
            self.error(
                "E321",
                span,
                format!(
                    "The value matched is a tuple of {} part{}, but this pattern gives {}.",
                    parts.len(),
                    plural(parts.len()),
                    args.len()
                ),
                format!("Tuple({})", vec!["_"; parts.len()].join(", ")),
                "Chapter 4, Section 4.9.1",
            );
            return tir::Pattern::Wildcard;
        }
        let subs = args
            .iter()
            .zip(&parts)
            .map(|(a, t)| self.pattern(a, t))
            .collect();
        tir::Pattern::Tuple(subs)
    }

    pub(super) fn literal_pattern(&mut self, ty: &Type, ok: bool, what: &str, span: Span) {
        // A value of type Never fits every pattern (it is never produced).
        if !ok && !ty.is_error() && *ty != Type::Never {
            let s = self.show(ty);
            self.error(
                "E323",
                span,
                format!(
                    "This is {} literal pattern, but the value matched has type {}.",
                    what, s
                ),
                "Use patterns of the scrutinee's type.",
                "Chapter 4, Section 4.9.1",
            );
        }
    }

    pub(super) fn ctor_pattern(
        &mut self,
        name: &ast::Ident,
        args: &[ast::Pattern],
        ty: &Type,
        span: Span,
    ) -> tir::Pattern {
        let Some((adt, tag)) = self.lookup_ctor(name, "E320", " in pattern") else {
            return tir::Pattern::Wildcard;
        };
        let targs = match ty {
            Type::Adt(id, targs) if *id == adt => targs.clone(),
            Type::Never => {
                let n = self.env.adts[adt].type_params.len();
                (0..n).map(|_| self.fresh()).collect()
            }
            Type::Error => return tir::Pattern::Wildcard,
            _ => {
                let s = self.show(ty);
                let owner = self.env.adt_name(adt);
                self.error(
                    "E323",
                    span,
                    format!(
                        "`{}` is a constructor of {}, but the value matched has type {}.",
                        name.name, owner, s
                    ),
                    "Use constructors of the scrutinee's type.",
                    "Chapter 4, Section 4.9.1",
                );
                return tir::Pattern::Wildcard;
            }
        };
        let def = &self.env.adts[adt];
        let tparams = def.type_params.clone();
        let fields = def.ctors[tag].fields.clone();
        if fields.len() != args.len() {
            self.error(
                "E321",
                span,
                format!(
                    "The constructor `{}` has {} field{}, but this pattern gives {}.",
                    name.name,
                    fields.len(),
                    plural(fields.len()),
                    args.len()
                ),
                if fields.is_empty() {
                    name.name.clone()
                } else {
                    format!("{}({})", name.name, vec!["_"; fields.len()].join(", "))
                },
                "Chapter 4, Section 4.9.1",
            );
            return tir::Pattern::Wildcard;
        }
        let map = |v: &str| {
            tparams
                .iter()
                .position(|p| p == v)
                .and_then(|i| targs.get(i).cloned())
        };
        let subs = args
            .iter()
            .zip(&fields)
            .map(|(a, f)| self.pattern(a, &f.subst(&map)))
            .collect();
        tir::Pattern::Ctor {
            adt,
            tag,
            args: subs,
        }
    }
}
