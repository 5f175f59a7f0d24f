/* rows.h - outputs with one line per process-sample: --csv and --jsonl.
 * They are fed rows by the analysis engine while the logs are decoded
 * (their rows, output_csv and output_jsonl, are in rows.c). */
#ifndef PSREPORT_ROWS_H
#define PSREPORT_ROWS_H

#include <psr/analysis.h>

#include <stdio.h>

struct rows;

/* Columns are the series any of the n logs records. */
struct rows *rows_new_csv(FILE *f, const struct psr_header *const *h,
			  size_t n);
struct rows *rows_new_jsonl(FILE *f, const struct psr_header *const *h,
			    size_t n);

int rows_write(struct rows *r, const struct psr_row *row);

/* The CSV's closing "avg" rows, a process's means from the engine's
 * result; nothing for JSON lines. */
int rows_finish(struct rows *r, const struct psr_result *res);

void rows_free(struct rows *r);

#endif
