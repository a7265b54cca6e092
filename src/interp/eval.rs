//! Evaluating the typed IR.

use super::{Closure, Value, MAX_CALL_DEPTH};
use crate::check::tir::{
    self, Contract, Expr, ExprKind as K, FnId, Function, Pattern, Program, Stmt,
};
use crate::check::types::{Effect, EffectId, Names, Type, TypeDisplay};
use std::collections::HashMap;
use std::rc::Rc;

impl std::fmt::Debug for Frame<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "frame of {}", self.display)
    }
}

/// How a computation stops early.
pub enum Unwind<'p> {
    /// `throw` of an `Exn<T>`, with the thrown type.
    Throw(Type, Value<'p>),
    /// A clause that did not resume ends the handle installed as `id`.
    Abort(u64, Value<'p>),
    /// A runtime error: the program stops with this message.
    Fail(String),
}

pub type R<'p, T> = Result<T, Unwind<'p>>;

/// What a tail position produces: a value, or a call to make in its place.
enum Flow<'p> {
    Value(Value<'p>),
    Call(Callee<'p>, Vec<Value<'p>>),
}

#[derive(Clone)]
enum Callee<'p> {
    Fn(FnId, Vec<Type>),
    Lambda(Rc<Closure<'p>>),
}

/// The bindings of one activation, indexed by `LocalId`.
#[derive(Clone)]
pub struct Frame<'p> {
    func: &'p Function,
    locals: Vec<Option<Value<'p>>>,
    subst: Rc<Vec<(String, Type)>>,
    /// The Vera function, for messages.
    display: Rc<str>,
    result: Option<Value<'p>>,
    old: Rc<HashMap<Type, Value<'p>>>,
}

/// An installed handler of a user-defined effect.
struct Installed<'p> {
    id: u64,
    effect: (EffectId, Vec<Type>),
    handle: &'p tir::Handle,
    /// The bindings around the `handle`, which the clauses may use.
    frame: Frame<'p>,
    state: Option<Value<'p>>,
}

/// How a clause ends.
enum ClauseEnd<'p> {
    Resume(Value<'p>),
    Abort(Value<'p>),
}

pub struct Interp<'p> {
    pub program: &'p Program,
    out: Vec<u8>,
    last_printed: Option<u8>,
    /// `State<T>` cells; a missing one was never set.
    cells: HashMap<Type, Value<'p>>,
    /// Installed user handlers, innermost last.
    handlers: Vec<Installed<'p>>,
    next_handler: u64,
    depth: usize,
    /// Evaluation steps left, when the run is limited.
    pub fuel: Option<u64>,
    /// Each function's name for messages, and the empty substitution, made once.
    displays: Vec<Rc<str>>,
    no_subst: Rc<Vec<(String, Type)>>,
}

