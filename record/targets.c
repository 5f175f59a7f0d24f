/* targets.c - the set of recorded processes and one sample of them all. */
#define _GNU_SOURCE
#include "targets.h"
#include "procwalk.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- pid hash ---- */

static size_t slot_of(const struct targets *ts, pid_t pid)
{
	return ((uint32_t)pid * 2654435761u) & (ts->hcap - 1);
}

static void hash_put(struct targets *ts, size_t index)
{
	size_t i = slot_of(ts, ts->t[index].pid);
	while (ts->hash[i])
		i = (i + 1) & (ts->hcap - 1);
	ts->hash[i] = (uint32_t)index + 1;
}

/* Size the table for cap targets (load <= 1/2) and fill it. */
static int hash_rebuild(struct targets *ts, size_t cap)
{
	size_t hcap = 64;
	while (hcap < 2 * cap)
		hcap *= 2;
	if (hcap != ts->hcap) {
		uint32_t *h = malloc(hcap * sizeof *h);
		if (!h)
			return -ENOMEM;
		free(ts->hash);
		ts->hash = h;
		ts->hcap = hcap;
	}
	memset(ts->hash, 0, ts->hcap * sizeof *ts->hash);
	for (size_t k = 0; k < ts->n; k++)
		hash_put(ts, k);
	return 0;
}

struct target *targets_find_pid(struct targets *ts, pid_t pid)
{
	if (!ts->hcap)
		return NULL;
	/* a pid may be there twice: an ended process and its successor */
	for (size_t i = slot_of(ts, pid); ts->hash[i];
	     i = (i + 1) & (ts->hcap - 1)) {
		struct target *t = &ts->t[ts->hash[i] - 1];
		if (t->pid == pid && !t->gone)
			return t;
	}
	return NULL;
}

static int grow(struct targets *ts)
{
	if (ts->n < ts->cap)
		return 0;
	size_t cap = ts->cap ? ts->cap * 2 : 16;
	struct target *t = realloc(ts->t, cap * sizeof *t);
	if (!t)
		return -ENOMEM;
	ts->t = t;
	struct psr_values *v = realloc(ts->vals, cap * sizeof *v);
	if (!v)
		return -ENOMEM;
	ts->vals = v;
	ts->cap = cap;
	return hash_rebuild(ts, cap);
}

/* ---- origins ---- */

/* The index + 1 of name among the origins, added when new; 0 when out of
 * memory (the target then has no origin). Linear: there are few (the
 * names given) except with -a, where new ones come only with new
 * processes. */
static unsigned intern_origin(struct targets *ts, const char *name)
{
	for (size_t i = 0; i < ts->norigins; i++)
		if (strcmp(ts->origins[i], name) == 0)
			return (unsigned)i + 1;
	char **o = realloc(ts->origins, (ts->norigins + 1) * sizeof *o);
	if (!o)
		return 0;
	ts->origins = o;
	if (!(o[ts->norigins] = strdup(name)))
		return 0;
	return (unsigned)++ts->norigins;
}

const char *targets_origin(const struct targets *ts, const struct target *t)
{
	return t->origin ? ts->origins[t->origin - 1] : "";
}

int targets_attach(struct targets *ts, const struct procfs *fs, pid_t pid,
		   unsigned flags, const char *origin)
{
	if (targets_find_pid(ts, pid))
		return -EEXIST;
	if (ts->max && ts->alive >= ts->max)
		return -ENOSPC;
	int rc = grow(ts);
	if (rc)
		return rc;
	struct target *t = &ts->t[ts->n];
	memset(t, 0, sizeof *t);
	rc = proc_attach(fs, pid, &t->f, &t->ident);
	if (rc)
		return rc;
	t->pid = pid;
	/* empty is the command line of a kernel thread (kthreadd and its
	 * children), and of a process caught inside execve */
	t->cmdline_retry = t->ident.cmdline && !t->ident.cmdline_len &&
			   pid != 2 && t->ident.ppid != 2;
	t->launched = !!(flags & TARGET_LAUNCHED);
	t->discovered = !!(flags & TARGET_DISCOVERED);
	t->tree = ts->children || (flags & TARGET_TREE);
	t->job = !!(flags & TARGET_JOB);
	if (ts->keep_origin) {
		t->origin = intern_origin(ts, origin ? origin : t->ident.comm);
		t->origin_comm = !origin;
	}
	hash_put(ts, ts->n);
	ts->n++;
	ts->alive++;
	ts->alive_job += t->job;
	ts->added++;
	ts->unregistered++;
	return 0;
}

