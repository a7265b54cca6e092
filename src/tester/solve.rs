//! Inputs from Z3 for a function whose parameters are all Int, Nat, Bool or
//! Byte: the verifier's encoder translates the parameters' types (Nat at
//! least 0, Byte in 0..255, refinements) and the function's `requires`, and
//! Z3 finds values that satisfy them: boundary values first, then seeded
//! random candidates it admits, then distinct models, each blocked once found.

use super::generate::Generator;
use super::value::Value;
use crate::check::tir::{ExprKind, FnId, Program};
use crate::check::types::Type;
use crate::verify::encode::{Decls, Encoder, Groups, Trust, TrustKey};
use crate::verify::smt::{self, Answer, Kind};
use std::collections::HashSet;

/// The solver's time limit per query.
const TIMEOUT_MS: u64 = 2_000;
/// Models found with blocking clauses, at most.
const BLOCKED: usize = 64;
/// Neighbours tried in a row without a new input before giving up.
const MAX_MISSES: usize = 200;

/// A value near `v`: a small step, a large one, or a boundary.
fn neighbour(gen: &mut Generator, v: &Value) -> Value {
    match v {
        Value::Int(i) => {
            let step = match gen.rng.below(3) {
                0 => gen.rng.range(1, 10) as i64,
                1 => gen.rng.range(1, 1_000_000) as i64,
                _ => gen.rng.next_u64() as i64 >> gen.rng.range(1, 62),
            };
            let sign = if gen.rng.chance(1, 2) { -1 } else { 1 };
            Value::Int(i.wrapping_add(sign * step))
        }
        Value::Byte(_) => Value::Byte(gen.rng.below(256) as u8),
        Value::Bool(b) => Value::Bool(!b),
        other => other.clone(),
    }
}

/// Whether Z3 generates this type's values.
pub fn is_scalar(t: &Type) -> bool {
    matches!(t, Type::Int | Type::Nat | Type::Bool | Type::Byte)
}

/// The loaded entry condition of one function.
pub struct Solver {
    /// The definitions and the assertion of the entry condition.
    text: String,
    params: Vec<(String, Kind, Type)>,
    /// Z3 could not decide a query: no more are asked (each may take the
    /// whole time limit).
    undecided: bool,
    /// No `requires` and no refinement: every value of the parameters'
    /// types is an input, so candidates need no query.
    unconstrained: bool,
}

/// What Z3 made of the entry condition.
pub enum Inputs {
    Found(Vec<Vec<Value>>),
    /// No input satisfies the `requires`.
    Unsatisfiable,
}

impl Solver {
    /// Load the entry condition of `fid` (all of whose value parameters
    /// are scalar); `None` when Z3 is not available or cannot read it.
    pub fn new(program: &Program, fid: FnId) -> Option<Solver> {
        let f = &program.fns[fid];
        let mut trust = Trust::new();
        for i in 0..f.params.len() {
            trust.insert(TrustKey::Param(fid, i));
        }
        let groups = Groups::new(program);
        let mut decls = Decls::default();
        let enc = Encoder::new(program, &trust, &groups, &mut decls, fid).function(&[]);
        let mut text = decls.lines.join("\n");
        text.push('\n');
        for d in &enc.defs[..enc.entry.0] {
            text.push_str(d);
            text.push('\n');
        }
        text.push_str(&format!("(assert {})\n", enc.entry.1));
        let params = enc
            .params
            .iter()
            .filter_map(|p| Some((p.name.clone(), p.kind?, p.ty.clone())))
            .collect();
        let mut solver = Solver {
            text,
            params,
            undecided: false,
            unconstrained: f.refinements.is_empty()
                && f.requires
                    .iter()
                    .all(|k| matches!(k.expr.kind, ExprKind::Bool(true))),
        };
        solver.reload().then_some(solver)
    }

    /// Forget the blocking clauses: only the entry condition is asserted.
    pub fn reload(&mut self) -> bool {
        smt::load(&self.text, TIMEOUT_MS)
    }

    /// Does the entry condition admit these arguments? (`true` when Z3
    /// cannot tell: the run decides.)
    pub fn admits(&mut self, args: &[Value]) -> bool {
        let fixed: Vec<String> = (0..self.params.len())
            .map(|i| self.fix(i, &args[i]))
            .collect();
        if self.undecided || self.unconstrained {
            return true;
        }
        let query = format!("(assert {})\n", smt::and(&fixed));
        match smt::check_with(&query, &self.wanted()) {
            Answer::Unsat => false,
            Answer::Sat(_) => true,
            Answer::Unknown(_) => {
                self.undecided = true;
                true
            }
        }
    }

