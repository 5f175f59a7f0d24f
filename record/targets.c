/* targets.c - the set of recorded processes and one sample of them all. */
#define _GNU_SOURCE
#include "targets.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct target *targets_find_pid(struct targets *ts, pid_t pid)
{
	for (size_t i = 0; i < ts->n; i++)
		if (ts->t[i].pid == pid && !ts->t[i].gone)
			return &ts->t[i];
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
	return 0;
}

int targets_attach(struct targets *ts, const struct procfs *fs, pid_t pid,
		   int launched)
{
	if (targets_find_pid(ts, pid))
		return -EEXIST;
	int rc = grow(ts);
	if (rc)
		return rc;
	struct target *t = &ts->t[ts->n];
	memset(t, 0, sizeof *t);
	rc = proc_attach(fs, pid, &t->f, &t->ident);
	if (rc)
		return rc;
	t->pid = pid;
	t->launched = launched;
	ts->n++;
	ts->alive++;
	return 0;
}

int targets_register(struct targets *ts, struct psr_writer *w)
{
	for (size_t i = 0; i < ts->n; i++) {
		struct target *t = &ts->t[i];
		if (t->id || t->gone)
			continue;
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
	return 0;
}

void targets_drop(struct targets *ts, struct target *t)
{
	if (t->gone)
		return;
	t->gone = 1;
	ts->alive--;
	proc_detach(&t->f);
}

int targets_sample(struct targets *ts, const struct procfs *fs,
		   struct psr_writer *w, uint64_t mono_ns, int64_t epoch_ns,
		   targets_gone_fn gone, void *ctx)
{
	char cpus[1024];
	size_t k = 0;
	int extended = fs->sets & PROCFS_EXTENDED;
	for (size_t i = 0; i < ts->n; i++) {
		struct target *t = &ts->t[i];
		if (t->gone)
			continue;
		struct psr_values *v = &ts->vals[k];
		int got = proc_sample(fs, &t->f, v, cpus,
				      extended ? sizeof cpus : 0);
		if (got == -EAGAIN)
			continue; /* not sampled this time, still there */
		if (got != 0) {
			targets_drop(ts, t);
			gone(t, ctx);
			continue;
		}
		v->id = t->id;
		k++;
		if (extended && cpus[0]) {
			int rc = psr_writer_set_cpus(w, t->id, mono_ns, cpus);
			if (rc)
				return rc;
		}
	}
	ts->process_samples += k;
	return psr_writer_add_sample(w, mono_ns, epoch_ns, ts->vals, k);
}

void targets_release(struct targets *ts)
{
	for (size_t i = 0; i < ts->n; i++) {
		proc_detach(&ts->t[i].f);
		proc_ident_release(&ts->t[i].ident);
	}
	free(ts->t);
	free(ts->vals);
	memset(ts, 0, sizeof *ts);
}
