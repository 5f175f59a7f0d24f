/* session.h - the logs of one psreport run, from the command line to the
 * engine: every mode (the default report, --baseline, --runs, --fleet,
 * --index) reads its logs through here, the same way.
 *
 * Arguments become inputs: a file is a log; a directory, in the modes
 * that take them, stands for the logs in it (util/logdir.h says which).
 * Each log is opened once up front for its header and closed again (a
 * fleet of 10,000 logs holds no descriptor), so that a bad log is said
 * before any output is written. A log given twice - the same file
 * (device and inode) or the same log (log id: a copy) - is read once,
 * with a warning. The logs are read in the order of psr_analysis_order()
 * (the parts of one recording one after the other, recordings by their
 * start): each record goes to a sink and to the engine, whose
 * process-samples go to the sink too; the engine's result goes to the
 * sink at the end, or at the end of each recording when an engine per
 * recording is asked for (--fleet: memory follows one recording, not the
 * fleet). */
#ifndef PSREPORT_SESSION_H
#define PSREPORT_SESSION_H

#include <psr/analysis.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* One log. */
struct input {
	char *path;            /* as given, or as found in a directory */
	struct psr_header h;   /* a copy (its command line owned); valid
				  unless the log could not be opened */
	bool opened;           /* h is valid */
	uint64_t size;         /* bytes, when it was opened */
	struct psr_reader_stats st; /* at the end of its reading */
	char id[33];           /* its log id (logfile_id()) */
	dev_t dev;
	ino_t ino;
	char *why;             /* NULL, or why it (or its end) is unreadable */
	uint64_t warnings;     /* damage met while it was read */
	char *first_warning;
};

struct input_set {
	struct input *v;
	size_t n, cap;
	size_t *order;         /* reading order, indexes into v */
};

/* How arguments become inputs. */
enum {
	/* a directory stands for the logs in it */
	SESSION_DIRS = 1u << 0,
	/* a log that cannot be opened stays in the set, with why (without
	 * it: one given ends the session, one found in a directory is
	 * passed over with a warning) */
	SESSION_KEEP_BAD = 1u << 1,
	/* read in the order listed (--index), not by recording */
	SESSION_LISTED = 1u << 2,
	/* every file is read, a copy too (--index lists files) */
	SESSION_COPIES = 1u << 3,
};

/* The logs of args[0..n) into s (empty or filled before: the set grows).
 * what names the mode in messages ("--runs"). 0, or -1 after the message
 * on stderr. */
int session_inputs(struct input_set *s, char *const *args, size_t n,
		   unsigned flags, const char *what);
void session_inputs_free(struct input_set *s);

/* Who gets what is read. Any hook may be NULL; each returns 0 or an error
 * that ends the reading (its message already said). */
struct session_sink {
	void *ctx;
	/* a log begins; with in->why set, it could not be opened (it is
	 * not read: a KEEP_BAD set) */
	int (*log)(void *ctx, const struct input *in);
	int (*record)(void *ctx, const struct input *in,
		      const struct psr_record *rec);
	/* the log is read (in->st holds the reader's figures; in->why is
	 * set when its reading failed) */
	int (*log_end)(void *ctx, const struct input *in);
	/* the engine's process-samples (psr_analysis_opts.on_row) */
	int (*row)(void *ctx, const struct psr_row *row);
	/* a result of the engine, handed over (psr_result_free is the
	 * sink's) */
	int (*result)(void *ctx, struct psr_result *r);
};

struct session_read {
	/* the engine's options; NULL: no engine (only records) */
	const struct psr_analysis_opts *an;
	bool per_run;        /* an engine per recording */
	bool quiet;          /* damage counted in the input, not printed */
	bool keep_going;     /* a log that fails midway gets why and the
				rest is read (else the reading ends) */
};

/* Read every log of s in its order. 0, or -1 after the message. */
int session_read(struct input_set *s, const struct session_read *how,
		 const struct session_sink *sink);

#endif
