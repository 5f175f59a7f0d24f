/* rsstop.c - the processes whose RSS varied most over a run (max - min):
 * on a host-wide recording, where memory went. A section of the text and
 * the --rss-top CSV. */
#include "writers.h"

#include "csvw.h"
#include "fmt.h"
#include "output.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

#define TOP RSS_TOP

struct ranked {
	const struct psr_proc_result *p;
	const struct psr_series_result *rss;
};

static int by_variation(const void *a, const void *b)
{
	const struct psr_series_result *x = ((const struct ranked *)a)->rss;
	const struct psr_series_result *y = ((const struct ranked *)b)->rss;
	double dx = x->max - x->min, dy = y->max - y->min;

	return (dx < dy) - (dx > dy);
}

/* Up to TOP processes of r by RSS variation, into out; their count. */
static size_t rank(const struct psr_run_result *r, struct ranked *out);

size_t rss_top_rank(const struct psr_run_result *r,
		    const struct psr_proc_result **out)
{
	struct ranked top[TOP];
	size_t n = rank(r, top);

	for (size_t i = 0; i < n; i++)
		out[i] = top[i].p;
	return n;
}

static size_t rank(const struct psr_run_result *r, struct ranked *out)
{
	int rss = psr_series_find("rss_bytes");
	struct ranked *all = calloc(r->nprocs ? r->nprocs : 1, sizeof *all);
	size_t n = 0;

	if (!all || rss < 0) {
		free(all);
		return 0;
	}
	for (size_t i = 0; i < r->nprocs; i++) {
		const struct psr_series_result *s =
			psr_result_series(&r->procs[i], (unsigned)rss);
		if (s && s->n && s->max > s->min) /* 0 B: no answer */
			all[n++] = (struct ranked){&r->procs[i], s};
	}
	qsort(all, n, sizeof *all, by_variation);
	if (n > TOP)
		n = TOP;
	memcpy(out, all, n * sizeof *out);
	free(all);
	return n;
}

/* Whether psrec recorded the whole host (-a, --all). */
static bool host_wide(const struct psr_header *h)
{
	for (size_t at = 0; at < h->command_line_len;) {
		const char *arg = h->command_line + at;
		size_t len = strnlen(arg, h->command_line_len - at);
		if ((len == 2 && !memcmp(arg, "-a", 2)) ||
		    (len == 5 && !memcmp(arg, "--all", 5)))
			return true;
		at += len + 1;
	}
	return false;
}

bool rss_top_wanted(const struct psr_run_result *r)
{
	return r->nprocs > TOP || (r->nprocs > 1 && host_wide(&r->header));
}

void rss_top_text(const struct psr_run_result *r, FILE *f)
{
	struct ranked top[TOP];
	size_t n = rank(r, top);
	char v[32], lo[32], hi[32], a[32], z[32];

	if (!n)
		return;
	fprintf(f, "\nprocesses whose RSS varied most (max - min):\n");
	fprintf(f, "%-8s %-20s %10s %10s %10s %10s %10s\n", "PID", "NAME",
		"VARIATION", "MIN", "MAX", "FIRST", "LAST");
	for (size_t i = 0; i < n; i++) {
		const struct psr_series_result *s = top[i].rss;
		fmt_bytes(v, sizeof v, s->max - s->min);
		fmt_bytes(lo, sizeof lo, s->min);
		fmt_bytes(hi, sizeof hi, s->max);
		fmt_bytes(a, sizeof a, s->first);
		fmt_bytes(z, sizeof z, s->last);
		char name[260];
		utf8_clean(name, sizeof name, top[i].p->comm);
		fprintf(f, "%-8u ", top[i].p->pid);
		fmt_column(f, name, 20);
		fprintf(f, " %10s %10s %10s %10s %10s\n", v, lo, hi, a, z);
	}
}

int rss_top_write(const struct report_ctx *c, FILE *f)
{
	fputs("run,rank,pid,name,start_epoch,variation_bytes,min_bytes,"
	      "max_bytes,first_bytes,last_bytes\n", f);
	for (size_t r = 0; r < c->result->nruns; r++) {
		struct ranked top[TOP];
		size_t n = rank(&c->result->runs[r], top);
		for (size_t i = 0; i < n; i++) {
			const struct psr_series_result *s = top[i].rss;
			fprintf(f, "%zu,%zu,%u", r + 1, i + 1, top[i].p->pid);
			csvw_text_cell(f, top[i].p->comm);
			fprintf(f, ",%.2f,%.0f,%.0f,%.0f,%.0f,%.0f\n",
				top[i].p->start_epoch, s->max - s->min, s->min,
				s->max, s->first, s->last);
		}
	}
	return ferror(f) ? -1 : 0;
}

OUTPUT_WRITER(write_rss_top, rss_top_write)

const struct output output_rss_top = {
	.option = "rss-top",
	.arg = "<file>",
	.help = "CSV: the 10 processes whose RSS varied most per run",
	.modes = MODE_REPORT,
	.flags = OUTPUT_FILE,
	.needs = NEEDS_RESULT,
	.result = write_rss_top,
};
