/* test_compare.c - the comparison's tests on known arrays, and
 * psr_compare_new on hand-made results: matching, pooling, verdicts. */
#include <psr/compare.h>

#include "check.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void test_mann_whitney(void)
{
	double x[] = {1, 2, 3, 4, 5}, y[] = {6, 7, 8, 9, 10}, p;
	double u = psr_compare_mann_whitney(x, 5, y, 5, 1, &p);

	CHECK(u == 25, "U %g", u);
	/* z = (12.5 - 0.5) / sqrt(25 * 11 / 12) */
	CHECK(fabs(p - 0.01219) < 1e-4, "p %g", p);
	u = psr_compare_mann_whitney(y, 5, x, 5, 1, &p);
	CHECK(u == 0, "U %g", u);
	/* interleaved: no difference */
	double a[] = {1, 3, 5, 7}, b[] = {2, 4, 6, 8};
	u = psr_compare_mann_whitney(a, 4, b, 4, 1, &p);
	CHECK(u == 10 && p > 0.5, "U %g p %g", u, p);
	/* all ties: undefined */
	double c[] = {2, 2, 2};
	psr_compare_mann_whitney(c, 3, c, 3, 1, &p);
	CHECK(isnan(p), "p %g", p);
	psr_compare_mann_whitney(c, 0, c, 3, 1, &p);
	CHECK(isnan(p), "empty side p %g", p);
}

static void test_blocks(void)
{
	double v[400], out[400], len;
	size_t nb;

	/* alternating: negative autocorrelation, every bucket a block */
	for (int i = 0; i < 400; i++)
		v[i] = i % 2;
	nb = psr_compare_blocks(v, NULL, 400, out, &len);
	CHECK(nb == 400 && len == 1, "alternating: %zu blocks of %g", nb, len);
	/* a ramp: r near 1, capped at an eighth of the buckets */
	for (int i = 0; i < 400; i++)
		v[i] = i;
	nb = psr_compare_blocks(v, NULL, 400, out, &len);
	CHECK(nb == 8 && len == 50, "ramp: %zu blocks of %g", nb, len);
	CHECK(out[0] == 24.5 && out[7] == 374.5, "block means %g %g", out[0],
	      out[7]);
	/* AR(1) with r = 0.5: blocks of 3 */
	unsigned s = 1;
	double x = 0;
	for (int i = 0; i < 400; i++) {
		s = s * 1103515245u + 12345u;
		x = 0.5 * x + ((double)(s >> 16 & 0x7fff) / 32768 - 0.5);
		v[i] = x;
	}
	nb = psr_compare_blocks(v, NULL, 400, out, &len);
	CHECK(len >= 4 && len <= 16, "AR(1) 0.5: blocks of %g", len);
	/* NaNs are skipped; weights count */
	double w[4] = {1, 3, 1, 1}, y[4] = {0, NAN, 4, 8};
	nb = psr_compare_blocks(y, w, 4, out, &len);
	CHECK(nb == 3 && out[1] == 4, "NaN skipped: %zu, %g", nb, out[1]);
}

/* AR(1) noise: the autocorrelation of samples a second apart */
static unsigned long long rng = 88172645463325252ull;

static double gauss(void)
{
	double u[2];

	for (int i = 0; i < 2; i++) {
		rng ^= rng << 13;
		rng ^= rng >> 7;
		rng ^= rng << 17;
		u[i] = ((double)(rng >> 11) + 0.5) / 9007199254740992.0;
	}
	return sqrt(-2 * log(u[0])) * cos(2 * M_PI * u[1]);
}

static void ar1(double *x, size_t n, double r, double shift)
{
	double y = gauss() / sqrt(1 - r * r);

	for (size_t i = 0; i < n; i++) {
		y = r * y + gauss();
		x[i] = y + shift;
	}
}

/* Two series of the same AR(1) process (r = 0.9): the Welch test on
 * block means says "different" seldom (a test on raw samples says it most
 * of the time); a shift of two marginal standard deviations is found. */
static void test_calibration(void)
{
	static double a[1024], b[1024], ba[1024], bb[1024];
	const size_t sizes[2] = {60, 1024};

	for (int k = 0; k < 2; k++) {
		size_t n = sizes[k];
		int fp = 0, raw = 0, found = 0;
		for (int t = 0; t < 300; t++) {
			double la, lb, p;
			for (int shifted = 0; shifted < 2; shifted++) {
				ar1(a, n, 0.9, 0);
				ar1(b, n, 0.9, shifted ? 2 * 2.294 : 0);
				size_t na = psr_compare_blocks(a, NULL, n, ba, &la);
				size_t nb = psr_compare_blocks(b, NULL, n, bb, &lb);
				double rho = psr_compare_left_corr(ba, na, bb, nb);
				double half;
				double f = (1 + rho) / (1 - rho);
				psr_compare_welch(ba, na, f, bb, nb, f, &p, &half);

				if (shifted) {
					found += p < 0.05;
					continue;
				}
				fp += p < 0.05;
				psr_compare_mann_whitney(a, n, b, n, 1, &p);
				raw += p < 0.05;
			}
		}
		/* 60 buckets of r = 0.9 hold about three independent
		 * observations: some false positives remain (README) */
		CHECK(fp <= (n > 100 ? 30 : 45) && 4 * fp <= raw,
		      "n %zu: %d of 300 false positives (raw %d)", n, fp, raw);
		CHECK(raw >= 150, "n %zu: raw samples only %d of 300", n, raw);
		CHECK(found >= (n > 100 ? 270 : 120), "n %zu: found %d of 300",
		      n, found);
	}
}

