//! Lowering expressions to folded WAT instructions.
//!
//! `expr(e, tail)` returns the instructions that leave `e`'s value (if any) on the
//! stack. `tail` is true when the value is the function's result, so that calls
//! there become `return_call`.

use super::func::{FnEmitter, LiftedLambda};
use super::layout::{self, fields_layout, is_pointer, load_op, store_op, val_type};
use super::wat::{a, c, get, i32c, i64c, n, set, W};
use super::Work;
use crate::check::tir::{self, Builtin, Expr, ExprKind as K, Pattern, Stmt};
use crate::check::types::{Effect, Type};
use crate::syntax::ast::{BinOp, UnOp};
use std::collections::BTreeSet;

impl FnEmitter<'_, '_> {
    /// One instruction for a value: several are wrapped in a `block`.
    pub fn single(&mut self, mut ws: Vec<W>, t: &Type) -> W {
        if ws.len() == 1 {
            return ws.pop().unwrap();
        }
        let mut args = Vec::new();
        if let Some(vt) = val_type(t) {
            args.push(a(format!("(result {})", vt)));
        }
        args.extend(ws);
        n("block", args)
    }

    pub(super) fn value(&mut self, e: &Expr) -> W {
        let ws = self.expr(e, false);
        let t = self.ty(&e.ty);
        self.single(ws, &t)
    }

    /// Lower `e`. Its value is rooted on the shadow stack when it is a fresh heap
    /// value (an allocation or a call result) that is not *consumed* at once: a
    /// value stored straight into a field, passed to a call with no allocating
    /// argument after it, returned, or dropped needs no root, because no
    /// collection can happen before it is reachable (or no longer needed).
    pub fn expr(&mut self, e: &Expr, tail: bool) -> Vec<W> {
        let consumed = std::mem::take(&mut self.consumed) || tail;
        self.alloc_consumed = consumed;
        let ws = self.lower(e, tail, consumed);
        let fresh = matches!(
            e.kind,
            K::Call { .. } | K::Apply { .. } | K::Builtin { .. } | K::Perform { .. }
        );
        let t = self.ty(&e.ty);
        if fresh && !consumed && self.frame.is_some() && is_pointer(&t) {
            let v = self.single(ws, &t);
            return vec![n("call $gc_keep", vec![v])];
        }
        ws
    }

    /// Call arguments: each is consumed by the call unless a later argument may
    /// collect while it waits on the operand stack.
    pub(super) fn operands(&mut self, args: &[Expr]) -> Vec<W> {
        let mut out = Vec::new();
        for (i, x) in args.iter().enumerate() {
            self.consumed = !args[i + 1..].iter().any(|later| self.allocates(later));
            let ws = self.expr(x, false);
            if ws.is_empty() {
                continue;
            }
            let t = self.ty(&x.ty);
            out.push(self.single(ws, &t));
        }
        out
    }

