//! A small exact simplex method for `min/max xⱼ` subject to `A·x = b`,
//! `x ≥ 0`, over rationals.
//!
//! Sparse tableau rows with a column index (the rows that may hold each
//! variable, so a pivot and a ratio test visit only the rows of their
//! column, not the whole tableau); a basis from Gauss–Jordan elimination, a phase 1 with
//! artificial variables only on the rows whose right-hand side came out
//! negative, then one warm-started phase 2 per objective. Pricing is
//! Dantzig's largest coefficient, switching to Bland's smallest-index rule
//! after a run of degenerate pivots until the next improving pivot, which
//! guarantees termination (exact arithmetic cannot cycle for numerical
//! reasons, only combinatorial ones, and Bland's rule excludes those).

use super::eliminate::{coefficient, sub_scaled, Sparse};
use super::rational::Rational;

const NONE: u32 = u32::MAX;
/// Consecutive degenerate pivots before switching to Bland's rule.
const DEGENERATE_RUN: u32 = 20;

/// The linear program has no feasible point (the caller's values violate a
/// relation or bound; checked before, so this is reported, not expected).
#[derive(Debug)]
pub(crate) struct Infeasible;

/// `z = constant + Σ d_k·x_k` over non-basic `x_k`.
struct Objective {
    d: Sparse,
    constant: Rational,
}

pub(crate) struct Simplex {
    /// Number of variables (artificial ones are numbered after them).
    vars: u32,
    rows: Vec<Sparse>,
    rhs: Vec<Rational>,
    basic: Vec<u32>,
    row_of: Vec<u32>,
    /// For each variable (artificial ones aside), the rows that may hold
    /// it: every row that does is listed; a listed row may have lost it
    /// since (a cancellation), so each use checks. Artificial variables
    /// never enter the basis, so their columns are never searched.
    column: Vec<Vec<u32>>,
    /// Bounds each variable is known to respect, `(lower, upper)`: a vertex
    /// where a variable sits on one of them proves it is its optimum.
    implied: Vec<(Rational, Option<Rational>)>,
}

impl Simplex {
    /// A basis for `rows·x = rhs, x ≥ 0` over `vars` variables, or
    /// [`Infeasible`], by phase 1 alone: the reference the tests hold
    /// [`Simplex::from_point`] to.
    #[cfg(test)]
    pub(crate) fn new(
        vars: u32,
        constraints: Vec<(Sparse, Rational)>,
    ) -> Result<Simplex, Infeasible> {
        let mut s = Simplex::any_basis(vars, constraints)?;
        s.phase_one()?;
        Ok(s)
    }

    /// A basis for `rows·x = rhs, x ≥ 0` over `vars` variables, or
    /// [`Infeasible`], given a feasible `point` (one value per variable):
    /// the walk from it to a vertex ([`Simplex::walk_to_vertex`]) takes at
    /// most one pivot per variable that is non-basic and non-zero at the
    /// point, where phase 1 takes at least one per row whose basic value
    /// starts negative, and on the tables of a release there are few of
    /// the former (suppressed values have few degrees of freedom) and
    /// hundreds of the latter. A point that is not feasible falls back to
    /// phase 1. Same feasible set, so the same optima.
    pub(crate) fn from_point(
        vars: u32,
        constraints: Vec<(Sparse, Rational)>,
        point: &[Rational],
    ) -> Result<Simplex, Infeasible> {
        let feasible = point.len() == vars as usize
            && point.iter().all(|x| !x.is_negative())
            && constraints.iter().all(|(row, b)| {
                let mut sum = Rational::ZERO;
                for (v, a) in row {
                    sum = sum.sub_mul(&-a, &point[*v as usize]);
                }
                sum == *b
            });
        let mut s = Simplex::any_basis(vars, constraints)?;
        if feasible {
            s.walk_to_vertex(point.to_vec())?;
        } else {
            s.phase_one()?;
        }
        Ok(s)
    }

