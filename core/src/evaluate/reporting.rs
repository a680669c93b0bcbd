//! Phase 5, reporting compliance (SPEC §3): per entity and kind of report,
//! the periods whose report was due by the date, and which of them were
//! submitted on time, late, or not at all.
//!
//! Obligations are year ranges. Those of one entity and kind are merged
//! first (identical, overlapping and adjacent ranges become one), and only
//! the years that can hold a due period are expanded into periods, so the
//! work follows the periods due by the date, not the years the obligations
//! name nor how many times they name them.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate};

use super::Scoring;
use crate::evaluate::scorecard::{ExpectedReport, ReportStatus, ReportingRow};
use crate::ledger::{ReportKind, Store, StoredObligation};
use crate::period::Period;
use crate::plan::EntityIndex;
use crate::score::Score;

/// A run of whole years, first and last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Years {
    from: i32,
    to: i32,
}

/// Each entity and kind's obligation years: sorted, and merged where they
/// overlap or touch, so that every year appears once.
fn obligation_years(
    obligations: impl Iterator<Item = StoredObligation>,
) -> BTreeMap<(EntityIndex, ReportKind), Vec<Years>> {
    let mut years: BTreeMap<(EntityIndex, ReportKind), Vec<Years>> = BTreeMap::new();
    for o in obligations {
        if o.from <= o.to {
            let ranges = years.entry((o.entity, o.kind)).or_default();
            let range = Years {
                from: o.from,
                to: o.to,
            };
            // Repeats of the last range (the same obligation given many
            // times) cost nothing.
            if ranges.last() != Some(&range) {
                ranges.push(range);
            }
        }
    }
    for ranges in years.values_mut() {
        ranges.sort_unstable();
        let mut merged: Vec<Years> = Vec::with_capacity(ranges.len());
        for &range in ranges.iter() {
            match merged.last_mut() {
                Some(last) if range.from <= last.to.saturating_add(1) => {
                    last.to = last.to.max(range.to);
                }
                _ => merged.push(range),
            }
        }
        *ranges = merged;
    }
    years
}

/// The years of `years` that can hold a period due by `as_of`: a period
/// ends in its own year, and its report is due on or after its end, so no
/// period of a later year is due.
fn clip(years: Years, as_of: NaiveDate) -> Option<Years> {
    let to = years.to.min(as_of.year());
    (years.from <= to).then_some(Years {
        from: years.from,
        to,
    })
}

/// When the report of `period` is due: its end plus the grace days.
fn due_on(period: Period, grace: chrono::Days) -> NaiveDate {
    period
        .end()
        .checked_add_days(grace)
        .unwrap_or(NaiveDate::MAX)
}

/// The periods of `kind` whose report was due by `as_of`, in order, from
/// merged (so disjoint and sorted) year ranges.
fn due_periods(
    kind: ReportKind,
    ranges: &[Years],
    as_of: NaiveDate,
    grace: chrono::Days,
) -> Vec<Period> {
    ranges
        .iter()
        .filter_map(|&years| clip(years, as_of))
        .flat_map(|years| Period::each_in_years(kind.granularity(), years.from, years.to))
        .filter(|&p| due_on(p, grace) <= as_of)
        .collect()
}

/// How the report of one period stands by the scoring date: the earliest
/// submission on or before the date decides (SPEC §3). `days_late` counts
/// from the due date to the submission (late), or to the scoring date
/// (missing: late so far); an on-time report is 0 days late.
fn classify(
    due_on: NaiveDate,
    submitted_on: Option<NaiveDate>,
    as_of: NaiveDate,
) -> (ReportStatus, i64) {
    match submitted_on {
        Some(d) if d <= due_on => (ReportStatus::OnTime, 0),
        Some(d) => (ReportStatus::Late, (d - due_on).num_days()),
        None => (ReportStatus::Missing, (as_of - due_on).num_days()),
    }
}

