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
//! Every export runs through the panic barrier ([`panic`]); `tests/barrier.rs`
//! checks that none is missing.
// The one crate that needs `unsafe` (raw pointers from C): the workspace denies
// it, this crate allows it. The workspace's lints still require an unsafe block
// inside every unsafe fn and a `// SAFETY:` comment on each block.
#![allow(unsafe_code)]
// The C names (`sg_plan`, `sg_status`, …) are the API.
#![allow(non_camel_case_types)]

pub mod error;
pub mod ledger;
mod panic;
pub mod plan;
mod ptr;
pub mod scorecard;

use std::ffi::{c_char, CStr, CString};

pub use error::{sg_status, Error};
pub use ledger::{sg_ledger, sg_mode};
pub use plan::sg_plan;
pub use scorecard::{
    sg_band, sg_entity_score, sg_level, sg_node_score, sg_node_status, sg_scorecard,
};

use panic::{ffi_guard, ffi_status};

/// The version of the C ABI this header describes. It changes when a function's
/// signature or meaning changes, or a type's layout does; compare it with
/// `sg_abi_version()` at run time to detect a header and library that disagree.
pub const SG_ABI_VERSION: u32 = 1;

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
/// test suite or a binding check that a panic is caught at the boundary and
/// reported as a status with a message. Has no other effect.
#[no_mangle]
pub extern "C" fn sg_selftest_panic() -> sg_status {
    ffi_status(|| {
        let reason = std::hint::black_box("deliberate panic from sg_selftest_panic");
        panic!("{reason}")
    })
}

/// Plans, ledgers and scorecards may be shared between threads (see the header).
#[allow(dead_code)]
fn assert_thread_safe() {
    fn sync_send<T: Sync + Send>() {}
    sync_send::<sg_plan>();
    sync_send::<sg_ledger>();
    sync_send::<sg_scorecard>();
}
