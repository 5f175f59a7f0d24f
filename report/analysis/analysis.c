/* analysis.c - the engine: records in, per-process results out.
 *
 * Every process-sample is turned into the series of psr/series.h. Each
 * series keeps a run of identical values (value, time, samples) and hands
 * it to the accumulators only when the value changes or a new time bucket
 * starts.
 *
 * A sample touches only the series whose raw inputs changed (a mask of
 * changed metrics, then a mask of the series that read them), plus the
 * rates that were not 0 (their counter standing still makes them 0) and
 * those waiting for a first value. Every other series "live" (with a
 * value in the last sample) repeats its value: it is extended lazily, by
 * the process's sample count and time since its mark (settle()), when it
 * is next touched, at a new time bucket or window, or at the end. An
 * idle process-sample thus costs a compare of its raw values, and a
 * busy one the series that moved. */
#define _GNU_SOURCE
#include <psr/analysis.h>

#include "cputime.h"
#include "exits.h"
#include "stats_hot.h"

#include <errno.h>
#include <stddef.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NS_MAX 64 /* series in the table, at most: they fit a uint64_t mask */

/* One time bucket of a series: weight, weight x value, least, greatest. */
struct bucket {
	double w, wx, min, max;
};

/* A run of value v that lasted w into its time bucket. */
static inline void bucket_add(struct bucket *k, double w, double v)
{
	k->w += w;
	k->wx += w * v;
	if (v < k->min)
		k->min = v;
	if (v > k->max)
		k->max = v;
}

struct sacc {
	bool on;
	struct psr_stats st;
	double run_v, run_w;  /* the run of one value, for the statistics */
	uint64_t run_n;
	bool run_open;
	size_t run_b;         /* its part in the current bucket (for a
				 series that never varied: in bucket b0,
				 or in the one catch_up() gave it) */
	double brun_w;
	bool any;
	bool live; /* had a value in the last sample taken */
	/* while live, the process's samples since the mark repeat run_v */
	int64_t mark_ns;
	uint64_t mark_n;
	double first, last;
	/* for the monotonic rule (memory series) */
	bool decreased;
	size_t hold, longest;
	double prev_v;
	/* time buckets, allocated only once the series varies: until then
	 * it held `first` in every sample from bucket b0 on, and the
	 * process's bucket weights say all (most series of an idle process
	 * never vary, and cost no buckets) */
	bool varied, b0_set;
	size_t b0;
	struct bucket *bk;
	/* the open window and the closed ones */
	double win_w, win_wx, win_max;
	double *wmean, *wmax;
};

/* What a process is while it is sampled: freed when it ends (its result
 * or row made) or at the end of the run, so that an ended process costs
 * only its struct pstate. */
struct plive {
	/* the first sample's wall time; the first and last samples' run
	 * time (us): a span is the monotonic one, whatever the wall clock
	 * did in between (a host that booted in 1970 before NTP) */
	int64_t first_epoch_us, first_t, last_t;
	double tree_own, tree_children; /* a tree's: its members' sums */
	/* samples taken and their time, in ns (exact sums): the lazy
	 * extension of live series is the difference to their marks */
	int64_t cum_ns;
	uint64_t cum_n;
	uint64_t pend; /* series to compute at the next sample whatever
			  changes: non-zero rates, rates waiting for a base */
	uint64_t carry; /* the reader's changed masks of entries skipped
			   since prev (not after it in time) */
	size_t last_b;
	struct psr_values *prev; /* with its accumulators (and the host's) */
	int64_t prev_t; /* run time, us */
	bool has_prev;
	double origin, width; /* bucket grid, run us */
	double b_end;         /* end of bucket last_b */
	size_t nb;
	double *bt_w, *bt_wt; /* weight and weight x time per bucket */
	size_t capb;          /* grown as the process lives on */
	int64_t win_idx;
	size_t nwin, capwin;
	double *win_start;
	double *tsum; /* a tree's sums in the current sample (ntab) */
	uint64_t tany;       /* the series with a sum */
	uint64_t tree_on;    /* a tree's series */
	/* a recorded process's live series, those with buckets, and the
	 * live ones' values (run_v, at hand for its tree's sums) */
	uint64_t live_mask, bk_mask;
	double *cur;
	bool touched;
	int64_t t_now, epoch_now;
	struct sacc *s;       /* ntab of them */
	double *rowv;         /* with on_row: the values of its last row,
				 to tell a repeat */
	struct psr_rusage rusage; /* wait4's, from its END */
	/* with on_row: what its rows point to (identity copied from id) */
	struct psr_proc_result row_id;
};

/* A process's identity, what its result starts from (the fields of
 * struct psr_proc_result of the same names). */
struct ident {
	uint32_t pid, ppid, uid;
	int status;          /* wait status when known, else -1 */
	uint64_t start_ticks;
	double start_epoch;
	char *comm;
	char *cmdline;
	size_t cmdline_len;
	size_t nformer;
	struct psr_former_name *former;
	size_t tree_members;
	uint64_t samples;
	bool tree, ended, launched, has_rusage;
};

struct pstate {
	struct ident id; /* its result is made at its end */
	const struct psr_series_def *tab; /* its series: per process, or host */
	unsigned ntab;
	bool selected;
	bool exit_seen; /* an EXIT record completed it */
	char *cpus; /* its last CPUS record's list; NULL: none */
	/* process trees: a root's tree total, a member's root, its recorded
	 * parent (selected too) */
	struct pstate *tree, *root, *parent;
	struct pdecl *decl; /* its declaration: identity, lookup chains */
	/* a tree that had no sample when its root found its own parent:
	 * the tree it was merged into */
	struct pstate *merged_into;
	/* an ended process's result, made at its END (reduce_ended());
	 * then id keeps only its identity, and lv is gone */
	struct psr_proc_result *done;
	/* a short-lived one that ended: 1 + its row in the run's shorts
	 * (then done too while the run has at most PSR_SHORT_KEEP) */
	size_t short_row;
	int64_t end_t; /* its END's run time, us (when id.ended) */
	uint64_t on_mask; /* the series its log has: its accumulators' `on`
			     when its first sample makes them */
	struct cputime cpu; /* exact CPU totals from its counters */
	struct plive *lv; /* while it is sampled; NULL after */
};

/* A process as declared (its PROCESS record), about 100 bytes with its
 * command line: its state (struct pstate) is made only when something
 * needs it (make_state()): a sample, CPUS, RENAME, an END with psrec's
 * rusage, or a tree it is part of, as parent or child. A log may declare
 * millions of processes that never have a sample. The declarations are
 * the run's lookup chains: by pid (same_pid: the latest declared first)
 * and, for those whose parent was not declared, by parent pid. */
struct pdecl {
	uint32_t pid, ppid, uid;
	uint32_t part;      /* the log that declared it: run's parts */
	uint64_t start_ticks;
	double start_epoch; /* Unix seconds */
	uint64_t seq;       /* declaration order in the run */
	const char *comm;   /* the run's copy, shared by name */
	/* the run's process declared before it with the same pid (run's
	 * pids); while it waits for a parent not declared yet, the next one
	 * waiting for a parent of the same pid (run's orphans) */
	struct pdecl *same_pid, *next_orphan;
	struct pstate *ps;  /* its state, once made */
	uint32_t cmdline_len;
	int status;         /* its END's, while held */
	uint32_t flags;     /* D_*, while held (then its state's) */
	char cmdline[];
};

enum {
	D_SELECTED = 1u << 0,
	D_LAUNCHED = 1u << 1,
	D_FROM_ZERO = 1u << 2, /* its whole life is in the run */
	D_ENDED = 1u << 3,
};

/* What a declaration's state takes from the log that declared it. */
struct part {
	double width;     /* bucket width, run us */
	uint64_t on_mask; /* the series the log has */
};

/* Memory for the declarations, freed with the run: no allocator's
 * overhead per process. */
struct arena {
	struct arena_chunk *head;
	size_t used, size; /* in head */
};

struct arena_chunk {
	struct arena_chunk *next;
	max_align_t data[];
};

/* A map of chains of declarations by a key (their pid, or their
 * parent's): open addressing over the chains' heads, kept at most half
 * full. */
struct chains {
	struct pdecl **head;
	size_t cap, n;
	bool by_ppid;
};

struct run {
	struct psr_header h;
	char **paths;
	size_t npaths;
	int64_t first_epoch_us;
	uint64_t samples, process_samples, warnings;
	struct pstate **ps;
	size_t nps, capps;
	int64_t first_t, last_t; /* run us, the earliest and latest sample */
	/* the declarations: by (pid, start), open addressing; their memory,
	 * names, and what they take from their logs */
	struct pdecl **index;
	size_t capindex, ndecl;
	struct arena arena;
	struct part *parts;
	size_t nparts;
	/* by pid: the last process declared with it (then same_pid), so
	 * that finding a parent does not scan every process */
	struct chains pids;
	/* by parent pid: processes declared before their parent (one scan
	 * of /proc declares in pid order, and pids wrap: a parent may come
	 * after its child) */
	struct chains orphans;
	struct pstate *launched; /* the first process psrec launched */
	struct pstate **trees;
	size_t ntrees;
	struct pstate *sys; /* the host (SYSTEM records), or NULL */
	double from, to; /* selected epoch range */
	struct psr_job job; /* psrec -- CMD's, from the last CLOSE with one */
	struct exit_table exits; /* processes only EXIT records tell of */
	/* short-lived processes that ended (psr_exited with samples): a row
	 * each, made at its END (cheap); while there are at most
	 * PSR_SHORT_KEEP, their full results too (done), which the one
	 * beyond drops: then the rows are what the run reports */
	struct psr_exited *shorts; /* grown by realloc: a large block is
				     remapped, not copied, and becomes the
				     result's exited[] in place */
	size_t nshorts, capshorts;
	struct pstate *last_tree; /* cache of tree_index() */
	size_t last_tree_i;
};

/* How to compute one series from a log's raw values (psr/series.h), with
 * the unit conversion folded into one factor. */
struct plan {
	unsigned idx;
	enum psr_series_kind kind;
	int m, m2;
	double scale;
	bool stats, trend, rate;
	uint64_t need; /* the present bits it needs */
};

/* The series a short-lived process's row takes its figures from, found
 * once (psr_series_find() is a walk of the table's names). */
struct row_series {
	int threads, fds, rss, vms, cpu, minflt, majflt, read, write;
};

struct psr_analysis {
	struct psr_analysis_opts o;
	struct row_series rs;
	bool window; /* o.window > 0 */
	/* the current log's metrics: ids 0 .. ident-1 at the mask positions
	 * of the same number (psrec's sets), the rest (cutime and cstime,
	 * listed last since format 3) in tail[]: raw values compare and copy
	 * as one block and a few more */
	unsigned ident, ntail;
	uint8_t tail[PSR_METRIC_MAX];
	struct plan plan[NS_MAX];
	unsigned nplan;
	/* by series index: its plan or -1; the statistics series by metric
	 * they read; the statistics series */
	int plan_of[NS_MAX];
	uint64_t reads[PSR_METRIC_MAX];
	uint64_t stats_mask;
	const struct psr_series_def *tab;
	unsigned ntab;
	struct run *runs;
	size_t nruns, capruns;
	const struct psr_header *h; /* the current log's */
	int64_t log_offset_us;
	struct pdecl **idmap; /* current log's ids - 1 */
	size_t nidmap;
	double vals[NS_MAX];
	/* bytes counted against o.memory_limit: declarations, results and
	 * rows of ended processes, and the accumulators of processes alive
	 * (held while they are); the indexes and the reader's are not */
	double held;
	uint64_t live; /* processes with accumulators */
	char err[256];
};

__attribute__((format(printf, 3, 4)))
static int fail(struct psr_analysis *a, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(a->err, sizeof a->err, fmt, ap);
	va_end(ap);
	return rc;
}

static int oom(struct psr_analysis *a)
{
	return fail(a, -ENOMEM, "out of memory");
}

/* n bytes more for the run: within o.memory_limit, or PSR_E_LIMIT with
 * what took them. */
static int hold_bytes(struct psr_analysis *a, double n)
{
	if (a->o.memory_limit > 0 && a->held + n > a->o.memory_limit)
		return fail(a, PSR_E_LIMIT,
			    "more than %.3g MiB for its processes (%llu alive "
			    "at once), their declarations and results "
			    "(--memory-limit)",
			    a->o.memory_limit / 1048576,
			    (unsigned long long)a->live);
	a->held += n;
	return 0;
}

void psr_analysis_defaults(struct psr_analysis_opts *o)
{
	memset(o, 0, sizeof *o);
	psr_trend_leak_defaults(&o->leak);
}

int psr_analysis_new(struct psr_analysis **out, const struct psr_analysis_opts *o)
{
	struct psr_analysis *a = calloc(1, sizeof *a);

	*out = a;
	if (!a)
		return -ENOMEM;
	a->o = *o;
	a->window = o->window > 0;
	a->tab = psr_series_table(&a->ntab);
	a->rs = (struct row_series){
		psr_series_find("threads"), psr_series_find("fds"),
		psr_series_find("rss_bytes"), psr_series_find("vms_bytes"),
		psr_series_find("cpu_percent"), psr_series_find("minflt_per_s"),
		psr_series_find("majflt_per_s"),
		psr_series_find("read_bytes_per_s"),
		psr_series_find("write_bytes_per_s")};
	return 0;
}

const char *psr_analysis_errmsg(const struct psr_analysis *a)
{
	return a ? a->err : "out of memory";
}

/* ---- runs ---------------------------------------------------------- */

/* Two logs of one recording: the run id psrec writes (format 2), or for
 * older logs the same host, boot, psrec process and command line. */
bool psr_analysis_same_run(const struct psr_header *x,
			   const struct psr_header *y)
{
	if (x->has_ids && y->has_ids)
		return memcmp(x->run_id, y->run_id, sizeof x->run_id) == 0;
	return x->boot_epoch_ns == y->boot_epoch_ns &&
	       x->writer_pid == y->writer_pid &&
	       strcmp(x->hostname, y->hostname) == 0 &&
	       x->command_line_len == y->command_line_len &&
	       (!x->command_line_len ||
		memcmp(x->command_line, y->command_line,
		       x->command_line_len) == 0);
}

struct ordered {
	size_t index, group;
	int64_t group_start;
	uint32_t part;
	int64_t start;
};

static int cmp_ordered(const void *p, const void *q)
{
	const struct ordered *a = p, *b = q;

	if (a->group_start != b->group_start)
		return a->group_start < b->group_start ? -1 : 1;
	if (a->group != b->group)
		return a->group < b->group ? -1 : 1;
	if (a->part != b->part)
		return a->part < b->part ? -1 : 1;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return (a->index > b->index) - (a->index < b->index);
}

void psr_analysis_order(const struct psr_header *const *h, size_t n,
			size_t *order)
{
	struct ordered *o = calloc(n ? n : 1, sizeof *o);

	if (!o) { /* keep the given order */
		for (size_t i = 0; i < n; i++)
			order[i] = i;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		size_t g = i;
		for (size_t j = 0; j < i; j++)
			if (psr_analysis_same_run(h[i], h[j])) {
				g = o[j].group;
				break;
			}
		/* parts in order, then their start (parts of older logs are 0) */
		o[i] = (struct ordered){i, g, h[i]->start_epoch_ns,
					h[i]->part, h[i]->start_epoch_ns};
	}
	for (size_t i = 0; i < n; i++)
		if (o[i].start < o[o[i].group].group_start)
			o[o[i].group].group_start = o[i].start;
	for (size_t i = 0; i < n; i++)
		o[i].group_start = o[o[i].group].group_start;
	qsort(o, n, sizeof *o, cmp_ordered);
	for (size_t i = 0; i < n; i++)
		order[i] = o[i].index;
	free(o);
}

static int copy_header(struct psr_header *dst, const struct psr_header *src)
{
	*dst = *src;
	dst->command_line = NULL;
	if (src->command_line_len) {
		dst->command_line = malloc(src->command_line_len);
		if (!dst->command_line)
			return -ENOMEM;
		memcpy(dst->command_line, src->command_line,
		       src->command_line_len);
	}
	return 0;
}

