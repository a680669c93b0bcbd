/*
 * test_threads.c — one plan and one ledger evaluated from several threads at
 * once (8 threads x 20 evaluations by default): every result (the scorecard
 * JSON, its nodes table, a table of the ledger read meanwhile) equals the
 * single-threaded one, each thread reads its own last error, each thread's
 * error out-parameters hold its own errors, an error made on one thread is
 * read by all at once, and errors made on the workers are read and freed on
 * the main thread.
 *
 *   usage: test_threads SEEDS_DIR [THREADS] [EVALUATIONS_PER_THREAD]
 */
#include <pthread.h>

#include "check.h"

static const sg_plan *shared_plan;
static const sg_ledger *shared_ledger;
static const char *reference_json;
static const char *reference_nodes;
static const char *reference_submissions;
static size_t reference_records;
static int evaluations = 20;
/* An error made on the main thread, read by every worker at once. */
static const sg_error *shared_error;
static const char *shared_error_message;

struct worker {
    int index;
    int evaluations_done;
    int mismatches;
    int errors;
    /* The worker's last error out-parameter, left for the main thread. */
    sg_error *handed_over;
};

static void *work(void *arg) {
    struct worker *w = arg;
    char bad_date[32];
    /* A date that is wrong in a way that names this thread. */
    snprintf(bad_date, sizeof bad_date, "2010-13-%02d", w->index + 1);
    for (int i = 0; i < evaluations; i++) {
        sg_scorecard *card = NULL;
        char *json = NULL;
        sg_error *error = NULL;
        if (sg_evaluate(shared_plan, shared_ledger, "2010-12-31", NULL, &card, &error) != SG_STATUS_OK ||
            sg_scorecard_to_json(card, &json, &error) != SG_STATUS_OK || error != NULL) {
            w->errors++;
        } else {
            w->evaluations_done++;
            if (strcmp(json, reference_json) != 0) {
                w->mismatches++;
            }
            char *nodes = NULL;
            if (sg_scorecard_table(card, "nodes", SG_TABLE_FORMAT_CSV, &nodes, NULL) != SG_STATUS_OK) {
                w->errors++;
            } else if (strcmp(nodes, reference_nodes) != 0) {
                w->mismatches++;
            }
            sg_string_free(nodes);
        }
        sg_string_free(json);
        sg_scorecard_free(card);

        /* A table of the ledger while others evaluate it. */
        char *submissions = NULL;
        if (sg_ledger_table(shared_ledger, "submissions", SG_TABLE_FORMAT_JSON, &submissions,
                            NULL) != SG_STATUS_OK) {
            w->errors++;
        } else if (strcmp(submissions, reference_submissions) != 0) {
            w->mismatches++;
        }
        sg_string_free(submissions);

        /* Reading the ledger while others evaluate it. */
        size_t records = 0;
        if (sg_ledger_record_count(shared_ledger, &records, NULL) != SG_STATUS_OK ||
            records != reference_records) {
            w->errors++;
        }

        /* The last error is per thread: ours names our date. So does the
           error handed back, which is ours alone. */
        sg_scorecard *none = NULL;
        sg_error *mine = NULL;
        if (sg_evaluate(shared_plan, shared_ledger, bad_date, NULL, &none, &mine) != SG_STATUS_INVALID_DATE) {
            w->errors++;
        }
        char message[512];
        if (sg_last_error_message(message, sizeof message, NULL) != SG_STATUS_OK ||
            strstr(message, bad_date) == NULL || sg_last_error_status() != SG_STATUS_INVALID_DATE) {
            w->errors++;
        }
        if (mine == NULL || sg_error_status(mine) != SG_STATUS_INVALID_DATE ||
            strcmp(sg_error_message(mine), message) != 0) {
            w->errors++;
        }

        /* The main thread's error, read here while the others read it too. */
        if (sg_error_status(shared_error) != SG_STATUS_UNKNOWN_ID ||
            strcmp(sg_error_message(shared_error), shared_error_message) != 0) {
            w->errors++;
        }

        /* Keep the last one for the main thread to read and free. */
        if (i + 1 == evaluations) {
            w->handed_over = mine;
        } else {
            sg_error_free(mine);
        }
    }
    return NULL;
}