    /// Up to `count` distinct inputs.
    pub fn inputs(&mut self, gen: &mut Generator, count: usize) -> Inputs {
        let mut found: Vec<Vec<Value>> = Vec::new();
        let mut seen = HashSet::new();
        let mut keep = |args: Vec<Value>, found: &mut Vec<Vec<Value>>| {
            if found.len() < count && seen.insert(format!("{:?}", args)) {
                found.push(args);
            }
        };
        match smt::check(&[], &self.wanted()) {
            Answer::Unsat => return Inputs::Unsatisfiable,
            Answer::Unknown(_) => return Inputs::Found(found),
            Answer::Sat(_) => {}
        }
        // Boundary values, one parameter at a time.
        for i in 0..self.params.len() {
            for b in gen.boundaries(&self.params[i].2) {
                let args = if self.unconstrained {
                    let mut args = self.smallest();
                    args[i] = b;
                    Some(args)
                } else {
                    self.model_with(&self.fix(i, &b))
                };
                if let Some(args) = args {
                    keep(args, &mut found);
                }
            }
        }
        // Seeded random candidates (this is where the seed matters), while
        // Z3 admits at least one in ten: checking a fixed input is cheaper
        // than finding a new model.
        let (mut tried, mut admitted) = (0, 0);
        while found.len() < count && tried < count {
            if tried >= 20 && admitted * 10 < tried {
                break;
            }
            tried += 1;
            let args: Option<Vec<Value>> = self
                .params
                .iter()
                .map(|(_, _, t)| gen.random(t, 100))
                .collect();
            if let Some(args) = args.filter(|a| self.admits(a)) {
                admitted += 1;
                keep(args, &mut found);
            }
        }
        // Distinct models: each one found is excluded from the next (Z3
        // slows down as blocking clauses pile up: at most BLOCKED of them).
        for args in &found {
            self.block(args);
        }
        let mut blocked = 0;
        while found.len() < count && blocked < BLOCKED {
            let Some(args) = self.model_with("true") else {
                break;
            };
            self.block(&args);
            blocked += 1;
            keep(args, &mut found);
        }
        // Neighbours of the inputs found: one parameter changed at random,
        // kept if Z3 admits it, until too many in a row are not.
        let mut misses = 0;
        while found.len() < count && !found.is_empty() && misses < MAX_MISSES {
            let mut args = gen.rng.pick(&found).clone();
            let i = gen.rng.below(args.len() as u64) as usize;
            args[i] = neighbour(gen, &args[i]);
            let before = found.len();
            if self.admits(&args) {
                keep(args, &mut found);
            }
            misses = if found.len() > before { 0 } else { misses + 1 };
        }
        Inputs::Found(found)
    }

    /// A model of the entry condition and `extra`, as arguments.
    fn model_with(&mut self, extra: &str) -> Option<Vec<Value>> {
        if self.undecided {
            return None;
        }
        match smt::check_with(&format!("(assert {})\n", extra), &self.wanted()) {
            Answer::Sat(values) => Some(
                self.params
                    .iter()
                    .map(|(name, _, t)| {
                        let v = values.get(name).copied().unwrap_or(0);
                        match t {
                            Type::Bool => Value::Bool(v != 0),
                            Type::Byte => Value::Byte(v.clamp(0, 255) as u8),
                            _ => Value::Int(v),
                        }
                    })
                    .collect(),
            ),
            Answer::Unsat => None,
            Answer::Unknown(_) => {
                self.undecided = true;
                None
            }
        }
    }

    /// Every parameter 0 (or false).
    fn smallest(&self) -> Vec<Value> {
        self.params
            .iter()
            .map(|(_, _, t)| match t {
                Type::Bool => Value::Bool(false),
                Type::Byte => Value::Byte(0),
                _ => Value::Int(0),
            })
            .collect()
    }

    /// Exclude one input from the models found later.
    fn block(&mut self, args: &[Value]) {
        let fixed: Vec<String> = (0..self.params.len())
            .map(|i| self.fix(i, &args[i]))
            .collect();
        smt::extend(&format!("(assert {})\n", smt::not(&smt::and(&fixed))));
    }

    /// `(= |@Int.0| 5)`.
    fn fix(&self, i: usize, v: &Value) -> String {
        let value = match v {
            Value::Int(n) => smt::int(*n),
            Value::Byte(b) => smt::int(i64::from(*b)),
            Value::Bool(b) => b.to_string(),
            _ => return "false".into(),
        };
        smt::eq(&smt::sym(&self.params[i].0), &value)
    }

    fn wanted(&self) -> Vec<(String, Kind)> {
        self.params
            .iter()
            .map(|(n, k, _)| (n.clone(), *k))
            .collect()
    }
}
