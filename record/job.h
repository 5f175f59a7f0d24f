/* job.h - the command psrec launched as a job: psrec is its child
 * subreaper and waits for it and for every orphan of it with wait4, so
 * that what the kernel accounted for each (struct psr_rusage) is summed
 * into the job's total, each process counted once. */
#ifndef PSREC_JOB_H
#define PSREC_JOB_H

#include "procfs.h"

#include <psr/log.h>

#include <sys/types.h>

struct job {
	pid_t child;               /* the command, 0 when there is none */
	int status;                /* its wait status, -1 until reaped */
	struct psr_rusage child_ru; /* what wait4 said of it */
	struct psr_rusage total;   /* the command's and every orphan's */
	uint64_t orphans;          /* processes other than the command reaped */
	int subreaper;             /* PR_SET_CHILD_SUBREAPER took */
};

/* Called for each process reaped: its pid, wait status, and what wait4
 * and its zombie's stat said (struct psr_reaped). */
typedef void (*job_reaped_fn)(pid_t pid, int status,
			      const struct psr_reaped *r, void *ctx);

/* Before the command is launched: psrec becomes the subreaper of what
 * it starts, so an orphan of the command is reparented to psrec (and
 * waited for, accounted) instead of to init. 0 or -errno. */
int job_subreap(struct job *j);

/* Wait for every child that has ended, without blocking; fn (may be
 * NULL) is called for each. Each zombie's stat is read (under fs's root)
 * just before: its children's CPU. Returns how many were reaped. */
int job_reap(struct job *j, const struct procfs *fs, job_reaped_fn fn,
	     void *ctx);

/* Wait for pid if it is a child of psrec that has ended: 1 with *status
 * and *r set (and the job's sums updated), 0 when it is not (not a
 * child, or still running). */
int job_reap_pid(struct job *j, const struct procfs *fs, pid_t pid,
		 int *status, struct psr_reaped *r);

/* Processes psrec started that still run (children, their children...):
 * not in the job's total. */
uint64_t job_running(const struct procfs *fs);

/* The rusage of wait4 or getrusage in the log's units. */
struct rusage;
void job_rusage_of(struct psr_rusage *out, const struct rusage *ru);

#endif
