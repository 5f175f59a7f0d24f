/* flat.c - psr/flat.h: logs read and analysed behind one handle, their
 * rows kept as columns, everything reached through scalar accessors. */
#define _GNU_SOURCE
#include <psr/flat.h>

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

/* How many CPU lists a table compares a new one with before adding it. */
#define CPUS_LOOKBACK 64

struct psr_flat_table {
	const struct psr_proc_result *key; /* the engine's, while it runs */
	size_t log;          /* position in feeding order of its first row */
	uint32_t pid, ppid, uid;
	double start_epoch;
	size_t run;
	bool host;
	char *comm, *cmdline;
	size_t cmdline_len;
	const struct columns *cols;
	size_t nrows, cap;
	int64_t *epoch_us;
	double *t;
	double **col;        /* cols->n of them */
	uint32_t *cpus;      /* with cols->cpus */
};

/* The CSV's columns: series indexes into a table of definitions. */
struct columns {
	const struct psr_series_def *tab;
	unsigned idx[PSR_METRIC_MAX * 2];
	unsigned n;
	bool cpus;
};

struct psr_flat {
	/* options */
	uint32_t *pids;
	size_t npids;
	char **names;
	size_t nnames;
	struct psr_analysis_opts an;
	bool samples;
	/* logs, in the order given */
	char **paths;
	size_t npaths;
	bool loaded;
	/* while loading */
	size_t feeding; /* position of the log being fed */
	struct columns proc_cols, host_cols;
	int row_err;
	/* what was read */
	struct psr_flat_table **tables;
	size_t ntables, captables;
	struct psr_flat_table **index; /* by key: open addressing */
	size_t capindex;
	char **text;
	size_t ntext, captext;
	char **warnings;
	size_t nwarnings, capwarnings;
	struct psr_result *result;
	char err[1024];
};

static int fail(struct psr_flat *f, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct psr_flat *f, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(f->err, sizeof f->err, fmt, ap);
	va_end(ap);
	return rc;
}

static int oom(struct psr_flat *f)
{
	return fail(f, -ENOMEM, "out of memory");
}

/* Grow *v (of *cap elements of size) to hold n + 1. */
static int grow(void *v, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return 0;
	size_t c = *cap ? *cap * 2 : 16;
	void *p = realloc(*(void **)v, c * size);
	if (!p)
		return -ENOMEM;
	*(void **)v = p;
	*cap = c;
	return 0;
}

int psr_flat_new(struct psr_flat **out)
{
	struct psr_flat *f = calloc(1, sizeof *f);

	*out = f;
	if (!f)
		return -ENOMEM;
	psr_analysis_defaults(&f->an);
	f->samples = true;
	return 0;
}

const char *psr_flat_errmsg(const struct psr_flat *f)
{
	return f ? f->err : "out of memory";
}

/* ---- options ------------------------------------------------------- */

static int add_pids(struct psr_flat *f, const char *list)
{
	const char *s = list;

	for (;;) {
		char *end;
		errno = 0;
		unsigned long v = strtoul(s, &end, 10);
		if (end == s || errno || v == 0 || v > UINT32_MAX ||
		    (*end && *end != ',') || *s == '-' || *s == '+')
			return fail(f, PSR_E_USAGE,
				    "pid: '%s' is not a list of process ids",
				    list);
		uint32_t *p = realloc(f->pids, (f->npids + 1) * sizeof *p);
		if (!p)
			return oom(f);
		f->pids = p;
		f->pids[f->npids++] = (uint32_t)v;
		if (!*end)
			return 0;
		s = end + 1;
	}
}

static int add_name(struct psr_flat *f, const char *name)
{
	char **n = realloc(f->names, (f->nnames + 1) * sizeof *n);

	if (!n)
		return oom(f);
	f->names = n;
	if (!(f->names[f->nnames] = strdup(name)))
		return oom(f);
	f->nnames++;
	return 0;
}

