/* output.c - the table of outputs and the loop over the rows asked for
 * (output.h). */
#include "output.h"

#include "cli.h"

#include <errno.h>
#include <string.h>

/* The table: one line per output, in the order they are written (and
 * their options listed in the help). Each row is defined beside its
 * writer: output_NAME in the file of NAME. */
#define OUTPUTS(X)          \
	X(info)             \
	X(text)             \
	X(at)               \
	X(csv)              \
	X(csv_windows)      \
	X(jsonl)            \
	X(summary)          \
	X(json)             \
	X(compare_json)     \
	X(rss_top)          \
	X(groups)           \
	X(markdown)         \
	X(export)           \
	X(visual)           \
	X(compare_text)     \
	X(compare_csv)      \
	X(compare_charts)   \
	X(runs_text)        \
	X(runs_csv)         \
	X(runs_charts)      \
	X(fleet_text)       \
	X(fleet_csv)        \
	X(fleet_charts)     \
	X(index)

#define DECLARE(name) extern const struct output output_##name;
#define ROW(name) &output_##name,
OUTPUTS(DECLARE)
const struct output *const output_table[] = {OUTPUTS(ROW)};
const size_t output_count = sizeof output_table / sizeof output_table[0];
_Static_assert(sizeof output_table / sizeof output_table[0] <= OUTPUT_MAX,
	       "OUTPUT_MAX is too small");

/* ---- failures: said once, naming the file --------------------------- */

static void file_name(const struct out *out, char *buf, size_t len)
{
	if (!out->path || strcmp(out->path, "-") == 0 || out->f == stdout)
		snprintf(buf, len, "standard output");
	else
		snprintf(buf, len, "'%s'", out->path);
}

/* The errno of a write error on f: ferror() keeps none, but a flush of
 * what is still buffered fails again with it. */
static int write_errno(FILE *f, int rc)
{
	int e = errno;

	if (fflush(f) != 0)
		e = errno;
	if (rc < 0 && rc != -1 && rc != -EIO)
		e = -rc;
	return e && e != EIO ? e : EIO;
}

static int fail(struct outputs *s, struct out *out, int rc)
{
	char name[1100];

	s->failed = true;
	s->usage |= rc == OUTPUT_USAGE;
	if (out->err[0]) {
		fprintf(stderr, "psreport: %s\n", out->err);
	} else if (rc == -ENOMEM) {
		fputs("psreport: out of memory\n", stderr);
	} else if (out->f) {
		file_name(out, name, sizeof name);
		/* a file's own write kept its errno (util/outfile.h) */
		fprintf(stderr, "psreport: cannot write %s: %s\n", name,
			strerror(out->file.sink.err ? out->file.sink.err
						    : write_errno(out->f, rc)));
	} else {
		fprintf(stderr, "psreport: --%s: %s\n",
			out->def->option ? out->def->option : "output",
			strerror(rc < -1 ? -rc : EIO));
	}
	return -1;
}

/* A hook's return, or a write error it did not notice. */
static int check(struct outputs *s, struct out *out, int rc)
{
	if (!rc && out->f && ferror(out->f))
		rc = -EIO;
	return rc ? fail(s, out, rc) : 0;
}

/* ---- the loop ------------------------------------------------------- */

bool output_asked(const struct report_opts *o, size_t i)
{
	const struct output *d = output_table[i];

	if (d->option || (d->flags & OUTPUT_DEFAULT))
		return o->paths[i] && (!d->wanted || d->wanted(o));
	return d->wanted && d->wanted(o);
}

static int open_one(struct outputs *s, struct out *out)
{
	char err[1024];

	if (out->def->flags & OUTPUT_FILE) {
		if (outfile_open(&out->file, out->path, out->o->force, err,
				 sizeof err)) {
			fprintf(stderr, "psreport: --%s: %s\n",
				out->def->option, err);
			s->failed = true;
			return -1;
		}
		out->f = out->file.f;
	} else if (out->def->flags & OUTPUT_STDOUT) {
		out->f = stdout;
	}
	return out->def->open ? check(s, out, out->def->open(out)) : 0;
}

int outputs_open(struct outputs *s, const struct report_opts *o,
		 enum report_mode mode, const struct input_set *inputs)
{
	memset(s, 0, sizeof *s);
	for (size_t i = 0; i < output_count; i++) {
		struct out *out = &s->v[s->n];
		if (!(output_table[i]->modes & mode) || !output_asked(o, i))
			continue;
		*out = (struct out){.def = output_table[i], .o = o,
				    .inputs = inputs, .path = o->paths[i]};
		s->n++;
		if (open_one(s, out))
			return -1;
	}
	return 0;
}

unsigned outputs_needs(const struct outputs *s)
{
	unsigned needs = 0;

	for (size_t i = 0; i < s->n; i++)
		needs |= s->v[i].def->needs;
	return needs;
}

/* Each output's hook H(out, args...), stopping at the first failure. */
#define EACH(s, hook, ...)                                                 \
	do {                                                               \
		for (size_t i_ = 0; i_ < (s)->n; i_++) {                   \
			struct out *o_ = &(s)->v[i_];                      \
			if (o_->def->hook &&                               \
			    check(s, o_, o_->def->hook(o_, __VA_ARGS__)))  \
				return -1;                                 \
		}                                                          \
		return 0;                                                  \
	} while (0)

int outputs_log(struct outputs *s, const struct input *in)
{
	EACH(s, log, in);
}

int outputs_record(struct outputs *s, const struct input *in,
		   const struct psr_record *rec)
{
	EACH(s, record, in, rec);
}

int outputs_log_end(struct outputs *s, const struct input *in)
{
	EACH(s, log_end, in);
}

int outputs_row(struct outputs *s, const struct psr_row *row)
{
	EACH(s, row, row);
}

/* Outputs on standard output one after the other: a blank line between
 * them (--info, then the table). */
static void separate(struct out *out, bool *stdout_used)
{
	if (out->f != stdout || !out->def->result)
		return;
	if (*stdout_used)
		putchar('\n');
	*stdout_used = true;
}

int outputs_write(struct outputs *s, const struct report_ctx *c)
{
	bool stdout_used = false;
	char err[1024];

	for (size_t i = 0; i < s->n; i++) {
		struct out *out = &s->v[i];
		separate(out, &stdout_used);
		if (out->def->result &&
		    check(s, out, out->def->result(out, c)))
			return -1;
	}
	for (size_t i = 0; i < s->n; i++) {
		struct out *out = &s->v[i];
		if (out->def->finish && check(s, out, out->def->finish(out)))
			return -1;
	}
	/* the files in place only once every output is whole */
	for (size_t i = 0; i < s->n; i++) {
		struct out *out = &s->v[i];
		if (!out->file.f)
			continue;
		if (outfile_commit(&out->file, err, sizeof err)) {
			fprintf(stderr, "psreport: %s\n", err);
			s->failed = true;
			return -1;
		}
		out->f = NULL;
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "psreport: cannot write standard output: %s\n",
			strerror(write_errno(stdout, 0)));
		s->failed = true;
		return -1;
	}
	return 0;
}

void outputs_free(struct outputs *s)
{
	for (size_t i = 0; i < s->n; i++) {
		struct out *out = &s->v[i];
		if (out->def->free)
			out->def->free(out);
		outfile_abort(&out->file);
	}
	s->n = 0;
}
