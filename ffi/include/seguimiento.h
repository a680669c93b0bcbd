/*
 * seguimiento.h — the C ABI of seguimiento (libseguimiento.so, libseguimiento.a).
 *
 * Scores the carrying out of a strategic action plan (first: Guatemala's
 * Plan de Acción Estratégico contra la Trata de Personas 2007-2017) from the
 * reports institutions send. Load a plan, push records into a ledger,
 * evaluate as of a date, read the scorecard.
 *
 * CONVENTIONS
 *
 * Status codes. Every function that can fail returns an sg_status
 * (SG_STATUS_OK = 0 on success; the values are fixed and never reused).
 * Its results go through out parameters (names ending in _out), which are
 * written only when it returns SG_STATUS_OK: on failure they keep whatever
 * the caller put there. Two stated exceptions: a strict ingest refused with
 * SG_STATUS_REJECTED writes its report (every rejected record), and
 * sg_last_error_message writes the message's length whatever it returns.
 * Out parameters documented "may be NULL" are optional.
 *
 * Errors. Every function that returns an sg_status (but the last-error
 * readers) takes a last parameter `sg_error **error_out`. NULL means "not
 * wanted". Otherwise it is written only when the call fails: *error_out is
 * then a new sg_error holding the status and the message, owned by the
 * caller, to be freed exactly once with sg_error_free; whatever *error_out
 * held before is neither read nor freed. On success it keeps whatever the
 * caller put there (so initialise it to NULL). Read an error with
 * sg_error_status and sg_error_message (UTF-8; it names the record and field
 * at fault where there is one, e.g. "observations[3].value: ..."), on any
 * thread: it does not depend on the thread that made it. Use it where calls
 * may move between OS threads (Java virtual threads, .NET async code).
 *
 * The same status and message are also kept per thread: each
 * status-returning call replaces them (with an empty message on success), and
 * sg_last_error_status / sg_last_error_message read them, on the same thread,
 * right after the failing call.
 *
 * Input. Dates are exactly "YYYY-MM-DD" (no spaces around them). Ids and
 * dates are NUL-terminated UTF-8; documents (plan, ledger JSON, CSV) are a
 * pointer and a length in bytes. NULL where a pointer is required gives
 * SG_STATUS_NULL_POINTER, invalid UTF-8 SG_STATUS_INVALID_UTF8, a bad date
 * SG_STATUS_INVALID_DATE, bad JSON SG_STATUS_SYNTAX (or
 * SG_STATUS_CONFIG_INVALID for a configuration). `const` pointers are only
 * read.
 *
 * Tables. sg_plan_table, sg_ledger_table and sg_scorecard_table write any
 * of the library's tables (the core lays each out once) as CSV or JSON
 * records: a table name ("nodes") and an sg_table_format. An unknown name
 * or format is SG_STATUS_INVALID_ARGUMENT.
 *
 * Documents. sg_render_annual_report and sg_render_evaluation write the
 * plan's public documents (the annual report of a year, the biannual
 * evaluation of two) as one self-contained HTML file, or their model as
 * JSON: the same bytes as the seguimiento command's for the same inputs.
 * The cover's SHA-256 fingerprints are of the plan, ledger and
 * configuration bytes the caller passes (NULL: the plan's and the ledger's
 * own JSON exports, the defaults' JSON).
 *
 * Ownership. Handles (sg_plan, sg_ledger, sg_scorecard, sg_error) are
 * opaque: made by sg_plan_embedded / sg_plan_from_json, sg_ledger_new,
 * sg_evaluate and a failing call's error_out, freed exactly once with
 * sg_plan_free, sg_ledger_free, sg_scorecard_free and sg_error_free. A
 * `char *` the library hands out is owned by the caller, NUL-terminated, and
 * freed exactly once with sg_string_free (never with free()). The
 * `const char *` returned by sg_version, sg_status_name, sg_band_name and
 * sg_node_status_name are static: never free them; the one returned by
 * sg_error_message belongs to its sg_error and goes with it. The free
 * functions accept NULL and do nothing. A ledger keeps its plan alive: the
 * plan may be freed first. A scorecard owns its data: the plan and ledger may
 * be freed or changed after sg_evaluate returns.
 *
 * Structs. sg_node_score and sg_entity_score hold only fixed-width integers,
 * size_t, double and char arrays; their flags are uint32_t, 0 or 1 (no bool,
 * which marshallers of other languages read with different sizes).
 *
 * Threads. The library has no global state besides the per-thread last
 * error (and a panic hook, below). A plan, a scorecard and an error are
 * immutable: any function taking them may run on any number of threads at
 * once. A ledger may be read from several threads at once (sg_evaluate,
 * sg_ledger_to_json, sg_ledger_record_count, sg_ledger_table,
 * sg_render_annual_report, sg_render_evaluation): several
 * threads may evaluate the same plan and ledger concurrently. An ingest (sg_ledger_ingest_json /
 * _csv) needs the ledger to itself: no other call on that ledger may run
 * during it. A free needs its object to itself. Handles may be passed between
 * threads.
 *
 * Panics. No panic crosses the boundary: a bug inside the library returns
 * SG_STATUS_PANIC (or, for functions without a status, a neutral value) with
 * a message saying where it happened. Nothing is printed: on the first call,
 * the library wraps the panic hook of its Rust runtime so that a panic inside
 * one of its calls is silent (no "thread panicked at" on stderr, whatever
 * RUST_BACKTRACE says), while any other panic goes to the hook that was set
 * before, unchanged.
 *
 * Versions. sg_version() is the library's version; compare sg_abi_version()
 * with SG_ABI_VERSION to check that the header and the library agree.
 */

#ifndef SEGUIMIENTO_H
#define SEGUIMIENTO_H

/* Generated by cbindgen from ffi/src (ffi/cbindgen.toml). Do not edit: run
   UPDATE_HEADER=1 cargo test -p seguimiento-ffi --test header */

#include <stddef.h>
#include <stdint.h>

// The version of the C ABI this header describes. It changes when a function's
// signature or meaning changes, or a type's layout does; compare it with
// `sg_abi_version()` at run time to detect a header and library that disagree.
//
// 2: every fallible call takes an `sg_error **error_out` last; the flags of
// `sg_node_score` and `sg_entity_score` are `uint32_t` (0 or 1), not `bool`.
#define SG_ABI_VERSION 2

// Size of the `percent` text buffers in `sg_node_score` and `sg_entity_score`,
// NUL included.
#define SG_PERCENT_LEN 16

