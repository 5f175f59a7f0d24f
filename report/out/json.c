/* json.c - --json: everything the analysis computed (report/JSON.md). */
#include "writers.h"

#include "compare.h"
#include "groups.h"
#include "jsonw.h"
#include "output.h"
#include "totals.h"

#include "psr_config.h"

#include <math.h>
#include <string.h>
#include <sys/wait.h>

static void leak(struct jsonw *j, const struct psr_leak *l)
{
	char rules[64];

	jsonw_key(j, "trend");
	jsonw_begin_object(j);
	jsonw_key_num(j, "ls_slope_per_h", l->ls.ok ? l->ls.slope * 3600 : NAN);
	jsonw_key_num(j, "ls_r2", l->ls.r2);
	jsonw_key_num(j, "second_half_ls_slope_per_h",
		      l->ls_second.ok ? l->ls_second.slope * 3600 : NAN);
	jsonw_key_num(j, "theil_sen_per_h", l->ts_slope * 3600);
	jsonw_key_num(j, "second_half_theil_sen_per_h",
		      l->ts_slope_second * 3600);
	jsonw_key_num(j, "last_third_theil_sen_per_h", l->ts_slope_last * 3600);
	jsonw_key(j, "mann_kendall");
	jsonw_begin_object(j);
	jsonw_key_num(j, "s", l->mk.s);
	jsonw_key_num(j, "var", l->mk.var);
	jsonw_key_num(j, "autocorrelation_factor", l->mk.ac);
	jsonw_key_num(j, "z", l->mk.z);
	jsonw_key_num(j, "p", l->mk.p);
	jsonw_end_object(j);
	jsonw_key_num(j, "points", (double)l->points);
	jsonw_key_num(j, "seconds", l->seconds);
	jsonw_key_num(j, "start", l->start);
	jsonw_key_num(j, "end", l->end);
	jsonw_key_num(j, "grown", l->grown);
	jsonw_key_num(j, "grown_pct", l->grown_pct);
	jsonw_key_num(j, "growth_per_h", l->growth_per_h);
	jsonw_key_num(j, "growth_pct_per_h", l->growth_pct_h);
	jsonw_key(j, "rules");
	jsonw_begin_array(j);
	psr_leak_rules_text(l->rules, rules, sizeof rules);
	for (char *tok = strtok(rules, ","); tok; tok = strtok(NULL, ","))
		jsonw_str(j, tok);
	jsonw_end_array(j);
	jsonw_key(j, "gate");
	if (l->gate == PSR_GATE_PASSED)
		jsonw_null(j);
	else
		jsonw_str(j, psr_leak_gate_name(l->gate));
	jsonw_key_str(j, "verdict", psr_verdict_name(l->verdict));
	jsonw_end_object(j);
}

static void dist(struct jsonw *j, const struct psr_series_result *s)
{
	if (s->hist.nbins) {
		jsonw_key(j, "histogram");
		jsonw_begin_object(j);
		jsonw_key_num(j, "lo", s->hist.lo);
		jsonw_key_num(j, "width", s->hist.width);
		jsonw_key(j, "seconds");
		jsonw_num_array(j, s->hist.seconds, s->hist.nbins);
		jsonw_key(j, "samples");
		jsonw_num_array(j, s->hist.samples, s->hist.nbins);
		jsonw_end_object(j);
	}
	if (s->kde.npoints) {
		jsonw_key(j, "kde");
		jsonw_begin_object(j);
		jsonw_key_num(j, "bandwidth", s->kde.bandwidth);
		jsonw_key(j, "x");
		jsonw_num_array(j, s->kde.x, s->kde.npoints);
		jsonw_key(j, "density");
		jsonw_num_array(j, s->kde.density, s->kde.npoints);
		jsonw_end_object(j);
	}
}

