/* fleet.c - psreport --fleet (see fleet.h).
 *
 * Per recording (a log, or the rotated parts of one run): open, analyse,
 * reduce every process into its host and its command, free. The p95 of
 * CPU per command needs the samples themselves: they come through the
 * engine's row callback into one quantile sketch per command
 * (psr/stats.h: bounded size).
 *
 * The charts (with --pdf, --svg, --png) come from the same callback: per
 * sample instant of a recording, the sum of each chosen metric over its
 * processes is spread over the time it stands for (back to the previous
 * instant) in a grid of FLEET_BUCKETS buckets from the fleet's first start,
 * as value x seconds and seconds recorded; when a sample falls beyond the
 * grid, its buckets merge into wider ones. At the end of a recording these go to
 * its host (recorded seconds capped at the bucket width, so that two
 * recordings of one host at once add their processes, not their time). A
 * host's line is then value x seconds / seconds per bucket: the time
 * average of its total. */
#define _GNU_SOURCE
#include "fleet.h"

#include "csvw.h"
#include "fleetvis.h"
#include "fmt.h"
#include "logfile.h"
#include "outfile.h"
#include "visual.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct host {
	char *name;
	uint64_t logs, procs, samples;
	double cpu_s;   /* CPU seconds of its processes */
	double rss_max; /* its largest process */
	unsigned leak, possible;
	/* the charts: per metric, FLEET_BUCKETS of value x seconds and of
	 * seconds recorded, at bucket width tl_w (NULL: nothing yet) */
	float *tl_s, *tl_c;
	double tl_w;
};

struct cmd {
	char *name;
	uint64_t procs, samples;
	double cpu_w, cpu_wx; /* seconds, mean x seconds: the weighted mean */
	double cpu_s;
	struct psr_stats cpu; /* samples, for the p95 */
	double rss_max, growth_max;
	unsigned leak, possible;
	size_t *hosts; /* indexes of the hosts that ran it */
	size_t nhosts, caphosts;
};

struct bad {
	char *path;
	char *why;
};

struct fleet {
	const struct fleet_opts *o;
	char **paths;
	size_t npaths, cappaths;
	struct host *hosts;
	size_t nhosts, caphosts;
	struct cmd *cmds;
	size_t ncmds, capcmds;
	struct bad *bad;
	size_t nbad, capbad;
	int cpu_idx, rss_idx;
	uint64_t logs_read;
	/* the row callback's cache: the last process and its command */
	const struct psr_proc_result *last_proc;
	size_t last_cmd;
	/* the charts' grid: bucket k is [g_t0 + k g_w, g_t0 + (k+1) g_w) */
	bool charts;
	size_t nm;            /* metrics charted, f->o->metrics */
	double g_t0, g_w;
	/* the recording being read: its buckets (nm x FLEET_BUCKETS, value
	 * x seconds and seconds) and its sample instant being summed */
	double *r_s, *r_c;
	bool r_any;
	double r_interval;    /* seconds, from its first header */
	int64_t tick_us, prev_us;
	bool in_tick, had_prev;
	double tick_sum[FLEET_MAX_METRICS];
	bool tick_seen[FLEET_MAX_METRICS];
	double first, last;   /* sample instants charted, Unix seconds */
};

/* A sample further from the previous one than this (psrec paused, clock
 * set) stands for one interval, not for the gap. */
#define FLEET_MAX_GAP 3600.0
/* Bucket widths, seconds: each a whole multiple of the one before (so
 * that buckets merge), and round for the reader; beyond, doubled. */
static const double widths[] = {
	0.01, 0.02, 0.1, 0.2, 1, 2, 10, 20, 60, 120, 600, 1200, 3600, 7200,
	21600, 43200, 86400, 172800, 864000, 1728000, 8640000,
};

/* ---- growing arrays ------------------------------------------------- */

static int grow(void **v, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return 0;
	size_t c = *cap ? *cap * 2 : 16;
	void *p = realloc(*v, c * size);
	if (!p)
		return -ENOMEM;
	*v = p;
	*cap = c;
	return 0;
}

static int add_bad(struct fleet *f, const char *path, const char *why)
{
	if (grow((void **)&f->bad, &f->capbad, f->nbad, sizeof *f->bad))
		return -ENOMEM;
	struct bad *b = &f->bad[f->nbad];
	b->path = strdup(path);
	b->why = strdup(why);
	if (!b->path || !b->why) {
		free(b->path);
		free(b->why);
		return -ENOMEM;
	}
	f->nbad++;
	return 0;
}

static int add_path(struct fleet *f, const char *path)
{
	if (grow((void **)&f->paths, &f->cappaths, f->npaths, sizeof *f->paths))
		return -ENOMEM;
	if (!(f->paths[f->npaths] = strdup(path)))
		return -ENOMEM;
	f->npaths++;
	return 0;
}

/* ---- finding the logs ----------------------------------------------- */

/* In a directory, the files named like logs (x.psr, rotated parts). */
static bool log_name(const char *name)
{
	return strstr(name, ".psr") != NULL;
}

