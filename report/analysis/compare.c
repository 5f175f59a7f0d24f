/* compare.c - a baseline against a new recording (psr/compare.h has the
 * method). Everything here reads two finished analysis results. */
#include <psr/compare.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

uint64_t psr_compare_gate_default(void)
{
	static const char *const budget[] = {
		"cpu_percent", "cpu_user_percent", "cpu_system_percent",
		"rss_bytes", "uss_bytes", "pss_bytes", "read_bytes_per_s",
		"write_bytes_per_s", "fds"};
	uint64_t g = 0;

	for (size_t i = 0; i < sizeof budget / sizeof budget[0]; i++) {
		int k = psr_series_find(budget[i]);
		if (k >= 0 && k < 64)
			g |= (uint64_t)1 << k;
	}
	return g;
}

void psr_compare_defaults(struct psr_compare_opts *o)
{
	*o = (struct psr_compare_opts){
		.match = PSR_MATCH_CMD,
		.threshold_pct = 5,
		.alpha = 0.05,
		.leak_growth_pct = 1,
		.gate = psr_compare_gate_default(),
	};
}

const char *psr_compare_verdict_name(enum psr_cmp_verdict v)
{
	static const char *n[] = {"n/a", "same", "better", "worse",
				  "inconclusive"};
	return v <= PSR_CMP_INCONCLUSIVE ? n[v] : "?";
}

const char *psr_compare_match_name(enum psr_match m)
{
	static const char *n[] = {"cmd", "name", "exe"};
	return m <= PSR_MATCH_EXE ? n[m] : "?";
}

const char *psr_compare_leak_change_name(enum psr_leak_change c)
{
	static const char *n[] = {"", "leak appeared", "leak gone"};
	return c <= PSR_LEAK_GONE ? n[c] : "?";
}

double psr_compare_floor(const struct psr_series_def *d)
{
	switch (d->unit) {
	case PSR_SU_PERCENT: return 1; /* a clock tick per sample at 1 Hz */
	case PSR_SU_BYTES: return 256 * 1024;
	case PSR_SU_BYTES_PER_S: return 1024;
	case PSR_SU_PER_S: return 1;
	case PSR_SU_COUNT: return 0.5;
	default: return 0;
	}
}

char *psr_compare_key(const struct psr_proc_result *p, enum psr_match m)
{
	size_t len = p->cmdline_len;
	char *k;

	while (len && p->cmdline[len - 1] == '\0') /* trailing separators */
		len--;
	if (m == PSR_MATCH_NAME || !len) {
		size_t n = strlen(p->comm) + 3;
		if (!(k = malloc(n)))
			return NULL;
		snprintf(k, n, m == PSR_MATCH_NAME ? "%s" : "[%s]", p->comm);
		return k;
	}
	if (m == PSR_MATCH_EXE)
		len = strnlen(p->cmdline, len);
	if (!(k = malloc(len + 1)))
		return NULL;
	for (size_t i = 0; i < len; i++)
		k[i] = p->cmdline[i] ? p->cmdline[i] : ' ';
	k[len] = '\0';
	return k;
}

/* ---- tests on arrays ----------------------------------------------- */

struct ranked {
	double v;
	bool y;
};

static int cmp_ranked(const void *a, const void *b)
{
	double x = ((const struct ranked *)a)->v, y = ((const struct ranked *)b)->v;
	return (x > y) - (x < y);
}

