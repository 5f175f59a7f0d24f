/* psr/analysis.h - what psreport computes from logs, once, into plain
 * structs that every output (text, CSV, JSON, charts) only reads.
 *
 * Use: psr_analysis_new(); for each log, in the order given by
 * psr_analysis_order(): psr_analysis_begin_log() then psr_analysis_record()
 * for each of its records; psr_analysis_finish() gives the result.
 * Memory is never proportional to samples: each series of a live process
 * keeps moments, its distinct values (then a quantile sketch, psr/stats.h)
 * and time buckets as its samples need them, at most PSR_ANALYSIS_BUCKETS
 * (plus windows when asked). A process that ends (and that psrec did not
 * wait for) becomes its result at its END record: memory is held by the
 * processes alive at once plus one result per ended process (README
 * "A churning host").
 *
 * Prefix: psr_analysis_ (engine), psr_result_ (results), psr_time_
 * (time arguments). Errors: negative codes with a message from
 * psr_analysis_errmsg(). */
#ifndef PSR_ANALYSIS_H
#define PSR_ANALYSIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dist.h"
#include "log.h"
#include "series.h"
#include "stats.h"
#include "trend.h"

/* Time buckets per process: series are decimated to per-bucket min, mean
 * and max (charts, correlations, peaks, the robust trend). While a
 * process has fewer samples than this, a bucket is a sample. */
#define PSR_ANALYSIS_BUCKETS 1024

/* A --from/--to argument. */
struct psr_time_spec {
	enum { PSR_TIME_NONE, PSR_TIME_EPOCH, PSR_TIME_OFFSET } kind;
	double s; /* Unix seconds, or seconds from the start of each run */
};

/* "1732400000[.5]" (Unix time), "2026-11-24T10:00[:00][Z|+01:00]" or
 * "2026-11-24 10:00:00" (local time unless a zone is given), or
 * "+90", "+90s", "+15m", "+2h", "+1d" (from the start). 0 or -EINVAL. */
int psr_time_parse(const char *text, struct psr_time_spec *out);

/* One process-sample as the row outputs (CSV, JSON lines) print it. */
struct psr_proc_result;
struct psr_row {
	const struct psr_proc_result *proc;
	int64_t epoch_us;
	double t;             /* seconds since the start of its run */
	const double *values; /* by series index; NaN when undefined */
	const char *cpus;     /* allowed CPU list ("" when not recorded) */
	bool host;            /* the host's row: values by index into
				 psr_series_system_table() */
	bool repeat;          /* values equal this process's previous row's
				 (an idle process repeating itself) */
};

struct psr_analysis_opts {
	struct psr_leak_opts leak;
	double window;        /* --window seconds, 0 for none */
	unsigned peaks;       /* --peaks N, 0 for none */
	bool distributions;   /* histograms and densities */
	bool correlations;
	uint64_t points;      /* bit s: series s's distribution as points
				 in the result (psr_series_result.points) */
	const uint32_t *pids; /* --pid filter (none: every process) */
	size_t npids;
	const char *const *names; /* --name filter: comm equal (any comm
				     the process had: selected from the
				     first sample with that name) */
	size_t nnames;
	struct psr_time_spec from, to;
	/* every process a psr_proc_result, however many short-lived ones
	 * the run has (psr_exited) */
	bool every_process;
	/* bytes the run's declarations, the accumulators of the processes
	 * alive at once and the results of the ended ones may take (a
	 * crafted log of a few MB can sample millions): beyond it the
	 * analysis stops with PSR_E_LIMIT and a message; 0: no limit */
	double memory_limit;
	/* called for every selected process-sample, in log order */
	int (*on_row)(void *ctx, const struct psr_row *row);
	void *row_ctx;
};

void psr_analysis_defaults(struct psr_analysis_opts *o);

/* Statistics of one series of one process. */
struct psr_series_result {
	unsigned series;  /* index into psr_series_table() */
	const struct psr_series_def *def;
	uint64_t n;       /* samples with a value */
	double seconds;   /* time they cover */
	double min, max, mean, stddev, p5, p25, p50, p75, p95, p99;
	double first, last;
	double total;     /* rates: the counter's growth over the run in
			     base units (CPU seconds, bytes, count); NaN
			     for gauges */
	struct psr_leak *leak; /* memory series only, else NULL */
	struct psr_hist hist;  /* with opts.distributions */
	struct psr_kde kde;
	struct psr_peak *peaks; /* with opts.peaks */
	size_t npeaks;
	/* with opts.points: the distribution (psr_stats_points()), to pool
	 * processes into one (psr_stats_add each point) */
	struct psr_point *points;
	size_t npoints;
	/* decimated: per bucket of the process, NaN where no value */
	double *b_mean, *b_min, *b_max; /* read-only: one array for a
					   series that never varied */
	/* windows: per window of the process, NaN where no value */
	double *w_mean, *w_max;
};

/* A name a process had before it exec'd (format 5, RENAME records). */
struct psr_former_name {
	char *comm;
	char *cmdline;       /* NUL-separated arguments */
	size_t cmdline_len;
	double until;        /* Unix seconds: the sample where psrec first
				read the next name */
};

