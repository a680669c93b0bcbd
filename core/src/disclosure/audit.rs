//! The audit: each suppressed value's feasibility interval under everything
//! published, and the verdict on a release.

use super::eliminate::Sparse;
use super::rational::Rational;
use super::simplex::Simplex;
use super::table::{Relations, ValueId};
use super::{DisclosureError, PrimaryReason, Refusal, RefusalReason, Status};

/// The range a reader can narrow a suppressed value down to.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Interval {
    /// The value's key.
    pub key: String,
    /// The smallest value consistent with everything published.
    pub lower: Rational,
    /// The largest; `None` when nothing published bounds it.
    pub upper: Option<Rational>,
}

impl Interval {
    /// `upper − lower`, `None` when unbounded.
    pub fn width(&self) -> Option<Rational> {
        self.upper.as_ref().map(|u| u - &self.lower)
    }
}

/// The narrowest feasibility interval of a release.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Narrowest {
    /// The value's key.
    pub key: String,
    /// Its interval's lower end.
    pub lower: Rational,
    /// Its interval's upper end.
    pub upper: Rational,
    /// `upper − lower`.
    pub width: Rational,
}

/// What ships with a release: counts and the narrowest interval.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AuditSummary {
    /// The threshold of the primary rule.
    pub k: u32,
    /// Values in the release.
    pub values: usize,
    /// Values published.
    pub published: usize,
    /// Values suppressed by a primary rule (small count, marked, revision).
    pub primary: usize,
    /// Values suppressed to protect others (elimination, earlier releases,
    /// singletons).
    pub secondary: usize,
    /// Suppressed values with no upper bound at all.
    pub unbounded: usize,
    /// The narrowest bounded interval (ties: the first value), if any.
    pub narrowest: Option<Narrowest>,
}

/// Every suppressed value's interval and the summary.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Audit {
    /// One interval per suppressed value, in value order.
    pub intervals: Vec<Interval>,
    /// The summary.
    pub summary: AuditSummary,
}

struct UnionFind(Vec<u32>);

impl UnionFind {
    fn find(&mut self, mut x: u32) -> u32 {
        while self.0[x as usize] != x {
            let parent = self.0[x as usize];
            self.0[x as usize] = self.0[parent as usize];
            x = parent;
        }
        x
    }
    fn union(&mut self, a: u32, b: u32) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.0[hi as usize] = lo;
        }
    }
}

/// The feasibility interval of every suppressed value: its minimum and
/// maximum over non-negative real values that satisfy every relation
/// (within its tolerance) and every lower and upper bound, with the published values
/// fixed. Computed exactly, one linear program per connected component of
/// suppressed values, two optimizations per value from a shared basis.
pub fn feasibility_intervals(
    rel: &Relations,
    statuses: &[Status],
) -> Result<Vec<(ValueId, Interval)>, DisclosureError> {
    feasibility_intervals_on(rel, statuses, 0)
}

/// [`feasibility_intervals`] with the components' linear programs shared
/// among `threads` (`0`: the machine's available parallelism).
pub(crate) fn feasibility_intervals_on(
    rel: &Relations,
    statuses: &[Status],
    threads: usize,
) -> Result<Vec<(ValueId, Interval)>, DisclosureError> {
    let bounds = suppressed_bounds(rel, statuses, &|_| true, Ask::Ranges, threads)?;
    Ok(bounds
        .into_iter()
        .map(|(id, lower, upper)| {
            let key = rel.value(id).key.clone();
            (id, Interval { key, lower, upper })
        })
        .collect())
}

/// Whether each suppressed value that `wanted` selects can reach `cap`
/// consistently with everything published: a value at least `cap` if it
/// can, its largest value if it cannot (`None`: unbounded). Only the
/// components of suppressed values holding a selected value are solved.
pub(crate) fn reach(
    rel: &Relations,
    statuses: &[Status],
    wanted: &dyn Fn(ValueId) -> bool,
    cap: &Rational,
    threads: usize,
) -> Result<Vec<(ValueId, Option<Rational>)>, DisclosureError> {
    let bounds = suppressed_bounds(rel, statuses, wanted, Ask::Reach(cap), threads)?;
    Ok(bounds
        .into_iter()
        .map(|(id, _, upper)| (id, upper))
        .collect())
}

