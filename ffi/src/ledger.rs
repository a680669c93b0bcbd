//! Ledgers: the records institutions report against a plan.

use std::ffi::c_char;

use seguimiento::{
    Duplicates, IngestError, IngestOptions, IngestReport, Ledger, LedgerTable, Mode,
};

use crate::error::{sg_error, sg_status, Error};
use crate::handle::{borrow, borrow_mut, clone_shared, free, handle, into_handle};
use crate::panic::{ffi_guard, ffi_status};
use crate::plan::sg_plan;
use crate::ptr::{bytes, c_str, into_c_string, text, Out};
use crate::tables;

/// The records reported against one plan (opaque). Reading functions
/// (`sg_ledger_to_json`, `sg_ledger_record_count`, `sg_ledger_table`,
/// `sg_evaluate`) may run on
/// several threads at once; an ingest needs the ledger to itself.
pub struct sg_ledger {
    _private: [u8; 0],
}

handle!(sg_ledger => Box<Ledger>);

/// How a batch is ingested: the `mode` argument of the ingest functions.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum sg_mode {
    /// Any invalid record rejects the whole batch; the ledger does not change.
    Strict = 0,
    /// Valid records go in; the report lists each rejected one.
    Lenient = 1,
}

/// A flag added to the `mode` argument of the ingest functions
/// (`SG_MODE_LENIENT | SG_INGEST_SUM_DUPLICATES`): duplicate count and
/// amount observations of one batch (same key, same `recorded_on`) are added
/// up instead of rejected, and the report's `merged` counts them (SPEC §2).
pub const SG_INGEST_SUM_DUPLICATES: u32 = 0x100;

fn mode(value: u32) -> Result<IngestOptions, Error> {
    let duplicates = if value & SG_INGEST_SUM_DUPLICATES != 0 {
        Duplicates::Sum
    } else {
        Duplicates::Reject
    };
    let mode = match value & !SG_INGEST_SUM_DUPLICATES {
        v if v == sg_mode::Strict as u32 => Mode::Strict,
        v if v == sg_mode::Lenient as u32 => Mode::Lenient,
        _ => {
            return Err(Error::new(
                sg_status::InvalidArgument,
                format!(
                    "argument `mode` is {value}: use SG_MODE_STRICT (0) or SG_MODE_LENIENT (1), \
                     optionally with SG_INGEST_SUM_DUPLICATES (0x100)"
                ),
            ))
        }
    };
    Ok(IngestOptions {
        mode,
        duplicates,
        aggregate: false,
    })
}

/// Makes an empty ledger for a plan. The ledger keeps the plan alive.
///
/// On success `*ledger_out` is a new ledger, to be freed with `sg_ledger_free`.
///
/// # Safety
///
/// `plan` must be NULL or a live plan; `ledger_out` must be valid for a write
/// of one pointer; `error_out` NULL or valid for a write of one pointer.
#[no_mangle]
pub unsafe extern "C" fn sg_ledger_new(
    plan: *const sg_plan,
    ledger_out: *mut *mut sg_ledger,
    error_out: *mut *mut sg_error,
) -> sg_status {
    // SAFETY: the caller guarantees `error_out` is NULL or valid for a write.
    ffi_status(unsafe { Out::optional(error_out) }, || {
        // SAFETY: the caller guarantees `plan` is NULL or live.
        let plan = unsafe { clone_shared(plan, "plan") }?;
        // SAFETY: the caller guarantees `ledger_out` is valid for a write.
        let out = unsafe { Out::required(ledger_out, "ledger_out") }?;
        out.write(into_handle(Ledger::new(plan)));
        Ok(())
    })
}

/// Frees a ledger. NULL is ignored.
///
/// # Safety
///
/// `ledger` must be NULL or a ledger from this library not yet freed, and no
/// other thread may be using it.
#[no_mangle]
pub unsafe extern "C" fn sg_ledger_free(ledger: *mut sg_ledger) {
    ffi_guard((), || {
        // SAFETY: the caller guarantees `ledger` is NULL or a ledger of this
        // library, freed once, with no other user.
        unsafe { free(ledger) }
    })
}

/// Writes an ingest's outcome: on success its report; on a strict refusal a
/// report with no record accepted and every rejection, and the refusal.
fn finish(
    outcome: Result<IngestReport, IngestError>,
    accepted_out: Option<Out<usize>>,
    report_out: Option<Out<*mut c_char>>,
) -> Result<(), Error> {
    let (report, result) = match outcome {
        Ok(report) => (report, Ok(())),
        Err(IngestError::Rejected { rejections }) => {
            let error = Error::from(IngestError::Rejected {
                rejections: rejections.clone(),
            });
            (
                IngestReport {
                    accepted: 0,
                    merged: 0,
                    aggregation: None,
                    rejections,
                },
                Err(error),
            )
        }
        Err(other) => return Err(other.into()),
    };
    if let Some(out) = accepted_out {
        out.write(report.accepted);
    }
    if let Some(out) = report_out {
        out.write(into_c_string(report.to_json()));
    }
    result
}