static double resolve(const struct psr_time_spec *t, const struct run *r,
		      double none)
{
	switch (t->kind) {
	case PSR_TIME_EPOCH:
		return t->s;
	case PSR_TIME_OFFSET:
		return (double)r->h.start_epoch_ns / 1e9 + t->s;
	default:
		return none;
	}
}

static int new_run(struct psr_analysis *a, const struct psr_header *h)
{
	struct run *r;

	if (a->nruns == a->capruns) {
		size_t cap = a->capruns ? a->capruns * 2 : 4;
		r = realloc(a->runs, cap * sizeof *r);
		if (!r)
			return oom(a);
		a->runs = r;
		a->capruns = cap;
	}
	r = &a->runs[a->nruns];
	memset(r, 0, sizeof *r);
	r->orphans.by_ppid = true;
	if (copy_header(&r->h, h))
		return oom(a);
	a->nruns++;
	r->from = resolve(&a->o.from, r, -INFINITY);
	r->to = resolve(&a->o.to, r, INFINITY);
	return 0;
}

/* How many metrics from the first are at the mask position of their
 * id (psrec's sets: 0-18, 0-25 or 0-29), the others into a->tail. */
static void identity_metrics(struct psr_analysis *a,
			     const struct psr_header *h)
{
	unsigned k = 0;

	while (k < h->metric_count && h->metrics[k] == k)
		k++;
	a->ident = k;
	a->ntail = 0;
	for (unsigned i = k; i < h->metric_count; i++)
		a->tail[a->ntail++] = h->metrics[i];
}

static double unit_scale(const struct psr_header *h, int m)
{
	return psr_series_base(h, (unsigned)m, 1);
}

static void unplan_series(struct psr_analysis *a);

static void build_plan(struct psr_analysis *a, const struct psr_header *h)
{
	a->nplan = 0;
	a->stats_mask = 0;
	memset(a->reads, 0, sizeof a->reads);
	for (unsigned i = 0; i < NS_MAX; i++) {
		a->vals[i] = NAN; /* what this log does not record */
		a->plan_of[i] = -1;
	}
	identity_metrics(a, h);
	for (unsigned i = 0; i < a->ntab; i++) {
		const struct psr_series_def *d = &a->tab[i];
		struct plan *p = &a->plan[a->nplan];
		if (!psr_series_available(h, d))
			continue;
		/* rows print every series; statistics need only some */
		if (!(d->flags & PSR_SF_STATS) && !a->o.on_row)
			continue;
		p->idx = i;
		p->kind = d->kind;
		p->m = d->metric;
		p->m2 = d->metric2;
		p->scale = d->kind == PSR_SERIES_STATE
				   ? 1
				   : unit_scale(h, d->metric) * d->factor;
		p->stats = d->flags & PSR_SF_STATS;
		p->trend = d->flags & PSR_SF_TREND;
		p->rate = d->kind == PSR_SERIES_RATE;
		p->need = 1ull << d->metric |
			  (d->metric2 >= 0 ? 1ull << d->metric2 : 0);
		a->plan_of[i] = (int)a->nplan++;
		if (!p->stats)
			continue;
		a->stats_mask |= 1ull << i;
		a->reads[d->metric] |= 1ull << i;
		if (d->metric2 >= 0)
			a->reads[d->metric2] |= 1ull << i;
	}
}

/* What the processes this log declares take from it. */
static int new_part(struct psr_analysis *a, struct run *r,
		    const struct psr_header *h)
{
	struct part *v = realloc(r->parts, (r->nparts + 1) * sizeof *v);

	if (!v)
		return oom(a);
	r->parts = v;
	v += r->nparts++;
	v->width = h->interval_ns >= 1000 ? (double)(h->interval_ns / 1000)
					  : 1e6;
	v->on_mask = 0;
	for (unsigned i = 0; i < a->ntab; i++)
		v->on_mask |= (uint64_t)psr_series_available(h, &a->tab[i])
			      << i;
	return 0;
}

int psr_analysis_begin_log(struct psr_analysis *a, const struct psr_header *h,
			   const char *path)
{
	struct run *r;
	char **p;
	int rc;

	if (!a->nruns || !psr_analysis_same_run(&a->runs[a->nruns - 1].h, h)) {
		rc = new_run(a, h);
		if (rc)
			return rc;
	}
	r = &a->runs[a->nruns - 1];
	p = realloc(r->paths, (r->npaths + 1) * sizeof *p);
	if (!p)
		return oom(a);
	r->paths = p;
	if (!(p[r->npaths] = strdup(path)))
		return oom(a);
	r->npaths++;
	a->h = h;
	if ((rc = new_part(a, r, h)))
		return rc;
	build_plan(a, h);
	unplan_series(a);
	a->log_offset_us = ((int64_t)h->start_mono_ns -
			    (int64_t)r->h.start_mono_ns) / 1000;
	for (size_t i = 0; i < a->nidmap; i++)
		a->idmap[i] = NULL;
	return 0;
}

/* ---- processes ----------------------------------------------------- */

static bool selected(const struct psr_analysis *a, const struct psr_process *p)
{
	bool pid_ok = !a->o.npids, name_ok = !a->o.nnames;

	for (size_t i = 0; i < a->o.npids; i++)
		if (a->o.pids[i] == p->pid)
			pid_ok = true;
	for (size_t i = 0; i < a->o.nnames; i++)
		if (strcmp(a->o.names[i], p->comm) == 0)
			name_ok = true;
	return pid_ok && name_ok;
}

static size_t slot_of(const struct run *r, uint32_t pid, uint64_t start)
{
	uint64_t h = (pid * 0x9E3779B97F4A7C15ull) ^ (start * 0xC2B2AE3D27D4EB4Full);

	return (size_t)(h ^ h >> 29) & (r->capindex - 1);
}

/* A process of the run by identity (pid and start time: a reused pid is
 * another process), as when a later part of the run declares it again. */
static struct pdecl *find_decl(struct run *r, const struct psr_process *p)
{
	if (!r->capindex)
		return NULL;
	for (size_t i = slot_of(r, p->pid, p->start_ticks);;
	     i = (i + 1) & (r->capindex - 1)) {
		struct pdecl *d = r->index[i];
		if (!d || (d->pid == p->pid && d->start_ticks == p->start_ticks))
			return d;
	}
}

static void index_put(struct run *r, struct pdecl *d)
{
	size_t i = slot_of(r, d->pid, d->start_ticks);

	while (r->index[i])
		i = (i + 1) & (r->capindex - 1);
	r->index[i] = d;
}

/* Room for one more process in the index (kept at most half full). */
static int index_grow(struct run *r)
{
	struct pdecl **old = r->index;
	size_t oldcap = r->capindex;

	if ((r->ndecl + 1) * 2 <= r->capindex)
		return 0;
	r->capindex = oldcap ? oldcap * 2 : 64;
	r->index = calloc(r->capindex, sizeof *r->index);
	if (!r->index) {
		r->index = old;
		r->capindex = oldcap;
		return -ENOMEM;
	}
	for (size_t i = 0; i < oldcap; i++)
		if (old[i])
			index_put(r, old[i]);
	free(old);
	return 0;
}

static uint32_t chain_key(const struct chains *c, const struct pdecl *d)
{
	return c->by_ppid ? d->ppid : d->pid;
}

/* The slot of key: its chain's, or the empty one it would take. */
static size_t chain_at(const struct chains *c, uint32_t key)
{
	uint64_t h = key * 0x9E3779B97F4A7C15ull;
	size_t i = (size_t)(h ^ h >> 29) & (c->cap - 1);

	while (c->head[i] && chain_key(c, c->head[i]) != key)
		i = (i + 1) & (c->cap - 1);
	return i;
}

/* d becomes the head of its key's chain; *link is where the chain goes
 * on (its same_pid or next_orphan). 0 or -ENOMEM. */
static int chain_put(struct chains *c, struct pdecl *d, struct pdecl **link)
{
	if ((c->n + 1) * 2 > c->cap) {
		struct pdecl **old = c->head;
		size_t oldcap = c->cap;
		c->cap = oldcap ? oldcap * 2 : 64;
		c->head = calloc(c->cap, sizeof *c->head);
		if (!c->head) {
			c->head = old;
			c->cap = oldcap;
			return -ENOMEM;
		}
		for (size_t i = 0; i < oldcap; i++)
			if (old[i])
				c->head[chain_at(c, chain_key(c, old[i]))] = old[i];
		free(old);
	}
	size_t i = chain_at(c, chain_key(c, d));
	if (!c->head[i])
		c->n++;
	*link = c->head[i];
	c->head[i] = d;
	return 0;
}

static struct pdecl *pid_find(const struct run *r, uint32_t pid)
{
	return r->pids.cap ? r->pids.head[chain_at(&r->pids, pid)] : NULL;
}

/* d waits for a process of its parent's pid to be declared. */
static int orphan_put(struct run *r, struct pdecl *d)
{
	return chain_put(&r->orphans, d, &d->next_orphan);
}

/* The processes waiting for a parent of pid, taken off the map: a later
 * process of pid starts later still, so it is none's parent. */
static struct pdecl *orphans_of(struct run *r, uint32_t pid)
{
	struct chains *c = &r->orphans;

	if (!c->n)
		return NULL;
	size_t i = chain_at(c, pid);
	struct pdecl *list = c->head[i];

	if (!list)
		return NULL;
	/* remove slot i (linear probing: re-place the cluster after it) */
	c->head[i] = NULL;
	c->n--;
	for (size_t j = (i + 1) & (c->cap - 1); c->head[j];
	     j = (j + 1) & (c->cap - 1)) {
		struct pdecl *q = c->head[j];
		c->head[j] = NULL;
		c->head[chain_at(c, chain_key(c, q))] = q;
	}
	return list;
}

/* The same, left in place (whether ps would adopt one). */
static const struct pdecl *orphans_peek(const struct run *r, uint32_t pid)
{
	return r->orphans.n ? r->orphans.head[chain_at(&r->orphans, pid)]
			    : NULL;
}

static char *dup_mem(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d) {
		memcpy(d, s, n);
		d[n] = 0;
	}
	return d;
}

/* n bytes of the run's arena (8-aligned), NULL: out of memory. */
static void *arena_alloc(struct arena *m, size_t n)
{
	n = (n + 7) & ~(size_t)7;
	if (!m->head || m->size - m->used < n) {
		size_t size = n > 65536 ? n : 65536;
		struct arena_chunk *c = malloc(sizeof *c + size);
		if (!c)
			return NULL;
		c->next = m->head;
		m->head = c;
		m->used = 0;
		m->size = size;
	}
	void *p = (char *)m->head->data + m->used;
	m->used += n;
	return p;
}

static void arena_free(struct arena *m)
{
	while (m->head) {
		struct arena_chunk *c = m->head;
		m->head = c->next;
		free(c);
	}
	m->used = m->size = 0;
}

/* A new process's declaration, in the index and its pid's chain. */
static int declare(struct psr_analysis *a, struct run *r,
		   const struct psr_process *p, struct pdecl **out)
{
	const struct psr_header *h = a->h;
	/* (the run's comms, each once: the exit accounting's table, which
	 * the result keeps) */
	const char *comm = exit_table_intern(&r->exits, p->comm);
	struct pdecl *d;

	int rc = hold_bytes(a, offsetof(struct pdecl, cmdline) +
				  p->cmdline_len + 1 + 4 * sizeof(void *));

	if (rc)
		return rc;
	if (!comm || p->cmdline_len >= UINT32_MAX || index_grow(r) ||
	    !(d = arena_alloc(&r->arena, offsetof(struct pdecl, cmdline) +
						 p->cmdline_len + 1)))
		return oom(a);
	*d = (struct pdecl){
		.pid = p->pid, .ppid = p->ppid, .uid = p->uid,
		.part = (uint32_t)(r->nparts - 1),
		.start_ticks = p->start_ticks,
		.start_epoch = (double)h->boot_epoch_ns / 1e9 +
			       (double)p->start_ticks / h->clock_ticks,
		.seq = r->ndecl, .comm = comm,
		.cmdline_len = (uint32_t)p->cmdline_len, .status = -1,
	};
	memcpy(d->cmdline, p->cmdline, p->cmdline_len);
	d->cmdline[p->cmdline_len] = 0;
	if (p->flags & PSR_PROC_LAUNCHED)
		d->flags |= D_LAUNCHED;
	/* its whole life is in the run: all its CPU counts (the command
	 * psrec launched starts just before the log's header is taken) */
	if ((p->flags & PSR_PROC_LAUNCHED) ||
	    d->start_epoch + 1.0 / h->clock_ticks >=
		    (double)r->h.start_epoch_ns / 1e9)
		d->flags |= D_FROM_ZERO;
	if (selected(a, p))
		d->flags |= D_SELECTED;
	index_put(r, d);
	r->ndecl++;
	*out = d;
	return chain_put(&r->pids, d, &d->same_pid) ? oom(a) : 0;
}

/* The width of a process's first time buckets, run us: the interval. */
static double grid_width(const struct psr_header *h)
{
	return h->interval_ns >= 1000 ? (double)(h->interval_ns / 1000) : 1e6;
}

static bool decl_selected(const struct pdecl *d)
{
	return d->ps ? d->ps->selected : (d->flags & D_SELECTED) != 0;
}

/* The state of declared process d, made now if it was held. */
static int make_state(struct psr_analysis *a, struct run *r, struct pdecl *d,
		       struct pstate **out)
{
	struct pstate *ps;
	int rc;

	if ((*out = d->ps))
		return 0;
	/* (it stays to the end of the run, its names with it) */
	if ((rc = hold_bytes(a, sizeof *ps + strlen(d->comm) + d->cmdline_len +
				      2 * 16)))
		return rc;
	if (!(ps = calloc(1, sizeof *ps)) || !(ps->lv = calloc(1, sizeof *ps->lv))) {
		free(ps);
		return oom(a);
	}
	ps->decl = d;
	ps->id.pid = d->pid;
	ps->id.ppid = d->ppid;
	ps->id.uid = d->uid;
	ps->id.start_ticks = d->start_ticks;
	ps->id.start_epoch = d->start_epoch;
	ps->id.comm = strdup(d->comm);
	ps->id.cmdline = dup_mem(d->cmdline, d->cmdline_len);
	ps->id.cmdline_len = d->cmdline_len;
	ps->id.status = d->status;
	ps->id.ended = d->flags & D_ENDED;
	ps->end_t = INT64_MAX; /* (its END's time was not kept) */
	ps->id.launched = d->flags & D_LAUNCHED;
	ps->cpu.from_zero = d->flags & D_FROM_ZERO;
	ps->tab = a->tab;
	ps->ntab = a->ntab;
	ps->selected = d->flags & D_SELECTED;
	ps->lv->width = r->parts[d->part].width;
	/* its series' accumulators come with its first sample
	 * (accumulators()): a log may declare millions of processes that
	 * have none */
	ps->on_mask = r->parts[d->part].on_mask;
	if (!ps->id.comm || !ps->id.cmdline)
		goto nomem;
	if (r->nps == r->capps) {
		size_t cap = r->capps ? r->capps * 2 : 16;
		struct pstate **v = realloc(r->ps, cap * sizeof *v);
		if (!v)
			goto nomem;
		r->ps = v;
		r->capps = cap;
	}
	/* in the order made; sorted by declaration at the end (sort_ps) */
	r->ps[r->nps++] = ps;
	if (ps->id.launched && !r->launched)
		r->launched = ps;
	*out = d->ps = ps;
	return 0;
nomem:
	free(ps->id.comm);
	free(ps->id.cmdline);
	free(ps->lv);
	free(ps);
	return oom(a);
}

static int map_id(struct psr_analysis *a, uint32_t id, struct pdecl *d)
{
	if (id > a->nidmap) {
		size_t n = a->nidmap ? a->nidmap : 64;
		while (n < id)
			n *= 2;
		struct pdecl **m = realloc(a->idmap, n * sizeof *m);
		if (!m)
			return oom(a);
		memset(m + a->nidmap, 0, (n - a->nidmap) * sizeof *m);
		a->idmap = m;
		a->nidmap = n;
	}
	a->idmap[id - 1] = d;
	return 0;
}