static int walk(struct fleet *f, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int rc = 0;

	if (!d) {
		char why[256];
		snprintf(why, sizeof why, "cannot read directory: %s",
			 strerror(errno));
		return add_bad(f, dir, why);
	}
	while (!rc && (de = readdir(d))) {
		struct stat st;
		char *p;
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (asprintf(&p, "%s/%s", dir, de->d_name) < 0) {
			rc = -ENOMEM;
			break;
		}
		/* lstat: a symbolic link to a directory could loop */
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
			rc = walk(f, p);
		else if (log_name(de->d_name) && stat(p, &st) == 0 &&
			 S_ISREG(st.st_mode))
			rc = add_path(f, p);
		free(p);
	}
	closedir(d);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int collect(struct fleet *f)
{
	for (size_t i = 0; i < f->o->nargs; i++) {
		struct stat st;
		const char *a = f->o->args[i];
		int rc = stat(a, &st) == 0 && S_ISDIR(st.st_mode) ? walk(f, a)
								   : add_path(f, a);
		if (rc)
			return rc;
	}
	/* the same order whatever the directory order */
	if (f->npaths) /* qsort wants an array, even of none */
		qsort(f->paths, f->npaths, sizeof *f->paths, cmp_str);
	return 0;
}

/* ---- --fleet-metric ------------------------------------------------ */

/* Gauges and rates add up across processes; totals and states do not. */
static int chartable(const char *name)
{
	unsigned count;
	const struct psr_series_def *t = psr_series_table(&count);
	int i = psr_series_find(name);

	if (i < 0 || (t[i].kind != PSR_SERIES_GAUGE &&
		      t[i].kind != PSR_SERIES_RATE))
		return -1;
	return i;
}

static int metric_index(const char *name)
{
	static const char *const suffix[] = {"_percent", "_bytes", "_per_s"};
	char buf[128];
	int i = chartable(name);

	for (size_t k = 0; i < 0 && k < sizeof suffix / sizeof *suffix; k++)
		if ((size_t)snprintf(buf, sizeof buf, "%s%s", name, suffix[k]) <
		    sizeof buf)
			i = chartable(buf);
	return i;
}

int fleet_metric_parse(const char *arg, unsigned *idx, size_t *n,
		       char *err, size_t errlen)
{
	const char *p = arg;

	*n = 0;
	for (;;) {
		size_t len = strcspn(p, ",");
		char name[128];
		int i;
		if (!len || len >= sizeof name) {
			snprintf(err, errlen, "--fleet-metric '%s': an empty "
				 "or overlong name", arg);
			return -EINVAL;
		}
		memcpy(name, p, len);
		name[len] = 0;
		if ((i = metric_index(name)) < 0) {
			snprintf(err, errlen, "--fleet-metric '%s': '%s' is not "
				 "a gauge or rate of --csv (cpu, rss, vms, pss, "
				 "fds, read_bytes, ...)", arg, name);
			return -EINVAL;
		}
		bool again = false;
		for (size_t k = 0; k < *n; k++)
			again |= idx[k] == (unsigned)i;
		if (!again && *n == FLEET_MAX_METRICS) {
			snprintf(err, errlen, "--fleet-metric '%s': more than "
				 "%d metrics", arg, FLEET_MAX_METRICS);
			return -EINVAL;
		}
		if (!again)
			idx[(*n)++] = (unsigned)i;
		if (!p[len])
			return 0;
		p += len + 1;
	}
}

size_t fleet_metric_defaults(unsigned *idx)
{
	idx[0] = (unsigned)psr_series_find("cpu_percent");
	idx[1] = (unsigned)psr_series_find("rss_bytes");
	return 2;
}

/* ---- the charts' time buckets -------------------------------------- */

static double wider(double w)
{
	for (size_t i = 0; i < sizeof widths / sizeof *widths; i++)
		if (widths[i] > w * 1.001)
			return widths[i];
	return w * 2;
}

/* Rows of FLEET_BUCKETS buckets from width `from` to width `to`, a whole
 * multiple k of it: runs of k buckets add up into one. */
#define MERGE(name, type)                                                   \
	static void name(type *a, size_t rows, double from, double to)      \
	{                                                                   \
		size_t k = (size_t)llround(to / from);                      \
		if (k <= 1)                                                 \
			return;                                             \
		for (size_t r = 0; r < rows; r++) {                         \
			type *v = a + r * FLEET_BUCKETS;                    \
			for (size_t j = 0; j < FLEET_BUCKETS; j++) {        \
				type s = 0;                                 \
				for (size_t i = j * k;                      \
				     i < (j + 1) * k && i < FLEET_BUCKETS;  \
				     i++)                                   \
					s += v[i];                          \
				v[j] = s;                                   \
			}                                                   \
		}                                                           \
	}
MERGE(merge_run, double)
MERGE(merge_host, float)

/* A host's buckets at the grid's current width. */
static void host_fit(const struct fleet *f, struct host *h)
{
	if (h->tl_s && h->tl_w < f->g_w * 0.999) {
		merge_host(h->tl_s, f->nm, h->tl_w, f->g_w);
		merge_host(h->tl_c, f->nm, h->tl_w, f->g_w);
		h->tl_w = f->g_w;
	}
}

/* The grid widened (the recording's buckets merged) until t is in it. */
static void grid_fit(struct fleet *f, double t)
{
	double w = f->g_w;

	while (t - f->g_t0 > FLEET_BUCKETS * w)
		w = wider(w);
	if (w == f->g_w)
		return;
	merge_run(f->r_s, f->nm, f->g_w, w);
	merge_run(f->r_c, f->nm, f->g_w, w);
	f->g_w = w;
}

/* The instant summed so far, spread over the time back to the previous
 * one (for a rate, the time its value is the average of). */
static void tick_flush(struct fleet *f)
{
	double b = (double)f->tick_us / 1e6, iv = f->r_interval;
	double dt = f->had_prev ? (double)(f->tick_us - f->prev_us) / 1e6 : iv;
	double a;

	if (!f->in_tick)
		return;
	f->in_tick = false;
	if (!(dt > 0) || dt > FLEET_MAX_GAP)
		dt = iv;
	a = fmax(b - dt, f->g_t0);
	if (!(b > a) || !isfinite(b))
		return;
	grid_fit(f, b);
	f->first = fmin(f->first, b);
	f->last = fmax(f->last, b);
	double w = f->g_w;
	size_t k0 = (size_t)((a - f->g_t0) / w), k1 = (size_t)((b - f->g_t0) / w);
	if (k1 >= FLEET_BUCKETS)
		k1 = FLEET_BUCKETS - 1;
	for (size_t k = k0; k <= k1; k++) {
		double lo = fmax(a, f->g_t0 + (double)k * w);
		double hi = fmin(b, f->g_t0 + (double)(k + 1) * w);
		if (!(hi > lo))
			continue;
		for (size_t m = 0; m < f->nm; m++) {
			if (!f->tick_seen[m])
				continue;
			f->r_s[m * FLEET_BUCKETS + k] += f->tick_sum[m] * (hi - lo);
			f->r_c[m * FLEET_BUCKETS + k] += hi - lo;
			f->r_any = true;
		}
	}
}

/* A process-sample into the sums of its instant. */
static void tick_row(struct fleet *f, const struct psr_row *row)
{
	if (!f->in_tick || row->epoch_us != f->tick_us) {
		if (f->in_tick) {
			tick_flush(f);
			f->prev_us = f->tick_us;
			f->had_prev = true;
		}
		f->in_tick = true;
		f->tick_us = row->epoch_us;
		memset(f->tick_sum, 0, sizeof f->tick_sum);
		memset(f->tick_seen, 0, sizeof f->tick_seen);
	}
	for (size_t m = 0; m < f->nm; m++) {
		double v = row->values[f->o->metrics[m]];
		if (isfinite(v)) {
			f->tick_sum[m] += v;
			f->tick_seen[m] = true;
		}
	}
}

/* The recording read into host hi (NULL: nowhere), and its buckets
 * cleared for the next one. 0 or -ENOMEM. */
static int fold_run(struct fleet *f, struct host *h)
{
	size_t n = f->nm * FLEET_BUCKETS;
	int rc = 0;

	tick_flush(f);
	f->in_tick = f->had_prev = false;
	if (!f->r_any || !h)
		goto out;
	if (!h->tl_s) {
		h->tl_s = calloc(n, sizeof *h->tl_s);
		h->tl_c = calloc(n, sizeof *h->tl_c);
		h->tl_w = f->g_w;
		if (!h->tl_s || !h->tl_c) {
			rc = -ENOMEM;
			goto out;
		}
	}
	host_fit(f, h);
	for (size_t i = 0; i < n; i++) {
		h->tl_s[i] += (float)f->r_s[i];
		h->tl_c[i] = (float)fmin(h->tl_c[i] + f->r_c[i], f->g_w);
	}
out:
	memset(f->r_s, 0, n * sizeof *f->r_s);
	memset(f->r_c, 0, n * sizeof *f->r_c);
	f->r_any = false;
	return rc;
}

/* ---- hosts and commands --------------------------------------------- */

static struct host *host_of(struct fleet *f, const char *name, size_t *idx)
{
	for (size_t i = 0; i < f->nhosts; i++)
		if (!strcmp(f->hosts[i].name, name)) {
			*idx = i;
			return &f->hosts[i];
		}
	if (grow((void **)&f->hosts, &f->caphosts, f->nhosts, sizeof *f->hosts))
		return NULL;
	struct host *h = &f->hosts[f->nhosts];
	memset(h, 0, sizeof *h);
	if (!(h->name = strdup(name)))
		return NULL;
	*idx = f->nhosts++;
	return h;
}

static struct cmd *cmd_of(struct fleet *f, const char *name, size_t *idx)
{
	for (size_t i = 0; i < f->ncmds; i++)
		if (!strcmp(f->cmds[i].name, name)) {
			*idx = i;
			return &f->cmds[i];
		}
	if (grow((void **)&f->cmds, &f->capcmds, f->ncmds, sizeof *f->cmds))
		return NULL;
	struct cmd *c = &f->cmds[f->ncmds];
	memset(c, 0, sizeof *c);
	psr_stats_init(&c->cpu);
	if (!(c->name = strdup(name)))
		return NULL;
	*idx = f->ncmds++;
	return c;
}

static int cmd_add_host(struct cmd *c, size_t host)
{
	for (size_t i = 0; i < c->nhosts; i++)
		if (c->hosts[i] == host)
			return 0;
	if (grow((void **)&c->hosts, &c->caphosts, c->nhosts, sizeof *c->hosts))
		return -ENOMEM;
	c->hosts[c->nhosts++] = host;
	return 0;
}

/* Every CPU sample of a process into its command's sketch. */
static int on_row(void *ctx, const struct psr_row *row)
{
	struct fleet *f = ctx;
	double x;
	size_t ci;

	if (row->host)
		return 0;
	if (f->charts)
		tick_row(f, row);
	if (isnan(x = row->values[f->cpu_idx]))
		return 0;
	if (row->proc == f->last_proc) {
		ci = f->last_cmd;
	} else {
		if (!cmd_of(f, row->proc->comm ? row->proc->comm : "", &ci))
			return -ENOMEM;
		f->last_proc = row->proc;
		f->last_cmd = ci;
	}
	return psr_stats_add(&f->cmds[ci].cpu, x, 1, 1);
}

static int reduce_proc(struct fleet *f, size_t hi,
		       const struct psr_proc_result *p)
{
	const struct psr_series_result *cpu, *rss;
	size_t ci;
	struct cmd *c = cmd_of(f, p->comm ? p->comm : "", &ci);
	struct host *h = &f->hosts[hi];

	if (!c || cmd_add_host(c, hi))
		return -ENOMEM;
	c->procs++;
	h->procs++;
	c->samples += p->samples;
	h->samples += p->samples;
	cpu = psr_result_series(p, (unsigned)f->cpu_idx);
	if (cpu && cpu->n) {
		c->cpu_w += cpu->seconds;
		c->cpu_wx += cpu->mean * cpu->seconds;
		if (isfinite(cpu->total)) {
			c->cpu_s += cpu->total;
			h->cpu_s += cpu->total;
		}
	}
	rss = psr_result_series(p, (unsigned)f->rss_idx);
	if (rss && rss->n) {
		if (rss->max > c->rss_max)
			c->rss_max = rss->max;
		if (rss->max > h->rss_max)
			h->rss_max = rss->max;
		if (rss->leak && isfinite(rss->leak->growth_per_h) &&
		    rss->leak->growth_per_h > c->growth_max)
			c->growth_max = rss->leak->growth_per_h;
	}
	if (p->verdict == PSR_VERDICT_LEAK) {
		c->leak++;
		h->leak++;
	} else if (p->verdict == PSR_VERDICT_POSSIBLE) {
		c->possible++;
		h->possible++;
	}
	return 0;
}

static int reduce(struct fleet *f, const struct psr_result *r)
{
	if (f->charts && r->nruns) {
		/* one recording: the host of its first log */
		size_t hi;
		struct host *h = host_of(f, r->runs[0].header.hostname, &hi);
		if (!h || fold_run(f, h))
			return -ENOMEM;
	}
	for (size_t k = 0; k < r->nruns; k++) {
		const struct psr_run_result *run = &r->runs[k];
		size_t hi;
		struct host *h = host_of(f, run->header.hostname, &hi);
		if (!h)
			return -ENOMEM;
		h->logs += run->npaths;
		for (size_t i = 0; i < run->nprocs; i++)
			if (reduce_proc(f, hi, &run->procs[i]))
				return -ENOMEM;
	}
	return 0;
}

/* ---- one log ------------------------------------------------------- */

/* One log into the analysis (its run's parts go one after the other):
 * what cannot be read goes to the bad list, what was read before an
 * error still counts. lf is left open (the engine may still look at its
 * header); 0 or -ENOMEM. */
static int feed_log(struct fleet *f, struct psr_analysis *an,
		    struct logfile *lf, const char *path)
{
	struct psr_record rec;
	char err[1024], first_warning[512] = "";
	uint64_t warnings = 0;
	int rc;

	if (logfile_open(lf, path, err, sizeof err))
		return add_bad(f, path, err);
	lf->print_warnings = false; /* listed at the end instead */
	f->logs_read++;
	if (!(f->r_interval > 0))
		f->r_interval = (double)psr_reader_header(lf->r)->interval_ns / 1e9;
	if (!(f->r_interval > 0))
		f->r_interval = 1;
	if ((rc = psr_analysis_begin_log(an, psr_reader_header(lf->r), path)))
		snprintf(err, sizeof err, "%s", psr_analysis_errmsg(an));
	while (!rc) {
		int n = logfile_next(lf, &rec, err, sizeof err);
		if (n <= 0) {
			rc = n;
			break;
		}
		if (rec.type == PSR_REC_WARNING && !warnings++)
			snprintf(first_warning, sizeof first_warning, "%s",
				 rec.u.warning);
		if ((rc = psr_analysis_record(an, &rec)))
			snprintf(err, sizeof err, "%s", psr_analysis_errmsg(an));
	}
	if (rc == -ENOMEM)
		return rc;
	if (rc < 0)
		return add_bad(f, path, err);
	if (warnings) {
		char why[700];
		snprintf(why, sizeof why, "damaged, read as far as it goes "
			 "(%" PRIu64 " warning%s, first: %s)", warnings,
			 warnings == 1 ? "" : "s", first_warning);
		return add_bad(f, path, why);
	}
	return 0;
}

/* One recording: its logs (rotated parts, in order) through one
 * analysis, reduced, freed. 0 or -ENOMEM. */
static int read_run(struct fleet *f, const size_t *idx, size_t n)
{
	struct psr_analysis_opts ao = *f->o->an;
	struct psr_analysis *an = NULL;
	struct psr_result *res = NULL;
	struct logfile cur = {0}, prev = {0};
	int rc = 0;

	ao.on_row = on_row;
	ao.row_ctx = f;
	f->last_proc = NULL;
	f->r_interval = 0;
	if (psr_analysis_new(&an, &ao))
		return -ENOMEM;
	for (size_t k = 0; k < n && !rc; k++) {
		rc = feed_log(f, an, &cur, f->paths[idx[k]]);
		if (cur.r) { /* the engine now holds this one's header */
			logfile_close(&prev);
			prev = cur;
			cur.r = NULL;
		}
	}
	if (!rc)
		rc = psr_analysis_finish(an, &res) ? -ENOMEM : reduce(f, res);
	if (f->charts && !rc)
		rc = fold_run(f, NULL); /* nothing of it left for the next */
	psr_result_free(res);
	psr_analysis_free(an);
	logfile_close(&prev);
	return rc;
}

/* What groups logs into recordings, from their headers. */
struct member {
	size_t path;
	bool ids;
	uint8_t run[16];
	uint32_t part;
	int64_t start;
};

static int by_run(const void *a, const void *b)
{
	const struct member *x = a, *y = b;
	int c;

	if (x->ids != y->ids)
		return x->ids ? -1 : 1;
	if (!x->ids) /* logs without ids stand alone */
		return x->path < y->path ? -1 : x->path > y->path;
	if ((c = memcmp(x->run, y->run, sizeof x->run)))
		return c;
	if (x->part != y->part)
		return x->part < y->part ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->path < y->path ? -1 : x->path > y->path;
}

/* Every log once for its header, then recording by recording: parts of
 * one run (same run id) are analysed together, like psreport does. */
static int read_all(struct fleet *f)
{
	struct member *m = calloc(f->npaths ? f->npaths : 1, sizeof *m);
	size_t *idx = calloc(f->npaths ? f->npaths : 1, sizeof *idx);
	size_t nm = 0;
	int rc = 0;

	if (!m || !idx) {
		rc = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < f->npaths && !rc; i++) {
		struct logfile lf;
		char err[1024];
		if (logfile_open(&lf, f->paths[i], err, sizeof err)) {
			rc = add_bad(f, f->paths[i], err);
			continue;
		}
		const struct psr_header *h = psr_reader_header(lf.r);
		m[nm] = (struct member){i, h->has_ids != 0, {0}, h->part,
					h->start_epoch_ns};
		memcpy(m[nm].run, h->run_id, sizeof m[nm].run);
		nm++;
		logfile_close(&lf);
	}
	/* the charts' grid starts at the first start (or --from) */
	f->g_t0 = INFINITY;
	for (size_t i = 0; i < nm; i++)
		if (m[i].start > 0)
			f->g_t0 = fmin(f->g_t0,
				       floor((double)m[i].start / 60e9) * 60);
	if (f->o->an->from.kind == PSR_TIME_EPOCH)
		f->g_t0 = isfinite(f->g_t0) ? fmax(f->g_t0, f->o->an->from.s)
					    : f->o->an->from.s;
	if (!isfinite(f->g_t0))
		f->g_t0 = 0;
	f->g_w = widths[0];
	f->first = INFINITY;
	f->last = -INFINITY;
	qsort(m, nm, sizeof *m, by_run);
	for (size_t i = 0; i < nm && !rc;) {
		size_t n = 1;
		idx[0] = m[i].path;
		while (i + n < nm && m[i].ids && m[i + n].ids &&
		       !memcmp(m[i].run, m[i + n].run, sizeof m[i].run)) {
			idx[n] = m[i + n].path;
			n++;
		}
		rc = read_run(f, idx, n);
		i += n;
	}
out:
	free(m);
	free(idx);
	return rc;
}

/* ---- output -------------------------------------------------------- */

static double cmd_p95(const struct cmd *c)
{
	double p = 0.95, out = NAN;

	psr_stats_quantiles(&c->cpu, &p, 1, &out);
	return out;
}

static int by_cpu(const void *a, const void *b)
{
	const struct cmd *x = a, *y = b;

	if (x->cpu_s != y->cpu_s)
		return x->cpu_s < y->cpu_s ? 1 : -1;
	return strcmp(x->name, y->name);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct host *)a)->name,
		      ((const struct host *)b)->name);
}

