//! Validation of records against the plan (SPEC §2): each check names the
//! field at fault and says why, as a coded [`Reason`].

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::records::*;
use super::store::*;
use super::ObservationFields;
use crate::messages::ledger::Reason;
use crate::messages::Excerpt;
use crate::period::{Granularity, Period};
use crate::plan::{
    DimensionIndex, EntityIndex, Frequency, IndicatorIndex, Measure, Plan, MAX_INDICATOR_DIMENSIONS,
};

pub(crate) type Check<T> = Result<T, (&'static str, Reason)>;

/// Validation of typed records against the plan (SPEC §2).
pub(crate) struct Checker<'p> {
    pub(crate) plan: &'p Plan,
}

impl Checker<'_> {
    fn indicator(&self, id: &str) -> Check<IndicatorIndex> {
        self.plan
            .indicator_idx(id)
            .ok_or_else(|| ("indicator", Reason::UnknownIndicator { id: id.into() }))
    }

    fn entity(&self, code: &str) -> Check<EntityIndex> {
        self.plan
            .entity_idx(code)
            .ok_or_else(|| ("entity", Reason::UnknownEntity { code: code.into() }))
    }

    fn responsible(&self, indicator: IndicatorIndex, entity: EntityIndex) -> Check<()> {
        let action = self.plan.indicator_action(indicator);
        if self.plan.may_report(action, entity) {
            return Ok(());
        }
        let responsible = self
            .plan
            .action_at(action)
            .responsible
            .iter()
            .map(|r| r.code.clone())
            .collect();
        Err((
            "entity",
            Reason::NotResponsible {
                entity: self.plan.entity_at(entity).code.clone(),
                action: self.plan.action_at(action).id.clone(),
                responsible,
                coordinator: self.plan.coordinator().to_string(),
            },
        ))
    }

    /// The value fits the indicator's measure.
    fn value(&self, indicator: IndicatorIndex, field: &'static str, value: Decimal) -> Check<()> {
        let ind = self.plan.indicator_at(indicator);
        let fail = |why: Reason| Err((field, why));
        match ind.measure {
            Measure::Count if value < Decimal::ZERO || !value.fract().is_zero() => {
                fail(Reason::NotACount { value })
            }
            Measure::Amount if value < Decimal::ZERO => fail(Reason::NegativeAmount { value }),
            Measure::Percentage if value < Decimal::ZERO || value > Decimal::ONE_HUNDRED => {
                fail(Reason::NotAPercentage { value })
            }
            Measure::Level if value < Decimal::ZERO => fail(Reason::NegativeLevel { value }),
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
                Reason::OutsidePlazo {
                    period,
                    plazo: plazo.label.clone(),
                    window,
                },
            ))
        }
    }

    /// The year lies within the years the plan's records may name.
    fn plan_year(&self, field: &'static str, year: i32) -> Check<()> {
        let years = self.plan.record_years();
        if years.contains(&year) {
            Ok(())
        } else {
            Err((
                field,
                Reason::YearOutsidePlan {
                    year,
                    first: *years.start(),
                    last: *years.end(),
                },
            ))
        }
    }

    fn recorded_after_start(&self, period: Period, recorded_on: Option<NaiveDate>) -> Check<()> {
        match recorded_on {
            Some(recorded_on) if period.start() > recorded_on => Err((
                "recorded_on",
                Reason::RecordedBeforePeriod {
                    recorded_on,
                    period,
                },
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
                Reason::TakesNoTarget {
                    indicator: ind.id.clone(),
                    measure: ind.measure,
                },
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
                        Reason::BiennialTargetYear {
                            indicator: ind.id.clone(),
                            window,
                        },
                    ));
                }
                self.within_plazo(indicator, t.period)?;
            }
            Period::Window(..) if t.period == window => {}
            period => return Err(("period", Reason::TargetPeriod { period, window })),
        }
        self.value(indicator, "baseline", t.baseline)?;
        self.value(indicator, "value", t.value)?;
        if t.value == t.baseline {
            return Err(("value", Reason::TargetEqualsBaseline { value: t.value }));
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
                Reason::MilestoneObserved {
                    indicator: ind.id.clone(),
                },
            ));
        };
        if ind.measure == Measure::Text {
            return Err((
                "indicator",
                Reason::TextObserved {
                    indicator: ind.id.clone(),
                },
            ));
        }
        if o.period.granularity() != granularity {
            return Err((
                "period",
                Reason::WrongGranularity {
                    indicator: ind.id.clone(),
                    frequency: ind.frequency,
                    expected: granularity,
                    period: o.period,
                },
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
                return Err((
                    "cell",
                    Reason::UnknownDimension {
                        indicator: ind.id.clone(),
                        dimension: Excerpt::new(dim),
                        dimensions: ind.dimensions.clone(),
                    },
                ));
            }
            if n == MAX_INDICATOR_DIMENSIONS {
                return Err((
                    "cell",
                    Reason::TooManyDimensions {
                        max: MAX_INDICATOR_DIMENSIONS,
                    },
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
                return Err((
                    "cell",
                    Reason::NotADimensionValue {
                        dimension: dim.to_string(),
                        value: Excerpt::new(value),
                        allowed: values.iter().take(8).cloned().collect(),
                        more: values.len() > 8,
                    },
                ));
            };
            key.pairs[key.len] = (d, v);
            key.len += 1;
        }
        if n != ind.dimensions.len() {
            let missing = ind
                .dimensions
                .iter()
                .filter(|d| !sorted.iter().any(|(named, _)| named == d))
                .cloned()
                .collect();
            return Err((
                "cell",
                Reason::PartialCell {
                    indicator: ind.id.clone(),
                    missing,
                },
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
                Reason::NotAMilestone {
                    indicator: ind.id.clone(),
                    measure: ind.measure,
                },
            ));
        }
        let entity = self.entity(&m.entity)?;
        self.responsible(indicator, entity)?;
        self.plan_year("achieved_on", m.achieved_on.year())?;
        if let Some(recorded_on) = m.recorded_on {
            if m.achieved_on > recorded_on {
                return Err((
                    "achieved_on",
                    Reason::AchievedAfterRecorded {
                        achieved_on: m.achieved_on,
                        recorded_on,
                    },
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
        self.plan_year("period", s.period.start().year())?;
        self.plan_year("submitted_on", s.submitted_on.year())?;
        if s.period.granularity() != s.kind.granularity() {
            return Err((
                "period",
                Reason::ReportPeriod {
                    kind: s.kind,
                    period: s.period,
                },
            ));
        }
        if s.submitted_on < s.period.start() {
            return Err((
                "submitted_on",
                Reason::SubmittedBeforePeriod {
                    submitted_on: s.submitted_on,
                    period: s.period,
                },
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
                Reason::ObligationReversed {
                    from: o.from,
                    to: o.to,
                },
            ));
        }
        self.plan_year("from", o.from)?;
        self.plan_year("to", o.to)?;
        Ok(StoredObligation {
            entity,
            kind: o.kind,
            from: o.from,
            to: o.to,
        })
    }
}
