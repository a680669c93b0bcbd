//! The panic barrier: every exported function runs its body through
//! [`ffi_status`] or [`ffi_guard`], so that a panic never unwinds into C and
//! never prints on the host's stderr ([`panic_hook`]).
//! `tests/barrier.rs` parses the sources and checks that each export does.

use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::error::{report_error, set_last_error, sg_error, sg_status, Error};
use crate::panic_hook;
use crate::ptr::Out;

/// The text of a panic's payload, with where it happened when known.
fn panic_message(payload: &(dyn Any + Send)) -> String {
    let what = if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic without a message".to_string()
    };
    let at = panic_hook::take_location()
        .map(|location| format!(" (at {location})"))
        .unwrap_or_default();
    format!("internal error (panic caught at the C boundary, please report it): {what}{at}")
}

/// Drops a panic payload without letting a panic in its destructor escape.
fn drop_payload(payload: Box<dyn Any + Send>) {
    let _ = catch_unwind(AssertUnwindSafe(move || drop(payload)));
}

/// Runs `body` with panics caught and kept quiet: a panic becomes its message.
fn run_caught<R>(body: impl FnOnce() -> R) -> Result<R, String> {
    panic_hook::install();
    let _scope = panic_hook::Scope::enter();
    catch_unwind(AssertUnwindSafe(body)).map_err(|payload| {
        let message = panic_message(payload.as_ref());
        drop_payload(payload);
        message
    })
}

/// Runs the body of a status-returning export: `Ok` becomes `SG_STATUS_OK`,
/// an error its status, a panic `SG_STATUS_PANIC`. Records the outcome as this
/// thread's last error (an empty message on success) and, on failure only,
/// hands the caller a new `sg_error` through `error_out` when it asked for one.
pub(crate) fn ffi_status<F>(error_out: Option<Out<*mut sg_error>>, body: F) -> sg_status
where
    F: FnOnce() -> Result<(), Error>,
{
    let outcome =
        run_caught(body).unwrap_or_else(|message| Err(Error::new(sg_status::Panic, message)));
    match outcome {
        Ok(()) => {
            set_last_error(sg_status::Ok, String::new());
            sg_status::Ok
        }
        Err(e) => {
            let status = e.status;
            // Building the `sg_error` allocates: keep even that behind the barrier,
            // and should it fail, say so rather than return a status without its
            // message.
            match run_caught(|| report_error(e, error_out)) {
                Ok(()) => status,
                Err(message) => {
                    set_last_error(sg_status::Panic, message);
                    sg_status::Panic
                }
            }
        }
    }
}

/// Runs the body of an export that does not return a status (a free, a
/// version, the error readers): a panic returns `fallback` and is recorded as
/// this thread's last error.
pub(crate) fn ffi_guard<R, F>(fallback: R, body: F) -> R
where
    F: FnOnce() -> R,
{
    run_caught(body).unwrap_or_else(|message| {
        set_last_error(sg_status::Panic, message);
        fallback
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::with_last_error;

    #[test]
    fn a_panic_becomes_a_status_and_a_message_with_its_location() {
        let status = ffi_status(None, || panic!("boom {}", 1));
        assert_eq!(status, sg_status::Panic);
        let (status, message) = with_last_error(|s, m| (s, m.to_string())).unwrap();
        assert_eq!(status, sg_status::Panic);
        assert!(message.contains("boom 1"), "{message}");
        assert!(message.contains("(at ffi/src/panic.rs:"), "{message}");
        assert_eq!(ffi_status(None, || Ok(())), sg_status::Ok);
        assert_eq!(with_last_error(|_, m| m.is_empty()), Some(true));
    }

    #[test]
    fn a_guarded_panic_returns_the_fallback() {
        assert_eq!(ffi_guard(7, || -> i32 { panic!("static message") }), 7);
        assert_eq!(with_last_error(|s, _| s), Some(sg_status::Panic));
    }
}
