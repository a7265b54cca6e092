//! Emitting one function: its signature, locals, the GC frame, contracts, and the
//! lifted lambdas it contains.

use super::layout::{is_pointer, val_type};
use super::wat::{a, c, get, n, print_lines, set, W};
use super::{Gen, Work};
use crate::check::tir::{self, Contract, ExprKind, Function, LocalId};
use crate::check::types::Type;
use std::collections::HashMap;

/// An anonymous function lifted to a top-level WASM function.
#[derive(Clone, Debug)]
pub struct LiftedLambda {
    pub name: String,
    pub func: tir::FnId,
    pub subst: Vec<(String, Type)>,
    pub lambda: tir::Lambda,
    /// Captured bindings, in the order they are stored in the closure.
    pub captures: Vec<(LocalId, Type)>,
    pub display: String,
}

/// The state of the function being emitted.
pub struct FnEmitter<'g, 'p> {
    pub gen: &'g mut Gen<'p>,
    pub func: &'p Function,
    pub subst: Vec<(String, Type)>,
    pub locals: HashMap<LocalId, String>,
    decls: Vec<(String, &'static str)>,
    counts: HashMap<String, usize>,
    /// The local that saves the shadow-stack pointer, when the function has a GC frame.
    pub frame: Option<String>,
    pub result_local: Option<String>,
    /// Snapshots of `old(State<T>)`, by state type name.
    pub old_states: HashMap<String, String>,
    /// The Vera name of this function, for messages.
    pub display: String,
    /// Set by a caller of `expr` whose use of the value needs no root (see `expr`).
    pub consumed: bool,
    /// Whether the allocation being lowered is consumed (read by `object`).
    pub alloc_consumed: bool,
    pub wasm_name: String,
}

pub fn emit(gen: &mut Gen, work: Work) -> String {
    match work {
        Work::Fn { func, targs, name } => {
            let f = &gen.program.fns[func];
            let subst: Vec<(String, Type)> = f.type_params.iter().cloned().zip(targs).collect();
            let display = if f.root || f.module.is_empty() {
                f.name.clone()
            } else {
                format!("{}::{}", f.module, f.name)
            };
            let mut e = FnEmitter::new(gen, f, subst, display, name);
            e.function()
        }
        Work::Lambda { lambda } => {
            let f = &gen.program.fns[lambda.func];
            let mut e = FnEmitter::new(
                gen,
                f,
                lambda.subst.clone(),
                lambda.display.clone(),
                lambda.name.clone(),
            );
            e.lambda(&lambda)
        }
    }
}

impl<'g, 'p> FnEmitter<'g, 'p> {
    fn new(
        gen: &'g mut Gen<'p>,
        func: &'p Function,
        subst: Vec<(String, Type)>,
        display: String,
        wasm_name: String,
    ) -> Self {
        FnEmitter {
            gen,
            func,
            subst,
            locals: HashMap::new(),
            decls: Vec::new(),
            counts: HashMap::new(),
            frame: None,
            result_local: None,
            old_states: HashMap::new(),
            display,
            wasm_name,
            consumed: false,
            alloc_consumed: false,
        }
    }

    /// A type with this instance's type arguments substituted.
    pub fn ty(&self, t: &Type) -> Type {
        if self.subst.is_empty() {
            return t.clone();
        }
        t.subst(&|v| {
            self.subst
                .iter()
                .find(|(p, _)| p == v)
                .map(|(_, t)| t.clone())
        })
    }

    pub fn local_ty(&self, id: LocalId) -> Type {
        self.ty(&self.func.locals[id].ty)
    }

    pub fn fresh_name(&mut self, base: &str) -> String {
        let count = self.counts.entry(base.to_string()).or_insert(0);
        let name = format!("${}_{}", base, count);
        *count += 1;
        name
    }

    /// A new local of a value type, declared at the top of the function.
    pub fn temp(&mut self, purpose: &str, vt: &'static str) -> String {
        let name = self.fresh_name(purpose);
        self.decls.push((name.clone(), vt));
        name
    }

    /// The WASM local of a Vera binding, declared on first use; `None` for Unit.
    pub fn local(&mut self, id: LocalId) -> Option<String> {
        if let Some(name) = self.locals.get(&id) {
            return Some(name.clone());
        }
        let t = self.local_ty(id);
        let vt = val_type(&t)?;
        let base = slot_base(&self.func.locals[id].key);
        let name = self.fresh_name(&base);
        self.decls.push((name.clone(), vt));
        self.locals.insert(id, name.clone());
        Some(name)
    }

