//! # seguimiento-ffi
//!
//! The C ABI of [`seguimiento`]: `libseguimiento.so`, `libseguimiento.a` and the
//! header `include/seguimiento.h`, generated from this crate by cbindgen
//! (`cbindgen.toml`). The functions are thin: each checks its arguments, calls
//! the core and hands back the result; no score is computed here.
//!
//! The conventions (status codes, out parameters, ownership, NULL, threads) are
//! written at the top of the header and in `README.md`.
//!
//! Every export runs through the panic barrier (`src/panic.rs`); `tests/barrier.rs`
//! checks that none is missing, and that every fallible export takes an
//! `error_out` parameter. Beside its opaque declaration, a handle type costs
//! one line (`src/handle.rs`).
// The one crate that needs `unsafe` (raw pointers from C): the workspace denies
// it, this crate allows it. The workspace's lints still require an unsafe block
// inside every unsafe fn and a `// SAFETY:` comment on each block.
#![allow(unsafe_code)]
// The C names (`sg_plan`, `sg_status`, …) are the API.
#![allow(non_camel_case_types)]

pub mod documents;
pub mod error;
pub mod evaluation;
mod handle;
pub mod ledger;
mod panic;
mod panic_hook;
pub mod plan;
mod ptr;
pub mod public;
pub mod scorecard;
pub mod tables;

use std::ffi::{c_char, CStr, CString};

pub use documents::sg_document_format;
pub use error::{sg_error, sg_status, Error};
pub use evaluation::sg_evaluation;
pub use ledger::{sg_ledger, sg_mode};
pub use plan::sg_plan;
pub use public::{sg_public_format, sg_public_view};
pub use scorecard::{
    sg_band, sg_entity_score, sg_level, sg_node_score, sg_node_status, sg_scorecard,
};
pub use tables::sg_table_format;

use panic::{ffi_guard, ffi_status};
use ptr::Out;

/// The version of the C ABI this header describes. It changes when a function's
/// signature or meaning changes, or a type's layout does; compare it with
/// `sg_abi_version()` at run time to detect a header and library that disagree.
///
/// 2: every fallible call takes an `sg_error **error_out` last; the flags of
/// `sg_node_score` and `sg_entity_score` are `uint32_t` (0 or 1), not `bool`.
pub const SG_ABI_VERSION: u32 = 2;

/// Size of the `percent` text buffers in `sg_node_score` and `sg_entity_score`,
/// NUL included.
pub const SG_PERCENT_LEN: usize = 16;

const VERSION: &CStr =
    match CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
        Ok(v) => v,
        Err(_) => panic!("the package version contains a NUL"),
    };

/// The library's version, e.g. `"0.1.0"`. The string is static: never free it.
#[no_mangle]
pub extern "C" fn sg_version() -> *const c_char {
    ffi_guard(c"".as_ptr(), || VERSION.as_ptr())
}

/// The C ABI version the library implements: `SG_ABI_VERSION` of the header it
/// was built with.
#[no_mangle]
pub extern "C" fn sg_abi_version() -> u32 {
    ffi_guard(0, || SG_ABI_VERSION)
}

/// Frees a string the library returned through a `char **` out parameter.
/// NULL is ignored. Free each string exactly once, and do not modify it before.
///
/// # Safety
///
/// `s` must be NULL or a string returned by this library and not yet freed.
#[no_mangle]
pub unsafe extern "C" fn sg_string_free(s: *mut c_char) {
    ffi_guard((), || {
        if !s.is_null() {
            // SAFETY: the caller guarantees `s` came from `CString::into_raw` in
            // this library (`ptr::into_c_string`) and is freed only once.
            drop(unsafe { CString::from_raw(s) });
        }
    })
}

/// Panics inside the library on purpose and returns `SG_STATUS_PANIC`: lets a
/// test suite or a binding check that a panic is caught at the boundary,
/// prints nothing, and is reported as a status with a message (and through
/// `error_out`, if not NULL). Has no other effect.
///
/// # Safety
///
/// `error_out` must be NULL or valid for a write of one pointer.
#[no_mangle]
pub unsafe extern "C" fn sg_selftest_panic(error_out: *mut *mut sg_error) -> sg_status {
    // SAFETY: the caller guarantees `error_out` is NULL or valid for a write.
    ffi_status(unsafe { Out::optional(error_out) }, || {
        let reason = std::hint::black_box("deliberate panic from sg_selftest_panic");
        panic!("{reason}")
    })
}
