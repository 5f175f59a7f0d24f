/* cli.c - psreport's options: one table (psr/opt.h) gives each option's
 * spelling, argument, help line, parser and check; then the rules that
 * tie options together (which outputs a mode takes, one output on
 * standard output). */
#define _GNU_SOURCE
#include "cli.h"

#include "psr_config.h"

#include <psr/opt.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char synopsis[] =
	"usage: psreport [<options>] <log>...\n"
	"\n"
	"Read psrec logs and report on them. Logs of one recording (rotated\n"
	"files) are read as one run; other logs are reported side by side.\n"
	"\n";

static const char footer[] =
	"\n"
	"Exit status: 0 ok, 1 runtime error (unreadable or invalid log, output not\n"
	"writable), 2 usage error, 3 a leak with --fail-on-leak, 4 a regression\n"
	"with --fail-on-regression. Damaged logs are read as far as they go,\n"
	"with a warning on stderr.\n";

#define HELP_WIDTH 26 /* as psrec's */
#define AT(field) offsetof(struct report_opts, field)

/* append() finds a list's count after its pointer */
_Static_assert(AT(nnames) == AT(names) + sizeof(char **), "names");
_Static_assert(offsetof(struct compare_opts, nbaselines) ==
	       offsetof(struct compare_opts, baselines) + sizeof(char **),
	       "baselines");

__attribute__((format(printf, 3, 4)))
static int bad(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return PSR_OPT_USAGE;
}

/* ---- parsers ------------------------------------------------------- */

static psr_opt_parser show_help, show_version;

static int show_version(const struct psr_opt *opt, const char *arg,
			void *opts, char *err, size_t errlen)
{
	printf("psreport %s\n", PSR_VERSION);
	return PSR_OPT_EXIT;
}

/* One more const char * of the list at off, whose count (size_t)
 * follows the pointer in the struct. */
static int append(const struct psr_opt *opt, const char *arg, void *opts,
		  char *err, size_t errlen)
{
	const char ***v = (const char ***)((char *)opts + opt->off);
	size_t *n = (size_t *)(v + 1);
	const char **p = realloc(*v, (*n + 1) * sizeof *p);

	if (!p)
		return -ENOMEM;
	*v = p;
	p[(*n)++] = arg;
	return PSR_OPT_OK;
}

static int add_pids(const struct psr_opt *opt, const char *arg, void *opts,
		    char *err, size_t errlen)
{
	struct report_opts *o = opts;
	char *copy = strdup(arg), *save = NULL;
	int rc = copy ? PSR_OPT_OK : -ENOMEM;

	for (char *tok = copy ? strtok_r(copy, ",", &save) : NULL; tok && !rc;
	     tok = strtok_r(NULL, ",", &save)) {
		uint32_t pid, *p;
		if (!psr_opt_pid(tok, &pid)) {
			rc = psr_opt_bad(opt, arg, err, errlen);
			break;
		}
		if (!(p = realloc(o->pids, (o->npids + 1) * sizeof *p))) {
			rc = -ENOMEM;
			break;
		}
		o->pids = p;
		o->pids[o->npids++] = pid;
	}
	if (!rc && !o->npids)
		rc = psr_opt_bad(opt, arg, err, errlen);
	free(copy);
	return rc;
}

static int parse_time(const struct psr_opt *opt, const char *arg,
		      void *opts, char *err, size_t errlen)
{
	if (psr_time_parse(arg, (struct psr_time_spec *)((char *)opts +
							  opt->off)))
		return psr_opt_bad(opt, arg, err, errlen);
	return PSR_OPT_OK;
}

/* A file or directory that cannot be standard output. */
static int not_stdout(const struct psr_opt *opt, const char *arg,
		      void *opts, char *err, size_t errlen)
{
	if (!*arg || strcmp(arg, "-") == 0)
		return psr_opt_bad(opt, arg, err, errlen);
	return psr_opt_string(opt, arg, opts, err, errlen);
}

static int fleet_csv(const struct psr_opt *opt, const char *arg, void *opts,
		     char *err, size_t errlen)
{
	((struct report_opts *)opts)->fleet = true;
	return psr_opt_string(opt, arg, opts, err, errlen);
}

