//! Effects: performing operations and lowering `handle`.
//!
//! - `State<T>` is a global cell. A `handle[State<T>]` saves the outer value,
//!   sets the initial one, and puts the outer value back when its body ends.
//! - `Exn<E>` is a WebAssembly exception tag; `handle[Exn<E>]` is a `try_table`
//!   that catches it.
//! - A user-defined effect is handled through a *handler record* (layout in
//!   `crate::abi`): the enclosing handler, one function per clause, the
//!   handler's state and the clauses' captured values. A global holds the
//!   innermost record of each effect; performing an operation calls the
//!   clause found there. A clause that does not resume ends the `handle` by
//!   throwing an abort tag carrying its record and value.
//!
//! The unwinding invariant: every construct that changes a global (a state
//! cell, a handler global) puts it back on every way out — when its body ends,
//! and, when the body may throw, in a `catch_all_ref` that then rethrows. Every
//! construct that catches (an `Exn` handler, a user handler ending by abort)
//! resets `$gc_sp` to its value when the construct was entered, then roots the
//! caught value.

use super::analysis;
use super::func::{store, ClauseWork, FnEmitter, LiftedKind, Position};
use super::wat::{a, c, get, n, set, W};
use crate::abi::{self, is_pointer, val_type, ValType};
use crate::check::tir::{self, Expr, LocalId};
use crate::check::types::{Effect, EffectId, Type};

impl FnEmitter<'_, '_> {
    pub(super) fn handle(&mut self, h: &tir::Handle, ty: &Type, pos: Position) -> Vec<W> {
        let Effect::Named { id, args } = self.effect(&h.effect) else {
            unreachable!("a handle of an effect variable")
        };
        match id {
            EffectId::STATE => self.handle_state(h, &args[0], ty, pos),
            EffectId::EXN => self.handle_exn(h, &args[0], ty, pos),
            _ => self.handle_user(h, id, &args, ty, pos),
        }
    }

    /// Read the `State<T>` cell. A cell of a heap type that was never set (a
    /// public function run directly with the state in its row) stops the program.
    pub fn state_get(&mut self, t: &Type) -> W {
        let cell = self.gen.state_cell(t);
        let read = n(format!("global.get {}", cell), vec![]);
        if !is_pointer(t) || *t == Type::String {
            return read;
        }
        let msg = format!(
            "State<{}> read in {} before any value was set: no handle[State<{}>] gives it an initial value",
            self.gen.label(t),
            self.display,
            self.gen.label(t)
        );
        let fail = self.fail(&msg);
        n(
            "block (result i32)",
            vec![
                n(
                    "if",
                    vec![n("i32.eqz", vec![read.clone()]), n("then", fail)],
                ),
                read,
            ],
        )
    }

    pub fn state_put(&mut self, t: &Type, value: W) -> W {
        let cell = self.gen.state_cell(t);
        n(format!("global.set {}", cell), vec![value])
    }

    /// `body` (of type `t`), with `restore` run if an exception leaves it,
    /// before the exception goes on.
    pub(super) fn restoring(&mut self, t: &Type, body: Vec<W>, restore: Vec<W>) -> Vec<W> {
        let ok = self.label("ok");
        let unwinding = self.label("unwinding");
        let result = val_type(t).map(|vt| a(format!("(result {})", vt.name())));
        let mut try_args: Vec<W> = result.iter().cloned().collect();
        try_args.push(a(format!("(catch_all_ref {})", unwinding)));
        try_args.extend(body);
        let inner = n(
            "block",
            vec![
                a(unwinding),
                a("(result exnref)"),
                n("try_table", try_args),
                n(format!("br {}", ok), vec![]),
            ],
        );
        let mut outer: Vec<W> = vec![a(ok)];
        outer.extend(result);
        outer.push(inner);
        outer.push(c(
            "an exception leaves the body: put things back, then let it go on",
        ));
        outer.extend(restore);
        outer.push(a("throw_ref"));
        vec![n("block", outer)]
    }

