//! The C ABI, called as a C program would: a sequence of calls chosen by the
//! input on a few handles (plans, ledgers, scorecards, evaluations kept up
//! to date, public views), with NULLs, texts
//! without a NUL where one may be, texts that are not UTF-8, handles used
//! after other calls. Every status is one the header lists; a failure hands
//! back an error whose status is the call's and whose message is bounded; a
//! success fills its out parameter; nothing leaks (the sanitizer's leak
//! check) and nothing crashes.
#![no_main]

use std::ffi::{c_char, CStr};
use std::ptr;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use seguimiento_ffi::documents::*;
use seguimiento_ffi::error::sg_error;
use seguimiento_ffi::evaluation::*;
use seguimiento_ffi::ledger::*;
use seguimiento_ffi::plan::*;
use seguimiento_ffi::public::*;
use seguimiento_ffi::scorecard::*;
use seguimiento_ffi::{sg_status, sg_string_free};
use seguimiento_fuzz::check_message;

#[derive(Arbitrary, Debug)]
enum Call {
    PlanEmbedded,
    PlanFromJson(Vec<u8>),
    PlanToJson(u8),
    PlanNodeText(u8, Text),
    PlanNodeLevel(u8, Text),
    PlanTable(u8, Text, u32),
    LedgerNew(u8),
    IngestJson(u8, Vec<u8>, u32),
    IngestCsv(u8, Vec<u8>, u32),
    LedgerToJson(u8),
    LedgerCount(u8),
    LedgerTable(u8, Text, u32),
    Evaluate(u8, u8, Text, Option<Text>),
    ScorecardToJson(u8),
    PlanScore(u8),
    NodeScore(u8, Text),
    EntityScore(u8, Text),
    OverdueCount(u8),
    OverdueAction(u8, usize),
    Explain(u8, Text),
    ScorecardTable(u8, Text, u32),
    LastErrorMessage(u8),
    EvaluationNew(u8, u8, Text, Option<Text>),
    EvaluationRefresh(u8, u8),
    EvaluationScorecard(u8),
    PublicViewNew(u8, u8, u8, Text),
    PublicViewWrite(u8, u32),
    RenderAnnual(u8, u8, i8, Document),
    RenderEvaluation(u8, u8, i8, u8, Document),
    FreePlan(u8),
    FreeLedger(u8),
    FreeScorecard(u8),
    FreeEvaluation(u8),
    FreePublicView(u8),
}

/// The arguments a document shares between the annual report and the
/// evaluation. The templates directory stays NULL (the built-in ones): a
/// fuzzer choosing paths would read the machine's files.
#[derive(Arbitrary, Debug)]
struct Document {
    lang: Text,
    format: u32,
    known_on: Text,
    k: u32,
    config: Text,
    plan_bytes: Option<Vec<u8>>,
    ledger_bytes: Option<Vec<u8>>,
}

/// A C string argument: NULL, or bytes (a NUL is appended; bytes after an
/// inner NUL are not seen, as in C).
#[derive(Arbitrary, Debug)]
enum Text {
    Null,
    Known(u8),
    Bytes(Vec<u8>),
}

/// Texts worth trying that random bytes rarely spell.
const KNOWN: &[&str] = &[
    "PAE-TRATA-2007-2017",
    "E1",
    "E1.L1.M1.A1",
    "E1.L1.M1.A1.I1",
    "E1.L1.M1.A1.P1",
    "MRE",
    "MINGOB/PNC/DGM",
    "2010-12-31",
    " 2010-12-31 ",
    "9999-12-31",
    "observations",
    "nodes",
    "entities",
    "{\"weights\": {\"E1\": \"2\"}}",
    "{\"weights\": {\"E9\": \"2\"}}",
    "{\"grace_days\": 15}",
    "es-GT",
    "en",
    "{\"release\": \"2010\", \"k\": 11}",
    "{\"release\": \"r\", \"k\": 3, \"sensitive\": [\"E4.L2.M2.A1.I1\"]}",
    "{\"release\": \"r\", \"k\": 1}",
];

struct CText(Option<Vec<u8>>);

impl CText {
    fn new(text: &Text) -> CText {
        CText(match text {
            Text::Null => None,
            Text::Known(n) => {
                let mut bytes = KNOWN[usize::from(*n) % KNOWN.len()].as_bytes().to_vec();
                bytes.push(0);
                Some(bytes)
            }
            Text::Bytes(b) => {
                let mut bytes = b.clone();
                bytes.push(0);
                Some(bytes)
            }
        })
    }