    /// From a feasible point `p` to a feasible basis. The basic solution
    /// (the right-hand sides, non-basic variables at zero) may be
    /// infeasible; moving from `p` straight towards it keeps every
    /// non-basic variable non-negative, and a basic one turns negative only
    /// if its right-hand side is. The walk stops where the first of those
    /// reaches zero (ties: the smallest variable), which leaves the basis
    /// for a non-basic variable that is positive at the point and has a
    /// negative coefficient in its row (one exists: the row sums to a
    /// negative right-hand side with the leaving variable at zero). Each
    /// pivot takes one variable out of the non-basic ones that are positive
    /// at the point, so the walk ends, at the basic solution, feasible.
    fn walk_to_vertex(&mut self, mut p: Vec<Rational>) -> Result<(), Infeasible> {
        loop {
            // The step λ ∈ [0, 1) where the first basic variable with a
            // negative right-hand side reaches zero: p_i + λ·(rhs_i − p_i).
            let mut first: Option<(usize, Rational)> = None;
            for (r, rhs) in self.rhs.iter().enumerate() {
                if !rhs.is_negative() {
                    continue;
                }
                let now = &p[self.basic[r] as usize];
                let Some(step) = now.checked_div(&(now - rhs)) else {
                    continue;
                };
                let better = match &first {
                    None => true,
                    Some((best, best_step)) => {
                        step < *best_step
                            || (step == *best_step && self.basic[r] < self.basic[*best])
                    }
                };
                if better {
                    first = Some((r, step));
                }
            }
            let Some((r, step)) = first else {
                return Ok(()); // every right-hand side is non-negative: feasible
            };
            // p += step·(basic solution − p), on the variables that move.
            let mut basic_value: Vec<Option<&Rational>> = vec![None; p.len()];
            for (i, &v) in self.basic.iter().enumerate() {
                basic_value[v as usize] = Some(&self.rhs[i]);
            }
            for (v, x) in p.iter_mut().enumerate() {
                let target = basic_value[v].unwrap_or(&Rational::ZERO);
                if x != target {
                    let moved = x.sub_mul(&step, &(&*x - target));
                    *x = moved;
                }
            }
            let leaving = self.basic[r];
            p[leaving as usize] = Rational::ZERO;
            let entering = self.rows[r]
                .iter()
                .filter(|(v, a)| *v != leaving && a.is_negative() && p[*v as usize].is_positive())
                .min_by_key(|(v, _)| (self.column[*v as usize].len(), *v))
                .map(|(v, _)| *v);
            let Some(k) = entering else {
                // Not possible for a feasible point; phase 1 decides.
                return self.phase_one();
            };
            self.row_of[leaving as usize] = NONE;
            self.basic[r] = k;
            self.row_of[k as usize] = r as u32;
            self.eliminate_column(r, k, None);
        }
    }

    /// A basis for `rows·x = rhs` by Gauss–Jordan elimination, its basic
    /// solution feasible or not.
    fn any_basis(vars: u32, constraints: Vec<(Sparse, Rational)>) -> Result<Simplex, Infeasible> {
        let mut s = Simplex {
            vars,
            rows: Vec::with_capacity(constraints.len()),
            rhs: Vec::with_capacity(constraints.len()),
            basic: Vec::with_capacity(constraints.len()),
            row_of: vec![NONE; vars as usize],
            column: vec![Vec::new(); vars as usize],
            implied: vec![(Rational::ZERO, None); vars as usize],
        };
        let mut occurrences = vec![0u32; vars as usize];
        for (row, _) in &constraints {
            for (v, _) in row {
                if let Some(count) = occurrences.get_mut(*v as usize) {
                    *count += 1;
                }
            }
        }
        // Gauss–Jordan: each new row is reduced against the basic rows, then
        // its pivot is eliminated from them.
        for (mut row, mut b) in constraints {
            let basics: Vec<(u32, u32)> = row
                .iter()
                .filter_map(|(v, _)| {
                    let r = s.row_of[*v as usize];
                    (r != NONE).then_some((*v, r))
                })
                .collect();
            for (v, r) in basics {
                let Some(c) = coefficient(&row, v).cloned() else {
                    continue;
                };
                row = sub_scaled(&row, &c, &s.rows[r as usize]);
                b = b.sub_mul(&c, &s.rhs[r as usize]);
            }
            if row.is_empty() {
                if b.is_zero() {
                    continue; // implied by the others
                }
                return Err(Infeasible);
            }
            // The basic variable: the one of the row in the fewest
            // constraints (ties: the first), so that eliminating it from the
            // others fills in the fewest entries (a tolerance's or bound's
            // slack, in one or two constraints, costs almost nothing).
            let Some(k) = row
                .iter()
                .map(|(v, _)| *v)
                .min_by_key(|v| (occurrences[*v as usize], *v))
            else {
                continue;
            };
            let r = s.rows.len();
            for (v, _) in &row {
                s.column[*v as usize].push(r as u32);
            }
            s.rows.push(row);
            s.rhs.push(b);
            s.basic.push(k);
            s.row_of[k as usize] = r as u32;
            s.eliminate_column(r, k, None);
        }
        Ok(s)
    }

