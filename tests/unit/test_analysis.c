/* test_analysis.c - the statistics with known answers: exact slopes,
 * Mann-Kendall against the normal table, hand-computed quantiles,
 * correlations, leak verdicts on shapes whose answer is known, the
 * quantile sketch's error bound, histograms, densities, peaks, times. */
#include "check.h"

#include <psr/analysis.h>

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static bool near(double a, double b, double tol)
{
	return fabs(a - b) <= tol;
}

static void test_least_squares(void)
{
	struct psr_tpoint p[10];
	struct psr_fit f;

	for (int i = 0; i < 10; i++)
		p[i] = (struct psr_tpoint){i, 3 + 2.5 * i, 1};
	psr_trend_least_squares(p, 10, &f);
	CHECK(f.ok && f.slope == 2.5 && near(f.intercept, 3, 1e-12) &&
	      near(f.r2, 1, 1e-12), "slope %g intercept %g r2 %g", f.slope,
	      f.intercept, f.r2);
	for (int i = 0; i < 10; i++)
		p[i].x = 7;
	psr_trend_least_squares(p, 10, &f);
	CHECK(f.slope == 0 && isnan(f.r2), "flat: slope %g r2 %g", f.slope,
	      f.r2);
}

static void test_theil_sen(void)
{
	struct psr_tpoint p[21];

	for (int i = 0; i < 21; i++)
		p[i] = (struct psr_tpoint){i, 10 + 4.0 * i, 1};
	CHECK(psr_trend_theil_sen(p, 21) == 4.0, "linear");
	p[5].x = 1e6; /* two spikes move least squares, not the median */
	p[15].x = -1e6;
	CHECK(psr_trend_theil_sen(p, 21) == 4.0, "with spikes: %g",
	      psr_trend_theil_sen(p, 21));
	CHECK(isnan(psr_trend_theil_sen(p, 1)), "one point");
}

static void test_mann_kendall(void)
{
	struct psr_tpoint p[10];
	struct psr_mk mk;

	/* 1..10: S = 45, Var(S) = 10*9*25/18 = 125, Z = 44/sqrt(125) =
	 * 3.9355, two-sided p from the normal table 8.303e-05 */
	for (int i = 0; i < 10; i++)
		p[i] = (struct psr_tpoint){i, i + 1, 1};
	psr_trend_mann_kendall(p, 10, NAN, &mk);
	CHECK(mk.s == 45 && mk.var == 125 && near(mk.z, 3.93548, 1e-5) &&
	      near(mk.p, 8.30307e-05, 1e-9), "S %g var %g z %g p %g", mk.s,
	      mk.var, mk.z, mk.p);
	/* ties: 1 2 2 3 5 4 6 6: S = 24, Var = (8*7*21 - 2*(2*1*9))/18 =
	 * 63.333, Z = 23/sqrt(63.333) = 2.8901, p = 0.003851 */
	static const double x[] = {1, 2, 2, 3, 5, 4, 6, 6};
	for (int i = 0; i < 8; i++)
		p[i] = (struct psr_tpoint){i, x[i], 1};
	psr_trend_mann_kendall(p, 8, NAN, &mk);
	CHECK(mk.s == 24 && near(mk.var, 63.3333333, 1e-6) &&
	      near(mk.z, 2.890092, 1e-6) && near(mk.p, 0.0038513, 1e-7),
	      "ties: S %g var %g z %g p %g", mk.s, mk.var, mk.z, mk.p);
}

static void quantiles_of(const double *v, const double *w, size_t n,
			 const double *p, size_t np, double *out)
{
	struct psr_stats s;

	psr_stats_init(&s);
	for (size_t i = 0; i < n; i++)
		psr_stats_add(&s, v[i], w ? w[i] : 1, 1);
	psr_stats_quantiles(&s, p, np, out);
	psr_stats_release(&s);
}