static int set_number(struct psr_flat *f, const char *key, const char *value,
		      double lo, double hi, double *out)
{
	char *end;
	double v = strtod(value, &end);

	if (end == value || *end || !(v >= lo && v <= hi))
		return fail(f, PSR_E_USAGE, "%s: '%s' is not a number in "
			    "[%g, %g]", key, value, lo, hi);
	*out = v;
	return 0;
}

int psr_flat_set(struct psr_flat *f, const char *key, const char *value)
{
	if (!f || !key || !value)
		return PSR_E_USAGE;
	if (f->loaded)
		return fail(f, PSR_E_USAGE, "%s: options come before the logs "
			    "are loaded", key);
	if (!strcmp(key, "pid"))
		return add_pids(f, value);
	if (!strcmp(key, "name"))
		return add_name(f, value);
	if (!strcmp(key, "from") || !strcmp(key, "to")) {
		struct psr_time_spec *t = key[0] == 'f' ? &f->an.from
							: &f->an.to;
		if (psr_time_parse(value, t))
			return fail(f, PSR_E_USAGE, "%s: '%s' is not a time "
				    "(Unix seconds, ISO 8601 or +offset)",
				    key, value);
		return 0;
	}
	if (!strcmp(key, "samples")) {
		if (strcmp(value, "0") && strcmp(value, "1"))
			return fail(f, PSR_E_USAGE,
				    "samples: '%s' is not 0 or 1", value);
		f->samples = value[0] == '1';
		return 0;
	}
	if (!strcmp(key, "leak-p"))
		return set_number(f, key, value, 1e-300, 0.5, &f->an.leak.p);
	if (!strcmp(key, "leak-growth"))
		return set_number(f, key, value, 0, 1e9,
				  &f->an.leak.growth_pct);
	return fail(f, PSR_E_USAGE, "unknown option '%s'", key);
}

int psr_flat_add(struct psr_flat *f, const char *path)
{
	if (!f || !path)
		return PSR_E_USAGE;
	if (f->loaded)
		return fail(f, PSR_E_USAGE, "'%s': logs are added before "
			    "loading", path);
	char **p = realloc(f->paths, (f->npaths + 1) * sizeof *p);
	if (!p)
		return oom(f);
	f->paths = p;
	if (!(f->paths[f->npaths] = strdup(path)))
		return oom(f);
	f->npaths++;
	return 0;
}

/* ---- columns and rows ---------------------------------------------- */

/* As psreport --csv chooses them (report/out/rows.c): the series any log
 * records, the CPU list with the extended set, the host's series when a
 * log has SYSTEM records. */
static void choose_columns(struct psr_flat *f, const struct psr_header **h,
			   size_t n)
{
	unsigned count;
	struct columns *pc = &f->proc_cols, *hc = &f->host_cols;

	pc->tab = psr_series_table(&count);
	for (unsigned d = 0; d < count && pc->n < PSR_METRIC_MAX * 2; d++)
		for (size_t l = 0; l < n; l++)
			if (psr_series_available(h[l], &pc->tab[d])) {
				pc->idx[pc->n++] = d;
				break;
			}
	for (size_t l = 0; l < n; l++)
		for (unsigned i = 0; i < h[l]->metric_count; i++)
			if (h[l]->metrics[i] == PSR_M_VCTXSW)
				pc->cpus = true;
	hc->tab = psr_series_system_table(&count);
	for (unsigned d = 0; d < count && d < PSR_METRIC_MAX * 2; d++)
		hc->idx[hc->n++] = d;
}

static size_t hash_key(const void *p, size_t cap)
{
	uint64_t x = (uint64_t)(uintptr_t)p;
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	return (size_t)x & (cap - 1);
}