static void pct(char *buf, size_t n, double v)
{
	if (isfinite(v))
		snprintf(buf, n, "%.1f%%", v);
	else
		snprintf(buf, n, "-");
}

static void text(const struct fleet *f, FILE *out)
{
	uint64_t samples = 0;

	for (size_t i = 0; i < f->nhosts; i++)
		samples += f->hosts[i].samples;
	fprintf(out, "fleet: %" PRIu64 " log%s read, %zu with problems, "
		"%zu host%s, %zu command%s, %" PRIu64 " process-samples\n",
		f->logs_read, f->logs_read == 1 ? "" : "s", f->nbad, f->nhosts,
		f->nhosts == 1 ? "" : "s", f->ncmds, f->ncmds == 1 ? "" : "s",
		samples);
	fprintf(out, "\nper command, across hosts:\n%-16s %5s %6s %10s %8s "
		"%8s %10s %12s %5s %8s\n", "COMMAND", "HOSTS", "PROCS",
		"SAMPLES", "CPU avg", "CPU p95", "RSS max", "growth/h max",
		"LEAK", "POSSIBLE");
	for (size_t i = 0; i < f->ncmds; i++) {
		const struct cmd *c = &f->cmds[i];
		char mean[32], p95[32], rss[32], g[32];
		pct(mean, sizeof mean, c->cpu_w > 0 ? c->cpu_wx / c->cpu_w : NAN);
		pct(p95, sizeof p95, cmd_p95(c));
		fmt_bytes(rss, sizeof rss, c->rss_max);
		fmt_bytes(g, sizeof g, c->growth_max);
		fprintf(out, "%-16s %5zu %6" PRIu64 " %10" PRIu64 " %8s %8s "
			"%10s %12s %5u %8u\n", c->name, c->nhosts, c->procs,
			c->samples, mean, p95, rss, g, c->leak, c->possible);
	}
	fprintf(out, "\nper host:\n%-24s %5s %6s %10s %10s %10s %5s %8s\n",
		"HOST", "LOGS", "PROCS", "SAMPLES", "CPU s", "RSS max", "LEAK",
		"POSSIBLE");
	for (size_t i = 0; i < f->nhosts; i++) {
		const struct host *h = &f->hosts[i];
		char rss[32];
		fmt_bytes(rss, sizeof rss, h->rss_max);
		fprintf(out, "%-24s %5" PRIu64 " %6" PRIu64 " %10" PRIu64
			" %10.1f %10s %5u %8u\n", h->name, h->logs, h->procs,
			h->samples, h->cpu_s, rss, h->leak, h->possible);
	}
	if (f->nbad)
		fprintf(out, "\nlogs with problems:\n");
	for (size_t i = 0; i < f->nbad; i++)
		fprintf(out, "  %s: %s\n", f->bad[i].path, f->bad[i].why);
}

