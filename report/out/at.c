/* at.c - psreport --at TIME (at.h): the table of every process alive at
 * one moment. */
#define _GNU_SOURCE
#include "at.h"

#include "cli.h"
#include "fmt.h"
#include "utf8.h"
#include "output.h"
#include "rank.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- the argument --------------------------------------------------- */

static bool two_digits(const char *p, int *v)
{
	if (!isdigit((unsigned char)p[0]) || !isdigit((unsigned char)p[1]))
		return false;
	*v = (p[0] - '0') * 10 + (p[1] - '0');
	return true;
}

/* "HH:MM" or "HH:MM:SS" (one-digit hours too: "3:12"). */
static bool parse_clock(const char *s, double *out)
{
	int h, m, sec = 0;
	const char *p = s;

	if (isdigit((unsigned char)p[0]) && p[1] == ':') {
		h = p[0] - '0';
		p += 1;
	} else if (two_digits(p, &h)) {
		p += 2;
	} else {
		return false;
	}
	if (*p++ != ':' || !two_digits(p, &m))
		return false;
	p += 2;
	if (*p == ':') {
		if (!two_digits(p + 1, &sec))
			return false;
		p += 3;
	}
	if (*p || h > 23 || m > 59 || sec > 60)
		return false;
	*out = h * 3600.0 + m * 60.0 + sec;
	return true;
}

int at_parse(const char *arg, struct at_time *out)
{
	memset(out, 0, sizeof *out);
	if (parse_clock(arg, &out->clock_s)) {
		out->clock = true;
	} else if (psr_time_parse(arg, &out->t) ||
		   out->t.kind == PSR_TIME_NONE) {
		return -EINVAL;
	}
	out->given = true;
	return 0;
}

/* The clock time on the day of start (local time, through mktime so a
 * DST change is the clock's), the next day when that is before start. */
static double clock_at(double clock_s, double start)
{
	time_t t = (time_t)floor(start);
	struct tm tm;
	double r = NAN;
	int s = (int)clock_s;

	for (int day = 0; day < 2; day++) {
		if (!localtime_r(&t, &tm))
			return NAN;
		tm.tm_mday += day;
		tm.tm_hour = s / 3600;
		tm.tm_min = s / 60 % 60;
		tm.tm_sec = s % 60;
		tm.tm_isdst = -1;
		r = (double)mktime(&tm);
		if (r >= floor(start))
			break;
	}
	return r;
}

double at_resolve(const struct at_time *a, double start)
{
	if (a->clock)
		return clock_at(a->clock_s, start);
	switch (a->t.kind) {
	case PSR_TIME_EPOCH:
		return a->t.s;
	case PSR_TIME_OFFSET:
		return start + a->t.s;
	default:
		return NAN;
	}
}

/* ---- the table, kept while the logs are read ------------------------ */

/* The columns, by series name; NaN where a log does not record one. */
enum { V_CPU, V_RSS, V_READ, V_WRITE, V_THREADS, V_FDS, V_STATE, V_COUNT };
static const char *const value_series[V_COUNT] = {
	"cpu_percent", "rss_bytes", "read_bytes_per_s", "write_bytes_per_s",
	"threads", "fds", "state"};

/* A process of a run: its last sample at or before TIME. */
struct at_proc {
	uint32_t pid, ppid;
	uint64_t start_ticks;
	double start_epoch;
	char *comm;
	char *cmd;           /* its command line, for people */
	double sample;       /* Unix time of that sample; NaN: none yet */
	bool after;          /* it has a sample after TIME: it lived on */
	double first_rss;    /* for --sort growth */
	double v[V_COUNT];
};

struct at_run {
	char host[256];
	double start;        /* the run's start (its first log's header) */
	double target;       /* TIME resolved for this run */
	double interval;     /* seconds between samples, requested */
	double first, last;  /* first and last process-sample, NaN none */
	struct at_proc *p;
	size_t n, cap;
	size_t *slot;        /* open addressing: index + 1 into p, 0 free */
	size_t nslots;
};

struct at {
	struct at_time time;
	int vi[V_COUNT];     /* series indexes, -1: not in the table */
	struct at_run *runs;
	size_t nruns;
	struct psr_header last_h; /* the last log's, to tell runs apart */
	bool has_last;
	int key;             /* enum rank_key */
	size_t top;
};