    /// Divides row `r` by its coefficient at `k` and removes `k` from every
    /// other row and from the objective.
    fn eliminate_column(&mut self, r: usize, k: u32, objective: Option<&mut Objective>) {
        let Some(ark) = coefficient(&self.rows[r], k).cloned() else {
            return;
        };
        if ark != Rational::ONE {
            let Some(inv) = ark.recip() else { return };
            for e in self.rows[r].iter_mut() {
                e.1 = &e.1 * &inv;
            }
            self.rhs[r] = &self.rhs[r] * &inv;
        }
        let pivot_row = std::mem::take(&mut self.rows[r]);
        let pivot_rhs = self.rhs[r].clone();
        let holders = std::mem::take(&mut self.column[k as usize]);
        for &i in &holders {
            let i = i as usize;
            if i == r || i >= self.rows.len() {
                continue;
            }
            let Some(c) = coefficient(&self.rows[i], k).cloned() else {
                continue; // no longer holds k, or listed twice
            };
            let updated = sub_scaled(&self.rows[i], &c, &pivot_row);
            // Index the row under the variables it gains.
            for (v, _) in &pivot_row {
                if (*v as usize) < self.column.len()
                    && *v != k
                    && coefficient(&self.rows[i], *v).is_none()
                    && coefficient(&updated, *v).is_some()
                {
                    self.column[*v as usize].push(i as u32);
                }
            }
            self.rows[i] = updated;
            self.rhs[i] = self.rhs[i].sub_mul(&c, &pivot_rhs);
        }
        // Only the pivot row holds k now.
        self.column[k as usize] = vec![r as u32];
        if let Some(obj) = objective {
            if let Some(dk) = coefficient(&obj.d, k).cloned() {
                obj.d = sub_scaled(&obj.d, &dk, &pivot_row);
                obj.constant += &(&dk * &pivot_rhs);
            }
        }
        self.rows[r] = pivot_row;
    }

    fn pivot(&mut self, r: usize, k: u32, objective: &mut Objective) {
        let leaving = self.basic[r];
        if (leaving as usize) < self.row_of.len() {
            self.row_of[leaving as usize] = NONE;
        }
        self.basic[r] = k;
        if (k as usize) < self.row_of.len() {
            self.row_of[k as usize] = r as u32;
        }
        self.eliminate_column(r, k, Some(objective));
    }

    /// Artificial variables on the rows with a negative right-hand side,
    /// then minimizes their sum to zero and drives them out of the basis.
    fn phase_one(&mut self) -> Result<(), Infeasible> {
        let mut artificial = self.vars;
        let mut objective = Objective {
            d: Vec::new(),
            constant: Rational::ZERO,
        };
        for r in 0..self.rows.len() {
            if !self.rhs[r].is_negative() {
                continue;
            }
            for e in self.rows[r].iter_mut() {
                e.1 = -&e.1;
            }
            self.rhs[r] = -&self.rhs[r];
            let old = self.basic[r];
            self.row_of[old as usize] = NONE;
            self.rows[r].push((artificial, Rational::ONE));
            self.basic[r] = artificial;
            artificial += 1;
            // z = Σ artificials = Σ (rhs − Σ a·x) over the artificial rows.
            let without: Sparse = self.rows[r]
                .iter()
                .filter(|(v, _)| *v < self.vars)
                .cloned()
                .collect();
            objective.d = sub_scaled(&objective.d, &Rational::ONE, &without);
            objective.constant += &self.rhs[r];
        }
        if artificial == self.vars {
            return Ok(());
        }
        self.optimize(&mut objective, false, None);
        if !objective.constant.is_zero() {
            return Err(Infeasible);
        }
        // Degenerate pivots take the remaining artificials out of the basis;
        // a row with nothing else is implied by the others and goes.
        let mut r = 0;
        while r < self.rows.len() {
            if self.basic[r] >= self.vars {
                let entering = self.rows[r]
                    .iter()
                    .find(|(v, _)| *v < self.vars)
                    .map(|(v, _)| *v);
                match entering {
                    Some(k) => self.pivot(r, k, &mut objective),
                    None => {
                        self.rows.swap_remove(r);
                        self.rhs.swap_remove(r);
                        self.basic.swap_remove(r);
                        if r < self.rows.len() {
                            let moved = self.basic[r];
                            if moved < self.vars {
                                self.row_of[moved as usize] = r as u32;
                            }
                            // The moved row is listed under its old index,
                            // now past the end (skipped): list it anew.
                            for (v, _) in &self.rows[r] {
                                if (*v as usize) < self.column.len() {
                                    self.column[*v as usize].push(r as u32);
                                }
                            }
                        }
                        continue;
                    }
                }
            }
            r += 1;
        }
        let vars = self.vars;
        for row in &mut self.rows {
            row.retain(|(v, _)| *v < vars);
        }
        Ok(())
    }