static void test_quantiles(void)
{
	static const double p[] = {0, 0.05, 0.5, 0.95, 0.99, 1};
	double q[6];

	/* 4 3 1 2 (order does not matter): the median of 1..4 is 2.5; p5
	 * is 1 (0.05*4 = 0.2 falls in the first); p99 is 4 */
	quantiles_of((double[]){4, 3, 1, 2}, NULL, 4, p, 6, q);
	CHECK(q[0] == 1 && q[1] == 1 && q[2] == 2.5 && q[3] == 4 &&
	      q[4] == 4 && q[5] == 4, "1..4: %g %g %g %g %g %g", q[0], q[1],
	      q[2], q[3], q[4], q[5]);
	/* 1..20: 0.05*20 = 1 and 0.95*20 = 19 land on boundaries */
	double v[20];
	for (int i = 0; i < 20; i++)
		v[i] = 20 - i;
	quantiles_of(v, NULL, 20, p, 6, q);
	CHECK(q[1] == 1.5 && q[2] == 10.5 && q[3] == 19.5 && q[4] == 20,
	      "1..20: p5 %g p50 %g p95 %g p99 %g", q[1], q[2], q[3], q[4]);
	/* time-weighted: 1 held 3 s, 2 held 1 s; the median is 1, p75 sits
	 * on the boundary at 3 s of 4: (1+2)/2 */
	double pw[] = {0.5, 0.75};
	quantiles_of((double[]){1, 2}, (double[]){3, 1}, 2, pw, 2, q);
	CHECK(q[0] == 1 && q[1] == 1.5, "weighted: p50 %g p75 %g", q[0],
	      q[1]);
}

static void test_moments_and_sketch(void)
{
	struct psr_stats s;
	double p[] = {0.5, 0.95}, q[2];
	const int n = 100000;

	psr_stats_init(&s);
	for (int i = 1; i <= n; i++) /* 1..100000: past the exact store */
		psr_stats_add(&s, i, 1, 1);
	CHECK(s.sk != NULL, "the sketch took over");
	CHECK(near(psr_stats_mean(&s), 50000.5, 1e-6), "mean %g",
	      psr_stats_mean(&s));
	CHECK(near(psr_stats_stddev(&s), sqrt((1e10 - 1) / 12), 1e-3),
	      "stddev %g", psr_stats_stddev(&s));
	CHECK(s.min == 1 && s.max == n && s.n == (uint64_t)n, "min max n");
	psr_stats_quantiles(&s, p, 2, q);
	CHECK(fabs(q[0] / 50000.5 - 1) < 0.004 && fabs(q[1] / 95000.5 - 1) <
	      0.004, "sketch within 0.4%%: p50 %g p95 %g", q[0], q[1]);
	psr_stats_release(&s);
	/* a constant that fills one bucket is exact, not a bucket edge */
	psr_stats_init(&s);
	for (int i = 0; i < 2000; i++)
		psr_stats_add(&s, i % 2 ? 1000 : 2000 + i, 1, 1);
	double med;
	psr_stats_quantiles(&s, (double[]){0.25}, 1, &med);
	CHECK(med == 1000, "exact value through the sketch: %g", med);
	psr_stats_release(&s);
}

static int by_value(const void *a, const void *b)
{
	double x = ((const struct psr_point *)a)->v;
	double y = ((const struct psr_point *)b)->v;

	return (x > y) - (x < y);
}

static void qsort_points(struct psr_point *p, size_t n)
{
	qsort(p, n, sizeof *p, by_value);
}

/* The sketch's quantile against the exact one (type 2 on every point):
 * within 0.4%, which is half a bucket (1/256 of the value). */
static bool sketch_within(const double *v, const double *w, size_t n,
			  const char *what)
{
	static const double p[] = {0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99};
	struct psr_point *pts = malloc(n * sizeof *pts);
	double got[7], want[7];
	struct psr_stats s;
	bool ok = true;

	psr_stats_init(&s);
	for (size_t i = 0; i < n; i++) {
		psr_stats_add(&s, v[i], w[i], 1);
		pts[i] = (struct psr_point){v[i], w[i], 1};
	}
	CHECK(s.sk != NULL, "%s: the sketch took over", what);
	psr_stats_quantiles(&s, p, 7, got);
	qsort_points(pts, n);
	psr_points_quantiles(pts, n, p, 7, want);
	for (int i = 0; i < 7; i++)
		if (!(fabs(got[i] - want[i]) <= fabs(want[i]) * 0.004)) {
			ok = false;
			fprintf(stderr, "%s: p%g %.17g, exact %.17g\n", what,
				p[i] * 100, got[i], want[i]);
		}
	psr_stats_release(&s);
	free(pts);
	return ok;
}

