/* text.c - the default output: one aligned table per run. */
#include "writers.h"

#include "output.h"

#include "fmt.h"
#include "groups.h"
#include "rank.h"
#include "totals.h"
#include "utf8.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define RED "\033[31m"
#define YELLOW "\033[33m"
#define BOLD "\033[1m"
#define RESET "\033[0m"

void table_run_title(char *buf, size_t len, const struct psr_run_result *r)
{
	char a[32], b[32], d[32], logs[600];
	int n = 0;

	fmt_epoch(a, sizeof a, r->start_epoch);
	fmt_epoch(b, sizeof b, r->end_epoch);
	fmt_duration(d, sizeof d, r->end_epoch - r->start_epoch);
	if (r->npaths == 1)
		snprintf(logs, sizeof logs, "%s", r->paths[0]);
	else
		snprintf(logs, sizeof logs, "%zu logs: %s .. %s", r->npaths,
			 r->paths[0], r->paths[r->npaths - 1]);
	if (r->samples)
		n = snprintf(buf, len, "%s .. %s (%s), interval %.3gs, %llu "
			     "samples", a, b, d,
			     (double)r->header.interval_ns / 1e9,
			     (unsigned long long)r->samples);
	else
		n = snprintf(buf, len, "no samples selected, interval %.3gs",
			     (double)r->header.interval_ns / 1e9);
	if (n >= 0 && (size_t)n < len)
		snprintf(buf + n, len - (size_t)n, ", %s", logs);
}

static void run_header(FILE *f, const struct psr_run_result *r, bool colour)
{
	char title[800];

	table_run_title(title, sizeof title, r);
	fprintf(f, "%s%s%s  %s\n", colour ? BOLD : "", r->header.hostname,
		colour ? RESET : "", title);
}

static double stat_of(const struct psr_proc_result *p, const char *series,
		      size_t field)
{
	int i = psr_series_find(series);
	const struct psr_series_result *s =
		i < 0 ? NULL : psr_result_series(p, (unsigned)i);

	if (!s || !s->n)
		return NAN;
	return *(const double *)((const char *)s + field);
}

#define F(m) offsetof(struct psr_series_result, m)

/* RSS's growth over the run (not per hour: most runs are not hours). */
static void growth_cell(char *buf, size_t n, const struct psr_proc_result *p)
{
	int i = psr_series_find("rss_bytes");
	const struct psr_series_result *s =
		i < 0 ? NULL : psr_result_series(p, (unsigned)i);
	char b[24];

	if (!s || !s->leak || !isfinite(s->leak->grown)) {
		snprintf(buf, n, "-");
		return;
	}
	fmt_bytes(b, sizeof b, fabs(s->leak->grown));
	snprintf(buf, n, "%s%s", s->leak->grown > 0 ? "+"
				 : s->leak->grown < 0 ? "-" : "", b);
}

/* The verdict, from the series that decides it: "-" when the run was too
 * short for one, else the verdict, and for a leak (or a possible one) the
 * series, the rules that fired and how much it grew over how long. */
static void verdict_cells(struct table_row *t, const struct psr_proc_result *p)
{
	const struct psr_series_result *s = psr_result_verdict_series(p);
	char rules[64], g[96];

	if (s && s->leak->gate == PSR_GATE_SHORT)
		s = NULL;
	t->verdict = s ? s->leak->verdict : PSR_VERDICT_NONE;
	t->why[0] = 0;
	snprintf(t->cells[TABLE_VERDICT], sizeof t->cells[TABLE_VERDICT], "%s",
		 s ? psr_verdict_name(s->leak->verdict) : "-");
	if (!s || s->leak->verdict == PSR_VERDICT_NONE)
		return;
	psr_leak_rules_text(s->leak->rules, rules, sizeof rules);
	fmt_growth(g, sizeof g, s->leak);
	snprintf(t->why, sizeof t->why, "(%s: %s; %s)", s->def->label, rules,
		 g);
}

const char *const table_titles[TABLE_COLUMNS] = {
	"PID", "NAME", "DURATION", "SAMPLES", "CPU time", "CPU avg", "p95",
	"max",
	"RSS avg", "RSS max", "RSS grew", "VERDICT",
};

