//! The cross-crate tests live in `tests/tests/` (the sample scorecards pinned in
//! `seeds/expected/`) and `tests/c/` (the C tests of `libseguimiento`).
#![forbid(unsafe_code)]