double psr_compare_mann_whitney(const double *x, size_t nx, const double *y,
				size_t ny, double inflation, double *p)
{
	size_t n = nx + ny;
	struct ranked *r;
	double ry = 0, ties = 0, u, mu, var;

	*p = NAN;
	if (!nx || !ny || !(r = malloc(n * sizeof *r)))
		return NAN;
	for (size_t i = 0; i < nx; i++)
		r[i] = (struct ranked){x[i], false};
	for (size_t i = 0; i < ny; i++)
		r[nx + i] = (struct ranked){y[i], true};
	qsort(r, n, sizeof *r, cmp_ranked);
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && r[j].v == r[i].v; j++)
			;
		double t = (double)(j - i), rank = (double)(i + j + 1) / 2;
		ties += t * t * t - t;
		for (size_t k = i; k < j; k++)
			if (r[k].y)
				ry += rank;
	}
	free(r);
	u = ry - (double)ny * (double)(ny + 1) / 2;
	mu = (double)nx * (double)ny / 2;
	var = (double)nx * (double)ny / 12 *
	      ((double)(n + 1) - ties / ((double)n * (double)(n - 1))) *
	      (inflation > 1 ? inflation : 1);
	if (n > 1 && var > 0) {
		double z = (fabs(u - mu) - 0.5) / sqrt(var);
		*p = erfc((z > 0 ? z : 0) / sqrt(2));
	}
	return u;
}

double psr_compare_welch(const double *x, size_t nx, double ix,
			 const double *y, size_t ny, double iy, double *p,
			 double *half)
{
	double mx = 0, my = 0, vx = 0, vy = 0, se2, nu, t, z;
	const double q = 1.959963985; /* the normal 97.5% quantile */

	*p = *half = NAN;
	if (nx < 2 || ny < 2)
		return NAN;
	for (size_t i = 0; i < nx; i++)
		mx += x[i];
	for (size_t i = 0; i < ny; i++)
		my += y[i];
	mx /= (double)nx;
	my /= (double)ny;
	for (size_t i = 0; i < nx; i++)
		vx += (x[i] - mx) * (x[i] - mx);
	for (size_t i = 0; i < ny; i++)
		vy += (y[i] - my) * (y[i] - my);
	vx = vx / (double)(nx - 1) * (ix > 1 ? ix : 1) / (double)nx;
	vy = vy / (double)(ny - 1) * (iy > 1 ? iy : 1) / (double)ny;
	se2 = vx + vy;
	if (!(se2 > 0)) { /* constants: certain either way */
		*p = my != mx ? 0 : 1;
		*half = 0;
		return my - mx;
	}
	/* correlated blocks count as fewer: the degrees of freedom too */
	nu = se2 * se2 / (vx * vx / (double)(nx - 1) +
			  vy * vy / (double)(ny - 1)) /
	     fmax(1, fmax(ix, iy));
	nu = nu < 1 ? 1 : nu;
	t = (my - mx) / sqrt(se2);
	/* Student t to normal (Abramowitz & Stegun 26.7.8 style) */
	z = fabs(t) * (1 - 1 / (4 * nu)) / sqrt(1 + t * t / (2 * nu));
	*p = erfc(z / sqrt(2));
	/* t quantile by its Cornish-Fisher expansion in 1/nu */
	*half = sqrt(se2) * (q + (q * q * q + q) / (4 * nu) +
			     (5 * pow(q, 5) + 16 * q * q * q + 3 * q) /
				     (96 * nu * nu));
	return my - mx;
}

/* Lag-1 autocorrelation of v[0..n) (no NaN); 0 when undefined. */
static double lag1(const double *v, size_t n)
{
	double mean = 0, c0 = 0, c1 = 0;

	if (n < 3)
		return 0;
	for (size_t i = 0; i < n; i++)
		mean += v[i];
	mean /= (double)n;
	for (size_t i = 0; i < n; i++) {
		c0 += (v[i] - mean) * (v[i] - mean);
		if (i + 1 < n)
			c1 += (v[i] - mean) * (v[i + 1] - mean);
	}
	return c0 > 0 ? c1 / c0 : 0;
}

/* Means of consecutive blocks of l (or l + 1: the remainder is spread)
 * of x[0..m) weighted by w into out; returns their count. */
static size_t block_means(const double *x, const double *w, size_t m,
			  size_t l, double *out)
{
	size_t nb = m / l;

	for (size_t b = 0; b < nb; b++) {
		size_t lo = b * m / nb, hi = (b + 1) * m / nb;
		double s = 0, sw = 0;
		for (size_t i = lo; i < hi; i++) {
			s += x[i] * w[i];
			sw += w[i];
		}
		out[b] = s / sw;
	}
	return nb;
}

