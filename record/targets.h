/* targets.h - the processes psrec records and their per-sample values.
 *
 * Targets stay in log-id order (new ones are appended, ended ones are
 * compacted away after each sample), so a sample's entries need no
 * sorting. A pid -> target hash makes discovery cheap with --all. A
 * process is its pid and start time: its kept-open /proc files stop
 * reading when it exits, so a reused pid is found as a new process. */
#ifndef PSREC_TARGETS_H
#define PSREC_TARGETS_H

#include "procfs.h"

#include <psr/log.h>

struct target {
	pid_t pid;
	uint32_t id; /* in the current log; 0 until registered */
	struct proc_files f;
	struct proc_ident ident;
	int launched;
	int discovered;       /* found by -c or --all, not named by the user */
	int gone;
	int tree;             /* its children are followed (-c, -- CMD) */
	int job;              /* the command psrec launched or a descendant */
	uint64_t cpu_ticks;   /* utime + stime at its last sample */
	uint64_t fingerprint; /* of its last values (--adaptive) */
	unsigned origin;      /* index + 1 in targets.origins, 0 none */
	int origin_comm;      /* the origin is its comm (-a): renamed with it */
	int cmdline_retry;    /* its command line read empty, in the middle
				 of an exec: read again at the next sample */
	struct psr_values *last; /* its last values (keep_last), or NULL */
};

struct targets {
	struct target *t;
	size_t n, cap;
	struct psr_values *vals; /* cap entries, reused every sample */
	size_t sampled;          /* entries the last sample filled */
	size_t alive;
	size_t alive_job;  /* of them, the launched command's job */
	uint64_t job_cpu_ended; /* cpu_ticks of the job's ended targets */
	uint64_t process_samples;
	uint32_t *hash; /* open addressing: index + 1, 0 empty */
	size_t hcap;
	size_t max;        /* --max-procs: most alive at once, 0 no cap */
	int children;      /* -c: follow descendants of every target */
	int track_changes; /* --adaptive: set changed after each sample */
	int changed;       /* the last sample differs from the one before */
	size_t ended;      /* ended since the last sample (for changed) */
	size_t added;
	size_t unregistered; /* attached, not yet given an id */
	size_t candidates; /* could carry at the next sample (procfs.h) */
	/* --textfile: what each target was selected by (the -p pid, the -n
	 * name, the command, an ancestor's with -c, comm with -a), and each
	 * one's last values; neither is kept otherwise */
	uint32_t last_id; /* without a log (--no-log): the ids given */
	int keep_origin;
	int keep_last;
	char **origins;
	size_t norigins;
};

enum target_flags {
	TARGET_LAUNCHED = 1,   /* the command psrec started */
	TARGET_DISCOVERED = 2, /* found by -c or --all */
	TARGET_TREE = 4,       /* follow its children (and theirs) */
	TARGET_JOB = 8,        /* part of the command's job */
};

/* Open pid's files. 0, -ESRCH (no such process), -EEXIST (already a
 * target), -ENOSPC (--max-procs reached) or -errno. flags: enum
 * target_flags. origin: what selected it (kept with keep_origin), NULL
 * for the process's own comm. */
int targets_attach(struct targets *ts, const struct procfs *fs, pid_t pid,
		   unsigned flags, const char *origin);

/* The origin of t as text, "" when none was kept. */
const char *targets_origin(const struct targets *ts, const struct target *t);

/* Declare every attached process not yet in the log (w NULL: no log,
 * only give it an id). */
int targets_register(struct targets *ts, struct psr_writer *w);

/* Forget the log ids and read command lines again: the next file of
 * the run declares every live target anew (targets_register). */
void targets_new_log(struct targets *ts);

/* -c: attach the children of every followed target, recursively,
 * including those started since the last call. Returns how many were
 * added, or -ENOMEM. */
int targets_follow_children(struct targets *ts, const struct procfs *fs);

/* The command's orphans, reparented to psrec (its subreaper): attach
 * every child of the process self not yet recorded, as part of the job
 * whose children are followed. Returns how many were added, or -ENOMEM. */
int targets_adopt(struct targets *ts, const struct procfs *fs, pid_t self);

/* CPU time (utime + stime, ticks) the job's targets were seen to use:
 * the ended ones' last figures and the live ones'. */
uint64_t targets_job_cpu(const struct targets *ts);

/* --all: attach every process not yet recorded; with --max-procs, when
 * there is not room for all, the busiest by CPU share first (CPU time
 * over lifetime). Returns how many were added or a negative -errno. */
int targets_scan_all(struct targets *ts, const struct procfs *fs,
		     unsigned long long now_ticks);

/* A target that was found gone; the caller reports and ends it. */
typedef void (*targets_gone_fn)(struct target *t, void *ctx);

/* Read every live target and add one sample to the log (if w). */
int targets_sample(struct targets *ts, struct procfs *fs,
		   struct psr_writer *w, uint64_t mono_ns, int64_t epoch_ns,
		   targets_gone_fn gone, void *ctx);

/* Before t = 0: read every target once, storing nothing, so that the
 * first sample finds the idle ones idle (one read of schedstat each,
 * procfs.h) instead of reading each in full: for 10,000 processes that
 * read takes 0.3 s of CPU, more than a second on a loaded host, and made
 * the first sample late and the next one lost. */
void targets_prime(struct targets *ts, struct procfs *fs);

/* Mark a target gone and close its files (idempotent). */
void targets_drop(struct targets *ts, struct target *t);

struct target *targets_find_pid(struct targets *ts, pid_t pid);
void targets_release(struct targets *ts);

#endif
