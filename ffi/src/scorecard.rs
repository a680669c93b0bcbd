//! Evaluation and the scorecard: its JSON, and typed getters for the common
//! questions so that a caller need not parse JSON.

use std::ffi::{c_char, CStr, CString};
use std::sync::{Arc, OnceLock};

use chrono::NaiveDate;
use seguimiento::{
    evaluate, evaluate_many, parse_date, Band, Config, Level, Plan, Score, Scorecard,
    ScorecardTable, Status,
};

use crate::error::{sg_error, sg_status, Error};
use crate::handle::{borrow, clone_shared, free, handle, into_handle};
use crate::ledger::sg_ledger;
use crate::panic::{ffi_guard, ffi_status};
use crate::plan::sg_plan;
use crate::ptr::{array, c_str, fill_c_buf, into_c_string, Out, OutArray};
use crate::tables;
use crate::SG_PERCENT_LEN;

/// The result of an evaluation (opaque). Immutable: any number of threads may
/// read one at once.
pub struct sg_scorecard {
    _private: [u8; 0],
}

/// What a scorecard handle holds: the scorecard, and the plan it was
/// evaluated against, which its tables read for the nodes' texts and parents
/// and the entities' names (shared: freeing the plan handle does not free it).
pub(crate) struct Evaluation {
    card: Scorecard,
    plan: Arc<Plan>,
}

handle!(sg_scorecard => Box<Evaluation>);

impl Evaluation {
    /// A scorecard handle's object: the scorecard and its plan.
    pub(crate) fn new(card: Scorecard, plan: Arc<Plan>) -> Evaluation {
        Evaluation { card, plan }
    }

    /// The scorecard.
    pub(crate) fn scorecard(&self) -> &Scorecard {
        &self.card
    }
}

/// The semáforo of a score.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum sg_band {
    /// On track (≥ 0.90 by default).
    Green = 0,
    /// Progress (≥ 0.60 by default).
    Yellow = 1,
    /// Not on track.
    Red = 2,
    /// No score.
    None = 3,
}

/// The level of a node in the plan's tree.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum sg_level {
    /// The plan itself.
    Plan = 0,
    /// An axis (eje).
    Axis = 1,
    /// A line of intervention.
    Line = 2,
    /// A goal (meta).
    Goal = 3,
    /// A strategic action.
    Action = 4,
    /// An indicator.
    Indicator = 5,
    /// A plazo: only `sg_plan_node_level` returns it (plazos are not
    /// scored, so a scorecard has no plazo nodes).
    Plazo = 6,
}

/// Where a node stands as of the evaluation date.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum sg_node_status {
    /// Indicator or aggregate with a score.
    Scored = 0,
    /// Indicator or aggregate with nothing to score yet.
    Pending = 1,
    /// Indicator without any target: monitoring only.
    NoTarget = 2,
    /// Text indicator: never scored.
    Text = 3,
    /// Action: the date is before every plazo starts.
    NotStarted = 4,
    /// Action: one of its milestones is overdue.
    Overdue = 5,
    /// Action: every plazo has ended and every milestone was achieved.
    Completed = 6,
    /// Action: anything else.
    InProgress = 7,
}

impl From<Band> for sg_band {
    fn from(b: Band) -> sg_band {
        match b {
            Band::Green => sg_band::Green,
            Band::Yellow => sg_band::Yellow,
            Band::Red => sg_band::Red,
            Band::None => sg_band::None,
        }
    }
}

impl From<Level> for sg_level {
    fn from(l: Level) -> sg_level {
        match l {
            Level::Plan => sg_level::Plan,
            Level::Axis => sg_level::Axis,
            Level::Line => sg_level::Line,
            Level::Goal => sg_level::Goal,
            Level::Action => sg_level::Action,
            Level::Indicator => sg_level::Indicator,
            Level::Plazo => sg_level::Plazo,
        }
    }
}

