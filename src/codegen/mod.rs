//! Code generation: the typed IR to readable WAT.
//!
//! Steps: collect the function instances reachable from the root module
//! (monomorphising generic functions on demand), lower each one (`func.rs`,
//! `expr.rs` and the files beside it), then stitch the module in a fixed order
//! (`module.rs`): imports, types, tags, memory, data, globals, prelude, table,
//! functions.
//!
//! Everything the module defines once — instances, equality functions, exception
//! tags, state cells, handler globals, closure types — is found in a table keyed
//! by its semantic identity (ids and types), and named by the [`names::Namer`].
//!
//! Architecture invariant: codegen never reads files and cannot fail on a
//! checked program; an invalid module is a compiler bug (E699, found by
//! validation in `lib.rs`).

mod analysis;
mod builtins;
mod equality;
mod expr;
mod func;
mod handlers;
mod matching;
mod module;
mod names;
mod objects;
pub mod wat;

use crate::abi::{self, ValType};
use crate::check::tir::{ClauseId, FnId, Program};
use crate::check::types::{AdtId, EffectId, Type};
use crate::ids::IdVec;
use crate::source::{SourceMap, Span};
use names::{Namer, TypeLabels};
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

pub use module::{AdtShape, ExportInfo, Output};

/// Options that change the emitted code.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Clauses the verifier proved: their runtime checks are left out
    /// (`vera compile --verify`). Empty by default.
    pub proved: BTreeSet<ClauseId>,
    /// Include the allocator even when the program never allocates, so that
    /// a host can build heap arguments (`vera test`). Off by default.
    pub heap: bool,
}

/// Compile a checked program to WAT. `sources` gives the source lines that
/// comments name (`-- line 12`), which link the text back to the program.
pub fn emit_wat(program: &Program, sources: &SourceMap, options: &Options) -> Output {
    let mut gen = Gen::new(program, sources);
    gen.proved = options.proved.clone();
    if options.heap {
        gen.use_prelude("gc");
    }
    gen.collect_roots();
    while let Some(work) = gen.queue.pop_front() {
        let text = func::emit(&mut gen, work);
        gen.funcs.push(text);
    }
    module::assemble(gen)
}

/// A function to emit: a declared function at concrete type arguments, a lambda
/// lifted out of one, or the clause of a handler.
pub enum Work {
    Fn {
        func: FnId,
        targs: Vec<Type>,
        name: String,
    },
    Lambda(Box<func::Lifted>),
}

/// Host functions a module may import (see `src/runtime.rs`).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub enum Import {
    Print,
    Fail,
    Fatal,
    Bounds,
    FloatToString,
    ParseFloat64,
}

impl Import {
    pub fn name(self) -> &'static str {
        match self {
            Import::Print => "print",
            Import::Fail => "fail",
            Import::Fatal => "fatal",
            Import::Bounds => "bounds",
            Import::FloatToString => "float_to_string",
            Import::ParseFloat64 => "parse_float64",
        }
    }

    /// The WAT function type.
    pub fn signature(self) -> &'static str {
        match self {
            Import::Print | Import::Fail => "(param i32)",
            Import::Fatal => "(param i32 i32)",
            Import::Bounds => "(param i32 i64 i32)",
            Import::FloatToString => "(param f64) (result i32)",
            Import::ParseFloat64 => "(param i32) (result f64)",
        }
    }
}

/// The static data segment: string literals, the words holding the tags of
/// nullary constructors, and the empty array.
pub struct StaticData {
    /// Each distinct string and its address.
    pub strings: Vec<(String, u32)>,
    string_index: HashMap<String, u32>,
    /// Words holding the tags 0..tag_count, the values of nullary constructors.
    pub tag_table: Option<u32>,
    pub tag_count: u32,
    /// A static array of length 0.
    pub empty_array: Option<u32>,
    /// The first free address (data starts at 8: address 0 is never an object).
    pub end: u32,
}

impl StaticData {
    fn reserve(&mut self, bytes: u32, align: u32) -> u32 {
        let at = self.end.div_ceil(align) * align;
        self.end = at + bytes;
        at
    }
}

