//! Disclosure control for public releases (SPEC §5): which values may be
//! published so that no small count of victims can be learned, directly or
//! by arithmetic.
//!
//! The engine knows nothing of plans, ledgers or scorecards. Its input is
//! plain data, a [`Relations`]: values (each with a stable key, an exact
//! [`Rational`] value, a [`ValueClass`] and whether it is a sensitive count)
//! and the exact linear relations a reader knows among them (a margin is the
//! sum of its cells, a year the sum of its months, a parent score the
//! weighted mean of its children). [`protect`] decides which values to
//! suppress; [`audit`] proves the result safe or refuses it.
//!
//! ```
//! use seguimiento::disclosure::{protect, ProtectOptions, Relations, Dimension, ValueClass, Rational};
//! let mut rel = Relations::new();
//! let sexo = Dimension::flat("sexo", "total", &["M", "F"])?;
//! let edad = Dimension::flat("edad", "total", &["0-17", "18+"])?;
//! let counts = [[3, 20], [15, 30]]; // M 0-17 is a small count
//! rel.add_table("victimas", &[sexo, edad], true, ValueClass::GrandTotal, |c| {
//!     let i = if c[0] == "M" { 0 } else { 1 };
//!     let j = if c[1] == "0-17" { 0 } else { 1 };
//!     Rational::integer(counts[i][j])
//! })?;
//! let protection = protect(&rel, &ProtectOptions::default())?;
//! // The 3 and three more cells of the 2×2 square are suppressed.
//! assert_eq!(protection.counts(), (1, 3));
//! let audit = protection.audit(&rel)?;
//! assert_eq!(audit.summary.primary, 1);
//! # Ok::<(), seguimiento::disclosure::DisclosureError>(())
//! ```
//!
//! # Primary suppression
//!
//! A sensitive value in `1..k−1` (`0 < v < k`), `k = 11` by default, is
//! suppressed ([`PrimaryReason::SmallCount`]); zeros are published. The caller
//! can mark any value primary ([`Relations::mark_primary`]). A sensitive
//! value published by an earlier release and now revised by `1..k−1` is
//! suppressed too ([`PrimaryReason::Revision`]): otherwise the difference
//! between the two releases is the small count.
//!
//! # Secondary suppression: Gaussian elimination
//!
//! Langsrud's method (R `SSBtools::GaussSuppression`). First every value is
//! written as a linear function of free parameters — exact Gauss–Jordan
//! elimination of the relations. (Langsrud's model matrix takes the inner
//! cells as parameters; here each relation pivots on its most suppressible
//! term instead, so the values offered for publication first — totals,
//! margins — are parameters themselves and cost nothing to publish. Any
//! choice gives the same spans.) What a reader can compute from published
//! values is exactly the span of their functions: a value is *determined*
//! iff its function lies in that span.
//!
//! Then the values are offered for publication one at a time, keeping the
//! published functions reduced to triangular form (each new one reduced
//! against the pivots so far) and the protected functions reduced against
//! every pivot. A value whose reduced function is proportional to a reduced
//! protected function would determine that protected value: it is
//! suppressed instead. A value whose reduced function is zero adds nothing
//! and is published. Otherwise it is published and becomes a pivot.
//! Protected values are the primary ones, values suppressed by an earlier
//! release and values suppressed for singletons; a value suppressed by the
//! elimination itself can never become determined later (its function was
//! proportional to a protected one modulo what was published, so determining
//! it would determine that protected value, which every later step
//! prevents).
//!
//! ## The candidate order
//!
//! Grand totals and zeros are not candidates: unless they are primary (or
//! suppressed by an earlier release) they are published first, grand totals
//! then zeros, and an error is returned if that alone would determine a
//! protected value. Zeros are published (SPEC §5), and a suppressed zero
//! would protect nothing: non-negativity pins a zero under a zero margin.
//! Keeping every suppressed value non-zero has a second benefit: the true
//! values are then a point strictly inside the non-negative orthant, so a
//! suppressed value that is not linearly determined has an interval of
//! positive width — the elimination's guarantee carries over to the audit.
//!
//! The *suppression preference* sorts the other values by class
//! ([`ValueClass::Inner`] before [`ValueClass::Margin`] before
//! [`ValueClass::Score`]), then by value, smaller first, then by key. The
//! elimination offers candidates for publication in the reverse of that
//! order — scores, then margins, then inner cells, larger values first — so
//! the values late in the offer, small inner cells, are the ones left to
//! suppress (as `SSBtools::CandidatesDefault` orders by decreasing
//! frequency, zeros aside as with its `secondaryZeros = FALSE`). The order
//! is a pure function of the input, so the same input always gives the same
//! pattern.
//!
//! ## Why exact arithmetic
//!
//! Deciding "proportional" or "zero" in floating point needs a tolerance,
//! and a wrong answer either leaks a value or suppresses one for nothing.
//! Over rationals the tests are exact. Numbers stay small for sums of ones
//! and grow only with weighted means; [`Rational`] works on `i128` and falls
//! back to big integers only on overflow.
//!
//! ## The singleton rule
//!
//! The one person behind a count of 1 knows it. If a relation's suppressed
//! values are exactly that 1 and one other, that person can subtract and
//! learn the other. So after each elimination every relation is checked:
//! where two values are suppressed and one is a sensitive 1, the relation's
//! published non-zero value first in the suppression preference (never a
//! grand total) is suppressed too ([`SecondaryReason::Singleton`]),
//! protected like a primary, and the elimination runs again, until no
//! relation is left in that state. A pick that the grand totals and zeros
//! alone determine would hide nothing; it is published again and the next
//! one tried. Two cases are let through:
//!
//! - every value the relation publishes is zero: the other suppressed value
//!   is the 1 plus zeros, the singleton's own count, and there is nothing
//!   to protect;
//! - no value is left to pick (the relation's only other non-zero value is
//!   a grand total, or the picks were all determined): if the other
//!   suppressed value is protected the engine refuses
//!   ([`DisclosureError::SingletonUnresolvable`]); if it is not (a secondary
//!   suppression of a large count, which no one needs to hide from the
//!   person behind the 1), the relation is listed in
//!   [`Protection::singleton_exceptions`].
//!
//! ## Protection levels
//!
//! Non-determination is not enough: two small counts that are the only
//! suppressions under a published margin (`2 + 3 + 40 = 45`) are each
//! known to be at most 5, so a reader learns they are small. The audit
//! therefore asks that a suppressed primary count (small or marked, and
//! sensitive) can reach `k` — its *upper protection level*, in τ-ARGUS's
//! terms — and [`protect`] adds suppressions until it can
//! ([`SecondaryReason::ProtectionLevel`]), each protected like a primary so
//! that the elimination keeps it undetermined (a determined value would
//! widen nothing):
//!
//! 1. *Relation by relation* (cheap, and enough for most counts): a
//!    relation `Σ cᵢ·xᵢ = b` alone bounds a suppressed count `x` when no
//!    other suppressed term has a coefficient of the opposite sign; the
//!    bound is `x`'s value plus `(cᵢ/c)·vᵢ` over the other suppressed terms
//!    (plus the tolerance). Where that is below `k`, one published value of
//!    the relation is suppressed: the first in the suppression preference
//!    (inner cells before margins, smaller values first) whose suppression
//!    lifts the bound to `k` — a term of the opposite sign, such as the
//!    margin above the count, always does — or, if none is enough, the one
//!    that lifts it most.
//! 2. *Over everything published*, once no relation alone is short: the
//!    largest value of every suppressed primary count by the audit's exact
//!    linear program (only the components of suppressed values that hold
//!    one are solved, and only maximized). For each count still below `k`,
//!    one value per relation of the count that bounds it is picked the same
//!    way, with the shortfall as the need; if none of its relations has a
//!    value to pick, the search moves out through the suppressed values of
//!    those relations, a relation at a time. If the whole component has
//!    nothing to pick, the engine refuses
//!    ([`DisclosureError::ProtectionUnreachable`]).
//!
//! After each round of additions the elimination and the singleton rule
//! run again on the components touched. Every round protects at least one
//! more value (a pick the grand totals and zeros determine is published
//! again and never picked again), so the loop ends; suppressing more only
//! widens intervals, so a count that reached `k` keeps it.
//!
//! ## Across releases
//!
//! [`ProtectOptions::earlier_patterns`] carries the [`SuppressionPattern`]
//! of earlier releases: a value suppressed then is suppressed again where it
//! is repeated ([`SecondaryReason::EarlierRelease`], unless it is primary
//! now) and protected like a primary. [`ProtectOptions::earlier_published`]
//! carries values published then, for the revision rule.
//!
//! # The audit
//!
//! [`audit`] computes, for each suppressed value, the interval a reader can
//! narrow it down to: its minimum and maximum over non-negative values
//! consistent with every published value, every relation (within its
//! tolerance) and every upper bound, by an exact simplex method (one linear
//! program per connected component of suppressed values, warm-started from
//! one objective to the next). The release is refused
//! ([`DisclosureError::Refused`]) if an interval has width zero, or if a
//! primary count's upper bound is below `k`.
//!
//! ## Real intervals, rounded inward for counts
//!
//! The intervals are those of the linear-programming relaxation: values
//! range over non-negative *reals*. Every integer solution is a real one, so
//! the real interval contains the integer interval (its ends are the real
//! program's optima, the integer ones can only be further in). The two
//! coincide when the relation matrix is totally unimodular — sums along one
//! hierarchy, and two-way tables with hierarchical margins — and can differ
//! for three-way tables with all their two-way margins (sexo × edad × etnia,
//! whose real polytope has fractional vertices) and for weighted means.
//!
//! A count (a sensitive value that is a whole number: a reader knows it
//! counts people) is therefore judged by the whole numbers its real interval
//! holds, from its lower end rounded up to its upper end rounded down. If
//! those are one number, the count is known although the real interval has
//! width — on a generated ledger of 100,000 observations a three-way cell's
//! real interval was [773/29, 3999/148], which holds only 27. The audit
//! refuses such a count ([`RefusalReason::OneWholeNumber`]), and [`protect`],
//! once every other rule is met, suppresses around it as for a protection
//! level (the need: lifting its upper bound one whole number above its
//! rounded lower end), until none is left. A primary count's real upper
//! bound of at least `k` is also an integer bound of at least `k` (`k` is a
//! whole number). The rounded ends bound the integer interval from outside;
//! the integer program itself is not solved (NP-hard in general, and the
//! library carries no integer solver), so a count whose integer interval is
//! narrower than its rounded real one is not caught.
//!
//! # Complexity
//!
//! Parametrization and elimination cost one sparse row operation per
//! (function, pivot) pair that actually meet, so their cost follows the fill
//! of the elimination, not the square of the table; the elimination runs
//! per connected component of the relation graph, and a round of additions
//! (singletons and protection levels, checked together) reruns only the
//! components it touched, each from the first candidate whose decision the
//! additions can change: the candidate whose publication brought the first
//! added value into the span of the published functions (found from that
//! value's expression in the pivots). The candidates before it are decided
//! as before; the run continues from the pivots published before it. The
//! protection-level check solves a linear program only for the components
//! changed since its last run, stops each maximization at `k`, and skips
//! every count already seen at `k` or above at a visited vertex. The
//! check for counts pinned to one whole number asks each count only
//! whether its interval reaches the next whole number above its value, and
//! if not the one below: each optimization stops there, and only a count
//! that reaches neither (a pinned one) is optimized to the end both ways.
//! The audit is one linear program per component of
//! suppressed values: a sparse tableau with a column index, warm-started
//! from one objective to the next, where a value needs no optimization of
//! its own when a visited vertex proves its optimum: it sits on a bound
//! that a single relation implies (zero, or its margin's remainder), or
//! its tableau row has every non-basic coefficient of one sign (the simplex
//! method's optimality condition for that value, met already). The
//! starting basis takes in each constraint the variable fewest constraints
//! hold, to keep the tableau sparse; its basic solution is made feasible by
//! walking to it from the true values, a feasible point, rather than by a
//! phase 1 (a pivot per non-basic variable positive at the point, a handful
//! per component, against one per row starting negative, some 140). Numbers
//! are two `i64` while they fit (every entry does at 100,000 generated
//! observations), computed through `i128` without overflow checks (see
//! [`Rational`]). Components are independent: the parametrization (once,
//! before the first round), the dirty components' eliminations of a round,
//! and the components' linear programs, are shared
//! among the machine's cores, and the outcomes are taken in component order,
//! so the decisions do not depend on the thread count.
//!
//! `cargo run --release -p seguimiento-benches --example public_view --
//! COUNT` times the public view of the embedded plan on a generated
//! ledger; at 100,000 observations (94,075 values, 37,615 relations) the
//! audit's share fell from about 10 CPU seconds to 1 with the two changes
//! above, and [`protect`] from about 10 to 7; the start from the true
//! values took about a further quarter of the example's processor time.
//! Stopping the pinned-count check at the neighbouring whole numbers took
//! that check from about 1.3 s to 0.2 s there, and the parametrization per
//! component from 0.75–1 s on one thread to its largest component's 0.55 s
//! (the whole example 15.7–18.0 → 14.6–16.2 CPU seconds over four runs; at
//! 1,000,000 observations 92.7 → 57.3 in one, where the pinned-count check
//! had grown; loaded machine). What remains is the eliminations over some 30 rounds of
//! additions (about two thirds of [`protect`]: a component of 4,000–5,000
//! candidates reruns in most rounds, 100–200 ms each, from a candidate a
//! few hundred in) and the protection-level programs (some 0.1 s a round).
//!
//! Measured with `examples/disclosure_national.rs` (CPU seconds of the
//! whole run, on a shared machine, so a rough guide):
//!
//! - 14 sensitive indicators × 363 places × 12 periods (60,984 values,
//!   8,624 relations, 16,044 primary suppressions): [`protect`] about 1.3 s
//!   and the audit about 1 s; before protection levels, 0.55 s and 0.5 s,
//!   and the audit refused 1,056 counts.
//! - With a sexo dimension (`--sexo`: 182,952 values in three-way tables,
//!   about 53,500 primary suppressions), one table (`--indicators 1`:
//!   13,068 values) takes about 6.3 s for [`protect`] and 9 s for the
//!   audit, which passes; all 14 tables took 506 s of wall-clock time for
//!   [`protect`] on a loaded machine. The linear programs dominate: their tableaux
//!   fill in, and the rational arithmetic on the filled rows is most of
//!   the time. A revised simplex with a sparse factorization, rather than
//!   a tableau, is the next step for three-way tables.
//!
//! # Known limits
//!
//! - Intervals are over real values (the linear-programming relaxation,
//!   see the audit above); over integers they can only be narrower.
//! - The elimination treats every relation as exact, including rounded
//!   roll-ups (which only protects more); the audit uses their tolerance.
//! - Protection levels are reached by a heuristic (see above), not by the
//!   fewest or smallest suppressions a linear-programming method such as
//!   τ-ARGUS's optimal one would find.
//! - A score at its upper bound (1) can be pinned by it the way a zero is
//!   pinned by a zero margin; the elimination does not see that, the audit
//!   does.