static void series(struct jsonw *j, const struct psr_proc_result *p,
		   const struct psr_series_result *s)
{
	jsonw_key(j, s->def->name);
	jsonw_begin_object(j);
	jsonw_key_num(j, "n", (double)s->n);
	jsonw_key_num(j, "seconds", s->seconds);
	const struct { const char *k; double v; } f[] = {
		{"min", s->min},   {"max", s->max},     {"mean", s->mean},
		{"stddev", s->stddev}, {"p5", s->p5},   {"p25", s->p25},
		{"p50", s->p50},   {"p75", s->p75},     {"p95", s->p95},
		{"p99", s->p99},   {"first", s->first}, {"last", s->last},
	};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		jsonw_key_num(j, f[i].k, f[i].v);
	if (s->def->kind == PSR_SERIES_RATE)
		jsonw_key_num(j, "total", s->total);
	if (s->leak)
		leak(j, s->leak);
	dist(j, s);
	if (s->npeaks) {
		jsonw_key(j, "peaks");
		jsonw_begin_array(j);
		for (size_t i = 0; i < s->npeaks; i++) {
			jsonw_begin_object(j);
			jsonw_key_num(j, "t", s->peaks[i].t);
			jsonw_key_num(j, "value", s->peaks[i].value);
			jsonw_key_num(j, "prominence", s->peaks[i].prominence);
			jsonw_end_object(j);
		}
		jsonw_end_array(j);
	}
	if (p->nwindows && s->w_mean) {
		jsonw_key(j, "windows");
		jsonw_begin_object(j);
		jsonw_key(j, "mean");
		jsonw_num_array(j, s->w_mean, p->nwindows);
		jsonw_key(j, "max");
		jsonw_num_array(j, s->w_max, p->nwindows);
		jsonw_end_object(j);
	}
	jsonw_end_object(j);
}

static void matrix(struct jsonw *j, const char *key, const double *m,
		   size_t k)
{
	jsonw_key(j, key);
	jsonw_begin_array(j);
	for (size_t i = 0; i < k; i++)
		jsonw_num_array(j, m + i * k, k);
	jsonw_end_array(j);
}

static void correlation(struct jsonw *j, const struct psr_proc_result *p)
{
	unsigned count;
	const struct psr_series_def *tab = psr_series_table(&count);

	if (!p->ncorr)
		return;
	jsonw_key(j, "correlation");
	jsonw_begin_object(j);
	jsonw_key(j, "metrics");
	jsonw_begin_array(j);
	for (size_t i = 0; i < p->ncorr; i++) {
		/* by the result's own table: the host's is not the processes' */
		const struct psr_series_result *s =
			psr_result_series(p, p->corr_series[i]);
		jsonw_str(j, s ? s->def->name : tab[p->corr_series[i]].name);
	}
	jsonw_end_array(j);
	matrix(j, "pearson", p->pearson, p->ncorr);
	matrix(j, "spearman", p->spearman, p->ncorr);
	jsonw_end_object(j);
}

static void args(struct jsonw *j, const char *cmd, size_t n)
{
	size_t at = 0;

	jsonw_key(j, "cmdline");
	jsonw_begin_array(j);
	while (at < n) {
		size_t len = strnlen(cmd + at, n - at);
		jsonw_strn(j, cmd + at, len);
		at += len + 1;
	}
	jsonw_end_array(j);
}

static void cmdline(struct jsonw *j, const struct psr_proc_result *p)
{
	args(j, p->cmdline, p->cmdline_len);
}

/* The names it had before it exec'd, oldest first (format 5). */
static void former_names(struct jsonw *j, const struct psr_proc_result *p)
{
	if (!p->nformer)
		return;
	jsonw_key(j, "exec");
	jsonw_begin_array(j);
	for (size_t i = 0; i < p->nformer; i++) {
		const struct psr_former_name *f = &p->former[i];
		jsonw_begin_object(j);
		jsonw_key_str(j, "name", f->comm);
		args(j, f->cmdline, f->cmdline_len);
		jsonw_key_num(j, "until", f->until);
		jsonw_end_object(j);
	}
	jsonw_end_array(j);
}

/* What wait4 reported (struct psr_rusage), in base units. */
static void rusage(struct jsonw *j, const struct psr_rusage *u)
{
	jsonw_key_num(j, "cpu_seconds", (double)(u->user_us + u->sys_us) / 1e6);
	jsonw_key_num(j, "user_seconds", (double)u->user_us / 1e6);
	jsonw_key_num(j, "system_seconds", (double)u->sys_us / 1e6);
	jsonw_key_num(j, "max_rss_bytes", (double)u->maxrss_kb * 1024);
	jsonw_key_num(j, "minflt", (double)u->minflt);
	jsonw_key_num(j, "majflt", (double)u->majflt);
	jsonw_key_num(j, "block_read_bytes", (double)u->inblock * 512);
	jsonw_key_num(j, "block_write_bytes", (double)u->oublock * 512);
	jsonw_key_num(j, "vctxsw", (double)u->nvcsw);
	jsonw_key_num(j, "nvctxsw", (double)u->nivcsw);
}