int targets_register(struct targets *ts, struct psr_writer *w)
{
	for (size_t i = 0; i < ts->n; i++) {
		struct target *t = &ts->t[i];
		if (t->id || t->gone)
			continue;
		if (!w) { /* --no-log: ids only order the sample's values */
			t->id = ++ts->last_id;
			continue;
		}
		struct psr_process p = {
			.pid = (uint32_t)t->pid,
			.ppid = (uint32_t)t->ident.ppid,
			.start_ticks = t->ident.start_ticks,
			.uid = t->ident.uid,
			.comm = t->ident.comm,
			.cmdline = t->ident.cmdline,
			.cmdline_len = t->ident.cmdline_len,
		};
		if (t->launched)
			p.flags |= PSR_PROC_LAUNCHED;
		if (t->ident.cmdline_truncated)
			p.flags |= PSR_PROC_CMDLINE_TRUNCATED;
		if (!t->ident.cmdline)
			p.flags |= PSR_PROC_CMDLINE_UNREADABLE;
		int rc = psr_writer_add_process(w, &p, &t->id);
		if (rc)
			return rc;
		/* the writer keeps its own copy */
		proc_ident_release(&t->ident);
	}
	ts->unregistered = 0;
	return 0;
}

void targets_new_log(struct targets *ts)
{
	ts->unregistered = ts->alive;
	for (size_t i = 0; i < ts->n; i++) {
		struct target *t = &ts->t[i];
		t->id = 0;
		if (!t->gone)
			proc_reread_cmdline(&t->f, &t->ident);
	}
}

void targets_drop(struct targets *ts, struct target *t)
{
	if (t->gone)
		return;
	t->gone = 1;
	ts->alive--;
	ts->ended++;
	if (t->job) {
		ts->alive_job--;
		ts->job_cpu_ended += t->cpu_ticks;
	}
	proc_detach(&t->f);
}

/* ---- discovery ---- */

struct child_ctx {
	struct targets *ts;
	const struct procfs *fs;
	int added;
	unsigned origin; /* the parent's, passed down */
	unsigned flags;  /* for the children: followed, in the job */
};

static int add_child(pid_t pid, void *vctx)
{
	struct child_ctx *c = vctx;
	if (pid == getpid())
		return 0; /* psrec started by a target it records (a script
			     recording itself with -c): never itself */
	const char *origin = c->origin ? c->ts->origins[c->origin - 1] : NULL;
	int rc = targets_attach(c->ts, c->fs, pid, c->flags, origin);
	if (rc == 0)
		c->added++;
	/* a child that exited meanwhile, or no room: not an error */
	return rc == -ENOMEM ? rc : 0;
}

int targets_follow_children(struct targets *ts, const struct procfs *fs)
{
	struct child_ctx c = {ts, fs, 0, 0, 0};
	/* new children are appended, so this loop also reaches theirs. A
	 * process whose last sample found it had not run since its earlier
	 * reads cannot have forked then: its listing is skipped (a fork
	 * after that sample is found one sample later) */
	for (size_t i = 0; i < ts->n; i++) {
		if (!ts->t[i].tree || ts->t[i].gone || ts->t[i].f.carried)
			continue;
		/* a copy: attaching a child may move the array */
		struct proc_files f = ts->t[i].f;
		c.origin = ts->t[i].origin;
		c.flags = TARGET_DISCOVERED | TARGET_TREE |
			  (ts->t[i].job ? TARGET_JOB : 0);
		int rc = proc_children(&f, add_child, &c);
		if (rc == -ENOMEM)
			return rc;
	}
	return c.added;
}

int targets_adopt(struct targets *ts, const struct procfs *fs, pid_t self)
{
	struct child_ctx c = {ts, fs, 0, 0,
			      TARGET_DISCOVERED | TARGET_TREE | TARGET_JOB};
	struct proc_files f = {.pid = self, .dir = FD_ON_DEMAND, .fs = fs};
	/* labelled as the command's descendants are (--textfile-by target) */
	for (size_t i = 0; i < ts->n; i++)
		if (ts->t[i].launched)
			c.origin = ts->t[i].origin;
	/* the command itself is one of them, attached already (-EEXIST) */
	int rc = proc_children(&f, add_child, &c);
	return rc == -ENOMEM ? rc : c.added;
}

uint64_t targets_job_cpu(const struct targets *ts)
{
	uint64_t sum = ts->job_cpu_ended;
	for (size_t i = 0; i < ts->n; i++)
		if (ts->t[i].job && !ts->t[i].gone)
			sum += ts->t[i].cpu_ticks;
	return sum;
}

