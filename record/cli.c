/* cli.c - psrec's options: one table (psr/opt.h) gives each option's
 * spellings, help line, parser and check; parsed into struct psrec_opts. */
#define _GNU_SOURCE
#include "cli.h"

#include "psr_config.h"

#include <psr/opt.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char synopsis[] =
	"usage: psrec (-p <pid>[,<pid>...] | -n <name> | -a | --system |\n"
	"              -- <command> [<arg>...]) [-c | --no-children] [--max-procs <n>]\n"
	"             [--no-exits]\n"
	"             [--rescan <sec>]\n"
	"             [--pick] [-i <seconds>] [--adaptive <seconds>]\n"
	"             [-d <seconds> | -s <count>] [-o <file>] [--force]\n"
	"             [--rotate-size <size>] [--rotate-time <seconds>]\n"
	"             [-x] [--uss] [--system] [--flush <seconds>] [-q]\n"
	"             [--textfile <file> [--textfile-every <sec>]\n"
	"              [--textfile-by pid|target] [--no-log]] [--ready-fd <fd>]\n"
	"\n"
	"Record what processes cost into a compressed, crash-safe log.\n"
	"\n";

static const char footer[] =
	"\n"
	"Signals: SIGINT/SIGTERM take a last sample and close the log; SIGHUP closes\n"
	"it and creates the output path again (after logrotate moved it); SIGUSR1\n"
	"writes buffered samples now.\n"
	"Exit status: 0 ok, 1 runtime error, 2 usage error; with a command, its status\n"
	"(128+N if killed by signal N).\n";

#define AT(field) offsetof(struct psrec_opts, field)
#define SECONDS 1e9 /* the longest time an option takes, seconds */

/* psr_opt_pids and psr_opt_strings find a list's count after it */
_Static_assert(AT(npids) == AT(pids) + sizeof(uint32_t *), "pids");
_Static_assert(AT(nnames) == AT(names) + sizeof(char **), "names");

static psr_opt_parser parse_size, parse_ready_fd;
static const struct psr_opt_usage_text usage;
static psr_opt_checker with_all_or_children, with_name, not_below_interval,
	not_with_samples, with_textfile, no_log_alone, not_with_children;

static const char *const textfile_by[] = {"pid", "target", NULL};

