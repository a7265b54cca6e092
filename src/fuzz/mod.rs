//! Fuzzing support: a generator of random well-typed Vera programs
//! ([`gen`]) and seeded mutations of program text ([`mutate`]). Both are
//! reproducible from a `u64` seed, and neither needs anything but the standard
//! library. The tests in `tests/compiler/fuzz.rs` and `tests/compiler/mutate.rs`
//! run fixed batches; a differential runner can reuse both.

#[cfg(feature = "runtime")]
pub mod diff;
pub mod gen;
pub mod mutate;
pub mod rng;

pub use gen::{generate, Features, GenConfig, Generated, KnownBugs};
pub use mutate::mutate;
pub use rng::Rng;
