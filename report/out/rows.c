/* rows.c - --csv (with closing "avg" rows per process) and --jsonl. */
#include "rows.h"

#include "csvw.h"
#include "jsonw.h"

#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct avg {
	const struct psr_proc_result *proc;
	double *sum;
	uint64_t *count;
};

struct rows {
	FILE *f;
	bool json;
	const struct psr_series_def *tab;
	unsigned cols[64]; /* series indexes */
	unsigned ncols;
	bool cpus_col;
	const struct psr_series_def *systab; /* host columns (--system) */
	unsigned nsys;
	struct avg *avg; /* one per process, in order of appearance */
	size_t navg, capavg;
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

static void csv_identity(FILE *f, const struct psr_proc_result *p)
{
	fprintf(f, ",%" PRIu32 ",%" PRIu32 ",", p->pid, p->ppid);
	csvw_text(f, p->comm);
	fprintf(f, ",%.2f", p->start_epoch);
}

static struct avg *avg_of(struct rows *r, const struct psr_proc_result *p)
{
	/* rows of one process come in runs; look from the newest */
	for (size_t i = r->navg; i-- > 0;)
		if (r->avg[i].proc == p)
			return &r->avg[i];
	if (r->navg == r->capavg) {
		size_t cap = r->capavg ? r->capavg * 2 : 16;
		struct avg *v = realloc(r->avg, cap * sizeof *v);
		if (!v)
			return NULL;
		r->avg = v;
		r->capavg = cap;
	}
	struct avg *a = &r->avg[r->navg];
	a->proc = p;
	a->sum = calloc(r->ncols + 1, sizeof *a->sum);
	a->count = calloc(r->ncols + 1, sizeof *a->count);
	if (!a->sum || !a->count) {
		free(a->sum);
		free(a->count);
		return NULL;
	}
	r->navg++;
	return a;
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
			fprintf(f, r->systab[i].flags & PSR_SF_INT ? ",%.0f"
								  : ",%.3f", x);
	}
	fputc('\n', f);
	return 0;
}

static int csv_row(struct rows *r, const struct psr_row *row)
{
	FILE *f = r->f;
	int64_t ms = row->epoch_us / 1000;
	struct avg *a;

	fprintf(f, "%" PRId64 ".%03d,%.3f", ms / 1000, (int)(ms % 1000),
		row->t);
	csv_identity(f, row->proc);
	if (row->host)
		return csv_host_row(r, row);
	if (!(a = avg_of(r, row->proc)))
		return -1;
	for (unsigned i = 0; i < r->ncols; i++) {
		const struct psr_series_def *d = &r->tab[r->cols[i]];
		double x = row->values[r->cols[i]];
		if (isnan(x)) {
			fputc(',', f);
		} else if (d->kind == PSR_SERIES_STATE) {
			fprintf(f, ",%c", (char)x);
		} else {
			fprintf(f, d->flags & PSR_SF_INT ? ",%.0f" : ",%.3f", x);
			a->sum[i] += x;
			a->count[i]++;
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

int rows_finish(struct rows *r)
{
	if (r->json)
		return 0;
	for (size_t k = 0; k < r->navg; k++) {
		const struct avg *a = &r->avg[k];
		fputs("avg,", r->f);
		csv_identity(r->f, a->proc);
		for (unsigned i = 0; i < r->ncols; i++) {
			if (a->count[i])
				fprintf(r->f, ",%.3f",
					a->sum[i] / (double)a->count[i]);
			else
				fputc(',', r->f);
		}
		if (r->cpus_col)
			fputc(',', r->f);
		for (unsigned i = 0; i < r->nsys; i++)
			fputc(',', r->f);
		fputc('\n', r->f);
	}
	return 0;
}

void rows_free(struct rows *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->navg; i++) {
		free(r->avg[i].sum);
		free(r->avg[i].count);
	}
	free(r->avg);
	free(r);
}