impl From<Status> for sg_node_status {
    fn from(s: Status) -> sg_node_status {
        match s {
            Status::Scored => sg_node_status::Scored,
            Status::Pending => sg_node_status::Pending,
            Status::NoTarget => sg_node_status::NoTarget,
            Status::Text => sg_node_status::Text,
            Status::NotStarted => sg_node_status::NotStarted,
            Status::Overdue => sg_node_status::Overdue,
            Status::Completed => sg_node_status::Completed,
            Status::InProgress => sg_node_status::InProgress,
        }
    }
}

/// The score of one node, as the scorecard JSON has it.
///
/// Every field is a fixed-width integer, a `double` or a `char` array (no
/// `bool`, whose size other languages' marshallers disagree on), and there is
/// no padding between fields: 48 bytes.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct sg_node_score {
    /// 1 if the node has a score, 0 if not (never another value). When 0,
    /// `score_millionths` and `score` are 0, `percent` is empty and `band` is
    /// `SG_BAND_NONE`.
    pub scored: u32,
    /// The score exactly, in millionths: 734512 is 0.734512 (0 to 1000000).
    pub score_millionths: u32,
    /// The score as the nearest double (`score_millionths / 1e6`).
    pub score: f64,
    /// The score as a percentage with 2 decimals, rounded half away from zero
    /// like every report: `"73.45 %"`; empty without a score. NUL-terminated.
    pub percent: [c_char; SG_PERCENT_LEN],
    /// The semáforo.
    pub band: sg_band,
    /// The node's level (never `SG_LEVEL_PLAZO`).
    pub level: sg_level,
    /// Where it stands.
    pub status: sg_node_status,
    /// Scored actions / actions beneath, in millionths (an indicator: 1000000
    /// if scored, else 0).
    pub coverage_millionths: u32,
}

/// One institution's scorecard.
///
/// Every field is a fixed-width integer, a `size_t`, a `double` or a `char`
/// array (no `bool`).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct sg_entity_score {
    /// 1 if the entity has a score (some of its actions are scored), 0 if not
    /// (never another value).
    pub scored: u32,
    /// The mean score of its scored actions, in millionths.
    pub score_millionths: u32,
    /// The score as the nearest double.
    pub score: f64,
    /// The score as a percentage with 2 decimals (`"73.45 %"`), or empty.
    pub percent: [c_char; SG_PERCENT_LEN],
    /// The semáforo.
    pub band: sg_band,
    /// Actions for which it or one of its dependencies is responsible.
    pub actions: usize,
    /// How many of them have a score.
    pub scored_actions: usize,
    /// How many of them are overdue.
    pub overdue_actions: usize,
}

/// A score's flag (1 when there is one), exact millionths, double and
/// percentage text, as the core writes them.
fn score_parts(score: Option<Score>) -> (u32, u32, f64, [c_char; SG_PERCENT_LEN]) {
    match score {
        Some(s) => (1, s.millionths(), s.to_f64(), fill_c_buf(&s.percent())),
        None => (0, 0, 0.0, [0; SG_PERCENT_LEN]),
    }
}

fn node_score(node: &seguimiento::NodeScore) -> sg_node_score {
    let (scored, score_millionths, score, percent) = score_parts(node.score);
    sg_node_score {
        scored,
        score_millionths,
        score,
        percent,
        band: node.band.into(),
        level: node.level.into(),
        status: node.status.into(),
        coverage_millionths: node.coverage.millionths(),
    }
}

fn unknown_node(id: &str) -> Error {
    Error::new(
        sg_status::UnknownId,
        format!("the scorecard has no node {id:?}"),
    )
}

/// The evaluation date, written exactly `YYYY-MM-DD`. The core's date reader
/// forgives spaces around a date in a record; an argument is not a record, and
/// the header promises `SG_STATUS_INVALID_DATE` for anything but the ten
/// characters, as ids are not trimmed either.
pub(crate) fn as_of_date(text: &str) -> Result<NaiveDate, Error> {
    date_argument(text, "as_of")
}

