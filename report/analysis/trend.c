/* trend.c - least squares, Theil-Sen, Mann-Kendall, leak verdicts. */
#include <psr/trend.h>

#include <psr/dist.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void psr_trend_least_squares(const struct psr_tpoint *pts, size_t n,
			     struct psr_fit *f)
{
	double sw = 0, st = 0, sx = 0, stt = 0, stx = 0, sxx = 0;
	double mt, mx;

	memset(f, 0, sizeof *f);
	f->n = n;
	f->r2 = NAN;
	for (size_t i = 0; i < n; i++) {
		sw += pts[i].w;
		st += pts[i].w * pts[i].t;
		sx += pts[i].w * pts[i].x;
	}
	if (!(sw > 0))
		return;
	mt = st / sw;
	mx = sx / sw;
	/* values that do not vary have slope 0 exactly, not rounding noise */
	bool flat = true;
	for (size_t i = 1; i < n && flat; i++)
		flat = pts[i].x == pts[0].x;
	if (flat)
		mx = pts[0].x;
	/* centred sums: no cancellation with epoch-sized times */
	for (size_t i = 0; i < n; i++) {
		double dt = pts[i].t - mt, dx = pts[i].x - mx;
		stt += pts[i].w * dt * dt;
		stx += pts[i].w * dt * dx;
		sxx += pts[i].w * dx * dx;
	}
	if (!(stt > 0))
		return;
	f->ok = true;
	f->slope = stx / stt;
	f->intercept = mx - f->slope * mt;
	if (sxx > 0)
		f->r2 = stx * stx / (stt * sxx);
}

static void swap_d(double *a, double *b)
{
	double t = *a;
	*a = *b;
	*b = t;
}

