/*
 * test_api.c — every function of libseguimiento, every status code, every bad
 * input, from C; every fallible function with its error out-parameter, on
 * failure and on success; the tables as CSV and JSON.
 *
 *   usage: test_api SEEDS_DIR
 *
 * SEEDS_DIR holds demo-ledger.json and expected/scorecard-demo-2010-12-31.json
 * (the scorecard the Rust core makes from that ledger as of 2010-12-31 with
 * the default configuration); the scorecard JSON made through C must equal it
 * byte for byte.
 */
/* dup, dup2, setenv (POSIX): to watch stderr while the library panics. */
#define _POSIX_C_SOURCE 200809L
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>

#include "check.h"

static const char *seeds = ".";

static char *seed_path(const char *name) {
    size_t n = strlen(seeds) + strlen(name) + 2;
    char *p = malloc(n);
    snprintf(p, n, "%s/%s", seeds, name);
    return p;
}

/* Replaces the first occurrence of `from` by `to` (same length) in place. */
static int replace_first(char *text, const char *from, const char *to) {
    char *at = strstr(text, from);
    if (at == NULL || strlen(from) != strlen(to)) {
        return 0;
    }
    memcpy(at, to, strlen(to));
    return 1;
}

static const uint8_t *u8(const char *s) { return (const uint8_t *)s; }

/* ---------------------------------------------------------------- versions */

static void test_versions_and_names(void) {
    const char *version = sg_version();
    CHECK(version != NULL && strlen(version) >= 5 && strchr(version, '.') != NULL);
    CHECK(sg_abi_version() == SG_ABI_VERSION);

    static const char *names[] = {
        "SG_STATUS_OK",           "SG_STATUS_NULL_POINTER",     "SG_STATUS_INVALID_UTF8",
        "SG_STATUS_INVALID_DATE", "SG_STATUS_SYNTAX",           "SG_STATUS_PLAN_INVALID",
        "SG_STATUS_REJECTED",     "SG_STATUS_UNKNOWN_ID",       "SG_STATUS_CONFIG_INVALID",
        "SG_STATUS_PLAN_MISMATCH", "SG_STATUS_PANIC",           "SG_STATUS_BUFFER_TOO_SMALL",
        "SG_STATUS_TOO_LARGE",    "SG_STATUS_INVALID_ARGUMENT", "SG_STATUS_INDEX_OUT_OF_RANGE",
        "SG_STATUS_LEDGER_MISMATCH", "SG_STATUS_DISCLOSURE_REFUSED", "SG_STATUS_YEAR_OUTSIDE_PLAN",
        "SG_STATUS_TEMPLATE_ERROR",
    };
    static const uint32_t values[] = {
        SG_STATUS_OK,           SG_STATUS_NULL_POINTER,     SG_STATUS_INVALID_UTF8,
        SG_STATUS_INVALID_DATE, SG_STATUS_SYNTAX,           SG_STATUS_PLAN_INVALID,
        SG_STATUS_REJECTED,     SG_STATUS_UNKNOWN_ID,       SG_STATUS_CONFIG_INVALID,
        SG_STATUS_PLAN_MISMATCH, SG_STATUS_PANIC,           SG_STATUS_BUFFER_TOO_SMALL,
        SG_STATUS_TOO_LARGE,    SG_STATUS_INVALID_ARGUMENT, SG_STATUS_INDEX_OUT_OF_RANGE,
        SG_STATUS_LEDGER_MISMATCH, SG_STATUS_DISCLOSURE_REFUSED, SG_STATUS_YEAR_OUTSIDE_PLAN,
        SG_STATUS_TEMPLATE_ERROR,
    };
    for (uint32_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        CHECK(values[i] == i); /* the values are fixed: 0, 1, 2, ... */
        CHECK_STREQ(sg_status_name(values[i]), names[i]);
    }
    CHECK_STREQ(sg_status_name(19), "SG_STATUS_UNKNOWN");
    CHECK_STREQ(sg_status_name(UINT32_MAX), "SG_STATUS_UNKNOWN");

    CHECK_STREQ(sg_band_name(SG_BAND_GREEN), "green");
    CHECK_STREQ(sg_band_name(SG_BAND_YELLOW), "yellow");
    CHECK_STREQ(sg_band_name(SG_BAND_RED), "red");
    CHECK_STREQ(sg_band_name(SG_BAND_NONE), "none");
    CHECK_STREQ(sg_band_name(4), "unknown");

    CHECK_STREQ(sg_node_status_name(SG_NODE_STATUS_SCORED), "scored");
    CHECK_STREQ(sg_node_status_name(SG_NODE_STATUS_PENDING), "pending");
    CHECK_STREQ(sg_node_status_name(SG_NODE_STATUS_NO_TARGET), "no_target");
    CHECK_STREQ(sg_node_status_name(SG_NODE_STATUS_TEXT), "text");
    CHECK_STREQ(sg_node_status_name(SG_NODE_STATUS_NOT_STARTED), "not_started");
    CHECK_STREQ(sg_node_status_name(SG_NODE_STATUS_OVERDUE), "overdue");
    CHECK_STREQ(sg_node_status_name(SG_NODE_STATUS_COMPLETED), "completed");
    CHECK_STREQ(sg_node_status_name(SG_NODE_STATUS_IN_PROGRESS), "in_progress");
    CHECK_STREQ(sg_node_status_name(99), "unknown");
}

/* ---------------------------------------------------------------- stderr */

/* Calls sg_selftest_panic with stderr (file descriptor 2) sent to a temporary
   file, and copies what was written there into `out`. Returns the status. */
static sg_status stderr_during_selftest_panic(char *out, size_t out_len) {
    out[0] = '\0';
    FILE *capture = tmpfile();
    if (capture == NULL) {
        snprintf(out, out_len, "<tmpfile failed>");
        return SG_STATUS_OK;
    }
    fflush(stderr);
    int saved = dup(2);
    dup2(fileno(capture), 2);
    sg_status status = sg_selftest_panic(NULL);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    rewind(capture);
    size_t n = fread(out, 1, out_len - 1, capture);
    out[n] = '\0';
    fclose(capture);
    return status;
}

/* -------------------------------------------------------------- last error */

static void test_last_error_and_panic(void) {
    /* A fresh thread state: OK, empty message. */
    CHECK(sg_last_error_status() == SG_STATUS_OK);
    size_t len = 99;
    char buf[256];
    CHECK_STATUS(SG_STATUS_OK, sg_last_error_message(buf, sizeof buf, &len));
    CHECK(len == 0 && buf[0] == '\0');

    /* The panic barrier: a deliberate panic comes back as a status, with
       where it happened, and prints nothing on stderr (main sets
       RUST_BACKTRACE=full, which would add a backtrace to any printing). */
    CHECK_STATUS(SG_STATUS_PANIC, sg_selftest_panic(NULL));
    char printed[4096];
    CHECK(stderr_during_selftest_panic(printed, sizeof printed) == SG_STATUS_PANIC);
    CHECK_STREQ(printed, "");
    CHECK(sg_last_error_status() == SG_STATUS_PANIC);
    CHECK_CONTAINS(last_message(), "deliberate panic");
    CHECK_CONTAINS(last_message(), "(at ffi/src/lib.rs:");
    /* Again: the quiet hook stays. */
    CHECK(stderr_during_selftest_panic(printed, sizeof printed) == SG_STATUS_PANIC);
    CHECK_STREQ(printed, "");

    /* A failure's message; reading it does not change it. */
    sg_plan *plan = (sg_plan *)0x1;
    CHECK_STATUS(SG_STATUS_SYNTAX, sg_plan_from_json(u8("{"), 1, &plan, NULL));
    CHECK(plan == (sg_plan *)0x1); /* out-param untouched on failure */
    size_t needed = 0;
    CHECK_STATUS(SG_STATUS_BUFFER_TOO_SMALL, sg_last_error_message(NULL, 0, &needed));
    CHECK(needed > 0);
    char tiny[4] = {'x', 'x', 'x', 'x'};
    len = 0;
    CHECK_STATUS(SG_STATUS_BUFFER_TOO_SMALL, sg_last_error_message(tiny, sizeof tiny, &len));
    CHECK(len == needed);
    CHECK(tiny[0] == 'x' && tiny[3] == 'x'); /* untouched */
    /* Exactly the length plus the NUL fits. */
    char *exact = malloc(needed + 1);
    CHECK_STATUS(SG_STATUS_OK, sg_last_error_message(exact, needed + 1, NULL));
    CHECK(strlen(exact) == needed);
    CHECK_CONTAINS(exact, "line 1");
    CHECK_STATUS(SG_STATUS_BUFFER_TOO_SMALL, sg_last_error_message(exact, needed, NULL));
    free(exact);
    /* A NULL buffer that claims a size: SG_STATUS_NULL_POINTER whether the
       message would fit or not, and the length is written all the same. */
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_last_error_message(NULL, 4096, NULL));
    len = 0;
    CHECK(needed > 5);
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_last_error_message(NULL, 5, &len));
    CHECK(len == needed);
    CHECK(sg_last_error_status() == SG_STATUS_SYNTAX); /* still the failure's status */

    /* A success clears it. */
    CHECK_STATUS(SG_STATUS_OK, sg_plan_embedded(&plan, NULL));
    CHECK(sg_last_error_status() == SG_STATUS_OK);
    CHECK_STREQ(last_message(), "");
    len = 99;
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_last_error_message(NULL, 5, &len));
    CHECK(len == 0);
    sg_plan_free(plan);
}

/* ------------------------------------------------------------------- plans */

static void test_plans(void) {
    sg_plan *plan = NULL;
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_plan_embedded(NULL, NULL));
    CHECK_CONTAINS(last_message(), "plan_out");
    CHECK_STATUS(SG_STATUS_OK, sg_plan_embedded(&plan, NULL));
    CHECK(plan != NULL);

    char *json = NULL;
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_plan_to_json(NULL, &json, NULL));
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_plan_to_json(plan, NULL, NULL));
    CHECK_STATUS(SG_STATUS_OK, sg_plan_to_json(plan, &json, NULL));
    CHECK_CONTAINS(json, "\"format\": \"seguimiento-plan/1\"");
    CHECK_CONTAINS(json, "\"id\": \"PAE-TRATA-2007-2017\"");

    /* Round trip through JSON. */
    sg_plan *again = NULL;
    CHECK_STATUS(SG_STATUS_OK, sg_plan_from_json(u8(json), strlen(json), &again, NULL));
    char *json2 = NULL;
    CHECK_STATUS(SG_STATUS_OK, sg_plan_to_json(again, &json2, NULL));
    CHECK_STREQ(json, json2);
    sg_string_free(json2);
    sg_plan_free(again);

    /* Bad plans. */
    sg_plan *out = (sg_plan *)0x1;
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_plan_from_json(NULL, 10, &out, NULL));
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_plan_from_json(u8(json), strlen(json), NULL, NULL));
    CHECK_STATUS(SG_STATUS_INVALID_UTF8, sg_plan_from_json(u8("{\"id\": \"\xff\"}"), 11, &out, NULL));
    CHECK_CONTAINS(last_message(), "UTF-8");
    CHECK_STATUS(SG_STATUS_SYNTAX, sg_plan_from_json(u8("[1, 2"), 5, &out, NULL));
    CHECK_STATUS(SG_STATUS_SYNTAX, sg_plan_from_json(u8(""), 0, &out, NULL));
    CHECK_STATUS(SG_STATUS_SYNTAX, sg_plan_from_json(u8("{\"format\": 1}"), 13, &out, NULL));
    /* Interior NUL in a document: an error, not a crash. */
    CHECK_STATUS(SG_STATUS_SYNTAX, sg_plan_from_json(u8("{\0}"), 3, &out, NULL));
    char *broken = malloc(strlen(json) + 1);
    memcpy(broken, json, strlen(json) + 1);
    CHECK(replace_first(broken, "\"coordinator\": \"MRE\"", "\"coordinator\": \"ZZZ\""));
    CHECK_STATUS(SG_STATUS_PLAN_INVALID, sg_plan_from_json(u8(broken), strlen(broken), &out, NULL));
    CHECK_CONTAINS(last_message(), "ZZZ");
    free(broken);
    /* More than 64 MiB. */
    size_t huge_len = 64u * 1024u * 1024u + 1u;
    char *huge = malloc(huge_len);
    memset(huge, ' ', huge_len);
    CHECK_STATUS(SG_STATUS_TOO_LARGE, sg_plan_from_json(u8(huge), huge_len, &out, NULL));
    free(huge);
    CHECK(out == (sg_plan *)0x1);

    /* Node texts. */
    char *text = NULL;
    CHECK_STATUS(SG_STATUS_OK, sg_plan_node_text(plan, "E1", &text, NULL));
    CHECK(text != NULL && strlen(text) > 0);
    sg_string_free(text);
    CHECK_STATUS(SG_STATUS_OK, sg_plan_node_text(plan, "E1.L1.M1.A1.P1", &text, NULL));
    CHECK_CONTAINS(text, "20");
    sg_string_free(text);
    text = (char *)0x1;
    CHECK_STATUS(SG_STATUS_UNKNOWN_ID, sg_plan_node_text(plan, "E9", &text, NULL));
    CHECK_CONTAINS(last_message(), "E9");
    CHECK_STATUS(SG_STATUS_INVALID_UTF8, sg_plan_node_text(plan, "E\xc3", &text, NULL));
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_plan_node_text(NULL, "E1", &text, NULL));
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_plan_node_text(plan, NULL, &text, NULL));
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_plan_node_text(plan, "E1", NULL, NULL));
    CHECK(text == (char *)0x1);
    /* The plan's own id gives its title. */
    text = NULL;
    CHECK_STATUS(SG_STATUS_OK, sg_plan_node_text(plan, "PAE-TRATA-2007-2017", &text, NULL));
    CHECK_CONTAINS(text, "Trata de Personas");
    sg_string_free(text);

    /* Node levels, the plan's and a plazo's included. */
    static const struct {
        const char *id;
        sg_level level;
    } levels[] = {
        {"PAE-TRATA-2007-2017", SG_LEVEL_PLAN}, {"E1", SG_LEVEL_AXIS},
        {"E1.L1", SG_LEVEL_LINE},               {"E1.L1.M1", SG_LEVEL_GOAL},
        {"E1.L1.M1.A1", SG_LEVEL_ACTION},       {"E1.L1.M1.A1.I1", SG_LEVEL_INDICATOR},
        {"E1.L1.M1.A1.P1", SG_LEVEL_PLAZO},
    };
    for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++) {
        sg_level level = (sg_level)99;
        CHECK_STATUS(SG_STATUS_OK, sg_plan_node_level(plan, levels[i].id, &level, NULL));
        CHECK(level == levels[i].level);
    }
    sg_level level = (sg_level)99;
    CHECK_STATUS(SG_STATUS_UNKNOWN_ID, sg_plan_node_level(plan, "E1.L1.M1.A1.P9", &level, NULL));
    CHECK_CONTAINS(last_message(), "E1.L1.M1.A1.P9");
    CHECK_STATUS(SG_STATUS_UNKNOWN_ID, sg_plan_node_level(plan, "pae-trata-2007-2017", &level, NULL));
    CHECK_STATUS(SG_STATUS_INVALID_UTF8, sg_plan_node_level(plan, "E\xc3", &level, NULL));
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_plan_node_level(NULL, "E1", &level, NULL));
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_plan_node_level(plan, NULL, &level, NULL));
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_plan_node_level(plan, "E1", NULL, NULL));
    CHECK(level == (sg_level)99);

    sg_string_free(json);
    sg_plan_free(plan);
    sg_plan_free(NULL);
    sg_string_free(NULL);
}

