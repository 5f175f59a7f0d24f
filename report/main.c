/* main.c - psreport: read psrec logs offline and write reports.
 *
 * One decode: every record goes to --info and to the analysis engine,
 * which hands process-samples to the row outputs (--csv, --jsonl) as it
 * goes; then the result outputs (text, --summary, --json) are written
 * from the one result. */
#define _GNU_SOURCE
#include "compare.h"
#include "export.h"
#include "fleet.h"
#include "info.h"
#include "logfile.h"
#include "outfile.h"
#include "rows.h"
#include "visual.h"
#include "writers.h"

#include "chart.h"

#include "psr_config.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { EXIT_RUNTIME = 1, EXIT_USAGE = 2, EXIT_LEAK = 3 };

static const char usage[] =
	"usage: psreport [<options>] <log>...\n"
	"\n"
	"Read psrec logs and report on them. Logs of one recording (rotated\n"
	"files) are read as one run; other logs are reported side by side.\n"
	"\n"
	"outputs (any number, from one decode; <file> '-' is standard output):\n"
	"  (default)          a summary table per run on standard output\n"
	"  --text             the summary table even when other outputs are named\n"
	"  --info             what each log holds (host, command, processes, size)\n"
	"  --csv <file>       one row per process-sample, then 'avg' rows\n"
	"  --jsonl <file>     one JSON object per process-sample\n"
	"  --summary <file>   CSV: one row per process and metric, every statistic\n"
	"  --json <file>      everything computed (schema: report/JSON.md)\n"
	"  --rss-top <file>   CSV: the 10 processes whose RSS varied most per run\n"
	"  --pdf <file>       a PDF report: a title page with the verdicts, then\n"
	"                     per process charts (CPU, memory, I/O, switches,\n"
	"                     descriptors, distributions, correlations) and\n"
	"                     statistics, and per process tree\n"
	"  --svg <dir>        one SVG per chart, named PID-NAME-CHART.svg\n"
	"  --png <dir>        one PNG per chart, named PID-NAME-CHART.png\n"
	"  --dpi <n>          PNG resolution, 20 to 600 (100)\n"
	"  --transparent      PNG with a transparent background\n"
	"  --theme light|dark colours of the PDF, SVGs and PNGs (light)\n"
	"  --paper a4|letter  PDF page size, landscape (a4)\n"
	"  --export <file>    typed rows for a column store (ClickHouse): CSV,\n"
	"                     or JSON lines when <file> ends in .jsonl\n"
	"  --host <name>      the host name in --export rows (default: the log's)\n"
	"  --fleet            the logs (and directories, read recursively) of many\n"
	"                     hosts: a table per command across hosts, and per host\n"
	"  --fleet-csv <file> those tables as CSV (implies --fleet)\n"
	"  --fleet-metric <name>[,<name>...]\n"
	"                     with --fleet and --pdf, --svg or --png: a chart per\n"
	"                     metric with a line per host over time (cpu,rss)\n"
	"  --force            overwrite existing output files\n"
	"\n"
	"selection and analysis:\n"
	"  --pid <pid>[,<pid>...]    only these processes (repeatable)\n"
	"  --name <comm>             only processes with this name (repeatable)\n"
	"  --from <time>, --to <time>\n"
	"                     Unix seconds, ISO 8601 (2026-11-24T10:00:00[Z]) or an\n"
	"                     offset from the start (+90, +15m, +2h)\n"
	"  --window <seconds> per-window mean and max in --json; --csv then has\n"
	"                     one row per process and window\n"
	"  --peaks <n>        the n most prominent peaks per metric in --json\n"
	"  --leak-p <p>       Mann-Kendall significance for 'leak' (0.01)\n"
	"  --leak-growth <pct>  least growth for a verdict, % of the median per\n"
	"                     hour (1)\n"
	"  --leak-min <size>  least growth over the run for a verdict (4M)\n"
	"  --leak-min-pct <pct>  ... and % of the median (5)\n"
	"  --leak-min-time <seconds>  shorter runs get no verdict (120; the\n"
	"                     host's RAM: 600 or this, the larger)\n"
	"  --fail-on-leak     exit 3 when any verdict is 'leak'\n"
	"\n";
