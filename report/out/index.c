/* index.c - --index DIR: one line per file of a directory of logs (host,
 * start, duration, samples, processes, size), so that an old baseline can
 * be found; files that are not readable logs are listed with the reason. */
#include "compare.h"

#include "fmt.h"

#include <psr/log.h>

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

/* 0, or -1 with the reason in err. */
static int summarise(const char *path, const struct psr_header **h,
		     struct psr_reader **r, struct summary *s, char *err,
		     size_t errlen)
{
	struct psr_record rec;
	int rc = psr_reader_open(r, path);

	memset(s, 0, sizeof *s);
	s->first = s->last = NAN;
	if (rc) {
		snprintf(err, errlen, "%s",
			 *r ? psr_reader_errmsg(*r) : psr_strerror(rc));
		return -1;
	}
	*h = psr_reader_header(*r);
	while ((rc = psr_reader_next(*r, &rec)) > 0) {
		if (rec.type == PSR_REC_SAMPLE) {
			double t = (double)rec.u.sample.epoch_us / 1e6;
			if (!s->samples++)
				s->first = t;
			s->last = t;
		} else if (rec.type == PSR_REC_PROCESS) {
			if (add_name(s, rec.u.process->comm)) {
				snprintf(err, errlen, "out of memory");
				return -1;
			}
		} else if (rec.type == PSR_REC_WARNING) {
			s->damaged = true;
		}
	}
	if (rc < 0) {
		snprintf(err, errlen, "%s", psr_reader_errmsg(*r));
		return -1;
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

int index_print(const char *dir, FILE *f)
{
	struct pathlist l = {0};
	char err[1024];

	if (compare_dir_files(dir, &l, err, sizeof err)) {
		fprintf(stderr, "psreport: --index: %s\n", err);
		compare_free_paths(&l);
		return -1;
	}
	fprintf(f, "%-24s %10s  %-16s %-19s %9s %8s  %s\n", "FILE", "SIZE",
		"HOST", "START", "DURATION", "SAMPLES", "PROCESSES");
	for (size_t i = 0; i < l.n; i++) {
		const char *name = l.v[i] + strlen(dir) + 1;
		const struct psr_header *h = NULL;
		struct psr_reader *r = NULL;
		struct psr_reader_stats st;
		struct summary s;
		if (summarise(l.v[i], &h, &r, &s, err, sizeof err)) {
			fprintf(f, "%-24s unreadable: %s\n", name, err);
		} else {
			psr_reader_stats(r, &st);
			line(f, name, h, &s, st.file_size);
		}
		release(&s);
		psr_reader_free(r);
	}
	if (!l.n)
		fprintf(f, "(no files in '%s')\n", dir);
	compare_free_paths(&l);
	return ferror(f) ? -1 : 0;
}