/// A date argument named `name`, written exactly `YYYY-MM-DD`.
pub(crate) fn date_argument(text: &str, name: &str) -> Result<NaiveDate, Error> {
    let invalid =
        |why: String| Error::new(sg_status::InvalidDate, format!("argument `{name}`: {why}"));
    if text.trim() != text {
        return Err(invalid(format!(
            "{text:?} is not a date written YYYY-MM-DD (it has spaces or a line break around it)"
        )));
    }
    parse_date(text).map_err(|e| invalid(e.to_string()))
}

/// Evaluates a plan's compliance as of a date (SPEC §3): `as_of` is
/// `"YYYY-MM-DD"` exactly (no spaces or line break around it), `config_json`
/// NULL for the defaults or a JSON object whose fields replace them
/// (`{"late_credit": "0.25", "grace_days": 15}`). The ledger must have been
/// made from this plan (or an identical one).
///
/// `as_of` decides what is due, achieved and submitted; the config's
/// `known_on` (`{"known_on": "2009-03-31"}`, default `as_of`) decides what
/// is known: only records recorded on or before it count (SPEC §3). The
/// scorecard JSON shows both dates.
///
/// On success `*scorecard_out` is a new scorecard, to be freed with
/// `sg_scorecard_free`. Errors: `SG_STATUS_INVALID_DATE` (also for a date
/// more than 10 years from the plan's horizon), `SG_STATUS_CONFIG_INVALID`
/// (also for a weight naming no node of the plan), `SG_STATUS_INVALID_UTF8`,
/// `SG_STATUS_PLAN_MISMATCH`.
///
/// Only reads the plan and the ledger: several threads may evaluate the same
/// plan and ledger at once.
///
/// # Safety
///
/// `plan` and `ledger` must each be NULL or live; `as_of` NULL or
/// NUL-terminated; `config_json` NULL or NUL-terminated; `scorecard_out` valid
/// for a write of one pointer; `error_out` NULL or valid for a write of one
/// pointer.
#[no_mangle]
pub unsafe extern "C" fn sg_evaluate(
    plan: *const sg_plan,
    ledger: *const sg_ledger,
    as_of: *const c_char,
    config_json: *const c_char,
    scorecard_out: *mut *mut sg_scorecard,
    error_out: *mut *mut sg_error,
) -> sg_status {
    // SAFETY: the caller guarantees `error_out` is NULL or valid for a write.
    ffi_status(unsafe { Out::optional(error_out) }, || {
        // SAFETY: the caller guarantees `plan` is NULL or live.
        let plan = unsafe { clone_shared(plan, "plan") }?;
        // SAFETY: the caller guarantees `ledger` is NULL or live.
        let ledger = unsafe { borrow(ledger, "ledger") }?;
        // SAFETY: the caller guarantees `as_of` is NULL or NUL-terminated.
        let as_of = unsafe { c_str(as_of, "as_of") }?;
        // SAFETY: the caller guarantees `scorecard_out` is valid for a write.
        let out = unsafe { Out::required(scorecard_out, "scorecard_out") }?;
        let as_of = as_of_date(as_of)?;
        let config = if config_json.is_null() {
            Config::default()
        } else {
            // SAFETY: not NULL, and the caller guarantees it is NUL-terminated.
            Config::from_json(unsafe { c_str(config_json, "config_json") }?)?
        };
        let card = evaluate(&plan, ledger, as_of, &config)?;
        out.write(into_handle(Evaluation { card, plan }));
        Ok(())
    })
}

