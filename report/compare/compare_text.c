/* compare_text.c - the comparison as tables on standard output: the two
 * sides, then per matched process one row per metric (and per memory
 * trend), then what did not match. */
#include "compare.h"

#include "fmt.h"
#include "output.h"

#include <math.h>
#include <string.h>

#define RED "\033[31m"
#define GREEN "\033[32m"
#define BOLD "\033[1m"
#define RESET "\033[0m"

static void side_line(FILE *f, const char *label, const struct psr_result *r)
{
	char a[32], d[32];

	for (size_t i = 0; i < r->nruns; i++) {
		const struct psr_run_result *run = &r->runs[i];
		fmt_epoch(a, sizeof a, run->start_epoch);
		fmt_duration(d, sizeof d, run->end_epoch - run->start_epoch);
		fprintf(f, "%-9s %s  %s (%s)  %s%s\n", i ? "" : label,
			run->header.hostname, a, d, run->paths[0],
			run->npaths > 1 ? " ..." : "");
	}
	if (!r->nruns)
		fprintf(f, "%-9s no samples\n", label);
}

/* A difference with its sign, in the metric's unit. */
static void signed_value(char *buf, size_t n, double v, int unit)
{
	char b[24];

	if (isnan(v)) {
		snprintf(buf, n, "-");
		return;
	}
	fmt_value(b, sizeof b, fabs(v), unit);
	snprintf(buf, n, "%s%s", v > 0 ? "+" : v < 0 ? "-" : "", b);
}

static void percent(char *buf, size_t n, double rel)
{
	if (isnan(rel))
		snprintf(buf, n, "-");
	else if (isinf(rel))
		snprintf(buf, n, rel > 0 ? "+inf" : "-inf");
	else
		snprintf(buf, n, "%+.1f%%", rel * 100);
}

static void pvalue(char *buf, size_t n, double p)
{
	if (isnan(p))
		snprintf(buf, n, "-");
	else if (p < 0.001)
		snprintf(buf, n, "<0.001");
	else
		snprintf(buf, n, "%.3f", p);
}

static void verdict(FILE *f, enum psr_cmp_verdict v, bool colour)
{
	const char *name = psr_compare_verdict_name(v);

	if (colour && v == PSR_CMP_WORSE)
		fprintf(f, RED "%s" RESET, name);
	else if (colour && v == PSR_CMP_BETTER)
		fprintf(f, GREEN "%s" RESET, name);
	else
		fputs(name, f);
}

/* After a verdict: how thin the evidence was, or that it is not gated. */
static void verdict_note(FILE *f, const struct psr_compare_metric *m)
{
	if (m->verdict == PSR_CMP_INCONCLUSIVE) {
		char b[32];
		fprintf(f, " (n=%zu+%zu", m->base.blocks, m->cur.blocks);
		if (isfinite(m->detectable)) {
			fmt_value(b, sizeof b, m->detectable, m->def->unit);
			fprintf(f, ", detects only +-%s", b);
		}
		fputc(')', f);
	}
	if (!m->gated && (m->verdict == PSR_CMP_WORSE ||
			  m->verdict == PSR_CMP_BETTER))
		fputs(" (not gated)", f);
}

static void header(FILE *f, bool colour)
{
	fprintf(f, "  %s%-22s %10s %10s %10s %8s %10s %10s %10s %10s %6s %6s  "
		   "%s%s\n",
		colour ? BOLD : "", "METRIC", "BASE mean", "NEW mean", "DIFF",
		"REL", "BASE p95", "NEW p95", "BASE max", "NEW max", "DELTA",
		"P", "VERDICT", colour ? RESET : "");
}

static void metric_row(FILE *f, const struct psr_compare_metric *m,
		       bool colour)
{
	int u = m->def->unit;
	char v[8][32], rel[16], d[16], p[16];

	fmt_value(v[0], 32, m->base.mean, u);
	fmt_value(v[1], 32, m->cur.mean, u);
	signed_value(v[2], 32, m->diff, u);
	fmt_value(v[3], 32, m->base.p95, u);
	fmt_value(v[4], 32, m->cur.p95, u);
	fmt_value(v[5], 32, m->base.max, u);
	fmt_value(v[6], 32, m->cur.max, u);
	percent(rel, sizeof rel, m->rel);
	if (isnan(m->cliff_delta))
		snprintf(d, sizeof d, "-");
	else
		snprintf(d, sizeof d, "%+.2f", m->cliff_delta);
	pvalue(p, sizeof p, m->p);
	fprintf(f, "  %-22.22s %10s %10s %10s %8s %10s %10s %10s %10s %6s %6s  ",
		m->def->label, v[0], v[1], v[2], rel, v[3], v[4], v[5], v[6],
		d, p);
	verdict(f, m->verdict, colour);
	verdict_note(f, m);
	fputc('\n', f);
}

