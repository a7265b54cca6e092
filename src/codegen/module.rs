//! Stitching the module together, in a fixed order: imports, types, tags,
//! memory, data, globals, prelude, table, functions.

use super::Gen;
use crate::abi::{self, is_pointer, ValType};
use crate::check::types::Type;

/// An exported function's Vera signature, for `vera run`.
#[derive(Clone, Debug)]
pub struct ExportInfo {
    pub name: String,
    pub params: Vec<Type>,
    pub ret: Type,
}

/// A data type's constructors, for printing values of it (indexed by `AdtId`).
#[derive(Clone, Debug)]
pub struct AdtShape {
    pub name: String,
    pub ctors: Vec<(String, Vec<Type>)>,
    pub type_params: Vec<String>,
}

/// The generated module.
pub struct Output {
    pub wat: String,
    pub exports: Vec<ExportInfo>,
    /// Public generic functions of the root module: not exported, so not runnable.
    pub generic_public: Vec<String>,
    /// The program allocates: the prelude (allocator and collector) is included.
    pub uses_heap: bool,
    /// Data types' names and constructors, by `AdtId`, for printing results.
    pub adts: Vec<AdtShape>,
}

pub const PRELUDE: &str = include_str!("../../prelude/prelude.wat");

/// The line that closes the prelude's text in a module (golden files elide it).
pub const PRELUDE_END: &str = "  ;; ---- end of prelude";

pub fn assemble(mut gen: Gen) -> Output {
    // A String cell starts as "": its literal must be in the data segment.
    let empty_string = gen
        .state_cells
        .contains_key(&Type::String)
        .then(|| gen.string(""));
    let mut out = String::from("(module\n");
    section(
        &mut out,
        "Host functions (see src/runtime.rs)",
        gen.imports.iter().map(|i| {
            format!(
                "(import \"vera\" \"{}\" (func $vera.{} {}))",
                i.name(),
                i.name(),
                i.signature()
            )
        }),
    );
    section(
        &mut out,
        "Signatures of closures and clauses: the environment pointer, then the parameters",
        gen.closure_types.iter().map(|((params, ret), name)| {
            let mut decl = format!("(type {} (func (param i32", name);
            for p in params {
                decl.push(' ');
                decl.push_str(p.name());
            }
            decl.push(')');
            if let Some(r) = ret {
                decl.push_str(&format!(" (result {})", r.name()));
            }
            decl + "))"
        }),
    );
    section(
        &mut out,
        "Exception tags, one per thrown type of Exn<E>",
        gen.exn_tags.values().map(|(name, vt)| match vt {
            Some(vt) => format!("(tag {} (param {}))", name, vt.name()),
            None => format!("(tag {})", name),
        }),
    );
    section(
        &mut out,
        "Tags that end a handle from a clause: the handler record, then the value",
        gen.abort_tags.iter().map(|(vt, name)| match vt {
            Some(vt) => format!("(tag {} (param i32 {}))", name, vt.name()),
            None => format!("(tag {} (param i32))", name),
        }),
    );
    let has_data = gen.data.end > 8 || gen.uses_heap;
    if has_data {
        memory_and_data(&gen, &mut out);
    }
    section(
        &mut out,
        "The innermost handler record of each user-defined effect (0: none)",
        gen.handler_globals
            .values()
            .map(|g| format!("(global {} (mut i32) (i32.const 0))", g)),
    );
    section(
        &mut out,
        "State<T> cells (a heap value in a cell is a root)",
        gen.state_cells.iter().map(|(t, (g, vt))| {
            let init = match (t, vt) {
                (Type::String, _) => format!("i32.const {}", empty_string.unwrap_or(0)),
                (_, Some(ValType::I64)) => "i64.const 0".into(),
                (_, Some(ValType::F64)) => "f64.const 0".into(),
                _ => "i32.const 0".into(),
            };
            let vt = vt.map(ValType::name).unwrap_or("i32");
            format!("(global {} (mut {}) ({}))", g, vt, init)
        }),
    );
    if gen.uses_heap {
        out.push_str(&prelude(&gen));
        out.push_str(
            "  ;; Roots held in globals: heap-valued state cells and installed handlers.\n",
        );
        out.push_str("  (func $gc_mark_globals");
        let cells = gen
            .state_cells
            .iter()
            .filter(|(t, _)| is_pointer(t))
            .map(|(_, (g, _))| g);
        for g in cells.chain(gen.handler_globals.values()) {
            out.push_str(&format!("\n    (call $mark (global.get {}))", g));
        }
        out.push_str(")\n\n");
    }
    if !gen.table.is_empty() || !gen.closure_types.is_empty() {
        out.push_str(
            "  ;; Lifted functions (lambdas, clauses), called through the table by index\n",
        );
        out.push_str(&format!("  (table {} funcref)\n", gen.table.len()));
        if gen.table.is_empty() {
            out.push('\n');
        } else {
            out.push_str(&format!(
                "  (elem (i32.const 0) func {})\n\n",
                gen.table.join(" ")
            ));
        }
    }
    out.push_str("  ;; ---- The program ----\n\n");
    out.push_str(&gen.funcs.join("\n"));
    for f in std::mem::take(&mut gen.eq_funcs) {
        out.push('\n');
        out.push_str(&f);
    }
    out.push_str(")\n");
    let adts = gen
        .program
        .adts
        .iter()
        .map(|a| AdtShape {
            name: a.name.clone(),
            ctors: a
                .ctors
                .iter()
                .map(|c| (c.name.clone(), c.fields.clone()))
                .collect(),
            type_params: a.type_params.clone(),
        })
        .collect();
    Output {
        wat: out,
        generic_public: gen
            .program
            .fns
            .iter()
            .filter(|f| f.exported && !f.type_params.is_empty())
            .map(|f| f.name.clone())
            .collect(),
        exports: gen.exports,
        uses_heap: gen.uses_heap,
        adts,
    }
}