/// Evaluates a plan as of each of `count` dates, sharing the work (each
/// record is read once for all the dates): the same scorecards as
/// `sg_evaluate` date by date. `dates` is an array of `count` dates, each
/// `"YYYY-MM-DD"` exactly; `config_json` as for `sg_evaluate` (its
/// `known_on`, if given, is every evaluation's knowledge date; without it
/// each date is its own).
///
/// `scorecards_out` is the caller's array of `count` scorecard pointers. On
/// success, `scorecards_out[i]` is a new scorecard as of `dates[i]`; each is
/// the caller's, to be freed with `sg_scorecard_free` (read each with the
/// scorecard functions: `sg_scorecard_to_json`, `sg_scorecard_table`, …). On
/// failure nothing is written to the array. With `count` 0 nothing is
/// evaluated and nothing written (the arrays must still not be NULL).
/// Errors: those of `sg_evaluate` (an invalid date names its index,
/// `dates[3]`), and `SG_STATUS_TOO_LARGE` for a count no array can hold.
///
/// Only reads the plan and the ledger: several threads may evaluate the same
/// plan and ledger at once.
///
/// # Safety
///
/// `plan` and `ledger` must each be NULL or live; `dates` NULL or valid for
/// reads of `count` pointers, each NULL or NUL-terminated; `config_json`
/// NULL or NUL-terminated; `scorecards_out` NULL or valid for writes of
/// `count` pointers; `error_out` NULL or valid for a write of one pointer.
#[no_mangle]
pub unsafe extern "C" fn sg_evaluate_many(
    plan: *const sg_plan,
    ledger: *const sg_ledger,
    dates: *const *const c_char,
    count: usize,
    config_json: *const c_char,
    scorecards_out: *mut *mut sg_scorecard,
    error_out: *mut *mut sg_error,
) -> sg_status {
    // SAFETY: the caller guarantees `error_out` is NULL or valid for a write.
    ffi_status(unsafe { Out::optional(error_out) }, || {
        // SAFETY: the caller guarantees `plan` is NULL or live.
        let plan = unsafe { clone_shared(plan, "plan") }?;
        // SAFETY: the caller guarantees `ledger` is NULL or live.
        let ledger = unsafe { borrow(ledger, "ledger") }?;
        // SAFETY: the caller guarantees `dates` is NULL or valid for reads of
        // `count` pointers.
        let date_ptrs = unsafe { array(dates, count, "dates") }?;
        // SAFETY: the caller guarantees `scorecards_out` is NULL or valid for
        // writes of `count` pointers.
        let out = unsafe { OutArray::required(scorecards_out, count, "scorecards_out") }?;
        let mut as_of = Vec::with_capacity(count);
        for (i, &ptr) in date_ptrs.iter().enumerate() {
            let name = format!("dates[{i}]");
            // SAFETY: the caller guarantees each date is NULL or NUL-terminated.
            let text = unsafe { c_str(ptr, &name) }?;
            as_of.push(date_argument(text, &name)?);
        }
        let config = if config_json.is_null() {
            Config::default()
        } else {
            // SAFETY: not NULL, and the caller guarantees it is NUL-terminated.
            Config::from_json(unsafe { c_str(config_json, "config_json") }?)?
        };
        let cards = evaluate_many(&plan, ledger, &as_of, &config)?;
        out.write_all(cards.into_iter().map(|card| {
            into_handle(Evaluation {
                card,
                plan: Arc::clone(&plan),
            })
        }));
        Ok(())
    })
}

/// Frees a scorecard. NULL is ignored.
///
/// # Safety
///
/// `scorecard` must be NULL or a scorecard from this library not yet freed, and
/// no other thread may be using it.
#[no_mangle]
pub unsafe extern "C" fn sg_scorecard_free(scorecard: *mut sg_scorecard) {
    ffi_guard((), || {
        // SAFETY: the caller guarantees `scorecard` is NULL or a scorecard of
        // this library, freed once, with no other user.
        unsafe { free(scorecard) }
    })
}

/// The scorecard as JSON (SPEC §4), byte for byte what the Rust core and the
/// Python package give for the same inputs.
///
/// On success `*json_out` is a new string, to be freed with `sg_string_free`.
///
/// # Safety
///
/// `scorecard` must be NULL or live; `json_out` valid for a write of one
/// pointer; `error_out` NULL or valid for a write of one pointer.
#[no_mangle]
pub unsafe extern "C" fn sg_scorecard_to_json(
    scorecard: *const sg_scorecard,
    json_out: *mut *mut c_char,
    error_out: *mut *mut sg_error,
) -> sg_status {
    // SAFETY: the caller guarantees `error_out` is NULL or valid for a write.
    ffi_status(unsafe { Out::optional(error_out) }, || {
        // SAFETY: the caller guarantees `scorecard` is NULL or live.
        let card = &unsafe { borrow(scorecard, "scorecard") }?.card;
        // SAFETY: the caller guarantees `json_out` is valid for a write.
        let out = unsafe { Out::required(json_out, "json_out") }?;
        out.write(into_c_string(card.to_json()));
        Ok(())
    })
}

