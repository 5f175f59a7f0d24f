/* writers.h - outputs made from what the session computed, after the
 * decode: the engine's result and what the modes make of it, computed
 * once (struct report_ctx); the writers only format. Their rows are in
 * the table of output.h. */
#ifndef PSREPORT_WRITERS_H
#define PSREPORT_WRITERS_H

#include <psr/analysis.h>
#include <psr/compare.h>

#include <stdbool.h>
#include <stdio.h>

struct runs_table;
struct fleet;

struct report_ctx {
	const struct psr_result *result; /* --baseline: both sides' runs */
	const struct psr_analysis_opts *opts;
	bool colour; /* ANSI colours (text on a terminal, NO_COLOR unset) */
	const struct psr_compare *compare; /* --baseline: "comparison" */
	const struct runs_table *runs;     /* --runs */
	const struct fleet *fleet;         /* --fleet */
	const struct rank_opts *rank;      /* --sort, --top (rank.h) */
	int time_axis; /* enum vis_time_axis: --time-axis */
};

/* The time axis of process and host charts: elapsed seconds for
 * launched commands and runs under an hour, the wall clock for longer
 * recordings (auto); or either, always. */
enum vis_time_axis { VIS_TIME_AUTO = 0, VIS_TIME_ELAPSED, VIS_TIME_WALL };

int text_write(const struct report_ctx *c, FILE *f);

/* The summary table's cells, made once in text.c: the table on standard
 * output and --markdown only lay them out. */
enum table_column {
	TABLE_PID, TABLE_NAME, TABLE_DURATION, TABLE_SAMPLES, TABLE_CPU_TIME,
	TABLE_CPU_AVG, TABLE_CPU_P95, TABLE_CPU_MAX, TABLE_RSS_AVG,
	TABLE_RSS_MAX, TABLE_GROWTH, TABLE_VERDICT, TABLE_COLUMNS
};
#define TABLE_CELL 40
extern const char *const table_titles[TABLE_COLUMNS];
struct table_row {
	char cells[TABLE_COLUMNS][TABLE_CELL]; /* (the name is below) */
	char name[300];          /* cleaned of line breaks and bad UTF-8 */
	enum psr_verdict verdict;
	char why[200];           /* "(RSS: trend,...; grew)" by a verdict */
};
/* p's row; prefix goes before its name ("tree:"). */
void table_row(struct table_row *t, const struct psr_proc_result *p,
	       const char *prefix);
/* "START .. END (DURATION), interval I, N samples, LOG": a run's title
 * after its host name. */
void table_run_title(char *buf, size_t len, const struct psr_run_result *r);
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
