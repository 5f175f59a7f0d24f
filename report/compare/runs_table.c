/* runs_table.c - the --runs table, computed once (runs_table.h). */
#include "runs_table.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int by_key(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The index in t->keys of p's key: sorted[] holds the keys sorted, idx[]
 * their places. -1 when out of memory. */
static long key_of(const struct runs_table *t, char *const *sorted,
		   const size_t *idx, const struct psr_proc_result *p)
{
	char *key = psr_compare_key(p, t->match);
	char *const *hit;

	if (!key)
		return -1;
	hit = bsearch(&key, sorted, t->nkeys, sizeof *sorted, by_key);
	free(key);
	return hit ? (long)idx[hit - sorted] : -1;
}

/* Run j's cells: its processes grouped by key, each group pooled by
 * psr_compare_run_cell() as a run of its own (so each process's key is
 * made once, not once per key and series). */
static int fill_run(struct runs_table *t, char *const *sorted,
		    const size_t *idx, size_t j)
{
	const struct psr_run_result *run = &t->result->runs[j];
	struct psr_proc_result *group = malloc((run->nprocs + 1) *
					       sizeof *group);
	long *key = malloc((run->nprocs + 1) * sizeof *key);
	size_t *start = calloc(t->nkeys + 1, sizeof *start);
	unsigned count;
	const struct psr_series_def *tab = psr_series_table(&count);
	int rc = 0;

	if (!group || !key || !start) {
		rc = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < run->nprocs && !rc; i++) {
		if ((key[i] = key_of(t, sorted, idx, &run->procs[i])) < 0)
			rc = -ENOMEM;
		else
			start[key[i] + 1]++;
	}
	for (size_t k = 0; k < t->nkeys; k++)
		start[k + 1] += start[k];
	for (size_t i = 0; i < run->nprocs && !rc; i++)
		group[start[key[i]]++] = run->procs[i];
	/* start[k] is now the end of group k */
	for (size_t k = 0, begin = 0; k < t->nkeys && !rc; begin = start[k++]) {
		struct psr_run_result one = *run;
		one.procs = group + begin;
		one.nprocs = start[k] - begin;
		for (unsigned s = 0; s < count; s++) {
			struct psr_compare_cell *c =
				&t->cells[(k * t->nseries + s) *
					  t->result->nruns + j];
			if (!one.nprocs || !(tab[s].flags & PSR_SF_STATS))
				continue;
			*c = psr_compare_run_cell(&one, t->keys[k], t->match,
						  s);
		}
	}
out:
	free(group);
	free(key);
	free(start);
	return rc;
}

int runs_table_new(const struct psr_result *r, enum psr_match m,
		   struct runs_table **out)
{
	struct runs_table *t = calloc(1, sizeof *t);
	char **sorted = NULL;
	size_t *idx = NULL, ncells;
	int rc = -ENOMEM;

	*out = NULL;
	if (!t)
		return -ENOMEM;
	t->result = r;
	t->match = m;
	psr_series_table(&t->nseries);
	if (!(t->keys = psr_compare_keys(r, m, &t->nkeys)))
		goto out;
	ncells = t->nkeys * t->nseries * r->nruns;
	t->cells = malloc((ncells ? ncells : 1) * sizeof *t->cells);
	sorted = malloc((t->nkeys + 1) * sizeof *sorted);
	idx = malloc((t->nkeys + 1) * sizeof *idx);
	if (!t->cells || !sorted || !idx)
		goto out;
	for (size_t i = 0; i < ncells; i++)
		t->cells[i] = (struct psr_compare_cell){0, NAN, NAN, NAN, NAN};
	/* the keys sorted, with their places, for a binary search */
	memcpy(sorted, t->keys, t->nkeys * sizeof *sorted);
	if (t->nkeys)
		qsort(sorted, t->nkeys, sizeof *sorted, by_key);
	for (size_t i = 0; i < t->nkeys; i++) {
		char **hit = bsearch(&t->keys[i], sorted, t->nkeys,
				     sizeof *sorted, by_key);
		idx[hit - sorted] = i;
	}
	rc = 0;
	for (size_t j = 0; j < r->nruns && !rc; j++)
		rc = fill_run(t, sorted, idx, j);
out:
	free(sorted);
	free(idx);
	if (rc)
		runs_table_free(t);
	else
		*out = t;
	return rc;
}

void runs_table_free(struct runs_table *t)
{
	if (!t)
		return;
	psr_compare_keys_free(t->keys, t->nkeys);
	free(t->cells);
	free(t);
}
