/* cli.c - psrec's options (getopt_long), validated into struct psrec_opts. */
#define _GNU_SOURCE
#include "cli.h"

#include "psr_config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: psrec (-p <pid>[,<pid>...] | -n <name> | -a | --system |\n"
	"              -- <command> [<arg>...]) [-c] [--max-procs <n>] [--rescan <sec>]\n"
	"             [--pick] [-i <seconds>] [--adaptive <seconds>]\n"
	"             [-d <seconds> | -s <count>] [-o <file>] [--force]\n"
	"             [--rotate-size <size>] [--rotate-time <seconds>]\n"
	"             [-x] [--uss] [--system] [--flush <seconds>] [-q]\n"
	"             [--textfile <file> [--textfile-every <sec>]\n"
	"              [--textfile-by pid|target] [--no-log]] [--ready-fd <fd>]\n"
	"\n"
	"Record what processes cost into a compressed, crash-safe log.\n"
	"\n"
	"Targets (may be combined):\n"
	"  -p, --pid <pid>         a process; repeat or give a comma list\n"
	"  -n, --name <name>       every process whose comm or argv[0] basename is <name>\n"
	"  -a, --all               every process on the host, as they come and go\n"
	"  -- <command> [<arg>...] launch the command, record it, exit with its status\n"
	"  -c, --children          also every descendant of the targets, found each sample\n"
	"      --max-procs <n>     record at most <n> processes at once (the busiest by\n"
	"                          CPU share when there is not room for all)\n"
	"      --rescan <sec>      look for new -n matches this often (default 5)\n"
	"      --pick              with -n on a terminal: choose among the matches\n"
	"Timing:\n"
	"  -i, --interval <sec>    seconds between samples (default 1, minimum 0.01)\n"
	"  -d, --duration <sec>    stop after this long (one last sample at exactly <sec>)\n"
	"  -s, --samples <n>       stop after n samples\n"
	"      --adaptive <sec>    let the interval grow up to <sec> while nothing\n"
	"                          changes; back to -i at the first change\n"
	"Metrics:\n"
	"  -x, --extended          add context switches, swap, HWM, RSS breakdown, CPU list\n"
	"      --uss               add USS/PSS/swap from smaps_rollup (costly: walks page\n"
	"                          tables and takes the process's mmap lock)\n"
	"      --system            add host memory (/proc/meminfo), CPU times and load\n"
	"                          averages each sample; alone, records only the host\n"
	"Output:\n"
	"  -o, --output <file>     log file (default psrec-HOST-YYYYMMDD-HHMMSS.psr);\n"
	"                          a % makes it a strftime(3) format of the start time\n"
	"      --force             overwrite an existing file\n"
	"      --flush <sec>       write to disk at least this often (default 10): the most\n"
	"                          a kill -9 or power cut can lose\n"
	"      --rotate-size <size> start the next file (NAME.1.psr, NAME.2.psr...) once\n"
	"                          this many bytes are written (K, M, G suffixes)\n"
	"      --rotate-time <sec> start the next file after this long\n"
	"  -q, --quiet             no live status line\n"
	"      --ready-fd <fd>     close descriptor <fd> once the first sample is taken\n"
	"                          (a script waits for EOF on a pipe, then starts work)\n"
	"Live numbers (Prometheus, through node_exporter's textfile collector):\n"
	"      --textfile <file>   write the latest values of every process to <file>\n"
	"                          in the Prometheus text format (atomically, 0644)\n"
	"      --textfile-every <sec> at most this often (default 15), and at exit\n"
	"      --textfile-by <pid|target> one series per process (default), or sums\n"
	"                          per target (-p pid, -n name, command; -a: comm)\n"
	"      --no-log            write only the textfile, no log\n"
	"  -h, --help              this text\n"
	"  -V, --version           version\n"
	"\n"
	"Signals: SIGINT/SIGTERM take a last sample and close the log; SIGHUP closes\n"
	"it and creates the output path again (after logrotate moved it); SIGUSR1\n"
	"writes buffered samples now.\n"
	"Exit status: 0 ok, 1 runtime error, 2 usage error; with a command, its status\n"
	"(128+N if killed by signal N).\n";