/// What [`suppressed_bounds`] asks of each value it looks at.
#[derive(Clone, Copy)]
enum Ask<'a> {
    /// Its exact minimum and maximum.
    Ranges,
    /// Only whether its maximum reaches the cap (see [`reach`]); the
    /// minimum is not computed (zero).
    Reach(&'a Rational),
    /// Only whether it is pinned to its own whole number (see
    /// [`Simplex::pinned`]): the values whose intervals reach no other
    /// whole number, with their exact ends; the others are left out.
    Pinned,
}

/// `(value, min, max)` for each suppressed value selected by `wanted`,
/// sorted by value, as `ask` says. The components'
/// programs are independent and shared among `threads`; an error is the
/// one of the first component in value order that fails.
fn suppressed_bounds(
    rel: &Relations,
    statuses: &[Status],
    wanted: &dyn Fn(ValueId) -> bool,
    ask: Ask,
    threads: usize,
) -> Result<Vec<(ValueId, Rational, Option<Rational>)>, DisclosureError> {
    if statuses.len() != rel.len() {
        return Err(DisclosureError::StatusCount {
            expected: rel.len(),
            given: statuses.len(),
        });
    }
    let n = rel.len();
    let suppressed: Vec<bool> = statuses.iter().map(|s| s.is_suppressed()).collect();
    // Each relation over the suppressed values, published ones moved right.
    struct Restricted {
        terms: Sparse,
        rhs: Rational,
        tolerance: Rational,
        /// `Σ c·x ≥ rhs` (an order), not `= rhs ± tolerance`.
        at_least: bool,
    }
    let mut restricted = Vec::new();
    let mut uf = UnionFind((0..n as u32).collect());
    let mut keep = |(terms, rhs): (Sparse, Rational), tolerance: &Rational, at_least: bool| {
        for w in terms.windows(2) {
            uf.union(w[0].0, w[1].0);
        }
        restricted.push(Restricted {
            terms,
            rhs,
            tolerance: tolerance.clone(),
            at_least,
        });
    };
    for relation in rel.relations() {
        let terms = relation.terms.iter().map(|(id, c)| (*id, c));
        if let Some(restriction) = restrict(rel, &suppressed, terms, &relation.constant) {
            keep(restriction, &relation.tolerance, false);
        }
    }
    let (one, minus_one) = (Rational::ONE, Rational::MINUS_ONE);
    for order in rel.orders() {
        // higher − lower ≥ gap.
        let terms = [(order.higher, &one), (order.lower, &minus_one)];
        if let Some(restriction) = restrict(rel, &suppressed, terms, &order.gap) {
            keep(restriction, &Rational::ZERO, true);
        }
    }
    // Group values and relations by component.
    let mut component_of_root: std::collections::HashMap<u32, usize> = Default::default();
    let mut members: Vec<Vec<u32>> = Vec::new();
    for v in 0..n as u32 {
        if !suppressed[v as usize] {
            continue;
        }
        let root = uf.find(v);
        let c = *component_of_root.entry(root).or_insert_with(|| {
            members.push(Vec::new());
            members.len() - 1
        });
        members[c].push(v);
    }
    let mut rows_of: Vec<Vec<usize>> = vec![Vec::new(); members.len()];
    for (i, r) in restricted.iter().enumerate() {
        let root = uf.find(r.terms[0].0);
        rows_of[component_of_root[&root]].push(i);
    }
    // Each suppressed value's index within its component: the components
    // are disjoint, so one array serves them all.
    let mut local = vec![u32::MAX; n];
    for vars in &members {
        for (i, &v) in vars.iter().enumerate() {
            local[v as usize] = i as u32;
        }
    }
    // The components asked about, the largest programs first.
    let mut jobs: Vec<(usize, Vec<u32>)> = members
        .iter()
        .enumerate()
        .filter_map(|(c, vars)| {
            let targets: Vec<u32> = (0..vars.len() as u32)
                .filter(|&i| wanted(ValueId(vars[i as usize])))
                .collect();
            (!targets.is_empty()).then_some((c, targets))
        })
        .collect();
    jobs.sort_by_key(|(c, _)| (std::cmp::Reverse(rows_of[*c].len()), *c));
    let solve = |c: usize, targets: Vec<u32>| -> Result<Vec<_>, DisclosureError> {
        let vars = &members[c];
        let mut next = vars.len() as u32;
        let mut constraints: Vec<(Sparse, Rational)> = Vec::new();
        // The true values, a feasible point: the simplex method starts
        // from it (see [`Simplex::from_point`]).
        let mut point: Vec<Rational> = vars
            .iter()
            .map(|&v| rel.value(ValueId(v)).value.clone())
            .collect();
        let mut implied: Vec<(Rational, Option<Rational>)> = vars
            .iter()
            .map(|&v| {
                let value = rel.value(ValueId(v));
                (value.lower_bound.clone(), value.upper_bound.clone())
            })
            .collect();
        for &ri in &rows_of[c] {
            let r = &restricted[ri];
            let mut terms: Sparse = r
                .terms
                .iter()
                .map(|(v, q)| (local[*v as usize], q.clone()))
                .collect();
            terms.sort_unstable_by_key(|t| t.0);
            if r.at_least {
                // Σ c·x − s = rhs, s ≥ 0 (no bound implied: an order alone
                // bounds neither side); at the point, s = Σ c·x − rhs.
                let mut minus_s = r.rhs.clone();
                for (v, q) in &terms {
                    minus_s = minus_s.sub_mul(q, &point[*v as usize]);
                }
                point.push(-minus_s);
                terms.push((next, Rational::MINUS_ONE));
                next += 1;
                constraints.push((terms, r.rhs.clone()));
                continue;
            }
            imply_from_relation(&terms, &r.rhs, &r.tolerance, &mut implied);
            if r.tolerance.is_zero() {
                constraints.push((terms, r.rhs.clone()));
            } else {
                // Σ c·x = rhs + t, |t| ≤ tol, as Σ c·x + u = rhs + tol and
                // u + w = 2·tol with u, w ≥ 0.
                let (u, w) = (next, next + 1);
                next += 2;
                let mut u_value = &r.rhs + &r.tolerance;
                for (v, q) in &terms {
                    u_value = u_value.sub_mul(q, &point[*v as usize]);
                }
                let w_value = &(&r.tolerance + &r.tolerance) - &u_value;
                point.push(u_value);
                point.push(w_value);
                terms.push((u, Rational::ONE));
                constraints.push((terms, &r.rhs + &r.tolerance));
                let twice = &r.tolerance + &r.tolerance;
                constraints.push((vec![(u, Rational::ONE), (w, Rational::ONE)], twice));
            }
        }
        for &v in vars {
            let value = rel.value(ValueId(v));
            if let Some(ub) = &value.upper_bound {
                constraints.push((
                    vec![(local[v as usize], Rational::ONE), (next, Rational::ONE)],
                    ub.clone(),
                ));
                point.push(ub - &value.value);
                next += 1;
            }
            if value.lower_bound.is_positive() {
                // x − s = lower, s ≥ 0.
                constraints.push((
                    vec![(local[v as usize], Rational::ONE), (next, -Rational::ONE)],
                    value.lower_bound.clone(),
                ));
                point.push(&value.value - &value.lower_bound);
                next += 1;
            }
        }
        let mut lp = Simplex::from_point(next, constraints, &point).map_err(|_| {
            DisclosureError::AuditInfeasible {
                key: rel.value(ValueId(vars[0])).key.clone(),
            }
        })?;
        for (v, (lower, upper)) in implied.into_iter().enumerate() {
            lp.imply(v as u32, lower, upper);
        }
        let ranges: Vec<Option<(Rational, Option<Rational>)>> = match ask {
            Ask::Ranges => lp.ranges(&targets).into_iter().map(Some).collect(),
            Ask::Reach(cap) => lp
                .reach(&targets, cap)
                .into_iter()
                .map(|max| Some((Rational::ZERO, max)))
                .collect(),
            Ask::Pinned => {
                let values: Vec<Rational> = targets
                    .iter()
                    .map(|&t| rel.value(ValueId(vars[t as usize])).value.clone())
                    .collect();
                lp.pinned(&targets, &values)
                    .into_iter()
                    .map(|ends| ends.map(|(min, max)| (min, Some(max))))
                    .collect()
            }
        };
        Ok(targets
            .iter()
            .zip(ranges)
            .filter_map(|(&t, range)| {
                range.map(|(lower, upper)| (ValueId(vars[t as usize]), lower, upper))
            })
            .collect::<Vec<_>>())
    };
    let mut solved =
        super::parallel::map_jobs(jobs, threads, |(c, targets)| (c, solve(c, targets)));
    // In component order, so an error is the one a single thread meets first.
    solved.sort_by_key(|(c, _)| *c);
    let mut out: Vec<(ValueId, Rational, Option<Rational>)> = Vec::new();
    for (_, bounds) in solved {
        out.extend(bounds?);
    }
    out.sort_by_key(|(id, _, _)| *id);
    Ok(out)
}

