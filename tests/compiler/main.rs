//! The compiler's own tests, in one test crate: diagnostics of invalid programs
//! (exact code and place), the collector under load, and the formatter.

mod diagnostics;
mod fmt;
mod gc;