    fn param(&mut self, id: LocalId) -> Option<String> {
        let name = self.local(id)?;
        self.decls.retain(|(n, _)| *n != name);
        Some(name)
    }

    fn function(&mut self) -> String {
        let f = self.func;
        let params: Vec<(LocalId, Type)> =
            f.params.iter().map(|&id| (id, self.local_ty(id))).collect();
        let ret = self.ty(&f.ret);
        let mut header = vec![];
        if f.exported && f.type_params.is_empty() {
            self.check_entry_state(f);
            header.push(a(format!("(export \"{}\")", f.name)));
            if params.iter().any(|(_, t)| *t == Type::String) {
                // `vera run` allocates String arguments with the program's allocator.
                self.gen.use_prelude("gc");
            }
            self.gen.exports.push(super::module::ExportInfo {
                name: f.name.clone(),
                params: params.iter().map(|(_, t)| t.clone()).collect(),
                ret: ret.clone(),
            });
        }
        let mut pdecls = Vec::new();
        for (id, t) in &params {
            if let Some(name) = self.param(*id) {
                pdecls.push(a(format!("(param {} {})", name, val_type(t).unwrap())));
            }
        }
        header.extend(pdecls);
        if let Some(vt) = val_type(&ret) {
            header.push(a(format!("(result {})", vt)));
        }
        let needs_frame = self.allocates(&f.body)
            || f.requires
                .iter()
                .chain(&f.ensures)
                .any(|k| self.allocates(&k.expr));
        let mut body = Vec::new();
        if needs_frame {
            body.extend(
                self.open_frame(
                    params
                        .iter()
                        .filter(|(_, t)| is_pointer(t))
                        .map(|(id, _)| *id)
                        .collect(),
                ),
            );
        }
        for k in &f.requires {
            body.extend(self.contract(k, "Precondition"));
        }
        let ensures: Vec<&Contract> = f.ensures.iter().filter(|k| !is_trivial(&k.expr)).collect();
        for k in &ensures {
            self.snapshot_old(&k.expr, &mut body);
        }
        if ensures.is_empty() {
            body.extend(self.expr(&f.body, true));
        } else {
            let value = self.expr(&f.body, false);
            match val_type(&ret) {
                Some(vt) => {
                    let result = self.temp("result", vt);
                    self.result_local = Some(result.clone());
                    body.push(set(&result, self.single(value, &ret)));
                }
                None => body.extend(value),
            }
            for k in ensures {
                body.extend(self.contract(k, "Postcondition"));
            }
            if let Some(r) = &self.result_local {
                body.push(get(r));
            }
        }
        if let Some(restore) = self.restore_frame() {
            body.push(restore);
        }
        let comment = format!(";; fn {}   -- {}", f.signature, f.origin);
        self.finish(comment, header, body)
    }

    /// A function `vera run` may call starts with fresh state cells: zero for
    /// numbers and Bool, "" for String. Other heap types have no such value.
    fn check_entry_state(&mut self, f: &Function) {
        for e in &f.effects {
            if let crate::check::types::Effect::Named { name, args } = e {
                let ty = args.first().map(|t| self.ty(t));
                if let (true, Some(t)) = (name == "State", ty) {
                    if is_pointer(&t) && t != Type::String {
                        let shown = self.gen.type_name(&t);
                        self.gen.diags.push(
                            crate::diagnostics::Diagnostic::error(
                                "E604",
                                f.span,
                                format!("The public function `{}` declares State<{}> without handling it, so a run could read a state that was never set: a {} has no zero value.", f.name, shown, shown),
                                )
                            .fix(format!("Handle the state inside the function: handle[State<{}>](@{} = ...) {{ ... }} in {{ ... }}, or make the function private.", shown, shown))
                            .spec("Chapter 7, Section 7.5"),
                        );
                    }
                }
            }
        }
    }