/// Everything the module being generated has collected so far.
pub struct Gen<'p> {
    pub program: &'p Program,
    pub sources: &'p SourceMap,
    pub queue: VecDeque<Work>,
    pub namer: Namer,
    pub labels: TypeLabels,
    /// Function instances, by function and type arguments.
    instances: HashMap<(FnId, Vec<Type>), String>,
    pub funcs: Vec<String>,
    pub data: StaticData,
    pub imports: BTreeSet<Import>,
    /// Exception tags of `Exn<E>`, by thrown type: name and payload.
    pub exn_tags: BTreeMap<Type, (String, Option<ValType>)>,
    /// Tags that end a user-effect `handle` from a clause, by the value's type.
    pub abort_tags: BTreeMap<Option<ValType>, String>,
    /// Function types of closures and clauses: environment, parameters, result.
    pub closure_types: BTreeMap<(Vec<ValType>, Option<ValType>), String>,
    /// Lifted functions placed in the funcref table, in table order.
    pub table: Vec<String>,
    pub uses_heap: bool,
    pub prelude_parts: BTreeSet<&'static str>,
    /// The innermost handler record of each user effect, by effect and type arguments.
    pub handler_globals: BTreeMap<(EffectId, Vec<Type>), String>,
    /// `State<T>` cells, by type: global name and value type.
    pub state_cells: BTreeMap<Type, (String, Option<ValType>)>,
    pub exports: Vec<ExportInfo>,
    /// For each function, whether calling it may allocate.
    pub may_alloc: IdVec<FnId, bool>,
    /// The user effects whose operations may throw.
    pub unwinding: analysis::Unwinding,
    /// Structural equality functions by type, and their texts.
    pub eq_names: HashMap<Type, String>,
    pub eq_funcs: Vec<String>,
    /// Clauses proved by the verifier, whose checks are left out.
    pub proved: BTreeSet<ClauseId>,
}