static struct pdecl *decl_of(const struct psr_analysis *a, uint32_t id)
{
	return id >= 1 && id <= a->nidmap ? a->idmap[id - 1] : NULL;
}

/* The state of process id; NULL for one unknown or still held. */
static struct pstate *by_id(const struct psr_analysis *a, uint32_t id)
{
	struct pdecl *d = decl_of(a, id);

	return d ? d->ps : NULL;
}

/* The state of process id, made if it was held (*out NULL: unknown). */
static int need_id(struct psr_analysis *a, uint32_t id, struct pstate **out)
{
	struct pdecl *d = decl_of(a, id);

	*out = NULL;
	return d ? make_state(a, &a->runs[a->nruns - 1], d, out) : 0;
}

/* The series summed over a process tree. */
static bool tree_series(const struct psr_series_def *d)
{
	static const char *const names[] = {
		"cpu_percent", "cpu_user_percent", "cpu_system_percent",
		"rss_bytes", "pss_bytes", "uss_bytes", "read_bytes_per_s",
		"write_bytes_per_s", "threads", "fds",
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(d->name, names[i]) == 0)
			return true;
	return false;
}

static int new_tree(struct psr_analysis *a, struct run *r, struct pstate *root)
{
	struct pstate *t = calloc(1, sizeof *t);
	struct pstate **v = realloc(r->trees, (r->ntrees + 1) * sizeof *v);

	if (v)
		r->trees = v;
	if (!t || !v || !(t->lv = calloc(1, sizeof *t->lv)) ||
	    !(t->id.comm = strdup(root->id.comm)) ||
	    !(t->id.cmdline = strdup(""))) {
		if (t) {
			free(t->id.comm);
			free(t->lv);
		}
		free(t);
		return oom(a);
	}
	t->id.tree = true;
	t->id.tree_members = 1;
	t->id.pid = root->id.pid;
	t->id.ppid = root->id.ppid;
	t->id.uid = root->id.uid;
	t->id.start_ticks = root->id.start_ticks;
	t->id.start_epoch = root->id.start_epoch;
	t->id.status = -1;
	t->tab = a->tab;
	t->ntab = a->ntab;
	t->lv->s = calloc(t->ntab, sizeof *t->lv->s);
	t->lv->tsum = calloc(t->ntab, sizeof *t->lv->tsum);
	if (!t->lv->s || !t->lv->tsum) {
		free(t->lv->s);
		free(t->lv->tsum);
		free(t->lv);
		free(t->id.comm);
		free(t->id.cmdline);
		free(t);
		return oom(a);
	}
	t->selected = true;
	t->lv->width = grid_width(a->h); /* (root may have ended) */
	for (unsigned i = 0; i < a->ntab; i++) {
		bool on = root->on_mask >> i & 1;
		t->lv->s[i].on = on && tree_series(&a->tab[i]);
		t->lv->tree_on |= (uint64_t)t->lv->s[i].on << i;
		psr_stats_init(&t->lv->s[i].st);
	}
	r->trees[r->ntrees++] = t;
	root->tree = t;
	return 0;
}

/* The command psrec launched in run r (the root of the job's tree). */
static struct pstate *launched(const struct run *r)
{
	return r->launched;
}

/* The parent of declared process d: the last process declared with its
 * parent's pid that started no later than d (the pid's chain is in the
 * order of declaration). */
static struct pdecl *find_parent(const struct run *r, const struct pdecl *d)
{
	for (struct pdecl *q = pid_find(r, d->ppid); q; q = q->same_pid)
		if (q != d && q->start_ticks <= d->start_ticks)
			return q;
	return NULL;
}

/* A new process whose parent was recorded joins the parent's tree. An
 * orphan of the command, adopted by psrec (its subreaper: the parent is
 * the writer), joins the command's: it is part of the job. */
static int join_tree(struct psr_analysis *a, struct run *r, struct pstate *ps)
{
	struct pdecl *pd = find_parent(r, ps->decl);
	struct pstate *parent = NULL, *root;
	int rc;

	bool adopted = !pd && !ps->id.launched &&
		       ps->id.ppid == a->h->writer_pid &&
		       (parent = launched(r)) != NULL;
	if (!pd && !parent && ps->id.ppid && ps->selected)
		return orphan_put(r, ps->decl) ? oom(a) : 0;
	/* a parent held without state gets one: it has a tree now */
	if (pd && decl_selected(pd) && ps->selected &&
	    (rc = make_state(a, r, pd, &parent)))
		return rc;
	if (!parent || !parent->selected || !ps->selected)
		return 0;
	/* the command did not wait for an orphan: no pool for it there */
	ps->parent = adopted ? NULL : parent;
	root = parent->root ? parent->root : parent;
	if (!root->tree && (rc = new_tree(a, r, root)))
		return rc;
	ps->root = root;
	root->tree->id.tree_members++;
	return 0;
}

static size_t tree_index(struct run *r, const struct pstate *t);

/* Child q, recorded before its parent ps, joins ps's tree: its own
 * tree (q a root already) is merged in while it has no sample yet (the
 * processes of one scan are all declared before its values); else q
 * keeps its tree and only gives its CPU to ps's pool. */
static int late_child(struct psr_analysis *a, struct run *r,
		      struct pstate *ps, struct pstate *q)
{
	struct pstate *root = ps->root ? ps->root : ps;
	int rc;

	q->parent = ps;
	if (q->id.samples || (q->tree && q->tree->id.samples))
		return 0;
	if (!root->tree && (rc = new_tree(a, r, root)))
		return rc;
	if (q->tree) {
		for (size_t i = 0; i < r->nps; i++)
			if (r->ps[i]->root == q)
				r->ps[i]->root = root;
		root->tree->id.tree_members += q->tree->id.tree_members;
		q->tree->id.tree_members = 0; /* not a tree of the result */
		q->tree->merged_into = root->tree;
		q->tree = NULL;
	} else {
		root->tree->id.tree_members++;
	}
	q->root = root;
	return 0;
}

/* Whether a process declared as p (selected or not) takes orphan q as
 * its child: q started no earlier and is in no tree yet. */
static bool adopts(bool selected, const struct pdecl *p, const struct pdecl *q)
{
	return selected && q != p && (!q->ps || (!q->ps->parent && !q->ps->root)) &&
	       q->start_ticks >= p->start_ticks;
}

/* The processes recorded before ps whose parent ps is (started no
 * earlier than it). */
static int adopt_orphans(struct psr_analysis *a, struct run *r,
			 struct pstate *ps)
{
	struct pdecl *q = orphans_of(r, ps->id.pid);
	struct pstate *qs;
	int rc;

	for (; q; q = q->next_orphan)
		if (adopts(ps->selected, ps->decl, q) &&
		    ((rc = make_state(a, r, q, &qs)) ||
		     (rc = late_child(a, r, ps, qs))))
			return rc;
	return 0;
}

/* Children of ps that ended before ps was first recorded (the first
 * `true` of a launched shell, before the sample at t = 0): known from
 * their EXIT records, held until now, they are its children. */
static int adopt_exited(struct psr_analysis *a, struct run *r,
			struct pstate *ps)
{
	struct pstate *root = ps->root ? ps->root : ps;
	int rc;

	if (!ps->selected || !exit_table_waiting(&r->exits, ps->id.pid))
		return 0;
	if (!root->tree && (rc = new_tree(a, r, root)))
		return rc;
	cputime_pool(&ps->cpu,
			  exit_table_adopt(&r->exits, ps->id.pid,
					   ps->id.start_epoch,
					   tree_index(r, root->tree)));
	return 0;
}

/* RENAME (format 5): the process exec'd. It is named by its latest comm
 * and command line, its earlier ones kept in order; with --name, a new
 * name may select it (from this sample on). */
static int on_rename(struct psr_analysis *a, const struct psr_rename *n)
{
	struct run *r = &a->runs[a->nruns - 1];
	struct pstate *ps;
	struct psr_former_name *f;
	char *comm, *cmdline;

	if (need_id(a, n->id, &ps))
		return -ENOMEM;

	if (!ps || ps->done || ps->short_row || ps->id.tree)
		return 0;
	if (strcmp(ps->id.comm, n->comm) == 0 &&
	    ps->id.cmdline_len == n->cmdline_len &&
	    memcmp(ps->id.cmdline, n->cmdline, n->cmdline_len) == 0)
		return 0; /* a part of the run declared it so already */
	if (strcmp(ps->id.comm, n->comm) == 0 && !ps->id.cmdline_len) {
		/* its command line, read empty inside an exec, now read
		 * whole: not a name of its own */
		if (!(cmdline = dup_mem(n->cmdline, n->cmdline_len)))
			return oom(a);
		free(ps->id.cmdline);
		ps->id.cmdline = cmdline;
		ps->id.cmdline_len = n->cmdline_len;
		return 0;
	}
	f = realloc(ps->id.former, (ps->id.nformer + 1) * sizeof *f);
	if (!f)
		return oom(a);
	ps->id.former = f;
	comm = strdup(n->comm);
	cmdline = dup_mem(n->cmdline, n->cmdline_len);
	if (!comm || !cmdline) {
		free(comm);
		free(cmdline);
		return oom(a);
	}
	f[ps->id.nformer++] = (struct psr_former_name){
		ps->id.comm, ps->id.cmdline, ps->id.cmdline_len,
		(double)a->h->start_epoch_ns / 1e9 + (double)n->t_us / 1e6};
	ps->id.comm = comm;
	ps->id.cmdline = cmdline;
	ps->id.cmdline_len = n->cmdline_len;
	if (!ps->selected) {
		struct psr_process p = {.pid = ps->id.pid, .comm = comm};
		if ((ps->selected = selected(a, &p)))
			return join_tree(a, r, ps);
	}
	return 0;
}

/* A process declared after its own EXIT record came without its id
 * (psrec read the exit between finding the process and writing its
 * first sample): its row from the record is all of it. */
static bool exited_already(const struct run *r, const struct pdecl *d)
{
	const struct psr_exited *e = exit_table_row_of(&r->exits, d->pid);

	return e && fabs(e->start_epoch - d->start_epoch) < 2.0;
}

/* Whether declaring d changes a tree or another process, as join_tree(),
 * adopt_orphans() and adopt_exited() would: a parent that takes it, an
 * orphan it takes, EXIT rows waiting for it. */
static bool acts(const struct psr_analysis *a, const struct run *r,
		 const struct pdecl *d)
{
	const struct pdecl *q;

	if (!(d->flags & D_SELECTED))
		return false;
	if ((q = find_parent(r, d))) {
		if (decl_selected(q))
			return true;
	} else if (d->ppid == a->h->writer_pid && launched(r)) {
		if (launched(r)->selected)
			return true;
	}
	for (q = orphans_peek(r, d->pid); q; q = q->next_orphan)
		if (adopts(true, d, q))
			return true;
	return exit_table_waiting(&r->exits, d->pid);
}

/* A declaration that changes nothing else is held (no state): what
 * join_tree() and adopt_orphans() do to the lookup chains only. */
static int hold(const struct psr_analysis *a, struct run *r, struct pdecl *d)
{
	bool parent = find_parent(r, d) ||
		      (d->ppid == a->h->writer_pid && launched(r));

	if (!parent && d->ppid && (d->flags & D_SELECTED) && orphan_put(r, d))
		return -ENOMEM;
	orphans_of(r, d->pid); /* none of them is its child */
	return 0;
}

static int on_process(struct psr_analysis *a, const struct psr_process *p)
{
	struct run *r = &a->runs[a->nruns - 1];
	struct pdecl *d = find_decl(r, p); /* seen in an earlier part */
	struct pstate *ps;
	int rc;

	if (!d) {
		if ((rc = declare(a, r, p, &d)))
			return rc;
		if (exited_already(r, d))
			d->flags &= ~D_SELECTED; /* its EXIT row holds it */
		if (!(d->flags & D_LAUNCHED) && !acts(a, r, d)) {
			if (hold(a, r, d))
				return oom(a);
		} else if ((rc = make_state(a, r, d, &ps)) ||
			   (rc = join_tree(a, r, ps)) ||
			   (rc = adopt_orphans(a, r, ps)) ||
			   (rc = adopt_exited(a, r, ps))) {
			return rc;
		}
	}
	return map_id(a, p->id, d);
}

/* ---- buckets and runs of values ------------------------------------- */

static void clear_buckets(struct bucket *k, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		k[i] = (struct bucket){0, 0, INFINITY, -INFINITY};
}

/* A series' buckets, as many as its process has room for (capb): a
 * process of 3 samples pays for 16, not PSR_ANALYSIS_BUCKETS. */
static int alloc_buckets(struct sacc *s, size_t capb)
{
	if (!capb)
		capb = 16;
	s->bk = malloc(capb * sizeof *s->bk);
	if (!s->bk)
		return -ENOMEM;
	clear_buckets(s->bk, 0, capb);
	return 0;
}

/* The series varies (or misses a value): give it buckets, holding its
 * constant for the buckets before the open run's. */
static int materialize(struct sacc *s, const double *bt_w, size_t capb)
{
	int rc;

	s->varied = true;
	if (s->bk)
		return 0;
	if ((rc = alloc_buckets(s, capb)))
		return rc;
	for (size_t b = s->b0_set ? s->b0 : s->run_b; b < s->run_b; b++)
		if (bt_w[b] > 0)
			s->bk[b] = (struct bucket){bt_w[b], bt_w[b] * s->first,
						   s->first, s->first};
	return 0;
}

/* The run's part in its bucket goes to the bucket. */
static int flush_bucket(struct sacc *s, size_t capb)
{
	int rc;

	if (!(s->brun_w > 0))
		return 0;
	if (!s->bk && !s->varied) { /* still constant: the process knows */
		if (!s->b0_set) {
			s->b0 = s->run_b;
			s->b0_set = true;
		}
		s->brun_w = 0;
		return 0;
	}
	if (!s->bk && (rc = alloc_buckets(s, capb)))
		return rc;
	bucket_add(&s->bk[s->run_b], s->brun_w, s->run_v);
	s->brun_w = 0;
	return 0;
}

/* The run of one value ends: to the statistics and its bucket. */
static int flush_run(struct sacc *s, size_t capb)
{
	int rc;

	if (!s->run_open)
		return 0;
	s->run_open = false;
	rc = psr_stats_add_inline(&s->st, s->run_v, s->run_w, s->run_n);
	return rc ? rc : flush_bucket(s, capb);
}

/* Halve the resolution: bucket j takes old buckets 2j and 2j+1. */
static void merge_buckets(struct psr_analysis *a, struct pstate *ps)
{
	size_t half = PSR_ANALYSIS_BUCKETS / 2;

	for (size_t j = 0; j < half; j++) {
		ps->lv->bt_w[j] = ps->lv->bt_w[2 * j] + ps->lv->bt_w[2 * j + 1];
		ps->lv->bt_wt[j] = ps->lv->bt_wt[2 * j] + ps->lv->bt_wt[2 * j + 1];
	}
	memset(ps->lv->bt_w + half, 0, half * sizeof *ps->lv->bt_w);
	memset(ps->lv->bt_wt + half, 0, half * sizeof *ps->lv->bt_wt);
	for (unsigned i = 0; i < ps->ntab; i++) {
		struct sacc *s = &ps->lv->s[i];
		s->run_b /= 2;
		s->b0 /= 2;
		if (!s->bk)
			continue;
		for (size_t j = 0; j < half; j++) {
			const struct bucket *x = &s->bk[2 * j], *y = x + 1;
			s->bk[j] = (struct bucket){x->w + y->w, x->wx + y->wx,
						   fmin(x->min, y->min),
						   fmax(x->max, y->max)};
		}
		clear_buckets(s->bk, half, PSR_ANALYSIS_BUCKETS);
	}
	ps->lv->nb = (ps->lv->nb + 1) / 2;
	ps->lv->width *= 2;
	ps->lv->last_b /= 2;
	ps->lv->b_end = ps->lv->origin + (double)(ps->lv->last_b + 1) * ps->lv->width;
}

/* Room for buckets up to b in the process's arrays and in those of its
 * series with buckets (b < BUCKETS): they grow together, doubling. */
