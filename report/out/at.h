/* at.h - psreport --at TIME: every process alive at one moment, with its
 * sample at or just before it (as `atop -r -b TIME` shows), sorted by
 * --sort, for "what was running at 03:12". The table is made from the
 * engine's process-samples (psr_analysis_opts.on_row) while the logs are
 * read: per process only its last sample at or before TIME is kept. The
 * output's row (output_at) is in at.c. */
#ifndef PSREPORT_AT_H
#define PSREPORT_AT_H

#include <psr/analysis.h>

#include <stdbool.h>

/* An --at argument: anything --from takes (psr_time_parse), or a clock
 * time "HH:MM[:SS]" in local time, read as the first moment at or after
 * the start of each run that the clock shows it (the run's first day, or
 * the next day for a run that crosses midnight). */
struct at_time {
	bool given;
	bool clock;             /* HH:MM[:SS]: clock_s below */
	double clock_s;         /* seconds after midnight */
	struct psr_time_spec t; /* else */
};

/* 0, or -EINVAL. */
int at_parse(const char *arg, struct at_time *out);

/* The Unix time of a for a run that started at start (Unix seconds). */
double at_resolve(const struct at_time *a, double start);

/* The output's row (output.c's table). */
struct output;
extern const struct output output_at;

#endif