struct candidate {
	pid_t pid;
	double share; /* CPU time over lifetime */
};

struct scan_ctx {
	struct targets *ts;
	struct candidate *c;
	size_t n, cap;
};

static int add_candidate(pid_t pid, void *vctx)
{
	struct scan_ctx *s = vctx;
	if (targets_find_pid(s->ts, pid))
		return 0;
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 256;
		struct candidate *c = realloc(s->c, cap * sizeof *c);
		if (!c)
			return -ENOMEM;
		s->c = c;
		s->cap = cap;
	}
	s->c[s->n++] = (struct candidate){pid, 0};
	return 0;
}

static int busier(const void *a, const void *b)
{
	const struct candidate *x = a, *y = b;
	return (x->share < y->share) - (x->share > y->share);
}

/* More candidates than room: keep the busiest, by CPU share. */
static void rank(const struct procfs *fs, struct scan_ctx *s,
		 unsigned long long now_ticks)
{
	for (size_t i = 0; i < s->n; i++) {
		unsigned long long cpu, start;
		if (procfs_cpu_of(fs, s->c[i].pid, &cpu, &start) != 0) {
			s->c[i].share = -1; /* gone: last */
			continue;
		}
		unsigned long long age = now_ticks > start ? now_ticks - start : 1;
		s->c[i].share = (double)cpu / (double)age;
	}
	qsort(s->c, s->n, sizeof *s->c, busier);
}

int targets_scan_all(struct targets *ts, const struct procfs *fs,
		     unsigned long long now_ticks)
{
	if (ts->max && ts->alive >= ts->max)
		return 0; /* full: not even worth listing /proc */
	struct scan_ctx s = {ts, NULL, 0, 0};
	int rc = procfs_each(fs, add_candidate, &s);
	if (rc == 0 && ts->max && s.n > ts->max - ts->alive)
		rank(fs, &s, now_ticks);
	int added = 0;
	procfs_plan(s.n);
	for (size_t i = 0; i < s.n && rc == 0; i++) {
		int a = targets_attach(ts, fs, s.c[i].pid, TARGET_DISCOVERED,
				       NULL);
		if (a == 0)
			added++;
		else if (a == -ENOSPC)
			break;
		else if (a == -ENOMEM)
			rc = a;
	}
	free(s.c);
	return rc ? rc : added;
}

/* ---- sampling ---- */

static uint64_t fingerprint(const struct psr_values *v)
{
	uint64_t h = v->present;
	for (unsigned m = 0; m < PSR_M_COUNT; m++)
		if (v->present >> m & 1)
			h = (h ^ v->v[m]) * 0x100000001b3ull;
	return h;
}

/* --textfile reads them between samples, and after a target ended. */
static void keep_last(struct target *t, const struct psr_values *v)
{
	if (!t->last && !(t->last = malloc(sizeof *t->last)))
		return; /* out of memory: the textfile skips it */
	*t->last = *v;
}

/* Drop ended targets from the array, keeping the order (log ids). */
static int compact(struct targets *ts)
{
	size_t k = 0;
	for (size_t i = 0; i < ts->n; i++) {
		if (ts->t[i].gone) {
			proc_ident_release(&ts->t[i].ident);
			free(ts->t[i].last);
			continue;
		}
		if (k != i)
			ts->t[k] = ts->t[i];
		k++;
	}
	if (k == ts->n)
		return 0;
	ts->n = k;
	return hash_rebuild(ts, ts->cap);
}

/* The RENAME record of t's comm and command line as they are now. */
static int write_rename(struct target *t, struct psr_writer *w,
			uint64_t mono_ns)
{
	if (!w || !t->id)
		return 0; /* --no-log keeps it, as targets_register does */
	struct psr_rename r = {
		.comm = t->ident.comm,
		.cmdline = t->ident.cmdline,
		.cmdline_len = t->ident.cmdline_len,
	};
	if (t->ident.cmdline_truncated)
		r.flags |= PSR_PROC_CMDLINE_TRUNCATED;
	if (!t->ident.cmdline)
		r.flags |= PSR_PROC_CMDLINE_UNREADABLE;
	int rc = psr_writer_rename(w, t->id, mono_ns, &r);
	proc_ident_release(&t->ident); /* the writer has what it needs */
	return rc;
}

/* t's comm changed (it exec'd): its command line is read again and
 * both go to the log, so that reports name it as it is now; with -a,
 * its textfile label (its comm) follows. execve sets the new comm
 * before the new command line: read in between, that is empty, and is
 * read again at the next sample (cmdline_retry). */