/// The plan's own score (the root node).
///
/// # Safety
///
/// `scorecard` must be NULL or live; `score_out` valid for a write of one
/// `sg_node_score`; `error_out` NULL or valid for a write of one pointer.
#[no_mangle]
pub unsafe extern "C" fn sg_scorecard_plan_score(
    scorecard: *const sg_scorecard,
    score_out: *mut sg_node_score,
    error_out: *mut *mut sg_error,
) -> sg_status {
    // SAFETY: the caller guarantees `error_out` is NULL or valid for a write.
    ffi_status(unsafe { Out::optional(error_out) }, || {
        // SAFETY: the caller guarantees `scorecard` is NULL or live.
        let card = &unsafe { borrow(scorecard, "scorecard") }?.card;
        // SAFETY: the caller guarantees `score_out` is valid for a write.
        let out = unsafe { Out::required(score_out, "score_out") }?;
        out.write(node_score(card.plan_node()));
        Ok(())
    })
}

/// The score of a node by id: the plan's id, an axis `"E1"`, a line, a goal,
/// an action `"E1.L1.M1.A1"` or an indicator `"E1.L1.M1.A1.I1"`.
/// Errors: `SG_STATUS_UNKNOWN_ID`, `SG_STATUS_INVALID_UTF8`.
///
/// # Safety
///
/// `scorecard` must be NULL or live; `node_id` NULL or NUL-terminated;
/// `score_out` valid for a write of one `sg_node_score`; `error_out` NULL or
/// valid for a write of one pointer.
#[no_mangle]
pub unsafe extern "C" fn sg_scorecard_node_score(
    scorecard: *const sg_scorecard,
    node_id: *const c_char,
    score_out: *mut sg_node_score,
    error_out: *mut *mut sg_error,
) -> sg_status {
    // SAFETY: the caller guarantees `error_out` is NULL or valid for a write.
    ffi_status(unsafe { Out::optional(error_out) }, || {
        // SAFETY: the caller guarantees `scorecard` is NULL or live.
        let card = &unsafe { borrow(scorecard, "scorecard") }?.card;
        // SAFETY: the caller guarantees `node_id` is NULL or NUL-terminated.
        let id = unsafe { c_str(node_id, "node_id") }?;
        // SAFETY: the caller guarantees `score_out` is valid for a write.
        let out = unsafe { Out::required(score_out, "score_out") }?;
        let node = card.node(id).ok_or_else(|| unknown_node(id))?;
        out.write(node_score(node));
        Ok(())
    })
}

/// An institution's scorecard by registry code (case-insensitive: `"MINGOB"`).
/// `SG_STATUS_UNKNOWN_ID` if the scorecard has no such entity: the scorecard
/// lists the entities responsible for at least one action.
///
/// # Safety
///
/// `scorecard` must be NULL or live; `entity_code` NULL or NUL-terminated;
/// `score_out` valid for a write of one `sg_entity_score`; `error_out` NULL or
/// valid for a write of one pointer.
#[no_mangle]
pub unsafe extern "C" fn sg_scorecard_entity_score(
    scorecard: *const sg_scorecard,
    entity_code: *const c_char,
    score_out: *mut sg_entity_score,
    error_out: *mut *mut sg_error,
) -> sg_status {
    // SAFETY: the caller guarantees `error_out` is NULL or valid for a write.
    ffi_status(unsafe { Out::optional(error_out) }, || {
        // SAFETY: the caller guarantees `scorecard` is NULL or live.
        let card = &unsafe { borrow(scorecard, "scorecard") }?.card;
        // SAFETY: the caller guarantees `entity_code` is NULL or NUL-terminated.
        let code = unsafe { c_str(entity_code, "entity_code") }?;
        // SAFETY: the caller guarantees `score_out` is valid for a write.
        let out = unsafe { Out::required(score_out, "score_out") }?;
        let entity = card.entity(code).ok_or_else(|| {
            Error::new(
                sg_status::UnknownId,
                format!(
                    "the scorecard has no entity {code:?} (it lists the entities responsible for at least one action)"
                ),
            )
        })?;
        let (scored, score_millionths, score, percent) = score_parts(entity.score);
        out.write(sg_entity_score {
            scored,
            score_millionths,
            score,
            percent,
            band: entity.band.into(),
            actions: entity.actions,
            scored_actions: entity.scored_actions,
            overdue_actions: entity.overdue.len(),
        });
        Ok(())
    })
}

