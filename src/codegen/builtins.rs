//! Built-in functions: length reads, the string functions of the prelude, the
//! host's float conversions, and `parse_nat`, whose `Result` is built here with
//! the ABI's constructor layout.

use super::analysis;
use super::func::{FnEmitter, Position};
use super::wat::{get, i32c, i64c, n, set, W};
use super::Import;
use crate::abi::{self, ValType};
use crate::check::tir::{Builtin, Expr};
use crate::check::types::{AdtId, Type};

impl FnEmitter<'_, '_> {
    pub(super) fn builtin(&mut self, b: Builtin, args: &[Expr], ty: &Type) -> Vec<W> {
        // A prelude function that allocates does not root its arguments: they
        // must stay rooted here until it returns.
        let mut vals = if b != Builtin::ParseNat && analysis::builtin_allocates(b) {
            args.iter().map(|x| self.value(x, Position::Kept)).collect()
        } else {
            self.operands(args)
        };
        let call = |name: &str, vals: Vec<W>| n(format!("call ${}", name), vals);
        let length = |vals: Vec<W>| {
            n(
                "i64.extend_i32_u",
                vec![n(format!("i32.load offset={}", abi::ARRAY_LENGTH), vals)],
            )
        };
        let w = match b {
            Builtin::Length => length(vals),
            Builtin::StringLength => n(
                "i64.extend_i32_u",
                vec![n(format!("i32.load offset={}", abi::STRING_LENGTH), vals)],
            ),
            Builtin::ToFloat => n("f64.convert_i64_s", vals),
            Builtin::FloatToString => {
                self.gen.use_prelude("gc");
                self.gen.import(Import::FloatToString);
                call("vera.float_to_string", vals)
            }
            Builtin::ParseFloat64 => {
                self.gen.import(Import::ParseFloat64);
                call("vera.parse_float64", vals)
            }
            Builtin::ParseNat => return self.parse_nat(vals, ty),
            Builtin::CharCode | Builtin::StringSlice => {
                // The caller's name, for the bounds message.
                self.gen.use_prelude("strings");
                let fname = self.gen.string(&self.display.clone());
                vals.push(i32c(fname as i64));
                let name = if b == Builtin::CharCode {
                    "char_code"
                } else {
                    "string_slice"
                };
                call(name, vals)
            }
            Builtin::StringConcat
            | Builtin::IntToString
            | Builtin::NatToString
            | Builtin::BoolToString
            | Builtin::ByteToString
            | Builtin::Strip => {
                self.gen.use_prelude("strings");
                let name = match b {
                    Builtin::StringConcat => "string_concat",
                    Builtin::IntToString | Builtin::NatToString => "int_to_string",
                    Builtin::BoolToString => "bool_to_string",
                    Builtin::ByteToString => "byte_to_string",
                    _ => "strip",
                };
                call(name, vals)
            }
        };
        vec![w]
    }

    /// `$parse_nat` gives the number, or -1 when the text is not a Nat; the
    /// `Ok(n)` or `Err("invalid Nat")` object is built here.
    fn parse_nat(&mut self, vals: Vec<W>, ty: &Type) -> Vec<W> {
        self.gen.use_prelude("strings");
        let parsed = self.temp("parsed", ValType::I64);
        let result = &self.gen.program.adts[AdtId::RESULT];
        let tag_of = |name: &str| result.ctors.iter().position(|c| c.name == name).unwrap();
        let (ok, err) = (tag_of("Ok"), tag_of("Err"));
        let message = self.gen.string("invalid Nat");
        let ok_obj = self.ctor_of_values(ok, &Type::Nat, get(&parsed));
        let err_obj = self.ctor_of_values(err, &Type::String, i32c(message as i64));
        vec![
            set(&parsed, n("call $parse_nat", vals)),
            self.if_(
                ty,
                n("i64.ge_s", vec![get(&parsed), i64c(0)]),
                ok_obj,
                err_obj,
            ),
        ]
    }

    /// A one-field constructor object from an already computed value.
    fn ctor_of_values(&mut self, tag: usize, field: &Type, value: W) -> Vec<W> {
        let layout = abi::ctor_layout(std::slice::from_ref(field));
        let obj = self.temp("result", ValType::I32);
        vec![
            set(
                &obj,
                self.alloc(layout.size, !abi::is_pointer(field), false),
            ),
            n(
                format!("i32.store offset={}", abi::CTOR_TAG),
                vec![get(&obj), i32c(tag as i64)],
            ),
            super::func::store(field, layout.offsets[0], get(&obj), value),
            get(&obj),
        ]
    }
}
