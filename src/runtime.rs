//! Running compiled programs on wasmtime: the host functions (`vera.print`,
//! state cells, failure reports), argument parsing, and result printing.
//!
//! Architecture invariant: a Vera program never makes this module panic; every
//! trap becomes a [`RunError`] with a message naming the Vera function.

use crate::codegen::{AdtShape, ExportInfo};
use crate::entry::{self, Arg, Trap};
use crate::values::{format_float, parse_float_prefix, Raw};
use std::io::Write;
use wasmtime::format_err as anyhow;
use wasmtime::{Caller, Config, Engine, Extern, Linker, Module, Store, Val};

/// What to run and how.
pub struct RunRequest<'a> {
    pub wasm: &'a [u8],
    pub exports: &'a [ExportInfo],
    /// Public generic functions, which cannot be run directly.
    pub generic: &'a [String],
    pub function: Option<String>,
    pub args: Vec<String>,
    /// Collect every N allocations (0: only when the heap is full).
    pub gc_stress: u32,
    /// Check the heap's consistency after every collection.
    pub gc_verify: bool,
    pub gc_stats: bool,
    /// ADT names and constructors, for printing ADT results.
    pub adts: &'a [AdtShape],
    /// Stop the program after this many epochs of its engine (an engine made by
    /// `engine_with_epochs`, whose epoch something else increments): a hang
    /// becomes an error instead.
    pub deadline: Option<u64>,
    /// The checked program, to check the entry function's refined arguments
    /// (`interp::check_refined_args`) before the call.
    pub program: Option<&'a crate::check::tir::Program>,
}

/// A failed run: the message to print on stderr.
#[derive(Debug)]
pub struct RunError(pub String);

/// Where the program's output goes.
pub enum Sink {
    Stdout(std::io::BufWriter<std::io::Stdout>),
    /// Kept in memory (the differential tester compares it).
    Captured(Vec<u8>),
    /// Dropped (`vera test` runs a function many times).
    Discarded,
}

impl Sink {
    fn write(&mut self, bytes: &[u8]) {
        // A closed stdout does not stop the program.
        let _ = match self {
            Sink::Stdout(w) => w.write_all(bytes),
            Sink::Captured(v) => v.write_all(bytes),
            Sink::Discarded => Ok(()),
        };
    }
}

struct Host {
    /// A failure message reported by the program before it trapped.
    failure: Option<String>,
    out: Sink,
    /// The last byte the program printed, so that the result starts a new line.
    last_printed: Option<u8>,
}

pub fn engine() -> wasmtime::Result<Engine> {
    Engine::new(&config())
}

/// An engine whose programs can be stopped by a deadline in epochs (see
/// `RunRequest::deadline`); the caller increments its epoch.
pub fn engine_with_epochs() -> wasmtime::Result<Engine> {
    let mut config = config();
    config.epoch_interruption(true);
    Engine::new(&config)
}

/// An engine for many short calls (`vera test`): epochs for deadlines and a
/// call stack of `stack_bytes`, so that runaway recursion stops early.
pub fn engine_for_trials(stack_bytes: usize) -> wasmtime::Result<Engine> {
    let mut config = config();
    config.epoch_interruption(true);
    config.max_wasm_stack(stack_bytes);
    Engine::new(&config)
}

fn config() -> Config {
    let mut config = Config::new();
    config.wasm_tail_call(true);
    config.wasm_exceptions(true);
    config.max_wasm_stack(256 * 1024 * 1024);
    config.async_stack_size(257 * 1024 * 1024);
    config
}

/// Run a function, printing the program's output on stdout, and return the
/// text of its result (empty for Unit).
pub fn run(req: &RunRequest) -> Result<String, RunError> {
    let engine = engine().map_err(|e| RunError(format!("cannot start wasmtime: {e}")))?;
    let sink = Sink::Stdout(std::io::BufWriter::new(std::io::stdout()));
    let module = module(&engine, req.wasm)?;
    run_with(&engine, &module, req, sink).1
}

