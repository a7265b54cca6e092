//! Emitting one WebAssembly function: a declared function instance, a lifted
//! lambda, or a handler clause — its signature, locals, GC frame and contracts.
//!
//! A function that may allocate has a *frame*: it saves `$gc_sp` on entry,
//! pushes its pointer parameters, and restores `$gc_sp` before it returns
//! (before `return_call` in tail position). Which fresh values are pushed in
//! between is decided by the [`Position`] each expression is lowered in.

use super::analysis;
use super::wat::{a, c, get, i32c, n, print_lines, set, W};
use super::{Gen, Import, Work};
use crate::abi::{self, is_pointer, val_type, ValType};
use crate::check::tir::{self, ClauseId, Contract, Expr, FnId, Function, LocalId};
use crate::check::types::{Effect, Type};
use std::collections::HashMap;

/// Where a value goes once computed: this decides tail calls and rooting.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Position {
    /// The function's result: a call becomes `return_call` (after the frame is
    /// popped), and nothing needs a root.
    Tail,
    /// Used before anything else can allocate — stored into a field, passed to
    /// a call with no allocating operand after it, compared, or dropped: a
    /// fresh heap value needs no root.
    Consumed,
    /// Must survive later allocations (a `let`, an operand waiting for an
    /// allocating one): a fresh heap value is pushed on the shadow stack.
    Kept,
    /// The end of a handler clause: `resume(v)` makes `v` the operation's
    /// result; any other value ends the whole `handle` with it (an abort).
    ClauseEnd,
}

impl Position {
    /// The position of a value that is computed here but leaves through code
    /// that must still run (a handler's restore): never a tail call.
    pub fn not_tail(self) -> Position {
        match self {
            Position::Tail | Position::ClauseEnd => Position::Consumed,
            p => p,
        }
    }
}

/// Type variables of the instance being emitted and what they stand for.
pub type Subst = Vec<(String, Type)>;

/// A function lifted out of a declared function: a lambda or a handler clause.
pub struct Lifted {
    pub name: String,
    /// The declared function it was written in (its bindings' table).
    pub func: FnId,
    pub subst: Subst,
    /// The Vera function it belongs to, for messages.
    pub display: String,
    pub kind: LiftedKind,
}

pub enum LiftedKind {
    Lambda {
        lambda: Box<tir::Lambda>,
        /// Captured bindings, in the order they are stored in the closure.
        captures: Vec<(LocalId, Type)>,
    },
    Clause(Box<ClauseWork>),
}

/// A clause of a user-effect handler, as its own function `(param $handler i32)
/// params… (result op-result)`, reading its state and captures from the record.
pub struct ClauseWork {
    pub clause: tir::Clause,
    pub op_name: String,
    pub op_params: Vec<Type>,
    pub op_ret: Type,
    /// The handle's type: a clause that does not resume ends it with this.
    pub result: Type,
    /// The global of the handled effect (the clause runs under the enclosing handler).
    pub global: String,
    pub effect_text: String,
    /// The handler state's type and offset in the record.
    pub state: Option<(Type, u32)>,
    /// Captured bindings and their offsets in the record.
    pub captures: Vec<(LocalId, Type, u32)>,
}

/// The clause being emitted, for `resume` and aborts.
pub struct ClauseCtx {
    pub update: Option<Expr>,
    pub state: Option<(Type, u32)>,
    /// The handle's type, which an ending clause's value has.
    pub result: Type,
    /// The operation's result, which the clause function returns: the type of
    /// the `if`/`match`/blocks that lead to its `resume`s.
    pub op_ret: Type,
}

/// The state of the function being emitted.
pub struct FnEmitter<'g, 'p> {
    pub gen: &'g mut Gen<'p>,
    pub func: &'p Function,
    pub func_id: FnId,
    pub subst: Subst,
    locals: HashMap<LocalId, String>,
    decls: Vec<(String, ValType)>,
    counts: HashMap<String, usize>,
    /// The local that saves the shadow-stack pointer, when the function has a GC frame.
    pub frame: Option<String>,
    pub result_local: Option<String>,
    /// Snapshots of `old(State<T>)`, by state type.
    pub old_states: HashMap<Type, String>,
    /// The Vera name of this function, for messages.
    pub display: String,
    pub wasm_name: String,
    pub clause: Option<ClauseCtx>,
}

