//! The ledger: records in from pandas, lists of dicts, Arrow or JSON; the
//! export back out.
//!
//! Each input row is read field by field into the core's typed records (the
//! first problem of a row is its rejection, as in the core's JSON reader);
//! the core validates them against the plan, without the interpreter.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use pyo3::exceptions::{PyKeyError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use rust_decimal::Decimal;

use seguimiento::{
    Batch, Ledger as CoreLedger, LedgerTable, Milestone, Mode, Obligation, Observation,
    Plan as CorePlan, RecordKind, ReportKind, Source, Submission, Target, UnknownName,
};

use crate::convert::{self, classify, Value};
use crate::error::{from_rejection, guarded, kind_name, raise, Failure, Outcome, RecordError};
use crate::plan::{plan_or_embedded, Plan};
use crate::tables;

/// The fields of each record kind, required ones first marked `true`
/// (the same names as the JSON ledger format).
fn fields(kind: RecordKind) -> &'static [(&'static str, bool)] {
    match kind {
        RecordKind::Target => &[
            ("indicator", true),
            ("period", true),
            ("entity", false),
            ("baseline", false),
            ("value", true),
            ("recorded_on", false),
        ],
        RecordKind::Observation => &[
            ("indicator", true),
            ("period", true),
            ("entity", true),
            ("cell", false),
            ("value", true),
            ("source", false),
            ("recorded_on", false),
        ],
        RecordKind::Milestone => &[
            ("indicator", true),
            ("entity", true),
            ("achieved_on", true),
            ("recorded_on", false),
        ],
        RecordKind::Submission => &[
            ("entity", true),
            ("kind", true),
            ("period", true),
            ("submitted_on", true),
        ],
        RecordKind::Obligation => &[
            ("entity", true),
            ("kind", true),
            ("from", true),
            ("to", true),
        ],
    }
}

fn method_name(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Target => "add_targets",
        RecordKind::Observation => "add_observations",
        RecordKind::Milestone => "add_milestones",
        RecordKind::Submission => "add_submissions",
        RecordKind::Obligation => "add_obligations",
    }
}

/// Input normalised to columns: name → list, plus each row's label.
struct Input<'py> {
    kind: RecordKind,
    columns: BTreeMap<String, Bound<'py, PyList>>,
    /// `cell.<dimension>` columns: dimension → list.
    cell_columns: Vec<(String, Bound<'py, PyList>)>,
    labels: Bound<'py, PyList>,
    len: usize,
}

impl<'py> Input<'py> {
    /// Reads `seguimiento._frames.columns_of(data)` and checks the columns.
    fn read(
        kind: RecordKind,
        data: &Bound<'py, PyAny>,
    ) -> PyResult<Result<Self, Vec<RecordError>>> {
        let py = data.py();
        let normal = py
            .import("seguimiento._frames")?
            .getattr("columns_of")?
            .call1((data, method_name(kind)))?;
        let columns = normal.get_item(0)?.cast_into::<PyDict>()?;
        let labels = normal.get_item(1)?.cast_into::<PyList>()?;
        let len = labels.len();
        let known = fields(kind);
        let what = kind_name(kind);
        let mut errors = Vec::new();
        let mut input = Input {
            kind,
            columns: BTreeMap::new(),
            cell_columns: Vec::new(),
            labels,
            len,
        };
        for (name, list) in columns.iter() {
            let name = name.cast::<PyString>()?.to_cow()?.into_owned();
            let list = list.cast_into::<PyList>()?;
            if list.len() != len {
                errors.push(RecordError::batch(
                    what,
                    &name,
                    format!(
                        "the column {name:?} has {} values for {len} rows",
                        list.len()
                    ),
                ));
                continue;
            }
            if let Some(dim) = name.strip_prefix("cell.") {
                if kind == RecordKind::Observation && !dim.is_empty() {
                    input.cell_columns.push((dim.to_string(), list));
                    continue;
                }
            }
            if known.iter().any(|(f, _)| *f == name) {
                input.columns.insert(name, list);
            } else {
                let allowed: Vec<&str> = known.iter().map(|(f, _)| *f).collect();
                let cells = if kind == RecordKind::Observation {
                    " and cell.<dimension>"
                } else {
                    ""
                };
                errors.push(RecordError::batch(
                    what,
                    &name,
                    format!(
                        "unknown column {name:?}; {} records have the columns {}{cells}",
                        what,
                        allowed.join(", ")
                    ),
                ));
            }
        }
        for (field, required) in known {
            // An empty batch (`[]`) has no columns and nothing to read.
            if *required && len > 0 && !input.columns.contains_key(*field) {
                let has: Vec<&str> = input
                    .columns
                    .keys()
                    .map(String::as_str)
                    .chain(input.cell_columns.iter().map(|_| "cell.…"))
                    .collect();
                errors.push(RecordError::batch(
                    what,
                    field,
                    format!(
                        "the required column {field:?} is missing (columns given: {})",
                        if has.is_empty() {
                            "none".to_string()
                        } else {
                            has.join(", ")
                        }
                    ),
                ));
            }
        }
        Ok(if errors.is_empty() {
            Ok(input)
        } else {
            Err(errors)
        })
    }

