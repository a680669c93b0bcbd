//! From a scorecard to the disclosure engine's values and relations, and
//! back from the engine's statuses to the published view.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rust_decimal::Decimal;

use super::{
    PublicCell, PublicChild, PublicConfig, PublicConsistencyNote, PublicDiscrepancy, PublicEntity,
    PublicExplanation, PublicItem, PublicNode, Published,
};
use crate::disclosure::{
    Dimension, DisclosureError, Rational, Relation, Relations, Status, ValueClass, ValueId,
};
use crate::evaluate::{visible_official, Band, Explanation, Item, RankedEntity, Scorecard};
use crate::ledger::Ledger;
use crate::period::Period;
use crate::plan::{Accumulation, ActionIndex, EntityIndex, Plan};
use crate::score::Score;

/// The code of every dimension's root (the margin over all its categories).
const TOTAL: &str = "total";

/// A score lies in its band's range, which a reader learns from the band
/// that stays shown when the score is suppressed (SPEC §5); a score without
/// a band's range lies in [0, 1].
fn bound_by_band(
    relations: &mut Relations,
    id: ValueId,
    scorecard: &Scorecard,
    band: Band,
) -> Result<(), DisclosureError> {
    let (lowest, highest) = scorecard
        .band_thresholds
        .range(band)
        .map_or((Rational::ZERO, Rational::ONE), |(l, h)| {
            (exact(l), exact(h))
        });
    relations.set_upper_bound(id, highest)?;
    relations.set_lower_bound(id, lowest)
}

/// The key of a node's score.
pub(super) fn score_key(id: &str) -> String {
    format!("score|{id}")
}

/// The key of an entity's score.
pub(super) fn entity_score_key(code: &str) -> String {
    format!("entity_score|{code}")
}

/// The key of an item's period value (`kind` `value`) or achievement.
fn item_key(kind: &str, indicator: &str, period: &str, entity: Option<&str>) -> String {
    match entity {
        Some(e) => format!("{kind}|{indicator}|{period}|{e}"),
        None => format!("{kind}|{indicator}|{period}"),
    }
}

/// The key of a value of the social audit that stands alone.
fn audit_key(
    kind: &str,
    indicator: &str,
    period: Period,
    entity: &str,
    cell: &BTreeMap<String, String>,
) -> String {
    let mut key = format!("{kind}|{indicator}|{period}|{entity}");
    for (d, v) in cell {
        key.push('|');
        key.push_str(d);
        key.push('=');
        key.push_str(v);
    }
    key
}

/// An exact decimal as a rational.
fn exact(d: Decimal) -> Rational {
    Rational::from_decimal(d)
}

/// A rational with a finite decimal expansion (every sum of decimals) as a
/// decimal; anything else (never made here) as its nearest decimal.
pub(super) fn to_decimal(r: &Rational) -> Decimal {
    if let Some(n) = r.to_i64() {
        return Decimal::from(n);
    }
    let text = r.to_string();
    let parsed = text.split_once('/').and_then(|(n, d)| {
        let n: Decimal = n.parse().ok()?;
        let d: Decimal = d.parse().ok()?;
        n.checked_div(d)
    });
    parsed
        .or_else(|| Decimal::from_f64_retain(r.to_f64()))
        .unwrap_or_default()
}

/// The engine's input for one release, with what is needed to map the
/// engine's statuses back onto the scorecard.
#[derive(Debug, Clone, Default)]
pub(super) struct Gathered {
    /// Values and relations.
    pub relations: Relations,
    /// (period value, achievement) pairs whose achievement is clamped:
    /// published or suppressed together.
    pub units: Vec<(ValueId, ValueId)>,
    /// Entity-table leaves by (indicator, period, entity).
    entity_leaves: HashMap<(String, Period, String), ValueId>,
    /// Cell-table leaves by (indicator, period, entity, cell).
    cell_leaves: HashMap<(String, Period, String, BTreeMap<String, String>), ValueId>,
    /// Cell-table margins over the cells of (indicator, period, entity).
    cell_margins: HashMap<(String, Period, String), ValueId>,
    /// Every table: (name, indicator, cells in row-major order).
    tables: Vec<(String, String, Vec<ValueId>)>,
}

