//! Arrow and Parquet in and out of a [`seguimiento`] ledger.
//!
//! A crate beside the core, so that the core's own build carries no Arrow
//! or Parquet dependency. It converts and never decides: records are read
//! through the core's one record reader
//! ([`Ledger::ingest_chunks`](seguimiento::Ledger::ingest_chunks)), so
//! columns are named by the record kind's field names
//! ([`RecordKind::spec`](seguimiento::RecordKind::spec)), and validation,
//! rejection reports (row number across batches, field, code, reason),
//! strict rollback and duplicates behave as for CSV and JSON.
//!
//! - In: [`ingest_batches`] (record batches), [`ingest_reader`] (any
//!   `RecordBatchReader`, e.g. an Arrow C stream), [`ingest_parquet`] (a
//!   Parquet file, by path, open file or bytes).
//! - Out: [`to_record_batch`] (one batch per record kind, from the core's
//!   ledger tables) and [`write_parquet`].
//!
//! ```
//! use std::sync::Arc;
//! use seguimiento::{Ledger, Mode, Plan, RecordKind};
//!
//! let mut ledger = Ledger::new(Arc::new(Plan::embedded()));
//! ledger.ingest_json(r#"{"observations": [
//!     {"indicator": "E1.L1.M2.A2.I3", "period": "2008", "entity": "GIT", "value": "12"}
//! ]}"#, Mode::Strict).unwrap();
//! let mut file = Vec::new();
//! seguimiento_arrow::write_parquet(&ledger, RecordKind::Observation, &mut file).unwrap();
//! let mut again = Ledger::new(ledger.plan().clone());
//! seguimiento_arrow::ingest_parquet(&mut again, RecordKind::Observation, file, Mode::Strict).unwrap();
//! assert_eq!(again.to_json(), ledger.to_json());
//! ```
#![forbid(unsafe_code)]

mod read;
mod write;

use std::path::Path;

use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::arrow::ArrowWriter;
use parquet::file::reader::ChunkReader;
use seguimiento::{IngestError, IngestOptions, IngestReport, Ledger, RecordKind};

pub use read::{decimal_text, ingest_batches, ingest_reader, ingest_reader_with, ARROW_WORDS};
pub use write::{table_batch, to_record_batch};

/// Rows read from a Parquet file per record batch.
const PARQUET_BATCH_ROWS: usize = 64 * 1024;

/// The bytes of a whole Parquet file held in memory.
#[derive(Debug, Clone)]
pub struct ParquetBytes(bytes::Bytes);

impl From<Vec<u8>> for ParquetBytes {
    fn from(bytes: Vec<u8>) -> ParquetBytes {
        ParquetBytes(bytes::Bytes::from(bytes))
    }
}

/// What [`ingest_parquet`] reads from: an open file, or a file's bytes.
#[derive(Debug)]
pub enum ParquetInput {
    /// An open file.
    File(std::fs::File),
    /// A whole file's bytes.
    Bytes(ParquetBytes),
}

impl From<std::fs::File> for ParquetInput {
    fn from(file: std::fs::File) -> ParquetInput {
        ParquetInput::File(file)
    }
}

impl From<Vec<u8>> for ParquetInput {
    fn from(bytes: Vec<u8>) -> ParquetInput {
        ParquetInput::Bytes(bytes.into())
    }
}

impl From<ParquetBytes> for ParquetInput {
    fn from(bytes: ParquetBytes) -> ParquetInput {
        ParquetInput::Bytes(bytes)
    }
}

/// A Parquet file that cannot be opened is a stream that failed before its
/// first row.
fn unreadable(e: impl std::fmt::Display) -> IngestError {
    IngestError::ReadFailed {
        line: 0,
        message: format!("not a readable Parquet file: {e}"),
    }
}

fn ingest_from<R: ChunkReader + 'static>(
    ledger: &mut Ledger,
    kind: RecordKind,
    source: R,
    options: IngestOptions,
) -> Result<IngestReport, IngestError> {
    let reader = ParquetRecordBatchReaderBuilder::try_new(source)
        .map_err(unreadable)?
        .with_batch_size(PARQUET_BATCH_ROWS)
        .build()
        .map_err(unreadable)?;
    ingest_reader(ledger, kind, reader, options)
}

/// Ingests the records of one kind from a Parquet file (an open file or its
/// bytes), read row group by row group and batch by batch, as
/// [`ingest_batches`] reads record batches: the same columns, values,
/// rejections and strict rollback. A file that is not Parquet, or that
/// fails part way, is [`IngestError::ReadFailed`] and leaves the ledger as
/// it was.
pub fn ingest_parquet(
    ledger: &mut Ledger,
    kind: RecordKind,
    input: impl Into<ParquetInput>,
    options: impl Into<IngestOptions>,
) -> Result<IngestReport, IngestError> {
    match input.into() {
        ParquetInput::File(file) => ingest_from(ledger, kind, file, options.into()),
        ParquetInput::Bytes(ParquetBytes(bytes)) => {
            ingest_from(ledger, kind, bytes, options.into())
        }
    }
}

/// Ingests the records of one kind from the Parquet file at `path`, as
/// [`ingest_parquet`] does; a file that cannot be opened is
/// [`IngestError::ReadFailed`].
pub fn ingest_parquet_path(
    ledger: &mut Ledger,
    kind: RecordKind,
    path: impl AsRef<Path>,
    options: impl Into<IngestOptions>,
) -> Result<IngestReport, IngestError> {
    let path = path.as_ref();
    let file = std::fs::File::open(path).map_err(|e| IngestError::ReadFailed {
        line: 0,
        message: format!("{}: {e}", path.display()),
    })?;
    ingest_parquet(ledger, kind, file, options)
}

/// Why a ledger could not be written as Arrow or Parquet.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The records could not be laid out as Arrow arrays.
    #[error("the records could not be laid out as Arrow arrays: {0}")]
    Arrow(#[from] arrow_schema::ArrowError),
    /// The Parquet file could not be written.
    #[error("the Parquet file could not be written: {0}")]
    Parquet(#[from] parquet::errors::ParquetError),
}

/// Writes the records of one kind, revisions included and in ingestion
/// order, as a Parquet file (one record batch: [`to_record_batch`]), which
/// [`ingest_parquet`] reads back into the same records.
pub fn write_parquet<W: std::io::Write + Send>(
    ledger: &Ledger,
    kind: RecordKind,
    out: W,
) -> Result<(), WriteError> {
    let batch = to_record_batch(ledger, kind)?;
    let mut writer = ArrowWriter::try_new(out, batch.schema(), None)?;
    writer.write(&batch)?;
    writer.close()?;
    Ok(())
}
