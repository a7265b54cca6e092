//! Lowering expressions to folded WAT instructions.
//!
//! `expr(e, pos)` returns the instructions that leave `e`'s value (if any) on
//! the stack; the [`Position`] says where the value goes, which decides tail
//! calls and whether a fresh heap value must be rooted.

use super::func::{FnEmitter, Position};
use super::wat::{a, c, get, i32c, i64c, n, set, W};
use crate::abi::{self, is_pointer, val_type, ValType};
use crate::check::tir::{Expr, ExprKind as K, Stmt};
use crate::check::types::Type;
use crate::syntax::ast::{BinOp, UnOp};

impl FnEmitter<'_, '_> {
    /// One instruction for a value: several are wrapped in a `block`.
    pub fn single(&mut self, mut ws: Vec<W>, t: &Type) -> W {
        if ws.len() == 1 {
            return ws.pop().unwrap();
        }
        let mut args = Vec::new();
        if let Some(vt) = val_type(t) {
            args.push(a(format!("(result {})", vt.name())));
        }
        args.extend(ws);
        n("block", args)
    }

    /// `e`'s value as one instruction.
    pub fn value(&mut self, e: &Expr, pos: Position) -> W {
        let ws = self.expr(e, pos);
        let t = self.ty(&e.ty);
        self.single(ws, &t)
    }

    /// Lower `e` in position `pos`. A fresh heap value (the result of a call, a
    /// built-in or an operation) in a `Kept` position is pushed on the shadow
    /// stack; allocations root themselves (see `objects.rs`).
    pub fn expr(&mut self, e: &Expr, pos: Position) -> Vec<W> {
        crate::deep(|| {
            if pos == Position::ClauseEnd
                && !matches!(e.kind, K::If { .. } | K::Match { .. } | K::Block { .. })
            {
                return self.clause_end(e);
            }
            let ws = self.lower(e, pos);
            let fresh = matches!(
                e.kind,
                K::Call { .. } | K::Apply { .. } | K::Builtin { .. } | K::Perform { .. }
            );
            let t = self.ty(&e.ty);
            if fresh && pos == Position::Kept && self.frame.is_some() && is_pointer(&t) {
                let v = self.single(ws, &t);
                return vec![n("call $gc_keep", vec![v])];
            }
            ws
        })
    }

    /// The positions of operands evaluated left to right, each waiting on the
    /// stack while the later ones are computed: kept when a later one may
    /// collect, else consumed by the instruction that takes them.
    pub fn operand_positions(&self, args: &[&Expr]) -> Vec<Position> {
        (0..args.len())
            .map(|i| {
                if args[i + 1..].iter().any(|later| self.allocates(later)) {
                    Position::Kept
                } else {
                    Position::Consumed
                }
            })
            .collect()
    }

    /// Call arguments (Unit ones leave nothing on the stack).
    pub fn operands(&mut self, args: &[Expr]) -> Vec<W> {
        let refs: Vec<&Expr> = args.iter().collect();
        let positions = self.operand_positions(&refs);
        let mut out = Vec::new();
        for (x, pos) in args.iter().zip(positions) {
            let ws = self.expr(x, pos);
            if ws.is_empty() {
                continue;
            }
            let t = self.ty(&x.ty);
            out.push(self.single(ws, &t));
        }
        out
    }

