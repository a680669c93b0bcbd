//! An evaluation kept up to date with its ledger: made once, refreshed after
//! each ingest, read as a scorecard. A refresh reads only the records added
//! since the last one and scores again only what they touch; its scorecard is
//! byte for byte the one `sg_evaluate` gives.

use std::ffi::c_char;
use std::sync::Arc;

use seguimiento::{Config, Evaluation};

use crate::error::{sg_error, sg_status};
use crate::handle::{borrow, borrow_mut, clone_shared, free, handle, into_handle};
use crate::ledger::sg_ledger;
use crate::panic::{ffi_guard, ffi_status};
use crate::plan::sg_plan;
use crate::ptr::{c_str, Out};
use crate::scorecard::{as_of_date, sg_scorecard, Evaluation as ScorecardHandle};

/// An evaluation as of a date that follows one ledger (opaque): after records
/// are ingested into that ledger, `sg_evaluation_refresh` brings it up to date
/// reading only the new records. A refresh needs the evaluation to itself (and
/// reads the ledger, which no ingest may change meanwhile); reading its
/// scorecard may run on several threads at once.
pub struct sg_evaluation {
    _private: [u8; 0],
}

handle!(sg_evaluation => Box<Evaluation>);

/// Evaluates a plan's compliance as of a date, as `sg_evaluate` does, and
/// keeps what a later `sg_evaluation_refresh` needs: per indicator, the
/// latest visible revision of each key and its outcome. Arguments as for
/// `sg_evaluate`.
///
/// On success `*evaluation_out` is a new evaluation, to be freed with
/// `sg_evaluation_free`. Errors: those of `sg_evaluate`.
///
/// # Safety
///
/// `plan` and `ledger` must each be NULL or live; `as_of` NULL or
/// NUL-terminated; `config_json` NULL or NUL-terminated; `evaluation_out`
/// valid for a write of one pointer; `error_out` NULL or valid for a write of
/// one pointer.
#[no_mangle]
pub unsafe extern "C" fn sg_evaluation_new(
    plan: *const sg_plan,
    ledger: *const sg_ledger,
    as_of: *const c_char,
    config_json: *const c_char,
    evaluation_out: *mut *mut sg_evaluation,
    error_out: *mut *mut sg_error,
) -> sg_status {
    // SAFETY: the caller guarantees `error_out` is NULL or valid for a write.
    ffi_status(unsafe { Out::optional(error_out) }, || {
        // SAFETY: the caller guarantees `plan` is NULL or live.
        let plan = unsafe { clone_shared(plan, "plan") }?;
        // SAFETY: the caller guarantees `ledger` is NULL or live.
        let ledger = unsafe { borrow(ledger, "ledger") }?;
        // SAFETY: the caller guarantees `as_of` is NULL or NUL-terminated.
        let as_of = unsafe { c_str(as_of, "as_of") }?;
        // SAFETY: the caller guarantees `evaluation_out` is valid for a write.
        let out = unsafe { Out::required(evaluation_out, "evaluation_out") }?;
        let as_of = as_of_date(as_of)?;
        let config = if config_json.is_null() {
            Config::default()
        } else {
            // SAFETY: not NULL, and the caller guarantees it is NUL-terminated.
            Config::from_json(unsafe { c_str(config_json, "config_json") }?)?
        };
        let evaluation = Evaluation::new(&plan, ledger, as_of, &config)?;
        out.write(into_handle(evaluation));
        Ok(())
    })
}

/// Brings an evaluation up to date with `ledger`, which must be the ledger it
/// was made from: reads the records ingested since it was made or last
/// refreshed, and scores again the indicators they name, the tree above them,
/// the entities, and reporting if submissions or obligations came in.
///
/// On success `*indicators_out`, unless `indicators_out` is NULL, is how many
/// indicators were scored again (0 when nothing that scores was added).
/// Errors: `SG_STATUS_LEDGER_MISMATCH` for any other ledger (one made apart
/// from the same records included), the evaluation then unchanged.
///
/// # Safety
///
/// `evaluation` must be NULL or live, and no other thread may be using it;
/// `ledger` NULL or live, with no ingest running on it; `indicators_out` NULL
/// or valid for a write of one `size_t`; `error_out` NULL or valid for a write
/// of one pointer.
#[no_mangle]
pub unsafe extern "C" fn sg_evaluation_refresh(
    evaluation: *mut sg_evaluation,
    ledger: *const sg_ledger,
    indicators_out: *mut usize,
    error_out: *mut *mut sg_error,
) -> sg_status {
    // SAFETY: the caller guarantees `error_out` is NULL or valid for a write.
    ffi_status(unsafe { Out::optional(error_out) }, || {
        // SAFETY: the caller guarantees `evaluation` is NULL or live, used by
        // this thread alone.
        let evaluation = unsafe { borrow_mut(evaluation, "evaluation") }?;
        // SAFETY: the caller guarantees `ledger` is NULL or live.
        let ledger = unsafe { borrow(ledger, "ledger") }?;
        // SAFETY: the caller guarantees `indicators_out` is NULL or valid for
        // a write.
        let indicators_out = unsafe { Out::optional(indicators_out) };
        let refresh = evaluation.refresh(ledger)?;
        if let Some(out) = indicators_out {
            out.write(refresh.indicators);
        }
        Ok(())
    })
}

/// The evaluation's scorecard as it stands (after its last refresh), as a new
/// scorecard to read with the scorecard functions (`sg_scorecard_to_json`,
/// `sg_scorecard_table`, …) and free with `sg_scorecard_free`; it does not
/// change with later refreshes.
///
/// # Safety
///
/// `evaluation` must be NULL or live, not being refreshed; `scorecard_out`
/// valid for a write of one pointer; `error_out` NULL or valid for a write of
/// one pointer.
#[no_mangle]
pub unsafe extern "C" fn sg_evaluation_scorecard(
    evaluation: *const sg_evaluation,
    scorecard_out: *mut *mut sg_scorecard,
    error_out: *mut *mut sg_error,
) -> sg_status {
    // SAFETY: the caller guarantees `error_out` is NULL or valid for a write.
    ffi_status(unsafe { Out::optional(error_out) }, || {
        // SAFETY: the caller guarantees `evaluation` is NULL or live.
        let evaluation = unsafe { borrow(evaluation, "evaluation") }?;
        // SAFETY: the caller guarantees `scorecard_out` is valid for a write.
        let out = unsafe { Out::required(scorecard_out, "scorecard_out") }?;
        let handle = ScorecardHandle::new(
            evaluation.scorecard().clone(),
            Arc::clone(evaluation.plan()),
        );
        out.write(into_handle(handle));
        Ok(())
    })
}

/// Frees an evaluation. NULL is ignored. Scorecards taken from it stay valid.
///
/// # Safety
///
/// `evaluation` must be NULL or an evaluation from this library not yet
/// freed, and no other thread may be using it.
#[no_mangle]
pub unsafe extern "C" fn sg_evaluation_free(evaluation: *mut sg_evaluation) {
    ffi_guard((), || {
        // SAFETY: the caller guarantees `evaluation` is NULL or an evaluation
        // of this library, freed once, with no other user.
        unsafe { free(evaluation) }
    })
}