static void exit_fields(struct jsonw *j, int status)
{
	if (status < 0)
		return;
	if (WIFEXITED(status))
		jsonw_key_num(j, "exit_code", WEXITSTATUS(status));
	else
		jsonw_key_num(j, "signal", WTERMSIG(status));
}

/* Exact CPU totals (README "Totals of a tree"). */
static void cpu_totals(struct jsonw *j, const struct psr_proc_result *p)
{
	jsonw_key_num(j, "cpu_seconds", p->cpu_seconds);
	jsonw_key_num(j, "children_cpu_seconds", p->children_cpu_seconds);
	jsonw_key_num(j, "cpu_total_seconds", totals_cpu(p));
	if (p->tree)
		return;
	jsonw_key(j, "launched");
	jsonw_bool(j, p->launched);
	if (p->has_rusage) {
		jsonw_key(j, "rusage");
		jsonw_begin_object(j);
		rusage(j, &p->rusage);
		jsonw_end_object(j);
	}
}

/* The job of psrec -- CMD, and the notes on CPU no row shows. */
static void job(struct jsonw *j, const struct psr_run_result *r)
{
	const struct psr_proc_result *noted[64];
	size_t n = totals_noted(r, noted, 64);
	char note[1024];

	jsonw_key(j, "job");
	if (!r->job.flags) {
		jsonw_null(j);
	} else {
		jsonw_begin_object(j);
		jsonw_key_str(j, "state", r->job.flags & PSR_JOB_ENDED
						 ? "ended" : "running");
		if (r->job.flags & PSR_JOB_ENDED) {
			exit_fields(j, r->job.status);
			rusage(j, &r->job.rusage);
			jsonw_key_num(j, "orphans_reaped", (double)r->job.orphans);
			jsonw_key_num(j, "still_running", (double)r->job.running);
		}
		jsonw_end_object(j);
	}
	jsonw_key(j, "notes");
	jsonw_begin_array(j);
	for (size_t i = 0; i < n && i < 64; i++) {
		totals_note(note, sizeof note, r, noted[i]);
		jsonw_str(j, note);
	}
	jsonw_end_array(j);
}

/* What a summarised short-lived process has beyond the exit
 * accounting's figures. */
static void short_fields(struct jsonw *j, const struct psr_exited *e)
{
	args(j, e->cmdline, e->cmdline_len);
	jsonw_key_num(j, "first_sample", e->first_epoch);
	jsonw_key_num(j, "last_sample", e->last_epoch);
	jsonw_key_num(j, "children_cpu_seconds", e->children_cpu_seconds);
	jsonw_key_num(j, "cpu_peak_percent", e->cpu_peak_percent);
	jsonw_key_num(j, "rss_mean_bytes", e->rss_mean_bytes);
	jsonw_key_num(j, "vms_peak_bytes", e->vms_peak_bytes);
	jsonw_key_num(j, "fds_peak", e->fds_peak);
}

/* The processes summarised by their totals (the exit accounting's and
 * the short-lived ones): one small object each, their CPU in the groups
 * and trees already. */
static void exited(struct jsonw *j, const struct psr_run_result *r)
{
	jsonw_key_num(j, "exited_cpu_seconds", r->exited_cpu_seconds);
	jsonw_key_num(j, "short", (double)r->nshort);
	jsonw_key_num(j, "short_cpu_seconds", r->short_cpu_seconds);
	jsonw_key(j, "exited");
	jsonw_begin_array(j);
	for (size_t i = 0; i < r->nexited; i++) {
		const struct psr_exited *e = &r->exited[i];
		jsonw_begin_object(j);
		jsonw_key_num(j, "pid", e->pid);
		jsonw_key_num(j, "ppid", e->ppid);
		jsonw_key_num(j, "uid", e->uid);
		jsonw_key_str(j, "name", e->comm);
		jsonw_key_num(j, "start", e->start_epoch);
		jsonw_key_num(j, "end", e->end_epoch);
		jsonw_key_num(j, "cpu_seconds", e->cpu_seconds);
		jsonw_key_num(j, "user_seconds", e->user_seconds);
		jsonw_key_num(j, "system_seconds", e->system_seconds);
		jsonw_key_num(j, "rss_peak_bytes", e->maxrss_bytes);
		jsonw_key_num(j, "minflt", (double)e->minflt);
		jsonw_key_num(j, "majflt", (double)e->majflt);
		jsonw_key_num(j, "read_bytes", (double)e->read_bytes);
		jsonw_key_num(j, "write_bytes", (double)e->write_bytes);
		jsonw_key_num(j, "threads", e->threads);
		jsonw_key_num(j, "samples", (double)e->samples);
		if (e->samples)
			short_fields(j, e);
		exit_fields(j, e->status);
		jsonw_key(j, "tree");
		if (e->tree)
			jsonw_num(j, (double)(e->tree - 1));
		else
			jsonw_null(j);
		jsonw_end_object(j);
	}
	jsonw_end_array(j);
}