/* ----------------------------------------------------------------- ledgers */

static const char *GOOD_AND_BAD =
    "{\"targets\": [{\"indicator\": \"E1.L1.M2.A2.I3\", \"period\": \"2008\", \"value\": \"10\"}],\n"
    " \"observations\": [\n"
    "  {\"indicator\": \"E1.L1.M2.A2.I3\", \"period\": \"2008\", \"entity\": \"GIT\", \"value\": \"8\"},\n"
    "  {\"indicator\": \"E1.L1.M2.A2.I3\", \"period\": \"2008\", \"entity\": \"GIT\", \"value\": \"-3\"},\n"
    "  {\"indicator\": \"E9.L9\", \"period\": \"2008\", \"entity\": \"GIT\", \"value\": \"1\"}]}";

static const char *CSV_GOOD_AND_BAD =
    "indicator,period,entity,value\n"
    "E1.L1.M2.A2.I3,2009,GIT,4\n"
    "E1.L1.M2.A2.I3,2009-13,GIT,4\n";

/* Two rows of one key in one batch: duplicates (SPEC section 2, revision 2). */
static const char *DUPLICATES =
    "{\"observations\": [\n"
    "  {\"indicator\": \"E1.L1.M2.A2.I3\", \"period\": \"2008\", \"entity\": \"GIT\", \"value\": \"8\"},\n"
    "  {\"indicator\": \"E1.L1.M2.A2.I3\", \"period\": \"2008\", \"entity\": \"GIT\", \"value\": \"5\"}]}";

static void test_duplicates(sg_plan *plan) {
    sg_ledger *ledger = NULL;
    CHECK_STATUS(SG_STATUS_OK, sg_ledger_new(plan, &ledger, NULL));
    size_t len = strlen(DUPLICATES), accepted = 99, count = 99;
    char *report = NULL;
    /* Rejected by default, each naming the other. */
    CHECK_STATUS(SG_STATUS_OK,
                 sg_ledger_ingest_json(ledger, u8(DUPLICATES), len, SG_MODE_LENIENT, &accepted, &report, NULL));
    CHECK(accepted == 0);
    CHECK_CONTAINS(report, "\"merged\":0");
    CHECK_CONTAINS(report, "\"index\":0,\"field\":\"\",\"code\":\"duplicate_key\"");
    CHECK_CONTAINS(report, "as observations[1]");
    CHECK_CONTAINS(report, "as observations[0]");
    sg_string_free(report);
    /* Added up on request: one record of 13. */
    report = NULL;
    CHECK_STATUS(SG_STATUS_OK, sg_ledger_ingest_json(ledger, u8(DUPLICATES), len,
                                                     SG_MODE_STRICT | SG_INGEST_SUM_DUPLICATES, &accepted,
                                                     &report, NULL));
    CHECK(accepted == 1);
    CHECK_CONTAINS(report, "\"accepted\":1,\"merged\":1,\"rejections\":[]");
    sg_string_free(report);
    CHECK_STATUS(SG_STATUS_OK, sg_ledger_record_count(ledger, &count, NULL));
    CHECK(count == 1);
    char *json = NULL;
    CHECK_STATUS(SG_STATUS_OK, sg_ledger_to_json(ledger, &json, NULL));
    CHECK_CONTAINS(json, "\"value\": \"13\"");
    sg_string_free(json);
    /* An unknown flag beside the mode is refused. */
    CHECK_STATUS(SG_STATUS_INVALID_ARGUMENT,
                 sg_ledger_ingest_json(ledger, u8(DUPLICATES), len, SG_MODE_LENIENT | 0x200, &accepted, &report,
                                       NULL));
    CHECK_CONTAINS(last_message(), "SG_INGEST_SUM_DUPLICATES");
    sg_ledger_free(ledger);
}

static void test_ledgers(sg_plan *plan) {
    sg_ledger *ledger = NULL;
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_ledger_new(NULL, &ledger, NULL));
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_ledger_new(plan, NULL, NULL));
    CHECK_STATUS(SG_STATUS_OK, sg_ledger_new(plan, &ledger, NULL));
    size_t count = 99;
    CHECK_STATUS(SG_STATUS_OK, sg_ledger_record_count(ledger, &count, NULL));
    CHECK(count == 0);
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_ledger_record_count(NULL, &count, NULL));
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_ledger_record_count(ledger, NULL, NULL));

    size_t accepted = 777;
    char *report = (char *)0x1;
    size_t len = strlen(GOOD_AND_BAD);

    /* Bad arguments: nothing written. */
    CHECK_STATUS(SG_STATUS_NULL_POINTER,
                 sg_ledger_ingest_json(NULL, u8(GOOD_AND_BAD), len, SG_MODE_LENIENT, &accepted, &report, NULL));
    CHECK_STATUS(SG_STATUS_NULL_POINTER,
                 sg_ledger_ingest_json(ledger, NULL, len, SG_MODE_LENIENT, &accepted, &report, NULL));
    CHECK_STATUS(SG_STATUS_INVALID_ARGUMENT,
                 sg_ledger_ingest_json(ledger, u8(GOOD_AND_BAD), len, 7, &accepted, &report, NULL));
    CHECK_CONTAINS(last_message(), "SG_MODE_STRICT");
    CHECK_STATUS(SG_STATUS_INVALID_UTF8,
                 sg_ledger_ingest_json(ledger, u8("{\"targets\": [\"\xe9\"]}"), 19, SG_MODE_LENIENT,
                                       &accepted, &report, NULL));
    CHECK_STATUS(SG_STATUS_SYNTAX,
                 sg_ledger_ingest_json(ledger, u8("{\"targets\": ["), 13, SG_MODE_LENIENT, &accepted,
                                       &report, NULL));
    CHECK_CONTAINS(last_message(), "line 1");
    CHECK_STATUS(SG_STATUS_SYNTAX,
                 sg_ledger_ingest_json(ledger, u8("{\"sightings\": []}"), 17, SG_MODE_STRICT,
                                       &accepted, &report, NULL));
    CHECK_CONTAINS(last_message(), "sightings");
    CHECK_STATUS(SG_STATUS_SYNTAX,
                 sg_ledger_ingest_json(ledger, u8("{\0}"), 3, SG_MODE_STRICT, &accepted, &report, NULL));
    CHECK(accepted == 777 && report == (char *)0x1);

    /* Strict: the whole batch is refused, and the report lists every rejection. */
    CHECK_STATUS(SG_STATUS_REJECTED,
                 sg_ledger_ingest_json(ledger, u8(GOOD_AND_BAD), len, SG_MODE_STRICT, &accepted, &report, NULL));
    CHECK(accepted == 0);
    CHECK(report != (char *)0x1 && report != NULL);
    CHECK_CONTAINS(report, "\"accepted\":0");
    CHECK_CONTAINS(report, "\"index\":1");
    CHECK_CONTAINS(report, "\"field\":\"value\"");
    CHECK_CONTAINS(report, "\"index\":2");
    CHECK_CONTAINS(report, "\"field\":\"indicator\"");
    /* The message names the record and the field. */
    CHECK_CONTAINS(last_message(), "observations[1].value");
    sg_string_free(report);
    CHECK_STATUS(SG_STATUS_OK, sg_ledger_record_count(ledger, &count, NULL));
    CHECK(count == 0);
    /* Strict with no out-params wanted. */
    CHECK_STATUS(SG_STATUS_REJECTED,
                 sg_ledger_ingest_json(ledger, u8(GOOD_AND_BAD), len, SG_MODE_STRICT, NULL, NULL, NULL));

    /* Lenient: the valid records go in. */
    report = NULL;
    CHECK_STATUS(SG_STATUS_OK,
                 sg_ledger_ingest_json(ledger, u8(GOOD_AND_BAD), len, SG_MODE_LENIENT, &accepted, &report, NULL));
    CHECK(accepted == 2);
    CHECK_CONTAINS(report, "\"accepted\":2");
    CHECK_CONTAINS(report, "\"kind\":\"observation\",\"index\":1,\"field\":\"value\"");
    sg_string_free(report);
    CHECK_STATUS(SG_STATUS_OK, sg_ledger_record_count(ledger, &count, NULL));
    CHECK(count == 2);
    /* A valid strict batch, out-params optional. */
    const char *one =
        "{\"observations\": [{\"indicator\": \"E1.L1.M2.A2.I3\", \"period\": \"2008\","
        " \"entity\": \"GIT\", \"value\": \"9\", \"recorded_on\": \"2009-02-01\"}]}";
    CHECK_STATUS(SG_STATUS_OK,
                 sg_ledger_ingest_json(ledger, u8(one), strlen(one), SG_MODE_STRICT, NULL, NULL, NULL));
    /* Interior NUL inside a JSON string: a rejection with a readable reason. */
    const char *nul = "{\"observations\": [{\"indicator\": \"X\\u0000Y\", \"period\": \"2008\","
                      " \"entity\": \"GIT\", \"value\": \"1\"}]}";
    report = NULL;
    CHECK_STATUS(SG_STATUS_OK,
                 sg_ledger_ingest_json(ledger, u8(nul), strlen(nul), SG_MODE_LENIENT, &accepted, &report, NULL));
    CHECK(accepted == 0);
    CHECK_CONTAINS(report, "unknown indicator");
    sg_string_free(report);

    /* CSV. */
    size_t csv_len = strlen(CSV_GOOD_AND_BAD);
    CHECK_STATUS(SG_STATUS_NULL_POINTER,
                 sg_ledger_ingest_csv(NULL, u8(CSV_GOOD_AND_BAD), csv_len, SG_MODE_STRICT, NULL, NULL, NULL));
    CHECK_STATUS(SG_STATUS_NULL_POINTER,
                 sg_ledger_ingest_csv(ledger, NULL, csv_len, SG_MODE_STRICT, NULL, NULL, NULL));
    CHECK_STATUS(SG_STATUS_INVALID_ARGUMENT,
                 sg_ledger_ingest_csv(ledger, u8(CSV_GOOD_AND_BAD), csv_len, 2, NULL, NULL, NULL));
    CHECK_STATUS(SG_STATUS_SYNTAX,
                 sg_ledger_ingest_csv(ledger, u8("indicator,period\nx,y\n"), 21, SG_MODE_STRICT, NULL, NULL, NULL));
    CHECK_CONTAINS(last_message(), "entity");
    accepted = 777;
    report = NULL;
    CHECK_STATUS(SG_STATUS_REJECTED,
                 sg_ledger_ingest_csv(ledger, u8(CSV_GOOD_AND_BAD), csv_len, SG_MODE_STRICT, &accepted, &report, NULL));
    CHECK(accepted == 0);
    CHECK_CONTAINS(report, "\"index\":1,\"field\":\"period\"");
    sg_string_free(report);
    report = NULL;
    CHECK_STATUS(SG_STATUS_OK,
                 sg_ledger_ingest_csv(ledger, u8(CSV_GOOD_AND_BAD), csv_len, SG_MODE_LENIENT, &accepted, &report, NULL));
    CHECK(accepted == 1);
    CHECK_CONTAINS(report, "\"accepted\":1");
    sg_string_free(report);
    /* Rejection indexes count data records, not lines: blank lines are not
       counted, and a quoted field's line break does not start a record. */
    const char *csv_records =
        "indicator,period,entity,value\n"
        "\n"
        "E1.L1.M2.A2.I3,2011,GIT,4\n"
        "\n"
        "E1.L1.M2.A2.I3,2011,\"GIT\nMRE\",4\n"
        "E1.L1.M2.A2.I3,2011-13,GIT,4\n";
    sg_ledger *records = NULL;
    CHECK_STATUS(SG_STATUS_OK, sg_ledger_new(plan, &records, NULL));
    report = NULL;
    CHECK_STATUS(SG_STATUS_OK, sg_ledger_ingest_csv(records, u8(csv_records), strlen(csv_records),
                                                    SG_MODE_LENIENT, &accepted, &report, NULL));
    CHECK(accepted == 1);
    CHECK_CONTAINS(report, "\"index\":1,\"field\":\"entity\"");
    CHECK_CONTAINS(report, "\"index\":2,\"field\":\"period\"");
    sg_string_free(report);
    sg_ledger_free(records);
    /* A CSV row that is not UTF-8 is that row's rejection. */
    const char *bad_utf8 = "indicator,period,entity,value\nE1.L1.M2.A2.I3,2010,GIT,\xff\n";
    report = NULL;
    CHECK_STATUS(SG_STATUS_OK, sg_ledger_ingest_csv(ledger, u8(bad_utf8), strlen(bad_utf8),
                                                    SG_MODE_LENIENT, &accepted, &report, NULL));
    CHECK(accepted == 0);
    CHECK_CONTAINS(report, "UTF-8");
    sg_string_free(report);
    CHECK_STATUS(SG_STATUS_REJECTED, sg_ledger_ingest_csv(ledger, u8(bad_utf8), strlen(bad_utf8),
                                                          SG_MODE_STRICT, NULL, NULL, NULL));
    CHECK_CONTAINS(last_message(), "UTF-8");

    CHECK_STATUS(SG_STATUS_OK, sg_ledger_record_count(ledger, &count, NULL));
    CHECK(count == 4);

    /* Export, and the export ingests back into the same ledger. */
    char *exported = NULL;
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_ledger_to_json(NULL, &exported, NULL));
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_ledger_to_json(ledger, NULL, NULL));
    CHECK_STATUS(SG_STATUS_OK, sg_ledger_to_json(ledger, &exported, NULL));
    CHECK_CONTAINS(exported, "\"recorded_on\": \"2009-02-01\"");
    sg_ledger *copy = NULL;
    CHECK_STATUS(SG_STATUS_OK, sg_ledger_new(plan, &copy, NULL));
    CHECK_STATUS(SG_STATUS_OK, sg_ledger_ingest_json(copy, u8(exported), strlen(exported),
                                                     SG_MODE_STRICT, &accepted, NULL, NULL));
    CHECK(accepted == 4);
    char *exported2 = NULL;
    CHECK_STATUS(SG_STATUS_OK, sg_ledger_to_json(copy, &exported2, NULL));
    CHECK_STREQ(exported, exported2);
    sg_string_free(exported);
    sg_string_free(exported2);

    /* A ledger keeps its plan alive: the plan may be freed first. */
    sg_plan *own_plan = NULL;
    sg_ledger *orphan = NULL;
    CHECK_STATUS(SG_STATUS_OK, sg_plan_embedded(&own_plan, NULL));
    CHECK_STATUS(SG_STATUS_OK, sg_ledger_new(own_plan, &orphan, NULL));
    sg_plan_free(own_plan);
    CHECK_STATUS(SG_STATUS_OK, sg_ledger_ingest_json(orphan, u8(one), strlen(one), SG_MODE_STRICT,
                                                     &accepted, NULL, NULL));
    CHECK_STATUS(SG_STATUS_OK, sg_ledger_to_json(orphan, &exported, NULL));
    CHECK_CONTAINS(exported, "E1.L1.M2.A2.I3");
    sg_string_free(exported);
    /* ... and it evaluates with an identical plan. */
    sg_plan *same = NULL;
    sg_scorecard *card = NULL;
    CHECK_STATUS(SG_STATUS_OK, sg_plan_embedded(&same, NULL));
    CHECK_STATUS(SG_STATUS_OK, sg_evaluate(same, orphan, "2009-12-31", NULL, &card, NULL));
    sg_scorecard_free(card);
    sg_plan_free(same);
    sg_ledger_free(orphan);

    sg_ledger_free(copy);
    sg_ledger_free(ledger);
    sg_ledger_free(NULL);
}