/* in two: C99 promises string literals of 4095 bytes, no more */
static const char usage_compare[] =
	"comparing recordings (README: Comparing recordings):\n"
	"  --baseline <log>   compare the logs given against this one\n"
	"                     (repeatable: baseline runs are pooled)\n"
	"  --match cmd|name|exe  match processes by command line (default),\n"
	"                     name or first argument; cmd and exe fall back\n"
	"                     to the name\n"
	"  --threshold <pct>  least practical difference, % of the baseline (5)\n"
	"  --fail-on-regression  exit 4 when any verdict is 'worse'\n"
	"  --gate <metric>[,<metric>...]  let these metrics decide verdicts\n"
	"                     too ('all': every one); by default only CPU,\n"
	"                     RSS, USS, PSS, their growth, disk read/write and\n"
	"                     descriptors do\n"
	"  --compare-csv <file>  one row per matched process and metric\n"
	"  --runs             mean, p95 and max per run, runs in start order\n"
	"                     (logs or directories of logs)\n"
	"  (--pdf, --svg, --png draw the comparison's or the runs' charts)\n"
	"  --index <dir>      list the logs in a directory\n"
	"  -h, --help         this text\n"
	"  -V, --version      version\n"
	"\n"
	"Exit status: 0 ok, 1 runtime error (unreadable or invalid log, output not\n"
	"writable), 2 usage error, 3 a leak with --fail-on-leak, 4 a regression\n"
	"with --fail-on-regression. Damaged logs are read as far as they go,\n"
	"with a warning on stderr.\n";

struct report_opts {
	bool info, text;
	const char *csv, *jsonl, *summary, *json, *rss_top;
	const char *export_path, *host; /* --export, --host */
	bool fleet;
	const char *fleet_csv;
	unsigned fleet_metrics[FLEET_MAX_METRICS]; /* --fleet-metric */
	size_t nfleet_metrics;
	bool fleet_metric_given;
	bool force, fail_on_leak;
	uint32_t *pids;
	size_t npids;
	const char **names;
	size_t nnames;
	struct psr_analysis_opts an;
	struct compare_opts cmp;
	struct visual_opts vis;
	char **logs;
	size_t nlogs;
};

enum {
	OPT_INFO = 256, OPT_CSV, OPT_FORCE, OPT_TEXT, OPT_JSONL, OPT_SUMMARY,
	OPT_JSON, OPT_PID, OPT_NAME, OPT_FROM, OPT_TO, OPT_WINDOW, OPT_PEAKS,
	OPT_LEAK_P, OPT_LEAK_GROWTH, OPT_FAIL_LEAK, OPT_RSS_TOP, OPT_BASELINE,
	OPT_MATCH, OPT_THRESHOLD, OPT_FAIL_REGRESSION, OPT_COMPARE_CSV,
	OPT_RUNS, OPT_INDEX, OPT_EXPORT, OPT_HOST, OPT_FLEET, OPT_FLEET_CSV,
	OPT_FLEET_METRIC, OPT_GATE, OPT_LEAK_MIN, OPT_LEAK_MIN_PCT, OPT_LEAK_MIN_TIME,
	OPT_VISUAL, /* + enum visual_opt: --pdf ... --paper */
	OPT_VISUAL_END = OPT_VISUAL + VISUAL_NOPTS,
};

__attribute__((format(printf, 1, 2)))
static int usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("psreport: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(" (see psreport --help)\n", stderr);
	return EXIT_USAGE;
}

static bool parse_double(const char *s, double lo, double hi, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || *end || errno || !(v >= lo && v <= hi))
		return false;
	*out = v;
	return true;
}

/* "4M", "512K", "1.5G", "4194304": bytes (binary multiples). */
static bool parse_size(const char *s, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || errno || !(v >= 0))
		return false;
	switch (*end) {
	case 'K': case 'k': v *= 1024; end++; break;
	case 'M': case 'm': v *= 1048576; end++; break;
	case 'G': case 'g': v *= 1073741824; end++; break;
	default: break;
	}
	if (*end == 'i' && end[1] == 'B')
		end += 2;
	else if (*end == 'B')
		end++;
	if (*end || !(v <= 1e18))
		return false;
	*out = v;
	return true;
}

static int add_pids(struct report_opts *o, const char *arg)
{
	char *copy = strdup(arg), *save = NULL;
	int rc = 0;

	if (!copy)
		return EXIT_RUNTIME;
	for (char *tok = strtok_r(copy, ",", &save); tok && !rc;
	     tok = strtok_r(NULL, ",", &save)) {
		double v;
		uint32_t *p;
		if (!parse_double(tok, 1, 4194304, &v) || v != floor(v)) {
			rc = usage_error("--pid '%s': not a process id", arg);
			break;
		}
		p = realloc(o->pids, (o->npids + 1) * sizeof *p);
		if (!p) {
			rc = EXIT_RUNTIME;
			break;
		}
		o->pids = p;
		o->pids[o->npids++] = (uint32_t)v;
	}
	free(copy);
	return rc;
}