static void test_sketch_bound(void)
{
	enum { N = 20000 };
	double *v = malloc(N * sizeof *v), *w = malloc(N * sizeof *w);
	uint64_t x = 88172645463325252ull;

	/* wide, skewed, weighted: CPU-like, byte rates over 2^31, signed */
	for (int shape = 0; shape < 3; shape++) {
		for (int i = 0; i < N; i++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			double u = (double)(x >> 11) / 9007199254740992.0;
			v[i] = shape == 0 ? floor(u * 200) / 2
			     : shape == 1 ? exp(u * 22)
					  : (u - 0.3) * 1e6;
			w[i] = 0.5 + (double)(x % 100) / 50;
		}
		CHECK(sketch_within(v, w, N, "random"), "shape %d", shape);
	}
	/* the worst case for a bucket that reports the mean of its values
	 * (as the sketch once did): the quantile is the bucket's low edge,
	 * most of its weight at the top; 1024 and 1031.9 share a bucket of
	 * width 8, p1 and p5 are 1024, the bucket's mean 0.7% above it, its
	 * midpoint 0.39% */
	for (int i = 0; i < N; i++) {
		v[i] = i % 2 ? 1031.9 : 1024;
		w[i] = i % 2 ? 9 : 1;
	}
	CHECK(sketch_within(v, w, N, "bucket edge"), "bucket edge");
	free(v);
	free(w);
}

static void test_correlation(void)
{
	double x[50], y[50], c[50];

	for (int i = 0; i < 50; i++) {
		x[i] = i * 0.37 + (i % 7);
		y[i] = 2 * x[i] + 1;
		c[i] = 5;
	}
	CHECK(near(psr_dist_pearson(x, y, 50), 1, 1e-12), "pearson");
	CHECK(near(psr_dist_spearman(x, y, 50), 1, 1e-12), "spearman");
	for (int i = 0; i < 50; i++)
		y[i] = -x[i] * x[i] * x[i];
	CHECK(near(psr_dist_spearman(x, y, 50), -1, 1e-12),
	      "spearman of a monotone map");
	CHECK(isnan(psr_dist_pearson(x, c, 50)) &&
	      isnan(psr_dist_spearman(c, x, 50)),
	      "a constant series has no correlation");
}

/* Verdict for x[i] sampled every second. */
static struct psr_leak verdict(const double *x, size_t n)
{
	struct psr_tpoint *p = malloc(n * sizeof *p);
	struct psr_stats s;
	struct psr_leak_opts o;
	struct psr_leak l;
	double q[3];
	bool dec = false;
	size_t hold = 1, longest = 1;

	psr_stats_init(&s);
	for (size_t i = 0; i < n; i++) {
		p[i] = (struct psr_tpoint){(double)i, x[i], 1};
		psr_stats_add(&s, x[i], 1, 1);
		if (i && x[i] < x[i - 1])
			dec = true;
		hold = i && x[i] == x[i - 1] ? hold + 1 : 1;
		if (hold > longest)
			longest = hold;
	}
	psr_stats_quantiles(&s, (double[]){0.05, 0.5, 0.95}, 3, q);
	struct psr_leak_samples smp = {n, dec, longest, q[1], q[2] - q[0], 0};
	psr_trend_leak_defaults(&o);
	psr_trend_leak(p, n, &smp, &o, &l);
	psr_stats_release(&s);
	free(p);
	return l;
}

#define MIB 1048576.0