static void growth_row(FILE *f, const struct psr_compare_metric *m,
		       bool colour)
{
	char label[64], b[32], c[32], d[32], rel[16], p[16];

	if (m->growth_verdict == PSR_CMP_NA)
		return;
	snprintf(label, sizeof label, "%s growth/h", m->def->label);
	signed_value(b, sizeof b, m->base.growth_per_h, m->def->unit);
	signed_value(c, sizeof c, m->cur.growth_per_h, m->def->unit);
	signed_value(d, sizeof d, m->growth_diff, m->def->unit);
	percent(rel, sizeof rel, m->growth_rel);
	pvalue(p, sizeof p, m->growth_p);
	fprintf(f, "  %-22.22s %10s %10s %10s %8s %10s %10s %10s %10s %6s %6s  ",
		label, b, c, d, rel, "", "", "", "", "", p);
	verdict(f, m->growth_verdict, colour);
	if (!m->gated && (m->growth_verdict == PSR_CMP_WORSE ||
			  m->growth_verdict == PSR_CMP_BETTER))
		fputs(" (not gated)", f);
	if (m->leak_change)
		fprintf(f, " (%s: %s -> %s)",
			psr_compare_leak_change_name(m->leak_change),
			psr_verdict_name(m->base.leak),
			psr_verdict_name(m->cur.leak));
	fputc('\n', f);
}

static void proc_block(FILE *f, const struct psr_compare_proc *cp,
		       bool colour)
{
	fprintf(f, "\n%s%s%s", colour ? BOLD : "", cp->key, colour ? RESET : "");
	if (cp->by_name)
		fprintf(f, "  (matched by name)");
	fprintf(f, "  %zu baseline vs %zu new process%s: ", cp->nbase,
		cp->ncur, cp->nbase + cp->ncur > 2 ? "es" : "");
	verdict(f, cp->worst, colour);
	if (cp->worse || cp->better || cp->inconclusive)
		fprintf(f, " (%zu worse, %zu better, %zu inconclusive of the "
			"gated metrics)", cp->worse, cp->better,
			cp->inconclusive);
	fputc('\n', f);
	header(f, colour);
	for (size_t i = 0; i < cp->nmetrics; i++) {
		metric_row(f, &cp->metrics[i], colour);
		growth_row(f, &cp->metrics[i], colour);
	}
	for (size_t i = 0; i < cp->nmetrics; i++)
		if (cp->metrics[i].leak_change)
			fprintf(f, "  note: %s in %s\n",
				psr_compare_leak_change_name(
					cp->metrics[i].leak_change),
				cp->metrics[i].def->label);
}

int compare_text(const struct psr_compare *c, bool colour, FILE *f)
{
	const struct psr_compare_opts *o = &c->opts;

	side_line(f, "baseline:", c->base);
	side_line(f, "new:", c->cur);
	fprintf(f, "matched by %s%s; practical difference %g%%, "
		   "significance p < %g on block means; n = blocks a side "
		   "(README: Comparing recordings)\n",
		psr_compare_match_name(o->match),
		o->match == PSR_MATCH_NAME ? "" : " then name", o->threshold_pct,
		o->alpha);
	for (size_t i = 0; i < c->nprocs; i++)
		proc_block(f, &c->procs[i], colour);
	if (c->nunmatched) {
		fputs("\nunmatched processes:\n", f);
		for (size_t i = 0; i < c->nunmatched; i++) {
			const struct psr_compare_unmatched *u = &c->unmatched[i];
			fprintf(f, "  %-8s %-8u %s\n",
				u->baseline ? "baseline" : "new", u->proc->pid,
				u->key);
		}
	}
	if (!c->nprocs)
		fputs("\nno process matched\n", f);
	fprintf(f, "\n%zu worse, %zu better over %zu matched process%s\n",
		c->worse, c->better, c->nprocs, c->nprocs == 1 ? "" : "es");
	return ferror(f) ? -1 : 0;
}

static int write_compare_text(struct out *out, const struct report_ctx *c)
{
	return compare_text(c->compare, c->colour, out->f);
}

const struct output output_compare_text = {
	.modes = MODE_BASELINE,
	.flags = OUTPUT_STDOUT | OUTPUT_DEFAULT,
	.needs = NEEDS_RESULT,
	.result = write_compare_text,
};
