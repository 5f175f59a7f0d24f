/* fleet.h - psreport --fleet: many logs of many hosts, one table per
 * command across hosts and one per host.
 *
 * Logs are read one recording at a time (one analysis for a log, or for
 * the rotated parts of one run, reduced into per-host and per-command
 * totals, then freed), so memory follows hosts x commands, not logs or
 * samples. Logs that cannot be read, or only in
 * part, are listed with the reason; the rest is reported. */
#ifndef PSREPORT_FLEET_H
#define PSREPORT_FLEET_H

#include <stdbool.h>
#include <stddef.h>

#include <psr/analysis.h>

struct fleet_opts {
	const struct psr_analysis_opts *an; /* leak options, filters */
	char **args;      /* logs and directories (read recursively) */
	size_t nargs;
	const char *csv;  /* --fleet-csv, or NULL */
	bool text;        /* the tables on standard output */
	bool force;
};

/* The whole --fleet run; returns the exit code: 0, or 1 when a log or
 * directory could not be read (the rest still reported) or an output
 * failed. */
int fleet_main(const struct fleet_opts *o);

#endif