impl<'p> Interp<'p> {
    pub fn new(program: &'p Program) -> Interp<'p> {
        Interp {
            program,
            out: Vec::new(),
            last_printed: None,
            cells: HashMap::new(),
            handlers: Vec::new(),
            next_handler: 0,
            depth: 0,
            fuel: None,
            displays: program
                .fns
                .iter()
                .map(|f| {
                    Rc::from(if f.root || f.module.is_empty() {
                        f.name.clone()
                    } else {
                        format!("{}::{}", f.module, f.name)
                    })
                })
                .collect(),
            no_subst: Rc::new(Vec::new()),
        }
    }

    /// The program's output and its last byte.
    pub fn output(self) -> (Vec<u8>, Option<u8>) {
        (self.out, self.last_printed)
    }

    /// Call the entry function; an uncaught exception or ending is an error.
    pub fn call_entry(&mut self, func: FnId, args: Vec<Value<'p>>) -> Result<Value<'p>, String> {
        match self.call(Callee::Fn(func, vec![]), args) {
            Ok(v) => Ok(v),
            Err(Unwind::Fail(msg)) => Err(msg),
            Err(Unwind::Throw(..)) | Err(Unwind::Abort(..)) => Err(format!(
                "Runtime error in {}: an exception was thrown and no handler caught it",
                self.display_of(func)
            )),
        }
    }

    /// Whether the refinement predicate `pred` over `var`, a binding of
    /// `func`, holds of `value` (an error: the predicate itself stopped).
    pub fn refinement_holds(
        &mut self,
        func: FnId,
        var: tir::LocalId,
        pred: &'p Expr,
        value: Value<'p>,
    ) -> Result<bool, String> {
        let f = &self.program.fns[func];
        let mut frame = Frame {
            func: f,
            locals: vec![None; f.locals.len()],
            subst: self.no_subst.clone(),
            display: self.display_of(func),
            result: None,
            old: Rc::new(HashMap::new()),
        };
        frame.locals[var.0 as usize] = Some(value);
        match self.value(pred, &mut frame) {
            Ok(Value::Bool(holds)) => Ok(holds),
            Ok(_) => Ok(false),
            Err(Unwind::Fail(msg)) => Err(msg),
            Err(_) => Err("the predicate did not return".into()),
        }
    }

    fn display_of(&self, func: FnId) -> Rc<str> {
        self.displays[func.0 as usize].clone()
    }

    fn show_type(&self, t: &Type) -> String {
        TypeDisplay {
            ty: t,
            names: self.program,
        }
        .to_string()
    }

    // ----- calls ---------------------------------------------------------------

    /// Call a function or closure, following tail calls in a loop (the compiled
    /// code makes them `return_call`, so they use no stack).
    fn call(&mut self, mut callee: Callee<'p>, mut args: Vec<Value<'p>>) -> R<'p, Value<'p>> {
        self.depth += 1;
        let result = loop {
            let (frame, body, contracts) = match self.enter(&callee, args) {
                Ok(entered) => entered,
                Err(e) => break Err(e),
            };
            if self.depth > MAX_CALL_DEPTH {
                break Err(Unwind::Fail(format!(
                    "Runtime error in {}: call stack exhausted (recursion too deep)",
                    frame.display
                )));
            }
            let mut frame = frame;
            match self.body(&mut frame, body, contracts) {
                Ok(Flow::Value(v)) => break Ok(v),
                Ok(Flow::Call(next, next_args)) => {
                    callee = next;
                    args = next_args;
                }
                Err(e) => break Err(e),
            }
        };
        self.depth -= 1;
        result
    }

    /// Bind a callee's parameters: its frame, body and (for a declared
    /// function) contracts.
    #[allow(clippy::type_complexity)]
    fn enter(
        &mut self,
        callee: &Callee<'p>,
        args: Vec<Value<'p>>,
    ) -> R<'p, (Frame<'p>, &'p Expr, Option<&'p Function>)> {
        match callee {
            Callee::Fn(id, targs) => {
                let f = &self.program.fns[*id];
                let subst = if targs.is_empty() {
                    self.no_subst.clone()
                } else {
                    Rc::new(f.type_params.iter().cloned().zip(targs.clone()).collect())
                };
                let mut frame = Frame {
                    func: f,
                    locals: vec![None; f.locals.len()],
                    subst,
                    display: self.display_of(*id),
                    result: None,
                    old: Rc::new(HashMap::new()),
                };
                for (p, v) in f.params.iter().zip(args) {
                    frame.locals[p.0 as usize] = Some(v);
                }
                Ok((frame, &f.body, Some(f)))
            }
            Callee::Lambda(clo) => {
                let mut frame = clo.frame.clone();
                for (p, v) in clo.lambda.params.iter().zip(args) {
                    frame.locals[p.0 as usize] = Some(v);
                }
                Ok((frame, &clo.lambda.body, None))
            }
        }
    }

    /// Run a body between its contracts: requires, `old` snapshots, the body,
    /// ensures. Without ensures the body is in tail position.
    fn body(
        &mut self,
        frame: &mut Frame<'p>,
        body: &'p Expr,
        f: Option<&'p Function>,
    ) -> R<'p, Flow<'p>> {
        let Some(f) = f else {
            return self.eval(body, frame, true);
        };
        for k in &f.requires {
            self.contract(k, frame, "Precondition")?;
        }
        let ensures: Vec<&Contract> = f
            .ensures
            .iter()
            .filter(|k| !matches!(k.expr.kind, K::Bool(true)))
            .collect();
        if ensures.is_empty() {
            return self.eval(body, frame, true);
        }
        let mut old = HashMap::new();
        for k in &ensures {
            let mut types = Vec::new();
            k.expr.walk(&mut |x| {
                if let K::Old(t) = &x.kind {
                    types.push(t.clone());
                }
            });
            for t in types {
                let t = subst(&t, frame);
                let v = self.state_get(&t, frame)?;
                old.insert(t, v);
            }
        }
        frame.old = Rc::new(old);
        let v = self.value(body, frame)?;
        frame.result = Some(v.clone());
        for k in ensures {
            self.contract(k, frame, "Postcondition")?;
        }
        Ok(Flow::Value(v))
    }

    fn contract(&mut self, k: &'p Contract, frame: &mut Frame<'p>, kind: &str) -> R<'p, ()> {
        if matches!(k.expr.kind, K::Bool(true)) {
            return Ok(());
        }
        match self.value(&k.expr, frame)? {
            Value::Bool(true) => Ok(()),
            _ => Err(Unwind::Fail(format!(
                "{} violation in {}: {} failed",
                kind, frame.func.signature, k.text
            ))),
        }
    }