    fn value(&self, field: &str, row: usize) -> PyResult<Value> {
        match self.columns.get(field) {
            Some(list) => classify(&list.get_item(row)?),
            None => Ok(Value::Missing),
        }
    }

    fn label(&self, row: usize) -> PyResult<Py<PyAny>> {
        Ok(self.labels.get_item(row)?.unbind())
    }
}

/// The first problem of a row: field and reason.
type RowResult<T> = Result<T, (&'static str, String)>;

/// Reads a required field with a converter.
fn required<T>(
    input: &Input<'_>,
    row: usize,
    name: &'static str,
    read: fn(&Value) -> Result<Option<T>, String>,
) -> PyResult<RowResult<T>> {
    let v = input.value(name, row)?;
    Ok(match read(&v) {
        Ok(Some(x)) => Ok(x),
        Ok(None) => Err((name, format!("the field {name:?} is missing"))),
        Err(why) => Err((name, why)),
    })
}

/// Reads an optional field with a converter (`None`: absent).
fn optional<T>(
    input: &Input<'_>,
    row: usize,
    name: &'static str,
    read: fn(&Value) -> Result<Option<T>, String>,
) -> PyResult<RowResult<Option<T>>> {
    let v = input.value(name, row)?;
    if matches!(v, Value::NaN) {
        // pandas writes a missing value of an optional column as NaN.
        return Ok(Ok(None));
    }
    Ok(read(&v).map_err(|why| (name, why)))
}

macro_rules! get {
    ($input:expr, $row:expr, $name:literal, $how:ident, $read:path) => {
        match $how($input, $row, $name, $read)? {
            Ok(v) => v,
            Err(e) => return Ok(Err(e)),
        }
    };
}

fn source(v: &Value) -> Result<Option<Source>, String> {
    match convert::text(v)?.as_deref() {
        None => Ok(None),
        Some("official") => Ok(Some(Source::Official)),
        Some("verification") => Ok(Some(Source::Verification)),
        Some(other) => Err(format!(
            "{other:?} is not a source (official, verification)"
        )),
    }
}

fn report_kind(v: &Value) -> Result<Option<ReportKind>, String> {
    match convert::text(v)? {
        None => Ok(None),
        Some(t) => t
            .parse::<ReportKind>()
            .ok()
            .map(Some)
            .ok_or_else(|| format!("{t:?} is not a report kind (monthly, semiannual, annual)")),
    }
}

fn read_target(input: &Input<'_>, i: usize) -> PyResult<RowResult<Target>> {
    Ok(Ok(Target {
        indicator: get!(input, i, "indicator", required, convert::text),
        period: get!(input, i, "period", required, convert::period),
        entity: get!(input, i, "entity", optional, convert::text),
        baseline: get!(input, i, "baseline", optional, convert::decimal).unwrap_or(Decimal::ZERO),
        value: get!(input, i, "value", required, convert::decimal),
        recorded_on: get!(input, i, "recorded_on", optional, convert::date),
    }))
}

fn read_cell(input: &Input<'_>, i: usize) -> PyResult<RowResult<BTreeMap<String, String>>> {
    let mut cell = match input.columns.get("cell") {
        Some(list) => match convert::cell(&list.get_item(i)?)? {
            Ok(c) => c.unwrap_or_default(),
            Err(why) => return Ok(Err(("cell", why))),
        },
        None => BTreeMap::new(),
    };
    for (dim, list) in &input.cell_columns {
        match convert::text(&classify(&list.get_item(i)?)?) {
            Ok(Some(v)) => match cell.get(dim) {
                Some(old) if *old != v => {
                    return Ok(Err((
                        "cell",
                        format!(
                            "dimension {dim:?} is given twice, as {old:?} in cell and as {v:?} in cell.{dim}"
                        ),
                    )))
                }
                _ => {
                    cell.insert(dim.clone(), v);
                }
            },
            Ok(None) => {}
            Err(why) => return Ok(Err(("cell", format!("cell.{dim}: {why}")))),
        }
    }
    Ok(Ok(cell))
}

fn read_observation(input: &Input<'_>, i: usize) -> PyResult<RowResult<Observation>> {
    let indicator = get!(input, i, "indicator", required, convert::text);
    let period = get!(input, i, "period", required, convert::period);
    let entity = get!(input, i, "entity", required, convert::text);
    let cell = match read_cell(input, i)? {
        Ok(c) => c,
        Err(e) => return Ok(Err(e)),
    };
    Ok(Ok(Observation {
        indicator,
        period,
        entity,
        cell,
        value: get!(input, i, "value", required, convert::decimal),
        source: get!(input, i, "source", optional, source).unwrap_or_default(),
        recorded_on: get!(input, i, "recorded_on", optional, convert::date),
    }))
}

fn read_milestone(input: &Input<'_>, i: usize) -> PyResult<RowResult<Milestone>> {
    Ok(Ok(Milestone {
        indicator: get!(input, i, "indicator", required, convert::text),
        entity: get!(input, i, "entity", required, convert::text),
        achieved_on: get!(input, i, "achieved_on", required, convert::date),
        recorded_on: get!(input, i, "recorded_on", optional, convert::date),
    }))
}

fn read_submission(input: &Input<'_>, i: usize) -> PyResult<RowResult<Submission>> {
    Ok(Ok(Submission {
        entity: get!(input, i, "entity", required, convert::text),
        kind: get!(input, i, "kind", required, report_kind),
        period: get!(input, i, "period", required, convert::period),
        submitted_on: get!(input, i, "submitted_on", required, convert::date),
    }))
}

fn read_obligation(input: &Input<'_>, i: usize) -> PyResult<RowResult<Obligation>> {
    Ok(Ok(Obligation {
        entity: get!(input, i, "entity", required, convert::text),
        kind: get!(input, i, "kind", required, report_kind),
        from: get!(input, i, "from", required, convert::year),
        to: get!(input, i, "to", required, convert::year),
    }))
}

/// Reads every row into a batch; rows that cannot be read become errors.
/// Returns the batch, each batch record's row position, and the errors.
fn read_rows(input: &Input<'_>) -> PyResult<(Batch, Vec<usize>, Vec<RecordError>)> {
    let mut batch = Batch::default();
    let mut positions = Vec::with_capacity(input.len);
    let mut errors = Vec::new();
    let what = kind_name(input.kind);
    for i in 0..input.len {
        let problem = match input.kind {
            RecordKind::Target => read_target(input, i)?.map(|r| batch.targets.push(r)),
            RecordKind::Observation => {
                read_observation(input, i)?.map(|r| batch.observations.push(r))
            }
            RecordKind::Milestone => read_milestone(input, i)?.map(|r| batch.milestones.push(r)),
            RecordKind::Submission => read_submission(input, i)?.map(|r| batch.submissions.push(r)),
            RecordKind::Obligation => read_obligation(input, i)?.map(|r| batch.obligations.push(r)),
        };
        match problem {
            Ok(()) => positions.push(i),
            Err((field, reason)) => errors.push(RecordError {
                kind: what,
                index: Some(i),
                row: Some(input.label(i)?),
                field: field.to_string(),
                reason,
            }),
        }
    }
    Ok((batch, positions, errors))
}

fn parse_mode(mode: &str) -> PyResult<Mode> {
    match mode {
        "strict" => Ok(Mode::Strict),
        "lenient" => Ok(Mode::Lenient),
        other => Err(PyValueError::new_err(format!(
            "mode is \"strict\" or \"lenient\", not {other:?}"
        ))),
    }
}

/// The rejections as a DataFrame: index, row, kind, field, reason.
///
/// Not a core table (yet): `row` is the caller's own row label, and some
/// rejections are found while the binding reads a row. Once every rejection
/// comes from the core's one record reader, this is the core's rejections
/// table (`seguimiento::Rejection::table`) with the labels beside its index.
fn rejections_frame<'py>(py: Python<'py>, errors: &[RecordError]) -> PyResult<Bound<'py, PyAny>> {
    let (index, row, kind, field, reason) = (
        PyList::empty(py),
        PyList::empty(py),
        PyList::empty(py),
        PyList::empty(py),
        PyList::empty(py),
    );
    for e in errors {
        index.append(e.index)?;
        match &e.row {
            Some(label) => row.append(label.bind(py))?,
            None => row.append(e.index)?,
        }
        kind.append(e.kind)?;
        field.append(&e.field)?;
        reason.append(&e.reason)?;
    }
    let columns = PyDict::new(py);
    columns.set_item("index", index)?;
    columns.set_item("row", row)?;
    columns.set_item("kind", kind)?;
    columns.set_item("field", field)?;
    columns.set_item("reason", reason)?;
    tables::frame(columns)
}