/* Every option of psrec, in the order of its help. */
static const struct psr_opt options[] = {
	{.help = "Targets (may be combined):"},
	{.name = "pid", .key = 'p', .arg = "<pid>",
	 .help = "a process; repeat or give a comma list",
	 .parse = psr_opt_pids, .off = AT(pids),
	 .what = "a list of process ids"},
	{.name = "name", .key = 'n', .arg = "<name>",
	 .help = "every process whose comm or argv[0] basename is <name>",
	 .parse = psr_opt_strings, .off = AT(names),
	 .what = "a process name"},
	{.name = "all", .key = 'a',
	 .help = "every process on the host, as they come and go",
	 .parse = psr_opt_one, .off = AT(all)},
	{.arg = "-- <command> [<arg>...]",
	 .help = "launch the command, record it and its descendants,\n"
		 "stop when it exits and exit with its status"},
	{.name = "children", .key = 'c',
	 .help = "also every descendant of the targets, found each sample",
	 .parse = psr_opt_one, .off = AT(children)},
	{.name = "no-children",
	 .help = "with a command: record only its own process (its\n"
		 "children's costs are still in its totals)",
	 .parse = psr_opt_one, .off = AT(no_children),
	 .check = not_with_children},
	{.name = "max-procs", .arg = "<n>",
	 .help = "record at most <n> processes at once (the busiest by\n"
		 "CPU share when there is not room for all)",
	 .parse = psr_opt_u64, .off = AT(max_procs), .lo = 1, .hi = 1u << 22,
	 .what = "a count from 1 to 4194304", .check = with_all_or_children},
	{.name = "no-exits",
	 .help = "with -a, -c or a command: no exit accounting of the\n"
		 "processes that end between two samples (taskstats)",
	 .parse = psr_opt_one, .off = AT(no_exits)},
	{.name = "rescan", .arg = "<sec>",
	 .help = "look for new -n matches this often (default 5)",
	 .parse = psr_opt_seconds, .off = AT(rescan_ns), .lo = 0.01,
	 .hi = SECONDS, .what = "a number of seconds >= 0.01"},
	{.name = "pick",
	 .help = "with -n on a terminal: choose among the matches",
	 .parse = psr_opt_one, .off = AT(pick), .check = with_name},
	{.help = "Timing:"},
	{.name = "interval", .key = 'i', .arg = "<sec>",
	 .help = "seconds between samples (default 1, minimum 0.01)",
	 .parse = psr_opt_seconds, .off = AT(interval_ns), .lo = 0.01,
	 .hi = SECONDS, .what = "a number of seconds >= 0.01"},
	{.name = "duration", .key = 'd', .arg = "<sec>",
	 .help = "stop after this long (one last sample at exactly <sec>)",
	 .parse = psr_opt_seconds, .off = AT(duration_ns), .lo = 1e-9,
	 .hi = SECONDS, .what = "a positive number of seconds",
	 .check = not_with_samples},
	{.name = "samples", .key = 's', .arg = "<n>",
	 .help = "stop after n samples",
	 .parse = psr_opt_u64, .off = AT(samples), .lo = 1, .hi = 1.8e19,
	 .what = "a positive count"},
	{.name = "adaptive", .arg = "<sec>",
	 .help = "let the interval grow up to <sec> while nothing\n"
		 "changes; back to -i at the first change",
	 .parse = psr_opt_seconds, .off = AT(adaptive_ns), .lo = 0.01,
	 .hi = SECONDS, .what = "a number of seconds >= 0.01",
	 .check = not_below_interval},
	{.help = "Metrics:"},
	{.name = "extended", .key = 'x',
	 .help = "add context switches, swap, HWM, RSS breakdown, CPU list",
	 .parse = psr_opt_one, .off = AT(extended)},
	{.name = "uss",
	 .help = "add USS/PSS/swap from smaps_rollup (costly: walks page\n"
		 "tables and takes the process's mmap lock)",
	 .parse = psr_opt_one, .off = AT(uss)},
	{.name = "system",
	 .help = "add host memory (/proc/meminfo), CPU times and load\n"
		 "averages each sample; alone, records only the host",
	 .parse = psr_opt_one, .off = AT(system)},
	{.help = "Output:"},
	{.name = "output", .key = 'o', .arg = "<file>",
	 .help = "log file (default psrec-HOST-YYYYMMDD-HHMMSS.psr);\n"
		 "a % makes it a strftime(3) format of the start time",
	 .parse = psr_opt_string, .off = AT(output), .what = "a file name"},
	{.name = "force", .help = "overwrite an existing file",
	 .parse = psr_opt_one, .off = AT(force)},
	{.name = "flush", .arg = "<sec>",
	 .help = "write to disk at least this often (default 10): the most\n"
		 "a kill -9 or power cut can lose",
	 .parse = psr_opt_seconds, .off = AT(flush_ns), .lo = 1e-9,
	 .hi = SECONDS, .what = "a positive number of seconds"},
	{.name = "rotate-size", .arg = "<size>",
	 .help = "start the next file (NAME.1.psr, NAME.2.psr...) once\n"
		 "this many bytes are written (K, M, G suffixes)",
	 .parse = parse_size, .off = AT(rotate_size), .lo = 1024,
	 .what = "a size of at least 1K"},
	{.name = "rotate-time", .arg = "<sec>",
	 .help = "start the next file after this long",
	 .parse = psr_opt_seconds, .off = AT(rotate_ns), .lo = 0.01,
	 .hi = SECONDS, .what = "a number of seconds >= 0.01"},
	{.name = "quiet", .key = 'q', .help = "no live status line",
	 .parse = psr_opt_one, .off = AT(quiet)},
	{.name = "ready-fd", .arg = "<fd>",
	 .help = "close descriptor <fd> once the first sample is taken\n"
		 "(a script waits for EOF on a pipe, then starts work)",
	 .parse = parse_ready_fd, .off = AT(ready_fd),
	 .what = "an open descriptor"},
	{.help = "Live numbers (Prometheus, through node_exporter's textfile "
		 "collector):"},
	{.name = "textfile", .arg = "<file>",
	 .help = "write the latest values of every process to <file>\n"
		 "in the Prometheus text format (atomically, 0644)",
	 .parse = psr_opt_string, .off = AT(textfile), .what = "a file name"},
	{.name = "textfile-every", .arg = "<sec>",
	 .help = "at most this often (default 15), and at exit",
	 .parse = psr_opt_seconds, .off = AT(textfile_ns), .lo = 0.01,
	 .hi = SECONDS, .what = "a number of seconds >= 0.01",
	 .check = with_textfile},
	{.name = "textfile-by", .arg = "<pid|target>",
	 .help = "one series per process (default), or sums\n"
		 "per target (-p pid, -n name, command; -a: comm)",
	 .parse = psr_opt_choice, .off = AT(textfile_by_target),
	 .what = "'pid' or 'target'", .data = textfile_by,
	 .check = with_textfile},
	{.name = "no-log", .help = "write only the textfile, no log",
	 .parse = psr_opt_one, .off = AT(no_log), .check = no_log_alone},
	{.name = "help", .key = 'h', .help = "this text",
	 .parse = psr_opt_show_help, .off = AT(shown), .data = &usage},
	{.name = "version", .key = 'V', .help = "version",
	 .parse = psr_opt_show_version, .off = AT(shown), .data = "psrec " PSR_VERSION},
	/* for the tests and benchmarks, not in the help */
	{.name = "proc-root", .arg = "<dir>", .parse = psr_opt_string,
	 .off = AT(proc_root)},
	{.name = "level", .arg = "<n>", .parse = psr_opt_unsigned,
	 .off = AT(level), .lo = 1, .hi = 19,
	 .what = "a zstd level from 1 to 19"},
};