/// One entity's value of one period, as the scorer takes it.
#[derive(Debug, Default)]
struct Reported {
    total: Option<Decimal>,
    cells: Vec<(BTreeMap<String, String>, Decimal)>,
}

impl Reported {
    /// The total if any, else the sum of the cells.
    fn value(&self) -> Decimal {
        self.total.unwrap_or_else(|| {
            self.cells
                .iter()
                .fold(Decimal::ZERO, |s, (_, v)| s.saturating_add(*v))
        })
    }
}

/// The categories of one indicator dimension present in the data, as a
/// table dimension: flat under `total`, except `municipio`, under its
/// `departamento` (the first two digits of its code, when the plan lists
/// that departamento).
fn dimension(
    plan: &Plan,
    id: &str,
    present: &BTreeSet<String>,
) -> Result<Dimension, DisclosureError> {
    let ordered: Vec<&str> = match plan.dimension(id) {
        Some(d) => d
            .values
            .iter()
            .map(String::as_str)
            .filter(|v| present.contains(*v))
            .collect(),
        None => present.iter().map(String::as_str).collect(),
    };
    if id == "municipio" {
        if let Some(departamentos) = plan.dimension("departamento") {
            let parent_of = |m: &str| -> Option<String> {
                let d = m.get(..2)?;
                departamentos
                    .values
                    .iter()
                    .any(|v| v == d)
                    .then(|| d.to_string())
            };
            if ordered.iter().all(|m| parent_of(m).is_some()) {
                let mut nodes: Vec<(String, Option<String>)> = vec![(TOTAL.to_string(), None)];
                let mut seen = BTreeSet::new();
                for d in &departamentos.values {
                    if ordered
                        .iter()
                        .any(|m| parent_of(m).as_deref() == Some(d.as_str()))
                        && seen.insert(d.clone())
                    {
                        nodes.push((d.clone(), Some(TOTAL.to_string())));
                    }
                }
                for m in &ordered {
                    nodes.push((m.to_string(), parent_of(m)));
                }
                return Dimension::tree(id, &nodes);
            }
        }
    }
    Dimension::flat(id, TOTAL, &ordered)
}