static void process(struct jsonw *j, const struct psr_proc_result *p,
		    double window)
{
	jsonw_begin_object(j);
	jsonw_key_num(j, "pid", p->pid);
	jsonw_key_num(j, "ppid", p->ppid);
	jsonw_key_num(j, "uid", p->uid);
	jsonw_key_str(j, "name", p->comm);
	if (!p->pid && !p->tree)
		; /* the host: no command line */
	else if (p->tree)
		jsonw_key_num(j, "tree_members", (double)p->tree_members);
	else
		cmdline(j, p);
	former_names(j, p);
	jsonw_key_num(j, "start", p->start_epoch);
	jsonw_key_num(j, "first_sample", p->first_epoch);
	jsonw_key_num(j, "last_sample", p->last_epoch);
	jsonw_key_num(j, "samples", (double)p->samples);
	jsonw_key(j, "ended");
	jsonw_bool(j, p->ended);
	if (p->ended)
		exit_fields(j, p->status);
	jsonw_key_str(j, "verdict", psr_verdict_name(p->verdict));
	if (p->pid || p->tree)
		cpu_totals(j, p);
	jsonw_key(j, "buckets");
	jsonw_begin_object(j);
	jsonw_key(j, "t");
	jsonw_num_array(j, p->b_t, p->nbuckets);
	for (size_t i = 0; i < p->nseries; i++) {
		const struct psr_series_result *s = &p->series[i];
		jsonw_key(j, s->def->name);
		jsonw_begin_object(j);
		jsonw_key(j, "mean");
		jsonw_num_array(j, s->b_mean, p->nbuckets);
		jsonw_key(j, "min");
		jsonw_num_array(j, s->b_min, p->nbuckets);
		jsonw_key(j, "max");
		jsonw_num_array(j, s->b_max, p->nbuckets);
		jsonw_end_object(j);
	}
	jsonw_end_object(j);
	if (p->nwindows) {
		jsonw_key(j, "windows");
		jsonw_begin_object(j);
		jsonw_key_num(j, "seconds", window);
		jsonw_key(j, "start");
		jsonw_num_array(j, p->w_start, p->nwindows);
		jsonw_end_object(j);
	}
	jsonw_key(j, "metrics");
	jsonw_begin_object(j);
	for (size_t i = 0; i < p->nseries; i++)
		series(j, p, &p->series[i]);
	jsonw_end_object(j);
	correlation(j, p);
	jsonw_end_object(j);
}

static void groups(struct jsonw *j, const struct group_table *g);

static void run(struct jsonw *j, const struct psr_run_result *r,
		double window, const struct group_table *g)
{
	const struct psr_header *h = &r->header;

	jsonw_begin_object(j);
	jsonw_key(j, "logs");
	jsonw_begin_array(j);
	for (size_t i = 0; i < r->npaths; i++)
		jsonw_str(j, r->paths[i]);
	jsonw_end_array(j);
	jsonw_key_str(j, "host", h->hostname);
	jsonw_key_str(j, "kernel", h->kernel);
	jsonw_key_str(j, "machine", h->machine);
	jsonw_key_num(j, "cpus", h->cpu_count);
	jsonw_key_str(j, "writer", h->writer);
	jsonw_key_num(j, "interval", (double)h->interval_ns / 1e9);
	jsonw_key_num(j, "start", r->start_epoch);
	jsonw_key_num(j, "end", r->end_epoch);
	jsonw_key_num(j, "duration", r->end_epoch - r->start_epoch);
	jsonw_key_num(j, "samples", (double)r->samples);
	jsonw_key_num(j, "process_samples", (double)r->process_samples);
	jsonw_key_num(j, "warnings", (double)r->warnings);
	job(j, r);
	jsonw_key(j, "processes");
	jsonw_begin_array(j);
	for (size_t i = 0; i < r->nprocs; i++)
		process(j, &r->procs[i], window);
	jsonw_end_array(j);
	jsonw_key(j, "trees");
	jsonw_begin_array(j);
	for (size_t i = 0; i < r->ntrees; i++)
		process(j, &r->trees[i], window);
	jsonw_end_array(j);
	exited(j, r);
	jsonw_key(j, "system");
	if (r->system)
		process(j, r->system, window);
	else
		jsonw_null(j);
	if (g)
		groups(j, g);
	jsonw_end_object(j);
}

