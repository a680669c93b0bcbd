//! Observations whose texts a columnar intake has already resolved against
//! the plan: a dictionary-encoded column's values are looked up once per
//! dictionary entry ([`Resolver`]), not once per row, and each row is
//! handed over as plan indexes ([`ResolvedObservation`]).
//!
//! Such a row is stored only when it passes every check the ledger makes
//! of an observation; otherwise the intake reads that row again by value,
//! through the one record reader, so its rejection (field, reason, order)
//! is exactly that of any other input. The checks here therefore only ever
//! say "valid, and stored as the checker would store it" or "read it by
//! value": a test holds them to the checker's verdict.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::store::{CellBuf, PackedObservation, StoredObservation};
use super::{CheckedRow, CheckedRows};
use crate::period::{Granularity, Period};
use crate::plan::{
    DimensionIndex, DimensionValueIndex, EntityIndex, EntityMatch, IndicatorIndex, Measure, Plan,
    MAX_INDICATOR_DIMENSIONS,
};
use crate::read::ResolvedSink;
use crate::values;

use super::Source;

/// Resolves the texts of an observation's fields against a plan as the
/// record reader reads them (trimmed where it trims, parsed as it parses):
/// `None` whenever the reader would not take the text as it is, so that the
/// row is read by value and refused with the usual message.
#[derive(Debug, Clone, Copy)]
pub struct Resolver<'p> {
    plan: &'p Plan,
}