static int grow_buckets(struct pstate *ps, size_t b)
{
	size_t cap = ps->lv->capb ? ps->lv->capb : 16;
	double *w, *wt;

	if (b < ps->lv->capb)
		return 0;
	while (cap <= b)
		cap *= 2;
	if (cap > PSR_ANALYSIS_BUCKETS)
		cap = PSR_ANALYSIS_BUCKETS;
	w = realloc(ps->lv->bt_w, cap * sizeof *w);
	if (w)
		ps->lv->bt_w = w;
	wt = realloc(ps->lv->bt_wt, cap * sizeof *wt);
	if (wt)
		ps->lv->bt_wt = wt;
	if (!w || !wt)
		return -ENOMEM;
	memset(w + ps->lv->capb, 0, (cap - ps->lv->capb) * sizeof *w);
	memset(wt + ps->lv->capb, 0, (cap - ps->lv->capb) * sizeof *wt);
	for (unsigned i = 0; i < ps->ntab; i++) {
		struct sacc *s = &ps->lv->s[i];
		struct bucket *k;
		size_t old = ps->lv->capb ? ps->lv->capb : 16;
		if (!s->bk || old >= cap)
			continue;
		if (!(k = realloc(s->bk, cap * sizeof *k)))
			return -ENOMEM;
		clear_buckets(k, old, cap);
		s->bk = k;
	}
	ps->lv->capb = cap;
	return 0;
}

/* The bucket of time t into *out, growing the process's arrays, or
 * halving the resolution once they are full; *moved when it is not the
 * bucket of the sample before. 0 or -ENOMEM. */
static int bucket_of(struct psr_analysis *a, struct pstate *ps, int64_t t,
		     size_t *out, bool *moved)
{
	size_t b;
	int rc;

	/* most samples fall in the bucket of the one before */
	*moved = false;
	if (ps->id.samples && (double)t < ps->lv->b_end &&
	    (double)t >= ps->lv->b_end - ps->lv->width) {
		*out = ps->lv->last_b;
		return 0;
	}
	*moved = true;
	if (!ps->id.samples)
		ps->lv->origin = (double)t - ps->lv->width / 2;
	for (;;) {
		double pos = ((double)t - ps->lv->origin) / ps->lv->width;
		b = pos > 0 ? (size_t)pos : 0;
		if (b < PSR_ANALYSIS_BUCKETS)
			break;
		if ((rc = grow_buckets(ps, PSR_ANALYSIS_BUCKETS - 1)))
			return rc;
		merge_buckets(a, ps);
	}
	if ((rc = grow_buckets(ps, b)))
		return rc;
	if (b >= ps->lv->nb)
		ps->lv->nb = b + 1;
	ps->lv->b_end = ps->lv->origin + (double)(b + 1) * ps->lv->width;
	ps->lv->last_b = b;
	*out = b;
	return 0;
}

/* ---- the lazy extension of live series ------------------------------ */

/* The process's samples since s's mark all repeated s's value (a live
 * series that was not computed): add them to its run, bucket part,
 * window and hold. */
static void settle(const struct psr_analysis *a, const struct pstate *ps,
		   struct sacc *s, bool trend)
{
	uint64_t dn = ps->lv->cum_n - s->mark_n;
	double dw;

	if (!s->live || !dn)
		return;
	dw = (double)(ps->lv->cum_ns - s->mark_ns) / 1e9;
	s->run_w += dw;
	s->brun_w += dw;
	s->run_n += dn;
	if (a->o.window > 0) {
		s->win_w += dw;
		s->win_wx += dw * s->run_v;
		if (s->run_v > s->win_max)
			s->win_max = s->run_v;
	}
	if (trend && (s->hold += dn) > s->longest)
		s->longest = s->hold;
	s->mark_ns = ps->lv->cum_ns;
	s->mark_n = ps->lv->cum_n;
}

static bool trend_of(const struct pstate *ps, unsigned i)
{
	return ps->tab[i].flags & PSR_SF_TREND;
}

/* Settle every series of a recorded process (before its window closes,
 * at the end). Pseudo-processes feed every series every sample. */
static void settle_all(const struct psr_analysis *a, struct pstate *ps)
{
	if (ps->tab != a->tab)
		return;
	for (uint64_t m = ps->lv->live_mask; m; m &= m - 1) {
		unsigned i = (unsigned)__builtin_ctzll(m);
		settle(a, ps, &ps->lv->s[i], trend_of(ps, i));
	}
}

/* A new bucket: the runs of the live series that have buckets go on in
 * it (feed() does the same for a series it computes). A series that
 * never varied has no buckets to fill: catch_up() moves it when it does. */
static int move_runs(const struct psr_analysis *a, struct pstate *ps,
		     size_t b)
{
	int rc;

	if (ps->tab != a->tab)
		return 0;
	for (uint64_t m = ps->lv->live_mask & ps->lv->bk_mask; m; m &= m - 1) {
		unsigned i = (unsigned)__builtin_ctzll(m);
		struct sacc *s = &ps->lv->s[i];
		settle(a, ps, s, trend_of(ps, i));
		if ((rc = flush_bucket(s, ps->lv->capb)))
			return rc;
		s->run_b = b;
	}
	return 0;
}

/* A later log of the run: a series it does not record stops, and every
 * series is computed at the process's next sample. */
static void unplan_series(struct psr_analysis *a)
{
	struct run *r = &a->runs[a->nruns - 1];

	for (size_t k = 0; k < r->nps; k++) {
		struct pstate *ps = r->ps[k];
		if (ps->done || ps->short_row)
			continue;
		ps->lv->pend |= a->stats_mask;
		for (unsigned i = 0; ps->lv->s && i < ps->ntab; i++) {
			if (!ps->lv->s[i].live || a->plan_of[i] >= 0)
				continue;
			settle(a, ps, &ps->lv->s[i], trend_of(ps, i));
			ps->lv->s[i].live = false;
			ps->lv->live_mask &= ~(1ull << i);
		}
	}
}

/* ---- windows ------------------------------------------------------- */

static int close_window(struct psr_analysis *a, struct pstate *ps)
{
	settle_all(a, ps);
	if (ps->lv->nwin == ps->lv->capwin) {
		size_t cap = ps->lv->capwin ? ps->lv->capwin * 2 : 64;
		double *st = realloc(ps->lv->win_start, cap * sizeof *st);
		if (!st)
			return -ENOMEM;
		ps->lv->win_start = st;
		for (unsigned i = 0; i < ps->ntab; i++) {
			struct sacc *s = &ps->lv->s[i];
			if (!s->on)
				continue;
			double *m = realloc(s->wmean, cap * sizeof *m);
			if (m)
				s->wmean = m;
			double *x = realloc(s->wmax, cap * sizeof *x);
			if (x)
				s->wmax = x;
			if (!m || !x)
				return -ENOMEM;
		}
		ps->lv->capwin = cap;
	}
	ps->lv->win_start[ps->lv->nwin] = (double)ps->lv->win_idx * a->o.window;
	for (unsigned i = 0; i < ps->ntab; i++) {
		struct sacc *s = &ps->lv->s[i];
		if (!s->on)
			continue;
		s->wmean[ps->lv->nwin] = s->win_w > 0 ? s->win_wx / s->win_w : NAN;
		s->wmax[ps->lv->nwin] = s->win_w > 0 ? s->win_max : NAN;
		s->win_w = s->win_wx = 0;
		s->win_max = -INFINITY;
	}
	ps->lv->nwin++;
	return 0;
}

static int window_step(struct psr_analysis *a, struct pstate *ps,
		       int64_t epoch_us)
{
	int64_t idx = (int64_t)floor((double)epoch_us / 1e6 / a->o.window);
	int rc;

	if (ps->id.samples && idx != ps->lv->win_idx &&
	    (rc = close_window(a, ps)))
		return rc;
	if (!ps->id.samples || idx != ps->lv->win_idx) {
		ps->lv->win_idx = idx;
		for (unsigned i = 0; i < ps->ntab; i++)
			ps->lv->s[i].win_max = -INFINITY;
	}
	return 0;
}

/* ---- samples ------------------------------------------------------- */

static int feed(struct sacc *s, bool trend, bool window, double x, double w,
		size_t b, const double *bt_w, size_t capb)
{
	int rc;

	if (s->any && !s->varied && x != s->first &&
	    (rc = materialize(s, bt_w, capb)))
		return rc;
	if (!s->any) { /* its constant, if it stays one, starts here */
		s->any = true;
		s->first = x;
		s->b0 = b;
		s->b0_set = true;
	}
	s->last = x;
	if (trend) {
		if (s->hold && x < s->prev_v)
			s->decreased = true;
		s->hold = s->hold && x == s->prev_v ? s->hold + 1 : 1;
		if (s->hold > s->longest)
			s->longest = s->hold;
		s->prev_v = x;
	}
	if (window) {
		s->win_w += w;
		s->win_wx += w * x;
		if (x > s->win_max)
			s->win_max = x;
	}
	if (s->run_open && x == s->run_v) {
		if (b != s->run_b) { /* the value goes on in a new bucket */
			if ((rc = flush_bucket(s, capb)))
				return rc;
			s->run_b = b;
		}
		s->run_w += w;
		s->brun_w += w;
		s->run_n++;
		return 0;
	}
	if ((rc = flush_run(s, capb)))
		return rc;
	s->run_open = true;
	s->run_v = x;
	s->run_w = w;
	s->brun_w = w;
	s->run_n = 1;
	s->run_b = b;
	return 0;
}

static void keep_prev(const struct psr_analysis *a, struct pstate *ps,
		      const struct psr_values *v, int64_t t)
{
	memcpy(ps->lv->prev->v, v->v, a->ident * sizeof *v->v);
	for (unsigned i = 0; i < a->ntail; i++)
		ps->lv->prev->v[a->tail[i]] = v->v[a->tail[i]];
	ps->lv->prev->present = v->present;
	ps->lv->prev_t = t;
	ps->lv->has_prev = true;
}

/* The metrics (bit per id) whose value or presence differs from the
 * process's last sample; all for its first taken (the samples before
 * --from only gave it a base for rates). */
static uint64_t changed_metrics(const struct psr_analysis *a,
				const struct pstate *ps,
				const struct psr_values *v)
{
	uint64_t chg;

	if (!ps->lv->has_prev || !ps->id.samples)
		return ~0ull;
	chg = v->present ^ ps->lv->prev->present;
	/* the common answer, an idle process: nothing */
	if (!chg && !memcmp(ps->lv->prev->v, v->v, a->ident * sizeof *v->v)) {
		for (unsigned i = 0; i < a->ntail; i++) {
			unsigned m = a->tail[i];
			chg |= (uint64_t)(v->v[m] != ps->lv->prev->v[m]) << m;
		}
		return chg;
	}
	for (unsigned m = 0; m < a->ident; m++)
		chg |= (uint64_t)(v->v[m] != ps->lv->prev->v[m]) << m;
	for (unsigned i = 0; i < a->ntail; i++) {
		unsigned m = a->tail[i];
		chg |= (uint64_t)(v->v[m] != ps->lv->prev->v[m]) << m;
	}
	return chg;
}

/* The statistics series that read any of the metrics in chg. */
static uint64_t series_reading(const struct psr_analysis *a, uint64_t chg)
{
	uint64_t s = 0;

	if (chg == ~0ull)
		return a->stats_mask;
	for (; chg; chg &= chg - 1)
		s |= a->reads[__builtin_ctzll(chg)];
	return s;
}

/* Series pl's value; false when undefined (psr_series_value()). */
static inline bool plan_value(const struct plan *pl, const struct pstate *ps,
			      const struct psr_values *v, double dt,
			      double *out)
{
	const uint64_t *cur = v->v, *prev = ps->lv->prev->v;
	double d;

	if ((v->present & pl->need) != pl->need)
		return false;
	if (pl->kind == PSR_SERIES_STATE) {
		*out = psr_series_state(cur[pl->m]);
		return true;
	}
	if (!pl->rate) {
		*out = (double)cur[pl->m] * pl->scale;
		return true;
	}
	/* dt > 0: there is a last sample (prev.present is 0 without one) */
	if (!(dt > 0) || (ps->lv->prev->present & pl->need) != pl->need ||
	    cur[pl->m] < prev[pl->m])
		return false;
	d = (double)(cur[pl->m] - prev[pl->m]);
	if (pl->m2 >= 0) {
		if (cur[pl->m2] < prev[pl->m2])
			return false;
		d += (double)(cur[pl->m2] - prev[pl->m2]);
	}
	*out = d * pl->scale / dt;
	return true;
}

/* One sample's weight, in seconds (w) and exactly (ns). */
struct weight {
	double dt, w;
	int64_t ns;
	size_t b; /* its time bucket */
};

/* The common case of a busy process: live series s, which has buckets
 * (move_runs() keeps its run in the current one), takes a new value x
 * without --window: what feed() does, without its tests. The run goes
 * to the statistics and the bucket, x opens the next. */
static inline int next_value(struct sacc *s, bool trend, double x, double w)
{
	struct bucket *k = &s->bk[s->run_b];
	int rc;

	rc = psr_stats_add_inline(&s->st, s->run_v, s->run_w, s->run_n);
	if (rc)
		return rc;
	if (s->brun_w > 0) /* none when the bucket just began */
		bucket_add(k, s->brun_w, s->run_v);
	if (trend) { /* hold counts samples of the last value, run_v */
		if (x < s->run_v)
			s->decreased = true;
		s->hold = 1;
		s->prev_v = x;
	}
	s->last = x;
	s->run_v = x;
	s->run_w = s->brun_w = w;
	s->run_n = 1;
	return 0;
}

/* A live series that never varied held its constant in every sample
 * since bucket b0 and was not moved to later buckets (move_runs()):
 * before it varies or misses a value, its run's part in the current
 * bucket b is the process's weight there (bt_w[b] before this sample). */
static void catch_up(const struct pstate *ps, struct sacc *s, size_t b)
{
	if (s->varied || s->run_b == b)
		return;
	s->brun_w = ps->lv->bt_w[b];
	s->run_b = b;
}

/* Series i of ps computed for this sample (its inputs changed, or it is
 * a rate that may change without them). */
static int compute(struct psr_analysis *a, struct pstate *ps, unsigned i,
		   const struct psr_values *v, const struct weight *wt)
{
	const struct plan *pl = &a->plan[a->plan_of[i]];
	struct sacc *s = &ps->lv->s[i];
	double x;
	int rc;

	if (s->live && s->mark_n != ps->lv->cum_n)
		settle(a, ps, s, pl->trend);
	if (!plan_value(pl, ps, v, wt->dt, &x)) {
		/* a rate without a base has one at the next sample */
		if (pl->rate && (v->present & pl->need) == pl->need)
			ps->lv->pend |= 1ull << i;
		if (s->live)
			catch_up(ps, s, wt->b);
		s->live = false;
		ps->lv->live_mask &= ~(1ull << i);
		/* a gap: the process's weights no longer tell */
		rc = s->any && !s->varied ? materialize(s, ps->lv->bt_w, ps->lv->capb)
					  : 0;
		ps->lv->bk_mask |= (uint64_t)(s->bk != NULL) << i;
		return rc;
	}
	/* a rate falls to 0 when its counter stands still */
	ps->lv->pend |= (uint64_t)(pl->rate && x != 0) << i;
	if (s->live && x == s->run_v)
		return 0; /* it repeats: settle() will count this sample */
	if (s->live && s->bk && !a->window) {
		rc = next_value(s, pl->trend, x, wt->w);
	} else {
		if (s->live)
			catch_up(ps, s, wt->b);
		rc = feed(s, pl->trend, a->o.window > 0, x, wt->w, wt->b,
			  ps->lv->bt_w, ps->lv->capb);
	}
	s->live = true;
	ps->lv->cur[i] = x;
	ps->lv->live_mask |= 1ull << i;
	ps->lv->bk_mask |= (uint64_t)(s->bk != NULL) << i;
	s->mark_ns = ps->lv->cum_ns + wt->ns; /* this sample is in */
	s->mark_n = ps->lv->cum_n + 1;
	return rc;
}

