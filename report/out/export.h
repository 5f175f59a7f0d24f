/* export.h - --export: one typed row per process-sample for loading into
 * a column store (ClickHouse, DuckDB...): CSV with a header, or JSON
 * lines (ClickHouse's JSONEachRow). The columns never depend on the logs:
 * host, log_id, ts_ms, t, pid, ppid, start_ms, comm, cmdline, then every
 * series of psr_series_table(), so one table loads every export; a value
 * a log does not have is \N (CSV) or null (JSON), never empty or 0.
 * Host rows (psrec --system) are not exported: they have other columns. */
#ifndef PSREPORT_EXPORT_H
#define PSREPORT_EXPORT_H

#include <stdbool.h>
#include <stdio.h>

#include <psr/analysis.h>

struct export;

/* NULL when out of memory; writes the CSV header. */
struct export *export_new(FILE *f, bool jsonl);
/* The log whose rows come next: its host (host_override when not NULL,
 * else the header's hostname) and log_id. 0 or -ENOMEM. */
int export_begin_log(struct export *e, const struct psr_header *h,
		     const char *host_override);
/* One row; 0, or -ENOMEM / -EIO. Host rows are skipped. */
int export_row(struct export *e, const struct psr_row *row);
/* A record of the log being read: at a process's END, what was kept to
 * print its rows goes. 0 or -ENOMEM. */
int export_record(struct export *e, const struct psr_record *rec);
/* Flush what is buffered into f; 0 or -EIO. */
int export_finish(struct export *e);
void export_free(struct export *e);

/* Whether an export path means JSON lines (it ends in ".jsonl"). */
bool export_is_jsonl(const char *path);
/* Arguments (each NUL-terminated, len bytes) joined by spaces, each
 * quoted for a POSIX shell when it needs it; malloc'd, or NULL. */
char *export_cmdline(const char *args, size_t len);

#endif