    /// Pivots until optimal, or, with a `cap`, until the objective reaches
    /// it (at or above it maximizing, at or below minimizing); returns false if the objective is unbounded in
    /// the direction asked.
    fn optimize(
        &mut self,
        objective: &mut Objective,
        maximize: bool,
        cap: Option<&Rational>,
    ) -> bool {
        let mut degenerate_run = 0u32;
        let mut bland = false;
        loop {
            let reached = |c: &Rational| {
                if maximize {
                    objective.constant >= *c
                } else {
                    objective.constant <= *c
                }
            };
            if cap.is_some_and(reached) {
                return true;
            }
            let improving = |d: &Rational| {
                if maximize {
                    d.is_positive()
                } else {
                    d.is_negative()
                }
            };
            // Entering variable (artificial ones never re-enter).
            let entering = if bland {
                objective
                    .d
                    .iter()
                    .find(|(v, d)| *v < self.vars && improving(d))
                    .map(|(v, _)| *v)
            } else {
                objective
                    .d
                    .iter()
                    .filter(|(v, d)| *v < self.vars && improving(d))
                    .max_by(|a, b| a.1.abs().cmp(&b.1.abs()).then(b.0.cmp(&a.0)))
                    .map(|(v, _)| *v)
            };
            let Some(k) = entering else {
                return true;
            };
            // Ratio test, ties to the smallest basic variable (Bland).
            let mut best: Option<(usize, Rational)> = None;
            for &i in &self.column[k as usize] {
                let i = i as usize;
                if i >= self.rows.len() {
                    continue;
                }
                let Some(a) = coefficient(&self.rows[i], k) else {
                    continue;
                };
                if !a.is_positive() {
                    continue;
                }
                let Some(ratio) = self.rhs[i].checked_div(a) else {
                    continue;
                };
                let better = match &best {
                    None => true,
                    Some((j, br)) => {
                        ratio < *br || (ratio == *br && self.basic[i] < self.basic[*j])
                    }
                };
                if better {
                    best = Some((i, ratio));
                }
            }
            let Some((r, ratio)) = best else {
                return false;
            };
            if ratio.is_zero() {
                degenerate_run += 1;
                if degenerate_run >= DEGENERATE_RUN {
                    bland = true;
                }
            } else {
                // An improving pivot: the objective never comes back to a
                // value it left, so no cycle can span it, and Dantzig's
                // faster rule is safe again until the next degenerate run.
                degenerate_run = 0;
                bland = false;
            }
            self.pivot(r, k, objective);
        }
    }

    /// The objective `x_target` in terms of the current non-basic variables.
    fn objective_for(&self, target: u32) -> Objective {
        let r = self.row_of[target as usize];
        if r == NONE {
            return Objective {
                d: vec![(target, Rational::ONE)],
                constant: Rational::ZERO,
            };
        }
        let row = &self.rows[r as usize];
        Objective {
            d: row
                .iter()
                .filter(|(v, _)| *v != target)
                .map(|(v, c)| (*v, -c))
                .collect(),
            constant: self.rhs[r as usize].clone(),
        }
    }