static int add_name(struct report_opts *o, const char *arg)
{
	const char **n = realloc(o->names, (o->nnames + 1) * sizeof *n);

	if (!n)
		return EXIT_RUNTIME;
	o->names = n;
	o->names[o->nnames++] = arg;
	return 0;
}

static int add_baseline(struct compare_opts *c, const char *arg)
{
	const char **b = realloc(c->baselines,
				 (c->nbaselines + 1) * sizeof *b);

	if (!b)
		return EXIT_RUNTIME;
	c->baselines = b;
	c->baselines[c->nbaselines++] = arg;
	return 0;
}

/* --gate a,b,...: series names (psr_series_table) or "all". */
static int add_gate(struct compare_opts *c, const char *arg)
{
	char *copy = strdup(arg), *save = NULL;
	int rc = 0;

	if (!copy)
		return usage_error("out of memory");
	for (char *t = strtok_r(copy, ",", &save); t && !rc;
	     t = strtok_r(NULL, ",", &save)) {
		int k = psr_series_find(t);
		if (!strcmp(t, "all"))
			c->cmp.gate = ~(uint64_t)0;
		else if (k >= 0 && k < 64)
			c->cmp.gate |= (uint64_t)1 << k;
		else
			rc = usage_error("--gate '%s': not a metric name (see "
					 "--summary's metric column)", t);
	}
	free(copy);
	return rc;
}

static int compare_option(struct compare_opts *c, int opt, const char *arg)
{
	c->given |= opt != OPT_BASELINE && opt != OPT_RUNS && opt != OPT_INDEX;
	switch (opt) {
	case OPT_BASELINE: return add_baseline(c, arg);
	case OPT_FAIL_REGRESSION: c->fail_on_regression = true; return 0;
	case OPT_COMPARE_CSV: c->csv = arg; return 0;
	case OPT_RUNS: c->runs = true; return 0;
	case OPT_INDEX: c->index_dir = arg; return 0;
	case OPT_GATE: return add_gate(c, arg);
	case OPT_MATCH:
		for (int m = PSR_MATCH_CMD; m <= PSR_MATCH_EXE; m++)
			if (!strcmp(arg, psr_compare_match_name(m))) {
				c->cmp.match = (enum psr_match)m;
				return 0;
			}
		return usage_error("--match '%s': not cmd, name or exe", arg);
	default: /* OPT_THRESHOLD */
		if (!parse_double(arg, 0, 1e6, &c->cmp.threshold_pct))
			return usage_error("--threshold '%s': not a "
					   "percentage >= 0", arg);
		return 0;
	}
}

static int parse_time(const char *opt, const char *arg,
		      struct psr_time_spec *t)
{
	if (psr_time_parse(arg, t))
		return usage_error("%s '%s': not a time (Unix seconds, "
				   "ISO 8601, or +offset)", opt, arg);
	return 0;
}