mod audit;
mod eliminate;
mod parallel;
mod rational;
mod simplex;
mod table;

use std::collections::{BTreeMap, BTreeSet};

pub use audit::{audit, feasibility_intervals, Audit, AuditSummary, Interval, Narrowest};
pub use rational::{ParseRationalError, Rational};
pub use table::{
    CellKey, Dimension, Order, Relation, Relations, Table, Value, ValueClass, ValueId,
};

/// Why a value is suppressed by a primary rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PrimaryReason {
    /// A sensitive value in `1..k−1`.
    SmallCount,
    /// Marked by the caller.
    Marked,
    /// A revision by `1..k−1` of a value an earlier release published.
    Revision,
}

/// Why a value is suppressed to protect others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SecondaryReason {
    /// Publishing it would determine a protected value.
    Elimination,
    /// An earlier release suppressed it.
    EarlierRelease,
    /// A relation would otherwise hold a 1 and exactly one other suppressed value.
    Singleton,
    /// A primary count's largest value consistent with what is published
    /// would otherwise be below `k` (its protection level), or a suppressed
    /// count's interval would hold a single whole number.
    ProtectionLevel,
}

/// A value's fate in a release. Primary and secondary suppressions are told
/// apart here, for the internal audit; in public both are
/// [`Status::is_suppressed`] and look the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case", tag = "status", content = "reason")]
pub enum Status {
    /// Shown.
    Published,
    /// Suppressed by a primary rule.
    Primary(PrimaryReason),
    /// Suppressed to protect others.
    Secondary(SecondaryReason),
}

