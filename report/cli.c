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
#include <sys/stat.h>
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

#define AT(field) offsetof(struct report_opts, field)

/* psr_opt_pids and psr_opt_strings find a list's count after it */
_Static_assert(AT(npids) == AT(pids) + sizeof(uint32_t *), "pids");
_Static_assert(AT(nnames) == AT(names) + sizeof(char **), "names");
_Static_assert(offsetof(struct compare_opts, nbaselines) ==
	       offsetof(struct compare_opts, baselines) + sizeof(char **),
	       "baselines");

/* ---- parsers ------------------------------------------------------- */

/* --help shows the table with the outputs' options (build_table) */
static struct psr_opt_usage_text usage = {synopsis, footer, NULL, 0,
					  PSR_OPT_HELP_WIDTH};

static int parse_time(const struct psr_opt *opt, const char *arg,
		      void *opts, char *err, size_t errlen)
{
	if (psr_time_parse(arg, (struct psr_time_spec *)((char *)opts +
							  opt->off)))
		return psr_opt_bad(opt, arg, err, errlen);
	return PSR_OPT_OK;
}

static int parse_at(const struct psr_opt *opt, const char *arg, void *opts,
		    char *err, size_t errlen)
{
	if (at_parse(arg, &((struct report_opts *)opts)->at))
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

static int fleet_metric(const struct psr_opt *opt, const char *arg,
			void *opts, char *err, size_t errlen)
{
	struct report_opts *o = opts;

	if (fleet_metric_parse(arg, o->fleet_metrics, &o->nfleet_metrics, err,
			       errlen))
		return PSR_OPT_USAGE;
	return PSR_OPT_OK;
}

/* double at off: bytes, "4M", "512K", "1.5G" (binary multiples) or a
 * plain number, in [lo, hi]. */
/* Three quarters of the machine's memory (0, no limit, when unknown). */
static double memory_default(void)
{
	long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);

	return pages > 0 && size > 0 ? (double)pages * (double)size * 0.75 : 0;
}

static int parse_bytes(const struct psr_opt *opt, const char *arg,
		       void *opts, char *err, size_t errlen)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	if (end == arg || errno)
		return psr_opt_bad(opt, arg, err, errlen);
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
	if (*end || !(v >= opt->lo && v <= opt->hi))
		return psr_opt_bad(opt, arg, err, errlen);
	*(double *)((char *)opts + opt->off) = v;
	return PSR_OPT_OK;
}

/* --leak-min-time: the processes' floor, and the host's when larger. */
static int leak_min_time(const struct psr_opt *opt, const char *arg,
			 void *opts, char *err, size_t errlen)
{
	struct report_opts *o = opts;
	int rc = psr_opt_double(opt, arg, opts, err, errlen);

	if (!rc && o->an.leak.host_min_seconds < o->an.leak.min_seconds)
		o->an.leak.host_min_seconds = o->an.leak.min_seconds;
	return rc;
}

/* --gate a,b,...: series names (psr_series_table) or "all". */
static int add_gate(const struct psr_opt *opt, const char *arg, void *opts,
		    char *err, size_t errlen)
{
	struct report_opts *o = opts;
	char *copy = strdup(arg), *save = NULL;
	int rc = copy ? PSR_OPT_OK : -ENOMEM;

	for (char *t = copy ? strtok_r(copy, ",", &save) : NULL; t && !rc;
	     t = strtok_r(NULL, ",", &save)) {
		int k = psr_series_find(t);
		if (!strcmp(t, "all"))
			o->cmp.cmp.gate = ~(uint64_t)0;
		else if (k >= 0 && k < 64)
			o->cmp.cmp.gate |= (uint64_t)1 << k;
		else
			rc = psr_opt_usage(err, errlen, "--gate: '%s' is not a metric "
				 "name (see --summary's metric column)", t);
	}
	free(copy);
	return rc;
}

/* --top N|all */
static int parse_top(const struct psr_opt *opt, const char *arg, void *opts,
		     char *err, size_t errlen)
{
	struct report_opts *o = opts;
	char *end;
	unsigned long v;

	if (!strcmp(arg, "all")) {
		o->rank.top = RANK_ALL;
		return PSR_OPT_OK;
	}
	errno = 0;
	v = strtoul(arg, &end, 10);
	if (end == arg || *end || errno || v < 1 || v > 1000000 ||
	    *arg == '-')
		return psr_opt_bad(opt, arg, err, errlen);
	o->rank.top = v;
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
	return psr_opt_usage(err, errlen, "%s needs %s",
		   psr_opt_spelling(opt, name, sizeof name), n->what);
}