    fn lower(&mut self, e: &Expr, pos: Position) -> Vec<W> {
        let ty = match (&self.clause, pos) {
            // Leading to a clause's end, a value is the operation's result.
            (Some(ctx), Position::ClauseEnd) => ctx.op_ret.clone(),
            _ => self.ty(&e.ty),
        };
        match &e.kind {
            K::Int(v) => vec![if val_type(&ty) == Some(ValType::I32) {
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
                let v = self.value(operand, Position::Consumed);
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
                self.call(&name, args, pos)
            }
            K::Builtin { builtin, args } => self.builtin(*builtin, args, &ty),
            K::Apply { callee, args } => self.apply(callee, args, pos),
            K::Construct {
                adt,
                type_args,
                tag,
                args,
            } => {
                let targs: Vec<Type> = type_args.iter().map(|t| self.ty(t)).collect();
                self.construct(*adt, &targs, *tag, args, pos)
            }
            K::Tuple(items) => self.tuple(items, pos),
            K::Perform {
                effect,
                op,
                op_name,
                args,
            } => {
                let effect = self.effect(effect);
                self.perform(&effect, *op, op_name, args, &ty)
            }
            K::Index { base, index } => self.index(base, index, &ty),
            K::Lambda(l) => self.closure(l, pos),
            K::If {
                cond,
                then_branch,
                else_branch,
            } => {
                let cond = self.value(cond, Position::Consumed);
                let then_ws = self.expr(then_branch, pos);
                let else_ws = self.expr(else_branch, pos);
                vec![self.if_(&ty, cond, then_ws, else_ws)]
            }
            K::Match { scrutinee, arms } => self.match_(scrutinee, arms, &ty, pos),
            K::Block { stmts, tail } => {
                let mut out = Vec::new();
                for s in stmts {
                    out.extend(self.stmt(s));
                }
                out.extend(self.expr(tail, pos));
                out
            }
            K::Handle(h) => self.handle(h, &ty, pos),
            K::Array(items) => self.array(items, &ty, pos),
            K::Old(t) => {
                let t = self.ty(t);
                match self.old_states.get(&t) {
                    Some(l) => vec![get(&l.clone())],
                    None => vec![], // State<Unit>: no value
                }
            }
            K::New(t) => {
                let t = self.ty(t);
                if val_type(&t).is_none() {
                    return vec![];
                }
                vec![self.state_get(&t)]
            }
            K::Assert(p, text) => {
                let cond = self.value(p, Position::Consumed);
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
            // In tail position of a clause `resume` is handled by `clause_end`;
            // the checker accepts it nowhere else.
            K::Resume(arg) => self.expr(arg, pos.not_tail()),
        }
    }

    pub(super) fn stmt(&mut self, s: &Stmt) -> Vec<W> {
        match s {
            Stmt::Let { local, value } => {
                let ws = self.expr(value, Position::Kept);
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
                // A tuple, or a data type's only constructor (spec 4.7.1).
                let (types, layout) = match self.ty(&value.ty) {
                    Type::Tuple(types) => {
                        let layout = abi::tuple_layout(&types);
                        (types, layout)
                    }
                    Type::Adt(id, targs) => {
                        let types = self.gen.program.adts[id].field_types(0, &targs);
                        let layout = abi::ctor_layout(&types);
                        (types, layout)
                    }
                    _ => return self.expr(value, Position::Consumed),
                };
                let tmp = self.temp("tuple", ValType::I32);
                let v = self.value(value, Position::Kept);
                let mut out = vec![set(&tmp, v)];
                for ((id, t), off) in locals.iter().zip(&types).zip(layout.offsets) {
                    if let Some(l) = self.local(*id) {
                        out.push(set(&l, super::func::load(t, off, get(&tmp))));
                    }
                }
                out
            }
            Stmt::Expr(e) => {
                let ws = self.expr(e, Position::Consumed);
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
            args.push(a(format!("(result {})", vt.name())));
        }
        args.push(cond);
        args.push(n("then", then_ws));
        args.push(n("else", else_ws));
        n("if", args)
    }

    /// A call; in tail position a `return_call` that first pops this
    /// function's frame (the arguments are computed before it is popped).
    pub(super) fn call(&mut self, name: &str, mut args: Vec<W>, pos: Position) -> Vec<W> {
        if pos == Position::Tail {
            args.extend(self.restore_frame());
            return vec![n(format!("return_call {}", name), args)];
        }
        vec![n(format!("call {}", name), args)]
    }

    /// Applying a closure: `call_indirect` through the table index it holds,
    /// with the closure itself as the environment.
    pub(super) fn apply(&mut self, callee: &Expr, args: &[Expr], pos: Position) -> Vec<W> {
        let Type::Fn(ft) = self.ty(&callee.ty) else {
            unreachable!("apply of a non-function")
        };
        let sig = self.gen.closure_type(&ft.params, &ft.ret);
        let clo = self.temp("closure", ValType::I32);
        let callee_pos = if args.iter().any(|x| self.allocates(x)) {
            Position::Kept
        } else {
            Position::Consumed
        };
        let f = self.value(callee, callee_pos);
        let mut call_args = vec![get(&clo)];
        call_args.extend(self.operands(args));
        let index = n(
            format!("i32.load offset={}", abi::CLOSURE_FUNC),
            vec![get(&clo)],
        );
        let mut out = vec![set(&clo, f)];
        if pos == Position::Tail {
            call_args.extend(self.restore_frame());
            call_args.push(index);
            out.push(n(format!("return_call_indirect (type {})", sig), call_args));
        } else {
            call_args.push(index);
            out.push(n(format!("call_indirect (type {})", sig), call_args));
        }
        out
    }

    pub(super) fn binary(&mut self, op: BinOp, ot: &Type, lhs: &Expr, rhs: &Expr) -> W {
        let lpos = if self.allocates(rhs) {
            Position::Kept
        } else {
            Position::Consumed
        };
        let l = self.value(lhs, lpos);
        let r = self.value(rhs, Position::Consumed);
        match op {
            BinOp::And => return self.if_(&Type::Bool, l, vec![r], vec![i32c(0)]),
            BinOp::Or => return self.if_(&Type::Bool, l, vec![i32c(1)], vec![r]),
            BinOp::Implies => return self.if_(&Type::Bool, l, vec![r], vec![i32c(1)]),
            _ => {}
        }
        if matches!(ot, Type::Unit) {
            // Unit values are all equal, but the operands still run: their
            // effects happen, left to right.
            let result = i32c(i64::from(op == BinOp::Eq));
            let mut parts: Vec<W> = [l, r].into_iter().filter(|w| !is_nothing(w)).collect();
            if parts.is_empty() {
                return result;
            }
            parts.insert(0, a("(result i32)"));
            parts.push(result);
            return n("block", parts);
        }
        if is_pointer(ot) && matches!(op, BinOp::Eq | BinOp::Ne) {
            let f = self.gen.eq_function(ot);
            let eq = n(format!("call {}", f), vec![l, r]);
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
        match (ot, op) {
            (Type::Float64, BinOp::Rem) => return self.float_rem(l, r),
            (Type::Int | Type::Nat, BinOp::Div) => return self.int_div(l, r),
            _ => {}
        }
        let (prefix, signed) = match ot {
            Type::Float64 => ("f64", ""),
            Type::Bool => ("i32", "_s"),
            Type::Byte => ("i32", "_u"),
            _ => ("i64", "_s"),
        };
        let float = prefix == "f64";
        let name = match op {
            BinOp::Add => "add".to_string(),
            BinOp::Sub => "sub".to_string(),
            BinOp::Mul => "mul".to_string(),
            BinOp::Div if float => "div".to_string(),
            BinOp::Div => format!("div{}", signed),
            BinOp::Rem => format!("rem{}", signed),
            BinOp::Eq => "eq".to_string(),
            BinOp::Ne => "ne".to_string(),
            BinOp::Lt if float => "lt".to_string(),
            BinOp::Gt if float => "gt".to_string(),
            BinOp::Le if float => "le".to_string(),
            BinOp::Ge if float => "ge".to_string(),
            BinOp::Lt => format!("lt{}", signed),
            BinOp::Gt => format!("gt{}", signed),
            BinOp::Le => format!("le{}", signed),
            BinOp::Ge => format!("ge{}", signed),
            BinOp::And | BinOp::Or | BinOp::Implies => unreachable!(),
        };
        let value = n(format!("{}.{}", prefix, name), vec![l, r]);
        if *ot == Type::Byte && matches!(op, BinOp::Add | BinOp::Sub | BinOp::Mul) {
            return n("i32.and", vec![value, i32c(255)]);
        }
        value
    }

    /// `x % y = x - trunc(x / y) * y` for Float64.
    fn float_rem(&mut self, l: W, r: W) -> W {
        let x = self.temp("dividend", ValType::F64);
        let y = self.temp("divisor", ValType::F64);
        let quotient = n("f64.trunc", vec![n("f64.div", vec![get(&x), get(&y)])]);
        n(
            "block (result f64)",
            vec![
                set(&x, l),
                set(&y, r),
                c("x % y = x - trunc(x / y) * y"),
                n(
                    "f64.sub",
                    vec![get(&x), n("f64.mul", vec![quotient, get(&y)])],
                ),
            ],
        )
    }

    /// Integer division truncates toward zero and wraps: the one quotient that
    /// does not fit, `-2^63 / -1`, is `-2^63` (`i64.div_s` would trap there).
    fn int_div(&mut self, l: W, r: W) -> W {
        let x = self.temp("dividend", ValType::I64);
        let y = self.temp("divisor", ValType::I64);
        n(
            "block (result i64)",
            vec![
                set(&x, l),
                set(&y, r),
                c("x / -1 is -x, which wraps for -2^63 instead of trapping"),
                n(
                    "if (result i64)",
                    vec![
                        n("i64.eq", vec![get(&y), i64c(-1)]),
                        n("then", vec![n("i64.sub", vec![i64c(0), get(&x)])]),
                        n("else", vec![n("i64.div_s", vec![get(&x), get(&y)])]),
                    ],
                ),
            ],
        )
    }

    /// `forall`/`exists` over [0, bound): a counted loop that stops at the first
    /// value deciding the answer.
    pub(super) fn quantifier(
        &mut self,
        exists: bool,
        var: crate::check::tir::LocalId,
        bound: &Expr,
        body: &Expr,
    ) -> Vec<W> {
        let word = if exists { "exists" } else { "forall" };
        let limit = self.temp("bound", ValType::I64);
        let i = self
            .local(var)
            .unwrap_or_else(|| self.temp("i", ValType::I64));
        let result = self.temp(word, ValType::I32);
        let done = self.label("done");
        let next = self.label("next");
        let b = self.value(bound, Position::Consumed);
        let p = self.value(body, Position::Consumed);
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
            let sp = self.temp("loop_sp", ValType::I32);
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

/// An instruction that does nothing: the lowering of a Unit value without effects.
fn is_nothing(w: &W) -> bool {
    matches!(w, W::Node(head, args) if head == "block" && args.is_empty())
}
