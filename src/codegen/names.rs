//! WAT identifiers: readable, unique, valid, and never equal to a runtime name.
//!
//! Everything the code generator names — function instances, equality
//! functions, exception tags, state cells, handler globals — is looked up by its
//! semantic key (ids and types) in a table of the module being generated, and
//! only then given a name here. Two things with the same display text (two
//! modules' `Shape`) get two names: the data types' labels are qualified with
//! their module when their names collide, and the [`Namer`] adds a suffix to any
//! name already taken.

use crate::check::tir::Program;
use crate::check::types::{AdtId, Type};
use crate::ids::IdVec;
use std::collections::{HashMap, HashSet};

/// Hands out identifiers; each is given once.
pub struct Namer {
    used: HashSet<String>,
}

impl Namer {
    /// A namer that never hands out the `reserved` names (the runtime's).
    pub fn new(reserved: impl IntoIterator<Item = String>) -> Namer {
        Namer {
            used: reserved.into_iter().collect(),
        }
    }

    /// `$base`, or `$base.2`, `$base.3`, … when taken; invalid characters
    /// become `_`.
    pub fn fresh(&mut self, base: &str) -> String {
        let base = sanitize(base);
        let mut name = format!("${}", base);
        let mut i = 2;
        while self.used.contains(&name) {
            name = format!("${}.{}", base, i);
            i += 1;
        }
        self.used.insert(name.clone());
        name
    }
}

/// WAT identifiers allow letters, digits and ``!#$%&'*+-./:<=>?@\^_`|~``.
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

/// Types as they appear inside identifiers: `Int`, `Option<Int>`,
/// `Result<Int|String>`, `fn<Int->Bool>`. A data type's label is its name,
/// qualified with its module (`geo.Shape`) when another data type of the
/// program has the same name.
pub struct TypeLabels {
    adts: IdVec<AdtId, String>,
}

impl TypeLabels {
    pub fn new(program: &Program) -> TypeLabels {
        let mut count: HashMap<&str, usize> = HashMap::new();
        for a in &program.adts {
            *count.entry(a.name.as_str()).or_default() += 1;
        }
        let adts = program
            .adts
            .iter()
            .map(|a| {
                if count[a.name.as_str()] > 1 {
                    let module = if a.module.is_empty() {
                        "main"
                    } else {
                        &a.module
                    };
                    format!("{}.{}", module, a.name)
                } else {
                    a.name.clone()
                }
            })
            .collect();
        TypeLabels { adts }
    }

    pub fn label(&self, t: &Type) -> String {
        let list = |ts: &[Type]| ts.iter().map(|t| self.label(t)).collect::<Vec<_>>();
        match t {
            Type::Int => "Int".into(),
            Type::Nat => "Nat".into(),
            Type::Bool => "Bool".into(),
            Type::Byte => "Byte".into(),
            Type::Float64 => "Float64".into(),
            Type::String => "String".into(),
            Type::Unit => "Unit".into(),
            Type::Never => "Never".into(),
            Type::Adt(id, args) if args.is_empty() => self.adts[*id].clone(),
            Type::Adt(id, args) => format!("{}<{}>", self.adts[*id], list(args).join("|")),
            Type::Array(t) => format!("Array<{}>", self.label(t)),
            Type::Tuple(ts) => format!("Tuple<{}>", list(ts).join("|")),
            Type::Fn(f) => format!("fn<{}->{}>", list(&f.params).join("|"), self.label(&f.ret)),
            Type::Var(v) => v.clone(),
            Type::Meta(_) | Type::Error => "_".into(),
        }
    }

    /// The labels of several types, as one: `Int|String`.
    pub fn labels(&self, ts: &[Type]) -> String {
        ts.iter()
            .map(|t| self.label(t))
            .collect::<Vec<_>>()
            .join("|")
    }
}

/// The identifiers the prelude defines (functions and globals), which no
/// generated name may take.
pub fn prelude_names(prelude: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in prelude.lines() {
        let line = line.trim_start();
        for head in ["(func $", "(global $", "(tag $", "(type $"] {
            if let Some(rest) = line.strip_prefix(head) {
                let name: String = rest
                    .chars()
                    .take_while(|c| !c.is_whitespace() && *c != ')')
                    .collect();
                out.push(format!("${}", name));
            }
        }
    }
    out
}