/// Gathers the values and relations of a public release.
pub(super) fn gather(
    plan: &Plan,
    ledger: &Ledger,
    scorecard: &Scorecard,
    config: &PublicConfig,
) -> Result<Gathered, DisclosureError> {
    let mut g = Gathered::default();
    let sensitive: BTreeSet<&str> = plan
        .indicators()
        .filter(|i| config.is_sensitive(&i.id, i.sensitive))
        .map(|i| i.id.as_str())
        .collect();
    // Entity-table leaves per sensitive indicator: (period, entity, id).
    let mut leaves_of: HashMap<String, Vec<(Period, EntityIndex, ValueId)>> = HashMap::new();
    for index in plan.indicator_indexes() {
        let ind = plan.indicator_at(index);
        if !sensitive.contains(ind.id.as_str()) || !ind.measure.is_additive() {
            continue;
        }
        let mut by_year: BTreeMap<i32, BTreeMap<(Period, EntityIndex), Reported>> = BTreeMap::new();
        for (period, entity, cell, value) in visible_official(ledger, index, scorecard.known_on) {
            if period.start() > scorecard.as_of {
                continue;
            }
            let r = by_year
                .entry(period.year())
                .or_default()
                .entry((period, entity))
                .or_default();
            if cell.is_empty() {
                r.total = Some(value);
            } else {
                r.cells.push((cell, value));
            }
        }
        for (year, reported) in by_year {
            let leaves = add_year_tables(&mut g, plan, &ind.id, &ind.dimensions, year, &reported)?;
            leaves_of.entry(ind.id.clone()).or_default().extend(leaves);
        }
    }
    // Every scored node's score, before the relations that use them.
    for node in &scorecard.nodes {
        if let Some(s) = node.score {
            let id = g.relations.add_value(
                score_key(&node.id),
                exact(s.to_decimal()),
                ValueClass::Score,
                false,
            )?;
            bound_by_band(&mut g.relations, id, scorecard, node.band)?;
        }
    }
    for node in &scorecard.nodes {
        // Items are gathered whether or not their indicator has a score: a
        // value shown without an achievement is still a count.
        let parent = g.relations.id(&score_key(&node.id));
        match &node.explanation {
            Explanation::Indicator { items } => {
                let ind_sensitive = sensitive.contains(node.id.as_str());
                let accumulation = plan.indicator(&node.id).map(|i| i.accumulation);
                let leaves = leaves_of.get(&node.id).map(Vec::as_slice).unwrap_or(&[]);
                let mut achievements = Vec::new();
                for item in items {
                    if let Some(a) = add_item(
                        &mut g,
                        plan,
                        scorecard,
                        &node.id,
                        item,
                        ind_sensitive,
                        accumulation == Some(Accumulation::Flow),
                        leaves,
                    )? {
                        achievements.push((a, Rational::ONE));
                    }
                }
                if let (Some(parent), false) = (parent, achievements.is_empty()) {
                    g.relations
                        .add_weighted_mean(parent, &achievements, Some(6))?;
                }
            }
            Explanation::Children { children } => {
                let Some(parent) = parent else { continue };
                let mut terms = Vec::new();
                for c in children {
                    if c.score.is_none() || c.weight <= Decimal::ZERO {
                        continue;
                    }
                    let id = g
                        .relations
                        .id(&score_key(&c.id))
                        .ok_or_else(|| missing(&c.id))?;
                    terms.push((id, exact(c.weight)));
                }
                if !terms.is_empty() {
                    g.relations.add_weighted_mean(parent, &terms, Some(6))?;
                }
            }
        }
    }
    add_entity_scores(&mut g, plan, scorecard)?;
    add_social_audit(&mut g, scorecard, &sensitive)?;
    Ok(g)
}

fn missing(id: &str) -> DisclosureError {
    DisclosureError::BadRelation {
        label: format!("weighted mean {}", score_key(id)),
        reason: "a scored child has no score value".into(),
    }
}

