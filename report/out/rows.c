/* rows.c - --csv (with closing "avg" rows per process) and --jsonl. */
#include "rows.h"

#include "cli.h"
#include "csvw.h"
#include "jsonw.h"
#include "numfmt.h"
#include "output.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct rows {
	FILE *f;
	bool json;
	const struct psr_series_def *tab;
	unsigned cols[64]; /* series indexes */
	unsigned ncols;
	bool cpus_col;
	const struct psr_series_def *systab; /* host columns (--system) */
	unsigned nsys;
};

static void choose_columns(struct rows *r, const struct psr_header *const *h,
			   size_t n)
{
	unsigned count;

	r->tab = psr_series_table(&count);
	for (unsigned d = 0; d < count; d++)
		for (size_t l = 0; l < n; l++)
			if (psr_series_available(h[l], &r->tab[d])) {
				r->cols[r->ncols++] = d;
				break;
			}
	/* host columns when a log has SYSTEM records, after the rest */
	for (size_t l = 0; l < n; l++)
		if (h[l]->system_count)
			r->systab = psr_series_system_table(&r->nsys);
	/* the allowed-CPU list comes with the extended set (-x) */
	for (size_t l = 0; l < n; l++)
		for (unsigned i = 0; i < h[l]->metric_count; i++)
			if (h[l]->metrics[i] == PSR_M_VCTXSW)
				r->cpus_col = true;
}

static struct rows *rows_new(FILE *f, bool json,
			     const struct psr_header *const *h, size_t n)
{
	struct rows *r = calloc(1, sizeof *r);

	if (!r)
		return NULL;
	r->f = f;
	r->json = json;
	choose_columns(r, h, n);
	if (json)
		return r;
	fputs("timestamp,t,pid,ppid,name,start_epoch", f);
	for (unsigned i = 0; i < r->ncols; i++)
		fprintf(f, ",%s", r->tab[r->cols[i]].name);
	if (r->cpus_col)
		fputs(",cpus_allowed", f);
	for (unsigned i = 0; i < r->nsys; i++)
		fprintf(f, ",%s", r->systab[i].name);
	fputc('\n', f);
	return r;
}

struct rows *rows_new_csv(FILE *f, const struct psr_header *const *h,
			  size_t n)
{
	return rows_new(f, false, h, n);
}

struct rows *rows_new_jsonl(FILE *f, const struct psr_header *const *h,
			    size_t n)
{
	return rows_new(f, true, h, n);
}

/* ",x" as printf's %.<decimals>f, without printf for the numbers of
 * nearly every row (numfmt_fixed()): 26 M rows of a host's day, 46
 * cells each */
static void fixed_cell(FILE *f, double x, int decimals)
{
	char buf[1 + NUMFMT_MAX] = ",";
	size_t n = numfmt_fixed(buf + 1, x, decimals);

	if (n)
		fwrite(buf, 1, n + 1, f);
	else
		fprintf(f, ",%.*f", decimals, x);
}

static void csv_identity(FILE *f, const struct psr_proc_result *p)
{
	csvw_uint_cell(f, p->pid);
	csvw_uint_cell(f, p->ppid);
	fputc(',', f);
	csvw_text(f, p->comm);
	fixed_cell(f, p->start_epoch, 2);
}

/* The host's row: empty process columns, then the host's. */
static int csv_host_row(struct rows *r, const struct psr_row *row)
{
	FILE *f = r->f;

	for (unsigned i = 0; i < r->ncols + (r->cpus_col ? 1 : 0); i++)
		fputc(',', f);
	for (unsigned i = 0; i < r->nsys; i++) {
		double x = row->values[i];
		if (isnan(x))
			fputc(',', f);
		else
			fixed_cell(f, x, r->systab[i].flags & PSR_SF_INT ? 0
									  : 3);
	}
	fputc('\n', f);
	return 0;
}

static int csv_row(struct rows *r, const struct psr_row *row)
{
	FILE *f = r->f;
	int64_t ms = row->epoch_us / 1000;

	if (ms >= 0) {
		char buf[NUMFMT_MAX + 4];
		size_t n = numfmt_u64(buf, (uint64_t)ms / 1000);
		unsigned frac = (unsigned)(ms % 1000);
		buf[n++] = '.';
		buf[n++] = (char)('0' + frac / 100);
		buf[n++] = (char)('0' + frac / 10 % 10);
		buf[n++] = (char)('0' + frac % 10);
		fwrite(buf, 1, n, f);
	} else {
		fprintf(f, "%" PRId64 ".%03d", ms / 1000, (int)(ms % 1000));
	}
	fixed_cell(f, row->t, 3);
	csv_identity(f, row->proc);
	if (row->host)
		return csv_host_row(r, row);
	for (unsigned i = 0; i < r->ncols; i++) {
		const struct psr_series_def *d = &r->tab[r->cols[i]];
		double x = row->values[r->cols[i]];
		if (isnan(x)) {
			fputc(',', f);
		} else if (d->kind == PSR_SERIES_STATE) {
			fprintf(f, ",%c", (char)x);
		} else {
			fixed_cell(f, x, d->flags & PSR_SF_INT ? 0 : 3);
		}
	}
	if (r->cpus_col) {
		fputc(',', f);
		csvw_text(f, row->cpus);
	}
	for (unsigned i = 0; i < r->nsys; i++)
		fputc(',', f);
	fputc('\n', f);
	return 0;
}

