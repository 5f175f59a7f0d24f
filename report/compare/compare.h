/* compare.h - psreport's comparison modes: --baseline (a baseline
 * against new logs), --runs (statistics per run, in order) and --index
 * (what a directory of logs holds). The session reads each side (a
 * baseline and the new logs: two engines, so that a log compared with
 * itself stays two runs); psr/compare.h compares them, or the runs table
 * (runs_table.h) is computed once; the writers below only format, each
 * with its row in the output table (output.h). */
#ifndef PSREPORT_COMPARE_H
#define PSREPORT_COMPARE_H

#include "compare_charts.h"

#include <psr/compare.h>

#include <stdbool.h>
#include <stdio.h>

#define EXIT_REGRESSION 4 /* a 'worse' verdict with --fail-on-regression */

struct compare_opts {
	const char **baselines; /* --baseline, in the order given */
	size_t nbaselines;
	bool runs;              /* --runs */
	const char *index_dir;  /* --index */
	struct psr_compare_opts cmp;
	bool fail_on_regression;
};

/* ---- writers: compare_text.c, compare_csv.c, compare_json.c ---- */

struct jsonw;

int compare_text(const struct psr_compare *c, bool colour, FILE *f);
int compare_csv(const struct psr_compare *c, FILE *f);
/* The "comparison" member of --json; base_runs runs come first in the
 * document's "runs", then the new ones. */
void compare_json(struct jsonw *j, const struct psr_compare *c);

/* --runs: per process key, per metric, one row per run. */
int runs_text(const struct runs_table *t, FILE *f);
int runs_csv(const struct runs_table *t, FILE *f);

#endif