/// Reporting compliance: one summary row per entity and kind with any
/// report due, ordered by entity (registry order), then kind; and one row
/// per expected report, in the same order, then by period.
pub(crate) fn reporting(
    scoring: &Scoring,
    store: &Store,
) -> (Vec<ReportingRow>, Vec<ExpectedReport>) {
    let plan = scoring.plan;
    let as_of = scoring.as_of;
    let grace = chrono::Days::new(u64::from(scoring.config.grace_days));
    // Earliest submission on or before the date, per (entity, kind, period).
    let mut earliest: HashMap<(EntityIndex, ReportKind, Period), NaiveDate> = HashMap::new();
    for s in store.submissions() {
        if s.submitted_on > as_of {
            continue;
        }
        let e = earliest
            .entry((s.entity, s.kind, s.period))
            .or_insert(s.submitted_on);
        if s.submitted_on < *e {
            *e = s.submitted_on;
        }
    }
    let mut rows = Vec::new();
    let mut detail = Vec::new();
    for ((entity, kind), ranges) in obligation_years(store.obligations()) {
        let periods = due_periods(kind, &ranges, as_of, grace);
        if periods.is_empty() {
            continue;
        }
        let code = &plan.entity_at(entity).code;
        let (mut on_time, mut late) = (0usize, 0usize);
        let mut missing_periods = Vec::new();
        for &period in &periods {
            let due = due_on(period, grace);
            let submitted_on = earliest.get(&(entity, kind, period)).copied();
            let (status, days_late) = classify(due, submitted_on, as_of);
            match status {
                ReportStatus::OnTime => on_time += 1,
                ReportStatus::Late => late += 1,
                ReportStatus::Missing => missing_periods.push(period),
            }
            detail.push(ExpectedReport {
                entity: code.clone(),
                kind,
                period,
                due_on: due,
                submitted_on,
                status,
                days_late,
            });
        }
        rows.push(ReportingRow {
            entity: code.clone(),
            kind,
            expected: periods.len(),
            on_time,
            late,
            missing: missing_periods.len(),
            rate: Score::ratio(on_time + late, periods.len()),
            timeliness: Score::ratio(on_time, periods.len()),
            missing_periods,
        });
    }
    (rows, detail)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::{evaluate, Config, Ledger, Mode, Plan};

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn obligation(entity: usize, kind: ReportKind, from: i32, to: i32) -> StoredObligation {
        StoredObligation {
            entity: EntityIndex::new(entity),
            kind,
            from,
            to,
        }
    }

    fn years(from: i32, to: i32) -> Years {
        Years { from, to }
    }

    #[test]
    fn ranges_of_one_entity_and_kind_merge() {
        let merged = obligation_years(
            [
                obligation(3, ReportKind::Annual, 2012, 2014),
                obligation(3, ReportKind::Annual, 2007, 2009),
                obligation(3, ReportKind::Annual, 2008, 2010), // overlaps
                obligation(3, ReportKind::Annual, 2011, 2011), // touches
                obligation(3, ReportKind::Annual, 2020, 2021), // apart
                obligation(3, ReportKind::Monthly, 2008, 2008), // another kind
                obligation(1, ReportKind::Annual, 2009, 2008), // no years
            ]
            .into_iter(),
        );
        let annual = &merged[&(EntityIndex::new(3), ReportKind::Annual)];
        assert_eq!(annual, &[years(2007, 2014), years(2020, 2021)]);
        let monthly = &merged[&(EntityIndex::new(3), ReportKind::Monthly)];
        assert_eq!(monthly, &[years(2008, 2008)]);
        assert_eq!(merged.len(), 2);
    }

    #[test]
    fn only_years_up_to_the_date_are_expanded() {
        assert_eq!(
            clip(years(1000, 9999), date("2010-12-31")),
            Some(years(1000, 2010))
        );
        assert_eq!(clip(years(2011, 2012), date("2010-12-31")), None);
        let grace = chrono::Days::new(30);
        // December's report is due on 30 January: not yet.
        let due = due_periods(
            ReportKind::Monthly,
            &[years(2009, 2030)],
            date("2010-12-31"),
            grace,
        );
        assert_eq!(due.len(), 23);
        assert_eq!(due.first(), Some(&Period::Month(2009, 1)));
        assert_eq!(due.last(), Some(&Period::Month(2010, 11)));
        // A grace too long for the calendar: nothing is ever due.
        let never = chrono::Days::new(u64::from(u32::MAX));
        assert!(due_periods(
            ReportKind::Annual,
            &[years(2009, 2010)],
            date("2017-12-31"),
            never
        )
        .is_empty());
    }

    /// Issue 13: 20,000 obligations naming the years 1000 to 9999 once took
    /// 40 s, every period of every obligation expanded before filtering.
    /// Such years are now refused (`year_outside_plan`); the widest range
    /// the plan allows, given 20,000 times, is one merged range, expanded up
    /// to the date's year.
    #[test]
    fn many_wide_identical_obligations_are_one_range_expanded_up_to_the_date() {
        let plan = Arc::new(Plan::embedded());
        let (first, last) = (*plan.record_years().start(), *plan.record_years().end());
        let obligation =
            format!(r#"{{"entity": "MP", "kind": "monthly", "from": {first}, "to": {last}}}"#);
        let obligations = vec![obligation; 20_000];
        let mut ledger = Ledger::new(Arc::clone(&plan));
        ledger
            .ingest_json(
                &format!(r#"{{"obligations": [{}]}}"#, obligations.join(",")),
                Mode::Strict,
            )
            .unwrap();
        let merged = obligation_years(ledger.store().obligations());
        let ranges: Vec<&Vec<Years>> = merged.values().collect();
        assert_eq!(ranges, [&vec![years(first, last)]]);
        let as_of = date("2010-12-31");
        assert_eq!(clip(years(first, last), as_of), Some(years(first, 2010)));

        let card = evaluate(&plan, &ledger, as_of, &Config::default()).unwrap();
        let [row] = card.reporting.as_slice() else {
            panic!("one row expected, found {:?}", card.reporting.len());
        };
        // January 1997 to November 2010: 14 years of 12 months, less December 2010.
        assert_eq!(row.expected, 14 * 12 - 1);
        assert_eq!(row.missing, row.expected);
        assert_eq!(row.missing_periods.len(), row.expected);
        assert_eq!(row.rate, Score::ZERO);
        assert_eq!(card.reporting_detail.len(), row.expected);
    }

    #[test]
    fn a_report_is_on_time_late_or_missing_by_its_due_date() {
        let due = date("2008-02-29");
        let as_of = date("2008-12-31");
        assert_eq!(classify(due, Some(due), as_of), (ReportStatus::OnTime, 0));
        assert_eq!(
            classify(due, Some(date("2008-03-10")), as_of),
            (ReportStatus::Late, 10)
        );
        // Missing: late so far, from the due date to the scoring date.
        assert_eq!(classify(due, None, as_of), (ReportStatus::Missing, 306));
    }
}
