//! Exact sparse Gaussian elimination: expressing every value through free
//! parameters, and Langsrud's secondary suppression over those expressions.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};

use super::rational::Rational;
use super::table::{Relations, ValueId};
use super::DisclosureError;

/// A sparse vector: `(index, coefficient)` sorted by index, no zero.
pub(crate) type Sparse = Vec<(u32, Rational)>;

/// The coefficient at `index`, if any.
pub(crate) fn coefficient(v: &Sparse, index: u32) -> Option<&Rational> {
    v.binary_search_by_key(&index, |e| e.0)
        .ok()
        .map(|i| &v[i].1)
}

/// `a − factor·b`, both sorted; zeros dropped.
pub(crate) fn sub_scaled(a: &Sparse, factor: &Rational, b: &Sparse) -> Sparse {
    // Sums have coefficients ±1: skip the multiplications.
    let sign = if *factor == Rational::ONE {
        1
    } else if *factor == Rational::MINUS_ONE {
        -1
    } else {
        0
    };
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        let take_a = j == b.len() || (i < a.len() && a[i].0 < b[j].0);
        let take_b = i == a.len() || (j < b.len() && b[j].0 < a[i].0);
        if take_a {
            out.push(a[i].clone());
            i += 1;
        } else if take_b {
            let c = match sign {
                1 => -&b[j].1,
                -1 => b[j].1.clone(),
                _ => -&(factor * &b[j].1),
            };
            out.push((b[j].0, c));
            j += 1;
        } else {
            let c = match sign {
                1 => &a[i].1 - &b[j].1,
                -1 => &a[i].1 + &b[j].1,
                _ => a[i].1.sub_mul(factor, &b[j].1),
            };
            if !c.is_zero() {
                out.push((a[i].0, c));
            }
            i += 1;
            j += 1;
        }
    }
    out
}

/// Every value as a linear function of free parameters: the solutions of
/// the homogeneous relations `Σ cᵢ·xᵢ = 0` are exactly the vectors
/// `x = F·t` for free `t`, and row `i` of `F` is `functionals[i]`.
///
/// A value's information content is its functional: a set of published
/// values determines a value iff its functional lies in the span of theirs
/// (constants and tolerances do not change which values are determined, so
/// they are ignored here).
pub(crate) struct Parametrization {
    pub functionals: Vec<Sparse>,
}

/// Gauss–Jordan elimination of the relations, one pivot per independent
/// relation. The pivot is the term with the lowest `pivot_rank`, the value
/// that the elimination offers for publication last (a small inner cell):
/// the values offered first (grand totals, margins, large values) stay
/// free, so their functions are unit vectors and publishing them creates
/// no fill, and a later value's function is short where the tables nest.
/// (Langsrud's model matrix takes the inner cells as parameters instead;
/// any basis gives the same spans, only the fill differs.) Every
/// expression stays in terms of currently free
/// values: a new pivot is substituted into the expressions that use it
/// (found through an occurrence index), so the work is proportional to the
/// fill, not to the number of values.
///
/// Values joined by no chain of relations never meet in an expression, so
/// each connected component (`component`, numbered from zero, as
/// `components` gives them) is eliminated on its own, the components shared
/// among `threads`; within one, the relations are taken in their order, so
/// the expressions are those of one elimination of the whole system.
pub(crate) fn parametrize(
    rel: &Relations,
    pivot_rank: &[u64],
    component: &[u32],
    threads: usize,
) -> Parametrization {
    let n = rel.len();
    let count = component.iter().map(|&c| c as usize + 1).max().unwrap_or(0);
    let mut members: Vec<Vec<u32>> = vec![Vec::new(); count];
    for v in 0..n as u32 {
        members[component[v as usize] as usize].push(v);
    }
    let mut relations_of: Vec<Vec<u32>> = vec![Vec::new(); count];
    for (r, relation) in rel.relations().iter().enumerate() {
        if let Some((first, _)) = relation.terms.first() {
            relations_of[component[first.index()] as usize].push(r as u32);
        }
    }
    // Largest first, so that no large one starts last.
    let mut jobs: Vec<usize> = (0..count)
        .filter(|&c| !relations_of[c].is_empty())
        .collect();
    jobs.sort_by_key(|&c| (std::cmp::Reverse(relations_of[c].len()), c));
    let solved = super::parallel::map_jobs(jobs, threads, |c| {
        (
            c,
            parametrize_component(rel, pivot_rank, &members[c], &relations_of[c]),
        )
    });
    // Each dependent value's expression in free values, by global id.
    let mut expr: Vec<Option<Sparse>> = vec![None; n];
    for (c, local) in solved {
        let globals = &members[c];
        for (i, e) in local.into_iter().enumerate() {
            expr[globals[i] as usize] = e.map(|e| {
                e.into_iter()
                    .map(|(v, coef)| (globals[v as usize], coef))
                    .collect()
            });
        }
    }
    // Free values are the parameters.
    let mut parameter_of = vec![u32::MAX; n];
    let mut parameters = 0u32;
    for (i, e) in expr.iter().enumerate() {
        if e.is_none() {
            parameter_of[i] = parameters;
            parameters += 1;
        }
    }
    let functionals = expr
        .into_iter()
        .enumerate()
        .map(|(i, e)| match e {
            None => vec![(parameter_of[i], Rational::ONE)],
            Some(e) => {
                let mut f: Sparse = e
                    .into_iter()
                    .map(|(v, c)| (parameter_of[v as usize], c))
                    .collect();
                f.sort_unstable_by_key(|t| t.0);
                f
            }
        })
        .collect();
    Parametrization { functionals }
}