/// Ingests a JSON ledger document: one object with the arrays `targets`,
/// `observations`, `milestones`, `submissions`, `obligations`,
/// `recommendations` and `follow_ups` (SPEC §2),
/// `len` bytes of UTF-8 at `json`. `mode` is `SG_MODE_STRICT` or
/// `SG_MODE_LENIENT`, optionally `| SG_INGEST_SUM_DUPLICATES`.
///
/// Two observations, targets or milestones of one batch with the same key and
/// the same `recorded_on` are both rejected (`duplicate_key`), each naming the
/// other, unless `SG_INGEST_SUM_DUPLICATES` adds up count and amount
/// observations.
///
/// On success, `*accepted_out` (if not NULL) is the number of records that went
/// in and `*report_out` (if not NULL) a new string, the report as JSON:
/// `{"accepted": 3, "merged": 0, "rejections": [{"kind": "observation",
/// "index": 0, "field": "value", "code": "not_a_count", "reason": "…"}]}`,
/// listing every record a lenient ingest rejected (`index` is the record's
/// position in its array) and how many rows were added up (`merged`).
///
/// `SG_STATUS_REJECTED` (strict mode, some record invalid): nothing went in,
/// and the out parameters are written all the same: `*accepted_out` is 0 and
/// `*report_out` lists every rejection (and `*error_out`, if asked for, is the
/// refusal). Other errors: `SG_STATUS_INVALID_UTF8`, `SG_STATUS_SYNTAX` (not
/// JSON, or an unknown array), `SG_STATUS_INVALID_ARGUMENT` (an unknown mode);
/// the out parameters are not written.
///
/// # Safety
///
/// `ledger` must be NULL or a live ledger that no other thread uses during the
/// call; `json` must be valid for reads of `len` bytes; `accepted_out`,
/// `report_out` and `error_out` must each be NULL or valid for one write.
#[no_mangle]
pub unsafe extern "C" fn sg_ledger_ingest_json(
    ledger: *mut sg_ledger,
    json: *const u8,
    len: usize,
    mode: u32,
    accepted_out: *mut usize,
    report_out: *mut *mut c_char,
    error_out: *mut *mut sg_error,
) -> sg_status {
    // SAFETY: the caller guarantees `error_out` is NULL or valid for a write.
    ffi_status(unsafe { Out::optional(error_out) }, || {
        // SAFETY: the caller guarantees `ledger` is NULL or live and not shared.
        let ledger = unsafe { borrow_mut(ledger, "ledger") }?;
        // SAFETY: the caller guarantees `json` is valid for `len` bytes.
        let json = unsafe { text(json, len, "json") }?;
        let mode = self::mode(mode)?;
        // SAFETY: the caller guarantees both are NULL or valid for a write.
        let (accepted_out, report_out) =
            unsafe { (Out::optional(accepted_out), Out::optional(report_out)) };
        finish(ledger.ingest_json(json, mode), accepted_out, report_out)
    })
}

/// Ingests observations from CSV (`len` bytes at `csv`): a header row with the
/// columns `indicator`, `period`, `entity`, `value`, optionally `source`,
/// `recorded_on` and one `cell.<dimension>` column per dimension. Rejection
/// indexes count data records, not lines: index 0 is the first record after
/// the header; blank lines are skipped without being counted, and a record
/// whose quoted field holds line breaks counts once.
///
/// A row that is not valid UTF-8 is rejected like any invalid record (its
/// reason says so); a header that is not is `SG_STATUS_SYNTAX`. Otherwise as
/// `sg_ledger_ingest_json`.
///
/// # Safety
///
/// As for `sg_ledger_ingest_json`.
#[no_mangle]
pub unsafe extern "C" fn sg_ledger_ingest_csv(
    ledger: *mut sg_ledger,
    csv: *const u8,
    len: usize,
    mode: u32,
    accepted_out: *mut usize,
    report_out: *mut *mut c_char,
    error_out: *mut *mut sg_error,
) -> sg_status {
    // SAFETY: the caller guarantees `error_out` is NULL or valid for a write.
    ffi_status(unsafe { Out::optional(error_out) }, || {
        // SAFETY: the caller guarantees `ledger` is NULL or live and not shared.
        let ledger = unsafe { borrow_mut(ledger, "ledger") }?;
        // SAFETY: the caller guarantees `csv` is valid for `len` bytes.
        let csv = unsafe { bytes(csv, len, "csv") }?;
        let mode = self::mode(mode)?;
        // SAFETY: the caller guarantees both are NULL or valid for a write.
        let (accepted_out, report_out) =
            unsafe { (Out::optional(accepted_out), Out::optional(report_out)) };
        finish(ledger.ingest_csv(csv, mode), accepted_out, report_out)
    })
}

