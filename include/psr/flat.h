/* psr/flat.h - logs read and analysed through one opaque handle and
 * scalar accessors: what a binding (Python's ctypes, any FFI) can call
 * without mirroring the structs of psr/analysis.h, and the shortest way
 * for a program to get a log's samples and statistics.
 *
 * Use:
 *   struct psr_flat *f;
 *   psr_flat_new(&f);
 *   psr_flat_set(f, "name", "nginx");      options, by key (below)
 *   psr_flat_add(f, "app.psr");            one call per log
 *   if (psr_flat_load(f) < 0) puts(psr_flat_errmsg(f));
 *   ... tables (the samples) and the result (the statistics) ...
 *   psr_flat_free(f);
 *
 * psr_flat_load() reads the logs as psreport does: logs of one recording
 * (rotated parts) are one run, runs come in start order, a damaged block
 * is stepped over with a warning (psr_flat_warning()) and reading goes on.
 *
 * Samples: one table per process of a run (and one for the host when the
 * log has psrec --system records), rows in time order, a column of
 * doubles per series: the values psreport --csv prints, unrounded, NaN
 * where its cell is empty. Columns are the CSV's: the series any of the
 * logs records (host tables: the host series).
 *
 * Statistics: psr_flat_result() is the engine's result (psr/analysis.h)
 * for C callers; bindings walk it with the psr_flat_run_*, _proc_* and
 * _series_* accessors and fetch its numbers into arrays ordered as
 * psr_flat_field() names them, so a binding learns the fields from the
 * library instead of hard-coding a struct layout.
 *
 * Every pointer returned stays valid until psr_flat_free(). Functions
 * that return a count return 0 for a NULL handle or an index out of
 * range; those returning a pointer return NULL.
 *
 * Prefix: psr_flat_. Errors: 0 or a negative code (psr/error.h), with a
 * one-line message naming the file or the option in psr_flat_errmsg().
 * This header is the stable part of libpsr (README "libpsr"). */
#ifndef PSR_FLAT_H
#define PSR_FLAT_H

#include <stddef.h>
#include <stdint.h>

#include "analysis.h"

struct psr_flat;
struct psr_flat_table;

int psr_flat_new(struct psr_flat **f);

/* An option, before psr_flat_load() (after: PSR_E_USAGE):
 *   "pid"          a process id or a comma list; repeatable (psreport --pid)
 *   "name"         a comm; repeatable (--name)
 *   "from", "to"   a time as psr_time_parse() reads it (--from, --to)
 *   "samples"      "1" (default) keeps the tables; "0" only the statistics
 *   "leak-p"       Mann-Kendall significance for "leak" (0.01)
 *   "leak-growth"  least growth for a verdict, % of the median per hour (1)
 * 0, or PSR_E_USAGE for an unknown key or a bad value. */
int psr_flat_set(struct psr_flat *f, const char *key, const char *value);

/* Queue a log (the path is copied); read by psr_flat_load(). */
int psr_flat_add(struct psr_flat *f, const char *path);

/* Read and analyse every queued log, once. 0, or a negative code: the
 * message says which file and why ("cannot read 'x.psr': not a psrec
 * log (bad magic)"); what was read is then discarded. */
int psr_flat_load(struct psr_flat *f);

const char *psr_flat_errmsg(const struct psr_flat *f);
void psr_flat_free(struct psr_flat *f);

/* Damage the reader stepped over: "'PATH': what", in reading order. */
size_t psr_flat_warnings(const struct psr_flat *f);
const char *psr_flat_warning(const struct psr_flat *f, size_t i);

/* ---- samples ---- */

size_t psr_flat_tables(const struct psr_flat *f);
const struct psr_flat_table *psr_flat_table(const struct psr_flat *f,
					    size_t i);

/* The table's process: numbers in psr_flat_field(PSR_FLAT_TABLE, i)
 * order into out[psr_flat_fields(PSR_FLAT_TABLE)]. */
void psr_flat_table_numbers(const struct psr_flat_table *t, double *out);
const char *psr_flat_table_name(const struct psr_flat_table *t); /* comm */
/* The command line, arguments each followed by NUL; *len bytes. */
const char *psr_flat_table_cmdline(const struct psr_flat_table *t,
				   size_t *len);