    pub(super) fn lower(&mut self, e: &Expr, tail: bool, consumed: bool) -> Vec<W> {
        let ty = self.ty(&e.ty);
        match &e.kind {
            K::Int(v) => vec![if val_type(&ty) == Some("i32") {
                i32c(*v)
            } else {
                i64c(*v)
            }],
            K::Float(f) => vec![n(format!("f64.const {}", float_text(*f)), vec![])],
            K::Str(s) => {
                let addr = self.gen.string(s);
                vec![i32c(addr as i64)]
            }
            K::Bool(b) => vec![i32c(*b as i64)],
            K::Unit => vec![],
            K::Local(id) => self.local(*id).map(|l| vec![get(&l)]).unwrap_or_default(),
            K::ResultRef => self
                .result_local
                .clone()
                .map(|r| vec![get(&r)])
                .unwrap_or_default(),
            K::Binary {
                op,
                operand_ty,
                lhs,
                rhs,
            } => {
                let ot = self.ty(operand_ty);
                vec![self.binary(*op, &ot, lhs, rhs)]
            }
            K::Unary { op, operand } => {
                let v = self.value(operand);
                vec![match (op, &ty) {
                    (UnOp::Not, _) => n("i32.eqz", vec![v]),
                    (UnOp::Neg, Type::Float64) => n("f64.neg", vec![v]),
                    (UnOp::Neg, _) => n("i64.sub", vec![i64c(0), v]),
                }]
            }
            K::Call {
                func,
                type_args,
                args,
            } => {
                let targs: Vec<Type> = type_args.iter().map(|t| self.ty(t)).collect();
                let name = self.gen.instance(*func, targs);
                let args = self.operands(args);
                self.call(&name, args, &ty, tail)
            }
            K::Builtin { builtin, args } => self.builtin(*builtin, args, &ty),
            K::Apply { callee, args } => self.apply(callee, args, &ty, tail),
            K::Construct {
                adt,
                type_args,
                tag,
                args,
            } => {
                let targs: Vec<Type> = type_args.iter().map(|t| self.ty(t)).collect();
                self.construct(*adt, &targs, *tag, args)
            }
            K::Tuple(items) => {
                let types: Vec<Type> = items.iter().map(|i| self.ty(&i.ty)).collect();
                self.object("tuple", &types, 0, None, items)
            }
            K::Perform {
                effect,
                op,
                op_name,
                args,
            } => self.perform(effect, *op, op_name, args, &ty),
            K::Index { base, index } => self.index(base, index, &ty),
            K::Lambda(l) => self.closure(l),
            K::If {
                cond,
                then_branch,
                else_branch,
            } => {
                let cond = self.value(cond);
                self.consumed = consumed;
                let then_ws = self.expr(then_branch, tail);
                self.consumed = consumed;
                let else_ws = self.expr(else_branch, tail);
                vec![self.if_(&ty, cond, then_ws, else_ws)]
            }
            K::Match { scrutinee, arms } => self.match_(scrutinee, arms, &ty, tail, consumed),
            K::Block { stmts, tail: last } => {
                let mut out = Vec::new();
                for s in stmts {
                    out.extend(self.stmt(s));
                }
                self.consumed = consumed;
                out.extend(self.expr(last, tail));
                out
            }
            K::Handle(h) => self.handle(h, &ty),
            K::Array(items) => self.array(items, &ty),
            K::Old(t) => {
                let tn = self.gen.type_name(&self.ty(t));
                vec![get(&self.old_states[&tn].clone())]
            }
            K::New(t) => {
                let t = self.ty(t);
                vec![self.state_get(&t)]
            }
            K::Assert(p, text) => {
                let cond = self.value(p);
                let msg = format!("Assertion failed in {}: {} is false", self.display, text);
                let fail = self.fail(&msg);
                vec![n("if", vec![n("i32.eqz", vec![cond]), n("then", fail)])]
            }
            K::Assume(_) => vec![c("assume(...): trusted, no code")],
            K::Quantifier {
                exists,
                var,
                bound,
                body,
            } => self.quantifier(*exists, *var, bound, body),
            K::Resume(arg) => self.expr(arg, false),
        }
    }

    pub(super) fn stmt(&mut self, s: &Stmt) -> Vec<W> {
        match s {
            Stmt::Let { local, value } => {
                let ws = self.expr(value, false);
                match self.local(*local) {
                    Some(l) => {
                        let t = self.ty(&value.ty);
                        let v = self.single(ws, &t);
                        vec![set(&l, v)]
                    }
                    None => ws,
                }
            }
            Stmt::LetTuple { locals, value } => {
                let Type::Tuple(types) = self.ty(&value.ty) else {
                    return self.expr(value, false);
                };
                let tmp = self.temp("tuple", "i32");
                let v = self.value(value);
                let mut out = vec![set(&tmp, v)];
                let (offsets, _) = fields_layout(&types, 0);
                for ((id, t), off) in locals.iter().zip(&types).zip(offsets) {
                    if let Some(l) = self.local(*id) {
                        out.push(set(
                            &l,
                            n(format!("{} offset={}", load_op(t), off), vec![get(&tmp)]),
                        ));
                    }
                }
                out
            }
            Stmt::Expr(e) => {
                self.consumed = true;
                let ws = self.expr(e, false);
                let t = self.ty(&e.ty);
                if val_type(&t).is_some() {
                    let v = self.single(ws, &t);
                    vec![n("drop", vec![v])]
                } else {
                    ws
                }
            }
        }
    }

