//! Candidate inputs by type: boundary values first, then seeded random values
//! of growing size. Nothing here knows the function's `requires`; inputs are
//! filtered by Z3 (`solve.rs`) or by running the function (`run.rs`).

use super::value::Value;
use crate::check::tir::Program;
use crate::check::types::{AdtId, Type};
use crate::fuzz::rng::Rng;

/// Int boundaries, in the order they are tried.
pub const INT_BOUNDARIES: [i64; 13] = [
    0,
    1,
    -1,
    2,
    -2,
    10,
    -10,
    100,
    -100,
    i64::MAX,
    i64::MIN,
    i64::MAX - 1,
    i64::MIN + 1,
];
pub const NAT_BOUNDARIES: [i64; 7] = [0, 1, 2, 10, 100, i64::MAX, i64::MAX - 1];
pub const BYTE_BOUNDARIES: [u8; 5] = [0, 1, 127, 128, 255];
pub const FLOAT_BOUNDARIES: [f64; 14] = [
    0.0,
    -0.0,
    1.0,
    -1.0,
    0.5,
    f64::INFINITY,
    f64::NEG_INFINITY,
    f64::NAN,
    f64::MAX,
    f64::MIN,
    f64::MIN_POSITIVE,
    5e-324,
    1e-300,
    1e300,
];
const STRING_BOUNDARIES: [&str; 7] = ["", "a", " ", "0", "hello", "\n", "é"];
/// Characters random strings are made of: ASCII, space, escapes, multi-byte.
const CHARS: [char; 16] = [
    'a', 'b', 'z', 'A', 'Z', '0', '9', ' ', '-', '.', '"', '\\', '\n', 'é', 'λ', '😀',
];
/// The deepest a generated value nests (recursive data types stop here).
const MAX_DEPTH: u32 = 8;
/// Candidates tried per trial wanted, when the run-time filter rejects them.
const ATTEMPTS_PER_TRIAL: usize = 10;

/// Why values of a type cannot be generated, if they cannot.
pub fn unsupported(program: &Program, t: &Type) -> Option<String> {
    unsupported_in(program, t, &mut Vec::new())
}

fn unsupported_in(program: &Program, t: &Type, seen: &mut Vec<AdtId>) -> Option<String> {
    match t {
        Type::Fn(_) => Some("a parameter has a function type".into()),
        Type::Var(_) | Type::Meta(_) => Some("generic function".into()),
        Type::Never | Type::Error => Some("a parameter has no values".into()),
        Type::Array(e) => unsupported_in(program, e, seen),
        Type::Tuple(ts) => ts.iter().find_map(|t| unsupported_in(program, t, seen)),
        Type::Adt(id, args) => {
            if seen.contains(id) {
                return None;
            }
            seen.push(*id);
            let def = &program.adts[*id];
            if def.invariant.is_some() {
                return Some(format!(
                    "{} has a data invariant, which nothing checks at run time",
                    def.name
                ));
            }
            if Generator::minimal_of(program, t, 0).is_none() {
                return Some(format!("{} has no finite value", def.name));
            }
            let fields: Vec<Type> = (0..def.ctors.len())
                .flat_map(|k| def.field_types(k, args))
                .collect();
            fields.iter().find_map(|f| unsupported_in(program, f, seen))
        }
        _ => None,
    }
}

/// Values by type, from a seeded generator.
pub struct Generator<'p> {
    program: &'p Program,
    pub rng: Rng,
}