/* k-th smallest of a[0..n) (quickselect, reorders a). */
static double select_kth(double *a, size_t n, size_t k)
{
	size_t lo = 0, hi = n - 1;

	while (lo < hi) {
		double pivot = a[lo + (hi - lo) / 2];
		size_t i = lo, j = hi;
		while (i <= j) {
			while (a[i] < pivot)
				i++;
			while (a[j] > pivot)
				j--;
			if (i <= j) {
				swap_d(&a[i], &a[j]);
				i++;
				if (j == 0)
					break;
				j--;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			return a[k];
	}
	return a[k];
}

static double median_of(double *a, size_t n)
{
	double hi = select_kth(a, n, n / 2);
	if (n % 2)
		return hi;
	/* the lower middle is the largest of the lower part */
	double lo = a[0];
	for (size_t i = 1; i < n / 2; i++)
		if (a[i] > lo)
			lo = a[i];
	return (lo + hi) / 2;
}

double psr_trend_theil_sen(const struct psr_tpoint *pts, size_t n)
{
	size_t m = 0;
	double *s, r;

	if (n < 2)
		return NAN;
	s = malloc(n * (n - 1) / 2 * sizeof *s);
	if (!s)
		return NAN;
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (pts[j].t != pts[i].t)
				s[m++] = (pts[j].x - pts[i].x) /
					 (pts[j].t - pts[i].t);
	r = m ? median_of(s, m) : NAN;
	free(s);
	return r;
}

static int sgn(double d)
{
	return (d > 0) - (d < 0);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Sum over tie groups of t(t-1)(2t+5). */
static double tie_term(const double *x, size_t n, double *scratch)
{
	double sum = 0;

	memcpy(scratch, x, n * sizeof *x);
	qsort(scratch, n, sizeof *scratch, cmp_double);
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && scratch[j] == scratch[i])
			j++;
		double t = (double)(j - i);
		sum += t * (t - 1) * (2 * t + 5);
		i = j;
	}
	return sum;
}

/* Hamed-Rao: 1 + 2/(n(n-1)(n-2)) * sum over significant lags of
 * (n-k)(n-k-1)(n-k-2) rho_k, on the ranks of the detrended series. */
static double hamed_rao(const struct psr_tpoint *pts, size_t n, double slope,
			double *a, double *r)
{
	double mean = 0, var = 0, sum = 0, bound, nn = (double)n;

	if (n < 3)
		return 1;
	for (size_t i = 0; i < n; i++)
		a[i] = pts[i].x - slope * pts[i].t;
	if (psr_dist_ranks(a, n, r))
		return 1;
	for (size_t i = 0; i < n; i++)
		mean += r[i];
	mean /= nn;
	for (size_t i = 0; i < n; i++)
		var += (r[i] - mean) * (r[i] - mean);
	if (!(var > 0))
		return 1; /* a perfect line: nothing left to correlate */
	bound = 1.96 / sqrt(nn);
	for (size_t k = 1; k < n - 2; k++) {
		double c = 0;
		for (size_t i = 0; i + k < n; i++)
			c += (r[i] - mean) * (r[i + k] - mean);
		double rho = c / var;
		if (fabs(rho) > bound) {
			double m = (double)(n - k);
			sum += m * (m - 1) * (m - 2) * rho;
		}
	}
	double f = 1 + 2 / (nn * (nn - 1) * (nn - 2)) * sum;
	return f > 1 ? f : 1; /* never claim more certainty than the plain test */
}

int psr_trend_mann_kendall(const struct psr_tpoint *pts, size_t n,
			   double slope_for_ac, struct psr_mk *mk)
{
	double s = 0, nn = (double)n, *a, *r;

	memset(mk, 0, sizeof *mk);
	mk->n = n;
	mk->ac = 1;
	mk->p = 1;
	if (n < 3)
		return 0;
	a = malloc(n * sizeof *a);
	r = malloc(n * sizeof *r);
	if (!a || !r) {
		free(a);
		free(r);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			s += sgn(pts[j].x - pts[i].x);
	for (size_t i = 0; i < n; i++)
		r[i] = pts[i].x;
	mk->s = s;
	mk->var = (nn * (nn - 1) * (2 * nn + 5) - tie_term(r, n, a)) / 18;
	if (isfinite(slope_for_ac))
		mk->ac = hamed_rao(pts, n, slope_for_ac, a, r);
	free(a);
	free(r);
	double var = mk->var * mk->ac;
	if (!(var > 0))
		return 0;
	mk->z = s > 0 ? (s - 1) / sqrt(var) : s < 0 ? (s + 1) / sqrt(var) : 0;
	mk->p = erfc(fabs(mk->z) / sqrt(2));
	return 0;
}

/* ---- leak verdicts ---- */

void psr_trend_leak_defaults(struct psr_leak_opts *o)
{
	o->p = 0.01;
	o->growth_pct = 1.0;
	o->possible_p = 0.05;
	o->min_samples = 10;
	o->min_seconds = 120;
	o->host_min_seconds = 600;
	o->min_growth = 4 * 1048576.0;
	o->min_growth_pct = 5;
}

/* Average consecutive groups so that at most max points remain. */
static size_t reduce(const struct psr_tpoint *in, size_t n, size_t max,
		     struct psr_tpoint *out)
{
	size_t groups = n < max ? n : max;

	for (size_t g = 0; g < groups; g++) {
		size_t a = g * n / groups, b = (g + 1) * n / groups;
		double w = 0, wt = 0, wx = 0;
		for (size_t i = a; i < b; i++) {
			double wi = in[i].w > 0 ? in[i].w : 1;
			w += wi;
			wt += wi * in[i].t;
			wx += wi * in[i].x;
		}
		out[g] = (struct psr_tpoint){wt / w, wx / w, w};
	}
	return groups;
}

static bool monotonic(const struct psr_leak_samples *s)
{
	return s->n >= 10 && !s->decreased &&
	       (double)s->longest_hold <= 0.66 * (double)s->n;
}

/* The first point at or after time t (p in time order). */
static size_t point_at(const struct psr_tpoint *p, size_t m, double t)
{
	size_t i = 0;

	while (i < m && p[i].t < t)
		i++;
	return i;
}

/* Median of the values of p[a..b) (NaN when empty). */
static double median_x(const struct psr_tpoint *p, size_t a, size_t b,
		       double *scratch)
{
	if (b <= a)
		return NAN;
	for (size_t i = a; i < b; i++)
		scratch[i - a] = p[i].x;
	return median_of(scratch, b - a);
}

/* The levels and slopes the gates judge, on the reduced points. */
static void shape(struct psr_leak *out, const struct psr_tpoint *p, size_t m,
		  double *scratch)
{
	size_t tenth = m / 10 ? m / 10 : 1, half, third, two_thirds;
	double t0 = m ? p[0].t : 0, t1 = m ? p[m - 1].t : 0;

	half = point_at(p, m, t0 + (t1 - t0) / 2);
	third = point_at(p, m, t0 + (t1 - t0) / 3);
	two_thirds = point_at(p, m, t0 + 2 * (t1 - t0) / 3);
	out->ts_slope = psr_trend_theil_sen(p, m);
	out->ts_slope_second = psr_trend_theil_sen(p + half, m - half);
	out->ts_slope_last = psr_trend_theil_sen(p + two_thirds,
						 m - two_thirds);
	out->start = median_x(p, 0, tenth < m ? tenth : m, scratch);
	out->end = median_x(p, m > tenth ? m - tenth : 0, m, scratch);
	out->grown = out->end - out->start;
	/* the middle and last thirds' levels, for "stopped" */
	out->mid_level = median_x(p, third, two_thirds, scratch);
	out->last_level = median_x(p, two_thirds, m, scratch);
}

/* The first gate that holds the series back (PSR_GATE_PASSED: none). */
static enum psr_leak_gate gate(const struct psr_leak *l,
			       const struct psr_leak_samples *smp,
			       const struct psr_leak_opts *o, double pct_h)
{
	if (smp->n < o->min_samples || l->points < 10 ||
	    !(l->seconds >= o->min_seconds))
		return PSR_GATE_SHORT;
	if (!(l->grown >= o->min_growth) ||
	    !(l->grown_pct >= o->min_growth_pct) || !(pct_h >= o->growth_pct))
		return PSR_GATE_SMALL;
	/* a sawtooth's ramps tilt the pairwise slopes upwards, but it ends
	 * where it started: the growth must outweigh the swing */
	if (!(l->ts_slope > 0) ||
	    !(l->ts_slope * l->seconds >= 0.5 * smp->spread))
		return PSR_GATE_SWINGS;
	/* a leak goes on: the last third still climbs at a good part of
	 * the run's pace and stands above the middle third */
	if (!(l->ts_slope_last >= 0.25 * l->ts_slope) ||
	    !(l->last_level > l->mid_level) || !(l->final >= l->start))
		return PSR_GATE_STOPPED;
	return PSR_GATE_PASSED;
}

/* A series that does not vary: flat, no verdict needed. */
static void flat(struct psr_leak *out, size_t n, double x)
{
	out->ts_slope = out->ts_slope_second = out->ts_slope_last = 0;
	out->growth_per_h = out->growth_pct_h = 0;
	out->start = out->end = out->mid_level = out->last_level = x;
	out->final = x;
	out->grown = out->grown_pct = 0;
	out->ls_second = out->ls;
	out->mk.n = out->points = n < PSR_TREND_POINTS ? n : PSR_TREND_POINTS;
	out->mk.ac = 1;
	out->mk.p = 1;
	out->gate = PSR_GATE_SMALL;
}

int psr_trend_leak(const struct psr_tpoint *pts, size_t n,
		   const struct psr_leak_samples *smp,
		   const struct psr_leak_opts *o, struct psr_leak *out)
{
	struct psr_tpoint *p;
	double *scratch;
	size_t m;
	int rc;

	memset(out, 0, sizeof *out);
	out->ts_slope = out->ts_slope_second = out->ts_slope_last = NAN;
	out->growth_per_h = out->growth_pct_h = NAN;
	out->start = out->end = out->grown = out->grown_pct = NAN;
	out->mid_level = out->last_level = out->final = NAN;
	out->seconds = smp->seconds > 0 ? smp->seconds
			: n > 1 ? pts[n - 1].t - pts[0].t : 0;
	psr_trend_least_squares(pts, n, &out->ls);
	if (n && !(out->ls.r2 >= 0)) { /* the values do not vary */
		flat(out, n, pts[0].x);
		if (out->seconds < PSR_LEAK_HOURLY_SECONDS)
			out->growth_per_h = out->growth_pct_h = NAN;
		/* the same first gate as a series that varies */
		if (smp->n < o->min_samples || out->points < 10 ||
		    !(out->seconds >= o->min_seconds))
			out->gate = PSR_GATE_SHORT;
		return 0;
	}
	p = malloc((n ? n : 1) * sizeof *p);
	scratch = malloc((n ? n : 1) * sizeof *scratch);
	if (!p || !scratch) {
		free(p);
		free(scratch);
		return -ENOMEM;
	}
	m = reduce(pts, n, PSR_TREND_POINTS, p);
	out->points = m;
	/* the second half by time, as the classic rule has it, on the
	 * un-reduced points for the least-squares line */
	size_t h2 = n ? point_at(pts, n, (pts[0].t + pts[n - 1].t) / 2) : 0;
	psr_trend_least_squares(pts + h2, n - h2, &out->ls_second);
	shape(out, p, m, scratch);
	out->final = n ? pts[n - 1].x : NAN;
	rc = psr_trend_mann_kendall(p, m, isfinite(out->ts_slope) ?
					      out->ts_slope : 0, &out->mk);
	free(p);
	free(scratch);
	if (rc)
		return rc;
	double pct_h = NAN;
	if (smp->median > 0) {
		out->grown_pct = out->grown / smp->median * 100;
		pct_h = out->ts_slope * 3600 / smp->median * 100;
	}
	if (isfinite(out->ts_slope) && out->seconds >= PSR_LEAK_HOURLY_SECONDS) {
		out->growth_per_h = out->ts_slope * 3600;
		out->growth_pct_h = pct_h;
	}
	if (smp->n < o->min_samples) {
		out->gate = PSR_GATE_SHORT;
		return 0;
	}
	if (out->ts_slope > 0 && out->ts_slope_second > 0 && out->mk.s > 0 &&
	    out->mk.p < o->p)
		out->rules |= PSR_RULE_TREND;
	if (out->ls_second.ok && out->ls_second.slope > 0)
		out->rules |= PSR_RULE_SECOND_HALF;
	if (monotonic(smp))
		out->rules |= PSR_RULE_MONOTONIC;
	out->gate = gate(out, smp, o, pct_h);
	if (out->gate != PSR_GATE_PASSED)
		return 0;
	if (out->rules & PSR_RULE_TREND)
		out->verdict = PSR_VERDICT_LEAK;
	else if ((out->rules & (PSR_RULE_SECOND_HALF | PSR_RULE_MONOTONIC)) &&
		 out->mk.s > 0 && out->mk.p < o->possible_p)
		out->verdict = PSR_VERDICT_POSSIBLE;
	return 0;
}

const char *psr_verdict_name(enum psr_verdict v)
{
	switch (v) {
	case PSR_VERDICT_LEAK:
		return "leak";
	case PSR_VERDICT_POSSIBLE:
		return "possible";
	default:
		return "none";
	}
}

void psr_leak_rules_text(unsigned rules, char *buf, size_t len)
{
	static const char *names[] = {"trend", "second-half", "monotonic"};
	size_t k = 0;

	if (len)
		buf[0] = 0;
	for (unsigned i = 0; i < 3; i++)
		if (rules >> i & 1 && k < len)
			k += (size_t)snprintf(buf + k, len - k, "%s%s",
					      k ? "," : "", names[i]);
}

const char *psr_leak_gate_name(enum psr_leak_gate g)
{
	static const char *n[] = {"", "too short", "small", "swings",
				  "stopped"};
	return g <= PSR_GATE_STOPPED ? n[g] : "?";
}
