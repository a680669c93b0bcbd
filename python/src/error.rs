//! The exception tree, and the one place where the core's errors become
//! Python exceptions.
//!
//! ```text
//! SeguimientoError(Exception)
//! ├── PlanError(SeguimientoError, ValueError)          a plan that cannot be loaded
//! ├── ValidationError(SeguimientoError, ValueError)    rejected ledger records (.errors)
//! ├── ConfigError(SeguimientoError, ValueError)        an evaluation setting out of range
//! ├── PlanMismatchError(SeguimientoError, ValueError)  a ledger built for another plan
//! ├── LedgerMismatchError(SeguimientoError, ValueError) a ledger changed since its scorecard
//! ├── DisclosureRefused(SeguimientoError, ValueError)  a public release the audit refuses
//! ├── DocumentError(SeguimientoError, ValueError)      a public document that cannot be made
//! └── InternalError(SeguimientoError)                  a bug in seguimiento (a caught panic)
//! ```
//!
//! The classes are defined in Python (`seguimiento/_errors.py`), where a
//! class may have two bases without any trick; the extension imports them
//! when it loads and raises them from here.

use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};

use pyo3::import_exception;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use seguimiento::{
    ConfigError as CoreConfigError, DocumentError as CoreDocumentError, EvaluateError, IngestError,
    PlanError as CorePlanError, PublicError,
};
use seguimiento_report::templates::RenderError;

import_exception!(seguimiento._errors, SeguimientoError);
import_exception!(seguimiento._errors, PlanError);
import_exception!(seguimiento._errors, ValidationError);
import_exception!(seguimiento._errors, ConfigError);
import_exception!(seguimiento._errors, PlanMismatchError);
import_exception!(seguimiento._errors, LedgerMismatchError);
import_exception!(seguimiento._errors, DisclosureRefused);
import_exception!(seguimiento._errors, DocumentError);
import_exception!(seguimiento._errors, InternalError);

/// Adds the exception classes (defined in `seguimiento._errors`) to the
/// module, so that the package re-exports one object per name.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("SeguimientoError", py.get_type::<SeguimientoError>())?;
    m.add("PlanError", py.get_type::<PlanError>())?;
    m.add("ValidationError", py.get_type::<ValidationError>())?;
    m.add("ConfigError", py.get_type::<ConfigError>())?;
    m.add("PlanMismatchError", py.get_type::<PlanMismatchError>())?;
    m.add("LedgerMismatchError", py.get_type::<LedgerMismatchError>())?;
    m.add("DisclosureRefused", py.get_type::<DisclosureRefused>())?;
    m.add("DocumentError", py.get_type::<DocumentError>())?;
    m.add("InternalError", py.get_type::<InternalError>())?;
    Ok(())
}

/// One rejected record (or, with `index` None, a problem of the whole batch).
#[derive(Debug)]
pub struct RecordError {
    /// The record kind (`observation`, …).
    pub kind: &'static str,
    /// 0-based position in the batch.
    pub index: Option<usize>,
    /// The caller's label of the row (a DataFrame's index); `None` = the position.
    pub row: Option<Py<PyAny>>,
    /// The field at fault (empty for the record as a whole).
    pub field: String,
    /// The core's stable code for why.
    pub code: &'static str,
    /// Why.
    pub reason: String,
}

impl RecordError {
    /// A problem of the whole batch.
    pub fn batch(
        kind: &'static str,
        field: &str,
        code: &'static str,
        reason: impl Into<String>,
    ) -> Self {
        RecordError {
            kind,
            index: None,
            row: None,
            field: field.to_string(),
            code,
            reason: reason.into(),
        }
    }

    /// As a dict: kind, index, row, field, code, reason.
    pub fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("kind", self.kind)?;
        d.set_item("index", self.index)?;
        match (&self.row, self.index) {
            (Some(row), _) => d.set_item("row", row.bind(py))?,
            (None, index) => d.set_item("row", index)?,
        }
        d.set_item("field", &self.field)?;
        d.set_item("code", self.code)?;
        d.set_item("reason", &self.reason)?;
        Ok(d)
    }

    fn describe(&self, py: Python<'_>) -> String {
        let mut s = match self.index {
            Some(i) => {
                let row = self
                    .row
                    .as_ref()
                    .and_then(|r| r.bind(py).repr().ok())
                    .map(|r| r.to_string())
                    .unwrap_or_else(|| i.to_string());
                format!("{} row {row}", self.kind)
            }
            None => format!("{} batch", self.kind),
        };
        if !self.field.is_empty() {
            s.push_str(&format!(", field {:?}", self.field));
        }
        s.push_str(": ");
        s.push_str(&self.reason);
        s
    }
}

