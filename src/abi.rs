//! The heap ABI: how Vera values live in WebAssembly values and linear memory.
//!
//! This module is the one owner of every object layout. Code generation uses it
//! to emit loads and stores, the runtime to pass arguments and read results, and
//! `prelude/prelude.wat` builds only strings by hand (a test checks that its
//! strings read back through this module).
//!
//! Int and Nat are `i64`; Bool and Byte `i32`; Float64 `f64`; Unit and Never have
//! no value. Every other value is an `i32` pointer to the payload of a heap block
//! (the prelude puts an 8-byte header before it) or of a static object in the
//! data segment:
//!
//! | value       | layout of the payload                                           |
//! |-------------|-----------------------------------------------------------------|
//! | constructor | `i32` tag at 0, then the fields from offset 4                   |
//! | tuple       | the fields from offset 0                                        |
//! | closure     | `i32` function-table index at 0, captured values from offset 8  |
//! | array       | `i32` length at 0, elements from offset 8 (stride 8, 4 or 1)    |
//! | string      | `i32` byte length at 0, UTF-8 bytes from offset 4               |
//! | handler     | `i32` enclosing handler at 0, one `i32` table index per clause  |
//! |             | from offset 4, then the handler's state and captured values     |
//!
//! Fields are laid out in order, each aligned to its size (8 for `i64`/`f64`, 4
//! for `i32`, 1 for Byte); a payload is a multiple of 8 bytes. A nullary
//! constructor is a static word holding its tag; an empty array literal is a
//! static array of length 0.

use crate::check::types::Type;

/// A WebAssembly value type.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum ValType {
    I32,
    I64,
    F64,
}

impl ValType {
    pub fn name(self) -> &'static str {
        match self {
            ValType::I32 => "i32",
            ValType::I64 => "i64",
            ValType::F64 => "f64",
        }
    }
}

/// The WebAssembly value of a Vera type, or none for Unit and Never.
pub fn val_type(t: &Type) -> Option<ValType> {
    match t {
        Type::Int | Type::Nat => Some(ValType::I64),
        Type::Float64 => Some(ValType::F64),
        Type::Unit | Type::Never | Type::Error => None,
        Type::Bool | Type::Byte => Some(ValType::I32),
        Type::String | Type::Array(_) | Type::Adt(..) | Type::Tuple(_) | Type::Fn(_) => {
            Some(ValType::I32)
        }
        Type::Var(_) | Type::Meta(_) => Some(ValType::I32),
    }
}

/// Values the garbage collector must see: pointers to heap objects.
pub fn is_pointer(t: &Type) -> bool {
    matches!(
        t,
        Type::String | Type::Array(_) | Type::Adt(..) | Type::Tuple(_) | Type::Fn(_)
    )
}

/// Size in bytes of a value stored in an object.
pub fn size_of(t: &Type) -> u32 {
    match (t, val_type(t)) {
        (Type::Byte, _) => 1,
        (_, Some(ValType::I64 | ValType::F64)) => 8,
        (_, Some(ValType::I32)) => 4,
        (_, None) => 0,
    }
}

/// The instruction that loads a stored value.
pub fn load_op(t: &Type) -> &'static str {
    match (t, val_type(t)) {
        (Type::Byte, _) => "i32.load8_u",
        (_, Some(ValType::I64)) => "i64.load",
        (_, Some(ValType::F64)) => "f64.load",
        _ => "i32.load",
    }
}

/// The instruction that stores a value.
pub fn store_op(t: &Type) -> &'static str {
    match (t, val_type(t)) {
        (Type::Byte, _) => "i32.store8",
        (_, Some(ValType::I64)) => "i64.store",
        (_, Some(ValType::F64)) => "f64.store",
        _ => "i32.store",
    }
}

/// Where the fields of an object go, and its payload size.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    pub offsets: Vec<u32>,
    /// The payload size, a multiple of 8 (at least 8).
    pub size: u32,
}

/// Fields laid out from `start`, each aligned to its size.
pub fn fields_layout(fields: &[Type], start: u32) -> Layout {
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
    Layout {
        offsets,
        size: offset.div_ceil(8).max(1) * 8,
    }
}

/// Constructors: the tag, then the fields.
pub const CTOR_TAG: u32 = 0;
pub const CTOR_FIELDS: u32 = 4;

pub fn ctor_layout(fields: &[Type]) -> Layout {
    fields_layout(fields, CTOR_FIELDS)
}

pub fn tuple_layout(fields: &[Type]) -> Layout {
    fields_layout(fields, 0)
}

/// Closures: the function's index in the table, then the captured values.
pub const CLOSURE_FUNC: u32 = 0;
pub const CLOSURE_CAPTURES: u32 = 8;

pub fn closure_layout(captures: &[Type]) -> Layout {
    fields_layout(captures, CLOSURE_CAPTURES)
}

/// Arrays: the length, then the elements.
pub const ARRAY_LENGTH: u32 = 0;
pub const ARRAY_ELEMS: u32 = 8;

/// The distance between two elements of an array.
pub fn stride(elem: &Type) -> u32 {
    size_of(elem)
}

pub fn array_size(elem: &Type, len: u32) -> u32 {
    ARRAY_ELEMS + stride(elem) * len
}

/// Strings: the byte length, then the bytes.
pub const STRING_LENGTH: u32 = 0;
pub const STRING_BYTES: u32 = 4;

/// Handler records of user-defined effects: the enclosing handler of the same
/// effect, the clauses' table indices (one per operation), then the handler's
/// state (if any) and the values the clauses capture.
pub const HANDLER_OUTER: u32 = 0;
pub const HANDLER_CLAUSES: u32 = 4;

/// The offset of the clause of operation `op` in a handler record.
pub fn handler_clause(op: usize) -> u32 {
    HANDLER_CLAUSES + 4 * op as u32
}

/// The layout of a handler record's state and captured values, after its clauses.
pub fn handler_layout(ops: usize, values: &[Type]) -> Layout {
    fields_layout(values, handler_clause(ops))
}

/// Read a little-endian `u32` at `at` (0 when out of bounds).
pub fn read_u32(mem: &[u8], at: usize) -> u32 {
    mem.get(at..at + 4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .unwrap_or(0)
}

/// The text of the string object at `p` (lossy for invalid UTF-8).
pub fn read_string(mem: &[u8], p: usize) -> String {
    String::from_utf8_lossy(string_contents(mem, p)).into_owned()
}

/// The bytes of the string object at `p`, as the program holds them (a slice
/// may have cut a character in two).
pub fn string_contents(mem: &[u8], p: usize) -> &[u8] {
    let len = read_u32(mem, p + STRING_LENGTH as usize) as usize;
    let start = p + STRING_BYTES as usize;
    mem.get(start..start + len).unwrap_or(&[])
}

/// The bytes of a string object holding `text`.
pub fn string_bytes(text: &str) -> Vec<u8> {
    let mut bytes = (text.len() as u32).to_le_bytes().to_vec();
    bytes.extend_from_slice(text.as_bytes());
    bytes
}
