//! The compiler's own tests, in one test crate: diagnostics of invalid programs
//! (exact code and place), the collector under load, and the formatter.

mod abi;
mod cli;
mod deep;
mod diagnostics;
mod fmt;
mod gc;
mod support;