static int fleet_metric(const struct psr_opt *opt, const char *arg,
			void *opts, char *err, size_t errlen)
{
	struct report_opts *o = opts;

	if (fleet_metric_parse(arg, o->fleet_metrics, &o->nfleet_metrics, err,
			       errlen))
		return PSR_OPT_USAGE;
	return PSR_OPT_OK;
}

/* ---- checks -------------------------------------------------------- */

/* What an option goes with, and a test of it. */
struct needs {
	bool (*met)(const struct report_opts *o);
	const char *what;
};

static int needs(const struct psr_opt *opt, const void *opts, char *err,
		 size_t errlen)
{
	const struct needs *n = opt->check_data;
	char name[64];

	if (n->met(opts))
		return PSR_OPT_OK;
	return bad(err, errlen, "%s needs %s",
		   psr_opt_spelling(opt, name, sizeof name), n->what);
}

static bool has_png(const struct report_opts *o) { return o->vis.png; }
static bool has_pdf(const struct report_opts *o) { return o->vis.pdf; }
static bool has_fleet(const struct report_opts *o) { return o->fleet; }

static bool has_chart(const struct report_opts *o)
{
	return visual_wanted(&o->vis);
}

static bool has_fleet_chart(const struct report_opts *o)
{
	return o->fleet && visual_wanted(&o->vis);
}

static const struct needs png = {has_png, "--png"};
static const struct needs pdf = {has_pdf, "--pdf"};
static const struct needs chart = {has_chart, "--pdf, --svg or --png"};
static const struct needs fleet_chart = {has_fleet_chart,
					 "--pdf, --svg or --png"};
static const struct needs fleet = {has_fleet, "--fleet"};

static int fleet_metric_check(const struct psr_opt *opt, const void *opts,
			      char *err, size_t errlen)
{
	struct psr_opt with_fleet = *opt, with_chart = *opt;

	with_fleet.check_data = &fleet;
	with_chart.check_data = &fleet_chart;
	return needs(&with_fleet, opts, err, errlen) ||
	       needs(&with_chart, opts, err, errlen) ? PSR_OPT_USAGE
						     : PSR_OPT_OK;
}

/* --match, --threshold, --fail-on-regression, --compare-csv */
static int comparison_check(const struct psr_opt *opt, const void *opts,
			    char *err, size_t errlen)
{
	const struct report_opts *o = opts;

	if (compare_wanted(&o->cmp))
		return PSR_OPT_OK;
	return bad(err, errlen, "--match, --threshold, --fail-on-regression "
		   "and --compare-csv need --baseline (or --runs)");
}

/* ---- the table ----------------------------------------------------- */

static const char *const match_names[] = {"cmd", "name", "exe", NULL};
static const char *const theme_names[] = {"light", "dark", NULL};
static const char *const paper_names[] = {"a4", "letter", NULL};