void table_row(struct table_row *t, const struct psr_proc_result *p,
	       const char *prefix)
{
	char (*c)[TABLE_CELL] = t->cells;
	char clean[260];

	snprintf(c[TABLE_PID], TABLE_CELL, "%u", p->pid);
	/* a name is bytes: no line break or invalid UTF-8 in the table */
	utf8_clean(clean, sizeof clean, p->comm);
	snprintf(t->name, sizeof t->name, "%s%s", prefix, clean);
	fmt_duration(c[TABLE_DURATION], TABLE_CELL,
		     p->last_epoch - p->first_epoch);
	snprintf(c[TABLE_SAMPLES], TABLE_CELL, "%llu",
		 (unsigned long long)p->samples);
	fmt_value(c[TABLE_CPU_TIME], TABLE_CELL, totals_cpu(p), PSR_SU_SECONDS);
	fmt_value(c[TABLE_CPU_AVG], TABLE_CELL,
		  stat_of(p, "cpu_percent", F(mean)), PSR_SU_PERCENT);
	fmt_value(c[TABLE_CPU_P95], TABLE_CELL,
		  stat_of(p, "cpu_percent", F(p95)), PSR_SU_PERCENT);
	fmt_value(c[TABLE_CPU_MAX], TABLE_CELL,
		  stat_of(p, "cpu_percent", F(max)), PSR_SU_PERCENT);
	fmt_bytes(c[TABLE_RSS_AVG], TABLE_CELL, stat_of(p, "rss_bytes", F(mean)));
	fmt_bytes(c[TABLE_RSS_MAX], TABLE_CELL, stat_of(p, "rss_bytes", F(max)));
	growth_cell(c[TABLE_GROWTH], TABLE_CELL, p);
	verdict_cells(t, p);
}

static void proc_line(FILE *f, const struct psr_proc_result *p, bool colour,
		      const char *prefix)
{
	struct table_row t;
	char (*c)[TABLE_CELL] = t.cells;

	table_row(&t, p, prefix);
	fprintf(f, "%-8s ", c[TABLE_PID]);
	fmt_column(f, t.name, 20);
	fprintf(f, " %9s %8s %9s %7s %7s %7s %10s %10s %11s  ",
		c[TABLE_DURATION], c[TABLE_SAMPLES], c[TABLE_CPU_TIME],
		c[TABLE_CPU_AVG], c[TABLE_CPU_P95],
		c[TABLE_CPU_MAX], c[TABLE_RSS_AVG], c[TABLE_RSS_MAX],
		c[TABLE_GROWTH]);
	if (colour && t.verdict == PSR_VERDICT_LEAK)
		fprintf(f, RED "%s" RESET, c[TABLE_VERDICT]);
	else if (colour && t.verdict == PSR_VERDICT_POSSIBLE)
		fprintf(f, YELLOW "%s" RESET, c[TABLE_VERDICT]);
	else
		fputs(c[TABLE_VERDICT], f);
	if (t.why[0])
		fprintf(f, " %s", t.why);
	fputc('\n', f);
}

static void table_header(FILE *f, bool colour)
{
	const char *const *h = table_titles;

	fprintf(f, "%s%-8s %-20s %9s %8s %9s %7s %7s %7s %10s %10s %11s  %s%s\n",
		colour ? BOLD : "", h[0], h[1], h[2], h[3], h[4], h[5], h[6],
		h[7], h[8], h[9], h[10], h[11], colour ? RESET : "");
}

/* Rows of p[] in the order and the cut of --sort and --top, and what
 * was left out in a line. */
static int ranked_lines(FILE *f, const struct report_ctx *c,
			const struct psr_proc_result *p, size_t n,
			const char *prefix, const char *what)
{
	struct ranking k;
	char left[512];

	if (rank_procs(p, n, c->rank, RANK_TOP_DEFAULT, &k))
		return -1;
	for (size_t i = 0; i < k.nshown; i++)
		proc_line(f, k.shown[i], c->colour, prefix);
	rank_hidden_lines(left, sizeof left, &k, what, "");
	fputs(left, f);
	rank_release(&k);
	return 0;
}