/* Blocks long enough that their means are about independent: start at
 * twice the AR(1) integrated autocorrelation time (1 + r) / (1 - r) of
 * the values (r bias-corrected for short series), then double while the
 * block means themselves still correlate (lag 1 > 0.1); at most m / 8
 * per block, so that a test keeps at least 8 blocks. */
size_t psr_compare_blocks(const double *v, const double *w, size_t n,
			  double *out, double *len)
{
	double *x = malloc((n ? n : 1) * sizeof *x);
	double *xw = malloc((n ? n : 1) * sizeof *xw);
	size_t m = 0, nb, l, cap;
	double r, l0;

	*len = NAN;
	if (!x || !xw) {
		free(x);
		free(xw);
		return 0;
	}
	for (size_t i = 0; i < n; i++)
		if (isfinite(v[i])) {
			x[m] = v[i];
			xw[m++] = w && isfinite(w[i]) && w[i] > 0 ? w[i] : 1;
		}
	cap = m / 8 ? m / 8 : 1;
	r = lag1(x, m);
	if (m)
		r += (1 + 4 * r) / (double)m; /* Marriott-Pope bias */
	r = r < 0 ? 0 : r > 0.99 ? 0.99 : r;
	l0 = r > 0 ? ceil(2 * (1 + r) / (1 - r) - 1e-9) - 1 : 1;
	l = l0 >= (double)cap ? cap : l0 < 1 ? 1 : (size_t)l0;
	nb = block_means(x, xw, m, l, out);
	while (l * 2 <= cap && lag1(out, nb) > 0.1) {
		l *= 2;
		nb = block_means(x, xw, m, l, out);
	}
	free(x);
	free(xw);
	*len = m ? (double)l : NAN;
	return nb;
}

double psr_compare_left_corr(const double *x, size_t nx, const double *y,
			     size_t ny)
{
	const double *v[2] = {x, y};
	size_t n[2] = {nx, ny};
	double c0 = 0, c1 = 0, r;

	for (int k = 0; k < 2; k++) {
		double mean = 0;
		for (size_t i = 0; i < n[k]; i++)
			mean += v[k][i];
		mean /= n[k] ? (double)n[k] : 1;
		for (size_t i = 0; i < n[k]; i++) {
			c0 += (v[k][i] - mean) * (v[k][i] - mean);
			if (i + 1 < n[k])
				c1 += (v[k][i] - mean) * (v[k][i + 1] - mean);
		}
	}
	if (!(c0 > 0) || nx + ny < 4)
		return 0;
	r = c1 / c0;
	r += (1 + 4 * r) / (double)(nx + ny); /* Marriott-Pope bias */
	return r < 0 ? 0 : r > 0.95 ? 0.95 : r;
}

/* Least-squares slope of v over t (per second) and its standard error,
 * inflated by (1 + r) / (1 - r) for the lag-1 autocorrelation r of the
 * residuals. False with fewer than three points. */
static bool slope_se(const double *t, const double *v, size_t n,
		     double *slope, double *se)
{
	double *res = malloc((n ? n : 1) * sizeof *res);
	double mt = 0, mv = 0, sxx = 0, sxy = 0, ssr = 0, r;
	size_t m = 0;
	bool ok = false;

	if (!res)
		return false;
	for (size_t i = 0; i < n; i++)
		if (isfinite(t[i]) && isfinite(v[i])) {
			mt += t[i];
			mv += v[i];
			m++;
		}
	if (m < 3)
		goto out;
	mt /= (double)m;
	mv /= (double)m;
	for (size_t i = 0; i < n; i++)
		if (isfinite(t[i]) && isfinite(v[i])) {
			sxx += (t[i] - mt) * (t[i] - mt);
			sxy += (t[i] - mt) * (v[i] - mv);
		}
	if (!(sxx > 0))
		goto out;
	*slope = sxy / sxx;
	m = 0;
	for (size_t i = 0; i < n; i++)
		if (isfinite(t[i]) && isfinite(v[i])) {
			res[m] = v[i] - mv - *slope * (t[i] - mt);
			ssr += res[m] * res[m];
			m++;
		}
	r = lag1(res, m);
	r += (1 + 4 * r) / (double)m; /* Marriott-Pope bias */
	r = r < 0 ? 0 : r > 0.99 ? 0.99 : r;
	*se = sqrt(ssr / (double)(m - 2) / sxx * (1 + r) / (1 - r));
	ok = true;
out:
	free(res);
	return ok;
}