/// Compile a module once, to run it several times.
pub fn module(engine: &Engine, wasm: &[u8]) -> Result<Module, RunError> {
    Module::new(engine, wasm).map_err(|e| RunError(format!("invalid module: {e:#}")))
}

/// Run a function of `module`, keeping the program's output: the output, then
/// the result text or the error.
pub fn run_captured(
    engine: &Engine,
    module: &Module,
    req: &RunRequest,
) -> (Vec<u8>, Result<String, RunError>) {
    match run_with(engine, module, req, Sink::Captured(Vec::new())) {
        (Sink::Captured(out), result) => (out, result),
        (_, result) => (Vec::new(), result),
    }
}

fn run_with(
    engine: &Engine,
    module: &Module,
    req: &RunRequest,
    sink: Sink,
) -> (Sink, Result<String, RunError>) {
    let mut store = Store::new(
        engine,
        Host {
            failure: None,
            out: sink,
            last_printed: None,
        },
    );
    if let Some(epochs) = req.deadline {
        store.set_epoch_deadline(epochs);
    }
    let result = run_in(engine, module, &mut store, req);
    if let Sink::Stdout(w) = &mut store.data_mut().out {
        let _ = w.flush();
    }
    (store.into_data().out, result)
}

fn run_in(
    engine: &Engine,
    module: &Module,
    store: &mut Store<Host>,
    req: &RunRequest,
) -> Result<String, RunError> {
    let export =
        entry::choose(req.exports, req.generic, req.function.as_deref()).map_err(RunError)?;
    let mut linker = Linker::new(engine);
    define_host(&mut linker).map_err(|e| RunError(e.to_string()))?;
    let instance = linker
        .instantiate(&mut *store, module)
        .map_err(|e| RunError(format!("cannot instantiate the module: {e:#}")))?;
    for (value, global) in [
        (req.gc_stress, "gc_stress"),
        (u32::from(req.gc_verify), "gc_verify"),
    ] {
        if let (true, Some(g)) = (value > 0, instance.get_global(&mut *store, global)) {
            let _ = g.set(&mut *store, Val::I32(value as i32));
        }
    }
    let func = instance
        .get_func(&mut *store, &export.name)
        .ok_or_else(|| RunError(format!("`{}` is not exported", export.name)))?;
    let params = entry::parse_args(export, &req.args).map_err(RunError)?;
    if let Some(program) = req.program {
        crate::interp::check_refined_args(program, export, &params).map_err(RunError)?;
    }
    let params = materialize(&instance, store, params)?;
    let mut results = vec![Val::I32(0); func.ty(&*store).results().len()];
    let outcome = func.call(&mut *store, &params, &mut results);
    if req.gc_stats {
        print_gc_stats(&instance, store);
    }
    if let Err(e) = outcome {
        return Err(RunError(trap_message(&e, store.data().failure.clone())));
    }
    let memory = instance.get_memory(&mut *store, "memory");
    let mem: &[u8] = memory.as_ref().map(|m| m.data(&*store)).unwrap_or(&[]);
    let raw = results.first().and_then(|v| match v {
        Val::I32(i) => Some(Raw::I32(*i)),
        Val::I64(i) => Some(Raw::I64(*i)),
        Val::F64(bits) => Some(Raw::F64(f64::from_bits(*bits))),
        _ => None,
    });
    let value = crate::values::show(&export.ret, raw, mem, req.adts);
    Ok(entry::result_text(value, store.data().last_printed))
}

