/* compare_csv.c - --compare-csv: one row per matched process and metric,
 * every figure of the comparison; empty cells where undefined. */
#include "compare.h"

#include "csvw.h"
#include "output.h"

#include <math.h>

/* a relative difference from zero is infinite: written as such */
static void num(FILE *f, double v)
{
	if (isinf(v))
		fputs(v > 0 ? ",inf" : ",-inf", f);
	else
		csvw_num_cell(f, v);
}

static const char *leak_name(const struct psr_compare_side *s)
{
	return s->has_leak ? psr_verdict_name(s->leak) : "";
}

static void row(FILE *f, const struct psr_compare *c,
		const struct psr_compare_proc *cp,
		const struct psr_compare_metric *m)
{
	csvw_text(f, cp->key);
	csvw_text_cell(f, cp->by_name ? "name"
				  : psr_compare_match_name(c->opts.match));
	csvw_text_cell(f, cp->name);
	fprintf(f, ",%zu,%zu", cp->nbase, cp->ncur);
	csvw_text_cell(f, m->def->name);
	fprintf(f, ",%llu,%llu", (unsigned long long)m->base.n,
		(unsigned long long)m->cur.n);
	const double v[] = {m->base.mean, m->cur.mean, m->diff, m->rel,
			    m->base.p95, m->cur.p95, m->base.max, m->cur.max,
			    m->cliff_delta, m->p, m->mw_p, m->ci_lo, m->ci_hi};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		num(f, v[i]);
	fprintf(f, ",%zu,%zu", m->base.blocks, m->cur.blocks);
	csvw_text_cell(f, psr_compare_verdict_name(m->verdict));
	num(f, m->detectable);
	csvw_text_cell(f, m->gated ? "yes" : "no");
	const double g[] = {m->base.growth_per_h, m->cur.growth_per_h,
			    m->growth_diff, m->growth_rel, m->growth_p};
	for (size_t i = 0; i < sizeof g / sizeof g[0]; i++)
		num(f, g[i]);
	csvw_text_cell(f, m->growth_verdict == PSR_CMP_NA
			? "" : psr_compare_verdict_name(m->growth_verdict));
	csvw_text_cell(f, leak_name(&m->base));
	csvw_text_cell(f, leak_name(&m->cur));
	csvw_text_cell(f, psr_compare_leak_change_name(m->leak_change));
	fputc('\n', f);
}

int compare_csv(const struct psr_compare *c, FILE *f)
{
	fputs("key,matched_by,name,base_processes,new_processes,metric,"
	      "base_n,new_n,base_mean,new_mean,diff,rel,base_p95,new_p95,"
	      "base_max,new_max,cliff_delta,p,mw_p,ci95_lo,ci95_hi,base_blocks,"
	      "new_blocks,verdict,detectable,gated,base_growth_per_h,new_growth_per_h,"
	      "growth_diff,growth_rel,growth_p,growth_verdict,base_leak,"
	      "new_leak,leak_change\n", f);
	for (size_t i = 0; i < c->nprocs; i++)
		for (size_t k = 0; k < c->procs[i].nmetrics; k++)
			row(f, c, &c->procs[i], &c->procs[i].metrics[k]);
	return ferror(f) ? -1 : 0;
}

static int write_compare_csv(struct out *out, const struct report_ctx *c)
{
	return compare_csv(c->compare, out->f);
}

const struct output output_compare_csv = {
	.option = "compare-csv",
	.arg = "<file>",
	.help = "one row per matched process and metric (--baseline),\n"
		"per process key, metric and run (--runs)",
	.modes = MODE_BASELINE,
	.flags = OUTPUT_FILE,
	.needs = NEEDS_RESULT,
	.result = write_compare_csv,
};