#define NOPTIONS (sizeof options / sizeof options[0])

static const struct psr_opt_usage_text usage = {synopsis, footer, options,
						  NOPTIONS, PSR_OPT_HELP_WIDTH};

/* A size: an integer with an optional K, M or G (powers of 1024). */
static int parse_size(const struct psr_opt *opt, const char *arg, void *opts,
		      char *err, size_t errlen)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(arg, &end, 10);
	unsigned shift = 0;
	if (*end == 'K' || *end == 'k')
		shift = 10;
	else if (*end == 'M' || *end == 'm')
		shift = 20;
	else if (*end == 'G' || *end == 'g')
		shift = 30;
	if (shift)
		end++;
	if (errno || end == arg || *arg == '-' || *end ||
	    v > (UINT64_MAX >> shift) || (double)(v << shift) < opt->lo)
		return psr_opt_bad(opt, arg, err, errlen);
	*(uint64_t *)((char *)opts + opt->off) = (uint64_t)v << shift;
	return PSR_OPT_OK;
}

/* --ready-fd: an open descriptor, kept from a launched command (which
 * would hold the waiter's pipe open until it exits). */
static int parse_ready_fd(const struct psr_opt *opt, const char *arg,
			  void *opts, char *err, size_t errlen)
{
	char *end;
	errno = 0;
	long fd = strtol(arg, &end, 10);
	if (errno || end == arg || *end || fd < 0 || fd > INT_MAX)
		return psr_opt_bad(opt, arg, err, errlen);
	int flags = fcntl((int)fd, F_GETFD);
	if (flags < 0 || fcntl((int)fd, F_SETFD, flags | FD_CLOEXEC) < 0)
		return psr_opt_bad(opt, arg, err, errlen);
	*(int *)((char *)opts + opt->off) = (int)fd;
	return PSR_OPT_OK;
}

static int with_all_or_children(const struct psr_opt *opt, const void *opts,
				char *err, size_t errlen)
{
	const struct psrec_opts *o = opts;

	return o->all || o->children
		       ? PSR_OPT_OK
		       : psr_opt_usage(err, errlen, "--max-procs goes with -a or -c");
}