/* ---- one metric ---------------------------------------------------- */

struct pool {
	double *blocks;
	size_t nblocks;
	double slope_var;
	size_t nslopes, nlen;
	double len_sum, growth_sum;
	size_t ngrowth;
};

static int side(const struct psr_proc_result *const *procs, size_t n,
		unsigned idx, struct psr_compare_side *out, struct pool *pl)
{
	size_t cap = 0;

	memset(out, 0, sizeof *out);
	memset(pl, 0, sizeof *pl);
	out->mean = out->p95 = out->max = NAN;
	out->growth_per_h = out->slope_per_h = out->slope_se_per_h = NAN;
	out->block_buckets = NAN;
	for (size_t i = 0; i < n; i++)
		cap += procs[i]->nbuckets;
	if (!(pl->blocks = malloc((cap ? cap : 1) * sizeof *pl->blocks)))
		return -ENOMEM;
	double wmean = 0, wp95 = 0, slope = 0;
	for (size_t i = 0; i < n; i++) {
		const struct psr_proc_result *p = procs[i];
		const struct psr_series_result *s = psr_result_series(p, idx);
		double len, sl, se;
		if (!s || !s->n)
			continue;
		wmean += s->mean * (double)s->n;
		wp95 += s->p95 * (double)s->n;
		out->n += s->n;
		out->max = out->n == s->n ? s->max : fmax(out->max, s->max);
		if (s->leak) {
			out->has_leak = true;
			if (s->leak->verdict > out->leak)
				out->leak = s->leak->verdict;
			/* the slope per hour the two sides compare (the
			 * verdict's growth_per_h is NaN for short runs) */
			if (isfinite(s->leak->ts_slope)) {
				pl->growth_sum += s->leak->ts_slope * 3600;
				pl->ngrowth++;
			}
		}
		if (!s->b_mean || !p->b_t) /* no buckets: figures only */
			continue;
		pl->nblocks += psr_compare_blocks(s->b_mean, p->b_w,
			p->nbuckets, pl->blocks + pl->nblocks, &len);
		if (isfinite(len)) {
			pl->len_sum += len;
			pl->nlen++;
		}
		if (slope_se(p->b_t, s->b_mean, p->nbuckets, &sl, &se)) {
			slope += sl;
			pl->slope_var += se * se;
			pl->nslopes++;
		}
	}
	if (!out->n)
		return 0;
	out->mean = wmean / (double)out->n;
	out->p95 = wp95 / (double)out->n;
	out->blocks = pl->nblocks;
	if (pl->nlen)
		out->block_buckets = pl->len_sum / (double)pl->nlen;
	if (pl->ngrowth)
		out->growth_per_h = pl->growth_sum / (double)pl->ngrowth;
	if (pl->nslopes) {
		double k = (double)pl->nslopes;
		out->slope_per_h = slope / k * 3600;
		out->slope_se_per_h = sqrt(pl->slope_var) / k * 3600;
	}
	return 0;
}

static double relative(double diff, double base)
{
	if (diff == 0)
		return 0;
	if (base == 0)
		return diff > 0 ? INFINITY : -INFINITY;
	return diff / fabs(base);
}

static enum psr_cmp_verdict decide(double diff, bool practical, double p,
				   double alpha)
{
	if (!practical || !(p < alpha))
		return PSR_CMP_SAME;
	return diff > 0 ? PSR_CMP_WORSE : PSR_CMP_BETTER;
}

/* The normal quantile of 1 - a/2 (a in (0, 1)), Abramowitz & Stegun
 * 26.2.23 (error under 4.5e-4): enough for a power statement. */