/* ------------------------------------------------------------- evaluation */

static void test_evaluate_errors(sg_plan *plan, sg_ledger *ledger) {
    sg_scorecard *card = (sg_scorecard *)0x1;
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_evaluate(NULL, ledger, "2010-12-31", NULL, &card, NULL));
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_evaluate(plan, NULL, "2010-12-31", NULL, &card, NULL));
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_evaluate(plan, ledger, NULL, NULL, &card, NULL));
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_evaluate(plan, ledger, "2010-12-31", NULL, NULL, NULL));
    CHECK_CONTAINS(last_message(), "scorecard_out");

    /* Exactly YYYY-MM-DD: no spaces or line break around it either. */
    static const char *bad_dates[] = {"2010-13-01",   "2010-02-30",   "2010-1-01",
                                      "31/12/2010",   "",             "2010-12-31T00:00",
                                      "yesterday",    " 2010-12-31 ", "2010-12-31\n",
                                      " 2010-12-31",  "2010-12-31 ",  "\t2010-12-31",
                                      "2010-12-31\r\n"};
    for (size_t i = 0; i < sizeof bad_dates / sizeof bad_dates[0]; i++) {
        CHECK_STATUS(SG_STATUS_INVALID_DATE, sg_evaluate(plan, ledger, bad_dates[i], NULL, &card, NULL));
    }
    CHECK_STATUS(SG_STATUS_INVALID_DATE, sg_evaluate(plan, ledger, "2010-13-01", NULL, &card, NULL));
    CHECK_CONTAINS(last_message(), "2010-13-01");
    CHECK_STATUS(SG_STATUS_INVALID_DATE, sg_evaluate(plan, ledger, "2010-12-31\n", NULL, &card, NULL));
    CHECK_CONTAINS(last_message(), "argument `as_of`");
    CHECK_CONTAINS(last_message(), "line break");
    CHECK_STATUS(SG_STATUS_INVALID_UTF8, sg_evaluate(plan, ledger, "2010-12-3\xb1", NULL, &card, NULL));
    /* A date more than 10 years from the plan's horizon (2007-2017). */
    CHECK_STATUS(SG_STATUS_INVALID_DATE, sg_evaluate(plan, ledger, "9999-12-31", NULL, &card, NULL));
    CHECK_CONTAINS(last_message(), "1997 to 2027");
    /* A weight for a node the plan lacks. */
    CHECK_STATUS(SG_STATUS_CONFIG_INVALID,
                 sg_evaluate(plan, ledger, "2010-12-31", "{\"weights\": {\"E9\": \"2\"}}", &card, NULL));
    CHECK_CONTAINS(last_message(), "weights.E9");

    CHECK_STATUS(SG_STATUS_CONFIG_INVALID, sg_evaluate(plan, ledger, "2010-12-31", "{", &card, NULL));
    CHECK_STATUS(SG_STATUS_CONFIG_INVALID,
                 sg_evaluate(plan, ledger, "2010-12-31", "{\"late_credit\": \"2\"}", &card, NULL));
    CHECK_CONTAINS(last_message(), "late_credit");
    CHECK_STATUS(SG_STATUS_CONFIG_INVALID,
                 sg_evaluate(plan, ledger, "2010-12-31", "{\"grace\": 3}", &card, NULL));
    CHECK_STATUS(SG_STATUS_CONFIG_INVALID,
                 sg_evaluate(plan, ledger, "2010-12-31", "[]", &card, NULL));
    CHECK_STATUS(SG_STATUS_INVALID_UTF8,
                 sg_evaluate(plan, ledger, "2010-12-31", "{\"weights\": {\"\xff\": 1}}", &card, NULL));

    /* A ledger built for another plan. */
    char *json = NULL;
    CHECK_STATUS(SG_STATUS_OK, sg_plan_to_json(plan, &json, NULL));
    CHECK(replace_first(json, "\"id\": \"PAE-TRATA-2007-2017\"", "\"id\": \"PAE-TRATA-2007-2099\""));
    sg_plan *other = NULL;
    CHECK_STATUS(SG_STATUS_OK, sg_plan_from_json(u8(json), strlen(json), &other, NULL));
    CHECK_STATUS(SG_STATUS_PLAN_MISMATCH, sg_evaluate(other, ledger, "2010-12-31", NULL, &card, NULL));
    CHECK_CONTAINS(last_message(), "PAE-TRATA-2007-2099");
    sg_plan_free(other);
    sg_string_free(json);
    CHECK(card == (sg_scorecard *)0x1);

    /* A valid configuration. */
    CHECK_STATUS(SG_STATUS_OK,
                 sg_evaluate(plan, ledger, "2010-12-31", "{\"late_credit\": \"0.25\", \"grace_days\": 15}", &card, NULL));
    sg_scorecard_free(card);
    sg_scorecard_free(NULL);
}

/* The score string of the first node in the scorecard JSON ("0.734512" or null). */
static void first_score(const char *json, char *out, size_t out_len) {
    const char *at = strstr(json, "\"score\": ");
    out[0] = '\0';
    if (at == NULL) {
        return;
    }
    at += strlen("\"score\": ");
    size_t n = 0;
    while (at[n] != ',' && at[n] != '\n' && n + 1 < out_len) {
        n++;
    }
    memcpy(out, at, n);
    out[n] = '\0';
}

/* `json` equals the golden file `name` of SEEDS_DIR (written by the Rust
 * core) byte for byte; on a difference, says where. */
static void check_golden(const char *json, const char *name) {
    char *golden_path = seed_path(name);
    size_t golden_len = 0;
    char *golden = read_file(golden_path, &golden_len);
    if (golden == NULL) {
        fprintf(stderr, "FAIL: cannot read the golden scorecard %s\n", golden_path);
        checks_run++;
        checks_failed++;
    } else {
        checks_run++;
        if (strlen(json) != golden_len || memcmp(json, golden, golden_len) != 0) {
            checks_failed++;
            size_t i = 0;
            while (i < golden_len && json[i] == golden[i]) {
                i++;
            }
            fprintf(stderr,
                    "FAIL: the scorecard JSON from C differs from %s (%zu vs %zu bytes), "
                    "first at byte %zu:\n  C:      %.80s\n  golden: %.80s\n",
                    golden_path, strlen(json), golden_len, i, json + i, golden + i);
        }
        free(golden);
    }
    free(golden_path);
}

/* SPEC rev. 2 §3: the knowledge date is the config JSON's `known_on`; the
 * year 2008 as known a quarter later is the Rust core's golden file. */
static void test_known_on(sg_plan *plan, sg_ledger *ledger) {
    sg_scorecard *card = NULL;
    CHECK_STATUS(SG_STATUS_OK, sg_evaluate(plan, ledger, "2008-12-31", "{\"known_on\": \"2009-03-31\"}",
                                           &card, NULL));
    char *json = NULL;
    CHECK_STATUS(SG_STATUS_OK, sg_scorecard_to_json(card, &json, NULL));
    check_golden(json, "expected/scorecard-demo-2008-12-31-known-2009-03-31.json");
    CHECK_CONTAINS(json, "\"known_on\": \"2009-03-31\"");
    sg_string_free(json);
    sg_scorecard_free(card);

    /* Not a date: refused, naming the field. */
    sg_error *err = NULL;
    card = NULL;
    CHECK_STATUS(SG_STATUS_CONFIG_INVALID,
                 sg_evaluate(plan, ledger, "2008-12-31", "{\"known_on\": \"2009-02-30\"}", &card, &err));
    CHECK(card == NULL);
    CHECK_CONTAINS(sg_error_message(err), "known_on");
    sg_error_free(err);
}

/* Many dates at once: the scorecards of sg_evaluate date by date, each the
 * caller's to free; on failure the caller's array is left as it was. */