static int index_grow(struct psr_flat *f)
{
	if ((f->ntables + 1) * 2 <= f->capindex)
		return 0;
	size_t cap = f->capindex ? f->capindex * 2 : 64;
	struct psr_flat_table **ix = calloc(cap, sizeof *ix);
	if (!ix)
		return -ENOMEM;
	for (size_t i = 0; i < f->ntables; i++) {
		size_t k = hash_key(f->tables[i]->key, cap);
		while (ix[k])
			k = (k + 1) & (cap - 1);
		ix[k] = f->tables[i];
	}
	free(f->index);
	f->index = ix;
	f->capindex = cap;
	return 0;
}

static struct psr_flat_table *find_table(const struct psr_flat *f,
					 const struct psr_proc_result *key)
{
	if (!f->capindex)
		return NULL;
	for (size_t k = hash_key(key, f->capindex); f->index[k];
	     k = (k + 1) & (f->capindex - 1))
		if (f->index[k]->key == key)
			return f->index[k];
	return NULL;
}

static void free_table(struct psr_flat_table *t)
{
	if (!t)
		return;
	for (unsigned c = 0; t->col && c < t->cols->n; c++)
		free(t->col[c]);
	free(t->col);
	free(t->epoch_us);
	free(t->t);
	free(t->cpus);
	free(t->comm);
	free(t->cmdline);
	free(t);
}

static struct psr_flat_table *new_table(struct psr_flat *f,
					const struct psr_row *row)
{
	const struct psr_proc_result *p = row->proc;
	struct psr_flat_table *t = calloc(1, sizeof *t);

	if (!t)
		return NULL;
	t->key = p;
	t->log = f->feeding;
	t->pid = p->pid;
	t->ppid = p->ppid;
	t->uid = p->uid;
	t->start_epoch = p->start_epoch;
	t->host = row->host;
	t->cols = row->host ? &f->host_cols : &f->proc_cols;
	t->comm = strdup(p->comm ? p->comm : "");
	t->cmdline = malloc(p->cmdline_len + 1);
	t->col = calloc(t->cols->n ? t->cols->n : 1, sizeof *t->col);
	if (!t->comm || !t->cmdline || !t->col ||
	    grow(&f->tables, &f->captables, f->ntables, sizeof *f->tables) ||
	    index_grow(f)) {
		free_table(t);
		return NULL;
	}
	memcpy(t->cmdline, p->cmdline ? p->cmdline : "", p->cmdline_len);
	t->cmdline[p->cmdline_len] = 0;
	t->cmdline_len = p->cmdline_len;
	f->tables[f->ntables++] = t;
	size_t k = hash_key(p, f->capindex);
	while (f->index[k])
		k = (k + 1) & (f->capindex - 1);
	f->index[k] = t;
	return t;
}

static int table_reserve(struct psr_flat_table *t)
{
	if (t->nrows < t->cap)
		return 0;
	size_t cap = t->cap ? t->cap * 2 : 64;
	int64_t *e = realloc(t->epoch_us, cap * sizeof *e);
	if (!e)
		return -ENOMEM;
	t->epoch_us = e;
	double *tt = realloc(t->t, cap * sizeof *tt);
	if (!tt)
		return -ENOMEM;
	t->t = tt;
	for (unsigned c = 0; c < t->cols->n; c++) {
		double *v = realloc(t->col[c], cap * sizeof *v);
		if (!v)
			return -ENOMEM;
		t->col[c] = v;
	}
	if (t->cols->cpus && !t->host) {
		uint32_t *u = realloc(t->cpus, cap * sizeof *u);
		if (!u)
			return -ENOMEM;
		t->cpus = u;
	}
	t->cap = cap;
	return 0;
}

/* The index of a CPU list in the text pool: the table's last one, one of
 * the latest added, or a new entry. */
static int cpus_index(struct psr_flat *f, const struct psr_flat_table *t,
		      const char *s, uint32_t *out)
{
	if (t->nrows && !strcmp(f->text[t->cpus[t->nrows - 1]], s)) {
		*out = t->cpus[t->nrows - 1];
		return 0;
	}
	for (size_t k = f->ntext, n = 0; k-- > 0 && n < CPUS_LOOKBACK; n++)
		if (!strcmp(f->text[k], s)) {
			*out = (uint32_t)k;
			return 0;
		}
	if (f->ntext >= UINT32_MAX ||
	    grow(&f->text, &f->captext, f->ntext, sizeof *f->text) ||
	    !(f->text[f->ntext] = strdup(s)))
		return -ENOMEM;
	*out = (uint32_t)f->ntext++;
	return 0;
}

