//! The status codes, the library's internal error type, the errors handed to
//! the caller (`sg_error`) and the per-thread last error message.

use std::cell::RefCell;
use std::ffi::{c_char, CStr, CString};

use seguimiento::{ConfigError, EvaluateError, IngestError, PlanError};

use crate::handle::{borrow, free, handle, into_handle};
use crate::panic::ffi_guard;
use crate::ptr::Out;

/// What a call did. Every fallible function returns one of these; its out
/// parameters are written only when it returns `SG_STATUS_OK` (the exceptions,
/// `SG_STATUS_REJECTED` from an ingest and `SG_STATUS_BUFFER_TOO_SMALL` from
/// `sg_last_error_message`, are stated where they apply), its `error_out` only
/// when it does not.
///
/// Values are fixed and never reused: a retired code stays here as a comment.
#[allow(non_camel_case_types)]
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum sg_status {
    /// Success.
    Ok = 0,
    /// A required pointer argument is NULL.
    NullPointer = 1,
    /// Text given to the library is not valid UTF-8 (a date, an id, a JSON
    /// document, a configuration).
    InvalidUtf8 = 2,
    /// A date is not a calendar date written `YYYY-MM-DD`.
    InvalidDate = 3,
    /// A JSON or CSV document is malformed, or does not have the expected
    /// shape (unknown array, missing CSV column); the message gives the line
    /// and column.
    Syntax = 4,
    /// A plan document parsed but breaks the plan's rules; the message lists
    /// the problems.
    PlanInvalid = 5,
    /// A strict ingest refused the whole batch because some records are
    /// invalid; nothing was ingested. The rejections are in the report.
    Rejected = 6,
    /// No node or entity has this id or code.
    UnknownId = 7,
    /// The evaluation configuration is malformed or out of range.
    ConfigInvalid = 8,
    /// The ledger was built for another plan than the one passed.
    PlanMismatch = 9,
    /// The library panicked; the panic was caught at the boundary. Please
    /// report it: it is a bug.
    Panic = 10,
    /// The caller's buffer is too small for the text and its NUL. The text's
    /// length in bytes, without the NUL, was written: a buffer of that many
    /// bytes plus one fits it.
    BufferTooSmall = 11,
    /// An input is larger than the library accepts.
    TooLarge = 12,
    /// An argument has a value outside its range (e.g. an unknown `sg_mode`).
    InvalidArgument = 13,
    /// An index is past the end of its list.
    IndexOutOfRange = 14,
    /// An evaluation was refreshed with a ledger other than the one it was
    /// made from (a ledger made apart, even with the same records).
    LedgerMismatch = 15,
    /// A public release was refused by its audit (a confidential value
    /// would be pinned down, or a small count known to be small) or could
    /// not be protected; the message names the value.
    DisclosureRefused = 16,
    /// A document was asked for a year the plan does not cover (or of a
    /// plan without years); the message gives the plan's years.
    YearOutsidePlan = 17,
    /// A document's templates could not be loaded or rendered (a templates
    /// directory that does not exist, a template that fails or uses a
    /// variable the model lacks); the message names the template and line.
    TemplateError = 18,
}

