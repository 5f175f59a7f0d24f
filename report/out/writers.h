/* writers.h - outputs made from the analysis result, after the decode.
 * One table row per output; adding a format is adding a file and a row. */
#ifndef PSREPORT_WRITERS_H
#define PSREPORT_WRITERS_H

#include <psr/analysis.h>
#include <psr/compare.h>

#include <stdbool.h>
#include <stdio.h>

struct report_ctx {
	const struct psr_result *result;
	const struct psr_analysis_opts *opts;
	bool colour; /* ANSI colours (text on a terminal, NO_COLOR unset) */
	const struct psr_compare *compare; /* --baseline: "comparison" */
};

struct writer {
	const char *option; /* the option that names its file */
	int (*write)(const struct report_ctx *c, FILE *f);
};

int text_write(const struct report_ctx *c, FILE *f);
int summary_write(const struct report_ctx *c, FILE *f);
int json_write(const struct report_ctx *c, FILE *f);
/* --csv with --window: a row per process and window instead of samples */
int windows_write(const struct report_ctx *c, FILE *f);

/* The 10 processes whose RSS varied most in each run: --rss-top CSV, and
 * a text section for host-wide runs (psrec -a) or more than 10 processes. */
int rss_top_write(const struct report_ctx *c, FILE *f);
bool rss_top_wanted(const struct psr_run_result *r);
/* Those processes, most varied first, into out[RSS_TOP]; their count. */
#define RSS_TOP 10
size_t rss_top_rank(const struct psr_run_result *r,
		    const struct psr_proc_result **out);
void rss_top_text(const struct psr_run_result *r, FILE *f);

/* The JSON schema version json_write emits (report/JSON.md). */
#define PSREPORT_JSON_VERSION 1

#endif