enum {
	OPT_USS = 256, OPT_FORCE, OPT_FLUSH, OPT_PROC_ROOT, OPT_LEVEL,
	OPT_MAX_PROCS, OPT_RESCAN, OPT_SYSTEM, OPT_ROTATE_SIZE, OPT_ROTATE_TIME,
	OPT_ADAPTIVE, OPT_PICK, OPT_TEXTFILE, OPT_TEXTFILE_EVERY,
	OPT_TEXTFILE_BY, OPT_NO_LOG, OPT_READY_FD,
};

static const struct option longopts[] = {
	{"pid", required_argument, NULL, 'p'},
	{"name", required_argument, NULL, 'n'},
	{"interval", required_argument, NULL, 'i'},
	{"duration", required_argument, NULL, 'd'},
	{"samples", required_argument, NULL, 's'},
	{"extended", no_argument, NULL, 'x'},
	{"uss", no_argument, NULL, OPT_USS},
	{"output", required_argument, NULL, 'o'},
	{"force", no_argument, NULL, OPT_FORCE},
	{"flush", required_argument, NULL, OPT_FLUSH},
	{"quiet", no_argument, NULL, 'q'},
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, 'V'},
	{"proc-root", required_argument, NULL, OPT_PROC_ROOT}, /* for tests */
	{"level", required_argument, NULL, OPT_LEVEL},
	{"children", no_argument, NULL, 'c'},
	{"all", no_argument, NULL, 'a'},
	{"max-procs", required_argument, NULL, OPT_MAX_PROCS},
	{"rescan", required_argument, NULL, OPT_RESCAN},
	{"system", no_argument, NULL, OPT_SYSTEM},
	{"rotate-size", required_argument, NULL, OPT_ROTATE_SIZE},
	{"rotate-time", required_argument, NULL, OPT_ROTATE_TIME},
	{"adaptive", required_argument, NULL, OPT_ADAPTIVE},
	{"pick", no_argument, NULL, OPT_PICK},
	{"textfile", required_argument, NULL, OPT_TEXTFILE},
	{"textfile-every", required_argument, NULL, OPT_TEXTFILE_EVERY},
	{"textfile-by", required_argument, NULL, OPT_TEXTFILE_BY},
	{"no-log", no_argument, NULL, OPT_NO_LOG},
	{"ready-fd", required_argument, NULL, OPT_READY_FD},
	{0},
};

static enum cli_result bad(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return CLI_USAGE;
}

/* --ready-fd: an open descriptor, kept from a launched command (which
 * would hold the waiter's pipe open until it exits). */
static enum cli_result ready_fd(struct psrec_opts *o, const char *arg,
				char *err, size_t len)
{
	char *end;
	errno = 0;
	long fd = strtol(arg, &end, 10);
	if (errno || end == arg || *end || fd < 0 || fd > INT_MAX)
		return bad(err, len, "--ready-fd: '%s' is not a descriptor",
			   arg);
	int flags = fcntl((int)fd, F_GETFD);
	if (flags < 0 || fcntl((int)fd, F_SETFD, flags | FD_CLOEXEC) < 0)
		return bad(err, len, "--ready-fd: %ld is not an open "
			   "descriptor", fd);
	o->ready_fd = (int)fd;
	return CLI_OK;
}

/* Decimal seconds >= min, as nanoseconds. */
static int parse_seconds(const char *s, double min, uint64_t *ns)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || *end || !(v >= min && v <= 1e9))
		return -1;
	*ns = (uint64_t)(v * 1e9 + 0.5);
	return 0;
}

static int parse_count(const char *s, uint64_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || end == s || *end || *s == '-' || v == 0)
		return -1;
	*out = v;
	return 0;
}

/* A size: an integer with an optional K, M or G (powers of 1024). */
static int parse_size(const char *s, uint64_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || end == s || *s == '-' || v == 0)
		return -1;
	unsigned shift = 0;
	if (*end == 'K' || *end == 'k')
		shift = 10;
	else if (*end == 'M' || *end == 'm')
		shift = 20;
	else if (*end == 'G' || *end == 'g')
		shift = 30;
	if (shift)
		end++;
	if (*end || v > (UINT64_MAX >> shift))
		return -1;
	*out = (uint64_t)v << shift;
	return 0;
}

