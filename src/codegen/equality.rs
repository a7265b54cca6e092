//! Structural equality of heap values: one function per type, generated on
//! first use and keyed by the type itself (two modules' `Shape`s get two).

use super::func::load;
use super::wat::{a, c, get, i32c, n, print_lines, set, W};
use super::Gen;
use crate::abi::{self, is_pointer, val_type, ValType};
use crate::check::types::Type;

impl Gen<'_> {
    /// The function comparing two values of heap type `t`: `(param $a i32)
    /// (param $b i32) (result i32)`.
    pub fn eq_function(&mut self, t: &Type) -> String {
        if *t == Type::String {
            self.use_prelude("strings");
            return "$string_eq".into();
        }
        if let Some(name) = self.eq_names.get(t) {
            return name.clone();
        }
        let name = self.namer.fresh(&format!("eq<{}>", self.label(t)));
        self.eq_names.insert(t.clone(), name.clone());
        let mut locals = Vec::new();
        let body = match t {
            Type::Adt(id, targs) => {
                let def = &self.program.adts[*id];
                let tag = |side: &str| {
                    n(
                        format!("i32.load offset={}", abi::CTOR_TAG),
                        vec![get(side)],
                    )
                };
                let mut body = vec![n(
                    "if",
                    vec![
                        n("i32.ne", vec![tag("$a"), tag("$b")]),
                        n("then", vec![n("return", vec![i32c(0)])]),
                    ],
                )];
                let ctors: Vec<(usize, String, Vec<Type>)> = def
                    .ctors
                    .iter()
                    .enumerate()
                    .map(|(i, k)| (i, k.name.clone(), def.field_types(i, targs)))
                    .collect();
                for (i, ctor, fields) in ctors {
                    if fields.is_empty() {
                        continue;
                    }
                    let layout = abi::ctor_layout(&fields);
                    let test = self.fields_eq(&fields, &layout.offsets);
                    body.push(c(format!("{}: compare the fields", ctor)));
                    body.push(n(
                        "if",
                        vec![
                            n("i32.eq", vec![tag("$a"), i32c(i as i64)]),
                            n("then", vec![n("return", vec![test])]),
                        ],
                    ));
                }
                body.push(i32c(1));
                body
            }
            Type::Tuple(ts) => {
                let layout = abi::tuple_layout(ts);
                vec![self.fields_eq(ts, &layout.offsets)]
            }
            Type::Array(elem) => {
                locals.push("(local $i i32)");
                self.array_eq(elem)
            }
            _ => vec![n("i32.eq", vec![get("$a"), get("$b")])],
        };
        let mut text = format!(
            "  ;; structural equality of {}\n  (func {} (param $a i32) (param $b i32) (result i32)\n",
            self.label(t),
            name
        );
        for l in locals {
            text.push_str(&format!("    {}\n", l));
        }
        print_lines(&body, 4, &mut text);
        text.pop();
        text.push_str(")\n");
        self.eq_funcs.push(text);
        name
    }

    /// Every field equal, tested in order, stopping at the first difference.
    fn fields_eq(&mut self, fields: &[Type], offsets: &[u32]) -> W {
        let mut test = i32c(1);
        for (f, off) in fields.iter().zip(offsets).rev() {
            let Some(cmp) = self.value_eq(f, load(f, *off, get("$a")), load(f, *off, get("$b")))
            else {
                continue;
            };
            test = n(
                "if (result i32)",
                vec![cmp, n("then", vec![test]), n("else", vec![i32c(0)])],
            );
        }
        test
    }

    fn array_eq(&mut self, elem: &Type) -> Vec<W> {
        let length = |side: &str| {
            n(
                format!("i32.load offset={}", abi::ARRAY_LENGTH),
                vec![get(side)],
            )
        };
        let element = |side: &str| {
            let addr = n(
                "i32.add",
                vec![
                    get(side),
                    n("i32.mul", vec![get("$i"), i32c(abi::stride(elem) as i64)]),
                ],
            );
            load(elem, abi::ARRAY_ELEMS, addr)
        };
        let mut step = vec![n(
            "br_if $done",
            vec![n("i32.ge_u", vec![get("$i"), length("$a")])],
        )];
        if let Some(cmp) = self.value_eq(elem, element("$a"), element("$b")) {
            step.push(n(
                "if",
                vec![
                    n("i32.eqz", vec![cmp]),
                    n("then", vec![n("return", vec![i32c(0)])]),
                ],
            ));
        }
        step.push(set("$i", n("i32.add", vec![get("$i"), i32c(1)])));
        step.push(a("(br $next)"));
        vec![
            n(
                "if",
                vec![
                    n("i32.ne", vec![length("$a"), length("$b")]),
                    n("then", vec![n("return", vec![i32c(0)])]),
                ],
            ),
            n("block $done", vec![n("loop $next", step)]),
            i32c(1),
        ]
    }

    /// Equality of two stored values; `None` for Unit (always equal).
    fn value_eq(&mut self, t: &Type, x: W, y: W) -> Option<W> {
        if is_pointer(t) {
            let f = self.eq_function(t);
            return Some(n(format!("call {}", f), vec![x, y]));
        }
        Some(match val_type(t)? {
            ValType::I64 => n("i64.eq", vec![x, y]),
            ValType::F64 => n("f64.eq", vec![x, y]),
            ValType::I32 => n("i32.eq", vec![x, y]),
        })
    }
}
