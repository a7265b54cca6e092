//! Running trials: one instance of the compiled module serves every trial of a
//! function and is replaced only after a call stops (a trap may leave globals,
//! the shadow stack or handler records half-restored). Heap arguments are
//! built through the module's exported allocator with the layouts of
//! `abi.rs`, each object pushed on the shadow stack as soon as it exists, so a
//! collection while later arguments are built, or during the call, keeps them;
//! the stack is popped back after the call.

use super::value::Value;
use crate::abi::{self, ValType};
use crate::check::tir::Program;
use crate::check::types::Type;
use crate::runtime::{self, Session, Stopped};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use wasmtime::{Engine, Module, Val};

/// How often the deadline clock ticks.
const TICK_MS: u64 = 5;
/// The call stack of a trial: recursion about 10,000 calls deep. Runaway
/// recursion on a large input stops early, and unwinding a trap (which walks
/// every frame) stays cheap.
const STACK_BYTES: usize = 1 << 20;

/// The function under test, as the runner calls it.
pub struct Target {
    pub export: String,
    /// Every parameter's type, Unit included.
    pub params: Vec<Type>,
    /// `abs(@Int -> @Int)`: names its own contract violations.
    pub signature: String,
    /// It declares `Exn<E>`: an exception that escapes is its declared outcome.
    pub throws: bool,
}

/// The outcome of one trial.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Pass,
    /// The function's own `requires` rejected the input: not a trial.
    Rejected,
    /// A contract violation, an assertion, or a trap: the message.
    Fail(String),
    /// The trial ran out of time: not counted.
    TimedOut,
    /// The trial ran out of call stack (or shadow stack): a limit of the
    /// tester's instance, not counted.
    OutOfStack,
}

/// Runs trials on one module.
pub struct Runner<'p> {
    program: &'p Program,
    engine: Engine,
    module: Module,
    session: Option<Session>,
    trial_ticks: u64,
    ticking: Arc<AtomicBool>,
    /// The collector's stress mode and self-check, set in every instance.
    pub gc_mode: (u32, bool),
}

impl Drop for Runner<'_> {
    fn drop(&mut self) {
        self.ticking.store(false, Ordering::Relaxed);
    }
}

