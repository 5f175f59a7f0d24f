/* csv.c - the --csv output. Columns: identity, then every derived series
 * a log records (derive.h), then the allowed-CPU list with -x logs. */
#include "csv.h"

#include "derive.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

struct pstate {
	const struct psr_process *proc;
	struct psr_values prev;
	uint64_t prev_t_us;
	bool has_prev;
	char cpus[256];
	double *sum;
	uint64_t *count;
};

struct csv {
	FILE *f;
	unsigned cols[64]; /* indexes into derived_table */
	unsigned ncols;
	bool cpus_col;
	const struct psr_header *h;
	struct pstate *ps; /* by process id - 1, for the current log */
	uint32_t nps;
};

static void put_text(FILE *f, const char *s, size_t n)
{
	bool quote = false;
	for (size_t i = 0; i < n; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
			quote = true;
	if (!quote) {
		fwrite(s, 1, n, f);
		return;
	}
	fputc('"', f);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			fputc('"', f);
		fputc(s[i], f);
	}
	fputc('"', f);
}

static void choose_columns(struct csv *c, struct logfile *logs, size_t n)
{
	for (unsigned d = 0; d < derived_count; d++)
		for (size_t l = 0; l < n; l++)
			if (derive_available(psr_reader_header(logs[l].r),
					     &derived_table[d])) {
				c->cols[c->ncols++] = d;
				break;
			}
	for (size_t l = 0; l < n; l++)
		if (logfile_records(&logs[l], PSR_M_VCTXSW))
			c->cpus_col = true;
}

static void header_row(struct csv *c)
{
	fputs("timestamp,t,pid,ppid,name,start_epoch", c->f);
	for (unsigned i = 0; i < c->ncols; i++)
		fprintf(c->f, ",%s", derived_table[c->cols[i]].name);
	if (c->cpus_col)
		fputs(",cpus_allowed", c->f);
	fputc('\n', c->f);
}

static struct pstate *state_of(struct csv *c, uint32_t id)
{
	if (id == 0)
		return NULL;
	if (id > c->nps) {
		uint32_t n = c->nps ? c->nps : 16;
		while (n < id)
			n *= 2;
		struct pstate *p = realloc(c->ps, n * sizeof *p);
		if (!p)
			return NULL;
		memset(p + c->nps, 0, (n - c->nps) * sizeof *p);
		c->ps = p;
		c->nps = n;
	}
	struct pstate *s = &c->ps[id - 1];
	if (!s->sum) {
		s->sum = calloc(c->ncols + 1, sizeof *s->sum);
		s->count = calloc(c->ncols + 1, sizeof *s->count);
		if (!s->sum || !s->count)
			return NULL;
	}
	return s;
}

static void identity(struct csv *c, const struct psr_process *p)
{
	double start = (double)c->h->boot_epoch_ns / 1e9 +
		       (double)p->start_ticks / c->h->clock_ticks;
	fprintf(c->f, ",%" PRIu32 ",%" PRIu32 ",", p->pid, p->ppid);
	put_text(c->f, p->comm, strlen(p->comm));
	fprintf(c->f, ",%.2f", start);
}

static void number(FILE *f, double v, bool integer)
{
	if (integer)
		fprintf(f, ",%.0f", v);
	else
		fprintf(f, ",%.3f", v);
}

