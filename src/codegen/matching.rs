//! Lowering `match`: an `if` chain of pattern tests, then the arm's bindings.

use super::func::{load, FnEmitter, Position};
use super::wat::{c, get, i32c, i64c, n, set, W};
use crate::abi::{self, val_type, ValType};
use crate::check::tir::{self, Expr, ExprKind as K, Pattern};
use crate::check::types::{AdtId, Type};

impl FnEmitter<'_, '_> {
    pub(super) fn match_(
        &mut self,
        scrutinee: &Expr,
        arms: &[tir::Arm],
        ty: &Type,
        pos: Position,
    ) -> Vec<W> {
        let sty = self.ty(&scrutinee.ty);
        let mut out = Vec::new();
        let subject = match &scrutinee.kind {
            K::Local(id) if self.local(*id).is_some() => self.local(*id).unwrap(),
            _ => {
                // The arms read the scrutinee's fields after they may have allocated.
                let tmp = self.temp("scrutinee", val_type(&sty).unwrap_or(ValType::I32));
                let v = self.expr(scrutinee, Position::Kept);
                if val_type(&sty).is_some() {
                    let v = self.single(v, &sty);
                    out.push(set(&tmp, v));
                } else {
                    out.extend(v);
                }
                tmp
            }
        };
        out.extend(self.arms(&subject, &sty, arms, ty, pos));
        out
    }

    /// `if` arm 1 `else if` arm 2 …; the last arm needs no test (the checker
    /// proved the match exhaustive).
    fn arms(
        &mut self,
        subject: &str,
        sty: &Type,
        arms: &[tir::Arm],
        ty: &Type,
        pos: Position,
    ) -> Vec<W> {
        let (first, rest) = arms.split_first().unwrap();
        let pattern = self.pattern_text(&first.pattern, sty);
        let mut body = vec![c(format!(
            "{}   -- {}",
            pattern,
            self.gen.lines(first.span)
        ))];
        body.extend(self.bind_pattern(&first.pattern, get(subject), sty));
        body.extend(self.expr(&first.body, pos));
        if rest.is_empty() {
            return body;
        }
        let Some(test) = self.test(&first.pattern, get(subject), sty) else {
            return body;
        };
        let else_ws = self.arms(subject, sty, rest, ty, pos);
        vec![self.if_(ty, test, body, else_ws)]
    }

    fn pattern_text(&self, p: &Pattern, t: &Type) -> String {
        match p {
            Pattern::Wildcard => "_".into(),
            Pattern::Bind(id) => format!("@{}", self.func.locals[*id].key),
            Pattern::Int(i) => i.to_string(),
            Pattern::Str(s) => format!("{:?}", s),
            Pattern::Bool(b) => b.to_string(),
            Pattern::Ctor { adt, tag, args } => {
                let name = &self.gen.program.adts[*adt].ctors[*tag].name;
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
            Pattern::Tuple(args) => {
                let inner: Vec<String> = args
                    .iter()
                    .zip(tuple_parts(t))
                    .map(|(p, pt)| self.pattern_text(p, &pt))
                    .collect();
                format!("Tuple({})", inner.join(", "))
            }
        }
    }

    fn field_types(&self, adt: AdtId, tag: usize, t: &Type) -> Vec<Type> {
        let targs = match t {
            Type::Adt(_, targs) => targs.clone(),
            _ => vec![],
        };
        self.gen.program.adts[adt].field_types(tag, &targs)
    }

    /// An `i32` test of whether `value` matches `p`, or `None` when it always does.
    fn test(&mut self, p: &Pattern, value: W, t: &Type) -> Option<W> {
        match p {
            Pattern::Wildcard | Pattern::Bind(_) => None,
            Pattern::Int(i) => Some(if val_type(t) == Some(ValType::I32) {
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
            Pattern::Ctor { tag, .. } => {
                let tag_word = n(
                    format!("i32.load offset={}", abi::CTOR_TAG),
                    vec![value.clone()],
                );
                let mut test = n("i32.eq", vec![tag_word, i32c(*tag as i64)]);
                // Nested tests run only once the outer constructor matched.
                for (sub, ft, off) in self.parts(p, t).into_iter().rev() {
                    if let Some(inner) = self.test(sub, load(&ft, off, value.clone()), &ft) {
                        test = self.if_(&Type::Bool, test, vec![inner], vec![i32c(0)]);
                    }
                }
                Some(test)
            }
            Pattern::Tuple(_) => {
                let mut tests = Vec::new();
                for (sub, pt, off) in self.parts(p, t) {
                    tests.extend(self.test(sub, load(&pt, off, value.clone()), &pt));
                }
                // The parts' tests, each run only once those before it matched.
                let last = tests.pop()?;
                Some(tests.into_iter().rev().fold(last, |rest, test| {
                    self.if_(&Type::Bool, test, vec![rest], vec![i32c(0)])
                }))
            }
        }
    }

    /// Each sub-pattern of a constructor or tuple pattern on a value of type
    /// `t`, with its part's type and offset in the object.
    fn parts<'p>(&self, p: &'p Pattern, t: &Type) -> Vec<(&'p Pattern, Type, u32)> {
        let (args, types, layout) = match p {
            Pattern::Ctor { adt, tag, args } => {
                let fields = self.field_types(*adt, *tag, t);
                let layout = abi::ctor_layout(&fields);
                (args, fields, layout)
            }
            Pattern::Tuple(args) => {
                let parts = tuple_parts(t);
                let layout = abi::tuple_layout(&parts);
                (args, parts, layout)
            }
            _ => return vec![],
        };
        args.iter()
            .zip(types)
            .zip(layout.offsets)
            .map(|((sub, ty), off)| (sub, ty, off))
            .collect()
    }

    fn bind_pattern(&mut self, p: &Pattern, value: W, t: &Type) -> Vec<W> {
        match p {
            Pattern::Bind(id) => match self.local(*id) {
                Some(l) => vec![set(&l, value)],
                None => vec![],
            },
            Pattern::Ctor { .. } | Pattern::Tuple(_) => {
                let mut out = Vec::new();
                for (sub, ft, off) in self.parts(p, t) {
                    out.extend(self.bind_pattern(sub, load(&ft, off, value.clone()), &ft));
                }
                out
            }
            Pattern::Wildcard | Pattern::Int(_) | Pattern::Str(_) | Pattern::Bool(_) => vec![],
        }
    }
}

/// The part types of a tuple type (none for any other type).
fn tuple_parts(t: &Type) -> Vec<Type> {
    match t {
        Type::Tuple(parts) => parts.clone(),
        _ => vec![],
    }
}