static void test_evaluate_many(sg_plan *plan, sg_ledger *ledger) {
    const char *dates[] = {"2010-12-31", "2008-12-31", "2017-12-31"};
    sg_scorecard *cards[3] = {NULL, NULL, NULL};
    CHECK_NO_ERROR_OUT(sg_evaluate_many(plan, ledger, dates, 3, NULL, cards, &err));
    for (size_t i = 0; i < 3; i++) {
        sg_scorecard *one = NULL;
        CHECK_STATUS(SG_STATUS_OK, sg_evaluate(plan, ledger, dates[i], NULL, &one, NULL));
        char *many_json = NULL, *one_json = NULL;
        CHECK_STATUS(SG_STATUS_OK, sg_scorecard_to_json(cards[i], &many_json, NULL));
        CHECK_STATUS(SG_STATUS_OK, sg_scorecard_to_json(one, &one_json, NULL));
        CHECK_STREQ(many_json, one_json);
        sg_string_free(many_json);
        sg_string_free(one_json);
        sg_scorecard_free(one);
    }
    char *json = NULL;
    CHECK_STATUS(SG_STATUS_OK, sg_scorecard_to_json(cards[0], &json, NULL));
    check_golden(json, "expected/scorecard-demo-2010-12-31.json");
    sg_string_free(json);
    for (size_t i = 0; i < 3; i++) {
        sg_scorecard_free(cards[i]);
        cards[i] = NULL;
    }

    /* A shared knowledge date from the config. */
    CHECK_STATUS(SG_STATUS_OK, sg_evaluate_many(plan, ledger, dates + 1, 1,
                                                "{\"known_on\": \"2009-03-31\"}", cards, NULL));
    CHECK_STATUS(SG_STATUS_OK, sg_scorecard_to_json(cards[0], &json, NULL));
    check_golden(json, "expected/scorecard-demo-2008-12-31-known-2009-03-31.json");
    sg_string_free(json);
    sg_scorecard_free(cards[0]);
    cards[0] = NULL;

    /* No dates: nothing written. */
    CHECK_STATUS(SG_STATUS_OK, sg_evaluate_many(plan, ledger, dates, 0, NULL, cards, NULL));
    CHECK(cards[0] == NULL);

    /* A bad date names its index; the array is untouched. */
    const char *bad[] = {"2010-12-31", "2010-02-30"};
    CHECK_ERROR_OUT(SG_STATUS_INVALID_DATE, sg_evaluate_many(plan, ledger, bad, 2, NULL, cards, &err));
    sg_error *err = NULL;
    CHECK_STATUS(SG_STATUS_INVALID_DATE, sg_evaluate_many(plan, ledger, bad, 2, NULL, cards, &err));
    CHECK_CONTAINS(sg_error_message(err), "dates[1]");
    sg_error_free(err);
    CHECK(cards[0] == NULL && cards[1] == NULL);
    const char *missing[] = {"2010-12-31", NULL};
    CHECK_STATUS(SG_STATUS_NULL_POINTER,
                 sg_evaluate_many(plan, ledger, missing, 2, NULL, cards, NULL));
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_evaluate_many(plan, ledger, NULL, 1, NULL, cards, NULL));
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_evaluate_many(plan, ledger, dates, 1, NULL, NULL, NULL));
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_evaluate_many(NULL, ledger, dates, 1, NULL, cards, NULL));
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_evaluate_many(plan, NULL, dates, 1, NULL, cards, NULL));
    CHECK_STATUS(SG_STATUS_TOO_LARGE,
                 sg_evaluate_many(plan, ledger, dates, SIZE_MAX, NULL, cards, NULL));
    CHECK_STATUS(SG_STATUS_CONFIG_INVALID,
                 sg_evaluate_many(plan, ledger, dates, 1, "{\"known_on\": 2009}", cards, NULL));
    CHECK(cards[0] == NULL);
}

/* The JSON of a full evaluation of `ledger` as of `as_of` (to free). */
static char *full_json(sg_plan *plan, sg_ledger *ledger, const char *as_of, const char *config) {
    sg_scorecard *card = NULL;
    char *json = NULL;
    CHECK_STATUS(SG_STATUS_OK, sg_evaluate(plan, ledger, as_of, config, &card, NULL));
    CHECK_STATUS(SG_STATUS_OK, sg_scorecard_to_json(card, &json, NULL));
    sg_scorecard_free(card);
    return json;
}

/* The JSON of an evaluation's scorecard as it stands (to free). */
static char *kept_json(sg_evaluation *evaluation) {
    sg_scorecard *card = NULL;
    char *json = NULL;
    CHECK_NO_ERROR_OUT(sg_evaluation_scorecard(evaluation, &card, &err));
    CHECK_STATUS(SG_STATUS_OK, sg_scorecard_to_json(card, &json, NULL));
    sg_scorecard_free(card);
    return json;
}

/* ----------------------------------------------------------- public release */

/* The column of `name` in a CSV header line, or -1. */
static int csv_column(const char *header, const char *name) {
    int column = 0;
    size_t len = strlen(name);
    for (const char *p = header; *p != '\0' && *p != '\n'; column++) {
        const char *end = strpbrk(p, ",\n");
        size_t field = end ? (size_t)(end - p) : strlen(p);
        if (field == len && strncmp(p, name, len) == 0) return column;
        if (!end || *end == '\n') break;
        p = end + 1;
    }
    return -1;
}

/* Field `column` of a CSV line without quotes, copied into `out`. */
static void csv_field(const char *line, int column, char *out, size_t out_len) {
    const char *p = line;
    for (int i = 0; i < column && p; i++) {
        p = strchr(p, ',');
        if (p) p++;
    }
    size_t n = 0;
    while (p && p[n] != '\0' && p[n] != ',' && p[n] != '\n' && n + 1 < out_len) n++;
    if (p) memcpy(out, p, n);
    out[n] = '\0';
}

/* The public release of the demo ledger's scorecard: small counts never
   shown, SDMX's confidential rows with an empty OBS_VALUE, the audit beside
   them; a release the audit refuses and bad arguments told apart. */
static void test_public_view(sg_plan *plan, sg_ledger *ledger) {
    sg_scorecard *card = NULL;
    CHECK_STATUS(SG_STATUS_OK, sg_evaluate(plan, ledger, "2010-12-31", NULL, &card, NULL));
    sg_public_view *view = NULL;
    CHECK_NO_ERROR_OUT(sg_public_view_new(plan, ledger, card,
                                          "{\"release\": \"2010-annual\", \"k\": 11}", &view, &err));

    char *json = NULL;
    CHECK_NO_ERROR_OUT(sg_public_view_write(view, SG_PUBLIC_FORMAT_JSON, &json, &err));
    CHECK_CONTAINS(json, "\"release\": \"2010-annual\"");
    CHECK_CONTAINS(json, "\"confidential\"");
    CHECK_CONTAINS(json, "\"audit\": {");
    sg_string_free(json);

    char *audit = NULL;
    CHECK_STATUS(SG_STATUS_OK, sg_public_view_write(view, SG_PUBLIC_FORMAT_AUDIT_JSON, &audit, NULL));
    CHECK_CONTAINS(audit, "\"primary\": ");
    CHECK_CONTAINS(audit, "\"narrowest\": ");
    sg_string_free(audit);

    char *csv = NULL;
    CHECK_STATUS(SG_STATUS_OK, sg_public_view_write(view, SG_PUBLIC_FORMAT_CSV, &csv, NULL));
    CHECK(strncmp(csv, "key,", 4) == 0);
    CHECK_CONTAINS(csv, ",true\n");
    sg_string_free(csv);

    /* Every SDMX row: confidential (C) with no value, or free (F). */
    char *sdmx = NULL;
    CHECK_STATUS(SG_STATUS_OK, sg_public_view_write(view, SG_PUBLIC_FORMAT_SDMX_CSV, &sdmx, NULL));
    int value_column = csv_column(sdmx, "OBS_VALUE");
    int conf_column = csv_column(sdmx, "CONF_STATUS");
    CHECK(value_column >= 0 && conf_column >= 0);
    size_t confidential = 0, free_rows = 0, bad_rows = 0;
    for (const char *line = strchr(sdmx, '\n'); line && line[1] != '\0'; line = strchr(line, '\n')) {
        line++;
        char value[64], conf[8];
        csv_field(line, value_column, value, sizeof value);
        csv_field(line, conf_column, conf, sizeof conf);
        if (strcmp(conf, "C") == 0 && value[0] == '\0') {
            confidential++;
        } else if (strcmp(conf, "F") == 0) {
            free_rows++;
        } else {
            bad_rows++;
        }
    }
    CHECK(confidential > 0 && free_rows > 0 && bad_rows == 0);
    sg_string_free(sdmx);

    /* The internal export tells primary (A) and secondary (D) apart. */
    char *internal = NULL;
    CHECK_STATUS(SG_STATUS_OK,
                 sg_public_view_write(view, SG_PUBLIC_FORMAT_INTERNAL_SDMX_CSV, &internal, NULL));
    CHECK_CONTAINS(internal, ",A,");
    CHECK_CONTAINS(internal, ",D,");
    sg_string_free(internal);

    char *text = NULL;
    CHECK_ERROR_OUT(SG_STATUS_INVALID_ARGUMENT, sg_public_view_write(view, 5, &text, &err));
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_public_view_write(NULL, SG_PUBLIC_FORMAT_JSON, &text, NULL));
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_public_view_write(view, SG_PUBLIC_FORMAT_JSON, NULL, NULL));
    CHECK(text == NULL);
    sg_public_view_free(view);
    sg_public_view_free(NULL);

    /* With k = 200 a published target bounds a count below k: refused. */
    sg_public_view *refused = NULL;
    const char *too_strict = "{\"release\": \"r\", \"k\": 200}";
    CHECK_ERROR_OUT(SG_STATUS_DISCLOSURE_REFUSED, sg_public_view_new(plan, ledger, card, too_strict, &refused, &err));
    CHECK_CONTAINS(last_message(), "public release \"r\"");
    CHECK_STATUS(SG_STATUS_DISCLOSURE_REFUSED, sg_public_view_new(plan, ledger, card, too_strict, &refused, NULL));
    CHECK(refused == NULL);
    CHECK_STATUS(SG_STATUS_CONFIG_INVALID,
                 sg_public_view_new(plan, ledger, card, "{\"k\": 11}", &refused, NULL));
    CHECK_CONTAINS(last_message(), "release");
    CHECK_STATUS(SG_STATUS_UNKNOWN_ID,
                 sg_public_view_new(plan, ledger, card,
                                    "{\"release\": \"r\", \"sensitive\": [\"E9.L9\"]}", &refused, NULL));
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_public_view_new(plan, ledger, card, NULL, &refused, NULL));
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_public_view_new(plan, ledger, NULL, "{\"release\": \"r\"}", &refused, NULL));
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_public_view_new(plan, ledger, card, "{\"release\": \"r\"}", NULL, NULL));
    CHECK(refused == NULL);
    sg_scorecard_free(card);
}

/* ---------------------------------------------------------------- documents */

/* `text` (`len` bytes) equals the file `name` of SEEDS_DIR byte for byte; on a
 * difference, says where. */
static void check_same_bytes(const char *text, size_t len, const char *name) {
    char *path = seed_path(name);
    size_t file_len = 0;
    char *file = read_file(path, &file_len);
    checks_run++;
    if (file == NULL) {
        checks_failed++;
        fprintf(stderr, "FAIL: cannot read %s\n", path);
    } else if (text == NULL || len != strlen(text) || len != file_len || memcmp(text, file, len) != 0) {
        checks_failed++;
        size_t i = 0;
        while (text != NULL && i < len && i < file_len && text[i] == file[i]) {
            i++;
        }
        fprintf(stderr, "FAIL: the document from C differs from %s (%zu vs %zu bytes), first at byte %zu\n",
                path, len, file_len, i);
    }
    free(file);
    free(path);
}

/* Writes `text` to the file `name` of the directory `dir`. */
static void write_in(const char *dir, const char *name, const char *text) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (f != NULL) {
        fputs(text, f);
        fclose(f);
    }
}

/* The annual report of 2010 and the 2009-2010 evaluation of the demo ledger,
 * in Spanish and in English, are the golden files the command writes
 * (tests/golden), byte for byte: the plan and ledger bytes fingerprinted on
 * the cover are those of seeds/plan.json and seeds/demo-ledger.json, the
 * configuration the defaults. Then the model as JSON, a ministry's
 * templates, and every failure. */
