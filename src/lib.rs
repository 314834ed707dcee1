//! rtrace: a ptrace-based system call tracer with strace's output.
//!
//! The pipeline, for one syscall: the tracer loop ([`tracer`]) waits for a stop, reads the
//! syscall through [`sys`] and [`arch`], keeps per-thread state, decodes the arguments
//! ([`decode`]) and hands the text to the output ([`output`]), which knows strace's line rules.

// Outside tests nothing may panic on tracee data or user input: no unwrap/expect, no
// indexing or slicing that can go out of bounds, no explicit panics.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented
    )
)]

pub mod app;
pub mod arch;
pub mod cli;
pub mod decode;
pub mod diagnose;
pub mod events;
pub mod filter;
pub mod manuals;
pub mod output;
pub mod paint;
pub mod pidmap;
pub mod session;
pub mod summary;
pub mod sys;
pub mod tracer;
