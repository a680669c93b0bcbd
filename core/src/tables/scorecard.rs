//! The scorecard's tables: nodes, entities, reporting, discrepancies,
//! consistency.

use super::build::{count, TableBuilder};
use super::{ScorecardTable, Table, Unit};
use crate::evaluate::{NodeScore, Scorecard};
use crate::plan::{Level, Plan};

impl Scorecard {
    /// One of the scorecard's tidy tables (see each [`ScorecardTable`]).
    /// `plan` is the plan it was evaluated against: it gives each node its
    /// text and parent and each entity its name (a node or entity the plan
    /// does not know gets none). Every table starts with `as_of`, the date
    /// the scorecard was evaluated at, so that tables of several dates stack
    /// into one long table; a band column carries the bands' ranking (red <
    /// yellow < green, [`Band::RANKED`](crate::Band::RANKED)).
    ///
    /// - `nodes`: id, level, parent (the plan's id for an axis, none for the
    ///   plan), text (the plan's title for the plan), score, band, coverage,
    ///   status;
    /// - `entities`: code, name, score, band, actions, scored_actions,
    ///   overdue (the ids of its overdue actions);
    /// - `reporting`: entity, kind, expected, on_time, late, missing, rate,
    ///   timeliness, missing_periods;
    /// - `discrepancies`: indicator, period, entity, cell, official,
    ///   verification;
    /// - `consistency`: indicator, period, entity, total, cells_sum, cells.
    pub fn table(&self, plan: &Plan, which: ScorecardTable) -> Table {
        match which {
            ScorecardTable::Nodes => nodes(self, plan),
            ScorecardTable::Entities => entities(self, plan),
            ScorecardTable::Reporting => reporting(self),
            ScorecardTable::Discrepancies => discrepancies(self),
            ScorecardTable::Consistency => consistency(self),
        }
    }
}

/// A node's parent: none for the plan, the plan for an axis, else its
/// parent in the plan's tree.
fn parent(card: &Scorecard, plan: &Plan, node: &NodeScore) -> Option<String> {
    match node.level {
        Level::Plan => None,
        Level::Axis => Some(card.plan.clone()),
        _ => plan.parent(&node.id).map(str::to_string),
    }
}

/// A node's text: the plan's title for the plan, else the node's text.
fn text(plan: &Plan, node: &NodeScore) -> Option<String> {
    match node.level {
        Level::Plan => Some(plan.document().title.clone()),
        _ => plan.node(&node.id).map(|n| n.text().to_string()),
    }
}

fn nodes(card: &Scorecard, plan: &Plan) -> Table {
    TableBuilder::new("nodes", card.nodes.iter().collect())
        .date("as_of", |_| Some(card.as_of))
        .text("id", |n| n.id.clone())
        .label("column-node")
        .category("level", |n| n.level)
        .value_labels("level")
        .optional_text("parent", |n| parent(card, plan, n))
        .label("column-parent-node")
        .optional_text("text", |n| text(plan, n))
        .score("score", |n| n.score)
        .banded()
        .ranked_category("band", |n| n.band)
        .value_labels("band")
        .score("coverage", |n| Some(n.coverage))
        .category("status", |n| n.status)
        .value_labels("status")
        .build()
}

fn entities(card: &Scorecard, plan: &Plan) -> Table {
    TableBuilder::new("entities", card.entities.iter().collect())
        .date("as_of", |_| Some(card.as_of))
        .text("code", |e| e.code.clone())
        .label("column-entity")
        .optional_text("name", |e| plan.entity(&e.code).map(|x| x.name.clone()))
        .label("column-entity-name")
        .score("score", |e| e.score)
        .banded()
        .ranked_category("band", |e| e.band)
        .value_labels("band")
        .integer("actions", |e| count(e.actions))
        .unit(Unit::Count)
        .integer("scored_actions", |e| count(e.scored_actions))
        .unit(Unit::Count)
        .list("overdue", |e| e.overdue.clone())
        .label("column-overdue-actions")
        .build()
}

fn reporting(card: &Scorecard) -> Table {
    TableBuilder::new("reporting", card.reporting.iter().collect())
        .date("as_of", |_| Some(card.as_of))
        .text("entity", |r| r.entity.clone())
        .category("kind", |r| r.kind)
        .label("column-report-kind")
        .value_labels("reporting")
        .integer("expected", |r| count(r.expected))
        .unit(Unit::Count)
        .integer("on_time", |r| count(r.on_time))
        .unit(Unit::Count)
        .integer("late", |r| count(r.late))
        .unit(Unit::Count)
        .integer("missing", |r| count(r.missing))
        .unit(Unit::Count)
        .score("rate", |r| Some(r.rate))
        .label("column-reporting-rate")
        .score("timeliness", |r| Some(r.timeliness))
        .list("missing_periods", |r| {
            r.missing_periods.iter().map(|p| p.to_string()).collect()
        })
        .build()
}

fn discrepancies(card: &Scorecard) -> Table {
    TableBuilder::new("discrepancies", card.discrepancies.iter().collect())
        .date("as_of", |_| Some(card.as_of))
        .text("indicator", |d| d.indicator.clone())
        .text("period", |d| d.period.to_string())
        .text("entity", |d| d.entity.clone())
        .map_column("cell", |d| d.cell.clone())
        .decimal("official", |d| Some(d.official))
        .label("column-official-value")
        .unit(Unit::Indicator)
        .decimal("verification", |d| Some(d.verification))
        .label("column-verification-value")
        .unit(Unit::Indicator)
        .build()
}

fn consistency(card: &Scorecard) -> Table {
    TableBuilder::new("consistency", card.consistency.iter().collect())
        .date("as_of", |_| Some(card.as_of))
        .text("indicator", |c| c.indicator.clone())
        .text("period", |c| c.period.to_string())
        .text("entity", |c| c.entity.clone())
        .decimal("total", |c| Some(c.total))
        .label("column-reported-total")
        .unit(Unit::Indicator)
        .decimal("cells_sum", |c| Some(c.cells_sum))
        .unit(Unit::Indicator)
        .integer("cells", |c| count(c.cells))
        .label("column-cell-count")
        .unit(Unit::Count)
        .build()
}