static int on_row(void *ctx, const struct psr_row *row)
{
	struct psr_flat *f = ctx;
	struct psr_flat_table *t = find_table(f, row->proc);

	if (!t && !(t = new_table(f, row)))
		goto nomem;
	if (table_reserve(t))
		goto nomem;
	size_t r = t->nrows;
	if (t->cpus && cpus_index(f, t, row->cpus ? row->cpus : "",
				  &t->cpus[r]))
		goto nomem;
	t->epoch_us[r] = row->epoch_us;
	t->t[r] = row->t;
	for (unsigned c = 0; c < t->cols->n; c++)
		t->col[c][r] = row->values[t->cols->idx[c]];
	t->nrows++;
	return 0;
nomem:
	f->row_err = -ENOMEM;
	return -ENOMEM;
}

/* ---- loading ------------------------------------------------------- */

static int add_warning(struct psr_flat *f, const char *path, const char *w)
{
	char *s;

	if (grow(&f->warnings, &f->capwarnings, f->nwarnings,
		 sizeof *f->warnings) ||
	    asprintf(&s, "'%s': %s", path, w) < 0)
		return oom(f);
	f->warnings[f->nwarnings++] = s;
	return 0;
}

static int feed(struct psr_flat *f, struct psr_analysis *a,
		struct psr_reader *r, const char *path)
{
	struct psr_record rec;
	int rc;

	if ((rc = psr_analysis_begin_log(a, psr_reader_header(r), path)))
		return fail(f, rc, "'%s': %s", path, psr_analysis_errmsg(a));
	while ((rc = psr_reader_next(r, &rec)) > 0) {
		if (rec.type == PSR_REC_WARNING &&
		    (rc = add_warning(f, path, rec.u.warning)))
			return rc;
		if ((rc = psr_analysis_record(a, &rec)) < 0) {
			if (f->row_err)
				return oom(f);
			return fail(f, rc, "'%s': %s", path,
				    psr_analysis_errmsg(a));
		}
	}
	if (rc < 0)
		return fail(f, rc, "cannot read '%s': %s", path,
			    psr_reader_errmsg(r));
	return 0;
}

/* Each table's run: runs hold consecutive logs of the feeding order. */
static void assign_runs(struct psr_flat *f)
{
	for (size_t i = 0; i < f->ntables; i++) {
		struct psr_flat_table *t = f->tables[i];
		size_t end = 0;
		t->key = NULL; /* the engine's pointers are gone */
		for (size_t r = 0; r < f->result->nruns; r++) {
			end += f->result->runs[r].npaths;
			if (t->log < end) {
				t->run = r;
				break;
			}
		}
	}
	free(f->index);
	f->index = NULL;
	f->capindex = 0;
}

static void discard(struct psr_flat *f)
{
	for (size_t i = 0; i < f->ntables; i++)
		free_table(f->tables[i]);
	free(f->tables);
	f->tables = NULL;
	f->ntables = f->captables = 0;
	free(f->index);
	f->index = NULL;
	f->capindex = 0;
	psr_result_free(f->result);
	f->result = NULL;
}