/// A linear form `Σ cᵢ·xᵢ` against `constant`, over the suppressed values
/// alone: its suppressed terms, and `constant` less the published terms
/// (their values are known). `None` when no term is suppressed.
fn restrict<'a>(
    rel: &Relations,
    suppressed: &[bool],
    terms: impl IntoIterator<Item = (ValueId, &'a Rational)>,
    constant: &Rational,
) -> Option<(Sparse, Rational)> {
    let mut kept: Sparse = Vec::new();
    let mut rhs = constant.clone();
    for (id, c) in terms {
        if suppressed[id.index()] {
            kept.push((id.0, c.clone()));
        } else {
            rhs = rhs.sub_mul(c, &rel.value(id).value);
        }
    }
    (!kept.is_empty()).then_some((kept, rhs))
}

/// The bounds one relation `Σ cᵢ·xᵢ = rhs ± tolerance` over non-negative
/// variables implies, tightened into `implied`: where every other term has
/// the sign of `x`'s, `x ≤ rhs/c + tolerance/|c|` (the others at zero);
/// where every other term has the opposite sign, `x ≥ rhs/c − tolerance/|c|`.
/// A vertex on one of these bounds proves it is the optimum, which spares
/// the simplex most optimizations on tables (a cell's maximum is often its
/// margin's remainder).
fn imply_from_relation(
    terms: &Sparse,
    rhs: &Rational,
    tolerance: &Rational,
    implied: &mut [(Rational, Option<Rational>)],
) {
    let positive = terms.iter().filter(|t| t.1.is_positive()).count();
    let negative = terms.len() - positive;
    for (v, c) in terms {
        let Some(slot) = implied.get_mut(*v as usize) else {
            continue; // a slack variable of a tolerance
        };
        let Some(inverse) = c.recip() else { continue };
        let (same, opposite) = if c.is_positive() {
            (positive - 1, negative)
        } else {
            (negative - 1, positive)
        };
        let centre = rhs * &inverse;
        let spread = tolerance * &inverse.abs();
        if opposite == 0 {
            let upper = &centre + &spread;
            if slot.1.as_ref().is_none_or(|u| upper < *u) {
                slot.1 = Some(upper);
            }
        }
        if same == 0 {
            let lower = &centre - &spread;
            if lower > slot.0 {
                slot.0 = lower;
            }
        }
    }
}