pub fn emit(gen: &mut Gen, work: Work) -> String {
    match work {
        Work::Fn { func, targs, name } => {
            let f = &gen.program.fns[func];
            let subst: Subst = f.type_params.iter().cloned().zip(targs).collect();
            let display = if f.root || f.module.is_empty() {
                f.name.clone()
            } else {
                format!("{}::{}", f.module, f.name)
            };
            FnEmitter::new(gen, func, subst, display, name).function()
        }
        Work::Lambda(lifted) => {
            let Lifted {
                name,
                func,
                subst,
                display,
                kind,
            } = *lifted;
            let mut e = FnEmitter::new(gen, func, subst, display, name);
            match kind {
                LiftedKind::Lambda { lambda, captures } => e.lambda(&lambda, &captures),
                LiftedKind::Clause(work) => e.clause_fn(*work),
            }
        }
    }
}

impl<'g, 'p> FnEmitter<'g, 'p> {
    fn new(
        gen: &'g mut Gen<'p>,
        func_id: FnId,
        subst: Subst,
        display: String,
        wasm_name: String,
    ) -> Self {
        let func = &gen.program.fns[func_id];
        FnEmitter {
            gen,
            func,
            func_id,
            subst,
            locals: HashMap::new(),
            decls: Vec::new(),
            counts: HashMap::new(),
            frame: None,
            result_local: None,
            old_states: HashMap::new(),
            display,
            wasm_name,
            clause: None,
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

    pub fn effect(&self, e: &Effect) -> Effect {
        e.subst(&|v| {
            self.subst
                .iter()
                .find(|(p, _)| p == v)
                .map(|(_, t)| t.clone())
        })
    }

    pub fn local_ty(&self, id: LocalId) -> Type {
        self.ty(&self.func.locals[id].ty)
    }

    fn fresh_name(&mut self, base: &str) -> String {
        let count = self.counts.entry(base.to_string()).or_insert(0);
        let name = format!("${}_{}", base, count);
        *count += 1;
        name
    }

    /// A new local, declared at the top of the function.
    pub fn temp(&mut self, purpose: &str, vt: ValType) -> String {
        let name = self.fresh_name(purpose);
        self.decls.push((name.clone(), vt));
        name
    }

    /// A label for a block or loop.
    pub fn label(&mut self, base: &str) -> String {
        self.fresh_name(base)
    }

    /// The WASM local of a Vera binding, declared on first use; `None` for Unit.
    pub fn local(&mut self, id: LocalId) -> Option<String> {
        if let Some(name) = self.locals.get(&id) {
            return Some(name.clone());
        }
        let vt = val_type(&self.local_ty(id))?;
        let base = slot_base(&self.func.locals[id].key);
        let name = self.fresh_name(&base);
        self.decls.push((name.clone(), vt));
        self.locals.insert(id, name.clone());
        Some(name)
    }

    /// A binding that is a parameter: named, but declared by the signature.
    fn param(&mut self, id: LocalId) -> Option<(String, ValType)> {
        let name = self.local(id)?;
        self.decls.retain(|(n, _)| *n != name);
        Some((name, val_type(&self.local_ty(id))?))
    }

    pub fn allocates(&self, e: &Expr) -> bool {
        analysis::allocates(e, &self.gen.may_alloc)
    }

    pub fn may_unwind(&self, e: &Expr) -> bool {
        analysis::may_unwind(e, self.gen.program, &self.gen.unwinding)
    }

    fn function(&mut self) -> String {
        let f = self.func;
        let params: Vec<(LocalId, Type)> =
            f.params.iter().map(|&id| (id, self.local_ty(id))).collect();
        let ret = self.ty(&f.ret);
        let mut header = vec![];
        if f.exported && f.type_params.is_empty() {
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
        header.extend(self.param_decls(&f.params));
        if let Some(vt) = val_type(&ret) {
            header.push(a(format!("(result {})", vt.name())));
        }
        let mut body = Vec::new();
        if analysis::function_roots(f).any(|e| self.allocates(e)) {
            body.extend(self.open_frame(&f.params, None));
        }
        // Clauses the verifier proved (`--verify`) have no check, only a comment.
        let id = self.func_id;
        let proved: Vec<bool> = (0..f.requires.len())
            .map(|i| ClauseId::Requires(id, i))
            .chain((0..f.ensures.len()).map(|i| ClauseId::Ensures(id, i)))
            .map(|c| self.gen.proved.contains(&c))
            .collect();
        let mut proved_lines = Vec::new();
        let mut requires = Vec::new();
        for (i, k) in f.requires.iter().enumerate() {
            match proved[i] {
                true if !is_trivial(&k.expr) => proved_lines.push(&k.text),
                true => {}
                false => requires.push(k),
            }
        }
        for k in requires {
            body.extend(self.contract(k, "Precondition"));
        }
        let mut ensures: Vec<&Contract> = Vec::new();
        for (i, k) in f.ensures.iter().enumerate() {
            match proved[f.requires.len() + i] {
                _ if is_trivial(&k.expr) => {}
                true => proved_lines.push(&k.text),
                false => ensures.push(k),
            }
        }
        for k in &ensures {
            self.snapshot_old(&k.expr, &mut body);
        }
        if ensures.is_empty() {
            body.extend(self.expr(&f.body, Position::Tail));
        } else {
            // The result waits in a local while the postconditions are checked.
            let pos = if ensures.iter().any(|k| self.allocates(&k.expr)) {
                Position::Kept
            } else {
                Position::Consumed
            };
            let value = self.expr(&f.body, pos);
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
        body.extend(self.restore_frame());
        let mut comment = format!(";; fn {}   -- {}", f.signature, self.gen.place(f.span));
        for text in proved_lines {
            comment.push_str(&format!("\n  ;; {} proved", text));
        }
        self.finish(comment, header, body)
    }

    fn param_decls(&mut self, params: &[LocalId]) -> Vec<W> {
        params
            .iter()
            .filter_map(|&id| self.param(id))
            .map(|(name, vt)| a(format!("(param {} {})", name, vt.name())))
            .collect()
    }

    fn lambda(&mut self, l: &tir::Lambda, captures: &[(LocalId, Type)]) -> String {
        let mut header = vec![a("(param $env i32)")];
        header.extend(self.param_decls(&l.params));
        let ret = self.ty(&l.ret);
        if let Some(vt) = val_type(&ret) {
            header.push(a(format!("(result {})", vt.name())));
        }
        let mut body = Vec::new();
        if self.allocates(&l.body) {
            body.extend(self.open_frame(&l.params, Some("$env")));
        }
        // Captured values live in the closure; copy them into locals on entry.
        let types: Vec<Type> = captures.iter().map(|(_, t)| t.clone()).collect();
        let layout = abi::closure_layout(&types);
        for ((id, t), off) in captures.iter().zip(layout.offsets) {
            if let Some(name) = self.local(*id) {
                body.push(set(&name, load(t, off, get("$env"))));
            }
        }
        body.extend(self.expr(&l.body, Position::Tail));
        body.extend(self.restore_frame());
        let comment = format!(
            ";; anonymous function in {}   -- {}",
            self.display,
            self.gen.place(l.body.span)
        );
        self.finish(comment, header, body)
    }

    /// A handler clause: it runs under the enclosing handler of its effect, and
    /// puts its own handler back when it resumes (or when an exception passes).
    fn clause_fn(&mut self, w: ClauseWork) -> String {
        let cl = &w.clause;
        let mut header = vec![a("(param $handler i32)")];
        header.extend(self.param_decls(&cl.params));
        if let Some(vt) = val_type(&w.op_ret) {
            header.push(a(format!("(result {})", vt.name())));
        }
        let mut body = Vec::new();
        if self.allocates(&cl.body) || cl.update.as_ref().is_some_and(|u| self.allocates(u)) {
            body.extend(self.open_frame(&cl.params, None));
        }
        if !w.captures.is_empty() || cl.state.is_some() {
            body.push(c(
                "the handler's state and captured bindings, from its record",
            ));
        }
        if let (Some(id), Some((t, off))) = (cl.state, &w.state) {
            if let Some(name) = self.local(id) {
                body.push(set(&name, load(t, *off, get("$handler"))));
            }
        }
        for (id, t, off) in &w.captures {
            if let Some(name) = self.local(*id) {
                body.push(set(&name, load(t, *off, get("$handler"))));
            }
        }
        body.push(c(format!(
            "while the clause runs, an operation of {} goes to the enclosing handler",
            w.effect_text
        )));
        body.push(n(
            format!("global.set {}", w.global),
            vec![n(
                format!("i32.load offset={}", abi::HANDLER_OUTER),
                vec![get("$handler")],
            )],
        ));
        self.clause = Some(ClauseCtx {
            update: cl.update.clone(),
            state: w.state.clone(),
            result: w.result.clone(),
            op_ret: w.op_ret.clone(),
        });
        let value = self.expr(&cl.body, Position::ClauseEnd);
        let restore = n(format!("global.set {}", w.global), vec![get("$handler")]);
        if self.may_unwind(&cl.body) {
            body.extend(self.restoring(&w.op_ret, value, vec![restore.clone()]));
        } else {
            body.extend(value);
        }
        body.push(c(
            "resumed: the handler is back in place for the rest of its body",
        ));
        body.push(restore);
        body.extend(self.restore_frame());
        let comment = format!(
            ";; clause {} of handle[{}] in {}   -- {}",
            w.op_name,
            w.effect_text,
            self.display,
            self.gen.place(cl.body.span)
        );
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
            out.push_str(&format!("    (local {} {})\n", name, vt.name()));
        }
        print_lines(&body, 4, &mut out);
        // A comment runs to the end of its line: then the closing parenthesis
        // goes on a line of its own.
        if matches!(body.last(), Some(W::Comment(_))) {
            out.push_str("  )\n");
        } else {
            out.pop();
            out.push_str(")\n");
        }
        out
    }

    /// Save the shadow-stack pointer and root the pointer parameters (and the
    /// closure environment).
    fn open_frame(&mut self, params: &[LocalId], env: Option<&str>) -> Vec<W> {
        self.gen.use_prelude("gc");
        let frame = self.temp("frame", ValType::I32);
        self.frame = Some(frame.clone());
        let mut out = vec![set(&frame, n("global.get $gc_sp", vec![]))];
        if let Some(env) = env {
            out.push(n("call $gc_push", vec![get(env)]));
        }
        for &id in params {
            if is_pointer(&self.local_ty(id)) {
                if let Some(name) = self.local(id) {
                    out.push(n("call $gc_push", vec![get(&name)]));
                }
            }
        }
        out
    }

    /// Pop this function's frame (nothing if it has none).
    pub fn restore_frame(&self) -> Option<W> {
        self.frame
            .as_ref()
            .map(|f| n("global.set $gc_sp", vec![get(f)]))
    }

    fn contract(&mut self, k: &Contract, kind: &str) -> Vec<W> {
        if is_trivial(&k.expr) {
            return vec![];
        }
        let cond = self.value(&k.expr, Position::Consumed);
        let msg = format!(
            "{} violation in {}: {} failed",
            kind, self.func.signature, k.text
        );
        vec![
            c(format!("{}   -- {}", k.text, self.gen.lines(k.expr.span))),
            n(
                "if",
                vec![n("i32.eqz", vec![cond]), n("then", self.fail(&msg))],
            ),
        ]
    }

    /// Stop the program with a message: `vera.fail` never returns.
    pub fn fail(&mut self, msg: &str) -> Vec<W> {
        let addr = self.gen.string(msg);
        self.gen.import(Import::Fail);
        vec![
            n("call $vera.fail", vec![i32c(addr as i64)]),
            a("unreachable"),
        ]
    }

    /// Take the `old(State<T>)` snapshots an `ensures` needs, on entry. A heap
    /// snapshot is rooted: the body may replace the state and collect.
    fn snapshot_old(&mut self, e: &Expr, out: &mut Vec<W>) {
        let mut types = Vec::new();
        e.walk(&mut |x| {
            if let tir::ExprKind::Old(t) = &x.kind {
                types.push(t.clone());
            }
        });
        for t in types {
            let t = self.ty(&t);
            if self.old_states.contains_key(&t) {
                continue;
            }
            let Some(vt) = val_type(&t) else { continue };
            let base = format!("old_{}", slot_base(&self.gen.label(&t)));
            let name = self.temp(&base, vt);
            let v = self.state_get(&t);
            out.push(set(&name, v));
            if is_pointer(&t) && self.frame.is_some() {
                out.push(n("call $gc_push", vec![get(&name)]));
            }
            self.old_states.insert(t, name);
        }
    }
}

/// Load a value of type `t` at `offset` from the object `base`.
pub fn load(t: &Type, offset: u32, base: W) -> W {
    n(format!("{} offset={}", abi::load_op(t), offset), vec![base])
}

/// Store `value` of type `t` at `offset` in the object `base`.
pub fn store(t: &Type, offset: u32, base: W, value: W) -> W {
    n(
        format!("{} offset={}", abi::store_op(t), offset),
        vec![base, value],
    )
}

/// `true`, which needs no check.
pub fn is_trivial(e: &Expr) -> bool {
    matches!(e.kind, tir::ExprKind::Bool(true))
}

/// A readable local name for a slot type: `Option<Int>` → `option_int`.
pub fn slot_base(key: &str) -> String {
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