/* Every option of psreport, in the order of its help. */
static const struct psr_opt options[] = {
	{.help = "outputs (any number, from one decode; <file> '-' is "
		 "standard output):"},
	{.arg = "(default)",
	 .help = "a summary table per run on standard output"},
	{.name = "text",
	 .help = "the summary table even when other outputs are named",
	 .parse = psr_opt_true, .off = AT(text)},
	{.name = "info",
	 .help = "what each log holds (host, command, processes, size)",
	 .parse = psr_opt_true, .off = AT(info)},
	{.name = "csv", .arg = "<file>",
	 .help = "one row per process-sample, then 'avg' rows",
	 .parse = psr_opt_string, .off = AT(csv)},
	{.name = "jsonl", .arg = "<file>",
	 .help = "one JSON object per process-sample",
	 .parse = psr_opt_string, .off = AT(jsonl)},
	{.name = "summary", .arg = "<file>",
	 .help = "CSV: one row per process and metric, every statistic",
	 .parse = psr_opt_string, .off = AT(summary)},
	{.name = "json", .arg = "<file>",
	 .help = "everything computed (schema: report/JSON.md)",
	 .parse = psr_opt_string, .off = AT(json)},
	{.name = "rss-top", .arg = "<file>",
	 .help = "CSV: the 10 processes whose RSS varied most per run",
	 .parse = psr_opt_string, .off = AT(rss_top)},
	{.name = "pdf", .arg = "<file>",
	 .help = "a PDF report: a title page with the verdicts, then\n"
		 "per process charts (CPU, memory, I/O, switches,\n"
		 "descriptors, distributions, correlations) and\n"
		 "statistics, and per process tree",
	 .parse = not_stdout, .off = AT(vis.pdf),
	 .what = "a file name (a PDF cannot go to standard output)"},
	{.name = "svg", .arg = "<dir>",
	 .help = "one SVG per chart, named PID-NAME-CHART.svg",
	 .parse = not_stdout, .off = AT(vis.svg), .what = "a directory"},
	{.name = "png", .arg = "<dir>",
	 .help = "one PNG per chart, named PID-NAME-CHART.png",
	 .parse = not_stdout, .off = AT(vis.png), .what = "a directory"},
	{.name = "dpi", .arg = "<n>", .help = "PNG resolution, 20 to 600 (100)",
	 .parse = psr_opt_unsigned, .off = AT(vis.dpi), .lo = 20, .hi = 600,
	 .what = "a resolution from 20 to 600", .check = needs, .check_data = &png},
	{.name = "transparent", .help = "PNG with a transparent background",
	 .parse = psr_opt_true, .off = AT(vis.transparent), .check = needs,
	 .check_data = &png},
	{.name = "theme", .arg = "light|dark",
	 .help = "colours of the PDF, SVGs and PNGs (light)",
	 .parse = psr_opt_choice, .off = AT(vis.theme),
	 .what = "'light' or 'dark'", .data = theme_names, .check = needs,
	 .check_data = &chart},
	{.name = "paper", .arg = "a4|letter",
	 .help = "PDF page size, landscape (a4)",
	 .parse = psr_opt_choice, .off = AT(vis.paper),
	 .what = "'a4' or 'letter'", .data = paper_names, .check = needs,
	 .check_data = &pdf},
	{.name = "export", .arg = "<file>",
	 .help = "typed rows for a column store (ClickHouse): CSV,\n"
		 "or JSON lines when <file> ends in .jsonl",
	 .parse = psr_opt_string, .off = AT(export_path)},
	{.name = "host", .arg = "<name>",
	 .help = "the host name in --export rows (default: the log's)",
	 .parse = psr_opt_string, .off = AT(host)},
	{.name = "fleet",
	 .help = "the logs (and directories, read recursively) of many\n"
		 "hosts: a table per command across hosts, and per host",
	 .parse = psr_opt_true, .off = AT(fleet)},
	{.name = "fleet-csv", .arg = "<file>",
	 .help = "those tables as CSV (implies --fleet)",
	 .parse = fleet_csv, .off = AT(fleet_csv)},
	{.name = "fleet-metric", .arg = "<name>[,<name>...]",
	 .help = "with --fleet and --pdf, --svg or --png: a chart per\n"
		 "metric with a line per host over time (cpu,rss)",
	 .parse = fleet_metric, .check = fleet_metric_check},
	{.name = "force", .help = "overwrite existing output files",
	 .parse = psr_opt_true, .off = AT(force)},
	{.help = "\nselection and analysis:"},
	{.name = "pid", .arg = "<pid>[,<pid>...]",
	 .help = "only these processes (repeatable)",
	 .parse = add_pids, .what = "a list of process ids"},
	{.name = "name", .arg = "<comm>",
	 .help = "only processes with this name (repeatable)",
	 .parse = append, .off = AT(names)},
	{.name = "from", .arg = "<time>",
	 .help = "Unix seconds, ISO 8601 (2026-11-24T10:00:00[Z]) or an\n"
		 "offset from the start (+90, +15m, +2h)",
	 .parse = parse_time, .off = AT(an.from),
	 .what = "a time (Unix seconds, ISO 8601, or +offset)"},
	{.name = "to", .arg = "<time>", .help = "the end, written as --from's",
	 .parse = parse_time, .off = AT(an.to),
	 .what = "a time (Unix seconds, ISO 8601, or +offset)"},
	{.name = "window", .arg = "<seconds>",
	 .help = "per-window mean and max in --json; --csv then has\n"
		 "one row per process and window",
	 .parse = psr_opt_double, .off = AT(an.window), .lo = 1e-3, .hi = 1e9,
	 .what = "a positive number of seconds"},
	{.name = "peaks", .arg = "<n>",
	 .help = "the n most prominent peaks per metric in --json",
	 .parse = psr_opt_unsigned, .off = AT(an.peaks), .lo = 1, .hi = 1000,
	 .what = "a count from 1 to 1000"},
	{.name = "leak-p", .arg = "<p>",
	 .help = "Mann-Kendall significance for 'leak' (0.01)",
	 .parse = psr_opt_double, .off = AT(an.leak.p), .lo = 1e-300,
	 .hi = 0.5, .what = "a probability in (0, 0.5]"},
	{.name = "leak-growth", .arg = "<pct>",
	 .help = "least growth for a verdict, % of the median per\n"
		 "hour (1)",
	 .parse = psr_opt_double, .off = AT(an.leak.growth_pct), .lo = 0,
	 .hi = 1e9, .what = "a percentage >= 0"},
	{.name = "fail-on-leak", .help = "exit 3 when any verdict is 'leak'",
	 .parse = psr_opt_true, .off = AT(fail_on_leak)},
	{.help = "\ncomparing recordings (README: Comparing recordings):"},
	{.name = "baseline", .arg = "<log>",
	 .help = "compare the logs given against this one\n"
		 "(repeatable: baseline runs are pooled)",
	 .parse = append, .off = AT(cmp.baselines)},
	{.name = "match", .arg = "cmd|name|exe",
	 .help = "match processes by command line (default),\n"
		 "name or first argument; cmd and exe fall back\n"
		 "to the name",
	 .parse = psr_opt_choice, .off = AT(cmp.cmp.match),
	 .what = "cmd, name or exe", .data = match_names,
	 .check = comparison_check},
	{.name = "threshold", .arg = "<pct>",
	 .help = "least practical difference, % of the baseline (5)",
	 .parse = psr_opt_double, .off = AT(cmp.cmp.threshold_pct), .lo = 0,
	 .hi = 1e6, .what = "a percentage >= 0", .check = comparison_check},
	{.name = "fail-on-regression",
	 .help = "exit 4 when any verdict is 'worse'",
	 .parse = psr_opt_true, .off = AT(cmp.fail_on_regression),
	 .check = comparison_check},
	{.name = "compare-csv", .arg = "<file>",
	 .help = "one row per matched process and metric",
	 .parse = psr_opt_string, .off = AT(cmp.csv),
	 .check = comparison_check},
	{.name = "runs",
	 .help = "mean, p95 and max per run, runs in start order\n"
		 "(logs or directories of logs)",
	 .parse = psr_opt_true, .off = AT(cmp.runs)},
	{.help = "  (--pdf, --svg, --png draw the comparison's or the runs' "
		 "charts)"},
	{.name = "index", .arg = "<dir>", .help = "list the logs in a directory",
	 .parse = psr_opt_string, .off = AT(cmp.index_dir)},
	{.name = "help", .key = 'h', .help = "this text", .parse = show_help},
	{.name = "version", .key = 'V', .help = "version",
	 .parse = show_version},
};