static bool has_png(const struct report_opts *o) { return o->vis.png; }
static bool has_pdf(const struct report_opts *o) { return o->vis.pdf; }
/* --fleet, or an output that implies it (--fleet-csv) */
static bool has_fleet(const struct report_opts *o)
{
	bool fleet = o->fleet;

	for (size_t i = 0; i < output_count; i++)
		fleet |= o->paths[i] && output_table[i]->implies == MODE_FLEET;
	return fleet;
}

static bool has_chart(const struct report_opts *o)
{
	return visual_wanted(&o->vis);
}

static bool has_fleet_chart(const struct report_opts *o)
{
	return has_fleet(o) && visual_wanted(&o->vis);
}

static bool has_csv(const struct report_opts *o)
{
	for (size_t i = 0; i < output_count; i++)
		if (o->paths[i] && output_table[i]->option &&
		    !strcmp(output_table[i]->option, "csv"))
			return true;
	return false;
}

static const struct needs csv = {has_csv, "--csv"};
static const struct needs png = {has_png, "--png"};
static const struct needs pdf = {has_pdf, "--pdf"};
static const struct needs chart = {has_chart, "--pdf, --svg or --png"};
static const struct needs fleet_chart = {has_fleet_chart,
					 "--pdf, --svg or --png"};
static const struct needs fleet_needed = {has_fleet, "--fleet"};

static int fleet_metric_check(const struct psr_opt *opt, const void *opts,
			      char *err, size_t errlen)
{
	struct psr_opt with_fleet = *opt, with_chart = *opt;

	with_fleet.check_data = &fleet_needed;
	with_chart.check_data = &fleet_chart;
	return needs(&with_fleet, opts, err, errlen) ||
	       needs(&with_chart, opts, err, errlen) ? PSR_OPT_USAGE
						     : PSR_OPT_OK;
}

/* --match, --threshold, --fail-on-regression, --gate, --compare-csv */
static int comparison_check(const struct psr_opt *opt, const void *opts,
			    char *err, size_t errlen)
{
	const struct report_opts *o = opts;

	if (o->cmp.nbaselines || o->cmp.runs)
		return PSR_OPT_OK;
	return psr_opt_usage(err, errlen, "--match, --threshold, "
			     "--fail-on-regression, --gate and --compare-csv "
			     "need --baseline (or --runs)");
}

/* ---- the table ----------------------------------------------------- */

static const char *const match_names[] = {"cmd", "name", "exe", NULL};
static const char *const theme_names[] = {"light", "dark", NULL};
static const char *const paper_names[] = {"a4", "letter", NULL};
/* in the order of enum vis_time_axis */
static const char *const time_axis_names[] = {"auto", "elapsed", "wall",
					      NULL};