/// Adds one year's entity table (and cell table, for an indicator with
/// dimensions) and the relations tying them; returns the entity-table
/// leaves.
fn add_year_tables(
    g: &mut Gathered,
    plan: &Plan,
    indicator: &str,
    dims: &[String],
    year: i32,
    reported: &BTreeMap<(Period, EntityIndex), Reported>,
) -> Result<Vec<(Period, EntityIndex, ValueId)>, DisclosureError> {
    let entities: BTreeSet<EntityIndex> = reported.keys().map(|k| k.1).collect();
    let codes: Vec<&str> = entities
        .iter()
        .map(|&e| plan.entity_at(e).code.as_str())
        .collect();
    let sub_annual = reported.keys().any(|(p, _)| !matches!(p, Period::Year(_)));
    let periods: BTreeSet<Period> = reported.keys().map(|k| k.0).collect();
    let period_codes: Vec<String> = periods.iter().map(Period::to_string).collect();
    let period_refs: Vec<&str> = period_codes.iter().map(String::as_str).collect();
    let mut table_dims = vec![Dimension::flat("entidad", TOTAL, &codes)?];
    if sub_annual {
        table_dims.push(Dimension::flat("periodo", TOTAL, &period_refs)?);
    }
    let by_codes: HashMap<(String, String), (Period, EntityIndex, Decimal)> = reported
        .iter()
        .map(|(&(p, e), r)| {
            (
                (plan.entity_at(e).code.clone(), p.to_string()),
                (p, e, r.value()),
            )
        })
        .collect();
    let single_period = period_codes.first().cloned().unwrap_or_default();
    let name = format!("{indicator}|{year}|entidad");
    let table = g
        .relations
        .add_table(&name, &table_dims, true, ValueClass::GrandTotal, |c| {
            let period = if sub_annual {
                c[1]
            } else {
                single_period.as_str()
            };
            by_codes
                .get(&(c[0].to_string(), period.to_string()))
                .map_or(Rational::ZERO, |v| exact(v.2))
        })?;
    g.tables
        .push((name, indicator.to_string(), table.cells().to_vec()));
    let mut leaves = Vec::new();
    let mut entity_leaf: HashMap<(Period, EntityIndex), ValueId> = HashMap::new();
    for &(p, e) in reported.keys() {
        let code = plan.entity_at(e).code.as_str();
        let p_code = p.to_string();
        let mut at = vec![code];
        if sub_annual {
            at.push(p_code.as_str());
        }
        if let Some(id) = table.cell(&at) {
            leaves.push((p, e, id));
            entity_leaf.insert((p, e), id);
            g.entity_leaves
                .insert((indicator.to_string(), p, code.to_string()), id);
        }
    }
    // The cell table: only when every cell names every dimension of the
    // indicator (the ledger's checks see to it; anything else is left out
    // of the table rather than guessed).
    let with_cells: Vec<(&(Period, EntityIndex), &Reported)> = reported
        .iter()
        .filter(|(_, r)| !r.cells.is_empty())
        .collect();
    let complete = with_cells.iter().all(|(_, r)| {
        r.cells
            .iter()
            .all(|(c, _)| c.len() == dims.len() && dims.iter().all(|d| c.contains_key(d)))
    });
    if dims.is_empty() || with_cells.is_empty() || !complete {
        return Ok(leaves);
    }
    let cell_entities: BTreeSet<EntityIndex> = with_cells.iter().map(|(k, _)| k.1).collect();
    let cell_codes: Vec<&str> = cell_entities
        .iter()
        .map(|&e| plan.entity_at(e).code.as_str())
        .collect();
    let cell_periods: BTreeSet<Period> = with_cells.iter().map(|(k, _)| k.0).collect();
    let cell_period_codes: Vec<String> = cell_periods.iter().map(Period::to_string).collect();
    let cell_period_refs: Vec<&str> = cell_period_codes.iter().map(String::as_str).collect();
    let mut cell_dims = vec![Dimension::flat("entidad", TOTAL, &cell_codes)?];
    if sub_annual {
        cell_dims.push(Dimension::flat("periodo", TOTAL, &cell_period_refs)?);
    }
    for d in dims {
        let present: BTreeSet<String> = with_cells
            .iter()
            .flat_map(|(_, r)| r.cells.iter().filter_map(|(c, _)| c.get(d).cloned()))
            .collect();
        cell_dims.push(dimension(plan, d, &present)?);
    }
    let mut by_cell: HashMap<Vec<String>, Decimal> = HashMap::new();
    for (&(p, e), r) in &with_cells {
        for (cell, v) in &r.cells {
            let mut key = vec![plan.entity_at(e).code.clone()];
            if sub_annual {
                key.push(p.to_string());
            }
            key.extend(dims.iter().map(|d| cell[d].clone()));
            by_cell.insert(key, *v);
        }
    }
    let cell_name = format!("{indicator}|{year}|celdas");
    let cell_table =
        g.relations
            .add_table(&cell_name, &cell_dims, true, ValueClass::Margin, |c| {
                let key: Vec<String> = c.iter().map(|s| s.to_string()).collect();
                by_cell.get(&key).map_or(Rational::ZERO, |v| exact(*v))
            })?;
    for (&(p, e), r) in &with_cells {
        let code = plan.entity_at(e).code.clone();
        let p_code = p.to_string();
        let mut at: Vec<&str> = vec![code.as_str()];
        if sub_annual {
            at.push(p_code.as_str());
        }
        let fixed = at.len();
        for (cell, _) in &r.cells {
            let mut full = at.clone();
            full.extend(dims.iter().map(|d| cell[d].as_str()));
            if let Some(id) = cell_table.cell(&full) {
                g.cell_leaves
                    .insert((indicator.to_string(), p, code.clone(), cell.clone()), id);
            }
        }
        let mut margin = at.clone();
        margin.extend(std::iter::repeat_n(TOTAL, cell_dims.len() - fixed));
        if let Some(id) = cell_table.cell(&margin) {
            g.cell_margins
                .insert((indicator.to_string(), p, code.clone()), id);
            // An entity whose value is the sum of its cells: the reader
            // sees the same number in both tables.
            if r.total.is_none() {
                if let Some(&leaf) = entity_leaf.get(&(p, e)) {
                    g.relations.add_sum(leaf, &[id])?;
                }
            }
        }
    }
    g.tables.push((
        cell_name,
        indicator.to_string(),
        cell_table.cells().to_vec(),
    ));
    Ok(leaves)
}