/* --by: the run's groups, the largest CPU user first */
static void groups(struct jsonw *j, const struct group_table *g)
{
	jsonw_key(j, "groups");
	jsonw_begin_object(j);
	jsonw_key_str(j, "by", groups_by_names[g->by]);
	jsonw_key(j, "groups");
	jsonw_begin_array(j);
	for (size_t i = 0; i < g->n; i++) {
		const struct group_row *w = &g->rows[i];
		jsonw_begin_object(j);
		jsonw_key_str(j, "key", w->key);
		jsonw_key_num(j, "uid", w->uid);
		jsonw_key_num(j, "processes", (double)w->count);
		jsonw_key_num(j, "ended", (double)w->ended);
		jsonw_key_num(j, "cpu_seconds", w->cpu_seconds);
		jsonw_key_num(j, "cpu_mean_percent", w->cpu_mean);
		jsonw_key_num(j, "cpu_p95_percent", w->cpu_p95);
		jsonw_key_num(j, "rss_peak_bytes", w->peak_rss);
		jsonw_key_num(j, "rss_sum_peak_bytes", w->rss_sum_peak);
		jsonw_key_num(j, "read_bytes", w->read_bytes);
		jsonw_key_num(j, "write_bytes", w->write_bytes);
		jsonw_end_object(j);
	}
	jsonw_end_array(j);
	jsonw_end_object(j);
}

static void options(struct jsonw *j, const struct psr_analysis_opts *o)
{
	jsonw_key(j, "options");
	jsonw_begin_object(j);
	jsonw_key_num(j, "leak_p", o->leak.p);
	jsonw_key_num(j, "leak_growth_pct_per_h", o->leak.growth_pct);
	jsonw_key_num(j, "possible_p", o->leak.possible_p);
	jsonw_key_num(j, "min_samples", o->leak.min_samples);
	jsonw_key_num(j, "leak_min_seconds", o->leak.min_seconds);
	jsonw_key_num(j, "leak_host_min_seconds", o->leak.host_min_seconds);
	jsonw_key_num(j, "leak_min_growth", o->leak.min_growth);
	jsonw_key_num(j, "leak_min_growth_pct", o->leak.min_growth_pct);
	jsonw_key_num(j, "window", o->window);
	jsonw_key_num(j, "peaks", o->peaks);
	jsonw_key_num(j, "buckets_max", PSR_ANALYSIS_BUCKETS);
	jsonw_key_num(j, "exact_quantile_runs", PSR_STATS_EXACT);
	jsonw_end_object(j);
}

int json_write(const struct report_ctx *c, FILE *f)
{
	struct jsonw j;

	jsonw_init(&j, f, true);
	jsonw_begin_object(&j);
	jsonw_key_str(&j, "schema", "psreport-analysis");
	jsonw_key_num(&j, "schema_version", PSREPORT_JSON_VERSION);
	jsonw_key_str(&j, "generator", "psreport " PSR_VERSION);
	options(&j, c->opts);
	jsonw_key_str(&j, "worst_verdict", psr_verdict_name(c->result->worst));
	jsonw_key(&j, "runs");
	jsonw_begin_array(&j);
	for (size_t i = 0; i < c->result->nruns; i++)
		run(&j, &c->result->runs[i], c->opts->window,
		    c->groups ? &c->groups[i] : NULL);
	jsonw_end_array(&j);
	if (c->compare)
		compare_json(&j, c->compare);
	jsonw_end_object(&j);
	fputc('\n', f);
	return ferror(f) ? -1 : 0;
}

OUTPUT_WRITER(write_json, json_write)

const struct output output_json = {
	.option = "json",
	.arg = "<file>",
	.help = "everything computed (schema: report/JSON.md)",
	.modes = MODE_REPORT,
	.flags = OUTPUT_FILE,
	.needs = NEEDS_RESULT | NEEDS_DISTRIBUTIONS,
	.result = write_json,
};

/* --baseline: both sides' runs (baseline first) and the comparison */
const struct output output_compare_json = {
	.option = "json",
	.modes = MODE_BASELINE,
	.flags = OUTPUT_FILE,
	.needs = NEEDS_RESULT,
	.result = write_json,
};
