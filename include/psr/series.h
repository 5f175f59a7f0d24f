/* psr/series.h - the per-process series users read, derived from the raw
 * metrics of a log: gauges in bytes, rates per second from counter deltas,
 * cumulative totals. One table serves every output of psreport.
 *
 * Prefix: psr_series_. Nothing here allocates, prints or exits. */
#ifndef PSR_SERIES_H
#define PSR_SERIES_H

#include <stdbool.h>
#include <stdint.h>

#include "log.h"

enum psr_series_kind {
	PSR_SERIES_GAUGE, /* the value, in base units */
	PSR_SERIES_RATE,  /* delta of a counter (or of two) per second */
	PSR_SERIES_TOTAL, /* the cumulative counter, in base units */
	PSR_SERIES_STATE, /* an ASCII character */
};

enum psr_series_unit {
	PSR_SU_PERCENT,   /* of one CPU */
	PSR_SU_BYTES,
	PSR_SU_BYTES_PER_S,
	PSR_SU_PER_S,
	PSR_SU_COUNT,
	PSR_SU_SECONDS,
	PSR_SU_CHAR,
};

/* Flags: what each analysis uses the series for. */
enum psr_series_flags {
	PSR_SF_STATS = 1u << 0, /* statistics, distributions, windows, peaks */
	PSR_SF_TREND = 1u << 1, /* memory: trend and leak verdict */
	PSR_SF_CORR = 1u << 2,  /* part of the correlation matrix */
	PSR_SF_INT = 1u << 3,   /* printed without decimals */
};

struct psr_series_def {
	const char *name;  /* CSV column and JSON key, with its unit */
	const char *label; /* for people: "RSS", "CPU user" */
	enum psr_series_kind kind;
	enum psr_series_unit unit;
	int metric;        /* PSR_M_* */
	int metric2;       /* added to metric (cpu_percent), or -1 */
	double factor;     /* applied after unit conversion (100 for %) */
	unsigned flags;    /* enum psr_series_flags */
};

/* The table, in output order. */
const struct psr_series_def *psr_series_table(unsigned *count);

/* Index of a series by name, or -1. */
int psr_series_find(const char *name);

/* The whole-host series (psrec --system), derived from SYSTEM records:
 * host CPU busy % (100 = every CPU busy), RAM used the htop way, swap
 * used, load averages... Their `metric` fields are unused. */
const struct psr_series_def *psr_series_system_table(unsigned *count);

/* The host series from a SYSTEM record's raw values (cur, prev: NULL for
 * the first) dt seconds apart, into out[] by index in the system table;
 * NaN where undefined. */
void psr_series_system_values(const struct psr_header *h, const uint64_t *cur,
			      uint64_t cur_present, const uint64_t *prev,
			      uint64_t prev_present, double dt, double *out);

/* Raw value of metric m in base units: pages and kB to bytes, ticks to
 * seconds. */
double psr_series_base(const struct psr_header *h, unsigned m, uint64_t raw);

/* The state series' value of a raw state: the letter (R, S, D, Z, T, t,
 * X, I, ...), or '?' for any other value (a crafted or damaged log): a
 * comma, quote, newline or NUL would break a CSV column or JSON string. */
double psr_series_state(uint64_t raw);

/* Whether a log with header h records what series d needs. */
bool psr_series_available(const struct psr_header *h,
			  const struct psr_series_def *d);

/* Series d for a process: cur and prev are its values at t_us and
 * prev_t_us (prev NULL for its first sample). False when undefined:
 * missing metric, first sample of a rate, counter reset. */
bool psr_series_value(const struct psr_header *h,
		      const struct psr_series_def *d,
		      const struct psr_values *cur, uint64_t t_us,
		      const struct psr_values *prev, uint64_t prev_t_us,
		      double *out);

#endif