    pub(super) fn if_(&mut self, ty: &Type, cond: W, then_ws: Vec<W>, else_ws: Vec<W>) -> W {
        let mut args = Vec::new();
        if let Some(vt) = val_type(ty) {
            args.push(a(format!("(result {})", vt)));
        }
        args.push(cond);
        args.push(n("then", then_ws));
        args.push(n("else", else_ws));
        n("if", args)
    }

    /// A call, with a pointer result rooted; in tail position a `return_call`
    /// that first pops this function's GC frame.
    pub(super) fn call(&mut self, name: &str, mut args: Vec<W>, ret: &Type, tail: bool) -> Vec<W> {
        if tail {
            if let Some(restore) = self.restore_frame() {
                args.push(restore);
            }
            return vec![n(format!("return_call {}", name), args)];
        }
        let _ = ret;
        vec![n(format!("call {}", name), args)]
    }

    pub(super) fn binary(&mut self, op: BinOp, ot: &Type, lhs: &Expr, rhs: &Expr) -> W {
        let l = self.value(lhs);
        let r = self.value(rhs);
        match op {
            BinOp::And => return self.if_(&Type::Bool, l, vec![r], vec![i32c(0)]),
            BinOp::Or => return self.if_(&Type::Bool, l, vec![i32c(1)], vec![r]),
            BinOp::Implies => return self.if_(&Type::Bool, l, vec![r], vec![i32c(1)]),
            _ => {}
        }
        if matches!(ot, Type::Unit) {
            return i32c(i64::from(op == BinOp::Eq));
        }
        if matches!(ot, Type::String) && matches!(op, BinOp::Eq | BinOp::Ne) {
            self.gen.use_prelude("strings");
            let eq = n("call $string_eq", vec![l, r]);
            return if op == BinOp::Eq {
                eq
            } else {
                n("i32.eqz", vec![eq])
            };
        }
        if matches!(ot, Type::String) {
            self.gen.use_prelude("strings");
            let cmp = n("call $string_compare", vec![l, r]);
            let rel = match op {
                BinOp::Lt => "i32.lt_s",
                BinOp::Gt => "i32.gt_s",
                BinOp::Le => "i32.le_s",
                _ => "i32.ge_s",
            };
            return n(rel, vec![cmp, i32c(0)]);
        }
        if is_pointer(ot) && matches!(op, BinOp::Eq | BinOp::Ne) {
            let eq = self.structural_eq(ot, l, r);
            return if op == BinOp::Eq {
                eq
            } else {
                n("i32.eqz", vec![eq])
            };
        }
        if matches!(ot, Type::Float64) && op == BinOp::Rem {
            let x = self.temp("dividend", "f64");
            let y = self.temp("divisor", "f64");
            return n(
                "block (result f64)",
                vec![
                    set(&x, l),
                    set(&y, r),
                    c("x % y = x - trunc(x / y) * y"),
                    n(
                        "f64.sub",
                        vec![
                            get(&x),
                            n(
                                "f64.mul",
                                vec![
                                    n("f64.trunc", vec![n("f64.div", vec![get(&x), get(&y)])]),
                                    get(&y),
                                ],
                            ),
                        ],
                    ),
                ],
            );
        }
        let (prefix, signed) = match ot {
            Type::Float64 => ("f64", ""),
            Type::Bool => ("i32", "_s"),
            Type::Byte => ("i32", "_u"),
            _ => ("i64", "_s"),
        };
        let name = match op {
            BinOp::Add => "add",
            BinOp::Sub => "sub",
            BinOp::Mul => "mul",
            BinOp::Div if prefix == "f64" => "div",
            BinOp::Div => &*format!("div{}", signed).leak(),
            BinOp::Rem => &*format!("rem{}", signed).leak(),
            BinOp::Eq => "eq",
            BinOp::Ne => "ne",
            BinOp::Lt if prefix == "f64" => "lt",
            BinOp::Gt if prefix == "f64" => "gt",
            BinOp::Le if prefix == "f64" => "le",
            BinOp::Ge if prefix == "f64" => "ge",
            BinOp::Lt => &*format!("lt{}", signed).leak(),
            BinOp::Gt => &*format!("gt{}", signed).leak(),
            BinOp::Le => &*format!("le{}", signed).leak(),
            BinOp::Ge => &*format!("ge{}", signed).leak(),
            BinOp::And | BinOp::Or | BinOp::Implies => unreachable!(),
        };
        let value = n(format!("{}.{}", prefix, name), vec![l, r]);
        if *ot == Type::Byte && matches!(op, BinOp::Add | BinOp::Sub | BinOp::Mul) {
            return n("i32.and", vec![value, i32c(255)]);
        }
        value
    }