/* One option; 0 to go on, -1 after --help/--version, else an exit code. */
static int option(struct report_opts *o, int c, const char *arg,
		  const char *given)
{
	double v;
	char err[512];

	if (c >= OPT_VISUAL && c < OPT_VISUAL_END)
		return visual_option(&o->vis, c - OPT_VISUAL, arg, err,
				     sizeof err) ? usage_error("%s", err) : 0;
	switch (c) {
	case OPT_INFO: o->info = true; return 0;
	case OPT_TEXT: o->text = true; return 0;
	case OPT_CSV: o->csv = arg; return 0;
	case OPT_JSONL: o->jsonl = arg; return 0;
	case OPT_SUMMARY: o->summary = arg; return 0;
	case OPT_JSON: o->json = arg; return 0;
	case OPT_RSS_TOP: o->rss_top = arg; return 0;
	case OPT_EXPORT: o->export_path = arg; return 0;
	case OPT_HOST: o->host = arg; return 0;
	case OPT_FLEET: o->fleet = true; return 0;
	case OPT_FLEET_CSV: o->fleet = true; o->fleet_csv = arg; return 0;
	case OPT_FLEET_METRIC:
		o->fleet_metric_given = true;
		return fleet_metric_parse(arg, o->fleet_metrics,
					  &o->nfleet_metrics, err, sizeof err)
			       ? usage_error("%s", err) : 0;
	case OPT_FORCE: o->force = true; return 0;
	case OPT_FAIL_LEAK: o->fail_on_leak = true; return 0;
	case OPT_PID: return add_pids(o, arg);
	case OPT_NAME: return add_name(o, arg);
	case OPT_FROM: return parse_time("--from", arg, &o->an.from);
	case OPT_TO: return parse_time("--to", arg, &o->an.to);
	case OPT_WINDOW:
		if (!parse_double(arg, 1e-3, 1e9, &o->an.window))
			return usage_error("--window '%s': not a positive "
					   "number of seconds", arg);
		return 0;
	case OPT_PEAKS:
		if (!parse_double(arg, 1, 1000, &v) || v != floor(v))
			return usage_error("--peaks '%s': not a count from 1 "
					   "to 1000", arg);
		o->an.peaks = (unsigned)v;
		return 0;
	case OPT_BASELINE: case OPT_MATCH: case OPT_THRESHOLD:
	case OPT_FAIL_REGRESSION: case OPT_COMPARE_CSV: case OPT_RUNS:
	case OPT_INDEX: case OPT_GATE:
		return compare_option(&o->cmp, c, arg);
	case OPT_LEAK_P:
		if (!parse_double(arg, 1e-300, 0.5, &o->an.leak.p))
			return usage_error("--leak-p '%s': not a probability "
					   "in (0, 0.5]", arg);
		return 0;
	case OPT_LEAK_GROWTH:
		if (!parse_double(arg, 0, 1e9, &o->an.leak.growth_pct))
			return usage_error("--leak-growth '%s': not a "
					   "percentage >= 0", arg);
		return 0;
	case OPT_LEAK_MIN:
		if (!parse_size(arg, &o->an.leak.min_growth))
			return usage_error("--leak-min '%s': not a size (bytes, "
					   "or with K, M, G)", arg);
		return 0;
	case OPT_LEAK_MIN_PCT:
		if (!parse_double(arg, 0, 1e9, &o->an.leak.min_growth_pct))
			return usage_error("--leak-min-pct '%s': not a "
					   "percentage >= 0", arg);
		return 0;
	case OPT_LEAK_MIN_TIME:
		if (!parse_double(arg, 0, 1e9, &o->an.leak.min_seconds))
			return usage_error("--leak-min-time '%s': not a number "
					   "of seconds >= 0", arg);
		if (o->an.leak.host_min_seconds < o->an.leak.min_seconds)
			o->an.leak.host_min_seconds = o->an.leak.min_seconds;
		return 0;
	case 'h':
		fputs(usage, stdout);
		fputs(usage_compare, stdout);
		return -1;
	case 'V':
		printf("psreport %s\n", PSR_VERSION);
		return -1;
	case ':':
		return usage_error("option '%s' needs a value", given);
	default:
		return usage_error("unknown option '%s'", given);
	}
}

/* The comparison modes take the analysis options, --json and --force. */
static int check_compare(struct report_opts *o)
{
	const char *nc = getenv("NO_COLOR");

	if ((o->cmp.nbaselines != 0) + o->cmp.runs + !!o->cmp.index_dir > 1)
		return usage_error("--baseline, --runs and --index exclude "
				   "each other");
	if (o->cmp.index_dir && o->nlogs)
		return usage_error("--index takes a directory, not logs");
	if (o->info || o->csv || o->jsonl || o->summary || o->rss_top ||
	    (o->json && !o->cmp.nbaselines))
		return usage_error("--info, --csv, --jsonl, --summary, "
				   "--rss-top (and --json but with "
				   "--baseline) do not combine with a "
				   "comparison");
	if (o->cmp.csv && o->json && !strcmp(o->cmp.csv, "-") &&
	    !strcmp(o->json, "-"))
		return usage_error("only one output can go to standard output");
	o->an.pids = o->pids;
	o->an.npids = o->npids;
	o->an.names = o->names;
	o->an.nnames = o->nnames;
	o->cmp.cmp.leak_growth_pct = o->an.leak.growth_pct;
	o->cmp.json = o->json;
	o->cmp.force = o->force;
	o->cmp.colour = isatty(STDOUT_FILENO) && !(nc && *nc);
	if (o->cmp.index_dir && visual_wanted(&o->vis))
		return usage_error("--index draws no chart");
	o->cmp.vis = (struct compare_visual){
		.pdf = o->vis.pdf, .svg = o->vis.svg, .png = o->vis.png,
		.theme = o->vis.theme, .paper = o->vis.paper,
		.dpi = o->vis.dpi, .transparent = o->vis.transparent,
		.force = o->force,
	};
	return 0;
}

