/* group.c - totals per command, program or user over a run's processes
 * (psr/analysis.h psr_result_groups), the processes of the exit
 * accounting among them: one pass with a hash of the keys,
 * then a sort of the groups, so a day of a build host (100,000s of
 * processes, a few hundred commands) costs a few milliseconds. */
#define _GNU_SOURCE /* memrchr */
#include <psr/analysis.h>

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The key of p as a string and its length; the uid for users. */
static const char *key_of(const struct psr_proc_result *p,
			  enum psr_group_by by, size_t *len)
{
	const char *k = p->comm ? p->comm : "";

	if (by == PSR_GROUP_USER) {
		*len = 0;
		return "";
	}
	if (by == PSR_GROUP_NAME && p->cmdline && p->cmdline_len &&
	    p->cmdline[0]) {
		/* the first argument ends at its NUL (or the buffer's end) */
		size_t n = strnlen(p->cmdline, p->cmdline_len);
		const char *slash = memrchr(p->cmdline, '/', n);
		k = slash ? slash + 1 : p->cmdline;
		*len = n - (size_t)(k - p->cmdline);
		if (*len)
			return k;
		k = p->comm ? p->comm : "";
	}
	*len = strlen(k);
	return k;
}

static uint64_t hash(const char *k, size_t n, uint32_t uid)
{
	uint64_t h = 1469598103934665603ull ^ uid; /* FNV-1a */

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)k[i]) * 1099511628211ull;
	return h ^ h >> 29;
}

static double rss_peak(const struct psr_proc_result *p, int rss)
{
	const struct psr_series_result *s =
		rss >= 0 ? psr_result_series(p, (unsigned)rss) : NULL;

	if (s && s->n)
		return s->max;
	if (p->has_rusage && p->rusage.maxrss_kb)
		return (double)p->rusage.maxrss_kb * 1024;
	return NAN;
}

static void add_member(struct psr_group *g, const struct psr_proc_result *p,
		       int rss)
{
	double peak = rss_peak(p, rss);

	g->count++;
	g->ended += p->ended;
	g->samples += p->samples;
	if (isnan(p->cpu_seconds))
		g->cpu_unknown++;
	else
		g->cpu_seconds += p->cpu_seconds;
	if (!isnan(p->children_cpu_seconds))
		g->children_cpu_seconds += p->children_cpu_seconds;
	if (!isnan(peak) && !(peak <= g->peak_rss))
		g->peak_rss = peak;
	if (p->samples && !(p->first_epoch >= g->first_epoch))
		g->first_epoch = p->first_epoch;
	if (p->samples && !(p->last_epoch <= g->last_epoch))
		g->last_epoch = p->last_epoch;
	if (p->verdict > g->worst)
		g->worst = p->verdict;
}

/* A process summarised by its totals: of the exit accounting only (no
 * samples, its figures from the kernel), or a short-lived one. */
static void add_exited(struct psr_group *g, const struct psr_exited *e)
{
	g->count++;
	g->ended++;
	g->samples += e->samples;
	if (isnan(e->cpu_seconds))
		g->cpu_unknown++;
	else
		g->cpu_seconds += e->cpu_seconds;
	if (!isnan(e->children_cpu_seconds))
		g->children_cpu_seconds += e->children_cpu_seconds;
	if (e->samples && !(e->first_epoch >= g->first_epoch))
		g->first_epoch = e->first_epoch;
	if (e->samples && !(e->last_epoch <= g->last_epoch))
		g->last_epoch = e->last_epoch;
	if (e->maxrss_bytes > 0 && !(e->maxrss_bytes <= g->peak_rss))
		g->peak_rss = e->maxrss_bytes;
	g->exited++;
	g->exited_read_bytes += (double)e->read_bytes;
	g->exited_write_bytes += (double)e->write_bytes;
}

static int cmp_group(const void *x, const void *y)
{
	const struct psr_group *a = x, *b = y;

	if (a->cpu_seconds != b->cpu_seconds)
		return a->cpu_seconds > b->cpu_seconds ? -1 : 1;
	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	if (a->uid != b->uid && !*a->key && !*b->key)
		return a->uid < b->uid ? -1 : 1;
	return strcmp(a->key, b->key);
}