/// Allocate string arguments (rooted on the shadow stack until the call).
fn materialize(
    instance: &wasmtime::Instance,
    store: &mut Store<Host>,
    args: Vec<Arg>,
) -> Result<Vec<Val>, RunError> {
    let mut vals = Vec::new();
    for arg in args {
        match arg {
            Arg::Int(i) => vals.push(Val::I64(i)),
            Arg::Bool(b) => vals.push(Val::I32(b as i32)),
            Arg::Byte(b) => vals.push(Val::I32(b as i32)),
            Arg::Float(f) => vals.push(Val::F64(f.to_bits())),
            Arg::Str(text) => {
                let err =
                    |e: wasmtime::Error| RunError(format!("cannot pass a string argument: {e:#}"));
                let alloc = instance
                    .get_typed_func::<(i32, i32), i32>(&mut *store, "alloc")
                    .map_err(err)?;
                let push = instance
                    .get_typed_func::<i32, ()>(&mut *store, "gc_push")
                    .map_err(err)?;
                let p = alloc
                    .call(&mut *store, (text.len() as i32 + 4, 1))
                    .map_err(err)?;
                let memory = instance
                    .get_memory(&mut *store, "memory")
                    .ok_or_else(|| RunError("the module exports no memory".into()))?;
                let data = memory.data_mut(&mut *store);
                let bytes = crate::abi::string_bytes(&text);
                let at = p as u32 as usize;
                data[at..at + bytes.len()].copy_from_slice(&bytes);
                push.call(&mut *store, p).map_err(err)?;
                vals.push(Val::I32(p));
            }
        }
    }
    Ok(vals)
}

/// One instance of a module whose exported functions are called many times
/// (`vera test`), with heap arguments built through its allocator. The
/// program's output is dropped.
pub struct Session {
    store: Store<Host>,
    instance: wasmtime::Instance,
}

/// How a call stopped: the message `vera run` would print, the WASM names of
/// the functions on the stack (innermost first), whether the deadline
/// stopped it, and whether it ran out of call stack (or shadow stack).
#[derive(Debug)]
pub struct Stopped {
    pub message: String,
    pub frames: Vec<String>,
    pub timed_out: bool,
    pub out_of_stack: bool,
}

impl Session {
    /// Instantiate `module` (an engine from `engine_with_epochs` if a
    /// deadline will be set).
    pub fn new(engine: &Engine, module: &Module) -> Result<Session, RunError> {
        let mut store = Store::new(
            engine,
            Host {
                failure: None,
                out: Sink::Discarded,
                last_printed: None,
            },
        );
        store.set_epoch_deadline(u64::MAX / 2);
        let mut linker = Linker::new(engine);
        define_host(&mut linker).map_err(|e| RunError(e.to_string()))?;
        let instance = linker
            .instantiate(&mut store, module)
            .map_err(|e| RunError(format!("cannot instantiate the module: {e:#}")))?;
        Ok(Session { store, instance })
    }

    /// Collect every `stress` allocations (0: only when the heap is full),
    /// and check the heap after each collection when `verify`.
    pub fn set_gc_mode(&mut self, stress: u32, verify: bool) {
        for (value, global) in [(stress, "gc_stress"), (u32::from(verify), "gc_verify")] {
            if let (true, Some(g)) = (value > 0, self.instance.get_global(&mut self.store, global))
            {
                let _ = g.set(&mut self.store, Val::I32(value as i32));
            }
        }
    }

    /// Stop the next calls after `epochs` more ticks of the engine's epoch.
    pub fn set_deadline(&mut self, epochs: u64) {
        self.store.set_epoch_deadline(epochs);
    }

    /// Call an exported function; its results, or how it stopped.
    pub fn call(&mut self, name: &str, args: &[Val]) -> Result<Vec<Val>, Stopped> {
        let stopped = |message: String| Stopped {
            message,
            frames: Vec::new(),
            timed_out: false,
            out_of_stack: false,
        };
        let func = self
            .instance
            .get_func(&mut self.store, name)
            .ok_or_else(|| stopped(format!("`{}` is not exported", name)))?;
        let mut results = vec![Val::I32(0); func.ty(&self.store).results().len()];
        self.store.data_mut().failure = None;
        match func.call(&mut self.store, args, &mut results) {
            Ok(()) => Ok(results),
            Err(e) => {
                let frames = e
                    .downcast_ref::<wasmtime::WasmBacktrace>()
                    .map(|bt| {
                        bt.frames()
                            .iter()
                            .filter_map(|f| f.func_name().map(String::from))
                            .collect()
                    })
                    .unwrap_or_default();
                let trap = e.downcast_ref::<wasmtime::Trap>();
                let timed_out = matches!(trap, Some(wasmtime::Trap::Interrupt));
                let failure = self.store.data_mut().failure.take();
                let shadow = entry::fatal_message(1, 0);
                let out_of_stack = matches!(trap, Some(wasmtime::Trap::StackOverflow))
                    || failure.as_deref() == Some(shadow.as_str());
                Err(Stopped {
                    message: trap_message(&e, failure),
                    frames,
                    timed_out,
                    out_of_stack,
                })
            }
        }
    }