/* A member's values count towards its tree's sums for this sample. */
static void tree_add(struct psr_analysis *a, struct pstate *ps, int64_t t,
		     int64_t epoch_us)
{
	struct pstate *tr = ps->tree ? ps->tree : ps->root ? ps->root->tree
							   : NULL;

	if (!tr)
		return;
	/* a live series has its run's value in this sample */
	for (uint64_t m = tr->lv->tree_on & ps->lv->live_mask; m; m &= m - 1) {
		unsigned i = (unsigned)__builtin_ctzll(m);
		tr->lv->tsum[i] += ps->lv->cur[i];
		tr->lv->tany |= 1ull << i;
	}
	tr->lv->touched = true;
	tr->lv->t_now = t;
	tr->lv->epoch_now = epoch_us;
}

/* One sample of a pseudo-process (a tree total, the host) from values
 * already derived: vals[i] for series i of its table, NaN for none. */
static int pseudo_sample(struct psr_analysis *a, struct pstate *ps, int64_t t,
			 int64_t epoch_us, const double *vals)
{
	double w;
	bool moved;
	size_t b;
	int rc;

	if (ps->lv->has_prev && t <= ps->lv->prev_t)
		return 0;
	w = ps->lv->has_prev ? (double)(t - ps->lv->prev_t) / 1e6
			 : (double)a->h->interval_ns / 1e9;
	if (a->o.window > 0 && (rc = window_step(a, ps, epoch_us)))
		return rc;
	if ((rc = bucket_of(a, ps, t, &b, &moved)))
		return rc;
	ps->lv->bt_w[b] += w;
	ps->lv->bt_wt[b] += w * ((double)t / 1e6);
	for (unsigned i = 0; i < ps->ntab; i++)
		if (!isnan(vals[i]) &&
		    (rc = feed(&ps->lv->s[i], ps->tab[i].flags & PSR_SF_TREND,
			       a->o.window > 0, vals[i], w, b, ps->lv->bt_w,
			       ps->lv->capb)))
			return rc;
	if (!ps->id.samples) {
		ps->lv->first_epoch_us = epoch_us;
		ps->lv->first_t = t;
	}
	ps->lv->last_t = t;
	ps->id.samples++;
	ps->lv->prev_t = t;
	ps->lv->has_prev = true;
	return 0;
}

/* A tree's sums become one sample of the tree. */
static int tree_sample(struct psr_analysis *a, struct pstate *tr)
{
	double vals[NS_MAX];

	for (unsigned i = 0; i < tr->ntab; i++) {
		vals[i] = tr->lv->tany >> i & 1 ? tr->lv->tsum[i] : NAN;
		tr->lv->tsum[i] = 0;
	}
	tr->lv->tany = 0;
	tr->lv->touched = false;
	return pseudo_sample(a, tr, tr->lv->t_now, tr->lv->epoch_now, vals);
}

/* What ps's rows point to (psr_row.proc): its identity now, a pointer
 * that stays the same while it is sampled. */
static const struct psr_proc_result *row_identity(struct pstate *ps)
{
	struct psr_proc_result *p = &ps->lv->row_id;

	p->pid = ps->id.pid;
	p->ppid = ps->id.ppid;
	p->uid = ps->id.uid;
	p->start_ticks = ps->id.start_ticks;
	p->start_epoch = ps->id.start_epoch;
	p->comm = ps->id.comm;
	p->cmdline = ps->id.cmdline;
	p->cmdline_len = ps->id.cmdline_len;
	p->tree = ps->id.tree;
	p->launched = ps->id.launched;
	p->samples = ps->id.samples;
	return p;
}

static int new_host(struct psr_analysis *a, struct run *r)
{
	struct pstate *h = calloc(1, sizeof *h);

	if (!h || !(h->lv = calloc(1, sizeof *h->lv)) ||
	    !(h->id.comm = strdup("host")) || !(h->id.cmdline = strdup(""))) {
		if (h) {
			free(h->id.comm);
			free(h->lv);
		}
		free(h);
		return oom(a);
	}
	h->tab = psr_series_system_table(&h->ntab);
	h->lv->s = calloc(h->ntab, sizeof *h->lv->s);
	h->lv->prev = calloc(1, sizeof *h->lv->prev);
	if (!h->lv->s || !h->lv->prev) {
		free(h->lv->s);
		free(h->lv->prev);
		free(h->lv);
		free(h->id.comm);
		free(h->id.cmdline);
		free(h);
		return oom(a);
	}
	h->id.status = -1;
	h->id.start_epoch = (double)a->h->boot_epoch_ns / 1e9;
	h->selected = true;
	h->lv->width = grid_width(a->h);
	for (unsigned i = 0; i < h->ntab; i++) {
		h->lv->s[i].on = true;
		psr_stats_init(&h->lv->s[i].st);
	}
	r->sys = h;
	return 0;
}

/* A SYSTEM record: the host's series at one time. */
static int on_system(struct psr_analysis *a, const struct psr_system *sy)
{
	struct run *r = &a->runs[a->nruns - 1];
	int64_t t = a->log_offset_us + (int64_t)sy->t_us;
	double ep = (double)sy->epoch_us / 1e6, vals[NS_MAX];
	struct pstate *h;
	int rc;

	if (!r->sys && (rc = new_host(a, r)))
		return rc;
	h = r->sys;
	/* the rule of process samples: one not after the last is not
	 * weighed, and not a base (a log read twice, blocks out of order) */
	if (h->lv->has_prev && t <= h->lv->prev_t)
		return 0;
	double dt = h->lv->has_prev ? (double)(t - h->lv->prev_t) / 1e6 : 0;
	psr_series_system_values(a->h, sy->v, sy->present,
				 h->lv->has_prev ? h->lv->prev->v : NULL,
				 h->lv->prev->present, dt, vals);
	if (ep >= r->from && ep <= r->to) {
		if ((rc = pseudo_sample(a, h, t, sy->epoch_us, vals)))
			return rc == -ENOMEM ? oom(a) : rc;
		if (a->o.on_row) {
			struct psr_row row = {row_identity(h), sy->epoch_us,
					      (double)t / 1e6, vals, "", true, false};
			if ((rc = a->o.on_row(a->o.row_ctx, &row)))
				return rc;
		}
	}
	memcpy(h->lv->prev->v, sy->v, PSR_S_COUNT * sizeof *sy->v);
	h->lv->prev->present = sy->present;
	h->lv->prev_t = t;
	h->lv->has_prev = true;
	return 0;
}

/* With on_row: this sample's values of every series into a->vals (the
 * statistics series from their runs), and whether they repeat the
 * process's last row. Before keep_prev(): rates read the last sample. */
static int row_values(struct psr_analysis *a, struct pstate *ps,
		      const struct psr_values *v, double dt, bool *repeat)
{
	size_t size = a->ntab * sizeof *a->vals;

	for (unsigned k = 0; k < a->nplan; k++) {
		const struct plan *pl = &a->plan[k];
		const struct sacc *s = &ps->lv->s[pl->idx];
		double x;
		if (pl->stats)
			x = s->live ? s->run_v : NAN;
		else if (!plan_value(pl, ps, v, dt, &x))
			x = NAN;
		a->vals[pl->idx] = x;
	}
	*repeat = ps->lv->rowv && memcmp(ps->lv->rowv, a->vals, size) == 0;
	if (!ps->lv->rowv && !(ps->lv->rowv = malloc(size)))
		return oom(a);
	if (!*repeat)
		memcpy(ps->lv->rowv, a->vals, size);
	return 0;
}

/* The metrics that changed since the process's last sample: the
 * reader's hint when there is one (what it says did not change did
 * not, since the entries it covers), else compared. A hint of every
 * metric (a process's first entry in a block) is compared too, and so is
 * the first sample taken: the hint is relative to the entry before,
 * which --from left out (it only gave a base for rates), so every
 * series must start here. */
static uint64_t changes(const struct psr_analysis *a, struct pstate *ps,
			const struct psr_values *v, const uint64_t *hint)
{
	uint64_t chg = hint && ps->lv->has_prev && ps->id.samples
			       ? *hint | ps->lv->carry
			       : ~0ull;

	ps->lv->carry = 0;
	return chg == ~0ull ? changed_metrics(a, ps, v) : chg;
}

#define OWN_METRICS (1ull << PSR_M_UTIME | 1ull << PSR_M_STIME)
#define REAPED_METRICS (1ull << PSR_M_CUTIME | 1ull << PSR_M_CSTIME)

/* The process's CPU counters into its exact totals (cputime.h). */
static void cpu_sample(const struct psr_analysis *a, struct pstate *ps,
		       const struct psr_values *v)
{
	double tick = 1.0 / a->h->clock_ticks;

	if ((v->present & OWN_METRICS) != OWN_METRICS)
		return;
	cputime_sample(&ps->cpu, v->v[PSR_M_UTIME] + v->v[PSR_M_STIME],
		       (v->present & REAPED_METRICS) == REAPED_METRICS
			       ? (double)(v->v[PSR_M_CUTIME] +
					  v->v[PSR_M_CSTIME]) * tick
			       : NAN,
		       tick);
}

/* END: the process's last figures (exact with psrec's wait4), and what
 * it used in all goes to its recorded parent's pool. An end outside
 * --from/--to is not the selection's. */
/* The recorded process whose pool a child's CPU goes to: its parent,
 * or, when that one ended without psrec waiting for it (it waited for
 * the child after its last sample), the first ancestor that takes it. */
static struct pstate *pool_owner(struct pstate *up)
{
	while (up && !cputime_takes(&up->cpu))
		up = up->parent;
	return up;
}

/* Whose pool what an ended child used in all goes to, to be matched
 * against that process's cutime growth. Its parent's, or when the parent
 * ended at the same sample (it waited for the child after its last
 * sample: the child is in what the parent used in all), the first
 * ancestor's that takes it. A child whose parent ended at an earlier
 * sample outlived it (not one psrec waited for: psrec's wait4 writes
 * that END at once, before its children's are found at the next scan):
 * the kernel reparented it to init, which reaped it
 * (pid 1's pool, when pid 1 is recorded; a subreaper, as a container's
 * or a user manager's, is not known). Without this a host's orphans
 * were counted twice: as themselves and in pid 1's children's CPU. */
static struct pstate *reaper_of(const struct run *r, const struct pstate *ps)
{
	const struct pstate *up = ps->parent;

	/* (an END's time is when psrec found it gone, within its pass:
	 * an earlier sample is half an interval earlier at least) */
	if (up && up->id.ended && !up->id.has_rusage && up->end_t != INT64_MAX &&
	    ps->end_t - up->end_t > (int64_t)(r->h.interval_ns / 2000)) {
		struct pdecl *d = pid_find(r, 1);
		struct pstate *init = d ? d->ps : NULL;
		return init && init != ps && cputime_takes(&init->cpu) ? init
								    : NULL;
	}
	return pool_owner(ps->parent);
}

static void on_end(struct psr_analysis *a, struct pstate *ps,
		   const struct psr_record *rec)
{
	struct run *r = &a->runs[a->nruns - 1];
	double ep = (double)a->h->start_epoch_ns / 1e9 +
		    (double)rec->u.end.t_us / 1e6;

	ps->id.ended = true;
	ps->end_t = a->log_offset_us + (int64_t)rec->u.end.t_us;
	ps->id.status = rec->u.end.status;
	ps->id.has_rusage = rec->u.end.has_rusage;
	ps->lv->rusage = rec->u.end.reaped.rusage;
	if (!ps->cpu.started || ep > r->to)
		return;
	/* psrec waits only for its own children: the command, and orphans,
	 * which their recorded parent did not wait for */
	if (rec->u.end.has_rusage) {
		cputime_end(&ps->cpu, &rec->u.end.reaped,
			    (double)a->h->clock_ticks);
		return;
	}
	double lifetime = cputime_end_seen(&ps->cpu);
	struct pstate *up = reaper_of(r, ps);
	if (up)
		cputime_pool(&up->cpu, lifetime);
}

/* A process's series accumulators, at its first sample taken (the
 * series its log has: on_mask). 0 or -ENOMEM. */
/* What a process's accumulators take while it lives (counted against
 * the limit; its struct pstate is counted when made: it stays). */
static double accumulator_bytes(const struct pstate *ps)
{
	return (double)ps->ntab * (sizeof(struct sacc) + sizeof(double)) +
	       sizeof(struct psr_values) + sizeof(struct plive);
}

static int make_accumulators(struct psr_analysis *a, struct pstate *ps)
{
	int rc = hold_bytes(a, accumulator_bytes(ps));

	if (rc)
		return rc;
	ps->lv->s = calloc(ps->ntab, sizeof *ps->lv->s);
	ps->lv->cur = calloc(ps->ntab, sizeof *ps->lv->cur);
	ps->lv->prev = calloc(1, sizeof *ps->lv->prev);
	if (!ps->lv->s || !ps->lv->cur || !ps->lv->prev) {
		free(ps->lv->s);
		free(ps->lv->cur);
		free(ps->lv->prev);
		ps->lv->s = NULL;
		ps->lv->cur = NULL;
		ps->lv->prev = NULL;
		a->held -= accumulator_bytes(ps);
		return oom(a);
	}
	a->live++;
	for (unsigned i = 0; i < ps->ntab; i++) {
		ps->lv->s[i].on = ps->on_mask >> i & 1;
		psr_stats_init(&ps->lv->s[i].st);
	}
	return 0;
}

/* (the check inline: it runs at every sample taken) */
static inline int accumulators(struct psr_analysis *a, struct pstate *ps)
{
	return ps->lv->s ? 0 : make_accumulators(a, ps);
}

static int take_sample(struct psr_analysis *a, struct pstate *ps,
		       const struct psr_values *v, const uint64_t *hint,
		       int64_t t, int64_t epoch_us)
{
	const struct psr_header *h = a->h;
	struct weight wt;
	uint64_t chg, todo;
	bool moved, repeat = false;
	int rc;

	if (ps->lv->has_prev && t <= ps->lv->prev_t) {
		/* not after the last one: nothing to weigh; prev stays */
		ps->lv->carry |= hint ? *hint : ~0ull;
		return 0;
	}
	if ((rc = accumulators(a, ps)))
		return rc;
	wt.dt = ps->lv->has_prev ? (double)(t - ps->lv->prev_t) / 1e6 : 0;
	wt.w = ps->lv->has_prev ? wt.dt : (double)h->interval_ns / 1e9;
	wt.ns = ps->lv->has_prev ? (t - ps->lv->prev_t) * 1000 : (int64_t)h->interval_ns;
	if (!(wt.w > 0)) {
		wt.w = 1e-6;
		wt.ns = 1000;
	}
	chg = changes(a, ps, v, hint);
	/* a process's first sample taken has every bit of chg set */
	if (!(chg & (OWN_METRICS | REAPED_METRICS)))
		; /* the common case: its CPU counters stood still */
	else if (!ps->cpu.started || (chg & REAPED_METRICS))
		cpu_sample(a, ps, v);
	else if ((v->present & OWN_METRICS) == OWN_METRICS)
		cputime_own_sample(&ps->cpu, v->v[PSR_M_UTIME] +
						     v->v[PSR_M_STIME]);
	if (a->o.window > 0 && (rc = window_step(a, ps, epoch_us)))
		return rc;
	if ((rc = bucket_of(a, ps, t, &wt.b, &moved)) ||
	    (moved && (rc = move_runs(a, ps, wt.b))))
		return rc;
	todo = ps->lv->pend | series_reading(a, chg);
	ps->lv->pend = 0;
	for (; todo; todo &= todo - 1) {
		unsigned i = (unsigned)__builtin_ctzll(todo);
		if (a->plan_of[i] >= 0 && (rc = compute(a, ps, i, v, &wt)))
			return rc;
	}
	/* after the series: catch_up() reads the bucket's weight before */
	ps->lv->bt_w[wt.b] += wt.w;
	ps->lv->bt_wt[wt.b] += wt.w * ((double)t / 1e6);
	ps->lv->cum_ns += wt.ns;
	ps->lv->cum_n++;
	tree_add(a, ps, t, epoch_us);
	if (!ps->id.samples) {
		ps->lv->first_epoch_us = epoch_us;
		ps->lv->first_t = t;
	}
	ps->lv->last_t = t;
	ps->id.samples++;
	if (a->o.on_row && (rc = row_values(a, ps, v, wt.dt, &repeat)))
		return rc;
	if (chg) {
		keep_prev(a, ps, v, t);
	} else { /* its values are the last sample's */
		ps->lv->prev_t = t;
		ps->lv->has_prev = true;
	}
	if (a->o.on_row) {
		struct psr_row row = {row_identity(ps), epoch_us, (double)t / 1e6,
				      a->vals, ps->cpus ? ps->cpus : "", false,
				      repeat};
		return a->o.on_row(a->o.row_ctx, &row);
	}
	return 0;
}