impl Status {
    /// Whether the value is withheld.
    pub fn is_suppressed(self) -> bool {
        !matches!(self, Status::Published)
    }

    /// Whether the value must stay undetermined (every suppression except
    /// those the elimination itself made, which are safe by construction).
    fn is_protected(self) -> bool {
        matches!(
            self,
            Status::Primary(_)
                | Status::Secondary(SecondaryReason::EarlierRelease)
                | Status::Secondary(SecondaryReason::Singleton)
                | Status::Secondary(SecondaryReason::ProtectionLevel)
        )
    }
}

/// The keys a release suppressed, saved with it and given back to the next
/// release through [`ProtectOptions::earlier_patterns`].
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SuppressionPattern {
    /// Suppressed keys, sorted.
    pub suppressed: BTreeSet<String>,
}

/// The configuration of one release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtectOptions {
    /// The primary threshold: sensitive values in `1..k−1` are suppressed.
    pub k: u32,
    /// Patterns of earlier public releases of the same plan.
    pub earlier_patterns: Vec<SuppressionPattern>,
    /// Values that earlier releases published, by key.
    pub earlier_published: BTreeMap<String, Rational>,
}

impl Default for ProtectOptions {
    fn default() -> ProtectOptions {
        ProtectOptions {
            k: 11,
            earlier_patterns: Vec::new(),
            earlier_published: BTreeMap::new(),
        }
    }
}

/// Why an audit refuses a release.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefusalReason {
    /// The published values pin the suppressed value down exactly.
    ZeroWidth,
    /// A count whose interval, though wider than zero, holds a single whole
    /// number: a reader who knows it counts people knows it exactly.
    OneWholeNumber,
    /// A primary count's upper bound is below `k`: a reader learns it is small.
    UpperBelowK {
        /// The threshold.
        k: u32,
    },
}

impl std::fmt::Display for RefusalReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RefusalReason::ZeroWidth => write!(f, "the published values determine it exactly"),
            RefusalReason::OneWholeNumber => write!(
                f,
                "it is a count and its interval holds a single whole number, so the published values determine it"
            ),
            RefusalReason::UpperBelowK { k } => {
                write!(
                    f,
                    "its upper bound is below k = {k}, so a reader learns it is a small count"
                )
            }
        }
    }
}

/// A release the audit refuses: the first value that fails and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
#[error("release refused: suppressed value {key:?} lies in [{lower}, {}]: {reason} ({problems} value(s) fail the audit)", show_upper(upper))]
pub struct Refusal {
    /// The first value that fails.
    pub key: String,
    /// Its interval's lower end.
    pub lower: Rational,
    /// Its interval's upper end (`None`: unbounded).
    pub upper: Option<Rational>,
    /// Why.
    pub reason: RefusalReason,
    /// How many values fail.
    pub problems: usize,
}