static void test_documents(sg_plan *plan, sg_ledger *ledger, const char *demo, size_t demo_len) {
    char *plan_path = seed_path("plan.json");
    size_t plan_len = 0;
    char *plan_file = read_file(plan_path, &plan_len);
    CHECK(plan_file != NULL);
    free(plan_path);
    if (plan_file == NULL) {
        return;
    }
    const uint8_t *pb = u8(plan_file), *lb = u8(demo);

    static const char *langs[] = {"es", "en"};
    static const char *annual_goldens[] = {"../tests/golden/annual-2010-es-GT.html",
                                           "../tests/golden/annual-2010-en.html"};
    static const char *evaluation_goldens[] = {"../tests/golden/evaluation-2009-2010-es-GT.html",
                                               "../tests/golden/evaluation-2009-2010-en.html"};
    for (size_t i = 0; i < 2; i++) {
        char *html = NULL;
        size_t len = 0;
        CHECK_NO_ERROR_OUT(sg_render_annual_report(plan, ledger, 2010, langs[i], SG_DOCUMENT_FORMAT_HTML,
                                                   NULL, 11, NULL, pb, plan_len, lb, demo_len, NULL,
                                                   &html, &len, &err));
        check_same_bytes(html, len, annual_goldens[i]);
        sg_string_free(html);
        html = NULL;
        len = 0;
        CHECK_NO_ERROR_OUT(sg_render_evaluation(plan, ledger, 2009, 2010, langs[i], SG_DOCUMENT_FORMAT_HTML,
                                                NULL, 11, NULL, pb, plan_len, lb, demo_len, NULL,
                                                &html, &len, &err));
        check_same_bytes(html, len, evaluation_goldens[i]);
        sg_string_free(html);
    }

    /* The model as JSON; the length is optional. Without bytes, the plan's
       and the ledger's own exports are fingerprinted: other fingerprints. */
    char *json = NULL;
    CHECK_STATUS(SG_STATUS_OK, sg_render_evaluation(plan, ledger, 2009, 2010, "en", SG_DOCUMENT_FORMAT_JSON,
                                                    "2011-03-31", 11, NULL, NULL, 0, NULL, 0, NULL,
                                                    &json, NULL, NULL));
    CHECK(json != NULL && json[0] == '{' && json[strlen(json) - 1] == '\n');
    CHECK_CONTAINS(json, "\"first_year\": 2009,");
    CHECK_CONTAINS(json, "2011-03-31");
    char *json_with_bytes = NULL;
    CHECK_STATUS(SG_STATUS_OK, sg_render_evaluation(plan, ledger, 2009, 2010, "en", SG_DOCUMENT_FORMAT_JSON,
                                                    "2011-03-31", 11, NULL, pb, plan_len, lb, demo_len,
                                                    NULL, &json_with_bytes, NULL, NULL));
    CHECK(json != NULL && json_with_bytes != NULL && strcmp(json, json_with_bytes) != 0);
    sg_string_free(json);
    sg_string_free(json_with_bytes);

    /* A ministry's templates replace the built-in ones: a template of its
       own is rendered with the model, a failing one is refused by name. */
    char dir[] = "/tmp/sg-templates-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    write_in(dir, "annual.html", "Informe {{ year }}");
    char *own = NULL;
    size_t own_len = 0;
    CHECK_STATUS(SG_STATUS_OK, sg_render_annual_report(plan, ledger, 2010, "es-GT", SG_DOCUMENT_FORMAT_HTML,
                                                       NULL, 11, NULL, NULL, 0, NULL, 0, dir,
                                                       &own, &own_len, NULL));
    CHECK_STREQ(own, "Informe 2010");
    CHECK(own_len == strlen("Informe 2010"));
    sg_string_free(own);
    write_in(dir, "annual.html", "{{ no_such_section.title }}");
    char *html = NULL;
    size_t len = 99;
    CHECK_ERROR_OUT(SG_STATUS_TEMPLATE_ERROR, sg_render_annual_report(plan, ledger, 2010, "es", SG_DOCUMENT_FORMAT_HTML,
                                                                      NULL, 11, NULL, NULL, 0, NULL, 0, dir,
                                                                      &html, &len, &err));
    CHECK_CONTAINS(last_message(), "annual.html");
    char annual_path[512];
    snprintf(annual_path, sizeof annual_path, "%s/annual.html", dir);
    remove(annual_path);
    rmdir(dir);
    /* The directory is gone now. */
    CHECK_STATUS(SG_STATUS_TEMPLATE_ERROR, sg_render_annual_report(plan, ledger, 2010, "es", SG_DOCUMENT_FORMAT_HTML,
                                                                   NULL, 11, NULL, NULL, 0, NULL, 0, dir,
                                                                   &html, &len, NULL));
    CHECK_CONTAINS(last_message(), dir);

    /* A year outside the plan (2007-2017), each document. */
    CHECK_ERROR_OUT(SG_STATUS_YEAR_OUTSIDE_PLAN, sg_render_annual_report(plan, ledger, 2030, "es", SG_DOCUMENT_FORMAT_HTML,
                                                                         NULL, 11, NULL, NULL, 0, NULL, 0, NULL,
                                                                         &html, &len, &err));
    CHECK_CONTAINS(last_message(), "2030");
    CHECK_CONTAINS(last_message(), "2007-2017");
    CHECK_ERROR_OUT(SG_STATUS_YEAR_OUTSIDE_PLAN, sg_render_evaluation(plan, ledger, 2005, 2006, "es", SG_DOCUMENT_FORMAT_HTML,
                                                                      NULL, 11, NULL, NULL, 0, NULL, 0, NULL,
                                                                      &html, &len, &err));
    CHECK_STATUS(SG_STATUS_YEAR_OUTSIDE_PLAN, sg_render_evaluation(plan, ledger, 2017, 2018, "es", SG_DOCUMENT_FORMAT_HTML,
                                                                   NULL, 11, NULL, NULL, 0, NULL, 0, NULL,
                                                                   &html, &len, NULL));
    /* Neither two consecutive years nor the plan's whole period. */
    CHECK_STATUS(SG_STATUS_INVALID_ARGUMENT, sg_render_evaluation(plan, ledger, 2008, 2010, "es", SG_DOCUMENT_FORMAT_HTML,
                                                                  NULL, 11, NULL, NULL, 0, NULL, 0, NULL,
                                                                  &html, &len, NULL));
    CHECK_CONTAINS(last_message(), "2008-2010");
    /* A language, a format, a k the documents do not have. */
    CHECK_ERROR_OUT(SG_STATUS_INVALID_ARGUMENT, sg_render_evaluation(plan, ledger, 2009, 2010, "fr", SG_DOCUMENT_FORMAT_HTML,
                                                                     NULL, 11, NULL, NULL, 0, NULL, 0, NULL,
                                                                     &html, &len, &err));
    CHECK_CONTAINS(last_message(), "argument `lang`");
    CHECK_CONTAINS(last_message(), "\"fr\"");
    CHECK_STATUS(SG_STATUS_INVALID_ARGUMENT, sg_render_annual_report(plan, ledger, 2010, "es-ES", SG_DOCUMENT_FORMAT_HTML,
                                                                     NULL, 11, NULL, NULL, 0, NULL, 0, NULL,
                                                                     &html, &len, NULL));
    CHECK_STATUS(SG_STATUS_INVALID_ARGUMENT, sg_render_annual_report(plan, ledger, 2010, "es", 2,
                                                                     NULL, 11, NULL, NULL, 0, NULL, 0, NULL,
                                                                     &html, &len, NULL));
    CHECK_CONTAINS(last_message(), "argument `format`");
    CHECK_STATUS(SG_STATUS_INVALID_ARGUMENT, sg_render_annual_report(plan, ledger, 2010, "es", SG_DOCUMENT_FORMAT_HTML,
                                                                     NULL, 1, NULL, NULL, 0, NULL, 0, NULL,
                                                                     &html, &len, NULL));
    CHECK_CONTAINS(last_message(), "argument `k`");
    CHECK_STATUS(SG_STATUS_INVALID_UTF8, sg_render_annual_report(plan, ledger, 2010, "e\xff", SG_DOCUMENT_FORMAT_HTML,
                                                                 NULL, 11, NULL, NULL, 0, NULL, 0, NULL,
                                                                 &html, &len, NULL));
    /* A knowledge date and a configuration, each checked. */
    CHECK_STATUS(SG_STATUS_INVALID_DATE, sg_render_annual_report(plan, ledger, 2010, "es", SG_DOCUMENT_FORMAT_HTML,
                                                                 "2011-02-30", 11, NULL, NULL, 0, NULL, 0, NULL,
                                                                 &html, &len, NULL));
    CHECK_CONTAINS(last_message(), "argument `known_on`");
    CHECK_STATUS(SG_STATUS_CONFIG_INVALID, sg_render_annual_report(plan, ledger, 2010, "es", SG_DOCUMENT_FORMAT_HTML,
                                                                   NULL, 11, "{\"grace\": 3}", NULL, 0, NULL, 0, NULL,
                                                                   &html, &len, NULL));
    /* A release its audit refuses: with k = 200 a published figure bounds a
       count below k. */
    CHECK_ERROR_OUT(SG_STATUS_DISCLOSURE_REFUSED, sg_render_annual_report(plan, ledger, 2010, "es", SG_DOCUMENT_FORMAT_HTML,
                                                                          NULL, 200, NULL, NULL, 0, NULL, 0, NULL,
                                                                          &html, &len, &err));
    CHECK_CONTAINS(last_message(), "public release");
    /* A ledger built for another plan. */
    char *plan_json = NULL;
    CHECK_STATUS(SG_STATUS_OK, sg_plan_to_json(plan, &plan_json, NULL));
    CHECK(replace_first(plan_json, "\"id\": \"PAE-TRATA-2007-2017\"", "\"id\": \"PAE-TRATA-2007-2099\""));
    sg_plan *other = NULL;
    CHECK_STATUS(SG_STATUS_OK, sg_plan_from_json(u8(plan_json), strlen(plan_json), &other, NULL));
    CHECK_ERROR_OUT(SG_STATUS_PLAN_MISMATCH, sg_render_evaluation(other, ledger, 2009, 2010, "es", SG_DOCUMENT_FORMAT_HTML,
                                                                  NULL, 11, NULL, NULL, 0, NULL, 0, NULL,
                                                                  &html, &len, &err));
    sg_plan_free(other);
    sg_string_free(plan_json);
    /* NULL where a pointer is required; NULL bytes with a length are "not
       given", as documented, so only the handles, lang and out matter. */
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_render_annual_report(NULL, ledger, 2010, "es", SG_DOCUMENT_FORMAT_HTML,
                                                                 NULL, 11, NULL, NULL, 0, NULL, 0, NULL,
                                                                 &html, &len, NULL));
    CHECK_CONTAINS(last_message(), "argument `plan`");
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_render_annual_report(plan, NULL, 2010, "es", SG_DOCUMENT_FORMAT_HTML,
                                                                 NULL, 11, NULL, NULL, 0, NULL, 0, NULL,
                                                                 &html, &len, NULL));
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_render_annual_report(plan, ledger, 2010, NULL, SG_DOCUMENT_FORMAT_HTML,
                                                                 NULL, 11, NULL, NULL, 0, NULL, 0, NULL,
                                                                 &html, &len, NULL));
    CHECK_CONTAINS(last_message(), "argument `lang`");
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_render_annual_report(plan, ledger, 2010, "es", SG_DOCUMENT_FORMAT_HTML,
                                                                 NULL, 11, NULL, NULL, 0, NULL, 0, NULL,
                                                                 NULL, &len, NULL));
    CHECK_CONTAINS(last_message(), "argument `document_out`");
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_render_evaluation(plan, ledger, 2009, 2010, "es", SG_DOCUMENT_FORMAT_HTML,
                                                              NULL, 11, NULL, NULL, 0, NULL, 0, NULL,
                                                              NULL, &len, NULL));
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_render_evaluation(NULL, NULL, 2009, 2010, NULL, SG_DOCUMENT_FORMAT_HTML,
                                                              NULL, 11, NULL, NULL, 0, NULL, 0, NULL,
                                                              &html, &len, NULL));
    /* Nothing was written by a failing call. */
    CHECK(html == NULL && len == 99);
    free(plan_file);
}

/* An evaluation kept up to date: after each batch appended to its own ledger
   (a copy of the demo ledger), its refreshed scorecard is byte for byte a full
   evaluation's, with the default configuration and with a knowledge date. */
