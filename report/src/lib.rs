//! # seguimiento-report
//!
//! The rendering kit of seguimiento's public reports.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod charts;
pub mod format;
pub mod i18n;