static size_t hash(uint32_t pid, uint64_t ticks)
{
	uint64_t x = ((uint64_t)pid << 32) ^ ticks;

	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return (size_t)x;
}

static int grow_slots(struct at_run *r)
{
	size_t n = r->nslots ? r->nslots * 2 : 256;
	size_t *s = calloc(n, sizeof *s);

	if (!s)
		return -ENOMEM;
	for (size_t i = 0; i < r->n; i++) {
		size_t h = hash(r->p[i].pid, r->p[i].start_ticks) & (n - 1);
		while (s[h])
			h = (h + 1) & (n - 1);
		s[h] = i + 1;
	}
	free(r->slot);
	r->slot = s;
	r->nslots = n;
	return 0;
}

/* The entry of a process, made on its first row. NULL: out of memory. */
static struct at_proc *find(struct at_run *r, const struct psr_proc_result *p)
{
	size_t h;

	if (2 * (r->n + 1) > r->nslots && grow_slots(r))
		return NULL;
	h = hash(p->pid, p->start_ticks) & (r->nslots - 1);
	for (; r->slot[h]; h = (h + 1) & (r->nslots - 1)) {
		struct at_proc *e = &r->p[r->slot[h] - 1];
		if (e->pid == p->pid && e->start_ticks == p->start_ticks)
			return e;
	}
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 64;
		struct at_proc *np = realloc(r->p, cap * sizeof *np);
		if (!np)
			return NULL;
		r->p = np;
		r->cap = cap;
	}
	struct at_proc *e = &r->p[r->n];
	*e = (struct at_proc){p->pid, p->ppid, p->start_ticks, p->start_epoch,
			      NULL, NULL, NAN, false, NAN, {0}};
	for (int i = 0; i < V_COUNT; i++)
		e->v[i] = NAN;
	r->slot[h] = ++r->n;
	return e;
}

static int at_open(struct out *out)
{
	struct at *a = calloc(1, sizeof *a);

	if (!(out->priv = a))
		return -ENOMEM;
	a->time = out->o->at;
	for (int i = 0; i < V_COUNT; i++)
		a->vi[i] = psr_series_find(value_series[i]);
	a->key = out->o->rank.key >= 0 ? out->o->rank.key : RANK_CPU;
	a->top = out->o->rank.top ? out->o->rank.top : RANK_TOP_DEFAULT;
	return 0;
}

/* A log: a new run unless it continues the last one (a rotated part). */
static int at_log(struct out *out, const struct input *in)
{
	struct at *a = out->priv;
	struct at_run *r;

	if (!in->opened)
		return 0;
	if (a->has_last && psr_analysis_same_run(&a->last_h, &in->h))
		return 0;
	a->last_h = in->h; /* (its command line is the input's: not read) */
	a->last_h.command_line = NULL;
	a->has_last = true;
	r = realloc(a->runs, (a->nruns + 1) * sizeof *r);
	if (!r)
		return -ENOMEM;
	a->runs = r;
	r = &a->runs[a->nruns++];
	memset(r, 0, sizeof *r);
	snprintf(r->host, sizeof r->host, "%s", in->h.hostname);
	r->start = (double)in->h.start_epoch_ns / 1e9;
	r->target = at_resolve(&a->time, r->start);
	r->interval = (double)in->h.interval_ns / 1e9;
	r->first = r->last = NAN;
	return 0;
}

/* p's command line on one line, cleaned of line breaks and bad UTF-8,
 * at most 200 bytes. NULL: out of memory. */
static char *command(const struct psr_proc_result *p)
{
	char raw[201], *c = malloc(4 * sizeof raw);
	size_t n = p->cmdline_len < sizeof raw - 1 ? p->cmdline_len
						   : sizeof raw - 1;

	if (!c)
		return NULL;
	if (n)
		memcpy(raw, p->cmdline, n);
	while (n && !raw[n - 1])
		n--;
	for (size_t i = 0; i < n; i++)
		if (!raw[i])
			raw[i] = ' ';
	raw[n] = 0;
	utf8_clean(c, 4 * sizeof raw, raw);
	return c;
}