/// Adds an item's period value and achievement with their relations;
/// returns the achievement's id, if scored.
#[allow(clippy::too_many_arguments)]
fn add_item(
    g: &mut Gathered,
    plan: &Plan,
    scorecard: &Scorecard,
    indicator: &str,
    item: &Item,
    sensitive: bool,
    flow: bool,
    leaves: &[(Period, EntityIndex, ValueId)],
) -> Result<Option<ValueId>, DisclosureError> {
    match item {
        Item::Milestone { achievement, .. } => {
            let Some(a) = achievement else {
                return Ok(None);
            };
            let key = format!("achievement|{indicator}|milestone");
            let id = g
                .relations
                .add_value(key, exact(a.to_decimal()), ValueClass::Score, false)?;
            g.relations.set_upper_bound(id, Rational::ONE)?;
            Ok(Some(id))
        }
        Item::Target {
            period,
            entity,
            baseline,
            target,
            months_ended,
            months,
            value,
            achievement,
            ..
        } => {
            let period_text = period.to_string();
            let value_id = match value {
                None => None,
                Some(v) => {
                    let key = item_key("value", indicator, &period_text, entity.as_deref());
                    let id =
                        g.relations
                            .add_value(key, exact(*v), ValueClass::Margin, sensitive)?;
                    // A flow's period value is the sum of the table cells
                    // the scorer took in.
                    if flow && !leaves.is_empty() {
                        let window = matches!(period, Period::Window(..));
                        let target_entity = entity.as_deref().and_then(|e| plan.entity_idx(e));
                        let mut terms = vec![(id, Rational::ONE)];
                        for &(p, e, leaf) in leaves {
                            if !period.contains(&p) || (window && p.start() > scorecard.as_of) {
                                continue;
                            }
                            if target_entity.is_some_and(|t| !plan.entity_within(e, t)) {
                                continue;
                            }
                            terms.push((leaf, Rational::integer(-1)));
                        }
                        g.relations.add_relation(Relation {
                            label: format!("sum value {indicator} {period_text}"),
                            terms,
                            constant: Rational::ZERO,
                            tolerance: Rational::ZERO,
                        })?;
                    }
                    Some(id)
                }
            };
            let Some(a) = achievement else {
                return Ok(None);
            };
            let key = item_key("achievement", indicator, &period_text, entity.as_deref());
            let a_id =
                g.relations
                    .add_value(key, exact(a.to_decimal()), ValueClass::Score, false)?;
            g.relations.set_upper_bound(a_id, Rational::ONE)?;
            if let Some(v_id) = value_id {
                // a = (A − B)/(T′ − B), T′ − B = (T − B)·m/M for a window.
                let span = exact(*target - *baseline);
                let span = match (months_ended, months) {
                    (Some(m), Some(total)) if *total > 0 => {
                        &(&span * &Rational::integer(*m))
                            * &Rational::integer(*total).recip().unwrap_or(Rational::ONE)
                    }
                    _ => span,
                };
                let relation = Relation {
                    label: format!("achievement {indicator} {period_text}"),
                    terms: vec![(a_id, span.clone()), (v_id, Rational::integer(-1))],
                    constant: -&exact(*baseline),
                    tolerance: &span.abs() * &exact(Decimal::new(5, 7)),
                };
                if span.is_zero() {
                    g.units.push((v_id, a_id));
                } else {
                    match g.relations.add_relation(relation) {
                        Ok(()) => {}
                        // Clamped: the achievement tells only an inequality.
                        Err(DisclosureError::RelationNotSatisfied { .. }) => {
                            g.units.push((v_id, a_id));
                        }
                        Err(e) => return Err(e),
                    }
                }
            }
            Ok(Some(a_id))
        }
    }
}