    /// Declares bounds that every feasible point respects (from a single
    /// constraint, say): `x_v ≥ lower` and `x_v ≤ upper`. They must be
    /// valid; a vertex attaining one then gives that optimum without an
    /// optimization. Zero is the implied lower bound of every variable.
    pub(crate) fn imply(&mut self, v: u32, lower: Rational, upper: Option<Rational>) {
        if let Some(slot) = self.implied.get_mut(v as usize) {
            *slot = (lower, upper);
        }
    }

    /// What the current vertex proves about the optima of `targets`, kept
    /// in `known` (the first proof found; an optimum is one value, so any
    /// proof gives the same):
    ///
    /// - a variable whose value attains an implied bound (zero, or a bound
    ///   one constraint gives: see [`Simplex::imply`]) has that optimum;
    /// - a basic variable whose row `x_t + Σ a_k·x_k = rhs` has every `a_k`
    ///   of one sign has `rhs` as its maximum (all `a_k ≥ 0`: raising any
    ///   non-basic variable from zero can only lower `x_t`, so the vertex
    ///   meets the simplex method's optimality condition for `max x_t`) or
    ///   its minimum (all `a_k ≤ 0`), with no pivot. On tables one vertex
    ///   often maximizes many cells at once.
    fn certify_at_vertex(&self, targets: &[u32], with_min: bool, known: &mut Known) {
        for &t in targets {
            let v = t as usize;
            let need_max = known.max[v].is_none();
            let need_min = with_min && known.min[v].is_none();
            if !need_max && !need_min {
                continue;
            }
            let r = self.row_of[v];
            let value = if r == NONE {
                &Rational::ZERO
            } else {
                &self.rhs[r as usize]
            };
            let (lower, upper) = &self.implied[v];
            let (mut max_proved, mut min_proved) = (upper.as_ref() == Some(value), value == lower);
            if r != NONE && ((need_max && !max_proved) || (need_min && !min_proved)) {
                let (mut positive, mut negative) = (false, false);
                for (k, a) in &self.rows[r as usize] {
                    if *k == t {
                        continue;
                    }
                    match a.signum() {
                        1 => positive = true,
                        -1 => negative = true,
                        _ => {}
                    }
                    if positive && negative {
                        break;
                    }
                }
                max_proved |= !negative;
                min_proved |= !positive;
            }
            if need_max && max_proved {
                known.max[v] = Some(value.clone());
            }
            if need_min && min_proved {
                known.min[v] = Some(value.clone());
            }
        }
    }

    /// Records the basic variables whose value at the current vertex is at
    /// least `cap`.
    fn reached_at_vertex(&self, cap: &Rational, out: &mut [Option<Rational>]) {
        for (r, &v) in self.basic.iter().enumerate() {
            if (v as usize) < out.len() && out[v as usize].is_none() && self.rhs[r] >= *cap {
                out[v as usize] = Some(self.rhs[r].clone());
            }
        }
    }

    /// `(min, max)` of each target over the feasible set; `None` as max when
    /// unbounded. Each optimization starts from the previous optimal basis.
    /// A variable seen on an implied bound at any visited vertex (zero, at
    /// least: see [`Simplex::imply`]) has that optimum without an
    /// optimization of its own.
    pub(crate) fn ranges(&mut self, targets: &[u32]) -> Vec<(Rational, Option<Rational>)> {
        self.bounds(targets, true, None)
    }

    /// `(min, max)` of each target by optimizations of its own, with no
    /// optimum read off a visited vertex: the reference the tests hold the
    /// shortcuts of [`Simplex::ranges`] to.
    #[cfg(test)]
    pub(crate) fn ranges_by_optimization(
        &mut self,
        targets: &[u32],
    ) -> Vec<(Rational, Option<Rational>)> {
        targets
            .iter()
            .map(|&t| {
                let mut max_obj = self.objective_for(t);
                let bounded = self.optimize(&mut max_obj, true, None);
                let mut min_obj = self.objective_for(t);
                self.optimize(&mut min_obj, false, None);
                (min_obj.constant, bounded.then_some(max_obj.constant))
            })
            .collect()
    }

    /// For each target, whether it can reach `cap`: a value at least `cap`
    /// (found at some vertex, not necessarily the maximum) if it can, its
    /// maximum if it cannot; `None` when unbounded. Much less work than
    /// [`Simplex::ranges`] for callers that only ask whether a threshold
    /// is reached: no minimization, and each maximization stops at `cap`.
    pub(crate) fn reach(&mut self, targets: &[u32], cap: &Rational) -> Vec<Option<Rational>> {
        self.bounds(targets, false, Some(cap))
            .into_iter()
            .map(|(_, max)| max)
            .collect()
    }