    // ----- expressions -------------------------------------------------------------

    pub fn value(&mut self, e: &'p Expr, frame: &mut Frame<'p>) -> R<'p, Value<'p>> {
        match self.eval(e, frame, false)? {
            Flow::Value(v) => Ok(v),
            Flow::Call(callee, args) => self.call(callee, args),
        }
    }

    fn values(&mut self, es: &'p [Expr], frame: &mut Frame<'p>) -> R<'p, Vec<Value<'p>>> {
        es.iter().map(|e| self.value(e, frame)).collect()
    }

    fn eval(&mut self, e: &'p Expr, frame: &mut Frame<'p>, tail: bool) -> R<'p, Flow<'p>> {
        if let Some(fuel) = &mut self.fuel {
            if *fuel == 0 {
                return Err(Unwind::Fail(
                    "Out of fuel: the program ran longer than the interpreter's budget".into(),
                ));
            }
            *fuel -= 1;
        }
        crate::deep(|| self.eval_kind(e, frame, tail))
    }

    fn eval_kind(&mut self, e: &'p Expr, frame: &mut Frame<'p>, tail: bool) -> R<'p, Flow<'p>> {
        let v = match &e.kind {
            K::Int(i) => match &e.ty {
                Type::Byte => Value::Byte(*i as u8),
                Type::Var(_) if subst(&e.ty, frame) == Type::Byte => Value::Byte(*i as u8),
                _ => Value::Int(*i),
            },
            K::Float(f) => Value::Float(*f),
            K::Str(s) => Value::Str(Rc::from(s.as_bytes())),
            K::Bool(b) => Value::Bool(*b),
            K::Unit => Value::Unit,
            K::Local(id) => frame.locals[id.0 as usize].clone().unwrap_or(Value::Unit),
            K::ResultRef => frame.result.clone().unwrap_or(Value::Unit),
            K::Binary {
                op,
                operand_ty,
                lhs,
                rhs,
            } => {
                let t = subst(operand_ty, frame);
                return self.binary(*op, &t, lhs, rhs, frame).map(Flow::Value);
            }
            K::Unary { op, operand } => {
                let v = self.value(operand, frame)?;
                super::ops::unary(*op, v)
            }
            K::Call {
                func,
                type_args,
                args,
            } => {
                let targs = type_args.iter().map(|t| subst(t, frame)).collect();
                let args = self.values(args, frame)?;
                let callee = Callee::Fn(*func, targs);
                return self.call_in(callee, args, tail);
            }
            K::Builtin { builtin, args } => {
                let args = self.values(args, frame)?;
                super::ops::builtin(self.program, *builtin, args, &frame.display)
                    .map_err(Unwind::Fail)?
            }
            K::Apply { callee, args } => {
                let Value::Closure(clo) = self.value(callee, frame)? else {
                    return Err(Unwind::Fail("apply of a non-function".into()));
                };
                let args = self.values(args, frame)?;
                return self.call_in(Callee::Lambda(clo), args, tail);
            }
            K::Construct { adt, tag, args, .. } => {
                Value::Data(*adt, *tag, Rc::from(self.values(args, frame)?))
            }
            K::Tuple(items) => Value::Tuple(Rc::from(self.values(items, frame)?)),
            K::Array(items) => Value::Array(Rc::from(self.values(items, frame)?)),
            K::Perform {
                effect, op, args, ..
            } => {
                let effect = effect.subst(&|v| lookup(frame, v));
                self.perform(&effect, *op, args, frame)?
            }
            K::Index { base, index } => {
                let base = self.value(base, frame)?;
                let index = self.value(index, frame)?;
                super::ops::index(base, index, &frame.display).map_err(Unwind::Fail)?
            }
            K::Lambda(l) => Value::Closure(Rc::new(Closure {
                lambda: l,
                frame: frame.clone(),
            })),
            K::If {
                cond,
                then_branch,
                else_branch,
            } => {
                let branch = if self.truth(cond, frame)? {
                    then_branch
                } else {
                    else_branch
                };
                return self.eval(branch, frame, tail);
            }
            K::Match { scrutinee, arms } => {
                let v = self.value(scrutinee, frame)?;
                let arm = self.select(arms, &v, frame);
                return self.eval(&arm.body, frame, tail);
            }
            K::Block { stmts, tail: last } => {
                for s in stmts {
                    self.stmt(s, frame)?;
                }
                return self.eval(last, frame, tail);
            }
            K::Handle(h) => return self.handle(h, frame, tail),
            K::Old(t) => frame.old[&subst(t, frame)].clone(),
            K::New(t) => {
                let t = subst(t, frame);
                self.state_get(&t, frame)?
            }
            K::Assert(p, text) => {
                if !self.truth(p, frame)? {
                    return Err(Unwind::Fail(format!(
                        "Assertion failed in {}: {} is false",
                        frame.display, text
                    )));
                }
                Value::Unit
            }
            K::Assume(_) => Value::Unit,
            K::Quantifier {
                exists,
                var,
                bound,
                body,
            } => Value::Bool(self.quantifier(*exists, *var, bound, body, frame)?),
            // The checker accepts `resume` only at the end of a clause, which
            // `clause_end` evaluates.
            K::Resume(arg) => self.value(arg, frame)?,
        };
        Ok(Flow::Value(v))
    }