/// [`parametrize`] for one component: `values` (its members, increasing)
/// and `relations` (indexes of its relations, in order). Returns, per
/// member, its expression in the free members (local indexes), or `None`
/// for a free one.
fn parametrize_component(
    rel: &Relations,
    pivot_rank: &[u64],
    values: &[u32],
    relations: &[u32],
) -> Vec<Option<Sparse>> {
    let n = values.len();
    let local = |id: ValueId| -> usize {
        // Every term of the component's relations is a member.
        values.binary_search(&id.0).unwrap_or_else(|i| i)
    };
    let mut expr: Vec<Option<Sparse>> = vec![None; n];
    let mut occurs_in: Vec<Vec<u32>> = vec![Vec::new(); n];
    let mut acc: Vec<Rational> = vec![Rational::ZERO; n];
    let mut touched: Vec<u32> = Vec::new();
    for &r in relations {
        let relation = &rel.relations()[r as usize];
        // Substitute dependent values: the relation in free values only.
        for (id, c) in &relation.terms {
            let l = local(*id);
            match &expr[l] {
                None => {
                    if acc[l].is_zero() {
                        touched.push(l as u32);
                    }
                    acc[l] += c;
                }
                Some(e) => {
                    for (v, d) in e {
                        if acc[*v as usize].is_zero() {
                            touched.push(*v);
                        }
                        acc[*v as usize] += &(c * d);
                    }
                }
            }
        }
        touched.sort_unstable();
        touched.dedup();
        let mut reduced: Sparse = Vec::with_capacity(touched.len());
        for &v in &touched {
            let c = std::mem::replace(&mut acc[v as usize], Rational::ZERO);
            if !c.is_zero() {
                reduced.push((v, c));
            }
        }
        touched.clear();
        if reduced.is_empty() {
            continue; // implied by earlier relations
        }
        let pivot = reduced
            .iter()
            .min_by_key(|(v, _)| (pivot_rank[values[*v as usize] as usize], *v))
            .map(|(v, _)| *v)
            .unwrap_or(0);
        let Some(pc) = coefficient(&reduced, pivot).cloned() else {
            continue;
        };
        // x_pivot = Σ (−c_v / c_pivot)·x_v over the other terms.
        let Some(inv) = pc.recip() else { continue };
        let minus_inv = -&inv;
        let e: Sparse = reduced
            .iter()
            .filter(|(v, _)| *v != pivot)
            .map(|(v, c)| (*v, c * &minus_inv))
            .collect();
        // Substitute the new pivot into every expression that uses it.
        let users = std::mem::take(&mut occurs_in[pivot as usize]);
        for d in users {
            let Some(old) = expr[d as usize].take() else {
                continue;
            };
            let Some(k) = coefficient(&old, pivot).cloned() else {
                expr[d as usize] = Some(old);
                continue;
            };
            let without: Sparse = old.into_iter().filter(|(v, _)| *v != pivot).collect();
            let neg_k = -&k;
            let updated = sub_scaled(&without, &neg_k, &e);
            for (v, _) in &updated {
                occurs_in[*v as usize].push(d);
            }
            expr[d as usize] = Some(updated);
        }
        for (v, _) in &e {
            occurs_in[*v as usize].push(pivot);
        }
        expr[pivot as usize] = Some(e);
    }
    expr
}