/* One row per command, per host and per problem log. */
static void csv(const struct fleet *f, FILE *out)
{
	fputs("kind,name,hosts,logs,processes,samples,cpu_mean_percent,"
	      "cpu_p95_percent,cpu_seconds,rss_max_bytes,"
	      "rss_growth_max_per_h_bytes,leak,possible,problem\n", out);
	for (size_t i = 0; i < f->ncmds; i++) {
		const struct cmd *c = &f->cmds[i];
		fputs("command", out);
		csvw_text_cell(out, c->name);
		fprintf(out, ",%zu,,%" PRIu64 ",%" PRIu64, c->nhosts, c->procs,
			c->samples);
		csvw_num_cell(out, c->cpu_w > 0 ? c->cpu_wx / c->cpu_w : NAN);
		csvw_num_cell(out, cmd_p95(c));
		csvw_num_cell(out, c->cpu_s);
		fprintf(out, ",%.0f,%.0f,%u,%u,\n", c->rss_max, c->growth_max,
			c->leak, c->possible);
	}
	for (size_t i = 0; i < f->nhosts; i++) {
		const struct host *h = &f->hosts[i];
		fputs("host", out);
		csvw_text_cell(out, h->name);
		fprintf(out, ",1,%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",,",
			h->logs, h->procs, h->samples);
		csvw_num_cell(out, h->cpu_s);
		fprintf(out, ",%.0f,,%u,%u,\n", h->rss_max, h->leak,
			h->possible);
	}
	for (size_t i = 0; i < f->nbad; i++) {
		fputs("problem", out);
		csvw_text_cell(out, f->bad[i].path);
		fputs(",,,,,,,,,,,,", out);
		csvw_text_cell(out, f->bad[i].why);
		fputc('\n', out);
	}
}

