/* compare.h - psreport's comparison modes: --baseline (a baseline
 * against new logs), --runs (statistics per run, in order) and --index
 * (what a directory of logs holds). main() parses the options into
 * struct compare_opts and hands over to compare_main(). */
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
	const char *csv;        /* --compare-csv */
	const char *json;       /* --json */
	bool force;
	bool colour;
	/* --pdf, --svg, --png, --theme, ... (set from the visual options) */
	struct compare_visual vis;
};

/* Whether a comparison mode was asked for. */
static inline bool compare_wanted(const struct compare_opts *o)
{
	return o->nbaselines || o->runs || o->index_dir;
}

/* Run the mode; returns the exit code (messages already on stderr). */
int compare_main(const struct compare_opts *o,
		 const struct psr_analysis_opts *an, char **logs, size_t nlogs);

/* ---- writers: compare_text.c, compare_csv.c, compare_json.c ---- */

struct jsonw;
struct runs_table;

int compare_text(const struct psr_compare *c, bool colour, FILE *f);
int compare_csv(const struct psr_compare *c, FILE *f);
/* The "comparison" member of --json; base_runs runs come first in the
 * document's "runs", then the new ones. */
void compare_json(struct jsonw *j, const struct psr_compare *c);

/* --runs: per process key, per metric, one row per run. */
int runs_text(const struct psr_result *r, enum psr_match m, FILE *f);
int runs_csv(const struct psr_result *r, enum psr_match m, FILE *f);

/* Paths of logs; directories are read by compare_dir_files. */
struct pathlist {
	char **v;
	size_t n;
};

/* Append the regular, not hidden files of dir to l, sorted by name.
 * 0, or -1 with "cannot read 'DIR': why" in err. */
int compare_dir_files(const char *dir, struct pathlist *l, char *err,
		      size_t errlen);
void compare_free_paths(struct pathlist *l);

/* --index DIR: one line per file. 0, or -1 when DIR cannot be read. */
int index_print(const char *dir, FILE *f);

#endif
