//! Validation of records against the plan (SPEC §2): each check names the
//! field at fault and says why.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::records::*;
use super::store::*;
use super::{parse, ObservationFields};
use crate::period::{Granularity, Period};
use crate::plan::{
    DimensionIndex, EntityIndex, Frequency, IndicatorIndex, Measure, Plan, MAX_INDICATOR_DIMENSIONS,
};

pub(crate) type Check<T> = Result<T, (&'static str, String)>;

/// Validation of typed records against the plan (SPEC §2).
pub(crate) struct Checker<'p> {
    pub(crate) plan: &'p Plan,
}

impl Checker<'_> {
    fn indicator(&self, id: &str) -> Check<IndicatorIndex> {
        self.plan
            .indicator_idx(id)
            .ok_or_else(|| ("indicator", format!("unknown indicator {id:?}")))
    }

    fn entity(&self, code: &str) -> Check<EntityIndex> {
        self.plan
            .entity_idx(code)
            .ok_or_else(|| ("entity", format!("unknown entity {code:?}")))
    }

    fn responsible(&self, indicator: IndicatorIndex, entity: EntityIndex) -> Check<()> {
        let action = self.plan.indicator_action(indicator);
        if self.plan.may_report(action, entity) {
            return Ok(());
        }
        let codes: Vec<&str> = self
            .plan
            .action_at(action)
            .responsible
            .iter()
            .map(|r| r.code.as_str())
            .collect();
        Err((
            "entity",
            format!(
                "{} is not responsible for action {} (responsible: {}; coordinator: {})",
                self.plan.entity_at(entity).code,
                self.plan.action_at(action).id,
                codes.join(", "),
                self.plan.coordinator()
            ),
        ))
    }

    /// The value fits the indicator's measure.
    fn value(&self, indicator: IndicatorIndex, field: &'static str, value: Decimal) -> Check<()> {
        let ind = self.plan.indicator_at(indicator);
        let fail = |why: String| Err((field, why));
        match ind.measure {
            Measure::Count if value < Decimal::ZERO || !value.fract().is_zero() => fail(format!(
                "{value} is not a count: a count is a whole number ≥ 0"
            )),
            Measure::Amount if value < Decimal::ZERO => {
                fail(format!("{value} is a negative amount"))
            }
            Measure::Percentage if value < Decimal::ZERO || value > Decimal::ONE_HUNDRED => {
                fail(format!("{value} is not a percentage between 0 and 100"))
            }
            Measure::Level if value < Decimal::ZERO => fail(format!("{value} is a negative level")),
            _ => Ok(()),
        }
    }

    /// The period lies inside the indicator's plazo window.
    fn within_plazo(&self, indicator: IndicatorIndex, period: Period) -> Check<()> {
        let plazo = self.plan.indicator_plazo(indicator);
        let window = Period::Window(plazo.start_year, plazo.end_year);
        if window.contains(&period) {
            Ok(())
        } else {
            Err((
                "period",
                format!(
                    "period {period} is outside the indicator's plazo {:?} ({window})",
                    plazo.label
                ),
            ))
        }
    }

    fn recorded_after_start(&self, period: Period, recorded_on: Option<NaiveDate>) -> Check<()> {
        match recorded_on {
            Some(r) if period.start() > r => Err((
                "recorded_on",
                format!(
                    "recorded on {r}, before its period {period} starts on {}",
                    period.start()
                ),
            )),
            _ => Ok(()),
        }
    }

    pub(crate) fn target(&self, t: &Target) -> Check<StoredTarget> {
        let indicator = self.indicator(&t.indicator)?;
        let ind = self.plan.indicator_at(indicator);
        if matches!(ind.measure, Measure::Text | Measure::Milestone) {
            return Err((
                "indicator",
                format!(
                    "{} is a {} indicator, which takes no target{}",
                    ind.id,
                    ind.measure.as_str(),
                    if ind.measure == Measure::Milestone {
                        " (its deadline is its plazo's end)"
                    } else {
                        ""
                    }
                ),
            ));
        }
        let entity = match &t.entity {
            Some(code) => {
                let e = self.entity(code)?;
                self.responsible(indicator, e)?;
                Some(e)
            }
            None => None,
        };
        let plazo = self.plan.indicator_plazo(indicator);
        let window = Period::Window(plazo.start_year, plazo.end_year);
        match t.period {
            Period::Year(_) => {
                if ind.frequency == Frequency::Biennial {
                    return Err((
                        "period",
                        format!(
                            "{} is reported every two years, less often than yearly: give it a target for its window {window}",
                            ind.id
                        ),
                    ));
                }
                self.within_plazo(indicator, t.period)?;
            }
            Period::Window(..) if t.period == window => {}
            other => {
                return Err((
                    "period",
                    format!(
                        "a target is for a year or for the indicator's whole window {window}, not {other}"
                    ),
                ))
            }
        }
        self.value(indicator, "baseline", t.baseline)?;
        self.value(indicator, "value", t.value)?;
        if t.value == t.baseline {
            return Err((
                "value",
                format!(
                    "target value {} equals its baseline: nothing to achieve",
                    t.value
                ),
            ));
        }
        Ok(StoredTarget {
            indicator,
            period: t.period,
            entity,
            baseline: t.baseline,
            value: t.value,
            recorded_on: t.recorded_on,
        })
    }

    pub(crate) fn observation(&self, o: &ObservationFields) -> Check<(StoredObservation, CellBuf)> {
        let indicator = self.indicator(o.indicator)?;
        let ind = self.plan.indicator_at(indicator);
        let entity = self.entity(o.entity)?;
        let Some(granularity) = Granularity::for_frequency(ind.frequency) else {
            return Err((
                "indicator",
                format!(
                    "{} is a milestone: report it as a milestone with its achieved_on date",
                    ind.id
                ),
            ));
        };
        if ind.measure == Measure::Text {
            return Err((
                "indicator",
                format!("{} is a text indicator: monitored in narrative reports, not observed as a number", ind.id),
            ));
        }
        if o.period.granularity() != granularity {
            return Err((
                "period",
                format!(
                    "{} is reported {}: its periods are a {}, not a {} ({})",
                    ind.id,
                    ind.frequency.as_str(),
                    granularity.as_str(),
                    o.period.granularity().as_str(),
                    o.period
                ),
            ));
        }
        self.within_plazo(indicator, o.period)?;
        self.recorded_after_start(o.period, o.recorded_on)?;
        self.value(indicator, "value", o.value)?;
        let cell = self.cell(indicator, o.cell)?;
        if o.source == Source::Official {
            self.responsible(indicator, entity)?;
        }
        Ok((
            StoredObservation {
                indicator,
                entity,
                source: o.source,
                cell: 0,
                period: o.period,
                value: o.value,
                recorded_on: o.recorded_on,
            },
            cell,
        ))
    }

    /// Checks a cell against the indicator's dimensions: all of them or none
    /// (the total), each with an allowed value.
    fn cell(&self, indicator: IndicatorIndex, cell: &[(&str, &str)]) -> Check<CellBuf> {
        let mut key = CellBuf::default();
        if cell.is_empty() {
            return Ok(key);
        }
        let ind = self.plan.indicator_at(indicator);
        let dims = self.plan.dimensions();
        // Report problems in dimension order, whatever order the cell came in.
        let mut sorted = [("", ""); MAX_INDICATOR_DIMENSIONS];
        let mut n = 0;
        for &(dim, value) in cell {
            if !ind.dimensions.iter().any(|d| d == dim) {
                let has = if ind.dimensions.is_empty() {
                    "none".to_string()
                } else {
                    ind.dimensions.join(", ")
                };
                return Err((
                    "cell",
                    format!(
                        "{} has no dimension {dim:?} (its dimensions: {has})",
                        ind.id
                    ),
                ));
            }
            if n == MAX_INDICATOR_DIMENSIONS {
                return Err((
                    "cell",
                    format!("a cell names at most {MAX_INDICATOR_DIMENSIONS} dimensions"),
                ));
            }
            sorted[n] = (dim, value);
            n += 1;
        }
        let sorted = &mut sorted[..n];
        sorted.sort_unstable();
        for &(dim, value) in sorted.iter() {
            let d = self
                .plan
                .dimension_idx(dim)
                .unwrap_or(DimensionIndex::new(0));
            let Some(v) = self.plan.dimension_value_idx(d, value) else {
                let values = &dims[d.get()].values;
                let allowed: Vec<&str> = values.iter().take(8).map(String::as_str).collect();
                let more = if values.len() > 8 { ", …" } else { "" };
                return Err((
                    "cell",
                    format!(
                        "{value:?} is not a value of dimension {dim:?} (allowed: {}{more})",
                        allowed.join(", ")
                    ),
                ));
            };
            key.pairs[key.len] = (d, v);
            key.len += 1;
        }
        if n != ind.dimensions.len() {
            let missing: Vec<&str> = ind
                .dimensions
                .iter()
                .filter(|d| !sorted.iter().any(|(named, _)| named == d))
                .map(String::as_str)
                .collect();
            return Err((
                "cell",
                format!(
                    "the cell names some but not all of {}'s dimensions: missing {}",
                    ind.id,
                    missing.join(", ")
                ),
            ));
        }
        key.pairs[..key.len].sort_unstable();
        Ok(key)
    }

    pub(crate) fn milestone(&self, m: &Milestone) -> Check<StoredMilestone> {
        let indicator = self.indicator(&m.indicator)?;
        let ind = self.plan.indicator_at(indicator);
        if ind.measure != Measure::Milestone {
            return Err((
                "indicator",
                format!(
                    "{} is a {} indicator, not a milestone",
                    ind.id,
                    ind.measure.as_str()
                ),
            ));
        }
        let entity = self.entity(&m.entity)?;
        self.responsible(indicator, entity)?;
        if let Some(r) = m.recorded_on {
            if m.achieved_on > r {
                return Err((
                    "achieved_on",
                    format!(
                        "achieved on {}, after it was recorded on {r}",
                        m.achieved_on
                    ),
                ));
            }
        }
        Ok(StoredMilestone {
            indicator,
            entity,
            achieved_on: m.achieved_on,
            recorded_on: m.recorded_on,
        })
    }

    pub(crate) fn submission(&self, s: &Submission) -> Check<StoredSubmission> {
        let entity = self.entity(&s.entity)?;
        if s.period.granularity() != s.kind.granularity() {
            return Err((
                "period",
                format!(
                    "{} {} report covers a {}, not a {} ({})",
                    parse::article(s.kind.as_str()),
                    s.kind.as_str(),
                    s.kind.granularity().as_str(),
                    s.period.granularity().as_str(),
                    s.period
                ),
            ));
        }
        if s.submitted_on < s.period.start() {
            return Err((
                "submitted_on",
                format!(
                    "submitted on {}, before its period {} starts",
                    s.submitted_on, s.period
                ),
            ));
        }
        Ok(StoredSubmission {
            entity,
            kind: s.kind,
            period: s.period,
            submitted_on: s.submitted_on,
        })
    }

    pub(crate) fn obligation(&self, o: &Obligation) -> Check<StoredObligation> {
        let entity = self.entity(&o.entity)?;
        if o.to < o.from {
            return Err((
                "to",
                format!(
                    "the obligation ends ({}) before it starts ({})",
                    o.to, o.from
                ),
            ));
        }
        Ok(StoredObligation {
            entity,
            kind: o.kind,
            from: o.from,
            to: o.to,
        })
    }
}