    /// State lives in a global cell: save the outer value, set the initial one,
    /// run the body, put the outer value back. State<Unit> has no cell.
    fn handle_state(&mut self, h: &tir::Handle, st: &Type, ty: &Type, pos: Position) -> Vec<W> {
        let Some(vt) = val_type(st) else {
            let mut out: Vec<W> = h
                .state
                .iter()
                .flat_map(|(_, init)| self.expr(init, Position::Consumed))
                .collect();
            out.extend(self.expr(&h.body, pos.not_tail()));
            return vec![self.single(out, ty)];
        };
        let saved = self.temp("outer_state", vt);
        let cell = self.gen.state_cell(st);
        let mut out = vec![
            c(format!(
                "handle[State<{}>]: save the outer state, set the initial one",
                self.gen.label(st)
            )),
            set(&saved, n(format!("global.get {}", cell), vec![])),
        ];
        if is_pointer(st) && self.frame.is_some() {
            // The saved outer value must survive collections in the body.
            out.push(n("call $gc_push", vec![get(&saved)]));
        }
        if let Some((_, init)) = &h.state {
            let v = self.value(init, Position::Consumed);
            out.push(self.state_put(st, v));
        }
        let restore = self.state_put(st, get(&saved));
        let body = self.expr(&h.body, pos.not_tail());
        if self.may_unwind(&h.body) {
            out.extend(self.restoring(ty, body, vec![restore.clone()]));
        } else {
            out.extend(body);
        }
        out.push(c("the body ended: the outer state again"));
        out.push(restore);
        vec![self.single(out, ty)]
    }

    /// Save `$gc_sp` on entering a construct that catches (when this function
    /// has a frame); returns the local holding it.
    fn save_sp(&mut self, out: &mut Vec<W>) -> Option<String> {
        self.frame.as_ref()?;
        let sp = self.temp("sp", ValType::I32);
        out.push(set(&sp, n("global.get $gc_sp", vec![])));
        Some(sp)
    }

    /// After a catch: the frames the exception unwound are gone, so drop their
    /// shadow-stack entries, then root the caught value, which only this
    /// frame now holds.
    fn after_catch(&mut self, sp: &Option<String>, caught: Option<(&str, &Type)>) -> Vec<W> {
        let Some(sp) = sp else { return vec![] };
        let mut out = vec![n("global.set $gc_sp", vec![get(sp)])];
        if let Some((l, t)) = caught {
            if is_pointer(t) {
                out.push(n("call $gc_push", vec![get(l)]));
            }
        }
        out
    }

    /// `throw` unwinds to the `try_table` of the nearest handler for its type.
    fn handle_exn(&mut self, h: &tir::Handle, et: &Type, ty: &Type, pos: Position) -> Vec<W> {
        let tag = self.gen.exn_tag(et);
        let label = self.label("handled");
        let caught = self.label("caught");
        let mut pre = Vec::new();
        let sp = self.save_sp(&mut pre);
        let result = val_type(ty).map(|vt| a(format!("(result {})", vt.name())));
        let mut try_args: Vec<W> = result.iter().cloned().collect();
        try_args.push(a(format!("(catch {} {})", tag, caught)));
        try_args.extend(self.expr(&h.body, pos.not_tail()));
        let mut inner: Vec<W> = vec![a(caught.clone())];
        if let Some(vt) = val_type(et) {
            inner.push(a(format!("(result {})", vt.name())));
        }
        inner.push(n("try_table", try_args));
        inner.push(c("no throw: the body's value is the handle's value"));
        inner.push(n(format!("br {}", label), vec![]));
        let mut outer: Vec<W> = vec![a(label.clone())];
        outer.extend(result);
        let shown = self.gen.label(et);
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
        outer.extend(self.after_catch(&sp, caught_local.as_deref().map(|l| (l, et))));
        outer.extend(self.expr(&clause.body, pos));
        pre.push(n("block", outer));
        pre
    }