/* ---- the charts' view ---------------------------------------------- */

struct view {
	struct fleetvis v;
	struct fleetvis_cmd *cmds;
	struct fleetvis_host *hosts;
	struct fleetvis_bad *bad;
	struct fleetvis_metric *metrics;
	char (*names)[64];
};

struct rank {
	size_t host;
	double peak;
};

static int by_peak(const void *a, const void *b)
{
	const struct rank *x = a, *y = b;

	if (x->peak != y->peak)
		return x->peak < y->peak ? 1 : -1;
	return x->host < y->host ? -1 : x->host > y->host;
}

/* Metric m of every host: its figures, and the lines of the
 * FLEETVIS_LINES hosts with the highest bucket. */
static int view_metric(struct fleet *f, size_t m, struct fleetvis_metric *vm,
		       struct rank *rk)
{
	const size_t B = FLEET_BUCKETS;
	size_t lo = B, hi = 0, nr = 0;

	for (size_t i = 0; i < f->nhosts; i++) {
		struct host *h = &f->hosts[i];
		double peak = -INFINITY;
		if (!h->tl_s)
			continue;
		host_fit(f, h);
		for (size_t k = 0; k < B; k++) {
			double c = h->tl_c[m * B + k];
			if (!(c > 0))
				continue;
			lo = k < lo ? k : lo;
			hi = k > hi ? k : hi;
			peak = fmax(peak, h->tl_s[m * B + k] / c);
		}
		if (isfinite(peak))
			rk[nr++] = (struct rank){i, peak};
	}
	vm->nhosts = nr;
	vm->width = f->g_w;
	vm->t0 = f->g_t0 + (double)lo * f->g_w;
	vm->t1 = f->g_t0 + (double)(hi + 1) * f->g_w;
	if (!nr)
		return 0;
	qsort(rk, nr, sizeof *rk, by_peak);
	vm->nlines = nr < FLEETVIS_LINES ? nr : FLEETVIS_LINES;
	if (!(vm->lines = calloc(vm->nlines, sizeof *vm->lines)))
		return -ENOMEM;
	for (size_t j = 0; j < vm->nlines; j++) {
		const struct host *h = &f->hosts[rk[j].host];
		struct fleetvis_line *l = &vm->lines[j];
		double ss = 0, sc = 0;
		l->host = h->name;
		l->peak = -INFINITY;
		l->t = malloc((hi - lo + 1) * sizeof *l->t);
		l->v = malloc((hi - lo + 1) * sizeof *l->v);
		if (!l->t || !l->v)
			return -ENOMEM;
		for (size_t k = lo; k <= hi; k++) {
			double c = h->tl_c[m * B + k], s = h->tl_s[m * B + k];
			double v = c > 0 ? s / c : NAN;
			l->t[l->n] = f->g_t0 + ((double)k + 0.5) * f->g_w;
			l->v[l->n++] = v;
			if (!(c > 0))
				continue;
			ss += s;
			sc += c;
			if (v > l->peak) {
				l->peak = v;
				l->peak_t = l->t[l->n - 1];
			}
		}
		l->mean = ss / sc;
		l->seconds = sc;
	}
	return 0;
}