const NO_PIVOT: u32 = u32::MAX;

/// Langsrud's elimination state: the published values' functionals as
/// pivots in triangular form, and the protected values' functionals kept
/// reduced against every pivot.
struct Eliminator {
    /// Published functionals after reduction, in creation order; each is
    /// zero at the pivot rows of all earlier pivots.
    pivots: Vec<(u32, Sparse)>,
    pivot_at: Vec<u32>,
    protected: Vec<Sparse>,
    protected_value: Vec<ValueId>,
    /// Parameter → protected vectors that may hold it (stale entries are
    /// checked on use).
    holders: Vec<Vec<u32>>,
    /// Leading parameter → protected vectors that may start with it.
    by_lead: HashMap<u32, Vec<u32>>,
}

/// A dense row of zeros and the positions made non-zero in it.
struct Scratch {
    values: Vec<Rational>,
    touched: Vec<u32>,
}

/// What publishing a candidate would do.
enum Offer {
    /// Nothing new: its functional is in the span of the published ones.
    Redundant,
    /// It would determine this protected value.
    Reveals(ValueId),
    /// Safe: it becomes a pivot.
    Safe(Sparse),
}

impl Eliminator {
    fn new(
        rel: &Relations,
        local: &LocalFunctionals,
        protected_values: &[ValueId],
    ) -> Result<Self, DisclosureError> {
        let mut e = Eliminator::with_pivots(local, Vec::new());
        for &v in protected_values {
            let f = local.of(v);
            if f.is_empty() {
                return Err(DisclosureError::DeterminedByRelations {
                    key: rel.value(v).key.clone(),
                });
            }
            e.protect(v, f);
        }
        Ok(e)
    }

    /// An elimination that has published `pivots` (in triangular form, as
    /// [`Eliminator::publish`] made them) and protects nothing yet.
    fn with_pivots(local: &LocalFunctionals, pivots: Vec<(u32, Sparse)>) -> Self {
        let mut pivot_at = vec![NO_PIVOT; local.parameters];
        for (p, (row, _)) in pivots.iter().enumerate() {
            pivot_at[*row as usize] = p as u32;
        }
        Eliminator {
            pivots,
            pivot_at,
            protected: Vec::new(),
            protected_value: Vec::new(),
            holders: vec![Vec::new(); local.parameters],
            by_lead: HashMap::new(),
        }
    }

    /// Protects `value`, whose functional `f` is already reduced against
    /// every pivot and not zero.
    fn protect(&mut self, value: ValueId, f: Sparse) {
        let b = self.protected.len() as u32;
        for (r, _) in &f {
            self.holders[*r as usize].push(b);
        }
        self.by_lead.entry(f[0].0).or_default().push(b);
        self.protected.push(f);
        self.protected_value.push(value);
    }

    /// The candidate's functional reduced against every pivot. Pivots are
    /// applied in creation order (a min-heap): pivot `k` is zero at the rows
    /// of earlier pivots, so applying it only adds entries at rows of later
    /// pivots or at free rows, and the loop ends. The work happens in a
    /// dense scratch row, so each pivot costs its own length.
    fn reduce(&self, a: Sparse, scratch: &mut Scratch) -> Sparse {
        self.reduce_tracking(a, scratch).0
    }

