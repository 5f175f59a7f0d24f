/* rank.c - the order and the cut of the tables for people (rank.h). */
#include "rank.h"

#include "fmt.h"
#include "totals.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const rank_key_names[] = {"cpu", "rss", "growth", "io", "start",
				      NULL};

const char *rank_key_label(int key)
{
	static const char *const labels[] = {"CPU time", "RSS max",
					     "RSS grew", "disk I/O",
					     "start time"};

	return key <= RANK_START ? labels[key < 0 ? RANK_CPU : key] : "?";
}

static double stat_total(const struct psr_proc_result *p, const char *name)
{
	int i = psr_series_find(name);
	const struct psr_series_result *s =
		i < 0 ? NULL : psr_result_series(p, (unsigned)i);

	return s && s->n ? s->total : NAN;
}

static const struct psr_series_result *rss_of(const struct psr_proc_result *p)
{
	int i = psr_series_find("rss_bytes");
	const struct psr_series_result *s =
		i < 0 ? NULL : psr_result_series(p, (unsigned)i);

	return s && s->n ? s : NULL;
}

/* NaN + x is x: a side not recorded adds nothing, both: unknown. */
static double sum2(double a, double b)
{
	if (isnan(a))
		return b;
	return isnan(b) ? a : a + b;
}

/* Disk bytes read and written; the bytes of read/write calls when the
 * disk counters are unknown (another user's /proc/PID/io). */
static double io_bytes(const struct psr_proc_result *p)
{
	double disk = sum2(stat_total(p, "read_bytes_per_s"),
			   stat_total(p, "write_bytes_per_s"));

	if (!isnan(disk))
		return disk;
	return sum2(stat_total(p, "rchar_bytes_per_s"),
		    stat_total(p, "wchar_bytes_per_s"));
}

/* Any I/O at all, the calls' bytes too (a pipe, a cached file). */
static bool did_io(const struct psr_proc_result *p)
{
	return io_bytes(p) > 0 || stat_total(p, "rchar_bytes_per_s") > 0 ||
	       stat_total(p, "wchar_bytes_per_s") > 0;
}

double rank_value(const struct psr_proc_result *p, int key)
{
	const struct psr_series_result *rss = rss_of(p);

	switch (key < 0 ? RANK_CPU : key) {
	case RANK_CPU: return totals_cpu(p);
	case RANK_RSS: return rss ? rss->max : NAN;
	case RANK_GROWTH:
		return rss && rss->leak ? rss->leak->grown : NAN;
	case RANK_IO: return io_bytes(p);
	default: return p->start_epoch;
	}
}

/* Kernel threads have no memory of their own and are kthreadd's (pid
 * 2) children. */
bool rank_kernel_thread(const struct psr_proc_result *p)
{
	const struct psr_series_result *rss = rss_of(p);

	return !p->tree && (p->pid == 2 || p->ppid == 2 ||
			    (p->ppid == 0 && p->pid != 1 && rss &&
			     rss->max == 0));
}

bool rank_idle(const struct psr_proc_result *p, int key)
{
	const struct psr_series_result *rss = rss_of(p);

	if (totals_cpu(p) > 0 || did_io(p) ||
	    (p->verdict != PSR_VERDICT_NONE))
		return false;
	if (key == RANK_RSS && rss && rss->max > 0)
		return false;
	if (key == RANK_GROWTH && rss && rss->leak && rss->leak->grown != 0 &&
	    !isnan(rss->leak->grown))
		return false;
	return true;
}

static int sort_key;

/* Biggest first, unknown last; --sort start: earliest first. Ties in
 * start order, then by pid, so the order never depends on qsort. */
static int by_key(const void *a, const void *b)
{
	const struct psr_proc_result *x = *(const struct psr_proc_result *const *)a;
	const struct psr_proc_result *y = *(const struct psr_proc_result *const *)b;
	double vx = rank_value(x, sort_key), vy = rank_value(y, sort_key);

	if (sort_key != RANK_START) {
		if (isnan(vx) != isnan(vy))
			return isnan(vx) ? 1 : -1;
		if (!isnan(vx) && vx != vy)
			return vx > vy ? -1 : 1;
	}
	if (x->start_epoch != y->start_epoch)
		return x->start_epoch < y->start_epoch ? -1 : 1;
	return (x->pid > y->pid) - (x->pid < y->pid);
}