    /// A user-defined effect: build the handler record, install it, run the
    /// body, and uninstall it on every way out.
    fn handle_user(
        &mut self,
        h: &tir::Handle,
        effect: EffectId,
        eargs: &[Type],
        ty: &Type,
        pos: Position,
    ) -> Vec<W> {
        let def = &self.gen.program.effects[effect];
        let effect_text = self.effect_text(effect, eargs);
        let global = self.gen.handler_global(effect, eargs);
        // The record: clauses' table indices, then the state and the captures.
        let state_ty = h.state.as_ref().map(|(t, _)| self.ty(t));
        let captured = self.clause_captures(h);
        let mut values: Vec<Type> = state_ty.iter().cloned().collect();
        values.extend(captured.iter().map(|(_, t)| t.clone()));
        let layout = abi::handler_layout(def.ops.len(), &values);
        let (state_off, capture_offs) = match &state_ty {
            Some(_) => (Some(layout.offsets[0]), &layout.offsets[1..]),
            None => (None, &layout.offsets[..]),
        };
        let captures: Vec<(LocalId, Type, u32)> = captured
            .iter()
            .zip(capture_offs)
            .map(|((id, t), off)| (*id, t.clone(), *off))
            .collect();
        let outer = self.temp("outer_handler", ValType::I32);
        let record = self.temp("handler", ValType::I32);
        let mut out = vec![
            c(format!(
                "handle[{}]: a record of its clauses, installed in {}",
                effect_text, global
            )),
            set(&outer, n(format!("global.get {}", global), vec![])),
        ];
        let aborts = h
            .clauses
            .iter()
            .any(|cl| analysis::clause_may_abort(&cl.body));
        let sp = if aborts { self.save_sp(&mut out) } else { None };
        out.push(set(&record, self.alloc(layout.size, false, true)));
        out.push(n(
            format!("i32.store offset={}", abi::HANDLER_OUTER),
            vec![get(&record), get(&outer)],
        ));
        for cl in &h.clauses {
            let name_and_index = self.clause_function(
                cl,
                ty,
                &global,
                &effect_text,
                (&state_ty, state_off),
                &captures,
                (effect, eargs),
            );
            let (name, index) = name_and_index;
            out.push(n(
                format!("i32.store offset={}", abi::handler_clause(cl.op)),
                vec![
                    get(&record),
                    n(
                        format!("i32.const {}", index),
                        vec![a(format!("(; {} ;)", name))],
                    ),
                ],
            ));
        }
        if let (Some((_, init)), Some(t), Some(off)) = (&h.state, &state_ty, state_off) {
            if val_type(t).is_some() {
                let v = self.value(init, Position::Consumed);
                out.push(store(t, off, get(&record), v));
            } else {
                out.extend(self.expr(init, Position::Consumed));
            }
        }
        for (id, t, off) in &captures {
            if let Some(l) = self.local(*id) {
                out.push(store(t, *off, get(&record), get(&l)));
            }
        }
        out.push(n(format!("global.set {}", global), vec![get(&record)]));
        let uninstall = n(format!("global.set {}", global), vec![get(&outer)]);
        let body = self.expr(&h.body, pos.not_tail());
        if aborts {
            out.extend(self.catch_abort(ty, body, &record, &uninstall, &sp));
        } else if self.may_unwind(&h.body) {
            out.extend(self.restoring(ty, body, vec![uninstall.clone()]));
            out.push(uninstall);
        } else {
            out.extend(body);
            out.push(c("the body ended: uninstall the handler"));
            out.push(uninstall);
        }
        vec![self.single(out, ty)]
    }