/// The records reported against a plan: targets, observations, milestones,
/// report submissions and reporting obligations. Records are validated
/// against the plan as they enter; nothing is overwritten (a record with the
/// key of an earlier one is a revision).
#[pyclass(frozen, module = "seguimiento")]
pub struct Ledger {
    pub(crate) plan: Arc<CorePlan>,
    pub(crate) inner: RwLock<CoreLedger>,
}

fn poisoned() -> Failure {
    Failure::Panic("the ledger was left inconsistent by an earlier internal error".into())
}

impl Ledger {
    fn empty(plan: Arc<CorePlan>) -> Ledger {
        Ledger {
            inner: RwLock::new(CoreLedger::new(Arc::clone(&plan))),
            plan,
        }
    }

    /// Ingests a JSON ledger document; the rejections (lenient) as record errors.
    fn ingest_json(&self, py: Python<'_>, text: &str, mode: Mode) -> PyResult<Vec<RecordError>> {
        let outcome = py.detach(|| {
            guarded(|| {
                let mut ledger = self.inner.write().map_err(|_| poisoned())?;
                let report = ledger.ingest_json(text, mode)?;
                Ok(report.rejections.iter().map(from_rejection).collect())
            })
        });
        raise(py, outcome)
    }

    /// Reads rows of one kind and ingests them (see the module docs).
    fn add(
        &self,
        py: Python<'_>,
        kind: RecordKind,
        data: &Bound<'_, PyAny>,
        mode: &str,
    ) -> PyResult<Py<PyAny>> {
        let mode = parse_mode(mode)?;
        // The result is a DataFrame: without pandas, refuse before ingesting.
        tables::require_pandas(py)?;
        let input = match Input::read(kind, data)? {
            Ok(input) => input,
            Err(errors) => return Err(Failure::Records(errors).into_pyerr(py)),
        };
        let (batch, positions, mut errors) = read_rows(&input)?;
        let unreadable = !errors.is_empty();
        let plan = Arc::clone(&self.plan);
        let outcome: Outcome<Vec<seguimiento::Rejection>> = py.detach(|| {
            guarded(|| {
                if mode == Mode::Strict && unreadable {
                    // Nothing goes in; still tell the caller of every other
                    // rejected record (validation depends on the plan only).
                    let mut scratch = CoreLedger::new(plan);
                    return Ok(scratch.ingest(batch, Mode::Lenient)?.rejections);
                }
                let mut ledger = self.inner.write().map_err(|_| poisoned())?;
                match ledger.ingest(batch, mode) {
                    Ok(report) => Ok(report.rejections),
                    Err(seguimiento::IngestError::Rejected { rejections }) => Ok(rejections),
                    Err(e) => Err(e.into()),
                }
            })
        });
        let rejections = raise(py, outcome)?;
        for r in &rejections {
            let position = positions.get(r.index).copied().unwrap_or(r.index);
            let mut e = from_rejection(r);
            e.index = Some(position);
            e.row = Some(input.label(position)?);
            errors.push(e);
        }
        errors.sort_by_key(|e| e.index);
        if mode == Mode::Strict && !errors.is_empty() {
            return Err(Failure::Records(errors).into_pyerr(py));
        }
        Ok(rejections_frame(py, &errors)?.unbind())
    }
}