    /// [`Eliminator::reduce`], and the last pivot subtracted. The pivots
    /// are independent, so a functional in their span has one expression
    /// as a combination of them, and the pivots subtracted are exactly the
    /// ones it uses: the functional lies in the span of the first `m`
    /// pivots iff the last one subtracted is below `m`.
    fn reduce_tracking(&self, a: Sparse, scratch: &mut Scratch) -> (Sparse, Option<u32>) {
        let mut last = None;
        let mut heap: BinaryHeap<Reverse<u32>> = BinaryHeap::new();
        for (r, c) in a {
            let p = self.pivot_at[r as usize];
            if p != NO_PIVOT {
                heap.push(Reverse(p));
            }
            scratch.touched.push(r);
            scratch.values[r as usize] = c;
        }
        while let Some(Reverse(p)) = heap.pop() {
            let (row, pv) = &self.pivots[p as usize];
            let current = &scratch.values[*row as usize];
            if current.is_zero() {
                continue;
            }
            // A pivot's own row is its last entry (see `publish`): no search.
            let own = pv.last().filter(|(r, _)| r == row).map(|(_, c)| c);
            let Some(cp) = own.or_else(|| coefficient(pv, *row)) else {
                continue;
            };
            let Some(factor) = current.checked_div(cp) else {
                continue;
            };
            last = Some(p);
            for (r, c) in pv {
                let slot = &mut scratch.values[*r as usize];
                if slot.is_zero() {
                    scratch.touched.push(*r);
                    let q = self.pivot_at[*r as usize];
                    if q != NO_PIVOT && q > p {
                        heap.push(Reverse(q));
                    }
                }
                *slot = slot.sub_mul(&factor, c);
            }
        }
        scratch.touched.sort_unstable();
        scratch.touched.dedup();
        let mut out = Vec::new();
        for &r in &scratch.touched {
            let v = std::mem::replace(&mut scratch.values[r as usize], Rational::ZERO);
            if !v.is_zero() {
                out.push((r, v));
            }
        }
        scratch.touched.clear();
        (out, last)
    }

    fn offer(&self, functional: Sparse, scratch: &mut Scratch) -> Offer {
        let a = self.reduce(functional, scratch);
        let Some(&(lead, ref lead_coef)) = a.first() else {
            return Offer::Redundant;
        };
        if let Some(list) = self.by_lead.get(&lead) {
            for &b in list {
                let bv = &self.protected[b as usize];
                if bv.len() != a.len() || bv[0].0 != lead {
                    continue;
                }
                let Some(ratio) = bv[0].1.checked_div(lead_coef) else {
                    continue;
                };
                let proportional = a
                    .iter()
                    .zip(bv)
                    .all(|((ra, ca), (rb, cb))| ra == rb && &(ca * &ratio) == cb);
                if proportional {
                    return Offer::Reveals(self.protected_value[b as usize]);
                }
            }
        }
        Offer::Safe(a)
    }

    /// Publishes a reduced functional: it becomes a pivot and every
    /// protected vector is reduced against it.
    fn publish(&mut self, a: Sparse) {
        // The last parameter: parameters are the values offered first, so
        // the last one is offered latest and met by the fewest later
        // functions (measured: a tenth of the fill of the first one on
        // hierarchical tables).
        let choice = a.len() - 1;
        let row = a[choice].0;
        let p = self.pivots.len() as u32;
        let pivot_coef = a[choice].1.clone();
        // After this pivot no protected vector holds the row any more.
        let holders = std::mem::take(&mut self.holders[row as usize]);
        for b in holders {
            let bv = &self.protected[b as usize];
            let Some(cb) = coefficient(bv, row) else {
                continue; // stale
            };
            let Some(factor) = cb.checked_div(&pivot_coef) else {
                continue;
            };
            let old_lead = bv[0].0;
            let nb = sub_scaled(bv, &factor, &a);
            // Proportional vectors were refused by `offer`, so nb is not zero.
            for (r, _) in &nb {
                if coefficient(bv, *r).is_none() {
                    self.holders[*r as usize].push(b);
                }
            }
            if let Some(&(lead, _)) = nb.first() {
                if lead != old_lead {
                    self.by_lead.entry(lead).or_default().push(b);
                }
            }
            self.protected[b as usize] = nb;
        }
        self.pivot_at[row as usize] = p;
        self.pivots.push((row, a));
    }
}