// A flag added to the `mode` argument of the ingest functions
// (`SG_MODE_LENIENT | SG_INGEST_SUM_DUPLICATES`): duplicate count and
// amount observations of one batch (same key, same `recorded_on`) are added
// up instead of rejected, and the report's `merged` counts them (SPEC §2).
#define SG_INGEST_SUM_DUPLICATES 256

// What a call did. Every fallible function returns one of these; its out
// parameters are written only when it returns `SG_STATUS_OK` (the exceptions,
// `SG_STATUS_REJECTED` from an ingest and `SG_STATUS_BUFFER_TOO_SMALL` from
// `sg_last_error_message`, are stated where they apply), its `error_out` only
// when it does not.
//
// Values are fixed and never reused: a retired code stays here as a comment.
enum sg_status
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    // Success.
    SG_STATUS_OK = 0,
    // A required pointer argument is NULL.
    SG_STATUS_NULL_POINTER = 1,
    // Text given to the library is not valid UTF-8 (a date, an id, a JSON
    // document, a configuration).
    SG_STATUS_INVALID_UTF8 = 2,
    // A date is not a calendar date written `YYYY-MM-DD`.
    SG_STATUS_INVALID_DATE = 3,
    // A JSON or CSV document is malformed, or does not have the expected
    // shape (unknown array, missing CSV column); the message gives the line
    // and column.
    SG_STATUS_SYNTAX = 4,
    // A plan document parsed but breaks the plan's rules; the message lists
    // the problems.
    SG_STATUS_PLAN_INVALID = 5,
    // A strict ingest refused the whole batch because some records are
    // invalid; nothing was ingested. The rejections are in the report.
    SG_STATUS_REJECTED = 6,
    // No node or entity has this id or code.
    SG_STATUS_UNKNOWN_ID = 7,
    // The evaluation configuration is malformed or out of range.
    SG_STATUS_CONFIG_INVALID = 8,
    // The ledger was built for another plan than the one passed.
    SG_STATUS_PLAN_MISMATCH = 9,
    // The library panicked; the panic was caught at the boundary. Please
    // report it: it is a bug.
    SG_STATUS_PANIC = 10,
    // The caller's buffer is too small for the text and its NUL. The text's
    // length in bytes, without the NUL, was written: a buffer of that many
    // bytes plus one fits it.
    SG_STATUS_BUFFER_TOO_SMALL = 11,
    // An input is larger than the library accepts.
    SG_STATUS_TOO_LARGE = 12,
    // An argument has a value outside its range (e.g. an unknown `sg_mode`).
    SG_STATUS_INVALID_ARGUMENT = 13,
    // An index is past the end of its list.
    SG_STATUS_INDEX_OUT_OF_RANGE = 14,
    // An evaluation was refreshed with a ledger other than the one it was
    // made from (a ledger made apart, even with the same records).
    SG_STATUS_LEDGER_MISMATCH = 15,
    // A public release was refused by its audit (a confidential value
    // would be pinned down, or a small count known to be small) or could
    // not be protected; the message names the value.
    SG_STATUS_DISCLOSURE_REFUSED = 16,
    // A document was asked for a year the plan does not cover (or of a
    // plan without years); the message gives the plan's years.
    SG_STATUS_YEAR_OUTSIDE_PLAN = 17,
    // A document's templates could not be loaded or rendered (a templates
    // directory that does not exist, a template that fails or uses a
    // variable the model lacks); the message names the template and line.
    SG_STATUS_TEMPLATE_ERROR = 18,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum sg_status sg_status;
#else
typedef uint32_t sg_status;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

// The level of a node in the plan's tree.
enum sg_level
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    // The plan itself.
    SG_LEVEL_PLAN = 0,
    // An axis (eje).
    SG_LEVEL_AXIS = 1,
    // A line of intervention.
    SG_LEVEL_LINE = 2,
    // A goal (meta).
    SG_LEVEL_GOAL = 3,
    // A strategic action.
    SG_LEVEL_ACTION = 4,
    // An indicator.
    SG_LEVEL_INDICATOR = 5,
    // A plazo: only `sg_plan_node_level` returns it (plazos are not
    // scored, so a scorecard has no plazo nodes).
    SG_LEVEL_PLAZO = 6,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum sg_level sg_level;
#else
typedef uint32_t sg_level;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

// The semáforo of a score.
enum sg_band
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    // On track (≥ 0.90 by default).
    SG_BAND_GREEN = 0,
    // Progress (≥ 0.60 by default).
    SG_BAND_YELLOW = 1,
    // Not on track.
    SG_BAND_RED = 2,
    // No score.
    SG_BAND_NONE = 3,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum sg_band sg_band;
#else
typedef uint32_t sg_band;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

// Where a node stands as of the evaluation date.
enum sg_node_status
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    // Indicator or aggregate with a score.
    SG_NODE_STATUS_SCORED = 0,
    // Indicator or aggregate with nothing to score yet.
    SG_NODE_STATUS_PENDING = 1,
    // Indicator without any target: monitoring only.
    SG_NODE_STATUS_NO_TARGET = 2,
    // Text indicator: never scored.
    SG_NODE_STATUS_TEXT = 3,
    // Action: the date is before every plazo starts.
    SG_NODE_STATUS_NOT_STARTED = 4,
    // Action: one of its milestones is overdue.
    SG_NODE_STATUS_OVERDUE = 5,
    // Action: every plazo has ended and every milestone was achieved.
    SG_NODE_STATUS_COMPLETED = 6,
    // Action: anything else.
    SG_NODE_STATUS_IN_PROGRESS = 7,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum sg_node_status sg_node_status;
#else
typedef uint32_t sg_node_status;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

// How a batch is ingested: the `mode` argument of the ingest functions.
enum sg_mode
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    // Any invalid record rejects the whole batch; the ledger does not change.
    SG_MODE_STRICT = 0,
    // Valid records go in; the report lists each rejected one.
    SG_MODE_LENIENT = 1,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum sg_mode sg_mode;
#else
typedef uint32_t sg_mode;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

// How `sg_plan_table`, `sg_ledger_table` and `sg_scorecard_table` write a
// table: their `format` argument.
enum sg_table_format
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    // CSV (RFC 4180, `\n` line ends): a header row of the column names,
    // then one line per row; fields quoted only where they must be; nothing
    // for a missing value; list items joined by `"; "`; an observation's
    // cell as one `cell.<dimension>` column per dimension.
    SG_TABLE_FORMAT_CSV = 0,
    // JSON: an array of records, one object per row (keys in column order)
    // and one line per object; decimals and scores as exact strings
    // (`"0.734512"`), missing values `null`.
    SG_TABLE_FORMAT_JSON = 1,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum sg_table_format sg_table_format;
