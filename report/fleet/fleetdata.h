/* fleetdata.h - the fleet's totals as fleet.c reduces them, for the
 * writers (fleettext.c, fleetview.c) and the time grid (fleetgrid.c);
 * internal to fleet/. */
#ifndef PSREPORT_FLEETDATA_H
#define PSREPORT_FLEETDATA_H

#include "fleet.h"

#include <psr/stats.h>

#include <stdint.h>
#include <stdio.h>

struct host {
	char *name;
	uint64_t logs, procs, samples;
	double cpu_s;   /* CPU seconds of its processes */
	double rss_max; /* its largest process */
	unsigned leak, possible;
	/* the charts: per metric, FLEET_BUCKETS of value x seconds and of
	 * seconds recorded, at bucket width tl_w (NULL: nothing yet) */
	float *tl_s, *tl_c;
	double tl_w;
};

struct cmd {
	char *name;
	uint64_t procs, samples;
	double cpu_w, cpu_wx; /* seconds, mean x seconds: the weighted mean */
	double cpu_s;
	struct psr_stats cpu; /* its processes' CPU distributions, pooled */
	double rss_max, growth_max;
	unsigned leak, possible;
	size_t *hosts; /* indexes of the hosts that ran it */
	size_t nhosts, caphosts;
};

struct problem {
	char *path;
	char *why;
};

/* The charts' grid: bucket k is [t0 + k w, t0 + (k+1) w). */
struct fleet_grid {
	size_t nm;              /* metrics charted */
	unsigned metrics[FLEET_MAX_METRICS];
	double t0, w;
	double *r_s, *r_c;      /* the recording being added, nm x BUCKETS */
	double first, last;     /* sample instants charted, Unix seconds */
};

struct fleet {
	struct host *hosts;
	size_t nhosts, caphosts;
	struct cmd *cmds;
	size_t ncmds, capcmds;
	struct problem *bad;
	size_t nbad, capbad;
	int cpu_idx, rss_idx;
	uint64_t logs_read;
	bool charts;
	struct fleet_grid g;
};

/* The CPU p95 of a command across its processes. */
double fleet_cmd_p95(const struct cmd *c);
/* Its time-weighted CPU mean. */
double fleet_cmd_mean(const struct cmd *c);

/* ---- fleettext.c: the tables; 0, or -1 on a write error ---- */

int fleet_text(const struct fleet *f, FILE *out);
int fleet_csv(const struct fleet *f, FILE *out);

/* ---- fleetgrid.c ---- */

int fleet_grid_init(struct fleet_grid *g, const unsigned *metrics,
		    size_t nmetrics, double t0);
void fleet_grid_release(struct fleet_grid *g);
/* A recording's processes (their time buckets from the engine) into
 * host h's buckets. 0 or -ENOMEM. */
int fleet_grid_add(struct fleet_grid *g, const struct psr_run_result *run,
		   struct host *h);
/* Host h's buckets at the grid's current width. */
void fleet_grid_fit(const struct fleet_grid *g, struct host *h);

#endif