static void view_free(struct view *w)
{
	for (size_t m = 0; w->metrics && m < w->v.nmetrics; m++) {
		for (size_t j = 0; j < w->metrics[m].nlines; j++) {
			free(w->metrics[m].lines[j].t);
			free(w->metrics[m].lines[j].v);
		}
		free(w->metrics[m].lines);
	}
	free(w->metrics);
	free(w->cmds);
	free(w->hosts);
	free(w->bad);
	free(w->names);
}

/* The tables and charts as fleetvis.h takes them; 0 or -ENOMEM. */
static int view_make(struct fleet *f, struct view *w)
{
	size_t n1 = f->ncmds + 1, n2 = f->nhosts + 1, nb = f->nbad + 1;
	struct rank *rk = calloc(n2, sizeof *rk);
	int rc = 0;

	memset(w, 0, sizeof *w);
	w->cmds = calloc(n1, sizeof *w->cmds);
	w->hosts = calloc(n2, sizeof *w->hosts);
	w->bad = calloc(nb, sizeof *w->bad);
	w->metrics = calloc(f->nm + 1, sizeof *w->metrics);
	w->names = calloc(f->nm + 1, sizeof *w->names);
	if (!rk || !w->cmds || !w->hosts || !w->bad || !w->metrics ||
	    !w->names) {
		free(rk);
		return -ENOMEM;
	}
	w->v = (struct fleetvis){.logs_read = f->logs_read, .cmds = w->cmds,
		.ncmds = f->ncmds, .hosts = w->hosts, .nhosts = f->nhosts,
		.bad = w->bad, .nbad = f->nbad, .metrics = w->metrics,
		.nmetrics = f->nm, .first = f->first, .last = f->last};
	for (size_t i = 0; i < f->ncmds; i++) {
		const struct cmd *c = &f->cmds[i];
		w->cmds[i] = (struct fleetvis_cmd){c->name, c->nhosts, c->procs,
			c->samples, c->cpu_w > 0 ? c->cpu_wx / c->cpu_w : NAN,
			cmd_p95(c), c->rss_max, c->growth_max, c->leak,
			c->possible};
	}
	for (size_t i = 0; i < f->nhosts; i++) {
		const struct host *h = &f->hosts[i];
		w->hosts[i] = (struct fleetvis_host){h->name, h->logs, h->procs,
			h->samples, h->cpu_s, h->rss_max, h->leak, h->possible};
		w->v.samples += h->samples;
	}
	for (size_t i = 0; i < f->nbad; i++)
		w->bad[i] = (struct fleetvis_bad){f->bad[i].path, f->bad[i].why};
	for (size_t m = 0; m < f->nm && !rc; m++) {
		w->metrics[m].series = f->o->metrics[m];
		fleetvis_short_name(f->o->metrics[m], w->names[m],
				    sizeof w->names[m]);
		w->metrics[m].name = w->names[m];
		rc = view_metric(f, m, &w->metrics[m], rk);
	}
	free(rk);
	return rc;
}