/// Entity scores: the mean of the scores of the actions each answers for.
fn add_entity_scores(
    g: &mut Gathered,
    plan: &Plan,
    scorecard: &Scorecard,
) -> Result<(), DisclosureError> {
    let mut covered: HashMap<EntityIndex, Vec<ActionIndex>> = HashMap::new();
    for a in plan.action_indexes() {
        for &e in plan.covered_entities(a) {
            covered.entry(e).or_default().push(a);
        }
    }
    for entity in &scorecard.entities {
        let Some(s) = entity.score else { continue };
        let id = g.relations.add_value(
            entity_score_key(&entity.code),
            exact(s.to_decimal()),
            ValueClass::Score,
            false,
        )?;
        bound_by_band(&mut g.relations, id, scorecard, entity.band)?;
        let Some(e) = plan.entity_idx(&entity.code) else {
            continue;
        };
        let mut terms = Vec::new();
        for &a in covered.get(&e).map(Vec::as_slice).unwrap_or(&[]) {
            if let Some(child) = g.relations.id(&score_key(&plan.action_at(a).id)) {
                terms.push((child, Rational::ONE));
            }
        }
        if !terms.is_empty() {
            g.relations.add_weighted_mean(id, &terms, Some(6))?;
        }
    }
    add_ranking_orders(g, scorecard)
}

/// What the annual report's ranking tells of the entity scores it ranks,
/// confidential ones keeping their place: within a group, each ranked
/// score is at least a millionth (scores have 6 decimals) above the next
/// one, or equal to it where they share a rank.
fn add_ranking_orders(g: &mut Gathered, scorecard: &Scorecard) -> Result<(), DisclosureError> {
    let ranked = |r: &&RankedEntity| r.rank.is_some();
    let millionth = exact(Decimal::new(1, 6));
    for pair in scorecard
        .rankings
        .iter()
        .filter(ranked)
        .collect::<Vec<_>>()
        .windows(2)
    {
        let [above, below] = pair else { continue };
        if above.group != below.group {
            continue;
        }
        let id = |code: &str| g.relations.id(&entity_score_key(code));
        let (Some(higher), Some(lower)) = (id(&above.code), id(&below.code)) else {
            continue;
        };
        if above.rank == below.rank {
            g.relations.add_relation(Relation {
                label: format!("rank shared by {} and {}", above.code, below.code),
                terms: vec![(higher, Rational::ONE), (lower, Rational::MINUS_ONE)],
                constant: Rational::ZERO,
                tolerance: Rational::ZERO,
            })?;
        } else {
            g.relations.add_order(higher, lower, millionth.clone())?;
        }
    }
    Ok(())
}

/// The table value with this value, or a sensitive value of its own.
fn tied_or_own(
    g: &mut Gathered,
    tied: Option<ValueId>,
    value: Decimal,
    own_key: String,
) -> Result<ValueId, DisclosureError> {
    let value = exact(value);
    if let Some(id) = tied.filter(|id| g.relations.value(*id).value == value) {
        return Ok(id);
    }
    if let Some(id) = g.relations.id(&own_key) {
        return Ok(id);
    }
    g.relations
        .add_value(own_key, value, ValueClass::Inner, true)
}