/// The functionals of one component's values, their parameters numbered
/// from zero in the same order, so the elimination's arrays are the size of
/// the component, not of the whole problem.
struct LocalFunctionals<'a> {
    param: &'a Parametrization,
    globals: Vec<u32>,
    parameters: usize,
}

impl<'a> LocalFunctionals<'a> {
    fn new<'v>(param: &'a Parametrization, values: impl Iterator<Item = &'v ValueId>) -> Self {
        let mut globals: Vec<u32> = values
            .flat_map(|v| param.functionals[v.index()].iter().map(|e| e.0))
            .collect();
        globals.sort_unstable();
        globals.dedup();
        let parameters = globals.len();
        LocalFunctionals {
            param,
            globals,
            parameters,
        }
    }

    fn of(&self, v: ValueId) -> Sparse {
        self.param.functionals[v.index()]
            .iter()
            .map(|(g, c)| {
                // Every parameter of these values was collected in `new`.
                let l = self.globals.binary_search(g).unwrap_or_else(|i| i);
                (l as u32, c.clone())
            })
            .collect()
    }
}

/// The result of one elimination run.
pub(crate) struct EliminationResult {
    /// Values suppressed because publishing them would determine a
    /// protected value, in the order they were decided.
    pub secondary: Vec<ValueId>,
    /// The candidate the run continued an earlier run from, if it did
    /// (the tests check that runs do resume).
    #[cfg_attr(not(test), expect(dead_code))]
    pub resumed_at: Option<usize>,
}

/// Marks a pivot published before the candidates (a grand total or zero).
const FORCED: u32 = u32::MAX;

/// What one elimination run of a component leaves for the next run of the
/// same component: its input, the published pivots and what made each.
pub(crate) struct Run {
    protected: Vec<ValueId>,
    forced: Vec<ValueId>,
    candidates: Vec<ValueId>,
    pivots: Vec<(u32, Sparse)>,
    /// For each pivot, the index of the candidate that made it, or
    /// [`FORCED`].
    made_by: Vec<u32>,
    /// The indexes of the candidates suppressed, increasing.
    suppressed: Vec<u32>,
}

/// Langsrud's Gaussian-elimination suppression.
///
/// `protected` values are suppressed and must stay undetermined;
/// `forced` values are published first whatever happens (grand totals);
/// `candidates` are offered for publication in the given order, and each
/// is suppressed when publishing it, together with everything published
/// before it, would determine a protected value.
///
/// `earlier` is the run of the same component before values were added to
/// the protected ones (a singleton or protection-level round): the result
/// is the same as a run from the start, but only the candidates from the
/// first one whose decision can change are offered again (see
/// [`resume`]).
pub(crate) fn gauss_suppression(
    rel: &Relations,
    param: &Parametrization,
    protected: &[ValueId],
    forced: &[ValueId],
    candidates: &[ValueId],
    earlier: Option<Run>,
) -> Result<(EliminationResult, Run), DisclosureError> {
    let local = LocalFunctionals::new(param, protected.iter().chain(forced).chain(candidates));
    let mut scratch = Scratch {
        values: vec![Rational::ZERO; local.parameters],
        touched: Vec::new(),
    };
    let resumed =
        earlier.and_then(|run| resume(&local, run, protected, forced, candidates, &mut scratch));
    let resumed_at = resumed.as_ref().map(|state| state.3);
    let (mut e, mut made_by, mut suppressed, start) = match resumed {
        Some(state) => state,
        None => {
            let mut e = Eliminator::new(rel, &local, protected)?;
            let mut made_by = Vec::new();
            for &v in forced {
                match e.offer(local.of(v), &mut scratch) {
                    Offer::Redundant => {}
                    Offer::Reveals(p) => {
                        return Err(DisclosureError::ForcedDisclosure {
                            published: rel.value(v).key.clone(),
                            protected: rel.value(p).key.clone(),
                        })
                    }
                    Offer::Safe(a) => {
                        e.publish(a);
                        made_by.push(FORCED);
                    }
                }
            }
            (e, made_by, Vec::new(), 0)
        }
    };
    for (j, &v) in candidates.iter().enumerate().skip(start) {
        match e.offer(local.of(v), &mut scratch) {
            Offer::Redundant => {}
            Offer::Reveals(_) => suppressed.push(j as u32),
            Offer::Safe(a) => {
                e.publish(a);
                made_by.push(j as u32);
            }
        }
    }
    let result = EliminationResult {
        secondary: suppressed.iter().map(|&j| candidates[j as usize]).collect(),
        resumed_at,
    };
    let run = Run {
        protected: protected.to_vec(),
        forced: forced.to_vec(),
        candidates: candidates.to_vec(),
        pivots: e.pivots,
        made_by,
        suppressed,
    };
    Ok((result, run))
}

