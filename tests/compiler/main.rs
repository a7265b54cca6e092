//! The compiler's own tests, in one test crate: diagnostics of invalid programs
//! (exact code and place) and the collector under load.

mod cli;
mod deep;
mod diagnostics;
mod gc;
mod verify;