struct psr_proc_result {
	uint32_t pid, ppid, uid;
	uint64_t start_ticks;
	double start_epoch;  /* process start, Unix seconds */
	/* its latest comm and command line (after an exec: the new ones) */
	char *comm;
	char *cmdline;       /* NUL-separated arguments */
	size_t cmdline_len;
	/* the names it had before, oldest first; 0 and NULL when it kept
	 * its first one */
	size_t nformer;
	struct psr_former_name *former;
	bool tree;           /* a tree total, not a process */
	size_t tree_members; /* processes summed, for a tree */
	/* the first sample's Unix time; last_epoch is first_epoch plus the
	 * span of monotonic time to the last sample (a wall clock step
	 * does not change a duration) */
	double first_epoch, last_epoch;
	uint64_t samples;
	bool ended;
	int status;          /* wait status when known, else -1 */
	size_t nseries;
	struct psr_series_result *series; /* the series the log records */
	size_t nbuckets;
	double *b_t;         /* bucket times (weighted centre), Unix seconds;
				NaN for a bucket without samples */
	double *b_w;         /* seconds of samples in each bucket: a rate's
				b_mean * b_w summed is the counter's growth */
	size_t nwindows;
	double *w_start;     /* window starts, Unix seconds */
	size_t ncorr;        /* correlation matrices, ncorr x ncorr */
	unsigned *corr_series;
	double *pearson, *spearman; /* NaN: undefined */
	enum psr_verdict verdict;   /* the worst of its memory series */
	/* CPU time over the run from the counters, exact, not from rates
	 * (README "Totals of a tree"): its own (utime + stime; for a process
	 * that started during the run, all of it), and what its reaped
	 * children used that no recorded process accounts for (the growth of
	 * cutime + cstime less what its recorded children that ended used;
	 * NaN in logs without cutime, before format 3). A tree's are its
	 * members' sums, each process counted once. NaN: unknown. */
	double cpu_seconds;
	double children_cpu_seconds;
	bool launched;        /* the command psrec launched (-- CMD) */
	bool has_rusage;      /* psrec waited for it: wait4's figures */
	struct psr_rusage rusage; /* its own and its reaped descendants' */
};

/* A process summarised by its totals, not a psr_proc_result, so that a
 * build host's day fits in memory (README "A churning host"). Two kinds:
 * - samples == 0: known only from the kernel's exit accounting (an EXIT
 *   record without a log id, format 4): it started and ended between two
 *   samples (README "Processes between samples");
 * - samples > 0: a short-lived one (ended in fewer than PSR_SHORT_SAMPLES
 *   samples, psrec did not wait for it) in a run with more than
 *   PSR_SHORT_KEEP of those (psr_analysis_opts.every_process keeps them
 *   all as results): statistics of two or three samples say nothing a
 *   total and a peak do not.
 * Compact on purpose: a build host ends millions of them a day; the comm
 * is shared with the others of the same name. */
struct psr_exited {
	uint32_t pid, ppid, uid;
	uint32_t threads;     /* 1, or more for a thread group; short ones:
				 the most a sample saw */
	const char *comm;     /* owned by the run (shared between equals) */
	double start_epoch, end_epoch; /* Unix seconds */
	double cpu_seconds;   /* its own user + system time, all of it */
	double user_seconds, system_seconds;
	double maxrss_bytes;  /* its peak RSS (taskstats hiwater_rss; short
				 ones: the greatest sample); NaN unknown */
	uint64_t minflt, majflt;
	uint64_t read_bytes, write_bytes; /* storage I/O */
	int status;           /* wait status; -1 unknown */
	/* the tree it belongs to: 1 + an index into the run's trees[], 0
	 * for none (its parent chain reaches no recorded process) */
	size_t tree;
	/* short ones only (0, NULL or NaN for the exit accounting's) */
	uint64_t samples;
	double first_epoch, last_epoch; /* its first and last sample */
	double children_cpu_seconds; /* as psr_proc_result's */
	/* the CPU its rates saw from its first sample to its last (the
	 * cpu_percent series' total): what spreads over that span */
	double sampled_cpu_seconds;
	double cpu_peak_percent; /* its greatest CPU % between two samples */
	char *cmdline;        /* NUL-separated arguments, owned */
	size_t cmdline_len;
	double rss_mean_bytes; /* time-weighted over its samples */
	double vms_peak_bytes;
	uint32_t fds_peak;
};

/* Short-lived: ended within fewer samples than this (the same bound
 * below which a series gets no density curve). */
#define PSR_SHORT_SAMPLES 8
/* Short-lived processes a run keeps as full results; beyond it, all of
 * them are summarised (psr_exited with samples > 0). */
#define PSR_SHORT_KEEP 1000