static int at_row(struct out *out, const struct psr_row *row)
{
	struct at *a = out->priv;
	struct at_run *r = a->nruns ? &a->runs[a->nruns - 1] : NULL;
	double ep = (double)row->epoch_us / 1e6;
	struct at_proc *e;

	if (!r || row->host || row->proc->tree)
		return 0;
	if (!(ep >= r->first))
		r->first = ep;
	if (!(ep <= r->last))
		r->last = ep;
	if (!(e = find(r, row->proc)))
		return -ENOMEM;
	if (isnan(e->first_rss) && a->vi[V_RSS] >= 0)
		e->first_rss = row->values[a->vi[V_RSS]];
	if (ep > r->target) {
		e->after = true;
		return 0;
	}
	e->sample = ep;
	e->ppid = row->proc->ppid;
	for (int i = 0; i < V_COUNT; i++)
		e->v[i] = a->vi[i] >= 0 ? row->values[a->vi[i]] : NAN;
	/* the name at that sample (a process that exec'd changes it) */
	if (!e->comm || strcmp(e->comm, row->proc->comm ? row->proc->comm
							 : "")) {
		char *c = strdup(row->proc->comm ? row->proc->comm : "");
		if (!c)
			return -ENOMEM;
		free(e->comm);
		e->comm = c;
		free(e->cmd);
		if (!(e->cmd = command(row->proc)))
			return -ENOMEM;
	}
	return 0;
}

/* ---- the table, written --------------------------------------------- */

/* Alive at TIME: a sample at or before it, and one after it, or the run
 * ending (or the process's END coming) less than 1.5 intervals after
 * its last sample: a process whose last sample is older ended before. */
static bool alive(const struct at_run *r, const struct at_proc *e)
{
	if (isnan(e->sample))
		return false;
	return e->after || r->target - e->sample <= 1.5 * r->interval + 1e-6;
}

static double key_value(const struct at *a, const struct at_proc *e)
{
	switch (a->key) {
	case RANK_RSS:
		return e->v[V_RSS];
	case RANK_GROWTH:
		return e->v[V_RSS] - e->first_rss;
	case RANK_IO:
		return (isnan(e->v[V_READ]) ? 0 : e->v[V_READ]) +
		       (isnan(e->v[V_WRITE]) ? 0 : e->v[V_WRITE]);
	case RANK_START:
		return -e->start_epoch; /* the earliest first */
	default:
		return e->v[V_CPU];
	}
}

static const struct at *sorting;

/* The biggest first, unknown values last, then by pid. */
static int by_key(const void *x, const void *y)
{
	const struct at_proc *p = *(const struct at_proc *const *)x;
	const struct at_proc *q = *(const struct at_proc *const *)y;
	double a = key_value(sorting, p), b = key_value(sorting, q);

	if (isnan(a) != isnan(b))
		return isnan(a) ? 1 : -1;
	if (!isnan(a) && a != b)
		return a > b ? -1 : 1;
	return p->pid < q->pid ? -1 : p->pid > q->pid;
}

static void cell_num(char *buf, size_t n, double v, int decimals)
{
	if (isnan(v))
		snprintf(buf, n, "-");
	else
		snprintf(buf, n, "%.*f", decimals, v);
}

static void cell_bytes(char *buf, size_t n, double v, bool rate)
{
	if (isnan(v)) {
		snprintf(buf, n, "-");
		return;
	}
	fmt_bytes(buf, n, v);
	if (rate)
		strncat(buf, "/s", n - strlen(buf) - 1);
}

static void write_proc(FILE *f, const struct at_run *r,
		       const struct at_proc *e)
{
	char cpu[32], rss[32], rd[32], wr[32], thr[32], fds[32], st[4];
	char ago[32];

	cell_num(cpu, sizeof cpu, e->v[V_CPU], 1);
	cell_bytes(rss, sizeof rss, e->v[V_RSS], false);
	cell_bytes(rd, sizeof rd, e->v[V_READ], true);
	cell_bytes(wr, sizeof wr, e->v[V_WRITE], true);
	cell_num(thr, sizeof thr, e->v[V_THREADS], 0);
	cell_num(fds, sizeof fds, e->v[V_FDS], 0);
	snprintf(st, sizeof st, "%c",
		 isnan(e->v[V_STATE]) ? '-' : (char)e->v[V_STATE]);
	snprintf(ago, sizeof ago, "-%.2fs", r->target - e->sample);
	fprintf(f, "%7" PRIu32 " %7" PRIu32 " ", e->pid, e->ppid);
	fmt_column(f, e->comm ? e->comm : "", 16);
	fprintf(f, " %7s %6s %11s %13s %13s %4s %5s %s %s\n", ago, cpu, rss,
		rd, wr, thr, fds, st, e->cmd ? e->cmd : "");
}