impl<'p> Resolver<'p> {
    /// A resolver for the plan of the ledger the rows go into.
    pub fn new(plan: &'p Plan) -> Resolver<'p> {
        Resolver { plan }
    }

    /// An indicator's id.
    pub fn indicator(&self, text: &str) -> Option<IndicatorIndex> {
        self.plan.indicator_idx(values::trim(text))
    }

    /// An entity's code, naming exactly one entity.
    pub fn entity(&self, text: &str) -> Option<EntityIndex> {
        match self.plan.lookup_entity(values::trim(text)) {
            EntityMatch::One(entity) => Some(entity),
            _ => None,
        }
    }

    /// A period's text.
    pub fn period(&self, text: &str) -> Option<Period> {
        values::parse_period(text).ok()
    }

    /// A source's text.
    pub fn source(&self, text: &str) -> Option<Source> {
        match values::trim(text) {
            "official" => Some(Source::Official),
            "verification" => Some(Source::Verification),
            _ => None,
        }
    }

    /// The dimension a `cell.<dimension>` column names.
    pub fn dimension(&self, id: &str) -> Option<DimensionIndex> {
        self.plan.dimension_idx(id)
    }

    /// A value of a dimension.
    pub fn dimension_value(
        &self,
        dimension: DimensionIndex,
        text: &str,
    ) -> Option<DimensionValueIndex> {
        self.plan.dimension_value_idx(dimension, values::trim(text))
    }

    /// A number's text, as an exact decimal.
    pub fn number(&self, text: &str) -> Option<Decimal> {
        values::parse_decimal(text).ok()
    }

    /// A number given as a decimal (an integer or fixed-point column): a
    /// zero of either sign has one spelling, as from text.
    pub fn decimal(&self, mut value: Decimal) -> Decimal {
        if value.is_zero() {
            value.set_sign_positive(true);
        }
        value
    }

    /// A date's `YYYY-MM-DD` text.
    pub fn date(&self, text: &str) -> Option<NaiveDate> {
        values::parse_date(text).ok()
    }
}

/// An observation given as plan indexes (from [`Resolver`]) and typed
/// values. `cell` holds `cell_len` (dimension, value) pairs in any order.
#[derive(Debug, Clone, Copy)]
pub struct ResolvedObservation {
    /// [`Resolver::indicator`].
    pub indicator: IndicatorIndex,
    /// [`Resolver::entity`].
    pub entity: EntityIndex,
    /// [`Resolver::period`].
    pub period: Period,
    /// [`Resolver::number`] or [`Resolver::decimal`].
    pub value: Decimal,
    /// [`Resolver::source`], [`Source::Official`] when not given.
    pub source: Source,
    /// [`Resolver::date`] or a date column's date.
    pub recorded_on: Option<NaiveDate>,
    /// (dimension, value) pairs from [`Resolver::dimension`] and
    /// [`Resolver::dimension_value`]: the first `cell_len`.
    pub cell: [(DimensionIndex, DimensionValueIndex); MAX_INDICATOR_DIMENSIONS],
    /// How many pairs of `cell` the row names.
    pub cell_len: usize,
}

impl ResolvedObservation {
    /// No cell yet: the total.
    pub fn empty_cell() -> [(DimensionIndex, DimensionValueIndex); MAX_INDICATOR_DIMENSIONS] {
        [(DimensionIndex::new(0), DimensionValueIndex::new(0)); MAX_INDICATOR_DIMENSIONS]
    }
}

/// The observation as the ledger's checker would store it, when it passes
/// every check the checker makes; `None` when any fails (or an index is not
/// the plan's), so that the row is read by value.
pub(crate) fn accept(plan: &Plan, o: &ResolvedObservation) -> Option<(StoredObservation, CellBuf)> {
    if o.indicator.get() >= plan.indicator_count() || o.entity.get() >= plan.entities().len() {
        return None;
    }
    let ind = plan.indicator_at(o.indicator);
    let granularity = Granularity::for_frequency(ind.frequency)?;
    if ind.measure == Measure::Text || o.period.granularity() != granularity {
        return None;
    }
    let plazo = plan.indicator_plazo(o.indicator);
    if !Period::Window(plazo.start_year, plazo.end_year).contains(&o.period) {
        return None;
    }
    let value = o.value;
    let fits = match ind.measure {
        Measure::Count => value >= Decimal::ZERO && (value.scale() == 0 || value.fract().is_zero()),
        Measure::Amount | Measure::Level => value >= Decimal::ZERO,
        Measure::Percentage => value >= Decimal::ZERO && value <= Decimal::ONE_HUNDRED,
        _ => true,
    };
    if !fits {
        return None;
    }
    let cell = cell(plan, ind.dimensions.as_slice(), o)?;
    if o.source == Source::Official
        && !plan.may_report(plan.indicator_action(o.indicator), o.entity)
    {
        return None;
    }
    if matches!(o.recorded_on, Some(recorded_on) if o.period.start() > recorded_on) {
        return None;
    }
    Some((
        StoredObservation {
            indicator: o.indicator,
            entity: o.entity,
            source: o.source,
            cell: 0,
            period: o.period,
            value,
            recorded_on: o.recorded_on,
        },
        cell,
    ))
}

/// The cell as the checker keys it (pairs sorted), when it names every one
/// of the indicator's dimensions once with an allowed value, or none.
fn cell(plan: &Plan, dimensions: &[String], o: &ResolvedObservation) -> Option<CellBuf> {
    let mut key = CellBuf::default();
    if o.cell_len == 0 {
        return Some(key);
    }
    if o.cell_len != dimensions.len() || o.cell_len > MAX_INDICATOR_DIMENSIONS {
        return None;
    }
    let all = plan.dimensions();
    for &(d, v) in &o.cell[..o.cell_len] {
        let dimension = all.get(d.get())?;
        if v.get() >= dimension.values.len() || !dimensions.contains(&dimension.id) {
            return None;
        }
        key.pairs[key.len] = (d, v);
        key.len += 1;
    }
    let pairs = &mut key.pairs[..key.len];
    pairs.sort_unstable();
    // Each dimension once: with as many pairs as dimensions, all are named.
    if pairs.windows(2).any(|w| w[0].0 == w[1].0) {
        return None;
    }
    Some(key)
}

impl ResolvedSink for CheckedRows {
    fn take_resolved(&mut self, o: &ResolvedObservation) -> bool {
        if self.hold {
            return false;
        }
        let Some((mut observation, cell)) = accept(&self.plan, o) else {
            return false;
        };
        observation.cell = self.cells.id(&cell);
        match PackedObservation::of(observation) {
            Some(packed) => {
                self.packed.push(packed);
                self.rows += 1;
            }
            None => self.push_other(CheckedRow::Valid(observation, cell)),
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::super::check::Checker;
    use super::super::ObservationFields;
    use super::*;

    /// Every combination of a few indicators, entities, periods, values,
    /// sources, dates and cells (valid and not): the checks here accept
    /// exactly what the checker accepts, and store it the same.
    #[test]
    fn resolved_rows_are_accepted_exactly_when_the_checker_accepts_them() {
        let plan = Plan::embedded();
        let resolver = Resolver::new(&plan);
        let dims = plan.dimensions();
        let with_cells: Vec<_> = plan
            .indicators()
            .filter(|i| !i.dimensions.is_empty())
            .take(6)
            .map(|i| i.id.clone())
            .collect();
        let without: Vec<_> = plan
            .indicators()
            .filter(|i| i.dimensions.is_empty())
            .step_by(7)
            .take(12)
            .map(|i| i.id.clone())
            .collect();
        let entities: Vec<_> = plan
            .entities()
            .iter()
            .map(|e| e.code.clone())
            .filter(|code| resolver.entity(code).is_some())
            .step_by(5)
            .take(12)
            .collect();
        let periods = [
            "2005",
            "2008",
            "2012",
            "2017",
            "2030",
            "2009-S1",
            "2010Q3",
            "201103",
            "2008/2012",
        ];
        let numbers = ["0", "12", "12.50", "12.0", "-3", "150", "99.999", "100"];
        let dates = [
            None,
            Some("2007-12-31"),
            Some("2010-01-05"),
            Some("2013-06-30"),
        ];
        let mut checked = 0;
        let mut accepted = 0;
        for indicator in with_cells.iter().chain(&without) {
            let ind_index = resolver.indicator(indicator).unwrap();
            let ind = plan.indicator_at(ind_index);
            // No cell, the whole cell, a partial cell, an unknown dimension.
            let mut cells: Vec<Vec<(String, String)>> = vec![Vec::new()];
            let whole: Vec<(String, String)> = ind
                .dimensions
                .iter()
                .map(|d| {
                    let di = plan.dimension_idx(d).unwrap();
                    (d.clone(), dims[di.get()].values[0].clone())
                })
                .collect();
            if !whole.is_empty() {
                cells.push(whole[..whole.len() - 1].to_vec());
                cells.push(whole.clone());
            }
            let other = dims
                .iter()
                .find(|d| !ind.dimensions.contains(&d.id))
                .unwrap();
            let mut stranger = whole.clone();
            stranger.push((other.id.clone(), other.values[0].clone()));
            cells.push(stranger);
            for entity in &entities {
                for period in periods {
                    for number in numbers {
                        for source in [Source::Official, Source::Verification] {
                            for date in dates {
                                for cell in &cells {
                                    let pairs: Vec<(&str, &str)> = cell
                                        .iter()
                                        .map(|(d, v)| (d.as_str(), v.as_str()))
                                        .collect();
                                    let period = resolver.period(period).unwrap();
                                    let value = resolver.number(number).unwrap();
                                    let recorded_on = date.map(|d| resolver.date(d).unwrap());
                                    let fields = ObservationFields {
                                        indicator,
                                        period,
                                        entity,
                                        cell: &pairs,
                                        value,
                                        source,
                                        recorded_on,
                                    };
                                    let by_checker = Checker { plan: &plan }.observation(&fields);
                                    let mut resolved = ResolvedObservation {
                                        indicator: ind_index,
                                        entity: resolver.entity(entity).unwrap(),
                                        period,
                                        value,
                                        source,
                                        recorded_on,
                                        cell: ResolvedObservation::empty_cell(),
                                        cell_len: 0,
                                    };
                                    for (d, v) in &pairs {
                                        let d = resolver.dimension(d).unwrap();
                                        resolved.cell[resolved.cell_len] =
                                            (d, resolver.dimension_value(d, v).unwrap());
                                        resolved.cell_len += 1;
                                    }
                                    let fast = accept(&plan, &resolved);
                                    checked += 1;
                                    match (&by_checker, &fast) {
                                        (Ok((a, ca)), Some((b, cb))) => {
                                            accepted += 1;
                                            assert_eq!(format!("{a:?}"), format!("{b:?}"));
                                            assert_eq!(
                                                ca.pairs[..ca.len],
                                                cb.pairs[..cb.len],
                                                "{resolved:?}"
                                            );
                                        }
                                        (Err(_), None) => {}
                                        _ => panic!(
                                            "checker {:?}, resolved {:?}: {resolved:?}",
                                            by_checker.is_ok(),
                                            fast.is_some()
                                        ),
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        // Both verdicts were met many times.
        assert!(
            accepted > 1_000 && checked - accepted > 1_000,
            "{accepted} of {checked}"
        );
    }

    #[test]
    fn indexes_of_no_plan_node_are_read_by_value() {
        let plan = Plan::embedded();
        let resolver = Resolver::new(&plan);
        let indicator = plan.indicators().next().unwrap().id.clone();
        let o = ResolvedObservation {
            indicator: resolver.indicator(&indicator).unwrap(),
            entity: EntityIndex::new(plan.entities().len()),
            period: Period::Year(2010),
            value: Decimal::ONE,
            source: Source::Verification,
            recorded_on: None,
            cell: ResolvedObservation::empty_cell(),
            cell_len: 0,
        };
        assert!(accept(&plan, &o).is_none());
    }
}