static double z_two_sided(double a)
{
	double q = a / 2, t = sqrt(-2 * log(q));
	return t - (2.515517 + 0.802853 * t + 0.010328 * t * t) /
		       (1 + 1.432788 * t + 0.189269 * t * t +
			0.001308 * t * t * t);
}

/* The smallest difference the test could have detected with 80% power:
 * (z(1 - alpha/2) + z(0.8)) standard errors, the standard error taken
 * from the 95% half-width Welch gave (half / 1.96, close enough for the
 * t quantile at these block counts). */
static double detectable(double half, double alpha)
{
	if (!isfinite(half))
		return NAN;
	return (z_two_sided(alpha) + 0.841621) * half / 1.959964;
}

static void growth(struct psr_compare_metric *m,
		   const struct psr_compare_opts *o)
{
	const struct psr_compare_side *b = &m->base, *c = &m->cur;
	double se2, least;

	m->growth_diff = m->growth_rel = m->growth_p = NAN;
	m->growth_verdict = PSR_CMP_NA;
	if (!b->has_leak || !c->has_leak || !b->n || !c->n)
		return;
	m->growth_diff = c->growth_per_h - b->growth_per_h;
	m->growth_rel = relative(m->growth_diff, b->growth_per_h);
	se2 = b->slope_se_per_h * b->slope_se_per_h +
	      c->slope_se_per_h * c->slope_se_per_h;
	double d = c->slope_per_h - b->slope_per_h;
	if (se2 > 0)
		m->growth_p = erfc(fabs(d) / sqrt(se2) / sqrt(2));
	else if (isfinite(d)) /* exact lines on both sides */
		m->growth_p = d != 0 ? 0 : 1;
	least = fmax(o->leak_growth_pct / 100 * fabs(b->mean),
		     psr_compare_floor(m->def));
	bool practical = fabs(m->growth_diff) >= least &&
			 fabs(m->growth_rel) * 100 >= o->threshold_pct;
	m->growth_verdict = decide(m->growth_diff, practical, m->growth_p,
				   o->alpha);
	if (b->leak != PSR_VERDICT_LEAK && c->leak == PSR_VERDICT_LEAK) {
		m->leak_change = PSR_LEAK_APPEARED;
		m->growth_verdict = PSR_CMP_WORSE;
	} else if (b->leak == PSR_VERDICT_LEAK && c->leak != PSR_VERDICT_LEAK) {
		m->leak_change = PSR_LEAK_GONE;
		m->growth_verdict = PSR_CMP_BETTER;
	}
}

static int metric(struct psr_compare_proc *cp, unsigned idx,
		  const struct psr_series_def *def,
		  const struct psr_compare_opts *o, struct psr_compare_metric *m)
{
	struct pool pb, pc;
	int rc;

	memset(m, 0, sizeof *m);
	m->series = idx;
	m->def = def;
	rc = side(cp->base, cp->nbase, idx, &m->base, &pb);
	if (!rc)
		rc = side(cp->cur, cp->ncur, idx, &m->cur, &pc);
	else
		pc.blocks = NULL;
	if (rc)
		goto out;
	m->diff = m->cur.mean - m->base.mean;
	m->rel = relative(m->diff, m->base.mean);
	m->diff_p95 = m->cur.p95 - m->base.p95;
	m->diff_max = m->cur.max - m->base.max;
	m->cliff_delta = m->p = m->ci_lo = m->ci_hi = NAN;
	m->mw_p = NAN;
	if (pb.nblocks && pc.nblocks) {
		/* the correlation left between block means, both sides */
		double rho = psr_compare_left_corr(pb.blocks, pb.nblocks,
						   pc.blocks, pc.nblocks), half;
		double infl = (1 + rho) / (1 - rho);
		double u = psr_compare_mann_whitney(pb.blocks, pb.nblocks,
			pc.blocks, pc.nblocks, infl, &m->mw_p);
		m->cliff_delta = 2 * u / ((double)pb.nblocks *
					  (double)pc.nblocks) - 1;
		psr_compare_welch(pb.blocks, pb.nblocks, infl, pc.blocks,
				  pc.nblocks, infl, &m->p, &half);
		m->ci_lo = m->diff - half;
		m->ci_hi = m->diff + half;
	}
	m->least = fmax(psr_compare_floor(def),
			o->threshold_pct / 100 * fabs(m->base.mean));
	m->detectable = detectable(m->ci_hi - m->diff, o->alpha);
	m->gated = psr_compare_gated(o->gate, idx);
	if (!m->base.n || !m->cur.n) {
		m->verdict = PSR_CMP_NA;
	} else {
		bool practical = fabs(m->diff) >= psr_compare_floor(def) &&
				 fabs(m->rel) * 100 >= o->threshold_pct;
		m->verdict = decide(m->diff, practical, m->p, o->alpha);
		/* "same" is a claim: only where a practical difference would
		 * have shown */
		bool thin = m->base.blocks < PSR_COMPARE_MIN_BLOCKS ||
			    m->cur.blocks < PSR_COMPARE_MIN_BLOCKS ||
			    !(m->detectable <= m->least);
		if (m->verdict == PSR_CMP_SAME && thin)
			m->verdict = PSR_CMP_INCONCLUSIVE;
	}
	growth(m, o);
out:
	free(pb.blocks);
	free(pc.blocks);
	return rc;
}

