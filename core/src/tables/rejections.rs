//! The table of rejected records.

use super::build::{count, TableBuilder};
use super::Table;
use crate::ledger::Rejection;

impl Rejection {
    /// Rejected records as a table, one row per rejection in the order
    /// given: index (the record's position in its batch), kind, field,
    /// code (the reason's stable code), reason (in words).
    ///
    /// Each column is one line below, reading one accessor of a
    /// [`Rejection`]: a new field of a rejection is a new line here, in the
    /// place its column takes.
    pub fn table(rejections: &[Rejection]) -> Table {
        TableBuilder::new("rejections", rejections.iter().collect())
            .integer("index", |r| count(r.index))
            .label("column-record-index")
            .category("kind", |r| r.kind)
            .label("column-record-kind")
            .text("field", |r| r.field.clone())
            .text("code", |r| r.code().to_string())
            .text("reason", |r| r.reason.to_string())
            .build()
    }
}