    /// For each target, a count whose value at a feasible point is the
    /// whole number `values[i]`: `None` when its interval holds another
    /// whole number, else its exact `(min, max)`. The interval holds
    /// `values[i]`, so it holds another whole number iff it reaches
    /// `values[i] + 1` or `values[i] − 1`: the maximization stops at the
    /// first, the minimization (run only when the maximum falls short) at
    /// the second, and a target seen a whole unit from its value at any
    /// visited vertex needs neither. Only a pinned count is optimized to
    /// the end both ways, and then both optima are exact.
    pub(crate) fn pinned(
        &mut self,
        targets: &[u32],
        values: &[Rational],
    ) -> Vec<Option<(Rational, Rational)>> {
        let mut known = Known {
            min: vec![None; self.vars as usize],
            max: vec![None; self.vars as usize],
        };
        let mut wide = vec![false; self.vars as usize];
        self.certify_at_vertex(targets, true, &mut known);
        self.wide_at_vertex(targets, values, &mut wide);
        let mut out = Vec::with_capacity(targets.len());
        for (i, &t) in targets.iter().enumerate() {
            if wide[t as usize] {
                out.push(None);
                continue;
            }
            let pending = &targets[i..];
            let above = &values[i] + &Rational::ONE;
            let max = if let Some(max) = known.max[t as usize].take() {
                Some(max)
            } else {
                let mut max_obj = self.objective_for(t);
                let bounded = self.optimize(&mut max_obj, true, Some(&above));
                self.certify_at_vertex(pending, true, &mut known);
                self.wide_at_vertex(pending, &values[i..], &mut wide);
                bounded.then_some(max_obj.constant)
            };
            let Some(max) = max.filter(|max| *max < above) else {
                out.push(None);
                continue;
            };
            let below = &values[i] - &Rational::ONE;
            let min = if let Some(min) = known.min[t as usize].take() {
                min
            } else {
                let mut min_obj = self.objective_for(t);
                self.optimize(&mut min_obj, false, Some(&below));
                self.certify_at_vertex(&pending[1..], true, &mut known);
                self.wide_at_vertex(&pending[1..], &values[i + 1..], &mut wide);
                min_obj.constant
            };
            out.push((min > below).then_some((min, max)));
        }
        out
    }

    /// Marks the targets whose value at the current vertex is a whole unit
    /// or more from `values` (theirs at a feasible point): each interval
    /// then holds two whole numbers.
    fn wide_at_vertex(&self, targets: &[u32], values: &[Rational], wide: &mut [bool]) {
        for (&t, value) in targets.iter().zip(values) {
            if wide[t as usize] {
                continue;
            }
            let r = self.row_of[t as usize];
            let at = if r == NONE {
                &Rational::ZERO
            } else {
                &self.rhs[r as usize]
            };
            let distance = (at - value).abs();
            wide[t as usize] = distance >= Rational::ONE;
        }
    }

    /// Maximizes each target (stopping once it reaches `cap`, if given),
    /// and minimizes it too if `with_min` (otherwise the minimum reported is
    /// zero, unchecked).
    fn bounds(
        &mut self,
        targets: &[u32],
        with_min: bool,
        cap: Option<&Rational>,
    ) -> Vec<(Rational, Option<Rational>)> {
        let mut known = Known {
            min: vec![None; self.vars as usize],
            max: vec![None; self.vars as usize],
        };
        self.certify_at_vertex(targets, with_min, &mut known);
        // With a cap, a target seen at or above it at any visited vertex
        // needs no optimization of its own.
        let mut reached: Vec<Option<Rational>> = vec![None; self.vars as usize];
        if let Some(cap) = cap {
            self.reached_at_vertex(cap, &mut reached);
        }
        let mut out = Vec::with_capacity(targets.len());
        for (i, &t) in targets.iter().enumerate() {
            if let Some(seen) = &reached[t as usize] {
                out.push((Rational::ZERO, Some(seen.clone())));
                continue;
            }
            // Only the targets not done yet are worth proving things about.
            let pending = &targets[i..];
            let max = if let Some(max) = known.max[t as usize].take() {
                Some(max)
            } else {
                let mut max_obj = self.objective_for(t);
                let bounded = self.optimize(&mut max_obj, true, cap);
                self.certify_at_vertex(pending, with_min, &mut known);
                bounded.then_some(max_obj.constant)
            };
            if let Some(cap) = cap {
                self.reached_at_vertex(cap, &mut reached);
            }
            let min = if !with_min {
                Rational::ZERO
            } else if let Some(min) = known.min[t as usize].take() {
                min
            } else {
                let mut min_obj = self.objective_for(t);
                // x ≥ 0 bounds a minimization from below.
                self.optimize(&mut min_obj, false, None);
                self.certify_at_vertex(&pending[1..], with_min, &mut known);
                min_obj.constant
            };
            out.push((min, max));
        }
        out
    }
}