static void test_incremental(sg_plan *plan, const char *demo, size_t demo_len) {
    static const char *batches[] = {
        /* Observations (one recorded after the knowledge date) and a target. */
        "{\"observations\": ["
        "{\"indicator\": \"E1.L1.M2.A2.I3\", \"period\": \"2010\", \"entity\": \"GIT\", "
        "\"value\": \"7\", \"recorded_on\": \"2010-11-02\"},"
        "{\"indicator\": \"E1.L1.M2.A2.I3\", \"period\": \"2009\", \"entity\": \"GIT\", "
        "\"value\": \"4\", \"recorded_on\": \"2011-02-01\"}],"
        " \"targets\": [{\"indicator\": \"E1.L1.M2.A2.I3\", \"period\": \"2010\", \"value\": \"9\"}]}",
        /* A revision of a key the first batch brought, recorded later. */
        "{\"observations\": [{\"indicator\": \"E1.L1.M2.A2.I3\", \"period\": \"2010\", "
        "\"entity\": \"GIT\", \"value\": \"12\", \"recorded_on\": \"2010-12-15\"}]}",
        /* Obligations and submissions: reporting only. */
        "{\"obligations\": [{\"entity\": \"MP\", \"kind\": \"annual\", \"from\": 2008, \"to\": 2010}],"
        " \"submissions\": [{\"entity\": \"MP\", \"kind\": \"annual\", \"period\": \"2009\", "
        "\"submitted_on\": \"2010-01-20\"}]}",
    };
    static const char *configs[] = {NULL, "{\"known_on\": \"2010-12-31\", \"late_credit\": \"0.25\"}"};
    const char *as_of = "2010-12-31";
    for (size_t c = 0; c < 2; c++) {
        sg_ledger *ledger = NULL;
        CHECK_STATUS(SG_STATUS_OK, sg_ledger_new(plan, &ledger, NULL));
        CHECK_STATUS(SG_STATUS_OK, sg_ledger_ingest_json(ledger, u8(demo), demo_len,
                                                         SG_MODE_STRICT, NULL, NULL, NULL));
        sg_evaluation *evaluation = NULL;
        CHECK_NO_ERROR_OUT(sg_evaluation_new(plan, ledger, as_of, configs[c], &evaluation, &err));
        char *kept = kept_json(evaluation);
        char *full = full_json(plan, ledger, as_of, configs[c]);
        CHECK_STREQ(kept, full);
        sg_string_free(kept);
        sg_string_free(full);
        for (size_t b = 0; b < sizeof batches / sizeof batches[0]; b++) {
            CHECK_STATUS(SG_STATUS_OK,
                         sg_ledger_ingest_json(ledger, u8(batches[b]), strlen(batches[b]),
                                               SG_MODE_STRICT, NULL, NULL, NULL));
            size_t indicators = SIZE_MAX;
            CHECK_NO_ERROR_OUT(sg_evaluation_refresh(evaluation, ledger, &indicators, &err));
            CHECK(indicators == (b < 2 ? 1u : 0u));
            kept = kept_json(evaluation);
            full = full_json(plan, ledger, as_of, configs[c]);
            CHECK_STREQ(kept, full);
            sg_string_free(kept);
            sg_string_free(full);
        }
        /* A refused strict batch adds nothing; the scorecard stays the full one. */
        const char *bad = "{\"observations\": [{\"indicator\": \"E1.L1.M2.A2.I3\", \"period\": "
                          "\"2010\", \"entity\": \"NOBODY\", \"value\": \"1\"}]}";
        CHECK_STATUS(SG_STATUS_REJECTED, sg_ledger_ingest_json(ledger, u8(bad), strlen(bad),
                                                               SG_MODE_STRICT, NULL, NULL, NULL));
        size_t indicators = SIZE_MAX;
        CHECK_STATUS(SG_STATUS_OK, sg_evaluation_refresh(evaluation, ledger, &indicators, NULL));
        CHECK(indicators == 0);
        CHECK_STATUS(SG_STATUS_OK, sg_evaluation_refresh(evaluation, ledger, NULL, NULL));
        kept = kept_json(evaluation);
        full = full_json(plan, ledger, as_of, configs[c]);
        CHECK_STREQ(kept, full);
        sg_string_free(full);

        /* Another ledger, even with the same records, is refused; the
           evaluation is unchanged. */
        sg_ledger *other = NULL;
        CHECK_STATUS(SG_STATUS_OK, sg_ledger_new(plan, &other, NULL));
        CHECK_STATUS(SG_STATUS_OK, sg_ledger_ingest_json(other, u8(demo), demo_len,
                                                         SG_MODE_STRICT, NULL, NULL, NULL));
        CHECK_ERROR_OUT(SG_STATUS_LEDGER_MISMATCH, sg_evaluation_refresh(evaluation, other, NULL, &err));
        sg_error *err = NULL;
        CHECK_STATUS(SG_STATUS_LEDGER_MISMATCH, sg_evaluation_refresh(evaluation, other, NULL, &err));
        CHECK_CONTAINS(sg_error_message(err), "another ledger");
        sg_error_free(err);
        char *after = kept_json(evaluation);
        CHECK_STREQ(after, kept);
        sg_string_free(after);
        sg_string_free(kept);
        sg_ledger_free(other);

        /* Arguments. */
        CHECK_ERROR_OUT(SG_STATUS_INVALID_DATE, sg_evaluation_new(plan, ledger, "2010-02-30", NULL, &evaluation, &err));
        CHECK_STATUS(SG_STATUS_CONFIG_INVALID,
                     sg_evaluation_new(plan, ledger, as_of, "{\"known_on\": 2009}", &evaluation, NULL));
        CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_evaluation_new(NULL, ledger, as_of, NULL, &evaluation, NULL));
        CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_evaluation_new(plan, ledger, as_of, NULL, NULL, NULL));
        CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_evaluation_refresh(NULL, ledger, NULL, NULL));
        CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_evaluation_refresh(evaluation, NULL, NULL, NULL));
        sg_scorecard *card = NULL;
        CHECK_ERROR_OUT(SG_STATUS_NULL_POINTER, sg_evaluation_scorecard(NULL, &card, &err));
        CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_evaluation_scorecard(evaluation, NULL, NULL));
        CHECK(card == NULL);

        /* A scorecard taken from the evaluation outlives it. */
        CHECK_STATUS(SG_STATUS_OK, sg_evaluation_scorecard(evaluation, &card, NULL));
        sg_evaluation_free(evaluation);
        sg_evaluation_free(NULL);
        char *json = NULL;
        CHECK_STATUS(SG_STATUS_OK, sg_scorecard_to_json(card, &json, NULL));
        full = full_json(plan, ledger, as_of, configs[c]);
        CHECK_STREQ(json, full);
        sg_string_free(json);
        sg_string_free(full);
        sg_scorecard_free(card);
        sg_ledger_free(ledger);
    }
}

static void test_scorecard(sg_plan *plan, sg_ledger *ledger) {
    sg_scorecard *card = NULL;
    CHECK_STATUS(SG_STATUS_OK, sg_evaluate(plan, ledger, "2010-12-31", NULL, &card, NULL));

    /* The JSON equals the Rust core's, byte for byte. */
    char *json = NULL;
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_scorecard_to_json(NULL, &json, NULL));
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_scorecard_to_json(card, NULL, NULL));
    CHECK_STATUS(SG_STATUS_OK, sg_scorecard_to_json(card, &json, NULL));
    check_golden(json, "expected/scorecard-demo-2010-12-31.json");
    CHECK_CONTAINS(json, "\"as_of\": \"2010-12-31\"");

    /* The plan's score, and that it agrees with the JSON. */
    sg_node_score score;
    memset(&score, 0xAB, sizeof score);
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_scorecard_plan_score(NULL, &score, NULL));
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_scorecard_plan_score(card, NULL, NULL));
    CHECK_STATUS(SG_STATUS_OK, sg_scorecard_plan_score(card, &score, NULL));
    CHECK(score.level == SG_LEVEL_PLAN);
    char in_json[32], from_getter[32];
    first_score(json, in_json, sizeof in_json);
    if (score.scored) {
        snprintf(from_getter, sizeof from_getter, "\"%u.%06u\"", score.score_millionths / 1000000u,
                 score.score_millionths % 1000000u);
        CHECK(score.score_millionths <= 1000000u);
        CHECK(score.score == score.score_millionths / 1e6);
        CHECK(strlen(score.percent) >= 6);
        CHECK_CONTAINS(score.percent, " %");
        CHECK(score.band != SG_BAND_NONE);
        CHECK(score.status == SG_NODE_STATUS_SCORED);
        /* The percentage is the score with 2 decimals, half away from zero. */
        unsigned hundredths = (score.score_millionths + 50u) / 100u;
        char pct[32];
        snprintf(pct, sizeof pct, "%u.%02u %%", hundredths / 100u, hundredths % 100u);
        CHECK_STREQ(score.percent, pct);
        if (score.score_millionths >= 900000u) {
            CHECK(score.band == SG_BAND_GREEN);
        } else if (score.score_millionths >= 600000u) {
            CHECK(score.band == SG_BAND_YELLOW);
        } else {
            CHECK(score.band == SG_BAND_RED);
        }
    } else {
        snprintf(from_getter, sizeof from_getter, "null");
        CHECK(score.band == SG_BAND_NONE && score.percent[0] == '\0');
    }
    CHECK_STREQ(in_json, from_getter);
    CHECK(score.coverage_millionths <= 1000000u);

    /* Node scores by id. */
    sg_node_score node;
    CHECK_STATUS(SG_STATUS_OK, sg_scorecard_node_score(card, "PAE-TRATA-2007-2017", &node, NULL));
    CHECK(node.score_millionths == score.score_millionths && node.level == SG_LEVEL_PLAN);
    CHECK_STATUS(SG_STATUS_OK, sg_scorecard_node_score(card, "E1", &node, NULL));
    CHECK(node.level == SG_LEVEL_AXIS);
    CHECK_STATUS(SG_STATUS_OK, sg_scorecard_node_score(card, "E1.L1", &node, NULL));
    CHECK(node.level == SG_LEVEL_LINE);
    CHECK_STATUS(SG_STATUS_OK, sg_scorecard_node_score(card, "E1.L1.M1", &node, NULL));
    CHECK(node.level == SG_LEVEL_GOAL);
    CHECK_STATUS(SG_STATUS_OK, sg_scorecard_node_score(card, "E1.L1.M1.A1", &node, NULL));
    CHECK(node.level == SG_LEVEL_ACTION);
    CHECK_STATUS(SG_STATUS_OK, sg_scorecard_node_score(card, "E1.L1.M2.A2.I3", &node, NULL));
    CHECK(node.level == SG_LEVEL_INDICATOR);
    memset(&node, 0x5A, sizeof node);
    sg_node_score before = node;
    CHECK_STATUS(SG_STATUS_UNKNOWN_ID, sg_scorecard_node_score(card, "E7.L1", &node, NULL));
    CHECK_CONTAINS(last_message(), "E7.L1");
    CHECK_STATUS(SG_STATUS_UNKNOWN_ID, sg_scorecard_node_score(card, "", &node, NULL));
    CHECK_STATUS(SG_STATUS_INVALID_UTF8, sg_scorecard_node_score(card, "E1\x80", &node, NULL));
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_scorecard_node_score(NULL, "E1", &node, NULL));
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_scorecard_node_score(card, NULL, &node, NULL));
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_scorecard_node_score(card, "E1", NULL, NULL));
    /* Plazos are in the plan (sg_plan_node_level) but not scored. */
    CHECK_STATUS(SG_STATUS_UNKNOWN_ID, sg_scorecard_node_score(card, "E1.L1.M1.A1.P1", &node, NULL));
    CHECK(memcmp(&node, &before, sizeof node) == 0);

    /* Entities. */
    sg_entity_score entity;
    CHECK_STATUS(SG_STATUS_OK, sg_scorecard_entity_score(card, "MRE", &entity, NULL));
    CHECK(entity.actions > 0 && entity.scored_actions <= entity.actions);
    CHECK(entity.overdue_actions <= entity.actions);
    CHECK(entity.scored == (entity.band != SG_BAND_NONE));
    sg_entity_score lower;
    CHECK_STATUS(SG_STATUS_OK, sg_scorecard_entity_score(card, "mre", &lower, NULL));
    CHECK(lower.actions == entity.actions && lower.score_millionths == entity.score_millionths);
    CHECK_STATUS(SG_STATUS_OK, sg_scorecard_entity_score(card, "MINGOB", &entity, NULL));
    CHECK(entity.actions > 0);
    CHECK_STATUS(SG_STATUS_UNKNOWN_ID, sg_scorecard_entity_score(card, "XYZ", &entity, NULL));
    CHECK_CONTAINS(last_message(), "XYZ");
    CHECK_STATUS(SG_STATUS_INVALID_UTF8, sg_scorecard_entity_score(card, "MR\xc5", &entity, NULL));
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_scorecard_entity_score(NULL, "MRE", &entity, NULL));
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_scorecard_entity_score(card, NULL, &entity, NULL));
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_scorecard_entity_score(card, "MRE", NULL, NULL));

    /* Overdue actions: count, by index, and as JSON, all agreeing. */
    size_t overdue = 999;
    CHECK_STATUS(SG_STATUS_OK, sg_scorecard_overdue_count(card, &overdue, NULL));
    CHECK(overdue != 999);
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_scorecard_overdue_count(NULL, &overdue, NULL));
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_scorecard_overdue_count(card, NULL, NULL));
    char *overdue_json = NULL;
    CHECK_STATUS(SG_STATUS_OK, sg_scorecard_overdue_json(card, &overdue_json, NULL));
    CHECK(overdue_json != NULL && overdue_json[0] == '[');
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_scorecard_overdue_json(NULL, &overdue_json, NULL));
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_scorecard_overdue_json(card, NULL, NULL));
    /* Rebuild the JSON array from the index getter. */
    size_t cap = 16 + overdue * 64, used = 0;
    char *rebuilt = malloc(cap);
    used += (size_t)snprintf(rebuilt + used, cap - used, "[");
    for (size_t i = 0; i < overdue; i++) {
        char *id = NULL;
        CHECK_STATUS(SG_STATUS_OK, sg_scorecard_overdue_action(card, i, &id, NULL));
        if (id == NULL) {
            continue;
        }
        used += (size_t)snprintf(rebuilt + used, cap - used, "%s\"%s\"", i ? "," : "", id);
        sg_node_score action;
        CHECK_STATUS(SG_STATUS_OK, sg_scorecard_node_score(card, id, &action, NULL));
        CHECK(action.level == SG_LEVEL_ACTION && action.status == SG_NODE_STATUS_OVERDUE);
        CHECK_CONTAINS(json, id);
        sg_string_free(id);
    }
    snprintf(rebuilt + used, cap - used, "]");
    CHECK_STREQ(rebuilt, overdue_json);
    free(rebuilt);
    sg_string_free(overdue_json);
    char *id = (char *)0x1;
    CHECK_STATUS(SG_STATUS_INDEX_OUT_OF_RANGE, sg_scorecard_overdue_action(card, overdue, &id, NULL));
    CHECK_STATUS(SG_STATUS_INDEX_OUT_OF_RANGE, sg_scorecard_overdue_action(card, SIZE_MAX, &id, NULL));
    CHECK(id == (char *)0x1);
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_scorecard_overdue_action(NULL, 0, &id, NULL));
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_scorecard_overdue_action(card, 0, NULL, NULL));

    /* Explanations. */
    char *why = NULL;
    CHECK_STATUS(SG_STATUS_OK, sg_scorecard_explain(card, "PAE-TRATA-2007-2017", &why, NULL));
    CHECK_CONTAINS(why, "\"kind\": \"children\"");
    CHECK_CONTAINS(why, "\"E1\"");
    sg_string_free(why);
    CHECK_STATUS(SG_STATUS_OK, sg_scorecard_explain(card, "E1.L1.M2.A2.I3", &why, NULL));
    CHECK_CONTAINS(why, "\"kind\": \"indicator\"");
    sg_string_free(why);
    why = (char *)0x1;
    CHECK_STATUS(SG_STATUS_UNKNOWN_ID, sg_scorecard_explain(card, "E1.L1.M9", &why, NULL));
    CHECK_STATUS(SG_STATUS_INVALID_UTF8, sg_scorecard_explain(card, "\xfe", &why, NULL));
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_scorecard_explain(NULL, "E1", &why, NULL));
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_scorecard_explain(card, NULL, &why, NULL));
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_scorecard_explain(card, "E1", NULL, NULL));
    CHECK(why == (char *)0x1);

    /* The scorecard owns its data: it outlives its ledger. */
    sg_ledger *temp = NULL;
    sg_scorecard *early = NULL;
    CHECK_STATUS(SG_STATUS_OK, sg_ledger_new(plan, &temp, NULL));
    CHECK_STATUS(SG_STATUS_OK, sg_evaluate(plan, temp, "2006-06-30", NULL, &early, NULL));
    sg_ledger_free(temp);
    CHECK_STATUS(SG_STATUS_OK, sg_scorecard_plan_score(early, &score, NULL));
    CHECK(!score.scored && score.band == SG_BAND_NONE && score.score_millionths == 0);
    CHECK(score.percent[0] == '\0');
    CHECK_STATUS(SG_STATUS_OK, sg_scorecard_node_score(early, "E1.L1.M1.A1", &node, NULL));
    CHECK(node.status == SG_NODE_STATUS_NOT_STARTED);
    sg_scorecard_free(early);

    sg_string_free(json);
    sg_scorecard_free(card);
}