/// Every failure the binding turns into a Python exception.
#[derive(Debug)]
pub enum Failure {
    /// A plan could not be loaded.
    Plan(CorePlanError),
    /// A ledger batch could not be read, or (strict) had invalid records.
    Ingest(IngestError),
    /// Records rejected, with the caller's row labels.
    Records(Vec<RecordError>),
    /// An evaluation could not run.
    Evaluate(EvaluateError),
    /// A configuration was refused.
    Config(CoreConfigError),
    /// A public release could not be built, or its audit refused it.
    Public(PublicError),
    /// A public document could not be built.
    Document(CoreDocumentError),
    /// A public document could not be rendered by the built-in templates.
    Render(RenderError),
    /// A document's argument that is not one it takes: the argument's name
    /// and why.
    Argument(&'static str, String),
    /// A scorecard's ledger took records after the scorecard was made: what
    /// the scorecard shows is no longer what the ledger holds.
    LedgerChanged(String),
    /// A panic, caught.
    Panic(String),
}

impl From<CorePlanError> for Failure {
    fn from(e: CorePlanError) -> Self {
        Failure::Plan(e)
    }
}
impl From<IngestError> for Failure {
    fn from(e: IngestError) -> Self {
        Failure::Ingest(e)
    }
}
impl From<EvaluateError> for Failure {
    fn from(e: EvaluateError) -> Self {
        Failure::Evaluate(e)
    }
}
impl From<PublicError> for Failure {
    fn from(e: PublicError) -> Self {
        Failure::Public(e)
    }
}
impl From<CoreConfigError> for Failure {
    fn from(e: CoreConfigError) -> Self {
        Failure::Config(e)
    }
}

/// The singular name of a record kind (`observation`).
pub fn kind_name(kind: seguimiento::RecordKind) -> &'static str {
    kind.as_str()
}

/// A core rejection as a record error (the row is its index).
pub fn from_rejection(r: &seguimiento::Rejection) -> RecordError {
    RecordError {
        kind: kind_name(r.kind),
        index: Some(r.index),
        row: None,
        field: r.field.clone(),
        code: r.code(),
        reason: r.reason.to_string(),
    }
}

fn records_error(py: Python<'_>, errors: &[RecordError]) -> PyErr {
    let shown: Vec<String> = errors.iter().take(3).map(|e| e.describe(py)).collect();
    let more = errors.len().saturating_sub(shown.len());
    let mut message = format!(
        "{} record(s) rejected, nothing was ingested: {}",
        errors.iter().filter(|e| e.index.is_some()).count(),
        shown.join("; ")
    );
    if errors.iter().all(|e| e.index.is_none()) {
        message = format!("the batch cannot be read: {}", shown.join("; "));
    }
    if more > 0 {
        message.push_str(&format!("; and {more} more"));
    }
    let err = ValidationError::new_err(message);
    let list = PyList::empty(py);
    for e in errors {
        match e.to_dict(py) {
            Ok(d) => {
                if list.append(d).is_err() {
                    break;
                }
            }
            Err(_) => break,
        }
    }
    if let Err(e) = err.value(py).setattr("errors", list) {
        return e;
    }
    err
}

fn with_attrs(py: Python<'_>, err: PyErr, attrs: &[(&str, Bound<'_, PyAny>)]) -> PyErr {
    for (name, value) in attrs {
        if let Err(e) = err.value(py).setattr(*name, value) {
            return e;
        }
    }
    err
}

/// A `DocumentError` with its `argument` (the argument at fault, if one is).
fn document_error(py: Python<'_>, message: String, argument: Option<&str>) -> PyErr {
    let argument = match argument.map(|a| a.into_pyobject(py)) {
        None => py.None().into_bound(py),
        Some(Ok(name)) => name.into_any(),
        Some(Err(err)) => return err.into(),
    };
    with_attrs(
        py,
        DocumentError::new_err(message),
        &[("argument", argument)],
    )
}