fn show_upper(upper: &Option<Rational>) -> String {
    upper
        .as_ref()
        .map_or_else(|| "unbounded".to_string(), Rational::to_string)
}

/// Why disclosure control could not run, or refused a release.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DisclosureError {
    /// Two values with one key.
    #[error("value {key:?} is given twice")]
    DuplicateKey {
        /// The key.
        key: String,
    },
    /// A negative value (counts and scores are non-negative).
    #[error("value {key:?} is {value}, but values must not be negative")]
    NegativeValue {
        /// The key.
        key: String,
        /// The value.
        value: Rational,
    },
    /// A value above the upper bound given for it.
    #[error("value {key:?} is {value}, above its upper bound {bound}")]
    AboveUpperBound {
        /// The key.
        key: String,
        /// The value.
        value: Rational,
        /// The bound.
        bound: Rational,
    },
    /// A value below the lower bound given for it.
    #[error("value {key:?} is {value}, below its lower bound {bound}")]
    BelowLowerBound {
        /// The key.
        key: String,
        /// The value.
        value: Rational,
        /// The bound.
        bound: Rational,
    },
    /// A relation that cannot be used.
    #[error("relation {label:?} cannot be used: {reason}")]
    BadRelation {
        /// The relation's label.
        label: String,
        /// Why.
        reason: String,
    },
    /// The values do not satisfy a relation.
    #[error("relation {label:?} does not hold for the given values (left side minus right side is {residual})")]
    RelationNotSatisfied {
        /// The relation's label.
        label: String,
        /// Left-hand side minus right-hand side.
        residual: Rational,
    },
    /// A table that cannot be built.
    #[error("table {table:?} cannot be built: {reason}")]
    BadTable {
        /// The table's name.
        table: String,
        /// Why.
        reason: String,
    },
    /// More than the engine indexes.
    #[error("too many {what} (at most {limit})")]
    TooLarge {
        /// What there are too many of.
        what: &'static str,
        /// The limit.
        limit: usize,
    },
    /// `k` must be at least 1.
    #[error("k must be at least 1")]
    BadThreshold,
    /// A status list of the wrong length.
    #[error("{given} statuses given for {expected} values")]
    StatusCount {
        /// Values in the relations.
        expected: usize,
        /// Statuses given.
        given: usize,
    },
    /// The relations alone fix a protected value (say `x = 0`).
    #[error("value {key:?} must be protected, but the relations alone determine it")]
    DeterminedByRelations {
        /// The key.
        key: String,
    },
    /// Publishing the grand totals and zeros alone determines a protected value.
    #[error("publishing the grand total or zero {published:?} would determine the protected value {protected:?}")]
    ForcedDisclosure {
        /// The grand total or zero.
        published: String,
        /// The value it determines.
        protected: String,
    },
    /// The singleton rule cannot be met: no value of the relation that
    /// could be suppressed would hide the other suppressed value.
    #[error("relation {relation:?} holds a suppressed 1 and exactly one other suppressed value, {value:?}, which is protected, and no other value of it can be suppressed to hide it (grand totals and zeros are published)")]
    SingletonUnresolvable {
        /// The relation's label.
        relation: String,
        /// The other suppressed value.
        value: String,
    },
    /// A primary count stays below `k` at most, and nothing around it can be
    /// suppressed to widen its interval.
    #[error("the primary value {key:?} can be at most {upper} given what is published, below k = {k}, and no published value of its relations can be suppressed to widen that (grand totals and zeros are published, and bounds such as a score's band are always known)")]
    ProtectionUnreachable {
        /// The primary value.
        key: String,
        /// Its largest value consistent with what is published.
        upper: Rational,
        /// The threshold.
        k: u32,
    },
    /// The audit found the published values inconsistent with the relations.
    #[error("the audit found no values consistent with what is published around {key:?}")]
    AuditInfeasible {
        /// A value of the inconsistent component.
        key: String,
    },
    /// The audit refuses the release.
    #[error("{0}")]
    Refused(Box<Refusal>),
}

/// One value's fate in a release, for the internal record of the release
/// (it holds the value, suppressed or not: never publish it as is; see
/// [`PublicValue`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Decision {
    /// The value's stable key, the same in every release that repeats it.
    pub key: String,
    /// Its table and coordinates, when it is a table's value.
    pub cell: Option<CellKey>,
    /// Its class in the candidate order.
    pub class: ValueClass,
    /// The exact value.
    pub value: Rational,
    /// Published, or suppressed and why (primary and secondary told apart).
    pub status: Status,
}

/// What a public release shows of one value: the value, or nothing and the
/// confidential flag. Primary and secondary suppressions look the same here
/// (SPEC §5, flags).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PublicValue {
    /// The value's stable key.
    pub key: String,
    /// Its table and coordinates, when it is a table's value.
    pub cell: Option<CellKey>,
    /// The value; `None` when it is confidential.
    pub value: Option<Rational>,
    /// Whether the value is withheld.
    pub confidential: bool,
}

/// The decision for one release: every value's status and the pattern to
/// save with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Protection {
    k: u32,
    statuses: Vec<Status>,
    pattern: SuppressionPattern,
    singleton_exceptions: Vec<String>,
    earlier_not_repeated: Vec<String>,
}

impl Protection {
    /// The threshold used.
    pub fn k(&self) -> u32 {
        self.k
    }

    /// One status per value, indexed by [`ValueId::index`].
    pub fn statuses(&self) -> &[Status] {
        &self.statuses
    }

    /// One value's status.
    pub fn status(&self, id: ValueId) -> Status {
        self.statuses[id.index()]
    }

    /// The keys suppressed, to save with the release.
    pub fn pattern(&self) -> &SuppressionPattern {
        &self.pattern
    }

    /// `(primary, secondary)` suppressions.
    pub fn counts(&self) -> (usize, usize) {
        let primary = self
            .statuses
            .iter()
            .filter(|s| matches!(s, Status::Primary(_)))
            .count();
        let secondary = self
            .statuses
            .iter()
            .filter(|s| matches!(s, Status::Secondary(_)))
            .count();
        (primary, secondary)
    }

    /// Relations where the singleton rule gave way to "never the grand
    /// total" (see the module documentation), by label.
    pub fn singleton_exceptions(&self) -> &[String] {
        &self.singleton_exceptions
    }

    /// Keys of earlier patterns that this release does not repeat.
    pub fn earlier_not_repeated(&self) -> &[String] {
        &self.earlier_not_repeated
    }