impl<'p> Generator<'p> {
    pub fn new(program: &'p Program, seed: u64) -> Generator<'p> {
        Generator {
            program,
            rng: Rng::new(seed),
        }
    }

    /// The boundary values of a type, most interesting first.
    pub fn boundaries(&self, t: &Type) -> Vec<Value> {
        match t {
            Type::Int => INT_BOUNDARIES.iter().map(|i| Value::Int(*i)).collect(),
            Type::Nat => NAT_BOUNDARIES.iter().map(|i| Value::Int(*i)).collect(),
            Type::Byte => BYTE_BOUNDARIES.iter().map(|b| Value::Byte(*b)).collect(),
            Type::Bool => vec![Value::Bool(false), Value::Bool(true)],
            Type::Float64 => FLOAT_BOUNDARIES.iter().map(|f| Value::Float(*f)).collect(),
            Type::String => STRING_BOUNDARIES
                .iter()
                .map(|s| Value::Str(s.to_string()))
                .collect(),
            Type::Array(e) => {
                let mut out = vec![Value::Array(vec![])];
                out.extend(
                    self.boundaries(e)
                        .into_iter()
                        .map(|v| Value::Array(vec![v])),
                );
                out
            }
            Type::Adt(id, args) => (0..self.program.adts[*id].ctors.len())
                .filter_map(|k| self.minimal_ctor(*id, args, k, 1))
                .collect(),
            _ => self.minimal(t).into_iter().collect(),
        }
    }

    /// The smallest value of a type (0, false, "", [], the first constructor
    /// that needs the least).
    pub fn minimal(&self, t: &Type) -> Option<Value> {
        Generator::minimal_of(self.program, t, 0)
    }

    fn minimal_of(program: &Program, t: &Type, depth: u32) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        Some(match t {
            Type::Int | Type::Nat => Value::Int(0),
            Type::Bool => Value::Bool(false),
            Type::Byte => Value::Byte(0),
            Type::Float64 => Value::Float(0.0),
            Type::String => Value::Str(String::new()),
            Type::Unit => Value::Unit,
            Type::Array(_) => Value::Array(vec![]),
            Type::Tuple(ts) => Value::Tuple(
                ts.iter()
                    .map(|t| Generator::minimal_of(program, t, depth + 1))
                    .collect::<Option<_>>()?,
            ),
            Type::Adt(id, args) => {
                let def = &program.adts[*id];
                let mut order: Vec<usize> = (0..def.ctors.len()).collect();
                order.sort_by_key(|k| def.ctors[*k].fields.len());
                return order.into_iter().find_map(|k| {
                    let fields = def
                        .field_types(k, args)
                        .iter()
                        .map(|f| Generator::minimal_of(program, f, depth + 1))
                        .collect::<Option<Vec<_>>>()?;
                    Some(Value::Ctor {
                        name: def.ctors[k].name.clone(),
                        tag: k,
                        fields,
                    })
                });
            }
            _ => return None,
        })
    }

    /// Constructor `k` with the smallest fields.
    pub fn minimal_ctor(&self, id: AdtId, args: &[Type], k: usize, depth: u32) -> Option<Value> {
        let def = &self.program.adts[id];
        let fields = def
            .field_types(k, args)
            .iter()
            .map(|f| Generator::minimal_of(self.program, f, depth))
            .collect::<Option<Vec<_>>>()?;
        Some(Value::Ctor {
            name: def.ctors[k].name.clone(),
            tag: k,
            fields,
        })
    }

    /// A random value; `size` bounds lengths, magnitudes of small numbers
    /// and nesting.
    pub fn random(&mut self, t: &Type, size: u32) -> Option<Value> {
        self.random_at(t, size, 0)
    }

    fn random_at(&mut self, t: &Type, size: u32, depth: u32) -> Option<Value> {
        if depth >= MAX_DEPTH {
            return Generator::minimal_of(self.program, t, 0);
        }
        Some(match t {
            Type::Int => Value::Int(self.int(size)),
            Type::Nat => Value::Int(self.int(size).checked_abs().unwrap_or(i64::MAX)),
            Type::Byte => Value::Byte(self.rng.below(256) as u8),
            Type::Bool => Value::Bool(self.rng.chance(1, 2)),
            Type::Float64 => Value::Float(self.float(size)),
            Type::String => Value::Str(self.string(size)),
            Type::Unit => Value::Unit,
            Type::Array(e) => {
                let len = self.rng.below(u64::from(size.min(12)) + 1);
                let items = (0..len)
                    .map(|_| self.random_at(e, size / 2, depth + 1))
                    .collect::<Option<_>>()?;
                Value::Array(items)
            }
            Type::Tuple(ts) => Value::Tuple(
                ts.iter()
                    .map(|t| self.random_at(t, size, depth + 1))
                    .collect::<Option<_>>()?,
            ),
            Type::Adt(id, args) => return self.random_ctor(*id, args, size, depth),
            _ => return None,
        })
    }

