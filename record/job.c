/* job.c - waiting for the command and its orphans, and what they cost. */
#define _GNU_SOURCE
#include "job.h"
#include "procparse.h"
#include "procwalk.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static uint64_t tv_us(struct timeval tv)
{
	return (uint64_t)tv.tv_sec * 1000000 + (uint64_t)tv.tv_usec;
}

void job_rusage_of(struct psr_rusage *out, const struct rusage *ru)
{
	out->user_us = tv_us(ru->ru_utime);
	out->sys_us = tv_us(ru->ru_stime);
	out->maxrss_kb = (uint64_t)ru->ru_maxrss;
	out->minflt = (uint64_t)ru->ru_minflt;
	out->majflt = (uint64_t)ru->ru_majflt;
	out->inblock = (uint64_t)ru->ru_inblock;
	out->oublock = (uint64_t)ru->ru_oublock;
	out->nvcsw = (uint64_t)ru->ru_nvcsw;
	out->nivcsw = (uint64_t)ru->ru_nivcsw;
}

/* Sums, except the maximum RSS: the largest of one process, as the
 * kernel's RUSAGE_CHILDREN keeps it (a sum of peaks that never met would
 * be no one's peak). */
static void add(struct psr_rusage *sum, const struct psr_rusage *x)
{
	sum->user_us += x->user_us;
	sum->sys_us += x->sys_us;
	if (x->maxrss_kb > sum->maxrss_kb)
		sum->maxrss_kb = x->maxrss_kb;
	sum->minflt += x->minflt;
	sum->majflt += x->majflt;
	sum->inblock += x->inblock;
	sum->oublock += x->oublock;
	sum->nvcsw += x->nvcsw;
	sum->nivcsw += x->nivcsw;
}

int job_subreap(struct job *j)
{
	if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0)
		return -errno;
	j->subreaper = 1;
	return 0;
}

/* One process reaped: the command (told by its pid, never by being the
 * first or last to end) or an orphan. */
static void account(struct job *j, pid_t pid, int status,
		    const struct psr_rusage *ru)
{
	add(&j->total, ru);
	if (j->child && pid == j->child) {
		j->status = status;
		j->child_ru = *ru;
	} else {
		j->orphans++;
	}
}

/* A zombie's children's CPU (stat fields 16-17), final: read before the
 * wait that frees it. */
static void zombie_children(const struct procfs *fs, pid_t pid,
			    struct psr_reaped *r)
{
	struct proc_files f = {.pid = pid, .dir = FD_ON_DEMAND, .fs = fs};
	struct psr_values v = {0};
	char buf[4096];
	ssize_t n = proc_read_file(&f, FD_ON_DEMAND, "stat", buf, sizeof buf);
	uint64_t both = 1ull << PSR_M_CUTIME | 1ull << PSR_M_CSTIME;

	r->has_children = n > 0 &&
			  procfs_parse_stat(buf, (size_t)n, &v, NULL) == 0 &&
			  (v.present & both) == both;
	r->cutime = r->has_children ? v.v[PSR_M_CUTIME] : 0;
	r->cstime = r->has_children ? v.v[PSR_M_CSTIME] : 0;
}

/* Wait for pid, which has ended (or, for job_reap_pid, may have). */
static int reap(struct job *j, const struct procfs *fs, pid_t pid,
		int *status, struct psr_reaped *r)
{
	struct rusage ru;
	pid_t got;

	zombie_children(fs, pid, r);
	do
		got = wait4(pid, status, WNOHANG, &ru);
	while (got < 0 && errno == EINTR);
	if (got != pid)
		return 0;
	job_rusage_of(&r->rusage, &ru);
	account(j, pid, *status, &r->rusage);
	return 1;
}

int job_reap(struct job *j, const struct procfs *fs, job_reaped_fn fn,
	     void *ctx)
{
	int n = 0;
	for (;;) {
		/* which child ended, without waiting for it yet */
		siginfo_t si;
		si.si_pid = 0;
		int rc = waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc < 0 || si.si_pid == 0)
			return n; /* no child left (ECHILD), or none ended */
		int status;
		struct psr_reaped r;
		if (!reap(j, fs, si.si_pid, &status, &r))
			return n;
		if (fn)
			fn(si.si_pid, status, &r, ctx);
		n++;
	}
}

int job_reap_pid(struct job *j, const struct procfs *fs, pid_t pid,
		 int *status, struct psr_reaped *r)
{
	siginfo_t si;
	si.si_pid = 0;
	/* only a child of psrec that has ended: never block, never read
	 * the stat of another process for nothing */
	if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) != 0 ||
	    si.si_pid != pid)
		return 0;
	return reap(j, fs, pid, status, r);
}

struct walk {
	pid_t *pids;
	size_t n, cap;
};

static int push(pid_t pid, void *ctx)
{
	struct walk *w = ctx;
	if (w->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 64;
		pid_t *p = realloc(w->pids, cap * sizeof *p);
		if (!p)
			return -ENOMEM;
		w->pids = p;
		w->cap = cap;
	}
	w->pids[w->n++] = pid;
	return 0;
}

uint64_t job_running(const struct procfs *fs)
{
	struct walk w = {0};
	/* breadth first: the list grows while it is walked */
	if (push(getpid(), &w) != 0)
		return 0;
	for (size_t i = 0; i < w.n; i++) {
		struct proc_files f = {.pid = w.pids[i], .dir = FD_ON_DEMAND,
				       .fs = fs};
		if (proc_children(&f, push, &w) == -ENOMEM)
			break;
	}
	free(w.pids);
	return w.n - 1; /* not psrec itself */
}