static int load(struct psr_flat *f, struct psr_reader **rd,
		const struct psr_header **h, size_t *order)
{
	struct psr_analysis *a = NULL;
	int rc;

	for (size_t i = 0; i < f->npaths; i++) {
		if ((rc = psr_reader_open(&rd[i], f->paths[i])))
			return fail(f, rc, "cannot read '%s': %s", f->paths[i],
				    rd[i] ? psr_reader_errmsg(rd[i])
					  : psr_strerror(rc));
		h[i] = psr_reader_header(rd[i]);
	}
	psr_analysis_order(h, f->npaths, order);
	choose_columns(f, h, f->npaths);
	f->an.pids = f->pids;
	f->an.npids = f->npids;
	f->an.names = (const char *const *)f->names;
	f->an.nnames = f->nnames;
	if (f->samples) {
		f->an.on_row = on_row;
		f->an.row_ctx = f;
	}
	if (psr_analysis_new(&a, &f->an))
		return oom(f);
	rc = 0;
	for (size_t k = 0; k < f->npaths && !rc; k++) {
		f->feeding = k;
		rc = feed(f, a, rd[order[k]], f->paths[order[k]]);
	}
	if (!rc && psr_analysis_finish(a, &f->result))
		rc = fail(f, -ENOMEM, "%s", psr_analysis_errmsg(a));
	psr_analysis_free(a);
	if (!rc)
		assign_runs(f);
	return rc;
}

int psr_flat_load(struct psr_flat *f)
{
	if (!f)
		return -ENOMEM;
	if (f->loaded)
		return fail(f, PSR_E_USAGE, "the logs are loaded already");
	if (!f->npaths)
		return fail(f, PSR_E_USAGE, "no log given");
	f->loaded = true;
	struct psr_reader **rd = calloc(f->npaths, sizeof *rd);
	const struct psr_header **h = calloc(f->npaths, sizeof *h);
	size_t *order = calloc(f->npaths, sizeof *order);
	int rc = rd && h && order ? load(f, rd, h, order) : oom(f);
	for (size_t i = 0; rd && i < f->npaths; i++)
		psr_reader_free(rd[i]);
	free(rd);
	free(h);
	free(order);
	if (rc)
		discard(f);
	return rc;
}

void psr_flat_free(struct psr_flat *f)
{
	if (!f)
		return;
	discard(f);
	for (size_t i = 0; i < f->nnames; i++)
		free(f->names[i]);
	free(f->names);
	free(f->pids);
	for (size_t i = 0; i < f->npaths; i++)
		free(f->paths[i]);
	free(f->paths);
	for (size_t i = 0; i < f->ntext; i++)
		free(f->text[i]);
	free(f->text);
	for (size_t i = 0; i < f->nwarnings; i++)
		free(f->warnings[i]);
	free(f->warnings);
	free(f);
}

size_t psr_flat_warnings(const struct psr_flat *f)
{
	return f ? f->nwarnings : 0;
}

const char *psr_flat_warning(const struct psr_flat *f, size_t i)
{
	return f && i < f->nwarnings ? f->warnings[i] : NULL;
}

/* ---- tables -------------------------------------------------------- */

size_t psr_flat_tables(const struct psr_flat *f)
{
	return f && f->result ? f->ntables : 0;
}

const struct psr_flat_table *psr_flat_table(const struct psr_flat *f,
					    size_t i)
{
	return i < psr_flat_tables(f) ? f->tables[i] : NULL;
}

static const char *const table_fields[] = {
	"pid", "ppid", "uid", "start", "run", "host",
};

void psr_flat_table_numbers(const struct psr_flat_table *t, double *out)
{
	if (!t)
		return;
	out[0] = t->pid;
	out[1] = t->ppid;
	out[2] = t->uid;
	out[3] = t->start_epoch;
	out[4] = (double)t->run;
	out[5] = t->host;
}

const char *psr_flat_table_name(const struct psr_flat_table *t)
{
	return t ? t->comm : NULL;
}

const char *psr_flat_table_cmdline(const struct psr_flat_table *t,
				   size_t *len)
{
	if (len)
		*len = t ? t->cmdline_len : 0;
	return t ? t->cmdline : NULL;
}

size_t psr_flat_table_rows(const struct psr_flat_table *t)
{
	return t ? t->nrows : 0;
}

const int64_t *psr_flat_table_epoch_us(const struct psr_flat_table *t)
{
	return t ? t->epoch_us : NULL;
}