    /// Allocate a payload of `size` bytes (`leaf`: it holds no pointers).
    pub fn alloc(&mut self, size: u32, leaf: bool) -> Result<u32, String> {
        let alloc = self
            .instance
            .get_typed_func::<(i32, i32), i32>(&mut self.store, "alloc")
            .map_err(|e| format!("the module has no allocator: {e}"))?;
        alloc
            .call(&mut self.store, (size as i32, leaf as i32))
            .map(|p| p as u32)
            .map_err(|e| format!("cannot allocate an argument: {e:#}"))
    }

    /// Push a root on the shadow stack.
    pub fn push_root(&mut self, p: u32) -> Result<(), String> {
        let push = self
            .instance
            .get_typed_func::<i32, ()>(&mut self.store, "gc_push")
            .map_err(|e| format!("the module has no shadow stack: {e}"))?;
        push.call(&mut self.store, p as i32)
            .map_err(|e| format!("cannot root an argument: {e:#}"))
    }

    /// The shadow stack's height (0 in a module without a collector).
    pub fn gc_sp(&mut self) -> i32 {
        self.instance
            .get_global(&mut self.store, "gc_sp")
            .and_then(|g| g.get(&mut self.store).i32())
            .unwrap_or(0)
    }

    /// Pop the shadow stack back to `sp`.
    pub fn set_gc_sp(&mut self, sp: i32) {
        if let Some(g) = self.instance.get_global(&mut self.store, "gc_sp") {
            let _ = g.set(&mut self.store, Val::I32(sp));
        }
    }

    /// The module's memory (empty if it has none).
    pub fn memory(&mut self) -> &mut [u8] {
        match self.instance.get_memory(&mut self.store, "memory") {
            Some(m) => m.data_mut(&mut self.store),
            None => &mut [],
        }
    }
}

fn define_host(linker: &mut Linker<Host>) -> wasmtime::Result<()> {
    linker.func_wrap(
        "vera",
        "print",
        |mut c: Caller<'_, Host>, s: i32| -> wasmtime::Result<()> {
            // The bytes as they are: a slice may have cut a character, and
            // the output is the program's bytes, as `vera interp` prints them.
            let mem = memory(&mut c)?;
            let (data, host) = mem.data_and_store_mut(&mut c);
            let text = crate::abi::string_contents(data, s as u32 as usize);
            host.out.write(text);
            if let Some(&last) = text.last() {
                host.last_printed = Some(last);
            }
            Ok(())
        },
    )?;
    linker.func_wrap(
        "vera",
        "fail",
        |mut c: Caller<'_, Host>, s: i32| -> wasmtime::Result<()> {
            let text = read_string(&mut c, s)?;
            c.data_mut().failure = Some(text.clone());
            Err(anyhow!(text))
        },
    )?;
    linker.func_wrap(
        "vera",
        "fatal",
        |mut c: Caller<'_, Host>, kind: i32, value: i32| -> wasmtime::Result<()> {
            let text = entry::fatal_message(kind, value as u32);
            c.data_mut().failure = Some(text.clone());
            Err(anyhow!(text))
        },
    )?;
    linker.func_wrap(
        "vera",
        "bounds",
        |mut c: Caller<'_, Host>, f: i32, index: i64, len: i32| -> wasmtime::Result<()> {
            let name = read_string(&mut c, f)?;
            let text = entry::bounds_message(&name, index, len);
            c.data_mut().failure = Some(text.clone());
            Err(anyhow!(text))
        },
    )?;
    linker.func_wrap(
        "vera",
        "float_to_string",
        |mut c: Caller<'_, Host>, v: f64| -> wasmtime::Result<i32> {
            let text = format_float(v);
            new_string(&mut c, &text)
        },
    )?;
    linker.func_wrap(
        "vera",
        "parse_float64",
        |mut c: Caller<'_, Host>, s: i32| -> wasmtime::Result<f64> {
            let text = read_string(&mut c, s)?;
            Ok(parse_float_prefix(&text))
        },
    )?;
    Ok(())
}