#define NOPTIONS (sizeof options / sizeof options[0])

static int show_help(const struct psr_opt *opt, const char *arg, void *opts,
		     char *err, size_t errlen)
{
	fputs(synopsis, stdout);
	psr_opt_help(stdout, options, NOPTIONS, HELP_WIDTH);
	fputs(footer, stdout);
	return PSR_OPT_EXIT;
}

/* ---- rules across options ------------------------------------------ */

/* The comparison modes take the analysis options, --json and --force. */
static int check_compare(struct report_opts *o, char *err, size_t errlen)
{
	const char *nc = getenv("NO_COLOR");

	if ((o->cmp.nbaselines != 0) + o->cmp.runs + !!o->cmp.index_dir > 1)
		return bad(err, errlen, "--baseline, --runs and --index exclude "
			   "each other");
	if (o->cmp.index_dir && o->nlogs)
		return bad(err, errlen, "--index takes a directory, not logs");
	if (o->info || o->csv || o->jsonl || o->summary || o->rss_top ||
	    (o->json && !o->cmp.nbaselines))
		return bad(err, errlen, "--info, --csv, --jsonl, --summary, "
			   "--rss-top (and --json but with --baseline) do not "
			   "combine with a comparison");
	if (o->cmp.csv && o->json && !strcmp(o->cmp.csv, "-") &&
	    !strcmp(o->json, "-"))
		return bad(err, errlen, "only one output can go to standard "
			   "output");
	o->cmp.cmp.leak_growth_pct = o->an.leak.growth_pct;
	o->cmp.json = o->json;
	o->cmp.force = o->force;
	o->cmp.colour = isatty(STDOUT_FILENO) && !(nc && *nc);
	if (o->cmp.index_dir && visual_wanted(&o->vis))
		return bad(err, errlen, "--index draws no chart");
	o->cmp.vis = (struct compare_visual){
		.pdf = o->vis.pdf, .svg = o->vis.svg, .png = o->vis.png,
		.theme = o->vis.theme, .paper = o->vis.paper,
		.dpi = o->vis.dpi, .transparent = o->vis.transparent,
		.force = o->force,
	};
	return 0;
}

