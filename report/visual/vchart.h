/* vchart.h - the charts of one process (or process tree) of the analysis
 * result, shared by the PDF pages (vpdf.c) and the per-chart files
 * (visual.c): a table of chart functions over one prepared process.
 * Each returns 0 when drawn, 1 when there is nothing to draw (with a
 * NULL target it only says which, drawing nothing), or a negative errno
 * code with a one-line message in err. */
#ifndef PSREPORT_VCHART_H
#define PSREPORT_VCHART_H

#include "chart.h"
#include "writers.h"

#include <stddef.h>

/* A process's timed buckets, prepared once for all its charts. */
struct vchart_proc {
	const struct report_ctx *c;
	const struct psr_run_result *run;
	const struct psr_proc_result *p;
	size_t n;      /* buckets with a time, ascending */
	size_t *idx;   /* their indexes in p's buckets */
	double *t;     /* their times, Unix seconds */
	double elapsed_from; /* 0: wall-clock axes; else the run's start */
	char who[200]; /* "nginx 1200", "tree of nginx 1200": chart titles */
};

/* 0 or -ENOMEM; release it either way. */
int vchart_proc_init(struct vchart_proc *x, const struct report_ctx *c,
		     const struct psr_run_result *run,
		     const struct psr_proc_result *p);
void vchart_proc_release(struct vchart_proc *x);

/* Second 0 of the run's elapsed-time axes (--time-axis), or 0 for the
 * wall clock. */
double vchart_elapsed_from(const struct report_ctx *c,
			   const struct psr_run_result *run);

/* A series of p with at least one value, or NULL. */
const struct psr_series_result *vchart_series(
	const struct psr_proc_result *p, const char *name);

/* The chart unit of a series unit. */
static inline enum chart_unit vchart_unit(enum psr_series_unit u)
{
	switch (u) {
	case PSR_SU_PERCENT: return CHART_UNIT_PERCENT;
	case PSR_SU_BYTES: return CHART_UNIT_BYTES;
	case PSR_SU_BYTES_PER_S: return CHART_UNIT_BYTES_PER_S;
	case PSR_SU_PER_S: return CHART_UNIT_PER_S;
	case PSR_SU_COUNT: return CHART_UNIT_COUNT;
	default: return CHART_UNIT_NONE;
	}
}

/* "WHO: what", the title of a chart of x. */
void vchart_title(const struct vchart_proc *x, const char *what, char *buf,
		  size_t len);

typedef int (*vchart_fn)(const struct vchart_proc *x,
			 const struct chart_target *tg, char *err,
			 size_t errlen);

enum {
	VC_CPU, VC_RSS, VC_VMS, VC_BREAKDOWN, VC_IO_TOTAL, VC_IO_RATE,
	VC_CTXSW, VC_FDS, VC_CPU_DIST, VC_RSS_DIST, VC_CORR,
	VC_PROC_COUNT, /* the charts of a process: those above */
	VC_HOST_CPU = VC_PROC_COUNT, VC_HOST_MEM, VC_HOST_RAM_PCT,
	VC_HOST_LOAD, VC_HOST_AVAIL, VC_HOST_RUNNING, VC_COUNT
};

struct vchart {
	const char *file;  /* in file names: PID-NAME-file.svg */
	const char *title; /* where the PDF has nothing to draw */
	const char *none;  /* ... and why */
	vchart_fn draw;
};

extern const struct vchart vcharts[VC_COUNT];

/* The charts of a tree total: what summing means. */
enum { VCHART_TREE = 4 };
extern const int vchart_tree[VCHART_TREE];

/* The charts of the host (psrec --system). */
enum { VCHART_HOST = 6 };
extern const int vchart_host[VCHART_HOST];

#endif