fn memory(c: &mut Caller<'_, Host>) -> wasmtime::Result<wasmtime::Memory> {
    match c.get_export("memory") {
        Some(Extern::Memory(m)) => Ok(m),
        _ => Err(anyhow!("the module exports no memory")),
    }
}

fn read_string(c: &mut Caller<'_, Host>, ptr: i32) -> wasmtime::Result<String> {
    let mem = memory(c)?;
    let data = mem.data(&*c);
    Ok(crate::abi::read_string(data, ptr as u32 as usize))
}

/// Allocate a string in the program's heap through its exported `alloc`.
fn new_string(c: &mut Caller<'_, Host>, text: &str) -> wasmtime::Result<i32> {
    let Some(Extern::Func(alloc)) = c.get_export("alloc") else {
        return Err(anyhow!("the module exports no allocator"));
    };
    let alloc = alloc.typed::<(i32, i32), i32>(&*c)?;
    let p = alloc.call(&mut *c, (text.len() as i32 + 4, 1))?;
    let mem = memory(c)?;
    let data = mem.data_mut(&mut *c);
    let bytes = crate::abi::string_bytes(text);
    let at = p as u32 as usize;
    data[at..at + bytes.len()].copy_from_slice(&bytes);
    Ok(p)
}

fn trap_message(e: &wasmtime::Error, failure: Option<String>) -> String {
    if let Some(f) = failure {
        return f;
    }
    let func = e.downcast_ref::<wasmtime::WasmBacktrace>().and_then(|bt| {
        bt.frames()
            .iter()
            .find_map(|f| f.func_name().map(String::from))
    });
    // An exception no handler caught is not a trap in wasmtime 48: it ends the
    // call with `ThrownException`.
    let uncaught = e.downcast_ref::<wasmtime::ThrownException>().is_some();
    let trap = match e.downcast_ref::<wasmtime::Trap>() {
        _ if uncaught => Trap::UncaughtException,
        Some(wasmtime::Trap::IntegerDivisionByZero) => Trap::DivisionByZero,
        Some(wasmtime::Trap::IntegerOverflow) => Trap::IntegerOverflow,
        Some(wasmtime::Trap::StackOverflow) => Trap::StackOverflow,
        Some(wasmtime::Trap::MemoryOutOfBounds) => Trap::MemoryOutOfBounds,
        Some(wasmtime::Trap::UnreachableCodeReached) => Trap::Unreachable,
        Some(wasmtime::Trap::UncaughtException) => Trap::UncaughtException,
        Some(t) => Trap::Other(t.to_string()),
        None => Trap::Other(format!("{:#}", e)),
    };
    entry::trap_message(func.as_deref(), &trap)
}

fn print_gc_stats(instance: &wasmtime::Instance, store: &mut Store<Host>) {
    let mut get = |name: &str| {
        instance
            .get_global(&mut *store, name)
            .map(|g| g.get(&mut *store))
    };
    let collections = get("gc_collections").and_then(|v| v.i32()).unwrap_or(0);
    let allocated = get("gc_allocated").and_then(|v| v.i64()).unwrap_or(0);
    let peak = get("gc_peak").and_then(|v| v.i32()).unwrap_or(0) as u32;
    let overflows = get("gc_overflows").and_then(|v| v.i32()).unwrap_or(0);
    let pages = instance
        .get_memory(&mut *store, "memory")
        .map(|m| m.size(&*store))
        .unwrap_or(0);
    // Write errors (a closed pipe) are ignored: statistics are not worth a panic.
    let text = entry::gc_stats_text(collections, allocated, peak, pages, overflows);
    let _ = std::io::stderr().write_all(text.as_bytes());
}