    fn call_in(&mut self, callee: Callee<'p>, args: Vec<Value<'p>>, tail: bool) -> R<'p, Flow<'p>> {
        if tail {
            Ok(Flow::Call(callee, args))
        } else {
            self.call(callee, args).map(Flow::Value)
        }
    }

    fn truth(&mut self, e: &'p Expr, frame: &mut Frame<'p>) -> R<'p, bool> {
        Ok(matches!(self.value(e, frame)?, Value::Bool(true)))
    }

    fn stmt(&mut self, s: &'p Stmt, frame: &mut Frame<'p>) -> R<'p, ()> {
        match s {
            Stmt::Let { local, value } => {
                let v = self.value(value, frame)?;
                frame.locals[local.0 as usize] = Some(v);
            }
            Stmt::LetTuple { locals, value } => {
                let v = self.value(value, frame)?;
                if let Value::Tuple(items) | Value::Data(_, _, items) = v {
                    for (l, x) in locals.iter().zip(items.iter()) {
                        frame.locals[l.0 as usize] = Some(x.clone());
                    }
                }
            }
            Stmt::Expr(e) => {
                self.value(e, frame)?;
            }
        }
        Ok(())
    }

    fn binary(
        &mut self,
        op: crate::syntax::ast::BinOp,
        t: &Type,
        lhs: &'p Expr,
        rhs: &'p Expr,
        frame: &mut Frame<'p>,
    ) -> R<'p, Value<'p>> {
        use crate::syntax::ast::BinOp;
        let l = self.value(lhs, frame)?;
        // && || ==> evaluate their right operand only when it decides.
        let short = match (op, &l) {
            (BinOp::And, Value::Bool(false)) => Some(false),
            (BinOp::Or, Value::Bool(true)) => Some(true),
            (BinOp::Implies, Value::Bool(false)) => Some(true),
            _ => None,
        };
        if let Some(b) = short {
            return Ok(Value::Bool(b));
        }
        let r = self.value(rhs, frame)?;
        super::ops::binary(op, t, l, r, &frame.display).map_err(Unwind::Fail)
    }

    fn quantifier(
        &mut self,
        exists: bool,
        var: tir::LocalId,
        bound: &'p Expr,
        body: &'p Expr,
        frame: &mut Frame<'p>,
    ) -> R<'p, bool> {
        let Value::Int(n) = self.value(bound, frame)? else {
            return Ok(!exists);
        };
        let mut i = 0;
        while i < n {
            frame.locals[var.0 as usize] = Some(Value::Int(i));
            if self.truth(body, frame)? == exists {
                return Ok(exists);
            }
            i += 1;
        }
        Ok(!exists)
    }

    // ----- patterns --------------------------------------------------------------

    /// The first arm whose pattern matches (the checker made the match
    /// exhaustive), with its bindings made.
    fn select(
        &mut self,
        arms: &'p [tir::Arm],
        v: &Value<'p>,
        frame: &mut Frame<'p>,
    ) -> &'p tir::Arm {
        for arm in arms {
            if matches_pattern(&arm.pattern, v) {
                bind_pattern(&arm.pattern, v, frame);
                return arm;
            }
        }
        arms.last().expect("an exhaustive match has arms")
    }

    // ----- effects -------------------------------------------------------------------

    /// Read a `State<T>` cell: a cell never set holds 0, false or "" for those
    /// types, and stops the program for any other.
    fn state_get(&mut self, t: &Type, frame: &Frame<'p>) -> R<'p, Value<'p>> {
        if let Some(v) = self.cells.get(t) {
            return Ok(v.clone());
        }
        Ok(match t {
            Type::Int | Type::Nat => Value::Int(0),
            Type::Float64 => Value::Float(0.0),
            Type::Bool => Value::Bool(false),
            Type::Byte => Value::Byte(0),
            Type::String => Value::Str(Rc::from(&b""[..])),
            Type::Unit => Value::Unit,
            _ => {
                let shown = self.show_type(t);
                return Err(Unwind::Fail(format!(
                    "State<{}> read in {} before any value was set: no handle[State<{}>] gives it an initial value",
                    shown, frame.display, shown
                )));
            }
        })
    }

    fn perform(
        &mut self,
        effect: &Effect,
        op: usize,
        args: &'p [Expr],
        frame: &mut Frame<'p>,
    ) -> R<'p, Value<'p>> {
        let Effect::Named { id, args: eargs } = effect else {
            return Err(Unwind::Fail("an operation of an effect variable".into()));
        };
        match *id {
            EffectId::IO => {
                if let Value::Str(s) = self.value(&args[0], frame)? {
                    self.out.extend_from_slice(&s);
                    if let Some(&b) = s.last() {
                        self.last_printed = Some(b);
                    }
                }
                Ok(Value::Unit)
            }
            EffectId::STATE if op == 0 => {
                self.value(&args[0], frame)?;
                self.state_get(&eargs[0], frame)
            }
            EffectId::STATE => {
                let v = self.value(&args[0], frame)?;
                self.cells.insert(eargs[0].clone(), v);
                Ok(Value::Unit)
            }
            EffectId::EXN => {
                let v = self.value(&args[0], frame)?;
                Err(Unwind::Throw(eargs[0].clone(), v))
            }
            _ => self.perform_user((*id, eargs.clone()), op, args, frame),
        }
    }

    /// An operation of a user effect: the clause of the innermost handler, run
    /// with the handlers outside that one (as the compiled code does, the
    /// handler is found before the arguments are computed).
    fn perform_user(
        &mut self,
        effect: (EffectId, Vec<Type>),
        op: usize,
        args: &'p [Expr],
        frame: &mut Frame<'p>,
    ) -> R<'p, Value<'p>> {
        let Some(at) = self.handlers.iter().rposition(|h| h.effect == effect) else {
            let text = self.effect_text(&effect);
            let op_name = &self.program.effects[effect.0].ops[op].name;
            return Err(Unwind::Fail(format!(
                "Unhandled effect operation {}.{} in {}: no enclosing handle[{}]",
                text, op_name, frame.display, text
            )));
        };
        let args = self.values(args, frame)?;
        let mut above = self.handlers.split_off(at);
        let (handle, id) = (above[0].handle, above[0].id);
        let Some(clause) = handle.clauses.iter().find(|c| c.op == op) else {
            self.handlers.append(&mut above);
            return Err(Unwind::Fail("a handler without a clause".into()));
        };
        let mut clause_frame = above[0].frame.clone();
        if let (Some(l), Some(s)) = (clause.state, &above[0].state) {
            clause_frame.locals[l.0 as usize] = Some(s.clone());
        }
        for (p, v) in clause.params.iter().zip(args) {
            clause_frame.locals[p.0 as usize] = Some(v);
        }
        let ended = self.clause_end(&clause.body, &mut clause_frame);
        let outcome = match ended {
            Ok(ClauseEnd::Resume(v)) => match &clause.update {
                Some(u) => match self.value(u, &mut clause_frame) {
                    Ok(s) => {
                        above[0].state = Some(s);
                        Ok(v)
                    }
                    Err(e) => Err(e),
                },
                None => Ok(v),
            },
            Ok(ClauseEnd::Abort(v)) => Err(Unwind::Abort(id, v)),
            Err(e) => Err(e),
        };
        self.handlers.append(&mut above);
        outcome
    }

    /// The end of a clause, through its blocks, `if`s and `match`es.
    fn clause_end(&mut self, e: &'p Expr, frame: &mut Frame<'p>) -> R<'p, ClauseEnd<'p>> {
        match &e.kind {
            K::Block { stmts, tail } => {
                for s in stmts {
                    self.stmt(s, frame)?;
                }
                self.clause_end(tail, frame)
            }
            K::If {
                cond,
                then_branch,
                else_branch,
            } => {
                let branch = if self.truth(cond, frame)? {
                    then_branch
                } else {
                    else_branch
                };
                self.clause_end(branch, frame)
            }
            K::Match { scrutinee, arms } => {
                let v = self.value(scrutinee, frame)?;
                let arm = self.select(arms, &v, frame);
                self.clause_end(&arm.body, frame)
            }
            K::Resume(arg) => Ok(ClauseEnd::Resume(self.value(arg, frame)?)),
            _ => Ok(ClauseEnd::Abort(self.value(e, frame)?)),
        }
    }

    fn handle(&mut self, h: &'p tir::Handle, frame: &mut Frame<'p>, tail: bool) -> R<'p, Flow<'p>> {
        let effect = h.effect.subst(&|v| lookup(frame, v));
        let Effect::Named { id, args } = effect else {
            return Err(Unwind::Fail("a handle of an effect variable".into()));
        };
        match id {
            EffectId::STATE => {
                let t = args[0].clone();
                let outer = self.cells.get(&t).cloned();
                if let Some((_, init)) = &h.state {
                    let v = self.value(init, frame)?;
                    self.cells.insert(t.clone(), v);
                }
                let result = self.value(&h.body, frame);
                match outer {
                    Some(v) => self.cells.insert(t, v),
                    None => self.cells.remove(&t),
                };
                result.map(Flow::Value)
            }
            EffectId::EXN => match self.value(&h.body, frame) {
                Err(Unwind::Throw(t, v)) if t == args[0] => {
                    let clause = &h.clauses[0];
                    if let Some(p) = clause.params.first() {
                        frame.locals[p.0 as usize] = Some(v);
                    }
                    self.eval(&clause.body, frame, tail)
                }
                other => other.map(Flow::Value),
            },
            _ => {
                let state = match &h.state {
                    Some((_, init)) => Some(self.value(init, frame)?),
                    None => None,
                };
                let me = self.next_handler;
                self.next_handler += 1;
                self.handlers.push(Installed {
                    id: me,
                    effect: (id, args),
                    handle: h,
                    frame: frame.clone(),
                    state,
                });
                let result = self.value(&h.body, frame);
                self.handlers.pop();
                match result {
                    Err(Unwind::Abort(id, v)) if id == me => Ok(Flow::Value(v)),
                    other => other.map(Flow::Value),
                }
            }
        }
    }

    fn effect_text(&self, (id, args): &(EffectId, Vec<Type>)) -> String {
        let name = self.program.effect_name(*id);
        if args.is_empty() {
            name
        } else {
            let shown: Vec<String> = args.iter().map(|t| self.show_type(t)).collect();
            format!("{}<{}>", name, shown.join(", "))
        }
    }
}