    /// Equality of heap values, compared field by field.
    pub(super) fn structural_eq(&mut self, t: &Type, l: W, r: W) -> W {
        let name = self.gen.eq_function(t);
        n(format!("call {}", name), vec![l, r])
    }

    pub(super) fn builtin(&mut self, b: Builtin, args: &[Expr], ty: &Type) -> Vec<W> {
        let vals: Vec<W> = args.iter().map(|x| self.value(x)).collect();
        let call = |name: &str, vals: Vec<W>| n(format!("call ${}", name), vals);
        let w = match b {
            Builtin::Length => n("i64.extend_i32_u", vec![n("i32.load", vals)]),
            Builtin::StringLength => n("i64.extend_i32_u", vec![n("i32.load", vals)]),
            Builtin::ToFloat => n("f64.convert_i64_s", vals),
            other => {
                self.gen.use_prelude("strings");
                let name = match other {
                    Builtin::StringConcat => "string_concat",
                    Builtin::StringSlice => "string_slice",
                    Builtin::CharCode => "char_code",
                    Builtin::ParseNat => "parse_nat",
                    Builtin::ParseFloat64 => "vera.parse_float64",
                    Builtin::IntToString | Builtin::NatToString => "int_to_string",
                    Builtin::BoolToString => "bool_to_string",
                    Builtin::ByteToString => "byte_to_string",
                    Builtin::FloatToString => "vera.float_to_string",
                    Builtin::Strip => "strip",
                    _ => unreachable!(),
                };
                if matches!(other, Builtin::FloatToString | Builtin::ParseFloat64) {
                    self.gen.import(if other == Builtin::FloatToString {
                        "float_to_string"
                    } else {
                        "parse_float64"
                    });
                }
                if other == Builtin::CharCode || other == Builtin::StringSlice {
                    let fail_name = self.gen.string(&self.display.clone());
                    let mut vals = vals;
                    vals.push(i32c(fail_name as i64));
                    self.gen.import("bounds");
                    return vec![call(name, vals)];
                }
                call(name, vals)
            }
        };
        let _ = ty;
        vec![w]
    }

    pub(super) fn apply(&mut self, callee: &Expr, args: &[Expr], ret: &Type, tail: bool) -> Vec<W> {
        let Type::Fn(ft) = self.ty(&callee.ty) else {
            unreachable!("apply of a non-function")
        };
        let sig = self.gen.closure_type(&ft.params, &ft.ret);
        let clo = self.temp("closure", "i32");
        let f = self.value(callee);
        let mut call_args = vec![get(&clo)];
        call_args.extend(self.operands(args));
        call_args.push(n("i32.load", vec![get(&clo)]));
        let mut out = vec![set(&clo, f)];
        if tail {
            if let Some(restore) = self.restore_frame() {
                let idx = call_args.pop().unwrap();
                call_args.push(idx);
                let last = call_args.len() - 1;
                call_args.insert(last, restore);
            }
            out.push(n(format!("return_call_indirect (type {})", sig), call_args));
        } else {
            let call = n(format!("call_indirect (type {})", sig), call_args);
            let _ = ret;
            out.push(call);
        }
        out
    }

    pub(super) fn construct(
        &mut self,
        adt: usize,
        targs: &[Type],
        tag: usize,
        args: &[Expr],
    ) -> Vec<W> {
        if args.is_empty() {
            // Nullary constructors are static words holding their tag.
            let addr = self.gen.tag_address(tag);
            let name = &self.gen.program.adts[adt].ctors[tag].name;
            return vec![n(
                format!("i32.const {}", addr),
                vec![a(format!("(; {} ;)", name))],
            )];
        }
        let def = &self.gen.program.adts[adt];
        let fields = def.field_types(tag, targs);
        let ctor = def.ctors[tag].name.clone();
        self.object(&ctor.to_lowercase(), &fields, 4, Some((tag, ctor)), args)
    }