/// A commented group of one-line declarations (nothing when empty).
fn section(out: &mut String, title: &str, lines: impl Iterator<Item = String>) {
    let lines: Vec<String> = lines.collect();
    if lines.is_empty() {
        return;
    }
    out.push_str(&format!("  ;; {}\n", title));
    for l in lines {
        out.push_str(&format!("  {}\n", l));
    }
    out.push('\n');
}

fn memory_and_data(gen: &Gen, out: &mut String) {
    let data_end = gen.data.end.div_ceil(8) * 8;
    // A program that allocates starts with 3 pages of heap (4 in all for small
    // data): fewer collections early on, and still within 4 pages for the
    // benchmark workloads.
    let pages = (data_end as u64 + 4096).div_ceil(65536) + if gen.uses_heap { 3 } else { 0 };
    out.push_str("  ;; Linear memory: [0, 8) unused | static data | ");
    out.push_str(if gen.uses_heap {
        "mark stack | heap -> ... | object bitmap | shadow stack ]\n"
    } else {
        "]\n"
    });
    out.push_str(&format!("  (memory (export \"memory\") {})\n\n", pages));
    out.push_str("  ;; Static data: string literals (an i32 byte length, then the UTF-8 bytes),\n");
    out.push_str("  ;; the words holding the tags of nullary constructors, the empty array.\n");
    out.push_str("  (data (i32.const 8)\n");
    let mut chunks: Vec<(u32, Vec<u8>, String)> = Vec::new();
    if let Some(table) = gen.data.tag_table {
        let bytes: Vec<u8> = (0..gen.data.tag_count)
            .flat_map(|t| t.to_le_bytes())
            .collect();
        chunks.push((
            table,
            bytes,
            format!("{} = the tags 0..{}", table, gen.data.tag_count - 1),
        ));
    }
    if let Some(at) = gen.data.empty_array {
        chunks.push((
            at,
            vec![0; abi::ARRAY_ELEMS as usize],
            format!("{} = []", at),
        ));
    }
    for (s, addr) in &gen.data.strings {
        let shown: String = s.chars().take(40).flat_map(char::escape_default).collect();
        chunks.push((
            *addr,
            abi::string_bytes(s),
            format!("{} = \"{}\"", addr, shown),
        ));
    }
    chunks.sort_by_key(|c| c.0);
    // Each chunk is followed by the zero bytes that align the next one.
    let starts: Vec<u32> = chunks
        .iter()
        .skip(1)
        .map(|c| c.0)
        .chain([gen.data.end])
        .collect();
    for ((addr, mut bytes, comment), next) in chunks.into_iter().zip(starts) {
        bytes.resize((next - addr) as usize, 0);
        out.push_str(&format!("    \"{}\"  ;; {}\n", escape(&bytes), comment));
    }
    out.push_str("  )\n\n");
    out.push_str(&format!("  ;; The end of the static data: the collector's areas start here.\n  (global $data_end i32 (i32.const {}))\n\n", data_end));
}

fn escape(bytes: &[u8]) -> String {
    let mut s = String::new();
    for &b in bytes {
        if b.is_ascii_alphanumeric()
            || b == b' '
            || (b.is_ascii_punctuation() && b != b'"' && b != b'\\')
        {
            s.push(b as char);
        } else {
            s.push_str(&format!("\\{:02x}", b));
        }
    }
    s
}

/// The parts of the prelude the program needs. Sections start with a line
/// `;;;; section NAME`; the text before the first section is always included.
fn prelude(gen: &Gen) -> String {
    let parts: Vec<&str> = gen.prelude_parts.iter().copied().collect();
    let mut out = format!(
        "  ;; ---- prelude/prelude.wat, sections: {}\n",
        parts.join(", ")
    );
    let mut keep = true;
    for line in PRELUDE.lines() {
        if let Some(name) = line.trim_start().strip_prefix(";;;; section ") {
            keep = gen.prelude_parts.contains(name.trim()) || name.trim() == "gc";
            continue;
        }
        if keep && !line.starts_with("(module") && line != ")" {
            out.push_str(line);
            out.push('\n');
        }
    }
    out.push_str(PRELUDE_END);
    out.push('\n');
    out
}
