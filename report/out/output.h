/* output.h - psreport's outputs as a table, in the manner of dav1d's
 * tools/output/muxer.h: each output is a row that says which option asks
 * for it, in which modes it writes, what it needs from the session and
 * the engine, and its hooks - open, per log, per record, per
 * process-sample, per result, finish, free. main() loops over the rows
 * asked for, in table order; the table (output.c) is one line per output,
 * so adding a format is one file holding its row and one line there.
 *
 * The loop owns the files: an output with a file (OUTPUT_FILE) gets it
 * open at open() and written whole or not at all at the end (a temporary
 * file renamed, util/outfile.h); standard output is checked at the end
 * too. Every failure is said once on stderr, naming the file. */
#ifndef PSREPORT_OUTPUT_H
#define PSREPORT_OUTPUT_H

#include "outfile.h"
#include "session.h"
#include "writers.h"

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct report_opts;

/* What psreport does, from its options: one mode per run. */
enum report_mode {
	MODE_REPORT = 1u << 0,   /* report on the logs (no mode option) */
	MODE_BASELINE = 1u << 1, /* --baseline */
	MODE_RUNS = 1u << 2,     /* --runs */
	MODE_FLEET = 1u << 3,    /* --fleet */
	MODE_INDEX = 1u << 4,    /* --index */
};

/* What an output needs from the session and the engine. */
enum output_needs {
	NEEDS_RECORDS = 1u << 0, /* the log, record and log_end hooks */
	NEEDS_ROWS = 1u << 1,    /* every process-sample (row hook) */
	NEEDS_RESULT = 1u << 2,  /* the engine's result (result hook) */
	NEEDS_DISTRIBUTIONS = 1u << 3, /* histograms, densities and
					  correlations in the result */
};

enum output_flags {
	/* its option names a file; '-' is standard output */
	OUTPUT_FILE = 1u << 0,
	/* it writes standard output itself (a table, --info) */
	OUTPUT_STDOUT = 1u << 1,
	/* the mode's default view: on unless another output asked for
	 * writes standard output */
	OUTPUT_DEFAULT = 1u << 2,
};

struct out;

struct output {
	/* the option that asks for it, without "--" (a file for
	 * OUTPUT_FILE, else a flag); NULL: asked for by wanted() or as
	 * the mode's default view. Rows of one option (one per mode) share
	 * the help of the first. */
	const char *option;
	const char *arg;     /* the option's argument in the help */
	const char *help;    /* the option's help */
	unsigned modes;      /* the modes it writes in */
	unsigned implies;    /* the mode its option selects, or 0 */
	unsigned flags, needs;
	/* asked for (with an option: besides it), or NULL */
	bool (*wanted)(const struct report_opts *o);
	/* its state (out->priv) and checks before any log is read */
	int (*open)(struct out *out);
	int (*log)(struct out *out, const struct input *in);
	int (*record)(struct out *out, const struct input *in,
		      const struct psr_record *rec);
	int (*log_end)(struct out *out, const struct input *in);
	int (*row)(struct out *out, const struct psr_row *row);
	int (*result)(struct out *out, const struct report_ctx *c);
	int (*finish)(struct out *out);
	void (*free)(struct out *out);
};

/* An output being written. Hooks return 0, or -1 (or -errno) after
 * putting the reason in err; a write error on f or running out of
 * memory need no reason: the loop names them. */
struct out {
	const struct output *def;
	const struct report_opts *o;
	const struct input_set *inputs; /* the logs given (not --baseline's) */
	const char *path;  /* its file (OUTPUT_FILE); "-": standard output */
	FILE *f;           /* where it writes, when it writes a stream */
	void *priv;        /* what open() made */
	char err[1024];
	struct outfile file;
};

/* The table, in the order outputs are written (and their options
 * listed). */
extern const struct output *const output_table[];
extern const size_t output_count;

/* Whether o asks for row i: by its option (o->paths[i]), as the mode's
 * default view, or by its wanted(). */
bool output_asked(const struct report_opts *o, size_t i);

/* The largest number of rows the table may have. */
#define OUTPUT_MAX 48

/* The outputs of one run. */
struct outputs {
	struct out v[OUTPUT_MAX];
	size_t n;
	bool failed; /* a hook failed, and it was said */
	bool usage;  /* ... with OUTPUT_USAGE: the exit status is 2 */
};

/* A hook's return when the options do not fit the logs (--at a time
 * outside the run): a usage error, said from out->err. */
#define OUTPUT_USAGE (-EDOM)

/* The outputs of mode that o asks for, opened (files created, open()
 * called). 0, or -1 after the message. */
int outputs_open(struct outputs *s, const struct report_opts *o,
		 enum report_mode mode, const struct input_set *inputs);

/* What the outputs need (enum output_needs), together. */
unsigned outputs_needs(const struct outputs *s);

/* A log, a record, a log read, a process-sample to every output that
 * has the hook. 0, or -1 after the message. */
int outputs_log(struct outputs *s, const struct input *in);
int outputs_record(struct outputs *s, const struct input *in,
		   const struct psr_record *rec);
int outputs_log_end(struct outputs *s, const struct input *in);
int outputs_row(struct outputs *s, const struct psr_row *row);

/* The result to every output, then finish(); files put in place and
 * standard output flushed. 0, or -1 after the message. */
int outputs_write(struct outputs *s, const struct report_ctx *c);

/* Free every output; files not put in place are removed. */
void outputs_free(struct outputs *s);

/* A writer of the result into out->f: out->f's own errors are the
 * loop's to say. For rows whose hook is a plain writer. */
#define OUTPUT_WRITER(name, fn)                                          \
	static int name(struct out *out, const struct report_ctx *c)     \
	{                                                                \
		return fn(c, out->f);                                    \
	}

#endif