impl sg_status {
    /// The status's C name, e.g. `"SG_STATUS_OK"`.
    pub fn name(self) -> &'static CStr {
        match self {
            sg_status::Ok => c"SG_STATUS_OK",
            sg_status::NullPointer => c"SG_STATUS_NULL_POINTER",
            sg_status::InvalidUtf8 => c"SG_STATUS_INVALID_UTF8",
            sg_status::InvalidDate => c"SG_STATUS_INVALID_DATE",
            sg_status::Syntax => c"SG_STATUS_SYNTAX",
            sg_status::PlanInvalid => c"SG_STATUS_PLAN_INVALID",
            sg_status::Rejected => c"SG_STATUS_REJECTED",
            sg_status::UnknownId => c"SG_STATUS_UNKNOWN_ID",
            sg_status::ConfigInvalid => c"SG_STATUS_CONFIG_INVALID",
            sg_status::PlanMismatch => c"SG_STATUS_PLAN_MISMATCH",
            sg_status::Panic => c"SG_STATUS_PANIC",
            sg_status::BufferTooSmall => c"SG_STATUS_BUFFER_TOO_SMALL",
            sg_status::TooLarge => c"SG_STATUS_TOO_LARGE",
            sg_status::InvalidArgument => c"SG_STATUS_INVALID_ARGUMENT",
            sg_status::IndexOutOfRange => c"SG_STATUS_INDEX_OUT_OF_RANGE",
            sg_status::LedgerMismatch => c"SG_STATUS_LEDGER_MISMATCH",
            sg_status::DisclosureRefused => c"SG_STATUS_DISCLOSURE_REFUSED",
            sg_status::YearOutsidePlan => c"SG_STATUS_YEAR_OUTSIDE_PLAN",
            sg_status::TemplateError => c"SG_STATUS_TEMPLATE_ERROR",
        }
    }

    /// The status with this value, if any.
    pub fn from_u32(value: u32) -> Option<sg_status> {
        ALL_STATUSES.iter().copied().find(|s| *s as u32 == value)
    }
}

/// Every status, in value order.
pub(crate) const ALL_STATUSES: [sg_status; 19] = [
    sg_status::Ok,
    sg_status::NullPointer,
    sg_status::InvalidUtf8,
    sg_status::InvalidDate,
    sg_status::Syntax,
    sg_status::PlanInvalid,
    sg_status::Rejected,
    sg_status::UnknownId,
    sg_status::ConfigInvalid,
    sg_status::PlanMismatch,
    sg_status::Panic,
    sg_status::BufferTooSmall,
    sg_status::TooLarge,
    sg_status::InvalidArgument,
    sg_status::IndexOutOfRange,
    sg_status::LedgerMismatch,
    sg_status::DisclosureRefused,
    sg_status::YearOutsidePlan,
    sg_status::TemplateError,
];

/// A failed call: its status and a message for the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The status the call returns.
    pub status: sg_status,
    /// What went wrong, in words (UTF-8).
    pub message: String,
}

impl Error {
    /// An error with a status and a message.
    pub fn new(status: sg_status, message: impl Into<String>) -> Error {
        Error {
            status,
            message: message.into(),
        }
    }

    /// A NULL pointer where `name` was required.
    pub fn null(name: &str) -> Error {
        Error::new(sg_status::NullPointer, format!("argument `{name}` is NULL"))
    }
}

impl From<PlanError> for Error {
    fn from(e: PlanError) -> Error {
        let status = match &e {
            PlanError::Utf8 { .. } => sg_status::InvalidUtf8,
            PlanError::TooLarge { .. } => sg_status::TooLarge,
            PlanError::Syntax { .. } => sg_status::Syntax,
            PlanError::Invalid { .. } => sg_status::PlanInvalid,
            // Only a reader fails this way; the C API hands the core bytes.
            PlanError::Read { .. } => sg_status::Syntax,
        };
        Error::new(status, e.to_string())
    }
}

impl From<IngestError> for Error {
    fn from(e: IngestError) -> Error {
        let status = match &e {
            IngestError::Unreadable { .. }
            | IngestError::BadHeader { .. }
            | IngestError::BadColumns { .. } => sg_status::Syntax,
            // Bytes handed over whole cannot fail to be read; should a
            // stream fail, the document is as unreadable as a malformed one.
            IngestError::ReadFailed { .. } => sg_status::Syntax,
            // The status a full ledger always had; the message says which.
            IngestError::LedgerFull { .. } => sg_status::Syntax,
            IngestError::Rejected { .. } => sg_status::Rejected,
        };
        Error::new(status, e.to_string())
    }
}

impl From<ConfigError> for Error {
    fn from(e: ConfigError) -> Error {
        Error::new(sg_status::ConfigInvalid, e.to_string())
    }
}