/// Discrepancies and consistency notes of sensitive indicators.
fn add_social_audit(
    g: &mut Gathered,
    scorecard: &Scorecard,
    sensitive: &BTreeSet<&str>,
) -> Result<(), DisclosureError> {
    for d in &scorecard.discrepancies {
        if !sensitive.contains(d.indicator.as_str()) {
            continue;
        }
        let tied = if d.cell.is_empty() {
            g.entity_leaves
                .get(&(d.indicator.clone(), d.period, d.entity.clone()))
                .copied()
        } else {
            g.cell_leaves
                .get(&(
                    d.indicator.clone(),
                    d.period,
                    d.entity.clone(),
                    d.cell.clone(),
                ))
                .copied()
        };
        let key = audit_key("official", &d.indicator, d.period, &d.entity, &d.cell);
        tied_or_own(g, tied, d.official, key)?;
        let key = audit_key("verification", &d.indicator, d.period, &d.entity, &d.cell);
        tied_or_own(g, None, d.verification, key)?;
    }
    for n in &scorecard.consistency {
        if !sensitive.contains(n.indicator.as_str()) {
            continue;
        }
        let at = (n.indicator.clone(), n.period, n.entity.clone());
        let tied = g.entity_leaves.get(&at).copied();
        let none = BTreeMap::new();
        let key = audit_key("total", &n.indicator, n.period, &n.entity, &none);
        tied_or_own(g, tied, n.total, key)?;
        let tied = g.cell_margins.get(&at).copied();
        let key = audit_key("cells_sum", &n.indicator, n.period, &n.entity, &none);
        tied_or_own(g, tied, n.cells_sum, key)?;
    }
    Ok(())
}

/// The engine's statuses applied to the scorecard.
pub(super) struct Shown<'a> {
    pub gathered: &'a Gathered,
    pub statuses: &'a [Status],
}

