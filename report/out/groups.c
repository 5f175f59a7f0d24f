/* groups.c - totals per group (groups.h): the engine groups the
 * processes (psr_result_groups); here each group's CPU and summed RSS
 * over time come from its members' time buckets, binned on the run's
 * time line, and the disk bytes are summed. */
#include "groups.h"

#include "csvw.h"
#include "output.h"
#include "totals.h"
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const groups_by_names[] = {"command", "name", "user", "tree",
				       NULL};

const char *groups_by_label(int by)
{
	static const char *const labels[] = {"command", "program", "user",
					     "tree"};

	return by >= 0 && by <= GROUPS_TREE ? labels[by] : "?";
}

/* Time bins of a run: at most BINS, none shorter than the interval (a
 * bin then holds at least one sample of a process alive in it). */
#define BINS 200

struct bins {
	size_t n;
	double t0, w;  /* start, width in seconds */
	double cpu[BINS], rss[BINS]; /* the group's sums */
	unsigned char alive[BINS];
	/* one member's, before they are added */
	double m_rss[BINS];
	unsigned m_n[BINS];
};

static void bins_init(struct bins *b, const struct psr_run_result *r)
{
	double span = r->end_epoch - r->start_epoch;
	double iv = (double)r->header.interval_ns / 1e9;
	size_t n = BINS;

	if (iv > 0 && span / iv < n)
		n = (size_t)(span / iv) + 1;
	memset(b, 0, sizeof *b);
	b->n = n ? n : 1;
	b->t0 = r->start_epoch;
	b->w = span > 0 ? span / (double)b->n : 1;
}

static double total_of(const struct psr_proc_result *p, const char *name)
{
	int i = psr_series_find(name);
	const struct psr_series_result *s =
		i < 0 ? NULL : psr_result_series(p, (unsigned)i);

	return s && s->n ? s->total : NAN;
}

static double add(double sum, double v)
{
	if (isnan(v))
		return sum;
	return isnan(sum) ? v : sum + v;
}

/* A member's buckets into the bins: its CPU-seconds spread as a share
 * of each bin's width, its RSS averaged per bin. */
static void bin_member(struct bins *b, const struct psr_proc_result *p,
		       int cs, int rs)
{
	const struct psr_series_result *cpu =
		cs < 0 ? NULL : psr_result_series(p, (unsigned)cs);
	const struct psr_series_result *rss =
		rs < 0 ? NULL : psr_result_series(p, (unsigned)rs);

	memset(b->m_rss, 0, sizeof b->m_rss);
	memset(b->m_n, 0, sizeof b->m_n);
	for (size_t k = 0; k < p->nbuckets; k++) {
		if (!isfinite(p->b_t[k]))
			continue;
		double at = (p->b_t[k] - b->t0) / b->w;
		size_t i = at <= 0 ? 0 : at >= (double)b->n ? b->n - 1
							    : (size_t)at;
		b->alive[i] = 1;
		if (cpu && cpu->b_mean && isfinite(cpu->b_mean[k]) && p->b_w)
			b->cpu[i] += cpu->b_mean[k] * p->b_w[k] / b->w;
		if (rss && rss->b_mean && isfinite(rss->b_mean[k])) {
			b->m_rss[i] += rss->b_mean[k];
			b->m_n[i]++;
		}
	}
	for (size_t i = 0; i < b->n; i++)
		if (b->m_n[i])
			b->rss[i] += b->m_rss[i] / b->m_n[i];
}

/* A short-lived member, summarised: its CPU-seconds spread evenly over
 * the bins of its samples, its mean RSS in each of them (its buckets are
 * gone; at most PSR_SHORT_SAMPLES samples, so little is lost). */