/// The ids of the overdue actions, in reading order, as a JSON array of
/// strings (`["E1.L1.M1.A1", …]`).
///
/// On success `*json_out` is a new string, to be freed with `sg_string_free`.
///
/// # Safety
///
/// `scorecard` must be NULL or live; `json_out` valid for a write of one
/// pointer; `error_out` NULL or valid for a write of one pointer.
#[no_mangle]
pub unsafe extern "C" fn sg_scorecard_overdue_json(
    scorecard: *const sg_scorecard,
    json_out: *mut *mut c_char,
    error_out: *mut *mut sg_error,
) -> sg_status {
    // SAFETY: the caller guarantees `error_out` is NULL or valid for a write.
    ffi_status(unsafe { Out::optional(error_out) }, || {
        // SAFETY: the caller guarantees `scorecard` is NULL or live.
        let card = &unsafe { borrow(scorecard, "scorecard") }?.card;
        // SAFETY: the caller guarantees `json_out` is valid for a write.
        let out = unsafe { Out::required(json_out, "json_out") }?;
        let ids = card.overdue_actions();
        let json =
            serde_json::to_string(&ids).map_err(|e| Error::new(sg_status::Panic, e.to_string()))?;
        out.write(into_c_string(json));
        Ok(())
    })
}

/// The number of overdue actions.
///
/// # Safety
///
/// `scorecard` must be NULL or live; `count_out` valid for a write of one
/// `size_t`; `error_out` NULL or valid for a write of one pointer.
#[no_mangle]
pub unsafe extern "C" fn sg_scorecard_overdue_count(
    scorecard: *const sg_scorecard,
    count_out: *mut usize,
    error_out: *mut *mut sg_error,
) -> sg_status {
    // SAFETY: the caller guarantees `error_out` is NULL or valid for a write.
    ffi_status(unsafe { Out::optional(error_out) }, || {
        // SAFETY: the caller guarantees `scorecard` is NULL or live.
        let card = &unsafe { borrow(scorecard, "scorecard") }?.card;
        // SAFETY: the caller guarantees `count_out` is valid for a write.
        let out = unsafe { Out::required(count_out, "count_out") }?;
        out.write(card.overdue_actions().len());
        Ok(())
    })
}

/// The id of the `index`-th overdue action (0-based, reading order).
/// `SG_STATUS_INDEX_OUT_OF_RANGE` when `index >= sg_scorecard_overdue_count`.
///
/// On success `*id_out` is a new string, to be freed with `sg_string_free`.
///
/// # Safety
///
/// `scorecard` must be NULL or live; `id_out` valid for a write of one pointer;
/// `error_out` NULL or valid for a write of one pointer.
#[no_mangle]
pub unsafe extern "C" fn sg_scorecard_overdue_action(
    scorecard: *const sg_scorecard,
    index: usize,
    id_out: *mut *mut c_char,
    error_out: *mut *mut sg_error,
) -> sg_status {
    // SAFETY: the caller guarantees `error_out` is NULL or valid for a write.
    ffi_status(unsafe { Out::optional(error_out) }, || {
        // SAFETY: the caller guarantees `scorecard` is NULL or live.
        let card = &unsafe { borrow(scorecard, "scorecard") }?.card;
        // SAFETY: the caller guarantees `id_out` is valid for a write.
        let out = unsafe { Out::required(id_out, "id_out") }?;
        let ids = card.overdue_actions();
        let id = ids.get(index).ok_or_else(|| {
            Error::new(
                sg_status::IndexOutOfRange,
                format!(
                    "argument `index` is {index}, but there are {} overdue actions",
                    ids.len()
                ),
            )
        })?;
        out.write(into_c_string(id.to_string()));
        Ok(())
    })
}

