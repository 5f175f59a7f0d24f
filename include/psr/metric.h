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
	/* format 3: what the process's reaped children used (stat fields
	 * 16-17): each child's CPU and its own children's, added when the
	 * process waits for it */
	PSR_M_CUTIME,
	PSR_M_CSTIME,
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
	PSR_UNIT_HUNDREDTHS, /* a number times 100 (load averages: 1.25 is 125) */
};

struct psr_metric_info {
	const char *name;  /* as in FORMAT.md, e.g. "rss" */
	enum psr_metric_kind kind;
	enum psr_metric_unit unit;
	const char *source; /* where psrec reads it, for documentation */
};

/* Description of metric id, or NULL when this build does not know it. */
const struct psr_metric_info *psr_metric_info(unsigned id);

/* System metrics (FORMAT.md section 5.1): whole-host figures of a SYSTEM
 * record, with their own ids, also stable forever. At most 63 fit in a
 * log, as for process metrics. */
enum psr_sysmetric_id {
	PSR_S_MEM_TOTAL = 0, /* /proc/meminfo, kB */
	PSR_S_MEM_FREE,
	PSR_S_MEM_AVAILABLE,
	PSR_S_BUFFERS,
	PSR_S_CACHED,
	PSR_S_SRECLAIMABLE,
	PSR_S_SHMEM,
	PSR_S_SWAP_TOTAL,
	PSR_S_SWAP_FREE,
	PSR_S_CPU_USER, /* /proc/stat "cpu" line, ticks */
	PSR_S_CPU_NICE,
	PSR_S_CPU_SYSTEM,
	PSR_S_CPU_IDLE,
	PSR_S_CPU_IOWAIT,
	PSR_S_CPU_IRQ,
	PSR_S_CPU_SOFTIRQ,
	PSR_S_CPU_STEAL,
	PSR_S_CPU_GUEST,
	PSR_S_CPU_GUEST_NICE,
	PSR_S_LOAD1, /* /proc/loadavg, hundredths */
	PSR_S_LOAD5,
	PSR_S_LOAD15,
	PSR_S_PROCS_RUNNING, /* /proc/stat */
	PSR_S_PROCS_BLOCKED,
	PSR_S_CTXT,
	PSR_S_FORKS,
	PSR_S_COUNT /* number of system metrics this build knows */
};

/* Description of system metric id, or NULL when this build does not know
 * it. */
const struct psr_metric_info *psr_sysmetric_info(unsigned id);

/* The system metrics psrec records with --system, in mask order. */
unsigned psr_sysmetric_set(uint8_t *ids);

/* The metric sets psrec records, in mask order. Return their length.
 * The default set is psr_metric_set_default() and psr_metric_set_reaped()
 * (cutime, cstime; format 3): psrec lists the latter last, after the
 * optional sets, so that every metric of format 2 keeps its mask position
 * (FORMAT.md 5). */
unsigned psr_metric_set_default(uint8_t *ids);
unsigned psr_metric_set_extended(uint8_t *ids); /* added by --extended */
unsigned psr_metric_set_uss(uint8_t *ids);      /* added by --uss */
unsigned psr_metric_set_reaped(uint8_t *ids);   /* cutime, cstime */

#endif