impl Failure {
    /// The Python exception: the one mapping of core errors, matched exhaustively.
    pub fn into_pyerr(self, py: Python<'_>) -> PyErr {
        match self {
            Failure::Plan(e) => {
                let problems = PyList::empty(py);
                match &e {
                    CorePlanError::Invalid { problems: list } => {
                        for p in list {
                            let d = PyDict::new(py);
                            let _ = d.set_item("location", &p.location);
                            let _ = d.set_item("kind", p.kind.as_str());
                            let _ = d.set_item("message", p.message());
                            let _ = problems.append(d);
                        }
                    }
                    CorePlanError::Utf8 { .. }
                    | CorePlanError::TooLarge { .. }
                    | CorePlanError::Read { .. }
                    | CorePlanError::Syntax { .. } => {}
                }
                with_attrs(
                    py,
                    PlanError::new_err(e.to_string()),
                    &[("problems", problems.into_any())],
                )
            }
            Failure::Ingest(e) => {
                let errors = match &e {
                    IngestError::Unreadable {
                        line,
                        column,
                        problem,
                    } => vec![RecordError::batch(
                        "ledger",
                        "",
                        problem.code(),
                        format!("line {line}, column {column}: {problem}"),
                    )],
                    IngestError::BadHeader {
                        line,
                        column,
                        problem,
                    } => vec![RecordError::batch(
                        "ledger",
                        &problem.column(),
                        problem.code(),
                        format!("line {line}, column {column}: {problem}"),
                    )],
                    IngestError::BadColumns { kind, problems } => problems
                        .iter()
                        .map(|p| {
                            RecordError::batch(
                                kind_name(*kind),
                                &p.column(),
                                p.code(),
                                p.table_message(),
                            )
                        })
                        .collect(),
                    IngestError::LedgerFull { .. } | IngestError::ReadFailed { .. } => {
                        vec![RecordError::batch("ledger", "", e.code(), e.to_string())]
                    }
                    IngestError::Rejected { rejections } => {
                        rejections.iter().map(from_rejection).collect()
                    }
                };
                records_error(py, &errors)
            }
            Failure::Records(errors) => records_error(py, &errors),
            Failure::Evaluate(e) => match e {
                EvaluateError::PlanMismatch { .. } => PlanMismatchError::new_err(e.to_string()),
                EvaluateError::Config(c) => Failure::Config(c).into_pyerr(py),
                EvaluateError::AsOfOutsidePlan { .. } | EvaluateError::OtherLedger => {
                    pyo3::exceptions::PyValueError::new_err(e.to_string())
                }
            },
            Failure::Config(e) => {
                let field = e.field.clone().into_pyobject(py).map(|s| s.into_any());
                let reason = e.reason.clone().into_pyobject(py).map(|s| s.into_any());
                match (field, reason) {
                    (Ok(field), Ok(reason)) => with_attrs(
                        py,
                        ConfigError::new_err(e.to_string()),
                        &[("field", field), ("reason", reason)],
                    ),
                    (Err(err), _) | (_, Err(err)) => err.into(),
                }
            }
            Failure::Public(e) => match &e {
                PublicError::Refused { refusal, .. } => {
                    let key = refusal.key.clone().into_pyobject(py).map(|s| s.into_any());
                    match key {
                        Ok(key) => with_attrs(
                            py,
                            DisclosureRefused::new_err(e.to_string()),
                            &[("key", key)],
                        ),
                        Err(err) => err.into(),
                    }
                }
                PublicError::Disclosure { .. } => with_attrs(
                    py,
                    DisclosureRefused::new_err(e.to_string()),
                    &[("key", py.None().into_bound(py))],
                ),
                PublicError::UnknownIndicator { .. } => Failure::Config(CoreConfigError {
                    field: "sensitive".into(),
                    reason: e.to_string(),
                })
                .into_pyerr(py),
                PublicError::KOutOfRange { .. } => Failure::Config(CoreConfigError {
                    field: "k".into(),
                    reason: e.to_string(),
                })
                .into_pyerr(py),
                PublicError::PlanMismatch { .. } => PlanMismatchError::new_err(e.to_string()),
            },
            Failure::Document(e) => match e {
                CoreDocumentError::Evaluate(e) => Failure::Evaluate(e).into_pyerr(py),
                CoreDocumentError::Public(e) => Failure::Public(e).into_pyerr(py),
                // A year outside the plan, a period that is not a biennium,
                // a plan without years, and what a later version adds.
                e => document_error(py, e.to_string(), None),
            },
            Failure::Render(e) => document_error(py, e.to_string(), None),
            Failure::Argument(argument, reason) => {
                document_error(py, format!("{argument}: {reason}"), Some(argument))
            }
            Failure::LedgerChanged(message) => LedgerMismatchError::new_err(message),
            Failure::Panic(message) => InternalError::new_err(format!(
                "internal error in seguimiento (please report it): {message}"
            )),
        }
    }
}

/// `Result` of binding work that may fail with a [`Failure`].
pub type Outcome<T> = Result<T, Failure>;

/// Turns a failure into a `PyErr` (needs the interpreter).
pub fn raise<T>(py: Python<'_>, outcome: Outcome<T>) -> PyResult<T> {
    outcome.map_err(|f| f.into_pyerr(py))
}

fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic without a message".to_string()
    }
}

/// Runs core work, turning a panic into [`Failure::Panic`] so that Python
/// never sees a `PanicException` (a `BaseException` that `except Exception`
/// would miss).
pub fn guarded<T>(work: impl FnOnce() -> Outcome<T>) -> Outcome<T> {
    match catch_unwind(AssertUnwindSafe(work)) {
        Ok(outcome) => outcome,
        Err(payload) => Err(Failure::Panic(panic_message(payload.as_ref()))),
    }
}