    /// The body of a handle whose clauses may end it: catch the abort tag of
    /// its type (an abort for another record is thrown on), and any other
    /// exception, uninstalling the handler on all three ways out.
    fn catch_abort(
        &mut self,
        ty: &Type,
        body: Vec<W>,
        record: &str,
        uninstall: &W,
        sp: &Option<String>,
    ) -> Vec<W> {
        let tag = self.gen.abort_tag(ty);
        let done = self.label("done");
        let aborted = self.label("aborted");
        let unwinding = self.label("unwinding");
        let vt = val_type(ty);
        let result = vt.map(|v| a(format!("(result {})", v.name())));
        let mut try_args: Vec<W> = result.iter().cloned().collect();
        try_args.push(a(format!("(catch {} {})", tag, aborted)));
        try_args.push(a(format!("(catch_all_ref {})", unwinding)));
        try_args.extend(body);
        let unwind_block = n(
            "block",
            vec![
                a(unwinding),
                a("(result exnref)"),
                n("try_table", try_args),
                c("the body ended: uninstall the handler"),
                uninstall.clone(),
                n(format!("br {}", done), vec![]),
            ],
        );
        let payload = match vt {
            Some(v) => format!("(result i32 {})", v.name()),
            None => "(result i32)".to_string(),
        };
        let abort_block = n(
            "block",
            vec![
                a(aborted),
                a(payload),
                unwind_block,
                c("an exception leaves the body: uninstall the handler, let it go on"),
                uninstall.clone(),
                a("throw_ref"),
            ],
        );
        let value = vt.map(|v| self.temp("aborted_value", v));
        let from = self.temp("aborted_record", ValType::I32);
        let mut rethrow_args = vec![get(&from)];
        rethrow_args.extend(value.iter().map(|v| get(v)));
        let mut outer = vec![a(done)];
        outer.extend(result);
        outer.push(abort_block);
        outer.push(c("a clause ended a handle with a value: this one's?"));
        outer.extend(value.iter().map(|v| n(format!("local.set {}", v), vec![])));
        outer.push(n(format!("local.set {}", from), vec![]));
        outer.push(uninstall.clone());
        outer.push(n(
            "if",
            vec![
                n("i32.ne", vec![get(&from), get(record)]),
                n("then", vec![n(format!("throw {}", tag), rethrow_args)]),
            ],
        ));
        outer.extend(self.after_catch(sp, value.as_deref().map(|v| (v, ty))));
        outer.extend(value.iter().map(|v| get(v)));
        vec![n("block", outer)]
    }

    /// Queue the function of one clause and give it a table index.
    #[allow(clippy::too_many_arguments)]
    fn clause_function(
        &mut self,
        cl: &tir::Clause,
        ty: &Type,
        global: &str,
        effect_text: &str,
        (state_ty, state_off): (&Option<Type>, Option<u32>),
        captures: &[(LocalId, Type, u32)],
        (effect, eargs): (EffectId, &[Type]),
    ) -> (String, usize) {
        let (op_params, op_ret) = self.op_signature(effect, eargs, cl.op);
        let op_name = self.gen.program.effects[effect].ops[cl.op].name.clone();
        self.gen.closure_type(&op_params, &op_ret);
        let name = self.gen.lifted_name(&format!(
            "{}.{}",
            self.wasm_name.trim_start_matches('$'),
            op_name
        ));
        let index = self.table_entry(&name);
        let work = ClauseWork {
            clause: cl.clone(),
            op_name,
            op_params,
            op_ret,
            result: ty.clone(),
            global: global.to_string(),
            effect_text: effect_text.to_string(),
            state: state_ty.clone().zip(state_off),
            captures: captures.to_vec(),
        };
        self.lift(name.clone(), LiftedKind::Clause(Box::new(work)));
        (name, index)
    }

    /// Bindings the clauses use from the function around the `handle`.
    fn clause_captures(&self, h: &tir::Handle) -> Vec<(LocalId, Type)> {
        let region: Vec<&Expr> = h
            .clauses
            .iter()
            .flat_map(|cl| std::iter::once(&cl.body).chain(cl.update.iter()))
            .collect();
        let bound = h
            .clauses
            .iter()
            .flat_map(|cl| cl.state.iter().chain(&cl.params).copied());
        analysis::captures(region, bound)
            .into_iter()
            .map(|id| (id, self.local_ty(id)))
            .filter(|(_, t)| val_type(t).is_some())
            .collect()
    }

    fn effect_text(&self, effect: EffectId, args: &[Type]) -> String {
        let name = &self.gen.program.effects[effect].name;
        if args.is_empty() {
            name.clone()
        } else {
            format!(
                "{}<{}>",
                name,
                self.gen.labels.labels(args).replace('|', ", ")
            )
        }
    }

