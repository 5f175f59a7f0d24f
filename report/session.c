/* session.c - from arguments to inputs, and from inputs to the engine
 * (session.h). */
#define _GNU_SOURCE
#include "session.h"

#include "logdir.h"
#include "logfile.h"
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- inputs -------------------------------------------------------- */

struct adding {
	struct input_set *s;
	unsigned flags;
	const char *what;
	bool given;
};

static int copy_header(struct psr_header *dst, const struct psr_header *src)
{
	*dst = *src;
	dst->command_line = NULL;
	if (src->command_line_len) {
		if (!(dst->command_line = malloc(src->command_line_len)))
			return -ENOMEM;
		memcpy(dst->command_line, src->command_line,
		       src->command_line_len);
	}
	return 0;
}

static void input_release(struct input *in)
{
	free(in->path);
	free(in->h.command_line);
	free(in->why);
	free(in->first_warning);
}

/* What in's path is, without blocking: a fifo (or a device) given as a
 * log would hang the reader's open, so only a regular file is opened.
 * Every log read is guarded (outfile.h): no output replaces it, and
 * outputs are no wider than it. 0, or a negative code with why in err. */
static int identify(struct input *in, char *err, size_t errlen)
{
	struct stat st;
	int fd = open(in->path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	int rc = 0;

	if (fd < 0 || fstat(fd, &st) != 0) {
		rc = -errno;
		snprintf(err, errlen, "cannot read '%s': %s", in->path,
			 strerror(errno));
	} else if (S_ISDIR(st.st_mode)) {
		rc = -EISDIR;
		snprintf(err, errlen, "cannot read '%s': is a directory",
			 in->path);
	} else if (!S_ISREG(st.st_mode)) {
		rc = -EINVAL;
		snprintf(err, errlen, "cannot read '%s': not a regular file",
			 in->path);
	} else if ((rc = outfile_guard(st.st_dev, st.st_ino, st.st_mode))) {
		snprintf(err, errlen, "out of memory");
	} else {
		in->dev = st.st_dev;
		in->ino = st.st_ino;
		in->size = (uint64_t)st.st_size;
	}
	if (fd >= 0)
		close(fd);
	return rc;
}

/* Open in's log for its header: 0, or a negative code with why in err. */
static int probe(struct input *in, char *err, size_t errlen)
{
	struct psr_reader *r = NULL;
	int rc = identify(in, err, errlen);

	if (rc)
		return rc;
	if ((rc = psr_reader_open(&r, in->path))) {
		snprintf(err, errlen, "cannot read '%s': %s", in->path,
			 r ? psr_reader_errmsg(r) : psr_strerror(rc));
	} else if ((rc = copy_header(&in->h, psr_reader_header(r)))) {
		snprintf(err, errlen, "out of memory");
	} else {
		logfile_id(&in->h, in->id);
		in->opened = true;
	}
	psr_reader_free(r);
	return rc;
}

/* One argument, or one log found in a directory (given false), or one
 * that cannot be read (why). */
static int add(void *ctx, const char *path, const char *why)
{
	struct adding *a = ctx;
	struct input_set *s = a->s;
	char err[1200];
	struct input *in;
	int rc = 0;

	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 16;
		struct input *v = realloc(s->v, cap * sizeof *v);
		if (!v)
			return -ENOMEM;
		s->v = v;
		s->cap = cap;
	}
	in = &s->v[s->n];
	memset(in, 0, sizeof *in);
	if (!(in->path = strdup(path)))
		return -ENOMEM;
	if (why)
		snprintf(err, sizeof err, "%s", why);
	else
		rc = probe(in, err, sizeof err);
	if (rc == -ENOMEM) {
		input_release(in);
		return rc;
	}
	if ((why || rc) && (a->flags & SESSION_KEEP_BAD)) {
		if (!(in->why = strdup(err))) {
			input_release(in);
			return -ENOMEM;
		}
	} else if (why || rc) {
		input_release(in);
		if (a->given) {
			fprintf(stderr, "psreport: %s\n", err);
			return -1;
		}
		fprintf(stderr, "psreport: %s: skipped: %s\n", a->what, err);
		return 0;
	}
	s->n++;
	return 0;
}

/* An argument: a bad one ends the session, where a bad log found in a
 * directory is passed over. */
static int add_given(struct adding *a, const char *path)
{
	int rc;

	a->given = true;
	rc = add(a, path, NULL);
	a->given = false;
	return rc;
}

