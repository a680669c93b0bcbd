//! Tables as text: the arguments the `sg_*_table` functions share. Each
//! table is the core's (`seguimiento::Table`), written by the core as CSV
//! or JSON records; nothing is laid out here.

use std::str::FromStr;

use seguimiento::{TableFormat, UnknownName};

use crate::error::{sg_status, Error};

/// How `sg_plan_table`, `sg_ledger_table` and `sg_scorecard_table` write a
/// table: their `format` argument.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum sg_table_format {
    /// CSV (RFC 4180, `\n` line ends): a header row of the column names,
    /// then one line per row; fields quoted only where they must be; nothing
    /// for a missing value; list items joined by `"; "`; an observation's
    /// cell as one `cell.<dimension>` column per dimension.
    Csv = 0,
    /// JSON: an array of records, one object per row (keys in column order)
    /// and one line per object; decimals and scores as exact strings
    /// (`"0.734512"`), missing values `null`.
    Json = 1,
}

/// The `format` argument.
pub(crate) fn format(value: u32) -> Result<TableFormat, Error> {
    match value {
        v if v == sg_table_format::Csv as u32 => Ok(TableFormat::Csv),
        v if v == sg_table_format::Json as u32 => Ok(TableFormat::Json),
        other => Err(Error::new(
            sg_status::InvalidArgument,
            format!(
                "argument `format` is {other}: use SG_TABLE_FORMAT_CSV (0) or SG_TABLE_FORMAT_JSON (1)"
            ),
        )),
    }
}

/// The `name` argument: one of the object's table names.
pub(crate) fn name<T: FromStr<Err = UnknownName>>(name: &str) -> Result<T, Error> {
    name.parse().map_err(|e: UnknownName| {
        Error::new(sg_status::InvalidArgument, format!("argument `name`: {e}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use seguimiento::{PlanTable, ScorecardTable};

    #[test]
    fn formats_and_names_are_checked() {
        assert_eq!(format(0).unwrap(), TableFormat::Csv);
        assert_eq!(format(1).unwrap(), TableFormat::Json);
        let error = format(2).unwrap_err();
        assert_eq!(error.status, sg_status::InvalidArgument);
        assert!(
            error.message.contains("SG_TABLE_FORMAT_CSV"),
            "{}",
            error.message
        );
        assert_eq!(
            name::<ScorecardTable>("nodes").unwrap(),
            ScorecardTable::Nodes
        );
        let error = name::<PlanTable>("nodes").unwrap_err();
        assert_eq!(error.status, sg_status::InvalidArgument);
        assert_eq!(
            error.message,
            "argument `name`: \"nodes\" is not a plan table (axes, actions, plazos, indicators, entities)"
        );
    }
}
