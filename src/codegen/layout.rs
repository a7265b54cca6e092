//! How Vera values are laid out: WASM value types, and the byte layout of heap
//! objects (constructors, tuples, closures, arrays, strings).
//!
//! Every heap value is one `i32` pointer to a payload (see prelude/prelude.wat):
//! - constructor: `i32` tag at 0, then the fields at aligned offsets;
//! - tuple: the fields at aligned offsets from 0;
//! - closure: `i32` function-table index at 0, captured values from offset 8;
//! - array: `i32` length at 0, elements from offset 8 (stride 8, 4 or 1 bytes);
//! - string: `i32` byte length at 0, UTF-8 bytes from offset 4.

use crate::check::types::Type;

/// A WASM value type, or none for Unit and Never.
pub fn val_type(t: &Type) -> Option<&'static str> {
    match t {
        Type::Int | Type::Nat => Some("i64"),
        Type::Bool | Type::Byte => Some("i32"),
        Type::Float64 => Some("f64"),
        Type::Unit | Type::Never | Type::Error => None,
        Type::String | Type::Array(_) | Type::Adt(..) | Type::Tuple(_) | Type::Fn(_) => Some("i32"),
        Type::Var(_) | Type::Meta(_) => Some("i32"),
    }
}

/// Values the garbage collector must see: pointers to heap objects.
pub fn is_pointer(t: &Type) -> bool {
    matches!(
        t,
        Type::String | Type::Array(_) | Type::Adt(..) | Type::Tuple(_) | Type::Fn(_)
    )
}

/// Size in bytes of a value stored in a heap object.
pub fn size_of(t: &Type) -> u32 {
    match val_type(t) {
        Some("i64") | Some("f64") => 8,
        Some(_) if *t == Type::Byte => 1,
        Some(_) => 4,
        None => 0,
    }
}

/// The load and store instructions for a stored value.
pub fn load_op(t: &Type) -> &'static str {
    match (val_type(t), t) {
        (_, Type::Byte) => "i32.load8_u",
        (Some("i64"), _) => "i64.load",
        (Some("f64"), _) => "f64.load",
        _ => "i32.load",
    }
}

pub fn store_op(t: &Type) -> &'static str {
    match (val_type(t), t) {
        (_, Type::Byte) => "i32.store8",
        (Some("i64"), _) => "i64.store",
        (Some("f64"), _) => "f64.store",
        _ => "i32.store",
    }
}

/// Field offsets for fields laid out after `start` bytes, each aligned to its size;
/// returns the offsets and the payload size rounded up to 8.
pub fn fields_layout(fields: &[Type], start: u32) -> (Vec<u32>, u32) {
    let mut offset = start;
    let mut offsets = Vec::new();
    for f in fields {
        let size = size_of(f);
        if size > 1 {
            offset = offset.div_ceil(size) * size;
        }
        offsets.push(offset);
        offset += size;
    }
    (offsets, offset.div_ceil(8).max(1) * 8)
}

/// Element stride of an array.
pub fn stride(elem: &Type) -> u32 {
    size_of(elem)
}

/// Offset of the first array element.
pub const ARRAY_DATA: u32 = 8;
/// Offset of the first string byte.
pub const STRING_DATA: u32 = 4;
/// Offset of the first captured value in a closure.
pub const CLOSURE_DATA: u32 = 8;
