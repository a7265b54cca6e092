//! The values the tester passes as arguments, independent of any instance:
//! generated, shrunk, shown in Vera syntax, then built in a module's heap.

use crate::check::types::Type;

/// An argument value of any type the tester can generate.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// Int or Nat.
    Int(i64),
    Bool(bool),
    Byte(u8),
    Float(f64),
    Str(String),
    Array(Vec<Value>),
    /// Constructor number `tag` of a data type, with its fields.
    Ctor {
        name: String,
        tag: usize,
        fields: Vec<Value>,
    },
    Tuple(Vec<Value>),
    /// The Unit value, as a field (it has no representation).
    Unit,
}

impl Value {
    /// The value in Vera syntax: `-1`, `"ab"`, `[1, 2]`, `Cons(1, Nil)`, `-0.0`, `NaN`.
    pub fn show(&self) -> String {
        match self {
            Value::Int(i) => i.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Byte(b) => b.to_string(),
            Value::Float(f) => show_float(*f),
            Value::Str(s) => format!("{:?}", s),
            Value::Array(items) => format!("[{}]", show_all(items)),
            Value::Ctor { name, fields, .. } if fields.is_empty() => name.clone(),
            Value::Ctor { name, fields, .. } => format!("{}({})", name, show_all(fields)),
            Value::Tuple(items) => format!("({})", show_all(items)),
            Value::Unit => "()".into(),
        }
    }

    /// The value as JSON: numbers and Booleans as themselves (an Int keeps
    /// every digit), everything else as its Vera text.
    pub fn json(&self) -> serde_json::Value {
        match self {
            Value::Int(i) => serde_json::Value::from(*i),
            Value::Byte(b) => serde_json::Value::from(*b),
            Value::Bool(b) => serde_json::Value::from(*b),
            other => serde_json::Value::from(other.show()),
        }
    }
}

fn show_all(items: &[Value]) -> String {
    items.iter().map(Value::show).collect::<Vec<_>>().join(", ")
}

/// A float that reads back exactly: `1.0`, `-0.0`, `5e-324`, `inf`, `NaN`.
fn show_float(f: f64) -> String {
    if f.is_nan() {
        "NaN".into()
    } else if f.is_infinite() {
        if f > 0.0 { "inf" } else { "-inf" }.into()
    } else {
        format!("{:?}", f)
    }
}

/// `@Int.0`, `@List<Int>.1`: the slot names of a function's parameters as
/// seen on entry (the last parameter of a type is `.0`), in parameter order.
pub fn slot_names(keys: &[String]) -> Vec<String> {
    keys.iter()
        .enumerate()
        .map(|(i, key)| {
            let later = keys[i + 1..].iter().filter(|k| *k == key).count();
            format!("@{}.{}", key, later)
        })
        .collect()
}

/// The parameters of a function that take a value (Unit takes none).
pub fn carries_value(t: &Type) -> bool {
    !matches!(t, Type::Unit)
}