/// For each value, whether it is suppressed under `new` and its component
/// of suppressed values may give a different linear program than under
/// `old`: a member changed status, or a relation or an order of the
/// component has a term that did (its right-hand side or its suppressed
/// terms differ).
/// Components where neither happened give the same program, hence the
/// same bounds.
pub(crate) fn changed_components(rel: &Relations, old: &[Status], new: &[Status]) -> Vec<bool> {
    let n = rel.len();
    let mut uf = UnionFind((0..n as u32).collect());
    let changed = |i: usize| old.get(i) != new.get(i);
    let mut seeds: Vec<u32> = Vec::new();
    // The values a relation or an order holds: its suppressed ones share a
    // component, which is dirty if any of them changed status.
    let mut link = |ids: &[ValueId]| {
        let suppressed: Vec<u32> = ids
            .iter()
            .map(|id| id.0)
            .filter(|v| new[*v as usize].is_suppressed())
            .collect();
        for w in suppressed.windows(2) {
            uf.union(w[0], w[1]);
        }
        if let Some(&first) = suppressed.first() {
            if ids.iter().any(|id| changed(id.index())) {
                seeds.push(first);
            }
        }
    };
    // One buffer for every relation's ids, grown once.
    let mut ids: Vec<ValueId> = Vec::new();
    for relation in rel.relations() {
        ids.clear();
        ids.extend(relation.terms.iter().map(|t| t.0));
        link(&ids);
    }
    for order in rel.orders() {
        link(&[order.higher, order.lower]);
    }
    seeds.extend((0..n as u32).filter(|&v| new[v as usize].is_suppressed() && changed(v as usize)));
    let mut dirty_root = vec![false; n];
    for seed in seeds {
        let root = uf.find(seed);
        dirty_root[root as usize] = true;
    }
    (0..n as u32)
        .map(|v| new[v as usize].is_suppressed() && dirty_root[uf.find(v) as usize])
        .collect()
}

