/* totals.c - exact CPU totals and the job's, in words (totals.h). */
#include "totals.h"

#include "fmt.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

double totals_cpu(const struct psr_proc_result *p)
{
	if (isnan(p->cpu_seconds))
		return NAN;
	/* a log without cutime (before format 3): own CPU only */
	return p->cpu_seconds +
	       (isnan(p->children_cpu_seconds) ? 0 : p->children_cpu_seconds);
}

const struct psr_job *totals_job(const struct psr_run_result *r)
{
	return r->job.flags & PSR_JOB_ENDED ? &r->job : NULL;
}

const struct psr_proc_result *totals_command(const struct psr_run_result *r)
{
	for (size_t i = 0; i < r->nprocs; i++)
		if (r->procs[i].launched)
			return &r->procs[i];
	return NULL;
}

double totals_unseen_share(const struct psr_proc_result *p)
{
	double total = totals_cpu(p), kids = p->children_cpu_seconds;

	if (!(total >= TOTALS_NOTE_SECONDS) || !(kids > 0.5 * total))
		return NAN;
	return kids / total;
}

static bool is_child(const struct psr_proc_result *c,
		     const struct psr_proc_result *p)
{
	return c != p && !c->tree && c->ppid == p->pid &&
	       c->start_ticks >= p->start_ticks;
}

bool totals_has_recorded_child(const struct psr_run_result *r,
			       const struct psr_proc_result *p)
{
	if (p->tree)
		return true;
	for (size_t i = 0; i < r->nprocs; i++)
		if (is_child(&r->procs[i], p))
			return true;
	return false;
}

/* p is a member of one of r's trees: its root or a recorded child. */
static bool in_tree(const struct psr_run_result *r,
		    const struct psr_proc_result *p)
{
	for (size_t i = 0; i < r->ntrees; i++)
		if (r->trees[i].pid == p->pid &&
		    r->trees[i].start_ticks == p->start_ticks)
			return true;
	for (size_t i = 0; i < r->nprocs; i++)
		if (is_child(p, &r->procs[i]))
			return true;
	/* an orphan psrec adopted: in the command's tree */
	return !p->launched && p->ppid == r->header.writer_pid &&
	       totals_command(r);
}

size_t totals_noted(const struct psr_run_result *r,
		    const struct psr_proc_result **out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < r->ntrees; i++)
		if (!isnan(totals_unseen_share(&r->trees[i])) && n++ < max)
			out[n - 1] = &r->trees[i];
	for (size_t i = 0; i < r->nprocs; i++) {
		const struct psr_proc_result *p = &r->procs[i];
		if (!isnan(totals_unseen_share(p)) && !in_tree(r, p) &&
		    n++ < max)
			out[n - 1] = p;
	}
	return n;
}

void totals_note(char *buf, size_t n, const struct psr_run_result *r,
		 const struct psr_proc_result *p)
{
	double total = totals_cpu(p), kids = p->children_cpu_seconds;
	const char *who = p->tree ? "tree:" : "";

	if (totals_has_recorded_child(r, p))
		snprintf(buf, n,
			 "%.0f%% of %s%s's CPU time (%.2f of %.2f s) was used "
			 "by processes that lived less than the interval "
			 "(%.3g s): it is in the totals (their parents' "
			 "cutime), in no process's row; a shorter -i records "
			 "more of them",
			 100 * kids / total, who, p->comm, kids, total,
			 (double)r->header.interval_ns / 1e9);
	else
		snprintf(buf, n,
			 "%.0f%% of %s%s's CPU time (%.2f of %.2f s) was used "
			 "by child processes that were not recorded one by "
			 "one: it is in the totals (its cutime), in no "
			 "process's row; record with -c (psrec -- CMD does "
			 "unless --no-children)",
			 100 * kids / total, who, p->comm, kids, total);
}

/* A count for people: exact below 10,000, then 12.3k, 1.23M... */
static void count_text(char *buf, size_t n, uint64_t v)
{
	if (v < 10000)
		snprintf(buf, n, "%llu", (unsigned long long)v);
	else
		fmt_value(buf, n, (double)v, -1);
}

static void exit_text(char *buf, size_t n, int status)
{
	if (status >= 0 && WIFEXITED(status))
		snprintf(buf, n, "exit %d", WEXITSTATUS(status));
	else if (status >= 0 && WIFSIGNALED(status))
		snprintf(buf, n, "killed by signal %d", WTERMSIG(status));
	else
		snprintf(buf, n, "exit status unknown");
}

void totals_job_lines(char *buf, size_t n, const struct psr_run_result *r,
		      const char *indent)
{
	const struct psr_job *j = totals_job(r);
	char st[48], rss[24], in[24], out[24], mn[24], mj[24];
	size_t len;

	buf[0] = 0;
	if (r->job.flags & PSR_JOB_RUNNING) {
		snprintf(buf, n, "%sjob total: unknown, the command still ran "
			 "when the log closed (psrec -d or -s)\n", indent);
		return;
	}
	if (!j)
		return;
	const struct psr_rusage *u = &j->rusage;
	exit_text(st, sizeof st, j->status);
	fmt_bytes(rss, sizeof rss, (double)u->maxrss_kb * 1024);
	fmt_bytes(in, sizeof in, (double)u->inblock * 512);
	fmt_bytes(out, sizeof out, (double)u->oublock * 512);
	count_text(mn, sizeof mn, u->minflt);
	count_text(mj, sizeof mj, u->majflt);
	snprintf(buf, n,
		 "%sjob total, as the kernel accounted it (wait4 of the "
		 "command%s): CPU %.2f s (%.2f s user, %.2f s system), %s\n"
		 "%s  max RSS %s (its largest process); faults %s minor, %s "
		 "major; block I/O %s read, %s written; switches %llu "
		 "voluntary, %llu involuntary\n",
		 indent, j->orphans ? " and of the orphans psrec reaped" : "",
		 (double)(u->user_us + u->sys_us) / 1e6,
		 (double)u->user_us / 1e6, (double)u->sys_us / 1e6, st, indent,
		 rss, mn, mj, in, out, (unsigned long long)u->nvcsw,
		 (unsigned long long)u->nivcsw);
	len = strlen(buf);
	if (j->running && len < n)
		snprintf(buf + len, n - len,
			 "%s  %llu process%s of the job still ran when the "
			 "command ended: not in these totals\n",
			 indent, (unsigned long long)j->running,
			 j->running == 1 ? "" : "es");
}