static int on_sample(struct psr_analysis *a, const struct psr_sample *smp)
{
	struct run *r = &a->runs[a->nruns - 1];
	int64_t t = a->log_offset_us + (int64_t)smp->t_us;
	double ep = (double)smp->epoch_us / 1e6;
	bool in = ep >= r->from && ep <= r->to;
	size_t taken = 0;

	for (size_t k = 0; k < smp->count; k++) {
		const struct psr_values *v = &smp->values[k];
		const uint64_t *hint = smp->changed ? &smp->changed[k] : NULL;
		struct pdecl *d = decl_of(a, v->id);
		struct pstate *ps = d ? d->ps : NULL;
		int rc;

		/* a held one's state comes with its first sample */
		if (d && !ps && decl_selected(d) &&
		    (rc = make_state(a, r, d, &ps)))
			return rc;
		/* (an entry after its END, in a damaged log: its result
		 * is made) */
		if (!ps || !ps->selected || ps->done || ps->short_row)
			continue;
		if (!in) { /* outside --from/--to: still the base of rates */
			if ((rc = accumulators(a, ps)))
				return rc;
			keep_prev(a, ps, v, t);
			ps->lv->carry = 0;
			/* CPU before --from is not the selection's */
			ps->cpu.from_zero = false;
			continue;
		}
		if ((rc = take_sample(a, ps, v, hint, t, smp->epoch_us)) < 0)
			return rc == -ENOMEM ? oom(a) : rc;
		taken++;
	}
	for (size_t i = 0; i < r->ntrees; i++) {
		int rc;
		if (r->trees[i]->lv->touched &&
		    (rc = tree_sample(a, r->trees[i])) < 0)
			return rc == -ENOMEM ? oom(a) : rc;
	}
	if (in && taken) {
		/* samples out of time order (blocks out of order) do not
		 * make a span negative: the earliest and the latest */
		if (!r->samples || t < r->first_t) {
			r->first_epoch_us = smp->epoch_us;
			r->first_t = t;
		}
		if (!r->samples || t > r->last_t)
			r->last_t = t;
		r->samples++;
		r->process_samples += taken;
	}
	return 0;
}

static int reduce_ended(struct psr_analysis *a, struct pstate *ps,
			double end_epoch);

/* ---- exit accounting (EXIT records, format 4) ----------------------- */


/* A process that exec'd after its last sample (a shell's child sampled
 * between its fork and its exec, still named like the shell) is named as
 * the kernel names it at its exit; its command line, the shell's, goes.
 * 0 or -ENOMEM. */
static int rename_exec(struct pstate *ps, const char *comm, double when)
{
	/* its names are its result's once that is made */
	struct psr_proc_result *d = ps->done;
	char **ocomm = d ? &d->comm : &ps->id.comm;
	char **ocmd = d ? &d->cmdline : &ps->id.cmdline;
	size_t *olen = d ? &d->cmdline_len : &ps->id.cmdline_len;
	size_t *nformer = d ? &d->nformer : &ps->id.nformer;
	struct psr_former_name **former = d ? &d->former : &ps->id.former;
	struct psr_former_name *f = realloc(*former, (*nformer + 1) * sizeof *f);
	char *c = strdup(comm), *empty = strdup("");

	if (f)
		*former = f;
	if (!c || !empty || !f) {
		free(c);
		free(empty);
		return -ENOMEM;
	}
	/* its earlier name, as a RENAME record would have kept it */
	f[(*nformer)++] = (struct psr_former_name){*ocomm, *ocmd, *olen, when};
	*ocomm = c;
	*ocmd = empty;
	*olen = 0;
	if (ps->done) { /* id aliases done's strings */
		ps->id.comm = c;
		ps->id.cmdline = empty;
		ps->id.cmdline_len = 0;
	}
	return 0;
}

/* A sampled process's EXIT record completes it: its CPU after its last
 * sample (for it and, as a recorded child's, for its parent's pool),
 * and its exit status when its END did not know it. */
static int complete_exit(struct psr_analysis *a, struct pstate *ps,
			 const struct psr_exit *e, double when)
{
	ps->exit_seen = true;
	double grown = cputime_exit(&ps->cpu, (double)(e->user_us + e->sys_us) / 1e6);

	if (strncmp(ps->id.comm, e->comm, 15) != 0 &&
	    rename_exec(ps, e->comm, when))
		return oom(a);
	if (ps->id.status < 0 && !ps->done)
		ps->id.status = (int)e->exit_code;
	if (ps->done && ps->done->status < 0)
		ps->done->status = (int)e->exit_code;
	if (!(grown > 0))
		return 0;
	if (ps->cpu.ended) { /* its END gave its parent what it had seen */
		struct pstate *up = reaper_of(&a->runs[a->nruns - 1], ps);
		if (up)
			cputime_pool(&up->cpu, grown);
	}
	if (ps->done)
		ps->done->cpu_seconds = cputime_own(&ps->cpu);
	return 0;
}

/* The recorded parent of a process that ended at end_epoch: the last
 * one added with its pid that started by then. */
static struct pdecl *exit_parent(const struct run *r, uint32_t ppid,
				 double end_epoch)
{
	for (struct pdecl *q = pid_find(r, ppid); q; q = q->same_pid)
		if (q->start_epoch <= end_epoch)
			return q;
	return NULL;
}

/* 1 + the index of tree t in r->trees. */
static size_t tree_index(struct run *r, const struct pstate *t)
{
	if (r->last_tree == t)
		return r->last_tree_i + 1;
	for (size_t i = r->ntrees; i-- > 0;)
		if (r->trees[i] == t) {
			r->last_tree = r->trees[i];
			r->last_tree_i = i;
			return i + 1;
		}
	return 0;
}

/* An EXIT record without a log id: a process that ran between two
 * samples. It becomes a row of its own; what it used in all (with the
 * EXIT-only children it waited for) goes to its recorded parent's pool
 * (no CPU counted twice: the parent's cutime grew by as much), or waits
 * for its parent's own EXIT; it is a member of its parent's tree. */
static int exited(struct psr_analysis *a, struct run *r,
		  const struct psr_exit *e, double end_epoch)
{
	struct psr_process probe = {.pid = e->pid, .comm = e->comm};
	struct pstate *parent, *root;
	size_t row;
	double lifetime;
	int rc;

	if (!selected(a, &probe))
		return 0;
	if (exit_table_add(&r->exits, e, end_epoch, &row, &lifetime))
		return oom(a);
	struct pdecl *pd = exit_parent(r, e->ppid, end_epoch);
	parent = NULL;
	bool adopted = !pd && e->ppid == a->h->writer_pid &&
		       (parent = launched(r)) != NULL;
	if (!pd && !parent)
		return exit_table_hold(&r->exits, e->ppid, row, lifetime)
			       ? oom(a) : 0;
	if (pd && !decl_selected(pd))
		return 0;
	if (pd && (rc = make_state(a, r, pd, &parent)))
		return rc;
	if (!parent->selected)
		return 0;
	/* psrec waited for an orphan of the command: its rusage, not the
	 * command's cutime, has it */
	struct pstate *up = adopted ? NULL : pool_owner(parent);
	if (up)
		cputime_pool(&up->cpu, lifetime);
	root = parent->root ? parent->root : parent;
	if (!root->tree && (rc = new_tree(a, r, root)))
		return rc;
	r->exits.row[row].tree = tree_index(r, root->tree);
	return 0;
}

/* The sampled process an EXIT without log id is about: the last one
 * of its pid, started within two seconds of its btime (rounded down)
 * and not completed by an EXIT record already. */
static struct pstate *sampled_twin(const struct run *r,
				   const struct psr_exit *e)
{
	const struct pdecl *qd = pid_find(r, e->pid);
	struct pstate *q = qd ? qd->ps : NULL;

	if (!q || q->exit_seen || !q->id.samples)
		return NULL;
	double d = q->id.start_epoch - (double)e->btime_s;
	return d > -2.0 && d < 2.0 ? q : NULL;
}

static int on_exit_record(struct psr_analysis *a, const struct psr_exit *e)
{
	struct run *r = &a->runs[a->nruns - 1];
	double ep = (double)a->h->start_epoch_ns / 1e9 + (double)e->t_us / 1e6;
	struct pstate *ps;

	if (ep < r->from || ep > r->to)
		return 0;
	if (!e->id) {
		/* psrec could not tell it had sampled this one (its record
		 * came as psrec lost track of it): the process of that pid
		 * that started within the second btime names completes */
		ps = sampled_twin(r, e);
		if (!ps)
			return exited(a, r, e, ep);
		return ps->selected ? complete_exit(a, ps, e, ep) : 0;
	}
	ps = by_id(a, e->id);
	/* declared, but gone before its first values were read: it ran
	 * between two samples like those without an id; a state made for
	 * it (a tree it joined) counted it a member already: the row
	 * counts it now */
	if (!ps || !ps->id.samples) {
		if (ps && ps->root && ps->root->tree) {
			struct pstate *t = ps->root->tree;
			while (t->merged_into)
				t = t->merged_into;
			if (t->id.tree_members > 1)
				t->id.tree_members--;
			ps->root = NULL;
		}
		return exited(a, r, e, ep);
	}
	return ps->selected ? complete_exit(a, ps, e, ep) : 0;
}

/* END of a process held without state: 1 when that is all it needs
 * (its END's figures kept for a state made later), 0 when it needs its
 * state (psrec waited for it: its rusage), or has one. */
static int held_end(struct psr_analysis *a, const struct psr_record *rec)
{
	struct pdecl *d = decl_of(a, rec->u.end.id);
	struct pstate *ps;

	if (!d || d->ps)
		return !d;
	if (rec->u.end.has_rusage)
		return need_id(a, rec->u.end.id, &ps) ? -ENOMEM : 0;
	/* as on_end() for a process without samples */
	d->flags |= D_ENDED;
	d->status = rec->u.end.status;
	return 1;
}

int psr_analysis_record(struct psr_analysis *a, const struct psr_record *rec)
{
	struct pstate *ps;
	int rc;

	if (!a->nruns)
		return fail(a, PSR_E_USAGE, "a record before any log");
	switch (rec->type) {
	case PSR_REC_PROCESS:
		return on_process(a, rec->u.process);
	case PSR_REC_SAMPLE:
		return on_sample(a, &rec->u.sample);
	case PSR_REC_END:
		if ((rc = held_end(a, rec)))
			return rc < 0 ? rc : 0;
		if ((ps = by_id(a, rec->u.end.id)) && !ps->done &&
		    !ps->short_row) {
			on_end(a, ps, rec);
			if ((rc = reduce_ended(a, ps,
					       (double)a->h->start_epoch_ns / 1e9 +
						       (double)rec->u.end.t_us / 1e6)))
				return rc == -ENOMEM ? oom(a) : rc;
		}
		return 0;
	case PSR_REC_CLOSE:
		/* the last part of a rotated run has the job's totals */
		if (rec->u.close.job.flags)
			a->runs[a->nruns - 1].job = rec->u.close.job;
		return 0;
	case PSR_REC_CPUS:
		if (need_id(a, rec->u.cpus.id, &ps))
			return -ENOMEM;
		if (ps) {
			char *l = strdup(rec->u.cpus.list);
			if (!l)
				return oom(a);
			free(ps->cpus);
			ps->cpus = l;
		}
		return 0;
	case PSR_REC_SYSTEM:
		return on_system(a, rec->u.system);
	case PSR_REC_EXIT:
		return on_exit_record(a, rec->u.exit);
	case PSR_REC_RENAME:
		return on_rename(a, rec->u.rename);
	case PSR_REC_WARNING:
		a->runs[a->nruns - 1].warnings++;
		return 0;
	default:
		return 0;
	}
}

/* ---- results ------------------------------------------------------- */

static double *nan_array(size_t n)
{
	double *p = malloc((n ? n : 1) * sizeof *p);

	for (size_t i = 0; p && i < n; i++)
		p[i] = NAN;
	return p;
}

/* A series that never varied: its one array is NaN but from bucket b0
 * on where the process has samples, there its value. */
static bool same_constant(const struct sacc *x, const struct sacc *y)
{
	return !x->bk && !y->bk && x->any == y->any &&
	       x->b0_set == y->b0_set && (!x->b0_set || x->b0 == y->b0) &&
	       (!x->any || x->first == y->first);
}

/* The array of an earlier series of the process (done[0 .. o)) that
 * never varied and holds the same as s: an idle process's zero rates
 * share one. NULL when there is none. */
static double *shared_constant(const struct pstate *ps, const struct sacc *s,
			       const struct psr_series_result *done,
			       const struct psr_series_result *o)
{
	if (s->bk)
		return NULL;
	for (const struct psr_series_result *d = done; d < o; d++)
		if (d->b_mean == d->b_max &&
		    same_constant(&ps->lv->s[d->series], s))
			return d->b_mean;
	return NULL;
}

/* Whether each bucket of s with samples held one value, its mean being
 * that value to the bit: then its mean, least and greatest are one array
 * (a process of a few samples, a bucket each). */
static bool one_value_buckets(const struct sacc *s, size_t n)
{
	for (size_t b = 0; b < n; b++)
		if (s->bk[b].w > 0 && (s->bk[b].min != s->bk[b].max ||
				       s->bk[b].wx / s->bk[b].w != s->bk[b].min))
			return false;
	return true;
}

static int series_buckets(const struct pstate *ps, const struct sacc *s,
			  const struct psr_series_result *done,
			  struct psr_series_result *o)
{
	size_t n = ps->lv->nb;

	/* (free_proc() frees a shared array once) */
	if ((o->b_mean = shared_constant(ps, s, done, o))) {
		o->b_min = o->b_max = o->b_mean;
		return 0;
	}

	/* one block for the three (b_mean owns it): a short process's
	 * series cost one allocation, not three; a series that never
	 * varied has one array, its mean, least and greatest being one,
	 * and so has one whose buckets each held one value */
	bool one = !s->bk || one_value_buckets(s, n);
	if (!(o->b_mean = nan_array(one ? n : 3 * n)))
		return -ENOMEM;
	o->b_min = one ? o->b_mean : o->b_mean + n;
	o->b_max = one ? o->b_mean : o->b_mean + 2 * n;
	if (!s->bk) { /* constant from bucket b0 on */
		for (size_t b = s->b0_set ? s->b0 : n; s->any && b < n; b++)
			if (ps->lv->bt_w[b] > 0)
				o->b_mean[b] = s->first;
		return 0;
	}
	for (size_t b = 0; b < n; b++) {
		if (!(s->bk[b].w > 0))
			continue;
		o->b_mean[b] = s->bk[b].wx / s->bk[b].w;
		o->b_min[b] = s->bk[b].min;
		o->b_max[b] = s->bk[b].max;
	}
	return 0;
}

static int series_leak(struct psr_analysis *a, const struct pstate *ps,
		       const struct sacc *s, struct psr_series_result *o)
{
	struct psr_tpoint *pts = malloc((ps->lv->nb ? ps->lv->nb : 1) * sizeof *pts);
	struct psr_leak_samples smp = {o->n, s->decreased, s->longest, o->p50,
				       o->p95 - o->p5, o->seconds};
	size_t n = 0;
	int rc;

	o->leak = calloc(1, sizeof *o->leak);
	if (!pts || !o->leak) {
		free(pts);
		return -ENOMEM;
	}
	for (size_t b = 0; b < ps->lv->nb; b++)
		if (!isnan(o->b_mean[b]) && ps->lv->bt_w[b] > 0)
			pts[n++] = (struct psr_tpoint){
				ps->lv->bt_wt[b] / ps->lv->bt_w[b], o->b_mean[b],
				s->bk ? s->bk[b].w : ps->lv->bt_w[b]};
	struct psr_leak_opts lo = a->o.leak;
	if (ps->tab != a->tab) /* the host */
		lo.min_seconds = lo.host_min_seconds;
	rc = psr_trend_leak(pts, n, &smp, &lo, o->leak);
	free(pts);
	return rc;
}