    /// Allocate an object, store its tag (if any) and fields, leave its pointer.
    pub(super) fn object(
        &mut self,
        purpose: &str,
        fields: &[Type],
        start: u32,
        tag: Option<(usize, String)>,
        args: &[Expr],
    ) -> Vec<W> {
        self.gen.use_prelude("gc");
        let consumed = self.alloc_consumed;
        let (offsets, size) = fields_layout(fields, start);
        let leaf = !fields.iter().any(is_pointer);
        let rooted = !consumed || args.iter().any(|x| self.allocates(x));
        let obj = self.temp(purpose, "i32");
        let alloc = n("call $alloc", vec![i32c(size as i64), i32c(leaf as i64)]);
        let mut out = Vec::new();
        if let Some((_, name)) = &tag {
            out.push(c(format!(
                "{}: {} bytes{}",
                name,
                size,
                if leaf { ", no pointers" } else { "" }
            )));
        }
        out.push(set(
            &obj,
            if rooted {
                self.keep_alloc(alloc)
            } else {
                alloc
            },
        ));
        if let Some((t, _)) = tag {
            out.push(n("i32.store", vec![get(&obj), i32c(t as i64)]));
        }
        for ((arg, t), off) in args.iter().zip(fields).zip(offsets) {
            // A field value is reachable as soon as it is stored.
            self.consumed = true;
            let v = self.expr(arg, false);
            if val_type(t).is_none() {
                out.extend(v);
                continue;
            }
            let v = self.single(v, t);
            out.push(n(
                format!("{} offset={}", store_op(t), off),
                vec![get(&obj), v],
            ));
        }
        out.push(get(&obj));
        vec![self.single(out, &Type::Array(Box::new(Type::Int)))]
    }

    /// Allocation results are always rooted (the function has a frame).
    pub(super) fn keep_alloc(&mut self, alloc: W) -> W {
        n("call $gc_keep", vec![alloc])
    }

    pub(super) fn perform(
        &mut self,
        effect: &Effect,
        op: usize,
        op_name: &str,
        args: &[Expr],
        ty: &Type,
    ) -> Vec<W> {
        let Effect::Named { name, args: eargs } = effect else {
            unreachable!()
        };
        let eargs: Vec<Type> = eargs.iter().map(|t| self.ty(t)).collect();
        let vals = self.operands(args);
        match (name.as_str(), op_name) {
            ("IO", "print") => {
                self.gen.import("print");
                vec![n("call $vera.print", vals)]
            }
            ("State", "get") => {
                let mut out = vals;
                let v = self.state_get(&eargs[0]);
                out.push(v);
                out
            }
            ("State", "put") => {
                let v = self.single(vals, &eargs[0]);
                vec![self.state_put(&eargs[0], v)]
            }
            ("Exn", "throw") => {
                let tag = self.gen.exn_tag(&eargs[0]);
                vec![n(format!("throw {}", tag), vals)]
            }
            _ => self.perform_user(name, &eargs, op, op_name, vals, ty),
        }
    }

    /// Read the `State<T>` cell: a host cell for numbers and Bool, a global
    /// (which the collector scans) for heap values.
    pub fn state_get(&mut self, t: &Type) -> W {
        let tn = self.gen.type_name(t);
        if is_pointer(t) {
            self.gen.state_globals.insert(format!("$state.{}", tn));
            return n(format!("global.get $state.{}", tn), vec![]);
        }
        self.gen.import(&format!("state_get_{}", tn));
        n(format!("call $vera.state_get_{}", tn), vec![])
    }

    pub fn state_put(&mut self, t: &Type, value: W) -> W {
        let tn = self.gen.type_name(t);
        if is_pointer(t) {
            self.gen.state_globals.insert(format!("$state.{}", tn));
            return n(format!("global.set $state.{}", tn), vec![value]);
        }
        self.gen.import(&format!("state_put_{}", tn));
        n(format!("call $vera.state_put_{}", tn), vec![value])
    }