static int trees(FILE *f, const struct report_ctx *c,
		 const struct psr_run_result *r)
{
	int pss = psr_series_find("pss_bytes");

	if (!r->ntrees)
		return 0;
	fprintf(f, "\nprocess trees (a recorded process and its recorded "
		   "descendants; CPU time exact, each process once):\n");
	table_header(f, c->colour);
	if (ranked_lines(f, c, r->trees, r->ntrees, "tree:", "trees"))
		return -1;
	if (pss >= 0 && psr_result_series(&r->trees[0], (unsigned)pss))
		fputs("note: tree memory is summed RSS, which counts a shared "
		      "page once per process;\n      summed PSS (in --json and "
		      "--summary) counts it once.\n", f);
	else
		fputs("note: tree memory is summed RSS, which counts a shared "
		      "page once per process\n      that maps it (record with "
		      "psrec --uss for PSS, which does not).\n", f);
	return 0;
}

/* --by: a row per group, the largest CPU user first, --top of them. */
static void groups(FILE *f, const struct report_ctx *c, size_t run)
{
	const struct group_table *g = c->groups ? &c->groups[run] : NULL;
	size_t top = c->rank->top ? c->rank->top : RANK_TOP_DEFAULT;
	double rest = NAN;
	char t[5][24], rd[24], wr[24];

	if (!g)
		return;
	fprintf(f, "%stotals per %s%s (%zu group%s; CPU avg and p95 of the "
		   "group's summed CPU over time):\n", c->colour ? BOLD : "",
		groups_by_label(g->by), c->colour ? RESET : "", g->n,
		g->n == 1 ? "" : "s");
	fprintf(f, "%-24s %6s %9s %7s %7s %10s %10s %10s %10s\n", "GROUP",
		"PROCS", "CPU time", "CPU avg", "p95", "RSS peak", "RSS sum",
		"DISK READ", "DISK WRITE");
	for (size_t i = 0; i < g->n; i++) {
		const struct group_row *w = &g->rows[i];
		if (i >= top) {
			rest = isnan(rest) ? w->cpu_seconds
					   : rest + (isnan(w->cpu_seconds)
							     ? 0 : w->cpu_seconds);
			continue;
		}
		fmt_value(t[0], sizeof t[0], w->cpu_seconds, PSR_SU_SECONDS);
		fmt_value(t[1], sizeof t[1], w->cpu_mean, PSR_SU_PERCENT);
		fmt_value(t[2], sizeof t[2], w->cpu_p95, PSR_SU_PERCENT);
		fmt_bytes(t[3], sizeof t[3], w->peak_rss);
		fmt_bytes(t[4], sizeof t[4], w->rss_sum_peak);
		fmt_bytes(rd, sizeof rd, w->read_bytes);
		fmt_bytes(wr, sizeof wr, w->write_bytes);
		char key[260];
		utf8_clean(key, sizeof key, w->key);
		fmt_column(f, key, 24);
		fprintf(f, " %6zu %9s %7s %7s %10s %10s %10s %10s\n", w->count,
			t[0], t[1], t[2], t[3], t[4], rd, wr);
	}
	if (g->n > top) {
		fmt_value(t[0], sizeof t[0], rest, PSR_SU_SECONDS);
		fprintf(f, "+ %zu more groups, %s of CPU time in all (--top all "
			   "shows every one)\n", g->n - top, t[0]);
	}
	fputs("note: RSS peak is the largest member's; RSS sum the peak of "
	      "the members' RSS summed,\n      which counts a shared page "
	      "once per process that maps it.\n\n", f);
}

static const struct psr_series_result *host_series(
	const struct psr_proc_result *h, const char *name)
{
	for (size_t i = 0; i < h->nseries; i++)
		if (strcmp(h->series[i].def->name, name) == 0)
			return &h->series[i];
	return NULL;
}

/* "mean / p95 / max" of a host series in its unit. */
static void host_cell(char *buf, size_t n, const struct psr_proc_result *h,
		      const char *name)
{
	const struct psr_series_result *s = host_series(h, name);
	char a[24], b[24], c[24];

	if (!s || !s->n) {
		snprintf(buf, n, "-");
		return;
	}
	fmt_value(a, sizeof a, s->mean, s->def->unit);
	fmt_value(b, sizeof b, s->p95, s->def->unit);
	fmt_value(c, sizeof c, s->max, s->def->unit);
	snprintf(buf, n, "%s / %s / %s", a, b, c);
}