static int jsonl_row(struct rows *r, const struct psr_row *row)
{
	struct jsonw j;
	char ts[32];
	int64_t ms = row->epoch_us / 1000;

	jsonw_init(&j, r->f, false);
	jsonw_begin_object(&j);
	snprintf(ts, sizeof ts, "%" PRId64 ".%03d", ms / 1000,
		 (int)(ms % 1000));
	jsonw_key(&j, "timestamp");
	jsonw_raw(&j, ts);
	jsonw_key_num(&j, "t", row->t);
	jsonw_key_num(&j, "pid", row->proc->pid);
	jsonw_key_num(&j, "ppid", row->proc->ppid);
	jsonw_key_str(&j, "name", row->proc->comm);
	jsonw_key_num(&j, "start_epoch", row->proc->start_epoch);
	for (unsigned i = 0; row->host && i < r->nsys; i++)
		jsonw_key_num(&j, r->systab[i].name, row->values[i]);
	for (unsigned i = 0; !row->host && i < r->ncols; i++) {
		const struct psr_series_def *d = &r->tab[r->cols[i]];
		double x = row->values[r->cols[i]];
		if (d->kind == PSR_SERIES_STATE && !isnan(x)) {
			char s[2] = {(char)x, 0};
			jsonw_key_str(&j, d->name, s);
		} else {
			jsonw_key_num(&j, d->name, x);
		}
	}
	if (r->cpus_col && !row->host)
		jsonw_key_str(&j, "cpus_allowed", row->cpus);
	jsonw_end_object(&j);
	fputc('\n', r->f);
	return 0;
}

int rows_write(struct rows *r, const struct psr_row *row)
{
	return r->json ? jsonl_row(r, row) : csv_row(r, row);
}

/* A process's closing row: the engine's time-weighted mean of each series
 * it has statistics of (as the table, --summary and --json say it), empty
 * for the cumulative totals and the state. */
static void avg_row(struct rows *r, const struct psr_proc_result *p)
{
	fputs("avg,", r->f);
	csv_identity(r->f, p);
	for (unsigned i = 0; i < r->ncols; i++) {
		const struct psr_series_result *s =
			psr_result_series(p, r->cols[i]);
		if (s && s->n)
			fprintf(r->f, ",%.3f", s->mean);
		else
			fputc(',', r->f);
	}
	if (r->cpus_col)
		fputc(',', r->f);
	for (unsigned i = 0; i < r->nsys; i++)
		fputc(',', r->f);
	fputc('\n', r->f);
}

int rows_finish(struct rows *r, const struct psr_result *res)
{
	if (r->json)
		return 0;
	for (size_t k = 0; k < res->nruns; k++)
		for (size_t i = 0; i < res->runs[k].nprocs; i++)
			if (res->runs[k].procs[i].samples)
				avg_row(r, &res->runs[k].procs[i]);
	return ferror(r->f) ? -1 : 0;
}

void rows_free(struct rows *r)
{
	free(r);
}

/* ---- the outputs ---------------------------------------------------- */

static int rows_open(struct out *out, bool json)
{
	const struct input_set *in = out->inputs;
	const struct psr_header **h = calloc(in->n + 1, sizeof *h);
	size_t n = 0;

	if (!h)
		return -ENOMEM;
	for (size_t i = 0; i < in->n; i++)
		if (in->v[i].opened)
			h[n++] = &in->v[i].h;
	out->priv = json ? rows_new_jsonl(out->f, h, n)
			 : rows_new_csv(out->f, h, n);
	free(h);
	return out->priv ? 0 : -ENOMEM;
}

static int csv_open(struct out *out)
{
	return rows_open(out, false);
}

static int jsonl_open(struct out *out)
{
	return rows_open(out, true);
}

static int rows_row(struct out *out, const struct psr_row *row)
{
	return rows_write(out->priv, row);
}

static int csv_avg(struct out *out, const struct report_ctx *c)
{
	return rows_finish(out->priv, c->result);
}

static void rows_out_free(struct out *out)
{
	rows_free(out->priv);
}

static bool not_windowed(const struct report_opts *o)
{
	return !(o->an.window > 0);
}

/* --csv (with --window: output_csv_windows) */
const struct output output_csv = {
	.option = "csv",
	.arg = "<file>",
	.help = "one row per process-sample, then 'avg' rows",
	.modes = MODE_REPORT,
	.flags = OUTPUT_FILE,
	.needs = NEEDS_ROWS | NEEDS_RESULT,
	.wanted = not_windowed,
	.open = csv_open,
	.row = rows_row,
	.result = csv_avg,
	.free = rows_out_free,
};

const struct output output_jsonl = {
	.option = "jsonl",
	.arg = "<file>",
	.help = "one JSON object per process-sample",
	.modes = MODE_REPORT,
	.flags = OUTPUT_FILE,
	.needs = NEEDS_ROWS,
	.open = jsonl_open,
	.row = rows_row,
	.free = rows_out_free,
};