static void bin_short(struct bins *b, const struct psr_exited *x)
{
	double lo = (x->first_epoch - b->t0) / b->w;
	double hi = (x->last_epoch - b->t0) / b->w;
	size_t i0 = lo <= 0 ? 0 : lo >= (double)b->n ? b->n - 1 : (size_t)lo;
	size_t i1 = hi <= 0 ? 0 : hi >= (double)b->n ? b->n - 1 : (size_t)hi;
	double cpu = isfinite(x->cpu_seconds) ? x->cpu_seconds : 0;

	if (isfinite(x->children_cpu_seconds))
		cpu += x->children_cpu_seconds;
	for (size_t i = i0; i <= i1; i++) {
		b->alive[i] = 1;
		b->cpu[i] += 100 * cpu / b->w / (double)(i1 - i0 + 1);
		if (x->rss_mean_bytes > 0) /* as bin_member's averages */
			b->rss[i] += x->rss_mean_bytes;
	}
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Mean and p95 (nearest rank) of CPU over the bins a member was in, and
 * the peak of the summed RSS. */
static void bins_stats(const struct bins *b, struct group_row *g)
{
	double v[BINS], sum = 0, peak = NAN;
	size_t n = 0;

	for (size_t i = 0; i < b->n; i++) {
		if (!b->alive[i])
			continue;
		v[n++] = b->cpu[i];
		sum += b->cpu[i];
		if (b->rss[i] > 0 && !(b->rss[i] <= peak))
			peak = b->rss[i];
	}
	g->cpu_mean = g->cpu_p95 = NAN;
	g->rss_sum_peak = peak;
	if (!n)
		return;
	qsort(v, n, sizeof *v, by_value);
	g->cpu_mean = sum / (double)n;
	g->cpu_p95 = v[(size_t)ceil(0.95 * (double)n) - 1];
}

static void engine_row(const struct psr_run_result *r,
		       const struct psr_groups *e, size_t gi, int by,
		       struct bins *b, struct group_row *g)
{
	const struct psr_group *eg = &e->g[gi];
	int cs = psr_series_find("cpu_percent"), rs = psr_series_find("rss_bytes");

	memset(g, 0, sizeof *g);
	if (by == GROUPS_USER)
		snprintf(g->key, sizeof g->key, "uid %u", eg->uid);
	else
		snprintf(g->key, sizeof g->key, "%s", eg->key ? eg->key : "");
	g->uid = eg->uid;
	g->count = eg->count;
	g->ended = eg->ended;
	g->peak_rss = eg->peak_rss;
	g->cpu_seconds = g->read_bytes = g->write_bytes = NAN;
	bins_init(b, r);
	for (size_t m = 0; m < eg->count; m++) {
		size_t i = e->members[eg->first + m];
		if (i >= r->nprocs) { /* summarised: no buckets */
			const struct psr_exited *x = &r->exited[i - r->nprocs];
			g->cpu_seconds = add(g->cpu_seconds, x->cpu_seconds);
			g->cpu_seconds = add(g->cpu_seconds,
					     x->children_cpu_seconds);
			if (x->samples)
				bin_short(b, x);
			g->read_bytes = add(g->read_bytes, (double)x->read_bytes);
			g->write_bytes = add(g->write_bytes, (double)x->write_bytes);
			continue;
		}
		const struct psr_proc_result *p = &r->procs[i];
		g->cpu_seconds = add(g->cpu_seconds, totals_cpu(p));
		g->read_bytes = add(g->read_bytes,
				    total_of(p, "read_bytes_per_s"));
		g->write_bytes = add(g->write_bytes,
				     total_of(p, "write_bytes_per_s"));
		bin_member(b, p, cs, rs);
	}
	bins_stats(b, g);
}

/* A tree is a group already summed by the engine. */
static void tree_row(const struct psr_proc_result *t, struct group_row *g)
{
	int cs = psr_series_find("cpu_percent"), rs = psr_series_find("rss_bytes");
	const struct psr_series_result *cpu =
		cs < 0 ? NULL : psr_result_series(t, (unsigned)cs);
	const struct psr_series_result *rss =
		rs < 0 ? NULL : psr_result_series(t, (unsigned)rs);

	memset(g, 0, sizeof *g);
	snprintf(g->key, sizeof g->key, "tree of %.80s (pid %u)",
		 t->comm ? t->comm : "?", t->pid);
	g->uid = t->uid;
	g->count = t->tree_members;
	g->cpu_seconds = totals_cpu(t);
	g->cpu_mean = cpu && cpu->n ? cpu->mean : NAN;
	g->cpu_p95 = cpu && cpu->n ? cpu->p95 : NAN;
	g->rss_sum_peak = rss && rss->n ? rss->max : NAN;
	g->peak_rss = NAN; /* the members are not in the result */
	g->read_bytes = total_of(t, "read_bytes_per_s");
	g->write_bytes = total_of(t, "write_bytes_per_s");
}

static int by_cpu(const void *a, const void *b)
{
	const struct group_row *x = a, *y = b;
	double u = isnan(x->cpu_seconds) ? -1 : x->cpu_seconds;
	double v = isnan(y->cpu_seconds) ? -1 : y->cpu_seconds;

	if (u != v)
		return u > v ? -1 : 1;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->key, y->key);
}