    pub(super) fn index(&mut self, base: &Expr, index: &Expr, elem: &Type) -> Vec<W> {
        let arr = self.temp("array", "i32");
        let idx = self.temp("index", "i64");
        let b = self.value(base);
        let i = self.value(index);
        let display = self.display.clone();
        let name_addr = self.gen.string(&display);
        self.gen.import("bounds");
        let stride = layout::stride(elem) as i64;
        let check = n(
            "if",
            vec![
                n(
                    "i64.ge_u",
                    vec![
                        get(&idx),
                        n("i64.extend_i32_u", vec![n("i32.load", vec![get(&arr)])]),
                    ],
                ),
                n(
                    "then",
                    vec![
                        n(
                            "call $vera.bounds",
                            vec![
                                i32c(name_addr as i64),
                                get(&idx),
                                n("i32.load", vec![get(&arr)]),
                            ],
                        ),
                        a("unreachable"),
                    ],
                ),
            ],
        );
        let addr = n(
            "i32.add",
            vec![
                get(&arr),
                n(
                    "i32.mul",
                    vec![n("i32.wrap_i64", vec![get(&idx)]), i32c(stride)],
                ),
            ],
        );
        let mut out = vec![set(&arr, b), set(&idx, i), check];
        if val_type(elem).is_some() {
            out.push(n(
                format!("{} offset={}", load_op(elem), layout::ARRAY_DATA),
                vec![addr],
            ));
        }
        out
    }

    pub(super) fn array(&mut self, items: &[Expr], ty: &Type) -> Vec<W> {
        let Type::Array(elem) = ty else {
            unreachable!()
        };
        self.gen.use_prelude("gc");
        let stride = layout::stride(elem);
        let size = layout::ARRAY_DATA + stride * items.len() as u32;
        let arr = self.temp("array", "i32");
        let leaf = !is_pointer(elem);
        let alloc = n("call $alloc", vec![i32c(size as i64), i32c(leaf as i64)]);
        let mut out = vec![
            set(&arr, self.keep_alloc(alloc)),
            n("i32.store", vec![get(&arr), i32c(items.len() as i64)]),
        ];
        for (i, item) in items.iter().enumerate() {
            // The array is rooted: an element is reachable once stored.
            self.consumed = true;
            let v = self.expr(item, false);
            if val_type(elem).is_none() {
                out.extend(v);
                continue;
            }
            let v = self.single(v, elem);
            let off = layout::ARRAY_DATA + stride * i as u32;
            out.push(n(
                format!("{} offset={}", store_op(elem), off),
                vec![get(&arr), v],
            ));
        }
        out.push(get(&arr));
        vec![self.single(out, ty)]
    }

    pub(super) fn closure(&mut self, l: &tir::Lambda) -> Vec<W> {
        let captures = self.captures(l);
        let name = self.gen.lambda_name(&self.wasm_name);
        let index = self.gen.table.len();
        self.gen.table.push(name.clone());
        let params: Vec<Type> = l.params.iter().map(|&p| self.local_ty(p)).collect();
        self.gen.closure_type(&params, &self.ty(&l.ret));
        self.gen.queue.push_back(Work::Lambda {
            lambda: Box::new(LiftedLambda {
                name: name.clone(),
                func: self.func_id(),
                subst: self.subst.clone(),
                lambda: l.clone(),
                captures: captures.clone(),
                display: self.display.clone(),
            }),
        });
        self.gen.use_prelude("gc");
        let types: Vec<Type> = captures.iter().map(|(_, t)| t.clone()).collect();
        let (offsets, size) = fields_layout(&types, layout::CLOSURE_DATA);
        let leaf = !types.iter().any(is_pointer);
        let obj = self.temp("closure", "i32");
        let alloc = n("call $alloc", vec![i32c(size as i64), i32c(leaf as i64)]);
        let mut out = vec![
            c(format!("closure of {} ({} captured)", name, captures.len())),
            set(&obj, self.keep_alloc(alloc)),
            n("i32.store", vec![get(&obj), i32c(index as i64)]),
        ];
        for ((id, t), off) in captures.iter().zip(offsets) {
            if let Some(local) = self.local(*id) {
                out.push(n(
                    format!("{} offset={}", store_op(t), off),
                    vec![get(&obj), get(&local)],
                ));
            }
        }
        out.push(get(&obj));
        vec![self.single(out, &Type::Bool)]
    }

    pub(super) fn func_id(&self) -> usize {
        self.gen
            .program
            .fns
            .iter()
            .position(|f| std::ptr::eq(f, self.func))
            .unwrap()
    }