static int by_id(const void *x, const void *y, void *ctx)
{
	const struct input *v = ctx;
	const struct input *a = &v[*(const size_t *)x], *b = &v[*(const size_t *)y];
	int c = strcmp(a->id, b->id);

	if (c)
		return c;
	return (*(const size_t *)x > *(const size_t *)y) -
	       (*(const size_t *)x < *(const size_t *)y);
}

static int by_file(const void *x, const void *y, void *ctx)
{
	const struct input *v = ctx;
	const struct input *a = &v[*(const size_t *)x], *b = &v[*(const size_t *)y];

	if (a->dev != b->dev)
		return a->dev < b->dev ? -1 : 1;
	if (a->ino != b->ino)
		return a->ino < b->ino ? -1 : 1;
	return (*(const size_t *)x > *(const size_t *)y) -
	       (*(const size_t *)x < *(const size_t *)y);
}

/* Mark in drop[] the later of each pair that cmp finds equal (only among
 * the inputs from first on that were opened). */
static void mark_copies(const struct input_set *s, size_t first,
			size_t *idx, bool *drop,
			int (*cmp)(const void *, const void *, void *))
{
	size_t n = 0;

	for (size_t i = first; i < s->n; i++)
		if (s->v[i].opened && !drop[i])
			idx[n++] = i;
	if (n < 2)
		return;
	qsort_r(idx, n, sizeof *idx, cmp, s->v);
	for (size_t i = 1, keep = idx[0]; i < n; i++) {
		struct input *a = &s->v[keep], *b = &s->v[idx[i]];
		bool same = cmp == by_id ? !strcmp(a->id, b->id)
					 : a->dev == b->dev && a->ino == b->ino;
		if (!same) {
			keep = idx[i];
			continue;
		}
		drop[idx[i]] = true;
		fprintf(stderr, "psreport: '%s': the same log as '%s', read "
			"once\n", b->path, a->path);
	}
}

/* A log given twice is read once: the first of them stays. */
static int drop_copies(struct input_set *s, size_t first)
{
	size_t n = s->n - first, k = first;
	size_t *idx = calloc(n ? n : 1, sizeof *idx);
	bool *drop = calloc(s->n ? s->n : 1, sizeof *drop);

	if (!idx || !drop) {
		free(idx);
		free(drop);
		return -ENOMEM;
	}
	mark_copies(s, first, idx, drop, by_file);
	mark_copies(s, first, idx, drop, by_id);
	for (size_t i = first; i < s->n; i++) {
		if (drop[i])
			input_release(&s->v[i]);
		else
			s->v[k++] = s->v[i];
	}
	s->n = k;
	free(idx);
	free(drop);
	return 0;
}

/* The reading order: logs that could not be opened first (as listed),
 * then the rest by recording, or all as listed. */
static int order(struct input_set *s, unsigned flags)
{
	const struct psr_header **h = calloc(s->n ? s->n : 1, sizeof *h);
	size_t *idx = calloc(s->n ? s->n : 1, sizeof *idx);
	size_t *o = calloc(s->n ? s->n : 1, sizeof *o);
	size_t nb = 0, ng = 0;

	if (!h || !idx || !o) {
		free(h);
		free(idx);
		free(o);
		return -ENOMEM;
	}
	for (size_t i = 0; i < s->n; i++) {
		if (flags & SESSION_LISTED)
			o[i] = i;
		else if (!s->v[i].opened)
			o[nb++] = i;
		else
			h[ng] = &s->v[i].h, idx[ng++] = i;
	}
	if (!(flags & SESSION_LISTED)) {
		size_t *g = calloc(ng ? ng : 1, sizeof *g);
		if (!g) {
			free(h);
			free(idx);
			free(o);
			return -ENOMEM;
		}
		psr_analysis_order(h, ng, g);
		for (size_t i = 0; i < ng; i++)
			o[nb + i] = idx[g[i]];
		free(g);
	}
	free(s->order);
	s->order = o;
	free(h);
	free(idx);
	return 0;
}

int session_inputs(struct input_set *s, char *const *args, size_t n,
		   unsigned flags, const char *what)
{
	struct adding a = {s, flags, what, false};
	size_t first = s->n;
	int rc = 0;

	for (size_t i = 0; i < n && !rc; i++)
		if ((flags & SESSION_DIRS) && logdir_is_dir(args[i]))
			rc = logdir_list(args[i], add, &a);
		else
			rc = add_given(&a, args[i]);
	if (!rc && !(flags & SESSION_COPIES))
		rc = drop_copies(s, first);
	if (!rc)
		rc = order(s, flags);
	if (rc == -ENOMEM)
		fputs("psreport: out of memory\n", stderr);
	return rc ? -1 : 0;
}