impl From<EvaluateError> for Error {
    fn from(e: EvaluateError) -> Error {
        let status = match &e {
            EvaluateError::PlanMismatch { .. } => sg_status::PlanMismatch,
            EvaluateError::Config(_) => sg_status::ConfigInvalid,
            EvaluateError::AsOfOutsidePlan { .. } => sg_status::InvalidDate,
            EvaluateError::OtherLedger => sg_status::LedgerMismatch,
        };
        Error::new(status, e.to_string())
    }
}

/// The error of a failed call, handed to the caller through the call's
/// `error_out` parameter (opaque). It belongs to the caller: read it with
/// `sg_error_status` and `sg_error_message`, from any thread, and free it
/// exactly once with `sg_error_free`.
pub struct sg_error {
    _private: [u8; 0],
}

/// What an `sg_error` holds.
pub(crate) struct CallError {
    status: sg_status,
    /// NUL-terminated, without interior NULs.
    message: CString,
}

handle!(sg_error => Box<CallError>);

/// Hands a failure to the caller: as this thread's last error, and as a new
/// `sg_error` through `error_out` when the caller asked for one.
pub(crate) fn report_error(error: Error, error_out: Option<Out<*mut sg_error>>) {
    let message = without_nul(error.message);
    if let Some(out) = error_out {
        let details = CallError {
            status: error.status,
            // No interior NUL is left, so this cannot fail; an empty message
            // would be the harmless fallback.
            message: CString::new(message.clone()).unwrap_or_default(),
        };
        out.write(into_handle(details));
    }
    set_last_error(error.status, message);
}

/// The message goes out as a C string: an interior NUL would cut it short.
fn without_nul(message: String) -> String {
    if message.contains('\0') {
        message.replace('\0', "\u{FFFD}")
    } else {
        message
    }
}

/// This thread's last status and message.
struct LastError {
    status: sg_status,
    message: String,
}

thread_local! {
    static LAST_ERROR: RefCell<LastError> = const {
        RefCell::new(LastError { status: sg_status::Ok, message: String::new() })
    };
}

/// Records the outcome of a status-returning call on this thread.
pub(crate) fn set_last_error(status: sg_status, message: String) {
    let message = without_nul(message);
    // `try_with`: during thread teardown the slot may be gone; nothing to record then.
    let _ = LAST_ERROR.try_with(|last| {
        if let Ok(mut last) = last.try_borrow_mut() {
            last.status = status;
            last.message = message;
        }
    });
}

/// Reads this thread's last status and message.
pub(crate) fn with_last_error<R>(f: impl FnOnce(sg_status, &str) -> R) -> Option<R> {
    LAST_ERROR
        .try_with(|last| last.try_borrow().ok().map(|l| f(l.status, &l.message)))
        .ok()
        .flatten()
}

const UNKNOWN_STATUS: &CStr = c"SG_STATUS_UNKNOWN";

/// The C name of a status (`"SG_STATUS_OK"`, …), or `"SG_STATUS_UNKNOWN"` for a
/// value that is not a status.
///
/// The string is static: never free it.
#[no_mangle]
pub extern "C" fn sg_status_name(status: u32) -> *const c_char {
    ffi_guard(UNKNOWN_STATUS.as_ptr(), || {
        match sg_status::from_u32(status) {
            Some(s) => s.name().as_ptr(),
            None => UNKNOWN_STATUS.as_ptr(),
        }
    })
}

/// The status returned by the last status-returning call made on this thread
/// (`SG_STATUS_OK` if there was none). The `sg_last_error_*` functions do not
/// change it.
#[no_mangle]
pub extern "C" fn sg_last_error_status() -> sg_status {
    ffi_guard(sg_status::Panic, || {
        with_last_error(|status, _| status).unwrap_or(sg_status::Ok)
    })
}