/// Optima proved so far, by variable (see [`Simplex::certify_at_vertex`]).
struct Known {
    min: Vec<Option<Rational>>,
    max: Vec<Option<Rational>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(n: i64) -> Rational {
        Rational::integer(n)
    }

    #[test]
    fn ranges_of_a_two_by_two_table_with_published_margins() {
        // x0 + x1 = 5, x2 + x3 = 7, x0 + x2 = 4, x1 + x3 = 8.
        let rows = vec![
            (vec![(0, q(1)), (1, q(1))], q(5)),
            (vec![(2, q(1)), (3, q(1))], q(7)),
            (vec![(0, q(1)), (2, q(1))], q(4)),
            (vec![(1, q(1)), (3, q(1))], q(8)),
        ];
        let mut s = Simplex::new(4, rows).unwrap();
        let r = s.ranges(&[0, 1, 2, 3]);
        assert_eq!(r[0], (q(0), Some(q(4))));
        assert_eq!(r[1], (q(1), Some(q(5))));
        assert_eq!(r[2], (q(0), Some(q(4))));
        assert_eq!(r[3], (q(3), Some(q(7))));
    }

    #[test]
    fn reach_stops_at_the_cap_and_gives_the_maximum_below_it() {
        // x0 + x1 = 5, x2 + x3 = 7, x0 + x2 = 4, x1 + x3 = 8: maxima 4, 5, 4, 7.
        let rows = vec![
            (vec![(0, q(1)), (1, q(1))], q(5)),
            (vec![(2, q(1)), (3, q(1))], q(7)),
            (vec![(0, q(1)), (2, q(1))], q(4)),
            (vec![(1, q(1)), (3, q(1))], q(8)),
        ];
        let mut s = Simplex::new(4, rows).unwrap();
        let r = s.reach(&[0, 1, 2, 3], &q(5));
        assert_eq!(r[0], Some(q(4)));
        assert_eq!(r[2], Some(q(4)));
        for reached in [&r[1], &r[3]] {
            assert!(reached.as_ref().is_some_and(|v| *v >= q(5)), "{reached:?}");
        }
    }

    #[test]
    fn optima_read_off_vertices_equal_optimizations_of_their_own() {
        // A 3×3 table with its row and column sums published, cells
        // suppressed: vertices that maximize one cell often maximize or
        // minimize others, which `ranges` reads off the tableau's rows.
        let cells = [[4, 9, 2], [7, 1, 8], [3, 6, 5]];
        let mut rows = Vec::new();
        for (i, row) in cells.iter().enumerate() {
            let terms = (0..3).map(|j| ((3 * i + j) as u32, q(1))).collect();
            rows.push((terms, q(row.iter().sum())));
        }
        for j in 0..3 {
            let terms = (0..3).map(|i| ((3 * i + j) as u32, q(1))).collect();
            rows.push((terms, q(cells.iter().map(|row| row[j]).sum())));
        }
        let targets: Vec<u32> = (0..9).collect();
        let fast = Simplex::new(9, rows.clone()).unwrap().ranges(&targets);
        let plain = Simplex::new(9, rows)
            .unwrap()
            .ranges_by_optimization(&targets);
        assert_eq!(fast, plain);
        // The centre cell: at most its row's and its column's sum less
        // what the others must hold, here 1 + 8 + 7 = 16 and 9 + 1 + 6 = 16.
        assert_eq!(fast[4], (q(0), Some(q(16))));
    }