/* The host (psrec --system): CPU, RAM used the htop way, swap, load. */
static void host(FILE *f, const struct psr_run_result *r, bool colour)
{
	static const struct { const char *label, *name; } rows[] = {
		{"host CPU busy", "host_cpu_percent"},
		{"  iowait", "host_cpu_iowait_percent"},
		{"RAM used", "ram_used_bytes"},
		{"RAM used %", "ram_used_percent"},
		{"swap used", "swap_used_bytes"},
		{"load (1 min)", "load1"},
	};
	const struct psr_proc_result *h = r->system;
	const struct psr_series_result *ram;
	char cell[96];

	if (!h)
		return;
	fprintf(f, "\n%shost%s (%llu samples; mean / p95 / max):\n",
		colour ? BOLD : "", colour ? RESET : "",
		(unsigned long long)h->samples);
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		host_cell(cell, sizeof cell, h, rows[i].name);
		fprintf(f, "  %-14s %s\n", rows[i].label, cell);
	}
	ram = host_series(h, "ram_used_bytes");
	if (ram && ram->leak) {
		char g[96];
		const struct psr_leak *l = ram->leak;
		fmt_growth(g, sizeof g, l);
		fprintf(f, "  RAM used %s: %s", g,
			l->gate == PSR_GATE_SHORT ? "no leak verdict"
						  : psr_verdict_name(l->verdict));
		if (l->gate != PSR_GATE_PASSED)
			fprintf(f, " (%s)", psr_leak_gate_name(l->gate));
		fputc('\n', f);
	}
}

/* The job's totals (psrec -- CMD), then the notes on CPU time that no
 * row shows (children too short-lived or not followed). */
static void totals(FILE *f, const struct psr_run_result *r)
{
	const struct psr_proc_result *noted[5];
	size_t n = totals_noted(r, noted, 5);
	char buf[1024];

	totals_job_lines(buf, sizeof buf, r, "");
	fputs(buf, f);
	for (size_t i = 0; i < n && i < 5; i++) {
		totals_note(buf, sizeof buf, r, noted[i]);
		fprintf(f, "note: %s.\n", buf);
	}
	if (n > 5)
		fprintf(f, "note: and %zu more like these (--json: "
			   "children_cpu_seconds).\n", n - 5);
}

/* The processes summarised by their totals: one line for those only
 * the kernel's exit accounting saw, one for the short-lived ones; never
 * a row each (a build host ends thousands a minute). */
static void exited_line(FILE *f, const struct psr_run_result *r)
{
	size_t n = r->nexited - r->nshort;

	if (n)
		fprintf(f, "+ %zu process%s that ran between two samples, "
			   "%.2fs of CPU time in all (exit accounting: in the "
			   "totals per command and of the trees; --json "
			   "'exited')\n",
			n, n == 1 ? "" : "es", r->exited_cpu_seconds);
	if (r->nshort)
		fprintf(f, "+ %zu short-lived processes (ended within %d "
			   "samples), %.2fs of CPU time in all\n"
			   "  (summarised by their totals and peaks: in the "
			   "totals per command and of the trees;\n"
			   "  --json 'exited'; --every-process: each one's full "
			   "statistics)\n",
			r->nshort, PSR_SHORT_SAMPLES - 1, r->short_cpu_seconds);
}

int text_write(const struct report_ctx *c, FILE *f)
{
	const struct psr_result *res = c->result;

	for (size_t i = 0; i < res->nruns; i++) {
		const struct psr_run_result *r = &res->runs[i];
		if (i)
			fputc('\n', f);
		run_header(f, r, c->colour);
		totals(f, r);
		/* (only summarised processes: their line and totals) */
		if (!r->nprocs && !r->nexited) {
			fputs("no process-samples selected\n", f);
			host(f, r, c->colour);
			continue;
		}
		groups(f, c, i);
		table_header(f, c->colour);
		if (ranked_lines(f, c, r->procs, r->nprocs, "", "processes"))
			return -1;
		exited_line(f, r);
		if (trees(f, c, r))
			return -1;
		host(f, r, c->colour);
		if (rss_top_wanted(r))
			rss_top_text(r, f);
	}
	return ferror(f) ? -1 : 0;
}

OUTPUT_WRITER(write_text, text_write)

const struct output output_text = {
	.option = "text",
	.help = "the summary table even when another output goes to stdout",
	.modes = MODE_REPORT,
	.flags = OUTPUT_STDOUT | OUTPUT_DEFAULT,
	.needs = NEEDS_RESULT,
	.result = write_text,
};