#else
typedef uint32_t sg_table_format;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

// The formats a public view is written in.
enum sg_public_format
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    // The public view as JSON: every node, entity, reporting row,
    // discrepancy, consistency note and table cell, each controlled value
    // a value or `"confidential"`, with the audit summary and the
    // release's suppression pattern.
    SG_PUBLIC_FORMAT_JSON = 0,
    // CSV, one row per controlled value, its value empty and
    // `confidential` true where suppressed.
    SG_PUBLIC_FORMAT_CSV = 1,
    // SDMX-CSV 2.0: `OBS_VALUE` empty and `CONF_STATUS` `C` where
    // suppressed, `F` otherwise.
    SG_PUBLIC_FORMAT_SDMX_CSV = 2,
    // SDMX-CSV 2.0 for internal audit only: every value, `CONF_STATUS`
    // `F`, `A` (primary) or `D` (secondary). Never publish it.
    SG_PUBLIC_FORMAT_INTERNAL_SDMX_CSV = 3,
    // The audit summary as JSON (counts, the narrowest interval), which
    // ships with the release.
    SG_PUBLIC_FORMAT_AUDIT_JSON = 4,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum sg_public_format sg_public_format;
#else
typedef uint32_t sg_public_format;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

// What a document is written as.
enum sg_document_format
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    // The document: one self-contained HTML file (inline CSS and SVG, no
    // script, no network) that prints on A4.
    SG_DOCUMENT_FORMAT_HTML = 0,
    // The document's model as pretty-printed JSON (every section and
    // figure as data, what any renderer reads), ending with a line break:
    // `seguimiento annual --format json`.
    SG_DOCUMENT_FORMAT_JSON = 1,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum sg_document_format sg_document_format;
#else
typedef uint32_t sg_document_format;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

// The error of a failed call, handed to the caller through the call's
// `error_out` parameter (opaque). It belongs to the caller: read it with
// `sg_error_status` and `sg_error_message`, from any thread, and free it
// exactly once with `sg_error_free`.
typedef struct sg_error sg_error;

// An evaluation as of a date that follows one ledger (opaque): after records
// are ingested into that ledger, `sg_evaluation_refresh` brings it up to date
// reading only the new records. A refresh needs the evaluation to itself (and
// reads the ledger, which no ingest may change meanwhile); reading its
// scorecard may run on several threads at once.
typedef struct sg_evaluation sg_evaluation;

// The records reported against one plan (opaque). Reading functions
// (`sg_ledger_to_json`, `sg_ledger_record_count`, `sg_ledger_table`,
// `sg_evaluate`) may run on
// several threads at once; an ingest needs the ledger to itself.
typedef struct sg_ledger sg_ledger;

// A validated plan (opaque). Immutable once made: any number of threads may
// use one at once. Ledgers made from it keep it alive, so it may be freed
// before them.
typedef struct sg_plan sg_plan;

// A public release of a scorecard (opaque): read it as JSON, CSV or
// SDMX-CSV; immutable, so it may be read from several threads at once.
typedef struct sg_public_view sg_public_view;

// The result of an evaluation (opaque). Immutable: any number of threads may
// read one at once.
typedef struct sg_scorecard sg_scorecard;

// The score of one node, as the scorecard JSON has it.
//
// Every field is a fixed-width integer, a `double` or a `char` array (no
// `bool`, whose size other languages' marshallers disagree on), and there is
// no padding between fields: 48 bytes.
typedef struct sg_node_score {
    // 1 if the node has a score, 0 if not (never another value). When 0,
    // `score_millionths` and `score` are 0, `percent` is empty and `band` is
    // `SG_BAND_NONE`.
    uint32_t scored;
    // The score exactly, in millionths: 734512 is 0.734512 (0 to 1000000).
    uint32_t score_millionths;
    // The score as the nearest double (`score_millionths / 1e6`).
    double score;
    // The score as a percentage with 2 decimals, rounded half away from zero
    // like every report: `"73.45 %"`; empty without a score. NUL-terminated.
    char percent[SG_PERCENT_LEN];
    // The semáforo.
    sg_band band;
    // The node's level (never `SG_LEVEL_PLAZO`).
    sg_level level;
    // Where it stands.
    sg_node_status status;
    // Scored actions / actions beneath, in millionths (an indicator: 1000000
    // if scored, else 0).
    uint32_t coverage_millionths;
} sg_node_score;

// One institution's scorecard.
//
// Every field is a fixed-width integer, a `size_t`, a `double` or a `char`
// array (no `bool`).
typedef struct sg_entity_score {
    // 1 if the entity has a score (some of its actions are scored), 0 if not
    // (never another value).
    uint32_t scored;
    // The mean score of its scored actions, in millionths.
    uint32_t score_millionths;
    // The score as the nearest double.
    double score;
    // The score as a percentage with 2 decimals (`"73.45 %"`), or empty.
    char percent[SG_PERCENT_LEN];
    // The semáforo.
    sg_band band;
    // Actions for which it or one of its dependencies is responsible.
    size_t actions;
    // How many of them have a score.
    size_t scored_actions;
    // How many of them are overdue.
    size_t overdue_actions;
} sg_entity_score;