#[pymethods]
impl Ledger {
    /// An empty ledger for a plan (default: the embedded plan).
    #[new]
    #[pyo3(signature = (plan=None))]
    fn new(py: Python<'_>, plan: Option<&Bound<'_, Plan>>) -> PyResult<Ledger> {
        Ok(Ledger::empty(plan_or_embedded(py, plan)?))
    }

    /// A ledger from a JSON ledger document (an object with the arrays
    /// `targets`, `observations`, `milestones`, `submissions`,
    /// `obligations`). Every record must be valid: otherwise ValidationError
    /// lists each rejected one.
    #[staticmethod]
    #[pyo3(signature = (text, plan=None))]
    fn from_json(py: Python<'_>, text: &str, plan: Option<&Bound<'_, Plan>>) -> PyResult<Ledger> {
        let ledger = Ledger::empty(plan_or_embedded(py, plan)?);
        ledger.ingest_json(py, text, Mode::Strict)?;
        Ok(ledger)
    }

    /// A ledger from a JSON ledger file (see `from_json`). Raises OSError when
    /// the file cannot be read.
    #[staticmethod]
    #[pyo3(signature = (path, plan=None))]
    fn from_file(
        py: Python<'_>,
        path: PathBuf,
        plan: Option<&Bound<'_, Plan>>,
    ) -> PyResult<Ledger> {
        let text = py.detach(|| std::fs::read_to_string(&path))?;
        Ledger::from_json(py, &text, plan)
    }

