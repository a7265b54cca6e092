//! The compiler's own tests, in one test crate: diagnostics of invalid programs
//! (exact code and place), the collector under load, the formatter, random
//! programs from the generator, and mutants of the example programs.

mod abi;
mod cli;
mod codegen;
mod deep;
mod diagnostics;
mod fmt;
mod fuzz;
mod gc;
mod mutate;
mod support;
mod tester;
mod verify;