static int add_pids(struct psrec_opts *o, const char *list)
{
	char *copy = strdup(list), *save = NULL;
	if (!copy)
		return -1;
	int rc = 0;
	for (char *t = strtok_r(copy, ",", &save); t && !rc;
	     t = strtok_r(NULL, ",", &save)) {
		uint64_t pid;
		pid_t *p = realloc(o->pids, (o->npids + 1) * sizeof *p);
		if (!p || parse_count(t, &pid) || pid > 0x7fffffff) {
			if (p)
				o->pids = p;
			rc = -1;
			break;
		}
		o->pids = p;
		o->pids[o->npids++] = (pid_t)pid;
	}
	free(copy);
	return rc;
}

static int add_name(struct psrec_opts *o, const char *name)
{
	const char **p = realloc(o->names, (o->nnames + 1) * sizeof *p);
	if (!p)
		return -1;
	o->names = p;
	o->names[o->nnames++] = name;
	return 0;
}

static enum cli_result one_option(struct psrec_opts *o, int c, char *err,
				  size_t len)
{
	uint64_t n;
	switch (c) {
	case 'p':
		if (add_pids(o, optarg))
			return bad(err, len, "--pid: '%s' is not a pid list",
				   optarg);
		break;
	case 'n':
		if (!*optarg || add_name(o, optarg))
			return bad(err, len, "--name: empty name");
		break;
	case 'i':
		if (parse_seconds(optarg, 0.01, &o->interval_ns))
			return bad(err, len,
				   "--interval: '%s' is not a number of seconds "
				   ">= 0.01", optarg);
		break;
	case 'd':
		if (parse_seconds(optarg, 0, &o->duration_ns) ||
		    o->duration_ns == 0)
			return bad(err, len,
				   "--duration: '%s' is not a positive number "
				   "of seconds", optarg);
		break;
	case 's':
		if (parse_count(optarg, &o->samples))
			return bad(err, len,
				   "--samples: '%s' is not a positive count",
				   optarg);
		break;
	case OPT_FLUSH:
		if (parse_seconds(optarg, 0, &o->flush_ns) || !o->flush_ns)
			return bad(err, len,
				   "--flush: '%s' is not a positive number of "
				   "seconds", optarg);
		break;
	case OPT_LEVEL:
		if (parse_count(optarg, &n) || n > 19)
			return bad(err, len, "--level: '%s' is not 1 to 19",
				   optarg);
		o->level = (int)n;
		break;
	case OPT_MAX_PROCS:
		if (parse_count(optarg, &o->max_procs) || o->max_procs > 1u << 22)
			return bad(err, len,
				   "--max-procs: '%s' is not a count from 1 "
				   "to 4194304", optarg);
		break;
	case OPT_RESCAN:
		if (parse_seconds(optarg, 0.01, &o->rescan_ns))
			return bad(err, len,
				   "--rescan: '%s' is not a number of seconds "
				   ">= 0.01", optarg);
		break;
	case OPT_ROTATE_SIZE:
		if (parse_size(optarg, &o->rotate_size) ||
		    o->rotate_size < 1024)
			return bad(err, len,
				   "--rotate-size: '%s' is not a size of at "
				   "least 1K", optarg);
		break;
	case OPT_ROTATE_TIME:
		if (parse_seconds(optarg, 0.01, &o->rotate_ns))
			return bad(err, len,
				   "--rotate-time: '%s' is not a number of "
				   "seconds >= 0.01", optarg);
		break;
	case OPT_ADAPTIVE:
		if (parse_seconds(optarg, 0.01, &o->adaptive_ns))
			return bad(err, len,
				   "--adaptive: '%s' is not a number of "
				   "seconds", optarg);
		break;
	case OPT_TEXTFILE:
		if (!*optarg)
			return bad(err, len, "--textfile: empty file name");
		o->textfile = optarg;
		break;
	case OPT_TEXTFILE_EVERY:
		if (parse_seconds(optarg, 0.01, &o->textfile_ns))
			return bad(err, len,
				   "--textfile-every: '%s' is not a number of "
				   "seconds >= 0.01", optarg);
		break;
	case OPT_TEXTFILE_BY:
		if (strcmp(optarg, "pid") != 0 && strcmp(optarg, "target") != 0)
			return bad(err, len,
				   "--textfile-by: '%s' is not 'pid' or "
				   "'target'", optarg);
		o->textfile_by_target = strcmp(optarg, "target") == 0;
		break;
	case OPT_NO_LOG:
		o->no_log = 1;
		break;
	case OPT_READY_FD:
		return ready_fd(o, optarg, err, len);
	case 'c':
		o->children = 1;
		break;
	case 'a':
		o->all = 1;
		break;
	case OPT_SYSTEM:
		o->system = 1;
		break;
	case OPT_PICK:
		o->pick = 1;
		break;
	case 'x':
		o->extended = 1;
		break;
	case OPT_USS:
		o->uss = 1;
		break;
	case 'o':
		o->output = optarg;
		break;
	case OPT_FORCE:
		o->force = 1;
		break;
	case 'q':
		o->quiet = 1;
		break;
	case OPT_PROC_ROOT:
		o->proc_root = optarg;
		break;
	case 'h':
		fputs(usage, stdout);
		return CLI_EXIT_OK;
	case 'V':
		printf("psrec %s\n", PSR_VERSION);
		return CLI_EXIT_OK;
	default:
		return bad(err, len, "unknown option (see psrec --help)");
	}
	return CLI_OK;
}

