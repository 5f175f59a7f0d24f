/* psrtop - the processes of psrec logs that used the most CPU, through
 * the installed libpsr. An example of its API; build it out of the tree:
 *
 *   cc -o psrtop psrtop.c $(pkg-config --cflags --libs psr)
 *   ./psrtop [-n <count>] <log>...
 *
 * Per run, the processes by CPU seconds (most first): pid, name, CPU
 * seconds, mean and max CPU % of one CPU, max RSS in MiB. The figures are
 * psreport's (psreport --summary: total, mean and max of cpu_percent, max
 * of rss_bytes). Exit status: 0 ok, 1 a log cannot be read, 2 usage. */
#include <psr/flat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct top {
	const struct psr_proc_result *p;
	double cpu_s, cpu_mean, cpu_max, rss_max;
};

static int by_cpu(const void *a, const void *b)
{
	const struct top *x = a, *y = b;

	if (x->cpu_s != y->cpu_s)
		return x->cpu_s < y->cpu_s ? 1 : -1;
	return x->p->pid < y->p->pid ? -1 : x->p->pid > y->p->pid;
}

/* A process's figures, from the engine's result structs. Series a log
 * does not record are absent: psr_result_series() gives NULL. */
static struct top figures(const struct psr_proc_result *p, int cpu, int rss)
{
	const struct psr_series_result *c = psr_result_series(p, (unsigned)cpu);
	const struct psr_series_result *m = psr_result_series(p, (unsigned)rss);
	struct top t = {p, 0, 0, 0, 0};

	if (c && c->n) {
		t.cpu_s = c->total;
		t.cpu_mean = c->mean;
		t.cpu_max = c->max;
	}
	if (m && m->n)
		t.rss_max = m->max;
	return t;
}

static void print_run(const struct psr_run_result *r, size_t count)
{
	int cpu = psr_series_find("cpu_percent");
	int rss = psr_series_find("rss_bytes");
	struct top *t = calloc(r->nprocs ? r->nprocs : 1, sizeof *t);

	if (!t)
		return;
	for (size_t i = 0; i < r->nprocs; i++)
		t[i] = figures(&r->procs[i], cpu, rss);
	qsort(t, r->nprocs, sizeof *t, by_cpu);
	printf("run on %s, %llu samples:\n", r->header.hostname,
	       (unsigned long long)r->samples);
	printf("%8s %-16s %10s %8s %8s %10s\n", "PID", "NAME", "CPU_S",
	       "CPU_AVG%", "CPU_MAX%", "RSS_MAX_MB");
	for (size_t i = 0; i < r->nprocs && i < count; i++)
		printf("%8u %-16s %10.3f %8.3f %8.3f %10.3f\n", t[i].p->pid,
		       t[i].p->comm, t[i].cpu_s, t[i].cpu_mean, t[i].cpu_max,
		       t[i].rss_max / (1024.0 * 1024.0));
	free(t);
}

int main(int argc, char **argv)
{
	struct psr_flat *f;
	size_t count = 10;
	int a = 1, code = 0;

	if (argc > 2 && !strcmp(argv[1], "-n")) {
		count = strtoul(argv[2], NULL, 10);
		a = 3;
	}
	if (a >= argc) {
		fprintf(stderr, "usage: psrtop [-n <count>] <log>...\n");
		return 2;
	}
	if (psr_flat_new(&f)) {
		fprintf(stderr, "psrtop: out of memory\n");
		return 1;
	}
	/* only the statistics: no table of samples is kept */
	psr_flat_set(f, "samples", "0");
	for (; a < argc; a++)
		psr_flat_add(f, argv[a]);
	if (psr_flat_load(f) < 0) {
		fprintf(stderr, "psrtop: %s\n", psr_flat_errmsg(f));
		code = 1;
	}
	for (size_t i = 0; i < psr_flat_warnings(f); i++)
		fprintf(stderr, "psrtop: %s\n", psr_flat_warning(f, i));
	for (size_t i = 0; i < psr_flat_runs(f); i++)
		print_run(psr_flat_run(f, i), count);
	psr_flat_free(f);
	return code;
}
