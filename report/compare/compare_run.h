/* compare_run.h - what the comparison modes compute once from the
 * engine's results, before their outputs (compare.h). */
#ifndef PSREPORT_COMPARE_RUN_H
#define PSREPORT_COMPARE_RUN_H

#include "compare.h"

/* --baseline: the two sides, their comparison, and both sides' runs as
 * one result (baseline first) for --json. */
struct compare_baseline {
	struct psr_result *base, *cur; /* owned */
	struct psr_compare *c;
	struct psr_result both;        /* a view of base's and cur's runs */
};

/* Takes base and cur (freed by compare_baseline_release, even when this
 * fails). 0 or -ENOMEM. */
int compare_baseline(struct psr_result *base, struct psr_result *cur,
		     const struct psr_compare_opts *o,
		     struct compare_baseline *out);
void compare_baseline_release(struct compare_baseline *b);

#endif