int rank_procs(const struct psr_proc_result *p, size_t n,
	       const struct rank_opts *o, size_t deflt, struct ranking *out)
{
	size_t top = o->top ? o->top : deflt;
	const struct psr_proc_result **all;

	*out = (struct ranking){0};
	if (!(all = calloc(n ? n : 1, sizeof *all)))
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		all[i] = &p[i];
	sort_key = o->key < 0 ? RANK_CPU : o->key;
	qsort(all, n, sizeof *all, by_key);
	out->shown = all;
	if (top == RANK_ALL || n <= top) {
		out->nshown = n;
		return 0;
	}
	/* the busy ones in order to the front, then cut at top */
	size_t busy = 0;
	for (size_t i = 0; i < n; i++) {
		const struct psr_proc_result *q = all[i];
		if (rank_idle(q, sort_key)) {
			out->nidle++;
			out->nkernel += rank_kernel_thread(q);
			continue;
		}
		all[busy++] = q;
	}
	out->nshown = busy < top ? busy : top;
	out->nmore = busy - out->nshown;
	for (size_t i = out->nshown; i < busy; i++)
		out->more_cpu = sum2(out->more_cpu, totals_cpu(all[i]));
	return 0;
}

void rank_release(struct ranking *r)
{
	free(r->shown);
	*r = (struct ranking){0};
}

int rank_visual(const struct psr_run_result *r, const struct rank_opts *o,
		struct ranking *k, const struct psr_proc_result ***rows,
		size_t *n)
{
	const struct psr_proc_result **v;

	*rows = NULL;
	*n = 0;
	if (rank_procs(r->procs, r->nprocs, o, RANK_TOP_VISUAL, k))
		return -ENOMEM;
	if (!(v = calloc(r->nprocs + r->ntrees + 1, sizeof *v))) {
		rank_release(k);
		return -ENOMEM;
	}
	for (size_t i = 0; i < r->nprocs + r->ntrees; i++) {
		const struct psr_proc_result *p =
			i < r->nprocs ? &r->procs[i] : &r->trees[i - r->nprocs];
		const struct psr_series_result *s = psr_result_verdict_series(p);
		if (s && s->leak->gate != PSR_GATE_SHORT &&
		    s->leak->verdict != PSR_VERDICT_NONE)
			v[(*n)++] = p;
	}
	for (size_t i = 0; i < k->nshown; i++)
		rank_add_once(v, n, k->shown[i]);
	*rows = v;
	return 0;
}

void rank_add_once(const struct psr_proc_result **rows, size_t *n,
		   const struct psr_proc_result *p)
{
	for (size_t j = 0; j < *n; j++)
		if (rows[j] == p)
			return;
	rows[(*n)++] = p;
}

__attribute__((format(printf, 4, 5)))
static void append(char *buf, size_t n, size_t *at, const char *fmt, ...)
{
	va_list ap;
	int k;

	if (*at >= n - 1)
		return;
	va_start(ap, fmt);
	k = vsnprintf(buf + *at, n - *at, fmt, ap);
	va_end(ap);
	*at = k < 0 ? *at : (size_t)k < n - *at ? *at + (size_t)k : n - 1;
}

/* "1 process", "3 processes", "1 tree" */
static void count(char *buf, size_t n, size_t k, const char *what)
{
	size_t len = strlen(what);

	if (k == 1 && len > 2 && !strcmp(what + len - 2, "es") &&
	    what[len - 3] == 's')
		len -= 2;
	else if (k == 1 && len > 1 && what[len - 1] == 's')
		len -= 1;
	snprintf(buf, n, "%zu %.*s", k, (int)len, what);
}

void rank_hidden_lines(char *buf, size_t n, const struct ranking *r,
		       const char *what, const char *indent)
{
	size_t at = 0;
	char cpu[32], c[64];

	buf[0] = 0;
	if (r->nmore) {
		fmt_value(cpu, sizeof cpu, r->more_cpu, PSR_SU_SECONDS);
		count(c, sizeof c, r->nmore, what);
		append(buf, n, &at, "%s+ %zu more %s, %s of CPU time in all "
		       "(--top all shows every one)\n", indent, r->nmore,
		       r->nmore == 1 ? c + 2 : what, cpu);
	}
	if (r->nidle) {
		count(c, sizeof c, r->nidle, what);
		append(buf, n, &at, "%s+ %s that used nothing", indent, c);
		if (r->nkernel)
			append(buf, n, &at, " (kernel threads: %zu)",
			       r->nkernel);
		append(buf, n, &at, "\n");
	}
}