void session_inputs_free(struct input_set *s)
{
	for (size_t i = 0; i < s->n; i++)
		input_release(&s->v[i]);
	free(s->v);
	free(s->order);
	memset(s, 0, sizeof *s);
}

/* ---- reading ------------------------------------------------------- */

/* Progress on a terminal, for long work only: the share of the bytes of
 * all logs read so far, redrawn when it changes by a percent. */
struct progress {
	bool on;
	uint64_t total, done; /* bytes: all logs, logs finished */
	int shown;
};

static void progress_show(struct progress *p, const struct psr_reader *r)
{
	struct psr_reader_stats st;
	int pct;

	if (!p->on)
		return;
	psr_reader_stats(r, &st);
	pct = (int)((p->done + st.offset) * 100 / (p->total ? p->total : 1));
	if (pct == p->shown)
		return;
	p->shown = pct;
	fprintf(stderr, "\rpsreport: reading %3d%% of %llu MiB", pct,
		(unsigned long long)(p->total >> 20));
}

static void progress_end(struct progress *p)
{
	if (p->on && p->shown >= 0)
		fputs("\r\033[K", stderr);
}

struct reading {
	const struct session_read *how;
	const struct session_sink *sink;
	struct psr_analysis *an;
	struct progress pg;
	bool row_failed; /* the sink said why: the engine need not */
};

static int note_warning(struct reading *g, struct input *in,
			const char *warning)
{
	if (!in->warnings++ && !(in->first_warning = strdup(warning)))
		return -ENOMEM;
	if (!g->how->quiet)
		fprintf(stderr, "psreport: '%s': %s\n", in->path, warning);
	return 0;
}

static int engine_error(struct reading *g, const struct input *in)
{
	if (g->row_failed)
		return -1;
	fprintf(stderr, "psreport: '%s': %s\n", in->path,
		psr_analysis_errmsg(g->an));
	return -1;
}

/* A warning of the session's own about in, as if its reader had said
 * it: to stderr, the sink and the engine. 0 or -1 after the message. */
static int own_warning(struct reading *g, struct input *in, const char *w)
{
	const struct session_sink *k = g->sink;
	struct psr_record rec = {.type = PSR_REC_WARNING, .u.warning = w};

	if (note_warning(g, in, w)) {
		fputs("psreport: out of memory\n", stderr);
		return -1;
	}
	if (k->record && k->record(k->ctx, in, &rec))
		return -1;
	if (g->an && psr_analysis_record(g->an, &rec))
		return engine_error(g, in);
	return 0;
}

/* The parts of a run missing between prev and in, said as a warning of
 * in (FORMAT.md 2: a missing part number is a missing file), in why[];
 * 0 when none is. */
static int missing_parts(const struct input *prev, const struct input *in,
			 char *why, size_t n)
{
	char run[33];

	if (!prev || !prev->h.has_ids || !in->h.has_ids ||
	    !psr_analysis_same_run(&prev->h, &in->h) ||
	    in->h.part <= prev->h.part + 1 || prev->h.part == UINT32_MAX)
		return 0;
	for (size_t i = 0; i < sizeof in->h.run_id; i++)
		snprintf(run + 2 * i, 3, "%02x", in->h.run_id[i]);
	if (in->h.part == prev->h.part + 2)
		snprintf(why, n, "part %" PRIu32 " of run %s is missing "
			 "(read: parts %" PRIu32 " and %" PRIu32 ")",
			 prev->h.part + 1, run, prev->h.part, in->h.part);
	else
		snprintf(why, n, "parts %" PRIu32 " to %" PRIu32 " of run %s "
			 "are missing (read: parts %" PRIu32 " and %" PRIu32 ")",
			 prev->h.part + 1, in->h.part - 1, run, prev->h.part,
			 in->h.part);
	return 1;
}

/* The records of in, to the sink and the engine; first a warning of the
 * parts missing before it (gap, or NULL). 0, or -1 after the message (or
 * with in->why set, keep_going). */