    fn ptr(&self) -> *const c_char {
        self.0.as_ref().map_or(ptr::null(), |b| b.as_ptr().cast())
    }
}

/// Up to four live handles of each kind; a slot may be empty (NULL).
struct Handles {
    plans: [*mut sg_plan; 4],
    ledgers: [*mut sg_ledger; 4],
    scorecards: [*mut sg_scorecard; 4],
    evaluations: [*mut sg_evaluation; 4],
    views: [*mut sg_public_view; 4],
}

/// Keeps a new handle in an empty slot, else in the first one (its handle
/// released by `free`); a NULL handle (a failed call's) is not kept.
///
/// # Safety
///
/// `handle` is NULL or a live handle handed back by the library and kept
/// nowhere else; every slot holds NULL or a live handle that `free` releases.
unsafe fn keep<T>(slots: &mut [*mut T], handle: *mut T, free: unsafe extern "C" fn(*mut T)) {
    if handle.is_null() {
        return;
    }
    let slot = slots.iter().position(|h| h.is_null()).unwrap_or(0);
    // SAFETY: the slot holds NULL or a live handle, released once here.
    unsafe { free(slots[slot]) };
    slots[slot] = handle;
}

/// A year the fuzzer picks: near the plan's years (2007 to 2017) most of the
/// time, beyond them sometimes.
fn year(n: i8) -> i32 {
    2012 + i32::from(n) / 8
}

fn slot(n: u8) -> usize {
    usize::from(n % 4)
}

const STATUS_NAMES: usize = 32;

/// Checks a call's status and its error: a failure hands back an error with
/// the same status and a bounded message, a success none. Frees the error.
fn check(status: sg_status, error: *mut sg_error) {
    let code = status as u32;
    assert!((code as usize) < STATUS_NAMES, "an unknown status {code}");
    // SAFETY: `sg_status_name` takes any value and returns a static string.
    let name = unsafe { CStr::from_ptr(seguimiento_ffi::error::sg_status_name(code)) };
    assert!(
        name.to_bytes().starts_with(b"SG_STATUS_"),
        "status {code} has no name"
    );
    if status == sg_status::Ok {
        assert!(error.is_null(), "a successful call handed back an error");
        return;
    }
    assert!(!error.is_null(), "a failed call handed back no error");
    // SAFETY: `error` was just handed back by the library and is freed once, below.
    unsafe {
        assert_eq!(seguimiento_ffi::error::sg_error_status(error) as u32, code);
        let message = CStr::from_ptr(seguimiento_ffi::error::sg_error_message(error));
        check_message(&message.to_string_lossy());
        seguimiento_ffi::error::sg_error_free(error);
    }
}

/// Checks and frees a string handed back by a successful call.
fn take_string(status: sg_status, out: *mut c_char) {
    if status == sg_status::Ok {
        assert!(
            !out.is_null(),
            "a successful call handed back a NULL string"
        );
        // SAFETY: a string handed back by the library, freed once.
        unsafe {
            let text = CStr::from_ptr(out);
            assert!(
                std::str::from_utf8(text.to_bytes()).is_ok(),
                "a string that is not UTF-8"
            );
            sg_string_free(out);
        }
    } else {
        assert!(out.is_null(), "a failed call handed back a string");
    }
}

/// Checks a written document: on success a UTF-8 string whose length is
/// the one handed back; on failure neither. Frees it.
fn take_document(status: sg_status, out: *mut c_char, len: usize) {
    if status == sg_status::Ok && !out.is_null() {
        // SAFETY: a string handed back by the library, NUL-terminated.
        let text = unsafe { CStr::from_ptr(out) };
        assert_eq!(
            text.to_bytes().len(),
            len,
            "a document's length is not its own"
        );
    }
    take_string(status, out);
}

/// Writes a document through `render` with the fuzzer's arguments, then
/// checks it.
fn render_document(
    document: &Document,
    render: impl FnOnce(
        *const c_char,
        u32,
        *const c_char,
        u32,
        *const c_char,
        (*const u8, usize),
        (*const u8, usize),
        *mut *mut c_char,
        *mut usize,
        *mut *mut sg_error,
    ) -> sg_status,
) {
    let lang = CText::new(&document.lang);
    let known_on = CText::new(&document.known_on);
    let config = CText::new(&document.config);
    let bytes = |b: &Option<Vec<u8>>| {
        b.as_ref()
            .map_or((ptr::null(), 0), |b| (b.as_ptr(), b.len()))
    };
    let mut out: *mut c_char = ptr::null_mut();
    let mut len = 0usize;
    let mut error: *mut sg_error = ptr::null_mut();
    // Small thresholds keep the disclosure engine's work small.
    let k = document.k % 40;
    let status = render(
        lang.ptr(),
        document.format % 3,
        known_on.ptr(),
        k,
        config.ptr(),
        bytes(&document.plan_bytes),
        bytes(&document.ledger_bytes),
        &mut out,
        &mut len,
        &mut error,
    );
    check(status, error);
    take_document(status, out, len);
}

