//! The scorecard's tables: nodes, entities, rankings, reporting, reporting
//! detail, discrepancies, consistency — of one scorecard, or of many
//! (`evaluate_many`) one after the other, each row with its dates.

use super::build::{count, TableBuilder};
use super::{ScorecardTable, Table, Unit};
use crate::evaluate::{NodeScore, Scorecard};
use crate::plan::{Level, Plan};
use crate::score::Score;

impl Scorecard {
    /// One of the scorecard's tidy tables (see each [`ScorecardTable`]).
    /// `plan` is the plan it was evaluated against: it gives each node its
    /// text and parent and each entity its name (a node or entity the plan
    /// does not know gets none). Every table starts with `as_of` and
    /// `known_on`, the dates the scorecard was evaluated at and as known
    /// on, so that tables of several dates stack into one long table; a
    /// band column carries the bands' ranking (red < yellow < green,
    /// [`Band::RANKED`](crate::Band::RANKED)).
    ///
    /// - `nodes`: id, level, parent (the plan's id for an axis, none for the
    ///   plan), text (the plan's title for the plan), score, band, coverage,
    ///   status;
    /// - `entities`: code, name, score, band, coverage (scored actions /
    ///   actions), actions, scored_actions, overdue (the ids of its overdue
    ///   actions);
    /// - `rankings`: group (`institution` or `group`), rank (none when not
    ///   ranked), code, name, score, band, coverage, scored_actions,
    ///   actions, standing (`ranked` or `insufficient_data`);
    /// - `reporting`: entity, kind, expected, on_time, late, missing, rate,
    ///   timeliness, missing_periods;
    /// - `reporting_detail`: entity, kind, period, due_on, submitted_on,
    ///   status (`on_time`, `late`, `missing`), days_late (to the
    ///   submission, or to the scoring date while missing);
    /// - `discrepancies`: indicator, period, entity, cell, official,
    ///   verification;
    /// - `consistency`: indicator, period, entity, total, cells_sum, cells.
    pub fn table(&self, plan: &Plan, which: ScorecardTable) -> Table {
        layout(&[self], plan, which)
    }

    /// One table of many scorecards (those of
    /// [`evaluate_many`](crate::evaluate_many)), long: each scorecard's rows
    /// in turn, in the order given, with the columns of
    /// [`Scorecard::table`].
    ///
    /// ```
    /// use std::sync::Arc;
    /// use chrono::NaiveDate;
    /// use seguimiento::{evaluate_many, Config, Ledger, Plan, Scorecard, ScorecardTable};
    /// let plan = Arc::new(Plan::embedded());
    /// let ledger = Ledger::new(plan.clone());
    /// let dates = [2008, 2009].map(|y| NaiveDate::from_ymd_opt(y, 12, 31).unwrap());
    /// let cards = evaluate_many(&plan, &ledger, &dates, &Config::default()).unwrap();
    /// let long = Scorecard::table_over(&cards, &plan, ScorecardTable::Nodes);
    /// assert_eq!(long.len(), 2 * cards[0].nodes.len());
    /// assert!(long.to_csv().starts_with("as_of,known_on,id,level,"));
    /// ```
    pub fn table_over(cards: &[Scorecard], plan: &Plan, which: ScorecardTable) -> Table {
        let cards: Vec<&Scorecard> = cards.iter().collect();
        layout(&cards, plan, which)
    }
}

/// A row of a scorecard table: the scorecard and one of its items.
type Of<'a, T> = (&'a Scorecard, &'a T);

/// The rows of `items` of every card, in order, each led by its card's
/// `as_of` and `known_on`, so that tables of several dates stack into one
/// long table.
fn begin<'a, T>(
    name: &'static str,
    cards: &[&'a Scorecard],
    items: impl Fn(&'a Scorecard) -> &'a [T],
) -> TableBuilder<Of<'a, T>> {
    let rows = cards
        .iter()
        .flat_map(|&card| items(card).iter().map(move |item| (card, item)))
        .collect();
    TableBuilder::new(name, rows)
        .date("as_of", |(card, _)| Some(card.as_of))
        .date("known_on", |(card, _)| Some(card.known_on))
}