    fn lambda(&mut self, l: &LiftedLambda) -> String {
        let mut header = vec![a("(param $env i32)")];
        for &id in &l.lambda.params {
            let t = self.local_ty(id);
            if let Some(name) = self.param(id) {
                header.push(a(format!("(param {} {})", name, val_type(&t).unwrap())));
            }
        }
        let ret = self.ty(&l.lambda.ret);
        if let Some(vt) = val_type(&ret) {
            header.push(a(format!("(result {})", vt)));
        }
        let mut body = Vec::new();
        // Captured values live in the closure; copy them into locals on entry.
        let (offsets, _) = super::layout::fields_layout(
            &l.captures
                .iter()
                .map(|(_, t)| t.clone())
                .collect::<Vec<_>>(),
            super::layout::CLOSURE_DATA,
        );
        for ((id, t), off) in l.captures.iter().zip(offsets) {
            if let Some(name) = self.local(*id) {
                let load = n(
                    format!("{} offset={}", super::layout::load_op(t), off),
                    vec![get("$env")],
                );
                body.push(set(&name, load));
            }
        }
        let pointers: Vec<LocalId> = l
            .lambda
            .params
            .iter()
            .copied()
            .filter(|&id| is_pointer(&self.local_ty(id)))
            .collect();
        if self.allocates(&l.lambda.body) {
            let mut open = self.open_frame(pointers);
            open.insert(1, n("call $gc_push", vec![get("$env")]));
            let mut all = open;
            all.extend(body);
            body = all;
        }
        body.extend(self.expr(&l.lambda.body, true));
        if let Some(restore) = self.restore_frame() {
            body.push(restore);
        }
        let comment = format!(";; anonymous function in {}", self.display);
        self.finish(comment, header, body)
    }

    fn finish(&mut self, comment: String, header: Vec<W>, body: Vec<W>) -> String {
        let mut out = String::new();
        out.push_str("  ");
        out.push_str(&comment);
        out.push('\n');
        out.push_str(&format!("  (func {}", self.wasm_name));
        for h in &header {
            out.push(' ');
            h.print(4, &mut out);
        }
        out.push('\n');
        for (name, vt) in &self.decls {
            out.push_str(&format!("    (local {} {})\n", name, vt));
        }
        print_lines(&body, 4, &mut out);
        out.pop();
        out.push_str(")\n");
        out
    }

    /// Save the shadow-stack pointer and root the pointer parameters.
    fn open_frame(&mut self, pointer_params: Vec<LocalId>) -> Vec<W> {
        self.gen.use_prelude("gc");
        let frame = self.temp("frame", "i32");
        self.frame = Some(frame.clone());
        let mut out = vec![set(&frame, n("global.get $gc_sp", vec![]))];
        for id in pointer_params {
            if let Some(name) = self.local(id) {
                out.push(n("call $gc_push", vec![get(&name)]));
            }
        }
        out
    }

    pub fn restore_frame(&self) -> Option<W> {
        self.frame
            .as_ref()
            .map(|f| n("global.set $gc_sp", vec![get(f)]))
    }

    fn contract(&mut self, k: &Contract, kind: &str) -> Vec<W> {
        if is_trivial(&k.expr) {
            return vec![];
        }
        let cond = self.expr(&k.expr, false);
        let cond = self.single(cond, &Type::Bool);
        let msg = format!(
            "{} violation in {}: {} failed",
            kind, self.func.signature, k.text
        );
        vec![
            c(&k.text),
            n(
                "if",
                vec![n("i32.eqz", vec![cond]), n("then", self.fail(&msg))],
            ),
        ]
    }

    /// Stop the program with a message: `vera.fail` never returns.
    pub fn fail(&mut self, msg: &str) -> Vec<W> {
        let addr = self.gen.string(msg);
        self.gen.import("fail");
        vec![
            n("call $vera.fail", vec![super::wat::i32c(addr as i64)]),
            a("unreachable"),
        ]
    }

    fn snapshot_old(&mut self, e: &tir::Expr, out: &mut Vec<W>) {
        visit(e, &mut |x| {
            if let ExprKind::Old(t) = &x.kind {
                let t = self.ty(t);
                let tn = self.gen.type_name(&t);
                if !self.old_states.contains_key(&tn) {
                    let vt = val_type(&t).unwrap_or("i32");
                    let name = self.temp(&format!("old_{}", tn.to_lowercase()), vt);
                    let v = self.state_get(&t);
                    out.push(set(&name, v));
                    self.old_states.insert(tn, name);
                }
            }
        });
    }

