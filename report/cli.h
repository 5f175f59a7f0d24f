/* cli.h - psreport's command line, parsed into one struct by one table
 * of options (psr/opt.h). */
#ifndef PSREPORT_CLI_H
#define PSREPORT_CLI_H

#include "at.h"
#include "compare.h"
#include "fleet.h"
#include "output.h"
#include "groups.h"
#include "rank.h"
#include "visual.h"

#include <psr/analysis.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { EXIT_RUNTIME = 1, EXIT_USAGE = 2, EXIT_LEAK = 3 };

struct report_opts {
	const struct psr_opt *shown; /* --help or --version: its row */
	enum report_mode mode;
	/* by row of output_table: the file an output is asked for ('-':
	 * standard output); NULL: not asked for */
	const char *paths[OUTPUT_MAX];
	const char *host; /* --host */
	bool fleet;
	unsigned fleet_metrics[FLEET_MAX_METRICS]; /* --fleet-metric */
	size_t nfleet_metrics;
	bool force, fail_on_leak;
	bool no_avg;      /* --no-avg: --csv without its avg rows */
	uint32_t *pids;
	size_t npids;
	const char **names;
	size_t nnames;
	struct psr_analysis_opts an;
	struct rank_opts rank; /* --sort, --top */
	struct at_time at;     /* --at */
	int by;                /* --by: enum groups_by, GROUPS_NONE */
	struct compare_opts cmp;
	struct visual_opts vis;
	char **logs;
	size_t nlogs;
};

/* Parse and check the command line: 0 to run, -1 after --help or
 * --version, or an exit code (its message on stderr). */
int report_cli_parse(struct report_opts *o, int argc, char **argv);
void report_cli_release(struct report_opts *o);

#endif