/* Every option of psreport, in the order of its help. */
static const struct psr_opt options[] = {
	{.help = "outputs (any number, from one decode; <file> '-' is "
		 "standard output):"},
	{.arg = "(default)",
	 .help = "a summary table per run on standard output"},
	{.data = output_table}, /* the outputs' options go here */
	{.name = "pdf", .arg = "<file>",
	 .help = "a PDF report: a title page with the verdicts and\n"
		 "the top consumers, then per process tree, the host,\n"
		 "and for the top processes (--top) charts (CPU,\n"
		 "memory, I/O, switches, descriptors, distributions,\n"
		 "correlations) and statistics",
	 .parse = not_stdout, .off = AT(vis.pdf),
	 .what = "a file name (a PDF cannot go to standard output)"},
	{.name = "svg", .arg = "<dir>",
	 .help = "one SVG per chart, named PID-NAME-CHART.svg; a\n"
		 "name ending in .svg: one figure of the run",
	 .parse = not_stdout, .off = AT(vis.svg), .what = "a directory"},
	{.name = "png", .arg = "<dir>",
	 .help = "one PNG per chart, named PID-NAME-CHART.png; a\n"
		 "name ending in .png: one figure of the run",
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
	{.name = "time-axis", .arg = "elapsed|wall",
	 .help = "charts over time since the start, or the wall clock\n"
		 "(default: elapsed for launched commands and runs\n"
		 "under an hour, wall for longer recordings)",
	 .parse = psr_opt_choice, .off = AT(vis.time_axis),
	 .what = "'elapsed', 'wall' or 'auto'", .data = time_axis_names,
	 .check = needs, .check_data = &chart},
	{.name = "paper", .arg = "a4|letter",
	 .help = "PDF page size, landscape (a4)",
	 .parse = psr_opt_choice, .off = AT(vis.paper),
	 .what = "'a4' or 'letter'", .data = paper_names, .check = needs,
	 .check_data = &pdf},
	{.name = "no-avg",
	 .help = "--csv without its closing 'avg' rows: every row a\n"
		 "sample, each column one type (pandas)",
	 .parse = psr_opt_true, .off = AT(no_avg), .check = needs,
	 .check_data = &csv},
	{.name = "host", .arg = "<name>",
	 .help = "the host name in --export rows (default: the log's)",
	 .parse = psr_opt_string, .off = AT(host)},
	{.name = "fleet",
	 .help = "the logs (and directories, read recursively) of many\n"
		 "hosts: a table per command across hosts, and per host",
	 .parse = psr_opt_true, .off = AT(fleet)},
	{.name = "fleet-metric", .arg = "<name>[,<name>...]",
	 .help = "with --fleet and --pdf, --svg or --png: a chart per\n"
		 "metric with a line per host over time (cpu,rss)",
	 .parse = fleet_metric, .check = fleet_metric_check},
	{.name = "force", .help = "overwrite existing output files",
	 .parse = psr_opt_true, .off = AT(force)},
	{.help = "\nselection and analysis:"},
	{.name = "pid", .arg = "<pid>[,<pid>...]",
	 .help = "only these processes (repeatable)",
	 .parse = psr_opt_pids, .off = AT(pids),
	 .what = "a list of process ids"},
	{.name = "name", .arg = "<comm>",
	 .help = "only processes with this name (repeatable)",
	 .parse = psr_opt_strings, .off = AT(names)},
	{.name = "sort", .arg = "cpu|rss|growth|io|start",
	 .help = "order of the tables, the PDF and the charts: CPU\n"
		 "time, RSS max, RSS grew, disk bytes, all biggest\n"
		 "first, or start time (cpu)",
	 .parse = psr_opt_choice, .off = AT(rank.key),
	 .what = "cpu, rss, growth, io or start", .data = rank_key_names},
	{.name = "top", .arg = "<n>|all",
	 .help = "show the first n processes (20; --summary: all);\n"
		 "the rest, and those that used nothing, are\n"
		 "counted in a line; 'all': every process",
	 .parse = parse_top, .what = "a count from 1 to 1000000, or 'all'"},
	{.name = "by", .arg = "command|name|user|tree",
	 .help = "totals per group of processes: the same command\n"
		 "name, program (argv[0]), user, or process tree, in\n"
		 "the text, --groups, --json and the PDF",
	 .parse = psr_opt_choice, .off = AT(by),
	 .what = "command, name, user or tree", .data = groups_by_names},
	{.name = "from", .arg = "<time>",
	 .help = "Unix seconds, ISO 8601 (2026-11-24T10:00:00[Z]) or an\n"
		 "offset from the start (+90, +15m, +2h)",
	 .parse = parse_time, .off = AT(an.from),
	 .what = "a time (Unix seconds, ISO 8601, or +offset)"},
	{.name = "at", .arg = "<time>",
	 .help = "instead of the table: every process alive at that\n"
		 "moment, its sample at or before it, sorted (--sort,\n"
		 "--top); <time> as --from's, or HH:MM[:SS] (local\n"
		 "time, the run's first day or the next)",
	 .parse = parse_at,
	 .what = "a time (HH:MM[:SS], Unix seconds, ISO 8601, or +offset)"},
	{.name = "to", .arg = "<time>", .help = "the end, written as --from's",
	 .parse = parse_time, .off = AT(an.to),
	 .what = "a time (Unix seconds, ISO 8601, or +offset)"},
	{.name = "every-process",
	 .help = "full statistics for every short-lived process (fewer\n"
		 "than 8 samples), however many; by default a run with\n"
		 "more than 1,000 of them summarises each by its totals\n"
		 "and peaks (about 1 KB each instead of 8 KB)",
	 .parse = psr_opt_true, .off = AT(an.every_process)},
	{.name = "memory-limit", .arg = "<size>",
	 .help = "stop with an error, not the machine's OOM killer, when\n"
		 "the processes, their declarations and results need\n"
		 "more (default: 3/4 of the machine's memory; 0: none)",
	 .parse = parse_bytes, .off = AT(an.memory_limit), .lo = 0,
	 .hi = 1e18, .what = "a size (bytes, or with K, M, G)"},
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
	{.name = "leak-min", .arg = "<size>",
	 .help = "least growth over the run for a verdict (4M)",
	 .parse = parse_bytes, .off = AT(an.leak.min_growth), .lo = 0,
	 .hi = 1e18, .what = "a size (bytes, or with K, M, G)"},
	{.name = "leak-min-pct", .arg = "<pct>",
	 .help = "... and % of the median (5)",
	 .parse = psr_opt_double, .off = AT(an.leak.min_growth_pct), .lo = 0,
	 .hi = 1e9, .what = "a percentage >= 0"},
	{.name = "leak-min-time", .arg = "<seconds>",
	 .help = "shorter runs get no verdict (120; the host's\n"
		 "RAM: 600 or this, the larger)",
	 .parse = leak_min_time, .off = AT(an.leak.min_seconds), .lo = 0,
	 .hi = 1e9, .what = "a number of seconds >= 0"},
	{.name = "fail-on-leak", .help = "exit 3 when any verdict is 'leak'",
	 .parse = psr_opt_true, .off = AT(fail_on_leak)},
	{.help = "\ncomparing recordings (README: Comparing recordings):"},
	{.name = "baseline", .arg = "<log>",
	 .help = "compare the logs given against this one\n"
		 "(repeatable: baseline runs are pooled)",
	 .parse = psr_opt_strings, .off = AT(cmp.baselines)},
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
	{.name = "gate", .arg = "<metric>[,<metric>...]",
	 .help = "let these metrics decide verdicts too ('all':\n"
		 "every one); by default only CPU, RSS, USS, PSS,\n"
		 "their growth, disk read/write and descriptors do",
	 .parse = add_gate, .check = comparison_check},
	{.name = "runs",
	 .help = "mean, p95 and max per run, runs in start order\n"
		 "(logs or directories of logs)",
	 .parse = psr_opt_true, .off = AT(cmp.runs)},
	{.help = "  (--pdf, --svg, --png draw the comparison's or the runs' "
		 "charts)"},
	{.name = "index", .arg = "<dir>", .help = "list the logs in a directory",
	 .parse = psr_opt_string, .off = AT(cmp.index_dir)},
	{.name = "help", .key = 'h', .help = "this text",
	 .parse = psr_opt_show_help, .off = AT(shown), .data = &usage},
	{.name = "version", .key = 'V', .help = "version",
	 .parse = psr_opt_show_version, .off = AT(shown), .data = "psreport " PSR_VERSION},
};

#define NOPTIONS (sizeof options / sizeof options[0])

/* ---- the outputs' options ------------------------------------------ */

/* The table parsed and shown: the rows above with the options of the
 * outputs (output.h) where the marker row stands, one per option. */
static struct psr_opt table[NOPTIONS + OUTPUT_MAX];
static size_t ntable;

/* An output asked for: its file ('-' for a flag: standard output) for
 * every row of that option (a row per mode). */
static int set_output(const struct psr_opt *opt, const char *arg,
		      void *opts, char *err, size_t errlen)
{
	struct report_opts *o = opts;

	for (size_t i = 0; i < output_count; i++)
		if (output_table[i]->option &&
		    strcmp(output_table[i]->option, opt->name) == 0)
			o->paths[i] = arg ? arg : "-";
	return PSR_OPT_OK;
}

/* The row of an option that describes it: the first with a help. */
static const struct output *described(const char *option)
{
	for (size_t i = 0; i < output_count; i++)
		if (output_table[i]->option && output_table[i]->help &&
		    strcmp(output_table[i]->option, option) == 0)
			return output_table[i];
	return NULL;
}

static void output_options(void)
{
	for (size_t i = 0; i < output_count; i++) {
		const struct output *d = output_table[i];
		if (d->option && described(d->option) == d)
			table[ntable++] = (struct psr_opt){
				.name = d->option, .arg = d->arg,
				.help = d->help, .parse = set_output};
	}
}

static void build_table(void)
{
	if (ntable)
		return;
	for (size_t i = 0; i < NOPTIONS; i++)
		if (options[i].data == output_table)
			output_options();
		else
			table[ntable++] = options[i];
	usage.tab = table;
	usage.n = ntable;
}

/* ---- rules across options ------------------------------------------ */

static const char *mode_option(unsigned mode)
{
	switch (mode) {
	case MODE_BASELINE: return "--baseline";
	case MODE_RUNS: return "--runs";
	case MODE_FLEET: return "--fleet";
	case MODE_INDEX: return "--index";
	default: return "a report of logs";
	}
}

/* The mode the options choose; 0 when they choose more than one. */
static unsigned mode_of(const struct report_opts *o)
{
	bool fleet = has_fleet(o);
	unsigned m = 0, k = 0;

	if (o->cmp.nbaselines)
		m |= MODE_BASELINE, k++;
	if (o->cmp.runs)
		m |= MODE_RUNS, k++;
	if (fleet)
		m |= MODE_FLEET, k++;
	if (o->cmp.index_dir)
		m |= MODE_INDEX, k++;
	return k > 1 ? 0 : k ? m : MODE_REPORT;
}

/* "--fleet-csv, --pdf, --svg, --png": the options of a mode's outputs. */
static void outputs_of(unsigned mode, char *buf, size_t len)
{
	size_t at = 0;

	buf[0] = 0;
	for (size_t i = 0; i < output_count && at < len; i++) {
		const struct output *d = output_table[i];
		if ((d->modes & mode) && d->option)
			at += (size_t)snprintf(buf + at, len - at, "%s--%s",
					       at ? ", " : "", d->option);
	}
	if (at < len && mode != MODE_INDEX)
		snprintf(buf + at, len - at, "%s--pdf, --svg, --png",
			 at ? ", " : "");
}

/* Every output option given goes with the mode. */
static int check_modes(const struct report_opts *o, char *err,
		       size_t errlen)
{
	char list[256];

	for (size_t i = 0; i < output_count; i++) {
		const struct output *d = output_table[i];
		unsigned modes = 0;
		if (!o->paths[i] || !d->option || described(d->option) != d)
			continue;
		for (size_t j = 0; j < output_count; j++)
			if (output_table[j]->option &&
			    !strcmp(output_table[j]->option, d->option))
				modes |= output_table[j]->modes;
		if (modes & o->mode)
			continue;
		if (o->mode == MODE_REPORT)
			return psr_opt_usage(err, errlen, "--%s goes with %s", d->option,
				   (modes & MODE_BASELINE) && (modes & MODE_RUNS)
					   ? "--baseline or --runs"
					   : mode_option(modes));
		outputs_of(o->mode, list, sizeof list);
		return psr_opt_usage(err, errlen, "--%s does not go with %s (its outputs: "
			   "%s)", d->option, mode_option(o->mode), list);
	}
	return 0;
}

/* One output on standard output, or --info and the table; else the
 * mode's default view there. */
static int check_stdout(struct report_opts *o, char *err, size_t errlen)
{
	size_t files = 0, own = 0, deflt = output_count;
	const char *shown = NULL;

	for (size_t i = 0; i < output_count; i++) {
		const struct output *d = output_table[i];
		if (!(d->modes & o->mode))
			continue;
		if (d->flags & OUTPUT_DEFAULT)
			deflt = i;
		if (!o->paths[i] || !output_asked(o, i))
			continue;
		if ((d->flags & OUTPUT_FILE) && !strcmp(o->paths[i], "-"))
			files++;
		else if (d->flags & OUTPUT_STDOUT)
			own++, shown = d == &output_at ? "at" : d->option ? d->option : shown;
	}
	if (files > 1)
		return psr_opt_usage(err, errlen, "only one output can go to standard "
			   "output");
	if (files && own)
		return psr_opt_usage(err, errlen, "%s%s and an output on standard "
			   "output would mix", shown ? "--" : "",
			   shown ? shown : "the table");
	if (!files && !own && deflt < output_count)
		o->paths[deflt] = "-";
	return 0;
}

/* Two outputs to one file: the last would silently win. Devices (two
 * outputs to /dev/null) and standard output (check_stdout) aside. */
static int check_same_file(const struct report_opts *o, char *err,
			   size_t errlen)
{
	const char *path[OUTPUT_MAX + 1], *opt[OUTPUT_MAX + 1];
	size_t n = 0;
	struct stat sb;

	for (size_t i = 0; i < output_count; i++) {
		const struct output *d = output_table[i];
		if ((d->flags & OUTPUT_FILE) && (d->modes & o->mode) &&
		    o->paths[i] && output_asked(o, i) &&
		    strcmp(o->paths[i], "-") != 0)
			path[n] = o->paths[i], opt[n++] = d->option;
	}
	if (o->vis.pdf)
		path[n] = o->vis.pdf, opt[n++] = "pdf";
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (outfile_same(path[i], path[j]) &&
			    !(stat(path[i], &sb) == 0 && !S_ISREG(sb.st_mode)))
				return psr_opt_usage(err, errlen, "--%s and --%s "
					   "both write '%s'", opt[i], opt[j],
					   path[j]);
	return 0;
}

static int check(struct report_opts *o, char *err, size_t errlen)
{
	unsigned needs = 0;

	if (!(o->mode = mode_of(o)))
		return psr_opt_usage(err, errlen, "--baseline, --runs, --fleet and --index "
			   "exclude each other");
	if (o->mode == MODE_INDEX && o->nlogs)
		return psr_opt_usage(err, errlen, "--index takes a directory, not logs");
	if (!o->nlogs && o->mode != MODE_INDEX)
		return psr_opt_usage(err, errlen, "no log given");
	if (o->mode == MODE_INDEX && visual_wanted(&o->vis))
		return psr_opt_usage(err, errlen, "--index draws no chart");
	for (size_t i = 0; i < output_count; i++) /* --groups: by command */
		if (o->paths[i] && output_table[i]->option &&
		    o->by == GROUPS_NONE &&
		    !strcmp(output_table[i]->option, "groups"))
			o->by = GROUPS_COMMAND;
	if (o->by != GROUPS_NONE && o->mode != MODE_REPORT)
		return psr_opt_usage(err, errlen, "--by goes with a report of "
				     "logs, not %s", mode_option(o->mode));
	if (o->at.given && o->mode != MODE_REPORT)
		return psr_opt_usage(err, errlen, "--at goes with a report of "
				     "logs, not %s", mode_option(o->mode));
	for (size_t i = 0; i < output_count && o->at.given; i++)
		if (output_table[i] == &output_at)
			o->paths[i] = "-"; /* standard output, not the table */
	if (check_modes(o, err, errlen) || check_stdout(o, err, errlen) ||
	    check_same_file(o, err, errlen))
		return PSR_OPT_USAGE;
	if (o->host && !*o->host)
		return psr_opt_usage(err, errlen, "--host: an empty host name");
	if (!o->nfleet_metrics)
		o->nfleet_metrics = fleet_metric_defaults(o->fleet_metrics);
	o->vis.force = o->force;
	if (o->an.memory_limit < 0)
		o->an.memory_limit = memory_default();
	o->an.pids = o->pids;
	o->an.npids = o->npids;
	o->an.names = o->names;
	o->an.nnames = o->nnames;
	o->cmp.cmp.leak_growth_pct = o->an.leak.growth_pct;
	/* what the outputs asked for need from the engine: the report's
	 * JSON and charts show distributions and correlations */
	for (size_t i = 0; i < output_count; i++)
		if ((output_table[i]->modes & o->mode) && output_asked(o, i))
			needs |= output_table[i]->needs;
	o->an.distributions = (needs & NEEDS_DISTRIBUTIONS) != 0;
	o->an.correlations = o->an.distributions;
	return 0;
}

int report_cli_parse(struct report_opts *o, int argc, char **argv)
{
	char err[1024];
	int first, rc;

	memset(o, 0, sizeof *o);
	psr_analysis_defaults(&o->an);
	o->an.memory_limit = -1; /* not given: memory_default() */
	o->rank.key = -1; /* --sort not given */
	o->by = GROUPS_NONE;
	psr_compare_defaults(&o->cmp.cmp);
	visual_defaults(&o->vis);
	build_table();
	rc = psr_opt_parse(table, ntable, 0, argc, argv, o, &first, err,
			   sizeof err);
	if (rc == PSR_OPT_EXIT) {
		char *text = psr_opt_text(o->shown);
		if (!text) {
			fputs("psreport: out of memory\n", stderr);
			return EXIT_RUNTIME;
		}
		fputs(text, stdout);
		free(text);
		return -1;
	}
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