/// Copies the message of the last failed call made on this thread into `buf`:
/// UTF-8, NUL-terminated, naming the record and field at fault where there is
/// one. The message is empty when the last status-returning call succeeded.
/// This function does not change the last error.
///
/// `*len_out`, when `len_out` is not NULL, is always set to the message's
/// length in bytes, without the NUL. Then:
///
/// - `buf` NULL with `buf_len` > 0 (a buffer that is not there):
///   `SG_STATUS_NULL_POINTER`;
/// - the message and its NUL fit in `buf_len` bytes: they are copied into
///   `buf`, `SG_STATUS_OK`;
/// - otherwise `SG_STATUS_BUFFER_TOO_SMALL`, and `buf` is left untouched:
///   allocate `*len_out + 1` bytes and call again. `buf` may be NULL with
///   `buf_len` 0 to ask for the length only.
///
/// So `sg_last_error_message(NULL, 5, &len)` is `SG_STATUS_NULL_POINTER`
/// whatever the message, with `len` set.
///
/// # Safety
///
/// `buf`, if not NULL, must be valid for writes of `buf_len` bytes; `len_out`
/// must be NULL or valid for a write of one `size_t`.
#[no_mangle]
pub unsafe extern "C" fn sg_last_error_message(
    buf: *mut c_char,
    buf_len: usize,
    len_out: *mut usize,
) -> sg_status {
    ffi_guard(sg_status::Panic, || {
        let message = with_last_error(|_, m| m.to_string()).unwrap_or_default();
        // SAFETY: the caller guarantees `len_out` is NULL or valid for writes.
        let len_out = unsafe { Out::optional(len_out) };
        if let Some(len_out) = len_out {
            len_out.write(message.len());
        }
        if buf.is_null() && buf_len > 0 {
            return sg_status::NullPointer;
        }
        if message.len() >= buf_len {
            return sg_status::BufferTooSmall;
        }
        // SAFETY: `buf` is not NULL (`buf_len` > `message.len()` >= 0 here) and
        // the caller guarantees it is valid for `buf_len` bytes;
        // `message.len() + 1 <= buf_len` was checked above, and a String's bytes
        // never overlap the caller's buffer.
        unsafe {
            std::ptr::copy_nonoverlapping(message.as_ptr(), buf.cast::<u8>(), message.len());
            buf.add(message.len()).write(0);
        }
        sg_status::Ok
    })
}

/// The status of an error a call handed back through its `error_out`
/// parameter; `SG_STATUS_OK` for NULL (no error). Does not change this
/// thread's last error.
///
/// # Safety
///
/// `error` must be NULL or an error from this library not yet freed.
#[no_mangle]
pub unsafe extern "C" fn sg_error_status(error: *const sg_error) -> sg_status {
    ffi_guard(sg_status::Panic, || {
        // SAFETY: the caller guarantees `error` is NULL or live.
        match unsafe { borrow(error, "error") } {
            Ok(details) => details.status,
            Err(_) => sg_status::Ok,
        }
    })
}

/// The message of an error a call handed back through its `error_out`
/// parameter: UTF-8, NUL-terminated, the same text `sg_last_error_message`
/// gives right after that call. The string belongs to the error: it stays
/// valid until `sg_error_free(error)`, and must not be freed or modified.
/// `""` (static) for NULL. Does not change this thread's last error.
///
/// # Safety
///
/// `error` must be NULL or an error from this library not yet freed.
#[no_mangle]
pub unsafe extern "C" fn sg_error_message(error: *const sg_error) -> *const c_char {
    ffi_guard(c"".as_ptr(), || {
        // SAFETY: the caller guarantees `error` is NULL or live.
        match unsafe { borrow(error, "error") } {
            Ok(details) => details.message.as_ptr(),
            Err(_) => c"".as_ptr(),
        }
    })
}

/// Frees an error a call handed back through its `error_out` parameter. NULL
/// is ignored. Free each error exactly once; its message goes with it.
///
/// # Safety
///
/// `error` must be NULL or an error from this library not yet freed, and no
/// other thread may be using it.
#[no_mangle]
pub unsafe extern "C" fn sg_error_free(error: *mut sg_error) {
    ffi_guard((), || {
        // SAFETY: the caller guarantees `error` is NULL or an error of this
        // library, freed once, with no other user.
        unsafe { free(error) }
    })
}
