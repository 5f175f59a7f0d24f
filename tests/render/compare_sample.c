/* compare_sample.c - the comparison's charts on hand-made results: a
 * baseline and a new run of two processes ("app" doubles its CPU and
 * grows faster, "db" is the same), drawn as SVGs, PNGs, a PDF page and
 * the --runs charts. check_compare.sh reads them back.
 * usage: compare_sample <dir> */
#include "compare_charts.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define NB 600

struct fake {
	struct psr_result r;
	struct psr_run_result run;
	struct psr_proc_result procs[2];
	struct psr_series_result series[2][2];
	double t[2][NB], w[2][NB], m[2][2][NB], lo[2][2][NB], hi[2][2][NB];
	struct psr_leak leak[2];
};

/* cpu: level +- a wave; rss: base + slope * t */
static void fake(struct fake *f, double t0, const double *cpu,
		 const double *slope)
{
	static const char *names[2] = {"app", "db"};
	static char cmd[2][16] = {"/bin/app\0-x", "/bin/db"};
	int idx[2] = {psr_series_find("cpu_percent"), psr_series_find("rss_bytes")};
	unsigned count;
	const struct psr_series_def *tab = psr_series_table(&count);

	memset(f, 0, sizeof *f);
	f->r.nruns = 1;
	f->r.runs = &f->run;
	f->run.nprocs = 2;
	f->run.procs = f->procs;
	static char *paths[2] = {"old.psr", "new.psr"};
	f->run.paths = &paths[t0 > 1.7e9];
	f->run.npaths = 1;
	snprintf(f->run.header.hostname, sizeof f->run.header.hostname,
		 "host-%s", t0 > 1.7e9 ? "new" : "old");
	f->run.start_epoch = t0;
	f->run.end_epoch = t0 + NB;
	for (int i = 0; i < 2; i++) {
		struct psr_proc_result *p = &f->procs[i];
		p->pid = (uint32_t)(t0 > 1.7e9 ? 2000 : 1000) + (uint32_t)i;
		p->comm = (char *)names[i];
		p->cmdline = cmd[i];
		p->cmdline_len = strlen(cmd[i]) + (i ? 1 : 4);
		p->first_epoch = t0;
		p->nseries = 2;
		p->series = f->series[i];
		p->nbuckets = NB;
		p->b_t = f->t[i];
		p->b_w = f->w[i];
		for (int k = 0; k < NB; k++) {
			f->t[i][k] = t0 + k;
			f->w[i][k] = 1;
		}
		for (int s = 0; s < 2; s++) {
			struct psr_series_result *r = &f->series[i][s];
			double sum = 0, mx = -INFINITY;
			r->series = (unsigned)idx[s];
			r->def = &tab[idx[s]];
			r->b_mean = f->m[i][s];
			r->b_min = f->lo[i][s];
			r->b_max = f->hi[i][s];
			r->n = NB;
			for (int k = 0; k < NB; k++) {
				double v = s ? 50e6 * (i + 1) + slope[i] * k
					     : cpu[i] + 5 * sin(k / 20.0);
				f->m[i][s][k] = v;
				f->lo[i][s][k] = v * 0.98;
				f->hi[i][s][k] = v * 1.02;
				sum += v;
				mx = fmax(mx, v);
			}
			if (s) { /* memory: the growth the slope gives */
				f->leak[i].growth_per_h = slope[i] * 3600;
				f->leak[i].verdict = slope[i] > 2000
					? PSR_VERDICT_LEAK : PSR_VERDICT_NONE;
				r->leak = &f->leak[i];
			}
			r->mean = sum / NB;
			r->p95 = r->max = mx;
		}
	}
}

int main(int argc, char **argv)
{
	static struct fake b, n;
	const double bc[2] = {20, 40}, nc[2] = {40, 40};
	const double bs[2] = {1000, 0}, ns[2] = {3000, 0};
	struct psr_compare_opts o;
	struct psr_compare *c;
	struct runs_table *rt = NULL;
	char err[512], path[4096];
	size_t nfiles, total = 0;
	int rc = 1;

	if (argc != 2)
		return 2;
	fake(&b, 1.6e9, bc, bs);
	fake(&n, 1.8e9, nc, ns);
	psr_compare_defaults(&o);
	if (psr_compare_new(&b.r, &n.r, &o, &c))
		return 1;
	struct chart_target tg = {.kind = CHART_SVG};
	snprintf(path, sizeof path, "%s/svg", argv[1]);
	mkdir(path, 0777);
	if (compare_charts(c, &tg, path, &nfiles, err, sizeof err))
		goto out;
	total += nfiles;
	tg.kind = CHART_PNG;
	snprintf(path, sizeof path, "%s/png", argv[1]);
	mkdir(path, 0777);
	if (compare_charts(c, &tg, path, &nfiles, err, sizeof err))
		goto out;
	total += nfiles;
	/* --runs: the two results' runs side by side */
	struct psr_run_result runs[2] = {b.run, n.run};
	struct psr_result both = {2, runs, PSR_VERDICT_NONE};
	tg.kind = CHART_SVG;
	snprintf(path, sizeof path, "%s/runs", argv[1]);
	mkdir(path, 0777);
	if (runs_table_new(&both, PSR_MATCH_NAME, &rt) ||
	    runs_charts(rt, &tg, path, &nfiles, err, sizeof err))
		goto out;
	total += nfiles;

	/* the PDFs through the visual options */
	struct compare_visual v = {.theme = THEME_DARK};
	snprintf(path, sizeof path, "%s/compare.pdf", argv[1]);
	v.pdf = path;
	if (compare_visual_write(c, &v, err, sizeof err))
		goto out;
	snprintf(path, sizeof path, "%s/runs.pdf", argv[1]);
	if (runs_visual_write(rt, &v, err, sizeof err))
		goto out;
	/* an existing file is refused, and kept */
	if (compare_visual_write(c, &v, err, sizeof err) != -EEXIST)
		goto out;
	rc = 0;
	fprintf(stderr, "%zu files\n", total);
out:
	if (rc)
		fprintf(stderr, "compare_sample: %s\n", err);
	runs_table_free(rt);
	psr_compare_free(c);
	chart_shutdown();
	return rc;
}