static int check(struct report_opts *o)
{
	const char *outs[] = {o->csv, o->jsonl, o->summary, o->json,
			      o->rss_top, o->export_path, o->fleet_csv};
	int on_stdout = 0;

	for (size_t i = 0; i < sizeof outs / sizeof outs[0]; i++)
		if (outs[i] && strcmp(outs[i], "-") == 0)
			on_stdout++;
	if (on_stdout > 1)
		return usage_error("only one output can go to standard output");
	if (!o->nlogs && !o->cmp.index_dir)
		return usage_error("no log given");
	if (o->fleet && (o->info || o->csv || o->jsonl || o->summary ||
			 o->json || o->rss_top || o->export_path))
		return usage_error("--fleet has its own outputs (--fleet-csv, "
				   "--pdf, --svg, --png)");
	char err[512];
	if (visual_check(&o->vis, err, sizeof err))
		return usage_error("%s", err);
	if (o->fleet_metric_given && !o->fleet)
		return usage_error("--fleet-metric needs --fleet");
	if (o->fleet_metric_given && !visual_wanted(&o->vis))
		return usage_error("--fleet-metric needs --pdf, --svg or --png");
	if (!o->fleet_metric_given)
		o->nfleet_metrics = fleet_metric_defaults(o->fleet_metrics);
	o->vis.force = o->force;
	if (compare_wanted(&o->cmp))
		return check_compare(o);
	if (o->cmp.given)
		return usage_error("--match, --threshold, --fail-on-regression "
				   "and --compare-csv need --baseline (or "
				   "--runs)");
	/* the table is the default view, unless stdout has another use */
	if (!o->info && !on_stdout)
		o->text = true;
	if (o->text && on_stdout)
		return usage_error("--text and an output on standard output "
				   "would mix");
	o->an.pids = o->pids;
	o->an.npids = o->npids;
	o->an.names = o->names;
	o->an.nnames = o->nnames;
	/* the JSON and the charts show them (not the fleet's) */
	o->an.distributions = !o->fleet && (o->json || visual_wanted(&o->vis));
	o->an.correlations = o->an.distributions;
	return 0;
}

/* The option getopt complained about, as the user wrote it: by optopt
 * for a missing value (argv may have been permuted), else the argument
 * getopt stopped at, without any "=value". */
static void option_name(const struct option *longopts, const char *arg,
			char *buf, size_t len)
{
	for (const struct option *lo = longopts; lo->name; lo++)
		if (optopt && lo->val == optopt) {
			snprintf(buf, len, "--%s", lo->name);
			return;
		}
	if (optopt > 0 && optopt < 256) {
		snprintf(buf, len, "-%c", optopt);
		return;
	}
	snprintf(buf, len, "%.*s", (int)strcspn(arg, "="), arg);
}

