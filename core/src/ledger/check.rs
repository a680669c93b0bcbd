//! Validation of records against the plan (SPEC §2): each check names the
//! field at fault and says why, as a coded [`Reason`]. A record is checked
//! whole: every problem is listed (one entry each), not just the first;
//! checks that need what an earlier one refused (an indicator's measure when
//! the indicator is unknown) are skipped rather than guessed.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::records::*;
use super::store::*;
use super::ObservationFields;
use crate::messages::ledger::Reason;
use crate::messages::Excerpt;
use crate::period::{Granularity, Period};
use crate::plan::{
    DimensionIndex, EntityIndex, EntityMatch, Frequency, Indicator, IndicatorIndex, Measure, Plan,
    Plazo, MAX_INDICATOR_DIMENSIONS,
};

pub(crate) type Check<T> = Result<T, (&'static str, Reason)>;

/// The problems of one record being checked: (field, reason), in the order found.
#[derive(Debug, Default)]
pub(crate) struct Found(Vec<(&'static str, Reason)>);

impl Found {
    /// Keeps the problem of a failed check; the value of a passed one.
    fn keep<T>(&mut self, check: Check<T>) -> Option<T> {
        match check {
            Ok(value) => Some(value),
            Err(problem) => {
                if crate::read::EVERY_PROBLEM || self.0.is_empty() {
                    self.0.push(problem);
                }
                None
            }
        }
    }

    /// The record, if no check failed.
    fn finish<T>(self, record: impl FnOnce() -> T) -> Result<T, Vec<(&'static str, Reason)>> {
        if self.0.is_empty() {
            Ok(record())
        } else {
            Err(self.0)
        }
    }
}

/// The result of checking one record: the record to store, or every problem.
pub(crate) type Checked<T> = Result<T, Vec<(&'static str, Reason)>>;

/// The (indicator code, entity code) pairs of official observations
/// found to name an indicator and an entity that may report it: what
/// [`Checker::observation_remembering`] need not look up again. Keyed by
/// the codes' bytes, each preceded by its length; held to a bounded size.
#[derive(Debug, Default)]
pub(crate) struct PassedPairs {
    pairs: rustc_hash::FxHashMap<Box<[u8]>, (IndicatorIndex, EntityIndex)>,
    /// The key of the pair looked up last, reused from row to row.
    key: Vec<u8>,
}

impl PassedPairs {
    /// Pairs held at most: a file's pairs are a few hundred; past that,
    /// new pairs are checked in full every time.
    const MAX: usize = 1 << 14;

    fn key(&mut self, indicator: &str, entity: &str) -> &[u8] {
        self.key.clear();
        self.key.extend_from_slice(&indicator.len().to_le_bytes());
        self.key.extend_from_slice(indicator.as_bytes());
        self.key.extend_from_slice(entity.as_bytes());
        &self.key
    }

    fn get(
        &mut self,
        indicator: &str,
        entity: &str,
        source: Source,
    ) -> Option<(IndicatorIndex, EntityIndex)> {
        if source != Source::Official || self.pairs.is_empty() {
            return None;
        }
        self.key(indicator, entity);
        self.pairs.get(self.key.as_slice()).copied()
    }

    fn note(
        &mut self,
        indicator: &str,
        entity: &str,
        source: Source,
        found: (IndicatorIndex, EntityIndex),
    ) {
        if source == Source::Official && self.pairs.len() < Self::MAX {
            let key: Box<[u8]> = self.key(indicator, entity).into();
            self.pairs.insert(key, found);
        }
    }
}

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

    /// The one entity a record's code names: a registry code or alias, or a
    /// responsible code as the plan writes it (`MINGOB/PNC`, `0J`).
    fn entity(&self, code: &str) -> Check<EntityIndex> {
        match self.plan.lookup_entity(code) {
            EntityMatch::One(e) => Ok(e),
            EntityMatch::Several(candidates) => Err((
                "entity",
                Reason::AmbiguousEntity {
                    code: code.into(),
                    candidates: candidates
                        .into_iter()
                        .map(|e| self.plan.entity_at(e).code.clone())
                        .collect(),
                },
            )),
            EntityMatch::Unknown => Err(("entity", Reason::UnknownEntity { code: code.into() })),
        }
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
        Self::value_of(self.plan.indicator_at(indicator), field, value)
    }

    /// [`Checker::value`] for the indicator found already.
    fn value_of(ind: &Indicator, field: &'static str, value: Decimal) -> Check<()> {
        let fail = |why: Reason| Err((field, why));
        match ind.measure {
            // A value written without decimal places is whole: no fraction
            // is taken (most counts).
            Measure::Count
                if value < Decimal::ZERO || (value.scale() != 0 && !value.fract().is_zero()) =>
            {
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
        Self::within(self.plan.indicator_plazo(indicator), period)
    }

    /// [`Checker::within_plazo`] for the indicator's plazo found already.
    fn within(plazo: &Plazo, period: Period) -> Check<()> {
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

    /// The indicator's period rule for a target.
    fn target_period(&self, indicator: IndicatorIndex, period: Period) -> Check<()> {
        let ind = self.plan.indicator_at(indicator);
        let plazo = self.plan.indicator_plazo(indicator);
        let window = Period::Window(plazo.start_year, plazo.end_year);
        match period {
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
                self.within_plazo(indicator, period)
            }
            Period::Window(..) if period == window => Ok(()),
            period => Err(("period", Reason::TargetPeriod { period, window })),
        }
    }

    pub(crate) fn target(&self, t: &Target) -> Checked<StoredTarget> {
        let mut found = Found::default();
        let indicator = found.keep(self.indicator(&t.indicator));
        let entity = t
            .entity
            .as_deref()
            .map(|code| found.keep(self.entity(code)));
        if let Some(indicator) = indicator {
            let ind = self.plan.indicator_at(indicator);
            if matches!(ind.measure, Measure::Text | Measure::Milestone) {
                found.keep::<()>(Err((
                    "indicator",
                    Reason::TakesNoTarget {
                        indicator: ind.id.clone(),
                        measure: ind.measure,
                    },
                )));
            } else {
                if let Some(Some(e)) = entity {
                    found.keep(self.responsible(indicator, e));
                }
                found.keep(self.target_period(indicator, t.period));
                found.keep(self.value(indicator, "baseline", t.baseline));
                found.keep(self.value(indicator, "value", t.value));
            }
        }
        if t.value == t.baseline {
            found.keep::<()>(Err((
                "value",
                Reason::TargetEqualsBaseline { value: t.value },
            )));
        }
        found.finish(|| StoredTarget {
            indicator: indicator.unwrap_or(IndicatorIndex::new(0)),
            period: t.period,
            entity: entity.flatten(),
            baseline: t.baseline,
            value: t.value,
            recorded_on: t.recorded_on,
        })
    }

    pub(crate) fn observation(
        &self,
        o: &ObservationFields,
    ) -> Checked<(StoredObservation, CellBuf)> {
        self.observation_remembering(o, None)
    }

    /// [`Checker::observation`], the indicator, entity and responsibility
    /// of a pair of codes that passed them taken from `passed` (where a
    /// pair that passes is noted): a file repeats a few pairs many times.
    pub(crate) fn observation_remembering(
        &self,
        o: &ObservationFields,
        mut passed: Option<&mut PassedPairs>,
    ) -> Checked<(StoredObservation, CellBuf)> {
        let mut found = Found::default();
        let remembered = passed
            .as_deref_mut()
            .and_then(|passed| passed.get(o.indicator, o.entity, o.source));
        let (indicator, entity) = match remembered {
            Some((indicator, entity)) => (Some(indicator), Some(entity)),
            None => (
                found.keep(self.indicator(o.indicator)),
                found.keep(self.entity(o.entity)),
            ),
        };
        let mut cell = None;
        if let Some(indicator) = indicator {
            if let Some(checked) = self.observed_indicator(&mut found, indicator, o) {
                cell = checked;
                if let (Some(entity), Source::Official, None) = (entity, o.source, remembered) {
                    if found.keep(self.responsible(indicator, entity)).is_some() {
                        if let Some(passed) = passed {
                            passed.note(o.indicator, o.entity, o.source, (indicator, entity));
                        }
                    }
                }
            }
        }
        found.keep(self.recorded_after_start(o.period, o.recorded_on));
        found.finish(|| {
            (
                StoredObservation {
                    indicator: indicator.unwrap_or(IndicatorIndex::new(0)),
                    entity: entity.unwrap_or(EntityIndex::new(0)),
                    source: o.source,
                    cell: 0,
                    period: o.period,
                    value: o.value,
                    recorded_on: o.recorded_on,
                },
                cell.unwrap_or_default(),
            )
        })
    }

    /// The checks of an observation that need its indicator: one that takes
    /// observations, the period's granularity and window, the value, the
    /// cell. `None` when the indicator takes no observations at all, else
    /// the cell if it passed.
    fn observed_indicator(
        &self,
        found: &mut Found,
        indicator: IndicatorIndex,
        o: &ObservationFields,
    ) -> Option<Option<CellBuf>> {
        let ind = self.plan.indicator_at(indicator);
        let Some(granularity) = Granularity::for_frequency(ind.frequency) else {
            found.keep::<()>(Err((
                "indicator",
                Reason::MilestoneObserved {
                    indicator: ind.id.clone(),
                },
            )));
            return None;
        };
        if ind.measure == Measure::Text {
            found.keep::<()>(Err((
                "indicator",
                Reason::TextObserved {
                    indicator: ind.id.clone(),
                },
            )));
            return None;
        }
        if o.period.granularity() != granularity {
            found.keep::<()>(Err((
                "period",
                Reason::WrongGranularity {
                    indicator: ind.id.clone(),
                    frequency: ind.frequency,
                    expected: granularity,
                    period: o.period,
                },
            )));
        }
        // The indicator and its plazo are found once for the row's checks.
        found.keep(Self::within(self.plan.indicator_plazo(indicator), o.period));
        found.keep(Self::value_of(ind, "value", o.value));
        Some(found.keep(self.cell(ind, o.cell)))
    }

    /// Checks a cell against the indicator's dimensions: all of them or none
    /// (the total), each with an allowed value.
    fn cell(&self, ind: &Indicator, cell: &[(&str, &str)]) -> Check<CellBuf> {
        let mut key = CellBuf::default();
        if cell.is_empty() {
            return Ok(key);
        }
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

    pub(crate) fn milestone(&self, m: &Milestone) -> Checked<StoredMilestone> {
        let mut found = Found::default();
        let mut indicator = found.keep(self.indicator(&m.indicator));
        if let Some(i) = indicator {
            let ind = self.plan.indicator_at(i);
            if ind.measure != Measure::Milestone {
                found.keep::<()>(Err((
                    "indicator",
                    Reason::NotAMilestone {
                        indicator: ind.id.clone(),
                        measure: ind.measure,
                    },
                )));
                indicator = None;
            }
        }
        let entity = found.keep(self.entity(&m.entity));
        if let (Some(indicator), Some(entity)) = (indicator, entity) {
            found.keep(self.responsible(indicator, entity));
        }
        found.keep(self.plan_year("achieved_on", m.achieved_on.year()));
        if let Some(recorded_on) = m.recorded_on {
            if m.achieved_on > recorded_on {
                found.keep::<()>(Err((
                    "achieved_on",
                    Reason::AchievedAfterRecorded {
                        achieved_on: m.achieved_on,
                        recorded_on,
                    },
                )));
            }
        }
        found.finish(|| StoredMilestone {
            indicator: indicator.unwrap_or(IndicatorIndex::new(0)),
            entity: entity.unwrap_or(EntityIndex::new(0)),
            achieved_on: m.achieved_on,
            recorded_on: m.recorded_on,
        })
    }

    pub(crate) fn submission(&self, s: &Submission) -> Checked<StoredSubmission> {
        let mut found = Found::default();
        let entity = found.keep(self.entity(&s.entity));
        found.keep(self.plan_year("period", s.period.start().year()));
        found.keep(self.plan_year("submitted_on", s.submitted_on.year()));
        if s.period.granularity() != s.kind.granularity() {
            found.keep::<()>(Err((
                "period",
                Reason::ReportPeriod {
                    kind: s.kind,
                    period: s.period,
                },
            )));
        }
        if s.submitted_on < s.period.start() {
            found.keep::<()>(Err((
                "submitted_on",
                Reason::SubmittedBeforePeriod {
                    submitted_on: s.submitted_on,
                    period: s.period,
                },
            )));
        }
        found.finish(|| StoredSubmission {
            entity: entity.unwrap_or(EntityIndex::new(0)),
            kind: s.kind,
            period: s.period,
            submitted_on: s.submitted_on,
        })
    }

    pub(crate) fn obligation(&self, o: &Obligation) -> Checked<StoredObligation> {
        let mut found = Found::default();
        let entity = found.keep(self.entity(&o.entity));
        if o.to < o.from {
            found.keep::<()>(Err((
                "to",
                Reason::ObligationReversed {
                    from: o.from,
                    to: o.to,
                },
            )));
        }
        found.keep(self.plan_year("from", o.from));
        found.keep(self.plan_year("to", o.to));
        found.finish(|| StoredObligation {
            entity: entity.unwrap_or(EntityIndex::new(0)),
            kind: o.kind,
            from: o.from,
            to: o.to,
        })
    }

    pub(crate) fn recommendation(&self, r: &Recommendation) -> Checked<StoredRecommendation> {
        let mut found = Found::default();
        let entity = found.keep(self.entity(&r.entity));
        if let Some(node) = &r.node {
            if self.plan.node(node).is_none() {
                found.keep::<()>(Err((
                    "node",
                    Reason::UnknownNode {
                        id: node.as_str().into(),
                    },
                )));
            }
        }
        if let Some(due) = r.due {
            if due < r.issued_on {
                found.keep::<()>(Err((
                    "due",
                    Reason::DueBeforeIssued {
                        due,
                        issued_on: r.issued_on,
                    },
                )));
            }
        }
        found.finish(|| StoredRecommendation {
            id: r.id.clone(),
            evaluation: r.evaluation,
            issued_on: r.issued_on,
            entity: entity.unwrap_or(EntityIndex::new(0)),
            node: r
                .node
                .as_deref()
                .and_then(|id| self.plan.node(id))
                .map(|n| n.id().to_string()),
            text: r.text.clone(),
            due: r.due,
            recorded_on: r.recorded_on,
        })
    }

    /// A follow-up, but for its recommendation, which may come later in the
    /// batch: the intake checks it when the batch ends.
    pub(crate) fn follow_up(&self, f: &FollowUp) -> Checked<StoredFollowUp> {
        let mut found = Found::default();
        let entity = found.keep(self.entity(&f.entity));
        found.finish(|| StoredFollowUp {
            recommendation: f.recommendation.clone(),
            entity: entity.unwrap_or(EntityIndex::new(0)),
            status: f.status,
            on: f.on,
            recorded_on: f.recorded_on,
        })
    }
}
