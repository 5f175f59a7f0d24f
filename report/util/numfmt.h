/* numfmt.h - numbers as printf prints them, without printf: the CSV and
 * JSON writers print millions of them, and glibc's exact decimal
 * conversion (multi-precision arithmetic for every number) was half of
 * --json's time on a host's log of 10,000 processes (README "A churning
 * host"). The output is byte for byte printf's: a number the fast path
 * cannot decide for certain goes to snprintf. */
#ifndef PSREPORT_NUMFMT_H
#define PSREPORT_NUMFMT_H

#include <stddef.h>
#include <stdint.h>

/* Room for any number these write, with its NUL. */
#define NUMFMT_MAX 32

/* snprintf(buf, NUMFMT_MAX, "%.10g", v); returns the length. */
size_t numfmt_g10(char *buf, double v);

/* What printf("%.*f", decimals, v) writes, decimals 0 to 6 (the CSV
 * rows' %.0f and %.3f), for |v| x 10^decimals < 1e12: its length; 0 for
 * any other
 * number (it may not fit the buffer), which the caller prints with
 * printf. */
size_t numfmt_fixed(char *buf, double v, int decimals);

/* snprintf(buf, NUMFMT_MAX, "%llu", u); returns the length. */
size_t numfmt_u64(char *buf, uint64_t u);

/* snprintf(buf, NUMFMT_MAX, "%.0f", v) for an integral v with |v| < 1e15
 * (exact in a double and in an int64_t); returns the length. */
size_t numfmt_int(char *buf, double v);

#endif