const double *psr_flat_table_t(const struct psr_flat_table *t)
{
	return t ? t->t : NULL;
}

unsigned psr_flat_table_columns(const struct psr_flat_table *t)
{
	return t ? t->cols->n : 0;
}

static const struct psr_series_def *column_def(const struct psr_flat_table *t,
					       unsigned c)
{
	return t && c < t->cols->n ? &t->cols->tab[t->cols->idx[c]] : NULL;
}

const char *psr_flat_table_column_name(const struct psr_flat_table *t,
				       unsigned c)
{
	const struct psr_series_def *d = column_def(t, c);
	return d ? d->name : NULL;
}

enum psr_flat_type psr_flat_table_column_type(const struct psr_flat_table *t,
					      unsigned c)
{
	const struct psr_series_def *d = column_def(t, c);

	if (d && d->kind == PSR_SERIES_STATE)
		return PSR_FLAT_CHAR;
	return d && d->flags & PSR_SF_INT ? PSR_FLAT_INTEGER : PSR_FLAT_REAL;
}

const double *psr_flat_table_column(const struct psr_flat_table *t,
				    unsigned c)
{
	return column_def(t, c) ? t->col[c] : NULL;
}

const uint32_t *psr_flat_table_cpus(const struct psr_flat_table *t)
{
	return t ? t->cpus : NULL;
}

const char *psr_flat_text(const struct psr_flat *f, uint32_t k)
{
	return f && k < f->ntext ? f->text[k] : NULL;
}

/* ---- statistics ---------------------------------------------------- */

const struct psr_result *psr_flat_result(const struct psr_flat *f)
{
	return f ? f->result : NULL;
}

int psr_flat_worst(const struct psr_flat *f)
{
	return f && f->result ? (int)f->result->worst : PSR_VERDICT_NONE;
}

size_t psr_flat_runs(const struct psr_flat *f)
{
	return f && f->result ? f->result->nruns : 0;
}

const struct psr_run_result *psr_flat_run(const struct psr_flat *f,
					  size_t i)
{
	return i < psr_flat_runs(f) ? &f->result->runs[i] : NULL;
}

static const char *const run_fields[] = {
	"cpus", "interval", "start", "end", "duration", "samples",
	"process_samples", "warnings", "format_version",
	/* psrec -- CMD's job as the kernel accounted it (format 3; NaN
	 * without one) */
	"job_cpu_seconds", "job_cpu_user_seconds", "job_cpu_system_seconds",
	"job_max_rss_bytes", "job_minflt", "job_majflt", "job_block_read_bytes",
	"job_block_write_bytes", "job_vctxsw", "job_nvctxsw",
	"job_orphans_reaped", "job_still_running", "job_exit_code",
	"job_signal",
};

static const char *const proc_fields[] = {
	"pid", "ppid", "uid", "start", "first_sample", "last_sample",
	"samples", "ended", "exit_code", "signal", "verdict", "tree",
	"tree_members",
	/* exact CPU time (README "Totals of a tree") */
	"cpu_seconds", "children_cpu_seconds", "cpu_total_seconds",
	"launched",
};

static const char *const series_fields[] = {
	"n", "seconds", "min", "max", "mean", "stddev", "p5", "p25", "p50",
	"p75", "p95", "p99", "first", "last", "total",
	/* the trend of a memory series (NaN for the others) */
	"ls_slope_per_h", "ls_r2", "second_half_ls_slope_per_h",
	"theil_sen_per_h", "second_half_theil_sen_per_h", "mk_s", "mk_var",
	"mk_autocorrelation_factor", "mk_z", "mk_p", "points",
	"growth_per_h", "growth_pct_per_h", "rules", "verdict",
	"last_third_theil_sen_per_h", "trend_seconds", "trend_start",
	"trend_end", "grown", "grown_pct", "gate",
};

#define COUNT(a) (unsigned)(sizeof(a) / sizeof((a)[0]))