/* Group of each process (index into g), by hashing its key. */
static int assign(const struct psr_run_result *run, enum psr_group_by by,
		  struct psr_groups *out, size_t *of)
{
	size_t cap = 64, *slot;

	size_t n = run->nprocs + run->nexited;

	while (cap < 2 * n)
		cap *= 2;
	if (!(slot = malloc(cap * sizeof *slot)))
		return -ENOMEM;
	memset(slot, 0xff, cap * sizeof *slot); /* SIZE_MAX: empty */
	for (size_t i = 0; i < n; i++) {
		size_t len, j;
		const char *k;
		uint32_t uid;
		if (i < run->nprocs) {
			k = key_of(&run->procs[i], by, &len);
			uid = run->procs[i].uid;
		} else { /* an EXIT record has no command line: its comm */
			const struct psr_exited *e = &run->exited[i - run->nprocs];
			k = by == PSR_GROUP_USER ? "" : e->comm;
			len = strlen(k);
			uid = e->uid;
		}
		if (by != PSR_GROUP_USER)
			uid = 0;
		for (j = hash(k, len, uid) & (cap - 1); slot[j] != SIZE_MAX;
		     j = (j + 1) & (cap - 1)) {
			const struct psr_group *g = &out->g[slot[j]];
			if (g->uid == uid && !strncmp(g->key, k, len) &&
			    !g->key[len])
				break;
		}
		if (slot[j] == SIZE_MAX) {
			/* a copy: a program's name is a part of a command
			 * line, not a string of its own */
			char *key = malloc(len + 1);
			if (!key) {
				free(slot);
				return -ENOMEM;
			}
			memcpy(key, k, len);
			key[len] = 0;
			out->g[out->n] = (struct psr_group){.key = key,
				.uid = uid, .peak_rss = NAN,
				.first_epoch = NAN, .last_epoch = NAN};
			slot[j] = out->n++;
		}
		of[i] = slot[j];
	}
	free(slot);
	return 0;
}

int psr_result_groups(const struct psr_run_result *run, enum psr_group_by by,
		      struct psr_groups *out)
{
	size_t all = run->nprocs + run->nexited;
	size_t n = all ? all : 1, *of, *fill;
	int rss = psr_series_find("rss_bytes"), rc = -ENOMEM;

	memset(out, 0, sizeof *out);
	out->g = calloc(n, sizeof *out->g);
	out->members = malloc(n * sizeof *out->members);
	of = malloc(n * sizeof *of);
	fill = NULL;
	if (!out->g || !out->members || !of || (rc = assign(run, by, out, of)))
		goto fail;
	for (size_t i = 0; i < run->nprocs; i++)
		add_member(&out->g[of[i]], &run->procs[i], rss);
	for (size_t i = 0; i < run->nexited; i++)
		add_exited(&out->g[of[run->nprocs + i]], &run->exited[i]);
	/* sort, then lay the members out group by group in log order */
	for (size_t i = 0; i < out->n; i++)
		out->g[i].first = i; /* the group's index before the sort */
	qsort(out->g, out->n, sizeof *out->g, cmp_group);
	rc = -ENOMEM;
	if (!(fill = malloc(n * sizeof *fill)))
		goto fail;
	size_t pos = 0;
	for (size_t i = 0; i < out->n; i++) {
		fill[out->g[i].first] = pos;
		out->g[i].first = pos;
		pos += out->g[i].count;
	}
	for (size_t i = 0; i < all; i++)
		out->members[fill[of[i]]++] = i;
	free(fill);
	free(of);
	return 0;
fail:
	free(fill);
	free(of);
	psr_groups_release(out);
	return rc;
}

void psr_groups_release(struct psr_groups *g)
{
	if (!g)
		return;
	for (size_t i = 0; i < g->n; i++)
		free((char *)g->g[i].key);
	free(g->g);
	free(g->members);
	memset(g, 0, sizeof *g);
}