    /// Ingests a JSON ledger document. Strict (default): any invalid record
    /// raises ValidationError and nothing changes. Lenient: valid records go
    /// in and the rejected ones are returned as a DataFrame (index, row,
    /// kind, field, reason).
    #[pyo3(signature = (text, mode="strict"))]
    fn add_json(&self, py: Python<'_>, text: &str, mode: &str) -> PyResult<Py<PyAny>> {
        let mode = parse_mode(mode)?;
        tables::require_pandas(py)?;
        let errors = self.ingest_json(py, text, mode)?;
        Ok(rejections_frame(py, &errors)?.unbind())
    }

    /// Ingests observations from CSV, given as its text (str) or bytes: a
    /// header row with indicator, period, entity, value, and optionally
    /// source, recorded_on and one cell.<dimension> column per dimension.
    /// Rows are read and stored one at a time by the core, the fast path for
    /// large files: `ledger.add_csv(Path("obs.csv").read_bytes())`. Modes
    /// and the result as for `add_json`; a rejection's index counts data rows
    /// (0 is the row after the header).
    #[pyo3(signature = (data, mode="strict"))]
    fn add_csv(&self, py: Python<'_>, data: &Bound<'_, PyAny>, mode: &str) -> PyResult<Py<PyAny>> {
        let mode = parse_mode(mode)?;
        tables::require_pandas(py)?;
        let bytes: Vec<u8> = if let Ok(text) = data.extract::<String>() {
            text.into_bytes()
        } else if let Ok(bytes) = data.cast::<pyo3::types::PyBytes>() {
            bytes.as_bytes().to_vec()
        } else {
            return Err(pyo3::exceptions::PyTypeError::new_err(format!(
                "add_csv takes the CSV as str or bytes, not {}",
                data.get_type().name()?
            )));
        };
        let outcome = py.detach(|| {
            guarded(|| {
                let mut ledger = self.inner.write().map_err(|_| poisoned())?;
                let report = ledger.ingest_csv(&bytes[..], mode)?;
                Ok(report.rejections.iter().map(from_rejection).collect())
            })
        });
        let errors: Vec<RecordError> = raise(py, outcome)?;
        Ok(rejections_frame(py, &errors)?.unbind())
    }

    /// Adds targets from a pandas DataFrame, a list of dicts or Arrow data
    /// (columns: indicator, period, entity, baseline, value, recorded_on).
    /// Returns the rejected rows as a DataFrame (lenient mode; empty when all
    /// went in); strict mode (default) raises ValidationError instead and
    /// ingests nothing.
    #[pyo3(signature = (data, mode="strict"))]
    fn add_targets(
        &self,
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        mode: &str,
    ) -> PyResult<Py<PyAny>> {
        self.add(py, RecordKind::Target, data, mode)
    }

