//! The ledger: records in from pandas, lists of dicts, Arrow, CSV or JSON;
//! the export back out.
//!
//! Rows are handed to the core column by column, each value classified as a
//! field value ([`crate::convert`]); which columns a kind has, what each value
//! must be, and strict or lenient ingest are the core's, exactly as for JSON
//! and CSV. The core reads, validates and stores without the interpreter.

use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use pyo3::exceptions::{PyKeyError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};

use seguimiento::read::Columns;
use seguimiento::{
    Aggregation, Duplicates, IngestError, IngestOptions, IngestReport, Ledger as CoreLedger,
    LedgerTable, Mode, Plan as CorePlan, RecordKind, Rejection, UnknownName,
};

use crate::convert::{classify, PYTHON_WORDS};
use crate::error::{from_rejection, guarded, raise, Failure, Outcome, RecordError};
use crate::plan::{plan_or_embedded, Plan};
use crate::{columns, tables};

fn method_name(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Target => "add_targets",
        RecordKind::Observation => "add_observations",
        RecordKind::Milestone => "add_milestones",
        RecordKind::Submission => "add_submissions",
        RecordKind::Obligation => "add_obligations",
        RecordKind::Recommendation => "add_recommendations",
        RecordKind::FollowUp => "add_follow_ups",
    }
}

/// Reads `seguimiento._frames.columns_of(data)`: the columns, each value
/// classified for the core, and each row's label.
fn columns_of<'py>(
    kind: RecordKind,
    data: &Bound<'py, PyAny>,
) -> PyResult<(Columns<'static>, Bound<'py, PyList>)> {
    let py = data.py();
    let normal = py
        .import("seguimiento._frames")?
        .getattr("columns_of")?
        .call1((data, method_name(kind)))?;
    let given = normal.get_item(0)?.cast_into::<PyList>()?;
    let labels = normal.get_item(1)?.cast_into::<PyList>()?;
    let mut columns = Columns::new(kind, labels.len(), &PYTHON_WORDS);
    for pair in given.iter() {
        let name = pair.get_item(0)?;
        let name = name.cast::<PyString>()?.to_cow()?.into_owned();
        let list = pair.get_item(1)?.cast_into::<PyList>()?;
        let values = list
            .iter()
            .map(|v| classify(&v))
            .collect::<PyResult<Vec<_>>>()?;
        columns.push(name, values);
    }
    Ok((columns, labels))
}

/// The core's rejections as record errors, each with its row's label (its
/// position when the rows have no labels).
fn with_labels(
    py: Python<'_>,
    rejections: &[Rejection],
    labels: Option<&Bound<'_, PyList>>,
) -> PyResult<Vec<RecordError>> {
    rejections
        .iter()
        .map(|r| {
            let mut e = from_rejection(r);
            e.row = Some(match labels {
                Some(labels) => labels.get_item(r.index)?.unbind(),
                None => r.index.into_pyobject(py)?.into_any().unbind(),
            });
            Ok(e)
        })
        .collect()
}

/// A pandas DataFrame of `kind` as a pyarrow Table when it goes through
/// Arrow unchanged (`seguimiento._frames.pandas_as_arrow`), else `None`.
fn pandas_as_arrow<'py>(
    kind: RecordKind,
    data: &Bound<'py, PyAny>,
) -> PyResult<Option<Bound<'py, PyAny>>> {
    let table = data
        .py()
        .import("seguimiento._frames")?
        .getattr("pandas_as_arrow")?
        .call1((data, method_name(kind)))?;
    Ok((!table.is_none()).then_some(table))
}

/// A DataFrame's row labels, `None` when they are its positions
/// (`seguimiento._frames.row_labels`).
fn row_labels<'py>(data: &Bound<'py, PyAny>) -> PyResult<Option<Bound<'py, PyList>>> {
    let labels = data
        .py()
        .import("seguimiento._frames")?
        .getattr("row_labels")?
        .call1((data,))?;
    if labels.is_none() {
        return Ok(None);
    }
    Ok(Some(labels.cast_into::<PyList>()?))
}