    /// Every value's decision, in value order, for the internal record.
    pub fn decisions(&self, rel: &Relations) -> Vec<Decision> {
        rel.values()
            .iter()
            .zip(&self.statuses)
            .map(|(v, status)| Decision {
                key: v.key.clone(),
                cell: v.cell.clone(),
                class: v.class,
                value: v.value.clone(),
                status: *status,
            })
            .collect()
    }

    /// Every value as a public release shows it, in value order: suppressed
    /// values carry no value.
    pub fn public_values(&self, rel: &Relations) -> Vec<PublicValue> {
        rel.values()
            .iter()
            .zip(&self.statuses)
            .map(|(v, status)| {
                let confidential = status.is_suppressed();
                PublicValue {
                    key: v.key.clone(),
                    cell: v.cell.clone(),
                    value: (!confidential).then(|| v.value.clone()),
                    confidential,
                }
            })
            .collect()
    }

    /// Audits this decision (see [`audit`]).
    pub fn audit(&self, rel: &Relations) -> Result<Audit, DisclosureError> {
        audit(rel, &self.statuses, self.k)
    }
}

/// The suppression preference: non-zero values before zeros, then class,
/// then value, then key (see the module documentation). Candidates are
/// offered for publication in the reverse.
fn preference_order(rel: &Relations) -> Vec<ValueId> {
    let mut ids: Vec<ValueId> = (0..rel.len() as u32).map(ValueId).collect();
    ids.sort_by(|a, b| {
        let (va, vb) = (rel.value(*a), rel.value(*b));
        (!va.value.is_zero(), va.class, &va.value, &va.key).cmp(&(
            !vb.value.is_zero(),
            vb.class,
            &vb.value,
            &vb.key,
        ))
    });
    ids
}

/// Decides which values a release suppresses (see the module documentation).
pub fn protect(rel: &Relations, options: &ProtectOptions) -> Result<Protection, DisclosureError> {
    protect_with(rel, options, Approach::FAST)
}

/// How [`protect_with`] organizes the work. Every approach gives the same
/// decisions; the slow ones are the plain reading of the method, kept so
/// the tests can compare the fast one against them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Approach {
    /// Eliminate each connected component of the relations on its own
    /// (otherwise the whole system is one elimination).
    pub blockwise: bool,
    /// After a round of additions, continue each component's elimination
    /// from the first candidate whose decision can change (otherwise start
    /// over).
    pub resume: bool,
    /// Threads sharing the components' eliminations and linear programs
    /// (`0`: the machine's available parallelism; `1`: the calling thread).
    pub threads: usize,
}

impl Approach {
    /// Block by block, resuming, on every core.
    pub const FAST: Approach = Approach {
        blockwise: true,
        resume: true,
        threads: 0,
    };
    /// The whole system at once, starting over every round, on one thread.
    #[cfg(test)]
    pub const PLAIN: Approach = Approach {
        blockwise: false,
        resume: false,
        threads: 1,
    };
}