unsigned psr_flat_fields(enum psr_flat_kind k)
{
	switch (k) {
	case PSR_FLAT_RUN: return COUNT(run_fields);
	case PSR_FLAT_PROC: return COUNT(proc_fields);
	case PSR_FLAT_SERIES: return COUNT(series_fields);
	case PSR_FLAT_TABLE: return COUNT(table_fields);
	}
	return 0;
}

const char *psr_flat_field(enum psr_flat_kind k, unsigned i)
{
	if (i >= psr_flat_fields(k))
		return NULL;
	switch (k) {
	case PSR_FLAT_RUN: return run_fields[i];
	case PSR_FLAT_PROC: return proc_fields[i];
	case PSR_FLAT_SERIES: return series_fields[i];
	case PSR_FLAT_TABLE: return table_fields[i];
	}
	return NULL;
}

void psr_flat_run_numbers(const struct psr_run_result *r, double *out)
{
	if (!r)
		return;
	const struct psr_header *h = &r->header;
	const struct psr_job *j = &r->job;
	const struct psr_rusage *u = &j->rusage;
	bool ended = j->flags & PSR_JOB_ENDED;
	bool st = ended && j->status >= 0;
	const double v[] = {
		h->cpu_count, (double)h->interval_ns / 1e9, r->start_epoch,
		r->end_epoch, r->end_epoch - r->start_epoch, (double)r->samples,
		(double)r->process_samples, (double)r->warnings, h->version,
		ended ? (double)(u->user_us + u->sys_us) / 1e6 : NAN,
		ended ? (double)u->user_us / 1e6 : NAN,
		ended ? (double)u->sys_us / 1e6 : NAN,
		ended ? (double)u->maxrss_kb * 1024 : NAN,
		ended ? (double)u->minflt : NAN,
		ended ? (double)u->majflt : NAN,
		ended ? (double)u->inblock * 512 : NAN,
		ended ? (double)u->oublock * 512 : NAN,
		ended ? (double)u->nvcsw : NAN,
		ended ? (double)u->nivcsw : NAN,
		ended ? (double)j->orphans : NAN,
		ended ? (double)j->running : NAN,
		st && WIFEXITED(j->status) ? WEXITSTATUS(j->status) : NAN,
		st && WIFSIGNALED(j->status) ? WTERMSIG(j->status) : NAN,
	};
	memcpy(out, v, sizeof v);
}

void psr_flat_proc_numbers(const struct psr_proc_result *p, double *out)
{
	if (!p)
		return;
	bool status = p->ended && p->status >= 0;
	const double v[] = {
		p->pid, p->ppid, p->uid, p->start_epoch, p->first_epoch,
		p->last_epoch, (double)p->samples, p->ended,
		status && WIFEXITED(p->status) ? WEXITSTATUS(p->status) : NAN,
		status && WIFSIGNALED(p->status) ? WTERMSIG(p->status) : NAN,
		p->verdict, p->tree,
		p->tree ? (double)p->tree_members : NAN,
		p->cpu_seconds, p->children_cpu_seconds,
		isnan(p->cpu_seconds) ? NAN
				      : p->cpu_seconds +
						(isnan(p->children_cpu_seconds)
							 ? 0
							 : p->children_cpu_seconds),
		p->launched,
	};
	memcpy(out, v, sizeof v);
}

static void trend_numbers(const struct psr_leak *l, double *out)
{
	const double v[] = {
		l->ls.ok ? l->ls.slope * 3600 : NAN, l->ls.r2,
		l->ls_second.ok ? l->ls_second.slope * 3600 : NAN,
		l->ts_slope * 3600, l->ts_slope_second * 3600, l->mk.s,
		l->mk.var, l->mk.ac, l->mk.z, l->mk.p, (double)l->points,
		l->growth_per_h, l->growth_pct_h, l->rules, l->verdict,
		l->ts_slope_last * 3600, l->seconds, l->start, l->end,
		l->grown, l->grown_pct, l->gate,
	};
	memcpy(out, v, sizeof v);
}