    /// Bindings used inside a lambda but bound outside it.
    pub(super) fn captures(&self, l: &tir::Lambda) -> Vec<(usize, Type)> {
        let mut bound: BTreeSet<usize> = l.params.iter().copied().collect();
        let mut used: BTreeSet<usize> = BTreeSet::new();
        super::func::visit(&l.body, &mut |x| match &x.kind {
            K::Local(id) => {
                used.insert(*id);
            }
            K::Lambda(inner) => bound.extend(inner.params.iter().copied()),
            K::Block { stmts, .. } => {
                for s in stmts {
                    match s {
                        Stmt::Let { local, .. } => {
                            bound.insert(*local);
                        }
                        Stmt::LetTuple { locals, .. } => bound.extend(locals.iter().copied()),
                        Stmt::Expr(_) => {}
                    }
                }
            }
            K::Match { arms, .. } => {
                for arm in arms {
                    pattern_binders(&arm.pattern, &mut bound);
                }
            }
            K::Handle(h) => {
                if let Some((s, _)) = &h.state {
                    bound.insert(*s);
                }
                for cl in &h.clauses {
                    bound.extend(cl.params.iter().copied());
                }
            }
            K::Quantifier { var, .. } => {
                bound.insert(*var);
            }
            _ => {}
        });
        used.difference(&bound)
            .map(|&id| (id, self.local_ty(id)))
            .filter(|(_, t)| val_type(t).is_some())
            .collect()
    }

    pub(super) fn temp_label(&mut self, base: &str) -> String {
        self.fresh_name(base)
    }

    /// `forall`/`exists` over [0, bound): a counted loop that stops at the first
    /// value deciding the answer.
    pub(super) fn quantifier(
        &mut self,
        exists: bool,
        var: usize,
        bound: &Expr,
        body: &Expr,
    ) -> Vec<W> {
        let word = if exists { "exists" } else { "forall" };
        let limit = self.temp("bound", "i64");
        let i = self.local(var).unwrap_or_else(|| self.temp("i", "i64"));
        let result = self.temp(word, "i32");
        let done = self.temp_label("done");
        let next = self.temp_label("next");
        let b = self.value(bound);
        let p = self.value(body);
        let decided = if exists { p } else { n("i32.eqz", vec![p]) };
        let mut out = vec![c(format!("{} over [0, bound)", word)), set(&limit, b)];
        let mut step = vec![
            n(
                format!("br_if {}", done),
                vec![n("i64.ge_s", vec![get(&i), get(&limit)])],
            ),
            n(
                "if",
                vec![
                    decided,
                    n(
                        "then",
                        vec![
                            set(&result, i32c(exists as i64)),
                            n(format!("br {}", done), vec![]),
                        ],
                    ),
                ],
            ),
        ];
        if self.frame.is_some() && self.allocates(body) {
            // Roots pushed while testing one value are dropped before the next.
            let sp = self.temp("loop_sp", "i32");
            out.push(set(&sp, n("global.get $gc_sp", vec![])));
            step.push(n("global.set $gc_sp", vec![get(&sp)]));
        }
        step.push(set(&i, n("i64.add", vec![get(&i), i64c(1)])));
        step.push(n(format!("br {}", next), vec![]));
        out.push(set(&i, i64c(0)));
        out.push(set(&result, i32c(!exists as i64)));
        out.push(n(
            format!("block {}", done),
            vec![n(format!("loop {}", next), step)],
        ));
        out.push(get(&result));
        vec![n("block (result i32)", out)]
    }
}

fn pattern_binders(p: &Pattern, out: &mut BTreeSet<usize>) {
    match p {
        Pattern::Bind(id) => {
            out.insert(*id);
        }
        Pattern::Ctor { args, .. } => args.iter().for_each(|a| pattern_binders(a, out)),
        _ => {}
    }
}

/// A float literal WAT accepts and a reader recognises: `3.14`, `1e300`, `inf`.
fn float_text(f: f64) -> String {
    if f.is_nan() {
        "nan".into()
    } else if f.is_infinite() {
        if f > 0.0 {
            "inf".into()
        } else {
            "-inf".into()
        }
    } else {
        format!("{:?}", f)
    }
}