/* A result with one run of procs named names[i], each with a CPU series
 * of constant level[i] plus a small alternating wiggle. */
struct fake {
	struct psr_result r;
	struct psr_run_result run;
	struct psr_proc_result procs[4];
	struct psr_series_result series[4];
	double t[4][64], w[4][64], m[4][64];
};

static void fake(struct fake *f, const char *const *names,
		 const double *level, size_t n)
{
	int cpu = psr_series_find("cpu_percent");
	unsigned count;
	const struct psr_series_def *tab = psr_series_table(&count);

	memset(f, 0, sizeof *f);
	f->r.nruns = 1;
	f->r.runs = &f->run;
	f->run.nprocs = n;
	f->run.procs = f->procs;
	for (size_t i = 0; i < n; i++) {
		struct psr_proc_result *p = &f->procs[i];
		struct psr_series_result *s = &f->series[i];
		p->pid = (uint32_t)(100 + i);
		p->comm = (char *)names[i];
		p->cmdline = (char *)names[i];
		p->cmdline_len = strlen(names[i]) + 1;
		p->nseries = 1;
		p->series = s;
		p->nbuckets = 64;
		p->b_t = f->t[i];
		p->b_w = f->w[i];
		s->series = (unsigned)cpu;
		s->def = &tab[cpu];
		s->b_mean = f->m[i];
		s->n = 64;
		for (int k = 0; k < 64; k++) {
			f->t[i][k] = 1e9 + k;
			f->w[i][k] = 1;
			f->m[i][k] = level[i] + (k % 2 ? 1 : -1);
		}
		s->mean = s->p95 = level[i];
		s->max = level[i] + 1;
		s->min = level[i] - 1;
	}
}

static const struct psr_compare_metric *cpu_of(const struct psr_compare *c,
					       const char *key)
{
	for (size_t i = 0; i < c->nprocs; i++)
		if (strcmp(c->procs[i].key, key) == 0)
			return &c->procs[i].metrics[0];
	return NULL;
}

static void test_compare(void)
{
	static struct fake b, n;
	const char *bn[] = {"app", "pool", "pool", "gone"};
	const char *nn[] = {"app", "pool", "new", "pool"};
	double bl[] = {30, 10, 12, 5}, nl[] = {60, 10.2, 1, 11};
	struct psr_compare_opts o;
	struct psr_compare *c;

	fake(&b, bn, bl, 4);
	fake(&n, nn, nl, 4);
	psr_compare_defaults(&o);
	CHECK(psr_compare_new(&b.r, &n.r, &o, &c) == 0, "compare");
	CHECK(c->nprocs == 2, "matched %zu", c->nprocs);
	CHECK(c->nunmatched == 2, "unmatched %zu", c->nunmatched);
	const struct psr_compare_metric *app = cpu_of(c, "app");
	CHECK(app && app->verdict == PSR_CMP_WORSE && app->rel == 1 &&
	      app->cliff_delta == 1 && app->p < 1e-6,
	      "app: %s rel %g", app ? psr_compare_verdict_name(app->verdict)
				    : "-", app ? app->rel : NAN);
	const struct psr_compare_metric *pool = cpu_of(c, "pool");
	/* pooled: (10 + 12) / 2 against (10.2 + 11) / 2 */
	CHECK(pool && fabs(pool->base.mean - 11) < 1e-9 &&
	      fabs(pool->cur.mean - 10.6) < 1e-9 && pool->base.max == 13,
	      "pool means %g %g", pool ? pool->base.mean : NAN,
	      pool ? pool->cur.mean : NAN);
	CHECK(pool && pool->verdict == PSR_CMP_SAME, "pool: within 5%%");
	CHECK(c->worse == 1 && c->better == 0, "worse %zu better %zu",
	      c->worse, c->better);
	psr_compare_free(c);

	/* against itself: no difference */
	CHECK(psr_compare_new(&b.r, &b.r, &o, &c) == 0, "self");
	for (size_t i = 0; i < c->nprocs; i++) {
		const struct psr_compare_metric *m = &c->procs[i].metrics[0];
		CHECK(m->diff == 0 && m->rel == 0 && m->verdict == PSR_CMP_SAME &&
		      m->cliff_delta == 0, "self %s", c->procs[i].key);
	}
	psr_compare_free(c);
	psr_compare_free(NULL);
}

static void test_keys(void)
{
	struct psr_proc_result p = {0};
	char cmd[] = "/usr/bin/app\0--flag\0x\0";
	char *k;

	p.comm = (char *)"app";
	p.cmdline = cmd;
	p.cmdline_len = sizeof cmd - 1;
	k = psr_compare_key(&p, PSR_MATCH_CMD);
	CHECK(k && !strcmp(k, "/usr/bin/app --flag x"), "cmd '%s'", k);
	free(k);
	k = psr_compare_key(&p, PSR_MATCH_EXE);
	CHECK(k && !strcmp(k, "/usr/bin/app"), "exe '%s'", k);
	free(k);
	k = psr_compare_key(&p, PSR_MATCH_NAME);
	CHECK(k && !strcmp(k, "app"), "name '%s'", k);
	free(k);
	p.cmdline_len = 0;
	k = psr_compare_key(&p, PSR_MATCH_CMD);
	CHECK(k && !strcmp(k, "[app]"), "kernel thread '%s'", k);
	free(k);
}

int main(void)
{
	test_mann_whitney();
	test_blocks();
	test_calibration();
	test_compare();
	test_keys();
	return check_result();
}