/* 0 to run, -1 to exit 0, or an exit code. */
static int parse(struct report_opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"info", no_argument, NULL, OPT_INFO},
		{"text", no_argument, NULL, OPT_TEXT},
		{"csv", required_argument, NULL, OPT_CSV},
		{"jsonl", required_argument, NULL, OPT_JSONL},
		{"summary", required_argument, NULL, OPT_SUMMARY},
		{"json", required_argument, NULL, OPT_JSON},
		{"rss-top", required_argument, NULL, OPT_RSS_TOP},
		{"export", required_argument, NULL, OPT_EXPORT},
		{"host", required_argument, NULL, OPT_HOST},
		{"fleet", no_argument, NULL, OPT_FLEET},
		{"fleet-csv", required_argument, NULL, OPT_FLEET_CSV},
		{"fleet-metric", required_argument, NULL, OPT_FLEET_METRIC},
		{"force", no_argument, NULL, OPT_FORCE},
		{"pid", required_argument, NULL, OPT_PID},
		{"name", required_argument, NULL, OPT_NAME},
		{"from", required_argument, NULL, OPT_FROM},
		{"to", required_argument, NULL, OPT_TO},
		{"window", required_argument, NULL, OPT_WINDOW},
		{"peaks", required_argument, NULL, OPT_PEAKS},
		{"leak-p", required_argument, NULL, OPT_LEAK_P},
		{"leak-growth", required_argument, NULL, OPT_LEAK_GROWTH},
		{"leak-min", required_argument, NULL, OPT_LEAK_MIN},
		{"gate", required_argument, NULL, OPT_GATE},
		{"leak-min-pct", required_argument, NULL, OPT_LEAK_MIN_PCT},
		{"leak-min-time", required_argument, NULL, OPT_LEAK_MIN_TIME},
		{"fail-on-leak", no_argument, NULL, OPT_FAIL_LEAK},
		{"baseline", required_argument, NULL, OPT_BASELINE},
		{"match", required_argument, NULL, OPT_MATCH},
		{"threshold", required_argument, NULL, OPT_THRESHOLD},
		{"fail-on-regression", no_argument, NULL, OPT_FAIL_REGRESSION},
		{"compare-csv", required_argument, NULL, OPT_COMPARE_CSV},
		{"runs", no_argument, NULL, OPT_RUNS},
		{"index", required_argument, NULL, OPT_INDEX},
		{"pdf", required_argument, NULL, OPT_VISUAL + VISUAL_OPT_PDF},
		{"svg", required_argument, NULL, OPT_VISUAL + VISUAL_OPT_SVG},
		{"png", required_argument, NULL, OPT_VISUAL + VISUAL_OPT_PNG},
		{"dpi", required_argument, NULL, OPT_VISUAL + VISUAL_OPT_DPI},
		{"transparent", no_argument, NULL,
		 OPT_VISUAL + VISUAL_OPT_TRANSPARENT},
		{"theme", required_argument, NULL,
		 OPT_VISUAL + VISUAL_OPT_THEME},
		{"paper", required_argument, NULL,
		 OPT_VISUAL + VISUAL_OPT_PAPER},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{0},
	};
	char given[64];
	int c;

	psr_analysis_defaults(&o->an);
	psr_compare_defaults(&o->cmp.cmp);
	visual_defaults(&o->vis);
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":hV", longopts, NULL)) != -1) {
		option_name(longopts, argv[optind - 1], given, sizeof given);
		int rc = option(o, c, optarg, given);
		if (rc)
			return rc;
	}
	o->logs = argv + optind;
	o->nlogs = (size_t)(argc - optind);
	return check(o);
}

/* ---- the run ------------------------------------------------------- */

struct outputs {
	struct outfile csv, jsonl, summary, json, rss_top, exp;
	struct rows *csv_rows, *jsonl_rows;
	struct export *exp_rows;
};

static int on_row(void *ctx, const struct psr_row *row)
{
	struct outputs *out = ctx;

	if (out->csv_rows && rows_write(out->csv_rows, row))
		return -ENOMEM;
	if (out->jsonl_rows && rows_write(out->jsonl_rows, row))
		return -ENOMEM;
	if (out->exp_rows)
		return export_row(out->exp_rows, row);
	return 0;
}

static int open_out(struct outfile *of, const char *opt, const char *path,
		    bool force)
{
	char err[1024];

	if (!path)
		return 0;
	if (outfile_open(of, path, force, err, sizeof err) != 0) {
		fprintf(stderr, "psreport: %s: %s\n", opt, err);
		return -1;
	}
	return 0;
}

static void abort_outputs(struct outputs *out)
{
	outfile_abort(&out->csv);
	outfile_abort(&out->jsonl);
	outfile_abort(&out->summary);
	outfile_abort(&out->json);
	outfile_abort(&out->rss_top);
	outfile_abort(&out->exp);
	export_free(out->exp_rows);
	out->exp_rows = NULL;
	rows_free(out->csv_rows);
	rows_free(out->jsonl_rows);
	out->csv_rows = out->jsonl_rows = NULL;
}

static int open_outputs(const struct report_opts *o, struct outputs *out,
			const struct psr_header *const *h)
{
	if (open_out(&out->csv, "--csv", o->csv, o->force) ||
	    open_out(&out->jsonl, "--jsonl", o->jsonl, o->force) ||
	    open_out(&out->summary, "--summary", o->summary, o->force) ||
	    open_out(&out->json, "--json", o->json, o->force) ||
	    open_out(&out->rss_top, "--rss-top", o->rss_top, o->force) ||
	    open_out(&out->exp, "--export", o->export_path, o->force))
		return -1;
	if (o->export_path &&
	    !(out->exp_rows = export_new(out->exp.f,
					 export_is_jsonl(o->export_path))))
		return -1;
	/* with --window, the CSV holds windows, written from the result */
	if (o->csv && !(o->an.window > 0) &&
	    !(out->csv_rows = rows_new_csv(out->csv.f, h, o->nlogs)))
		return -1;
	if (o->jsonl &&
	    !(out->jsonl_rows = rows_new_jsonl(out->jsonl.f, h, o->nlogs)))
		return -1;
	return 0;
}

