//! Plans: the embedded 2007-2017 plan, or one loaded from JSON.

use std::ffi::c_char;

use seguimiento::{Level, Plan, PlanTable};

use crate::error::{sg_error, sg_status, Error};
use crate::handle::{borrow, free, handle, into_handle};
use crate::panic::{ffi_guard, ffi_status};
use crate::ptr::{bytes, c_str, into_c_string, Out};
use crate::scorecard::sg_level;
use crate::tables;

/// A validated plan (opaque). Immutable once made: any number of threads may
/// use one at once. Ledgers made from it keep it alive, so it may be freed
/// before them.
pub struct sg_plan {
    _private: [u8; 0],
}

handle!(sg_plan => Arc<Plan>);

/// Makes the 2007-2017 plan compiled into the library.
///
/// On success `*plan_out` is a new plan, to be freed with `sg_plan_free`.
///
/// # Safety
///
/// `plan_out` must be valid for a write of one pointer; `error_out` NULL or
/// valid for a write of one pointer.
#[no_mangle]
pub unsafe extern "C" fn sg_plan_embedded(
    plan_out: *mut *mut sg_plan,
    error_out: *mut *mut sg_error,
) -> sg_status {
    // SAFETY: the caller guarantees `error_out` is NULL or valid for a write.
    ffi_status(unsafe { Out::optional(error_out) }, || {
        // SAFETY: the caller guarantees `plan_out` is valid for a write.
        let out = unsafe { Out::required(plan_out, "plan_out") }?;
        out.write(into_handle(Plan::embedded()));
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
/// a write of one pointer; `error_out` NULL or valid for a write of one
/// pointer.
#[no_mangle]
pub unsafe extern "C" fn sg_plan_from_json(
    json: *const u8,
    len: usize,
    plan_out: *mut *mut sg_plan,
    error_out: *mut *mut sg_error,
) -> sg_status {
    // SAFETY: the caller guarantees `error_out` is NULL or valid for a write.
    ffi_status(unsafe { Out::optional(error_out) }, || {
        // SAFETY: the caller guarantees `json` is valid for `len` bytes.
        let json = unsafe { bytes(json, len, "json") }?;
        // SAFETY: the caller guarantees `plan_out` is valid for a write.
        let out = unsafe { Out::required(plan_out, "plan_out") }?;
        let plan = Plan::from_json_bytes(json)?;
        out.write(into_handle(plan));
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
        // SAFETY: the caller guarantees `plan` is NULL or a plan of this
        // library, freed once, with no other user.
        unsafe { free(plan) }
    })
}

/// The plan as pretty-printed JSON in the plan format (loads back unchanged).
///
/// On success `*json_out` is a new string, to be freed with `sg_string_free`.
///
/// # Safety
///
/// `plan` must be NULL or a live plan; `json_out` must be valid for a write of
/// one pointer; `error_out` NULL or valid for a write of one pointer.
#[no_mangle]
pub unsafe extern "C" fn sg_plan_to_json(
    plan: *const sg_plan,
    json_out: *mut *mut c_char,
    error_out: *mut *mut sg_error,
) -> sg_status {
    // SAFETY: the caller guarantees `error_out` is NULL or valid for a write.
    ffi_status(unsafe { Out::optional(error_out) }, || {
        // SAFETY: the caller guarantees `plan` is NULL or live.
        let plan = unsafe { borrow(plan, "plan") }?;
        // SAFETY: the caller guarantees `json_out` is valid for a write.
        let out = unsafe { Out::required(json_out, "json_out") }?;
        out.write(into_c_string(plan.to_json()));
        Ok(())
    })
}

/// The verbatim text of a node of the plan, by id: the plan's own id gives
/// its title, an axis (`"E1"`), line, goal, action (`"E1.L1.M1.A1"`) or
/// indicator its text, a plazo (`"E1.L1.M1.A1.P1"`) its label.
///
/// On success `*text_out` is a new string, to be freed with `sg_string_free`.
/// Errors: `SG_STATUS_UNKNOWN_ID`, `SG_STATUS_INVALID_UTF8`.
///
/// # Safety
///
/// `plan` must be NULL or a live plan; `node_id` NULL or a NUL-terminated
/// string; `text_out` valid for a write of one pointer; `error_out` NULL or
/// valid for a write of one pointer.
#[no_mangle]
pub unsafe extern "C" fn sg_plan_node_text(
    plan: *const sg_plan,
    node_id: *const c_char,
    text_out: *mut *mut c_char,
    error_out: *mut *mut sg_error,
) -> sg_status {
    // SAFETY: the caller guarantees `error_out` is NULL or valid for a write.
    ffi_status(unsafe { Out::optional(error_out) }, || {
        // SAFETY: the caller guarantees `plan` is NULL or live.
        let plan = unsafe { borrow(plan, "plan") }?;
        // SAFETY: the caller guarantees `node_id` is NULL or NUL-terminated.
        let id = unsafe { c_str(node_id, "node_id") }?;
        // SAFETY: the caller guarantees `text_out` is valid for a write.
        let out = unsafe { Out::required(text_out, "text_out") }?;
        let text = if id == plan.document().id {
            plan.document().title.as_str()
        } else {
            plan.node(id).ok_or_else(|| unknown_node(id))?.text()
        };
        out.write(into_c_string(text.to_string()));
        Ok(())
    })
}

/// The level of a node of the plan, by id: `SG_LEVEL_PLAN` for the plan's
/// own id, `SG_LEVEL_AXIS` … `SG_LEVEL_INDICATOR`, and `SG_LEVEL_PLAZO` for a
/// plazo (`"E1.L1.M1.A1.P1"`). (Plazos are not scored: a scorecard has no
/// plazo nodes, so `sg_node_score.level` is never `SG_LEVEL_PLAZO`.)
///
/// On success `*level_out` is the level. Errors: `SG_STATUS_UNKNOWN_ID`,
/// `SG_STATUS_INVALID_UTF8`.
///
/// # Safety
///
/// `plan` must be NULL or a live plan; `node_id` NULL or a NUL-terminated
/// string; `level_out` valid for a write of one `sg_level`; `error_out` NULL or
/// valid for a write of one pointer.
#[no_mangle]
pub unsafe extern "C" fn sg_plan_node_level(
    plan: *const sg_plan,
    node_id: *const c_char,
    level_out: *mut sg_level,
    error_out: *mut *mut sg_error,
) -> sg_status {
    // SAFETY: the caller guarantees `error_out` is NULL or valid for a write.
    ffi_status(unsafe { Out::optional(error_out) }, || {
        // SAFETY: the caller guarantees `plan` is NULL or live.
        let plan = unsafe { borrow(plan, "plan") }?;
        // SAFETY: the caller guarantees `node_id` is NULL or NUL-terminated.
        let id = unsafe { c_str(node_id, "node_id") }?;
        // SAFETY: the caller guarantees `level_out` is valid for a write.
        let out = unsafe { Out::required(level_out, "level_out") }?;
        let level = if id == plan.document().id {
            Level::Plan
        } else {
            plan.node(id).ok_or_else(|| unknown_node(id))?.level()
        };
        out.write(level.into());
        Ok(())
    })
}

/// One of the plan's tables as text: `name` is `"axes"`, `"actions"`,
/// `"plazos"`, `"indicators"` or `"entities"`, `format` `SG_TABLE_FORMAT_CSV`
/// or `SG_TABLE_FORMAT_JSON`. The columns of each table are in the README
/// (`ffi/README.md`, "Tables").
///
/// On success `*text_out` is a new string, to be freed with `sg_string_free`.
/// Errors: `SG_STATUS_INVALID_ARGUMENT` (an unknown table name or format),
/// `SG_STATUS_INVALID_UTF8`.
///
/// # Safety
///
/// `plan` must be NULL or a live plan; `name` NULL or NUL-terminated;
/// `text_out` valid for a write of one pointer; `error_out` NULL or valid for
/// a write of one pointer.
#[no_mangle]
pub unsafe extern "C" fn sg_plan_table(
    plan: *const sg_plan,
    name: *const c_char,
    format: u32,
    text_out: *mut *mut c_char,
    error_out: *mut *mut sg_error,
) -> sg_status {
    // SAFETY: the caller guarantees `error_out` is NULL or valid for a write.
    ffi_status(unsafe { Out::optional(error_out) }, || {
        // SAFETY: the caller guarantees `plan` is NULL or live.
        let plan = unsafe { borrow(plan, "plan") }?;
        // SAFETY: the caller guarantees `name` is NULL or NUL-terminated.
        let name = unsafe { c_str(name, "name") }?;
        // SAFETY: the caller guarantees `text_out` is valid for a write.
        let out = unsafe { Out::required(text_out, "text_out") }?;
        let which: PlanTable = tables::name(name)?;
        let format = tables::format(format)?;
        out.write(into_c_string(plan.table(which).write(format)));
        Ok(())
    })
}

fn unknown_node(id: &str) -> Error {
    Error::new(sg_status::UnknownId, format!("the plan has no node {id:?}"))
}