/* ----------------------------------------------------------------- structs */

/* The layout the header promises, so that other languages can declare the
   structs field by field: no bool, flags 0 or 1, sg_node_score without padding. */
static void test_struct_layout(sg_plan *plan, sg_ledger *ledger) {
    CHECK(sizeof(sg_node_score) == 48);
    CHECK(offsetof(sg_node_score, scored) == 0);
    CHECK(offsetof(sg_node_score, score_millionths) == 4);
    CHECK(offsetof(sg_node_score, score) == 8);
    CHECK(offsetof(sg_node_score, percent) == 16);
    CHECK(offsetof(sg_node_score, band) == 16 + SG_PERCENT_LEN);
    CHECK(offsetof(sg_node_score, level) == 20 + SG_PERCENT_LEN);
    CHECK(offsetof(sg_node_score, status) == 24 + SG_PERCENT_LEN);
    CHECK(offsetof(sg_node_score, coverage_millionths) == 28 + SG_PERCENT_LEN);
    CHECK(sizeof(((sg_node_score *)0)->scored) == 4);
    CHECK(sizeof(((sg_entity_score *)0)->scored) == 4);
    CHECK(offsetof(sg_entity_score, scored) == 0);
    CHECK(offsetof(sg_entity_score, score) == 8);

    /* The flags are exactly 0 or 1, on every node that has them. */
    sg_scorecard *card = NULL;
    CHECK_STATUS(SG_STATUS_OK, sg_evaluate(plan, ledger, "2010-12-31", NULL, &card, NULL));
    static const char *ids[] = {"PAE-TRATA-2007-2017", "E1", "E3.L1.M1.A1", "E1.L1.M2.A2.I3",
                                "E5.L1.M2.A1.I1"};
    int seen_scored = 0, seen_unscored = 0;
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        sg_node_score node;
        memset(&node, 0xFF, sizeof node);
        CHECK_STATUS(SG_STATUS_OK, sg_scorecard_node_score(card, ids[i], &node, NULL));
        CHECK(node.scored == 0 || node.scored == 1);
        CHECK(node.scored == (node.band != SG_BAND_NONE ? 1u : 0u));
        seen_scored += node.scored == 1;
        seen_unscored += node.scored == 0;
    }
    CHECK(seen_scored > 0 && seen_unscored > 0);
    sg_entity_score entity;
    memset(&entity, 0xFF, sizeof entity);
    CHECK_STATUS(SG_STATUS_OK, sg_scorecard_entity_score(card, "MINGOB", &entity, NULL));
    CHECK(entity.scored == 0 || entity.scored == 1);
    sg_scorecard_free(card);
}

/* ------------------------------------------------------- error out-parameter */

/* Every fallible function, with an error out-parameter: on failure it hands
   back an sg_error equal to the last error; on success it leaves it alone. */
static void test_error_out(sg_plan *plan, sg_ledger *ledger) {
    /* NULL errors read as no error. */
    CHECK(sg_error_status(NULL) == SG_STATUS_OK);
    CHECK_STREQ(sg_error_message(NULL), "");
    sg_error_free(NULL);

    CHECK_ERROR_OUT(SG_STATUS_PANIC, sg_selftest_panic(&err));

    sg_plan *new_plan = NULL;
    CHECK_ERROR_OUT(SG_STATUS_NULL_POINTER, sg_plan_embedded(NULL, &err));
    CHECK_NO_ERROR_OUT(sg_plan_embedded(&new_plan, &err));
    sg_plan_free(new_plan);

    char *json = NULL;
    CHECK_ERROR_OUT(SG_STATUS_NULL_POINTER, sg_plan_to_json(NULL, &json, &err));
    CHECK_NO_ERROR_OUT(sg_plan_to_json(plan, &json, &err));

    new_plan = NULL;
    CHECK_ERROR_OUT(SG_STATUS_SYNTAX, sg_plan_from_json(u8("{"), 1, &new_plan, &err));
    CHECK_NO_ERROR_OUT(sg_plan_from_json(u8(json), strlen(json), &new_plan, &err));
    sg_plan_free(new_plan);
    sg_string_free(json);

    char *text = NULL;
    CHECK_ERROR_OUT(SG_STATUS_UNKNOWN_ID, sg_plan_node_text(plan, "E9", &text, &err));
    CHECK_NO_ERROR_OUT(sg_plan_node_text(plan, "E1", &text, &err));
    sg_string_free(text);

    sg_level level;
    CHECK_ERROR_OUT(SG_STATUS_UNKNOWN_ID, sg_plan_node_level(plan, "E9", &level, &err));
    CHECK_NO_ERROR_OUT(sg_plan_node_level(plan, "E1.L1.M1.A1.P1", &level, &err));

    sg_ledger *new_ledger = NULL;
    CHECK_ERROR_OUT(SG_STATUS_NULL_POINTER, sg_ledger_new(NULL, &new_ledger, &err));
    CHECK_NO_ERROR_OUT(sg_ledger_new(plan, &new_ledger, &err));

    /* A strict refusal: the report and the error both. */
    size_t accepted = 99;
    char *report = NULL;
    CHECK_ERROR_OUT(SG_STATUS_REJECTED, sg_ledger_ingest_json(new_ledger, u8(GOOD_AND_BAD),
                                                              strlen(GOOD_AND_BAD), SG_MODE_STRICT,
                                                              &accepted, &report, &err));
    CHECK(accepted == 0);
    CHECK_CONTAINS(report, "\"index\":2");
    sg_string_free(report);
    const char *one =
        "{\"observations\": [{\"indicator\": \"E1.L1.M2.A2.I3\", \"period\": \"2008\","
        " \"entity\": \"GIT\", \"value\": \"9\"}]}";
    CHECK_NO_ERROR_OUT(sg_ledger_ingest_json(new_ledger, u8(one), strlen(one), SG_MODE_STRICT,
                                             NULL, NULL, &err));

    const char *csv = "indicator,period,entity,value\nE1.L1.M2.A2.I3,2009,GIT,4\n";
    CHECK_ERROR_OUT(SG_STATUS_SYNTAX, sg_ledger_ingest_csv(new_ledger, u8("indicator\n"), 10,
                                                           SG_MODE_STRICT, NULL, NULL, &err));
    CHECK_NO_ERROR_OUT(sg_ledger_ingest_csv(new_ledger, u8(csv), strlen(csv), SG_MODE_STRICT,
                                            NULL, NULL, &err));

    size_t count = 0;
    CHECK_ERROR_OUT(SG_STATUS_NULL_POINTER, sg_ledger_record_count(new_ledger, NULL, &err));
    CHECK_NO_ERROR_OUT(sg_ledger_record_count(new_ledger, &count, &err));
    CHECK(count == 2);

    json = NULL;
    CHECK_ERROR_OUT(SG_STATUS_NULL_POINTER, sg_ledger_to_json(NULL, &json, &err));
    CHECK_NO_ERROR_OUT(sg_ledger_to_json(new_ledger, &json, &err));
    sg_string_free(json);
    sg_ledger_free(new_ledger);

    sg_scorecard *card = NULL;
    CHECK_ERROR_OUT(SG_STATUS_INVALID_DATE, sg_evaluate(plan, ledger, " 2010-12-31 ", NULL, &card, &err));
    CHECK_ERROR_OUT(SG_STATUS_CONFIG_INVALID, sg_evaluate(plan, ledger, "2010-12-31",
                                                          "{\"grace\": 3}", &card, &err));
    CHECK_NO_ERROR_OUT(sg_evaluate(plan, ledger, "2010-12-31", NULL, &card, &err));

    json = NULL;
    CHECK_ERROR_OUT(SG_STATUS_NULL_POINTER, sg_scorecard_to_json(card, NULL, &err));
    CHECK_NO_ERROR_OUT(sg_scorecard_to_json(card, &json, &err));
    sg_string_free(json);

    sg_node_score node;
    CHECK_ERROR_OUT(SG_STATUS_NULL_POINTER, sg_scorecard_plan_score(NULL, &node, &err));
    CHECK_NO_ERROR_OUT(sg_scorecard_plan_score(card, &node, &err));
    CHECK_ERROR_OUT(SG_STATUS_UNKNOWN_ID, sg_scorecard_node_score(card, "E8", &node, &err));
    CHECK_NO_ERROR_OUT(sg_scorecard_node_score(card, "E2", &node, &err));

    sg_entity_score entity;
    CHECK_ERROR_OUT(SG_STATUS_UNKNOWN_ID, sg_scorecard_entity_score(card, "XYZ", &entity, &err));
    CHECK_NO_ERROR_OUT(sg_scorecard_entity_score(card, "PNC", &entity, &err));

    size_t overdue = 0;
    CHECK_ERROR_OUT(SG_STATUS_NULL_POINTER, sg_scorecard_overdue_count(card, NULL, &err));
    CHECK_NO_ERROR_OUT(sg_scorecard_overdue_count(card, &overdue, &err));
    char *id = NULL;
    CHECK_ERROR_OUT(SG_STATUS_INDEX_OUT_OF_RANGE, sg_scorecard_overdue_action(card, overdue, &id, &err));
    if (overdue > 0) {
        CHECK_NO_ERROR_OUT(sg_scorecard_overdue_action(card, 0, &id, &err));
        sg_string_free(id);
    }
    json = NULL;
    CHECK_ERROR_OUT(SG_STATUS_NULL_POINTER, sg_scorecard_overdue_json(NULL, &json, &err));
    CHECK_NO_ERROR_OUT(sg_scorecard_overdue_json(card, &json, &err));
    sg_string_free(json);
    json = NULL;
    CHECK_ERROR_OUT(SG_STATUS_UNKNOWN_ID, sg_scorecard_explain(card, "E1.L9", &json, &err));
    CHECK_NO_ERROR_OUT(sg_scorecard_explain(card, "E1", &json, &err));
    sg_string_free(json);
    json = NULL;
    CHECK_ERROR_OUT(SG_STATUS_INVALID_ARGUMENT, sg_plan_table(plan, "nodes", SG_TABLE_FORMAT_CSV, &json, &err));
    CHECK_NO_ERROR_OUT(sg_plan_table(plan, "axes", SG_TABLE_FORMAT_CSV, &json, &err));
    sg_string_free(json);
    json = NULL;
    CHECK_ERROR_OUT(SG_STATUS_INVALID_ARGUMENT, sg_ledger_table(ledger, "targets", 2, &json, &err));
    CHECK_NO_ERROR_OUT(sg_ledger_table(ledger, "targets", SG_TABLE_FORMAT_JSON, &json, &err));
    sg_string_free(json);
    json = NULL;
    CHECK_ERROR_OUT(SG_STATUS_NULL_POINTER, sg_scorecard_table(card, NULL, SG_TABLE_FORMAT_JSON, &json, &err));
    CHECK_NO_ERROR_OUT(sg_scorecard_table(card, "reporting", SG_TABLE_FORMAT_CSV, &json, &err));
    sg_string_free(json);
    sg_scorecard_free(card);

    /* An error does not depend on the last error: it keeps its own status and
       message after later calls replace the last error, and a success with
       the same variable leaves the earlier error there. */
    sg_error *kept = NULL;
    CHECK_STATUS(SG_STATUS_UNKNOWN_ID, sg_plan_node_text(plan, "E1.L7", &text, &kept));
    CHECK_STATUS(SG_STATUS_OK, sg_plan_node_level(plan, "E1", &level, &kept));
    CHECK(sg_last_error_status() == SG_STATUS_OK);
    CHECK(sg_error_status(kept) == SG_STATUS_UNKNOWN_ID);
    CHECK_CONTAINS(sg_error_message(kept), "E1.L7");
    /* Reading an error does not change the last error either. */
    CHECK(sg_last_error_status() == SG_STATUS_OK);
    sg_error_free(kept);

    /* Each failure makes a new error; the caller frees each one. */
    sg_error *first = NULL, *second = NULL;
    CHECK_STATUS(SG_STATUS_NULL_POINTER, sg_plan_to_json(NULL, &json, &first));
    CHECK_STATUS(SG_STATUS_INVALID_UTF8, sg_plan_node_text(plan, "\xff", &text, &second));
    CHECK(first != NULL && second != NULL && first != second);
    CHECK(sg_error_status(first) == SG_STATUS_NULL_POINTER);
    CHECK_CONTAINS(sg_error_message(first), "`plan`");
    CHECK(sg_error_status(second) == SG_STATUS_INVALID_UTF8);
    sg_error_free(first);
    sg_error_free(second);
}