static int commit(struct outfile *of)
{
	char err[1024];

	if (!of->f)
		return 0;
	if (outfile_commit(of, err, sizeof err) != 0) {
		fprintf(stderr, "psreport: %s\n", err);
		return -1;
	}
	return 0;
}

struct session {
	const struct report_opts *o;
	struct logfile *lf;
	const struct psr_header **headers;
	size_t *order;
	struct info **info;
	struct psr_analysis *an;
	struct psr_result *result;
	struct outputs out;
};

/* Progress on a terminal, for long work only: the share of the bytes of
 * all logs read so far, redrawn when it changes by a percent. */
struct progress {
	bool on;
	uint64_t total, done; /* bytes: all logs, logs finished */
	int shown;
};

static void progress_show(struct progress *p, const struct logfile *lf)
{
	struct psr_reader_stats st;
	int pct;

	if (!p->on)
		return;
	psr_reader_stats(lf->r, &st);
	pct = (int)((p->done + st.offset) * 100 / (p->total ? p->total : 1));
	if (pct == p->shown)
		return;
	p->shown = pct;
	fprintf(stderr, "\rpsreport: reading %3d%% of %llu MiB", pct,
		(unsigned long long)(p->total >> 20));
}

static void progress_end(struct progress *p)
{
	if (p->on && p->shown >= 0)
		fputs("\r\033[K", stderr);
}

static int decode_one(struct session *s, size_t i, struct progress *pg)
{
	struct logfile *lf = &s->lf[i];
	struct psr_record rec;
	char err[1024];
	uint64_t n = 0;
	int rc;

	if (s->an && psr_analysis_begin_log(s->an, s->headers[i], lf->path))
		goto engine;
	while ((rc = logfile_next(lf, &rec, err, sizeof err)) > 0) {
		if (s->info && info_record(s->info[i], &rec)) {
			fprintf(stderr, "psreport: out of memory\n");
			return -1;
		}
		if (s->an && psr_analysis_record(s->an, &rec))
			goto engine;
		if (pg->on && ++n % 4096 == 0)
			progress_show(pg, lf);
	}
	if (pg->on) {
		struct psr_reader_stats st;
		psr_reader_stats(lf->r, &st);
		pg->done += st.file_size;
	}
	if (rc < 0) {
		fprintf(stderr, "psreport: %s\n", err);
		return -1;
	}
	return 0;
engine:
	fprintf(stderr, "psreport: '%s': %s\n", lf->path,
		psr_analysis_errmsg(s->an));
	return -1;
}

static int write_result(struct session *s)
{
	const struct report_opts *o = s->o;
	const char *nc = getenv("NO_COLOR");
	struct report_ctx c = {s->result, &o->an,
			       isatty(STDOUT_FILENO) && !(nc && *nc), NULL};

	if (o->text && text_write(&c, stdout))
		return -1;
	if (o->summary && summary_write(&c, s->out.summary.f))
		return -1;
	if (o->json && json_write(&c, s->out.json.f))
		return -1;
	if (o->csv && o->an.window > 0 && windows_write(&c, s->out.csv.f))
		return -1;
	if (o->rss_top && rss_top_write(&c, s->out.rss_top.f))
		return -1;
	char err[1024];
	if (visual_wanted(&o->vis) &&
	    visual_write(&c, &o->vis, err, sizeof err)) {
		fprintf(stderr, "psreport: %s\n", err);
		return -1;
	}
	return 0;
}

static int print_info(struct session *s)
{
	for (size_t k = 0; k < s->o->nlogs; k++) {
		if (k)
			putchar('\n');
		info_print(s->info[k], &s->lf[k], stdout);
	}
	if (s->o->text)
		putchar('\n');
	return 0;
}