static int proc_metrics(struct psr_compare_proc *cp,
			const struct psr_compare_opts *o)
{
	unsigned count;
	const struct psr_series_def *tab = psr_series_table(&count);
	size_t gated = 0;

	cp->metrics = calloc(count, sizeof *cp->metrics);
	if (!cp->metrics)
		return -ENOMEM;
	for (unsigned i = 0; i < count; i++) {
		bool any = false;
		if (!(tab[i].flags & PSR_SF_STATS))
			continue;
		for (size_t k = 0; k < cp->nbase + cp->ncur && !any; k++) {
			const struct psr_proc_result *p =
				k < cp->nbase ? cp->base[k]
					      : cp->cur[k - cp->nbase];
			const struct psr_series_result *s =
				psr_result_series(p, i);
			any = s && s->n;
		}
		if (!any)
			continue;
		struct psr_compare_metric *m = &cp->metrics[cp->nmetrics++];
		if (metric(cp, i, &tab[i], o, m))
			return -ENOMEM;
		if (!m->gated)
			continue; /* reported, not gated */
		enum psr_cmp_verdict v[2] = {m->verdict, m->growth_verdict};
		for (int k = 0; k < 2; k++) {
			cp->worse += v[k] == PSR_CMP_WORSE;
			cp->better += v[k] == PSR_CMP_BETTER;
		}
		cp->inconclusive += m->verdict == PSR_CMP_INCONCLUSIVE;
		gated++;
	}
	cp->worst = cp->worse ? PSR_CMP_WORSE
		    : cp->better ? PSR_CMP_BETTER
		    : cp->inconclusive ? PSR_CMP_INCONCLUSIVE
		    : gated ? PSR_CMP_SAME : PSR_CMP_NA;
	return 0;
}

/* ---- matching ------------------------------------------------------ */

struct entry {
	const struct psr_proc_result *p;
	const struct psr_proc_result *root; /* a tree's root process */
	char *key;
	bool base, used;
};

/* The key of an entry: a tree is keyed by its root process, prefixed. */
static char *entry_key(const struct entry *e, enum psr_match m)
{
	const struct psr_proc_result *p = e->p->tree && e->root ? e->root
								: e->p;
	char *k = psr_compare_key(p, m), *t;

	if (!k || !e->p->tree)
		return k;
	t = malloc(strlen(k) + 7);
	if (t)
		snprintf(t, strlen(k) + 7, "tree: %s", k);
	free(k);
	return t;
}

static const struct psr_proc_result *root_of(const struct psr_run_result *r,
					     const struct psr_proc_result *t)
{
	for (size_t i = 0; i < r->nprocs; i++)
		if (r->procs[i].pid == t->pid &&
		    r->procs[i].start_ticks == t->start_ticks)
			return &r->procs[i];
	return NULL;
}