fn layout(cards: &[&Scorecard], plan: &Plan, which: ScorecardTable) -> Table {
    match which {
        ScorecardTable::Nodes => nodes(cards, plan),
        ScorecardTable::Entities => entities(cards, plan),
        ScorecardTable::Rankings => rankings(cards, plan),
        ScorecardTable::Reporting => reporting(cards),
        ScorecardTable::ReportingDetail => reporting_detail(cards),
        ScorecardTable::Discrepancies => discrepancies(cards),
        ScorecardTable::Consistency => consistency(cards),
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

fn nodes(cards: &[&Scorecard], plan: &Plan) -> Table {
    begin("nodes", cards, |c| &c.nodes)
        .text("id", |(_, n)| n.id.clone())
        .label("column-node")
        .category("level", |(_, n)| n.level)
        .value_labels("level")
        .optional_text("parent", |(card, n)| parent(card, plan, n))
        .label("column-parent-node")
        .optional_text("text", |(_, n)| text(plan, n))
        .score("score", |(_, n)| n.score)
        .banded()
        .ranked_category("band", |(_, n)| n.band)
        .value_labels("band")
        .score("coverage", |(_, n)| Some(n.coverage))
        .category("status", |(_, n)| n.status)
        .value_labels("status")
        .build()
}

fn entities(cards: &[&Scorecard], plan: &Plan) -> Table {
    begin("entities", cards, |c| &c.entities)
        .text("code", |(_, e)| e.code.clone())
        .label("column-entity")
        .optional_text("name", |(_, e)| {
            plan.entity(&e.code).map(|x| x.name.clone())
        })
        .label("column-entity-name")
        .score("score", |(_, e)| e.score)
        .banded()
        .ranked_category("band", |(_, e)| e.band)
        .value_labels("band")
        .score("coverage", |(_, e)| {
            Some(Score::ratio(e.scored_actions, e.actions))
        })
        .integer("actions", |(_, e)| count(e.actions))
        .unit(Unit::Count)
        .integer("scored_actions", |(_, e)| count(e.scored_actions))
        .unit(Unit::Count)
        .list("overdue", |(_, e)| e.overdue.clone())
        .label("column-overdue-actions")
        .build()
}

fn rankings(cards: &[&Scorecard], plan: &Plan) -> Table {
    begin("rankings", cards, |c| &c.rankings)
        .category("group", |(_, r)| r.group)
        .value_labels("rank-group")
        .label("column-entity-kind")
        .optional_integer("rank", |(_, r)| r.rank.map(count))
        .text("code", |(_, r)| r.code.clone())
        .label("column-entity")
        .optional_text("name", |(_, r)| {
            plan.entity(&r.code).map(|x| x.name.clone())
        })
        .label("column-entity-name")
        .score("score", |(_, r)| r.score)
        .banded()
        .ranked_category("band", |(_, r)| r.band)
        .value_labels("band")
        .score("coverage", |(_, r)| Some(r.coverage))
        .integer("scored_actions", |(_, r)| count(r.scored_actions))
        .unit(Unit::Count)
        .integer("actions", |(_, r)| count(r.actions))
        .unit(Unit::Count)
        .category("standing", |(_, r)| r.standing)
        .value_labels("standing")
        .build()
}

fn reporting(cards: &[&Scorecard]) -> Table {
    begin("reporting", cards, |c| &c.reporting)
        .text("entity", |(_, r)| r.entity.clone())
        .category("kind", |(_, r)| r.kind)
        .label("column-report-kind")
        .value_labels("reporting")
        .integer("expected", |(_, r)| count(r.expected))
        .unit(Unit::Count)
        .integer("on_time", |(_, r)| count(r.on_time))
        .unit(Unit::Count)
        .integer("late", |(_, r)| count(r.late))
        .unit(Unit::Count)
        .integer("missing", |(_, r)| count(r.missing))
        .unit(Unit::Count)
        .score("rate", |(_, r)| Some(r.rate))
        .label("column-reporting-rate")
        .score("timeliness", |(_, r)| Some(r.timeliness))
        .list("missing_periods", |(_, r)| {
            r.missing_periods.iter().map(|p| p.to_string()).collect()
        })
        .build()
}

fn reporting_detail(cards: &[&Scorecard]) -> Table {
    begin("reporting_detail", cards, |c| &c.reporting_detail)
        .text("entity", |(_, r)| r.entity.clone())
        .category("kind", |(_, r)| r.kind)
        .label("column-report-kind")
        .value_labels("reporting")
        .text("period", |(_, r)| r.period.to_string())
        .date("due_on", |(_, r)| Some(r.due_on))
        .date("submitted_on", |(_, r)| r.submitted_on)
        .category("status", |(_, r)| r.status)
        .value_labels("report-status")
        .label("column-report-status")
        .integer("days_late", |(_, r)| r.days_late)
        .build()
}

fn discrepancies(cards: &[&Scorecard]) -> Table {
    begin("discrepancies", cards, |c| &c.discrepancies)
        .text("indicator", |(_, d)| d.indicator.clone())
        .text("period", |(_, d)| d.period.to_string())
        .text("entity", |(_, d)| d.entity.clone())
        .map_column("cell", |(_, d)| d.cell.clone())
        .decimal("official", |(_, d)| Some(d.official))
        .label("column-official-value")
        .unit(Unit::Indicator)
        .decimal("verification", |(_, d)| Some(d.verification))
        .label("column-verification-value")
        .unit(Unit::Indicator)
        .build()
}

fn consistency(cards: &[&Scorecard]) -> Table {
    begin("consistency", cards, |card| &card.consistency)
        .text("indicator", |(_, c)| c.indicator.clone())
        .text("period", |(_, c)| c.period.to_string())
        .text("entity", |(_, c)| c.entity.clone())
        .decimal("total", |(_, c)| Some(c.total))
        .label("column-reported-total")
        .unit(Unit::Indicator)
        .decimal("cells_sum", |(_, c)| Some(c.cells_sum))
        .unit(Unit::Indicator)
        .integer("cells", |(_, c)| count(c.cells))
        .label("column-cell-count")
        .unit(Unit::Count)
        .build()
}
