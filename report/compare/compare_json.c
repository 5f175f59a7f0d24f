/* compare_json.c - the "comparison" member of --json (report/JSON.md). */
#include "compare.h"

#include "jsonw.h"

#include <math.h>
#include <string.h>

static void run_indexes(struct jsonw *j, const char *key, size_t from,
			size_t n)
{
	jsonw_key(j, key);
	jsonw_begin_array(j);
	for (size_t i = 0; i < n; i++)
		jsonw_num(j, (double)(from + i));
	jsonw_end_array(j);
}

static void pids(struct jsonw *j, const char *key,
		 const struct psr_proc_result *const *p, size_t n)
{
	jsonw_key(j, key);
	jsonw_begin_array(j);
	for (size_t i = 0; i < n; i++)
		jsonw_num(j, p[i]->pid);
	jsonw_end_array(j);
}

static void side(struct jsonw *j, const char *key,
		 const struct psr_compare_side *s)
{
	jsonw_key(j, key);
	jsonw_begin_object(j);
	jsonw_key_num(j, "samples", (double)s->n);
	jsonw_key_num(j, "mean", s->mean);
	jsonw_key_num(j, "p95", s->p95);
	jsonw_key_num(j, "max", s->max);
	jsonw_key_num(j, "blocks", (double)s->blocks);
	jsonw_key_num(j, "buckets_per_block", s->block_buckets);
	if (s->has_leak) {
		jsonw_key_num(j, "growth_per_h", s->growth_per_h);
		jsonw_key_num(j, "ls_slope_per_h", s->slope_per_h);
		jsonw_key_num(j, "ls_slope_se_per_h", s->slope_se_per_h);
		jsonw_key_str(j, "leak", psr_verdict_name(s->leak));
	}
	jsonw_end_object(j);
}

/* JSON has no infinity: a relative difference from zero is a string. */
static void rel(struct jsonw *j, const char *key, double v)
{
	if (isinf(v))
		jsonw_key_str(j, key, v > 0 ? "+inf" : "-inf");
	else
		jsonw_key_num(j, key, v);
}

static void metric(struct jsonw *j, const struct psr_compare_metric *m)
{
	jsonw_key(j, m->def->name);
	jsonw_begin_object(j);
	side(j, "baseline", &m->base);
	side(j, "new", &m->cur);
	jsonw_key_num(j, "diff", m->diff);
	rel(j, "rel", m->rel);
	jsonw_key_num(j, "diff_p95", m->diff_p95);
	jsonw_key_num(j, "diff_max", m->diff_max);
	jsonw_key_num(j, "cliff_delta", m->cliff_delta);
	jsonw_key_num(j, "p", m->p);
	jsonw_key_num(j, "mw_p", m->mw_p);
	jsonw_key(j, "ci95");
	jsonw_begin_array(j);
	jsonw_num(j, m->ci_lo);
	jsonw_num(j, m->ci_hi);
	jsonw_end_array(j);
	jsonw_key_num(j, "least", m->least);
	jsonw_key_num(j, "detectable", m->detectable);
	jsonw_key(j, "gated");
	jsonw_bool(j, m->gated);
	jsonw_key_str(j, "verdict", psr_compare_verdict_name(m->verdict));
	if (m->growth_verdict != PSR_CMP_NA) {
		jsonw_key(j, "growth");
		jsonw_begin_object(j);
		jsonw_key_num(j, "diff_per_h", m->growth_diff);
		rel(j, "rel", m->growth_rel);
		jsonw_key_num(j, "p", m->growth_p);
		jsonw_key_str(j, "verdict",
			      psr_compare_verdict_name(m->growth_verdict));
		jsonw_key(j, "leak_change");
		if (m->leak_change == PSR_LEAK_APPEARED)
			jsonw_str(j, "appeared");
		else if (m->leak_change == PSR_LEAK_GONE)
			jsonw_str(j, "gone");
		else
			jsonw_null(j);
		jsonw_end_object(j);
	}
	jsonw_end_object(j);
}

static void proc(struct jsonw *j, const struct psr_compare *c,
		 const struct psr_compare_proc *cp)
{
	jsonw_begin_object(j);
	jsonw_key_str(j, "key", cp->key);
	jsonw_key_str(j, "matched_by", cp->by_name ? "name"
				       : psr_compare_match_name(c->opts.match));
	jsonw_key_str(j, "name", cp->name);
	pids(j, "baseline_pids", cp->base, cp->nbase);
	pids(j, "new_pids", cp->cur, cp->ncur);
	jsonw_key_str(j, "verdict", psr_compare_verdict_name(cp->worst));
	jsonw_key_num(j, "worse", (double)cp->worse);
	jsonw_key_num(j, "better", (double)cp->better);
	jsonw_key_num(j, "inconclusive", (double)cp->inconclusive);
	jsonw_key(j, "metrics");
	jsonw_begin_object(j);
	for (size_t i = 0; i < cp->nmetrics; i++)
		metric(j, &cp->metrics[i]);
	jsonw_end_object(j);
	jsonw_end_object(j);
}

void compare_json(struct jsonw *j, const struct psr_compare *c)
{
	jsonw_key(j, "comparison");
	jsonw_begin_object(j);
	jsonw_key_str(j, "match", psr_compare_match_name(c->opts.match));
	jsonw_key_num(j, "threshold_pct", c->opts.threshold_pct);
	jsonw_key_num(j, "alpha", c->opts.alpha);
	jsonw_key_num(j, "least_growth_pct_per_h", c->opts.leak_growth_pct);
	jsonw_key(j, "gated_metrics");
	jsonw_begin_array(j);
	unsigned count;
	const struct psr_series_def *tab = psr_series_table(&count);
	for (unsigned i = 0; i < count; i++)
		if (psr_compare_gated(c->opts.gate, i) &&
		    tab[i].flags & PSR_SF_STATS)
			jsonw_str(j, tab[i].name);
	jsonw_end_array(j);
	run_indexes(j, "baseline_runs", 0, c->base->nruns);
	run_indexes(j, "new_runs", c->base->nruns, c->cur->nruns);
	jsonw_key_num(j, "worse", (double)c->worse);
	jsonw_key_num(j, "better", (double)c->better);
	jsonw_key(j, "processes");
	jsonw_begin_array(j);
	for (size_t i = 0; i < c->nprocs; i++)
		proc(j, c, &c->procs[i]);
	jsonw_end_array(j);
	jsonw_key(j, "unmatched");
	jsonw_begin_array(j);
	for (size_t i = 0; i < c->nunmatched; i++) {
		const struct psr_compare_unmatched *u = &c->unmatched[i];
		jsonw_begin_object(j);
		jsonw_key_str(j, "side", u->baseline ? "baseline" : "new");
		jsonw_key_num(j, "pid", u->proc->pid);
		jsonw_key_str(j, "name", u->proc->comm);
		jsonw_key_str(j, "key", u->key);
		jsonw_end_object(j);
	}
	jsonw_end_array(j);
	jsonw_end_object(j);
}