/// [`protect`] with a chosen [`Approach`].
pub(crate) fn protect_with(
    rel: &Relations,
    options: &ProtectOptions,
    approach: Approach,
) -> Result<Protection, DisclosureError> {
    let k = options.k;
    if k == 0 {
        return Err(DisclosureError::BadThreshold);
    }
    let k_value = Rational::from(k);
    let small = |v: &Rational| v.is_positive() && *v < k_value;
    let mut base: Vec<Status> = rel
        .values()
        .iter()
        .map(|v| {
            if v.marked_primary {
                Status::Primary(PrimaryReason::Marked)
            } else if v.sensitive && small(&v.value) {
                Status::Primary(PrimaryReason::SmallCount)
            } else {
                Status::Published
            }
        })
        .collect();
    for (key, old) in &options.earlier_published {
        if let Some(id) = rel.id(key) {
            let v = rel.value(id);
            if v.sensitive
                && base[id.index()] == Status::Published
                && small(&(&v.value - old).abs())
            {
                base[id.index()] = Status::Primary(PrimaryReason::Revision);
            }
        }
    }
    let mut earlier_not_repeated = BTreeSet::new();
    for pattern in &options.earlier_patterns {
        for key in &pattern.suppressed {
            match rel.id(key) {
                Some(id) if base[id.index()] == Status::Published => {
                    base[id.index()] = Status::Secondary(SecondaryReason::EarlierRelease);
                }
                Some(_) => {}
                None => {
                    earlier_not_repeated.insert(key.clone());
                }
            }
        }
    }

    let preference = preference_order(rel);
    // Pivot rank for the parametrization: later in the preference (grand
    // totals, margins, large values) is a better pivot.
    let mut rank = vec![0u64; rel.len()];
    for (i, id) in preference.iter().enumerate() {
        rank[id.index()] = i as u64;
    }
    let relations_of = relations_of(rel);

    // Values joined by relations form components that the elimination
    // handles one at a time: a round of singleton additions reruns only
    // the components it touched.
    let component = if approach.blockwise {
        components(rel)
    } else {
        vec![0; rel.len()]
    };
    let param = eliminate::parametrize(rel, &rank, &component, approach.threads);
    let count = component.iter().map(|&c| c as usize + 1).max().unwrap_or(0);
    let mut members: Vec<Vec<ValueId>> = vec![Vec::new(); count];
    for &id in &preference {
        members[component[id.index()] as usize].push(id);
    }
    let mut secondary_of: Vec<Vec<ValueId>> = vec![Vec::new(); count];
    // Each component's last elimination, for the next round to resume.
    let mut runs: Vec<Option<eliminate::Run>> = (0..count).map(|_| None).collect();
    let mut dirty: Vec<usize> = (0..count).collect();
    // The checks by linear program: protection levels (the counts that
    // fell short are kept) and counts pinned to one whole number.
    let mut last_check = LastCheck::default();
    let mut last_count_check = LastCheck::default();
    // Singleton additions that turned out to be determined by the forced
    // values (grand totals and zeros) protect nothing and are not tried again.
    let mut rejected: BTreeSet<ValueId> = BTreeSet::new();
    // One component's elimination under the statuses `base` gives it.
    let eliminate_component = |c: usize, base: &[Status], earlier: Option<eliminate::Run>| {
        let ids = &members[c];
        let protected: Vec<ValueId> = ids
            .iter()
            .copied()
            .filter(|id| base[id.index()].is_protected())
            .collect();
        let published = |id: &ValueId| base[id.index()] == Status::Published;
        let grand = |id: &ValueId| rel.value(*id).class == ValueClass::GrandTotal;
        let zero = |id: &ValueId| rel.value(*id).value.is_zero();
        // Published whatever happens: grand totals, then zeros.
        let forced: Vec<ValueId> = ids
            .iter()
            .rev()
            .copied()
            .filter(|id| published(id) && grand(id))
            .chain(
                ids.iter()
                    .rev()
                    .copied()
                    .filter(|id| published(id) && !grand(id) && zero(id)),
            )
            .collect();
        let candidates: Vec<ValueId> = ids
            .iter()
            .rev()
            .copied()
            .filter(|id| published(id) && !grand(id) && !zero(id))
            .collect();
        eliminate::gauss_suppression(rel, &param, &protected, &forced, &candidates, earlier)
    };
    loop {
        // The dirty components' eliminations are independent of each other
        // (each reads only its own values' statuses), so they run on every
        // thread at once; their outcomes are then taken in the order a
        // single thread would meet them, so the first error is the same.
        let order: Vec<usize> = dirty.drain(..).rev().collect();
        let mut jobs: Vec<(usize, Option<eliminate::Run>)> = order
            .iter()
            .map(|&c| (c, runs[c].take().filter(|_| approach.resume)))
            .collect();
        jobs.sort_by_key(|(c, _)| (std::cmp::Reverse(members[*c].len()), *c));
        let outcomes = parallel::map_jobs(jobs, approach.threads, |(c, earlier)| {
            (c, eliminate_component(c, &base, earlier))
        });
        let mut outcome_of: BTreeMap<usize, _> = outcomes.into_iter().collect();
        for c in order {
            let mut outcome = match outcome_of.remove(&c) {
                Some(outcome) => outcome,
                None => eliminate_component(c, &base, None),
            };
            loop {
                match outcome {
                    Ok((result, run)) => {
                        secondary_of[c] = result.secondary;
                        runs[c] = Some(run);
                        break;
                    }
                    // A value suppressed for a singleton or a protection level
                    // that the forced values determine hides nothing: it is
                    // published again and never picked again.
                    Err(DisclosureError::ForcedDisclosure { protected: key, .. })
                        if rel.id(&key).is_some_and(|id| {
                            matches!(
                                base[id.index()],
                                Status::Secondary(
                                    SecondaryReason::Singleton | SecondaryReason::ProtectionLevel
                                )
                            )
                        }) =>
                    {
                        if let Some(id) = rel.id(&key) {
                            base[id.index()] = Status::Published;
                            rejected.insert(id);
                        }
                        outcome = eliminate_component(c, &base, None);
                    }
                    Err(e) => return Err(e),
                }
            }
        }
        let mut statuses = base.clone();
        for id in secondary_of.iter().flatten() {
            statuses[id.index()] = Status::Secondary(SecondaryReason::Elimination);
        }
        let (additions, exceptions) = singleton_additions(rel, &statuses, &rank, &rejected)?;
        // The cheap checks together, in one round: the singleton rule and
        // the protection levels relation by relation. Only when both are
        // met is the linear program solved.
        let mut additions: BTreeMap<ValueId, SecondaryReason> = additions
            .into_iter()
            .map(|id| (id, SecondaryReason::Singleton))
            .collect();
        for id in level_additions_by_relation(rel, &relations_of, &statuses, &rank, &rejected, k) {
            additions
                .entry(id)
                .or_insert(SecondaryReason::ProtectionLevel);
        }
        if additions.is_empty() {
            let unchecked = last_check.unchecked(rel, &statuses);
            let (by_program, short) = level_additions_by_program(
                rel,
                &relations_of,
                &statuses,
                &rank,
                &rejected,
                k,
                LookAt {
                    unchecked: &unchecked,
                    threads: approach.threads,
                },
            )?;
            last_check.remember(&statuses, short);
            additions.extend(
                by_program
                    .into_iter()
                    .map(|id| (id, SecondaryReason::ProtectionLevel)),
            );
        }
        if additions.is_empty() {
            let unchecked = last_count_check.unchecked(rel, &statuses);
            let (picked, pinned) = whole_number_additions(
                rel,
                &relations_of,
                &statuses,
                &rank,
                &rejected,
                LookAt {
                    unchecked: &unchecked,
                    threads: approach.threads,
                },
            )?;
            last_count_check.remember(&statuses, pinned);
            additions.extend(
                picked
                    .into_iter()
                    .map(|id| (id, SecondaryReason::ProtectionLevel)),
            );
        }
        if additions.is_empty() {
            let pattern = SuppressionPattern {
                suppressed: rel
                    .values()
                    .iter()
                    .zip(&statuses)
                    .filter(|(_, s)| s.is_suppressed())
                    .map(|(v, _)| v.key.clone())
                    .collect(),
            };
            return Ok(Protection {
                k,
                statuses,
                pattern,
                singleton_exceptions: exceptions,
                earlier_not_repeated: earlier_not_repeated.into_iter().collect(),
            });
        }
        let mut touched = BTreeSet::new();
        for (id, reason) in additions {
            base[id.index()] = Status::Secondary(reason);
            touched.insert(component[id.index()] as usize);
        }
        dirty.extend(touched.into_iter().rev());
    }
}

/// What a check by linear program saw when it last ran: the statuses then,
/// and the values it found wanting. A suppressed value's interval depends
/// only on its component of suppressed values, so components unchanged
/// since give the same program: the check looks again only at the values of
/// changed components and at those found wanting then.
#[derive(Default)]
struct LastCheck(Option<(Vec<Status>, BTreeSet<ValueId>)>);

impl LastCheck {
    /// Per value, whether the check must look at it now.
    fn unchecked(&self, rel: &Relations, statuses: &[Status]) -> Vec<bool> {
        let Some((old, wanting)) = &self.0 else {
            return vec![true; rel.len()];
        };
        let mut unchecked = audit::changed_components(rel, old, statuses);
        for id in wanting {
            unchecked[id.index()] = true;
        }
        unchecked
    }

    /// Keeps what the check saw.
    fn remember(&mut self, statuses: &[Status], wanting: BTreeSet<ValueId>) {
        self.0 = Some((statuses.to_vec(), wanting));
    }
}

/// Which values a check by linear program looks at (see
/// [`LastCheck::unchecked`]), and the threads its programs share.
#[derive(Clone, Copy)]
struct LookAt<'a> {
    unchecked: &'a [bool],
    threads: usize,
}