int groups_compute(const struct psr_run_result *r, int by,
		   struct group_table *out)
{
	struct psr_groups e = {0};
	struct bins *b = NULL;
	size_t n = by == GROUPS_TREE ? r->ntrees : 0;

	memset(out, 0, sizeof *out);
	out->by = by;
	if (by != GROUPS_TREE) {
		static const enum psr_group_by engine_by[] = {
			PSR_GROUP_COMMAND, PSR_GROUP_NAME, PSR_GROUP_USER};
		if (psr_result_groups(r, engine_by[by], &e))
			return -ENOMEM;
		n = e.n;
	}
	out->rows = calloc(n ? n : 1, sizeof *out->rows);
	b = malloc(sizeof *b);
	if (!out->rows || !b) {
		free(b);
		psr_groups_release(&e);
		groups_release(out);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++)
		if (by == GROUPS_TREE)
			tree_row(&r->trees[i], &out->rows[i]);
		else
			engine_row(r, &e, i, by, b, &out->rows[i]);
	out->n = n;
	/* the exact CPU with the unseen children's, as the tables rank */
	qsort(out->rows, n, sizeof *out->rows, by_cpu);
	free(b);
	psr_groups_release(&e);
	return 0;
}

void groups_release(struct group_table *t)
{
	free(t->rows);
	t->rows = NULL;
	t->n = 0;
}

/* --groups FILE: the CSV of the groups of every run (--by; command when
 * --by is not given). */
static int groups_csv(struct out *out, const struct report_ctx *c)
{
	FILE *f = out->f;

	fputs("run,host,by,key,uid,processes,ended,cpu_seconds,"
	      "cpu_mean_percent,cpu_p95_percent,rss_peak_bytes,"
	      "rss_sum_peak_bytes,read_bytes,write_bytes\n", f);
	for (size_t i = 0; c->groups && i < c->result->nruns; i++) {
		const struct group_table *g = &c->groups[i];
		for (size_t k = 0; k < g->n; k++) {
			const struct group_row *w = &g->rows[k];
			const double v[] = {w->cpu_seconds, w->cpu_mean,
					    w->cpu_p95, w->peak_rss,
					    w->rss_sum_peak, w->read_bytes,
					    w->write_bytes};
			fprintf(f, "%zu", i + 1);
			csvw_text_cell(f, c->result->runs[i].header.hostname);
			csvw_text_cell(f, groups_by_names[g->by]);
			csvw_text_cell(f, w->key);
			fprintf(f, ",%u,%zu,%zu", w->uid, w->count, w->ended);
			for (size_t m = 0; m < sizeof v / sizeof v[0]; m++)
				csvw_num_cell(f, v[m]);
			fputc('\n', f);
		}
	}
	return ferror(f) ? -1 : 0;
}

const struct output output_groups = {
	.option = "groups",
	.arg = "<file>",
	.help = "CSV: the totals per group of --by (command by\n"
		"default), a row per group and run",
	.modes = MODE_REPORT,
	.flags = OUTPUT_FILE,
	.needs = NEEDS_RESULT,
	.result = groups_csv,
};
