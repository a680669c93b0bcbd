//! The ledger's tables: one per kind of record, with the fields of the
//! JSON ledger format in its order, so that each table goes back in.

use super::build::TableBuilder;
use super::{LedgerTable, Table, Unit};
use crate::ledger::{Batch, Ledger};

impl Batch {
    /// The records of one kind as a table (see [`Ledger::table`]).
    pub fn table(&self, which: LedgerTable) -> Table {
        match which {
            LedgerTable::Targets => TableBuilder::new("targets", self.targets.iter().collect())
                .text("indicator", |r| r.indicator.clone())
                .text("period", |r| r.period.to_string())
                .optional_text("entity", |r| r.entity.clone())
                .decimal("baseline", |r| Some(r.baseline))
                .unit(Unit::Indicator)
                .decimal("value", |r| Some(r.value))
                .label("column-target-value")
                .unit(Unit::Indicator)
                .date("recorded_on", |r| r.recorded_on)
                .build(),
            LedgerTable::Observations => {
                TableBuilder::new("observations", self.observations.iter().collect())
                    .text("indicator", |r| r.indicator.clone())
                    .text("period", |r| r.period.to_string())
                    .text("entity", |r| r.entity.clone())
                    .map_column("cell", |r| r.cell.clone())
                    .decimal("value", |r| Some(r.value))
                    .unit(Unit::Indicator)
                    .category("source", |r| r.source)
                    .date("recorded_on", |r| r.recorded_on)
                    .build()
            }
            LedgerTable::Milestones => {
                TableBuilder::new("milestones", self.milestones.iter().collect())
                    .text("indicator", |r| r.indicator.clone())
                    .text("entity", |r| r.entity.clone())
                    .date("achieved_on", |r| Some(r.achieved_on))
                    .date("recorded_on", |r| r.recorded_on)
                    .build()
            }
            LedgerTable::Submissions => {
                TableBuilder::new("submissions", self.submissions.iter().collect())
                    .text("entity", |r| r.entity.clone())
                    .category("kind", |r| r.kind)
                    .label("column-report-kind")
                    .value_labels("reporting")
                    .text("period", |r| r.period.to_string())
                    .date("submitted_on", |r| Some(r.submitted_on))
                    .build()
            }
            LedgerTable::Obligations => {
                TableBuilder::new("obligations", self.obligations.iter().collect())
                    .text("entity", |r| r.entity.clone())
                    .category("kind", |r| r.kind)
                    .label("column-report-kind")
                    .value_labels("reporting")
                    .integer("from", |r| i64::from(r.from))
                    .label("column-from-year")
                    .unit(Unit::Year)
                    .integer("to", |r| i64::from(r.to))
                    .label("column-to-year")
                    .unit(Unit::Year)
                    .build()
            }
            LedgerTable::Recommendations => {
                TableBuilder::new("recommendations", self.recommendations.iter().collect())
                    .text("id", |r| r.id.clone())
                    .text("evaluation", |r| r.evaluation.to_string())
                    .date("issued_on", |r| Some(r.issued_on))
                    .text("entity", |r| r.entity.clone())
                    .optional_text("node", |r| r.node.clone())
                    .text("text", |r| r.text.clone())
                    .date("due", |r| r.due)
                    .date("recorded_on", |r| r.recorded_on)
                    .build()
            }
            LedgerTable::FollowUps => {
                TableBuilder::new("follow_ups", self.follow_ups.iter().collect())
                    .text("recommendation", |r| r.recommendation.clone())
                    .text("entity", |r| r.entity.clone())
                    .category("status", |r| r.status)
                    .date("on", |r| Some(r.on))
                    .date("recorded_on", |r| r.recorded_on)
                    .build()
            }
        }
    }
}

impl Ledger {
    /// Every record of one kind, revisions included, in ingestion order, as
    /// a table with the fields of the JSON ledger format:
    ///
    /// - `targets`: indicator, period, entity, baseline, value, recorded_on;
    /// - `observations`: indicator, period, entity, cell (dimension → value;
    ///   in CSV one `cell.<dimension>` column per dimension), value, source,
    ///   recorded_on;
    /// - `milestones`: indicator, entity, achieved_on, recorded_on;
    /// - `submissions`: entity, kind, period, submitted_on;
    /// - `obligations`: entity, kind, from, to;
    /// - `recommendations`: id, evaluation, issued_on, entity, node, text,
    ///   due, recorded_on;
    /// - `follow_ups`: recommendation, entity, status, on, recorded_on.
    ///
    /// Each table goes back in: its rows are records of its kind (and the
    /// observations' CSV is what [`Ledger::ingest_csv`] reads).
    pub fn table(&self, which: LedgerTable) -> Table {
        self.export_only(|table| table == which).table(which)
    }
}
