/* compare_run.c - what the comparison modes make of the engine's results,
 * once, before their outputs: --baseline's comparison (and the JSON's
 * runs of both sides), --runs' table; and the rows of their charts. */
#define _GNU_SOURCE
#include "compare_run.h"

#include "cli.h"
#include "output.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int compare_baseline(struct psr_result *base, struct psr_result *cur,
		     const struct psr_compare_opts *o,
		     struct compare_baseline *out)
{
	size_t nb = base->nruns, nc = cur->nruns;

	memset(out, 0, sizeof *out);
	out->base = base;
	out->cur = cur;
	if (psr_compare_new(base, cur, o, &out->c))
		return -ENOMEM;
	/* --json: the baseline's runs, then the new ones, in one document */
	out->both.nruns = nb + nc;
	out->both.worst = base->worst > cur->worst ? base->worst : cur->worst;
	out->both.runs = malloc((nb + nc + 1) * sizeof *out->both.runs);
	if (!out->both.runs)
		return -ENOMEM;
	memcpy(out->both.runs, base->runs, nb * sizeof *out->both.runs);
	memcpy(out->both.runs + nb, cur->runs, nc * sizeof *out->both.runs);
	return 0;
}

void compare_baseline_release(struct compare_baseline *b)
{
	psr_compare_free(b->c);
	free(b->both.runs); /* a view: the runs are base's and cur's */
	psr_result_free(b->base);
	psr_result_free(b->cur);
	memset(b, 0, sizeof *b);
}

/* ---- the charts ----------------------------------------------------- */

static struct compare_visual visual_of(const struct report_opts *o)
{
	return (struct compare_visual){
		.pdf = o->vis.pdf, .svg = o->vis.svg, .png = o->vis.png,
		.theme = o->vis.theme, .paper = o->vis.paper,
		.dpi = o->vis.dpi, .transparent = o->vis.transparent,
		.force = o->force,
	};
}

static bool charts_wanted(const struct report_opts *o)
{
	return visual_wanted(&o->vis);
}

static int compare_charts_write(struct out *out, const struct report_ctx *c)
{
	struct compare_visual v = visual_of(out->o);

	return compare_visual_write(c->compare, &v, out->err,
				    sizeof out->err);
}

static int runs_charts_write(struct out *out, const struct report_ctx *c)
{
	struct compare_visual v = visual_of(out->o);

	return runs_visual_write(c->runs, &v, out->err, sizeof out->err);
}

const struct output output_compare_charts = {
	.modes = MODE_BASELINE,
	.needs = NEEDS_RESULT,
	.wanted = charts_wanted,
	.result = compare_charts_write,
};

const struct output output_runs_charts = {
	.modes = MODE_RUNS,
	.needs = NEEDS_RESULT,
	.wanted = charts_wanted,
	.result = runs_charts_write,
};
