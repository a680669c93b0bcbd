//! Parquet files in and out (the default feature `parquet`): a file is read
//! row group by row group into record batches, which go through the same
//! reader as any Arrow input.

use std::path::Path;

use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::arrow::ArrowWriter;
use parquet::file::reader::ChunkReader;
use seguimiento::{IngestError, IngestOptions, IngestReport, Ledger, RecordKind};

use crate::{ingest_reader, to_record_batch, WriteError};

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
/// [`ingest_batches`](crate::ingest_batches) reads record batches: the same columns, values,
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