impl<'p> Gen<'p> {
    fn new(program: &'p Program, sources: &'p SourceMap) -> Gen<'p> {
        let tag_count = program
            .adts
            .iter()
            .map(|a| a.ctors.len() as u32)
            .max()
            .unwrap_or(0)
            .max(1);
        let mut reserved = names::prelude_names(module::PRELUDE);
        reserved.extend(
            [
                "$data_end",
                "$gc_mark_globals",
                "$vera.print",
                "$vera.fail",
                "$vera.fatal",
                "$vera.bounds",
                "$vera.float_to_string",
                "$vera.parse_float64",
            ]
            .map(String::from),
        );
        Gen {
            program,
            sources,
            queue: VecDeque::new(),
            namer: Namer::new(reserved),
            labels: TypeLabels::new(program),
            instances: HashMap::new(),
            funcs: Vec::new(),
            data: StaticData {
                strings: Vec::new(),
                string_index: HashMap::new(),
                tag_table: None,
                tag_count,
                empty_array: None,
                end: 8,
            },
            imports: BTreeSet::new(),
            exn_tags: BTreeMap::new(),
            abort_tags: BTreeMap::new(),
            closure_types: BTreeMap::new(),
            table: Vec::new(),
            uses_heap: false,
            prelude_parts: BTreeSet::new(),
            handler_globals: BTreeMap::new(),
            state_cells: BTreeMap::new(),
            exports: Vec::new(),
            may_alloc: analysis::allocation_summary(program),
            unwinding: analysis::unwinding_effects(program),
            eq_names: HashMap::new(),
            eq_funcs: Vec::new(),
            proved: BTreeSet::new(),
        }
    }

    /// The lines a span covers, for a comment inside a function: `line 12`,
    /// `lines 12-15` (the function's own comment names the file).
    pub fn lines(&self, span: Span) -> String {
        let (first, last) = self.line_range(span);
        if first == last {
            format!("line {}", first)
        } else {
            format!("lines {}-{}", first, last)
        }
    }

    /// `file.vera:12-15`, for the comment above a lifted function.
    pub fn place(&self, span: Span) -> String {
        let file = self.sources.get(span.file);
        let name = file
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match self.line_range(span) {
            (first, last) if first == last => format!("{}:{}", name, first),
            (first, last) => format!("{}:{}-{}", name, first, last),
        }
    }

    fn line_range(&self, span: Span) -> (usize, usize) {
        let file = self.sources.get(span.file);
        let first = file.line_col(span.start as usize).0;
        let last = file
            .line_col((span.end as usize).max(span.start as usize + 1) - 1)
            .0;
        (first, last.max(first))
    }

    /// Every non-generic function of the root module is emitted; the rest only
    /// when something calls it.
    fn collect_roots(&mut self) {
        for (id, f) in self.program.fns.iter_enumerated() {
            if f.root && f.type_params.is_empty() {
                self.instance(id, vec![]);
            }
        }
    }

    /// The WAT name of a function instance, queueing it on first use.
    pub fn instance(&mut self, func: FnId, targs: Vec<Type>) -> String {
        let key = (func, targs);
        if let Some(name) = self.instances.get(&key) {
            return name.clone();
        }
        let f = &self.program.fns[func];
        let mut base = if f.root || f.module.is_empty() {
            f.name.clone()
        } else {
            format!("{}.{}", f.module, f.name)
        };
        if !key.1.is_empty() {
            base = format!("{}<{}>", base, self.labels.labels(&key.1));
        }
        let name = self.namer.fresh(&base);
        self.instances.insert(key.clone(), name.clone());
        self.queue.push_back(Work::Fn {
            func,
            targs: key.1,
            name: name.clone(),
        });
        name
    }

    /// A type as it appears in identifiers and comments.
    pub fn label(&self, t: &Type) -> String {
        self.labels.label(t)
    }

    /// The address of a string literal in the data segment.
    pub fn string(&mut self, s: &str) -> u32 {
        if let Some(&addr) = self.data.string_index.get(s) {
            return addr;
        }
        let addr = self.data.reserve(abi::STRING_BYTES + s.len() as u32, 4);
        self.data.strings.push((s.to_string(), addr));
        self.data.string_index.insert(s.to_string(), addr);
        addr
    }

    /// The address of the static word holding `tag`: the value of a nullary
    /// constructor. The table of tags is laid out on first use.
    pub fn tag_address(&mut self, tag: usize) -> u32 {
        let table = match self.data.tag_table {
            Some(t) => t,
            None => {
                let t = self.data.reserve(4 * self.data.tag_count, 4);
                self.data.tag_table = Some(t);
                t
            }
        };
        table + 4 * tag as u32
    }

    /// The address of the static empty array.
    pub fn empty_array(&mut self) -> u32 {
        match self.data.empty_array {
            Some(a) => a,
            None => {
                let a = self.data.reserve(abi::ARRAY_ELEMS, 8);
                self.data.empty_array = Some(a);
                a
            }
        }
    }

    pub fn import(&mut self, i: Import) {
        self.imports.insert(i);
    }

    pub fn use_prelude(&mut self, part: &'static str) {
        self.uses_heap = true;
        self.prelude_parts.insert(part);
        self.import(Import::Fatal);
        if part == "strings" {
            self.import(Import::Bounds);
        }
    }

    /// The type of closures and clauses with these parameters and result (the
    /// environment pointer comes first).
    pub fn closure_type(&mut self, params: &[Type], ret: &Type) -> String {
        let ps: Vec<ValType> = params.iter().filter_map(abi::val_type).collect();
        let r = abi::val_type(ret);
        let key = (ps, r);
        if let Some(name) = self.closure_types.get(&key) {
            return name.clone();
        }
        let words: Vec<&str> = key.0.iter().map(|v| v.name()).collect();
        let base = format!(
            "fn_{}->{}",
            words.join("_"),
            r.map(ValType::name).unwrap_or("none")
        )
        .replace("fn_->", "fn->");
        let name = self.namer.fresh(&base);
        self.closure_types.insert(key, name.clone());
        name
    }

    /// The exception tag carrying thrown values of type `t`.
    pub fn exn_tag(&mut self, t: &Type) -> String {
        if let Some((name, _)) = self.exn_tags.get(t) {
            return name.clone();
        }
        let name = self.namer.fresh(&format!("exn<{}>", self.label(t)));
        self.exn_tags
            .insert(t.clone(), (name.clone(), abi::val_type(t)));
        name
    }

    /// The tag with which a clause ends its `handle` with a value of type `t`.
    pub fn abort_tag(&mut self, t: &Type) -> String {
        let vt = abi::val_type(t);
        if let Some(name) = self.abort_tags.get(&vt) {
            return name.clone();
        }
        let base = match vt {
            Some(v) => format!("abort.{}", v.name()),
            None => "abort".to_string(),
        };
        let name = self.namer.fresh(&base);
        self.abort_tags.insert(vt, name.clone());
        name
    }

    /// The global holding the `State<T>` cell.
    pub fn state_cell(&mut self, t: &Type) -> String {
        if let Some((name, _)) = self.state_cells.get(t) {
            return name.clone();
        }
        let name = self.namer.fresh(&format!("state<{}>", self.label(t)));
        self.state_cells
            .insert(t.clone(), (name.clone(), abi::val_type(t)));
        name
    }

    /// The global holding the innermost handler record of a user effect.
    pub fn handler_global(&mut self, effect: EffectId, args: &[Type]) -> String {
        let key = (effect, args.to_vec());
        if let Some(name) = self.handler_globals.get(&key) {
            return name.clone();
        }
        let mut base = format!("handler.{}", self.program.effects[effect].name);
        if !args.is_empty() {
            base = format!("{}<{}>", base, self.labels.labels(args));
        }
        let name = self.namer.fresh(&base);
        self.handler_globals.insert(key, name.clone());
        name
    }

    /// A function name for a lifted lambda or clause.
    pub fn lifted_name(&mut self, base: &str) -> String {
        self.namer.fresh(base)
    }

    /// The data type's display name, for comments.
    pub fn adt_label(&self, id: AdtId) -> String {
        self.label(&Type::Adt(id, vec![]))
    }
}
