/*
 * test_threads.c — one plan and one ledger evaluated from several threads at
 * once (8 threads x 20 evaluations by default): every result equals the
 * single-threaded one, and each thread reads its own last error.
 *
 *   usage: test_threads SEEDS_DIR [THREADS] [EVALUATIONS_PER_THREAD]
 */
#include <pthread.h>

#include "check.h"

static const sg_plan *shared_plan;
static const sg_ledger *shared_ledger;
static const char *reference_json;
static size_t reference_records;
static int evaluations = 20;

struct worker {
    int index;
    int evaluations_done;
    int mismatches;
    int errors;
};

static void *work(void *arg) {
    struct worker *w = arg;
    char bad_date[32];
    /* A date that is wrong in a way that names this thread. */
    snprintf(bad_date, sizeof bad_date, "2010-13-%02d", w->index + 1);
    for (int i = 0; i < evaluations; i++) {
        sg_scorecard *card = NULL;
        char *json = NULL;
        if (sg_evaluate(shared_plan, shared_ledger, "2010-12-31", NULL, &card) != SG_STATUS_OK ||
            sg_scorecard_to_json(card, &json) != SG_STATUS_OK) {
            w->errors++;
        } else {
            w->evaluations_done++;
            if (strcmp(json, reference_json) != 0) {
                w->mismatches++;
            }
        }
        sg_string_free(json);
        sg_scorecard_free(card);

        /* Reading the ledger while others evaluate it. */
        size_t records = 0;
        if (sg_ledger_record_count(shared_ledger, &records) != SG_STATUS_OK ||
            records != reference_records) {
            w->errors++;
        }

        /* The last error is per thread: ours names our date. */
        sg_scorecard *none = NULL;
        if (sg_evaluate(shared_plan, shared_ledger, bad_date, NULL, &none) != SG_STATUS_INVALID_DATE) {
            w->errors++;
        }
        char message[512];
        if (sg_last_error_message(message, sizeof message, NULL) != SG_STATUS_OK ||
            strstr(message, bad_date) == NULL || sg_last_error_status() != SG_STATUS_INVALID_DATE) {
            w->errors++;
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
    CHECK_STATUS(SG_STATUS_OK, sg_plan_embedded(&plan));
    CHECK_STATUS(SG_STATUS_OK, sg_ledger_new(plan, &ledger));
    CHECK_STATUS(SG_STATUS_OK, sg_ledger_ingest_json(ledger, (const uint8_t *)demo, len,
                                                     SG_MODE_STRICT, NULL, NULL));
    CHECK_STATUS(SG_STATUS_OK, sg_ledger_record_count(ledger, &reference_records));

    sg_scorecard *card = NULL;
    char *reference = NULL;
    CHECK_STATUS(SG_STATUS_OK, sg_evaluate(plan, ledger, "2010-12-31", NULL, &card));
    CHECK_STATUS(SG_STATUS_OK, sg_scorecard_to_json(card, &reference));
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
    }
    /* The main thread's last error is still its own (the last call succeeded). */
    CHECK(sg_last_error_status() == SG_STATUS_OK);
    printf("test_threads: %d threads x %d evaluations, all equal to the single-threaded result\n",
           started, evaluations);

    sg_string_free(reference);
    sg_ledger_free(ledger);
    sg_plan_free(plan);
    free(demo);
    return finish("test_threads");
}
