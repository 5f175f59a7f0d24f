/* groups.h - --by command|name|user|tree: totals per group of processes
 * (all cc1 together), computed once per run from the engine's groups
 * (psr_result_groups) or its trees, for the text, --groups CSV, --json
 * and the PDF's page. */
#ifndef PSREPORT_GROUPS_H
#define PSREPORT_GROUPS_H

#include <psr/analysis.h>

#include <stddef.h>
#include <stdint.h>

enum groups_by { GROUPS_NONE = -1, GROUPS_COMMAND, GROUPS_NAME, GROUPS_USER,
		 GROUPS_TREE };

/* --by's names, by enum (NULL-terminated). */
extern const char *const groups_by_names[];

struct group_row {
	char key[128];        /* "cc1", "uid 1000", "tree of make (pid 7)" */
	uint32_t uid;
	size_t count, ended;  /* processes */
	double cpu_seconds;   /* exact, own and unseen children's; NaN */
	/* the group's summed CPU % and RSS over time (per time bin of the
	 * run, members summed): mean and p95 of CPU over the bins where a
	 * member was sampled, the peak of the summed RSS (a shared page
	 * counts once per process mapping it) */
	double cpu_mean, cpu_p95, rss_sum_peak;
	double peak_rss;      /* the largest member's RSS max */
	double read_bytes, write_bytes; /* disk, summed; NaN unknown */
};

struct group_table {
	int by;               /* enum groups_by */
	size_t n;
	struct group_row *rows; /* by CPU time, the largest first */
};

/* The groups of one run; 0 or -ENOMEM. */
int groups_compute(const struct psr_run_result *r, int by,
		   struct group_table *out);
void groups_release(struct group_table *t);

/* "command", "program", "user", "tree": what a group shares. */
const char *groups_by_label(int by);

#endif
