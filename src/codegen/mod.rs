//! Code generation: the typed IR to readable WAT.
//!
//! Steps: collect the function instances reachable from the root module
//! (monomorphising generic functions on demand), lower each one (`func.rs`,
//! `expr.rs`), then stitch the module in a fixed order (`module.rs`): imports,
//! types, memory, data, globals, prelude, table, functions.
//!
//! Architecture invariant: codegen never reads files and never fails on a checked
//! program except for the constructs it reports with an E6xx diagnostic.

mod expr;
mod func;
mod handlers;
pub mod layout;
mod matching;
mod module;
pub mod wat;

use crate::check::tir::{FnId, Program};
use crate::check::types::Type;
use crate::diagnostics::Diagnostic;
use std::collections::{BTreeSet, HashMap, VecDeque};

pub use module::{AdtShape, ExportInfo, Output};

/// Options that change the emitted code.
#[derive(Clone, Debug, Default)]
pub struct Options {}

/// Compile a checked program to WAT.
pub fn emit_wat(program: &Program, _options: &Options) -> Result<Output, Vec<Diagnostic>> {
    let mut gen = Gen::new(program);
    gen.collect_roots();
    while let Some(work) = gen.queue.pop_front() {
        gen.emit(work);
    }
    if !gen.diags.is_empty() {
        return Err(gen.diags);
    }
    Ok(module::assemble(gen))
}

/// A function instance to emit: a declared function at concrete type arguments,
/// or a lambda lifted out of one.
#[derive(Clone, Debug)]
pub enum Work {
    Fn {
        func: FnId,
        targs: Vec<Type>,
        name: String,
    },
    Lambda {
        lambda: Box<func::LiftedLambda>,
    },
}

/// Everything the module being generated has collected so far.
pub struct Gen<'p> {
    pub program: &'p Program,
    pub queue: VecDeque<Work>,
    /// Emitted (or queued) instances, by function and type arguments.
    pub instances: HashMap<(FnId, Vec<String>), String>,
    used_names: BTreeSet<String>,
    pub funcs: Vec<String>,
    /// The string pool: each distinct string and its address in the data segment.
    pub strings: Vec<(String, u32)>,
    string_index: HashMap<String, u32>,
    pub data_end: u32,
    /// Words holding the tags 0..n, the static values of nullary constructors.
    pub tag_table: Option<u32>,
    pub tag_count: u32,
    pub imports: BTreeSet<String>,
    pub exn_tags: BTreeSet<(String, Option<&'static str>)>,
    /// Function types of closures, by parameter and result value types.
    pub closure_types: BTreeSet<String>,
    /// Lifted functions placed in the funcref table, in table order.
    pub table: Vec<String>,
    pub uses_heap: bool,
    pub prelude_parts: BTreeSet<&'static str>,
    pub handler_globals: BTreeSet<String>,
    /// Globals holding `State<T>` cells of heap values.
    pub state_globals: BTreeSet<String>,
    pub exports: Vec<module::ExportInfo>,
    pub diags: Vec<Diagnostic>,
    /// For each function, whether calling it may allocate (see `func::allocation_summary`).
    pub may_alloc: Vec<bool>,
    pub eq_funcs: Vec<String>,
    eq_names: BTreeSet<String>,
    lambda_count: HashMap<String, usize>,
}

impl<'p> Gen<'p> {
    fn new(program: &'p Program) -> Gen<'p> {
        let tag_count = program
            .adts
            .iter()
            .map(|a| a.ctors.len() as u32)
            .max()
            .unwrap_or(0)
            .max(1);
        Gen {
            program,
            queue: VecDeque::new(),
            instances: HashMap::new(),
            used_names: BTreeSet::new(),
            funcs: Vec::new(),
            strings: Vec::new(),
            string_index: HashMap::new(),
            tag_table: None,
            tag_count,
            data_end: 8,
            imports: BTreeSet::new(),
            exn_tags: BTreeSet::new(),
            closure_types: BTreeSet::new(),
            table: Vec::new(),
            uses_heap: false,
            prelude_parts: BTreeSet::new(),
            handler_globals: BTreeSet::new(),
            state_globals: BTreeSet::new(),
            exports: Vec::new(),
            diags: Vec::new(),
            may_alloc: func::allocation_summary(program),
            eq_funcs: Vec::new(),
            eq_names: BTreeSet::new(),
            lambda_count: HashMap::new(),
        }
    }

    /// Every non-generic function of the root module is emitted; the rest only
    /// when something calls it.
    fn collect_roots(&mut self) {
        for (id, f) in self.program.fns.iter().enumerate() {
            if f.root && f.type_params.is_empty() {
                self.instance(id, vec![]);
            }
        }
    }

    /// The WAT name of a function instance, queueing it on first use.
    pub fn instance(&mut self, func: FnId, targs: Vec<Type>) -> String {
        let key = (
            func,
            targs.iter().map(|t| self.type_name(t)).collect::<Vec<_>>(),
        );
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
            base = format!("{}<{}>", base, key.1.join("|"));
        }
        let name = self.unique(&base);
        self.instances.insert(key, name.clone());
        self.queue.push_back(Work::Fn {
            func,
            targs,
            name: name.clone(),
        });
        name
    }

    pub fn unique(&mut self, base: &str) -> String {
        let mut name = format!("${}", sanitize(base));
        let mut i = 2;
        while self.used_names.contains(&name) {
            name = format!("${}.{}", sanitize(base), i);
            i += 1;
        }
        self.used_names.insert(name.clone());
        name
    }

    pub fn lambda_name(&mut self, parent: &str) -> String {
        let count = self.lambda_count.entry(parent.to_string()).or_insert(0);
        *count += 1;
        let base = format!("{}.lambda{}", parent.trim_start_matches('$'), count);
        self.unique(&base)
    }

    /// A type as it appears in instance names: `Int`, `Option<Int>`.
    pub fn type_name(&self, t: &Type) -> String {
        let names = |id: usize| self.program.adts[id].name.clone();
        crate::check::types::TypeDisplay {
            ty: t,
            adt_names: &names,
        }
        .to_string()
        .replace(' ', "")
        .replace(',', "|")
    }

    /// The address of a string in the data segment: an `i32` length, then the bytes.
    pub fn string(&mut self, s: &str) -> u32 {
        if let Some(&addr) = self.string_index.get(s) {
            return addr;
        }
        let addr = self.data_end.div_ceil(4) * 4;
        self.data_end = addr + 4 + s.len() as u32;
        self.strings.push((s.to_string(), addr));
        self.string_index.insert(s.to_string(), addr);
        addr
    }

    /// The address of the static word holding `tag`: the value of a nullary
    /// constructor. The table of tags is laid out on first use.
    pub fn tag_address(&mut self, tag: usize) -> u32 {
        let table = *self.tag_table.get_or_insert_with(|| {
            let at = self.data_end.div_ceil(4) * 4;
            self.data_end = at + 4 * self.tag_count;
            at
        });
        table + 4 * tag as u32
    }

    pub fn import(&mut self, name: &str) {
        self.imports.insert(name.to_string());
    }

    pub fn use_prelude(&mut self, part: &'static str) {
        self.uses_heap = true;
        self.prelude_parts.insert(part);
        self.import("fail_oom");
        if part == "strings" {
            self.import("bounds");
        }
    }

    fn emit(&mut self, work: Work) {
        let text = func::emit(self, work);
        self.funcs.push(text);
    }
}

/// WAT identifiers allow letters, digits and `!#$%&'*+-./:<=>?@\^_`|~`.
fn sanitize(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "!#%&'*+-./:<=>?@\\^_`|~".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect()
}