/// Whether the audit holds a primary value's upper bound to `k`: counts
/// suppressed by the primary rule or marked by the caller (a revision is
/// protected by its interval's width).
pub(crate) fn needs_k(rel: &Relations, id: ValueId, status: Status) -> bool {
    matches!(
        status,
        Status::Primary(PrimaryReason::SmallCount) | Status::Primary(PrimaryReason::Marked)
    ) && rel.value(id).sensitive
}

/// Whether a reader knows the value is a whole number: a sensitive count
/// (a table's cell or margin, a count's period value) whose value is one.
pub(crate) fn is_count(rel: &Relations, id: ValueId) -> bool {
    let v = rel.value(id);
    v.sensitive && v.value.is_integer()
}

/// Whether the whole numbers from `lower` to `upper` are at most one: the
/// real interval of a count may have width yet pin it down (SPEC §5 asks
/// for intervals over integers; the relaxation's ends, rounded inward, bound
/// them).
pub(crate) fn holds_one_whole_number(lower: &Rational, upper: Option<&Rational>) -> bool {
    upper.is_some_and(|u| u.floor() <= lower.ceil())
}

/// Each suppressed count selected by `wanted` whose interval holds one
/// whole number at most, with its real interval.
pub(crate) fn pinned_counts(
    rel: &Relations,
    statuses: &[Status],
    wanted: &dyn Fn(ValueId) -> bool,
    threads: usize,
) -> Result<Vec<(ValueId, Rational, Rational)>, DisclosureError> {
    let counts = |id| is_count(rel, id) && wanted(id);
    // A count's value is a whole number inside its interval: only the
    // counts that reach no whole number on either side need their exact
    // ends.
    let bounds = suppressed_bounds(rel, statuses, &counts, Ask::Pinned, threads)?;
    Ok(bounds
        .into_iter()
        .filter(|(_, lower, upper)| holds_one_whole_number(lower, upper.as_ref()))
        .filter_map(|(id, lower, upper)| upper.map(|u| (id, lower, u)))
        .collect())
}

/// Computes every interval and refuses the release if one has width zero,
/// a count's holds a single whole number, or a primary count's upper bound
/// is below `k`.
pub fn audit(rel: &Relations, statuses: &[Status], k: u32) -> Result<Audit, DisclosureError> {
    let intervals = feasibility_intervals(rel, statuses)?;
    let k_value = Rational::from(k);
    let mut problems = Vec::new();
    for (id, interval) in &intervals {
        if interval.upper.as_ref() == Some(&interval.lower) {
            problems.push((interval.clone(), RefusalReason::ZeroWidth));
        } else if is_count(rel, *id)
            && holds_one_whole_number(&interval.lower, interval.upper.as_ref())
        {
            problems.push((interval.clone(), RefusalReason::OneWholeNumber));
        } else if needs_k(rel, *id, statuses[id.index()])
            && interval.upper.as_ref().is_some_and(|u| *u < k_value)
        {
            problems.push((interval.clone(), RefusalReason::UpperBelowK { k }));
        }
    }
    if let Some((first, reason)) = problems.first().cloned() {
        return Err(DisclosureError::Refused(Box::new(Refusal {
            key: first.key,
            lower: first.lower,
            upper: first.upper,
            reason,
            problems: problems.len(),
        })));
    }
    let mut narrowest: Option<Narrowest> = None;
    let mut unbounded = 0;
    for (_, interval) in &intervals {
        match (&interval.upper, interval.width()) {
            (Some(upper), Some(width)) => {
                if narrowest.as_ref().is_none_or(|n| width < n.width) {
                    narrowest = Some(Narrowest {
                        key: interval.key.clone(),
                        lower: interval.lower.clone(),
                        upper: upper.clone(),
                        width,
                    });
                }
            }
            _ => unbounded += 1,
        }
    }
    let primary = statuses
        .iter()
        .filter(|s| matches!(s, Status::Primary(_)))
        .count();
    let secondary = statuses
        .iter()
        .filter(|s| matches!(s, Status::Secondary(_)))
        .count();
    Ok(Audit {
        intervals: intervals.into_iter().map(|(_, i)| i).collect(),
        summary: AuditSummary {
            k,
            values: rel.len(),
            published: rel.len() - primary - secondary,
            primary,
            secondary,
            unbounded,
            narrowest,
        },
    })
}