/// Record batches taken from a Python producer, read by the core afterwards.
type ArrowBatches = arrow_array::RecordBatchIterator<
    std::vec::IntoIter<Result<arrow_array::RecordBatch, arrow_schema::ArrowError>>,
>;

/// Whether `data` goes in through the Arrow PyCapsule interface
/// (`seguimiento._frames.is_arrow`): a producer of `__arrow_c_stream__` or
/// `__arrow_c_array__` that is not a pandas DataFrame.
fn is_arrow(data: &Bound<'_, PyAny>) -> PyResult<bool> {
    data.py()
        .import("seguimiento._frames")?
        .getattr("is_arrow")?
        .call1((data,))?
        .is_truthy()
}

/// The record batches of Arrow data, taken through the PyCapsule interface
/// while the interpreter is held (a stream may be produced by Python code);
/// no Python object is made per row. A batch the stream fails to give is
/// kept as its error, for the core to end the batch with.
fn arrow_batches(data: &Bound<'_, PyAny>) -> PyResult<ArrowBatches> {
    let input: pyo3_arrow::input::AnyRecordBatch = data.extract()?;
    let reader = input.into_reader()?;
    let schema = reader.schema();
    let batches: Vec<_> = reader.collect();
    Ok(arrow_array::RecordBatchIterator::new(
        batches.into_iter(),
        schema,
    ))
}

/// The bytes of a CSV source: bytes as they are, a file object's content
/// (text or binary), or the file at a path. A `str` is a path; one that
/// looks like CSV text and names no file is pointed to `add_csv_text`.
fn csv_bytes(py: Python<'_>, source: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    if let Ok(bytes) = source.cast::<pyo3::types::PyBytes>() {
        return Ok(bytes.as_bytes().to_vec());
    }
    if source.is_instance_of::<pyo3::types::PyByteArray>()
        || source.is_instance_of::<pyo3::types::PyMemoryView>()
    {
        return py
            .import("builtins")?
            .getattr("bytes")?
            .call1((source,))?
            .extract();
    }
    if source.hasattr("read")? {
        let content = source.call_method0("read")?;
        if let Ok(text) = content.cast::<PyString>() {
            return Ok(text.to_cow()?.into_owned().into_bytes());
        }
        if let Ok(bytes) = content.cast::<pyo3::types::PyBytes>() {
            return Ok(bytes.as_bytes().to_vec());
        }
        return Err(pyo3::exceptions::PyTypeError::new_err(format!(
            "add_csv: the file object's read() gave a {}, not str or bytes",
            content.get_type().name()?
        )));
    }
    let is_path = source.is_instance_of::<PyString>() || source.hasattr("__fspath__")?;
    if !is_path {
        return Err(pyo3::exceptions::PyTypeError::new_err(format!(
            "add_csv takes a path (str or os.PathLike), a file object or bytes, not {}; \
             CSV text in a str goes to add_csv_text",
            source.get_type().name()?
        )));
    }
    let path: PathBuf = source.extract()?;
    match py.detach(|| std::fs::read(&path)) {
        Ok(bytes) => Ok(bytes),
        Err(e) => {
            let text = path.to_string_lossy();
            if e.kind() == std::io::ErrorKind::NotFound
                && (text.contains('\n') || text.contains(','))
            {
                return Err(PyValueError::new_err(
                    "add_csv takes a path, a file object or bytes, and no file has this name: \
                     CSV text in a str goes to add_csv_text",
                ));
            }
            Err(e.into())
        }
    }
}

/// What a lenient or passing ingest gives back: its rejections and the rows
/// added up.
type Ingested = (Vec<Rejection>, usize, Option<Aggregation>);

fn parse_mode(mode: &str) -> PyResult<Mode> {
    match mode {
        "strict" => Ok(Mode::Strict),
        "lenient" => Ok(Mode::Lenient),
        other => Err(PyValueError::new_err(format!(
            "mode is \"strict\" or \"lenient\", not {other:?}"
        ))),
    }
}

/// The ingest options from the `mode` and `duplicates` keywords.
fn parse_options(mode: &str, duplicates: &str) -> PyResult<IngestOptions> {
    let duplicates: Duplicates = duplicates
        .parse()
        .map_err(|e: UnknownName| PyValueError::new_err(e.to_string()))?;
    Ok(IngestOptions {
        mode: parse_mode(mode)?,
        duplicates,
        aggregate: false,
    })
}