static int write_visual(struct fleet *f)
{
	struct view w;
	char err[1024];
	int rc = view_make(f, &w);

	if (rc)
		snprintf(err, sizeof err, "out of memory");
	else
		rc = fleetvis_write(&w.v, f->o->vis, err, sizeof err);
	view_free(&w);
	if (rc)
		fprintf(stderr, "psreport: %s\n", err);
	return rc;
}

static int write_outputs(struct fleet *f)
{
	struct outfile of = {0};
	char err[1024];

	if (f->ncmds)
		qsort(f->cmds, f->ncmds, sizeof *f->cmds, by_cpu);
	/* hosts are sorted once commands no longer point at them by index */
	if (f->nhosts)
		qsort(f->hosts, f->nhosts, sizeof *f->hosts, by_name);
	if (f->o->text)
		text(f, stdout);
	if (fflush(stdout))
		return -1;
	if (f->o->csv &&
	    outfile_open(&of, f->o->csv, f->o->force, err, sizeof err)) {
		fprintf(stderr, "psreport: --fleet-csv: %s\n", err);
		return -1;
	}
	if (f->o->csv)
		csv(f, of.f);
	/* the charts before the CSV is in place: a failed chart leaves no
	 * CSV */
	if (f->charts && write_visual(f)) {
		outfile_abort(&of);
		return -1;
	}
	if (f->o->csv && outfile_commit(&of, err, sizeof err)) {
		fprintf(stderr, "psreport: %s\n", err);
		return -1;
	}
	return 0;
}