    fn op_signature(&self, effect: EffectId, eargs: &[Type], op: usize) -> (Vec<Type>, Type) {
        let def = &self.gen.program.effects[effect];
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

    /// At the end of a clause: `resume(v)` gives `v` to the operation (after
    /// the `with` update); a value of the handle's type ends the handle.
    pub(super) fn clause_end(&mut self, e: &Expr) -> Vec<W> {
        let ctx = self.clause.as_ref().expect("a clause context");
        let (update, state, result) = (ctx.update.clone(), ctx.state.clone(), ctx.result.clone());
        if let tir::ExprKind::Resume(v) = &e.kind {
            let Some(update) = update else {
                return self.expr(v, Position::Consumed);
            };
            let Some((st, off)) = state.filter(|(t, _)| val_type(t).is_some()) else {
                // No state, or State of Unit: evaluate the update for its effects.
                let mut out = self.expr(v, Position::Kept);
                out.extend(self.expr(&update, Position::Consumed));
                let vty = self.ty(&v.ty);
                return vec![self.single(out, &vty)];
            };
            let vty = self.ty(&v.ty);
            let pos = if self.allocates(&update) {
                Position::Kept
            } else {
                Position::Consumed
            };
            let value = self.expr(v, pos);
            let new_state = self.value(&update, Position::Consumed);
            let mut out = Vec::new();
            let kept = val_type(&vty).map(|vt| {
                let l = self.temp("resumed", vt);
                out.push(set(&l, self.single(value.clone(), &vty)));
                l
            });
            if kept.is_none() {
                out.extend(value);
            }
            out.push(c("with: the handler's new state"));
            out.push(store(&st, off, get("$handler"), new_state));
            out.extend(kept.iter().map(|l| get(l)));
            return vec![self.single(out, &vty)];
        }
        let ty = self.ty(&e.ty);
        if ty == Type::Never {
            return self.expr(e, Position::Consumed);
        }
        let tag = self.gen.abort_tag(&result);
        let mut args = vec![get("$handler")];
        args.extend(self.expr(e, Position::Consumed));
        vec![
            c("no resume: this value ends the handle"),
            n(format!("throw {}", tag), args),
        ]
    }

    /// Performing an operation: the built-in effects directly, a user effect
    /// through the clause of the innermost handler record.
    pub(super) fn perform(
        &mut self,
        effect: &Effect,
        op: usize,
        op_name: &str,
        args: &[Expr],
        ty: &Type,
    ) -> Vec<W> {
        let Effect::Named { id, args: eargs } = effect else {
            unreachable!("an operation of an effect variable")
        };
        let vals = self.operands(args);
        match *id {
            EffectId::IO => {
                self.gen.import(super::Import::Print);
                vec![n("call $vera.print", vals)]
            }
            // State<Unit> has no cell: get and put only evaluate their argument.
            EffectId::STATE if val_type(&eargs[0]).is_none() => vals,
            EffectId::STATE if op_name == "get" => {
                let mut out = vals;
                out.push(self.state_get(&eargs[0]));
                out
            }
            EffectId::STATE => {
                let v = self.single(vals, &eargs[0]);
                vec![self.state_put(&eargs[0], v)]
            }
            EffectId::EXN => {
                let tag = self.gen.exn_tag(&eargs[0]);
                vec![n(format!("throw {}", tag), vals)]
            }
            effect => self.perform_user(effect, eargs, op, op_name, vals, ty),
        }
    }

    fn perform_user(
        &mut self,
        effect: EffectId,
        eargs: &[Type],
        op: usize,
        op_name: &str,
        vals: Vec<W>,
        ty: &Type,
    ) -> Vec<W> {
        let global = self.gen.handler_global(effect, eargs);
        let (params, ret) = self.op_signature(effect, eargs, op);
        let sig = self.gen.closure_type(&params, &ret);
        let record = self.temp("handler", ValType::I32);
        let effect_text = self.effect_text(effect, eargs);
        let msg = format!(
            "Unhandled effect operation {}.{} in {}: no enclosing handle[{}]",
            effect_text, op_name, self.display, effect_text
        );
        let fail = self.fail(&msg);
        let mut args = vec![get(&record)];
        args.extend(vals);
        args.push(n(
            format!("i32.load offset={}", abi::handler_clause(op)),
            vec![get(&record)],
        ));
        let call = n(format!("call_indirect (type {})", sig), args);
        let out = vec![
            c(format!(
                "{}.{}: call the clause of the innermost handler",
                effect_text, op_name
            )),
            set(&record, n(format!("global.get {}", global), vec![])),
            n(
                "if",
                vec![n("i32.eqz", vec![get(&record)]), n("then", fail)],
            ),
            call,
        ];
        vec![self.single(out, ty)]
    }
}