fuzz_target!(|calls: Vec<Call>| {
    let mut h = Handles {
        plans: [ptr::null_mut(); 4],
        ledgers: [ptr::null_mut(); 4],
        scorecards: [ptr::null_mut(); 4],
        evaluations: [ptr::null_mut(); 4],
        views: [ptr::null_mut(); 4],
    };
    for call in calls.iter().take(64) {
        let mut error: *mut sg_error = ptr::null_mut();
        let mut out: *mut c_char = ptr::null_mut();
        // SAFETY: every pointer passed is NULL, a live handle of the right
        // type from `h` (a freed one is set to NULL at once), a NUL-terminated
        // buffer that outlives the call, or a local out parameter; these are
        // the header's rules, which the library promises to survive.
        unsafe {
            match call {
                Call::PlanEmbedded | Call::PlanFromJson(_) => {
                    let mut plan = ptr::null_mut();
                    let status = match call {
                        Call::PlanFromJson(bytes) => {
                            sg_plan_from_json(bytes.as_ptr(), bytes.len(), &mut plan, &mut error)
                        }
                        _ => sg_plan_embedded(&mut plan, &mut error),
                    };
                    check(status, error);
                    assert_eq!(status == sg_status::Ok, !plan.is_null());
                    keep(&mut h.plans, plan, sg_plan_free);
                }
                Call::PlanToJson(p) => {
                    let status = sg_plan_to_json(h.plans[slot(*p)], &mut out, &mut error);
                    check(status, error);
                    take_string(status, out);
                }
                Call::PlanNodeText(p, id) => {
                    let id = CText::new(id);
                    let status =
                        sg_plan_node_text(h.plans[slot(*p)], id.ptr(), &mut out, &mut error);
                    check(status, error);
                    take_string(status, out);
                }
                Call::PlanNodeLevel(p, id) => {
                    let id = CText::new(id);
                    let mut level = sg_level::Plan;
                    let status =
                        sg_plan_node_level(h.plans[slot(*p)], id.ptr(), &mut level, &mut error);
                    check(status, error);
                }
                Call::PlanTable(p, name, format) => {
                    let name = CText::new(name);
                    let status =
                        sg_plan_table(h.plans[slot(*p)], name.ptr(), *format, &mut out, &mut error);
                    check(status, error);
                    take_string(status, out);
                }
                Call::LedgerNew(p) => {
                    let mut ledger = ptr::null_mut();
                    let status = sg_ledger_new(h.plans[slot(*p)], &mut ledger, &mut error);
                    check(status, error);
                    assert_eq!(status == sg_status::Ok, !ledger.is_null());
                    keep(&mut h.ledgers, ledger, sg_ledger_free);
                }
                Call::IngestJson(l, bytes, mode) | Call::IngestCsv(l, bytes, mode) => {
                    let mut accepted = 0usize;
                    let ledger = h.ledgers[slot(*l)];
                    let status = match call {
                        Call::IngestJson(..) => sg_ledger_ingest_json(
                            ledger,
                            bytes.as_ptr(),
                            bytes.len(),
                            *mode % 3,
                            &mut accepted,
                            &mut out,
                            &mut error,
                        ),
                        _ => sg_ledger_ingest_csv(
                            ledger,
                            bytes.as_ptr(),
                            bytes.len(),
                            *mode % 3,
                            &mut accepted,
                            &mut out,
                            &mut error,
                        ),
                    };
                    check(status, error);
                    take_string(status, out);
                }
                Call::LedgerToJson(l) => {
                    let status = sg_ledger_to_json(h.ledgers[slot(*l)], &mut out, &mut error);
                    check(status, error);
                    take_string(status, out);
                }
                Call::LedgerCount(l) => {
                    let mut count = 0usize;
                    let status =
                        sg_ledger_record_count(h.ledgers[slot(*l)], &mut count, &mut error);
                    check(status, error);
                }
                Call::LedgerTable(l, name, format) => {
                    let name = CText::new(name);
                    let status = sg_ledger_table(
                        h.ledgers[slot(*l)],
                        name.ptr(),
                        *format,
                        &mut out,
                        &mut error,
                    );
                    check(status, error);
                    take_string(status, out);
                }
                Call::Evaluate(p, l, as_of, config) => {
                    let as_of = CText::new(as_of);
                    let config = config.as_ref().map(CText::new);
                    let mut card = ptr::null_mut();
                    let status = sg_evaluate(
                        h.plans[slot(*p)],
                        h.ledgers[slot(*l)],
                        as_of.ptr(),
                        config.as_ref().map_or(ptr::null(), CText::ptr),
                        &mut card,
                        &mut error,
                    );
                    check(status, error);
                    assert_eq!(status == sg_status::Ok, !card.is_null());
                    keep(&mut h.scorecards, card, sg_scorecard_free);
                }
                Call::EvaluationNew(p, l, as_of, config) => {
                    let as_of = CText::new(as_of);
                    let config = config.as_ref().map(CText::new);
                    let mut evaluation = ptr::null_mut();
                    let status = sg_evaluation_new(
                        h.plans[slot(*p)],
                        h.ledgers[slot(*l)],
                        as_of.ptr(),
                        config.as_ref().map_or(ptr::null(), CText::ptr),
                        &mut evaluation,
                        &mut error,
                    );
                    check(status, error);
                    assert_eq!(status == sg_status::Ok, !evaluation.is_null());
                    keep(&mut h.evaluations, evaluation, sg_evaluation_free);
                }
                Call::EvaluationRefresh(e, l) => {
                    let mut indicators = usize::MAX;
                    let status = sg_evaluation_refresh(
                        h.evaluations[slot(*e)],
                        h.ledgers[slot(*l)],
                        &mut indicators,
                        &mut error,
                    );
                    check(status, error);
                    if status == sg_status::Ok {
                        assert!(
                            indicators < 10_000,
                            "a refresh re-scored {indicators} indicators"
                        );
                    }
                }
                Call::EvaluationScorecard(e) => {
                    let mut card = ptr::null_mut();
                    let status =
                        sg_evaluation_scorecard(h.evaluations[slot(*e)], &mut card, &mut error);
                    check(status, error);
                    assert_eq!(status == sg_status::Ok, !card.is_null());
                    keep(&mut h.scorecards, card, sg_scorecard_free);
                }
                Call::PublicViewNew(p, l, s, config) => {
                    let config = CText::new(config);
                    let mut view = ptr::null_mut();
                    let status = sg_public_view_new(
                        h.plans[slot(*p)],
                        h.ledgers[slot(*l)],
                        h.scorecards[slot(*s)],
                        config.ptr(),
                        &mut view,
                        &mut error,
                    );
                    check(status, error);
                    assert_eq!(status == sg_status::Ok, !view.is_null());
                    keep(&mut h.views, view, sg_public_view_free);
                }
                Call::PublicViewWrite(v, format) => {
                    let status =
                        sg_public_view_write(h.views[slot(*v)], *format % 6, &mut out, &mut error);
                    check(status, error);
                    take_string(status, out);
                }
                Call::RenderAnnual(p, l, y, document) => {
                    let (plan, ledger) = (h.plans[slot(*p)], h.ledgers[slot(*l)]);
                    render_document(
                        document,
                        |lang,
                         format,
                         known_on,
                         k,
                         config,
                         plan_bytes,
                         ledger_bytes,
                         out,
                         len,
                         error| {
                            sg_render_annual_report(
                                plan,
                                ledger,
                                year(*y),
                                lang,
                                format,
                                known_on,
                                k,
                                config,
                                plan_bytes.0,
                                plan_bytes.1,
                                ledger_bytes.0,
                                ledger_bytes.1,
                                ptr::null(),
                                out,
                                len,
                                error,
                            )
                        },
                    );
                }
                Call::RenderEvaluation(p, l, y, span, document) => {
                    let (plan, ledger) = (h.plans[slot(*p)], h.ledgers[slot(*l)]);
                    let first = year(*y);
                    // Mostly two years, sometimes a reversed or a long span.
                    let last = first + i32::from(*span % 16) - 2;
                    render_document(
                        document,
                        |lang,
                         format,
                         known_on,
                         k,
                         config,
                         plan_bytes,
                         ledger_bytes,
                         out,
                         len,
                         error| {
                            sg_render_evaluation(
                                plan,
                                ledger,
                                first,
                                last,
                                lang,
                                format,
                                known_on,
                                k,
                                config,
                                plan_bytes.0,
                                plan_bytes.1,
                                ledger_bytes.0,
                                ledger_bytes.1,
                                ptr::null(),
                                out,
                                len,
                                error,
                            )
                        },
                    );
                }
                Call::ScorecardToJson(s) => {
                    let status = sg_scorecard_to_json(h.scorecards[slot(*s)], &mut out, &mut error);
                    check(status, error);
                    take_string(status, out);
                }
                Call::PlanScore(s) => {
                    let mut score = std::mem::zeroed::<sg_node_score>();
                    let status =
                        sg_scorecard_plan_score(h.scorecards[slot(*s)], &mut score, &mut error);
                    check(status, error);
                    assert!(score.score_millionths <= 1_000_000);
                }
                Call::NodeScore(s, id) => {
                    let id = CText::new(id);
                    let mut score = std::mem::zeroed::<sg_node_score>();
                    let status = sg_scorecard_node_score(
                        h.scorecards[slot(*s)],
                        id.ptr(),
                        &mut score,
                        &mut error,
                    );
                    check(status, error);
                    assert!(score.score_millionths <= 1_000_000);
                    assert!(score.scored <= 1);
                }
                Call::EntityScore(s, code) => {
                    let code = CText::new(code);
                    let mut score = std::mem::zeroed::<sg_entity_score>();
                    let status = sg_scorecard_entity_score(
                        h.scorecards[slot(*s)],
                        code.ptr(),
                        &mut score,
                        &mut error,
                    );
                    check(status, error);
                }
                Call::OverdueCount(s) => {
                    let mut count = 0usize;
                    let status =
                        sg_scorecard_overdue_count(h.scorecards[slot(*s)], &mut count, &mut error);
                    check(status, error);
                }
                Call::OverdueAction(s, index) => {
                    let status = sg_scorecard_overdue_action(
                        h.scorecards[slot(*s)],
                        *index,
                        &mut out,
                        &mut error,
                    );
                    check(status, error);
                    take_string(status, out);
                }
                Call::Explain(s, id) => {
                    let id = CText::new(id);
                    let status = sg_scorecard_explain(
                        h.scorecards[slot(*s)],
                        id.ptr(),
                        &mut out,
                        &mut error,
                    );
                    check(status, error);
                    take_string(status, out);
                }
                Call::ScorecardTable(s, name, format) => {
                    let name = CText::new(name);
                    let status = sg_scorecard_table(
                        h.scorecards[slot(*s)],
                        name.ptr(),
                        *format,
                        &mut out,
                        &mut error,
                    );
                    check(status, error);
                    take_string(status, out);
                }
                Call::LastErrorMessage(size) => {
                    let mut buf = vec![0u8; usize::from(*size)];
                    let mut len = 0usize;
                    let buf_ptr = if buf.is_empty() {
                        ptr::null_mut()
                    } else {
                        buf.as_mut_ptr().cast()
                    };
                    let status =
                        seguimiento_ffi::error::sg_last_error_message(buf_ptr, buf.len(), &mut len);
                    let code = status as u32;
                    assert!((code as usize) < STATUS_NAMES, "an unknown status {code}");
                    if status == sg_status::Ok && !buf.is_empty() {
                        assert_eq!(
                            buf.get(len),
                            Some(&0),
                            "the message is not NUL-terminated at its length"
                        );
                    }
                }
                Call::FreePlan(p) => {
                    sg_plan_free(h.plans[slot(*p)]);
                    h.plans[slot(*p)] = ptr::null_mut();
                }
                Call::FreeLedger(l) => {
                    sg_ledger_free(h.ledgers[slot(*l)]);
                    h.ledgers[slot(*l)] = ptr::null_mut();
                }
                Call::FreeScorecard(s) => {
                    sg_scorecard_free(h.scorecards[slot(*s)]);
                    h.scorecards[slot(*s)] = ptr::null_mut();
                }
                Call::FreeEvaluation(e) => {
                    sg_evaluation_free(h.evaluations[slot(*e)]);
                    h.evaluations[slot(*e)] = ptr::null_mut();
                }
                Call::FreePublicView(v) => {
                    sg_public_view_free(h.views[slot(*v)]);
                    h.views[slot(*v)] = ptr::null_mut();
                }
            }
        }
    }
    // SAFETY: each handle is NULL or live, and is freed once.
    unsafe {
        for view in h.views {
            sg_public_view_free(view);
        }
        for evaluation in h.evaluations {
            sg_evaluation_free(evaluation);
        }
        for card in h.scorecards {
            sg_scorecard_free(card);
        }
        for ledger in h.ledgers {
            sg_ledger_free(ledger);
        }
        for plan in h.plans {
            sg_plan_free(plan);
        }
    }
});