static int add_entry(struct entry **e, size_t *n, bool base,
		     const struct psr_run_result *run,
		     const struct psr_proc_result *p, enum psr_match m)
{
	struct entry *x = realloc(*e, (*n + 1) * sizeof *x);

	if (!x)
		return -ENOMEM;
	*e = x;
	x[*n] = (struct entry){p, p->tree ? root_of(run, p) : NULL, NULL,
			       base, false};
	if (!(x[*n].key = entry_key(&x[*n], m)))
		return -ENOMEM;
	(*n)++;
	return 0;
}

/* Processes, then process trees (matched among themselves: their keys
 * start with "tree: "). */
static int add_entries(const struct psr_result *r, bool base,
		       enum psr_match m, struct entry **e, size_t *n)
{
	for (size_t i = 0; i < r->nruns; i++) {
		const struct psr_run_result *run = &r->runs[i];
		for (size_t j = 0; j < run->nprocs; j++)
			if (add_entry(e, n, base, run, &run->procs[j], m))
				return -ENOMEM;
	}
	for (size_t i = 0; i < r->nruns; i++) {
		const struct psr_run_result *run = &r->runs[i];
		for (size_t j = 0; j < run->ntrees; j++)
			if (add_entry(e, n, base, run, &run->trees[j], m))
				return -ENOMEM;
	}
	return 0;
}

static int push(const struct psr_proc_result ***list, size_t *n,
		const struct psr_proc_result *p)
{
	const struct psr_proc_result **l = realloc(*list, (*n + 1) * sizeof *l);

	if (!l)
		return -ENOMEM;
	*list = l;
	l[(*n)++] = p;
	return 0;
}

/* Groups of entries with equal keys present on both sides; the new side
 * leads the order. */
static int match_pass(struct psr_compare *c, struct entry *e, size_t n,
		      bool by_name)
{
	for (size_t i = 0; i < n; i++) {
		bool found = false;
		if (e[i].base || e[i].used)
			continue;
		for (size_t j = 0; j < n && !found; j++)
			found = e[j].base && !e[j].used &&
				strcmp(e[j].key, e[i].key) == 0;
		if (!found)
			continue;
		struct psr_compare_proc *cp = realloc(c->procs,
			(c->nprocs + 1) * sizeof *cp);
		if (!cp)
			return -ENOMEM;
		c->procs = cp;
		cp = &c->procs[c->nprocs++];
		memset(cp, 0, sizeof *cp);
		cp->by_name = by_name;
		cp->name = e[i].p->comm;
		if (!(cp->key = strdup(e[i].key)))
			return -ENOMEM;
		for (size_t j = 0; j < n; j++) {
			if (e[j].used || strcmp(e[j].key, e[i].key) != 0 ||
			    j == i)
				continue;
			e[j].used = true;
			if (e[j].base ? push(&cp->base, &cp->nbase, e[j].p)
				      : push(&cp->cur, &cp->ncur, e[j].p))
				return -ENOMEM;
		}
		/* the leader goes first on its side */
		if (push(&cp->cur, &cp->ncur, e[i].p))
			return -ENOMEM;
		memmove(cp->cur + 1, cp->cur, (cp->ncur - 1) * sizeof *cp->cur);
		cp->cur[0] = e[i].p;
		e[i].used = true;
	}
	return 0;
}

static int rekey(struct entry *e, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (e[i].used)
			continue;
		free(e[i].key);
		if (!(e[i].key = entry_key(&e[i], PSR_MATCH_NAME)))
			return -ENOMEM;
	}
	return 0;
}

static int unmatched(struct psr_compare *c, struct entry *e, size_t n,
		     enum psr_match m)
{
	for (size_t i = 0; i < n; i++) {
		if (e[i].used)
			continue;
		struct psr_compare_unmatched *u = realloc(c->unmatched,
			(c->nunmatched + 1) * sizeof *u);
		if (!u)
			return -ENOMEM;
		c->unmatched = u;
		u = &u[c->nunmatched++];
		u->proc = e[i].p;
		u->baseline = e[i].base;
		if (!(u->key = entry_key(&e[i], m)))
			return -ENOMEM;
	}
	return 0;
}