#ifdef __cplusplus
extern "C" {
#endif // __cplusplus

// The library's version, e.g. `"0.1.0"`. The string is static: never free it.
const char *sg_version(void);

// The C ABI version the library implements: `SG_ABI_VERSION` of the header it
// was built with.
uint32_t sg_abi_version(void);

// Frees a string the library returned through a `char **` out parameter.
// NULL is ignored. Free each string exactly once, and do not modify it before.
//
// # Safety
//
// `s` must be NULL or a string returned by this library and not yet freed.
void sg_string_free(char *s);

// Panics inside the library on purpose and returns `SG_STATUS_PANIC`: lets a
// test suite or a binding check that a panic is caught at the boundary,
// prints nothing, and is reported as a status with a message (and through
// `error_out`, if not NULL). Has no other effect.
//
// # Safety
//
// `error_out` must be NULL or valid for a write of one pointer.
sg_status sg_selftest_panic(struct sg_error **error_out);

// Writes the annual progress report of `year` (*Informe de avance anual*):
// the plan evaluated at 31 December of `year` and of the year before, every
// figure through disclosure control, in `lang`: `"es"` or `"es-GT"`
// (Spanish as Guatemala writes it) or `"en"`; the plan's texts stay in
// Spanish. Byte for byte what `seguimiento annual --year YEAR` writes from
// the same plan, ledger and settings.
//
// - `format`: an `sg_document_format`, `SG_DOCUMENT_FORMAT_HTML` (the
//   document) or `SG_DOCUMENT_FORMAT_JSON` (its model).
// - `known_on`: the knowledge date (`"YYYY-MM-DD"`) of every year end: only
//   records recorded by then count. NULL: the configuration's `known_on`,
//   else each year end is its own.
// - `k`: the primary threshold of disclosure control, 2 to 1,000,000 (the
//   command's default is 11): counts of victims 1..k-1 are confidential.
// - `config_json`: the evaluation settings as for `sg_evaluate`, NULL for
//   the defaults. Its bytes (without the NUL) are fingerprinted; NULL
//   fingerprints the defaults' JSON.
// - `plan_bytes`, `plan_len`: the bytes to fingerprint as the plan (the
//   file the plan was made from; for `sg_plan_embedded`, the plan file
//   `seeds/plan.json`, whose bytes the library embeds). NULL: the plan's
//   own JSON, as `sg_plan_to_json` writes it.
// - `ledger_bytes`, `ledger_len`: the bytes to fingerprint as the ledger
//   (every file ingested, in order, concatenated). NULL: the ledger's own
//   JSON, as `sg_ledger_to_json` writes it (publish that file beside the
//   document so that anyone can re-run it).
// - `templates_dir`: a directory of templates (and `locales/`) replacing
//   the built-in ones, as a ministry may keep; NULL for the built-in.
//
// On success `*document_out` is a new NUL-terminated string, to be freed
// with `sg_string_free`, and `*len_out` (may be NULL) its length in bytes
// without the NUL. Errors: `SG_STATUS_YEAR_OUTSIDE_PLAN` (the message gives
// the plan's years), `SG_STATUS_INVALID_ARGUMENT` (an unknown language or
// format, `k` out of range), `SG_STATUS_DISCLOSURE_REFUSED` (a year end's
// release was refused by its audit; the message names the value),
// `SG_STATUS_TEMPLATE_ERROR` (a templates directory missing, a template
// that fails; the message names the template and line),
// `SG_STATUS_INVALID_DATE`, `SG_STATUS_CONFIG_INVALID`,
// `SG_STATUS_PLAN_MISMATCH`, `SG_STATUS_INVALID_UTF8`,
// `SG_STATUS_NULL_POINTER`.
//
// Only reads the plan and the ledger: several threads may write documents
// of the same plan and ledger at once.
//
// # Safety
//
// `plan` and `ledger` must each be NULL or live; `lang`, `known_on`,
// `config_json` and `templates_dir` NULL or NUL-terminated; `plan_bytes`
// NULL or valid for reads of `plan_len` bytes, `ledger_bytes` NULL or
// valid for reads of `ledger_len` bytes; `document_out` valid for a write
// of one pointer; `len_out` NULL or valid for a write of one `size_t`;
// `error_out` NULL or valid for a write of one pointer.
sg_status sg_render_annual_report(const struct sg_plan *plan,
                                  const struct sg_ledger *ledger,
                                  int32_t year,
                                  const char *lang,
                                  uint32_t format,
                                  const char *known_on,
                                  uint32_t k,
                                  const char *config_json,
                                  const uint8_t *plan_bytes,
                                  size_t plan_len,
                                  const uint8_t *ledger_bytes,
                                  size_t ledger_len,
                                  const char *templates_dir,
                                  char **document_out,
                                  size_t *len_out,
                                  struct sg_error **error_out);

// Writes the biannual evaluation of `first_year`..`last_year`
// (*Evaluación bianual*): two consecutive years of the plan, or its whole
// period for the final evaluation (2007-2017 for the embedded plan): start
// against end per axis and action, band transitions, milestones, reporting
// trends, data gaps, and the follow-up of the previous evaluation's
// recommendations. Byte for byte what `seguimiento evaluation --years
// FIRST-LAST` writes from the same inputs.
//
// The other arguments, the output and the errors are those of
// `sg_render_annual_report`; a period that is neither two consecutive
// years nor the plan's whole period is `SG_STATUS_INVALID_ARGUMENT`, a
// year outside the plan `SG_STATUS_YEAR_OUTSIDE_PLAN`.
//
// # Safety
//
// As for `sg_render_annual_report`.
sg_status sg_render_evaluation(const struct sg_plan *plan,
                               const struct sg_ledger *ledger,
                               int32_t first_year,
                               int32_t last_year,
                               const char *lang,
                               uint32_t format,
                               const char *known_on,
                               uint32_t k,
                               const char *config_json,
                               const uint8_t *plan_bytes,
                               size_t plan_len,
                               const uint8_t *ledger_bytes,
                               size_t ledger_len,
                               const char *templates_dir,
                               char **document_out,
                               size_t *len_out,
                               struct sg_error **error_out);

// The C name of a status (`"SG_STATUS_OK"`, …), or `"SG_STATUS_UNKNOWN"` for a
// value that is not a status.
//
// The string is static: never free it.
const char *sg_status_name(uint32_t status);

// The status returned by the last status-returning call made on this thread
// (`SG_STATUS_OK` if there was none). The `sg_last_error_*` functions do not
// change it.
sg_status sg_last_error_status(void);

// Copies the message of the last failed call made on this thread into `buf`:
// UTF-8, NUL-terminated, naming the record and field at fault where there is
// one. The message is empty when the last status-returning call succeeded.
// This function does not change the last error.
//
// `*len_out`, when `len_out` is not NULL, is always set to the message's
// length in bytes, without the NUL. Then:
//
// - `buf` NULL with `buf_len` > 0 (a buffer that is not there):
//   `SG_STATUS_NULL_POINTER`;
// - the message and its NUL fit in `buf_len` bytes: they are copied into
//   `buf`, `SG_STATUS_OK`;
// - otherwise `SG_STATUS_BUFFER_TOO_SMALL`, and `buf` is left untouched:
//   allocate `*len_out + 1` bytes and call again. `buf` may be NULL with
//   `buf_len` 0 to ask for the length only.
//
// So `sg_last_error_message(NULL, 5, &len)` is `SG_STATUS_NULL_POINTER`
// whatever the message, with `len` set.
//
// # Safety
//
// `buf`, if not NULL, must be valid for writes of `buf_len` bytes; `len_out`
// must be NULL or valid for a write of one `size_t`.
sg_status sg_last_error_message(char *buf,
                                size_t buf_len,
                                size_t *len_out);

// The status of an error a call handed back through its `error_out`
// parameter; `SG_STATUS_OK` for NULL (no error). Does not change this
// thread's last error.
//
// # Safety
//
// `error` must be NULL or an error from this library not yet freed.
sg_status sg_error_status(const struct sg_error *error);

// The message of an error a call handed back through its `error_out`
// parameter: UTF-8, NUL-terminated, the same text `sg_last_error_message`
// gives right after that call. The string belongs to the error: it stays
// valid until `sg_error_free(error)`, and must not be freed or modified.
// `""` (static) for NULL. Does not change this thread's last error.
//
// # Safety
//
// `error` must be NULL or an error from this library not yet freed.
const char *sg_error_message(const struct sg_error *error);

// Frees an error a call handed back through its `error_out` parameter. NULL
// is ignored. Free each error exactly once; its message goes with it.
//
// # Safety
//
// `error` must be NULL or an error from this library not yet freed, and no
// other thread may be using it.
void sg_error_free(struct sg_error *error);

// Evaluates a plan's compliance as of a date, as `sg_evaluate` does, and
// keeps what a later `sg_evaluation_refresh` needs: per indicator, the
// latest visible revision of each key and its outcome. Arguments as for
// `sg_evaluate`.
//
// On success `*evaluation_out` is a new evaluation, to be freed with
// `sg_evaluation_free`. Errors: those of `sg_evaluate`.
//
// # Safety
//
// `plan` and `ledger` must each be NULL or live; `as_of` NULL or
// NUL-terminated; `config_json` NULL or NUL-terminated; `evaluation_out`
// valid for a write of one pointer; `error_out` NULL or valid for a write of
// one pointer.
sg_status sg_evaluation_new(const struct sg_plan *plan,
                            const struct sg_ledger *ledger,
                            const char *as_of,
                            const char *config_json,
                            struct sg_evaluation **evaluation_out,
                            struct sg_error **error_out);

// Brings an evaluation up to date with `ledger`, which must be the ledger it
// was made from: reads the records ingested since it was made or last
// refreshed, and scores again the indicators they name, the tree above them,
// the entities, and reporting if submissions or obligations came in.
//
// On success `*indicators_out`, unless `indicators_out` is NULL, is how many
// indicators were scored again (0 when nothing that scores was added).
// Errors: `SG_STATUS_LEDGER_MISMATCH` for any other ledger (one made apart
// from the same records included), the evaluation then unchanged.
//
// # Safety
//
// `evaluation` must be NULL or live, and no other thread may be using it;
// `ledger` NULL or live, with no ingest running on it; `indicators_out` NULL
// or valid for a write of one `size_t`; `error_out` NULL or valid for a write
// of one pointer.
sg_status sg_evaluation_refresh(struct sg_evaluation *evaluation,
                                const struct sg_ledger *ledger,
                                size_t *indicators_out,
                                struct sg_error **error_out);

// The evaluation's scorecard as it stands (after its last refresh), as a new
// scorecard to read with the scorecard functions (`sg_scorecard_to_json`,
// `sg_scorecard_table`, …) and free with `sg_scorecard_free`; it does not
// change with later refreshes.
//
// # Safety
//
// `evaluation` must be NULL or live, not being refreshed; `scorecard_out`
// valid for a write of one pointer; `error_out` NULL or valid for a write of
// one pointer.
sg_status sg_evaluation_scorecard(const struct sg_evaluation *evaluation,
                                  struct sg_scorecard **scorecard_out,
                                  struct sg_error **error_out);

// Frees an evaluation. NULL is ignored. Scorecards taken from it stay valid.
//
// # Safety
//
// `evaluation` must be NULL or an evaluation from this library not yet
// freed, and no other thread may be using it.
void sg_evaluation_free(struct sg_evaluation *evaluation);

// Makes an empty ledger for a plan. The ledger keeps the plan alive.
//
// On success `*ledger_out` is a new ledger, to be freed with `sg_ledger_free`.
//
// # Safety
//
// `plan` must be NULL or a live plan; `ledger_out` must be valid for a write
// of one pointer; `error_out` NULL or valid for a write of one pointer.
sg_status sg_ledger_new(const struct sg_plan *plan,
                        struct sg_ledger **ledger_out,
                        struct sg_error **error_out);

// Frees a ledger. NULL is ignored.
//
// # Safety
//
// `ledger` must be NULL or a ledger from this library not yet freed, and no
// other thread may be using it.
void sg_ledger_free(struct sg_ledger *ledger);

// Ingests a JSON ledger document: one object with the arrays `targets`,
// `observations`, `milestones`, `submissions`, `obligations`,
// `recommendations` and `follow_ups` (SPEC §2),
// `len` bytes of UTF-8 at `json`. `mode` is `SG_MODE_STRICT` or
// `SG_MODE_LENIENT`, optionally `| SG_INGEST_SUM_DUPLICATES`.
//
// Two observations, targets or milestones of one batch with the same key and
// the same `recorded_on` are both rejected (`duplicate_key`), each naming the
// other, unless `SG_INGEST_SUM_DUPLICATES` adds up count and amount
// observations.
//
// On success, `*accepted_out` (if not NULL) is the number of records that went
// in and `*report_out` (if not NULL) a new string, the report as JSON:
// `{"accepted": 3, "merged": 0, "rejections": [{"kind": "observation",
// "index": 0, "field": "value", "code": "not_a_count", "reason": "…"}]}`,
// listing every record a lenient ingest rejected (`index` is the record's
// position in its array) and how many rows were added up (`merged`).
//
// `SG_STATUS_REJECTED` (strict mode, some record invalid): nothing went in,
// and the out parameters are written all the same: `*accepted_out` is 0 and
// `*report_out` lists every rejection (and `*error_out`, if asked for, is the
// refusal). Other errors: `SG_STATUS_INVALID_UTF8`, `SG_STATUS_SYNTAX` (not
// JSON, or an unknown array), `SG_STATUS_INVALID_ARGUMENT` (an unknown mode);
// the out parameters are not written.
//
// # Safety
//
// `ledger` must be NULL or a live ledger that no other thread uses during the
// call; `json` must be valid for reads of `len` bytes; `accepted_out`,
// `report_out` and `error_out` must each be NULL or valid for one write.
sg_status sg_ledger_ingest_json(struct sg_ledger *ledger,
                                const uint8_t *json,
                                size_t len,
                                uint32_t mode,
                                size_t *accepted_out,
                                char **report_out,
                                struct sg_error **error_out);

// Ingests observations from CSV (`len` bytes at `csv`): a header row with the
// columns `indicator`, `period`, `entity`, `value`, optionally `source`,
// `recorded_on` and one `cell.<dimension>` column per dimension. Rejection
// indexes count data records, not lines: index 0 is the first record after
// the header; blank lines are skipped without being counted, and a record
// whose quoted field holds line breaks counts once.
//
// A row that is not valid UTF-8 is rejected like any invalid record (its
// reason says so); a header that is not is `SG_STATUS_SYNTAX`. Otherwise as
// `sg_ledger_ingest_json`.
//
// # Safety
//
// As for `sg_ledger_ingest_json`.
sg_status sg_ledger_ingest_csv(struct sg_ledger *ledger,
                               const uint8_t *csv,
                               size_t len,
                               uint32_t mode,
                               size_t *accepted_out,
                               char **report_out,
                               struct sg_error **error_out);

// The whole ledger, every revision included, as a JSON ledger document:
// ingesting it into an empty ledger gives back the same ledger.
//
// On success `*json_out` is a new string, to be freed with `sg_string_free`.
//
// # Safety
//
// `ledger` must be NULL or a live ledger; `json_out` must be valid for a write
// of one pointer; `error_out` NULL or valid for a write of one pointer.
sg_status sg_ledger_to_json(const struct sg_ledger *ledger,
                            char **json_out,
                            struct sg_error **error_out);

// The number of records in the ledger, revisions included.
//
// # Safety
//
// `ledger` must be NULL or a live ledger; `count_out` must be valid for a
// write of one `size_t`; `error_out` NULL or valid for a write of one pointer.
sg_status sg_ledger_record_count(const struct sg_ledger *ledger,
                                 size_t *count_out,
                                 struct sg_error **error_out);

// One kind of the ledger's records as a table, every revision included, in
// ingestion order: `name` is `"targets"`, `"observations"`, `"milestones"`,
// `"submissions"` or `"obligations"` (the JSON ledger's arrays, with the
// same fields), `format` `SG_TABLE_FORMAT_CSV` or `SG_TABLE_FORMAT_JSON`.
// The observations' CSV is what `sg_ledger_ingest_csv` reads.
//
// On success `*text_out` is a new string, to be freed with `sg_string_free`.
// Errors: `SG_STATUS_INVALID_ARGUMENT` (an unknown table name or format),
// `SG_STATUS_INVALID_UTF8`.
//
// # Safety
//
// `ledger` must be NULL or a live ledger; `name` NULL or NUL-terminated;
// `text_out` valid for a write of one pointer; `error_out` NULL or valid for
// a write of one pointer.
sg_status sg_ledger_table(const struct sg_ledger *ledger,
                          const char *name,
                          uint32_t format,
                          char **text_out,
                          struct sg_error **error_out);

// Makes the 2007-2017 plan compiled into the library.
//
// On success `*plan_out` is a new plan, to be freed with `sg_plan_free`.
//
// # Safety
//
// `plan_out` must be valid for a write of one pointer; `error_out` NULL or
// valid for a write of one pointer.
sg_status sg_plan_embedded(struct sg_plan **plan_out,
                           struct sg_error **error_out);

// Loads and validates a plan from a JSON document in the plan format
// (`seeds/FORMAT.md`): `len` bytes of UTF-8 at `json`, no NUL needed.
//
// Errors: `SG_STATUS_INVALID_UTF8`, `SG_STATUS_SYNTAX` (malformed JSON, or
// not the plan format's shape), `SG_STATUS_PLAN_INVALID` (the plan's rules;
// every problem is in the message), `SG_STATUS_TOO_LARGE` (over 64 MiB).
//
// # Safety
//
// `json` must be valid for reads of `len` bytes; `plan_out` must be valid for
// a write of one pointer; `error_out` NULL or valid for a write of one
// pointer.
sg_status sg_plan_from_json(const uint8_t *json,
                            size_t len,
                            struct sg_plan **plan_out,
                            struct sg_error **error_out);

// Frees a plan. NULL is ignored. Ledgers made from it stay valid.
//
// # Safety
//
// `plan` must be NULL or a plan from this library not yet freed, and no other
// thread may be using it.
void sg_plan_free(struct sg_plan *plan);

// The plan as pretty-printed JSON in the plan format (loads back unchanged).
//
// On success `*json_out` is a new string, to be freed with `sg_string_free`.
//
// # Safety
//
// `plan` must be NULL or a live plan; `json_out` must be valid for a write of
// one pointer; `error_out` NULL or valid for a write of one pointer.
sg_status sg_plan_to_json(const struct sg_plan *plan,
                          char **json_out,
                          struct sg_error **error_out);

// The verbatim text of a node of the plan, by id: the plan's own id gives
// its title, an axis (`"E1"`), line, goal, action (`"E1.L1.M1.A1"`) or
// indicator its text, a plazo (`"E1.L1.M1.A1.P1"`) its label.
//
// On success `*text_out` is a new string, to be freed with `sg_string_free`.
// Errors: `SG_STATUS_UNKNOWN_ID`, `SG_STATUS_INVALID_UTF8`.
//
// # Safety
//
// `plan` must be NULL or a live plan; `node_id` NULL or a NUL-terminated
// string; `text_out` valid for a write of one pointer; `error_out` NULL or
// valid for a write of one pointer.
sg_status sg_plan_node_text(const struct sg_plan *plan,
                            const char *node_id,
                            char **text_out,
                            struct sg_error **error_out);

// The level of a node of the plan, by id: `SG_LEVEL_PLAN` for the plan's
// own id, `SG_LEVEL_AXIS` … `SG_LEVEL_INDICATOR`, and `SG_LEVEL_PLAZO` for a
// plazo (`"E1.L1.M1.A1.P1"`). (Plazos are not scored: a scorecard has no
// plazo nodes, so `sg_node_score.level` is never `SG_LEVEL_PLAZO`.)
//
// On success `*level_out` is the level. Errors: `SG_STATUS_UNKNOWN_ID`,
// `SG_STATUS_INVALID_UTF8`.
//
// # Safety
//
// `plan` must be NULL or a live plan; `node_id` NULL or a NUL-terminated
// string; `level_out` valid for a write of one `sg_level`; `error_out` NULL or
// valid for a write of one pointer.
sg_status sg_plan_node_level(const struct sg_plan *plan,
                             const char *node_id,
                             sg_level *level_out,
                             struct sg_error **error_out);

// One of the plan's tables as text: `name` is `"axes"`, `"actions"`,
// `"plazos"`, `"indicators"` or `"entities"`, `format` `SG_TABLE_FORMAT_CSV`
// or `SG_TABLE_FORMAT_JSON`. The columns of each table are in the README
// (`ffi/README.md`, "Tables").
//
// On success `*text_out` is a new string, to be freed with `sg_string_free`.
// Errors: `SG_STATUS_INVALID_ARGUMENT` (an unknown table name or format),
// `SG_STATUS_INVALID_UTF8`.
//
// # Safety
//
// `plan` must be NULL or a live plan; `name` NULL or NUL-terminated;
// `text_out` valid for a write of one pointer; `error_out` NULL or valid for
// a write of one pointer.
sg_status sg_plan_table(const struct sg_plan *plan,
                        const char *name,
                        uint32_t format,
                        char **text_out,
                        struct sg_error **error_out);

// Builds the public release of `scorecard`, evaluated from `ledger` under
// `plan`: gathers every value a public document shows (scores,
// explanations, entities, reporting, social-audit notes, the tables of the
// sensitive indicators with their margins) and the relations a reader knows
// among them, suppresses small counts and whatever would give them back,
// and audits the result.
//
// `config_json` names the release and sets its rules, e.g.
// `{"release": "2017-annual", "k": 11}`; also `sensitive` (indicator ids;
// default: the plan's), `earlier_patterns` (the `pattern` object of each
// earlier release's JSON) and `earlier_published` (value key → value).
//
// On success `*view_out` is a new public view, to be freed with
// `sg_public_view_free`. Errors: `SG_STATUS_CONFIG_INVALID` (the
// configuration), `SG_STATUS_UNKNOWN_ID` (a sensitive indicator the plan
// lacks), `SG_STATUS_PLAN_MISMATCH`, `SG_STATUS_DISCLOSURE_REFUSED` (the
// audit refused the release; the message names the value),
// `SG_STATUS_INVALID_UTF8`.
//
// # Safety
//
// `plan`, `ledger` and `scorecard` must each be NULL or live; `config_json`
// NULL or NUL-terminated; `view_out` valid for a write of one pointer;
// `error_out` NULL or valid for a write of one pointer.
sg_status sg_public_view_new(const struct sg_plan *plan,
                             const struct sg_ledger *ledger,
                             const struct sg_scorecard *scorecard,
                             const char *config_json,
                             struct sg_public_view **view_out,
                             struct sg_error **error_out);

// A public view written in a format.
//
// On success `*text_out` is a new string, to be freed with
// `sg_string_free`. Errors: `SG_STATUS_INVALID_ARGUMENT` for a format
// outside `sg_public_format`.
//
// # Safety
//
// `view` must be NULL or live; `text_out` valid for a write of one pointer;
// `error_out` NULL or valid for a write of one pointer.
sg_status sg_public_view_write(const struct sg_public_view *view,
                               uint32_t format,
                               char **text_out,
                               struct sg_error **error_out);

// Frees a public view. NULL is ignored.
//
// # Safety
//
// `view` must be NULL or a public view from this library not yet freed, and
// no other thread may be using it.
void sg_public_view_free(struct sg_public_view *view);

// Evaluates a plan's compliance as of a date (SPEC §3): `as_of` is
// `"YYYY-MM-DD"` exactly (no spaces or line break around it), `config_json`
// NULL for the defaults or a JSON object whose fields replace them
// (`{"late_credit": "0.25", "grace_days": 15}`). The ledger must have been
// made from this plan (or an identical one).
//
// `as_of` decides what is due, achieved and submitted; the config's
// `known_on` (`{"known_on": "2009-03-31"}`, default `as_of`) decides what
// is known: only records recorded on or before it count (SPEC §3). The
// scorecard JSON shows both dates.
//
// On success `*scorecard_out` is a new scorecard, to be freed with
// `sg_scorecard_free`. Errors: `SG_STATUS_INVALID_DATE` (also for a date
// more than 10 years from the plan's horizon), `SG_STATUS_CONFIG_INVALID`
// (also for a weight naming no node of the plan), `SG_STATUS_INVALID_UTF8`,
// `SG_STATUS_PLAN_MISMATCH`.
//
// Only reads the plan and the ledger: several threads may evaluate the same
// plan and ledger at once.
//
// # Safety
//
// `plan` and `ledger` must each be NULL or live; `as_of` NULL or
// NUL-terminated; `config_json` NULL or NUL-terminated; `scorecard_out` valid
// for a write of one pointer; `error_out` NULL or valid for a write of one
// pointer.
sg_status sg_evaluate(const struct sg_plan *plan,
                      const struct sg_ledger *ledger,
                      const char *as_of,
                      const char *config_json,
                      struct sg_scorecard **scorecard_out,
                      struct sg_error **error_out);

// Evaluates a plan as of each of `count` dates, sharing the work (each
// record is read once for all the dates): the same scorecards as
// `sg_evaluate` date by date. `dates` is an array of `count` dates, each
// `"YYYY-MM-DD"` exactly; `config_json` as for `sg_evaluate` (its
// `known_on`, if given, is every evaluation's knowledge date; without it
// each date is its own).
//
// `scorecards_out` is the caller's array of `count` scorecard pointers. On
// success, `scorecards_out[i]` is a new scorecard as of `dates[i]`; each is
// the caller's, to be freed with `sg_scorecard_free` (read each with the
// scorecard functions: `sg_scorecard_to_json`, `sg_scorecard_table`, …). On
// failure nothing is written to the array. With `count` 0 nothing is
// evaluated and nothing written (the arrays must still not be NULL).
// Errors: those of `sg_evaluate` (an invalid date names its index,
// `dates[3]`), and `SG_STATUS_TOO_LARGE` for a count no array can hold.
//
// Only reads the plan and the ledger: several threads may evaluate the same
// plan and ledger at once.
//
// # Safety
//
// `plan` and `ledger` must each be NULL or live; `dates` NULL or valid for
// reads of `count` pointers, each NULL or NUL-terminated; `config_json`
// NULL or NUL-terminated; `scorecards_out` NULL or valid for writes of
// `count` pointers; `error_out` NULL or valid for a write of one pointer.
sg_status sg_evaluate_many(const struct sg_plan *plan,
                           const struct sg_ledger *ledger,
                           const char *const *dates,
                           size_t count,
                           const char *config_json,
                           struct sg_scorecard **scorecards_out,
                           struct sg_error **error_out);

// Frees a scorecard. NULL is ignored.
//
// # Safety
//
// `scorecard` must be NULL or a scorecard from this library not yet freed, and
// no other thread may be using it.
void sg_scorecard_free(struct sg_scorecard *scorecard);

// The scorecard as JSON (SPEC §4), byte for byte what the Rust core and the
// Python package give for the same inputs.
//
// On success `*json_out` is a new string, to be freed with `sg_string_free`.
//
// # Safety
//
// `scorecard` must be NULL or live; `json_out` valid for a write of one
// pointer; `error_out` NULL or valid for a write of one pointer.
sg_status sg_scorecard_to_json(const struct sg_scorecard *scorecard,
                               char **json_out,
                               struct sg_error **error_out);

// The plan's own score (the root node).
//
// # Safety
//
// `scorecard` must be NULL or live; `score_out` valid for a write of one
// `sg_node_score`; `error_out` NULL or valid for a write of one pointer.
sg_status sg_scorecard_plan_score(const struct sg_scorecard *scorecard,
                                  struct sg_node_score *score_out,
                                  struct sg_error **error_out);

// The score of a node by id: the plan's id, an axis `"E1"`, a line, a goal,
// an action `"E1.L1.M1.A1"` or an indicator `"E1.L1.M1.A1.I1"`.
// Errors: `SG_STATUS_UNKNOWN_ID`, `SG_STATUS_INVALID_UTF8`.
//
// # Safety
//
// `scorecard` must be NULL or live; `node_id` NULL or NUL-terminated;
// `score_out` valid for a write of one `sg_node_score`; `error_out` NULL or
// valid for a write of one pointer.
sg_status sg_scorecard_node_score(const struct sg_scorecard *scorecard,
                                  const char *node_id,
                                  struct sg_node_score *score_out,
                                  struct sg_error **error_out);

// An institution's scorecard by registry code (case-insensitive: `"MINGOB"`).
// `SG_STATUS_UNKNOWN_ID` if the scorecard has no such entity: the scorecard
// lists the entities responsible for at least one action.
//
// # Safety
//
// `scorecard` must be NULL or live; `entity_code` NULL or NUL-terminated;
// `score_out` valid for a write of one `sg_entity_score`; `error_out` NULL or
// valid for a write of one pointer.
sg_status sg_scorecard_entity_score(const struct sg_scorecard *scorecard,
                                    const char *entity_code,
                                    struct sg_entity_score *score_out,
                                    struct sg_error **error_out);

// The ids of the overdue actions, in reading order, as a JSON array of
// strings (`["E1.L1.M1.A1", …]`).
//
// On success `*json_out` is a new string, to be freed with `sg_string_free`.
//
// # Safety
//
// `scorecard` must be NULL or live; `json_out` valid for a write of one
// pointer; `error_out` NULL or valid for a write of one pointer.
sg_status sg_scorecard_overdue_json(const struct sg_scorecard *scorecard,
                                    char **json_out,
                                    struct sg_error **error_out);

// The number of overdue actions.
//
// # Safety
//
// `scorecard` must be NULL or live; `count_out` valid for a write of one
// `size_t`; `error_out` NULL or valid for a write of one pointer.
sg_status sg_scorecard_overdue_count(const struct sg_scorecard *scorecard,
                                     size_t *count_out,
                                     struct sg_error **error_out);

// The id of the `index`-th overdue action (0-based, reading order).
// `SG_STATUS_INDEX_OUT_OF_RANGE` when `index >= sg_scorecard_overdue_count`.
//
// On success `*id_out` is a new string, to be freed with `sg_string_free`.
//
// # Safety
//
// `scorecard` must be NULL or live; `id_out` valid for a write of one pointer;
// `error_out` NULL or valid for a write of one pointer.
sg_status sg_scorecard_overdue_action(const struct sg_scorecard *scorecard,
                                      size_t index,
                                      char **id_out,
                                      struct sg_error **error_out);

// Why a node has its score, as JSON: an indicator's items (targets with A, B,
// T, T' and a; milestone dates) or an aggregate's children with their scores
// and weights. Errors: `SG_STATUS_UNKNOWN_ID`, `SG_STATUS_INVALID_UTF8`.
//
// On success `*json_out` is a new string, to be freed with `sg_string_free`.
//
// # Safety
//
// `scorecard` must be NULL or live; `node_id` NULL or NUL-terminated;
// `json_out` valid for a write of one pointer; `error_out` NULL or valid for a
// write of one pointer.
sg_status sg_scorecard_explain(const struct sg_scorecard *scorecard,
                               const char *node_id,
                               char **json_out,
                               struct sg_error **error_out);

// One of the scorecard's tables as text: `name` is `"nodes"`, `"entities"`,
// `"reporting"`, `"discrepancies"` or `"consistency"`, `format`
// `SG_TABLE_FORMAT_CSV` or `SG_TABLE_FORMAT_JSON`. The nodes carry their
// text and parent, the entities their names, from the plan the scorecard
// was evaluated against. The typed getters (`sg_scorecard_node_score`, …)
// read the same scorecard.
//
// On success `*text_out` is a new string, to be freed with `sg_string_free`.
// Errors: `SG_STATUS_INVALID_ARGUMENT` (an unknown table name or format),
// `SG_STATUS_INVALID_UTF8`.
//
// # Safety
//
// `scorecard` must be NULL or live; `name` NULL or NUL-terminated;
// `text_out` valid for a write of one pointer; `error_out` NULL or valid for
// a write of one pointer.
sg_status sg_scorecard_table(const struct sg_scorecard *scorecard,
                             const char *name,
                             uint32_t format,
                             char **text_out,
                             struct sg_error **error_out);

// The JSON name of a band (`"green"`, `"yellow"`, `"red"`, `"none"`), or
// `"unknown"` for a value that is not an `sg_band`. Static: never free it.
const char *sg_band_name(uint32_t band);

// The JSON name of a node status (`"scored"`, `"overdue"`, `"in_progress"`, …),
// or `"unknown"` for a value that is not an `sg_node_status`. Static: never
// free it.
const char *sg_node_status_name(uint32_t status);

#ifdef __cplusplus
}  // extern "C"
#endif  // __cplusplus

#endif  /* SEGUIMIENTO_H */