void psr_flat_series_numbers(const struct psr_series_result *s, double *out)
{
	if (!s)
		return;
	const double v[] = {
		(double)s->n, s->seconds, s->min, s->max, s->mean, s->stddev,
		s->p5, s->p25, s->p50, s->p75, s->p95, s->p99, s->first,
		s->last, s->def->kind == PSR_SERIES_RATE ? s->total : NAN,
	};
	const unsigned nv = COUNT(v);
	memcpy(out, v, sizeof v);
	if (s->leak)
		trend_numbers(s->leak, out + nv);
	else
		for (unsigned i = nv; i < COUNT(series_fields); i++)
			out[i] = NAN;
}

const char *psr_flat_run_text(const struct psr_run_result *r,
			      const char *key)
{
	if (!r || !key)
		return NULL;
	const struct psr_header *h = &r->header;
	if (!strcmp(key, "host"))
		return h->hostname;
	if (!strcmp(key, "kernel"))
		return h->kernel;
	if (!strcmp(key, "machine"))
		return h->machine;
	if (!strcmp(key, "writer"))
		return h->writer;
	return NULL;
}

const char *psr_flat_run_command(const struct psr_run_result *r, size_t *len)
{
	if (len)
		*len = r && r->header.command_line ? r->header.command_line_len
						   : 0;
	return r ? (r->header.command_line ? r->header.command_line : "")
		 : NULL;
}

size_t psr_flat_run_paths(const struct psr_run_result *r)
{
	return r ? r->npaths : 0;
}

const char *psr_flat_run_path(const struct psr_run_result *r, size_t i)
{
	return r && i < r->npaths ? r->paths[i] : NULL;
}

size_t psr_flat_run_procs(const struct psr_run_result *r,
			  enum psr_flat_group g)
{
	if (!r)
		return 0;
	switch (g) {
	case PSR_FLAT_PROCESSES: return r->nprocs;
	case PSR_FLAT_TREES: return r->ntrees;
	case PSR_FLAT_HOST: return r->system ? 1 : 0;
	}
	return 0;
}

const struct psr_proc_result *psr_flat_run_proc(
	const struct psr_run_result *r, enum psr_flat_group g, size_t i)
{
	if (i >= psr_flat_run_procs(r, g))
		return NULL;
	switch (g) {
	case PSR_FLAT_PROCESSES: return &r->procs[i];
	case PSR_FLAT_TREES: return &r->trees[i];
	case PSR_FLAT_HOST: return r->system;
	}
	return NULL;
}

const char *psr_flat_proc_name(const struct psr_proc_result *p)
{
	return p ? p->comm : NULL;
}

const char *psr_flat_proc_cmdline(const struct psr_proc_result *p,
				  size_t *len)
{
	if (len)
		*len = p && p->cmdline ? p->cmdline_len : 0;
	return p ? (p->cmdline ? p->cmdline : "") : NULL;
}

size_t psr_flat_proc_series(const struct psr_proc_result *p)
{
	return p ? p->nseries : 0;
}

const struct psr_series_result *psr_flat_proc_series_at(
	const struct psr_proc_result *p, size_t i)
{
	return p && i < p->nseries ? &p->series[i] : NULL;
}

const char *psr_flat_series_name(const struct psr_series_result *s)
{
	return s ? s->def->name : NULL;
}

const char *psr_flat_series_unit(const struct psr_series_result *s)
{
	if (!s)
		return NULL;
	switch (s->def->unit) {
	case PSR_SU_PERCENT: return "percent";
	case PSR_SU_BYTES: return "bytes";
	case PSR_SU_BYTES_PER_S: return "bytes/s";
	case PSR_SU_PER_S: return "1/s";
	case PSR_SU_COUNT: return "count";
	case PSR_SU_SECONDS: return "seconds";
	case PSR_SU_CHAR: return "char";
	}
	return "";
}
