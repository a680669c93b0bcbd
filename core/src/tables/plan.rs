//! The plan's tables: axes, actions, plazos, indicators, entities.

use super::build::{count, TableBuilder};
use super::{PlanTable, Table, Unit};
use crate::plan::{Action, ActionIndex, Axis, AxisCounts, Indicator, IndicatorIndex, Plan};

fn texts<'a>(items: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    items.into_iter().map(str::to_string).collect()
}

impl Plan {
    /// The code list of a dimension with each value's name
    /// ([`Plan::dimension_labels`]): columns `code` and `name`, in the
    /// dimension's order, the table that maps names in a caller's data to
    /// the codes observations take. `None` for a dimension the plan lacks.
    pub fn dimension_table(&self, id: &str) -> Option<Table> {
        let labels = self.dimension_labels(id)?;
        Some(
            TableBuilder::new("dimension_values", labels.iter().collect())
                .text("code", |(code, _)| (*code).to_string())
                .text("name", |(_, name)| (*name).to_string())
                .build(),
        )
    }

    /// One of the plan's tidy tables (see each [`PlanTable`]):
    ///
    /// - `axes`: axis, text, corrected, lines, goals, actions, indicators,
    ///   plazos (counts of the axis's nodes);
    /// - `actions`: action, axis, line, goal, text, corrected, plazos (their
    ///   labels), start_year, end_year (of its plazos together), responsible
    ///   (the codes as the plan writes them), entities (the registry codes
    ///   they resolve to), indicators (how many);
    /// - `plazos`: plazo, action, label, stated_years, start_year, end_year;
    /// - `indicators`: indicator, action, goal, line, axis, text, corrected,
    ///   measure, accumulation, frequency, dimensions, sensitive, plazo,
    ///   plazo_label, start_year, end_year, weight, reason;
    /// - `entities`: code, name, kind, parent, members, aliases, description.
    pub fn table(&self, which: PlanTable) -> Table {
        match which {
            PlanTable::Axes => axes(self),
            PlanTable::Actions => actions(self),
            PlanTable::Plazos => plazos(self),
            PlanTable::Indicators => indicators(self),
            PlanTable::Entities => entities(self),
        }
    }
}

fn axes(plan: &Plan) -> Table {
    let rows: Vec<(&Axis, AxisCounts)> = plan.axes().iter().zip(plan.counts()).collect();
    TableBuilder::new("axes", rows)
        .text("axis", |(a, _)| a.id.clone())
        .text("text", |(a, _)| a.text.clone())
        .optional_text("corrected", |(a, _)| a.corrected.clone())
        .integer("lines", |(_, c)| count(c.lines))
        .unit(Unit::Count)
        .integer("goals", |(_, c)| count(c.goals))
        .unit(Unit::Count)
        .integer("actions", |(_, c)| count(c.actions))
        .unit(Unit::Count)
        .integer("indicators", |(_, c)| count(c.indicators))
        .unit(Unit::Count)
        .integer("plazos", |(_, c)| count(c.plazos))
        .unit(Unit::Count)
        .build()
}

fn actions(plan: &Plan) -> Table {
    let rows: Vec<(ActionIndex, &Action)> = plan.action_indexes().zip(plan.actions()).collect();
    let path = |index: ActionIndex| plan.action_path(index);
    TableBuilder::new("actions", rows)
        .text("action", |(_, a)| a.id.clone())
        .text("axis", |&(i, _)| path(i).0.id.clone())
        .text("line", |&(i, _)| path(i).1.id.clone())
        .text("goal", |&(i, _)| path(i).2.id.clone())
        .text("text", |(_, a)| a.text.clone())
        .optional_text("corrected", |(_, a)| a.corrected.clone())
        .list("plazos", |(_, a)| {
            texts(a.plazos.iter().map(|p| p.label.as_str()))
        })
        .label("column-plazo-labels")
        .optional_integer("start_year", |(_, a)| {
            a.plazos.iter().map(|p| i64::from(p.start_year)).min()
        })
        .unit(Unit::Year)
        .optional_integer("end_year", |(_, a)| {
            a.plazos.iter().map(|p| i64::from(p.end_year)).max()
        })
        .unit(Unit::Year)
        .list("responsible", |(_, a)| {
            texts(a.responsible.iter().map(|r| r.code.as_str()))
        })
        .list("entities", |&(i, _)| {
            texts(plan.action_entities(i).map(|e| e.code.as_str()))
        })
        .integer("indicators", |(_, a)| count(a.indicators.len()))
        .unit(Unit::Count)
        .build()
}

fn plazos(plan: &Plan) -> Table {
    let rows: Vec<(&Action, &crate::plan::Plazo)> = plan
        .actions()
        .flat_map(|a| a.plazos.iter().map(move |p| (a, p)))
        .collect();
    TableBuilder::new("plazos", rows)
        .text("plazo", |(_, p)| p.id.clone())
        .text("action", |(a, _)| a.id.clone())
        .text("label", |(_, p)| p.label.clone())
        .label("column-plazo-label")
        .integer("stated_years", |(_, p)| i64::from(p.stated_years))
        .unit(Unit::Count)
        .integer("start_year", |(_, p)| i64::from(p.start_year))
        .unit(Unit::Year)
        .integer("end_year", |(_, p)| i64::from(p.end_year))
        .unit(Unit::Year)
        .build()
}

fn indicators(plan: &Plan) -> Table {
    let rows: Vec<(IndicatorIndex, &Indicator)> =
        plan.indicator_indexes().zip(plan.indicators()).collect();
    let action = |i: IndicatorIndex| plan.indicator_action(i);
    let path = |i: IndicatorIndex| plan.action_path(action(i));
    let plazo = |i: IndicatorIndex| plan.indicator_plazo(i);
    TableBuilder::new("indicators", rows)
        .text("indicator", |(_, x)| x.id.clone())
        .text("action", |&(i, _)| plan.action_at(action(i)).id.clone())
        .text("goal", |&(i, _)| path(i).2.id.clone())
        .text("line", |&(i, _)| path(i).1.id.clone())
        .text("axis", |&(i, _)| path(i).0.id.clone())
        .text("text", |(_, x)| x.text.clone())
        .optional_text("corrected", |(_, x)| x.corrected.clone())
        .category("measure", |(_, x)| x.measure)
        .category("accumulation", |(_, x)| x.accumulation)
        .category("frequency", |(_, x)| x.frequency)
        .list("dimensions", |(_, x)| x.dimensions.clone())
        .flag("sensitive", |(_, x)| x.sensitive)
        .text("plazo", |&(i, _)| plazo(i).id.clone())
        .text("plazo_label", |&(i, _)| plazo(i).label.clone())
        .integer("start_year", |&(i, _)| i64::from(plazo(i).start_year))
        .unit(Unit::Year)
        .integer("end_year", |&(i, _)| i64::from(plazo(i).end_year))
        .unit(Unit::Year)
        .decimal("weight", |(_, x)| Some(x.weight))
        .optional_text("reason", |(_, x)| x.reason.clone())
        .label("column-classification-reason")
        .build()
}

fn entities(plan: &Plan) -> Table {
    TableBuilder::new("entities", plan.entities().iter().collect())
        .text("code", |e| e.code.clone())
        .label("column-entity")
        .text("name", |e| e.name.clone())
        .label("column-entity-name")
        .category("kind", |e| e.kind)
        .label("column-entity-kind")
        .optional_text("parent", |e| e.parent.clone())
        .label("column-parent-entity")
        .list("members", |e| e.members.clone())
        .list("aliases", |e| e.aliases.clone())
        .optional_text("description", |e| e.description.clone())
        .build()
}
