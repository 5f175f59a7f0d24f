/* main.c - psreport: read psrec logs offline and write reports. */
#define _GNU_SOURCE
#include "csv.h"
#include "info.h"
#include "logfile.h"
#include "outfile.h"

#include "psr_config.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { EXIT_RUNTIME = 1, EXIT_USAGE = 2 };

static const char usage[] =
	"usage: psreport [--info] [--csv <file>] [--force] <log>...\n"
	"\n"
	"Read psrec logs and report on them.\n"
	"\n"
	"  --info           what each log holds: host, command, processes, samples,\n"
	"                   size, warnings (the default when no output is named)\n"
	"  --csv <file>     one row per process per sample, then one 'avg' row per\n"
	"                   process; '-' for standard output\n"
	"  --force          overwrite existing output files\n"
	"  -h, --help       this text\n"
	"  -V, --version    version\n"
	"\n"
	"Exit status: 0 ok, 1 runtime error (unreadable or invalid log, output not\n"
	"writable), 2 usage error. Damaged logs are read as far as they go, with a\n"
	"warning on stderr.\n";

struct report_opts {
	bool info;
	const char *csv;
	bool force;
	char **logs;
	size_t nlogs;
};

enum { OPT_INFO = 256, OPT_CSV, OPT_FORCE };

static int parse(struct report_opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"info", no_argument, NULL, OPT_INFO},
		{"csv", required_argument, NULL, OPT_CSV},
		{"force", no_argument, NULL, OPT_FORCE},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{0},
	};
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, "hV", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_INFO:
			o->info = true;
			break;
		case OPT_CSV:
			o->csv = optarg;
			break;
		case OPT_FORCE:
			o->force = true;
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		case 'V':
			printf("psreport %s\n", PSR_VERSION);
			return 0;
		default:
			fprintf(stderr,
				"psreport: option '%s' is unknown or needs a "
				"value (see psreport --help)\n",
				argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	o->logs = argv + optind;
	o->nlogs = (size_t)(argc - optind);
	if (!o->nlogs) {
		fprintf(stderr, "psreport: no log given (see psreport --help)\n");
		return EXIT_USAGE;
	}
	if (!o->csv)
		o->info = true;
	return -1; /* go on */
}

static int open_logs(struct logfile *lf, char **paths, size_t n,
		     bool print_warnings)
{
	char err[1024];
	for (size_t i = 0; i < n; i++) {
		if (logfile_open(&lf[i], paths[i], err, sizeof err) != 0) {
			fprintf(stderr, "psreport: %s\n", err);
			while (i--)
				logfile_close(&lf[i]);
			return -1;
		}
		lf[i].print_warnings = print_warnings;
	}
	return 0;
}

static void close_logs(struct logfile *lf, size_t n)
{
	for (size_t i = 0; i < n; i++)
		logfile_close(&lf[i]);
}

static int do_info(const struct report_opts *o, struct logfile *lf)
{
	char err[1024];
	for (size_t i = 0; i < o->nlogs; i++) {
		if (i)
			putchar('\n');
		if (info_write(&lf[i], stdout, err, sizeof err) != 0) {
			fprintf(stderr, "psreport: %s\n", err);
			return EXIT_RUNTIME;
		}
	}
	return fflush(stdout) == 0 ? 0 : EXIT_RUNTIME;
}

static int do_csv(const struct report_opts *o, struct logfile *lf)
{
	char err[1024];
	struct outfile out;
	if (outfile_open(&out, o->csv, o->force, err, sizeof err) != 0) {
		fprintf(stderr, "psreport: --csv: %s\n", err);
		return EXIT_RUNTIME;
	}
	if (csv_write(lf, o->nlogs, out.f, err, sizeof err) != 0) {
		outfile_abort(&out);
		fprintf(stderr, "psreport: %s\n", err);
		return EXIT_RUNTIME;
	}
	if (outfile_commit(&out, err, sizeof err) != 0) {
		fprintf(stderr, "psreport: %s\n", err);
		return EXIT_RUNTIME;
	}
	return 0;
}

/* Each output walks the logs once; warnings go to stderr the first time. */
static int run(const struct report_opts *o, struct logfile *lf)
{
	bool warned = false;
	int code = 0;
	if (o->info) {
		if (open_logs(lf, o->logs, o->nlogs, true))
			return EXIT_RUNTIME;
		code = do_info(o, lf);
		close_logs(lf, o->nlogs);
		warned = true;
	}
	if (!code && o->csv) {
		if (open_logs(lf, o->logs, o->nlogs, !warned))
			return EXIT_RUNTIME;
		code = do_csv(o, lf);
		close_logs(lf, o->nlogs);
	}
	return code;
}

int main(int argc, char **argv)
{
	struct report_opts o = {0};
	int code = parse(&o, argc, argv);
	if (code >= 0)
		return code;
	struct logfile *lf = calloc(o.nlogs, sizeof *lf);
	if (!lf) {
		fprintf(stderr, "psreport: out of memory\n");
		return EXIT_RUNTIME;
	}
	code = run(&o, lf);
	free(lf);
	return code;
}