    fn random_ctor(&mut self, id: AdtId, args: &[Type], size: u32, depth: u32) -> Option<Value> {
        let def = &self.program.adts[id];
        if size == 0 {
            return Generator::minimal_of(self.program, &Type::Adt(id, args.to_vec()), depth);
        }
        let k = self.rng.below(def.ctors.len() as u64) as usize;
        let types = def.field_types(k, args);
        let heap_fields = types.iter().filter(|t| crate::abi::is_pointer(t)).count() as u32;
        let inner = if heap_fields > 1 {
            size / heap_fields
        } else {
            size - 1
        };
        let fields = types
            .iter()
            .map(|f| self.random_at(f, inner, depth + 1))
            .collect::<Option<Vec<_>>>()?;
        Some(Value::Ctor {
            name: def.ctors[k].name.clone(),
            tag: k,
            fields,
        })
    }

    /// Mostly small numbers, sometimes a boundary, sometimes any magnitude.
    fn int(&mut self, size: u32) -> i64 {
        let size = i64::from(size.max(1));
        match self.rng.below(10) {
            0..=5 => self.rng.range(0, 2 * size as u64) as i64 - size,
            6 => *self.rng.pick(&INT_BOUNDARIES),
            _ => {
                let bits = self.rng.range(1, 63);
                (self.rng.next_u64() >> (64 - bits)) as i64
                    * if self.rng.chance(1, 2) { -1 } else { 1 }
            }
        }
    }

    fn float(&mut self, size: u32) -> f64 {
        match self.rng.below(10) {
            0..=1 => *self.rng.pick(&FLOAT_BOUNDARIES),
            2..=5 => {
                let size = f64::from(size.max(1));
                (self.rng.next_u64() as f64 / u64::MAX as f64) * 2.0 * size - size
            }
            6..=7 => self.int(size) as f64,
            _ => {
                let exp = self.rng.range(0, 600) as i32 - 300;
                let sign = if self.rng.chance(1, 2) { -1.0 } else { 1.0 };
                sign * (self.rng.next_u64() as f64 / u64::MAX as f64) * 10f64.powi(exp)
            }
        }
    }

    fn string(&mut self, size: u32) -> String {
        let len = self.rng.below(u64::from(size.min(16)) + 1);
        (0..len).map(|_| *self.rng.pick(&CHARS)).collect()
    }
}

/// Candidates for a function Z3 does not generate inputs for: the smallest
/// input, then each parameter's boundary values (the others smallest), then
/// random inputs of growing size; at most `ATTEMPTS_PER_TRIAL` per trial.
pub struct Candidates<'p> {
    gen: Generator<'p>,
    types: Vec<Type>,
    boundaries: std::vec::IntoIter<Vec<Value>>,
    made: usize,
    limit: usize,
    trials: usize,
}

impl<'p> Candidates<'p> {
    pub fn new(gen: Generator<'p>, types: Vec<Type>, trials: usize) -> Candidates<'p> {
        let minimal: Option<Vec<Value>> = types.iter().map(|t| gen.minimal(t)).collect();
        let mut boundaries = Vec::new();
        if let Some(minimal) = minimal {
            boundaries.push(minimal.clone());
            for (i, t) in types.iter().enumerate() {
                for b in gen.boundaries(t) {
                    let mut args = minimal.clone();
                    args[i] = b;
                    if !boundaries.contains(&args) {
                        boundaries.push(args);
                    }
                }
            }
        }
        Candidates {
            gen,
            types,
            boundaries: boundaries.into_iter(),
            made: 0,
            limit: trials * ATTEMPTS_PER_TRIAL,
            trials: trials.max(1),
        }
    }
}

impl Iterator for Candidates<'_> {
    type Item = Vec<Value>;

    fn next(&mut self) -> Option<Vec<Value>> {
        if self.made >= self.limit {
            return None;
        }
        self.made += 1;
        if let Some(b) = self.boundaries.next() {
            return Some(b);
        }
        // Sizes grow from 1 to about 30 over the trials.
        let size = 1 + (self.made * 30 / self.trials).min(30) as u32;
        let types = self.types.clone();
        types.iter().map(|t| self.gen.random(t, size)).collect()
    }
}
