//! Plans: the embedded 2007-2017 plan, or one loaded from JSON.

use std::ffi::c_char;
use std::sync::Arc;

use seguimiento::Plan;

use crate::error::{sg_status, Error};
use crate::panic::{ffi_guard, ffi_status};
use crate::ptr::{borrow, bytes, c_str, into_c_string, Out};

/// A validated plan (opaque). Immutable once made: any number of threads may
/// use one at once. Ledgers made from it keep it alive, so it may be freed
/// before them.
pub struct sg_plan {
    pub(crate) inner: Arc<Plan>,
}

impl sg_plan {
    fn into_raw(plan: Plan) -> *mut sg_plan {
        Box::into_raw(Box::new(sg_plan {
            inner: Arc::new(plan),
        }))
    }
}

/// Makes the 2007-2017 plan compiled into the library.
///
/// On success `*plan_out` is a new plan, to be freed with `sg_plan_free`.
///
/// # Safety
///
/// `plan_out` must be valid for a write of one pointer.
#[no_mangle]
pub unsafe extern "C" fn sg_plan_embedded(plan_out: *mut *mut sg_plan) -> sg_status {
    ffi_status(|| {
        // SAFETY: the caller guarantees `plan_out` is valid for a write.
        let out = unsafe { Out::required(plan_out, "plan_out") }?;
        out.write(sg_plan::into_raw(Plan::embedded()));
        Ok(())
    })
}

/// Loads and validates a plan from a JSON document in the plan format
/// (`seeds/FORMAT.md`): `len` bytes of UTF-8 at `json`, no NUL needed.
///
/// Errors: `SG_STATUS_INVALID_UTF8`, `SG_STATUS_SYNTAX` (malformed JSON, or
/// not the plan format's shape), `SG_STATUS_PLAN_INVALID` (the plan's rules;
/// every problem is in the message), `SG_STATUS_TOO_LARGE` (over 64 MiB).
///
/// # Safety
///
/// `json` must be valid for reads of `len` bytes; `plan_out` must be valid for
/// a write of one pointer.
#[no_mangle]
pub unsafe extern "C" fn sg_plan_from_json(
    json: *const u8,
    len: usize,
    plan_out: *mut *mut sg_plan,
) -> sg_status {
    ffi_status(|| {
        // SAFETY: the caller guarantees `json` is valid for `len` bytes.
        let json = unsafe { bytes(json, len, "json") }?;
        // SAFETY: the caller guarantees `plan_out` is valid for a write.
        let out = unsafe { Out::required(plan_out, "plan_out") }?;
        let plan = Plan::from_json_bytes(json)?;
        out.write(sg_plan::into_raw(plan));
        Ok(())
    })
}

/// Frees a plan. NULL is ignored. Ledgers made from it stay valid.
///
/// # Safety
///
/// `plan` must be NULL or a plan from this library not yet freed, and no other
/// thread may be using it.
#[no_mangle]
pub unsafe extern "C" fn sg_plan_free(plan: *mut sg_plan) {
    ffi_guard((), || {
        if !plan.is_null() {
            // SAFETY: the caller guarantees `plan` came from `Box::into_raw` in
            // `sg_plan::into_raw` and is freed once, with no other user.
            drop(unsafe { Box::from_raw(plan) });
        }
    })
}

/// The plan as pretty-printed JSON in the plan format (loads back unchanged).
///
/// On success `*json_out` is a new string, to be freed with `sg_string_free`.
///
/// # Safety
///
/// `plan` must be NULL or a live plan; `json_out` must be valid for a write of
/// one pointer.
#[no_mangle]
pub unsafe extern "C" fn sg_plan_to_json(
    plan: *const sg_plan,
    json_out: *mut *mut c_char,
) -> sg_status {
    ffi_status(|| {
        // SAFETY: the caller guarantees `plan` is NULL or live.
        let plan = unsafe { borrow(plan, "plan") }?;
        // SAFETY: the caller guarantees `json_out` is valid for a write.
        let out = unsafe { Out::required(json_out, "json_out") }?;
        out.write(into_c_string(plan.inner.to_json()));
        Ok(())
    })
}

/// The verbatim text of a plan node (axis, line, goal, action, indicator) or
/// the label of a plazo, by id (`"E1.L1.M1.A1"`).
///
/// On success `*text_out` is a new string, to be freed with `sg_string_free`.
/// Errors: `SG_STATUS_UNKNOWN_ID`, `SG_STATUS_INVALID_UTF8`.
///
/// # Safety
///
/// `plan` must be NULL or a live plan; `node_id` NULL or a NUL-terminated
/// string; `text_out` valid for a write of one pointer.
#[no_mangle]
pub unsafe extern "C" fn sg_plan_node_text(
    plan: *const sg_plan,
    node_id: *const c_char,
    text_out: *mut *mut c_char,
) -> sg_status {
    ffi_status(|| {
        // SAFETY: the caller guarantees `plan` is NULL or live.
        let plan = unsafe { borrow(plan, "plan") }?;
        // SAFETY: the caller guarantees `node_id` is NULL or NUL-terminated.
        let id = unsafe { c_str(node_id, "node_id") }?;
        // SAFETY: the caller guarantees `text_out` is valid for a write.
        let out = unsafe { Out::required(text_out, "text_out") }?;
        let node = plan.inner.node(id).ok_or_else(|| {
            Error::new(sg_status::UnknownId, format!("the plan has no node {id:?}"))
        })?;
        out.write(into_c_string(node.text().to_string()));
        Ok(())
    })
}