int psr_compare_new(const struct psr_result *base,
		    const struct psr_result *cur,
		    const struct psr_compare_opts *o, struct psr_compare **out)
{
	struct psr_compare *c = calloc(1, sizeof *c);
	struct entry *e = NULL;
	size_t n = 0;
	int rc = -ENOMEM;

	*out = NULL;
	if (!c)
		return -ENOMEM;
	c->opts = *o;
	c->base = base;
	c->cur = cur;
	if ((rc = add_entries(cur, false, o->match, &e, &n)) ||
	    (rc = add_entries(base, true, o->match, &e, &n)) ||
	    (rc = match_pass(c, e, n, false)))
		goto fail;
	if (o->match != PSR_MATCH_NAME &&
	    ((rc = rekey(e, n)) || (rc = match_pass(c, e, n, true))))
		goto fail;
	if ((rc = unmatched(c, e, n, o->match)))
		goto fail;
	for (size_t i = 0; i < c->nprocs; i++) {
		if ((rc = proc_metrics(&c->procs[i], o)))
			goto fail;
		c->worse += c->procs[i].worse;
		c->better += c->procs[i].better;
	}
	for (size_t i = 0; i < n; i++)
		free(e[i].key);
	free(e);
	*out = c;
	return 0;
fail:
	for (size_t i = 0; i < n; i++)
		free(e[i].key);
	free(e);
	psr_compare_free(c);
	return rc;
}

/* ---- --runs -------------------------------------------------------- */

struct psr_compare_cell psr_compare_run_cell(const struct psr_run_result *r,
					     const char *k, enum psr_match m,
					     unsigned idx)
{
	struct psr_compare_cell c = {0, NAN, NAN, NAN, NAN};
	double wm = 0, wp = 0, g = 0;
	size_t ng = 0;

	for (size_t i = 0; i < r->nprocs; i++) {
		char *key = psr_compare_key(&r->procs[i], m);
		bool same = key && strcmp(key, k) == 0;
		free(key);
		const struct psr_series_result *s =
			same ? psr_result_series(&r->procs[i], idx) : NULL;
		if (!s || !s->n)
			continue;
		wm += s->mean * (double)s->n;
		wp += s->p95 * (double)s->n;
		c.max = c.n ? fmax(c.max, s->max) : s->max;
		c.n += s->n;
		if (s->leak && isfinite(s->leak->growth_per_h)) {
			g += s->leak->growth_per_h;
			ng++;
		}
	}
	if (c.n) {
		c.mean = wm / (double)c.n;
		c.p95 = wp / (double)c.n;
	}
	if (ng)
		c.growth_per_h = g / (double)ng;
	return c;
}

char **psr_compare_keys(const struct psr_result *r, enum psr_match m, size_t *nk)
{
	char **k = NULL;

	*nk = 0;
	for (size_t i = 0; i < r->nruns; i++)
		for (size_t j = 0; j < r->runs[i].nprocs; j++) {
			char *key = psr_compare_key(&r->runs[i].procs[j], m);
			bool seen = false;
			if (!key)
				goto nomem;
			for (size_t x = 0; x < *nk && !seen; x++)
				seen = strcmp(k[x], key) == 0;
			if (seen) {
				free(key);
				continue;
			}
			char **nkv = realloc(k, (*nk + 1) * sizeof *k);
			if (!nkv) {
				free(key);
				goto nomem;
			}
			k = nkv;
			k[(*nk)++] = key;
		}
	if (!k)
		k = calloc(1, sizeof *k);
	return k;
nomem:
	for (size_t x = 0; x < *nk; x++)
		free(k[x]);
	free(k);
	return NULL;
}

void psr_compare_keys_free(char **k, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(k[i]);
	free(k);
}

void psr_compare_free(struct psr_compare *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->nprocs; i++) {
		free(c->procs[i].key);
		free(c->procs[i].base);
		free(c->procs[i].cur);
		free(c->procs[i].metrics);
	}
	for (size_t i = 0; i < c->nunmatched; i++)
		free(c->unmatched[i].key);
	free(c->procs);
	free(c->unmatched);
	free(c);
}
