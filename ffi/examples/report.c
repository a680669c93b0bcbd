/*
 * report.c — score the action plan from a ledger, in C.
 *
 * Loads the plan embedded in the library, ingests a ledger (JSON), evaluates
 * it as of a date and prints the plan's score and the overdue actions.
 *
 *   usage: report [LEDGER.json] [YYYY-MM-DD]
 *          (defaults: seeds/demo-ledger.json 2010-12-31)
 *
 * Build against the shared library (from the repository root, after
 * `cargo build --release -p seguimiento-ffi`):
 *
 *   cc -std=c99 -Wall -Wextra -I ffi/include ffi/examples/report.c \
 *      -L target/release -lseguimiento -Wl,-rpath,"$PWD/target/release" -o report
 *
 * or against the static one:
 *
 *   cc -std=c99 -Wall -Wextra -I ffi/include ffi/examples/report.c \
 *      target/release/libseguimiento.a -lpthread -ldl -lm -o report
 */
#include <stdio.h>
#include <stdlib.h>

#include "seguimiento.h"

/* Prints the failed call and the error it handed back, then frees the error.
   (An error out-parameter does not depend on the thread, unlike
   sg_last_error_message: the same code works where calls move between
   threads.) */
static void report_error(const char *call, sg_error *error) {
    fprintf(stderr, "%s failed: %s: %s\n", call, sg_status_name(sg_error_status(error)),
            sg_error_message(error));
    sg_error_free(error);
}

/* Reads a whole file; the caller frees the buffer. */
static unsigned char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        perror(path);
        return NULL;
    }
    size_t cap = 1 << 16, used = 0;
    unsigned char *buf = malloc(cap);
    while (buf != NULL) {
        used += fread(buf + used, 1, cap - used, f);
        if (used < cap) {
            break;
        }
        unsigned char *bigger = realloc(buf, cap * 2);
        if (bigger == NULL) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = bigger;
        cap *= 2;
    }
    if (buf != NULL && ferror(f)) {
        perror(path);
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *len = used;
    return buf;
}

int main(int argc, char **argv) {
    const char *ledger_path = argc > 1 ? argv[1] : "seeds/demo-ledger.json";
    const char *as_of = argc > 2 ? argv[2] : "2010-12-31";
    int exit_code = EXIT_FAILURE;
    sg_plan *plan = NULL;
    sg_ledger *ledger = NULL;
    sg_scorecard *card = NULL;
    char *report = NULL;
    /* Written by a call only when it fails; each error is freed once. */
    sg_error *error = NULL;

    if (sg_abi_version() != SG_ABI_VERSION) {
        fprintf(stderr, "seguimiento.h is ABI %d but the library is ABI %u\n", SG_ABI_VERSION,
                (unsigned)sg_abi_version());
        return EXIT_FAILURE;
    }

    size_t len = 0;
    unsigned char *json = read_file(ledger_path, &len);
    if (json == NULL) {
        return EXIT_FAILURE;
    }

    if (sg_plan_embedded(&plan, &error) != SG_STATUS_OK) {
        report_error("sg_plan_embedded", error);
        goto done;
    }
    if (sg_ledger_new(plan, &ledger, &error) != SG_STATUS_OK) {
        report_error("sg_ledger_new", error);
        goto done;
    }

    /* Lenient: valid records go in, each rejected one is listed in the report. */
    size_t accepted = 0;
    if (sg_ledger_ingest_json(ledger, json, len, SG_MODE_LENIENT, &accepted, &report, &error) !=
        SG_STATUS_OK) {
        report_error("sg_ledger_ingest_json", error);
        goto done;
    }
    printf("Ledger %s: %zu records accepted\n", ledger_path, accepted);
    if (report != NULL && accepted == 0) {
        printf("Ingest report: %s\n", report);
    }

    /* NULL configuration: the defaults (late credit 0.5, green >= 0.90, ...). */
    if (sg_evaluate(plan, ledger, as_of, NULL, &card, &error) != SG_STATUS_OK) {
        report_error("sg_evaluate", error);
        goto done;
    }

    sg_node_score score;
    if (sg_scorecard_plan_score(card, &score, &error) != SG_STATUS_OK) {
        report_error("sg_scorecard_plan_score", error);
        goto done;
    }
    if (score.scored == 1) {
        printf("Plan score as of %s: %s (%s)\n", as_of, score.percent, sg_band_name(score.band));
    } else {
        printf("Plan score as of %s: not scored yet\n", as_of);
    }

    size_t overdue = 0;
    if (sg_scorecard_overdue_count(card, &overdue, &error) != SG_STATUS_OK) {
        report_error("sg_scorecard_overdue_count", error);
        goto done;
    }
    printf("Overdue actions: %zu\n", overdue);
    for (size_t i = 0; i < overdue; i++) {
        char *id = NULL;
        char *text = NULL;
        if (sg_scorecard_overdue_action(card, i, &id, &error) != SG_STATUS_OK) {
            report_error("sg_scorecard_overdue_action", error);
            goto done;
        }
        if (sg_plan_node_text(plan, id, &text, &error) != SG_STATUS_OK) {
            report_error("sg_plan_node_text", error);
            sg_string_free(id);
            goto done;
        }
        printf("  %s  %s\n", id, text);
        sg_string_free(text);
        sg_string_free(id);
    }
    exit_code = EXIT_SUCCESS;

done:
    /* Every free function accepts NULL; each object is freed exactly once. */
    sg_string_free(report);
    sg_scorecard_free(card);
    sg_ledger_free(ledger);
    sg_plan_free(plan);
    free(json);
    return exit_code;
}
