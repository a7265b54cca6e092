//! Stitching the module together, in a fixed order: imports, types, tags,
//! memory, data, globals, prelude, table, functions.

use super::layout::{fields_layout, is_pointer, load_op, val_type};
use super::Gen;
use crate::check::types::Type;

/// An exported function's Vera signature, for `vera run`.
#[derive(Clone, Debug)]
pub struct ExportInfo {
    pub name: String,
    pub params: Vec<Type>,
    pub ret: Type,
}

/// An ADT's constructors, for printing values of it.
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
    /// ADT names and constructors, for printing results.
    pub adts: Vec<AdtShape>,
}

const PRELUDE: &str = include_str!("../../prelude/prelude.wat");

/// Host functions the module may import, with their WASM signatures.
fn import_sig(name: &str) -> String {
    let vt = |t: &str| match t {
        "Int" | "Nat" => "i64",
        "Float64" => "f64",
        _ => "i32",
    };
    if let Some(t) = name.strip_prefix("state_get_") {
        return format!("(result {})", vt(t));
    }
    if let Some(t) = name.strip_prefix("state_put_") {
        return format!("(param {})", vt(t));
    }
    match name {
        "print" | "fail" | "fail_oom" => "(param i32)".into(),
        "bounds" => "(param i32 i64 i32)".into(),
        "float_to_string" => "(param f64) (result i32)".into(),
        "parse_float64" => "(param i32) (result f64)".into(),
        _ => String::new(),
    }
}