static void fleet_free(struct fleet *f)
{
	for (size_t i = 0; i < f->npaths; i++)
		free(f->paths[i]);
	free(f->paths);
	for (size_t i = 0; i < f->nhosts; i++) {
		free(f->hosts[i].name);
		free(f->hosts[i].tl_s);
		free(f->hosts[i].tl_c);
	}
	free(f->hosts);
	free(f->r_s);
	free(f->r_c);
	for (size_t i = 0; i < f->ncmds; i++) {
		free(f->cmds[i].name);
		free(f->cmds[i].hosts);
		psr_stats_release(&f->cmds[i].cpu);
	}
	free(f->cmds);
	for (size_t i = 0; i < f->nbad; i++) {
		free(f->bad[i].path);
		free(f->bad[i].why);
	}
	free(f->bad);
}

int fleet_main(const struct fleet_opts *o)
{
	struct fleet f = {.o = o};
	int code = 0;

	f.cpu_idx = psr_series_find("cpu_percent");
	f.rss_idx = psr_series_find("rss_bytes");
	f.charts = o->vis && visual_wanted(o->vis) && o->nmetrics;
	if (f.charts) {
		char err[1024];
		/* an existing output refused before the reading, not after */
		if (fleetvis_check(o->vis, o->metrics, o->nmetrics, err,
				   sizeof err)) {
			fprintf(stderr, "psreport: %s\n", err);
			return 1;
		}
		f.nm = o->nmetrics;
		f.r_s = calloc(f.nm * FLEET_BUCKETS, sizeof *f.r_s);
		f.r_c = calloc(f.nm * FLEET_BUCKETS, sizeof *f.r_c);
		if (!f.r_s || !f.r_c)
			goto nomem;
	}
	if (collect(&f))
		goto nomem;
	if (read_all(&f))
		goto nomem;
	if (!f.npaths && !f.nbad)
		fprintf(stderr, "psreport: --fleet: no log found\n");
	if (write_outputs(&f))
		code = 1;
	if (f.nbad || !f.npaths)
		code = 1;
	fleet_free(&f);
	return code;
nomem:
	fprintf(stderr, "psreport: out of memory\n");
	fleet_free(&f);
	return 1;
}