/* ------------------------------------------------------------------ tables */

/* Lines of a text (each ends with '\n'). */
static size_t count_lines(const char *text) {
    size_t n = 0;
    for (const char *p = text; *p != '\0'; p++) {
        n += *p == '\n';
    }
    return n;
}

/* Whether `text` begins with `prefix`. */
static int starts_with(const char *text, const char *prefix) {
    return text != NULL && strncmp(text, prefix, strlen(prefix)) == 0;
}

/* Occurrences of `needle` in `text`. */
static size_t count_of(const char *text, const char *needle) {
    size_t n = 0;
    for (const char *p = strstr(text, needle); p != NULL; p = strstr(p + 1, needle)) {
        n++;
    }
    return n;
}

/* The bad arguments every table function refuses: `fn` is sg_plan_table,
   sg_ledger_table or sg_scorecard_table, `object` its first argument,
   `good_name` one of its tables and `other_name` not one of them. */
#define CHECK_TABLE_ARGUMENTS(fn, object, good_name, other_name)                        \
    do {                                                                               \
        char *out_ = (char *)0x1;                                                      \
        const uint32_t csv_ = SG_TABLE_FORMAT_CSV;                                     \
        CHECK_STATUS(SG_STATUS_NULL_POINTER, fn(NULL, good_name, csv_, &out_, NULL));   \
        CHECK_CONTAINS(last_message(), "argument `");                                  \
        CHECK_STATUS(SG_STATUS_NULL_POINTER, fn(object, NULL, csv_, &out_, NULL));      \
        CHECK_CONTAINS(last_message(), "`name`");                                      \
        CHECK_STATUS(SG_STATUS_NULL_POINTER, fn(object, good_name, csv_, NULL, NULL));  \
        CHECK_CONTAINS(last_message(), "`text_out`");                                  \
        CHECK_STATUS(SG_STATUS_INVALID_UTF8, fn(object, "\xff", csv_, &out_, NULL));    \
        CHECK_STATUS(SG_STATUS_INVALID_ARGUMENT, fn(object, other_name, csv_, &out_, NULL)); \
        CHECK_CONTAINS(last_message(), "is not a");                                    \
        CHECK_STATUS(SG_STATUS_INVALID_ARGUMENT, fn(object, good_name, 2, &out_, NULL)); \
        CHECK_CONTAINS(last_message(), "SG_TABLE_FORMAT_CSV (0)");                     \
        CHECK(out_ == (char *)0x1); /* out-param untouched on failure */               \
    } while (0)

static void test_tables(sg_plan *plan, sg_ledger *ledger) {
    /* The plan's axes: a header, then one line per axis. */
    char *text = NULL;
    CHECK_STATUS(SG_STATUS_OK, sg_plan_table(plan, "axes", SG_TABLE_FORMAT_CSV, &text, NULL));
    CHECK(starts_with(text, "axis,text,corrected,lines,goals,actions,indicators,plazos\nE1,"));
    CHECK(count_lines(text) == 1 + 5);
    sg_string_free(text);
    CHECK_STATUS(SG_STATUS_OK,
                 sg_plan_table(plan, "indicators", SG_TABLE_FORMAT_JSON, &text, NULL));
    CHECK(starts_with(text, "[\n{\"indicator\":\"E1.L1.M1.A1.I1\",\"action\":\"E1.L1.M1.A1\""));
    CHECK_CONTAINS(text, "\"sensitive\":true");
    CHECK_CONTAINS(text, "\"dimensions\":[");
    sg_string_free(text);
    CHECK_TABLE_ARGUMENTS(sg_plan_table, plan, "actions", "nodes");

    /* The ledger's observations: the CSV the ledger reads back, to the byte. */
    char *observations = NULL;
    CHECK_STATUS(SG_STATUS_OK, sg_ledger_table(ledger, "observations", SG_TABLE_FORMAT_CSV,
                                               &observations, NULL));
    CHECK(starts_with(observations, "indicator,period,entity,"));
    CHECK_CONTAINS(observations, ",value,source,recorded_on\n");
    sg_ledger *again = NULL;
    size_t accepted = 0;
    CHECK_STATUS(SG_STATUS_OK, sg_ledger_new(plan, &again, NULL));
    CHECK_STATUS(SG_STATUS_OK, sg_ledger_ingest_csv(again, u8(observations), strlen(observations),
                                                    SG_MODE_STRICT, &accepted, NULL, NULL));
    CHECK(accepted == count_lines(observations) - 1 && accepted > 100);
    CHECK_STATUS(SG_STATUS_OK, sg_ledger_table(again, "observations", SG_TABLE_FORMAT_CSV, &text,
                                               NULL));
    CHECK_STREQ(text, observations);
    sg_string_free(text);
    /* The other kinds are empty there: a header alone, an empty array. */
    CHECK_STATUS(SG_STATUS_OK, sg_ledger_table(again, "targets", SG_TABLE_FORMAT_CSV, &text, NULL));
    CHECK_STREQ(text, "indicator,period,entity,baseline,value,recorded_on\n");
    sg_string_free(text);
    CHECK_STATUS(SG_STATUS_OK,
                 sg_ledger_table(again, "targets", SG_TABLE_FORMAT_JSON, &text, NULL));
    CHECK_STREQ(text, "[]\n");
    sg_string_free(text);
    sg_ledger_free(again);
    sg_string_free(observations);
    CHECK_STATUS(SG_STATUS_OK, sg_ledger_table(ledger, "submissions", SG_TABLE_FORMAT_JSON, &text,
                                               NULL));
    CHECK_CONTAINS(text, "\"kind\":\"monthly\"");
    CHECK_CONTAINS(text, "\"submitted_on\":\"");
    sg_string_free(text);
    CHECK_TABLE_ARGUMENTS(sg_ledger_table, ledger, "milestones", "records");

    /* The scorecard's nodes agree with the typed getters and the JSON. */
    sg_scorecard *card = NULL;
    CHECK_STATUS(SG_STATUS_OK, sg_evaluate(plan, ledger, "2010-12-31", NULL, &card, NULL));
    CHECK_STATUS(SG_STATUS_OK, sg_scorecard_table(card, "nodes", SG_TABLE_FORMAT_CSV, &text, NULL));
    CHECK(starts_with(text, "as_of,known_on,id,level,parent,text,score,band,coverage,status\n"
                        "2010-12-31,2010-12-31,PAE-TRATA-2007-2017,plan,,"));
    sg_node_score plan_score;
    CHECK_STATUS(SG_STATUS_OK, sg_scorecard_plan_score(card, &plan_score, NULL));
    char expected[64];
    snprintf(expected, sizeof expected, ",%u.%06u,%s,", plan_score.score_millionths / 1000000u,
             plan_score.score_millionths % 1000000u, sg_band_name(plan_score.band));
    const char *second_line = strchr(text, '\n') + 1;
    const char *third_line = strchr(second_line, '\n');
    CHECK(third_line != NULL && strstr(second_line, expected) != NULL &&
          strstr(second_line, expected) < third_line);
    char *json = NULL;
    CHECK_STATUS(SG_STATUS_OK, sg_scorecard_to_json(card, &json, NULL));
    size_t nodes = count_of(json, "\"level\": ");
    CHECK(nodes > 200 && count_lines(text) == 1 + nodes);
    sg_string_free(json);
    sg_string_free(text);
    CHECK_STATUS(SG_STATUS_OK, sg_scorecard_table(card, "entities", SG_TABLE_FORMAT_JSON, &text,
                                                  NULL));
    CHECK_CONTAINS(text, "{\"as_of\":\"2010-12-31\",\"known_on\":\"2010-12-31\",\"code\":\"MRE\","
                         "\"name\":\"Ministerio de Relaciones Exteriores\"");
    sg_string_free(text);
    CHECK_STATUS(SG_STATUS_OK, sg_scorecard_table(card, "reporting", SG_TABLE_FORMAT_CSV, &text,
                                                  NULL));
    CHECK(starts_with(text, "as_of,known_on,entity,kind,expected,on_time,late,missing,rate,timeliness,"
                            "missing_periods\n"));
    sg_string_free(text);
    /* One row per expected report, by the core's grace rule. */
    CHECK_STATUS(SG_STATUS_OK, sg_scorecard_table(card, "reporting_detail", SG_TABLE_FORMAT_CSV,
                                                  &text, NULL));
    CHECK(starts_with(text, "as_of,known_on,entity,kind,period,due_on,submitted_on,status,days_late\n"));
    CHECK_CONTAINS(text, ",MP,monthly,2008-01,2008-03-01,");
    CHECK_CONTAINS(text, ",missing,");
    CHECK_CONTAINS(text, ",late,");
    sg_string_free(text);
    CHECK_STATUS(SG_STATUS_OK, sg_scorecard_table(card, "reporting_detail", SG_TABLE_FORMAT_JSON,
                                                  &text, NULL));
    CHECK_CONTAINS(text, "\"status\":\"on_time\",\"days_late\":0}");
    sg_string_free(text);
    /* The rankings: institutions first; thin coverage is not ranked. */
    CHECK_STATUS(SG_STATUS_OK, sg_scorecard_table(card, "rankings", SG_TABLE_FORMAT_CSV, &text,
                                                  NULL));
    CHECK(starts_with(text, "as_of,known_on,group,rank,code,name,score,band,coverage,scored_actions,"
                            "actions,standing\n2010-12-31,2010-12-31,institution,1,"));
    CHECK_CONTAINS(text, ",institution,,MTPS,");
    CHECK_CONTAINS(text, ",insufficient_data\n");
    CHECK_CONTAINS(text, ",group,1,");
    sg_string_free(text);
    CHECK_TABLE_ARGUMENTS(sg_scorecard_table, card, "consistency", "axes");
    sg_scorecard_free(card);

    /* A scorecard keeps what its tables read of the plan: the plan and ledger
       may be freed first. */
    sg_plan *own_plan = NULL;
    sg_ledger *own_ledger = NULL;
    CHECK_STATUS(SG_STATUS_OK, sg_plan_embedded(&own_plan, NULL));
    CHECK_STATUS(SG_STATUS_OK, sg_ledger_new(own_plan, &own_ledger, NULL));
    CHECK_STATUS(SG_STATUS_OK, sg_evaluate(own_plan, own_ledger, "2008-12-31", NULL, &card, NULL));
    sg_ledger_free(own_ledger);
    sg_plan_free(own_plan);
    CHECK_STATUS(SG_STATUS_OK,
                 sg_scorecard_table(card, "nodes", SG_TABLE_FORMAT_JSON, &text, NULL));
    CHECK_CONTAINS(text, "\"parent\":null,\"text\":\"Plan de Acci");
    CHECK_CONTAINS(text, "{\"as_of\":\"2008-12-31\",\"known_on\":\"2008-12-31\",\"id\":\"E1\",\"level\":\"axis\","
                         "\"parent\":\"PAE-TRATA-2007-2017\"");
    sg_string_free(text);
    sg_scorecard_free(card);
}

int main(int argc, char **argv) {
    if (argc > 1) {
        seeds = argv[1];
    }
    /* Rust's default panic hook would print a full backtrace with this: the
       library must print nothing at all. */
    setenv("RUST_BACKTRACE", "full", 1);
    test_versions_and_names();
    test_last_error_and_panic();
    test_plans();

    sg_plan *plan = NULL;
    CHECK_STATUS(SG_STATUS_OK, sg_plan_embedded(&plan, NULL));
    test_ledgers(plan);
    test_duplicates(plan);

    /* The demo ledger, strictly: every record is valid. */
    char *demo_path = seed_path("demo-ledger.json");
    size_t demo_len = 0;
    char *demo = read_file(demo_path, &demo_len);
    CHECK(demo != NULL);
    if (demo == NULL) {
        fprintf(stderr, "cannot read %s\n", demo_path);
        free(demo_path);
        sg_plan_free(plan);
        return finish("test_api");
    }
    sg_ledger *ledger = NULL;
    size_t accepted = 0;
    char *report = NULL;
    CHECK_STATUS(SG_STATUS_OK, sg_ledger_new(plan, &ledger, NULL));
    CHECK_STATUS(SG_STATUS_OK, sg_ledger_ingest_json(ledger, u8(demo), demo_len, SG_MODE_STRICT,
                                                     &accepted, &report, NULL));
    CHECK(accepted > 0);
    CHECK_CONTAINS(report, "\"rejections\":[]");
    sg_string_free(report);

    test_evaluate_errors(plan, ledger);
    test_scorecard(plan, ledger);
    test_known_on(plan, ledger);
    test_evaluate_many(plan, ledger);
    test_struct_layout(plan, ledger);
    test_tables(plan, ledger);
    test_error_out(plan, ledger);
    test_incremental(plan, demo, demo_len);
    test_public_view(plan, ledger);
    test_documents(plan, ledger, demo, demo_len);

    sg_ledger_free(ledger);
    sg_plan_free(plan);
    free(demo);
    free(demo_path);
    return finish("test_api");
}
