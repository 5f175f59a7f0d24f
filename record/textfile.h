/* textfile.h - the latest values of the recorded processes, in the
 * Prometheus text exposition format, for node_exporter's textfile
 * collector (psrec --textfile).
 *
 * The file is written whole to a new temporary file (random name,
 * O_EXCL) in the same directory and renamed over FILE, so a scrape never sees half of it. Nothing here
 * runs unless --textfile was given: the sampling path only keeps each
 * target's last values (targets.keep_last) for it. */
#ifndef PSREC_TEXTFILE_H
#define PSREC_TEXTFILE_H

#include "targets.h"

#include <stddef.h>
#include <stdint.h>

struct textfile;

struct textfile_opts {
	const char *path;
	int by_target;          /* sums per target instead of per process */
	uint32_t clock_ticks;   /* of the host: CPU ticks to seconds */
	uint32_t page_size;     /* statm pages to bytes */
	long long boot_time;    /* btime of /proc/stat: start labels */
	const uint8_t *metrics; /* the recorded metric ids */
	unsigned metric_count;
};

/* About psrec itself, for psrec_up and friends. */
struct textfile_self {
	int up;                   /* 0 in the file written at exit */
	uint64_t samples;
	int64_t last_sample_epoch_ns;
	double cpu_seconds;       /* psrec's own user + system time */
};

/* Whether other (a file name without directory) starts like the
 * temporary files of the textfile named name (without directory) in
 * the same directory: the log must not be given such a name. */
int textfile_is_temp(const char *name, const char *other);

/* Whether the file can be written: its temporary file is created and
 * removed. 0 or -errno. Before anything is started. */
int textfile_check(const char *path);

/* One psrec per textfile: lock ".NAME.tmp.lock" beside it (flock, kept
 * for psrec's life). A descriptor to give textfile_unlock, -EBUSY when
 * another psrec holds it, or -errno. */
int textfile_lock(const char *path);
void textfile_unlock(const char *path, int fd);

/* Set up (textfile_check said whether it can be written). 0 or
 * -ENOMEM. */
int textfile_open(struct textfile **out, const struct textfile_opts *o);

/* A target ended: with by_target, its counters stay in its target's
 * totals, so they never go down. */
void textfile_gone(struct textfile *tf, const struct target *t);

/* Write the file from the targets' last values. 0 or -errno. */
int textfile_write(struct textfile *tf, const struct targets *ts,
		   const struct textfile_self *self);

/* Appends s to out as a label value: backslash, double quote and line
 * feed escaped, bytes that are not UTF-8 replaced by U+FFFD. Returns the
 * length written (out has room for 3 * strlen(s) + 1). Exposed for the
 * unit test. */
size_t textfile_escape(char *out, const char *s);

void textfile_free(struct textfile *tf);

#endif