/// The rejections as a DataFrame: the core's rejections table (index, kind,
/// field, code, reason) with `row` beside `index`, the caller's own label of
/// each rejected row (a DataFrame's index; the position when the rows had no
/// labels). Its `attrs["merged"]` is the number of rows added up
/// (`duplicates="sum"`).
fn rejections_frame<'py>(
    py: Python<'py>,
    rejections: &[Rejection],
    labels: Option<&Bound<'py, PyList>>,
    merged: usize,
) -> PyResult<Bound<'py, PyAny>> {
    let frame = tables::frame_of(py, &Rejection::table(rejections), false)?;
    let rows = PyList::empty(py);
    for r in rejections {
        match labels {
            Some(labels) => rows.append(labels.get_item(r.index)?)?,
            None => rows.append(r.index)?,
        }
    }
    frame.call_method1("insert", (1, "row", rows))?;
    frame.getattr("attrs")?.set_item("merged", merged)?;
    Ok(frame)
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

    /// Ingests a JSON ledger document; the rejections (lenient) as record
    /// errors, and the rows added up.
    fn ingest_json(
        &self,
        py: Python<'_>,
        text: &str,
        options: IngestOptions,
    ) -> PyResult<(Vec<Rejection>, usize)> {
        let outcome = py.detach(|| {
            guarded(|| {
                let mut ledger = self.inner.write().map_err(|_| poisoned())?;
                let report = ledger.ingest_json(text, options)?;
                Ok((report.rejections, report.merged))
            })
        });
        raise(py, outcome)
    }

    /// Ingests CSV bytes; the rejections as a DataFrame.
    fn ingest_csv(
        &self,
        py: Python<'_>,
        bytes: Vec<u8>,
        options: IngestOptions,
    ) -> PyResult<Py<PyAny>> {
        let outcome = py.detach(|| {
            guarded(|| {
                let mut ledger = self.inner.write().map_err(|_| poisoned())?;
                let report = ledger.ingest_csv(&bytes[..], options)?;
                Ok((report.rejections, report.merged))
            })
        });
        let (rejections, merged): (Vec<Rejection>, usize) = raise(py, outcome)?;
        Ok(rejections_frame(py, &rejections, None, merged)?.unbind())
    }

    /// Reads rows of one kind and ingests them (see the module docs).
    fn add(
        &self,
        py: Python<'_>,
        kind: RecordKind,
        data: &Bound<'_, PyAny>,
        mode: &str,
        duplicates: &str,
        aggregate: bool,
    ) -> PyResult<Py<PyAny>> {
        let mut options = parse_options(mode, duplicates)?;
        options.aggregate = aggregate;
        // The result is a DataFrame: without pandas, refuse before ingesting.
        tables::require_pandas(py)?;
        if is_arrow(data)? {
            return self.add_arrow(py, kind, data, options, None, "arrow");
        }
        if let Some(table) = pandas_as_arrow(kind, data)? {
            let labels = row_labels(data)?;
            return self.add_arrow(py, kind, &table, options, labels.as_ref(), "pandas-arrow");
        }
        let (columns, labels) = columns_of(kind, data)?;
        let outcome =
            py.detach(|| self.ingest_with(|ledger| ledger.ingest_columns(&columns, options)));
        Self::rejections_or_raise(py, outcome, Some(&labels))
    }

    /// Adds Arrow data, its rejected rows labelled by `labels` (by position
    /// when `None`); the result's `attrs["input"]` names the path taken.
    fn add_arrow(
        &self,
        py: Python<'_>,
        kind: RecordKind,
        data: &Bound<'_, PyAny>,
        options: IngestOptions,
        labels: Option<&Bound<'_, PyList>>,
        input: &str,
    ) -> PyResult<Py<PyAny>> {
        let batches = arrow_batches(data)?;
        let outcome = py.detach(|| {
            self.ingest_with(|ledger| {
                seguimiento_arrow::ingest_reader(ledger, kind, batches, options)
            })
        });
        let frame = Self::rejections_or_raise(py, outcome, labels)?;
        frame.bind(py).getattr("attrs")?.set_item("input", input)?;
        Ok(frame)
    }

    /// Runs one ingest on the ledger. Ok: the rejections of an ingest that
    /// went through; Err: a strict batch refused, with every rejection.
    fn ingest_with(
        &self,
        ingest: impl FnOnce(&mut CoreLedger) -> Result<IngestReport, IngestError>,
    ) -> Outcome<Result<Ingested, Vec<Rejection>>> {
        guarded(|| {
            let mut ledger = self.inner.write().map_err(|_| poisoned())?;
            match ingest(&mut ledger) {
                Ok(report) => Ok(Ok((report.rejections, report.merged, report.aggregation))),
                Err(IngestError::Rejected { rejections }) => Ok(Err(rejections)),
                Err(e) => Err(e.into()),
            }
        })
    }

    /// The rejections of an ingest as a DataFrame, or the exception of a
    /// refused batch; rows labelled by `labels` (by position when `None`).
    fn rejections_or_raise(
        py: Python<'_>,
        outcome: Outcome<Result<Ingested, Vec<Rejection>>>,
        labels: Option<&Bound<'_, PyList>>,
    ) -> PyResult<Py<PyAny>> {
        match raise(py, outcome)? {
            Ok((rejections, merged, aggregation)) => {
                let frame = rejections_frame(py, &rejections, labels, merged)?;
                if let Some(done) = aggregation {
                    let d = PyDict::new(py);
                    d.set_item("rows", done.rows)?;
                    d.set_item("records", done.records)?;
                    d.set_item("periods_widened", done.periods_widened)?;
                    d.set_item("dimensions_dropped", done.dimensions_dropped)?;
                    d.set_item("earlier_stock_rows", done.earlier_stock_rows)?;
                    d.set_item("untouched", done.untouched)?;
                    frame.getattr("attrs")?.set_item("aggregation", d)?;
                }
                Ok(frame.unbind())
            }
            Err(rejections) => {
                let errors = with_labels(py, &rejections, labels)?;
                Err(Failure::Records(errors).into_pyerr(py))
            }
        }
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
        ledger.ingest_json(py, text, Mode::Strict.into())?;
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
    /// kind, field, code, reason).
    ///
    /// Two observations, targets or milestones of one batch with the same key
    /// and the same recorded_on are duplicates, both rejected;
    /// `duplicates="sum"` adds up count and amount observations instead, and
    /// the result's `attrs["merged"]` says how many rows were added up.
    #[pyo3(signature = (text, mode="strict", duplicates="reject"))]
    fn add_json(
        &self,
        py: Python<'_>,
        text: &str,
        mode: &str,
        duplicates: &str,
    ) -> PyResult<Py<PyAny>> {
        let options = parse_options(mode, duplicates)?;
        tables::require_pandas(py)?;
        let (rejections, merged) = self.ingest_json(py, text, options)?;
        Ok(rejections_frame(py, &rejections, None, merged)?.unbind())
    }

    /// Ingests observations from a CSV file: `source` is a path (`str` or
    /// `os.PathLike`), a file object open in text or binary mode, or the
    /// file's bytes. The header names indicator, period, entity, value, and
    /// optionally source, recorded_on and one cell.<dimension> column per
    /// dimension. Rows are read and stored one at a time by the core, the
    /// fast path for large files. CSV held in a `str` goes to
    /// `add_csv_text`. Modes, duplicates and the result as for `add_json`; a
    /// rejection's index counts data rows (0 is the row after the header).
    #[pyo3(signature = (source, mode="strict", duplicates="reject"))]
    fn add_csv(
        &self,
        py: Python<'_>,
        source: &Bound<'_, PyAny>,
        mode: &str,
        duplicates: &str,
    ) -> PyResult<Py<PyAny>> {
        let options = parse_options(mode, duplicates)?;
        tables::require_pandas(py)?;
        let bytes = csv_bytes(py, source)?;
        self.ingest_csv(py, bytes, options)
    }

    /// Ingests observations from CSV held in a `str` (see `add_csv`).
    #[pyo3(signature = (text, mode="strict", duplicates="reject"))]
    fn add_csv_text(
        &self,
        py: Python<'_>,
        text: String,
        mode: &str,
        duplicates: &str,
    ) -> PyResult<Py<PyAny>> {
        let options = parse_options(mode, duplicates)?;
        tables::require_pandas(py)?;
        self.ingest_csv(py, text.into_bytes(), options)
    }

    /// Adds targets from a pandas DataFrame, a list of dicts or Arrow data
    /// (columns: indicator, period, entity, baseline, value, recorded_on).
    /// Returns the rejected rows as a DataFrame (lenient mode; empty when all
    /// went in); strict mode (default) raises ValidationError instead and
    /// ingests nothing. Rows of one key and one recorded_on are duplicates,
    /// both rejected; `duplicates="sum"` adds up count and amount
    /// observations instead (`attrs["merged"]` of the result counts them).
    #[pyo3(signature = (data, mode="strict", duplicates="reject"))]
    fn add_targets(
        &self,
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        mode: &str,
        duplicates: &str,
    ) -> PyResult<Py<PyAny>> {
        self.add(py, RecordKind::Target, data, mode, duplicates, false)
    }

    /// Adds observations (columns: indicator, period, entity, value, and
    /// optionally cell — a dict —, cell.<dimension>, source, recorded_on).
    /// See `add_targets` for inputs, modes and the result.
    ///
    /// `aggregate=True` first shapes the rows to each indicator's level of
    /// detail: count and amount rows at a finer period are added up to the
    /// indicator's frequency (a flow) or reduced to their latest period (a
    /// stock), and dimensions the indicator lacks are summed away; the
    /// result's `attrs["aggregation"]` says what was merged, and a shaped
    /// record is rejected under its first row's label.
    #[pyo3(signature = (data, mode="strict", duplicates="reject", aggregate=false))]
    fn add_observations(
        &self,
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        mode: &str,
        duplicates: &str,
        aggregate: bool,
    ) -> PyResult<Py<PyAny>> {
        self.add(
            py,
            RecordKind::Observation,
            data,
            mode,
            duplicates,
            aggregate,
        )
    }

    /// Adds milestones (columns: indicator, entity, achieved_on, recorded_on).
    /// See `add_targets` for inputs, modes and the result.
    #[pyo3(signature = (data, mode="strict", duplicates="reject"))]
    fn add_milestones(
        &self,
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        mode: &str,
        duplicates: &str,
    ) -> PyResult<Py<PyAny>> {
        self.add(py, RecordKind::Milestone, data, mode, duplicates, false)
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
        self.add(py, RecordKind::Submission, data, mode, "reject", false)
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
        self.add(py, RecordKind::Obligation, data, mode, "reject", false)
    }

    /// Adds recommendations of the evaluations (columns: id, evaluation,
    /// issued_on, entity, node, text, due, recorded_on). See `add_targets`
    /// for inputs, modes and the result.
    #[pyo3(signature = (data, mode="strict"))]
    fn add_recommendations(
        &self,
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        mode: &str,
    ) -> PyResult<Py<PyAny>> {
        self.add(py, RecordKind::Recommendation, data, mode, "reject", false)
    }

    /// Adds follow-ups of recommendations (columns: recommendation, entity,
    /// status, on, recorded_on); a follow-up's recommendation is in the
    /// ledger or in the same batch. See `add_targets` for inputs, modes and
    /// the result.
    #[pyo3(signature = (data, mode="strict"))]
    fn add_follow_ups(
        &self,
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        mode: &str,
    ) -> PyResult<Py<PyAny>> {
        self.add(py, RecordKind::FollowUp, data, mode, "reject", false)
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
        let d = PyDict::new(py);
        for (kind, count) in RecordKind::ALL.iter().zip(self.read_counts(py)?) {
            d.set_item(kind.array_name(), count)?;
        }
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
    /// `observations`, `milestones`, `submissions`, `obligations`,
    /// `recommendations`, `follow_ups` (the columns of the add_* methods;
    /// numbers as float64 and dates as datetime64, or, with `exact=True`, as
    /// Decimal and date). The observations' indicator, period, entity and
    /// source are Categoricals, and their cell one Categorical
    /// `cell.<dimension>` column per dimension any observation names
    /// (missing where its cell does not name it), laid out in Rust with no
    /// Python object per row (but the Decimals and dates of `exact=True`).
    /// Each table can be added back with its add_* method. Needs pandas
    /// (`pip install seguimiento[pandas]`).
    #[pyo3(signature = (*, exact = false))]
    fn to_pandas<'py>(slf: &Bound<'py, Self>, exact: bool) -> PyResult<Bound<'py, PyAny>> {
        slf.py()
            .import("seguimiento._frames")?
            .getattr("ledger_frames")?
            .call1((slf, exact))
    }

    /// The observations as the columns of a DataFrame (see
    /// `seguimiento._frames.columns_frame`): laid out by
    /// `seguimiento_arrow` (values as the nearest float64, or exact with
    /// `exact`), converted column by column without the interpreter.
    fn _observation_columns<'py>(
        &self,
        py: Python<'py>,
        exact: bool,
    ) -> PyResult<Bound<'py, PyList>> {
        let numbers = if exact {
            seguimiento_arrow::Numbers::Exact
        } else {
            seguimiento_arrow::Numbers::Float64
        };
        let outcome = py.detach(|| {
            guarded(|| {
                let ledger = self.inner.read().map_err(|_| poisoned())?;
                let batch = seguimiento_arrow::to_record_batch_with(
                    &ledger,
                    RecordKind::Observation,
                    numbers,
                );
                drop(ledger);
                Ok(batch
                    .map(|batch| columns::convert_batch(&batch, exact))
                    .map_err(|e| e.to_string()))
            })
        });
        let converted = raise(py, outcome)?.map_err(PyValueError::new_err)?;
        columns::to_py(py, converted)
    }

    /// One kind of record (`targets`, `observations`, `milestones`,
    /// `submissions`, `obligations`, `recommendations`, `follow_ups`) as a
    /// `pyarrow.Table`, built in Rust and handed over through the Arrow
    /// PyCapsule interface: columns named as the add_* methods read them
    /// (texts, `date32` dates, exact `decimal128` numbers — or their texts
    /// when a column's values have different numbers of places —, a cell as
    /// `cell.<dimension>` columns), so the table can be added back as it is.
    /// Needs pyarrow (`pip install seguimiento[arrow]`); KeyError for
    /// another name.
    #[pyo3(signature = (kind = "observations"))]
    fn to_arrow<'py>(&self, py: Python<'py>, kind: &str) -> PyResult<Bound<'py, PyAny>> {
        let which = RecordKind::from_array_name(kind).ok_or_else(|| {
            let names: Vec<&str> = RecordKind::ALL.iter().map(|k| k.array_name()).collect();
            PyKeyError::new_err(format!(
                "to_arrow: {kind:?} is not a kind of record ({})",
                names.join(", ")
            ))
        })?;
        if py.import("pyarrow").is_err() {
            return Err(pyo3::exceptions::PyImportError::new_err(
                "to_arrow() returns a pyarrow.Table, and pyarrow is not installed: \
                 pip install 'seguimiento[arrow]' (or pip install pyarrow)",
            ));
        }
        let outcome = py.detach(|| {
            guarded(|| {
                let ledger = self.inner.read().map_err(|_| poisoned())?;
                Ok(seguimiento_arrow::to_record_batch(&ledger, which).map_err(|e| e.to_string()))
            })
        });
        let batch = raise(py, outcome)?.map_err(PyValueError::new_err)?;
        let schema = batch.schema();
        pyo3_arrow::PyTable::try_new(vec![batch], schema)?.into_pyarrow(py)
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
        let [t, o, m, s, b, ..] = self.read_counts(py)?;
        Ok(format!(
            "<Ledger of {}: {t} targets, {o} observations, {m} milestones, {s} submissions, {b} obligations>",
            self.plan.document().id
        ))
    }
}

impl Ledger {
    fn read_counts(&self, py: Python<'_>) -> PyResult<[usize; 7]> {
        let outcome = guarded(|| Ok(self.inner.read().map_err(|_| poisoned())?.counts()));
        raise(py, outcome)
    }
}
