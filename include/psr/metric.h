/* psr/metric.h - the metrics a log can hold.
 *
 * Ids are part of the log format (format/FORMAT.md section 5): they are
 * stable forever and new metrics only get new ids. */
#ifndef PSR_METRIC_H
#define PSR_METRIC_H

#include <stdint.h>

enum psr_metric_id {
	PSR_M_UTIME = 0,
	PSR_M_STIME,
	PSR_M_VSIZE,
	PSR_M_RSS,
	PSR_M_SHARED,
	PSR_M_TEXT,
	PSR_M_DATA,
	PSR_M_MINFLT,
	PSR_M_MAJFLT,
	PSR_M_THREADS,
	PSR_M_STATE,
	PSR_M_FDS,
	PSR_M_RCHAR,
	PSR_M_WCHAR,
	PSR_M_SYSCR,
	PSR_M_SYSCW,
	PSR_M_READ_BYTES,
	PSR_M_WRITE_BYTES,
	PSR_M_CANCELLED_WRITE_BYTES,
	PSR_M_VCTXSW,
	PSR_M_NVCTXSW,
	PSR_M_VMSWAP,
	PSR_M_VMHWM,
	PSR_M_RSS_ANON,
	PSR_M_RSS_FILE,
	PSR_M_RSS_SHMEM,
	PSR_M_USS,
	PSR_M_PSS,
	PSR_M_SWAP,
	PSR_M_SWAP_PSS,
	PSR_M_COUNT /* number of metrics this build knows */
};

/* Mask width of the format: no log holds more metrics than this. */
#define PSR_METRIC_MAX 64

enum psr_metric_kind {
	PSR_KIND_COUNTER, /* cumulative since the process started */
	PSR_KIND_GAUGE,   /* instantaneous */
};

enum psr_metric_unit {
	PSR_UNIT_TICKS, /* clock ticks: header clock_ticks per second */
	PSR_UNIT_PAGES, /* pages: header page_size bytes each */
	PSR_UNIT_KB,    /* kibibytes */
	PSR_UNIT_BYTES,
	PSR_UNIT_COUNT, /* a plain number (faults, calls, threads...) */
	PSR_UNIT_CHAR,  /* an ASCII code (process state) */
};

struct psr_metric_info {
	const char *name;  /* as in FORMAT.md, e.g. "rss" */
	enum psr_metric_kind kind;
	enum psr_metric_unit unit;
	const char *source; /* where psrec reads it, for documentation */
};

/* Description of metric id, or NULL when this build does not know it. */
const struct psr_metric_info *psr_metric_info(unsigned id);

/* The metric sets psrec records, in mask order. Return their length. */
unsigned psr_metric_set_default(uint8_t *ids);
unsigned psr_metric_set_extended(uint8_t *ids); /* added by --extended */
unsigned psr_metric_set_uss(uint8_t *ids);      /* added by --uss */

#endif
