/* targets.h - the processes psrec records and their per-sample values. */
#ifndef PSREC_TARGETS_H
#define PSREC_TARGETS_H

#include "procfs.h"

#include <psr/log.h>

struct target {
	pid_t pid;
	uint32_t id; /* in the log; 0 until registered */
	struct proc_files f;
	struct proc_ident ident;
	int launched;
	int gone;
};

struct targets {
	struct target *t;
	size_t n, cap;
	struct psr_values *vals; /* cap entries, reused every sample */
	size_t alive;
	uint64_t process_samples;
};

/* Open pid's files. 0, -ESRCH (no such process), -EEXIST (already a
 * target) or -errno. */
int targets_attach(struct targets *ts, const struct procfs *fs, pid_t pid,
		   int launched);

/* Declare every attached process to the log. */
int targets_register(struct targets *ts, struct psr_writer *w);

/* A target that was found gone; the caller reports and ends it. */
typedef void (*targets_gone_fn)(struct target *t, void *ctx);

/* Read every live target and add one sample to the log. */
int targets_sample(struct targets *ts, const struct procfs *fs,
		   struct psr_writer *w, uint64_t mono_ns, int64_t epoch_ns,
		   targets_gone_fn gone, void *ctx);

/* Mark a target gone and close its files (idempotent). */
void targets_drop(struct targets *ts, struct target *t);

struct target *targets_find_pid(struct targets *ts, pid_t pid);
void targets_release(struct targets *ts);

#endif