int main(int argc, char **argv) {
    const char *seeds = argc > 1 ? argv[1] : "seeds";
    int threads = argc > 2 ? atoi(argv[2]) : 8;
    if (argc > 3) {
        evaluations = atoi(argv[3]);
    }
    if (threads < 2 || threads > 64 || evaluations < 1) {
        fprintf(stderr, "usage: test_threads SEEDS_DIR [THREADS 2-64] [EVALUATIONS >= 1]\n");
        return 2;
    }

    char path[4096];
    snprintf(path, sizeof path, "%s/demo-ledger.json", seeds);
    size_t len = 0;
    char *demo = read_file(path, &len);
    CHECK(demo != NULL);
    if (demo == NULL) {
        fprintf(stderr, "cannot read %s\n", path);
        return finish("test_threads");
    }

    sg_plan *plan = NULL;
    sg_ledger *ledger = NULL;
    CHECK_STATUS(SG_STATUS_OK, sg_plan_embedded(&plan, NULL));
    CHECK_STATUS(SG_STATUS_OK, sg_ledger_new(plan, &ledger, NULL));
    CHECK_STATUS(SG_STATUS_OK, sg_ledger_ingest_json(ledger, (const uint8_t *)demo, len,
                                                     SG_MODE_STRICT, NULL, NULL, NULL));
    CHECK_STATUS(SG_STATUS_OK, sg_ledger_record_count(ledger, &reference_records, NULL));

    sg_error *main_error = NULL;
    char *no_text = NULL;
    CHECK_STATUS(SG_STATUS_UNKNOWN_ID, sg_plan_node_text(plan, "E1.L1.M9", &no_text, &main_error));
    CHECK(main_error != NULL && no_text == NULL);
    shared_error = main_error;
    shared_error_message = sg_error_message(main_error);
    CHECK_CONTAINS(shared_error_message, "E1.L1.M9");

    sg_scorecard *card = NULL;
    char *reference = NULL;
    CHECK_STATUS(SG_STATUS_OK, sg_evaluate(plan, ledger, "2010-12-31", NULL, &card, NULL));
    CHECK_STATUS(SG_STATUS_OK, sg_scorecard_to_json(card, &reference, NULL));
    char *nodes = NULL, *submissions = NULL;
    CHECK_STATUS(SG_STATUS_OK, sg_scorecard_table(card, "nodes", SG_TABLE_FORMAT_CSV, &nodes, NULL));
    CHECK_STATUS(SG_STATUS_OK, sg_ledger_table(ledger, "submissions", SG_TABLE_FORMAT_JSON,
                                               &submissions, NULL));
    reference_nodes = nodes;
    reference_submissions = submissions;
    sg_scorecard_free(card);
    shared_plan = plan;
    shared_ledger = ledger;
    reference_json = reference;

    pthread_t ids[64];
    struct worker workers[64];
    int started = 0;
    for (int t = 0; t < threads; t++) {
        workers[t] = (struct worker){.index = t};
        int rc = pthread_create(&ids[t], NULL, work, &workers[t]);
        CHECK(rc == 0);
        if (rc == 0) {
            started++;
        }
    }
    for (int t = 0; t < started; t++) {
        CHECK(pthread_join(ids[t], NULL) == 0);
        CHECK(workers[t].errors == 0);
        CHECK(workers[t].mismatches == 0);
        CHECK(workers[t].evaluations_done == evaluations);
        /* A worker's error, read and freed on this thread: it names the
           worker's own date. */
        char bad_date[32];
        snprintf(bad_date, sizeof bad_date, "2010-13-%02d", t + 1);
        CHECK(sg_error_status(workers[t].handed_over) == SG_STATUS_INVALID_DATE);
        CHECK_CONTAINS(sg_error_message(workers[t].handed_over), bad_date);
        sg_error_free(workers[t].handed_over);
    }
    sg_error_free(main_error);
    /* The main thread's last error is still its own (the last call succeeded). */
    CHECK(sg_last_error_status() == SG_STATUS_OK);
    printf("test_threads: %d threads x %d evaluations, all equal to the single-threaded result\n",
           started, evaluations);

    sg_string_free(reference);
    sg_string_free(nodes);
    sg_string_free(submissions);
    sg_ledger_free(ledger);
    sg_plan_free(plan);
    free(demo);
    return finish("test_threads");
}