static int series_peaks(struct psr_analysis *a, const struct psr_proc_result *p,
			struct psr_series_result *o)
{
	double *t = malloc((p->nbuckets + 1) * sizeof *t);
	double *x = malloc((p->nbuckets + 1) * sizeof *x);
	size_t n = 0;

	o->peaks = calloc(a->o.peaks, sizeof *o->peaks);
	if (!t || !x || !o->peaks) {
		free(t);
		free(x);
		return -ENOMEM;
	}
	for (size_t b = 0; b < p->nbuckets; b++)
		if (!isnan(o->b_max[b])) {
			t[n] = p->b_t[b];
			x[n++] = o->b_max[b];
		}
	o->npeaks = psr_dist_peaks(t, x, n, a->o.peaks, o->peaks);
	free(t);
	free(x);
	return 0;
}

static int series_dist(struct psr_series_result *o, const struct psr_stats *st)
{
	struct psr_point *pts;
	long n = psr_stats_points(st, &pts);
	int rc;

	if (n < 0)
		return (int)n;
	rc = psr_dist_histogram(pts, (size_t)n, o->p75 - o->p25, &o->hist);
	if (!rc && o->n >= PSR_DIST_KDE_MIN_SAMPLES)
		rc = psr_dist_kde(pts, (size_t)n, o->stddev, o->p75 - o->p25,
				  &o->kde);
	free(pts);
	return rc;
}

static int series_result(struct psr_analysis *a, struct pstate *ps,
			 unsigned i, const struct psr_series_result *done,
			 struct psr_series_result *o)
{
	static const double q[] = {0.05, 0.25, 0.5, 0.75, 0.95, 0.99};
	double qv[6];
	struct sacc *s = &ps->lv->s[i];
	const struct psr_series_def *d = &ps->tab[i];
	int rc;

	o->series = i;
	o->def = d;
	o->n = s->st.n;
	o->seconds = s->st.w;
	o->min = s->st.n ? s->st.min : NAN;
	o->max = s->st.n ? s->st.max : NAN;
	o->mean = psr_stats_mean(&s->st);
	o->stddev = psr_stats_stddev(&s->st);
	if ((rc = psr_stats_quantiles(&s->st, q, 6, qv)))
		return rc;
	o->p5 = qv[0];
	o->p25 = qv[1];
	o->p50 = qv[2];
	o->p75 = qv[3];
	o->p95 = qv[4];
	o->p99 = qv[5];
	o->first = s->any ? s->first : NAN;
	o->last = s->any ? s->last : NAN;
	o->total = d->kind == PSR_SERIES_RATE && s->st.n
			   ? o->mean * o->seconds / d->factor
			   : NAN;
	if ((rc = series_buckets(ps, s, done, o)))
		return rc;
	if ((d->flags & PSR_SF_TREND) && (rc = series_leak(a, ps, s, o)))
		return rc;
	if (a->o.distributions && s->st.n && (rc = series_dist(o, &s->st)))
		return rc;
	/* (the host's series index another table) */
	if (ps->tab == a->tab && (a->o.points >> i & 1) && s->st.n) {
		long n = psr_stats_points(&s->st, &o->points);
		if (n < 0)
			return (int)n;
		o->npoints = (size_t)n;
	}
	if (a->o.window > 0) {
		o->w_mean = s->wmean;
		o->w_max = s->wmax;
		s->wmean = s->wmax = NULL;
	}
	return 0;
}

/* Whether a series left both its minimum and its maximum in at least
 * CORR_MIN_MOVES buckets: one that is zero but for one spike (or flat
 * but for one dip) has a correlation that the one point decides, not a
 * relation; such pairs stay undefined. */
enum { CORR_MIN_MOVES = 3 };

static bool corr_moves(const struct psr_series_result *s, size_t nb)
{
	double lo = INFINITY, hi = -INFINITY;
	size_t above = 0, below = 0;

	for (size_t b = 0; b < nb; b++)
		if (isfinite(s->b_mean[b])) {
			lo = fmin(lo, s->b_mean[b]);
			hi = fmax(hi, s->b_mean[b]);
		}
	for (size_t b = 0; b < nb; b++)
		if (isfinite(s->b_mean[b])) {
			above += s->b_mean[b] > lo;
			below += s->b_mean[b] < hi;
		}
	return above >= CORR_MIN_MOVES && below >= CORR_MIN_MOVES;
}

static int correlations(struct psr_proc_result *p)
{
	size_t k = 0, nb = p->nbuckets;
	const struct psr_series_result *sel[NS_MAX];
	double *x, *y;

	for (size_t i = 0; i < p->nseries; i++)
		if (p->series[i].def->flags & PSR_SF_CORR && p->series[i].n)
			sel[k++] = &p->series[i];
	p->ncorr = k;
	p->corr_series = calloc(k ? k : 1, sizeof *p->corr_series);
	p->pearson = nan_array(k * k);
	p->spearman = nan_array(k * k);
	x = malloc((nb ? nb : 1) * sizeof *x);
	y = malloc((nb ? nb : 1) * sizeof *y);
	if (!p->corr_series || !p->pearson || !p->spearman || !x || !y) {
		free(x);
		free(y);
		return -ENOMEM;
	}
	bool moves[NS_MAX];
	for (size_t i = 0; i < k; i++)
		moves[i] = corr_moves(sel[i], nb);
	for (size_t i = 0; i < k; i++) {
		p->corr_series[i] = sel[i]->series;
		for (size_t j = i; j < k; j++) {
			if (i != j && !(moves[i] && moves[j]))
				continue; /* undefined: NaN */
			size_t n = 0;
			for (size_t b = 0; b < nb; b++)
				if (!isnan(sel[i]->b_mean[b]) &&
				    !isnan(sel[j]->b_mean[b])) {
					x[n] = sel[i]->b_mean[b];
					y[n++] = sel[j]->b_mean[b];
				}
			double pr = psr_dist_pearson(x, y, n);
			double sr = psr_dist_spearman(x, y, n);
			p->pearson[i * k + j] = p->pearson[j * k + i] = pr;
			p->spearman[i * k + j] = p->spearman[j * k + i] = sr;
		}
	}
	free(x);
	free(y);
	return 0;
}

static void free_sacc(struct sacc *s)
{
	psr_stats_release(&s->st);
	free(s->bk);
	free(s->wmean);
	free(s->wmax);
}

/* Whether series i of ps has a result. */
static bool has_result(const struct psr_analysis *a, const struct pstate *ps,
		       unsigned i)
{
	if (!ps->lv->s[i].on || !(ps->tab[i].flags & PSR_SF_STATS))
		return false;
	/* a host figure this log does not have */
	return ps->tab == a->tab || ps->lv->s[i].st.n;
}

static size_t result_series(const struct psr_analysis *a,
			    const struct pstate *ps)
{
	size_t n = 0;

	for (unsigned i = 0; i < ps->ntab; i++)
		n += has_result(a, ps, i);
	return n ? n : 1;
}

static int proc_result(struct psr_analysis *a, struct run *r, struct pstate *ps,
		       struct psr_proc_result *p)
{
	unsigned k = 0;
	int rc;

	settle_all(a, ps);
	for (unsigned i = 0; i < ps->ntab; i++)
		if ((rc = flush_run(&ps->lv->s[i], ps->lv->capb)))
			return rc;
	if (a->o.window > 0 && ps->id.samples && (rc = close_window(a, ps)))
		return rc;
	*p = (struct psr_proc_result){
		.pid = ps->id.pid, .ppid = ps->id.ppid, .uid = ps->id.uid,
		.start_ticks = ps->id.start_ticks,
		.start_epoch = ps->id.start_epoch,
		.comm = ps->id.comm, .cmdline = ps->id.cmdline,
		.cmdline_len = ps->id.cmdline_len,
		.nformer = ps->id.nformer, .former = ps->id.former,
		.tree = ps->id.tree, .tree_members = ps->id.tree_members,
		.samples = ps->id.samples, .ended = ps->id.ended,
		.status = ps->id.status, .launched = ps->id.launched,
		.has_rusage = ps->id.has_rusage, .rusage = ps->lv->rusage,
	};
	/* its names are p's now */
	ps->id.comm = ps->id.cmdline = NULL;
	ps->id.cmdline_len = ps->id.nformer = 0;
	ps->id.former = NULL;
	if (p->tree) {
		p->cpu_seconds = ps->lv->tree_own;
		p->children_cpu_seconds = ps->lv->tree_children;
	} else {
		p->cpu_seconds = cputime_own(&ps->cpu);
		p->children_cpu_seconds = cputime_children(&ps->cpu);
	}
	p->first_epoch = (double)ps->lv->first_epoch_us / 1e6;
	p->last_epoch = p->first_epoch + (double)(ps->lv->last_t - ps->lv->first_t) / 1e6;
	p->nbuckets = ps->lv->nb;
	p->b_t = nan_array(ps->lv->nb);
	p->b_w = calloc(ps->lv->nb ? ps->lv->nb : 1, sizeof *p->b_w);
	/* as many series results as it has, not the table's size */
	p->series = calloc(result_series(a, ps), sizeof *p->series);
	if (!p->b_t || !p->b_w || !p->series)
		return -ENOMEM;
	for (size_t b = 0; b < ps->lv->nb; b++) {
		p->b_w[b] = ps->lv->bt_w[b];
		if (ps->lv->bt_w[b] > 0)
			p->b_t[b] = (double)r->h.start_epoch_ns / 1e9 +
				    ps->lv->bt_wt[b] / ps->lv->bt_w[b];
	}
	for (unsigned i = 0; i < ps->ntab; i++) {
		struct psr_series_result *o = &p->series[k];
		if (!has_result(a, ps, i))
			continue;
		rc = series_result(a, ps, i, p->series, o);
		k++;
		p->nseries = k;
		if (rc)
			return rc;
		if (o->leak && o->leak->verdict > p->verdict)
			p->verdict = o->leak->verdict;
		if (a->o.peaks && (rc = series_peaks(a, p, o)))
			return rc;
	}
	if (a->o.window > 0) {
		p->nwindows = ps->lv->nwin;
		p->w_start = ps->lv->win_start;
		ps->lv->win_start = NULL;
	}
	if (a->o.correlations && (rc = correlations(p)))
		return rc;
	return 0;
}

/* What ps's result no longer needs: its accumulators and arrays (what
 * is left is its identity, tree links and CPU counters). */
static void shed_pstate(struct pstate *ps);

/* shed_pstate(), and its accumulators no longer held against the limit. */
static void release_state(struct psr_analysis *a, struct pstate *ps)
{
	if (ps->lv && ps->lv->s) {
		a->held -= accumulator_bytes(ps);
		a->live--;
	}
	shed_pstate(ps);
}

static void shed_pstate(struct pstate *ps)
{
	struct plive *lv = ps->lv;

	if (!lv)
		return;
	for (unsigned i = 0; lv->s && i < ps->ntab; i++)
		free_sacc(&lv->s[i]);
	free(lv->s);
	free(lv->cur);
	free(lv->bt_w);
	free(lv->bt_wt);
	free(lv->win_start);
	free(lv->rowv);
	free(lv->prev);
	free(lv->tsum);
	free(lv);
	ps->lv = NULL;
}

static void free_proc(struct psr_proc_result *p);

static void free_former(struct psr_proc_result *p)
{
	for (size_t i = 0; i < p->nformer; i++) {
		free(p->former[i].comm);
		free(p->former[i].cmdline);
	}
	free(p->former);
	p->former = NULL;
	p->nformer = 0;
}

static void free_pstate(struct pstate *ps)
{
	if (!ps)
		return;
	shed_pstate(ps);
	free(ps->cpus);
	if (ps->done) { /* id.comm and id.cmdline are done's */
		free_proc(ps->done);
		free(ps->done);
	} else {
		free(ps->id.comm);
		free(ps->id.cmdline);
		for (size_t i = 0; i < ps->id.nformer; i++) {
			free(ps->id.former[i].comm);
			free(ps->id.former[i].cmdline);
		}
		free(ps->id.former);
	}
	free(ps);
}

/* ---- short-lived processes (psr_exited with samples) -------------- */

/* Whether ps, ended, is one of the short-lived processes a run may
 * summarise: a few samples, and nothing that makes it more than a row
 * (the command psrec ran, one it waited for, a tree's total). */
static bool short_lived(const struct psr_analysis *a, const struct pstate *ps)
{
	return !a->o.every_process && ps->id.samples < PSR_SHORT_SAMPLES &&
	       !ps->id.launched && !ps->id.has_rusage && !ps->id.tree;
}

/* Series i's accumulator when it has samples, else NULL (i < 0: a
 * series the table does not have). */
static const struct sacc *with_samples(const struct pstate *ps, int i)
{
	if (i < 0 || (unsigned)i >= ps->ntab || !ps->lv->s[i].on ||
	    !ps->lv->s[i].st.n)
		return NULL;
	return &ps->lv->s[i];
}

/* The greatest value of series i, NaN when it has none. */
static double series_peak(const struct pstate *ps, int i)
{
	const struct sacc *s = with_samples(ps, i);

	return s ? s->st.max : NAN;
}

/* The time-weighted mean of series i, NaN when it has none. */
static double series_mean(const struct pstate *ps, int i)
{
	const struct sacc *s = with_samples(ps, i);

	return s ? psr_stats_mean(&s->st) : NAN;
}

/* A rate series' growth over the samples, in its counter's units (as
 * psr_series_result.total), NaN when it has none. */
static double series_total(const struct pstate *ps, int i)
{
	const struct sacc *s = with_samples(ps, i);

	return s ? psr_stats_mean(&s->st) * s->st.w / ps->tab[i].factor : NAN;
}

/* The same as a count, 0 when it has none. */
static uint64_t series_growth(const struct pstate *ps, int i)
{
	double g = series_total(ps, i);

	return g > 0 ? (uint64_t)llround(g) : 0;
}

static struct psr_exited *short_at(const struct run *r, size_t i)
{
	return &r->shorts[i];
}

static int grow_shorts(struct run *r)
{
	size_t cap = r->capshorts ? r->capshorts * 2 : 1024;
	struct psr_exited *v = realloc(r->shorts, cap * sizeof *v);

	if (!v)
		return -ENOMEM;
	r->shorts = v;
	r->capshorts = cap;
	return 0;
}

/* A short-lived process's row, from its accumulators: peaks and growths
 * (its CPU, status, names and tree come at the end of the run, when the
 * children it waited for have ended: short_rows_finish()). */
static int short_row(struct psr_analysis *a, struct run *r, struct pstate *ps,
		     double end_epoch)
{
	int rc;

	if (r->nshorts == r->capshorts && (rc = grow_shorts(r)))
		return rc;
	settle_all(a, ps);
	for (unsigned i = 0; i < ps->ntab; i++)
		if ((rc = flush_run(&ps->lv->s[i], ps->lv->capb)))
			return rc;
	const struct row_series *x = &a->rs;
	double threads = series_peak(ps, x->threads), fds = series_peak(ps, x->fds);
	double first = (double)ps->lv->first_epoch_us / 1e6;
	*short_at(r, r->nshorts) = (struct psr_exited){
		.pid = ps->id.pid, .ppid = ps->id.ppid, .uid = ps->id.uid,
		.threads = threads >= 1 ? (uint32_t)threads : 1,
		.start_epoch = ps->id.start_epoch,
		.end_epoch = end_epoch,
		.user_seconds = NAN, .system_seconds = NAN,
		.maxrss_bytes = series_peak(ps, x->rss),
		.minflt = series_growth(ps, x->minflt),
		.majflt = series_growth(ps, x->majflt),
		.read_bytes = series_growth(ps, x->read),
		.write_bytes = series_growth(ps, x->write),
		.status = -1,
		.samples = ps->id.samples,
		.first_epoch = first,
		.last_epoch = first + (double)(ps->lv->last_t - ps->lv->first_t) / 1e6,
		.rss_mean_bytes = series_mean(ps, x->rss),
		.sampled_cpu_seconds = series_total(ps, x->cpu),
		.cpu_peak_percent = series_peak(ps, x->cpu),
		.vms_peak_bytes = series_peak(ps, x->vms),
		.fds_peak = fds > 0 ? (uint32_t)fds : 0,
	};
	ps->short_row = ++r->nshorts;
	return 0;
}