static void sample_row(struct csv *c, const struct psr_sample *s,
		       const struct psr_values *v, struct pstate *ps)
{
	int64_t ms = s->epoch_us / 1000;
	fprintf(c->f, "%" PRId64 ".%03d,%.3f", ms / 1000, (int)(ms % 1000),
		(double)s->t_us / 1e6);
	identity(c, ps->proc);
	for (unsigned i = 0; i < c->ncols; i++) {
		const struct derived *d = &derived_table[c->cols[i]];
		double x;
		if (!derive_value(c->h, d, v, s->t_us,
				  ps->has_prev ? &ps->prev : NULL,
				  ps->prev_t_us, &x)) {
			fputc(',', c->f);
			continue;
		}
		if (d->kind == DERIVE_STATE) {
			fprintf(c->f, ",%c", (char)x);
			continue;
		}
		number(c->f, x, d->integer);
		ps->sum[i] += x;
		ps->count[i]++;
	}
	if (c->cpus_col) {
		fputc(',', c->f);
		put_text(c->f, ps->cpus, strlen(ps->cpus));
	}
	fputc('\n', c->f);
	ps->prev = *v;
	ps->prev_t_us = s->t_us;
	ps->has_prev = true;
}

static int on_sample(struct csv *c, const struct psr_sample *s)
{
	for (size_t k = 0; k < s->count; k++) {
		const struct psr_values *v = &s->values[k];
		struct pstate *ps = state_of(c, v->id);
		if (!ps)
			return -ENOMEM;
		if (!ps->proc)
			continue; /* defined in a lost block: no identity */
		sample_row(c, s, v, ps);
	}
	return 0;
}

static void avg_rows(struct csv *c)
{
	for (uint32_t id = 1; id <= c->nps; id++) {
		struct pstate *ps = &c->ps[id - 1];
		if (!ps->proc || !ps->has_prev)
			continue;
		fputs("avg,", c->f);
		identity(c, ps->proc);
		for (unsigned i = 0; i < c->ncols; i++) {
			if (ps->count[i])
				fprintf(c->f, ",%.3f",
					ps->sum[i] / (double)ps->count[i]);
			else
				fputc(',', c->f);
		}
		if (c->cpus_col)
			fputc(',', c->f);
		fputc('\n', c->f);
	}
}

static void free_states(struct csv *c)
{
	for (uint32_t i = 0; i < c->nps; i++) {
		free(c->ps[i].sum);
		free(c->ps[i].count);
	}
	free(c->ps);
	c->ps = NULL;
	c->nps = 0;
}

static int one_log(struct csv *c, struct logfile *lf, char *err,
		   size_t errlen)
{
	struct psr_record rec;
	int rc;
	c->h = psr_reader_header(lf->r);
	while ((rc = logfile_next(lf, &rec, err, errlen)) > 0) {
		struct pstate *ps;
		switch (rec.type) {
		case PSR_REC_PROCESS:
			if (!(ps = state_of(c, rec.u.process->id)))
				return -ENOMEM;
			ps->proc = rec.u.process;
			break;
		case PSR_REC_CPUS:
			if (!(ps = state_of(c, rec.u.cpus.id)))
				return -ENOMEM;
			snprintf(ps->cpus, sizeof ps->cpus, "%s",
				 rec.u.cpus.list);
			break;
		case PSR_REC_SAMPLE:
			if (on_sample(c, &rec.u.sample))
				return -ENOMEM;
			break;
		default:
			break;
		}
	}
	return rc;
}

int csv_write(struct logfile *logs, size_t nlogs, FILE *f, char *err,
	      size_t errlen)
{
	struct csv c = {.f = f};
	choose_columns(&c, logs, nlogs);
	header_row(&c);
	/* avg rows come after all samples, so keep every log's states */
	struct csv *done = calloc(nlogs, sizeof *done);
	if (!done)
		return -ENOMEM;
	int rc = 0;
	for (size_t l = 0; l < nlogs && rc >= 0; l++) {
		c.ps = NULL;
		c.nps = 0;
		rc = one_log(&c, &logs[l], err, errlen);
		if (rc == -ENOMEM)
			snprintf(err, errlen, "out of memory");
		done[l] = c;
	}
	for (size_t l = 0; l < nlogs; l++) {
		if (rc >= 0) {
			done[l].h = psr_reader_header(logs[l].r);
			avg_rows(&done[l]);
		}
		free_states(&done[l]);
	}
	free(done);
	return rc < 0 ? rc : 0;
}