    #[test]
    fn a_start_from_a_feasible_point_gives_the_optima_of_phase_one() {
        // x0 + x1 − x2 = 2, x2 + x3 = 9, x1 + x3 − x4 = 1, true values
        // (4, 3, 5, 4, 6): some rows' basic values start negative.
        let rows = vec![
            (vec![(0, q(1)), (1, q(1)), (2, q(-1))], q(2)),
            (vec![(2, q(1)), (3, q(1))], q(9)),
            (vec![(1, q(1)), (3, q(1)), (4, q(-1))], q(1)),
        ];
        let point = [q(4), q(3), q(5), q(4), q(6)];
        let targets: Vec<u32> = (0..5).collect();
        let plain = Simplex::new(5, rows.clone()).unwrap().ranges(&targets);
        let walked = Simplex::from_point(5, rows.clone(), &point)
            .unwrap()
            .ranges(&targets);
        assert_eq!(walked, plain);
        // A point that breaks a constraint falls back to phase 1.
        let wrong = [q(4), q(3), q(5), q(4), q(7)];
        let fallen_back = Simplex::from_point(5, rows, &wrong)
            .unwrap()
            .ranges(&targets);
        assert_eq!(fallen_back, plain);
    }

    /// `pinned` against the exact ranges: a target is reported, with its
    /// exact ends, iff its range holds no whole number but its value.
    fn assert_pinned_agrees_with_ranges(
        vars: u32,
        rows: Vec<(Sparse, Rational)>,
        point: &[Rational],
        targets: &[u32],
    ) -> Vec<Option<(Rational, Rational)>> {
        let values: Vec<Rational> = targets.iter().map(|&t| point[t as usize].clone()).collect();
        let pinned = Simplex::from_point(vars, rows.clone(), point)
            .unwrap()
            .pinned(targets, &values);
        let ranges = Simplex::new(vars, rows).unwrap().ranges(targets);
        for ((range, got), t) in ranges.into_iter().zip(&pinned).zip(targets) {
            let (lower, upper) = range;
            let one = upper.as_ref().is_some_and(|u| u.floor() <= lower.ceil());
            let expected = one.then(|| (lower, upper.unwrap_or(Rational::ZERO)));
            assert_eq!(got, &expected, "target {t}");
        }
        pinned
    }

    #[test]
    fn pinned_counts_are_told_with_their_exact_ends_and_the_others_are_not() {
        // 3·x0 + x1 = 10, x1 + x2 = 2 (x2 a slack), true values (3, 1, 1):
        // x0 lies in [8/3, 10/3], which holds only 3; x1 in [0, 2].
        let rows = vec![
            (vec![(0, q(3)), (1, q(1))], q(10)),
            (vec![(1, q(1)), (2, q(1))], q(2)),
        ];
        let point = [q(3), q(1), q(1)];
        let pinned = assert_pinned_agrees_with_ranges(3, rows, &point, &[0, 1]);
        let third = |n: i64| Rational::new(n, 3).unwrap();
        assert_eq!(pinned[0], Some((third(8), third(10))));
        assert_eq!(pinned[1], None);
        // A table's cells with every margin published: none is pinned.
        let cells = [[4, 9, 2], [7, 1, 8], [3, 6, 5]];
        let mut rows = Vec::new();
        for (i, row) in cells.iter().enumerate() {
            let terms = (0..3).map(|j| ((3 * i + j) as u32, q(1))).collect();
            rows.push((terms, q(row.iter().sum())));
        }
        for j in 0..3 {
            let terms = (0..3).map(|i| ((3 * i + j) as u32, q(1))).collect();
            rows.push((terms, q(cells.iter().map(|row| row[j]).sum())));
        }
        let point: Vec<Rational> = cells.iter().flatten().map(|&v| q(v)).collect();
        let targets: Vec<u32> = (0..9).collect();
        let pinned = assert_pinned_agrees_with_ranges(9, rows, &point, &targets);
        assert!(pinned.iter().all(Option::is_none), "{pinned:?}");
    }

    #[test]
    fn infeasible_and_unbounded_systems_are_told() {
        assert!(Simplex::new(2, vec![(vec![(0, q(1)), (1, q(1))], q(-1))]).is_err());
        let mut s = Simplex::new(2, vec![(vec![(0, q(1)), (1, q(-1))], q(3))]).unwrap();
        let r = s.ranges(&[0, 1]);
        assert_eq!(r[0], (q(3), None));
        assert_eq!(r[1], (q(0), None));
    }
}
