/* index.c - --index DIR: one line per log of a directory, read
 * recursively (host, start, duration, samples, processes, size), so that
 * an old baseline can be found; logs that cannot be read are listed with
 * the reason. util/logdir.h says which files are logs. */
#include "cli.h"
#include "fmt.h"
#include "output.h"

#include <psr/log.h>

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct summary {
	double first, last;  /* Unix seconds of the first and last sample */
	uint64_t samples;
	char **names;        /* distinct process names, in order seen */
	size_t nnames;
	bool damaged;
};

static int add_name(struct summary *s, const char *comm)
{
	char **v;

	for (size_t i = 0; i < s->nnames; i++)
		if (strcmp(s->names[i], comm) == 0)
			return 0;
	if (!(v = realloc(s->names, (s->nnames + 1) * sizeof *v)))
		return -1;
	s->names = v;
	if (!(v[s->nnames] = strdup(comm)))
		return -1;
	s->nnames++;
	return 0;
}

static void release(struct summary *s)
{
	for (size_t i = 0; i < s->nnames; i++)
		free(s->names[i]);
	free(s->names);
}

/* What one log holds, from its records. 0 or -ENOMEM. */
static int summarise(struct summary *s, const struct psr_record *rec)
{
	if (rec->type == PSR_REC_SAMPLE) {
		double t = (double)rec->u.sample.epoch_us / 1e6;
		if (!s->samples++)
			s->first = t;
		s->last = t;
	} else if (rec->type == PSR_REC_PROCESS) {
		if (add_name(s, rec->u.process->comm))
			return -ENOMEM;
	} else if (rec->type == PSR_REC_WARNING) {
		s->damaged = true;
	}
	return 0;
}

static void line(FILE *f, const char *name, const struct psr_header *h,
		 const struct summary *s, uint64_t size)
{
	char start[32], dur[32], sz[32];
	double t0 = isnan(s->first) ? (double)h->start_epoch_ns / 1e9
				    : s->first;

	fmt_epoch(start, sizeof start, t0);
	fmt_duration(dur, sizeof dur, s->last - s->first);
	fmt_bytes(sz, sizeof sz, (double)size);
	fprintf(f, "%-24s %10s  %-16.16s %-19s %9s %8llu  ", name, sz,
		h->hostname, start, dur, (unsigned long long)s->samples);
	/* three names, then how many more */
	for (size_t i = 0; i < s->nnames && i < 3; i++)
		fprintf(f, "%s%s", i ? "," : "", s->names[i]);
	if (!s->nnames)
		fputc('-', f);
	if (s->nnames > 3)
		fprintf(f, ",+%zu", s->nnames - 3);
	if (h->has_ids) /* rotated files of one run share the run id */
		fprintf(f, "  run %02x%02x%02x%02x part %u", h->run_id[0],
			h->run_id[1], h->run_id[2], h->run_id[3], h->part);
	if (s->damaged)
		fputs("  (damaged)", f);
	fputc('\n', f);
}

/* ---- the output: a line per log as it is read ---------------------- */

struct listing {
	struct summary s;
	size_t lines;
};

/* path without the directory listed */
static const char *name_of(const struct out *out, const char *path)
{
	const char *dir = out->o->cmp.index_dir;
	size_t len = strlen(dir);

	if (strncmp(path, dir, len) != 0)
		return path;
	path += len;
	return *path == '/' ? path + 1 : path;
}

/* The reason alone: "cannot read 'PATH': " says nothing more here. */
static const char *reason(const struct input *in)
{
	const char *colon = strstr(in->why, "': ");

	return strncmp(in->why, "cannot read '", 13) == 0 && colon
		       ? colon + 3 : in->why;
}

static int index_open(struct out *out)
{
	if (!(out->priv = calloc(1, sizeof(struct listing))))
		return -ENOMEM;
	fprintf(out->f, "%-24s %10s  %-16s %-19s %9s %8s  %s\n", "FILE",
		"SIZE", "HOST", "START", "DURATION", "SAMPLES", "PROCESSES");
	return 0;
}

static int index_log(struct out *out, const struct input *in)
{
	struct listing *l = out->priv;

	release(&l->s);
	memset(&l->s, 0, sizeof l->s);
	l->s.first = l->s.last = NAN;
	if (!in->opened) {
		l->lines++;
		fprintf(out->f, "%-24s unreadable: %s\n", name_of(out, in->path),
			reason(in));
	}
	return 0;
}

static int index_record(struct out *out, const struct input *in,
			const struct psr_record *rec)
{
	return summarise(&((struct listing *)out->priv)->s, rec);
}

static int index_log_end(struct out *out, const struct input *in)
{
	struct listing *l = out->priv;

	l->lines++;
	if (in->why)
		fprintf(out->f, "%-24s unreadable: %s\n", name_of(out, in->path),
			reason(in));
	else
		line(out->f, name_of(out, in->path), &in->h, &l->s,
		     in->st.file_size);
	return 0;
}

static int index_result(struct out *out, const struct report_ctx *c)
{
	const struct listing *l = out->priv;

	if (!l->lines)
		fprintf(out->f, "(no logs in '%s')\n", out->o->cmp.index_dir);
	return 0;
}

static void index_free(struct out *out)
{
	struct listing *l = out->priv;

	if (l)
		release(&l->s);
	free(l);
}

const struct output output_index = {
	.modes = MODE_INDEX,
	.flags = OUTPUT_STDOUT | OUTPUT_DEFAULT,
	.needs = NEEDS_RECORDS,
	.open = index_open,
	.log = index_log,
	.record = index_record,
	.log_end = index_log_end,
	.result = index_result,
	.free = index_free,
};