/// The whole ledger, every revision included, as a JSON ledger document:
/// ingesting it into an empty ledger gives back the same ledger.
///
/// On success `*json_out` is a new string, to be freed with `sg_string_free`.
///
/// # Safety
///
/// `ledger` must be NULL or a live ledger; `json_out` must be valid for a write
/// of one pointer; `error_out` NULL or valid for a write of one pointer.
#[no_mangle]
pub unsafe extern "C" fn sg_ledger_to_json(
    ledger: *const sg_ledger,
    json_out: *mut *mut c_char,
    error_out: *mut *mut sg_error,
) -> sg_status {
    // SAFETY: the caller guarantees `error_out` is NULL or valid for a write.
    ffi_status(unsafe { Out::optional(error_out) }, || {
        // SAFETY: the caller guarantees `ledger` is NULL or live.
        let ledger = unsafe { borrow(ledger, "ledger") }?;
        // SAFETY: the caller guarantees `json_out` is valid for a write.
        let out = unsafe { Out::required(json_out, "json_out") }?;
        out.write(into_c_string(ledger.to_json()));
        Ok(())
    })
}

/// The number of records in the ledger, revisions included.
///
/// # Safety
///
/// `ledger` must be NULL or a live ledger; `count_out` must be valid for a
/// write of one `size_t`; `error_out` NULL or valid for a write of one pointer.
#[no_mangle]
pub unsafe extern "C" fn sg_ledger_record_count(
    ledger: *const sg_ledger,
    count_out: *mut usize,
    error_out: *mut *mut sg_error,
) -> sg_status {
    // SAFETY: the caller guarantees `error_out` is NULL or valid for a write.
    ffi_status(unsafe { Out::optional(error_out) }, || {
        // SAFETY: the caller guarantees `ledger` is NULL or live.
        let ledger = unsafe { borrow(ledger, "ledger") }?;
        // SAFETY: the caller guarantees `count_out` is valid for a write.
        let out = unsafe { Out::required(count_out, "count_out") }?;
        out.write(ledger.len());
        Ok(())
    })
}

/// One kind of the ledger's records as a table, every revision included, in
/// ingestion order: `name` is `"targets"`, `"observations"`, `"milestones"`,
/// `"submissions"` or `"obligations"` (the JSON ledger's arrays, with the
/// same fields), `format` `SG_TABLE_FORMAT_CSV` or `SG_TABLE_FORMAT_JSON`.
/// The observations' CSV is what `sg_ledger_ingest_csv` reads.
///
/// On success `*text_out` is a new string, to be freed with `sg_string_free`.
/// Errors: `SG_STATUS_INVALID_ARGUMENT` (an unknown table name or format),
/// `SG_STATUS_INVALID_UTF8`.
///
/// # Safety
///
/// `ledger` must be NULL or a live ledger; `name` NULL or NUL-terminated;
/// `text_out` valid for a write of one pointer; `error_out` NULL or valid for
/// a write of one pointer.
#[no_mangle]
pub unsafe extern "C" fn sg_ledger_table(
    ledger: *const sg_ledger,
    name: *const c_char,
    format: u32,
    text_out: *mut *mut c_char,
    error_out: *mut *mut sg_error,
) -> sg_status {
    // SAFETY: the caller guarantees `error_out` is NULL or valid for a write.
    ffi_status(unsafe { Out::optional(error_out) }, || {
        // SAFETY: the caller guarantees `ledger` is NULL or live.
        let ledger = unsafe { borrow(ledger, "ledger") }?;
        // SAFETY: the caller guarantees `name` is NULL or NUL-terminated.
        let name = unsafe { c_str(name, "name") }?;
        // SAFETY: the caller guarantees `text_out` is valid for a write.
        let out = unsafe { Out::required(text_out, "text_out") }?;
        let which: LedgerTable = tables::name(name)?;
        let format = tables::format(format)?;
        out.write(into_c_string(ledger.table(which).write(format)));
        Ok(())
    })
}