impl Shown<'_> {
    /// How the value with this key is shown: published, unless the engine
    /// suppressed it. A key the engine does not hold is not derived from a
    /// sensitive count (a non-sensitive indicator's discrepancy).
    fn shown<T>(&self, key: &str, value: T) -> Published<T> {
        match self.gathered.relations.id(key) {
            Some(id) if self.statuses[id.index()].is_suppressed() => Published::Confidential,
            _ => Published::Value(value),
        }
    }

    /// A value known by its id.
    fn shown_id<T>(&self, id: Option<ValueId>, value: T) -> Published<T> {
        match id {
            Some(id) if self.statuses[id.index()].is_suppressed() => Published::Confidential,
            _ => Published::Value(value),
        }
    }

    fn score(&self, key: &str, score: Option<Score>) -> Option<Published<Score>> {
        score.map(|s| self.shown(key, s))
    }

    pub fn nodes(&self, scorecard: &Scorecard) -> Vec<PublicNode> {
        scorecard
            .nodes
            .iter()
            .map(|node| {
                let explanation = match &node.explanation {
                    Explanation::Children { children } => PublicExplanation::Children {
                        children: children
                            .iter()
                            .map(|c| PublicChild {
                                id: c.id.clone(),
                                score: self.score(&score_key(&c.id), c.score),
                                weight: c.weight,
                            })
                            .collect(),
                    },
                    Explanation::Indicator { items } => PublicExplanation::Indicator {
                        items: items.iter().map(|i| self.item(&node.id, i)).collect(),
                    },
                };
                PublicNode {
                    id: node.id.clone(),
                    level: node.level,
                    score: self.score(&score_key(&node.id), node.score),
                    band: node.band,
                    coverage: node.coverage,
                    status: node.status,
                    explanation,
                }
            })
            .collect()
    }

    fn item(&self, indicator: &str, item: &Item) -> PublicItem {
        match item {
            Item::Milestone {
                due,
                achieved_on,
                state,
                achievement,
                ..
            } => PublicItem::Milestone {
                due: *due,
                achieved_on: *achieved_on,
                state: *state,
                achievement: self
                    .score(&format!("achievement|{indicator}|milestone"), *achievement),
            },
            Item::Target {
                period,
                entity,
                baseline,
                target,
                months_ended,
                months,
                on_track_target,
                value,
                achievement,
                note,
                ..
            } => {
                let p = period.to_string();
                let e = entity.as_deref();
                PublicItem::Target {
                    period: *period,
                    entity: entity.clone(),
                    baseline: *baseline,
                    target: *target,
                    months_ended: *months_ended,
                    months: *months,
                    on_track_target: *on_track_target,
                    value: value.map(|v| self.shown(&item_key("value", indicator, &p, e), v)),
                    achievement: self
                        .score(&item_key("achievement", indicator, &p, e), *achievement),
                    note: note.code(),
                }
            }
        }
    }

    pub fn entities(&self, scorecard: &Scorecard) -> Vec<PublicEntity> {
        scorecard
            .entities
            .iter()
            .map(|e| PublicEntity {
                code: e.code.clone(),
                score: self.score(&entity_score_key(&e.code), e.score),
                band: e.band,
                actions: e.actions,
                scored_actions: e.scored_actions,
                overdue: e.overdue.clone(),
            })
            .collect()
    }

    /// The value a social-audit figure was tied to (see [`tied_or_own`]).
    fn audit_id(&self, tied: Option<ValueId>, value: Decimal, own_key: &str) -> Option<ValueId> {
        let exact_value = exact(value);
        tied.filter(|id| self.gathered.relations.value(*id).value == exact_value)
            .or_else(|| self.gathered.relations.id(own_key))
    }

    pub fn discrepancies(&self, scorecard: &Scorecard) -> Vec<PublicDiscrepancy> {
        let g = self.gathered;
        scorecard
            .discrepancies
            .iter()
            .map(|d| {
                let tied = if d.cell.is_empty() {
                    g.entity_leaves
                        .get(&(d.indicator.clone(), d.period, d.entity.clone()))
                        .copied()
                } else {
                    g.cell_leaves
                        .get(&(
                            d.indicator.clone(),
                            d.period,
                            d.entity.clone(),
                            d.cell.clone(),
                        ))
                        .copied()
                };
                let official_key =
                    audit_key("official", &d.indicator, d.period, &d.entity, &d.cell);
                let verification_key =
                    audit_key("verification", &d.indicator, d.period, &d.entity, &d.cell);
                PublicDiscrepancy {
                    indicator: d.indicator.clone(),
                    period: d.period,
                    entity: d.entity.clone(),
                    cell: d.cell.clone(),
                    official: self
                        .shown_id(self.audit_id(tied, d.official, &official_key), d.official),
                    verification: self.shown(&verification_key, d.verification),
                }
            })
            .collect()
    }

    pub fn consistency(&self, scorecard: &Scorecard) -> Vec<PublicConsistencyNote> {
        let g = self.gathered;
        let none = BTreeMap::new();
        scorecard
            .consistency
            .iter()
            .map(|n| {
                let at = (n.indicator.clone(), n.period, n.entity.clone());
                let total_key = audit_key("total", &n.indicator, n.period, &n.entity, &none);
                let sum_key = audit_key("cells_sum", &n.indicator, n.period, &n.entity, &none);
                let total_id =
                    self.audit_id(g.entity_leaves.get(&at).copied(), n.total, &total_key);
                let sum_id = self.audit_id(g.cell_margins.get(&at).copied(), n.cells_sum, &sum_key);
                PublicConsistencyNote {
                    indicator: n.indicator.clone(),
                    period: n.period,
                    entity: n.entity.clone(),
                    total: self.shown_id(total_id, n.total),
                    cells_sum: self.shown_id(sum_id, n.cells_sum),
                    cells: n.cells,
                }
            })
            .collect()
    }

    pub fn cells(&self) -> Vec<PublicCell> {
        let rel = &self.gathered.relations;
        let mut out = Vec::new();
        for (table, indicator, ids) in &self.gathered.tables {
            for &id in ids {
                let v = rel.value(id);
                out.push(PublicCell {
                    key: v.key.clone(),
                    table: table.clone(),
                    indicator: indicator.clone(),
                    coordinates: v
                        .cell
                        .as_ref()
                        .map(|c| c.coordinates.clone())
                        .unwrap_or_default(),
                    value: self.shown_id(Some(id), to_decimal(&v.value)),
                });
            }
        }
        out
    }
}
