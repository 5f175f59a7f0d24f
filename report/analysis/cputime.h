/* cputime.h - a process's CPU time over a run, from its counters, and
 * that of its children no recorded process accounts for (internal to
 * the analysis; README "Totals of a tree").
 *
 * Rates only see CPU between two samples of a process: one that lives
 * less than an interval has none. The counters do better: utime + stime
 * is all a process used since it started, and cutime + cstime grows by
 * what each child it waits for used in all (with the child's own
 * children). So a tree's CPU is, each process counted once:
 *
 *   sum over its members of (own CPU at the last sample - at the first,
 *   or 0 for a process that started during the run)
 *   + sum over its members of the growth of cutime + cstime that no
 *   recorded child accounts for.
 *
 * A recorded child that ends puts what it was seen to use in all (its
 * utime + stime + cutime + cstime at its last sample, or wait4's exact
 * figure) into its parent's pool; the parent's next cutime growth is
 * matched against the pool first (that part is already counted as the
 * child's), and only what is left counts as its children's. The match is
 * in time order: a child is waited for after its last sample, never
 * before it. A process that ends with part of its pool unmatched waited
 * for those children after its last sample: they are in what it used in
 * all, for its own parent's pool (and so is a child's that ends after it
 * in the log: both were found gone at one sample). A process psrec
 * waited for ends with wait4's exact total;
 * what it used after its last sample is split only at the end of the run
 * (cputime_own), when the children it waited for meanwhile have all
 * ended in the log too. A child psrec itself waited for was an orphan:
 * its parent did not wait for it, and its pool does not get it. All
 * figures in seconds. */
#ifndef PSR_ANALYSIS_CPUTIME_H
#define PSR_ANALYSIS_CPUTIME_H

#include <psr/log.h>

#include <stdbool.h>
#include <stdint.h>

struct cputime {
	bool started;     /* a sample was taken */
	bool from_zero;   /* started during the run: its base is 0 */
	bool has_c;       /* the log records cutime and cstime */
	bool ended;       /* its END was read */
	bool exact;       /* its end came with wait4's rusage */
	double final;     /* then: its total, own and reaped together */
	double final_c;   /* and its cutime + cstime at the end, or NaN */
	double tick;      /* seconds per clock tick */
	uint64_t base_own;/* own CPU (utime + stime, ticks) at the base */
	uint64_t own;     /* own CPU at the last sample, ticks */
	double last_c;    /* cutime + cstime at the last sample */
	double pool;      /* ended recorded children not yet seen waited for */
	double children;  /* cutime growth no recorded child accounts for */
	/* own CPU after its last sample, from its EXIT record (the kernel's
	 * exit accounting): what sampling could not see */
	double exit_tail;
};

/* A sample: own = utime + stime in ticks of tick seconds, reaped =
 * cutime + cstime in seconds (NaN when the log does not record them). */
void cputime_sample(struct cputime *c, uint64_t own, double reaped,
		    double tick);

/* The common sample of a process whose cutime and cstime did not move:
 * only its own CPU, in ticks. */
static inline void cputime_own_sample(struct cputime *c, uint64_t own)
{
	if (own > c->own)
		c->own = own;
}

/* The process ended and psrec waited for it: r holds its exact total,
 * own and children's together, and (usually) its children's alone at the
 * end. Without the latter, the part beyond its last sample that its pool
 * does not match (at the end of the run) is taken as its own. */
void cputime_end(struct cputime *c, const struct psr_reaped *r,
		 double clock_ticks);

/* The process ended without psrec waiting for it (its parent did): what
 * it was seen to use in all, own and reaped, with its unmatched pool;
 * for its parent's pool (cputime_pool). Its pool is empty afterwards. */
double cputime_end_seen(struct cputime *c);

/* Whether what a recorded child of this process used goes to its pool:
 * false when it ended without psrec waiting for it (then it goes on to
 * its own parent: the child was waited for after its last sample). */
bool cputime_takes(const struct cputime *c);

/* A recorded child ended having used `lifetime` in all. Its record may
 * come before or after the growth of this process's cutime that it
 * explains: psrec writes a sample's values before the ENDs it found at
 * that sample (a parent's cutime has grown by a child found gone at the
 * same time), and reads the exit accounting between samples. Growth
 * already taken as children's that no one recorded is given back first,
 * the rest waits in the pool for the growth to come. A child that
 * ended before this process's first sample waits there too when the
 * process started during the run (its cutime grows from 0). */
void cputime_pool(struct cputime *c, double lifetime);

/* The process's EXIT record says it used `total` seconds of its own in
 * all: the part after its last sample becomes its exit_tail. Returns
 * the growth of the tail (for its parent's pool), 0 when none. Not for a
 * process psrec waited for (wait4 is exact already). */
double cputime_exit(struct cputime *c, double total);

/* For a process psrec waited for (its cutime at the end is exact): what
 * its recorded children were said to use beyond what its cutime grew by
 * in all, the pool left unmatched at its end. EXIT records carry the
 * kernel's tick-sampled times (10 ms a tick): a child of 5 ms is 0 or 10,
 * unbiased over many, but a tree's total is exact from the counters, so
 * the excess is taken off it. 0 for any other process. */
double cputime_excess(const struct cputime *c);

/* Own CPU over the run, and its children's that no recorded process
 * accounts for (NaN when unknown: no sample, or no cutime in the log). */
double cputime_own(const struct cputime *c);
double cputime_children(const struct cputime *c);

#endif