/* One short-lived process more than PSR_SHORT_KEEP: the run reports its
 * rows, and the full results of the first ones go. */
static double result_bytes(const struct psr_proc_result *p);

static void drop_short_results(struct psr_analysis *a, struct run *r)
{
	for (size_t i = 0; i < r->nps; i++) {
		struct pstate *ps = r->ps[i];
		if (!ps->short_row || !ps->done)
			continue;
		/* res aliases done's names: they stay, res's now */
		ps->id.status = ps->done->status;
		a->held -= result_bytes(ps->done);
		ps->done->comm = ps->done->cmdline = NULL;
		free_proc(ps->done);
		free(ps->done);
		ps->done = NULL;
	}
}

static bool shorts_summarised(const struct run *r)
{
	return r->nshorts > PSR_SHORT_KEEP;
}

/* The tree ps counts in (1 + index into r->trees, 0 none), through the
 * trees merged since. */
static size_t tree_of_member(struct run *r, const struct pstate *ps)
{
	const struct pstate *tr = ps->tree ? ps->tree
				  : ps->root ? ps->root->tree : NULL;

	while (tr && tr->merged_into)
		tr = tr->merged_into;
	return tr ? tree_index(r, tr) : 0;
}

/* The rows' figures known only now: CPU from the counters (children's
 * after the last pool match), exit status, latest name, command line
 * (moved from the process), tree (at[]: the result's tree indexes). */
static int short_rows_finish(struct run *r, const size_t *at)
{
	for (size_t i = 0; r->nshorts && i < r->nps; i++) {
		struct pstate *ps = r->ps[i];
		if (!ps->short_row)
			continue;
		struct psr_exited *e = short_at(r, ps->short_row - 1);
		if (!(e->comm = exit_table_intern(&r->exits, ps->id.comm)))
			return -ENOMEM;
		e->cmdline = ps->id.cmdline;
		e->cmdline_len = ps->id.cmdline_len;
		ps->id.cmdline = NULL;
		ps->id.cmdline_len = 0;
		e->status = ps->id.status;
		e->cpu_seconds = ps->cpu.started ? cputime_own(&ps->cpu) : NAN;
		e->children_cpu_seconds =
			ps->cpu.started ? cputime_children(&ps->cpu) : NAN;
		e->tree = at[tree_of_member(r, ps)];
	}
	/* their states are done with (a second pass: one may be another's
	 * root): freed now, before the rows are copied into the result,
	 * the run's peak */
	for (size_t i = 0; r->nshorts && i < r->nps; i++) {
		struct pstate *ps = r->ps[i];
		if (!ps || !ps->short_row)
			continue;
		if (ps->decl)
			ps->decl->ps = NULL;
		free_pstate(ps);
		r->ps[i] = NULL;
	}
	return 0;
}

/* After the exit accounting's rows: the short-lived ones, in their own
 * array, moved up in place (no second copy of a million rows). */
static int short_rows_move(struct run *r, struct psr_run_result *o)
{
	if (!r->nshorts)
		return 0;
	struct psr_exited *all =
		realloc(r->shorts, (o->nexited + r->nshorts) * sizeof *all);

	if (!all)
		return -ENOMEM;
	r->shorts = NULL;
	memmove(all + o->nexited, all, r->nshorts * sizeof *all);
	if (o->nexited)
		memcpy(all, o->exited, o->nexited * sizeof *all);
	free(o->exited);
	o->exited = all;
	for (size_t i = 0; i < r->nshorts; i++) {
		const struct psr_exited *e = &all[o->nexited + i];
		if (isfinite(e->cpu_seconds))
			o->short_cpu_seconds += e->cpu_seconds;
		if (isfinite(e->children_cpu_seconds))
			o->short_cpu_seconds += e->children_cpu_seconds;
	}
	o->nexited += r->nshorts;
	o->nshort = r->nshorts;
	r->nshorts = r->capshorts = 0; /* the command lines are o's now */
	return 0;
}

static void free_shorts(struct run *r)
{
	for (size_t i = 0; i < r->nshorts; i++)
		free(short_at(r, i)->cmdline);
	free(r->shorts);
	r->shorts = NULL;
	r->capshorts = 0;
	r->nshorts = 0;
}

/* A process that ended becomes its result at once, so that memory is
 * held by the processes alive, plus a result per ended one: unless its
 * figures may still change: psrec waited for it (its CPU is split at
 * the end of the run, when the children it waited for have ended), or
 * it is not selected or had no sample. (A tree's root may end before
 * its members: the tree is a state of its own.) A short-lived one gets
 * a row, and beyond PSR_SHORT_KEEP of them only that row. 0 or
 * -ENOMEM. */
/* About what an ended process's result takes (its series results and
 * their bucket arrays), counted against the limit. */
static double result_bytes(const struct psr_proc_result *p)
{
	return sizeof *p + (double)p->nseries * (sizeof *p->series +
						 3.0 * sizeof(double) *
							 (double)p->nbuckets) +
	       2.0 * sizeof(double) * (double)p->nbuckets;
}

static int reduce_ended(struct psr_analysis *a, struct pstate *ps,
			double end_epoch)
{
	struct run *r = &a->runs[a->nruns - 1];
	struct psr_proc_result *p;
	int rc;

	if (!ps->selected || !ps->id.samples || ps->cpu.exact ||
	    ps->tab != a->tab)
		return 0;
	if (short_lived(a, ps)) {
		/* (a row stays to the end: counted against the limit) */
		if ((rc = hold_bytes(a, sizeof(struct psr_exited) +
					   ps->id.cmdline_len)) ||
		    (rc = short_row(a, r, ps, end_epoch)))
			return rc;
		if (shorts_summarised(r)) {
			if (r->nshorts == PSR_SHORT_KEEP + 1)
				drop_short_results(a, r);
			release_state(a, ps);
			return 0;
		}
	}
	if (!(p = calloc(1, sizeof *p)))
		return -ENOMEM;
	if ((rc = proc_result(a, r, ps, p))) {
		free_proc(p);
		free(p);
		return rc;
	}
	ps->done = p;
	/* its identity stays (later processes find it as their parent); its
	 * names are the result's now, the identity's alias them */
	ps->id.comm = p->comm;
	ps->id.cmdline = p->cmdline;
	ps->id.cmdline_len = p->cmdline_len;
	ps->id.ended = true;
	/* a result stays to the end: counted against the limit */
	if ((rc = hold_bytes(a, result_bytes(p))))
		return rc;
	release_state(a, ps);
	return 0;
}

/* A tree's exact CPU: its members' own and unrecorded children's, each
 * process once (NaN when a member's is unknown). */
static void tree_cpu(struct run *r)
{
	for (size_t i = 0; i < r->ntrees; i++)
		r->trees[i]->lv->tree_own = r->trees[i]->lv->tree_children = 0;
	for (size_t i = 0; i < r->nps; i++) {
		struct pstate *ps = r->ps[i];
		struct pstate *tr = ps->tree ? ps->tree
				    : ps->root ? ps->root->tree : NULL;
		if (!tr || !ps->cpu.started)
			continue;
		tr->lv->tree_own += cputime_own(&ps->cpu) - cputime_excess(&ps->cpu);
		tr->lv->tree_children += cputime_children(&ps->cpu);
	}
}

/* The EXIT-only members' CPU and count in their trees. */
static int exited_trees(struct run *r)
{
	double *cpu = calloc(r->ntrees ? r->ntrees : 1, sizeof *cpu);
	size_t *members = calloc(r->ntrees ? r->ntrees : 1, sizeof *members);

	if (!cpu || !members) {
		free(cpu);
		free(members);
		return -ENOMEM;
	}
	/* a row of a tree merged into another since (late_child) */
	for (size_t i = 0; i < r->exits.n; i++) {
		size_t t = r->exits.row[i].tree;
		while (t && r->trees[t - 1]->merged_into)
			t = tree_index(r, r->trees[t - 1]->merged_into);
		r->exits.row[i].tree = t;
	}
	exit_table_trees(&r->exits, cpu, members, r->ntrees);
	for (size_t i = 0; i < r->ntrees; i++) {
		r->trees[i]->lv->tree_own += cpu[i];
		r->trees[i]->id.tree_members += members[i];
	}
	free(cpu);
	free(members);
	return 0;
}

static int run_result(struct psr_analysis *a, struct run *r,
		      struct psr_run_result *o, enum psr_verdict *worst)
{
	int rc;

	o->header = r->h;
	r->h.command_line = NULL;
	o->paths = r->paths;
	o->npaths = r->npaths;
	r->paths = NULL;
	o->start_epoch = r->samples ? (double)r->first_epoch_us / 1e6 : NAN;
	o->end_epoch = r->samples ? o->start_epoch +
					    (double)(r->last_t - r->first_t) / 1e6
				  : NAN;
	o->samples = r->samples;
	o->process_samples = r->process_samples;
	o->warnings = r->warnings;
	o->procs = calloc(r->nps ? r->nps : 1, sizeof *o->procs);
	if (!o->procs)
		return -ENOMEM;
	for (size_t i = 0; i < r->nps; i++) {
		struct pstate *ps = r->ps[i];
		if (ps->short_row && shorts_summarised(r))
			continue; /* a row (short_rows_finish()) */
		if (ps->done) { /* made at its END: moved here */
			o->procs[o->nprocs++] = *ps->done;
			free(ps->done);
			ps->done = NULL;
			ps->id.comm = ps->id.cmdline = NULL;
			if (o->procs[o->nprocs - 1].verdict > *worst)
				*worst = o->procs[o->nprocs - 1].verdict;
			continue;
		}
		if (!ps->selected || !ps->id.samples)
			continue;
		rc = proc_result(a, r, ps, &o->procs[o->nprocs++]);
		if (rc)
			return rc;
		/* so that the results and the accumulators of every process
		 * never all live at once */
		release_state(a, ps);
		if (o->procs[o->nprocs - 1].verdict > *worst)
			*worst = o->procs[o->nprocs - 1].verdict;
	}
	if (r->sys && r->sys->id.samples) {
		o->system = calloc(1, sizeof *o->system);
		if (!o->system || (rc = proc_result(a, r, r->sys, o->system)))
			return -ENOMEM;
	}
	o->job = r->job;
	tree_cpu(r);
	if ((rc = exited_trees(r)))
		return rc;
	o->trees = calloc(r->ntrees ? r->ntrees : 1, sizeof *o->trees);
	size_t *at = calloc(r->ntrees + 1, sizeof *at);
	if (!o->trees || !at) {
		free(at);
		return -ENOMEM;
	}
	for (size_t i = 0; i < r->ntrees; i++) {
		/* (a tree that processes between samples made after its
		 * root's last sample has no samples, but members and CPU) */
		if (!r->trees[i]->id.samples && r->trees[i]->id.tree_members < 2)
			continue;
		rc = proc_result(a, r, r->trees[i], &o->trees[o->ntrees++]);
		at[i + 1] = o->ntrees;
		if (rc) {
			free(at);
			return rc;
		}
	}
	/* the rows' trees as indexes into o->trees (trees without samples
	 * are not there) */
	for (size_t i = 0; i < r->exits.n; i++)
		r->exits.row[i].tree = at[r->exits.row[i].tree];
	if (!shorts_summarised(r))
		free_shorts(r); /* their full results are in procs */
	rc = short_rows_finish(r, at);
	free(at);
	if (rc)
		return rc;
	exit_table_move(&r->exits, o);
	return short_rows_move(r, o);
}

static void release_run(struct run *r)
{
	for (size_t i = 0; i < r->nps; i++)
		free_pstate(r->ps[i]);
	free(r->ps);
	free(r->index);
	free(r->pids.head);
	free(r->orphans.head);
	arena_free(&r->arena);
	free(r->parts);
	for (size_t i = 0; i < r->ntrees; i++)
		free_pstate(r->trees[i]);
	free(r->trees);
	free_pstate(r->sys);
	exit_table_free(&r->exits);
	free_shorts(r);
	for (size_t i = 0; r->paths && i < r->npaths; i++)
		free(r->paths[i]);
	free(r->paths);
	free(r->h.command_line);
}

static int by_decl(const void *x, const void *y)
{
	uint64_t p = (*(struct pstate *const *)x)->decl->seq;
	uint64_t q = (*(struct pstate *const *)y)->decl->seq;

	return (p > q) - (p < q);
}

/* The processes in the order they were declared (their states were
 * made when needed): the results' order. */
static void sort_ps(struct run *r)
{
	if (r->nps > 1) /* (qsort of no array: NULL is not allowed) */
		qsort(r->ps, r->nps, sizeof *r->ps, by_decl);
}

int psr_analysis_finish(struct psr_analysis *a, struct psr_result **out)
{
	struct psr_result *res = calloc(1, sizeof *res);
	int rc = 0;

	*out = res;
	if (!res)
		return oom(a);
	res->runs = calloc(a->nruns ? a->nruns : 1, sizeof *res->runs);
	if (!res->runs)
		return oom(a);
	for (size_t i = 0; i < a->nruns && !rc; i++) {
		sort_ps(&a->runs[i]);
		rc = run_result(a, &a->runs[i], &res->runs[i], &res->worst);
		res->nruns = i + 1;
	}
	return rc ? oom(a) : 0;
}

void psr_analysis_free(struct psr_analysis *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->nruns; i++)
		release_run(&a->runs[i]);
	free(a->runs);
	free(a->idmap);
	free(a);
}

static void free_series(struct psr_series_result *s)
{
	free(s->leak);
	psr_dist_hist_release(&s->hist);
	psr_dist_kde_release(&s->kde);
	free(s->peaks);
	free(s->points);
	free(s->b_mean);
	free(s->w_mean);
	free(s->w_max);
}

/* Whether an earlier series of p shares series i's bucket array. */
static bool shared_before(const struct psr_proc_result *p, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (p->series[j].b_mean == p->series[i].b_mean)
			return true;
	return false;
}

static void free_proc(struct psr_proc_result *p)
{
	for (size_t i = 0; i < p->nseries; i++) {
		if (shared_before(p, i))
			p->series[i].b_mean = NULL;
		free_series(&p->series[i]);
	}
	free(p->series);
	free(p->comm);
	free(p->cmdline);
	free_former(p);
	free(p->b_t);
	free(p->b_w);
	free(p->w_start);
	free(p->corr_series);
	free(p->pearson);
	free(p->spearman);
}

void psr_result_free(struct psr_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nruns; i++) {
		struct psr_run_result *run = &r->runs[i];
		for (size_t j = 0; j < run->nprocs; j++)
			free_proc(&run->procs[j]);
		for (size_t j = 0; j < run->ntrees; j++)
			free_proc(&run->trees[j]);
		if (run->system)
			free_proc(run->system);
		free(run->system);
		free(run->procs);
		free(run->trees);
		for (size_t j = 0; j < run->nexited; j++)
			free(run->exited[j].cmdline);
		free(run->exited);
		for (size_t j = 0; j < run->nexited_comms; j++)
			free(run->exited_comms[j]);
		free(run->exited_comms);
		for (size_t j = 0; j < run->npaths; j++)
			free(run->paths[j]);
		free(run->paths);
		free(run->header.command_line);
	}
	free(r->runs);
	free(r);
}

const struct psr_series_result *psr_result_verdict_series(
	const struct psr_proc_result *p)
{
	const struct psr_series_result *best = NULL;

	for (size_t i = 0; i < p->nseries; i++) {
		const struct psr_series_result *s = &p->series[i];
		if (s->leak && s->n &&
		    (!best || s->leak->verdict > best->leak->verdict))
			best = s;
	}
	return best;
}

const struct psr_series_result *psr_result_series(
	const struct psr_proc_result *p, unsigned s)
{
	for (size_t i = 0; i < p->nseries; i++)
		if (p->series[i].series == s)
			return &p->series[i];
	return NULL;
}