size_t psr_flat_table_rows(const struct psr_flat_table *t);
const int64_t *psr_flat_table_epoch_us(const struct psr_flat_table *t);
const double *psr_flat_table_t(const struct psr_flat_table *t); /* s */

/* What a column holds. */
enum psr_flat_type {
	PSR_FLAT_REAL,    /* a number */
	PSR_FLAT_INTEGER, /* a whole number (bytes, counts), NaN-able */
	PSR_FLAT_CHAR,    /* an ASCII code: the process state */
};

unsigned psr_flat_table_columns(const struct psr_flat_table *t);
const char *psr_flat_table_column_name(const struct psr_flat_table *t,
				       unsigned c); /* the CSV's header */
enum psr_flat_type psr_flat_table_column_type(const struct psr_flat_table *t,
					      unsigned c);
/* rows values, NaN where undefined */
const double *psr_flat_table_column(const struct psr_flat_table *t,
				    unsigned c);
/* The allowed-CPU list of each row as an index into psr_flat_text(), or
 * NULL when the logs have no CPU lists (recorded without psrec -x). */
const uint32_t *psr_flat_table_cpus(const struct psr_flat_table *t);
const char *psr_flat_text(const struct psr_flat *f, uint32_t k);

/* ---- statistics ---- */

const struct psr_result *psr_flat_result(const struct psr_flat *f);
/* the worst verdict of every memory series (enum psr_verdict) */
int psr_flat_worst(const struct psr_flat *f);

size_t psr_flat_runs(const struct psr_flat *f);
const struct psr_run_result *psr_flat_run(const struct psr_flat *f,
					  size_t i);

/* Numbers of each kind of object, named by psr_flat_field(). */
enum psr_flat_kind {
	PSR_FLAT_RUN,    /* a run: interval, start, end, samples, ... */
	PSR_FLAT_PROC,   /* a process, a tree or the host: pid, samples, ... */
	PSR_FLAT_SERIES, /* a series: n, mean, p95, ..., leak verdict */
	PSR_FLAT_TABLE,  /* a table's process: pid, ppid, run, host, ... */
};

/* How many numbers an object of kind k has, and the name of number i
 * (NULL past the end). Names are those of psreport --json (report/
 * JSON.md), the trend's flattened: "mann_kendall.p" is "mk_p". */
unsigned psr_flat_fields(enum psr_flat_kind k);
const char *psr_flat_field(enum psr_flat_kind k, unsigned i);

/* out[psr_flat_fields(kind)]: NaN where undefined. */
void psr_flat_run_numbers(const struct psr_run_result *r, double *out);
void psr_flat_proc_numbers(const struct psr_proc_result *p, double *out);
void psr_flat_series_numbers(const struct psr_series_result *s, double *out);

/* A run's header text: "host", "kernel", "machine" or "writer"; NULL
 * for another key. */
const char *psr_flat_run_text(const struct psr_run_result *r,
			      const char *key);
/* The recorder's command line, arguments each followed by NUL; *len
 * bytes. */
const char *psr_flat_run_command(const struct psr_run_result *r, size_t *len);
size_t psr_flat_run_paths(const struct psr_run_result *r);
const char *psr_flat_run_path(const struct psr_run_result *r, size_t i);

/* Which processes of a run. */
enum psr_flat_group {
	PSR_FLAT_PROCESSES, /* the recorded processes */
	PSR_FLAT_TREES,     /* tree totals of recorded parents and children */
	PSR_FLAT_HOST,      /* the host (psrec --system): 0 or 1 */
};

size_t psr_flat_run_procs(const struct psr_run_result *r,
			  enum psr_flat_group g);
const struct psr_proc_result *psr_flat_run_proc(
	const struct psr_run_result *r, enum psr_flat_group g, size_t i);

const char *psr_flat_proc_name(const struct psr_proc_result *p);
const char *psr_flat_proc_cmdline(const struct psr_proc_result *p,
				  size_t *len);
size_t psr_flat_proc_series(const struct psr_proc_result *p);
const struct psr_series_result *psr_flat_proc_series_at(
	const struct psr_proc_result *p, size_t i);

/* The series' name ("rss_bytes") and unit ("bytes", "percent",
 * "bytes/s", "1/s", "count", "seconds", "char"). */
const char *psr_flat_series_name(const struct psr_series_result *s);
const char *psr_flat_series_unit(const struct psr_series_result *s);

#endif