static int write_run(struct at *a, const struct at_run *r, FILE *f)
{
	const struct at_proc **v = malloc((r->n + 1) * sizeof *v);
	char when[64], from[64], to[64], off[32];
	size_t n = 0, shown;

	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < r->n; i++)
		if (alive(r, &r->p[i]))
			v[n++] = &r->p[i];
	sorting = a;
	qsort(v, n, sizeof *v, by_key);
	fmt_epoch(when, sizeof when, r->target);
	fmt_epoch(from, sizeof from, r->first);
	fmt_epoch(to, sizeof to, r->last);
	fmt_duration(off, sizeof off, r->target - r->start);
	fprintf(f, "%s at %s (+%s into the run, %s .. %s): %zu process%s "
		"alive, by %s\n", r->host, when, off, from, to, n,
		n == 1 ? "" : "es", rank_key_names[a->key]);
	fprintf(f, "%7s %7s %-16s %7s %6s %11s %13s %13s %4s %5s %s %s\n",
		"PID", "PPID", "NAME", "SAMPLE", "CPU%", "RSS", "READ", "WRITE",
		"THR", "FDS", "S", "COMMAND");
	shown = a->top == RANK_ALL || a->top > n ? n : a->top;
	for (size_t i = 0; i < shown; i++)
		write_proc(f, r, v[i]);
	if (shown < n)
		fprintf(f, "  ... %zu more process%s (--top)\n", n - shown,
			n - shown == 1 ? "" : "es");
	free(v);
	return 0;
}

/* TIME in a run: from its first process-sample to one interval after
 * its last. */
static bool in_run(const struct at_run *r)
{
	return r->target >= r->first &&
	       r->target <= r->last + r->interval + 1e-6;
}

static int at_result(struct out *out, const struct report_ctx *c)
{
	struct at *a = out->priv;
	size_t inside = 0;
	int rc = 0;

	(void)c;
	for (size_t i = 0; i < a->nruns; i++)
		inside += in_run(&a->runs[i]);
	if (!inside) {
		char when[64], from[64], to[64];
		const struct at_run *r = a->nruns ? &a->runs[0] : NULL;
		fmt_epoch(when, sizeof when, r ? r->target : NAN);
		fmt_epoch(from, sizeof from, r ? r->first : NAN);
		fmt_epoch(to, sizeof to, r ? r->last : NAN);
		snprintf(out->err, sizeof out->err, "--at: %s is outside the "
			 "run%s (%s .. %s)", when, a->nruns > 1 ? "s" : "",
			 from, to);
		return OUTPUT_USAGE;
	}
	for (size_t i = 0; i < a->nruns && !rc; i++) {
		if (!in_run(&a->runs[i]))
			continue;
		if (i)
			fputc('\n', out->f);
		rc = write_run(a, &a->runs[i], out->f);
	}
	return rc;
}

static void at_free(struct out *out)
{
	struct at *a = out->priv;

	for (size_t i = 0; a && i < a->nruns; i++) {
		for (size_t k = 0; k < a->runs[i].n; k++)
			free(a->runs[i].p[k].comm), free(a->runs[i].p[k].cmd);
		free(a->runs[i].p);
		free(a->runs[i].slot);
	}
	if (a)
		free(a->runs);
	free(a);
	out->priv = NULL;
}

static bool at_wanted(const struct report_opts *o)
{
	return o->at.given;
}

const struct output output_at = {
	.modes = MODE_REPORT,
	.flags = OUTPUT_STDOUT,
	.needs = NEEDS_ROWS,
	.wanted = at_wanted,
	.open = at_open,
	.log = at_log,
	.row = at_row,
	.result = at_result,
	.free = at_free,
};
