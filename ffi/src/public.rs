//! The public release of an evaluation (disclosure control, SPEC §5): every
//! value a public document shows, published or confidential, with the audit
//! that proves no small count of victims can be learned from it. Built by the
//! core; here only handed over as text.

use std::ffi::c_char;

use seguimiento::{PublicConfig, PublicError, PublicView};

use crate::error::{sg_error, sg_status, Error};
use crate::handle::{borrow, free, handle, into_handle};
use crate::ledger::sg_ledger;
use crate::panic::{ffi_guard, ffi_status};
use crate::plan::sg_plan;
use crate::ptr::{c_str, into_c_string, Out};
use crate::scorecard::sg_scorecard;

/// A public release of a scorecard (opaque): read it as JSON, CSV or
/// SDMX-CSV; immutable, so it may be read from several threads at once.
pub struct sg_public_view {
    _private: [u8; 0],
}

handle!(sg_public_view => Box<PublicView>);

impl From<PublicError> for Error {
    fn from(e: PublicError) -> Error {
        let status = match &e {
            PublicError::Refused { .. } | PublicError::Disclosure { .. } => {
                sg_status::DisclosureRefused
            }
            PublicError::UnknownIndicator { .. } => sg_status::UnknownId,
            PublicError::KOutOfRange { .. } => sg_status::InvalidArgument,
            PublicError::PlanMismatch { .. } => sg_status::PlanMismatch,
        };
        Error::new(status, e.to_string())
    }
}

/// Builds the public release of `scorecard`, evaluated from `ledger` under
/// `plan`: gathers every value a public document shows (scores,
/// explanations, entities, reporting, social-audit notes, the tables of the
/// sensitive indicators with their margins) and the relations a reader knows
/// among them, suppresses small counts and whatever would give them back,
/// and audits the result.
///
/// `config_json` names the release and sets its rules, e.g.
/// `{"release": "2017-annual", "k": 11}`; also `sensitive` (indicator ids;
/// default: the plan's), `earlier_patterns` (the `pattern` object of each
/// earlier release's JSON) and `earlier_published` (value key → value).
///
/// On success `*view_out` is a new public view, to be freed with
/// `sg_public_view_free`. Errors: `SG_STATUS_CONFIG_INVALID` (the
/// configuration), `SG_STATUS_UNKNOWN_ID` (a sensitive indicator the plan
/// lacks), `SG_STATUS_PLAN_MISMATCH`, `SG_STATUS_DISCLOSURE_REFUSED` (the
/// audit refused the release; the message names the value),
/// `SG_STATUS_INVALID_UTF8`.
///
/// # Safety
///
/// `plan`, `ledger` and `scorecard` must each be NULL or live; `config_json`
/// NULL or NUL-terminated; `view_out` valid for a write of one pointer;
/// `error_out` NULL or valid for a write of one pointer.
#[no_mangle]
pub unsafe extern "C" fn sg_public_view_new(
    plan: *const sg_plan,
    ledger: *const sg_ledger,
    scorecard: *const sg_scorecard,
    config_json: *const c_char,
    view_out: *mut *mut sg_public_view,
    error_out: *mut *mut sg_error,
) -> sg_status {
    // SAFETY: the caller guarantees `error_out` is NULL or valid for a write.
    ffi_status(unsafe { Out::optional(error_out) }, || {
        // SAFETY: the caller guarantees `plan` is NULL or live.
        let plan = unsafe { borrow(plan, "plan") }?;
        // SAFETY: the caller guarantees `ledger` is NULL or live.
        let ledger = unsafe { borrow(ledger, "ledger") }?;
        // SAFETY: the caller guarantees `scorecard` is NULL or live.
        let card = unsafe { borrow(scorecard, "scorecard") }?.scorecard();
        // SAFETY: the caller guarantees `config_json` is NULL or NUL-terminated.
        let config = unsafe { c_str(config_json, "config_json") }?;
        // SAFETY: the caller guarantees `view_out` is valid for a write.
        let out = unsafe { Out::required(view_out, "view_out") }?;
        let config = PublicConfig::from_json(config)?;
        let view = PublicView::build(plan, ledger, card, &config)?;
        out.write(into_handle(view));
        Ok(())
    })
}

/// The formats a public view is written in.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum sg_public_format {
    /// The public view as JSON: every node, entity, reporting row,
    /// discrepancy, consistency note and table cell, each controlled value
    /// a value or `"confidential"`, with the audit summary and the
    /// release's suppression pattern.
    Json = 0,
    /// CSV, one row per controlled value, its value empty and
    /// `confidential` true where suppressed.
    Csv = 1,
    /// SDMX-CSV 2.0: `OBS_VALUE` empty and `CONF_STATUS` `C` where
    /// suppressed, `F` otherwise.
    SdmxCsv = 2,
    /// SDMX-CSV 2.0 for internal audit only: every value, `CONF_STATUS`
    /// `F`, `A` (primary) or `D` (secondary). Never publish it.
    InternalSdmxCsv = 3,
    /// The audit summary as JSON (counts, the narrowest interval), which
    /// ships with the release.
    AuditJson = 4,
}

/// A public view written in a format.
///
/// On success `*text_out` is a new string, to be freed with
/// `sg_string_free`. Errors: `SG_STATUS_INVALID_ARGUMENT` for a format
/// outside `sg_public_format`.
///
/// # Safety
///
/// `view` must be NULL or live; `text_out` valid for a write of one pointer;
/// `error_out` NULL or valid for a write of one pointer.
#[no_mangle]
pub unsafe extern "C" fn sg_public_view_write(
    view: *const sg_public_view,
    format: u32,
    text_out: *mut *mut c_char,
    error_out: *mut *mut sg_error,
) -> sg_status {
    // SAFETY: the caller guarantees `error_out` is NULL or valid for a write.
    ffi_status(unsafe { Out::optional(error_out) }, || {
        // SAFETY: the caller guarantees `view` is NULL or live.
        let view = unsafe { borrow(view, "view") }?;
        // SAFETY: the caller guarantees `text_out` is valid for a write.
        let out = unsafe { Out::required(text_out, "text_out") }?;
        let text = match format {
            f if f == sg_public_format::Json as u32 => view.to_json(),
            f if f == sg_public_format::Csv as u32 => view.to_csv(),
            f if f == sg_public_format::SdmxCsv as u32 => view.to_sdmx_csv(),
            f if f == sg_public_format::InternalSdmxCsv as u32 => view.to_internal_sdmx_csv(),
            f if f == sg_public_format::AuditJson as u32 => view.audit_to_json(),
            other => {
                return Err(Error::new(
                    sg_status::InvalidArgument,
                    format!("format {other} is not an sg_public_format (0 to 4)"),
                ))
            }
        };
        out.write(into_c_string(text));
        Ok(())
    })
}

/// Frees a public view. NULL is ignored.
///
/// # Safety
///
/// `view` must be NULL or a public view from this library not yet freed, and
/// no other thread may be using it.
#[no_mangle]
pub unsafe extern "C" fn sg_public_view_free(view: *mut sg_public_view) {
    ffi_guard((), || {
        // SAFETY: the caller guarantees `view` is NULL or a public view of
        // this library, freed once, with no other user.
        unsafe { free(view) }
    })
}