static int check(struct report_opts *o, char *err, size_t errlen)
{
	const char *outs[] = {o->csv, o->jsonl, o->summary, o->json,
			      o->rss_top, o->export_path, o->fleet_csv};
	int on_stdout = 0;

	for (size_t i = 0; i < sizeof outs / sizeof outs[0]; i++)
		if (outs[i] && strcmp(outs[i], "-") == 0)
			on_stdout++;
	if (on_stdout > 1)
		return bad(err, errlen, "only one output can go to standard "
			   "output");
	if (!o->nlogs && !o->cmp.index_dir)
		return bad(err, errlen, "no log given");
	if (o->fleet && (o->info || o->csv || o->jsonl || o->summary ||
			 o->json || o->rss_top || o->export_path))
		return bad(err, errlen, "--fleet has its own outputs "
			   "(--fleet-csv, --pdf, --svg, --png)");
	if (!o->nfleet_metrics)
		o->nfleet_metrics = fleet_metric_defaults(o->fleet_metrics);
	o->vis.force = o->force;
	o->an.pids = o->pids;
	o->an.npids = o->npids;
	o->an.names = o->names;
	o->an.nnames = o->nnames;
	if (compare_wanted(&o->cmp))
		return check_compare(o, err, errlen);
	/* the table is the default view, unless stdout has another use */
	if (!o->info && !on_stdout)
		o->text = true;
	if (o->text && on_stdout)
		return bad(err, errlen, "--text and an output on standard output "
			   "would mix");
	/* the JSON and the charts show them (not the fleet's) */
	o->an.distributions = !o->fleet && (o->json || visual_wanted(&o->vis));
	o->an.correlations = o->an.distributions;
	return 0;
}

int report_cli_parse(struct report_opts *o, int argc, char **argv)
{
	char err[1024];
	int first, rc;

	memset(o, 0, sizeof *o);
	psr_analysis_defaults(&o->an);
	psr_compare_defaults(&o->cmp.cmp);
	visual_defaults(&o->vis);
	rc = psr_opt_parse(options, NOPTIONS, 0, argc, argv, o, &first, err,
			   sizeof err);
	if (rc == PSR_OPT_EXIT)
		return -1;
	if (rc == -ENOMEM) {
		fputs("psreport: out of memory\n", stderr);
		return EXIT_RUNTIME;
	}
	o->logs = argv + first;
	o->nlogs = (size_t)(argc - first);
	if (!rc)
		rc = check(o, err, sizeof err);
	if (!rc)
		return 0;
	fprintf(stderr, "psreport: %s (see psreport --help)\n", err);
	return EXIT_USAGE;
}

void report_cli_release(struct report_opts *o)
{
	free(o->pids);
	free(o->names);
	free(o->cmp.baselines);
}