static void test_leak_verdicts(void)
{
	static double x[2000];
	struct psr_leak l;

	/* 1 MiB a second on 100 MiB for 10 minutes: a leak; its growth over
	 * the run is said, per hour is not (10 minutes is not an hour) */
	for (int i = 0; i < 600; i++)
		x[i] = 100 * MIB + i * MIB;
	l = verdict(x, 600);
	CHECK(l.verdict == PSR_VERDICT_LEAK && l.gate == PSR_GATE_PASSED &&
	      near(l.ts_slope, MIB, 1e-6) && isnan(l.growth_per_h) &&
	      fabs(l.grown / MIB - 540) < 2 && near(l.seconds, 599, 1e-9) &&
	      l.rules == (PSR_RULE_TREND | PSR_RULE_SECOND_HALF |
			  PSR_RULE_MONOTONIC),
	      "linear: %s, grew %g MiB, %g/h, rules %u",
	      psr_verdict_name(l.verdict), l.grown / MIB, l.growth_per_h,
	      l.rules);
	/* the same for half an hour: now per hour too, 3600 MiB */
	for (int i = 0; i < 2000; i++)
		x[i] = 100 * MIB + i * MIB;
	l = verdict(x, 2000);
	CHECK(l.verdict == PSR_VERDICT_LEAK &&
	      near(l.growth_per_h, 3600 * MIB, 1),
	      "linear, 2000 s: %g/h", l.growth_per_h);
	/* a GC sawtooth: 20 s ramps of 100 MiB, back to the floor */
	for (int i = 0; i < 600; i++)
		x[i] = 200 * MIB + (i % 20) * 5 * MIB;
	l = verdict(x, 600);
	CHECK(l.verdict == PSR_VERDICT_NONE, "sawtooth: %s (gate %s, p %g)",
	      psr_verdict_name(l.verdict), psr_leak_gate_name(l.gate), l.mk.p);
	/* the same sawtooth over a leak that outgrows it */
	for (int i = 0; i < 600; i++)
		x[i] += i * 0.5 * MIB;
	l = verdict(x, 600);
	CHECK(l.verdict == PSR_VERDICT_LEAK &&
	      fabs(l.ts_slope / (0.5 * MIB) - 1) < 0.05,
	      "sawtooth over a leak: %s (gate %s), %g MiB/s",
	      psr_verdict_name(l.verdict), psr_leak_gate_name(l.gate),
	      l.ts_slope / MIB);
	/* a step (a cache filled at start-up) then flat */
	for (int i = 0; i < 600; i++)
		x[i] = (i < 60 ? 100.0 : 150.0) * MIB;
	l = verdict(x, 600);
	CHECK(!(l.rules & PSR_RULE_TREND) && l.verdict == PSR_VERDICT_NONE,
	      "step then flat: %s, rules %u", psr_verdict_name(l.verdict),
	      l.rules);
	/* a step in the middle: grew 50 MiB, but not to the end */
	for (int i = 0; i < 600; i++)
		x[i] = (i < 300 ? 100.0 : 150.0) * MIB + (i % 7) * 4096;
	l = verdict(x, 600);
	CHECK(l.verdict == PSR_VERDICT_NONE && l.gate == PSR_GATE_STOPPED &&
	      near(l.grown, 50 * MIB, 0.1 * MIB),
	      "step in the middle: %s (gate %s), grew %g MiB",
	      psr_verdict_name(l.verdict), psr_leak_gate_name(l.gate),
	      l.grown / MIB);
	/* a warm-up that ends in a plateau (buffers filling, then full):
	 * 248 MiB to 279 MiB over the first 40 s of 3 minutes */
	for (int i = 0; i < 180; i++)
		x[i] = (248 + 31 * (1 - exp(-i / 12.0))) * MIB +
		       ((i * 7919) % 5) * 65536;
	l = verdict(x, 180);
	CHECK(l.verdict == PSR_VERDICT_NONE && l.gate != PSR_GATE_PASSED &&
	      l.grown > 10 * MIB, "warm-up then plateau: %s (gate %s)",
	      psr_verdict_name(l.verdict), psr_leak_gate_name(l.gate));
	/* a cache that fills linearly for 2 of 3 minutes, then is full */
	for (int i = 0; i < 180; i++)
		x[i] = (20 + (i < 120 ? i : 120) * 0.25) * MIB;
	l = verdict(x, 180);
	CHECK(l.verdict == PSR_VERDICT_NONE && l.gate == PSR_GATE_STOPPED,
	      "a cache that filled: %s (gate %s)",
	      psr_verdict_name(l.verdict), psr_leak_gate_name(l.gate));
	/* steady with noise */
	for (int i = 0; i < 600; i++)
		x[i] = 100 * MIB + ((i * 7919) % 13) * 4096;
	l = verdict(x, 600);
	CHECK(l.verdict == PSR_VERDICT_NONE, "noise: %s",
	      psr_verdict_name(l.verdict));
	/* ninja: 4.22 to 4.28 MiB over 13 s at 0.2 s, steadily */
	for (int i = 0; i < 600; i++)
		x[i] = 4.22 * MIB + i * 0.0001 * MIB;
	l = verdict(x, 600);
	CHECK(l.verdict == PSR_VERDICT_NONE && l.gate == PSR_GATE_SMALL &&
	      l.rules & PSR_RULE_TREND,
	      "60 KiB over 10 minutes: %s (gate %s)",
	      psr_verdict_name(l.verdict), psr_leak_gate_name(l.gate));
	/* a steep climb for 30 s: too short to call */
	for (int i = 0; i < 30; i++)
		x[i] = 10 * MIB + i * MIB;
	l = verdict(x, 30);
	CHECK(l.verdict == PSR_VERDICT_NONE && l.gate == PSR_GATE_SHORT &&
	      isnan(l.growth_per_h) && near(l.grown, 27 * MIB, 1),
	      "30 s: %s (gate %s)", psr_verdict_name(l.verdict),
	      psr_leak_gate_name(l.gate));
	/* too few samples for any verdict */
	l = verdict((double[]){1, 2, 3, 4, 5}, 5);
	CHECK(l.verdict == PSR_VERDICT_NONE && !l.rules &&
	      l.gate == PSR_GATE_SHORT, "five samples");
}