    /// Whether evaluating `e` may allocate, and so run the collector: then the
    /// function needs a GC frame.
    pub fn allocates(&self, e: &tir::Expr) -> bool {
        may_alloc(e, &self.gen.may_alloc)
    }
}

/// Whether evaluating `e` may allocate, given which functions may (`fns`).
pub fn may_alloc(e: &tir::Expr, fns: &[bool]) -> bool {
    let mut found = false;
    visit(e, &mut |x| {
        found |= match &x.kind {
            ExprKind::Construct { args, .. } => !args.is_empty(),
            ExprKind::Tuple(_) | ExprKind::Lambda(_) | ExprKind::Apply { .. } => true,
            ExprKind::Array(items) => !items.is_empty(),
            ExprKind::Call { func, .. } => fns[*func],
            ExprKind::Builtin { builtin, .. } => !matches!(
                builtin,
                tir::Builtin::Length
                    | tir::Builtin::StringLength
                    | tir::Builtin::CharCode
                    | tir::Builtin::ToFloat
                    | tir::Builtin::ParseFloat64
            ),
            ExprKind::Perform { effect, .. } => {
                !matches!(effect, crate::check::types::Effect::Named { name, .. } if matches!(name.as_str(), "IO" | "State" | "Exn"))
            }
            ExprKind::Handle(h) => {
                !matches!(&h.effect, crate::check::types::Effect::Named { name, .. } if matches!(name.as_str(), "State" | "Exn"))
            }
            _ => false,
        };
    });
    found
}

/// For each function, whether calling it may allocate: a fixed point over the
/// call graph (a function allocates if it allocates itself or calls one that does).
pub fn allocation_summary(program: &tir::Program) -> Vec<bool> {
    let mut fns = vec![false; program.fns.len()];
    loop {
        let mut changed = false;
        for (i, f) in program.fns.iter().enumerate() {
            if !fns[i]
                && (may_alloc(&f.body, &fns)
                    || f.requires
                        .iter()
                        .chain(&f.ensures)
                        .any(|k| may_alloc(&k.expr, &fns)))
            {
                fns[i] = true;
                changed = true;
            }
        }
        if !changed {
            return fns;
        }
    }
}

/// `true`, which needs no check.
pub fn is_trivial(e: &tir::Expr) -> bool {
    matches!(e.kind, ExprKind::Bool(true))
}

/// A readable local name for a slot type: `Option<Int>` → `option_int`.
fn slot_base(key: &str) -> String {
    let mut s = String::new();
    for ch in key.chars() {
        if ch.is_ascii_alphanumeric() {
            s.push(ch.to_ascii_lowercase());
        } else if !s.ends_with('_') && !s.is_empty() {
            s.push('_');
        }
    }
    let s = s.trim_end_matches('_').to_string();
    if s.is_empty() {
        "v".into()
    } else {
        s
    }
}

/// Visit every sub-expression (lambda bodies included).
pub fn visit(e: &tir::Expr, f: &mut dyn FnMut(&tir::Expr)) {
    f(e);
    let mut go = |x: &tir::Expr| visit(x, f);
    match &e.kind {
        ExprKind::Binary { lhs, rhs, .. } => {
            go(lhs);
            go(rhs);
        }
        ExprKind::Unary { operand, .. } => go(operand),
        ExprKind::Call { args, .. }
        | ExprKind::Builtin { args, .. }
        | ExprKind::Construct { args, .. }
        | ExprKind::Tuple(args)
        | ExprKind::Array(args)
        | ExprKind::Perform { args, .. } => args.iter().for_each(go),
        ExprKind::Apply { callee, args } => {
            go(callee);
            args.iter().for_each(go);
        }
        ExprKind::Index { base, index } => {
            go(base);
            go(index);
        }
        ExprKind::Lambda(l) => go(&l.body),
        ExprKind::If {
            cond,
            then_branch,
            else_branch,
        } => {
            go(cond);
            go(then_branch);
            go(else_branch);
        }
        ExprKind::Match { scrutinee, arms } => {
            go(scrutinee);
            arms.iter().for_each(|a| go(&a.body));
        }
        ExprKind::Block { stmts, tail } => {
            for s in stmts {
                match s {
                    tir::Stmt::Let { value, .. }
                    | tir::Stmt::LetTuple { value, .. }
                    | tir::Stmt::Expr(value) => go(value),
                }
            }
            go(tail);
        }
        ExprKind::Handle(h) => {
            if let Some((_, init)) = &h.state {
                go(init);
            }
            for cl in &h.clauses {
                go(&cl.body);
                if let Some(u) = &cl.update {
                    go(u);
                }
            }
            go(&h.body);
        }
        ExprKind::Assert(p, _) | ExprKind::Assume(p) | ExprKind::Resume(p) => go(p),
        ExprKind::Quantifier { bound, body, .. } => {
            go(bound);
            go(body);
        }
        _ => {}
    }
}
