/* runs_table.h - psreport --runs: for each process key, for each series
 * with statistics, for each run, the pooled figures of the key's
 * processes (psr_compare_run_cell()), computed once for every output
 * (the text, --compare-csv, the charts), which only format them. */
#ifndef PSREPORT_RUNS_TABLE_H
#define PSREPORT_RUNS_TABLE_H

#include <psr/compare.h>

#include <stddef.h>

struct runs_table {
	const struct psr_result *result; /* its runs, in start order */
	enum psr_match match;
	char **keys;                     /* in order of first appearance */
	size_t nkeys;
	unsigned nseries;                /* psr_series_table()'s count */
	struct psr_compare_cell *cells;  /* [key][series][run] */
};

/* 0 or -ENOMEM. The table points into r, which must outlive it. */
int runs_table_new(const struct psr_result *r, enum psr_match m,
		   struct runs_table **out);
void runs_table_free(struct runs_table *t);

/* Key k's cell of series s (psr_series_table() index) in run j; n == 0
 * where the key has no value (or s has no statistics). */
static inline const struct psr_compare_cell *runs_table_cell(
	const struct runs_table *t, size_t k, unsigned s, size_t j)
{
	return &t->cells[(k * t->nseries + s) * t->result->nruns + j];
}

#endif