impl<'p> Runner<'p> {
    /// Prepare `wasm` to run, each trial stopped after `trial_ms`.
    pub fn new(program: &'p Program, wasm: &[u8], trial_ms: u64) -> Result<Runner<'p>, String> {
        let engine = runtime::engine_for_trials(STACK_BYTES).map_err(|e| e.to_string())?;
        let module = runtime::module(&engine, wasm).map_err(|e| e.0)?;
        let ticking = Arc::new(AtomicBool::new(true));
        let (clock, running) = (engine.clone(), ticking.clone());
        std::thread::spawn(move || {
            while running.load(Ordering::Relaxed) {
                std::thread::sleep(std::time::Duration::from_millis(TICK_MS));
                clock.increment_epoch();
            }
        });
        Ok(Runner {
            program,
            engine,
            module,
            session: None,
            trial_ticks: trial_ms.div_ceil(TICK_MS).max(1),
            ticking,
            gc_mode: (0, false),
        })
    }

    /// Run one trial: call the function with these arguments (one per
    /// parameter that is not Unit).
    pub fn run(&mut self, target: &Target, args: &[Value]) -> Outcome {
        let session = match self.session.take() {
            Some(s) => s,
            None => match Session::new(&self.engine, &self.module) {
                Ok(mut s) => {
                    s.set_gc_mode(self.gc_mode.0, self.gc_mode.1);
                    s
                }
                Err(e) => return Outcome::Fail(e.0),
            },
        };
        let mut session = session;
        let sp = session.gc_sp();
        let vals = match self.arguments(&mut session, target, args) {
            Ok(v) => v,
            Err(e) => return Outcome::Fail(e),
        };
        session.set_deadline(self.trial_ticks);
        match session.call(&target.export, &vals) {
            Ok(_) => {
                session.set_gc_sp(sp);
                self.session = Some(session);
                Outcome::Pass
            }
            // The instance is dropped: the next trial gets a fresh one.
            Err(stopped) => classify(target, stopped),
        }
    }

    fn arguments(
        &self,
        session: &mut Session,
        target: &Target,
        args: &[Value],
    ) -> Result<Vec<Val>, String> {
        let types = target.params.iter().filter(|t| !matches!(t, Type::Unit));
        let mut vals = Vec::new();
        for (t, v) in types.zip(args) {
            if let Some(val) = self.build(session, t, v)? {
                vals.push(val);
            }
        }
        Ok(vals)
    }

    /// The WebAssembly value of `v` (none for Unit), heap objects rooted.
    fn build(&self, session: &mut Session, t: &Type, v: &Value) -> Result<Option<Val>, String> {
        Ok(Some(match (t, v) {
            (_, Value::Unit) => return Ok(None),
            (_, Value::Int(i)) => Val::I64(*i),
            (_, Value::Bool(b)) => Val::I32(i32::from(*b)),
            (_, Value::Byte(b)) => Val::I32(i32::from(*b)),
            (_, Value::Float(f)) => Val::F64(f.to_bits()),
            _ => Val::I32(self.object(session, t, v)? as i32),
        }))
    }

    /// Allocate and fill a heap object, and root it.
    fn object(&self, session: &mut Session, t: &Type, v: &Value) -> Result<u32, String> {
        let (fields, layout, header): (Vec<Type>, abi::Layout, Option<(u32, u32)>) = match (t, v) {
            (Type::String, Value::Str(s)) => {
                let p = session.alloc(s.len() as u32 + abi::STRING_BYTES, true)?;
                write_bytes(session, p, &abi::string_bytes(s))?;
                session.push_root(p)?;
                return Ok(p);
            }
            (Type::Array(e), Value::Array(items)) => {
                let n = items.len() as u32;
                let offsets = (0..n).map(|i| abi::ARRAY_ELEMS + i * abi::stride(e));
                let layout = abi::Layout {
                    offsets: offsets.collect(),
                    size: abi::array_size(e, n),
                };
                (
                    vec![(**e).clone(); items.len()],
                    layout,
                    Some((abi::ARRAY_LENGTH, n)),
                )
            }
            (Type::Adt(id, targs), Value::Ctor { tag, .. }) => {
                let types = self.program.adts[*id].field_types(*tag, targs);
                let layout = abi::ctor_layout(&types);
                (types, layout, Some((abi::CTOR_TAG, *tag as u32)))
            }
            (Type::Tuple(ts), Value::Tuple(_)) => (ts.clone(), abi::tuple_layout(ts), None),
            _ => return Err(format!("cannot build {} as a {:?}", v.show(), t)),
        };
        let items = match v {
            Value::Array(items) | Value::Ctor { fields: items, .. } | Value::Tuple(items) => items,
            _ => return Err(format!("cannot build {}", v.show())),
        };
        // Fields first (each rooted), then the object that holds them.
        let mut built = Vec::new();
        for (ft, item) in fields.iter().zip(items) {
            built.push(self.build(session, ft, item)?);
        }
        let leaf = !fields.iter().any(abi::is_pointer);
        let p = session.alloc(layout.size, leaf)?;
        if let Some((offset, word)) = header {
            write_bytes(session, p + offset, &word.to_le_bytes())?;
        }
        for ((ft, val), offset) in fields.iter().zip(built).zip(&layout.offsets) {
            if let Some(val) = val {
                write_bytes(session, p + offset, &stored_bytes(ft, &val))?;
            }
        }
        session.push_root(p)?;
        Ok(p)
    }
}

/// The bytes a field of type `t` holds.
fn stored_bytes(t: &Type, v: &Val) -> Vec<u8> {
    match (abi::val_type(t), v) {
        (_, Val::I32(b)) if matches!(t, Type::Byte) => vec![*b as u8],
        (Some(ValType::I64), Val::I64(i)) => i.to_le_bytes().to_vec(),
        (Some(ValType::F64), Val::F64(bits)) => bits.to_le_bytes().to_vec(),
        (_, Val::I32(i)) => i.to_le_bytes().to_vec(),
        _ => Vec::new(),
    }
}

fn write_bytes(session: &mut Session, at: u32, bytes: &[u8]) -> Result<(), String> {
    let mem = session.memory();
    let at = at as usize;
    let dest = mem
        .get_mut(at..at + bytes.len())
        .ok_or("an argument does not fit in memory")?;
    dest.copy_from_slice(bytes);
    Ok(())
}

/// Sort a stopped call: the time and stack limits are not the function's
/// failures; the function's own precondition at its entry (one frame:
/// nothing else was running) rejects the input; an exception the function
/// declares is an outcome; anything else fails.
fn classify(target: &Target, stopped: Stopped) -> Outcome {
    let own_requires = format!("Precondition violation in {}: ", target.signature);
    if stopped.timed_out {
        Outcome::TimedOut
    } else if stopped.out_of_stack {
        Outcome::OutOfStack
    } else if stopped.message.starts_with(&own_requires) && stopped.frames.len() <= 1 {
        Outcome::Rejected
    } else if target.throws && stopped.message.ends_with("no handler caught it") {
        Outcome::Pass
    } else {
        Outcome::Fail(stopped.message)
    }
}
