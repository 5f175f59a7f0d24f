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
	char names[128];     /* distinct process names, comma-separated */
	size_t nnames, more;
	bool damaged;
};

static void add_name(struct summary *s, const char *comm)
{
	size_t len = strlen(s->names);
	const char *p = s->names;

	/* already listed? */
	while (*p) {
		size_t n = strcspn(p, ",");
		if (n == strlen(comm) && strncmp(p, comm, n) == 0)
			return;
		p += n + (p[n] == ',');
	}
	if (s->nnames >= 3 || len + strlen(comm) + 2 > sizeof s->names) {
		s->more++;
		return;
	}
	snprintf(s->names + len, sizeof s->names - len, "%s%s",
		 len ? "," : "", comm);
	s->nnames++;
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
			add_name(s, rec.u.process->comm);
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
	fprintf(f, "%-24s %10s  %-16.16s %-19s %9s %8llu  %s", name, sz,
		h->hostname, start, dur, (unsigned long long)s->samples,
		s->names[0] ? s->names : "-");
	if (s->more)
		fprintf(f, ",+%zu", s->more);
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
		psr_reader_free(r);
	}
	if (!l.n)
		fprintf(f, "(no files in '%s')\n", dir);
	compare_free_paths(&l);
	return ferror(f) ? -1 : 0;
}
