//! The panic barrier: every exported function runs its body through
//! [`ffi_status`] or [`ffi_guard`], so that a panic never unwinds into C.
//! `tests/barrier.rs` parses the sources and checks that each export does.

use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::error::{set_last_error, sg_status, Error};

/// The text of a panic's payload.
fn panic_message(payload: &(dyn Any + Send)) -> String {
    let what = if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic without a message".to_string()
    };
    format!("internal error (panic caught at the C boundary, please report it): {what}")
}

/// Drops a panic payload without letting a panic in its destructor escape.
fn drop_payload(payload: Box<dyn Any + Send>) {
    let _ = catch_unwind(AssertUnwindSafe(move || drop(payload)));
}

/// Runs the body of a status-returning export: `Ok` becomes `SG_STATUS_OK`,
/// an error its status, a panic `SG_STATUS_PANIC`. Records the outcome as this
/// thread's last error (an empty message on success).
pub(crate) fn ffi_status<F>(body: F) -> sg_status
where
    F: FnOnce() -> Result<(), Error>,
{
    let outcome = match catch_unwind(AssertUnwindSafe(body)) {
        Ok(outcome) => outcome,
        Err(payload) => {
            let message = panic_message(payload.as_ref());
            drop_payload(payload);
            Err(Error::new(sg_status::Panic, message))
        }
    };
    match outcome {
        Ok(()) => {
            set_last_error(sg_status::Ok, String::new());
            sg_status::Ok
        }
        Err(e) => {
            set_last_error(e.status, e.message);
            e.status
        }
    }
}

/// Runs the body of an export that does not return a status (a free, a
/// version, the last-error readers): a panic returns `fallback` and is recorded
/// as this thread's last error.
pub(crate) fn ffi_guard<R, F>(fallback: R, body: F) -> R
where
    F: FnOnce() -> R,
{
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(value) => value,
        Err(payload) => {
            let message = panic_message(payload.as_ref());
            drop_payload(payload);
            set_last_error(sg_status::Panic, message);
            fallback
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::with_last_error;

    #[test]
    fn a_panic_becomes_a_status_and_a_message() {
        let status = ffi_status(|| panic!("boom {}", 1));
        assert_eq!(status, sg_status::Panic);
        let message = with_last_error(|s, m| (s, m.to_string())).unwrap();
        assert_eq!(message.0, sg_status::Panic);
        assert!(message.1.contains("boom 1"), "{}", message.1);
        assert_eq!(ffi_status(|| Ok(())), sg_status::Ok);
        assert_eq!(with_last_error(|_, m| m.is_empty()), Some(true));
    }

    #[test]
    fn a_guarded_panic_returns_the_fallback() {
        assert_eq!(ffi_guard(7, || -> i32 { panic!("static message") }), 7);
        assert_eq!(with_last_error(|s, _| s), Some(sg_status::Panic));
    }
}