pub fn assemble(mut gen: Gen) -> Output {
    let mut out = String::from("(module\n");
    if !gen.imports.is_empty() {
        out.push_str("  ;; Host functions (see src/runtime.rs)\n");
        for name in &gen.imports {
            out.push_str(&format!(
                "  (import \"vera\" \"{}\" (func $vera.{} {}))\n",
                name,
                name,
                import_sig(name)
            ));
        }
        out.push('\n');
    }
    if !gen.closure_types.is_empty() {
        out.push_str("  ;; Signatures of closures: the environment pointer, then the parameters\n");
        for t in &gen.closure_types {
            out.push_str(&format!("  {}\n", t));
        }
        out.push('\n');
    }
    if !gen.exn_tags.is_empty() {
        out.push_str("  ;; Exception tags, one per thrown type of Exn<E>\n");
        for (name, vt) in &gen.exn_tags {
            match vt {
                Some(vt) => out.push_str(&format!("  (tag {} (param {}))\n", name, vt)),
                None => out.push_str(&format!("  (tag {})\n", name)),
            }
        }
        out.push('\n');
    }
    let eq_funcs = std::mem::take(&mut gen.eq_funcs);
    let has_data = !gen.strings.is_empty() || gen.uses_heap;
    if has_data {
        memory_and_data(&gen, &mut out);
    }
    if !gen.handler_globals.is_empty() {
        out.push_str("  ;; The innermost handler of each user-defined effect (0: none)\n");
        for g in &gen.handler_globals {
            out.push_str(&format!("  (global {} (mut i32) (i32.const 0))\n", g));
        }
        out.push('\n');
    }
    if !gen.state_globals.is_empty() {
        out.push_str("  ;; State<T> cells of heap values (the collector scans them)\n");
        for g in &gen.state_globals {
            out.push_str(&format!("  (global {} (mut i32) (i32.const 0))\n", g));
        }
        out.push('\n');
    }
    if gen.uses_heap {
        out.push_str(&prelude(&gen));
        out.push_str(
            "  ;; Roots held in globals: heap-valued state cells and installed handlers.\n",
        );
        out.push_str("  (func $gc_mark_globals");
        for g in gen.state_globals.iter().chain(&gen.handler_globals) {
            out.push_str(&format!("\n    (call $mark (global.get {}))", g));
        }
        out.push_str(")\n\n");
    }
    if !gen.table.is_empty() || !gen.closure_types.is_empty() {
        out.push_str("  ;; Lifted anonymous functions, called through the table by index\n");
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
    for f in eq_funcs {
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

fn memory_and_data(gen: &Gen, out: &mut String) {
    let data_end = gen.data_end.div_ceil(8) * 8;
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
    out.push_str("  ;; Static data: string literals (an i32 byte length, then the UTF-8 bytes)\n");
    out.push_str("  ;; and the words holding the tags of nullary constructors.\n");
    out.push_str("  (data (i32.const 8)\n");
    let mut chunks: Vec<(u32, Vec<u8>, String)> = Vec::new();
    if let Some(table) = gen.tag_table {
        let bytes: Vec<u8> = (0..gen.tag_count).flat_map(|t| t.to_le_bytes()).collect();
        chunks.push((
            table,
            bytes,
            format!("{} = the tags 0..{}", table, gen.tag_count - 1),
        ));
    }
    for (s, addr) in &gen.strings {
        let mut bytes = (s.len() as u32).to_le_bytes().to_vec();
        bytes.extend_from_slice(s.as_bytes());
        let shown: String = s.chars().take(40).flat_map(char::escape_default).collect();
        chunks.push((*addr, bytes, format!("{} = \"{}\"", addr, shown)));
    }
    chunks.sort_by_key(|c| c.0);
    // Each chunk is followed by the zero bytes that align the next one.
    let starts: Vec<u32> = chunks
        .iter()
        .skip(1)
        .map(|c| c.0)
        .chain([gen.data_end])
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

/// The line that closes the prelude's text in a module (golden files elide it).
pub const PRELUDE_END: &str = "  ;; ---- end of prelude";

impl Gen<'_> {
    /// The type of closures with these parameters and result.
    pub fn closure_type(&mut self, params: &[Type], ret: &Type) -> String {
        let ps: Vec<&str> = params.iter().filter_map(val_type).collect();
        let r = val_type(ret);
        let name = format!("$fn_{}->{}", ps.join("_"), r.unwrap_or("none"));
        let name = name.replace("$fn_->", "$fn->");
        let mut decl = format!("(type {} (func (param i32", name);
        for p in &ps {
            decl.push(' ');
            decl.push_str(p);
        }
        decl.push(')');
        if let Some(r) = r {
            decl.push_str(&format!(" (result {})", r));
        }
        decl.push_str("))");
        self.closure_types.insert(decl);
        name
    }

    /// The exception tag carrying values of type `t`.
    pub fn exn_tag(&mut self, t: &Type) -> String {
        let name = format!("$exn.{}", self.type_name(t));
        self.exn_tags.insert((name.clone(), val_type(t)));
        name
    }

    /// The structural equality function of a heap type, generated on first use.
    pub fn eq_function(&mut self, t: &Type) -> String {
        let name = format!("$eq<{}>", self.type_name(t));
        if self.eq_names.contains(&name) {
            return name;
        }
        self.eq_names.insert(name.clone());
        let body = match t {
            Type::String => {
                self.use_prelude("strings");
                "    (call $string_eq (local.get $a) (local.get $b))".to_string()
            }
            Type::Adt(id, targs) => {
                let def = &self.program.adts[*id];
                let mut s = String::from("    (if (i32.ne (i32.load (local.get $a)) (i32.load (local.get $b))) (then (return (i32.const 0))))\n");
                let ctors: Vec<(usize, Vec<Type>)> = (0..def.ctors.len())
                    .map(|tag| (tag, def.field_types(tag, targs)))
                    .collect();
                for (tag, fields) in ctors {
                    if fields.is_empty() {
                        continue;
                    }
                    let test = self.fields_eq(&fields, 4);
                    s.push_str(&format!("    (if (i32.eq (i32.load (local.get $a)) (i32.const {})) (then (return {})))\n", tag, test));
                }
                s.push_str("    (i32.const 1)");
                s
            }
            Type::Tuple(ts) => format!("    {}", self.fields_eq(&ts.clone(), 0)),
            Type::Array(elem) => {
                let elem = (**elem).clone();
                let stride = super::layout::stride(&elem);
                let field = |w: &str| {
                    format!("({} offset=8 (i32.add (local.get ${}) (i32.mul (local.get $i) (i32.const {}))))", load_op(&elem), w, stride)
                };
                let cmp = self.value_eq(&elem, &field("a"), &field("b"));
                format!(
                    "    (local $i i32)\n    (if (i32.ne (i32.load (local.get $a)) (i32.load (local.get $b))) (then (return (i32.const 0))))\n    (block $done\n      (loop $next\n        (br_if $done (i32.ge_u (local.get $i) (i32.load (local.get $a))))\n        (if (i32.eqz {}) (then (return (i32.const 0))))\n        (local.set $i (i32.add (local.get $i) (i32.const 1)))\n        (br $next)))\n    (i32.const 1)",
                    cmp
                )
            }
            _ => "    (i32.eq (local.get $a) (local.get $b))".into(),
        };
        self.eq_funcs.push(format!("  ;; structural equality of {}\n  (func {} (param $a i32) (param $b i32) (result i32)\n{})\n", self.type_name(t), name, body));
        name
    }

    fn fields_eq(&mut self, fields: &[Type], start: u32) -> String {
        let (offsets, _) = fields_layout(fields, start);
        let mut test = "(i32.const 1)".to_string();
        for (f, off) in fields.iter().zip(offsets).rev() {
            if val_type(f).is_none() {
                continue;
            }
            let la = format!("({} offset={} (local.get $a))", load_op(f), off);
            let lb = format!("({} offset={} (local.get $b))", load_op(f), off);
            let cmp = self.value_eq(f, &la, &lb);
            test = format!(
                "(if (result i32) {} (then {}) (else (i32.const 0)))",
                cmp, test
            );
        }
        test
    }

    fn value_eq(&mut self, t: &Type, a: &str, b: &str) -> String {
        if is_pointer(t) {
            let f = self.eq_function(t);
            return format!("(call {} {} {})", f, a, b);
        }
        match val_type(t) {
            Some("i64") => format!("(i64.eq {} {})", a, b),
            Some("f64") => format!("(f64.eq {} {})", a, b),
            Some(_) => format!("(i32.eq {} {})", a, b),
            None => "(i32.const 1)".into(),
        }
    }
}
