//! The compiler's own tests, in one test crate: diagnostics of invalid programs
//! (exact code and place), the collector under load, random programs from the
//! generator, and mutants of the example programs.

mod diagnostics;
mod fuzz;
mod gc;
mod mutate;
