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
//! Parquet is the default feature `parquet`; without it (`default-features
//! = false`, as the Python package builds it, whose Parquet files pyarrow
//! reads) the crate is Arrow alone and builds without the Parquet crate and
//! its codecs.
//!
//! ```
//! # #[cfg(feature = "parquet")] {
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
//! # }
//! ```
#![forbid(unsafe_code)]

mod observations;
#[cfg(feature = "parquet")]
mod parquet;
mod read;
mod resolve;
mod write;

#[cfg(feature = "parquet")]
pub use crate::parquet::{
    ingest_parquet, ingest_parquet_path, write_parquet, ParquetBytes, ParquetInput,
};
pub use read::{decimal_text, ingest_batches, ingest_reader, ingest_reader_with, ARROW_WORDS};
pub use write::{table_batch, to_record_batch, to_record_batch_with, Numbers};

/// Why a ledger could not be written as Arrow or Parquet.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The records could not be laid out as Arrow arrays.
    #[error("the records could not be laid out as Arrow arrays: {0}")]
    Arrow(#[from] arrow_schema::ArrowError),
    /// The Parquet file could not be written.
    #[cfg(feature = "parquet")]
    #[error("the Parquet file could not be written: {0}")]
    Parquet(#[from] ::parquet::errors::ParquetError),
}