/// Why a node has its score, as JSON: an indicator's items (targets with A, B,
/// T, T' and a; milestone dates) or an aggregate's children with their scores
/// and weights. Errors: `SG_STATUS_UNKNOWN_ID`, `SG_STATUS_INVALID_UTF8`.
///
/// On success `*json_out` is a new string, to be freed with `sg_string_free`.
///
/// # Safety
///
/// `scorecard` must be NULL or live; `node_id` NULL or NUL-terminated;
/// `json_out` valid for a write of one pointer; `error_out` NULL or valid for a
/// write of one pointer.
#[no_mangle]
pub unsafe extern "C" fn sg_scorecard_explain(
    scorecard: *const sg_scorecard,
    node_id: *const c_char,
    json_out: *mut *mut c_char,
    error_out: *mut *mut sg_error,
) -> sg_status {
    // SAFETY: the caller guarantees `error_out` is NULL or valid for a write.
    ffi_status(unsafe { Out::optional(error_out) }, || {
        // SAFETY: the caller guarantees `scorecard` is NULL or live.
        let card = &unsafe { borrow(scorecard, "scorecard") }?.card;
        // SAFETY: the caller guarantees `node_id` is NULL or NUL-terminated.
        let id = unsafe { c_str(node_id, "node_id") }?;
        // SAFETY: the caller guarantees `json_out` is valid for a write.
        let out = unsafe { Out::required(json_out, "json_out") }?;
        let explanation = card.explain(id).ok_or_else(|| unknown_node(id))?;
        out.write(into_c_string(explanation.to_json()));
        Ok(())
    })
}

/// One of the scorecard's tables as text: `name` is `"nodes"`, `"entities"`,
/// `"reporting"`, `"discrepancies"` or `"consistency"`, `format`
/// `SG_TABLE_FORMAT_CSV` or `SG_TABLE_FORMAT_JSON`. The nodes carry their
/// text and parent, the entities their names, from the plan the scorecard
/// was evaluated against. The typed getters (`sg_scorecard_node_score`, …)
/// read the same scorecard.
///
/// On success `*text_out` is a new string, to be freed with `sg_string_free`.
/// Errors: `SG_STATUS_INVALID_ARGUMENT` (an unknown table name or format),
/// `SG_STATUS_INVALID_UTF8`.
///
/// # Safety
///
/// `scorecard` must be NULL or live; `name` NULL or NUL-terminated;
/// `text_out` valid for a write of one pointer; `error_out` NULL or valid for
/// a write of one pointer.
#[no_mangle]
pub unsafe extern "C" fn sg_scorecard_table(
    scorecard: *const sg_scorecard,
    name: *const c_char,
    format: u32,
    text_out: *mut *mut c_char,
    error_out: *mut *mut sg_error,
) -> sg_status {
    // SAFETY: the caller guarantees `error_out` is NULL or valid for a write.
    ffi_status(unsafe { Out::optional(error_out) }, || {
        // SAFETY: the caller guarantees `scorecard` is NULL or live.
        let evaluation = unsafe { borrow(scorecard, "scorecard") }?;
        // SAFETY: the caller guarantees `name` is NULL or NUL-terminated.
        let name = unsafe { c_str(name, "name") }?;
        // SAFETY: the caller guarantees `text_out` is valid for a write.
        let out = unsafe { Out::required(text_out, "text_out") }?;
        let which: ScorecardTable = tables::name(name)?;
        let format = tables::format(format)?;
        let table = evaluation.card.table(&evaluation.plan, which);
        out.write(into_c_string(table.write(format)));
        Ok(())
    })
}

const UNKNOWN: &CStr = c"unknown";