static int read_log(struct reading *g, struct input *in, const char *gap)
{
	const struct session_sink *k = g->sink;
	struct psr_reader *r = NULL;
	struct psr_record rec;
	uint64_t n = 0;
	char why[1200];
	int rc = psr_reader_open(&r, in->path);

	if (rc) {
		snprintf(why, sizeof why, "cannot read '%s': %s", in->path,
			 r ? psr_reader_errmsg(r) : psr_strerror(rc));
		goto failed;
	}
	if (g->an && psr_analysis_begin_log(g->an, &in->h, in->path)) {
		psr_reader_free(r);
		return engine_error(g, in);
	}
	if (k->log && (rc = k->log(k->ctx, in)))
		goto out;
	if (gap && own_warning(g, in, gap)) {
		psr_reader_free(r);
		return -1;
	}
	while ((rc = psr_reader_next(r, &rec)) > 0) {
		if (rec.type == PSR_REC_WARNING &&
		    note_warning(g, in, rec.u.warning)) {
			rc = -ENOMEM;
			fputs("psreport: out of memory\n", stderr);
			goto out;
		}
		if (k->record && (rc = k->record(k->ctx, in, &rec)))
			goto out;
		if (g->an && psr_analysis_record(g->an, &rec)) {
			psr_reader_free(r);
			return engine_error(g, in);
		}
		if (g->pg.on && ++n % 4096 == 0)
			progress_show(&g->pg, r);
	}
	psr_reader_stats(r, &in->st);
	g->pg.done += in->st.file_size;
	if (rc < 0) {
		snprintf(why, sizeof why, "cannot read '%s': %s", in->path,
			 psr_reader_errmsg(r));
		psr_reader_free(r);
		r = NULL;
		goto failed;
	}
	rc = k->log_end ? k->log_end(k->ctx, in) : 0;
out:
	psr_reader_free(r);
	return rc ? -1 : 0;
failed:
	psr_reader_free(r);
	if (!g->how->keep_going) {
		fprintf(stderr, "psreport: %s\n", why);
		return -1;
	}
	if (!(in->why = strdup(why))) {
		fputs("psreport: out of memory\n", stderr);
		return -1;
	}
	return k->log_end ? (k->log_end(k->ctx, in) ? -1 : 0) : 0;
}

/* The engine's result to the sink, and no engine. */
static int finish(struct reading *g)
{
	struct psr_result *res = NULL;
	int rc = 0;

	if (!g->an)
		return 0;
	if (psr_analysis_finish(g->an, &res)) {
		fprintf(stderr, "psreport: %s\n", psr_analysis_errmsg(g->an));
		rc = -1;
	} else if (g->sink->result) {
		rc = g->sink->result(g->sink->ctx, res) ? -1 : 0;
	} else {
		psr_result_free(res);
	}
	psr_analysis_free(g->an);
	g->an = NULL;
	return rc;
}

static int on_row(void *ctx, const struct psr_row *row)
{
	struct reading *g = ctx;
	int rc = g->sink->row(g->sink->ctx, row);

	g->row_failed |= rc != 0;
	return rc;
}

int session_read(struct input_set *s, const struct session_read *how,
		 const struct session_sink *sink)
{
	struct reading g = {how, sink, NULL, {.shown = -1}, false};
	struct psr_analysis_opts ao;
	const struct input *prev = NULL;
	char gap[256];
	int rc = 0;

	if (how->an) {
		ao = *how->an;
		ao.on_row = sink->row ? on_row : NULL;
		ao.row_ctx = &g;
	}
	for (size_t i = 0; i < s->n; i++)
		g.pg.total += s->v[i].size;
	g.pg.on = isatty(STDERR_FILENO) && g.pg.total >= (16u << 20);
	for (size_t k = 0; k < s->n && !rc; k++) {
		struct input *in = &s->v[s->order[k]];
		if (!in->opened) { /* kept to be said, not read */
			rc = sink->log ? sink->log(sink->ctx, in) : 0;
			continue;
		}
		if (how->an && how->per_run && prev &&
		    !psr_analysis_same_run(&prev->h, &in->h))
			rc = finish(&g);
		if (!rc && how->an && !g.an && psr_analysis_new(&g.an, &ao)) {
			fputs("psreport: out of memory\n", stderr);
			rc = -1;
		}
		if (!rc)
			rc = read_log(&g, in, missing_parts(prev, in, gap,
							    sizeof gap)
						      ? gap
						      : NULL);
		prev = in;
	}
	progress_end(&g.pg);
	if (!rc)
		rc = finish(&g);
	psr_analysis_free(g.an);
	return rc;
}