static int renamed(struct targets *ts, struct target *t, struct psr_writer *w,
		   uint64_t mono_ns)
{
	proc_reread_cmdline(&t->f, &t->ident);
	t->cmdline_retry = t->ident.cmdline && !t->ident.cmdline_len;
	if (t->origin_comm)
		t->origin = intern_origin(ts, t->ident.comm);
	return write_rename(t, w, mono_ns);
}

/* t's command line read empty (cmdline_retry): read once more, and
 * when it is there now, a RENAME with the same comm gives it. */
static int retry_cmdline(struct target *t, struct psr_writer *w,
			 uint64_t mono_ns)
{
	t->cmdline_retry = 0;
	proc_reread_cmdline(&t->f, &t->ident);
	if (t->ident.cmdline_len)
		return write_rename(t, w, mono_ns);
	proc_ident_release(&t->ident);
	return 0;
}

int targets_sample(struct targets *ts, struct procfs *fs,
		   struct psr_writer *w, uint64_t mono_ns, int64_t epoch_ns,
		   targets_gone_fn gone, void *ctx)
{
	char cpus[1024];
	size_t k = 0, candidates = 0;
	int extended = fs->sets & PROCFS_EXTENDED;
	int changed = ts->added || ts->ended;
	/* counted during the last sample, not in a pass of its own: a
	 * process found since is not a candidate yet, one gone since only
	 * makes the count a little high (the threshold is a cost estimate) */
	procfs_begin_sample(fs, ts->candidates);
	for (size_t i = 0; i < ts->n; i++) {
		struct target *t = &ts->t[i];
		if (t->gone)
			continue;
		struct psr_values *v = &ts->vals[k];
		int got = proc_sample(fs, &t->f, v, cpus,
				      extended ? sizeof cpus : 0, t->ident.comm);
		if (got == -EAGAIN)
			continue; /* not sampled this time, still there */
		if (got == PROC_RENAMED || (got == 0 && t->cmdline_retry)) {
			int rc = got ? renamed(ts, t, w, mono_ns)
				     : retry_cmdline(t, w, mono_ns);
			if (rc)
				return rc;
		} else if (got != 0) {
			targets_drop(ts, t);
			gone(t, ctx);
			changed = 1;
			continue;
		}
		v->id = t->id;
		k++;
		uint64_t cpu = 1ull << PSR_M_UTIME | 1ull << PSR_M_STIME;
		if ((v->present & cpu) == cpu)
			t->cpu_ticks = v->v[PSR_M_UTIME] + v->v[PSR_M_STIME];
		candidates += proc_may_carry(&t->f);
		if (ts->keep_last)
			keep_last(t, v);
		if (ts->track_changes) {
			uint64_t fp = fingerprint(v);
			changed |= fp != t->fingerprint;
			t->fingerprint = fp;
		}
		if (extended && cpus[0] && w) {
			int rc = psr_writer_set_cpus(w, t->id, mono_ns, cpus);
			if (rc)
				return rc;
		}
	}
	ts->process_samples += k;
	ts->sampled = k;
	ts->candidates = candidates;
	ts->changed = changed;
	int rc = w ? psr_writer_add_sample(w, mono_ns, epoch_ns, ts->vals, k)
		   : 0;
	int crc = ts->ended ? compact(ts) : 0;
	ts->added = ts->ended = 0;
	return rc ? rc : crc;
}

void targets_prime(struct targets *ts, struct procfs *fs)
{
	char cpus[1024];
	struct psr_values v;
	size_t candidates = 0;
	/* the host's memory counters as of these reads, to compare with */
	procfs_begin_sample(fs, PROCFS_MEM_CANDIDATES);
	for (size_t i = 0; i < ts->n; i++) {
		struct target *t = &ts->t[i];
		/* a process gone meanwhile is found so at the first sample */
		if (!t->gone &&
		    proc_sample(fs, &t->f, &v, cpus, sizeof cpus, NULL) == 0)
			candidates += proc_may_carry(&t->f);
	}
	ts->candidates = candidates;
}

void targets_release(struct targets *ts)
{
	for (size_t i = 0; i < ts->n; i++) {
		proc_detach(&ts->t[i].f);
		proc_ident_release(&ts->t[i].ident);
		free(ts->t[i].last);
	}
	for (size_t i = 0; i < ts->norigins; i++)
		free(ts->origins[i]);
	free(ts->origins);
	free(ts->t);
	free(ts->vals);
	free(ts->hash);
	memset(ts, 0, sizeof *ts);
}