/// The connected component of every value in the graph whose edges are
/// the relations, numbered from zero in order of first value.
fn components(rel: &Relations) -> Vec<u32> {
    let mut parent: Vec<u32> = (0..rel.len() as u32).collect();
    fn find(parent: &mut [u32], mut x: u32) -> u32 {
        while parent[x as usize] != x {
            let up = parent[parent[x as usize] as usize];
            parent[x as usize] = up;
            x = up;
        }
        x
    }
    for relation in rel.relations() {
        let Some(&(first, _)) = relation.terms.first() else {
            continue;
        };
        for (id, _) in &relation.terms[1..] {
            let (a, b) = (find(&mut parent, first.0), find(&mut parent, id.0));
            if a != b {
                let (lo, hi) = if a < b { (a, b) } else { (b, a) };
                parent[hi as usize] = lo;
            }
        }
    }
    let mut number = vec![u32::MAX; rel.len()];
    let mut next = 0u32;
    let mut out = vec![0u32; rel.len()];
    for v in 0..rel.len() as u32 {
        let r = find(&mut parent, v) as usize;
        if number[r] == u32::MAX {
            number[r] = next;
            next += 1;
        }
        out[v as usize] = number[r];
    }
    out
}

/// The relations each value is a term of, by index into
/// [`Relations::relations`].
fn relations_of(rel: &Relations) -> Vec<Vec<u32>> {
    let mut out: Vec<Vec<u32>> = vec![Vec::new(); rel.len()];
    for (r, relation) in rel.relations().iter().enumerate() {
        for (id, _) in &relation.terms {
            out[id.index()].push(r as u32);
        }
    }
    out
}

/// The values the protection level asks for: primary counts held to `k`
/// (see [`audit::needs_k`]) that are suppressed.
fn level_targets<'a>(
    rel: &'a Relations,
    statuses: &'a [Status],
) -> impl Iterator<Item = ValueId> + 'a {
    (0..rel.len() as u32)
        .map(ValueId)
        .filter(move |id| audit::needs_k(rel, *id, statuses[id.index()]))
}

/// The largest value `target` can take by `relation` alone, the other
/// suppressed values being non-negative and the published ones fixed;
/// `None` when the relation alone does not bound it (another suppressed
/// term has a coefficient of the opposite sign, such as a suppressed
/// margin above a suppressed cell).
fn bound_by_relation(
    rel: &Relations,
    relation: &Relation,
    target: ValueId,
    statuses: &[Status],
) -> Option<Rational> {
    let own = relation.terms.iter().find(|t| t.0 == target)?.1.clone();
    let inverse = own.recip()?;
    // c·x = b − Σ published − Σ suppressed others; with the true values
    // satisfying the relation, x ≤ v + Σ (cᵢ/c)·vᵢ over suppressed others,
    // plus the tolerance.
    let mut bound = rel.value(target).value.clone();
    for (id, c) in &relation.terms {
        if *id == target || !statuses[id.index()].is_suppressed() {
            continue;
        }
        let ratio = c * &inverse;
        if ratio.is_negative() {
            return None;
        }
        bound += &(&ratio * &rel.value(*id).value);
    }
    bound += &(&relation.tolerance * &inverse.abs());
    Some(bound)
}

/// The published value of `relation` to suppress so that `target`'s bound
/// by this relation grows by at least `need`: the first in the suppression
/// preference that is enough (inner cells before margins, smaller values
/// first), else the one that widens it most. A term with a coefficient of
/// the opposite sign (a margin above the target) leaves the target
/// unbounded by this relation, so it is always enough. Grand totals, zeros
/// and rejected values are never picked.
fn level_pick(
    rel: &Relations,
    relation: &Relation,
    target: ValueId,
    need: &Rational,
    statuses: &[Status],
    rank: &[u64],
    rejected: &BTreeSet<ValueId>,
) -> Option<ValueId> {
    let own = relation.terms.iter().find(|t| t.0 == target)?.1.clone();
    let inverse = own.recip()?;
    let mut candidates: Vec<(ValueId, Option<Rational>)> = relation
        .terms
        .iter()
        .filter(|(id, _)| {
            let v = rel.value(*id);
            statuses[id.index()] == Status::Published
                && !v.value.is_zero()
                && v.class != ValueClass::GrandTotal
                && !rejected.contains(id)
        })
        .map(|(id, c)| {
            let ratio = c * &inverse;
            // `None`: unbounded by this relation once suppressed.
            let gain = (!ratio.is_negative()).then(|| &ratio * &rel.value(*id).value);
            (*id, gain)
        })
        .collect();
    candidates.sort_by_key(|(id, _)| rank[id.index()]);
    let enough = |gain: &Option<Rational>| gain.as_ref().is_none_or(|g| g >= need);
    if let Some((id, _)) = candidates.iter().find(|(_, gain)| enough(gain)) {
        return Some(*id);
    }
    // None is enough: the largest gain, earliest in the preference on ties.
    candidates
        .iter()
        .rev()
        .max_by(|a, b| a.1.cmp(&b.1))
        .map(|(id, _)| *id)
}

/// The protection level, relation by relation: for every suppressed primary
/// count and every relation that alone bounds it below `k`, one published
/// value of that relation to suppress (see [`level_pick`]). Cheap, and
/// enough for most counts; [`level_additions_by_program`] checks the rest.
fn level_additions_by_relation(
    rel: &Relations,
    relations_of: &[Vec<u32>],
    statuses: &[Status],
    rank: &[u64],
    rejected: &BTreeSet<ValueId>,
    k: u32,
) -> BTreeSet<ValueId> {
    let k_value = Rational::from(k);
    let mut additions = BTreeSet::new();
    for target in level_targets(rel, statuses) {
        for &r in &relations_of[target.index()] {
            let relation = &rel.relations()[r as usize];
            let Some(bound) = bound_by_relation(rel, relation, target, statuses) else {
                continue;
            };
            if bound >= k_value {
                continue;
            }
            let need = &k_value - &bound;
            if let Some(id) = level_pick(rel, relation, target, &need, statuses, rank, rejected) {
                additions.insert(id);
            }
        }
    }
    additions
}