/* --textfile's companions need it; --no-log excludes what shapes a log. */
static enum cli_result check_textfile(const struct psrec_opts *o, char *err,
				      size_t errlen)
{
	if (o->no_log && !o->textfile)
		return bad(err, errlen, "--no-log goes with --textfile");
	if (!o->textfile && (o->textfile_by_target ||
			     o->textfile_ns != 15000000000ull))
		return bad(err, errlen,
			   "--textfile-every and --textfile-by go with "
			   "--textfile");
	if (o->no_log && (o->output || o->rotate_size || o->rotate_ns ||
			  o->system || o->flush_ns != 10000000000ull))
		return bad(err, errlen,
			   "--no-log writes no log: -o, --flush, --rotate-size, "
			   "--rotate-time and --system do not apply");
	return CLI_OK;
}

enum cli_result cli_parse(struct psrec_opts *o, int argc, char **argv,
			  char *err, size_t errlen)
{
	memset(o, 0, sizeof *o);
	o->interval_ns = 1000000000ull;
	o->flush_ns = 10000000000ull;
	o->proc_root = "/proc";
	o->rescan_ns = 5000000000ull;
	o->textfile_ns = 15000000000ull;
	o->ready_fd = -1;
	opterr = 0; /* our own messages */
	int c;
	/* a leading ':' makes getopt tell a missing value (':') from an
	 * unknown option ('?') */
	while ((c = getopt_long(argc, argv, "+:p:n:i:d:s:xo:qhVca", longopts,
				NULL)) != -1) {
		if (c == ':')
			return bad(err, errlen, "option '%s' needs a value",
				   argv[optind - 1]);
		if (c == '?')
			return bad(err, errlen,
				   "unknown option '%s' (see psrec --help)",
				   argv[optind - 1]);
		enum cli_result r = one_option(o, c, err, errlen);
		if (r != CLI_OK)
			return r;
	}
	if (optind < argc) {
		if (strcmp(argv[optind - 1], "--") != 0)
			return bad(err, errlen,
				   "unexpected argument '%s' (a command goes "
				   "after --)", argv[optind]);
		o->command = argv + optind;
	}
	if (!o->npids && !o->nnames && !o->command && !o->all && !o->system)
		return bad(err, errlen,
			   "no target: give -p <pid>, -n <name>, -a, --system "
			   "or -- <command>");
	if (o->max_procs && !o->all && !o->children)
		return bad(err, errlen, "--max-procs goes with -a or -c");
	if (o->pick && !o->nnames)
		return bad(err, errlen, "--pick goes with -n");
	if (o->adaptive_ns && o->adaptive_ns < o->interval_ns)
		return bad(err, errlen,
			   "--adaptive: the longest interval is shorter than "
			   "-i");
	if (o->duration_ns && o->samples)
		return bad(err, errlen, "--duration and --samples exclude each "
					"other");
	return check_textfile(o, err, errlen);
}

void cli_release(struct psrec_opts *o)
{
	free(o->pids);
	free(o->names);
}