/// Where a new run can take over from `run` after values were added to
/// the protected ones: the elimination state, pivot sources, suppressed
/// candidate indexes and the candidate to continue from. `None` when the
/// run must start over: the input changed in another way (a protected
/// value was published again, the forced values differ), or a value added
/// was already in the span of the forced values.
///
/// Why the result is that of a run from the start: a value `a` added to
/// the protected ones was a candidate the earlier run published, so it
/// entered the span of the published functionals at some candidate `jₐ`
/// (the one whose pivot is the last of `a`'s expression in the pivots,
/// [`Eliminator::reduce_tracking`]), at or before its own turn. Before
/// `j* = min jₐ`, no `a` is in the span of what is published, even with
/// the candidate being offered, so every decision is the earlier run's:
/// a candidate published then cannot determine an `a` now, one that was
/// redundant still is, and one that determined a protected value still
/// does. From `j*` on the decisions may change, so the run continues there
/// from the pivots published before it, with every protected functional
/// reduced against them: a reduced functional is the one vector equal to
/// it modulo the pivots and zero at their rows, so it is the vector the
/// run from the start would hold at that point.
fn resume(
    local: &LocalFunctionals,
    run: Run,
    protected: &[ValueId],
    forced: &[ValueId],
    candidates: &[ValueId],
    scratch: &mut Scratch,
) -> Option<(Eliminator, Vec<u32>, Vec<u32>, usize)> {
    if run.forced != forced {
        return None;
    }
    let before: HashSet<ValueId> = run.protected.iter().copied().collect();
    let now: HashSet<ValueId> = protected.iter().copied().collect();
    if now.len() != protected.len() || !before.is_subset(&now) {
        return None;
    }
    let added: HashSet<ValueId> = now.difference(&before).copied().collect();
    if !run
        .candidates
        .iter()
        .filter(|v| !added.contains(v))
        .eq(candidates.iter())
    {
        return None;
    }
    // Each value added, with its turn in the earlier run; it must have
    // been published then.
    let mut turns: Vec<(ValueId, u32)> = Vec::with_capacity(added.len());
    for (j, v) in run.candidates.iter().enumerate() {
        if added.contains(v) {
            if run.suppressed.binary_search(&(j as u32)).is_ok() {
                return None;
            }
            turns.push((*v, j as u32));
        }
    }
    if turns.len() != added.len() {
        return None;
    }
    let everything = Eliminator::with_pivots(local, run.pivots);
    let mut cut = everything.pivots.len();
    for &(v, _) in &turns {
        let (rest, last) = everything.reduce_tracking(local.of(v), scratch);
        if !rest.is_empty() {
            return None;
        }
        cut = cut.min(last? as usize);
    }
    let start = match run.made_by.get(cut) {
        None => candidates.len(),
        Some(&FORCED) => return None,
        Some(&j) => j as usize,
    };
    if turns.iter().any(|&(_, turn)| (turn as usize) < start) {
        return None;
    }
    let mut pivots = everything.pivots;
    pivots.truncate(cut);
    let mut made_by = run.made_by;
    made_by.truncate(cut);
    let mut suppressed = run.suppressed;
    suppressed.retain(|&j| (j as usize) < start);
    let mut e = Eliminator::with_pivots(local, pivots);
    for &v in protected {
        let f = e.reduce(local.of(v), scratch);
        if f.is_empty() {
            return None;
        }
        e.protect(v, f);
    }
    Some((e, made_by, suppressed, start))
}