    /// Adds observations (columns: indicator, period, entity, value, and
    /// optionally cell — a dict —, cell.<dimension>, source, recorded_on).
    /// See `add_targets` for inputs, modes and the result.
    #[pyo3(signature = (data, mode="strict"))]
    fn add_observations(
        &self,
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        mode: &str,
    ) -> PyResult<Py<PyAny>> {
        self.add(py, RecordKind::Observation, data, mode)
    }

    /// Adds milestones (columns: indicator, entity, achieved_on, recorded_on).
    /// See `add_targets` for inputs, modes and the result.
    #[pyo3(signature = (data, mode="strict"))]
    fn add_milestones(
        &self,
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        mode: &str,
    ) -> PyResult<Py<PyAny>> {
        self.add(py, RecordKind::Milestone, data, mode)
    }

    /// Adds report submissions (columns: entity, kind, period, submitted_on).
    /// See `add_targets` for inputs, modes and the result.
    #[pyo3(signature = (data, mode="strict"))]
    fn add_submissions(
        &self,
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        mode: &str,
    ) -> PyResult<Py<PyAny>> {
        self.add(py, RecordKind::Submission, data, mode)
    }

    /// Adds reporting obligations (columns: entity, kind, from, to).
    /// See `add_targets` for inputs, modes and the result.
    #[pyo3(signature = (data, mode="strict"))]
    fn add_obligations(
        &self,
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        mode: &str,
    ) -> PyResult<Py<PyAny>> {
        self.add(py, RecordKind::Obligation, data, mode)
    }

    /// The plan the ledger's records are validated against.
    #[getter]
    fn plan(&self) -> Plan {
        Plan {
            inner: Arc::clone(&self.plan),
        }
    }

    /// Number of records of each kind, revisions included.
    fn counts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let [targets, observations, milestones, submissions, obligations] = self.read_counts(py)?;
        let d = PyDict::new(py);
        d.set_item("targets", targets)?;
        d.set_item("observations", observations)?;
        d.set_item("milestones", milestones)?;
        d.set_item("submissions", submissions)?;
        d.set_item("obligations", obligations)?;
        Ok(d)
    }

    fn __len__(&self, py: Python<'_>) -> PyResult<usize> {
        Ok(self.read_counts(py)?.iter().sum())
    }

    /// The whole ledger, revisions included, as a JSON ledger document.
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        let outcome =
            py.detach(|| guarded(|| Ok(self.inner.read().map_err(|_| poisoned())?.to_json())));
        raise(py, outcome)
    }

    /// Every record, revisions included, as a dict of DataFrames: `targets`,
    /// `observations`, `milestones`, `submissions`, `obligations` (the
    /// columns of the add_* methods; numbers as Decimal, dates as date,
    /// cells as dicts). Each table can be added back with its add_* method.
    /// Needs pandas (`pip install seguimiento[pandas]`).
    fn to_pandas<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        tables::to_pandas(slf.as_any())
    }

    /// One kind of record as the core lays it out (`targets`,
    /// `observations`, `milestones`, `submissions`, `obligations`): a dict
    /// with its `name`, `rows` and `columns` (see `seguimiento._frames`).
    /// KeyError for another name.
    fn _table<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyDict>> {
        let which: LedgerTable = name
            .parse()
            .map_err(|e: UnknownName| PyKeyError::new_err(e.to_string()))?;
        let outcome =
            py.detach(|| guarded(|| Ok(self.inner.read().map_err(|_| poisoned())?.table(which))));
        tables::to_py(py, &raise(py, outcome)?)
    }

    /// The names of the ledger's tables, in order.
    #[staticmethod]
    fn _table_names() -> Vec<&'static str> {
        LedgerTable::NAMES.to_vec()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let [t, o, m, s, b] = self.read_counts(py)?;
        Ok(format!(
            "<Ledger of {}: {t} targets, {o} observations, {m} milestones, {s} submissions, {b} obligations>",
            self.plan.document().id
        ))
    }
}

impl Ledger {
    fn read_counts(&self, py: Python<'_>) -> PyResult<[usize; 5]> {
        let outcome = guarded(|| Ok(self.inner.read().map_err(|_| poisoned())?.counts()));
        raise(py, outcome)
    }
}