static int with_name(const struct psr_opt *opt, const void *opts, char *err,
		     size_t errlen)
{
	const struct psrec_opts *o = opts;

	return o->nnames ? PSR_OPT_OK
			 : psr_opt_usage(err, errlen, "--pick goes with -n");
}

static int not_below_interval(const struct psr_opt *opt, const void *opts,
			      char *err, size_t errlen)
{
	const struct psrec_opts *o = opts;

	if (o->adaptive_ns < o->interval_ns)
		return psr_opt_usage(err, errlen, "--adaptive: the longest interval is "
			   "shorter than -i");
	return PSR_OPT_OK;
}

static int not_with_samples(const struct psr_opt *opt, const void *opts,
			    char *err, size_t errlen)
{
	const struct psrec_opts *o = opts;

	if (o->samples)
		return psr_opt_usage(err, errlen, "--duration and --samples exclude "
			   "each other");
	return PSR_OPT_OK;
}

static int with_textfile(const struct psr_opt *opt, const void *opts,
			 char *err, size_t errlen)
{
	const struct psrec_opts *o = opts;

	if (!o->textfile)
		return psr_opt_usage(err, errlen, "--textfile-every and --textfile-by go "
			   "with --textfile");
	return PSR_OPT_OK;
}

static int not_with_children(const struct psr_opt *opt, const void *opts,
			     char *err, size_t errlen)
{
	const struct psrec_opts *o = opts;

	return o->children ? psr_opt_usage(err, errlen, "-c and --no-children exclude "
				 "each other")
			   : PSR_OPT_OK;
}

/* --no-log excludes what shapes a log. */
static int no_log_alone(const struct psr_opt *opt, const void *opts,
			char *err, size_t errlen)
{
	const struct psrec_opts *o = opts;

	if (!o->textfile)
		return psr_opt_usage(err, errlen, "--no-log goes with --textfile");
	if (o->output || o->rotate_size || o->rotate_ns || o->system ||
	    o->flush_ns != 10000000000ull)
		return psr_opt_usage(err, errlen,
			   "--no-log writes no log: -o, --flush, --rotate-size, "
			   "--rotate-time and --system do not apply");
	return PSR_OPT_OK;
}

enum cli_result cli_parse(struct psrec_opts *o, int argc, char **argv,
			  char *err, size_t errlen)
{
	int first, rc;

	memset(o, 0, sizeof *o);
	o->interval_ns = 1000000000ull;
	o->flush_ns = 10000000000ull;
	o->proc_root = "/proc";
	o->rescan_ns = 5000000000ull;
	o->textfile_ns = 15000000000ull;
	o->ready_fd = -1;
	/* in order: what follows the command is the command's */
	rc = psr_opt_parse(options, NOPTIONS, PSR_OPT_IN_ORDER, argc, argv, o,
			   &first, err, errlen);
	if (rc == PSR_OPT_EXIT)
		return CLI_EXIT_OK;
	if (rc == -ENOMEM)
		return psr_opt_usage(err, errlen, "out of memory"), CLI_USAGE;
	if (rc)
		goto usage;
	if (first < argc) {
		if (strcmp(argv[first - 1], "--") != 0) {
			psr_opt_usage(err, errlen, "unexpected argument '%s' (a command "
			    "goes after --)", argv[first]);
			goto usage;
		}
		o->command = argv + first;
	}
	if (o->no_children && !o->command) {
		psr_opt_usage(err, errlen, "--no-children goes with -- <command>");
		goto usage;
	}
	if (o->no_exits && !o->all && !o->children &&
	    !(o->command && !o->no_children)) {
		psr_opt_usage(err, errlen,
			      "--no-exits goes with -a, -c or -- <command>");
		goto usage;
	}
	if (!o->npids && !o->nnames && !o->command && !o->all && !o->system) {
		psr_opt_usage(err, errlen, "no target: give -p <pid>, -n <name>, -a, "
		    "--system or -- <command>");
		goto usage;
	}
	return CLI_OK;
usage: {
	size_t len = strlen(err);
	snprintf(err + len, errlen - len, " (see psrec --help)");
	return CLI_USAGE;
}
}

void cli_release(struct psrec_opts *o)
{
	free(o->pids);
	free(o->names);
}