static void test_histogram_kde(void)
{
	struct psr_stats s;
	struct psr_point *pts;
	struct psr_hist h;
	struct psr_kde k;
	double q[2], total = 0, area = 0;

	psr_stats_init(&s);
	for (int i = 0; i < 1000; i++) /* a triangle-ish distribution */
		psr_stats_add(&s, (i % 37) + (i % 23), 1, 1);
	long n = psr_stats_points(&s, &pts);
	psr_stats_quantiles(&s, (double[]){0.25, 0.75}, 2, q);
	psr_dist_histogram(pts, (size_t)n, q[1] - q[0], &h);
	for (size_t i = 0; i < h.nbins; i++)
		total += h.samples[i];
	/* Freedman-Diaconis: width 2 IQR / 1000^(1/3) */
	CHECK(total == 1000 && h.nbins > 1 &&
	      near(h.width, (s.max - s.min) / (double)h.nbins, 1e-9) &&
	      h.nbins == (size_t)ceil((s.max - s.min) /
				      (2 * (q[1] - q[0]) / 10)),
	      "histogram: %zu bins, %g samples", h.nbins, total);
	psr_dist_kde(pts, (size_t)n, psr_stats_stddev(&s), q[1] - q[0], &k);
	for (size_t i = 1; i < k.npoints; i++)
		area += (k.x[i] - k.x[i - 1]) *
			(k.density[i] + k.density[i - 1]) / 2;
	CHECK(k.npoints == PSR_DIST_KDE_POINTS && near(area, 1, 0.02) &&
	      k.bandwidth > 0, "kde integrates to %g", area);
	psr_dist_hist_release(&h);
	psr_dist_kde_release(&k);
	free(pts);
	psr_stats_release(&s);
	/* a constant has one bin and no density */
	psr_stats_init(&s);
	psr_stats_add(&s, 5, 10, 10);
	n = psr_stats_points(&s, &pts);
	psr_dist_histogram(pts, (size_t)n, 0, &h);
	psr_dist_kde(pts, (size_t)n, 0, 0, &k);
	CHECK(h.nbins == 1 && h.samples[0] == 10 && k.npoints == 0,
	      "constant: %zu bins", h.nbins);
	psr_dist_hist_release(&h);
	free(pts);
	psr_stats_release(&s);
}

static void test_peaks(void)
{
	/* a plateau of three 9s (one peak, at its middle; prominence over
	 * the higher of the lowest points each side: 9 - 1), a 7 (7 - 2)
	 * and a 5 between them (5 - 3) */
	double x[] = {1, 9, 9, 9, 2, 5, 3, 7, 0};
	double t[9];
	struct psr_peak p[4];

	for (int i = 0; i < 9; i++)
		t[i] = 100 + i;
	size_t n = psr_dist_peaks(t, x, 9, 4, p);
	CHECK(n == 3 && p[0].value == 9 && p[0].t == 102 &&
	      p[0].prominence == 8 && p[1].value == 7 &&
	      p[1].prominence == 5 && p[2].value == 5 && p[2].prominence == 2,
	      "peaks: %zu; %g@%g (%g), %g (%g), %g (%g)", n, p[0].value,
	      p[0].t, p[0].prominence, p[1].value, p[1].prominence,
	      p[2].value, p[2].prominence);
	CHECK(psr_dist_peaks(t, x, 9, 1, p) == 1 && p[0].value == 9,
	      "the most prominent first");
}

static void test_times(void)
{
	struct psr_time_spec t;

	CHECK(!psr_time_parse("+15m", &t) && t.kind == PSR_TIME_OFFSET &&
	      t.s == 900, "+15m");
	CHECK(!psr_time_parse("+90", &t) && t.s == 90, "+90");
	CHECK(!psr_time_parse("1795514400.5", &t) && t.kind == PSR_TIME_EPOCH &&
	      t.s == 1795514400.5, "epoch");
	CHECK(!psr_time_parse("2026-11-24T10:00:00Z", &t) &&
	      t.s == 1795514400, "ISO UTC: %f", t.s);
	CHECK(!psr_time_parse("2026-11-24T11:30:00+01:30", &t) &&
	      t.s == 1795514400, "ISO with zone: %f", t.s);
	CHECK(psr_time_parse("yesterday", &t) == -EINVAL &&
	      psr_time_parse("+5x", &t) == -EINVAL &&
	      psr_time_parse("2026-13-01T00:00", &t) == -EINVAL &&
	      psr_time_parse("-5", &t) == -EINVAL, "bad times refused");
}

int main(void)
{
	test_least_squares();
	test_theil_sen();
	test_mann_kendall();
	test_quantiles();
	test_moments_and_sketch();
	test_sketch_bound();
	test_correlation();
	test_leak_verdicts();
	test_histogram_kde();
	test_peaks();
	test_times();
	return check_result();
}
