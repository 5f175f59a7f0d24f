/* derive.h - the per-process series users read, derived from raw metrics:
 * gauges in bytes, rates per second from counter deltas, totals.
 * One table serves every output (CSV now, statistics and charts later). */
#ifndef PSREPORT_DERIVE_H
#define PSREPORT_DERIVE_H

#include <psr/log.h>

#include <stdbool.h>

enum derive_kind {
	DERIVE_GAUGE, /* the value, in base units */
	DERIVE_RATE,  /* delta of a counter (or of two) per second */
	DERIVE_TOTAL, /* the cumulative counter, in base units */
	DERIVE_STATE, /* a character */
};

struct derived {
	const char *name; /* CSV column, with its unit */
	enum derive_kind kind;
	int metric;       /* PSR_M_* */
	int metric2;      /* added to metric (cpu_percent), or -1 */
	double factor;    /* applied after unit conversion (100 for %) */
	bool integer;     /* printed without decimals */
};

extern const struct derived derived_table[];
extern const unsigned derived_count;

/* The value of metric m in base units: pages and kB to bytes, ticks to
 * seconds. */
double derive_base(const struct psr_header *h, unsigned m, uint64_t raw);

/* Whether the log records what column d needs. */
bool derive_available(const struct psr_header *h, const struct derived *d);

/* Column d for a process: cur and prev are its values at t_us and
 * prev_t_us (prev NULL for its first sample). False when undefined
 * (missing metric, first sample, counter reset). */
bool derive_value(const struct psr_header *h, const struct derived *d,
		  const struct psr_values *cur, uint64_t t_us,
		  const struct psr_values *prev, uint64_t prev_t_us,
		  double *out);

#endif