struct psr_run_result {
	struct psr_header header; /* the first log's; strings owned here */
	char **paths;
	size_t npaths;
	double start_epoch, end_epoch; /* first and last sample, as in
					  psr_proc_result */
	uint64_t samples;
	uint64_t process_samples;
	uint64_t warnings;
	size_t nprocs;
	struct psr_proc_result *procs;
	size_t ntrees;            /* trees of recorded parents/children */
	struct psr_proc_result *trees;
	/* processes that ran between two samples, from EXIT records, in
	 * log order; each counted once: a sampled process's EXIT record
	 * only completes its psr_proc_result (cpu_seconds, status) */
	size_t nexited;
	struct psr_exited *exited;
	double exited_cpu_seconds; /* their cpu_seconds summed */
	/* the short-lived processes summarised (psr_exited with samples >
	 * 0): the last nshort of exited[], in the order they ended, and
	 * their cpu_seconds + children_cpu_seconds summed (not in
	 * exited_cpu_seconds) */
	size_t nshort;
	double short_cpu_seconds;
	char **exited_comms;       /* their distinct comms (owned) */
	size_t nexited_comms;
	/* the host (psrec --system): series of psr_series_system_table(),
	 * pid 0, name "host"; NULL when the logs have no SYSTEM record */
	struct psr_proc_result *system;
	/* psrec -- CMD (format 3): the job as the kernel accounted it, from
	 * the run's last CLOSE; flags 0 when there is none */
	struct psr_job job;
};

struct psr_result {
	size_t nruns;
	struct psr_run_result *runs;
	enum psr_verdict worst;
};

struct psr_analysis;

int psr_analysis_new(struct psr_analysis **a, const struct psr_analysis_opts *o);

/* The order to feed logs in: logs of one recording (rotated parts) next
 * to each other, by part and start time; runs by their first start.
 * order[] receives indexes into h[]. */
void psr_analysis_order(const struct psr_header *const *h, size_t n,
			size_t *order);

/* Whether two logs are parts of one recording (a rotated run): the same
 * run id, or for logs without ids the same host, boot, psrec process and
 * command line. Such logs fed one after the other make one run. */
bool psr_analysis_same_run(const struct psr_header *a,
			   const struct psr_header *b);

/* Start a log; logs of the same run continue it. */
int psr_analysis_begin_log(struct psr_analysis *a, const struct psr_header *h,
			   const char *path);
int psr_analysis_record(struct psr_analysis *a, const struct psr_record *rec);
int psr_analysis_finish(struct psr_analysis *a, struct psr_result **out);

const char *psr_analysis_errmsg(const struct psr_analysis *a);
void psr_analysis_free(struct psr_analysis *a);
void psr_result_free(struct psr_result *r);

/* The memory series that decides p's verdict (struct psr_proc_result
 * verdict): the worst verdict, the first in table order (RSS) on ties;
 * NULL when p has no memory series with samples. Every output names and
 * draws the verdict through this, so no two can disagree. */
const struct psr_series_result *psr_result_verdict_series(
	const struct psr_proc_result *p);

/* The series result of p for table index s, or NULL (for the host, s
 * indexes the system table). */
const struct psr_series_result *psr_result_series(
	const struct psr_proc_result *p, unsigned s);

/* ---- totals per group of processes (all `cc1` together) ----------- */

/* What a group shares: the command name (comm), the program (the base
 * name of the first argument, comm when the command line is empty or
 * unreadable), or the user id. */
enum psr_group_by {
	PSR_GROUP_COMMAND,
	PSR_GROUP_NAME,
	PSR_GROUP_USER,
};

struct psr_group {
	const char *key;     /* comm or program; "" for PSR_GROUP_USER */
	uint32_t uid;        /* PSR_GROUP_USER's key; else the first
				member's */
	size_t count;        /* processes (not trees, not the host) */
	size_t ended;        /* those that ended during the run */
	uint64_t samples;    /* process-samples */
	/* the members' exact CPU (psr_proc_result cpu_seconds and
	 * children_cpu_seconds) summed over those where it is known;
	 * cpu_unknown: members where it is NaN */
	double cpu_seconds, children_cpu_seconds;
	size_t cpu_unknown;
	/* bytes: the largest member's RSS (its series' max; wait4's maxrss
	 * for a member without RSS samples that psrec waited for); NaN when
	 * no member has one */
	double peak_rss;
	double first_epoch, last_epoch; /* first and last sample, NaN none */
	enum psr_verdict worst;
	/* members known only from EXIT records (run->exited), counted in
	 * count, ended, cpu_seconds and peak_rss; their storage I/O */
	size_t exited;
	double exited_read_bytes, exited_write_bytes;
	/* members: in log order, psr_groups.members[first .. first +
	 * count): an index i < run->nprocs is procs[i], else the process
	 * exited[i - run->nprocs] */
	size_t first;
};

struct psr_groups {
	size_t n;
	struct psr_group *g;  /* by cpu_seconds, the largest first; ties by
				 count, then key (or uid) */
	size_t *members;      /* run->nprocs + run->nexited entries */
};

/* Group run's processes by `by`, in time linear in run->nprocs (a hash
 * of the keys). 0 or -ENOMEM; release with psr_groups_release(). */
int psr_result_groups(const struct psr_run_result *run, enum psr_group_by by,
		      struct psr_groups *out);
void psr_groups_release(struct psr_groups *g);

#endif