static BAND_NAMES: OnceLock<Vec<CString>> = OnceLock::new();
static NODE_STATUS_NAMES: OnceLock<Vec<CString>> = OnceLock::new();

/// The core's name of the value whose C enum value is `value`, as a static
/// NUL-terminated string; `"unknown"` for a value of no variant. The names
/// come from the core (`ALL` and `NAMES` of the enum), made into C strings
/// once per process.
fn c_name<T: Copy>(
    value: u32,
    all: &[T],
    names: &[&str],
    to_c: impl Fn(T) -> u32,
    cache: &'static OnceLock<Vec<CString>>,
) -> *const c_char {
    let Some(position) = all.iter().position(|&v| to_c(v) == value) else {
        return UNKNOWN.as_ptr();
    };
    // Names are plain ASCII words without NUL, so `CString::new` cannot fail.
    let names = cache.get_or_init(|| {
        names
            .iter()
            .map(|n| CString::new(*n).unwrap_or_default())
            .collect()
    });
    names
        .get(position)
        .map_or(UNKNOWN.as_ptr(), |name| name.as_ptr())
}

/// The JSON name of a band (`"green"`, `"yellow"`, `"red"`, `"none"`), or
/// `"unknown"` for a value that is not an `sg_band`. Static: never free it.
#[no_mangle]
pub extern "C" fn sg_band_name(band: u32) -> *const c_char {
    ffi_guard(UNKNOWN.as_ptr(), || {
        c_name(
            band,
            Band::ALL,
            Band::NAMES,
            |b| sg_band::from(b) as u32,
            &BAND_NAMES,
        )
    })
}

/// The JSON name of a node status (`"scored"`, `"overdue"`, `"in_progress"`, …),
/// or `"unknown"` for a value that is not an `sg_node_status`. Static: never
/// free it.
#[no_mangle]
pub extern "C" fn sg_node_status_name(status: u32) -> *const c_char {
    ffi_guard(UNKNOWN.as_ptr(), || {
        c_name(
            status,
            Status::ALL,
            Status::NAMES,
            |s| sg_node_status::from(s) as u32,
            &NODE_STATUS_NAMES,
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_evaluation_date_is_exactly_ten_characters() {
        assert_eq!(
            as_of_date("2010-12-31").unwrap(),
            NaiveDate::from_ymd_opt(2010, 12, 31).unwrap()
        );
        for padded in [
            " 2010-12-31 ",
            "2010-12-31\n",
            "\t2010-12-31",
            "2010-12-31\r\n",
        ] {
            let error = as_of_date(padded).unwrap_err();
            assert_eq!(error.status, sg_status::InvalidDate, "{padded:?}");
            assert!(
                error.message.contains("argument `as_of`"),
                "{}",
                error.message
            );
        }
        assert_eq!(
            as_of_date("2010-02-30").unwrap_err().status,
            sg_status::InvalidDate
        );
    }

    #[test]
    fn names_are_the_cores_json_names() {
        for &band in Band::ALL {
            let ptr = sg_band_name(sg_band::from(band) as u32);
            // SAFETY: `sg_band_name` returns a static NUL-terminated string.
            let name = unsafe { CStr::from_ptr(ptr) }.to_str().unwrap();
            assert_eq!(name, band.as_str());
        }
        for &status in Status::ALL {
            let ptr = sg_node_status_name(sg_node_status::from(status) as u32);
            // SAFETY: `sg_node_status_name` returns a static NUL-terminated string.
            let name = unsafe { CStr::from_ptr(ptr) }.to_str().unwrap();
            assert_eq!(name, status.as_str());
        }
        for unknown in [4, u32::MAX] {
            // SAFETY: `sg_band_name` returns a static NUL-terminated string.
            let name = unsafe { CStr::from_ptr(sg_band_name(unknown)) };
            assert_eq!(name, UNKNOWN);
        }
        // SAFETY: `sg_node_status_name` returns a static NUL-terminated string.
        let name = unsafe { CStr::from_ptr(sg_node_status_name(8)) };
        assert_eq!(name, UNKNOWN);
    }
}
