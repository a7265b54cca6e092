//! Lowering `match`: an `if` chain of pattern tests, then the arm's bindings.

use super::func::FnEmitter;
use super::layout::{fields_layout, load_op, val_type};
use super::wat::{c, get, i32c, i64c, n, set, W};
use crate::check::tir::{self, Expr, ExprKind as K, Pattern};
use crate::check::types::Type;

impl FnEmitter<'_, '_> {
    pub(super) fn match_(
        &mut self,
        scrutinee: &Expr,
        arms: &[tir::Arm],
        ty: &Type,
        tail: bool,
        consumed: bool,
    ) -> Vec<W> {
        let sty = self.ty(&scrutinee.ty);
        let mut out = Vec::new();
        let subject = match (&scrutinee.kind, self.local_of(scrutinee)) {
            (K::Local(_), Some(l)) => l,
            _ => {
                let vt = val_type(&sty).unwrap_or("i32");
                let tmp = self.temp("scrutinee", vt);
                let v = self.expr(scrutinee, false);
                if val_type(&sty).is_some() {
                    let v = self.single(v, &sty);
                    out.push(set(&tmp, v));
                } else {
                    out.extend(v);
                }
                tmp
            }
        };
        let chain = self.arms(&subject, &sty, arms, ty, tail, consumed);
        out.extend(chain);
        out
    }

    pub(super) fn local_of(&mut self, e: &Expr) -> Option<String> {
        if let K::Local(id) = e.kind {
            return self.local(id);
        }
        None
    }

    /// `if` arm 1 `else if` arm 2 …; the last arm needs no test (the checker
    /// proved the match exhaustive).
    pub(super) fn arms(
        &mut self,
        subject: &str,
        sty: &Type,
        arms: &[tir::Arm],
        ty: &Type,
        tail: bool,
        consumed: bool,
    ) -> Vec<W> {
        let (first, rest) = arms.split_first().unwrap();
        let mut body = vec![c(self.pattern_text(&first.pattern, sty))];
        body.extend(self.bind_pattern(&first.pattern, get(subject), sty));
        self.consumed = consumed;
        body.extend(self.expr(&first.body, tail));
        if rest.is_empty() {
            return body;
        }
        let Some(test) = self.test(&first.pattern, get(subject), sty) else {
            return body;
        };
        let else_ws = self.arms(subject, sty, rest, ty, tail, consumed);
        vec![self.if_(ty, test, body, else_ws)]
    }

    pub(super) fn pattern_text(&self, p: &Pattern, t: &Type) -> String {
        match p {
            Pattern::Wildcard => "_".into(),
            Pattern::Bind(id) => format!("@{}", self.func.locals[*id].key),
            Pattern::Int(i) => i.to_string(),
            Pattern::Str(s) => format!("{:?}", s),
            Pattern::Bool(b) => b.to_string(),
            Pattern::Ctor { adt, tag, args } => {
                let def = &self.gen.program.adts[*adt];
                let name = &def.ctors[*tag].name;
                if args.is_empty() {
                    return name.clone();
                }
                let fields = self.field_types(*adt, *tag, t);
                let inner: Vec<String> = args
                    .iter()
                    .zip(&fields)
                    .map(|(p, ft)| self.pattern_text(p, ft))
                    .collect();
                format!("{}({})", name, inner.join(", "))
            }
        }
    }

    pub(super) fn field_types(&self, adt: usize, tag: usize, t: &Type) -> Vec<Type> {
        let def = &self.gen.program.adts[adt];
        let targs = match t {
            Type::Adt(_, targs) => targs.clone(),
            _ => vec![],
        };
        def.field_types(tag, &targs)
    }

    /// An `i32` test of whether `value` matches `p`, or `None` when it always does.
    pub(super) fn test(&mut self, p: &Pattern, value: W, t: &Type) -> Option<W> {
        match p {
            Pattern::Wildcard | Pattern::Bind(_) => None,
            Pattern::Int(i) => Some(if val_type(t) == Some("i32") {
                n("i32.eq", vec![value, i32c(*i)])
            } else {
                n("i64.eq", vec![value, i64c(*i)])
            }),
            Pattern::Bool(true) => Some(value),
            Pattern::Bool(false) => Some(n("i32.eqz", vec![value])),
            Pattern::Str(s) => {
                self.gen.use_prelude("strings");
                let addr = self.gen.string(s);
                Some(n("call $string_eq", vec![value, i32c(addr as i64)]))
            }
            Pattern::Ctor { adt, tag, args } => {
                let mut test = n(
                    "i32.eq",
                    vec![n("i32.load", vec![value.clone()]), i32c(*tag as i64)],
                );
                let fields = self.field_types(*adt, *tag, t);
                let (offsets, _) = fields_layout(&fields, 4);
                // Nested tests run only once the outer constructor matched.
                for ((sub, ft), off) in args.iter().zip(&fields).zip(offsets).rev() {
                    let field = n(
                        format!("{} offset={}", load_op(ft), off),
                        vec![value.clone()],
                    );
                    if let Some(inner) = self.test(sub, field, ft) {
                        test = self.if_(&Type::Bool, test, vec![inner], vec![i32c(0)]);
                    }
                }
                Some(test)
            }
        }
    }

    pub(super) fn bind_pattern(&mut self, p: &Pattern, value: W, t: &Type) -> Vec<W> {
        match p {
            Pattern::Bind(id) => match self.local(*id) {
                Some(l) => vec![set(&l, value)],
                None => vec![],
            },
            Pattern::Ctor { adt, tag, args } => {
                let fields = self.field_types(*adt, *tag, t);
                let (offsets, _) = fields_layout(&fields, 4);
                let mut out = Vec::new();
                for ((sub, ft), off) in args.iter().zip(&fields).zip(offsets) {
                    let field = n(
                        format!("{} offset={}", load_op(ft), off),
                        vec![value.clone()],
                    );
                    out.extend(self.bind_pattern(sub, field, ft));
                }
                out
            }
            _ => vec![],
        }
    }
}