/// The protection level over everything published: the largest value of
/// every suppressed primary count that `unchecked` selects (those of
/// components of suppressed values changed since the last check, and those
/// short then) by the exact linear program the audit solves, stopping at
/// `k`; for each one below `k`, the values [`level_picks_around`] finds.
/// Returns those values and the counts that fell short. An error names a
/// count that no suppression around it can widen.
fn level_additions_by_program(
    rel: &Relations,
    relations_of: &[Vec<u32>],
    statuses: &[Status],
    rank: &[u64],
    rejected: &BTreeSet<ValueId>,
    k: u32,
    look_at: LookAt,
) -> Result<(BTreeSet<ValueId>, BTreeSet<ValueId>), DisclosureError> {
    let k_value = Rational::from(k);
    let wanted: BTreeSet<ValueId> = level_targets(rel, statuses)
        .filter(|id| look_at.unchecked[id.index()])
        .collect();
    if wanted.is_empty() {
        return Ok((BTreeSet::new(), BTreeSet::new()));
    }
    let uppers = audit::reach(
        rel,
        statuses,
        &|id| wanted.contains(&id),
        &k_value,
        look_at.threads,
    )?;
    let mut additions = BTreeSet::new();
    let mut short = BTreeSet::new();
    for (target, upper) in uppers {
        let Some(upper) = upper else { continue };
        if upper >= k_value {
            continue;
        }
        short.insert(target);
        let need = &k_value - &upper;
        let picked = level_picks_around(rel, relations_of, target, &need, statuses, rank, rejected);
        if picked.is_empty() {
            return Err(DisclosureError::ProtectionUnreachable {
                key: rel.value(target).key.clone(),
                upper,
                k,
            });
        }
        additions.extend(picked);
    }
    Ok((additions, short))
}

/// Published values to suppress around a primary count whose largest value
/// is still `need` short of `k`: one per relation of the count that bounds
/// it (in any of its relations if none does). When none of its relations
/// has a value to pick (only zeros and grand totals are published there, or
/// relations implied by others were not listed), the search moves out, a
/// relation at a time, through the suppressed values of those relations:
/// their own relations are tried next, and so on. Empty when the whole
/// component of suppressed values has nothing to pick.
/// Suppressions that widen each count whose interval holds a single whole
/// number, once every other rule is met: picked around the count as for a
/// protection level, the need being what lifts its upper bound one whole
/// number above its lower one. A count around which nothing can be picked
/// is left to the audit, which refuses the release naming it.
///
/// Only the counts `unchecked` selects are looked at; returns the additions
/// and the counts found pinned.
fn whole_number_additions(
    rel: &Relations,
    relations_of: &[Vec<u32>],
    statuses: &[Status],
    rank: &[u64],
    rejected: &BTreeSet<ValueId>,
    look_at: LookAt,
) -> Result<(BTreeSet<ValueId>, BTreeSet<ValueId>), DisclosureError> {
    let mut additions = BTreeSet::new();
    let mut pinned = BTreeSet::new();
    let unchecked = |id: ValueId| look_at.unchecked[id.index()];
    for (target, lower, upper) in audit::pinned_counts(rel, statuses, &unchecked, look_at.threads)?
    {
        pinned.insert(target);
        let need = &(&lower.ceil() + &Rational::ONE) - &upper;
        additions.extend(level_picks_around(
            rel,
            relations_of,
            target,
            &need,
            statuses,
            rank,
            rejected,
        ));
    }
    Ok((additions, pinned))
}

fn level_picks_around(
    rel: &Relations,
    relations_of: &[Vec<u32>],
    target: ValueId,
    need: &Rational,
    statuses: &[Status],
    rank: &[u64],
    rejected: &BTreeSet<ValueId>,
) -> Vec<ValueId> {
    let mut seen_values: BTreeSet<ValueId> = BTreeSet::from([target]);
    let mut seen_relations: BTreeSet<u32> = BTreeSet::new();
    let mut frontier = vec![target];
    while !frontier.is_empty() {
        // (relation, the frontier value it is tried for)
        let mut level: Vec<(&Relation, ValueId)> = Vec::new();
        for &value in &frontier {
            for &r in &relations_of[value.index()] {
                if seen_relations.insert(r) {
                    level.push((&rel.relations()[r as usize], value));
                }
            }
        }
        let pick = |(relation, value): &(&Relation, ValueId)| {
            level_pick(rel, relation, *value, need, statuses, rank, rejected)
        };
        let mut picked: Vec<ValueId> = level
            .iter()
            .filter(|(relation, value)| {
                bound_by_relation(rel, relation, *value, statuses).is_some()
            })
            .filter_map(pick)
            .collect();
        if picked.is_empty() {
            picked = level.iter().filter_map(pick).collect();
        }
        if !picked.is_empty() {
            return picked;
        }
        frontier = level
            .iter()
            .flat_map(|(relation, _)| relation.terms.iter().map(|t| t.0))
            .filter(|id| statuses[id.index()].is_suppressed() && seen_values.insert(*id))
            .collect();
    }
    Vec::new()
}

/// The singleton rule: values to add (one per offending relation) and the
/// relations excepted.
fn singleton_additions(
    rel: &Relations,
    statuses: &[Status],
    rank: &[u64],
    rejected: &BTreeSet<ValueId>,
) -> Result<(BTreeSet<ValueId>, Vec<String>), DisclosureError> {
    let mut additions = BTreeSet::new();
    let mut exceptions = Vec::new();
    for relation in rel.relations() {
        let suppressed: Vec<ValueId> = relation
            .terms
            .iter()
            .map(|t| t.0)
            .filter(|id| statuses[id.index()].is_suppressed())
            .collect();
        if suppressed.len() != 2 {
            continue;
        }
        let is_one = |id: &ValueId| {
            let v = rel.value(*id);
            v.sensitive && v.value == Rational::ONE
        };
        let Some(single) = suppressed.iter().find(|id| is_one(id)).copied() else {
            continue;
        };
        let other = if suppressed[0] == single {
            suppressed[1]
        } else {
            suppressed[0]
        };
        let published_nonzero: Vec<ValueId> = relation
            .terms
            .iter()
            .map(|t| t.0)
            .filter(|id| {
                statuses[id.index()] == Status::Published && !rel.value(*id).value.is_zero()
            })
            .collect();
        if published_nonzero.is_empty() {
            // Everything else published is zero: the other suppressed value
            // is the 1 plus zeros, the singleton's own count.
            continue;
        }
        // A suppressed zero would protect nothing (zeros are published, and
        // non-negativity can pin it), so only non-zero values are picked.
        let pick = published_nonzero
            .iter()
            .copied()
            .filter(|id| rel.value(*id).class != ValueClass::GrandTotal && !rejected.contains(id))
            .min_by_key(|id| rank[id.index()]);
        match pick {
            Some(id) => {
                additions.insert(id);
            }
            None if statuses[other.index()].is_protected() => {
                return Err(DisclosureError::SingletonUnresolvable {
                    relation: relation.label.clone(),
                    value: rel.value(other).key.clone(),
                });
            }
            None => exceptions.push(relation.label.clone()),
        }
    }
    Ok((additions, exceptions))
}

#[cfg(test)]
mod tests;
