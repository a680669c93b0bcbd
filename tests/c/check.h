/*
 * check.h — a tiny assertion harness for the C tests of libseguimiento.
 * Each CHECK counts; a failure prints the expression, the place, and the
 * library's last error message, and the program exits non-zero at the end.
 */
#ifndef SG_TEST_CHECK_H
#define SG_TEST_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "seguimiento.h"

static int checks_run = 0;
static int checks_failed = 0;

/* This thread's last error message, in a static buffer (tests only). */
static const char *last_message(void) {
    static char buf[4096];
    size_t len = 0;
    if (sg_last_error_message(buf, sizeof buf, &len) != SG_STATUS_OK) {
        snprintf(buf, sizeof buf, "<message of %zu bytes does not fit>", len);
    }
    return buf;
}

#define CHECK(cond)                                                                   \
    do {                                                                              \
        checks_run++;                                                                 \
        if (!(cond)) {                                                                \
            checks_failed++;                                                          \
            fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);           \
        }                                                                             \
    } while (0)

/* Runs a call and checks the status it returns. */
#define CHECK_STATUS(expected, call)                                                  \
    do {                                                                              \
        sg_status got_ = (call);                                                      \
        checks_run++;                                                                 \
        if (got_ != (sg_status)(expected)) {                                          \
            checks_failed++;                                                          \
            fprintf(stderr, "FAIL %s:%d: %s\n  expected %s, got %s (%s)\n", __FILE__, \
                    __LINE__, #call, sg_status_name(expected), sg_status_name(got_),  \
                    last_message());                                                  \
        }                                                                             \
    } while (0)

/*
 * The error out-parameter. Inside these two macros the call names `&err` as
 * its last argument, an `sg_error *` the macro declares.
 *
 * CHECK_ERROR_OUT(expected, call): the call fails with `expected`, and hands
 * back an sg_error with the same status and the same message as this thread's
 * last error (a non-empty one); the error is freed.
 *
 * CHECK_NO_ERROR_OUT(call): the call succeeds and leaves `err` as it was.
 */
#define CHECK_ERROR_OUT(expected, call)                                               \
    do {                                                                              \
        sg_error *err = NULL;                                                         \
        sg_status got_ = (call);                                                      \
        checks_run++;                                                                 \
        if (got_ != (sg_status)(expected) || err == NULL ||                           \
            sg_error_status(err) != got_ || sg_error_message(err)[0] == '\0' ||       \
            strcmp(sg_error_message(err), last_message()) != 0) {                     \
            checks_failed++;                                                          \
            fprintf(stderr,                                                           \
                    "FAIL %s:%d: %s\n  expected %s with an sg_error, got %s, error %s: " \
                    "%s\n  last error: %s\n",                                         \
                    __FILE__, __LINE__, #call, sg_status_name(expected),              \
                    sg_status_name(got_), sg_status_name(sg_error_status(err)),       \
                    sg_error_message(err), last_message());                           \
        }                                                                             \
        sg_error_free(err);                                                           \
    } while (0)

#define CHECK_NO_ERROR_OUT(call)                                                      \
    do {                                                                              \
        sg_error *const untouched_ = (sg_error *)0x1;                                 \
        sg_error *err = untouched_;                                                   \
        sg_status got_ = (call);                                                      \
        checks_run++;                                                                 \
        if (got_ != SG_STATUS_OK || err != untouched_) {                              \
            checks_failed++;                                                          \
            fprintf(stderr, "FAIL %s:%d: %s\n  expected SG_STATUS_OK and error_out "  \
                    "untouched, got %s (%s)\n", __FILE__, __LINE__, #call,            \
                    sg_status_name(got_), last_message());                            \
        }                                                                             \
    } while (0)

#define CHECK_STREQ(a, b)                                                             \
    do {                                                                              \
        const char *a_ = (a), *b_ = (b);                                              \
        checks_run++;                                                                 \
        if (a_ == NULL || b_ == NULL || strcmp(a_, b_) != 0) {                        \
            checks_failed++;                                                          \
            fprintf(stderr, "FAIL %s:%d: %s == %s\n  left:  %.200s\n  right: %.200s\n",  \
                    __FILE__, __LINE__, #a, #b, a_ ? a_ : "(null)", b_ ? b_ : "(null)"); \
        }                                                                             \
    } while (0)

#define CHECK_CONTAINS(haystack, needle)                                              \
    do {                                                                              \
        const char *h_ = (haystack), *n_ = (needle);                                  \
        checks_run++;                                                                 \
        if (h_ == NULL || strstr(h_, n_) == NULL) {                                   \
            checks_failed++;                                                          \
            fprintf(stderr, "FAIL %s:%d: %s contains %s\n  text: %.300s\n", __FILE__,  \
                    __LINE__, #haystack, n_, h_ ? h_ : "(null)");                     \
        }                                                                             \
    } while (0)

static int finish(const char *program) {
    printf("%s: %d checks, %d failed\n", program, checks_run, checks_failed);
    return checks_failed == 0 && checks_run > 0 ? 0 : 1;
}

/* Reads a whole file (NUL-terminated too); NULL if it cannot be read. */
static char *read_file(const char *path, size_t *len_out) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap + 1);
    while (buf != NULL) {
        len += fread(buf + len, 1, cap - len, f);
        if (len < cap) {
            break;
        }
        char *bigger = realloc(buf, 2 * cap + 1);
        if (bigger == NULL) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = bigger;
        cap *= 2;
    }
    fclose(f);
    if (buf != NULL) {
        buf[len] = '\0';
        if (len_out != NULL) {
            *len_out = len;
        }
    }
    return buf;
}

#endif /* SG_TEST_CHECK_H */