static int run(struct session *s)
{
	const struct report_opts *o = s->o;
	bool analyse = o->text || o->csv || o->jsonl || o->summary || o->json ||
		       o->rss_top || o->export_path || visual_wanted(&o->vis);

	if (open_outputs(o, &s->out, s->headers))
		return EXIT_RUNTIME;
	if (analyse) {
		s->o = o;
		struct psr_analysis_opts an = o->an;
		if (s->out.csv_rows || s->out.jsonl_rows || s->out.exp_rows) {
			/* rows cost */
			an.on_row = on_row;
			an.row_ctx = &s->out;
		}
		if (psr_analysis_new(&s->an, &an)) {
			fprintf(stderr, "psreport: out of memory\n");
			return EXIT_RUNTIME;
		}
	}
	struct progress pg = {.shown = -1};
	for (size_t k = 0; k < o->nlogs; k++) {
		struct psr_reader_stats st;
		psr_reader_stats(s->lf[k].r, &st);
		pg.total += st.file_size;
	}
	pg.on = isatty(STDERR_FILENO) && pg.total >= (16u << 20);
	for (size_t k = 0; k < o->nlogs; k++) {
		if (s->out.exp_rows &&
		    export_begin_log(s->out.exp_rows, s->headers[s->order[k]],
				     o->host)) {
			fprintf(stderr, "psreport: out of memory\n");
			return EXIT_RUNTIME;
		}
		if (decode_one(s, s->order[k], &pg)) {
			progress_end(&pg);
			return EXIT_RUNTIME;
		}
	}
	progress_end(&pg);
	/* the avg rows name processes the engine still holds */
	if (s->out.csv_rows && rows_finish(s->out.csv_rows))
		return EXIT_RUNTIME;
	if (o->info)
		print_info(s);
	if (s->an && psr_analysis_finish(s->an, &s->result)) {
		fprintf(stderr, "psreport: %s\n", psr_analysis_errmsg(s->an));
		return EXIT_RUNTIME;
	}
	if (s->result && write_result(s))
		return EXIT_RUNTIME;
	if (fflush(stdout) != 0 || commit(&s->out.csv) ||
	    commit(&s->out.jsonl) || commit(&s->out.summary) ||
	    commit(&s->out.json) || commit(&s->out.rss_top))
		return EXIT_RUNTIME;
	if (s->out.exp_rows && export_finish(s->out.exp_rows)) {
		fprintf(stderr, "psreport: --export '%s': write error\n",
			o->export_path);
		return EXIT_RUNTIME;
	}
	if (commit(&s->out.exp))
		return EXIT_RUNTIME;
	if (o->fail_on_leak && s->result &&
	    s->result->worst == PSR_VERDICT_LEAK)
		return EXIT_LEAK;
	return 0;
}

static int open_logs(struct session *s)
{
	const struct report_opts *o = s->o;
	char err[1024];

	s->lf = calloc(o->nlogs, sizeof *s->lf);
	s->headers = calloc(o->nlogs, sizeof *s->headers);
	s->order = calloc(o->nlogs, sizeof *s->order);
	s->info = o->info ? calloc(o->nlogs, sizeof *s->info) : NULL;
	if (!s->lf || !s->headers || !s->order || (o->info && !s->info))
		goto nomem;
	for (size_t i = 0; i < o->nlogs; i++) {
		if (logfile_open(&s->lf[i], o->logs[i], err, sizeof err)) {
			fprintf(stderr, "psreport: %s\n", err);
			return -1;
		}
		s->lf[i].print_warnings = true;
		s->headers[i] = psr_reader_header(s->lf[i].r);
		if (s->info && !(s->info[i] = info_new()))
			goto nomem;
	}
	/* reports go by run; --info prints the logs in the order given */
	psr_analysis_order(s->headers, o->nlogs, s->order);
	return 0;
nomem:
	fprintf(stderr, "psreport: out of memory\n");
	return -1;
}

static void end_session(struct session *s)
{
	abort_outputs(&s->out);
	for (size_t i = 0; s->lf && i < s->o->nlogs; i++) {
		logfile_close(&s->lf[i]);
		if (s->info)
			info_free(s->info[i]);
	}
	free(s->lf);
	free(s->headers);
	free(s->order);
	free(s->info);
	psr_result_free(s->result);
	psr_analysis_free(s->an);
}

int main(int argc, char **argv)
{
	struct report_opts o = {0};
	struct session s = {.o = &o};
	int code = parse(&o, argc, argv);

	if (code) {
		code = code < 0 ? 0 : code;
	} else if (o.fleet) {
		struct fleet_opts fo = {&o.an, o.logs, o.nlogs, o.fleet_csv,
					o.text, o.force, &o.vis,
					o.fleet_metrics, o.nfleet_metrics};
		code = fleet_main(&fo);
	} else if (compare_wanted(&o.cmp)) {
		code = compare_main(&o.cmp, &o.an, o.logs, o.nlogs);
	} else {
		code = open_logs(&s) ? EXIT_RUNTIME : run(&s);
		end_session(&s);
	}
	free(o.pids);
	free(o.names);
	free(o.cmp.baselines);
	chart_shutdown(); /* PLplot's global state, for leak checkers */
	return code;
}