/// A type with the frame's type arguments substituted.
fn subst(t: &Type, frame: &Frame) -> Type {
    if frame.subst.is_empty() {
        return t.clone();
    }
    t.subst(&|v| lookup(frame, v))
}

fn lookup(frame: &Frame, v: &str) -> Option<Type> {
    frame
        .subst
        .iter()
        .find(|(p, _)| p == v)
        .map(|(_, t)| t.clone())
}

fn matches_pattern(p: &Pattern, v: &Value) -> bool {
    match (p, v) {
        (Pattern::Wildcard | Pattern::Bind(_), _) => true,
        (Pattern::Int(i), Value::Int(x)) => i == x,
        (Pattern::Int(i), Value::Byte(x)) => *i == *x as i64,
        (Pattern::Bool(b), Value::Bool(x)) => b == x,
        (Pattern::Str(s), Value::Str(x)) => s.as_bytes() == &x[..],
        (Pattern::Ctor { tag, args, .. }, Value::Data(_, t, fields)) => {
            tag == t
                && args
                    .iter()
                    .zip(fields.iter())
                    .all(|(p, f)| matches_pattern(p, f))
        }
        (Pattern::Tuple(args), Value::Tuple(parts)) => args
            .iter()
            .zip(parts.iter())
            .all(|(p, f)| matches_pattern(p, f)),
        _ => false,
    }
}

fn bind_pattern<'p>(p: &Pattern, v: &Value<'p>, frame: &mut Frame<'p>) {
    match (p, v) {
        (Pattern::Bind(id), _) => frame.locals[id.0 as usize] = Some(v.clone()),
        (Pattern::Ctor { args, .. }, Value::Data(_, _, fields))
        | (Pattern::Tuple(args), Value::Tuple(fields)) => {
            for (p, f) in args.iter().zip(fields.iter()) {
                bind_pattern(p, f, frame);
            }
        }
        _ => {}
    }
}
